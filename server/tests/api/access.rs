use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::TestApp;

const DECISION: &str = r#"{"customer_id":"C001","channel":"sms","purpose":"loan_servicing"}"#;

on_both_databases! {
    async fn no_key_bad_key_and_a_revoked_looking_key_get_401(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let body = Some(serde_json::from_str(DECISION).unwrap());
        let none = app
            .send(
                axum::http::Request::post("/api/v1/decisions")
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from(DECISION))
                    .unwrap(),
            )
            .await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);
        assert_eq!(none.content_type(), "application/problem+json");
        assert_eq!(none.headers["www-authenticate"], "Bearer realm=\"reachguard\"");
        for key in ["nonsense", "rg_000000000000_00", &app.key.replace("rg_", "rg_0")] {
            let reply = app.call_as(key, Method::POST, "/api/v1/decisions", body.clone(), &[]).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{key}");
        }
        // The right client id with the wrong secret.
        let (prefix, _) = app.key.rsplit_once('_').unwrap();
        let forged = format!("{prefix}_{}", "0".repeat(64));
        let reply = app.call_as(&forged, Method::POST, "/api/v1/decisions", body, &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }

    async fn the_scheme_name_is_case_insensitive(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        for scheme in ["bearer", "BEARER", "Bearer"] {
            let reply = app
                .send(
                    axum::http::Request::post("/api/v1/decisions")
                        .header("authorization", format!("{scheme} {}", app.key))
                        .header("content-type", "application/json")
                        .body(axum::body::Body::from(DECISION))
                        .unwrap(),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{scheme}: {}", reply.body);
        }
    }

    async fn a_revoked_key_is_refused_once_the_cache_forgets_it(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let key = app.key_with("dialer", "decisions").await;
        let body = Some(serde_json::from_str(DECISION).unwrap());
        let first = app.call_as(&key, Method::POST, "/api/v1/decisions", body.clone(), &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert!(app.state.services.db.revoke_api_client("dialer", "staff:admin", 0).await.unwrap());
        // Another server's cache still holds the key for at most KEY_TTL.
        tokio::time::sleep(reachguard_core::cache::KEY_TTL).await;
        let after = app.call_as(&key, Method::POST, "/api/v1/decisions", body, &[]).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    }

    async fn a_key_without_the_routes_scope_gets_403_naming_it(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let key = app.key_with("reader", "preferences.read").await;
        let reply = app
            .call_as(&key, Method::POST, "/api/v1/decisions", Some(serde_json::from_str(DECISION).unwrap()), &[])
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(reply.body["detail"].as_str().unwrap().contains("`decisions`"));
        for (method, path, scope) in [
            (Method::PUT, "/api/v1/customers/C001", "customers.write"),
            (Method::POST, "/api/v1/contact-attempts", "contacts.write"),
            (Method::GET, "/api/v1/changes", "changes.read"),
            (Method::PUT, "/api/v1/customers/C001/preferences", "preferences.write"),
        ] {
            let reply = app.call_as(&key, method, path, Some(json!({})), &[]).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
            assert!(reply.body["detail"].as_str().unwrap().contains(scope), "{path}");
        }
        let dnc = app.call_as(&key, Method::PUT, "/api/v1/national-dnc", None, &[]).await;
        assert_eq!(dnc.status, StatusCode::FORBIDDEN);
    }
}
