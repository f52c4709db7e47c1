//! The staff dashboard's figures, counted by the database over a date range
//! every time they are asked for: never from a cache that could drift.
//!
//! Days are counted from `day_start` (the first local midnight of the
//! range) in steps of 86,400 seconds, which is exact in zones without
//! daylight saving time, such as China's.

use reachguard_domain::ReasonCode;

use crate::{Database, StorageError, with_pool};

/// Decisions of one day.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionsOnDay {
    /// 0 for the first day of the range.
    pub day: i64,
    pub allowed: i64,
    pub denied: i64,
}

/// Complaints received and answered on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintsOnDay {
    pub day: i64,
    pub opened: i64,
    pub answered: i64,
}

/// How many customers have opted out of one marketing topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOuts {
    pub purpose: String,
    pub opted_out: i64,
    pub customers: i64,
}

impl Database {
    /// Opt-outs (changes that took a channel away from a marketing
    /// purpose) per day, by how they came: `link` for a preferences or
    /// unsubscribe link, else the ledger's source (`web`, `phone`,
    /// `branch`, `sms_keyword`, `ivr`, `api`). Rows are (day, how, count).
    pub async fn opt_outs_per_day(
        &self,
        day_start: i64,
        until: i64,
    ) -> Result<Vec<(i64, String, i64)>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT (changed_at - $1) / 86400 AS day,
                    CASE WHEN via LIKE 'link%' OR via LIKE 'one_click%' THEN 'link' ELSE source END AS how,
                    COUNT(*) AS n
             FROM consent_ledger WHERE opt_out AND changed_at >= $1 AND changed_at < $2
             GROUP BY day, how ORDER BY day, how",
        )
        .bind(day_start)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    pub async fn decisions_per_day(
        &self,
        day_start: i64,
        until: i64,
    ) -> Result<Vec<DecisionsOnDay>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT (decided_at - $1) / 86400 AS day,
                    SUM(CASE WHEN allowed THEN 1 ELSE 0 END) AS allowed,
                    SUM(CASE WHEN allowed THEN 0 ELSE 1 END) AS denied
             FROM decisions WHERE decided_at >= $1 AND decided_at < $2
             GROUP BY (decided_at - $1) / 86400 ORDER BY day",
        )
        .bind(day_start)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    /// How many denials gave each reason, most first (a decision that
    /// gave a code twice, as two caps, counts once for it).
    pub async fn deny_reasons(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let combinations: Vec<(i64, i64)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT reasons, COUNT(*) FROM decisions
             WHERE decided_at >= $1 AND decided_at < $2 AND NOT allowed GROUP BY reasons",
        )
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        let mut counts: Vec<(String, i64)> = ReasonCode::ALL
            .into_iter()
            .map(|code| {
                let n = combinations
                    .iter()
                    .filter(|(bits, _)| bits & code.bit() != 0)
                    .map(|(_, n)| n)
                    .sum();
                (code.as_str().to_owned(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    /// Contacts made against policy, by the bank system that made them,
    /// most first.
    pub async fn against_policy_by_system(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT COALESCE(system, recorded_by) AS who, COUNT(*) AS n FROM contact_attempts
             WHERE at >= $1 AND at < $2 AND NOT allowed
             GROUP BY COALESCE(system, recorded_by) ORDER BY n DESC, who",
        )
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    pub async fn complaints_per_day(
        &self,
        day_start: i64,
        until: i64,
    ) -> Result<Vec<ComplaintsOnDay>, StorageError> {
        let opened: Vec<(i64, i64)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT (received_at - $1) / 86400 AS day, COUNT(*) FROM complaints
             WHERE received_at >= $1 AND received_at < $2 GROUP BY (received_at - $1) / 86400",
        )
        .bind(day_start)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        let answered: Vec<(i64, i64)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT (answered_at - $1) / 86400 AS day, COUNT(*) FROM complaints
             WHERE answered_at >= $1 AND answered_at < $2 GROUP BY (answered_at - $1) / 86400",
        )
        .bind(day_start)
        .bind(until)
        .fetch_all(pool)
        .await)?;
        let mut days: Vec<ComplaintsOnDay> = Vec::new();
        for (day, n, is_opened) in opened
            .into_iter()
            .map(|(d, n)| (d, n, true))
            .chain(answered.into_iter().map(|(d, n)| (d, n, false)))
        {
            let index = match days.iter().position(|c| c.day == day) {
                Some(index) => index,
                None => {
                    days.push(ComplaintsOnDay {
                        day,
                        opened: 0,
                        answered: 0,
                    });
                    days.len() - 1
                }
            };
            if is_opened {
                days[index].opened += n;
            } else {
                days[index].answered += n;
            }
        }
        days.sort_by_key(|c| c.day);
        Ok(days)
    }

    /// Complaints still awaiting an answer after their due date, at `now`.
    pub async fn overdue_complaints(&self, now: i64) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM complaints WHERE status IN ('open', 'in_progress') AND due_at < $1",
        )
        .bind(now)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// For each marketing purpose, how many customers accept no channel
    /// for it, of all customers. Each purpose comes with how many channels
    /// its default has, which holds for documents that do not list it yet
    /// (a topic added after they were written).
    pub async fn marketing_opt_outs(
        &self,
        purposes: &[(String, i64)],
    ) -> Result<Vec<OptOuts>, StorageError> {
        let customers = self.customer_count().await?;
        let sql = match self {
            Database::Sqlite(_) => {
                "SELECT COUNT(*) FROM customers
                 WHERE COALESCE(json_array_length(preferences, $1), $2) = 0"
            }
            Database::Postgres(_) => {
                "SELECT COUNT(*) FROM customers
                 WHERE COALESCE(jsonb_array_length(preferences::jsonb -> 'purposes' -> $1 -> 'channels'), $2) = 0"
            }
        };
        let mut found = Vec::with_capacity(purposes.len());
        for (purpose, default_channels) in purposes {
            // SQLite takes a JSON path; the purpose's name has a dot, so it
            // is quoted there.
            let key = match self {
                Database::Sqlite(_) => format!("$.purposes.\"{purpose}\".channels"),
                Database::Postgres(_) => purpose.clone(),
            };
            let (opted_out,): (i64,) = with_pool!(self, pool => sqlx::query_as(sql)
                .bind(&key)
                .bind(default_channels)
                .fetch_one(pool)
                .await)?;
            found.push(OptOuts {
                purpose: purpose.clone(),
                opted_out,
                customers,
            });
        }
        Ok(found)
    }
}
