//! `/metrics` and request ids.

use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::TestApp;

/// The value of one sample line, `name{labels} value`.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
        .parse()
        .unwrap()
}

on_both_databases! {
    async fn metrics_count_decisions_reasons_and_requests_by_route_template(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        // Asked at noon in Shanghai: without `at` the answer would follow
        // the clock (an SMS after 21:00 there is outside legal hours), and
        // the counts below with it.
        let noon = "2026-12-01T04:00:00Z";
        let allowed = app
            .decide(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "at": noon}))
            .await;
        assert_eq!(allowed.status, StatusCode::OK);
        assert_eq!(allowed.body["allowed"], true, "{}", allowed.body);
        let batch = app
            .call(Method::POST, "/api/v1/decisions/batch", Some(json!({"requests": [
                {"customer_id": "NOBODY", "channel": "sms", "purpose": "loan_servicing", "at": noon},
                {"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "at": noon},
            ]})))
            .await;
        assert_eq!(batch.status, StatusCode::OK, "{}", batch.body);
        app.call(Method::GET, "/api/v1/customers/C001/preferences", None).await;

        let reply = app.send(axum::http::Request::get("/metrics").body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.content_type().starts_with("application/openmetrics-text"), "{}", reply.content_type());
        let text = reply.body.as_str().unwrap();
        assert_eq!(sample(text, "reachguard_decisions_total{result=\"allowed\"}"), 2.0);
        assert_eq!(sample(text, "reachguard_decisions_total{result=\"denied\"}"), 1.0);
        assert_eq!(sample(text, "reachguard_decision_reasons_total{reason=\"unknown_customer\"}"), 1.0);
        assert_eq!(
            sample(text, "reachguard_http_request_duration_seconds_count{route=\"/api/v1/decisions\",method=\"POST\",status=\"200\"}"),
            1.0
        );
        // The route as the router knows it: never a customer's number.
        assert_eq!(
            sample(text, "reachguard_http_request_duration_seconds_count{route=\"/api/v1/customers/{customer_id}/preferences\",method=\"GET\",status=\"200\"}"),
            1.0
        );
        assert!(!text.contains("C001"), "{text}");
        assert!(sample(text, "reachguard_db_connections{state=\"max\"}") >= 1.0);
        assert!(sample(text, "reachguard_db_connections{state=\"idle\"}") >= 0.0);
        assert!(sample(text, "reachguard_decision_log_waiting") >= 0.0);
        assert!(text.ends_with("# EOF\n"));
    }

    async fn every_response_carries_a_request_id_and_a_sane_one_is_kept(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let first = app.call(Method::GET, "/api/v1/customers/NOBODY/preferences", None).await;
        let second = app.call(Method::GET, "/api/v1/customers/NOBODY/preferences", None).await;
        let id = first.headers["x-request-id"].to_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7, "{id}");
        assert_ne!(first.headers["x-request-id"], second.headers["x-request-id"]);
        let kept = app
            .call_as(&app.key.clone(), Method::GET, "/healthz", None, &[("x-request-id", "dialer-42.a_b")])
            .await;
        assert_eq!(kept.headers["x-request-id"], "dialer-42.a_b");
        for forged in ["a b", "line\u{1}break", &"x".repeat(65)] {
            let Ok(value) = axum::http::HeaderValue::from_str(forged) else { continue };
            let mut request = axum::http::Request::get("/healthz").body(axum::body::Body::empty()).unwrap();
            request.headers_mut().insert("x-request-id", value);
            let reply = app.send(request).await;
            assert_ne!(reply.headers["x-request-id"], forged, "{forged:?} is replaced");
        }
    }

    async fn large_answers_are_compressed_and_small_ones_are_not(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let requests: Vec<_> = (0..50)
            .map(|n| json!({"customer_id": format!("C{n:03}"), "channel": "sms", "purpose": "loan_servicing"}))
            .collect();
        let batch = app
            .call_as(&app.key.clone(), Method::POST, "/api/v1/decisions/batch", Some(json!({"requests": requests})), &[("accept-encoding", "gzip")])
            .await;
        assert_eq!(batch.status, StatusCode::OK);
        assert_eq!(batch.headers["content-encoding"], "gzip");
        let single = app
            .call_as(&app.key.clone(), Method::POST, "/api/v1/decisions", Some(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing"})), &[("accept-encoding", "gzip")])
            .await;
        assert_eq!(single.status, StatusCode::OK);
        assert!(single.headers.get("content-encoding").is_none(), "a few hundred bytes are not worth it");
    }
}
