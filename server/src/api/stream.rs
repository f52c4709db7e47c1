//! `POST /decisions/stream` (contract section 10): a decision request a
//! line in, a decision answer a line out, in order, as they are made, for
//! any number of lines. A line that is not a valid request is answered in
//! its place by `{"line": N, "problem": {…}}` and the stream goes on.
//!
//! The body is read a chunk of lines at a time: the lines already here (up
//! to [`LINES_A_CHUNK`]) are decided together, as a batch is, with up to
//! [`CHUNKS_DECIDING`] chunks being decided at once, and written out in
//! order. Answers wait in a queue of [`CHUNKS_QUEUED`] chunks for the client
//! to read them: a client that stops reading stops the reading of its body,
//! so the server's memory does not grow with the number of lines. Every
//! answer is kept like any decision.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use reachguard_core::lists::{self, Judged, Row};
use reachguard_domain::{Language, Policy};
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

use super::auth::{Authorized, needs};
use super::decision_request::RawRequest;
use super::problem::Problem;
use crate::lines::{Broken, Line, Lines, MAX_LINE};
use crate::web::AppState;

/// Lines decided together at most.
pub const LINES_A_CHUNK: usize = 1_000;
/// Chunks of answers written and waiting for the client at most.
const CHUNKS_QUEUED: usize = 2;
/// Chunks decided at once: while one is judged, the next is gathered and
/// the last one's decisions go to the decision log, on every core.
const CHUNKS_DECIDING: usize = 2;
/// How long the body may send nothing, and the client read nothing,
/// before the stream ends.
const IDLE: Duration = Duration::from_secs(60);
/// Streams a server answers at once: each holds a few chunks (one being
/// read, two being decided, one being sent and two queued), and slow
/// clients must not add up to all of its memory.
static STREAMS: Semaphore = Semaphore::const_new(16);

/// Decision requests as NDJSON, answered as NDJSON in the same order.
#[utoipa::path(post, path = "/decisions/stream", operation_id = "decide_stream", tag = "decisions",
    request_body(content = RawRequest, content_type = "application/x-ndjson",
        description = "One decision request a line, any number of lines."),
    responses(
        (status = 200, content_type = "application/x-ndjson", body = StreamLine,
            description = "One answer a line, in the order of the requests; a line that is not a valid request is answered by `{\"line\": N, \"problem\": {…}}` (N counts every line from 1, blank ones included; a blank line gets no answer)."),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 503, body = Problem, description = "The server is answering as many streams as it takes at once.")),
    security(("api_key" = ["decisions"])))]
pub async fn stream(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::Decisions>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(turn) = STREAMS.try_acquire() else {
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many streams",
            "this server is answering as many decision streams as it takes at once; try again shortly",
        )
        .into_response();
    };
    let language = super::reason_language(&headers);
    let (answers, queued) = mpsc::channel::<Bytes>(CHUNKS_QUEUED);
    let lines = Lines::new(body, IDLE);
    tokio::spawn(async move {
        let mut deciding = VecDeque::with_capacity(CHUNKS_DECIDING);
        answer_lines(state, client.name, language, lines, answers, &mut deciding).await;
        // Chunks still being decided when the client went are decided and
        // kept before the stream gives its turn back: the turns bound them.
        for chunk in deciding {
            let _ = chunk.await;
        }
        drop(turn);
    });
    let body = Body::from_stream(ReceiverStream::new(queued).map(Ok::<_, Infallible>));
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-ndjson"),
        )],
        body,
    )
        .into_response()
}

/// A line answered by a problem instead of a decision.
#[derive(Serialize, utoipa::ToSchema)]
struct LineProblem<'a> {
    /// The line's number, counting every line from 1.
    line: u64,
    problem: &'a Problem,
}

/// One line of the answer as the API document shows it: a decision, or the
/// problem that answers a line in its place.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // documents the lines only: answers are written already serialized
enum StreamLine<'a> {
    Answer(reachguard_core::decide::Answer),
    Problem(LineProblem<'a>),
}

/// Reads, decides and writes out the stream's lines until the body ends,
/// breaks, or the client stops reading.
async fn answer_lines(
    state: AppState,
    client: String,
    language: Language,
    mut lines: Lines,
    answers: mpsc::Sender<Bytes>,
    // Chunks being decided, oldest first: their answers go out in this order.
    deciding: &mut VecDeque<JoinHandle<Bytes>>,
) {
    let client: Arc<str> = client.into();
    let mut chunk: Vec<(u64, Line)> = Vec::with_capacity(LINES_A_CHUNK);
    loop {
        while chunk.len() < LINES_A_CHUNK {
            match lines.next_here() {
                Some(line) => chunk.push(line),
                None => break,
            }
        }
        // A chunk is decided when it is full, or when no more lines are here
        // yet: a client that sends a line and waits for its answer gets it.
        if !chunk.is_empty() {
            if deciding.len() == CHUNKS_DECIDING && !send_oldest(deciding, &answers).await {
                return;
            }
            let chunk = std::mem::replace(&mut chunk, Vec::with_capacity(LINES_A_CHUNK));
            let (state, client) = (state.clone(), client.clone());
            deciding.push_back(tokio::spawn(async move {
                decide_chunk(&state, &client, language, &chunk).await
            }));
            continue;
        }
        // Nothing more is here: what is being decided goes out before the
        // body is waited for.
        while !deciding.is_empty() {
            if !send_oldest(deciding, &answers).await {
                return;
            }
        }
        match lines.read_more(LINES_A_CHUNK).await {
            Ok(true) => {}
            // The body ended: its last line, if it had no newline after it.
            Ok(false) => match lines.next_here() {
                Some(line) => chunk.push(line),
                None => return,
            },
            Err(broken) => {
                let detail = match broken {
                    Broken::Idle(idle) => {
                        format!("the body sent nothing for {} s", idle.as_secs())
                    }
                    Broken::Transport => "the body could not be read".to_owned(),
                };
                let problem = Problem::bad_request(detail);
                // Named as the line that was arriving.
                let line = lines.numbered() + 1;
                let _ =
                    tokio::time::timeout(IDLE, answers.send(problem_line(line, &problem).into()))
                        .await;
                return;
            }
        }
    }
}

/// Waits for the oldest chunk being decided and sends its answers; false
/// when the client went away or stopped reading. A chunk being decided when
/// the client goes is still decided and kept, as a batch would be.
async fn send_oldest(
    deciding: &mut VecDeque<JoinHandle<Bytes>>,
    answers: &mpsc::Sender<Bytes>,
) -> bool {
    let Some(oldest) = deciding.pop_front() else {
        return true;
    };
    let out = match oldest.await {
        Ok(out) => out,
        // Deciding panicked: the stream cannot say which lines were kept.
        Err(_) => return false,
    };
    matches!(
        tokio::time::timeout(IDLE, answers.send(out)).await,
        Ok(Ok(()))
    )
}

/// `{"line": N, "problem": {…}}` and a newline.
fn problem_line(line: u64, problem: &Problem) -> String {
    let mut text =
        serde_json::to_string(&LineProblem { line, problem }).expect("a problem always serializes");
    text.push('\n');
    text
}

/// Decides a chunk of lines, each answer (or problem) on a line of its own,
/// in order.
async fn decide_chunk(
    state: &AppState,
    client: &str,
    language: Language,
    chunk: &[(u64, Line)],
) -> Bytes {
    let services = &state.services;
    let policy = match services.policy.current(&services.db).await {
        Ok(policy) => policy,
        Err(error) => return every_line(chunk, &Problem::internal(error)),
    };
    let now = Utc::now();
    let rows = chunk
        .iter()
        .map(|(number, line)| (*number, row(line, &policy, now)))
        .collect();
    let judged = match lists::judge(services, &policy, rows, client, language).await {
        Ok(judged) => judged,
        Err(error) => return every_line(chunk, &Problem::internal(error)),
    };
    state
        .metrics
        .count_decisions(judged.iter().filter_map(|(_, j)| match j {
            Judged::Answer { answer, .. } => Some(answer),
            _ => None,
        }));
    let mut out = String::with_capacity(chunk.len() * 512);
    for (number, judged) in judged {
        match judged {
            Judged::Blank => {}
            Judged::Answer { json, .. } => {
                out.push_str(&json);
                out.push('\n');
            }
            Judged::Invalid(problem) => out.push_str(&problem_line(number, &problem)),
        }
    }
    Bytes::from(out)
}

/// What a line asks, or the problem that answers it.
fn row(line: &Line, policy: &Policy, now: DateTime<Utc>) -> Row<Problem> {
    match line {
        Line::Blank => Row::Blank,
        Line::TooLong => Row::Invalid(Problem::bad_request(format!(
            "the line is longer than {MAX_LINE} bytes"
        ))),
        Line::Text(bytes) => match super::json::parse::<RawRequest>(bytes) {
            Ok(raw) => match raw.check(policy, now, "") {
                Ok(request) => Row::Asked(request),
                Err(errors) => Row::Invalid(Problem::invalid(errors)),
            },
            Err(problem) => Row::Invalid(problem),
        },
    }
}

/// Every line of a chunk answered by the same problem (the database failed).
fn every_line(chunk: &[(u64, Line)], problem: &Problem) -> Bytes {
    let mut out = String::new();
    for (number, line) in chunk {
        if *line != Line::Blank {
            out.push_str(&problem_line(*number, problem));
        }
    }
    Bytes::from(out)
}
