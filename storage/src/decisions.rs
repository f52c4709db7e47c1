//! Kept decisions: what was asked, what was answered and why.

use crate::{Database, StorageError, with_pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDecision {
    pub decision_id: String,
    pub decided_at: i64,
    pub client: String,
    pub customer_id: Option<String>,
    pub allowed: bool,
    /// The request as JSON.
    pub request: String,
    /// The answer as JSON.
    pub answer: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
    decision_id: String,
    decided_at: i64,
    client: String,
    customer_id: Option<String>,
    allowed: bool,
    request: String,
    answer: String,
}

/// Rows per INSERT statement. sqlx looks up every parameter's name on
/// each execution, so very wide statements cost more than they save.
const ROWS_PER_INSERT: usize = 64;

impl Database {
    /// Keeps a batch of decisions in one transaction.
    pub async fn keep_decisions(&self, decisions: &[KeptDecision]) -> Result<(), StorageError> {
        if decisions.is_empty() {
            return Ok(());
        }
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for chunk in decisions.chunks(ROWS_PER_INSERT) {
                let mut sql = String::from(
                    "INSERT INTO decisions (decision_id, decided_at, client, customer_id, allowed, request, answer) VALUES ",
                );
                for i in 0..chunk.len() {
                    let p = i * 7;
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("(${},${},${},${},${},${},${})", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7));
                }
                sql.push_str(" ON CONFLICT (decision_id) DO NOTHING");
                let mut query = sqlx::query(&sql);
                for d in chunk {
                    query = query
                        .bind(&d.decision_id)
                        .bind(d.decided_at)
                        .bind(&d.client)
                        .bind(&d.customer_id)
                        .bind(d.allowed)
                        .bind(&d.request)
                        .bind(&d.answer);
                }
                query.execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    pub async fn kept_decision(
        &self,
        decision_id: &str,
    ) -> Result<Option<KeptDecision>, StorageError> {
        let row: Option<DecisionRow> = with_pool!(self, pool => sqlx::query_as(
            "SELECT decision_id, decided_at, client, customer_id, allowed, request, answer
             FROM decisions WHERE decision_id = $1",
        )
        .bind(decision_id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(KeptDecision::from))
    }
}

impl From<DecisionRow> for KeptDecision {
    fn from(r: DecisionRow) -> KeptDecision {
        KeptDecision {
            decision_id: r.decision_id,
            decided_at: r.decided_at,
            client: r.client,
            customer_id: r.customer_id,
            allowed: r.allowed,
            request: r.request,
            answer: r.answer,
        }
    }
}
