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
            ("/customers/{customer_id}/protection", "put"),
            ("/customers/{customer_id}/protection", "delete"),
        ] {
            assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path}");
        }
        let reasons = &reply.body["components"]["schemas"]["ReasonCode"]["enum"];
        assert_eq!(reasons.as_array().unwrap().len(), 12, "every reason code: {reasons}");
        assert_eq!(reply.body["components"]["securitySchemes"]["api_key"]["scheme"], "bearer");
        assert_eq!(reply.body["openapi"], "3.1.0");

        // Every response is described; every error is a problem, and the
        // statuses that follow from a key and a body are listed everywhere.
        for (path, item) in paths {
            for (method, operation) in item.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                for (status, response) in responses {
                    let where_ = format!("{method} {path} {status}");
                    assert!(!response["description"].as_str().unwrap_or_default().is_empty(), "{where_}");
                    if status.starts_with('4') || status.starts_with('5') {
                        let content = response["content"].as_object().unwrap();
                        assert_eq!(content.keys().collect::<Vec<_>>(), ["application/problem+json"], "{where_}");
                    }
                }
                assert!(operation["operationId"].is_string(), "{method} {path}");
                for status in ["401", "403", "408", "429", "503"] {
                    assert!(responses.contains_key(status), "{method} {path} lists {status}");
                }
                assert!(responses["429"]["headers"]["Retry-After"].is_object());
                if operation.get("requestBody").is_some() {
                    for status in ["400", "413", "415", "422"] {
                        assert!(responses.contains_key(status), "{method} {path} lists {status}");
                    }
                }
            }
        }
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
