//! `POST /api/v1/preference-links` and one-click unsubscribe (contract
//! section 9), on both databases.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::{Reply, TestApp};

impl TestApp {
    async fn links(&self, body: serde_json::Value) -> Reply {
        self.call(Method::POST, "/api/v1/preference-links", Some(body))
            .await
    }

    /// A one-click POST as a mail provider sends it: no Origin, no cookie.
    async fn one_click(&self, url: &str, body: &str) -> Reply {
        let path = url.strip_prefix("http://127.0.0.1:0").unwrap();
        let request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    async fn page(&self, url: &str) -> Reply {
        let path = url.strip_prefix("http://127.0.0.1:0").unwrap_or(url);
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    async fn email_channels(&self, id: &str) -> Vec<String> {
        let reply = self
            .call(
                Method::GET,
                &format!("/api/v1/customers/{id}/preferences"),
                None,
            )
            .await;
        serde_json::from_value(reply.body["purposes"]["marketing.wealth"]["channels"].clone())
            .unwrap()
    }
}

on_both_databases! {
    async fn links_are_absolute_on_the_public_address_and_last_thirty_days(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.links(json!({"customer_id": "C001"})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let url = reply.body["url"].as_str().unwrap();
        let token = url.strip_prefix("http://127.0.0.1:0/p/").unwrap();
        assert!(reachguard_domain::link::is_token_shaped(token), "{url}");
        assert_eq!(reply.body["unsubscribe_url"], serde_json::Value::Null);
        let expires: chrono::DateTime<chrono::Utc> = serde_json::from_value(reply.body["expires_at"].clone()).unwrap();
        let days = (expires - chrono::Utc::now()).num_hours();
        assert!((30 * 24 - 1..=30 * 24).contains(&days), "{expires}");
        let again = app.links(json!({"customer_id": "C001"})).await;
        assert_ne!(again.body["url"], reply.body["url"], "every link is new");
    }

    async fn only_the_hash_of_a_token_is_kept(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.links(json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "email"})).await;
        let db = &app.state.services.db;
        for url in [reply.body["url"].as_str().unwrap(), reply.body["unsubscribe_url"].as_str().unwrap()] {
            let token = url.rsplit('/').next().unwrap();
            assert!(db.link(token).await.unwrap().is_none(), "the token itself finds nothing");
        }
    }

    async fn a_bad_request_for_links_names_its_field(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let cases: [(serde_json::Value, &[&str]); 7] = [
            (json!({"customer_id": "C 1"}), &["customer_id"]),
            (json!({"customer_id": "NOBODY"}), &["customer_id"]),
            (json!({"customer_id": "C001", "purpose": "marketing.wealth"}), &["channel"]),
            (json!({"customer_id": "C001", "channel": "sms"}), &["purpose"]),
            (json!({"customer_id": "C001", "purpose": "collections", "channel": "sms"}), &["purpose"]),
            (json!({"customer_id": "C001", "purpose": "marketing.yachts", "channel": "sms"}), &["purpose"]),
            (json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "pigeon"}), &["channel"]),
        ];
        for (body, fields) in cases {
            let reply = app.links(body.clone()).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
            assert_eq!(reply.fields(), fields, "{body}");
        }
        let key = app.key_with("mailer", "decisions").await;
        let refused = app.call_as(&key, Method::POST, "/api/v1/preference-links", Some(json!({"customer_id": "C001"})), &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }

    async fn one_click_removes_exactly_one_channel_of_one_purpose_and_again_changes_nothing(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        app.set_preferences("C001", json!({"purposes": {
            "marketing.wealth": {"channels": ["email", "sms"]},
            "marketing.insurance": {"channels": ["email"]},
        }})).await;
        let links = app.links(json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "email"})).await;
        let url = links.body["unsubscribe_url"].as_str().unwrap().to_owned();
        assert!(url.starts_with("http://127.0.0.1:0/u/"), "{url}");

        // Opening the link (as a mail scanner does) changes nothing.
        let shown = app.page(&url).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.as_str().unwrap().contains("List-Unsubscribe"), "the page has the button");
        assert_eq!(app.email_channels("C001").await, ["email", "sms"]);

        for _ in 0..2 {
            let done = app.one_click(&url, "List-Unsubscribe=One-Click").await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            assert_eq!(app.email_channels("C001").await, ["sms"]);
        }
        let insurance = app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;
        assert_eq!(insurance.body["purposes"]["marketing.insurance"]["channels"], json!(["email"]));

        let changes = app.call(Method::GET, "/api/v1/changes?after=0", None).await;
        let last = changes.body["changes"].as_array().unwrap().last().unwrap().clone();
        assert_eq!((last["actor"].as_str(), last["source"].as_str()), (Some("customer"), Some("web")));
        assert_eq!(changes.body["changes"].as_array().unwrap().len(), 3, "one change for two clicks");
    }

    async fn a_one_click_post_needs_its_body_and_an_altered_link_changes_nothing(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        app.set_preferences("C001", json!({"purposes": {"marketing.wealth": {"channels": ["email"]}}})).await;
        let links = app.links(json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "email"})).await;
        let url = links.body["unsubscribe_url"].as_str().unwrap().to_owned();
        let wrong_body = app.one_click(&url, "unsubscribe=yes").await;
        assert_eq!(wrong_body.status, StatusCode::BAD_REQUEST);
        // One character changed.
        let mut altered = url.clone();
        let last = altered.pop().unwrap();
        altered.push(if last == 'A' { 'B' } else { 'A' });
        let refused = app.one_click(&altered, "List-Unsubscribe=One-Click").await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
        assert_eq!(app.page(&altered).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.email_channels("C001").await, ["email"]);
        // A preferences link is not an unsubscribe link.
        let preferences = links.body["url"].as_str().unwrap().replace("/p/", "/u/");
        assert_eq!(app.one_click(&preferences, "List-Unsubscribe=One-Click").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.email_channels("C001").await, ["email"]);
        // RFC 8058 recommends multipart/form-data; it unsubscribes too.
        let body = "--b0\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b0--\r\n";
        let request = Request::post(url.strip_prefix("http://127.0.0.1:0").unwrap())
            .header("content-type", "multipart/form-data; boundary=b0")
            .body(Body::from(body))
            .unwrap();
        assert_eq!(app.send(request).await.status, StatusCode::OK);
        assert!(app.email_channels("C001").await.is_empty());
    }

    async fn an_expired_link_answers_410_and_changes_nothing(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        app.set_preferences("C001", json!({"purposes": {"marketing.wealth": {"channels": ["email"]}}})).await;
        let links = app.links(json!({"customer_id": "C001", "purpose": "marketing.wealth", "channel": "email"})).await;
        let url = links.body["unsubscribe_url"].as_str().unwrap().to_owned();
        app.state.services.db.expire_links_for_tests().await.unwrap();
        assert_eq!(app.one_click(&url, "List-Unsubscribe=One-Click").await.status, StatusCode::GONE);
        assert_eq!(app.page(&url).await.status, StatusCode::GONE);
        assert_eq!(app.page(links.body["url"].as_str().unwrap()).await.status, StatusCode::GONE);
        assert_eq!(app.email_channels("C001").await, ["email"]);
    }
}
