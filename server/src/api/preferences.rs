//! A customer's preference document, with optimistic concurrency: the
//! version is the ETag, and a write needs `If-Match` with it.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use reachguard_core::preferences::PreferencesError;
use reachguard_domain::{Actor, FieldError, Preferences, PreferencesWrite};
use reachguard_storage::{ChangeBy, CustomerRecord, Source};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::customer_in_path;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// The preference document as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PreferenceDocument)]
pub struct Document {
    customer_id: String,
    /// Also the ETag: send it back in If-Match to write.
    version: i64,
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Extra care in force or to come (read-only: set it with
    /// `PUT /customers/{customer_id}/protection`); null when none.
    protection: Option<reachguard_domain::Protection>,
    #[serde(flatten)]
    preferences: Preferences,
}

/// The document as the API answers it: with every purpose of the policy in
/// force, so that a marketing topic added after the document was written
/// appears with the pack's default.
fn document(record: &CustomerRecord, policy: &reachguard_domain::Policy) -> Response {
    let mut preferences = record.preferences.clone();
    preferences.fill_defaults(policy);
    let body = Document {
        customer_id: record.customer_id.clone(),
        version: record.version,
        updated_at: DateTime::from_timestamp(record.updated_at, 0),
        protection: record.protection.filter(|p| p.until > chrono::Utc::now()),
        preferences,
    };
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(record.version));
    response
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header")
}

/// A customer's preference document; its version is the ETag.
#[utoipa::path(get, path = "/customers/{customer_id}/preferences", operation_id = "get_preferences", tag = "preferences",
    params(("customer_id" = String, Path, description = "1 to 64 of A-Z a-z 0-9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$")),
    responses((status = 200, body = Document, headers(("ETag" = String))), (status = 404, body = Problem)),
    security(("api_key" = ["preferences.read"])))]
pub async fn get(
    State(state): State<AppState>,
    _: Authorized<needs::PreferencesRead>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Problem> {
    let id = customer_in_path(path)?;
    let record = state
        .services
        .db
        .customer(id.as_str())
        .await?
        .ok_or_else(|| Problem::not_found(format!("no customer has the number `{id}`")))?;
    let policy = state.services.policy.current(&state.services.db).await?;
    Ok(document(&record, &policy))
}

/// The whole document, with who asked for the change and through what.
/// `customer_id`, `version`, `updated_at` and `protection` may be sent back
/// as read; they are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = PreferenceWrite)]
pub struct PreferencesPut {
    source: Source,
    /// `customer`, `staff:<username>` or `system:<name>`.
    #[schema(example = "staff:wang")]
    actor: String,
    #[serde(flatten)]
    document: PreferencesWrite,
}

/// What an `If-Match` header asks for.
#[derive(Debug, PartialEq, Eq)]
enum Precondition {
    /// `"3"` (or, leniently, `3`): version 3 and no other.
    Version(i64),
    /// `*`: whatever version is current.
    Any,
    /// `W/"3"`: a weak tag, which If-Match's strong comparison (RFC 9110
    /// section 13.1.1) never matches.
    Weak,
}

fn precondition(if_match: &HeaderValue) -> Option<Precondition> {
    let text = if_match.to_str().ok()?.trim();
    if text == "*" {
        return Some(Precondition::Any);
    }
    if text.starts_with("W/") {
        return Some(Precondition::Weak);
    }
    let quoted = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
    let bare = (!text.contains('"')).then_some(text);
    quoted.or(bare)?.parse().ok().map(Precondition::Version)
}

/// `customer`, `staff:<username>` or `system:<name>`.
fn check_actor(actor: &str) -> Result<Actor, Problem> {
    actor
        .parse()
        .map_err(|e: reachguard_domain::actor::BadActor| Problem::field("actor", e.to_string()))
}

/// Replace the document on the customer's behalf. Purposes left out keep
/// their choice.
#[utoipa::path(put, path = "/customers/{customer_id}/preferences", operation_id = "put_preferences", tag = "preferences", request_body = PreferencesPut,
    params(("customer_id" = String, Path, description = "1 to 64 of A-Z a-z 0-9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$"), ("If-Match" = String, Header, description = "the ETag read, such as \"3\"")),
    responses((status = 200, body = Document, headers(("ETag" = String))), (status = 404, body = Problem),
        (status = 412, body = Problem, description = "the version is stale"), (status = 428, body = Problem, description = "If-Match is missing"),
        (status = 422, body = Problem)),
    security(("api_key" = ["preferences.write"])))]
pub async fn put(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::PreferencesWrite>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<PreferencesPut>,
) -> Result<Response, Problem> {
    let id = customer_in_path(path)?;
    let if_match = headers.get(header::IF_MATCH).ok_or_else(|| {
        Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "If-Match required",
            "send If-Match with the ETag of the preferences you read, so that no change is lost",
        )
    })?;
    let precondition = precondition(if_match).ok_or_else(|| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "Malformed request",
            "If-Match must be an ETag such as \"3\"",
        )
    })?;
    let current = || async {
        let record = state.services.db.customer(id.as_str()).await?;
        record
            .map(|r| r.version)
            .ok_or_else(|| Problem::not_found(format!("no customer has the number `{id}`")))
    };
    let expected = match precondition {
        Precondition::Version(version) => version,
        Precondition::Any => current().await?,
        Precondition::Weak => {
            return Err(Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "Weak ETag",
                "If-Match compares strongly (RFC 9110): send the ETag as it was given, such as \"3\", not W/\"3\"",
            ));
        }
    };
    let actor = check_actor(&body.actor)?;
    let written = state
        .services
        .update_preferences(
            &id,
            expected,
            body.document,
            &ChangeBy::new(&actor, body.source).through_api(&client.name),
        )
        .await;
    match written {
        Ok(record) => {
            let policy = state.services.policy.current(&state.services.db).await?;
            Ok(document(&record, &policy))
        }
        Err(PreferencesError::Stale { current }) => Err(stale(current)),
        Err(PreferencesError::NotFound(_)) => Err(Problem::not_found(format!(
            "no customer has the number `{id}`"
        ))),
        Err(PreferencesError::Invalid(problems)) => Err(Problem::invalid(
            problems.into_iter().map(FieldError::from).collect(),
        )),
        // Saves through the API are not counted against the customer's
        // own quota, so this is not answered in practice.
        Err(PreferencesError::TooManySaves) => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many saves",
            "the customer's own saves today have reached their quota",
        )),
        Err(PreferencesError::Storage(error)) => Err(Problem::internal(error)),
    }
}

fn stale(current: i64) -> Problem {
    Problem::new(
        StatusCode::PRECONDITION_FAILED,
        "Stale version",
        format!(
            "the preferences changed since they were read: they are now at version {current}; read them again"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_takes_strong_weak_and_bare_versions() {
        for text in ["\"3\"", "3", " \"3\" "] {
            assert_eq!(
                precondition(&HeaderValue::from_static(text)),
                Some(Precondition::Version(3)),
                "{text}"
            );
        }
        let read = |text| precondition(&HeaderValue::from_static(text));
        assert_eq!(read("W/\"3\""), Some(Precondition::Weak));
        assert_eq!(read("*"), Some(Precondition::Any));
        for malformed in ["\"abc\"", "\"3", "3\"", ""] {
            assert_eq!(read(malformed), None, "{malformed}");
        }
    }

    #[test]
    fn actors_name_the_customer_staff_or_a_system() {
        for actor in ["customer", "staff:wang", "system:crm"] {
            assert!(check_actor(actor).is_ok(), "{actor}");
        }
        for actor in ["", "bob", "staff:", "system:two words", "staff:wang\0"] {
            assert!(check_actor(actor).is_err(), "{actor}");
        }
    }
}
