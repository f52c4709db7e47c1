use super::*;
use crate::{ContactData, NewAttempt};
use reachguard_domain::{Actor, Channel, CustomerId, Outcome, PolicyPack, Purpose};

/// Two customers' attempts: calls and marketing after `FROM` (counted),
/// service messages (not counted) and a call at or before it (too old).
async fn record(db: &Database) -> Vec<(String, i64, Channel, Purpose, Outcome)> {
    let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
    for customer in ["C001", "C-2_x"] {
        let contact = ContactData {
            name: "Li Wei".into(),
            phones: Vec::new(),
            email: None,
            time_zone: None,
            language: None,
        };
        let actor = Actor::System("core".into());
        db.put_customer(
            &CustomerId::parse(customer).unwrap(),
            &contact,
            &policy,
            &actor,
        )
        .await
        .unwrap();
    }
    // Old rows before the first recent one are skipped; one recorded late
    // (the last) lies among the recent ones and is left out by its instant.
    let made = [
        (
            "C001",
            FROM - 5,
            Channel::Voice,
            "collections",
            Outcome::NoAnswer,
        ),
        ("C001", FROM, Channel::Voice, "collections", Outcome::Busy),
        (
            "C001",
            FROM + 1,
            Channel::Voice,
            "collections",
            Outcome::Connected,
        ),
        (
            "C-2_x",
            FROM + 2,
            Channel::Sms,
            "marketing.wealth",
            Outcome::Delivered,
        ),
        (
            "C-2_x",
            FROM + 3,
            Channel::Sms,
            "repayment_reminder",
            Outcome::Sent,
        ),
        (
            "C001",
            FROM + 4,
            Channel::Email,
            "marketing.cards",
            Outcome::Bounced,
        ),
        (
            "C-2_x",
            FROM + 5,
            Channel::Voice,
            "loan_servicing",
            Outcome::Voicemail,
        ),
        (
            "C001",
            FROM + 6,
            Channel::Push,
            "security_alert",
            Outcome::Sent,
        ),
        (
            "C-2_x",
            FROM + 7,
            Channel::Voice,
            "marketing.loans",
            Outcome::Failed,
        ),
        (
            "C001",
            FROM - 9,
            Channel::Voice,
            "collections",
            Outcome::Busy,
        ),
    ];
    let mut counted = Vec::new();
    for (n, (customer, at, channel, purpose, outcome)) in made.into_iter().enumerate() {
        let purpose: Purpose = purpose.parse().unwrap();
        db.record_attempt(&NewAttempt {
            attempt_id: format!("a{n}"),
            customer_id: customer.into(),
            at,
            channel,
            purpose: purpose.clone(),
            outcome,
            system: Some("dialer".into()),
            decision_id: None,
            allowed: true,
            policy: "cn@1".into(),
            reasons: "[]".into(),
            recorded_at: at,
            recorded_by: "dialer".into(),
        })
        .await
        .unwrap();
        if at > FROM && (channel == Channel::Voice || purpose.is_marketing()) {
            counted.push((customer.to_owned(), at, channel, purpose, outcome));
        }
    }
    counted
}

const FROM: i64 = 1_700_000_000;

fn sorted(
    mut found: Vec<(String, i64, Channel, Purpose, Outcome)>,
) -> Vec<(String, i64, Channel, Purpose, Outcome)> {
    found.sort_by_key(|(_, at, ..)| *at);
    found
}

fn collector(
    found: &mut Vec<(String, i64, Channel, Purpose, Outcome)>,
) -> impl FnMut(&str, ContactAttempt) + '_ {
    |customer, a| {
        found.push((
            customer.to_owned(),
            a.at.timestamp(),
            a.channel,
            a.purpose,
            a.outcome,
        ))
    }
}

crate::on_both_databases! {
    async fn every_countable_attempt_after_the_instant_is_handed_over_once(test_db) {
        let counted = record(&test_db.db).await;
        assert_eq!(counted.len(), 5);
        let mut found = Vec::new();
        test_db.db.model_attempts_since(FROM, collector(&mut found)).await.unwrap();
        assert_eq!(sorted(found), counted);
    }
}

#[tokio::test]
async fn on_sqlite_spans_of_any_width_read_the_same_attempts() {
    let test_db = crate::testing::TestDatabase::sqlite().await;
    let counted = record(&test_db.db).await;
    let Database::Sqlite(pool) = &test_db.db else {
        panic!("expected SQLite")
    };
    // One rowid a span, spans that end inside the rows, and one for all.
    for span in [1, 2, 4, ROWIDS_PER_READ] {
        let mut found = Vec::new();
        sqlite_attempts_since(pool, FROM, span, collector(&mut found))
            .await
            .unwrap();
        assert_eq!(sorted(found), counted, "span {span}");
    }
}

#[tokio::test]
async fn on_sqlite_no_attempts_is_nothing_to_hand_over() {
    let test_db = crate::testing::TestDatabase::sqlite().await;
    let Database::Sqlite(pool) = &test_db.db else {
        panic!("expected SQLite")
    };
    let mut found = Vec::new();
    sqlite_attempts_since(pool, FROM, 3, collector(&mut found))
        .await
        .unwrap();
    assert!(found.is_empty());
}

#[test]
fn a_packed_attempt_missing_a_field_is_an_error_not_a_panic() {
    assert!(unpack("C001\u{1f}1700000001\u{1f}voice\u{1f}collections").is_err());
    assert!(unpack("C001\u{1f}soon\u{1f}voice\u{1f}collections\u{1f}busy").is_err());
    let (customer, attempt) =
        unpack("C001\u{1f}1700000001\u{1f}voice\u{1f}collections\u{1f}busy").unwrap();
    assert_eq!(customer, "C001");
    assert_eq!(attempt.outcome, Outcome::Busy);
}
