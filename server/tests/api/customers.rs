use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::json;

use crate::helpers::TestApp;

on_both_databases! {
    async fn putting_a_customer_creates_then_updates(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let body = json!({"name": "王芳", "phones": ["+8613800138000"], "email": "wang@example.cn",
                          "time_zone": "Asia/Shanghai", "language": "zh-CN"});
        let created = app.put_customer("C001", body.clone()).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.body["phones"], json!(["+8613800138000"]));
        let updated = app.put_customer("C001", body).await;
        assert_eq!(updated.status, StatusCode::OK);
    }

    async fn bad_contact_data_is_refused_field_by_field(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let reply = app
            .put_customer("C001", json!({"name": " ", "phones": ["+8613800138000", "12345"], "email": "nobody",
                                         "time_zone": "Mars/Olympus"}))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["name", "phones[1]", "email", "time_zone"]);
        // A name that would read backwards on a staff page is refused.
        let bidi = app.put_customer("C002", json!({"name": "Li \u{202E}gnaW", "phones": ["+8613800138009"]})).await;
        assert_eq!(bidi.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bidi.fields(), ["name"]);
        let bad_id = app.put_customer("C%20001", json!({"name": "x"})).await;
        assert_eq!(bad_id.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad_id.fields(), ["customer_id"]);
        let missing = app.put_customer("C001", json!({"phones": []})).await;
        assert_eq!(missing.fields(), ["body"], "a missing name is named: {}", missing.body);
        assert!(missing.body["detail"].as_str().unwrap().contains("name"));
    }

    async fn a_phone_of_another_customer_is_a_conflict(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", "+8613800138000").await;
        let reply = app.put_customer("C002", json!({"name": "Zhang", "phones": ["+8613800138000"]})).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert!(reply.body["detail"].as_str().unwrap().contains("+8613800138000"));
    }

    async fn a_customer_made_through_the_api_is_in_the_change_feed(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Us).await;
        app.borrower("C001", "+12125551234").await;
        let feed = app.call(Method::GET, "/api/v1/changes?after=0&limit=10", None).await;
        assert_eq!(feed.status, StatusCode::OK);
        let changes = feed.body["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0]["customer_id"], "C001");
        assert_eq!(changes[0]["actor"], "system:test-system");
        assert_eq!(changes[0]["source"], "api");
        // Under the us pack marketing starts with every channel.
        assert_eq!(changes[0]["preferences"]["purposes"]["marketing.wealth"]["channels"].as_array().unwrap().len(), 6);
    }
}
