//! The staff portal's plain HTTP parts, beside its Leptos pages: the guard
//! that refuses a page the role may not open (not only hides it from the
//! menu), and the audit log's CSV export.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use reachguard_app::staff::page_action;
use reachguard_core::staff::StaffSession;
use reachguard_domain::StaffAction;
use serde::Deserialize;

use crate::web::AppState;

/// Staff pages need a signed-in member of staff whose role may open them:
/// anyone signed out is sent to sign in, and a role that may not open the
/// page gets 403 before it renders. (Every server function checks again.)
pub async fn guard_staff_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let Some(action) = page_action(path) else {
        return next.run(request).await;
    };
    let member = request
        .extensions()
        .get::<StaffSession>()
        .and_then(|session| session.user.clone());
    match member {
        None => {
            let next_path = request
                .uri()
                .path_and_query()
                .map_or("/staff", |p| p.as_str());
            let target = format!(
                "/staff/signin?next={}",
                reachguard_app::url::encode(next_path)
            );
            Redirect::to(&target).into_response()
        }
        Some(member) if !member.may(action) => {
            // The action, not the path: a path may hold a customer's number.
            tracing::warn!(staff = %member.username, ?action, "refused a staff page the role may not open");
            (
                StatusCode::FORBIDDEN,
                "Your role may not open this page. / 您的角色不能打开此页面。",
            )
                .into_response()
        }
        Some(_) => next.run(request).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    actor: String,
    action: String,
    subject: String,
    from: String,
    until: String,
}

/// At most this many rows in one export: a wider one needs narrower dates.
const EXPORT_LIMIT: i64 = 100_000;

/// `GET /staff/audit.csv?actor=&action=&subject=&from=&until=`: the entries
/// the filters select, oldest first, with their hashes, for an auditor to
/// keep or check elsewhere.
pub async fn export_audit(
    State(state): State<AppState>,
    session: StaffSession,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(member) = session.user else {
        return Redirect::to("/staff/signin?next=/staff/audit").into_response();
    };
    if !member.may(StaffAction::ViewAudit) {
        return (
            StatusCode::FORBIDDEN,
            "Your role may not read the audit log.",
        )
            .into_response();
    }
    let Query(query) = query.unwrap_or_default();
    let db = &state.services.db;
    let zone = match state.services.policy.current(db).await {
        Ok(policy) => policy.pack.default_time_zone(),
        Err(error) => return unavailable(error),
    };
    let filter = reachguard_core::audit::filter_from_form(
        &query.actor,
        &query.action,
        &query.subject,
        &query.from,
        &query.until,
        zone,
    );
    let mut entries = match db.audit_entries(&filter, None, EXPORT_LIMIT).await {
        Ok(entries) => entries,
        Err(error) => return unavailable(error),
    };
    entries.reverse();
    let mut csv = String::from("seq,at_utc,actor,action,subject,details,prev_hash,hash\r\n");
    for e in entries {
        let at = chrono::DateTime::from_timestamp(e.at, 0)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let cells = [
            e.seq.to_string(),
            at,
            e.actor,
            e.action,
            e.subject,
            e.details,
            e.prev_hash,
            e.hash,
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        csv.push_str(&row.join(","));
        csv.push_str("\r\n");
    }
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"reachguard-audit.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A CSV cell: quoted when it must be, and never read as a formula by a
/// spreadsheet (a leading `=`, `+`, `-` or `@` gets a `'`).
pub(crate) fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "cannot export the audit log");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The audit log cannot be read right now; please try again shortly.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_csv_cell_is_quoted_and_never_a_formula() {
        assert_eq!(csv_cell("staff:wang"), "staff:wang");
        assert_eq!(csv_cell(r#"{"a":1,"b":2}"#), r#""{""a"":1,""b"":2}""#);
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("-1"), "'-1");
    }
}
