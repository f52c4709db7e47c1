//! No request, however malformed, gets a 5xx; every error is problem+json.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::TestApp;

on_both_databases! {
    async fn malformed_requests_get_problems_never_a_5xx(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let auth = format!("Bearer {}", app.key);
        let post = |body: &'static [u8], content_type: &'static str| {
            Request::post("/api/v1/decisions")
                .header("authorization", auth.clone())
                .header("content-type", content_type)
                .body(Body::from(body))
                .unwrap()
        };
        let cases: Vec<(Request<Body>, StatusCode)> = vec![
            (post(b"{", "application/json"), StatusCode::BAD_REQUEST),
            (post(b"", "application/json"), StatusCode::BAD_REQUEST),
            (post(b"\xff\xfe", "application/json"), StatusCode::BAD_REQUEST),
            (post(b"[1,2]", "application/json"), StatusCode::UNPROCESSABLE_ENTITY),
            (post(b"null", "application/json"), StatusCode::UNPROCESSABLE_ENTITY),
            (post(b"{\"channel\":\"sms\",\"purpose\":\"loan_servicing\"}", "application/json"), StatusCode::UNPROCESSABLE_ENTITY),
            (post(b"{\"customer_id\":\"C1\",\"channel\":\"sms\",\"purpose\":\"loan_servicing\",\"at\":\"yesterday\"}", "application/json"), StatusCode::UNPROCESSABLE_ENTITY),
            (post(b"customer_id=C1", "application/x-www-form-urlencoded"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
            // Bytes after the JSON value: not one body.
            (post(b"{\"customer_id\":\"C1\",\"channel\":\"sms\",\"purpose\":\"loan_servicing\"}x", "application/json"), StatusCode::BAD_REQUEST),
            (post(b"{\"customer_id\":\"C1\",\"channel\":\"sms\",\"purpose\":\"loan_servicing\"}{}", "application/json"), StatusCode::BAD_REQUEST),
            (post(b"{}", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ];
        for (request, expected) in cases {
            let reply = app.send(request).await;
            assert_eq!(reply.status, expected, "{}", reply.body);
            assert_eq!(reply.content_type(), "application/problem+json");
            assert!(reply.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        }
    }

    async fn instants_outside_1970_to_9999_are_422_naming_the_field(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138001").await;
        for at in ["1969-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "+262142-12-31T23:59:59Z"] {
            let decision = app.decide(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "at": at})).await;
            assert_eq!(decision.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}: {}", decision.body);
            assert_eq!(decision.fields(), ["at"], "{at}");
            let batch = app
                .call(Method::POST, "/api/v1/decisions/batch", Some(json!({"requests": [
                    {"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing"},
                    {"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "at": at},
                ]})))
                .await;
            assert_eq!(batch.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}: {}", batch.body);
            assert_eq!(batch.fields(), ["requests[1].at"], "{at}");
            let attempt = app.attempt(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "outcome": "delivered", "at": at})).await;
            assert_eq!(attempt.status, StatusCode::UNPROCESSABLE_ENTITY, "{at}: {}", attempt.body);
            assert!(attempt.fields().contains(&"at".to_owned()), "{at}: {}", attempt.body);
        }
    }

    async fn an_oversized_body_is_413(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let huge = json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "padding": "x".repeat(300_000)});
        let reply = app.call(Method::POST, "/api/v1/decisions", Some(huge)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(reply.content_type(), "application/problem+json");
    }

    async fn unknown_routes_and_methods_are_problems(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let unknown = app.call(Method::GET, "/api/v1/nothing-here", None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.content_type(), "application/problem+json");
        let wrong = app.call(Method::DELETE, "/api/v1/decisions", None).await;
        assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(wrong.content_type(), "application/problem+json");
        let long_id = format!("/api/v1/customers/{}/preferences", "C".repeat(65));
        let reply = app.call(Method::GET, &long_id, None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["customer_id"]);
    }
}

/// Shapes a careless or hostile client might send to any route.
fn odd_bodies() -> Vec<serde_json::Value> {
    vec![
        json!(null),
        json!(0),
        json!("text"),
        json!([]),
        json!({}),
        json!({"customer_id": null, "channel": null, "purpose": null}),
        json!({"customer_id": "", "phone": "", "channel": "", "purpose": ""}),
        json!({"customer_id": "C001", "channel": "voice", "purpose": "collections", "at": "2026-13-45T99:00:00Z"}),
        json!({"customer_id": "C001", "channel": "voice", "purpose": "collections", "at": 12345}),
        json!({"customer_id": "x".repeat(5000), "channel": "voice", "purpose": "marketing.".repeat(100)}),
        json!({"requests": "all"}),
        json!({"requests": [null, 1, "x", {}]}),
        json!({"name": ["list"], "phones": "+8613800138000", "time_zone": 8}),
        json!({"do_not_call": "yes", "purposes": [], "contact_windows": {}}),
        json!({"do_not_call": false, "purposes": {"collections": {"channels": ["pigeon"]}}, "contact_windows": [{"days": ["someday"], "start": "25:00", "end": "-1"}], "source": "api", "actor": "customer"}),
        json!({"do_not_call": false, "purposes": {}, "contact_windows": [], "max_calls_per_week": -1, "snooze_until": "never", "source": "api", "actor": "customer"}),
        json!({"customer_id": "C001", "channel": "voice", "purpose": "collections", "outcome": 7, "system": {}, "decision_id": []}),
        // NUL and other control characters in every free-text field.
        json!({"name": "Li\u{0}Wei", "phones": [], "email": "li\u{0}@example.cn"}),
        json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "outcome": "sent",
               "system": "dialer\u{0}", "decision_id": "\u{0}"}),
        json!({"customer_id": "C\u{0}01", "phone": "+86\u{0}", "channel": "sms\u{0}", "purpose": "\u{0}"}),
        json!({"do_not_call": false, "purposes": {"\u{0}": {"channels": []}}, "contact_windows": [],
               "source": "api", "actor": "staff:wang\u{0}"}),
    ]
}

on_both_databases! {
    async fn no_odd_body_on_any_route_gets_a_5xx(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let routes = [
            (Method::POST, "/api/v1/decisions"),
            (Method::POST, "/api/v1/decisions/batch"),
            (Method::POST, "/api/v1/contact-attempts"),
            (Method::PUT, "/api/v1/customers/C001"),
            (Method::PUT, "/api/v1/customers/C001/preferences"),
        ];
        let key = app.key.clone();
        for (method, path) in routes {
            for body in odd_bodies() {
                let reply = app.call_as(&key, method.clone(), path, Some(body.clone()), &[("if-match", "\"1\"")]).await;
                assert!(!reply.status.is_server_error(), "{method} {path} {body}: {} {}", reply.status, reply.body);
                if !reply.status.is_success() {
                    assert_eq!(reply.content_type(), "application/problem+json", "{method} {path} {body}");
                }
            }
        }
        for path in ["/api/v1/changes?after=abc", "/api/v1/changes?limit=%FF", "/api/v1/decisions/%00", "/api/v1/customers/%E4/preferences"] {
            let reply = app.call(Method::GET, path, None).await;
            assert!(reply.status.is_client_error(), "{path}: {} {}", reply.status, reply.body);
            assert_eq!(reply.content_type(), "application/problem+json", "{path}");
        }
    }
}
