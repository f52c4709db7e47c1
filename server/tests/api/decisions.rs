use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reachguard_domain::PolicyPack;
use reachguard_storage::on_both_databases;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Monday 2026-11-02, 10:00 in Shanghai.
const MON_10_SHANGHAI: &str = "2026-11-02T02:00:00Z";
const PHONE: &str = "+8613800138000";

fn ask(channel: &str, purpose: &str, at: &str) -> Value {
    json!({"customer_id": "C001", "channel": channel, "purpose": purpose, "at": at})
}

async fn upload_dnc(app: &TestApp, csv: &str) -> crate::helpers::Reply {
    app.send(
        Request::put("/api/v1/national-dnc")
            .header("authorization", format!("Bearer {}", app.key))
            .header("content-type", "text/csv")
            .body(Body::from(csv.to_owned()))
            .unwrap(),
    )
    .await
}

on_both_databases! {
    async fn reason_messages_follow_accept_language_and_are_kept_as_answered(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let body = ask("voice", "marketing.wealth", "2026-11-30T00:30:00Z");
        let english = app.decide(body.clone()).await;
        assert!(english.body["reasons"][0]["message"].as_str().unwrap().starts_with("The customer accepts no channel"));
        for header in ["zh-CN", "zh-CN,zh;q=0.9,en;q=0.8", "en;q=0.5, zh;q=0.9"] {
            let key = app.key.clone();
            let chinese = app
                .call_as(&key, Method::POST, "/api/v1/decisions", Some(body.clone()), &[("accept-language", header)])
                .await;
            let messages: Vec<&str> = chinese.body["reasons"].as_array().unwrap().iter().map(|r| r["message"].as_str().unwrap()).collect();
            assert_eq!(chinese.codes(), ["opted_out", "outside_legal_hours"], "{header}");
            assert!(messages[0].starts_with("客户不接受任何渠道联系 marketing.wealth"), "{header}: {messages:?}");
            assert!(messages[1].contains("09:00–21:00"), "the Chinese message names the rule's hours: {messages:?}");
            app.state.services.decision_log.flush().await;
            let id = chinese.body["decision_id"].as_str().unwrap();
            // Kept compact, read back in the language asked: as answered.
            let uri = format!("/api/v1/decisions/{id}");
            let read = app.call_as(&key, Method::GET, &uri, None, &[("accept-language", header)]).await;
            assert_eq!(read.body["answer"], chinese.body, "{header}: kept as answered");
            assert_eq!(read.body["request"], body, "{header}: asked as sent");
            let in_english = app.call_as(&key, Method::GET, &uri, None, &[]).await;
            assert!(in_english.body["answer"]["reasons"][0]["message"].as_str().unwrap().starts_with("The customer accepts no channel"));
        }
        let french = app.call_as(&app.key.clone(), Method::POST, "/api/v1/decisions", Some(body), &[("accept-language", "fr-FR")]).await;
        assert!(french.body["reasons"][0]["message"].as_str().unwrap().starts_with("The customer"), "English otherwise");
    }

    async fn the_contracts_example_is_answered_as_written(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        app.set_preferences("C001", json!({"purposes": {"marketing.wealth": {"channels": ["voice", "email"]}}})).await;
        let reply = app.decide(ask("voice", "marketing.wealth", "2026-11-30T00:30:00Z")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.body["allowed"], false);
        assert_eq!(reply.codes(), ["outside_legal_hours"]);
        assert_eq!(reply.body["next_allowed_at"], "2026-11-30T01:00:00Z");
        assert_eq!(reply.body["policy"], "cn@1");
        assert_eq!(reply.body["alternatives"], json!([{"channel": "email", "allowed": true, "next_allowed_at": null}]));
        assert!(reply.body["decision_id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(reply.body["reasons"][0]["message"].as_str().unwrap().contains("09:00–21:00"));
    }

    async fn an_unknown_customer_is_a_reason_not_an_error(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let reply = app.decide(ask("sms", "loan_servicing", MON_10_SHANGHAI)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.codes(), ["unknown_customer"]);
        let by_phone = app.decide(json!({"phone": "+8613900139000", "channel": "sms", "purpose": "loan_servicing"})).await;
        assert_eq!(by_phone.codes(), ["unknown_customer"]);
    }

    async fn a_customer_is_found_by_phone(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let reply = app
            .decide(json!({"phone": PHONE, "channel": "sms", "purpose": "loan_servicing", "at": MON_10_SHANGHAI}))
            .await;
        assert_eq!(reply.body["allowed"], true, "{}", reply.body);
        assert_eq!(reply.body["customer_id"], "C001");
        let both = app.decide(json!({"customer_id": "C001", "phone": PHONE, "channel": "sms", "purpose": "loan_servicing"})).await;
        assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(both.fields(), ["phone"]);
    }

    async fn each_preference_gives_its_reason_code(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        let reply = app.put_customer("C001", json!({"name": "Li", "phones": [PHONE]})).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        assert_eq!(app.decide(ask("email", "loan_servicing", MON_10_SHANGHAI)).await.codes(), ["channel_unavailable"]);
        assert_eq!(app.decide(ask("sms", "marketing.loans", MON_10_SHANGHAI)).await.codes(), ["opted_out"]);

        let reply = app
            .set_preferences("C001", json!({
                "do_not_call": true,
                "purposes": {"repayment_reminder": {"channels": ["wechat"]}},
                "contact_windows": [{"days": ["sat"], "start": "10:00", "end": "12:00"}],
                "snooze_until": "2026-11-04T00:00:00Z"
            }))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(app.decide(ask("voice", "collections", MON_10_SHANGHAI)).await.codes(),
                   ["do_not_call", "snoozed", "outside_contact_window"]);
        assert_eq!(app.decide(ask("sms", "repayment_reminder", MON_10_SHANGHAI)).await.codes(),
                   ["channel_declined", "snoozed", "outside_contact_window"]);
        let post = app.decide(ask("post", "loan_servicing", MON_10_SHANGHAI)).await;
        assert_eq!(post.codes(), ["snoozed"]);
        assert_eq!(post.body["next_allowed_at"], "2026-11-04T00:00:00Z");
        let essential = app.decide(ask("voice", "security_alert", MON_10_SHANGHAI)).await;
        assert_eq!(essential.body["allowed"], true, "essential purposes pass every preference");
    }

    async fn the_national_list_blocks_marketing_until_the_customer_chooses_it(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Us).await;
        app.put_customer("C001", json!({"name": "Smith", "phones": ["+12125551234"]})).await;
        // 11:00 in New York on Monday 2026-11-02.
        let at = "2026-11-02T16:00:00Z";
        assert_eq!(app.decide(ask("voice", "marketing.loans", at)).await.body["allowed"], true, "us marketing is opt-out");
        let upload = upload_dnc(&app, "phone\n+12125551234\n+12125559876\n").await;
        assert_eq!(upload.status, StatusCode::OK, "{}", upload.body);
        assert_eq!(upload.body["numbers"], 2);
        assert_eq!(app.decide(ask("voice", "marketing.loans", at)).await.codes(), ["national_dnc"]);
        assert_eq!(app.decide(ask("sms", "marketing.loans", at)).await.codes(), ["national_dnc"]);
        assert_eq!(app.decide(ask("voice", "collections", at)).await.body["allowed"], true);
        app.set_preferences("C001", json!({"purposes": {"marketing.loans": {"channels": ["voice"], "explicit": true}}})).await;
        assert_eq!(app.decide(ask("voice", "marketing.loans", at)).await.body["allowed"], true, "explicit consent");
        // A new list replaces the old one whole.
        upload_dnc(&app, "+12125559876\n").await;
        assert_eq!(app.decide(ask("sms", "marketing.wealth", at)).await.body["allowed"], true);
    }

    async fn a_bad_national_list_is_refused_line_by_line_and_the_old_one_stays(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        upload_dnc(&app, "+8613800138000\n").await;
        let reply = upload_dnc(&app, "+8613800138001\nnot-a-number\n+86 138\n").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["line 2", "line 3"]);
        assert_eq!(app.state.services.db.national_dnc_size().await.unwrap(), 1);
        let json = app.call(Method::PUT, "/api/v1/national-dnc", Some(json!(["+8613800138000"]))).await;
        assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // A file without numbers empties the list only when that is meant.
        let empty = upload_dnc(&app, "\u{feff}phone\n").await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body["detail"].as_str().unwrap().contains("?empty=true"), "{}", empty.body);
        assert_eq!(app.state.services.db.national_dnc_size().await.unwrap(), 1);
        let emptied = app
            .send(
                Request::put("/api/v1/national-dnc?empty=true")
                    .header("authorization", format!("Bearer {}", app.key))
                    .header("content-type", "text/csv")
                    .body(Body::from("phone\n"))
                    .unwrap(),
            )
            .await;
        assert_eq!(emptied.status, StatusCode::OK, "{}", emptied.body);
        assert_eq!(emptied.body["numbers"], 0);
        assert_eq!(app.state.services.db.national_dnc_size().await.unwrap(), 0);
    }

    async fn recorded_attempts_count_toward_the_weekly_limit_across_systems(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        app.set_preferences("C001", json!({"max_calls_per_week": 2})).await;
        for (system, purpose, at) in [("loans", "loan_servicing", "2026-10-30T02:00:00Z"), ("collections", "collections", "2026-11-01T02:00:00Z")] {
            let reply = app
                .attempt(json!({"customer_id": "C001", "channel": "voice", "purpose": purpose, "at": at,
                                "outcome": "no_answer", "system": system}))
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
            assert_eq!(reply.body["made_against_policy"], false);
        }
        let reply = app.decide(ask("voice", "repayment_reminder", MON_10_SHANGHAI)).await;
        assert_eq!(reply.codes(), ["frequency_cap"]);
        // The first call leaves the rolling week at 2026-11-06 02:00Z.
        assert_eq!(reply.body["next_allowed_at"], "2026-11-06T02:00:00Z");
        // Attempts are judged by the preferences in force at their own
        // instant: the calls above came before the limit was set, the ones
        // below after it. Two calls now fill the week; a third made anyway
        // is recorded, and marked as against policy. (The customer moves to
        // a zone where it is now early afternoon, inside the legal hours.)
        app.set_preferences("C001", json!({"time_zone": afternoon_zone()})).await;
        for _ in 0..2 {
            let reply = app
                .attempt(json!({"customer_id": "C001", "channel": "voice", "purpose": "loan_servicing",
                                "outcome": "no_answer", "system": "loans"}))
                .await;
            assert_eq!(reply.body["made_against_policy"], false, "{}", reply.body);
        }
        let against = app
            .attempt(json!({"customer_id": "C001", "channel": "voice", "purpose": "collections",
                            "outcome": "connected", "system": "collections"}))
            .await;
        assert_eq!(against.status, StatusCode::CREATED);
        assert_eq!(against.body["made_against_policy"], true, "{}", against.body);
        let codes: Vec<_> = against.body["reasons"].as_array().unwrap().iter().map(|r| r["code"].clone()).collect();
        assert!(codes.contains(&json!("frequency_cap")), "{}", against.body);
    }

    async fn a_retry_with_the_same_idempotency_key_records_one_attempt(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let call = json!({"customer_id": "C001", "channel": "voice", "purpose": "loan_servicing",
                          "outcome": "no_answer", "system": "dialer"});
        let key = app.key.clone();
        let send = |body: serde_json::Value, idempotency: &'static str| {
            let app = &app;
            let key = key.clone();
            async move {
                app.call_as(&key, Method::POST, "/api/v1/contact-attempts", Some(body), &[("idempotency-key", idempotency)]).await
            }
        };
        let first = send(call.clone(), "4f7c-retry-1").await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        assert!(first.headers.get("idempotent-replayed").is_none());
        let again = send(call.clone(), "4f7c-retry-1").await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        assert_eq!(again.body["attempt_id"], first.body["attempt_id"]);
        assert_eq!(again.body["made_against_policy"], first.body["made_against_policy"]);
        // One call recorded, so one counts toward the weekly limit.
        let customer = reachguard_domain::CustomerId::parse("C001").unwrap();
        assert_eq!(app.state.services.db.count_attempts_of(&customer).await.unwrap(), 1);
        // The same key for another attempt is refused; a bad key too.
        let mut other = call.clone();
        other["outcome"] = json!("connected");
        let reused = send(other, "4f7c-retry-1").await;
        assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reused.body);
        let bad = send(call, "has space").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.fields(), ["Idempotency-Key"]);
    }

    async fn the_marketing_cap_counts_every_topic_on_a_channel(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        app.set_preferences("C001", json!({"purposes": {
            "marketing.wealth": {"channels": ["email"]}, "marketing.insurance": {"channels": ["email"]}}})).await;
        for (purpose, at) in [("marketing.wealth", "2026-10-10T02:00:00Z"), ("marketing.insurance", "2026-10-20T02:00:00Z")] {
            let reply = app.attempt(json!({"customer_id": "C001", "channel": "email", "purpose": purpose, "at": at, "outcome": "delivered"})).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        }
        let reply = app.decide(ask("email", "marketing.wealth", MON_10_SHANGHAI)).await;
        assert_eq!(reply.codes(), ["policy_cap"]);
        assert_eq!(reply.body["next_allowed_at"], "2026-11-09T02:00:00Z");
    }

    async fn cn_collections_stop_after_six_unanswered_calls_in_a_local_day(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        for minute in 0..6 {
            app.attempt(json!({"customer_id": "C001", "channel": "voice", "purpose": "collections",
                               "at": format!("2026-11-02T01:{minute:02}:00Z"), "outcome": "busy"})).await;
        }
        let reply = app.decide(ask("voice", "collections", MON_10_SHANGHAI)).await;
        assert_eq!(reply.codes(), ["policy_cap"]);
        assert_eq!(reply.body["next_allowed_at"], "2026-11-03T00:00:00Z", "08:00 the next local day");
    }

    async fn us_collections_rest_seven_days_after_a_connected_call(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Us).await;
        app.put_customer("C001", json!({"name": "Smith", "phones": ["+12125551234"]})).await;
        app.attempt(json!({"customer_id": "C001", "channel": "voice", "purpose": "collections",
                           "at": "2026-10-30T15:00:00Z", "outcome": "connected"})).await;
        let reply = app.decide(ask("voice", "collections", "2026-11-02T16:00:00Z")).await;
        assert_eq!(reply.codes(), ["policy_cap"]);
        assert_eq!(reply.body["next_allowed_at"], "2026-11-06T15:00:00Z");
    }

    async fn a_bad_attempt_is_refused_by_field(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let reply = app.attempt(json!({"customer_id": "C001", "channel": "email", "purpose": "loan_servicing", "outcome": "busy"})).await;
        assert_eq!(reply.fields(), ["outcome"]);
        let reply = app.attempt(json!({"customer_id": "C404", "channel": "sms", "purpose": "loan_servicing", "outcome": "sent"})).await;
        assert_eq!(reply.fields(), ["customer_id"]);
        let reply = app.attempt(json!({"customer_id": "C001", "channel": "sms", "purpose": "loan_servicing", "outcome": "sent",
                                       "at": "2099-01-01T00:00:00Z"})).await;
        assert_eq!(reply.fields(), ["at"]);
    }

    async fn a_batch_answers_in_order_and_refuses_more_than_ten_thousand(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let requests = json!({"requests": [
            ask("sms", "loan_servicing", MON_10_SHANGHAI),
            {"customer_id": "C404", "channel": "sms", "purpose": "loan_servicing"},
            ask("sms", "marketing.wealth", MON_10_SHANGHAI),
            {"phone": PHONE, "channel": "push", "purpose": "collections", "at": MON_10_SHANGHAI}
        ]});
        let reply = app.call(Method::POST, "/api/v1/decisions/batch", Some(requests)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let results = reply.body["results"].as_array().unwrap();
        let allowed: Vec<bool> = results.iter().map(|r| r["allowed"].as_bool().unwrap()).collect();
        assert_eq!(allowed, [true, false, false, true]);
        assert_eq!(results[1]["reasons"][0]["code"], "unknown_customer");
        assert_eq!(results[2]["reasons"][0]["code"], "opted_out");

        let bad = app.call(Method::POST, "/api/v1/decisions/batch", Some(json!({"requests": [
            ask("sms", "loan_servicing", MON_10_SHANGHAI), {"customer_id": "C001", "channel": "fax", "purpose": "sales"}
        ]}))).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.fields(), ["requests[1].channel", "requests[1].purpose"]);

        // The 10,001st request ends the reading: what follows it (here a
        // number where a request should be) is never parsed.
        let mut too_many: Vec<Value> = (0..10_001).map(|_| ask("sms", "loan_servicing", MON_10_SHANGHAI)).collect();
        too_many.push(json!(7));
        let reply = app.call(Method::POST, "/api/v1/decisions/batch", Some(json!({"requests": too_many}))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.fields(), ["requests"]);
        assert!(reply.body["detail"].as_str().unwrap().contains("at most 10000"), "{}", reply.body);
    }

    async fn a_kept_decision_is_read_back_before_and_after_it_is_written(test_db) {
        let app = TestApp::new(test_db, PolicyPack::Cn).await;
        app.borrower("C001", PHONE).await;
        let answer = app.decide(ask("sms", "marketing.wealth", MON_10_SHANGHAI)).await.body;
        let path = format!("/api/v1/decisions/{}", answer["decision_id"].as_str().unwrap());
        let early = app.call(Method::GET, &path, None).await;
        assert_eq!(early.status, StatusCode::OK);
        assert_eq!(early.body["answer"], answer);
        app.state.services.decision_log.flush().await;
        let kept = app.state.services.db.kept_decision(answer["decision_id"].as_str().unwrap()).await.unwrap();
        assert!(kept.is_some(), "written to the database by the flush");
        let late = app.call(Method::GET, &path, None).await;
        assert_eq!(late.body["answer"], answer);
        assert_eq!(late.body["request"]["purpose"], "marketing.wealth");
        assert_eq!(late.body["request"]["at"], MON_10_SHANGHAI);
        assert_eq!(late.body["client"], "test-system");
        let missing = app.call(Method::GET, "/api/v1/decisions/no-such-id", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

/// An IANA zone in which it is now between 12:00 and 14:00.
fn afternoon_zone() -> String {
    use chrono::Timelike;
    let offset = 13 - chrono::Utc::now().hour() as i32;
    match offset {
        0 => "Etc/GMT".to_owned(),
        // The Etc zones' signs are inverted: Etc/GMT-8 is UTC+8.
        east if east > 0 => format!("Etc/GMT-{east}"),
        west => format!("Etc/GMT+{}", -west),
    }
}
