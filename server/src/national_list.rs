//! `POST /staff/national-list/upload`: a supervisor's upload of the national list
//! from the staff page. The answer streams one JSON line per stage (checked,
//! each batch loaded, done, or why it was refused), so that the page shows
//! the load's progress as it happens; the list is swapped in one
//! transaction at the end, so decisions use the old list until the new one
//! is whole.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use reachguard_app::staff::types::ListProgress;
use reachguard_core::national_list::{ListRefused, read_list};
use reachguard_core::staff::StaffSession;
use reachguard_domain::{Actor, StaffAction};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::UnboundedReceiverStream;

use crate::web::AppState;

/// A file of a few million numbers; larger is not a national list.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

fn line(progress: &ListProgress) -> Bytes {
    let mut text = serde_json::to_string(progress).expect("progress serializes");
    text.push('\n');
    Bytes::from(text)
}

pub async fn upload(State(state): State<AppState>, session: StaffSession, body: Bytes) -> Response {
    let Some(member) = session.user else {
        return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response();
    };
    if !member.may(StaffAction::UploadNationalList) {
        return (
            StatusCode::FORBIDDEN,
            "Your role may not upload the national list.",
        )
            .into_response();
    }
    let Ok(actor) = Actor::staff(&member.username) else {
        return (StatusCode::FORBIDDEN, "Your username cannot act.").into_response();
    };
    let (send, receive) = mpsc::unbounded_channel::<ListProgress>();
    let _ = send.send(ListProgress::Checking);
    let db = state.services.db.clone();
    tokio::spawn(async move {
        // A million lines take a moment to read: off the async threads.
        let read = tokio::task::spawn_blocking(move || match std::str::from_utf8(&body) {
            Ok(text) => read_list(text).map_err(Some),
            Err(_) => Err(None),
        })
        .await;
        let numbers = match read {
            Ok(Ok(numbers)) => numbers,
            Ok(Err(Some(ListRefused::BadLines { shown, total }))) => {
                let lines = shown.into_iter().map(|b| (b.line, b.text)).collect();
                let _ = send.send(ListProgress::BadLines { lines, total });
                return;
            }
            Ok(Err(Some(ListRefused::Empty))) => {
                let _ = send.send(ListProgress::Empty);
                return;
            }
            Ok(Err(None)) => {
                let _ = send.send(ListProgress::Failed {
                    message: "the file is not UTF-8 text".into(),
                });
                return;
            }
            Err(error) => {
                tracing::error!(%error, "reading a national list failed");
                let _ = send.send(ListProgress::Failed {
                    message: "the server could not read the file".into(),
                });
                return;
            }
        };
        let total = numbers.len();
        let _ = send.send(ListProgress::Loading { loaded: 0, total });
        let progress = send.clone();
        let loaded = db
            .replace_national_dnc_reporting(&numbers, &actor, |loaded| {
                let _ = progress.send(ListProgress::Loading { loaded, total });
            })
            .await;
        let _ = send.send(match loaded {
            Ok(()) => {
                tracing::info!(numbers = total, by = %actor, "the national list was replaced");
                ListProgress::Done { numbers: total }
            }
            Err(error) => {
                tracing::error!(%error, "loading a national list failed");
                ListProgress::Failed {
                    message: "the database refused the list; the old list is still in force".into(),
                }
            }
        });
    });
    let stream = UnboundedReceiverStream::new(receive).map(|p| Ok::<_, Infallible>(line(&p)));
    let mut response = Body::from_stream(stream).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
