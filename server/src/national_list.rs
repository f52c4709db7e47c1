//! Uploads of the national list, from the API and from the staff page:
//! the body is read as it arrives, its lines checked and its numbers stored
//! beside the list in force (so the file never sits whole in memory), and
//! the new list swapped in whole at the end, or dropped whole.
//!
//! `POST /staff/national-list/upload` is a supervisor's upload from the
//! staff page. Its answer streams one JSON line per stage (numbers read,
//! loaded, done, or why it was refused) for the page's progress bar.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use reachguard_app::staff::types::ListProgress;
use reachguard_core::national_list::{ListRefused, ReplaceError, Replacement};
use reachguard_core::staff::StaffSession;
use reachguard_domain::{Actor, StaffAction};
use reachguard_storage::{Database, StorageError};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::UnboundedReceiverStream;

use crate::web::AppState;

/// Some ten million numbers; larger is not a national list.
pub const UPLOAD_LIMIT: usize = 256 * 1024 * 1024;

/// `?empty=true`: the upload means to empty the list, so a file without
/// numbers is not a mistake.
#[derive(Debug, Default, Deserialize)]
pub struct Emptying {
    #[serde(default)]
    pub empty: bool,
}

/// Why an upload's body could not be read.
#[derive(Debug)]
pub enum BodyFailure {
    TooLarge,
    /// The client went away or sent something that is not HTTP.
    Broken,
    Storage(StorageError),
}

/// Reads `body` into a new list beside the one in force, telling
/// `progress` how many numbers have been read after each chunk.
pub async fn read_upload(
    db: &Database,
    body: Body,
    progress: impl Fn(usize),
) -> Result<Replacement, BodyFailure> {
    let mut replacement = Replacement::begin(db).await.map_err(BodyFailure::Storage)?;
    let mut body = body;
    let mut size = 0;
    while let Some(frame) = body.frame().await {
        let failure = match frame {
            Ok(frame) => match frame.data_ref() {
                Some(data) => {
                    size += data.len();
                    if size > UPLOAD_LIMIT {
                        Some(BodyFailure::TooLarge)
                    } else {
                        replacement.read(data).await.err().map(BodyFailure::Storage)
                    }
                }
                None => None,
            },
            Err(_) => Some(BodyFailure::Broken),
        };
        if let Some(failure) = failure {
            replacement.abandon().await;
            return Err(failure);
        }
        progress(replacement.numbers_read());
    }
    Ok(replacement)
}

fn line(progress: &ListProgress) -> Bytes {
    let mut text = serde_json::to_string(progress).expect("progress serializes");
    text.push('\n');
    Bytes::from(text)
}

pub async fn upload(
    State(state): State<AppState>,
    session: StaffSession,
    Query(emptying): Query<Emptying>,
    request: Request,
) -> Response {
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
    let body = request.into_body();
    // The answer starts at once and the file is read as it arrives.
    tokio::spawn(async move {
        let reading = send.clone();
        let read = read_upload(&db, body, |loaded| {
            let _ = reading.send(ListProgress::Loading { loaded, total: 0 });
        })
        .await;
        let replacement = match read {
            Ok(replacement) => replacement,
            Err(failure) => {
                let message = match failure {
                    BodyFailure::TooLarge => "the file is larger than a national list can be",
                    BodyFailure::Broken => "the file did not arrive whole",
                    BodyFailure::Storage(error) => {
                        tracing::error!(%error, "loading a national list failed");
                        "the database refused the list"
                    }
                };
                let _ = send.send(ListProgress::Failed {
                    message: format!("{message}; the old list is still in force"),
                });
                return;
            }
        };
        let read = replacement.numbers_read();
        let _ = send.send(ListProgress::Loading {
            loaded: read,
            total: read,
        });
        let _ = send.send(match replacement.finish(&actor, emptying.empty).await {
            Ok(numbers) => {
                tracing::info!(numbers, by = %actor, "the national list was replaced");
                ListProgress::Done {
                    numbers: usize::try_from(numbers).unwrap_or(usize::MAX),
                }
            }
            Err(ReplaceError::Refused(ListRefused::BadLines { shown, total })) => {
                let lines = shown.into_iter().map(|b| (b.line, b.text)).collect();
                ListProgress::BadLines { lines, total }
            }
            Err(ReplaceError::Refused(ListRefused::Empty)) => ListProgress::Empty,
            Err(ReplaceError::Storage(error)) => {
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
