use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::TestApp;

on_both_databases! {
    async fn the_document_lists_every_purpose_with_its_version_as_etag(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers["etag"], "\"1\"");
        assert_eq!(reply.body["version"], 1);
        assert_eq!(reply.body["customer_id"], "C001");
        assert_eq!(reply.body["purposes"].as_object().unwrap().len(), 8);
        assert_eq!(reply.body["purposes"]["marketing.wealth"], json!({"channels": [], "explicit": false}));
        let missing = app.call(Method::GET, "/api/v1/customers/C404/preferences", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.content_type(), "application/problem+json");
    }

    async fn a_write_needs_the_current_version_in_if_match(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let read = app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;
        let mut document = read.body.clone();
        document["do_not_call"] = json!(true);
        document["source"] = json!("branch");
        document["actor"] = json!("staff:wang");
        let path = "/api/v1/customers/C001/preferences";

        let absent = app.call(Method::PUT, path, Some(document.clone())).await;
        assert_eq!(absent.status, StatusCode::PRECONDITION_REQUIRED);

        let key = app.key.clone();
        let written = app.call_as(&key, Method::PUT, path, Some(document.clone()), &[("if-match", "\"1\"")]).await;
        assert_eq!(written.status, StatusCode::OK, "{}", written.body);
        assert_eq!(written.headers["etag"], "\"2\"");
        assert_eq!(written.body["do_not_call"], true);

        let stale = app.call_as(&key, Method::PUT, path, Some(document.clone()), &[("if-match", "\"1\"")]).await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
        assert!(stale.body["detail"].as_str().unwrap().contains("version 2"));
        // If-Match compares strongly: a weak tag never matches, even the
        // current one; `*` means whatever is current.
        let weak = app.call_as(&key, Method::PUT, path, Some(document.clone()), &[("if-match", "W/\"2\"")]).await;
        assert_eq!(weak.status, StatusCode::PRECONDITION_FAILED);
        // Writing what is already there changes nothing: no new version,
        // no ledger entry.
        let same = app.call_as(&key, Method::PUT, path, Some(document.clone()), &[("if-match", "\"2\"")]).await;
        assert_eq!(same.status, StatusCode::OK, "{}", same.body);
        assert_eq!(same.headers["etag"], "\"2\"");
        document["do_not_call"] = json!(false);
        let any = app.call_as(&key, Method::PUT, path, Some(document), &[("if-match", "*")]).await;
        assert_eq!(any.status, StatusCode::OK, "{}", any.body);
        assert_eq!(any.headers["etag"], "\"3\"");

        let created = app.call(Method::GET, "/api/v1/changes", None).await;
        assert_eq!(created.body["changes"][0]["actor"], "system:test-system");
        assert_eq!(created.body["changes"][0]["api_client"], "test-system");
        let feed = app.call(Method::GET, "/api/v1/changes?after=1", None).await;
        assert_eq!(feed.body["changes"].as_array().unwrap().len(), 2);
        let change = &feed.body["changes"][0];
        assert_eq!(change["actor"], "staff:wang");
        assert_eq!(change["source"], "branch");
        // Besides the actor it names, the ledger keeps the client that sent it.
        assert_eq!(change["api_client"], "test-system");
        assert_eq!(change["version"], 2);
        assert_eq!(change["preferences"]["do_not_call"], true);
    }

    async fn emptying_a_service_purpose_is_refused_and_nothing_changes(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app
            .set_preferences("C001", json!({"purposes": {"collections": {"channels": []}}, "max_calls_per_week": 30}))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["purposes.collections.channels", "max_calls_per_week"]);
        let read = app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;
        assert_eq!(read.body["version"], 1);
    }

    async fn a_snooze_is_a_pause_of_at_most_366_days(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let in_days = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
        let reply = app.set_preferences("C001", json!({"snooze_until": in_days(400)})).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["snooze_until"]);
        let reply = app.set_preferences("C001", json!({"snooze_until": in_days(365)})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.body["version"], 2);
    }

    async fn changing_a_purposes_channels_makes_it_explicit(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app
            .set_preferences("C001", json!({"purposes": {"marketing.wealth": {"channels": ["email", "sms"], "explicit": false}}}))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.body["purposes"]["marketing.wealth"], json!({"channels": ["email", "sms"], "explicit": true}));
        assert_eq!(reply.body["purposes"]["marketing.loans"]["explicit"], false);
    }

    async fn a_bad_source_or_actor_is_named(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let read = app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;
        let key = app.key.clone();
        let mut document = read.body.clone();
        document["source"] = json!("fax");
        document["actor"] = json!("staff:wang");
        let reply = app.call_as(&key, Method::PUT, "/api/v1/customers/C001/preferences", Some(document.clone()), &[("if-match", "\"1\"")]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body["detail"].as_str().unwrap().contains("source") || reply.fields() == ["source"], "{}", reply.body);
        document["source"] = json!("ivr");
        document["actor"] = json!("somebody");
        let reply = app.call_as(&key, Method::PUT, "/api/v1/customers/C001/preferences", Some(document), &[("if-match", "\"1\"")]).await;
        assert_eq!(reply.fields(), ["actor"]);
    }

    async fn the_change_feed_pages_with_after_and_limit_and_refuses_bad_numbers(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        for n in 1..=3 {
            app.borrower(&format!("C00{n}"), &format!("+861380013800{n}")).await;
        }
        let first = app.call(Method::GET, "/api/v1/changes?limit=2", None).await;
        let seqs: Vec<i64> = first.body["changes"].as_array().unwrap().iter().map(|c| c["seq"].as_i64().unwrap()).collect();
        assert_eq!(seqs.len(), 2);
        assert!(seqs[0] < seqs[1]);
        let next = first.body["next_after"].as_i64().unwrap();
        let rest = app.call(Method::GET, &format!("/api/v1/changes?after={next}"), None).await;
        assert_eq!(rest.body["changes"].as_array().unwrap().len(), 1);
        assert_eq!(rest.body["changes"][0]["customer_id"], "C003");
        let bad = app.call(Method::GET, "/api/v1/changes?after=-1&limit=5000", None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.fields(), ["after", "limit"]);
    }
}
