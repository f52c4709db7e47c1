//! The read model never answers differently from the database: random
//! histories of customers, preference writes, attempts, national-list swaps
//! and policy versions, and after each write the same questions decided
//! from memory (`Services::decide`) and from the database (`decide_all`).
//! On SQLite, and on PostgreSQL when `REACHGUARD_TEST_POSTGRES_URL` is set.

use std::time::Duration;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use reachguard_core::Services;
use reachguard_core::decide::{Answer, Asked, Request, decide_all};
use reachguard_domain::{
    Actor, BankSettings, CareReason, Channel, CustomerId, Language, Outcome, Phone, PolicyPack,
    Protection, Purpose, Question, Source,
};
use reachguard_storage::testing::{Backend, TestDatabase};
use reachguard_storage::{ChangeBy, ContactData, Database, NewAttempt};

const CUSTOMERS: u8 = 5;
const PHONES: u8 = 7;
const CHANNELS: [Channel; 3] = [Channel::Voice, Channel::Sms, Channel::Email];
const PURPOSES: [&str; 4] = [
    "repayment_reminder",
    "marketing.cards",
    "collections",
    "security_alert",
];

#[derive(Debug, Clone)]
enum Write {
    Customer {
        n: u8,
        phones: Vec<u8>,
        email: bool,
    },
    Preferences {
        n: u8,
        do_not_call: bool,
        max_calls_per_week: Option<u8>,
        snooze_hours: Option<i64>,
        marketing_by_phone: bool,
    },
    Attempt {
        n: u8,
        hours_ago: i64,
        channel: usize,
        purpose: usize,
        outcome: usize,
    },
    NationalList {
        phones: Vec<u8>,
    },
    Policy {
        marketing_limit: Option<u32>,
    },
    /// Extra care set for `days` (ending before now when negative), or
    /// ended (`None`).
    Care {
        n: u8,
        days: Option<i64>,
    },
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        2 => (0..CUSTOMERS, prop::collection::vec(0..PHONES, 0..3), any::<bool>())
            .prop_map(|(n, phones, email)| Write::Customer { n, phones, email }),
        2 => (0..CUSTOMERS, any::<bool>(), prop::option::of(0u8..4), prop::option::of(-24i64..72), any::<bool>())
            .prop_map(|(n, do_not_call, max_calls_per_week, snooze_hours, marketing_by_phone)| Write::Preferences {
                n, do_not_call, max_calls_per_week, snooze_hours, marketing_by_phone,
            }),
        5 => (0..CUSTOMERS, -48i64..(24 * 35), 0..CHANNELS.len(), 0..PURPOSES.len(), 0..Outcome::ALL.len())
            .prop_map(|(n, hours_ago, channel, purpose, outcome)| Write::Attempt { n, hours_ago, channel, purpose, outcome }),
        1 => prop::collection::vec(0..PHONES, 0..4).prop_map(|phones| Write::NationalList { phones }),
        1 => prop::option::of(1u32..3).prop_map(|marketing_limit| Write::Policy { marketing_limit }),
        2 => (0..CUSTOMERS, prop::option::of(-2i64..5)).prop_map(|(n, days)| Write::Care { n, days }),
    ]
}

fn customer_id(n: u8) -> CustomerId {
    CustomerId::parse(&format!("P{n:03}")).unwrap()
}

fn phone(n: u8) -> String {
    format!("+86138001380{n:02}")
}

async fn apply(db: &Database, write: &Write) {
    let system = Actor::System("crm".into());
    let now = Utc::now();
    let policy = db.current_policy().await.unwrap();
    match write {
        Write::Customer { n, phones, email } => {
            let contact = ContactData {
                name: "Li Wei".into(),
                phones: phones
                    .iter()
                    .map(|p| Phone::parse(&phone(*p)).unwrap())
                    .collect(),
                email: email.then(|| "li@example.cn".into()),
                time_zone: Some(chrono_tz::Asia::Shanghai),
                language: None,
            };
            // A phone another customer holds is refused: nothing changes.
            let _ = db
                .put_customer(&customer_id(*n), &contact, &policy, &system)
                .await;
        }
        Write::Preferences {
            n,
            do_not_call,
            max_calls_per_week,
            snooze_hours,
            marketing_by_phone,
        } => {
            let Some(customer) = db.customer(customer_id(*n).as_str()).await.unwrap() else {
                return;
            };
            let mut after = customer.preferences.clone();
            after.do_not_call = *do_not_call;
            after.max_calls_per_week = *max_calls_per_week;
            after.snooze_until = snooze_hours.map(|h| now + chrono::Duration::hours(h));
            if let Some(choice) = after
                .purposes
                .get_mut(&"marketing.cards".parse::<Purpose>().unwrap())
            {
                choice.channels = if *marketing_by_phone {
                    vec![Channel::Voice, Channel::Sms]
                } else {
                    vec![]
                };
                choice.explicit = true;
            }
            let by = ChangeBy::new(&Actor::Customer, Source::Web);
            db.write_preferences(
                &customer_id(*n),
                customer.version,
                &customer.preferences,
                &after,
                &by,
            )
            .await
            .unwrap();
        }
        Write::Attempt {
            n,
            hours_ago,
            channel,
            purpose,
            outcome,
        } => {
            if db
                .customer(customer_id(*n).as_str())
                .await
                .unwrap()
                .is_none()
            {
                return;
            }
            let attempt = NewAttempt {
                attempt_id: uuid::Uuid::now_v7().to_string(),
                customer_id: customer_id(*n).to_string(),
                at: (now - chrono::Duration::hours(*hours_ago)).timestamp(),
                channel: CHANNELS[*channel],
                purpose: PURPOSES[*purpose].parse().unwrap(),
                outcome: Outcome::ALL[*outcome],
                system: Some("crm".into()),
                decision_id: None,
                allowed: true,
                policy: policy.label(),
                reasons: "[]".into(),
                recorded_at: now.timestamp(),
                recorded_by: "system:crm".into(),
            };
            db.record_attempt(&attempt).await.unwrap();
        }
        Write::NationalList { phones } => {
            let numbers: Vec<String> = phones.iter().map(|p| phone(*p)).collect();
            db.replace_national_dnc(&numbers, &system).await.unwrap();
        }
        Write::Policy { marketing_limit } => {
            let settings = BankSettings {
                marketing_limit: *marketing_limit,
                ..BankSettings::default()
            };
            db.set_policy(PolicyPack::Cn, &settings, &Actor::Staff("admin".into()))
                .await
                .unwrap();
        }
        Write::Care { n, days } => {
            // Written as the use case writes it, with since and until
            // chosen here so that care can lie in the past too.
            let id = customer_id(*n);
            let second = |t: DateTime<Utc>| DateTime::from_timestamp(t.timestamp(), 0).unwrap();
            let (protection, ended) = match days {
                Some(days) => (
                    Protection {
                        reason: CareReason::Illness,
                        since: second(now - chrono::Duration::days(3)),
                        until: second(
                            now + chrono::Duration::days(*days) + chrono::Duration::hours(5),
                        ),
                    },
                    false,
                ),
                None => (
                    Protection {
                        reason: CareReason::Other,
                        since: second(now - chrono::Duration::days(1)),
                        until: second(now),
                    },
                    true,
                ),
            };
            db.write_care(&id, &protection, None, "system:crm", ended, now.timestamp())
                .await
                .unwrap();
        }
    }
}

/// Every customer and phone (some unknown), every channel and purpose, now,
/// twelve hours ago and in three days; and two days ago, which reaches back
/// before the model's history and is read from the database.
fn questions(now: DateTime<Utc>) -> (Vec<Request>, usize) {
    let mut asked: Vec<Asked> = (0..=CUSTOMERS)
        .map(|n| Asked::Customer(customer_id(n)))
        .collect();
    asked.extend((0..PHONES).map(|p| Asked::Phone(Phone::parse(&phone(p)).unwrap())));
    let mut requests = Vec::new();
    let mut recent = 0;
    for hours in [0, -12, 72, -48] {
        for asked in &asked {
            for channel in CHANNELS {
                for purpose in PURPOSES {
                    requests.push(Request {
                        asked: asked.clone(),
                        question: Question {
                            channel,
                            purpose: purpose.parse().unwrap(),
                            at: now + chrono::Duration::hours(hours),
                        },
                    });
                    recent += usize::from(hours != -48);
                }
            }
        }
    }
    (requests, recent)
}

fn comparable(answers: &[Answer]) -> Vec<(Option<String>, serde_json::Value)> {
    answers
        .iter()
        .map(|a| {
            (
                a.customer_id.clone(),
                serde_json::to_value(&a.decision).unwrap(),
            )
        })
        .collect()
}

async fn until_current(services: &Services) {
    for _ in 0..200 {
        if services.read_model.status().state == "current" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the read model never loaded: {:?}",
        services.read_model.status()
    );
}

async fn memory_agrees_with_the_database(backend: Backend, history: Vec<Write>) {
    let Some(test_db) = TestDatabase::new(backend).await else {
        return;
    };
    let db = &test_db.db;
    db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
    // Some history before the model loads, the rest while it follows.
    let (before, after) = history.split_at(history.len() / 3);
    for write in before {
        apply(db, write).await;
    }
    let services = Services::start(db.clone());
    services.read_model.start(16);
    until_current(&services).await;
    for write in after {
        apply(db, write).await;
        let policy = db.current_policy().await.unwrap();
        let (requests, recent) = questions(Utc::now());
        let counted = services.read_model.status().decisions_from_memory;
        let from_memory = services
            .decide(&policy, &requests, "test", Language::En)
            .await
            .unwrap()
            .answers;
        let mut from_db = decide_all(db, &policy, &requests).await.unwrap();
        for answer in &mut from_db {
            answer.decision.localize(Language::En);
        }
        assert_eq!(
            services.read_model.status().decisions_from_memory - counted,
            recent as u64,
            "the recent questions were answered from memory"
        );
        let (memory, database) = (comparable(&from_memory), comparable(&from_db));
        for (i, (m, d)) in memory.iter().zip(&database).enumerate() {
            assert_eq!(m, d, "after {write:?}, request {:?}", requests[i]);
        }
    }
    services.read_model.stop();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn on_sqlite(history in prop::collection::vec(write(), 6..24)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(memory_agrees_with_the_database(Backend::Sqlite, history));
    }

    #[test]
    fn on_postgres(history in prop::collection::vec(write(), 6..24)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(memory_agrees_with_the_database(Backend::Postgres, history));
    }
}
