//! Messages customers sent to the bank by SMS (contract section 8), and the
//! links that go out in replies and messages (section 9).

use crate::feed::wrote;
use crate::ledger::{PreferenceChange, WritePreferencesError, change_preferences};
use crate::{Database, StorageError, with_pool};
use reachguard_domain::audit::AuditAction;

/// A message as the gateway forwarded it, with what it came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMessage {
    /// The API client that forwarded it.
    pub client: String,
    pub message_id: String,
    pub received_at: i64,
    pub from_phone: String,
    pub text: String,
    pub answer: InboundAnswer,
}

/// What Reachguard made of a message, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundAnswer {
    /// `opted_out`, `no_change`, `not_a_keyword` or `unknown_number`.
    pub action: String,
    pub customer_id: Option<String>,
    /// The purposes it changed, in order of their names.
    pub purposes: Vec<String>,
    pub reply: Option<String>,
}

/// A link about to be given out: only the hash of its token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    pub token_hash: String,
    pub customer_id: String,
    /// Both set for an unsubscribe link, neither for a preferences link.
    pub purpose: Option<String>,
    pub channel: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub created_by: String,
}

/// A link as kept.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkRecord {
    pub customer_id: String,
    pub purpose: Option<String>,
    pub channel: Option<String>,
    pub expires_at: i64,
}

/// What recording a message did.
#[derive(Debug)]
pub enum Recorded {
    /// Recorded now, with its change if it made one.
    New,
    /// The client sent this message id before: nothing was written, and
    /// this is the first answer.
    Replayed(InboundAnswer),
    /// The customer's preferences changed since they were read; nothing was
    /// written. Read them again and retry.
    Stale,
}

/// A message waiting on the staff page, or handled there.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WaitingMessage {
    pub client: String,
    pub message_id: String,
    pub received_at: i64,
    pub from_phone: String,
    pub text: String,
    pub customer_id: Option<String>,
    pub action: String,
    pub handled_at: Option<i64>,
    pub handled_by: Option<String>,
    pub handled_note: Option<String>,
}

/// Inserts `$link` (a `&NewLink`) inside the transaction `$tx`.
macro_rules! insert_link {
    ($tx:expr, $link:expr) => {{
        let link: &NewLink = $link;
        sqlx::query(
            "INSERT INTO preference_links (token_hash, customer_id, purpose, channel, created_at, expires_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&link.token_hash)
        .bind(&link.customer_id)
        .bind(&link.purpose)
        .bind(&link.channel)
        .bind(link.created_at)
        .bind(link.expires_at)
        .bind(&link.created_by)
        .execute(&mut *$tx)
        .await
    }};
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    action: String,
    customer_id: Option<String>,
    purposes: String,
    reply: Option<String>,
}

impl From<AnswerRow> for InboundAnswer {
    fn from(row: AnswerRow) -> InboundAnswer {
        InboundAnswer {
            action: row.action,
            customer_id: row.customer_id,
            purposes: serde_json::from_str(&row.purposes).unwrap_or_default(),
            reply: row.reply,
        }
    }
}

impl Database {
    /// The first answer to a message this client sent before, if it did.
    pub async fn inbound_answer(
        &self,
        client: &str,
        message_id: &str,
    ) -> Result<Option<InboundAnswer>, StorageError> {
        let row: Option<AnswerRow> = with_pool!(self, pool => sqlx::query_as(
            "SELECT action, customer_id, purposes, reply FROM inbound_messages
             WHERE client = $1 AND message_id = $2",
        )
        .bind(client)
        .bind(message_id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(InboundAnswer::from))
    }

    /// Records a message in one transaction with what it did: the change of
    /// preferences a keyword made (its ledger, audit and feed rows), and
    /// the link its reply gives. A message id this client sent before
    /// writes nothing and gives back the first answer.
    pub async fn record_inbound(
        &self,
        message: &InboundMessage,
        change: Option<&PreferenceChange<'_>>,
        link: Option<&NewLink>,
    ) -> Result<Recorded, StorageError> {
        let now = chrono::Utc::now().timestamp();
        let purposes = serde_json::to_string(&message.answer.purposes).expect("strings serialize");
        let lock = self.ledger_lock();
        let recorded = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO inbound_messages (client, message_id, received_at, recorded_at, from_phone, text, customer_id, action, purposes, reply)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (client, message_id) DO NOTHING",
            )
            .bind(&message.client)
            .bind(&message.message_id)
            .bind(message.received_at)
            .bind(now)
            .bind(&message.from_phone)
            .bind(&message.text)
            .bind(&message.answer.customer_id)
            .bind(&message.answer.action)
            .bind(&purposes)
            .bind(&message.answer.reply)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                drop(tx);
                let first = self.inbound_answer(&message.client, &message.message_id).await?;
                return Ok(first.map_or(Recorded::Stale, Recorded::Replayed));
            }
            if let Some(change) = change {
                match change_preferences!(tx, lock, change) {
                    Ok(_) => {}
                    Err(WritePreferencesError::Stale { .. } | WritePreferencesError::NotFound) => {
                        return Ok(Recorded::Stale);
                    }
                    Err(WritePreferencesError::Storage(error)) => return Err(error),
                }
            }
            if let Some(link) = link {
                insert_link!(tx, link)?;
            }
            tx.commit().await?;
            Recorded::New
        });
        if change.is_some() {
            wrote();
        }
        Ok(recorded)
    }

    /// Keeps new links (the token of each is given out once, by the caller).
    pub async fn create_links(&self, links: &[NewLink]) -> Result<(), StorageError> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for link in links {
                insert_link!(tx, link)?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// The link whose token has this hash, expired or not.
    pub async fn link(&self, token_hash: &str) -> Result<Option<LinkRecord>, StorageError> {
        let row = with_pool!(self, pool => sqlx::query_as(
            "SELECT customer_id, purpose, channel, expires_at FROM preference_links WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await)?;
        Ok(row)
    }

    /// Messages for the staff page, newest first (as they were recorded:
    /// a sender chooses `received_at`): those that were no keyword or came
    /// from an unknown number; only those not yet handled unless
    /// `handled_too`. `limit` of them after skipping `offset`.
    pub async fn waiting_messages(
        &self,
        handled_too: bool,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<WaitingMessage>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT client, message_id, received_at, from_phone, text, customer_id, action, handled_at, handled_by, handled_note
             FROM inbound_messages
             WHERE action IN ('not_a_keyword', 'unknown_number') AND ($1 OR handled_at IS NULL)
             ORDER BY recorded_at DESC, message_id DESC LIMIT $2 OFFSET $3",
        )
        .bind(handled_too)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    /// Marks a waiting message handled. False when there is no such message
    /// waiting (handled already, or never there).
    pub async fn handle_message(
        &self,
        client: &str,
        message_id: &str,
        by: &str,
        note: &str,
        at: i64,
    ) -> Result<bool, StorageError> {
        let entry = crate::audit::NewAuditEntry::new(
            at,
            by,
            AuditAction::InboundHandle,
            message_id,
            serde_json::json!({ "client": client, "note": note }),
        );
        let handled = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query(
                "UPDATE inbound_messages SET handled_at = $1, handled_by = $2, handled_note = $3
                 WHERE client = $4 AND message_id = $5 AND handled_at IS NULL
                   AND action IN ('not_a_keyword', 'unknown_number')",
            )
            .bind(at)
            .bind(by)
            .bind(note)
            .bind(client)
            .bind(message_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 1 {
                crate::audit::append_audit!(tx, &entry);
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(updated == 1)
        })?;
        Ok(handled)
    }
}
