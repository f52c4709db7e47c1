use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use reachguard_domain::PolicyPack;
use reachguard_server::{AppState, commands, router};
use reachguard_storage::testing::TestDatabase;
use serde_json::{Value, json};
use tower::ServiceExt;

pub const ALL_SCOPES: &str = "decisions,contacts.write,customers.write,preferences.read,preferences.write,changes.read,dnc.write,inbound.write,links.write,protection.write";

/// The app on a fresh database, with a key that has every scope.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub key: String,
    _db: TestDatabase,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The reason codes of a decision answer.
    pub fn codes(&self) -> Vec<String> {
        self.body["reasons"]
            .as_array()
            .unwrap_or_else(|| panic!("no reasons in {}", self.body))
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The fields a problem names.
    pub fn fields(&self) -> Vec<String> {
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.body
        );
        self.body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors in {}", self.body))
            .iter()
            .map(|e| e.get("field").and_then(Value::as_str).unwrap().to_owned())
            .collect()
    }
}

impl TestApp {
    pub async fn new(test_db: TestDatabase, pack: PolicyPack) -> TestApp {
        let db = test_db.db.clone();
        db.current_policy_or_init(pack).await.unwrap();
        let key = commands::create_api_key(&db, "test-system", ALL_SCOPES)
            .await
            .unwrap();
        let state = AppState::new(db, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        TestApp {
            router: router(state.clone()),
            state,
            key,
            _db: test_db,
        }
    }

    /// The same app with these rate limits.
    pub fn with_rate_limits(
        mut self,
        limits: reachguard_server::rate_limit::RateLimits,
    ) -> TestApp {
        self.state.rate_limits = limits;
        self.router = router(self.state.clone());
        self
    }

    pub async fn key_with(&self, name: &str, scopes: &str) -> String {
        commands::create_api_key(&self.state.services.db, name, scopes)
            .await
            .unwrap()
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call_as(&self.key.clone(), method, path, body, &[])
            .await
    }

    pub async fn call_as(
        &self,
        key: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {key}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn put_customer(&self, id: &str, body: Value) -> Reply {
        self.call(Method::PUT, &format!("/api/v1/customers/{id}"), Some(body))
            .await
    }

    /// A customer with a Chinese mobile and an e-mail address.
    pub async fn borrower(&self, id: &str, phone: &str) {
        let reply = self
            .put_customer(
                id,
                json!({"name": "Li Wei", "phones": [phone], "email": format!("{id}@example.cn")}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }

    pub async fn decide(&self, body: Value) -> Reply {
        self.call(Method::POST, "/api/v1/decisions", Some(body))
            .await
    }

    pub async fn attempt(&self, body: Value) -> Reply {
        self.call(Method::POST, "/api/v1/contact-attempts", Some(body))
            .await
    }

    /// Replaces part of the preference document through the API.
    pub async fn set_preferences(&self, id: &str, change: Value) -> Reply {
        let current = self
            .call(
                Method::GET,
                &format!("/api/v1/customers/{id}/preferences"),
                None,
            )
            .await;
        let etag = current.headers["etag"].to_str().unwrap().to_owned();
        let mut document = current.body;
        for (field, value) in change.as_object().unwrap() {
            document[field] = value.clone();
        }
        document["source"] = json!("phone");
        document["actor"] = json!("staff:wang");
        self.call_as(
            &self.key.clone(),
            Method::PUT,
            &format!("/api/v1/customers/{id}/preferences"),
            Some(document),
            &[("if-match", &etag)],
        )
        .await
    }
}
