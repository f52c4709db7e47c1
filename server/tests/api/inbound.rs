//! `POST /api/v1/inbound-messages` (contract section 8): opt-out keywords
//! from customers' SMS, on both databases.

use axum::http::{Method, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp};

const PHONE: &str = "+8613800138000";
const ALL_MARKETING: [&str; 4] = [
    "marketing.credit_card",
    "marketing.insurance",
    "marketing.loans",
    "marketing.wealth",
];

impl TestApp {
    async fn message(&self, id: &str, text: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/inbound-messages",
            Some(json!({"message_id": id, "from": PHONE, "text": text, "received_at": "2026-12-03T10:15:00Z"})),
        )
        .await
    }

    /// A borrower whose every marketing purpose accepts SMS, e-mail and
    /// calls.
    async fn consenting_borrower(&self, id: &str) {
        self.borrower(id, PHONE).await;
        let purposes: serde_json::Map<String, Value> = ALL_MARKETING
            .iter()
            .map(|p| {
                (
                    p.to_string(),
                    json!({"channels": ["sms", "email", "voice"]}),
                )
            })
            .collect();
        let reply = self
            .set_preferences(id, json!({"purposes": purposes}))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    async fn channels(&self, id: &str, purpose: &str) -> Vec<String> {
        let reply = self
            .call(
                Method::GET,
                &format!("/api/v1/customers/{id}/preferences"),
                None,
            )
            .await;
        serde_json::from_value(reply.body["purposes"][purpose]["channels"].clone()).unwrap()
    }
}

fn purposes(reply: &Reply) -> Vec<String> {
    serde_json::from_value(reply.body["purposes"].clone()).unwrap()
}

on_both_databases! {
    async fn every_keyword_alone_stops_marketing_sms_and_nothing_else(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        for (n, keyword) in ["退订", "TD", "T", "STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"].into_iter().enumerate() {
            let reply = app.message(&format!("m{n}"), keyword).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            assert_eq!(reply.body["customer_id"], "C001");
            if n == 0 {
                assert_eq!(reply.body["action"], "opted_out", "{keyword}: {}", reply.body);
                assert_eq!(purposes(&reply), ALL_MARKETING);
            } else {
                assert_eq!(reply.body["action"], "no_change", "{keyword}: {}", reply.body);
                assert!(purposes(&reply).is_empty());
            }
        }
        for purpose in ALL_MARKETING {
            assert_eq!(app.channels("C001", purpose).await, ["email", "voice"], "{purpose}");
        }
        assert_eq!(app.channels("C001", "collections").await.len(), 6, "service never changes");
    }

    async fn each_topic_word_stops_sms_for_its_purpose_only(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let rows = [
            ("TD信用卡", "marketing.credit_card"),
            ("td credit card", "marketing.credit_card"),
            ("STOP card", "marketing.credit_card"),
            ("退订理财", "marketing.wealth"),
            ("T wealth", "marketing.wealth"),
            ("退订 保险", "marketing.insurance"),
            ("stop insurance", "marketing.insurance"),
            ("退订贷款", "marketing.loans"),
            ("QUIT loan", "marketing.loans"),
            ("end loans", "marketing.loans"),
        ];
        for (n, (text, purpose)) in rows.into_iter().enumerate() {
            let id = format!("C{n:03}");
            let phone = format!("+86138001380{n:02}");
            app.borrower(&id, &phone).await;
            let all: serde_json::Map<String, Value> = ALL_MARKETING
                .iter()
                .map(|p| (p.to_string(), json!({"channels": ["sms", "email"]})))
                .collect();
            app.set_preferences(&id, json!({"purposes": all})).await;
            let reply = app
                .call(Method::POST, "/api/v1/inbound-messages", Some(json!({
                    "message_id": format!("topic-{n}"), "from": phone, "text": text, "received_at": "2026-12-03T10:15:00Z"})))
                .await;
            assert_eq!(reply.body["action"], "opted_out", "{text}: {}", reply.body);
            assert_eq!(purposes(&reply), [purpose], "{text}");
            for other in ALL_MARKETING {
                let expected: &[&str] = if other == purpose { &["email"] } else { &["sms", "email"] };
                assert_eq!(app.channels(&id, other).await, expected, "{text}: {other}");
            }
        }
    }

    async fn all_and_stopall_stop_every_channel_of_every_marketing_purpose(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        for (n, text) in ["STOPALL", "TD 全部", "stop all", "退订全部"].into_iter().enumerate() {
            let id = format!("C{n:03}");
            let phone = format!("+86138001381{n:02}");
            app.borrower(&id, &phone).await;
            let all: serde_json::Map<String, Value> = ALL_MARKETING
                .iter()
                .map(|p| (p.to_string(), json!({"channels": ["email", "voice"]})))
                .collect();
            app.set_preferences(&id, json!({"purposes": all})).await;
            let reply = app
                .call(Method::POST, "/api/v1/inbound-messages", Some(json!({
                    "message_id": format!("all-{n}"), "from": phone, "text": text, "received_at": "2026-12-03T10:15:00Z"})))
                .await;
            assert_eq!(reply.body["action"], "opted_out", "{text}: {}", reply.body);
            assert_eq!(purposes(&reply), ALL_MARKETING, "{text}");
            for purpose in ALL_MARKETING {
                assert!(app.channels(&id, purpose).await.is_empty(), "{text}: {purpose}");
            }
        }
    }

    async fn full_width_mixed_case_and_punctuation_read_as_the_keyword(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let first = app.message("w0", "ＴＤ！").await;
        assert_eq!(first.body["action"], "opted_out", "{}", first.body);
        for (n, text) in ["Td", "tD.", "【退订】", "  Stop!!  ", "ｓｔｏｐ", "\u{3000}T\u{3000}"].into_iter().enumerate() {
            let reply = app.message(&format!("w{}", n + 1), text).await;
            assert_eq!(reply.body["action"], "no_change", "{text:?}: {}", reply.body);
        }
    }

    async fn a_topic_staff_added_is_a_topic_word_by_its_name(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Us).await;
        let db = &app.state.services.db;
        let current = db.current_policy().await.unwrap();
        let mut settings = current.settings.clone();
        settings.marketing_topics.push("home_renovation".into());
        settings.topic_names.insert(
            "home_renovation".into(),
            reachguard_domain::TopicName { zh: "家装贷款".into(), en: "home renovation loans".into() },
        );
        let admin = reachguard_domain::Actor::staff("admin").unwrap();
        db.new_policy_version(PolicyPack::Us, &settings, &admin, current.version, None).await.unwrap().unwrap();
        app.borrower("C001", PHONE).await;
        let reply = app.message("topic", "STOP home renovation").await;
        assert_eq!(reply.body["action"], "opted_out", "{}", reply.body);
        assert_eq!(purposes(&reply), ["marketing.home_renovation"]);
        assert!(!app.channels("C001", "marketing.home_renovation").await.contains(&"sms".to_owned()));
        assert!(app.channels("C001", "marketing.wealth").await.contains(&"sms".to_owned()));
    }

    async fn a_message_that_is_no_keyword_changes_nothing_and_waits_for_an_agent(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let reply = app.message("chat", "please stop calling me at night").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body, json!({"action": "not_a_keyword", "customer_id": "C001", "purposes": [], "reply": null}));
        assert_eq!(app.channels("C001", "marketing.wealth").await, ["sms", "email", "voice"]);
        let waiting = app.state.services.db.waiting_messages(false, 10, 0).await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].text, "please stop calling me at night");
        assert_eq!(waiting[0].customer_id.as_deref(), Some("C001"));
    }

    async fn a_number_no_customer_has_writes_nothing_to_any_customer(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let reply = app.message("who", "TD").await;
        assert_eq!(reply.body, json!({"action": "unknown_number", "customer_id": null, "purposes": [], "reply": null}));
        let changes = app.call(Method::GET, "/api/v1/changes?after=0", None).await;
        assert_eq!(changes.body["changes"], json!([]), "{}", changes.body);
    }

    async fn an_opt_out_is_one_ledger_entry_by_the_customer_through_an_sms_keyword(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let before = app.call(Method::GET, "/api/v1/changes?after=0", None).await;
        let last = before.body["changes"].as_array().unwrap().last().unwrap()["seq"].as_i64().unwrap();
        app.message("m1", "TD").await;
        app.message("m2", "TD").await;
        let after = app.call(Method::GET, &format!("/api/v1/changes?after={last}"), None).await;
        let changes = after.body["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{}", after.body);
        assert_eq!(changes[0]["actor"], "customer");
        assert_eq!(changes[0]["source"], "sms_keyword");
        let ledger = app.state.services.db
            .ledger_of(&reachguard_domain::CustomerId::parse("C001").unwrap(), None, 100)
            .await
            .unwrap();
        assert_eq!(ledger[0].via, Some(reachguard_domain::Via::SmsReply("td".into())));
    }

    async fn the_same_message_id_again_changes_nothing_and_gets_the_first_answer(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let first = app.message("same", "TD").await;
        assert_eq!(first.body["action"], "opted_out");
        // The customer opts back in; the retried message must not undo it.
        let all: serde_json::Map<String, Value> = ALL_MARKETING
            .iter()
            .map(|p| (p.to_string(), json!({"channels": ["sms"]})))
            .collect();
        app.set_preferences("C001", json!({"purposes": all})).await;
        let again = app
            .call(Method::POST, "/api/v1/inbound-messages", Some(json!({
                "message_id": "same", "from": PHONE, "text": "something else", "received_at": "2026-12-03T10:15:00Z"})))
            .await;
        for field in ["action", "customer_id", "purposes"] {
            assert_eq!(again.body[field], first.body[field], "{field}");
        }
        // The same reply, with a new link: the first one's token was given
        // out, not kept (only its hash is), so it cannot be given again.
        let link = |reply: &Reply| reply.body["reply"].as_str().unwrap().rsplit_once('/').unwrap().1.to_owned();
        let (first_token, again_token) = (link(&first), link(&again));
        assert_ne!(first_token, again_token);
        assert_eq!(
            again.body["reply"].as_str().unwrap().replace(&again_token, &first_token),
            first.body["reply"].as_str().unwrap()
        );
        let services = &app.state.services;
        for token in [&first_token, &again_token] {
            assert_eq!(services.open_link(token).await.unwrap().customer.as_str(), "C001");
        }
        let kept = services.db.inbound_answer("test-system", "same").await.unwrap().unwrap();
        let kept_reply = kept.reply.unwrap();
        assert!(kept_reply.ends_with("{link}") && !kept_reply.contains(&first_token), "{kept_reply}");
        assert_eq!(app.channels("C001", "marketing.wealth").await, ["sms"]);
        // Another client's message with the same id is its own.
        let other = app.key_with("gateway-2", "inbound.write").await;
        let theirs = app
            .call_as(&other, Method::POST, "/api/v1/inbound-messages", Some(json!({
                "message_id": "same", "from": PHONE, "text": "TD", "received_at": "2026-12-03T10:15:00Z"})), &[])
            .await;
        assert_eq!(theirs.body["action"], "opted_out", "{}", theirs.body);
    }

    async fn replies_say_what_stopped_in_the_customers_language_within_their_length(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let zh = app.message("zh", "退订信用卡").await;
        let reply = zh.body["reply"].as_str().unwrap();
        assert!(reply.contains("信用卡") && reply.contains("还款提醒"), "{reply}");
        assert!(reply.chars().count() <= 134, "{} characters: {reply}", reply.chars().count());
        let link = reply.split("：").last().unwrap();
        assert!(link.starts_with("http://127.0.0.1:0/p/"), "{reply}");

        app.borrower("C002", "+8613800138001").await;
        let english = app.set_preferences("C002", json!({"language": "en", "purposes": {"marketing.wealth": {"channels": ["sms"]}}})).await;
        assert_eq!(english.status, StatusCode::OK, "{}", english.body);
        let en = app
            .call(Method::POST, "/api/v1/inbound-messages", Some(json!({
                "message_id": "en", "from": "+8613800138001", "text": "STOP wealth", "received_at": "2026-12-03T10:15:00Z"})))
            .await;
        let reply = en.body["reply"].as_str().unwrap();
        assert!(reply.starts_with("You have unsubscribed from marketing SMS about wealth products."), "{reply}");
        assert!(reply.contains("repayment reminders"), "{reply}");
        assert!(reply.chars().count() <= 306, "{reply}");
        let same = app
            .call(Method::POST, "/api/v1/inbound-messages", Some(json!({
                "message_id": "en2", "from": "+8613800138001", "text": "STOP wealth", "received_at": "2026-12-03T10:15:00Z"})))
            .await;
        assert_eq!(same.body["action"], "no_change");
        assert!(same.body["reply"].as_str().unwrap().starts_with("You had already unsubscribed"), "{}", same.body);
    }

    async fn the_next_decision_honours_the_keyword(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.consenting_borrower("C001").await;
        let noon = "2026-12-01T04:00:00Z";
        let ask = json!({"customer_id": "C001", "channel": "sms", "purpose": "marketing.wealth", "at": noon});
        assert_eq!(app.decide(ask.clone()).await.body["allowed"], true);
        app.message("m", "TD").await;
        let after = app.decide(ask).await;
        assert_eq!(after.body["allowed"], false, "{}", after.body);
        assert_eq!(after.codes(), ["channel_declined"]);
    }

    async fn every_field_of_a_bad_message_is_named(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let future = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
        let cases: [(Value, &[&str]); 7] = [
            (json!({"message_id": "", "from": PHONE, "text": "TD", "received_at": "2026-12-03T10:15:00Z"}), &["message_id"]),
            (json!({"message_id": "x".repeat(129), "from": PHONE, "text": "TD", "received_at": "2026-12-03T10:15:00Z"}), &["message_id"]),
            (json!({"message_id": "a", "from": "13800138000x", "text": "TD", "received_at": "2026-12-03T10:15:00Z"}), &["from"]),
            (json!({"message_id": "a", "from": PHONE, "text": "", "received_at": "2026-12-03T10:15:00Z"}), &["text"]),
            (json!({"message_id": "a", "from": PHONE, "text": "x".repeat(1001), "received_at": "2026-12-03T10:15:00Z"}), &["text"]),
            (json!({"message_id": "a", "from": PHONE, "text": "TD", "received_at": future}), &["received_at"]),
            (json!({"message_id": "a\u{202e}", "from": "+1", "text": "", "received_at": future}), &["message_id", "from", "text", "received_at"]),
        ];
        for (body, fields) in cases {
            let reply = app.call(Method::POST, "/api/v1/inbound-messages", Some(body.clone())).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
            assert_eq!(reply.fields(), fields, "{body}");
        }
        for (body, field) in [
            (json!({"from": PHONE, "text": "TD", "received_at": "2026-12-03T10:15:00Z"}), "message_id"),
            (json!({"message_id": "a", "from": PHONE, "text": "TD", "received_at": "yesterday"}), "received_at"),
            (json!({"message_id": "a", "from": PHONE, "text": 5, "received_at": "2026-12-03T10:15:00Z"}), "text"),
        ] {
            let reply = app.call(Method::POST, "/api/v1/inbound-messages", Some(body.clone())).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
            assert!(reply.body["detail"].as_str().unwrap().contains(field), "{body}: {}", reply.body);
        }
    }

    async fn a_key_without_inbound_write_is_refused(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let key = app.key_with("dialer", "decisions").await;
        let reply = app
            .call_as(&key, Method::POST, "/api/v1/inbound-messages", Some(json!({
                "message_id": "a", "from": PHONE, "text": "TD", "received_at": "2026-12-03T10:15:00Z"})), &[])
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    }
}
