//! Bulk seeding for the benchmark. The product writes one customer at a
//! time through its storage API; a benchmark that did the same would spend
//! minutes seeding, so this writes the same tables with multi-row inserts.
//! It knows the schema of `migrations/sqlite`, and only SQLite is seeded.

use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reachguard_domain::{
    Channel, ClockTime, ContactWindow, Day, Policy, Preferences, PurposeChoice,
};
use reachguard_storage::Database;

pub fn customer_id(n: usize) -> String {
    format!("B{n:06}")
}

pub fn phone(n: usize) -> String {
    format!("+86138{:08}", 10_000_000 + n)
}

/// A handful of preference documents, spread over the customers, so that
/// decisions take every path through the rules.
fn preference_variants(policy: &Policy) -> Vec<String> {
    let defaults = Preferences::defaults(policy);
    let mut variants = vec![defaults.clone()];
    let mut capped = defaults.clone();
    capped.max_calls_per_week = Some(3);
    variants.push(capped);
    let mut windowed = defaults.clone();
    windowed.contact_windows = vec![ContactWindow {
        days: ["mon", "tue", "wed", "thu", "fri"]
            .map(|d| serde_json::from_value::<Day>(d.into()).unwrap())
            .to_vec(),
        start: ClockTime::hm(9, 0),
        end: ClockTime::hm(18, 0),
    }];
    variants.push(windowed);
    let mut marketing = defaults.clone();
    marketing.purposes.insert(
        "marketing.wealth".parse().unwrap(),
        PurposeChoice {
            channels: vec![Channel::Sms, Channel::Email, Channel::Voice],
            explicit: true,
        },
    );
    variants.push(marketing);
    let mut refuses_calls = defaults;
    refuses_calls.do_not_call = true;
    variants.push(refuses_calls);
    variants
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect()
}

/// Indexes built after the rows are in, rather than kept up to date row by
/// row: sorting once is many times faster than ten million random inserts.
const LATER_INDEXES: [(&str, &str); 3] = [
    (
        "customers_name",
        "CREATE INDEX customers_name ON customers (name)",
    ),
    (
        "contact_attempts_customer_at",
        "CREATE INDEX contact_attempts_customer_at ON contact_attempts (customer_id, at)",
    ),
    (
        "contact_attempts_at",
        "CREATE INDEX contact_attempts_at ON contact_attempts (at)",
    ),
];

/// Rows per INSERT. The values are written into the statement: every one
/// is made here (numbers, ids, the documents above), and sqlx's binding of
/// SQLite parameters costs the square of their number per statement.
const ROWS_PER_INSERT: usize = 1_000;

/// Writes `customers` customers (a phone each, every tenth number on the
/// national list) and `attempts` attempts to random customers over the last
/// 30 days, oldest first, in one transaction.
pub async fn customers_and_attempts(
    db: &Database,
    policy: &Policy,
    customers: usize,
    attempts: usize,
) -> anyhow::Result<()> {
    let Database::Sqlite(pool) = db else {
        anyhow::bail!("the benchmark seeds SQLite only")
    };
    let variants: Vec<String> = preference_variants(policy)
        .iter()
        .map(|json| quoted(json))
        .collect();
    let now = Utc::now().timestamp();
    let mut tx = pool.begin().await?;
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *tx)
        .await?;
    for (name, _) in LATER_INDEXES {
        sqlx::query(&format!("DROP INDEX IF EXISTS {name}"))
            .execute(&mut *tx)
            .await?;
    }

    for chunk in (0..customers).collect::<Vec<_>>().chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|&n| {
                let email = if n % 3 != 0 {
                    format!("'b{n}@example.cn'")
                } else {
                    "NULL".to_owned()
                };
                format!(
                    "('{}','Borrower {n}',{email},{},1,{now},{now})",
                    customer_id(n),
                    variants[n % variants.len()]
                )
            })
            .collect();
        sqlx::raw_sql(&format!(
            "INSERT INTO customers (customer_id, name, email, preferences, version, created_at, updated_at) VALUES {}",
            rows.join(",")
        ))
        .execute(&mut *tx)
        .await?;
        let rows: Vec<String> = chunk
            .iter()
            .map(|&n| format!("('{}',0,'{}')", customer_id(n), phone(n)))
            .collect();
        sqlx::raw_sql(&format!(
            "INSERT INTO customer_phones (customer_id, position, phone) VALUES {}",
            rows.join(",")
        ))
        .execute(&mut *tx)
        .await?;
    }

    let listed: Vec<String> = (0..customers).step_by(10).map(phone).collect();
    for chunk in listed.chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = chunk.iter().map(|p| format!("('{p}')")).collect();
        sqlx::raw_sql(&format!(
            "INSERT INTO national_dnc (phone) VALUES {}",
            rows.join(",")
        ))
        .execute(&mut *tx)
        .await?;
    }

    let mut rng = StdRng::seed_from_u64(42);
    let kinds = [
        ("voice", "collections", "no_answer"),
        ("voice", "repayment_reminder", "connected"),
        ("sms", "repayment_reminder", "delivered"),
        ("email", "marketing.wealth", "delivered"),
        ("voice", "loan_servicing", "busy"),
        ("push", "security_alert", "delivered"),
    ];
    let month = Duration::days(30).num_seconds();
    let mut made = 0;
    while made < attempts {
        let rows: Vec<String> = (made..attempts.min(made + ROWS_PER_INSERT))
            .map(|i| {
                let (channel, purpose, outcome) = kinds[rng.random_range(0..kinds.len())];
                // In the order of their instants, as systems record them.
                let at = now - month + (month - 60) * i as i64 / attempts as i64;
                let customer = customer_id(rng.random_range(0..customers));
                format!(
                    "('a{i:09}','{customer}',{at},'{channel}','{purpose}','{outcome}','bench',TRUE,{at},'bench')"
                )
            })
            .collect();
        made += rows.len();
        sqlx::raw_sql(&format!(
            "INSERT INTO contact_attempts (attempt_id, customer_id, at, channel, purpose, outcome, system, allowed, recorded_at, recorded_by) VALUES {}",
            rows.join(",")
        ))
        .execute(&mut *tx)
        .await?;
    }
    for (_, create) in LATER_INDEXES {
        sqlx::query(create).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A SQL string literal.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Kept decisions for the policy what-if to replay, as a bank's systems
/// would have asked over the last 30 days: every customer in turn, by SMS
/// and phone, about a marketing topic and about collections, at instants
/// spread over the span. Their kept answers are placeholders (allowed); the
/// what-if judges each again.
pub async fn kept_decisions(db: &Database, customers: usize, count: usize) -> anyhow::Result<()> {
    use reachguard_storage::KeptDecision;
    const CHUNK: usize = 10_000;
    let now = Utc::now();
    let span = Duration::days(30).num_seconds() - 3_600;
    let mut rng = StdRng::seed_from_u64(30);
    let mut chunk = Vec::with_capacity(CHUNK);
    for n in 0..count {
        let seconds_ago = rng.random_range(0..span);
        let decided = now - Duration::seconds(seconds_ago);
        let (channel, purpose) = match n % 4 {
            0 => ("sms", "marketing.credit_card"),
            1 => ("voice", "marketing.wealth"),
            2 => ("voice", "collections"),
            _ => ("sms", "loan_servicing"),
        };
        let customer = customer_id(n % customers);
        chunk.push(KeptDecision {
            // The compact kept form of an allowed answer asked at its own
            // instant, as the API keeps one (domain KeptDecisionForm).
            decision_id: format!("0190a0b0-0000-7000-8000-{n:012}"),
            decided_at: decided.timestamp(),
            client: ["crm", "dialer", "cards"][n % 3].to_owned(),
            customer_id: Some(customer),
            allowed: true,
            reasons: 0,
            kept: format!(r#"{{"c":"{channel}","p":"{purpose}","v":"cn@1"}}"#),
        });
        if chunk.len() == CHUNK {
            db.keep_decisions(&chunk).await?;
            chunk.clear();
        }
    }
    if !chunk.is_empty() {
        db.keep_decisions(&chunk).await?;
    }
    Ok(())
}
