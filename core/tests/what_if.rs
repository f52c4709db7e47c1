//! The policy what-if (contract section 10) against a real database, on
//! SQLite and PostgreSQL: kept decisions judged again under a draft.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use reachguard_core::Services;
use reachguard_core::decide::{Asked, Request};
use reachguard_core::what_if::{WhatIfError, replay};
use reachguard_domain::{
    Actor, BankSettings, Channel, ClockTime, CustomerId, Language, LocalHours, Phone, PolicyPack,
    PreferencesWrite, Question, Source,
};
use reachguard_storage::testing::TestDatabase;
use reachguard_storage::{ChangeBy, ContactData, on_both_databases};

/// Yesterday at `hour`:`minute` in Shanghai.
fn yesterday_in_shanghai(hour: u32, minute: u32) -> DateTime<Utc> {
    let zone = chrono_tz::Asia::Shanghai;
    let day = (Utc::now() - Duration::days(1))
        .with_timezone(&zone)
        .date_naive();
    zone.from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap()))
        .unwrap()
        .with_timezone(&Utc)
}

/// Services over a customer who takes marketing by voice, SMS and e-mail,
/// and a kept decision for every marketing channel and for collections by
/// voice at each half hour of yesterday in Shanghai.
async fn decided(
    test_db: &TestDatabase,
) -> (Services, Vec<(Channel, &'static str, DateTime<Utc>, bool)>) {
    let services = Services::start(test_db.db.clone());
    let db = &services.db;
    let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
    let id = CustomerId::parse("C001").unwrap();
    let contact = ContactData {
        name: "Li Wei".into(),
        phones: vec![Phone::parse("+8613800138001").unwrap()],
        email: Some("li@example.cn".into()),
        time_zone: Some(chrono_tz::Asia::Shanghai),
        language: None,
    };
    db.put_customer(&id, &contact, &policy, &Actor::System("crm".into()))
        .await
        .unwrap();
    let record = db.customer("C001").await.unwrap().unwrap();
    let mut document = serde_json::to_value(&record.preferences).unwrap();
    document["purposes"]["marketing.wealth"] =
        serde_json::json!({"channels": ["voice", "sms", "email"]});
    let write: PreferencesWrite = serde_json::from_value(document).unwrap();
    services
        .update_preferences(
            &id,
            record.version,
            write,
            &ChangeBy::new(&Actor::System("crm".into()), Source::Api),
        )
        .await
        .unwrap();
    let policy = services.policy_now().await.unwrap();
    let mut asked = Vec::new();
    for half_hours in 0..48 {
        let at = yesterday_in_shanghai(half_hours / 2, (half_hours % 2) * 30);
        for (channel, purpose) in [
            (Channel::Voice, "marketing.wealth"),
            (Channel::Sms, "marketing.wealth"),
            (Channel::Email, "marketing.wealth"),
            (Channel::Voice, "collections"),
        ] {
            let request = Request {
                asked: Asked::Customer(id.clone()),
                question: Question {
                    channel,
                    purpose: purpose.parse().unwrap(),
                    at,
                },
            };
            let decided = services
                .decide(&policy, std::slice::from_ref(&request), "crm", Language::En)
                .await
                .unwrap();
            asked.push((channel, purpose, at, decided.answers[0].decision.allowed));
        }
    }
    services.decision_log.flush().await;
    (services, asked)
}

on_both_databases! {
    async fn a_draft_equal_to_the_version_in_force_changes_nothing(test_db) {
        let (services, asked) = decided(&test_db).await;
        // Changed since: the customer opted out of marketing, and a call
        // was recorded for one of the instants asked about. The replay reads
        // what each decision knew when it was made, not this.
        // (Instants are kept to the second: a change in the very second of
        // a decision is read as made before it, so this waits for the next.)
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let id = CustomerId::parse("C001").unwrap();
        let record = services.db.customer("C001").await.unwrap().unwrap();
        let mut document = serde_json::to_value(&record.preferences).unwrap();
        document["purposes"]["marketing.wealth"] = serde_json::json!({"channels": []});
        let write: PreferencesWrite = serde_json::from_value(document).unwrap();
        services
            .update_preferences(&id, record.version, write, &ChangeBy::new(&Actor::Customer, Source::Web))
            .await
            .unwrap();
        services
            .db
            .record_attempt(&reachguard_storage::NewAttempt {
                attempt_id: "A1".into(),
                customer_id: id.to_string(),
                at: yesterday_in_shanghai(9, 0).timestamp(),
                channel: Channel::Voice,
                purpose: "collections".parse().unwrap(),
                outcome: reachguard_domain::Outcome::NoAnswer,
                system: None,
                decision_id: None,
                allowed: true,
                policy: "cn@1".into(),
                reasons: "[]".into(),
                recorded_at: Utc::now().timestamp() + 1,
                recorded_by: "crm".into(),
            })
            .await
            .unwrap();
        let current = services.policy_now().await.unwrap();
        let result = replay(&services, &current.settings, 7, Utc::now(), |_| {}).await.unwrap();
        assert_eq!(result.decisions, asked.len() as u64);
        assert_eq!(result.changed, 0, "{result:?}");
    }

    async fn narrower_marketing_hours_change_exactly_the_allowed_calls_and_messages_outside_them(test_db) {
        let (services, asked) = decided(&test_db).await;
        let draft = BankSettings {
            marketing_hours: Some(LocalHours { start: ClockTime::hm(10, 0), end: ClockTime::hm(20, 0) }),
            ..BankSettings::default()
        };
        let outside = |at: DateTime<Utc>| {
            let local = at.with_timezone(&chrono_tz::Asia::Shanghai).time();
            local < NaiveTime::from_hms_opt(10, 0, 0).unwrap() || local >= NaiveTime::from_hms_opt(20, 0, 0).unwrap()
        };
        let expected = asked
            .iter()
            .filter(|(channel, purpose, at, allowed)| {
                *allowed && purpose.starts_with("marketing.") && matches!(channel, Channel::Voice | Channel::Sms) && outside(*at)
            })
            .count() as u64;
        // 09:00 and 09:30, 20:00 and 20:30 by voice and by SMS.
        assert_eq!(expected, 8);
        let mut seen = Vec::new();
        let result = replay(&services, &draft, 7, Utc::now(), |n| seen.push(n)).await.unwrap();
        assert_eq!((result.changed, result.allowed_to_denied, result.denied_to_allowed), (expected, expected, 0), "{result:?}");
        assert_eq!(result.by_purpose.get("marketing.wealth"), Some(&expected));
        assert_eq!(result.by_channel.get("voice"), Some(&(expected / 2)));
        assert_eq!(result.by_channel.get("sms"), Some(&(expected / 2)));
        assert_eq!(result.by_reason.get("outside_legal_hours"), Some(&expected));
        assert_eq!(result.by_system.get("crm"), Some(&expected));
        assert_eq!(result.examples.len(), expected as usize);
        assert!(result.examples.iter().all(|e| e.before && !e.after && outside(e.at)));
        assert_eq!(seen.last(), Some(&(asked.len() as u64)), "progress reaches every decision");
    }

    async fn a_loosening_draft_is_refused_naming_the_rule_and_nothing_is_written(test_db) {
        let (services, _) = decided(&test_db).await;
        let counts = |db: reachguard_storage::Database| async move {
            let mut counts = Vec::new();
            for table in ["decisions", "consent_ledger", "audit_log", "policy_versions", "contact_attempts", "model_feed"] {
                let sql = format!("SELECT COUNT(*) FROM {table}");
                let n: i64 = reachguard_storage::with_pool!(&db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await).unwrap();
                counts.push(n);
            }
            counts
        };
        let before = counts(services.db.clone()).await;
        let looser = BankSettings {
            marketing_hours: Some(LocalHours { start: ClockTime::hm(7, 0), end: ClockTime::hm(21, 0) }),
            ..BankSettings::default()
        };
        match replay(&services, &looser, 30, Utc::now(), |_| {}).await {
            Err(WhatIfError::Refused(errors)) => {
                assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["marketing_hours"]);
            }
            other => panic!("{other:?}"),
        }
        let narrower = BankSettings { marketing_limit: Some(1), ..BankSettings::default() };
        replay(&services, &narrower, 30, Utc::now(), |_| {}).await.unwrap();
        assert_eq!(counts(services.db.clone()).await, before, "a what-if writes nothing");
    }

    async fn a_what_if_is_kept_with_the_version_published_from_exactly_its_draft(test_db) {
        let (services, asked) = decided(&test_db).await;
        let draft = BankSettings {
            marketing_hours: Some(LocalHours { start: ClockTime::hm(10, 0), end: ClockTime::hm(20, 0) }),
            ..BankSettings::default()
        };
        let run = reachguard_core::what_if::start(&services, draft.clone(), 7).await.unwrap().unwrap();
        let found = loop {
            match services.what_ifs.get(&run).unwrap().result {
                Some(result) => break result.unwrap(),
                None => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        };
        assert_eq!(found.decisions, asked.len() as u64);
        assert_eq!(found.changed, 8);
        let boss = Actor::staff("boss").unwrap();
        // Other settings than it tried: nothing is kept with them.
        let other = BankSettings { marketing_limit: Some(1), ..draft.clone() };
        let version = services.policy_now().await.unwrap().version;
        reachguard_core::policy::publish(&services, &other, &boss, version, Some(&run)).await.unwrap().unwrap();
        let history = reachguard_core::policy::history(&services).await.unwrap();
        assert_eq!(history[0].tried, None);
        // Exactly its draft: what it found is kept, and said in the audit log.
        reachguard_core::policy::publish(&services, &draft, &boss, version + 1, Some(&run)).await.unwrap().unwrap();
        let history = reachguard_core::policy::history(&services).await.unwrap();
        let tried = history[0].tried.clone().expect("kept with the version");
        assert_eq!((tried.days, tried.found), (7, found));
        let details: String = reachguard_storage::with_pool!(&services.db, pool => sqlx::query_scalar(
            "SELECT details FROM audit_log WHERE action = 'policy.change' ORDER BY seq DESC LIMIT 1"
        ).fetch_one(pool).await).unwrap();
        let details: serde_json::Value = serde_json::from_str(&details).unwrap();
        assert_eq!(details["what_if"]["changed"], 8);
        // An unknown run keeps nothing, and publishing still works.
        reachguard_core::policy::publish(&services, &draft, &boss, version + 2, Some("no-such-run")).await.unwrap().unwrap();
        assert_eq!(reachguard_core::policy::history(&services).await.unwrap()[0].tried, None);
    }
}
