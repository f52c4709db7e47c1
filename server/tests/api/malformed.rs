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
            (post(b"{}", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ];
        for (request, expected) in cases {
            let reply = app.send(request).await;
            assert_eq!(reply.status, expected, "{}", reply.body);
            assert_eq!(reply.content_type(), "application/problem+json");
            assert!(reply.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
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
