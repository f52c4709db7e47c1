//! `reachguard backup` copies a serving SQLite database, and the copy, put
//! in place of the database, holds every record.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use reachguard_storage::Database;

mod support;
use support::{http_post, run, serve, stop};

#[test]
fn a_backup_taken_while_serving_holds_every_record_written_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let url = format!("sqlite://{}", live.display());
    let (ok, printed, err) = run(&["demo", "--database-url", &url], "");
    assert!(ok, "{err}");
    let key = printed.lines().last().unwrap().to_owned();
    // The demo's records as they stood before serving.
    let before = dir.path().join("before.db");
    let (ok, _, err) = run(
        &[
            "backup",
            &before.display().to_string(),
            "--database-url",
            &url,
        ],
        "",
    );
    assert!(ok, "{err}");

    let (server, port) = serve(&url);
    // A dialer records attempts throughout the backup.
    let writing = Arc::new(AtomicBool::new(true));
    let acknowledged_before_backup = Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = {
        let (writing, acknowledged, key) = (
            writing.clone(),
            acknowledged_before_backup.clone(),
            key.clone(),
        );
        std::thread::spawn(move || {
            let mut n = 0;
            while writing.load(Ordering::SeqCst) {
                let answer = http_post(
                    port,
                    "/api/v1/contact-attempts",
                    &key,
                    r#"{"customer_id":"DEMO0010","channel":"sms","purpose":"loan_servicing","outcome":"delivered","system":"backup-test"}"#,
                )
                .unwrap();
                assert!(answer.starts_with("HTTP/1.0 201"), "{answer}");
                let id = answer
                    .split("\"attempt_id\":\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap()
                    .to_owned();
                acknowledged.lock().unwrap().push(id);
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let acknowledged: Vec<String> = acknowledged_before_backup.lock().unwrap().clone();
    let copy = dir.path().join("copy.db");
    let copy_arg = copy.display().to_string();
    let (ok, out, err) = run(&["backup", &copy_arg, "--database-url", &url], "");
    assert!(ok, "{err}");
    assert_eq!(out.trim(), format!("backed up to {copy_arg}"));
    writing.store(false, Ordering::SeqCst);
    let written = writer.join().unwrap();
    stop(server);
    assert!(
        written > acknowledged.len(),
        "attempts went on during the backup"
    );
    assert!(!acknowledged.is_empty());

    // Only its owner may read it: it holds password hashes and sessions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // A mistyped database is an error, never a backup of an empty one.
    let missing = format!("sqlite://{}", dir.path().join("no-such.db").display());
    let elsewhere = dir.path().join("elsewhere.db").display().to_string();
    let (ok, _, err) = run(&["backup", &elsewhere, "--database-url", &missing], "");
    assert!(!ok);
    assert!(
        err.starts_with("reachguard: cannot open the database"),
        "{err}"
    );
    assert!(!dir.path().join("no-such.db").exists() && !dir.path().join("elsewhere.db").exists());

    // A backup never overwrites a file.
    let (ok, _, err) = run(&["backup", &copy_arg, "--database-url", &url], "");
    assert!(!ok);
    assert_eq!(
        err.trim(),
        format!("reachguard: `{copy_arg}` already exists: a backup never overwrites a file")
    );

    // Restore: the copy, put in place of a database, is what serve opens.
    let restored = dir.path().join("restored.db");
    std::fs::rename(&copy, &restored).unwrap();
    let restored_url = format!("sqlite://{}", restored.display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = Database::connect(&restored_url).await.unwrap();
        let Database::Sqlite(pool) = &db else {
            unreachable!()
        };
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");

        // Every row of every table the demo wrote is there, as it was. Two
        // tables change in place while serving: api_clients (a key's last
        // use) and audit_head (the chain's end, checked by verifying the
        // chain below).
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("ATTACH DATABASE ?1 AS before")
            .bind(before.display().to_string())
            .execute(&mut *conn)
            .await
            .unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM before.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert!(tables.len() >= 16, "{tables:?}");
        for (table,) in tables.iter().filter(|(t,)| t != "audit_head") {
            let columns = if table == "api_clients" {
                "client_id, name, key_hash, scopes, created_at, revoked_at"
            } else {
                "*"
            };
            let (rows,): (i64,) =
                sqlx::query_as(&format!("SELECT COUNT(*) FROM before.\"{table}\""))
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap();
            let (missing,): (i64,) = sqlx::query_as(&format!(
                "SELECT COUNT(*) FROM (SELECT {columns} FROM before.\"{table}\"
                 EXCEPT SELECT {columns} FROM main.\"{table}\")"
            ))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
            assert_eq!(missing, 0, "{missing} of {rows} rows of {table} missing");
        }
        drop(conn);

        // Every attempt acknowledged before the backup began.
        for id in &acknowledged {
            let (found,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM contact_attempts WHERE attempt_id = ?1")
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap();
            assert_eq!(found, 1, "attempt {id} acknowledged before the backup");
        }
        let verification = reachguard_core::audit::verify_chain(&db).await.unwrap();
        assert_eq!(verification.first_break, None);
        assert!(verification.verified > 0);
        db.close().await;
    });
}

#[test]
fn postgres_is_backed_up_with_pg_dump() {
    let (ok, _, err) = run(
        &[
            "backup",
            "/tmp/never-written.db",
            "--database-url",
            "postgres://bank:secret@127.0.0.1:1/reachguard",
        ],
        "",
    );
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "reachguard: reachguard backup copies SQLite databases; back up PostgreSQL with pg_dump \
         (pg_dump --format=custom --file=FILE DATABASE_URL) and restore with pg_restore"
    );
    assert!(!std::path::Path::new("/tmp/never-written.db").exists());
}
