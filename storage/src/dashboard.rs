//! The staff dashboard's figures, counted by the database over a date range
//! every time they are asked for: never from a cache that could drift.
//! Decisions are counted from their quarter-hour totals (`totals.rs`), which
//! are written with them.
//!
//! Days are counted from `day_start` (the first local midnight of the
//! range) in steps of 86,400 seconds, which is exact in zones without
//! daylight saving time, such as China's.

use reachguard_domain::ReasonCode;

use crate::totals::{QUARTER, whole_quarters};
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

    /// Decisions allowed and denied each day: the quarter-hour totals for
    /// the whole quarters of the range, the rows at its ends.
    pub async fn decisions_per_day(
        &self,
        day_start: i64,
        until: i64,
    ) -> Result<Vec<DecisionsOnDay>, StorageError> {
        // A quarter counts wholly to the day it starts in: exact when days
        // start on a quarter, as every zone's do; else a day at a time, so
        // that each day's ends are counted from the rows.
        let counts = if day_start.rem_euclid(QUARTER) == 0 {
            self.decision_counts(day_start, until).await?
        } else {
            let mut counts = Vec::new();
            let mut start = day_start;
            while start < until {
                let end = (start + 86_400).min(until);
                counts.extend(self.decision_counts(start, end).await?);
                start = end;
            }
            counts
        };
        let mut days: Vec<DecisionsOnDay> = Vec::new();
        for (decided_at, allowed, _, n) in counts {
            let day = (decided_at - day_start).div_euclid(86_400);
            let index = match days.iter().position(|d| d.day == day) {
                Some(index) => index,
                None => {
                    days.push(DecisionsOnDay {
                        day,
                        allowed: 0,
                        denied: 0,
                    });
                    days.len() - 1
                }
            };
            if allowed {
                days[index].allowed += n;
            } else {
                days[index].denied += n;
            }
        }
        days.retain(|d| d.allowed != 0 || d.denied != 0);
        days.sort_by_key(|d| d.day);
        Ok(days)
    }

    /// How many denials gave each reason, most first (a decision that
    /// gave a code twice, as two caps, counts once for it).
    pub async fn deny_reasons(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StorageError> {
        let counts = self.decision_counts(from, until).await?;
        let mut by_code: Vec<(String, i64)> = ReasonCode::ALL
            .into_iter()
            .map(|code| {
                let n = counts
                    .iter()
                    .filter(|(_, allowed, bits, _)| !allowed && bits & code.bit() != 0)
                    .map(|(.., n)| n)
                    .sum();
                (code.as_str().to_owned(), n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        by_code.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(by_code)
    }

    /// Decisions kept with `from <= decided_at < until`, as (instant,
    /// allowed, reasons, how many): whole quarters from the totals (the
    /// instant is the quarter's start), the ends of the range from the rows.
    async fn decision_counts(
        &self,
        from: i64,
        until: i64,
    ) -> Result<Vec<(i64, bool, i64, i64)>, StorageError> {
        let (whole_from, whole_until) = whole_quarters(from, until);
        let mut counts: Vec<(i64, bool, i64, i64)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT quarter * 900, allowed, reasons, decisions FROM decision_totals
             WHERE quarter >= $1 AND quarter < $2",
        )
        .bind(whole_from / QUARTER)
        .bind(whole_until / QUARTER)
        .fetch_all(pool)
        .await)?;
        let ends = if whole_from == whole_until {
            vec![(from, until)]
        } else {
            vec![(from, whole_from), (whole_until, until)]
        };
        for (start, end) in ends.into_iter().filter(|(s, e)| s < e) {
            let rows: Vec<(i64, bool, i64, i64)> = with_pool!(self, pool => sqlx::query_as(
                "SELECT decided_at, allowed, reasons, COUNT(*) FROM decisions
                 WHERE decided_at >= $1 AND decided_at < $2 GROUP BY decided_at, allowed, reasons",
            )
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await)?;
            counts.extend(rows);
        }
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
    /// for it, of all customers, from the counts kept as documents are
    /// written (`topics.rs`). Each purpose comes with how many channels its
    /// default has, which holds for documents that do not list it yet (a
    /// topic added after they were written).
    pub async fn marketing_opt_outs(
        &self,
        purposes: &[(String, i64)],
    ) -> Result<Vec<OptOuts>, StorageError> {
        let customers = self.customer_count().await?;
        let counts: Vec<(String, i64, i64)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT purpose, listed, opted_out FROM topic_opt_outs",
        )
        .fetch_all(pool)
        .await)?;
        Ok(purposes
            .iter()
            .map(|(purpose, default_channels)| {
                let (listed, opted_out) = counts
                    .iter()
                    .find(|(p, ..)| p == purpose)
                    .map_or((0, 0), |(_, listed, opted_out)| (*listed, *opted_out));
                let unlisted = if *default_channels == 0 {
                    customers - listed
                } else {
                    0
                };
                OptOuts {
                    purpose: purpose.clone(),
                    opted_out: opted_out + unlisted,
                    customers,
                }
            })
            .collect())
    }

    /// Counts the topics' opt-outs again from every document, as migration
    /// 0012 first did: for customers loaded around the write paths (the
    /// benchmark's seeding).
    pub async fn count_topic_opt_outs_again(&self) -> Result<(), StorageError> {
        let (each, length) = match self {
            Database::Sqlite(_) => (
                "json_each(c.preferences, '$.purposes') p",
                "json_array_length(p.value, '$.channels')",
            ),
            Database::Postgres(_) => (
                "jsonb_each(c.preferences::jsonb -> 'purposes') p",
                "jsonb_array_length(p.value -> 'channels')",
            ),
        };
        let count = format!(
            "INSERT INTO topic_opt_outs (purpose, listed, opted_out)
             SELECT p.key, COUNT(*), SUM(CASE WHEN {length} = 0 THEN 1 ELSE 0 END)
             FROM customers c, {each}
             WHERE p.key LIKE 'marketing.%' AND {length} IS NOT NULL
             GROUP BY p.key"
        );
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM topic_opt_outs").execute(&mut *tx).await?;
            sqlx::query(&count).execute(&mut *tx).await?;
            tx.commit().await
        })?;
        Ok(())
    }
}
