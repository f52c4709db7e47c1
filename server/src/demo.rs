//! `reachguard demo`: a small bank's worth of customers, history, staff and
//! policy, so that every page and chart has something to show.
//!
//! The data is the same on every run (a fixed seed) but for the staff
//! passwords, which are random and printed once. Demo data goes only into a
//! database without customers: mixed into a real bank's, its customers,
//! contacts and well-known staff accounts would be a hazard.

use anyhow::Context;
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reachguard_domain::decision::decide;
use reachguard_domain::{
    Actor, BankSettings, Channel, ClockTime, ContactAttempt, ContactWindow, CustomerFacts,
    CustomerId, Day, Language, LocalHours, Outcome, Phone, Policy, Preferences, PurposeChoice,
    Question, Role,
};
use reachguard_storage::{
    ChangeBy, ComplaintRecord, ContactData, Database, KeptDecision, NewAttempt, Source,
};

use reachguard_core::activation;

use crate::commands;

pub const CUSTOMERS: usize = 200;
/// Demo borrowers with a login, and their password.
pub const BORROWERS_SIGNED_UP: [&str; 3] = ["DEMO0001", "DEMO0002", "DEMO0003"];
pub const BORROWER_PASSWORD: &str = "harbour-lantern-42";
/// A demo borrower with an activation code but no login yet.
pub const BORROWER_TO_ACTIVATE: &str = "DEMO0004";

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "婷",
];
const SYSTEMS: [(&str, &str, Channel); 6] = [
    ("loan-progress", "loan_servicing", Channel::Voice),
    ("repayment-sms", "repayment_reminder", Channel::Sms),
    ("collections-dialer", "collections", Channel::Voice),
    ("card-campaign", "marketing.credit_card", Channel::Voice),
    ("wealth-campaign", "marketing.wealth", Channel::Sms),
    ("fraud-alerts", "security_alert", Channel::Push),
];

/// The secrets a load made, to print once.
pub struct Loaded {
    /// Each demo staff account's username and random password.
    /// With the one-time code that sets up its second factor.
    pub staff_passwords: Vec<(String, String, String)>,
    pub api_key: String,
    pub activation_code: String,
}

pub async fn load(db: &Database, policy: &Policy) -> anyhow::Result<Loaded> {
    let customers = db.customer_count().await?;
    if customers > 0 {
        anyhow::bail!(
            "the database already holds {customers} customers: demo data goes only into an empty database"
        );
    }
    // A bank a little stricter than the law: marketing calls from 10:00 to
    // 20:00, and a topic of its own.
    let pack_hours = policy
        .pack
        .legal_hours(&"marketing.wealth".parse()?)
        .context("marketing has legal hours")?;
    let settings = BankSettings {
        marketing_hours: Some(LocalHours {
            start: ClockTime::hm(10, 0),
            end: pack_hours.end.min(ClockTime::hm(20, 0)),
        }),
        marketing_topics: vec!["home_renovation".to_owned()],
        topic_names: [(
            "home_renovation".to_owned(),
            reachguard_domain::TopicName {
                zh: "家装贷款".into(),
                en: "home renovation loans".into(),
            },
        )]
        .into(),
        ..BankSettings::default()
    };
    settings
        .check(policy.pack)
        .map_err(|errors| anyhow::anyhow!("demo policy: {errors:?}"))?;
    let policy = &db
        .set_policy(policy.pack, &settings, &Actor::Staff("supervisor".into()))
        .await?;

    let mut rng = StdRng::seed_from_u64(20261129);
    let now = Utc::now();
    let mut listed = Vec::new();
    // What each system asked before it made its contact, kept as the API
    // keeps decisions: the dashboard counts them.
    let mut decisions: Vec<KeptDecision> = Vec::new();

    for n in 1..=CUSTOMERS {
        let id = CustomerId::parse(&format!("DEMO{n:04}"))?;
        let phone = Phone::parse(&demo_phone(n))?;
        if n.is_multiple_of(9) {
            listed.push(phone.to_string());
        }
        let name = format!(
            "{}{}",
            SURNAMES[n % SURNAMES.len()],
            GIVEN[(n * 7) % GIVEN.len()]
        );
        let contact = ContactData {
            name,
            phones: vec![phone],
            email: (!n.is_multiple_of(3)).then(|| format!("borrower{n}@example.cn")),
            time_zone: None,
            language: Some(if n.is_multiple_of(4) {
                Language::En
            } else {
                Language::ZhCn
            }),
        };
        db.put_customer(&id, &contact, policy, &Actor::System("demo".into()))
            .await?;

        let record = db
            .customer(id.as_str())
            .await?
            .context("the customer just made")?;
        let preferences = varied_preferences(&record.preferences, n, now, &mut rng);
        if preferences != record.preferences {
            let source = [Source::Web, Source::Phone, Source::Branch, Source::Ivr][n % 4];
            let actor = if source == Source::Web {
                Actor::Customer
            } else {
                Actor::Staff("agent".into())
            };
            db.write_preferences(
                &id,
                record.version,
                &record.preferences,
                &preferences,
                &ChangeBy::new(&actor, source),
            )
            .await?;
        }

        // Four weeks of contacts from every department, each decided by the
        // rules at its instant, so some were made against policy.
        let mut history: Vec<ContactAttempt> = Vec::new();
        let mut against_policy = None;
        for _ in 0..rng.random_range(4..16) {
            let (system, purpose, channel) = SYSTEMS[rng.random_range(0..SYSTEMS.len())];
            let at = now - Duration::minutes(rng.random_range(10..28 * 24 * 60));
            let outcome = if channel == Channel::Voice {
                [
                    Outcome::Connected,
                    Outcome::NoAnswer,
                    Outcome::Busy,
                    Outcome::Voicemail,
                ][rng.random_range(0..4)]
            } else {
                [Outcome::Delivered, Outcome::Sent][rng.random_range(0..2)]
            };
            let purpose = purpose.parse()?;
            let facts = CustomerFacts {
                has_phone: true,
                has_email: record.email.is_some(),
                on_national_dnc: n.is_multiple_of(9),
                preferences: &preferences,
                attempts: &history,
                protection: record.protection,
            };
            let question = Question {
                channel,
                purpose,
                at,
            };
            let judged = decide(policy, &facts, &question);
            let decision_id = uuid::Uuid::now_v7().to_string();
            decisions.push(kept_decision(
                &decision_id,
                &id,
                system,
                &question,
                &judged,
                policy,
            )?);
            let attempt_id = uuid::Uuid::now_v7().to_string();
            db.record_attempt(&NewAttempt {
                attempt_id: attempt_id.clone(),
                customer_id: id.to_string(),
                at: at.timestamp(),
                channel,
                purpose: question.purpose.clone(),
                outcome,
                system: Some(system.to_owned()),
                decision_id: Some(decision_id),
                allowed: judged.allowed,
                policy: policy.label(),
                reasons: serde_json::to_string(&judged.reasons)?,
                recorded_at: at.timestamp(),
                recorded_by: system.to_owned(),
            })
            .await?;
            if !judged.allowed {
                against_policy = Some((at, attempt_id));
            }
            history.push(ContactAttempt {
                at,
                channel,
                purpose: question.purpose,
                outcome,
            });
        }
        if n.is_multiple_of(8)
            && let Some((at, attempt_id)) = against_policy
        {
            db.insert_complaint(&complaint(&id, n, &attempt_id, at, now))
                .await?;
        }
    }
    for batch in decisions.chunks(1_000) {
        db.keep_decisions(batch).await?;
    }
    db.replace_national_dnc(&listed, &Actor::System("demo".into()))
        .await?;

    let mut staff_passwords = Vec::new();
    for role in Role::ALL {
        let password = random_password();
        let code = commands::create_staff(
            db,
            role.as_str(),
            role.as_str(),
            password.clone(),
            "system:demo",
        )
        .await?;
        staff_passwords.push((role.as_str().to_owned(), password, code));
    }
    let scopes = crate::api::Scope::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let api_key = commands::create_api_key(db, "demo-system", &scopes).await?;
    // Borrowers who have already activated, and one who still can.
    for id in BORROWERS_SIGNED_UP {
        let id = CustomerId::parse(id)?;
        let (code, _) = activation::invite(db, &id, "system:demo").await?;
        activation::activate(db, id.as_str(), &code, BORROWER_PASSWORD.to_owned())
            .await
            .context("cannot activate a demo borrower")?;
    }
    let (code, _) = commands::invite_customer(db, BORROWER_TO_ACTIVATE).await?;
    sms_replies(db, now).await?;
    Ok(Loaded {
        staff_passwords,
        api_key,
        activation_code: code,
    })
}

/// Demo customer `n`'s mobile.
fn demo_phone(n: usize) -> String {
    format!("+86138{:08}", 10_000_000 + n * 7919 % 90_000_000)
}

/// Messages customers sent by SMS in the last day, as the gateway forwards
/// them: keywords that took effect, one already so, and some an agent must
/// read (a question, and a number no customer has).
async fn sms_replies(db: &Database, now: chrono::DateTime<Utc>) -> anyhow::Result<()> {
    let services = reachguard_core::Services::start(db.clone());
    let messages = [
        (5, "退订"),
        (8, "STOP wealth"),
        (16, "TD信用卡"),
        (23, "T"),
        (12, "请不要在晚上给我打电话，谢谢"),
        (30, "Can you call me about my loan tomorrow?"),
    ];
    for (hours_ago, (n, text)) in messages.into_iter().enumerate() {
        let message = reachguard_core::inbound::Message {
            message_id: format!("demo-sms-{n}"),
            from: Phone::parse(&demo_phone(n))?,
            text: text.to_owned(),
            received_at: now - Duration::hours(hours_ago as i64 + 1),
        };
        services.receive_message("sms-gateway", message).await?;
    }
    let stranger = reachguard_core::inbound::Message {
        message_id: "demo-sms-stranger".to_owned(),
        from: Phone::parse("+8613900000001")?,
        text: "TD".to_owned(),
        received_at: now - Duration::minutes(30),
    };
    services.receive_message("sms-gateway", stranger).await?;
    services.decision_log.flush().await;
    Ok(())
}

/// Sixteen letters and digits from the operating system's generator: about
/// 95 bits, and nothing an attacker could guess from the source.
fn random_password() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 16)
}

/// The decision a system asked for before its contact, a few seconds
/// before it, as the lookup API would have kept it.
fn kept_decision(
    decision_id: &str,
    customer: &CustomerId,
    system: &str,
    question: &Question,
    judged: &reachguard_domain::Decision,
    policy: &Policy,
) -> anyhow::Result<KeptDecision> {
    let asked_at = question.at - Duration::seconds(5);
    let answer = reachguard_core::decide::Answer {
        decision_id: decision_id.to_owned(),
        customer_id: Some(customer.to_string()),
        decision: judged.clone(),
        policy: policy.label(),
    };
    let asked = Question {
        at: asked_at,
        ..question.clone()
    };
    Ok(reachguard_core::kept::stored(
        &answer,
        &reachguard_core::decide::Asked::Customer(customer.clone()),
        &asked,
        asked_at.timestamp(),
        system,
    ))
}

/// A borrower's complaint about a contact made against policy, an hour
/// after it: some answered, some being worked, some open (and, when older
/// than 15 days, overdue).
fn complaint(
    customer: &CustomerId,
    n: usize,
    attempt_id: &str,
    about: chrono::DateTime<Utc>,
    now: chrono::DateTime<Utc>,
) -> ComplaintRecord {
    let received = about + Duration::hours(1);
    let answered = n.is_multiple_of(24) && received + Duration::days(2) < now;
    let status = if answered {
        "answered"
    } else if n.is_multiple_of(16) {
        "in_progress"
    } else {
        "open"
    };
    ComplaintRecord {
        complaint_id: uuid::Uuid::now_v7().to_string(),
        customer_id: customer.to_string(),
        attempt_id: Some(attempt_id.to_owned()),
        category: ["too_often", "wrong_time", "opted_out"][n % 3].to_owned(),
        details: "我已经说过不要在这个时间打电话。".to_owned(),
        status: status.to_owned(),
        received_at: received.timestamp(),
        due_at: (received + Duration::days(15)).timestamp(),
        extended_reason: None,
        assignee: (status != "open").then(|| "supervisor".to_owned()),
        answer: answered.then(|| "我们已停止该系统的来电，并向您致歉。".to_owned()),
        answered_at: answered.then(|| (received + Duration::days(2)).timestamp()),
    }
}

/// Each demo customer differs a little: some refuse calls, keep hours, cap
/// calls, snooze, or consent to marketing.
fn varied_preferences(
    defaults: &Preferences,
    n: usize,
    now: chrono::DateTime<Utc>,
    rng: &mut StdRng,
) -> Preferences {
    let mut p = defaults.clone();
    if n.is_multiple_of(5) {
        p.do_not_call = true;
    }
    if n.is_multiple_of(3) {
        let weekdays = ["mon", "tue", "wed", "thu", "fri"]
            .map(|d| serde_json::from_value::<Day>(d.into()).expect("a day"));
        p.contact_windows = vec![ContactWindow {
            days: weekdays.to_vec(),
            start: ClockTime::hm(9, 0),
            end: ClockTime::hm(18, 0),
        }];
    }
    if n % 4 == 1 {
        p.max_calls_per_week = Some(rng.random_range(1..5));
    }
    if n.is_multiple_of(17) {
        p.snooze_until = Some(now + Duration::days(rng.random_range(1..10)));
    }
    if n.is_multiple_of(2) {
        p.purposes.insert(
            "marketing.wealth".parse().expect("a built-in purpose"),
            PurposeChoice {
                channels: vec![Channel::Email, Channel::Sms],
                explicit: true,
            },
        );
    }
    if n.is_multiple_of(6) {
        p.purposes.insert(
            "marketing.credit_card".parse().expect("a built-in purpose"),
            PurposeChoice {
                channels: vec![Channel::Voice, Channel::Push],
                explicit: true,
            },
        );
    }
    if n.is_multiple_of(7) {
        p.purposes.insert(
            "repayment_reminder".parse().expect("a built-in purpose"),
            PurposeChoice {
                channels: vec![Channel::Wechat, Channel::Sms],
                explicit: true,
            },
        );
    }
    p
}
