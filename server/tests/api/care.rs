//! Extra care through the API (contract section 7), on both databases:
//! `PUT`/`DELETE /api/v1/customers/{id}/protection`, the read-only field in
//! the preference document, and decisions that say `protected_customer`.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use reachguard_domain::{CustomerId, PolicyPack};
use reachguard_storage::on_both_databases;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp};

impl TestApp {
    async fn protect(&self, id: &str, body: Value) -> Reply {
        self.call(
            Method::PUT,
            &format!("/api/v1/customers/{id}/protection"),
            Some(body),
        )
        .await
    }

    async fn unprotect(&self, id: &str) -> Reply {
        self.call(
            Method::DELETE,
            &format!("/api/v1/customers/{id}/protection"),
            None,
        )
        .await
    }

    async fn document(&self, id: &str) -> Reply {
        self.call(
            Method::GET,
            &format!("/api/v1/customers/{id}/preferences"),
            None,
        )
        .await
    }
}

fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days)).to_rfc3339()
}

fn care(days: i64) -> Value {
    json!({"reason": "financial_hardship", "until": in_days(days),
           "note": "lost job, asked for fewer calls", "actor": "system:collections"})
}

/// Tomorrow at `hour`:`minute` in Shanghai, as an instant.
fn tomorrow_in_shanghai(hour: u32, minute: u32) -> DateTime<Utc> {
    let zone = chrono_tz::Asia::Shanghai;
    let day = (Utc::now() + Duration::days(1))
        .with_timezone(&zone)
        .date_naive();
    zone.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc)
}

on_both_databases! {
    async fn each_bad_field_of_extra_care_is_named(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let cases: [(Value, &str); 7] = [
            (json!({"reason": "sad", "until": in_days(30), "actor": "system:x"}), "reason"),
            (json!({"reason": "illness", "until": in_days(-1), "actor": "system:x"}), "until"),
            (json!({"reason": "illness", "until": in_days(367), "actor": "system:x"}), "until"),
            (json!({"reason": "illness", "until": in_days(30), "note": "x".repeat(501), "actor": "system:x"}), "note"),
            (json!({"reason": "illness", "until": in_days(30), "note": "a\u{202e}b", "actor": "system:x"}), "note"),
            (json!({"reason": "illness", "until": in_days(30), "actor": "customer"}), "actor"),
            (json!({"reason": "illness", "until": in_days(30), "actor": "nobody"}), "actor"),
        ];
        for (body, field) in cases {
            let reply = app.protect("C001", body.clone()).await;
            assert!(reply.status.is_client_error(), "{body}: {}", reply.body);
            assert_eq!(reply.fields(), [field], "{body}");
        }
        let reply = app.protect("NOBODY", care(30)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        let reply = app.protect("C%201", care(30)).await;
        assert_eq!(reply.fields(), ["customer_id"]);
        // Nothing was kept by any of them.
        assert_eq!(app.document("C001").await.body["protection"], Value::Null);
        let key = app.key_with("no-care", "decisions,preferences.read").await;
        let reply = app.call_as(&key, Method::PUT, "/api/v1/customers/C001/protection", Some(care(30)), &[]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }

    async fn extra_care_shows_read_only_in_the_document_and_a_change_keeps_since(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.protect("C001", care(30)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let since = reply.body["since"].clone();
        let document = app.document("C001").await;
        assert_eq!(document.body["protection"]["reason"], "financial_hardship");
        assert_eq!(document.body["protection"]["since"], since);
        // Sent back with the document, it is ignored: the write succeeds and
        // the care stays as it was.
        let reply = app.set_preferences("C001", json!({"protection": {"reason": "other", "since": in_days(-9), "until": in_days(1)}, "max_calls_per_week": 2})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(app.document("C001").await.body["protection"]["reason"], "financial_hardship");
        // A change keeps since.
        let reply = app.protect("C001", json!({"reason": "illness", "until": in_days(60), "actor": "staff:wang"})).await;
        assert_eq!((reply.body["since"].clone(), reply.body["reason"].clone()), (since, json!("illness")));
        let changes = app.state.services.db.care_changes(&CustomerId::parse("C001").unwrap()).await.unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].actor, "staff:wang");
        let audit = app.state.services.db.audit_entries(&Default::default(), None, 100).await.unwrap();
        assert_eq!(audit.iter().filter(|e| e.action == "customer.care_set" && e.subject == "C001").count(), 2);
    }

    async fn decisions_say_protected_customer_while_care_holds_and_not_before(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.set_preferences("C001", json!({"purposes": {"marketing.wealth": {"channels": ["sms"]}}})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let marketing_at = |at: DateTime<Utc>| json!({"customer_id": "C001", "channel": "sms", "purpose": "marketing.wealth", "at": at.to_rfc3339()});
        let noon = tomorrow_in_shanghai(12, 0);
        assert!(app.decide(marketing_at(noon)).await.body["allowed"].as_bool().unwrap());
        assert_eq!(app.protect("C001", care(30)).await.status, StatusCode::OK);
        let denied = app.decide(marketing_at(noon)).await;
        assert_eq!(denied.codes(), ["protected_customer"], "{}", denied.body);
        // An instant before it was set is decided as it was.
        let before = Utc::now() - Duration::hours(2);
        let earlier = app.decide(marketing_at(before)).await;
        assert!(!earlier.codes().contains(&"protected_customer".to_owned()), "{}", earlier.body);
        // Collections by voice: from 10:00 only, and next_allowed_at says so.
        let early = app.decide(json!({"customer_id": "C001", "channel": "voice", "purpose": "collections", "at": tomorrow_in_shanghai(8, 30).to_rfc3339()})).await;
        assert_eq!(early.codes(), ["protected_customer"], "{}", early.body);
        let next: DateTime<Utc> = serde_json::from_value(early.body["next_allowed_at"].clone()).unwrap();
        assert_eq!(next, tomorrow_in_shanghai(10, 0));
    }

    async fn ending_extra_care_twice_is_204_both_times(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        assert_eq!(app.protect("C001", care(30)).await.status, StatusCode::OK);
        for _ in 0..2 {
            let reply = app.unprotect("C001").await;
            assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
        }
        assert_eq!(app.document("C001").await.body["protection"], Value::Null);
        let decision = app.decide(json!({"customer_id": "C001", "channel": "voice", "purpose": "collections", "at": tomorrow_in_shanghai(8, 30).to_rfc3339()})).await;
        assert!(decision.body["allowed"].as_bool().unwrap(), "{}", decision.body);
        let changes = app.state.services.db.care_changes(&CustomerId::parse("C001").unwrap()).await.unwrap();
        assert_eq!(changes.iter().map(|c| c.ended).collect::<Vec<_>>(), [true, false], "the second end wrote nothing");
        assert_eq!(app.unprotect("NOBODY").await.status, StatusCode::NOT_FOUND);
    }
}
