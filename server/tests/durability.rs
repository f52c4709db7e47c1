//! Acknowledged means durable: the server is killed with SIGKILL in the
//! middle of steady traffic (decisions at 20 a second, attempts, customer
//! and preference writes from concurrent writers), started again, and
//! every write that got a 2xx is read back, as is every decision answered
//! more than a second before the kill. On SQLite, and on PostgreSQL when
//! `REACHGUARD_TEST_POSTGRES_URL` is set.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reachguard_storage::{Database, on_both_databases};

mod support;
use support::{http_get, http_send, run};

const SCOPES: &str = "decisions,contacts.write,customers.write,preferences.read,preferences.write";

/// The value of `"field":"..."` in a JSON answer.
fn field(answer: &str, name: &str) -> Option<String> {
    let rest = answer.split(&format!("\"{name}\":\"")).nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}

fn status(answer: &str) -> u16 {
    answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Everything the server acknowledged before it was killed.
#[derive(Default)]
struct Acknowledged {
    /// Decision id, and when its answer arrived.
    decisions: Vec<(String, Instant)>,
    attempts: Vec<String>,
    customers: Vec<String>,
    /// The highest preference version acknowledged for each customer.
    versions: HashMap<String, i64>,
}

async fn count(db: &Database, sql: &str, id: &str) -> i64 {
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

on_both_databases! {
    async fn every_acknowledged_write_survives_a_sigkill(test_db) {
        let url = test_db.url.clone();
        let (ok, out, err) = run(&["api-key", "create", "--name", "dialer", "--scopes", SCOPES, "--database-url", &url], "");
        assert!(ok, "{err}");
        let key = out.lines().last().unwrap().to_owned();
        let (server, port) = support::serve(&url);

        let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
        let running = Arc::new(AtomicBool::new(true));
        let mut traffic = Vec::new();
        // Decisions at 20 a second.
        traffic.push({
            let (acknowledged, running, key) = (acknowledged.clone(), running.clone(), key.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut n = 0;
                while running.load(Ordering::SeqCst) {
                    let body = format!(r#"{{"customer_id":"K{:03}","channel":"sms","purpose":"loan_servicing"}}"#, n % 5);
                    if let Ok(answer) = http_send(port, "POST", "/api/v1/decisions", &key, &body)
                        && status(&answer) == 200
                    {
                        let id = field(&answer, "decision_id").unwrap();
                        acknowledged.lock().unwrap().decisions.push((id, Instant::now()));
                    }
                    n += 1;
                    // On a schedule of one every 50 ms, however long each took.
                    let next = started + Duration::from_millis(50 * n);
                    std::thread::sleep(next.saturating_duration_since(Instant::now()));
                }
            })
        });
        // Customers, each with preference writes, and attempts: two writers.
        for writer in 0..2 {
            let (acknowledged, running, key) = (acknowledged.clone(), running.clone(), key.clone());
            traffic.push(std::thread::spawn(move || {
                let mut n = 0;
                while running.load(Ordering::SeqCst) {
                    let id = format!("K{writer}{n:04}");
                    let customer = format!(r#"{{"name":"Li Wei","phones":["+86138{writer}{n:07}"]}}"#);
                    let Ok(put) = http_send(port, "PUT", &format!("/api/v1/customers/{id}"), &key, &customer) else { break };
                    if status(&put) != 201 {
                        break;
                    }
                    acknowledged.lock().unwrap().customers.push(id.clone());
                    let preferences = r#"{"do_not_call":true,"purposes":{},"contact_windows":[],"source":"phone","actor":"staff:wang"}"#;
                    let Ok(written) = http_send_if_match(port, &format!("/api/v1/customers/{id}/preferences"), &key, preferences) else { break };
                    if status(&written) == 200 {
                        acknowledged.lock().unwrap().versions.insert(id.clone(), 2);
                    }
                    let attempt = format!(r#"{{"customer_id":"{id}","channel":"sms","purpose":"loan_servicing","outcome":"delivered","system":"w{writer}"}}"#);
                    let Ok(recorded) = http_send(port, "POST", "/api/v1/contact-attempts", &key, &attempt) else { break };
                    if status(&recorded) == 201 {
                        acknowledged.lock().unwrap().attempts.push(field(&recorded, "attempt_id").unwrap());
                    }
                    n += 1;
                }
            }));
        }
        std::thread::sleep(Duration::from_millis(4_000));
        let mut server = server;
        server.kill().unwrap(); // SIGKILL
        let killed_at = Instant::now();
        server.wait().unwrap();
        running.store(false, Ordering::SeqCst);
        for thread in traffic {
            thread.join().unwrap();
        }

        // Started again on the same database, it answers.
        let (again, port) = support::serve(&url);
        assert!(http_get(port, "/healthz").unwrap().contains(r#""answers":true"#));

        // Every thread has stopped: the lists are final.
        let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
        let old_enough: Vec<&String> = acknowledged
            .decisions
            .iter()
            .filter(|(_, at)| killed_at.duration_since(*at) > Duration::from_secs(1))
            .map(|(id, _)| id)
            .collect();
        assert!(old_enough.len() >= 20, "{} decisions a second or more before the kill", old_enough.len());
        assert!(acknowledged.attempts.len() >= 10 && acknowledged.customers.len() >= 10, "writers wrote");
        let db = &test_db.db;
        for id in old_enough {
            assert!(db.kept_decision(id).await.unwrap().is_some(), "decision {id} answered before the kill");
        }
        for id in &acknowledged.attempts {
            assert_eq!(count(db, "SELECT COUNT(*) FROM contact_attempts WHERE attempt_id = $1", id).await, 1, "attempt {id}");
        }
        for id in &acknowledged.customers {
            assert!(db.customer(id).await.unwrap().is_some(), "customer {id}");
        }
        for (id, version) in &acknowledged.versions {
            let customer = db.customer(id).await.unwrap().unwrap();
            assert!(customer.version >= *version, "{id} at version {}", customer.version);
            assert!(customer.preferences.do_not_call, "{id}'s acknowledged preference");
            assert_eq!(count(db, "SELECT COUNT(*) FROM consent_ledger WHERE customer_id = $1", id).await, 2, "{id}'s ledger");
        }
        eprintln!(
            "durability: {} decisions, {} customers, {} preference writes, {} attempts acknowledged before SIGKILL; all read back",
            acknowledged.decisions.len(),
            acknowledged.customers.len(),
            acknowledged.versions.len(),
            acknowledged.attempts.len()
        );
        support::stop(again);
    }
}

fn http_send_if_match(port: u16, path: &str, key: &str, body: &str) -> std::io::Result<String> {
    support::http_send_with(port, "PUT", path, key, &[("If-Match", "\"1\"")], body)
}
