//! Retention deletes what is past its time, in batches, and nothing else.

use chrono::{Duration, TimeZone, Utc};
use reachguard_core::retention::{Pruned, prune};
use reachguard_domain::{Actor, Channel, CustomerId, Outcome, Phone, PolicyPack};
use reachguard_storage::{
    ComplaintRecord, ContactData, Database, IdempotencyKey, KeptDecision, NewAttempt,
    on_both_databases,
};

async fn customer(db: &Database) {
    let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
    let contact = ContactData {
        name: "Li Wei".into(),
        phones: vec![Phone::parse("+8613800138001").unwrap()],
        email: None,
        time_zone: Some(chrono_tz::Asia::Shanghai),
        language: None,
    };
    db.put_customer(
        &CustomerId::parse("C001").unwrap(),
        &contact,
        &policy,
        &Actor::System("crm".into()),
    )
    .await
    .unwrap();
}

fn attempt(id: &str, at: i64) -> NewAttempt {
    NewAttempt {
        attempt_id: id.into(),
        customer_id: "C001".into(),
        at,
        channel: Channel::Voice,
        purpose: "loan_servicing".parse().unwrap(),
        outcome: Outcome::Connected,
        system: Some("dialer".into()),
        decision_id: None,
        allowed: true,
        policy: "cn@1".into(),
        reasons: "[]".into(),
        recorded_at: at,
        recorded_by: "dialer".into(),
    }
}

/// The decision id (a uuid) this test names `name` (six letters at most).
fn id(name: &str) -> String {
    let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
    format!("0190a0b0-0000-7000-8000-{hex:0>12}")
}

fn decision(name: &str, at: i64) -> KeptDecision {
    KeptDecision {
        decision_id: id(name),
        decided_at: at,
        client: "dialer".into(),
        customer_id: Some("C001".into()),
        allowed: true,
        reasons: 0,
        kept: r#"{"c":"sms","p":"collections","v":"cn@1"}"#.into(),
    }
}

async fn count(db: &Database, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
    }
}

on_both_databases! {
    async fn records_past_their_time_are_deleted_in_batches_and_nothing_else(test_db) {
        let db = &test_db.db;
        customer(db).await;
        let now = Utc.with_ymd_and_hms(2031, 6, 1, 0, 0, 0).unwrap();
        let old = (now - Duration::days(5 * 365 + 10)).timestamp();
        let recent = (now - Duration::days(20)).timestamp();
        let older_than_a_month = (now - Duration::days(40)).timestamp();

        let mut decisions: Vec<KeptDecision> = (0..7).map(|n| decision(&format!("old{n}"), old + n)).collect();
        decisions.push(decision("recent", recent));
        db.keep_decisions(&decisions).await.unwrap();
        for n in 0..5 {
            db.record_attempt(&attempt(&format!("a-old{n}"), old + n)).await.unwrap();
        }
        db.record_attempt(&attempt("a-recent", recent)).await.unwrap();
        // An old attempt a borrower complained about stays with the
        // complaint, and so does the decision it cites.
        db.keep_decisions(&[decision("cited", old)]).await.unwrap();
        let mut complained = attempt("a-complained", old);
        complained.decision_id = Some(id("cited"));
        db.record_attempt(&complained).await.unwrap();
        db.insert_complaint(&ComplaintRecord {
            complaint_id: "K1".into(),
            customer_id: "C001".into(),
            attempt_id: Some("a-complained".into()),
            category: "wrong_time".into(),
            details: "called at dinner".into(),
            status: "closed".into(),
            received_at: old,
            due_at: old,
            extended_reason: None,
            assignee: None,
            answer: None,
            answered_at: None,
        })
        .await
        .unwrap();
        // Idempotency keys: one from 40 days ago, one from 20.
        for (key, at) in [("k-old", older_than_a_month), ("k-recent", recent)] {
            let key = IdempotencyKey { client: "dialer".into(), key: key.into(), fingerprint: "f".into() };
            db.record_attempt_once(&attempt(&format!("a-{}", key.key), at), &key).await.unwrap();
        }

        // Links: three expired before now, one still working.
        for (n, expires) in [(0, recent), (1, recent + 1), (2, recent + 2), (3, (now + Duration::days(1)).timestamp())] {
            db.create_links(&[reachguard_storage::NewLink {
                token_hash: format!("hash{n}"),
                customer_id: "C001".into(),
                purpose: None,
                channel: None,
                created_at: expires - 30 * 86_400,
                expires_at: expires,
                created_by: "mailer".into(),
            }])
            .await
            .unwrap();
        }

        // SMS messages: three recorded over five years ago, one recently.
        for (n, at) in [(0, old), (1, old + 1), (2, old + 2), (3, recent)] {
            let sql = format!(
                "INSERT INTO inbound_messages (client, message_id, received_at, recorded_at, from_phone, text, customer_id, action, purposes)
                 VALUES ('gateway', 'm{n}', {at}, {at}, '+8613800138000', 'hello', NULL, 'unknown_number', '[]')"
            );
            match db {
                Database::Sqlite(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
                Database::Postgres(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
            }
            .unwrap();
        }

        // Wrong passwords: one count whose last try was two days ago, one
        // from an hour ago, and one two days old whose lock runs on.
        for (login, last, until) in [("old", 2 * 86_400, None), ("recent", 3_600, None), ("locked", 2 * 86_400, Some(now.timestamp() + 600))] {
            let sql = format!(
                "INSERT INTO signin_tries (kind, login, failures, last_failed_at, locked_until) VALUES ('borrower', '{login}', 3, {}, {})",
                now.timestamp() - last,
                until.map_or("NULL".to_owned(), |u: i64| u.to_string()),
            );
            match db {
                Database::Sqlite(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
                Database::Postgres(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
            }
            .unwrap();
        }

        let ledger = count(db, "consent_ledger").await;
        // Batches of 2: several rounds each.
        let pruned = prune(db, 5 * 365 + 1, now, 2).await.unwrap();
        assert_eq!(pruned, Pruned { decisions: 7, attempts: 5, idempotency_keys: 1, links: 3, inbound_messages: 3, signin_tries: 1 });
        assert_eq!(count(db, "signin_tries").await, 2, "a recent count and a running lock stay");
        assert_eq!(count(db, "inbound_messages").await, 1);
        assert!(db.link("hash3").await.unwrap().is_some(), "a link still working stays");
        assert!(db.kept_decision(&id("recent")).await.unwrap().is_some());
        assert!(db.kept_decision(&id("old0")).await.unwrap().is_none());
        assert!(db.kept_decision(&id("cited")).await.unwrap().is_some(), "a complaint's evidence");
        assert_eq!(count(db, "decisions").await, 2);
        // Recent, complained about, and the two made with keys (within 5 years).
        assert_eq!(count(db, "contact_attempts").await, 4);
        assert_eq!(count(db, "attempt_idempotency").await, 1);
        assert_eq!(count(db, "complaints").await, 1);
        assert_eq!(count(db, "consent_ledger").await, ledger, "the ledger is kept");

        // A second run finds nothing.
        assert_eq!(prune(db, 5 * 365 + 1, now, 2).await.unwrap(), Pruned::default());
    }
}
