//! The campaign list check (contract section 10): a marketing team's CSV of
//! whom it means to contact, judged row by row before the campaign runs.
//!
//! `POST /staff/campaign-list/check` reads the file as it arrives (line by
//! line, as the decision stream does), judges a chunk of rows at a time
//! through the same engine ([`reachguard_core::lists`]), every answer kept
//! like any decision, and writes the file back with `allowed`, `reasons`,
//! `next_allowed_at`, `policy` and `decision_id` added to each row, to a
//! file of this server's own. Its answer streams one JSON line per chunk
//! (rows judged so far) and a last one with the summary and where to
//! download the file, `GET /staff/campaign-list/{id}.csv`, for an hour.
//!
//! The checked files hold customers' numbers: they are written to a folder
//! of the server's own (mode 0700, files 0600), removed an hour after they
//! were made (a sweep every ten minutes, and at start for any a stopped
//! server left), and a list is at most [`MAX_BYTES`] long. Rows are written
//! back from their parsed fields, so the added columns always line up, and
//! a cell a spreadsheet would run as a formula is written with a leading
//! `'`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use reachguard_app::staff::types::{CampaignProgress, CampaignSummary};
use reachguard_core::lists::{self, Judged, Row, Tally};
use reachguard_core::staff::StaffSession;
use reachguard_domain::{Language, StaffAction};
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

use crate::api::RawRequest;
use crate::lines::{Line, Lines};
use crate::web::AppState;

/// Rows a list may hold at most.
pub const MAX_ROWS: u64 = 1_000_000;
/// Bytes a list may hold at most: a million rows of 250 bytes.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;
/// Lists a server checks at once; another waits for one of them to end.
static CHECKS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
/// How long the file may send nothing, and the page read nothing.
const IDLE: Duration = Duration::from_secs(60);
/// Rows judged together at most.
const ROWS_A_CHUNK: usize = 2_000;
/// How long a checked file waits to be downloaded.
const KEPT_FOR: Duration = Duration::from_secs(3600);
/// Lines that could not be judged, named in the summary at most (the file
/// names every one).
const NAMED: usize = 20;
/// The columns added to every row.
const ADDED: &str = "allowed,reasons,next_allowed_at,policy,decision_id";

/// Checked files waiting to be downloaded, by id: this server's own (a
/// download must reach the server that checked the list).
#[derive(Clone, Debug, Default)]
pub struct CheckedLists(Arc<Mutex<HashMap<String, Checked>>>);

#[derive(Debug)]
struct Checked {
    path: PathBuf,
    owner: String,
    made: Instant,
}

impl CheckedLists {
    fn keep(&self, id: String, checked: Checked) {
        self.0
            .lock()
            .expect("checked lists lock")
            .insert(id, checked);
    }

    /// Removes the files older than an hour.
    fn sweep(&self) {
        self.0.lock().expect("checked lists lock").retain(|_, c| {
            let fresh = c.made.elapsed() < KEPT_FOR;
            if !fresh {
                let _ = std::fs::remove_file(&c.path);
            }
            fresh
        });
    }

    /// Sweeps every ten minutes for as long as the server runs, after
    /// removing the files a stopped server left that are over an hour old
    /// (servers side by side on one machine share the folder: a younger
    /// file may be another's).
    pub fn start_sweeping(&self) {
        if let Ok(entries) = std::fs::read_dir(folder()) {
            for entry in entries.flatten() {
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > KEPT_FOR));
                if old {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let lists = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(600));
            loop {
                every.tick().await;
                lists.sweep();
            }
        });
    }

    fn path(&self, id: &str, owner: &str) -> Option<PathBuf> {
        let lists = self.0.lock().expect("checked lists lock");
        lists
            .get(id)
            .filter(|c| c.owner == owner && c.made.elapsed() < KEPT_FOR)
            .map(|c| c.path.clone())
    }
}

/// The server's own folder for checked files (one per user of the machine).
fn folder() -> PathBuf {
    std::env::temp_dir().join("reachguard-campaign-lists")
}

/// A new checked file, readable by this server's user alone.
async fn create_private(id: &str) -> std::io::Result<(PathBuf, tokio::fs::File)> {
    let folder = folder();
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&folder)?;
    let path = folder.join(format!("{id}.csv"));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let file = options.open(&path).await?;
    Ok((path, file))
}

/// The columns of the list, by their place in the header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// How many columns the header has: every row must have as many.
    count: usize,
    customer_id: Option<usize>,
    phone: Option<usize>,
    channel: usize,
    purpose: usize,
    at: Option<usize>,
}

impl Columns {
    /// Reads the header line: `customer_id` or `phone`, `channel`, `purpose`
    /// and optionally `at`, in any order, other columns kept as they are.
    pub fn read(header: &str) -> Result<Columns, String> {
        let names: Vec<String> = fields(header)?
            .into_iter()
            .map(|n| n.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let (customer_id, phone) = (find("customer_id"), find("phone"));
        if customer_id.is_none() && phone.is_none() {
            return Err("the header names neither customer_id nor phone".into());
        }
        let needed = |name: &str| find(name).ok_or(format!("the header has no {name} column"));
        Ok(Columns {
            count: names.len(),
            customer_id,
            phone,
            channel: needed("channel")?,
            purpose: needed("purpose")?,
            at: find("at"),
        })
    }

    /// The request a row makes, as the API would read it.
    fn request(&self, fields: &[String]) -> Result<RawRequest, String> {
        if fields.len() != self.count {
            return Err(format!(
                "the row has {} fields and the header {}",
                fields.len(),
                self.count
            ));
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
        };
        let at = match get(self.at) {
            None => None,
            Some(text) => Some(
                DateTime::parse_from_rfc3339(&text)
                    .map_err(|_| format!("at: `{text}` is not an RFC 3339 instant"))?
                    .with_timezone(&Utc),
            ),
        };
        Ok(RawRequest {
            customer_id: get(self.customer_id),
            phone: get(self.phone),
            channel: get(Some(self.channel)).unwrap_or_default(),
            purpose: get(Some(self.purpose)).unwrap_or_default(),
            at,
        })
    }
}

/// A CSV line's fields: separated by commas, each optionally in double
/// quotes (`""` inside for a quote).
pub fn fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

/// A field as CSV writes it: quoted when it must be, and with a leading
/// `'` when a spreadsheet would run it as a formula (a phone number in
/// E.164 form is left as it is).
fn csv_field(text: &str) -> String {
    let is_phone =
        text.len() > 1 && text.starts_with('+') && text[1..].bytes().all(|b| b.is_ascii_digit());
    if is_phone {
        text.to_owned()
    } else {
        crate::staff_portal::csv_cell(text)
    }
}

/// A row written back: its fields as they were read, or, when it could not
/// be read, its text in the first column and the others empty, so that
/// the added columns line up either way.
fn row_back(text: &str, fields: Option<&[String]>, count: usize) -> String {
    let cells: Vec<String> = match fields {
        Some(fields) if fields.len() == count => fields.iter().map(|f| csv_field(f)).collect(),
        _ => std::iter::once(csv_field(text.trim_end_matches('\r')))
            .chain(std::iter::repeat_n(String::new(), count.saturating_sub(1)))
            .collect(),
    };
    cells.join(",")
}

/// `POST /staff/campaign-list/check`: see the module.
pub async fn check(
    State(state): State<AppState>,
    session: StaffSession,
    request: Request,
) -> Response {
    let Some(member) = session.user else {
        return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response();
    };
    if !member.may(StaffAction::CheckCampaignList) {
        return (
            StatusCode::FORBIDDEN,
            "Your role may not check campaign lists.",
        )
            .into_response();
    }
    let Ok(turn) = CHECKS.try_acquire() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "This server is checking as many lists as it takes at once: try again when one has finished. / 本服务器正在检查的名单已达上限，请稍后再试。",
        )
            .into_response();
    };
    let (send, receive) = mpsc::channel::<CampaignProgress>(4);
    let lines = Lines::new(request.into_body(), IDLE);
    let client = format!("staff:{}", member.username);
    tokio::spawn(async move {
        let last = match judge_file(&state, lines, &client, &member.username, &send).await {
            Ok(summary) => CampaignProgress::Done(summary),
            Err(message) => CampaignProgress::Failed { message },
        };
        let _ = tokio::time::timeout(IDLE, send.send(last)).await;
        drop(turn);
    });
    let stream = ReceiverStream::new(receive).map(|p| {
        let mut text = serde_json::to_string(&p).expect("progress serializes");
        text.push('\n');
        Ok::<_, Infallible>(Bytes::from(text))
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Reads, judges and writes back the whole file; the summary, or why it
/// stopped (in words for the page).
async fn judge_file(
    state: &AppState,
    mut lines: Lines,
    client: &str,
    owner: &str,
    progress: &mpsc::Sender<CampaignProgress>,
) -> Result<CampaignSummary, String> {
    let id = uuid::Uuid::now_v7().to_string();
    let (path, file) = create_private(&id).await.map_err(|e| {
        tracing::error!(error = %e, "a checked campaign list cannot be written");
        "the server cannot write the checked file".to_owned()
    })?;
    let mut out = tokio::io::BufWriter::new(file);
    let written = judge_into(state, &mut lines, client, progress, &mut out).await;
    let finished = match written {
        Ok(tally) => out.flush().await.map(|()| tally).map_err(|e| e.to_string()),
        Err(message) => Err(message),
    };
    match finished {
        Ok(tally) => {
            if let Err(error) =
                lists::audit_check(&state.services, &format!("staff:{owner}"), &tally).await
            {
                tracing::error!(%error, "a campaign list check could not be audited");
                let _ = tokio::fs::remove_file(&path).await;
                return Err(
                    "the audit log could not be written; the checked file is not kept".into(),
                );
            }
            state.checked_lists.keep(
                id.clone(),
                Checked {
                    path,
                    owner: owner.to_owned(),
                    made: Instant::now(),
                },
            );
            Ok(summary(tally, &id))
        }
        Err(message) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(message)
        }
    }
}

async fn judge_into(
    state: &AppState,
    lines: &mut Lines,
    client: &str,
    progress: &mpsc::Sender<CampaignProgress>,
    out: &mut tokio::io::BufWriter<tokio::fs::File>,
) -> Result<Tally, String> {
    let write_error = |e: std::io::Error| {
        tracing::error!(error = %e, "a checked campaign list cannot be written");
        "the server cannot write the checked file".to_owned()
    };
    let mut bytes: u64 = 0;
    let mut columns = None;
    let mut tally = Tally::default();
    let mut chunk: Vec<(u64, String)> = Vec::with_capacity(ROWS_A_CHUNK);
    loop {
        while chunk.len() < ROWS_A_CHUNK {
            let Some((number, line)) = lines.next_here() else {
                break;
            };
            bytes += match &line {
                Line::Text(text) => text.len() as u64 + 1,
                Line::Blank | Line::TooLong => 1,
            };
            if bytes > MAX_BYTES {
                return Err(format!("a list is at most {} MiB", MAX_BYTES >> 20));
            }
            let text = match line {
                Line::Blank => continue,
                Line::TooLong => {
                    return Err(format!("line {number} is longer than a row can be"));
                }
                Line::Text(bytes) => String::from_utf8(bytes.to_vec())
                    .map_err(|_| format!("line {number} is not UTF-8 text"))?,
            };
            if columns.is_none() {
                columns = Some(Columns::read(&text).map_err(|e| format!("line {number}: {e}"))?);
                let names = fields(&text).unwrap_or_default();
                let header = format!("{},{ADDED}\n", row_back(&text, Some(&names), names.len()));
                out.write_all(header.as_bytes())
                    .await
                    .map_err(write_error)?;
                continue;
            }
            if tally.rows() >= MAX_ROWS {
                return Err(format!("a list holds at most {MAX_ROWS} rows"));
            }
            chunk.push((number, text));
        }
        if let (Some(columns), false) = (&columns, chunk.is_empty()) {
            let written = judge_chunk(state, columns, client, &chunk, &mut tally).await?;
            out.write_all(written.as_bytes())
                .await
                .map_err(write_error)?;
            chunk.clear();
            let judged = CampaignProgress::Judged { rows: tally.rows() };
            if !matches!(
                tokio::time::timeout(IDLE, progress.send(judged)).await,
                Ok(Ok(()))
            ) {
                return Err("the page that sent the list went away".into());
            }
            continue;
        }
        match lines.read_more(ROWS_A_CHUNK).await {
            Ok(true) => {}
            // The last line, if it had no newline after it, is read at the
            // top.
            Ok(false) if !lines.is_done() => {}
            Ok(false) => {
                return match columns {
                    Some(_) => Ok(tally),
                    None => Err("the file is empty: it needs a header line".into()),
                };
            }
            Err(_) => return Err("the file did not arrive whole".into()),
        }
    }
}

/// Judges a chunk of rows and writes each back with its answer.
async fn judge_chunk(
    state: &AppState,
    columns: &Columns,
    client: &str,
    chunk: &[(u64, String)],
    tally: &mut Tally,
) -> Result<String, String> {
    let services = &state.services;
    let unavailable = |error: reachguard_storage::StorageError| {
        tracing::error!(%error, "checking a campaign list failed");
        "the database could not be read; nothing after this row was judged".to_owned()
    };
    let policy = services
        .policy
        .current(&services.db)
        .await
        .map_err(unavailable)?;
    let now = Utc::now();
    let parsed: Vec<Result<Vec<String>, String>> =
        chunk.iter().map(|(_, text)| fields(text)).collect();
    let rows = chunk
        .iter()
        .zip(&parsed)
        .map(|((number, _), fields)| {
            let row = fields
                .clone()
                .and_then(|f| columns.request(&f))
                .and_then(|raw| {
                    raw.check(&policy, now, "").map_err(|errors| {
                        errors
                            .iter()
                            .map(|e| format!("{}: {}", e.field, e.message))
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                });
            (*number, row.map_or_else(Row::Invalid, Row::Asked))
        })
        .collect();
    let judged = lists::judge(services, &policy, rows, client, Language::En)
        .await
        .map_err(unavailable)?;
    state
        .metrics
        .count_decisions(judged.iter().filter_map(|(_, j)| match j {
            Judged::Answer { answer, .. } => Some(answer),
            _ => None,
        }));
    let mut out = String::with_capacity(chunk.len() * 160);
    for (((number, judged), (_, text)), fields) in judged.into_iter().zip(chunk).zip(&parsed) {
        tally.count(number, &judged);
        out.push_str(&row_back(text, fields.as_deref().ok(), columns.count));
        match judged {
            Judged::Answer { answer, .. } => {
                let reasons: Vec<&str> = answer
                    .decision
                    .reasons
                    .iter()
                    .map(|r| r.code.as_str())
                    .collect();
                out.push_str(&format!(
                    ",{},{},{},{},{}\n",
                    answer.decision.allowed,
                    reasons.join(" "),
                    answer
                        .decision
                        .next_allowed_at
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                    answer.policy,
                    answer.decision_id
                ));
            }
            Judged::Invalid(why) => {
                let said = csv_field(&format!("invalid: line {number}: {why}"));
                out.push_str(&format!(",,{said},,,\n"));
            }
            Judged::Blank => out.push_str(",,,,,\n"),
        }
    }
    Ok(out)
}

fn summary(tally: Tally, id: &str) -> CampaignSummary {
    CampaignSummary {
        rows: tally.rows(),
        allowed: tally.allowed,
        denied: tally.denied,
        invalid: tally.invalid,
        by_reason: tally.by_reason.into_iter().collect(),
        bad_lines: tally.bad_lines.into_iter().take(NAMED).collect(),
        download: format!("/staff/campaign-list/{id}.csv"),
    }
}

/// `GET /staff/campaign-list/{id}.csv`: the checked file, for whoever
/// checked it, for an hour.
pub async fn download(
    State(state): State<AppState>,
    session: StaffSession,
    Path(file): Path<String>,
) -> Response {
    let Some(member) = session
        .user
        .filter(|m| m.may(StaffAction::CheckCampaignList))
    else {
        return (
            StatusCode::FORBIDDEN,
            "Sign in as the one who checked the list.",
        )
            .into_response();
    };
    let id = file.strip_suffix(".csv").unwrap_or(&file);
    let Some(path) = state.checked_lists.path(id, &member.username) else {
        return (
            StatusCode::NOT_FOUND,
            "No such checked list: they are kept for an hour, for the one who checked them.",
        )
            .into_response();
    };
    let Ok(file) = tokio::fs::File::open(&path).await else {
        return (StatusCode::NOT_FOUND, "The checked list is gone.").into_response();
    };
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"campaign-list-checked.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_split_on_commas_outside_quotes() {
        assert_eq!(fields("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            fields(r#"C1,"silver, old","say ""hi""",x"#).unwrap(),
            ["C1", "silver, old", r#"say "hi""#, "x"]
        );
        assert_eq!(fields("a,b\r").unwrap(), ["a", "b"]);
        assert!(fields(r#"a,"open"#).is_err());
    }

    #[test]
    fn a_field_is_quoted_only_when_it_must_be_and_a_formula_is_not_run() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("+8613800138000"), "+8613800138000");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-1+2"), "'-1+2");
        assert_eq!(csv_field("=1,2"), "\"'=1,2\"");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn the_header_names_the_columns_in_any_order() {
        let columns = Columns::read("\u{feff}Segment,PURPOSE,phone,at,channel").unwrap();
        assert_eq!(
            columns,
            Columns {
                count: 5,
                customer_id: None,
                phone: Some(2),
                channel: 4,
                purpose: 1,
                at: Some(3),
            }
        );
        let request = columns
            .request(
                &fields("gold,collections, +8613800138000 ,2026-11-02T02:00:00Z,voice").unwrap(),
            )
            .unwrap();
        assert_eq!(request.phone.as_deref(), Some("+8613800138000"));
        assert_eq!(
            (request.channel.as_str(), request.purpose.as_str()),
            ("voice", "collections")
        );
        assert!(request.at.is_some());
        let wrong = columns.request(&fields("gold,collections,+86138,tomorrow,voice").unwrap());
        assert!(wrong.unwrap_err().starts_with("at: `tomorrow`"));
    }

    #[test]
    fn a_row_is_written_back_in_as_many_columns_as_the_header_has() {
        let read = fields(r#"C1,"Smith, John",x"#).unwrap();
        assert_eq!(row_back("", Some(&read), 3), r#"C1,"Smith, John",x"#);
        // One field too many, or a quote left open: the text in the first
        // column, the others empty.
        assert_eq!(
            row_back(
                "C1,Smith, John,x",
                Some(&fields("C1,Smith, John,x").unwrap()),
                3
            ),
            r#""C1,Smith, John,x",,"#
        );
        assert_eq!(row_back(r#"C1,"open"#, None, 3), r#""C1,""open",,"#);
        let columns = Columns::read("customer_id,name,channel,purpose").unwrap();
        let wrong = columns.request(&fields("C1,Smith, John,sms,loan_servicing").unwrap());
        assert_eq!(wrong.unwrap_err(), "the row has 5 fields and the header 4");
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused_naming_them() {
        assert!(
            Columns::read("name,channel,purpose")
                .unwrap_err()
                .contains("neither customer_id nor phone")
        );
        assert!(
            Columns::read("customer_id,purpose")
                .unwrap_err()
                .contains("no channel column")
        );
        assert!(
            Columns::read("customer_id,channel")
                .unwrap_err()
                .contains("no purpose column")
        );
    }
}
