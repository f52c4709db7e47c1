use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use reachguard_server::rate_limit::RateLimits;

use crate::helpers::TestApp;

const DECISION: &str = r#"{"customer_id":"C001","channel":"sms","purpose":"loan_servicing"}"#;

on_both_databases! {
    async fn a_key_over_its_rate_gets_429_with_retry_after_and_other_keys_go_on(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn)
            .await
            .with_rate_limits(RateLimits::new(3, 0));
        let other = app.key_with("other-system", "decisions").await;
        let body = Some(serde_json::from_str(DECISION).unwrap());
        for _ in 0..3 {
            let reply = app.call(Method::POST, "/api/v1/decisions", body.clone()).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        let over = app.call(Method::POST, "/api/v1/decisions", body.clone()).await;
        assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(over.content_type(), "application/problem+json");
        assert_eq!(over.headers["retry-after"], "1");
        assert_eq!(over.body["detail"], "this API key is over its rate limit; try again in 1 s");
        let reply = app.call_as(&other, Method::POST, "/api/v1/decisions", body, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "another key has its own allowance");
    }

    async fn unverified_keys_are_charged_to_their_address_before_the_database_is_asked(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn)
            .await
            .with_rate_limits(RateLimits::new(0, 2));
        let from = |address: [u8; 4], key: &str| {
            let mut request = axum::http::Request::post("/api/v1/decisions")
                .header("authorization", format!("Bearer {key}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(DECISION))
                .unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((address, 40_000)),
            ));
            request
        };
        // The right key, first seen: charged to the address, then cached.
        assert_eq!(app.send(from([192, 0, 2, 7], &app.key)).await.status, StatusCode::OK);
        let forged = format!("{}_{}", app.key.rsplit_once('_').unwrap().0, "0".repeat(64));
        assert_eq!(app.send(from([192, 0, 2, 7], &forged)).await.status, StatusCode::UNAUTHORIZED);
        let flooded = app.send(from([192, 0, 2, 7], &forged)).await;
        assert_eq!(flooded.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(flooded.headers["retry-after"], "1");
        assert_eq!(flooded.body["detail"], "this address is over its rate limit; try again in 1 s");
        let no_key = app
            .send({
                let mut request = from([192, 0, 2, 7], "x");
                request.headers_mut().remove("authorization");
                request
            })
            .await;
        assert_eq!(no_key.status, StatusCode::TOO_MANY_REQUESTS);
        // A verified key from the same address is not held up by the flood.
        assert_eq!(app.send(from([192, 0, 2, 7], &app.key)).await.status, StatusCode::OK);
        assert_eq!(app.send(from([192, 0, 2, 8], &forged)).await.status, StatusCode::UNAUTHORIZED);
    }

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
