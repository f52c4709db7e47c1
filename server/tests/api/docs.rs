use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;

use crate::helpers::TestApp;

on_both_databases! {
    async fn the_openapi_document_describes_every_route_of_the_contract(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let reply = app.call(Method::GET, "/api/v1/openapi.json", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body["openapi"].as_str().unwrap().starts_with("3."));
        let paths = reply.body["paths"].as_object().unwrap();
        for (path, method) in [
            ("/decisions", "post"),
            ("/decisions/batch", "post"),
            ("/decisions/{decision_id}", "get"),
            ("/contact-attempts", "post"),
            ("/customers/{customer_id}", "put"),
            ("/customers/{customer_id}/preferences", "get"),
            ("/customers/{customer_id}/preferences", "put"),
            ("/changes", "get"),
            ("/national-dnc", "put"),
        ] {
            assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path}");
        }
        let reasons = &reply.body["components"]["schemas"]["ReasonCode"]["enum"];
        assert_eq!(reasons.as_array().unwrap().len(), 11, "every reason code: {reasons}");
        assert_eq!(reply.body["components"]["securitySchemes"]["api_key"]["scheme"], "bearer");
    }

    async fn the_readable_docs_and_their_files_are_served_from_this_server(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        for path in ["/api/docs/", "/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js"] {
            let reply = app.send(Request::get(path).body(Body::empty()).unwrap()).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
        }
        let config = app.send(Request::get("/api/docs/swagger-initializer.js").body(Body::empty()).unwrap()).await;
        assert!(config.body.as_str().unwrap_or_default().contains("/api/v1/openapi.json"));
    }
}
