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

pub async fn customers_and_attempts(
    db: &Database,
    policy: &Policy,
    customers: usize,
    attempts: usize,
) -> anyhow::Result<()> {
    let Database::Sqlite(pool) = db else {
        anyhow::bail!("the benchmark seeds SQLite only")
    };
    let variants = preference_variants(policy);
    let now = Utc::now().timestamp();
    let mut tx = pool.begin().await?;
    // The attempts index takes a million random inserts: give SQLite the
    // page cache to do them in memory.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *tx)
        .await?;

    for chunk in (0..customers).collect::<Vec<_>>().chunks(1_000) {
        let mut sql = String::from(
            "INSERT INTO customers (customer_id, name, email, preferences, version, created_at, updated_at) VALUES ",
        );
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "(${},${},${},${},1,${},${})",
                    i * 6 + 1,
                    i * 6 + 2,
                    i * 6 + 3,
                    i * 6 + 4,
                    i * 6 + 5,
                    i * 6 + 6
                )
            })
            .collect();
        sql.push_str(&rows.join(","));
        let mut query = sqlx::query(&sql);
        for n in chunk {
            query = query
                .bind(customer_id(*n))
                .bind(format!("Borrower {n}"))
                .bind((n % 3 != 0).then(|| format!("b{n}@example.cn")))
                .bind(&variants[n % variants.len()])
                .bind(now)
                .bind(now);
        }
        query.execute(&mut *tx).await?;

        let mut sql =
            String::from("INSERT INTO customer_phones (customer_id, position, phone) VALUES ");
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${},0,${})", i * 2 + 1, i * 2 + 2))
            .collect();
        sql.push_str(&rows.join(","));
        let mut query = sqlx::query(&sql);
        for n in chunk {
            query = query.bind(customer_id(*n)).bind(phone(*n));
        }
        query.execute(&mut *tx).await?;
    }

    let listed: Vec<String> = (0..customers).step_by(10).map(phone).collect();
    for chunk in listed.chunks(5_000) {
        let sql = format!(
            "INSERT INTO national_dnc (phone) VALUES {}",
            (1..=chunk.len())
                .map(|i| format!("(${i})"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut query = sqlx::query(&sql);
        for number in chunk {
            query = query.bind(number);
        }
        query.execute(&mut *tx).await?;
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
    const PER_INSERT: usize = 2_500;
    let mut made = 0;
    while made < attempts {
        let rows = PER_INSERT.min(attempts - made);
        let mut sql = String::from(
            "INSERT INTO contact_attempts (attempt_id, customer_id, at, channel, purpose, outcome, system, allowed, recorded_at, recorded_by) VALUES ",
        );
        let values: Vec<String> = (0..rows)
            .map(|i| {
                let p = i * 7;
                format!(
                    "(${},${},${},${},${},${},'bench',TRUE,${},'bench')",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7
                )
            })
            .collect();
        sql.push_str(&values.join(","));
        let mut query = sqlx::query(&sql);
        for i in 0..rows {
            let (channel, purpose, outcome) = kinds[rng.random_range(0..kinds.len())];
            let at = now - rng.random_range(60..(Duration::days(30).num_seconds()));
            query = query
                .bind(format!("a{:08}", made + i))
                .bind(customer_id(rng.random_range(0..customers)))
                .bind(at)
                .bind(channel)
                .bind(purpose)
                .bind(outcome)
                .bind(at);
        }
        query.execute(&mut *tx).await?;
        made += rows;
    }
    tx.commit().await?;
    Ok(())
}
