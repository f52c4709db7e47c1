//! The HTTP app against a real database, driven through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use reachguard_server::{AppState, router};
use reachguard_storage::on_both_databases;
use tower::ServiceExt;

async fn get(state: &AppState, path: &str) -> (StatusCode, String) {
    let response = router(state.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn state(db: reachguard_storage::Database) -> AppState {
    AppState::new(db, "127.0.0.1:0".parse().unwrap())
}

on_both_databases! {
    async fn healthz_says_the_database_answers(test_db) {
        let (status, body) = get(&state(test_db.db.clone()), "/healthz").await;
        assert_eq!(status, StatusCode::OK);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["database"]["answers"], true);
        assert_eq!(body["database"]["backend"], test_db.db.backend());
    }

    async fn healthz_says_when_the_database_does_not_answer(test_db) {
        let state = state(test_db.db.clone());
        test_db.db.close().await;
        let (status, body) = get(&state, "/healthz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["status"], "unavailable");
        assert_eq!(body["database"]["answers"], false);
    }

    async fn the_front_page_is_rendered_on_the_server_with_its_hydration_script(test_db) {
        let (status, html) = get(&state(test_db.db.clone()), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Reachguard</h1>"), "{html}");
        assert!(html.contains("您的联络偏好，由您做主"), "rendered in Chinese first");
        assert!(html.contains("/pkg/reachguard.js"), "loads the hydration script");
        assert!(html.contains("/pkg/reachguard.wasm"), "preloads the wasm");
    }

    async fn an_unknown_page_is_a_404(test_db) {
        let (status, _) = get(&state(test_db.db.clone()), "/no-such-page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
