//! Kept decisions: what was asked, what was answered and why, in the
//! compact form of migration 0011 (the id's 16 bytes, the client by number,
//! the reasons as bits, the rest as the domain's kept form).

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::totals::{self, add_to_totals};
use crate::{Database, StorageError, with_pool};

/// A kept decision as stored. `kept` is the domain's `KeptDecisionForm`
/// text, or for a decision kept before migration 0011 the JSON object
/// `{"request": …, "answer": …}` as it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDecision {
    pub decision_id: String,
    pub decided_at: i64,
    pub client: String,
    pub customer_id: Option<String>,
    pub allowed: bool,
    /// The reasons' codes, a bit each (`ReasonCode::bit`).
    pub reasons: i64,
    pub kept: String,
}

/// The columns every query reads, in [`DecisionRow`]'s order.
pub(crate) const DECISION_COLUMNS: &str = "d.decision_id, d.decided_at, c.name AS client, \
     d.customer_id, d.allowed, d.reasons, d.kept \
     FROM decisions d JOIN decision_clients c ON c.client_no = d.client_no";

#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
    decision_id: Uuid,
    decided_at: i64,
    client: String,
    customer_id: Option<String>,
    allowed: bool,
    reasons: i64,
    kept: String,
}

/// Rows per INSERT statement: wide, because each statement is a round trip
/// to the database's thread (on SQLite, sqlx's worker), and a round trip
/// waits for the async worker that sent it to be free again (busy deciding
/// the next requests). 500 rows bind 3,500 parameters, well under SQLite's
/// 32,766 and PostgreSQL's 65,535.
const ROWS_PER_INSERT: usize = 500;

/// A decision id as stored; an id that is not a uuid names no decision.
pub(crate) fn stored_id(decision_id: &str) -> Option<Uuid> {
    Uuid::parse_str(decision_id).ok()
}

impl Database {
    /// Keeps a batch of decisions in one transaction. A decision whose id
    /// is not a uuid cannot be kept, and is an error.
    pub async fn keep_decisions<D: Borrow<KeptDecision> + Sync>(
        &self,
        decisions: &[D],
    ) -> Result<(), StorageError> {
        if decisions.is_empty() {
            return Ok(());
        }
        // Each decision once, the first of any repeat (two spellings of one
        // uuid are one id): a repeat would never be written, and the check
        // below would wait for it forever.
        let mut seen = HashSet::with_capacity(decisions.len());
        let mut unique: Vec<(&KeptDecision, Uuid)> = Vec::with_capacity(decisions.len());
        for d in decisions {
            let d = d.borrow();
            let id = stored_id(&d.decision_id).ok_or_else(|| {
                StorageError(sqlx::Error::Encode(
                    format!("`{}` is not a decision id", d.decision_id).into(),
                ))
            })?;
            if seen.insert(id) {
                unique.push((d, id));
            }
        }
        let clients = self
            .client_numbers(unique.iter().map(|(d, _)| d.client.as_str()))
            .await?;
        // A decision kept before is not written (nor counted) again: that
        // happens only when a batch is tried again after a commit whose
        // answer was lost. The inserts say how many rows they wrote; only
        // when that falls short is the batch tried again, knowing which
        // decisions are already there. (Rows returned one by one were most
        // of the write's time on SQLite.)
        let mut kept_before: HashSet<Uuid> = HashSet::new();
        with_pool!(self, pool => {
            loop {
                let mut tx = pool.begin().await?;
                let mut all_new = true;
                for chunk in unique.chunks(ROWS_PER_INSERT) {
                    let rows: Vec<&(&KeptDecision, Uuid)> =
                        chunk.iter().filter(|(_, id)| !kept_before.contains(id)).collect();
                    if rows.is_empty() {
                        continue;
                    }
                    let mut sql = String::from(
                        "INSERT INTO decisions (decision_id, decided_at, client_no, customer_id, allowed, reasons, kept) VALUES ",
                    );
                    sql.push_str(&crate::value_rows(&tx, rows.len(), 7));
                    sql.push_str(" ON CONFLICT (decision_id) DO NOTHING");
                    let mut query = sqlx::query(&sql);
                    for (d, id) in &rows {
                        query = query
                            .bind(*id)
                            .bind(d.decided_at)
                            .bind(clients[d.client.as_str()])
                            .bind(&d.customer_id)
                            .bind(d.allowed)
                            .bind(d.reasons)
                            .bind(&d.kept);
                    }
                    let written = query.execute(&mut *tx).await?.rows_affected();
                    if written != rows.len() as u64 {
                        all_new = false;
                        break;
                    }
                }
                if !all_new {
                    let finds: Vec<String> = unique
                        .chunks(ROWS_PER_INSERT)
                        .map(|chunk| {
                            format!(
                                "SELECT decision_id FROM decisions WHERE decision_id IN {}",
                                crate::value_rows(&tx, 1, chunk.len())
                            )
                        })
                        .collect();
                    tx.rollback().await?;
                    let known = kept_before.len();
                    for (chunk, sql) in unique.chunks(ROWS_PER_INSERT).zip(&finds) {
                        let mut query = sqlx::query_scalar::<_, Uuid>(sql);
                        for (_, id) in chunk {
                            query = query.bind(*id);
                        }
                        kept_before.extend(query.fetch_all(pool).await?);
                    }
                    if kept_before.len() == known {
                        // Short, and yet nothing more is there: not a
                        // repeat; an error, so that the log tries again.
                        break Err(sqlx::Error::Protocol(
                            "decisions were not written, and are not kept".into(),
                        ));
                    }
                    continue;
                }
                // What was written is added to the totals, once for the batch.
                let written: Vec<(i64, bool, i64)> = unique
                    .iter()
                    .filter(|(_, id)| !kept_before.contains(id))
                    .map(|(d, _)| (d.decided_at, d.allowed, d.reasons))
                    .collect();
                add_to_totals!(tx, &totals::tally(&written, 1))?;
                break tx.commit().await;
            }
        })?;
        Ok(())
    }

    /// Each client's number, given to a name the first time it asks.
    async fn client_numbers<'a>(
        &self,
        names: impl Iterator<Item = &'a str>,
    ) -> Result<HashMap<&'a str, i64>, StorageError> {
        let mut numbers = HashMap::new();
        for name in names {
            if numbers.contains_key(name) {
                continue;
            }
            let number: i64 = with_pool!(self, pool => {
                sqlx::query("INSERT INTO decision_clients (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .execute(pool)
                    .await?;
                sqlx::query_scalar("SELECT client_no FROM decision_clients WHERE name = $1")
                    .bind(name)
                    .fetch_one(pool)
                    .await
            })?;
            numbers.insert(name, number);
        }
        Ok(numbers)
    }

    pub async fn kept_decision(
        &self,
        decision_id: &str,
    ) -> Result<Option<KeptDecision>, StorageError> {
        let Some(id) = stored_id(decision_id) else {
            return Ok(None);
        };
        let row: Option<DecisionRow> = with_pool!(self, pool => sqlx::query_as(
            &format!("SELECT {DECISION_COLUMNS} WHERE d.decision_id = $1"),
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(KeptDecision::from))
    }
}

impl From<DecisionRow> for KeptDecision {
    fn from(r: DecisionRow) -> KeptDecision {
        KeptDecision {
            decision_id: r.decision_id.to_string(),
            decided_at: r.decided_at,
            client: r.client,
            customer_id: r.customer_id,
            allowed: r.allowed,
            reasons: r.reasons,
            kept: r.kept,
        }
    }
}
