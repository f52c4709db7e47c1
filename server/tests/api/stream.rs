//! `POST /decisions/stream` (contract section 10): NDJSON in and out, in
//! order, a bad line answered in its place, memory that does not grow with
//! the lines.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::{Value, json};
use tokio_stream::StreamExt;
use tower::ServiceExt;

use crate::helpers::TestApp;

const MON_10_SHANGHAI: &str = "2026-11-02T02:00:00Z";
const PHONE: &str = "+8613800138000";

fn line(channel: &str, purpose: &str) -> String {
    json!({"customer_id": "C001", "channel": channel, "purpose": purpose, "at": MON_10_SHANGHAI})
        .to_string()
}

fn stream_request(app: &TestApp, body: Body) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/api/v1/decisions/stream")
        .header("authorization", format!("Bearer {}", app.key))
        .header("content-type", "application/x-ndjson")
        .body(body)
        .unwrap()
}

/// The stream's answer to `body`, line by line.
async fn answers(app: &TestApp, body: impl Into<Body>) -> (StatusCode, String, Vec<Value>) {
    let response = app
        .router
        .clone()
        .oneshot(stream_request(app, body.into()))
        .await
        .unwrap();
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "every answer ends its line: {text:?}"
    );
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (status, content_type, lines)
}

/// Lines made as the body is read, counted as they are made.
fn counted_lines(total: u64, made: Arc<AtomicU64>) -> Body {
    let one = format!("{}\n", line("sms", "loan_servicing"));
    let chunks = tokio_stream::iter(0..total.div_ceil(100)).map(move |i| {
        let n = (total - i * 100).min(100);
        made.fetch_add(n, Ordering::SeqCst);
        Ok::<_, std::io::Error>(Bytes::from(one.repeat(n as usize)))
    });
    Body::from_stream(chunks)
}

/// One memory test at a time: both databases' runs share this process.
static MEASURING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// This process's resident memory, in bytes (Linux).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

on_both_databases! {
    async fn answers_come_in_order_a_bad_line_answered_in_its_place(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let body = [
            line("sms", "loan_servicing"),
            String::new(),
            "{not json".to_owned(),
            line("sms", "marketing.wealth"),
            json!({"customer_id": "C001", "channel": "fax", "purpose": "loan_servicing"}).to_string(),
            "   ".to_owned(),
            json!({"customer_id": "C404", "channel": "sms", "purpose": "loan_servicing"}).to_string(),
            // The last line needs no newline.
            line("voice", "collections"),
        ]
        .join("\n");
        let (status, content_type, lines) = answers(&app, body).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "application/x-ndjson");
        // Eight lines, two of them blank: six answers.
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert_eq!(lines[0]["allowed"], true);
        assert_eq!(lines[1]["line"], 3);
        assert_eq!(lines[1]["problem"]["status"], 400);
        assert_eq!(lines[2]["reasons"][0]["code"], "opted_out");
        assert_eq!(lines[3]["line"], 5);
        assert_eq!(lines[3]["problem"]["status"], 422);
        assert_eq!(lines[3]["problem"]["errors"][0]["field"], "channel");
        assert_eq!(lines[4]["reasons"][0]["code"], "unknown_customer");
        assert_eq!(lines[5]["allowed"], true);

        // Every answer is kept like any decision.
        app.state.services.decision_log.flush().await;
        for answer in [&lines[0], &lines[2], &lines[5]] {
            let id = answer["decision_id"].as_str().unwrap();
            let kept = app.call(Method::GET, &format!("/api/v1/decisions/{id}"), None).await;
            assert_eq!(kept.status, StatusCode::OK);
            assert_eq!(&kept.body["answer"], answer);
        }
    }

    async fn an_empty_body_gets_an_empty_answer(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let (status, _, lines) = answers(&app, "").await;
        assert_eq!((status, lines.len()), (StatusCode::OK, 0));
        let (status, _, lines) = answers(&app, "\n\n  \n").await;
        assert_eq!((status, lines.len()), (StatusCode::OK, 0));
    }

    async fn a_stream_needs_a_key_with_the_decisions_scope(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let key = app.key_with("reader", "preferences.read").await;
        let mut request = stream_request(&app, Body::from(line("sms", "loan_servicing")));
        request.headers_mut().insert("authorization", format!("Bearer {key}").parse().unwrap());
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(reply.content_type(), "application/problem+json");
    }

    async fn a_client_that_stops_reading_stops_the_reading_of_its_body(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let made = Arc::new(AtomicU64::new(0));
        let total = 100_000;
        let response = app
            .router
            .clone()
            .oneshot(stream_request(&app, counted_lines(total, made.clone())))
            .await
            .unwrap();
        let mut body = response.into_body();
        // One frame of answers read, then nothing.
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert!(first.ends_with(b"\n"));
        let mut read = made.load(Ordering::SeqCst);
        loop {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let now = made.load(Ordering::SeqCst);
            if now == read {
                break;
            }
            read = now;
        }
        // The answers waiting for the client are a few chunks' worth; the
        // rest of the body is not read.
        assert!(read < 10_000, "{read} of {total} lines were read");
        // Other requests are answered meanwhile; when the client goes, the
        // stream ends.
        let other = app.decide(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing"})).await;
        assert_eq!(other.status, StatusCode::OK);
        drop(body);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(made.load(Ordering::SeqCst), read, "nothing more is read once the client is gone");
    }

    async fn two_hundred_thousand_lines_in_a_memory_that_does_not_grow_with_them(test_db) {
        let _alone = MEASURING.lock().await;
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        // Warm up: the first answers set up what every later one uses.
        let (_, _, warm) = answers(&app, (0..2_000).map(|_| line("sms", "loan_servicing") + "\n").collect::<String>()).await;
        assert_eq!(warm.len(), 2_000);
        app.state.services.decision_log.flush().await;
        let before = resident_bytes();
        let total = 200_000;
        let made = Arc::new(AtomicU64::new(0));
        let response = app
            .router
            .clone()
            .oneshot(stream_request(&app, counted_lines(total, made.clone())))
            .await
            .unwrap();
        let mut body = response.into_body();
        let (mut lines, mut allowed, mut peak) = (0u64, 0u64, before);
        let mut partial = Vec::new();
        while let Some(frame) = body.frame().await {
            let data = frame.unwrap().into_data().unwrap();
            partial.extend_from_slice(&data);
            while let Some(end) = partial.iter().position(|b| *b == b'\n') {
                let answer: Value = serde_json::from_slice(&partial[..end]).unwrap();
                allowed += u64::from(answer["allowed"] == true);
                lines += 1;
                partial.drain(..=end);
            }
            if lines % 20_000 < 1_000 {
                peak = peak.max(resident_bytes());
            }
        }
        app.state.services.decision_log.flush().await;
        let after = resident_bytes();
        println!(
            "200,000 lines: resident {} MB before, {} MB at most while streaming, {} MB after",
            before >> 20,
            peak.max(after) >> 20,
            after >> 20
        );
        assert_eq!((lines, allowed), (total, total));
        // Kept whole, the answers alone would take over 100 MB.
        assert!(peak.max(after) < before + 64 * 1024 * 1024, "grew from {before} to {peak} bytes");
    }
}
