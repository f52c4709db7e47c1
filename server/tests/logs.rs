//! What the server writes to its log: JSON lines when asked, each written
//! while serving a request carrying its id, and never a customer's data or
//! the database's password.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

mod support;
use support::{http_get, http_send, reachguard, run};

const NAME: &str = "Ouyang Mingyue";
const PHONE: &str = "+8613912345678";
const EMAIL: &str = "mingyue@example.cn";
const CUSTOMER: &str = "PIICHECK01";

#[test]
fn json_logs_carry_request_ids_and_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("logs.db").display());
    let (ok, out, err) = run(
        &[
            "api-key",
            "create",
            "--name",
            "crm",
            "--scopes",
            "decisions,customers.write,preferences.read,contacts.write",
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(ok, "{err}");
    let key = out.lines().last().unwrap().to_owned();

    let (mut server, port) = support::serve_with(&url, &[], |command| {
        // Debug shows a line for every request answered.
        command
            .env(
                "REACHGUARD_LOG",
                "debug,sqlx=warn,hyper=warn,tower_sessions=warn",
            )
            .env("REACHGUARD_LOG_FORMAT", "json")
            .stderr(Stdio::piped());
    });
    let stderr = BufReader::new(server.stderr.take().unwrap());
    let log = std::thread::spawn(move || stderr.lines().map_while(Result::ok).collect::<Vec<_>>());

    let customer = format!(r#"{{"name":"{NAME}","phones":["{PHONE}"],"email":"{EMAIL}"}}"#);
    let put = http_send(
        port,
        "PUT",
        &format!("/api/v1/customers/{CUSTOMER}"),
        &key,
        &customer,
    )
    .unwrap();
    assert!(put.starts_with("HTTP/1.0 201"), "{put}");
    let decision =
        format!(r#"{{"customer_id":"{CUSTOMER}","channel":"voice","purpose":"loan_servicing"}}"#);
    http_send(port, "POST", "/api/v1/decisions", &key, &decision).unwrap();
    // Bad input echoes nothing of itself into the log either.
    let bad = format!(r#"{{"name":"{NAME}","phones":["{PHONE}x"],"email":"{EMAIL}"}}"#);
    let refused = http_send(
        port,
        "PUT",
        &format!("/api/v1/customers/{CUSTOMER}"),
        &key,
        &bad,
    )
    .unwrap();
    assert!(refused.starts_with("HTTP/1.0 422"), "{refused}");
    let attempt = format!(
        r#"{{"customer_id":"{CUSTOMER}","channel":"voice","purpose":"loan_servicing","outcome":"connected"}}"#
    );
    http_send(port, "POST", "/api/v1/contact-attempts", &key, &attempt).unwrap();
    http_get(port, &format!("/my/preferences?c={CUSTOMER}")).unwrap();

    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());
    let lines = log.join().unwrap();

    let mut request_lines = 0;
    for line in &lines {
        for personal in [NAME, PHONE, "13912345678", EMAIL, CUSTOMER] {
            assert!(!line.contains(personal), "{personal} in the log: {line}");
        }
        // Leptos's reactive graph prints this diagnostic to standard error
        // itself, in debug builds only, when a page render races the
        // router's URL signal (now and then, not on every run). It is not
        // Reachguard's log and release builds never print it.
        if line.contains("outside a reactive tracking context") {
            continue;
        }
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(
            entry["level"].is_string() && entry["timestamp"].is_string(),
            "{line}"
        );
        for personal in [NAME, PHONE, "13912345678", EMAIL, CUSTOMER] {
            assert!(!line.contains(personal), "{personal} in the log: {line}");
        }
        if let Some(span) = entry.get("span").filter(|s| s["name"] == "request") {
            request_lines += 1;
            assert!(
                span["id"].as_str().is_some_and(|id| id.len() == 36),
                "{line}"
            );
            assert!(span["route"].is_string(), "{line}");
        }
    }
    assert!(
        request_lines >= 5,
        "a line per request answered: {lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(r#""route":"/api/v1/customers/{customer_id}""#)),
        "{lines:#?}"
    );
}

#[test]
fn help_never_shows_the_database_password_from_the_environment() {
    let output = reachguard()
        .args(["serve", "--help"])
        .env(
            "DATABASE_URL",
            "postgres://bank:hunter2-secret@db.internal/reachguard",
        )
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("--database-url"), "{help}");
    assert!(!help.contains("hunter2-secret"), "{help}");
}
