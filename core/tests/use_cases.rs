//! The use cases against a real database, on SQLite and PostgreSQL:
//! activation and its lock, sign-in and its throttle, attempts judged at
//! their own instant, complaints kept to their customer, and the data
//! download holding one customer's records and nothing of another's.

use axum_login::AuthnBackend;
use chrono::{Duration, Utc};
use reachguard_core::Services;
use reachguard_core::activation::{ActivationError, activate, invite};
use reachguard_core::attempts::AttemptReport;
use reachguard_core::complaints::{self, ComplaintError};
use reachguard_core::export::my_data_document as my_data;
use reachguard_core::signin::{BorrowerBackend, Credentials, SignInError};
use reachguard_domain::{
    Actor, ComplaintCategory, CustomerId, Outcome, Phone, PolicyPack, PreferencesWrite, Source,
};
use reachguard_storage::testing::TestDatabase;
use reachguard_storage::{ChangeBy, ContactData, Database, on_both_databases};

const PASSWORD: &str = "harbour-lantern-42";

async fn customer(db: &Database, id: &str, phone: &str) -> CustomerId {
    let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
    let id = CustomerId::parse(id).unwrap();
    let contact = ContactData {
        name: "Li Wei".into(),
        phones: vec![Phone::parse(phone).unwrap()],
        email: Some("li@example.cn".into()),
        time_zone: Some(chrono_tz::Asia::Shanghai),
        language: None,
    };
    db.put_customer(&id, &contact, &policy, &Actor::System("crm".into()))
        .await
        .unwrap();
    id
}

async fn with_login(db: &Database, id: &CustomerId) {
    let (code, _) = invite(db, id, "system:test").await.unwrap();
    activate(db, id.as_str(), &code, PASSWORD.into())
        .await
        .unwrap();
}

fn credentials(login: &str, password: &str) -> Credentials {
    Credentials {
        login: login.into(),
        password: password.into(),
        address: None,
    }
}

async fn services(test_db: &TestDatabase) -> Services {
    Services::start(test_db.db.clone())
}

on_both_databases! {
    async fn a_code_creates_a_login_once_and_five_wrong_tries_lock_it(test_db) {
        let db = &test_db.db;
        let id = customer(db, "C001", "+8613800138001").await;
        let (code, _) = invite(db, &id, "system:test").await.unwrap();
        for _ in 0..4 {
            let wrong = activate(db, "C001", "AAAA-BBBB-CCCC", PASSWORD.into()).await;
            assert!(matches!(wrong, Err(ActivationError::WrongCode)), "{wrong:?}");
        }
        let fifth = activate(db, "C001", "AAAA-BBBB-CCCC", PASSWORD.into()).await;
        assert!(matches!(fifth, Err(ActivationError::Locked { .. })), "{fifth:?}");
        let right = activate(db, "C001", &code, PASSWORD.into()).await;
        assert!(matches!(right, Err(ActivationError::Locked { .. })), "{right:?}");
        assert!(db.customer_login(&id).await.unwrap().is_none());

        // A new invitation starts again; its code works once.
        let (code, _) = invite(db, &id, "system:test").await.unwrap();
        let weak = activate(db, "C001", &code, "1234567890".into()).await;
        assert!(matches!(weak, Err(ActivationError::Password(_))), "{weak:?}");
        activate(db, "c001".to_uppercase().as_str(), &code.to_lowercase(), PASSWORD.into()).await.unwrap();
        let again = activate(db, "C001", &code, PASSWORD.into()).await;
        assert!(matches!(again, Err(ActivationError::Expired)), "{again:?}");
    }

    async fn an_unknown_customer_gets_the_same_answer_as_a_wrong_code(test_db) {
        let wrong = activate(&test_db.db, "NOBODY", "AAAA-BBBB-CCCC", PASSWORD.into()).await;
        assert!(matches!(wrong, Err(ActivationError::WrongCode)), "{wrong:?}");
    }

    async fn a_borrower_signs_in_by_number_or_phone_and_five_failures_lock_the_account(test_db) {
        let db = &test_db.db;
        let id = customer(db, "C002", "+8613800138002").await;
        with_login(db, &id).await;
        let backend = BorrowerBackend::new(db.clone(), Default::default());
        let by_number = backend.authenticate(credentials("C002", PASSWORD)).await.unwrap();
        assert_eq!(by_number.unwrap().customer_id, id);
        let by_phone = backend.authenticate(credentials("+8613800138002", PASSWORD)).await.unwrap();
        assert_eq!(by_phone.unwrap().customer_id, id);
        let by_mobile = backend.authenticate(credentials("138 0013 8002", PASSWORD)).await.unwrap();
        assert_eq!(by_mobile.unwrap().customer_id, id, "a mainland mobile without +86");
        assert!(backend.authenticate(credentials("NOBODY", PASSWORD)).await.unwrap().is_none());

        for _ in 0..4 {
            assert!(backend.authenticate(credentials("C002", "wrong-password")).await.unwrap().is_none());
        }
        let fifth = backend.authenticate(credentials("C002", "wrong-password")).await;
        assert!(matches!(fifth, Err(SignInError::AccountLocked { .. })), "{fifth:?}");
        let right = backend.authenticate(credentials("C002", PASSWORD)).await;
        assert!(matches!(right, Err(SignInError::AccountLocked { .. })), "locked even for the right password");
        // By phone it is the same account, and the same lock.
        let by_phone = backend.authenticate(credentials("+8613800138002", PASSWORD)).await;
        assert!(matches!(by_phone, Err(SignInError::AccountLocked { .. })), "{by_phone:?}");
    }

    async fn a_login_that_does_not_exist_is_answered_and_locked_alike(test_db) {
        let db = &test_db.db;
        let backend = BorrowerBackend::new(db.clone(), Default::default());
        for _ in 0..4 {
            assert!(backend.authenticate(credentials("+8613999999999", "wrong-password")).await.unwrap().is_none());
        }
        let fifth = backend.authenticate(credentials("+8613999999999", "wrong-password")).await;
        assert!(matches!(fifth, Err(SignInError::AccountLocked { .. })), "{fifth:?}");
    }

    async fn a_wrong_current_password_on_the_password_page_counts_toward_the_lock(test_db) {
        let db = &test_db.db;
        let id = customer(db, "C004", "+8613800138004").await;
        with_login(db, &id).await;
        let backend = BorrowerBackend::new(db.clone(), Default::default());
        for _ in 0..4 {
            assert!(!backend.check_password(&id, "wrong-password".into(), None).await.unwrap());
        }
        let fifth = backend.check_password(&id, "wrong-password".into(), None).await;
        assert!(matches!(fifth, Err(SignInError::AccountLocked { .. })), "{fifth:?}");
        let right = backend.check_password(&id, PASSWORD.into(), None).await;
        assert!(matches!(right, Err(SignInError::AccountLocked { .. })), "locked for the password page too");
        let sign_in = backend.authenticate(credentials("C004", PASSWORD)).await;
        assert!(matches!(sign_in, Err(SignInError::AccountLocked { .. })), "and for signing in");
    }

    async fn an_attempt_is_judged_by_the_preferences_in_force_at_its_instant(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let id = customer(db, "C003", "+8613800138003").await;
        // The customer consents to wealth marketing by SMS...
        let record = db.customer("C003").await.unwrap().unwrap();
        let mut document = serde_json::to_value(&record.preferences).unwrap();
        document["purposes"]["marketing.wealth"] = serde_json::json!({"channels": ["sms"]});
        let write: PreferencesWrite = serde_json::from_value(document).unwrap();
        services.update_preferences(&id, record.version, write, &ChangeBy::new(&Actor::Customer, Source::Web)).await.unwrap();

        // ...so an SMS sent now, at a legal hour for Shanghai, is allowed;
        // one reported for an instant before the consent was not.
        let now = Utc::now();
        let report = |at| AttemptReport {
            customer: id.clone(),
            channel: reachguard_domain::Channel::Sms,
            purpose: "marketing.wealth".parse().unwrap(),
            at,
            outcome: Outcome::Delivered,
            system: Some("wealth-campaign".into()),
            decision_id: None,
        };
        let before_consent = services
            .record_attempt(report(now - Duration::days(1)), "test")
            .await
            .unwrap();
        assert!(!before_consent.allowed);
        assert!(before_consent.reasons.iter().any(|r| r.code == reachguard_domain::ReasonCode::OptedOut));
        assert_eq!(before_consent.policy, "cn@1");
        let stored = db.attempt_of(&id, &before_consent.attempt_id).await.unwrap().unwrap();
        assert!(!stored.allowed);
        assert_eq!(stored.policy.as_deref(), Some("cn@1"));
        assert!(stored.reasons.unwrap().contains("opted_out"));
    }

    async fn a_complaint_names_only_the_customers_own_attempt_and_is_due_in_fifteen_days(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let mine = customer(db, "C004", "+8613800138004").await;
        let theirs = customer(db, "C005", "+8613800138005").await;
        let report = |customer: &CustomerId| AttemptReport {
            customer: customer.clone(),
            channel: reachguard_domain::Channel::Email,
            purpose: "loan_servicing".parse().unwrap(),
            at: Utc::now(),
            outcome: Outcome::Delivered,
            system: None,
            decision_id: None,
        };
        let their_attempt = services.record_attempt(report(&theirs), "test").await.unwrap();
        let refused = complaints::open(db, &mine, Some(&their_attempt.attempt_id), ComplaintCategory::TooOften, "").await;
        assert!(matches!(refused, Err(ComplaintError::UnknownAttempt)), "{refused:?}");
        let unclean = complaints::open(db, &mine, None, ComplaintCategory::Other, "abc\u{202E}def").await;
        assert!(matches!(unclean, Err(ComplaintError::DetailsUnclean)), "{unclean:?}");
        let empty = complaints::open(db, &mine, None, ComplaintCategory::Other, "  ").await;
        assert!(matches!(empty, Err(ComplaintError::DetailsMissing)), "{empty:?}");

        let my_attempt = services.record_attempt(report(&mine), "test").await.unwrap();
        let opened = complaints::open(db, &mine, Some(&my_attempt.attempt_id), ComplaintCategory::TooOften, "third today").await.unwrap();
        assert_eq!(opened.due_at - opened.received_at, Duration::days(15));
        assert_eq!(complaints::of(db, &mine).await.unwrap(), vec![opened]);
        assert!(complaints::of(db, &theirs).await.unwrap().is_empty());
    }

    async fn the_data_download_holds_every_record_of_the_customer_and_nothing_of_another(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let mine = customer(db, "C006", "+8613800138006").await;
        let theirs = customer(db, "C007", "+8613800138007").await;
        for customer in [&mine, &theirs] {
            let report = AttemptReport {
                customer: customer.clone(),
                channel: reachguard_domain::Channel::Email,
                purpose: "loan_servicing".parse().unwrap(),
                at: Utc::now(),
                outcome: Outcome::Delivered,
                system: Some("crm".into()),
                decision_id: None,
            };
            let recorded = services.record_attempt(report, "test").await.unwrap();
            complaints::open(db, customer, Some(&recorded.attempt_id), ComplaintCategory::TooOften, "").await.unwrap();
            let policy = db.current_policy().await.unwrap();
            let request = reachguard_core::decide::Request {
                asked: reachguard_core::decide::Asked::Customer(customer.clone()),
                question: reachguard_domain::Question {
                    channel: reachguard_domain::Channel::Voice,
                    purpose: "collections".parse().unwrap(),
                    at: Utc::now(),
                },
            };
            services.decide(&policy, &[request], "collections-dialer", reachguard_domain::Language::En).await.unwrap();
        }
        let data = my_data(&services, &mine, reachguard_core::export::MAX_ROWS).await.unwrap().unwrap();
        assert_eq!(data["customer_id"], "C006");
        assert_eq!(data["contact"]["phones"], serde_json::json!(["+8613800138006"]));
        assert_eq!(data["consent_ledger"].as_array().unwrap().len(), 1);
        assert_eq!(data["contact_attempts"].as_array().unwrap().len(), 1);
        assert_eq!(data["decisions"].as_array().unwrap().len(), 1, "a decision not yet written is read from memory");
        assert_eq!(data["decisions"][0]["asked_by"], "collections-dialer");
        assert_eq!(data["complaints"].as_array().unwrap().len(), 1);
        assert_eq!(data["truncated"], serde_json::json!([]));
        let text = data.to_string();
        assert!(!text.contains("C007") && !text.contains("+8613800138007"), "{text}");
        assert!(!text.contains("argon2") && !text.contains("code_hash"));
    }

    async fn a_customer_number_that_does_not_exist_is_answered_and_locked_alike(test_db) {
        let db = &test_db.db;
        for _ in 0..4 {
            let wrong = activate(db, "NOBODY", "AAAA-BBBB-CCCC", PASSWORD.into()).await;
            assert!(matches!(wrong, Err(ActivationError::WrongCode)), "{wrong:?}");
        }
        let fifth = activate(db, "NOBODY", "AAAA-BBBB-CCCC", PASSWORD.into()).await;
        assert!(matches!(fifth, Err(ActivationError::Locked { .. })), "{fifth:?}");
    }

    async fn tries_sent_together_are_each_counted_before_any_is_checked(test_db) {
        let db = &test_db.db;
        customer(db, "C001", "+8613800138001").await;
        // Twenty wrong codes at once: the lock set by the fifth stops the
        // rest before their code is checked.
        let tries: Vec<_> = (0..20)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { activate(&db, "C001", "AAAA-BBBB-CCCC", PASSWORD.into()).await })
            })
            .collect();
        let mut wrong = 0;
        for attempt in tries {
            if matches!(attempt.await.unwrap(), Err(ActivationError::WrongCode)) {
                wrong += 1;
            }
        }
        assert_eq!(wrong, 4, "only four tries were judged wrong; the rest met the lock");
    }

    async fn an_invitation_and_an_activation_are_in_the_audit_log(test_db) {
        let db = &test_db.db;
        let id = customer(db, "C005", "+8613800138005").await;
        let (code, _) = invite(db, &id, "staff:wang").await.unwrap();
        activate(db, "C005", &code, PASSWORD.into()).await.unwrap();
        let entries = db.audit_entries(&Default::default(), None, 100).await.unwrap();
        let found: Vec<(&str, &str)> = entries.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
        assert!(found.contains(&("customer.invite", "staff:wang")), "{found:?}");
        assert!(found.contains(&("customer.activate", "customer")), "{found:?}");
    }

    async fn a_save_that_changes_nothing_writes_nothing(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let id = customer(db, "C008", "+8613800138008").await;
        let record = db.customer("C008").await.unwrap().unwrap();
        let same: PreferencesWrite = serde_json::from_value(serde_json::to_value(&record.preferences).unwrap()).unwrap();
        let by = ChangeBy::new(&Actor::Customer, Source::Web);
        let ledger = db.ledger_of(&id, None, 100).await.unwrap().len();
        let audit = db.audit_entries(&Default::default(), None, 1000).await.unwrap().len();
        for _ in 0..3 {
            let kept = services.update_preferences(&id, record.version, same.clone(), &by).await.unwrap();
            assert_eq!(kept.version, record.version, "no new version");
        }
        assert_eq!(db.ledger_of(&id, None, 100).await.unwrap().len(), ledger, "no ledger row");
        assert_eq!(db.audit_entries(&Default::default(), None, 1000).await.unwrap().len(), audit, "no audit row");
        assert_eq!(reachguard_core::quotas::may_save(db, &id).await.unwrap(), Ok(()));
    }

    async fn a_customer_has_a_days_quota_of_saves(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let id = customer(db, "C009", "+8613800138009").await;
        let by = ChangeBy::new(&Actor::Customer, Source::Web);
        for n in 0..reachguard_core::quotas::SAVES_A_DAY {
            let record = db.customer("C009").await.unwrap().unwrap();
            let mut document = serde_json::to_value(&record.preferences).unwrap();
            document["max_calls_per_week"] = serde_json::json!(1 + n % 2);
            let write: PreferencesWrite = serde_json::from_value(document).unwrap();
            assert_eq!(reachguard_core::quotas::may_save(db, &id).await.unwrap(), Ok(()), "save {n}");
            services.update_preferences(&id, record.version, write, &by).await.unwrap();
        }
        assert_eq!(
            reachguard_core::quotas::may_save(db, &id).await.unwrap(),
            Err(reachguard_core::quotas::QuotaReached::Saves)
        );
        // Staff recording a request for the customer are not counted.
        let staff = Actor::Staff("wang".into());
        let record = db.customer("C009").await.unwrap().unwrap();
        let mut document = serde_json::to_value(&record.preferences).unwrap();
        document["max_calls_per_week"] = serde_json::json!(5);
        let write: PreferencesWrite = serde_json::from_value(document).unwrap();
        services.update_preferences(&id, record.version, write, &ChangeBy::new(&staff, Source::Phone)).await.unwrap();
        let other = customer(db, "C010", "+8613800138010").await;
        assert_eq!(reachguard_core::quotas::may_save(db, &other).await.unwrap(), Ok(()), "another customer's own quota");
    }

    async fn complaints_are_capped_at_five_open_and_twenty_in_thirty_days(test_db) {
        let db = &test_db.db;
        let id = customer(db, "C011", "+8613800138011").await;
        for n in 0..reachguard_core::quotas::OPEN_COMPLAINTS {
            complaints::open(db, &id, None, ComplaintCategory::Other, &format!("call {n}")).await.unwrap();
        }
        let sixth = complaints::open(db, &id, None, ComplaintCategory::Other, "one more").await;
        assert!(matches!(sixth, Err(ComplaintError::TooMany(reachguard_core::quotas::QuotaReached::OpenComplaints))), "{sixth:?}");

        // Twenty closed in the last 30 days are enough too; older ones are not counted.
        let other = customer(db, "C012", "+8613800138012").await;
        let closed = |n: i64, days_ago: i64| reachguard_storage::ComplaintRecord {
            complaint_id: format!("K{days_ago}-{n}"),
            customer_id: "C012".into(),
            attempt_id: None,
            category: "other".into(),
            details: "closed".into(),
            status: "closed".into(),
            received_at: (Utc::now() - Duration::days(days_ago)).timestamp(),
            due_at: Utc::now().timestamp(),
            extended_reason: None,
            assignee: None,
            answer: None,
            answered_at: None,
        };
        for n in 0..30 {
            db.insert_complaint(&closed(n, 40)).await.unwrap();
        }
        for n in 0..reachguard_core::quotas::COMPLAINTS_IN_30_DAYS - 1 {
            db.insert_complaint(&closed(n, 2)).await.unwrap();
        }
        complaints::open(db, &other, None, ComplaintCategory::Other, "the twentieth").await.unwrap();
        let more = complaints::open(db, &other, None, ComplaintCategory::Other, "the twenty-first").await;
        assert!(matches!(more, Err(ComplaintError::TooMany(reachguard_core::quotas::QuotaReached::Complaints))), "{more:?}");
    }

    async fn the_data_download_is_bounded_and_says_what_it_cut(test_db) {
        let services = services(&test_db).await;
        let db = &services.db;
        let id = customer(db, "C013", "+8613800138013").await;
        let at = Utc::now().timestamp() - 3_600;
        // Cut at 1,200 rows here (a million in service): more than two pages.
        let cap = 1_200;
        let decisions: Vec<_> = (0..=cap)
            .map(|n| reachguard_storage::KeptDecision {
                decision_id: format!("0190a0b0-0000-7000-8000-{n:012}"),
                decided_at: at + n,
                client: "dialer".into(),
                customer_id: Some("C013".into()),
                allowed: true,
                reasons: 0,
                kept: r#"{"c":"email","p":"loan_servicing","v":"cn@1"}"#.into(),
            })
            .collect();
        db.keep_decisions(&decisions).await.unwrap();
        // One more, not yet written, is the newest.
        let policy = db.current_policy().await.unwrap();
        let request = reachguard_core::decide::Request {
            asked: reachguard_core::decide::Asked::Customer(id.clone()),
            question: reachguard_domain::Question {
                channel: reachguard_domain::Channel::Email,
                purpose: "loan_servicing".parse().unwrap(),
                at: Utc::now(),
            },
        };
        services.decide(&policy, &[request], "crm", reachguard_domain::Language::En).await.unwrap();
        let data = my_data(&services, &id, cap).await.unwrap().unwrap();
        let decisions = data["decisions"].as_array().unwrap();
        assert_eq!(decisions.len() as i64, cap);
        assert_eq!(decisions[0]["asked_by"], "crm", "the newest first, from memory");
        assert_eq!(decisions[1]["decision_id"], format!("0190a0b0-0000-7000-8000-{cap:012}"));
        // In order across pages, none twice.
        let ids: Vec<&str> = decisions[1..].iter().map(|d| d["decision_id"].as_str().unwrap()).collect();
        let expected: Vec<String> = (2..=cap).rev().map(|n| format!("0190a0b0-0000-7000-8000-{n:012}")).collect();
        assert_eq!(ids, expected);
        assert_eq!(data["truncated"], serde_json::json!(["decisions"]));
        assert_eq!(data["consent_ledger"].as_array().unwrap().len(), 1);
    }
}
