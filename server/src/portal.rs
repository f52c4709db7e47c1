//! The borrower portal's plain HTTP parts, beside its Leptos pages: the
//! language switch, the data download, the reader's language for every
//! page, and the guard that sends a signed-out visitor to sign in.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use reachguard_app::i18n::{LANGUAGE_COOKIE, ReaderLanguage, from_accept_language};
use reachguard_core::export::my_data;
use reachguard_core::signin::BorrowerSession;
use reachguard_domain::Language;
use serde::Deserialize;

use crate::web::AppState;

/// The value of one cookie in the request, if sent.
fn cookie<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn language_tag(tag: &str) -> Option<Language> {
    Language::ALL.into_iter().find(|l| l.tag() == tag)
}

/// The reader's language, for the page about to be rendered: the one they
/// chose in this browser, else the signed-in borrower's own, else the
/// browser's `Accept-Language`.
pub async fn reader_language(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let chosen = cookie(&request, LANGUAGE_COOKIE).and_then(language_tag);
    let language = match chosen {
        Some(language) => language,
        None => {
            let borrower = request
                .extensions()
                .get::<BorrowerSession>()
                .and_then(|session| session.user.clone());
            let own = match borrower {
                Some(borrower) => state
                    .services
                    .db
                    .customer(borrower.customer_id.as_str())
                    .await
                    .ok()
                    .flatten()
                    .map(|c| c.preferences.language),
                None => None,
            };
            own.unwrap_or_else(|| {
                from_accept_language(
                    request
                        .headers()
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or(""),
                )
            })
        }
    };
    request.extensions_mut().insert(ReaderLanguage(language));
    next.run(request).await
}

/// Pages under `/my` are the signed-in borrower's: anyone else is sent to
/// sign in first, and brought back afterwards. (Each server function checks
/// the session again; this only spares a signed-out reader an empty page.)
pub async fn guard_borrower_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let guarded = path == "/my" || path.starts_with("/my/");
    let signed_in = request
        .extensions()
        .get::<BorrowerSession>()
        .is_some_and(|session| session.user.is_some());
    if guarded && !signed_in {
        let next_path = request.uri().path_and_query().map_or("/my", |p| p.as_str());
        let target = format!("/signin?next={}", reachguard_app::url::encode(next_path));
        return Redirect::to(&target).into_response();
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub struct SwitchLanguage {
    to: String,
    #[serde(default)]
    back: Option<String>,
}

/// `GET /lang?to=en&back=/my`: remembers the language in this browser for a
/// year and returns to the page. A plain link, so it works before the page's
/// wasm has loaded, and never leads off this site.
pub async fn switch_language(
    query: Result<Query<SwitchLanguage>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return (
            StatusCode::BAD_REQUEST,
            "name a language: /lang?to=en or /lang?to=zh-CN",
        )
            .into_response();
    };
    let Some(language) = language_tag(&query.to) else {
        return (StatusCode::BAD_REQUEST, "the languages are en and zh-CN").into_response();
    };
    let back = query
        .back
        .filter(|b| reachguard_core::text::local_path(b).is_some())
        .unwrap_or_else(|| "/".to_owned());
    let mut response = Redirect::to(&back).into_response();
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        language.tag()
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `GET /my/data.json`: everything held about the signed-in borrower, as
/// one file to keep, streamed as it is read.
pub async fn download_my_data(State(state): State<AppState>, session: BorrowerSession) -> Response {
    let Some(borrower) = session.user else {
        return Redirect::to("/signin?next=/my/data").into_response();
    };
    match my_data(&state.services, &borrower.customer_id).await {
        Ok(Some(download)) => {
            let pages = tokio_stream::wrappers::ReceiverStream::new(download);
            let mut response = axum::body::Body::from_stream(pages).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            let disposition = format!(
                "attachment; filename=\"reachguard-{}.json\"",
                borrower.customer_id
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Ok(None) => (StatusCode::NOT_FOUND, "no such customer").into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot export a borrower's data");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Your data cannot be read right now; please try again shortly.",
            )
                .into_response()
        }
    }
}
