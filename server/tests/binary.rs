//! The `reachguard` binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod support;
use std::time::{Duration, Instant};
use support::{free_port, http_get, http_post, reachguard, run};

#[test]
fn an_unsupported_database_url_gets_one_clear_line_and_a_failing_exit() {
    let output = reachguard()
        .args(["serve", "--database-url", "mysql://localhost/bank"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("reachguard: unsupported database URL"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Links in messages are built on the public address: a server that cannot
/// build a working one refuses to start, saying why in one line.
#[test]
fn serve_refuses_a_public_address_that_would_give_customers_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    for (flags, says) in [
        (vec!["--addr", "0.0.0.0:0"], "set --public-url"),
        (
            vec!["--public-url", "http://bank.example", "--secure-cookies"],
            "must begin with https://",
        ),
        (vec!["--public-url", "bank.example"], "is not an address"),
        (vec!["--trusted-proxies", "10.0.0.0/33"], "10.0.0.0/33"),
    ] {
        let output = reachguard()
            .args(["serve", "--database-url", &url])
            .args(&flags)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{flags:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(says), "{flags:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn an_unreachable_database_gets_one_clear_line_and_a_failing_exit() {
    let output = reachguard()
        .args([
            "serve",
            "--database-url",
            "postgres://bank:secret@127.0.0.1:1/reachguard",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("reachguard: cannot open the database"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn serve_creates_its_sqlite_file_answers_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = reachguard()
        .current_dir(dir.path())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let log = std::thread::spawn(move || stderr.lines().map_while(Result::ok).collect::<Vec<_>>());

    let deadline = Instant::now() + Duration::from_secs(30);
    let body = loop {
        if let Ok(body) = http_get(port, "/healthz") {
            break body;
        }
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(body.contains(r#""answers":true"#), "{body}");
    assert!(
        dir.path().join("reachguard.db").exists(),
        "the default database is created in the working folder"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status}");
    let log = log.join().unwrap().join("\n");
    assert!(log.contains("Reachguard has stopped"), "{log}");
}

#[test]
fn decisions_answered_just_before_sigterm_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kept.db").display());
    let made = reachguard()
        .args([
            "api-key",
            "create",
            "--name",
            "auditor-check",
            "--scopes",
            "decisions",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let stdout = String::from_utf8(made.stdout).unwrap();
    let key = stdout.lines().last().unwrap().to_owned();
    assert!(
        key.starts_with("rg_"),
        "the key is alone on the last line: {stdout}"
    );

    let port = free_port();
    let mut child = reachguard()
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            &url,
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http_get(port, "/healthz").is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        std::thread::sleep(Duration::from_millis(100));
    }
    let answer = http_post(
        port,
        "/api/v1/decisions",
        &key,
        r#"{"customer_id":"C001","channel":"sms","purpose":"loan_servicing"}"#,
    )
    .unwrap();
    let decision_id = answer
        .split("\"decision_id\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let kept = runtime.block_on(async {
        let db = reachguard_storage::Database::connect(&url).await.unwrap();
        db.kept_decision(&decision_id).await.unwrap()
    });
    let kept = kept.expect("the decision was written before the server stopped");
    assert_eq!(kept.client, "auditor-check");
}

#[test]
fn demo_loads_into_an_empty_database_only_and_the_commands_act_on_its_customers() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let (ok, first, err) = run(&["demo", "--database-url", &url], "");
    assert!(ok, "{err}");
    assert!(first.contains("loaded 200 demo customers"), "{first}");
    assert!(
        first.lines().last().unwrap().starts_with("rg_"),
        "the key is alone on the last line: {first}"
    );
    let (ok, again, err) = run(&["demo", "--database-url", &url], "");
    assert!(!ok, "a second load is refused: {again}");
    assert_eq!(
        err.trim(),
        "reachguard: the database already holds 200 customers: demo data goes only into an empty database"
    );
    assert!(
        first.contains("borrowers DEMO0001, DEMO0002, DEMO0003 sign in at /signin with the password harbour-lantern-42"),
        "{first}"
    );
    // Each staff account has its own random password and set-up code,
    // printed once.
    let staff_passwords: Vec<(String, String, String)> = first
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_once(": "))
        .filter_map(|(user, rest)| {
            let (password, code) = rest.split_once(" set-up code ")?;
            Some((user.to_owned(), password.to_owned(), code.to_owned()))
        })
        .collect();
    let users: Vec<&str> = staff_passwords.iter().map(|(u, _, _)| u.as_str()).collect();
    assert_eq!(
        users,
        ["admin", "supervisor", "agent", "auditor"],
        "{first}"
    );
    let mut passwords: Vec<&str> = staff_passwords.iter().map(|(_, p, _)| p.as_str()).collect();
    assert!(passwords.iter().all(|p| p.len() == 16), "{passwords:?}");
    passwords.dedup();
    assert_eq!(passwords.len(), 4, "no two alike: {passwords:?}");
    assert!(
        first.contains("borrower DEMO0004 can activate a login at /activate with the code"),
        "{first}"
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (policy, customer, signs_in, staff_signs_in) = runtime.block_on(async {
        use axum_login::AuthnBackend;
        let db = reachguard_storage::Database::connect(&url).await.unwrap();
        let staff = reachguard_core::staff::StaffBackend::new(
            db.clone(),
            Default::default(),
            reachguard_core::secrets::SecretKey::generate(),
        );
        let (username, password, setup_code) = staff_passwords[3].clone();
        // The printed password and set-up code take the auditor to setting
        // up an authenticator app.
        let staff_signs_in = matches!(
            staff
                .authenticate(reachguard_core::staff::StaffCredentials {
                    username,
                    password,
                    setup_code,
                    ..Default::default()
                })
                .await,
            Err(reachguard_core::staff::StaffSignInError::SetUp { .. })
        );
        let backend = reachguard_core::signin::BorrowerBackend::new(db.clone(), Default::default());
        let signs_in = backend
            .authenticate(reachguard_core::signin::Credentials {
                login: "DEMO0002".into(),
                password: "harbour-lantern-42".into(),
                address: None,
            })
            .await
            .unwrap()
            .is_some();
        (
            db.current_policy().await.unwrap(),
            db.customer("DEMO0200").await.unwrap(),
            signs_in,
            staff_signs_in,
        )
    });
    assert!(
        staff_signs_in,
        "the auditor signs in with the password printed"
    );
    assert!(
        signs_in,
        "a demo borrower signs in with the printed password"
    );
    assert_eq!(
        policy.label(),
        "cn@2",
        "the demo bank's own policy is a new version"
    );
    assert!(customer.is_some());

    let (ok, out, err) = run(
        &["customer", "invite", "DEMO0007", "--database-url", &url],
        "",
    );
    assert!(ok, "{err}");
    let code = out.lines().last().unwrap();
    assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX on the last line: {out}");
    let (ok, _, err) = run(
        &["customer", "invite", "NOBODY", "--database-url", &url],
        "",
    );
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "reachguard: no customer has the number `NOBODY`"
    );

    let (ok, out, err) = run(
        &[
            "staff",
            "create",
            "--username",
            "zhao",
            "--role",
            "auditor",
            "--database-url",
            &url,
        ],
        "a long enough password\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("zhao (auditor)"));
    let (ok, _, err) = run(
        &[
            "staff",
            "create",
            "--username",
            "qian",
            "--role",
            "agent",
            "--database-url",
            &url,
        ],
        "short\n",
    );
    assert!(!ok);
    assert!(err.contains("at least 12 characters"), "{err}");
    let (ok, _, err) = run(
        &[
            "staff",
            "create",
            "--username",
            "zhao",
            "--role",
            "agent",
            "--database-url",
            &url,
        ],
        "a long enough password\n",
    );
    assert!(!ok);
    assert!(err.contains("already exists"), "{err}");

    let (ok, _, err) = run(
        &[
            "api-key",
            "create",
            "--name",
            "crm",
            "--scopes",
            "decisions,everything",
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(!ok);
    assert!(err.contains("unknown scope `everything`"), "{err}");
}

/// `--metrics-addr` serves `/metrics` on an address of its own (for the
/// monitoring network only), and the public address no longer does.
#[test]
fn metrics_move_to_their_own_address_when_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    let (server, port) = support::serve(&url);
    let public = support::http_get(port, "/metrics").unwrap();
    assert!(
        public.contains(" 200 ") && public.ends_with("# EOF\n"),
        "{public}"
    );
    support::stop(server);

    let metrics_port = support::free_port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let (server, port) = support::serve_with(&url, &["--metrics-addr", &metrics_addr], |_| {});
    let public = support::http_get(port, "/metrics").unwrap();
    assert!(public.contains(" 404 "), "{public}");
    let private = support::http_get(metrics_port, "/metrics").unwrap();
    assert!(
        private.contains(" 200 ") && private.contains("reachguard_db_connections"),
        "{private}"
    );
    support::stop(server);
}

#[test]
fn policy_show_prints_the_version_in_force_and_what_if_replays_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("policy.db").display());
    let (ok, _, err) = run(&["demo", "--database-url", &url], "");
    assert!(ok, "{err}");
    let (ok, shown, err) = run(&["policy", "show", "--database-url", &url], "");
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["pack"], "cn");
    assert!(shown["version"].as_i64().unwrap() >= 1, "{shown}");
    assert!(shown["settings"].is_object(), "{shown}");

    // A draft narrowing marketing hours, as `settings` is shaped.
    let draft = dir.path().join("draft.json");
    std::fs::write(
        &draft,
        r#"{"marketing_hours": {"start": "10:00", "end": "20:00"}}"#,
    )
    .unwrap();
    let (ok, out, err) = run(
        &[
            "policy",
            "what-if",
            draft.to_str().unwrap(),
            "--days",
            "30",
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(ok, "{err}");
    let result: serde_json::Value = serde_json::from_str(&out).unwrap();
    let decisions = result["decisions"].as_u64().unwrap();
    let changed = result["changed"].as_u64().unwrap();
    assert!(
        decisions > 0,
        "the demo keeps four weeks of decisions: {result}"
    );
    assert_eq!(
        changed,
        result["allowed_to_denied"].as_u64().unwrap()
            + result["denied_to_allowed"].as_u64().unwrap()
    );
    assert!(result["examples"].as_array().unwrap().len() <= 20);
    for key in ["by_purpose", "by_channel", "by_reason", "by_system"] {
        assert!(result[key].is_object(), "{key}: {result}");
    }

    // Looser than the pack: refused, naming the rule, and nothing changes.
    std::fs::write(
        &draft,
        r#"{"marketing_hours": {"start": "07:00", "end": "21:00"}}"#,
    )
    .unwrap();
    let (ok, _, err) = run(
        &[
            "policy",
            "what-if",
            draft.to_str().unwrap(),
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(!ok);
    assert!(err.contains("marketing_hours"), "{err}");
    let (_, again, _) = run(&["policy", "show", "--database-url", &url], "");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&again).unwrap(),
        shown
    );
    // Not settings at all: one clear line.
    std::fs::write(&draft, "not json").unwrap();
    let (ok, _, err) = run(
        &[
            "policy",
            "what-if",
            draft.to_str().unwrap(),
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(!ok && err.contains("is not policy settings"), "{err}");
}
