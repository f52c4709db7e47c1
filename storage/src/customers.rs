//! Customers and their contact data.

use crate::feed::{FeedKind, note_in_feed, wrote};
use std::collections::HashMap;

use chrono::Utc;
use chrono_tz::Tz;
use reachguard_domain::{Actor, CustomerId, Language, Phone, Policy, Preferences};
use sqlx::Row;

use crate::audit::append_audit;
use crate::ledger::{insert_ledger_row, preference_change};
use crate::{Database, StorageError, is_unique_violation, list_param, with_pool};
use reachguard_domain::Source;

/// A customer as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecord {
    pub customer_id: String,
    pub name: String,
    /// In the order given; the first is the one checked against the
    /// national list.
    pub phones: Vec<String>,
    /// Those of `phones` on the national do-not-call list.
    pub listed_phones: Vec<String>,
    pub email: Option<String>,
    pub preferences: Preferences,
    pub version: i64,
    pub updated_at: i64,
    /// Extra care as last set (in force or not: the rules look at when).
    pub protection: Option<reachguard_domain::Protection>,
}

/// Contact data as the bank's systems send it (`PUT /customers/{id}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactData {
    pub name: String,
    pub phones: Vec<Phone>,
    pub email: Option<String>,
    pub time_zone: Option<Tz>,
    pub language: Option<Language>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Created,
    Updated,
}

#[derive(Debug, thiserror::Error)]
pub enum PutCustomerError {
    #[error("the phone {0} belongs to another customer")]
    PhoneTaken(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for PutCustomerError {
    fn from(error: sqlx::Error) -> Self {
        PutCustomerError::Storage(error.into())
    }
}

impl Database {
    /// Creates the customer with the policy's default preferences, or
    /// updates their contact data. A change of time zone or language is a
    /// change of preferences, kept in the ledger like any other.
    pub async fn put_customer(
        &self,
        id: &CustomerId,
        contact: &ContactData,
        policy: &Policy,
        actor: &Actor,
    ) -> Result<PutOutcome, PutCustomerError> {
        let now = Utc::now().timestamp();
        // Customers are put by the bank's systems through the API: the
        // actor is the API client itself.
        let api_client = match actor {
            Actor::System(name) => Some(name.clone()),
            Actor::Customer | Actor::Staff(_) => None,
        };
        let by = crate::ChangeBy::new(actor, Source::Api);
        let actor = actor.to_string();
        let mut initial = Preferences::defaults(policy);
        initial.time_zone = contact.time_zone;
        if let Some(language) = contact.language {
            initial.language = language;
        }
        let initial_json = to_json(&initial);
        let lock = self.ledger_lock();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(lock) = lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            // Write first, so that SQLite takes its write lock at once.
            let created = sqlx::query(
                "INSERT INTO customers (customer_id, name, email, preferences, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 1, $5, $5)
                 ON CONFLICT (customer_id) DO NOTHING",
            )
            .bind(id.as_str())
            .bind(&contact.name)
            .bind(&contact.email)
            .bind(&initial_json)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if created {
                crate::topics::count_topics!(tx, &crate::topics::topic_changes(None, &initial))?;
                insert_ledger_row!(tx, id.as_str(), 1i64, &actor, Source::Api, None::<&str>, &api_client, now, None::<&str>, &initial_json)?;
            } else {
                let row = sqlx::query("SELECT preferences, version FROM customers WHERE customer_id = $1")
                    .bind(id.as_str())
                    .fetch_one(&mut *tx)
                    .await?;
                let before_json: String = row.try_get("preferences")?;
                let version: i64 = row.try_get("version")?;
                let before: Preferences = from_json(&before_json)?;
                let mut after = before.clone();
                after.time_zone = contact.time_zone.or(before.time_zone);
                after.language = contact.language.unwrap_or(before.language);
                let changed = after != before;
                let version = if changed { version + 1 } else { version };
                let after_json = to_json(&after);
                sqlx::query(
                    "UPDATE customers SET name = $1, email = $2, preferences = $3, version = $4, updated_at = $5
                     WHERE customer_id = $6",
                )
                .bind(&contact.name)
                .bind(&contact.email)
                .bind(&after_json)
                .bind(version)
                .bind(now)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
                if changed {
                    insert_ledger_row!(tx, id.as_str(), version, &actor, Source::Api, None::<&str>, &api_client, now, Some(&before_json), &after_json)?;
                    append_audit!(tx, &preference_change(now, &actor, id.as_str(), version, &by));
                }
            }
            sqlx::query("DELETE FROM customer_phones WHERE customer_id = $1")
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
            for (position, phone) in contact.phones.iter().enumerate() {
                let inserted = sqlx::query("INSERT INTO customer_phones (customer_id, position, phone) VALUES ($1, $2, $3)")
                    .bind(id.as_str())
                    .bind(position as i64)
                    .bind(phone.as_str())
                    .execute(&mut *tx)
                    .await;
                match inserted {
                    Err(error) if is_unique_violation(&error) => {
                        return Err(PutCustomerError::PhoneTaken(phone.to_string()));
                    }
                    other => {
                        other?;
                    }
                }
            }
            note_in_feed!(tx, FeedKind::Customer, id.as_str(), now)?;
            tx.commit().await?;
            wrote();
            Ok(if created { PutOutcome::Created } else { PutOutcome::Updated })
        })
    }

    /// How many customers the database holds.
    pub async fn customer_count(&self) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM customers")
            .fetch_one(pool)
            .await)?;
        Ok(n)
    }

    pub async fn customer(&self, id: &str) -> Result<Option<CustomerRecord>, StorageError> {
        let mut found = self.customers(&[id.to_owned()]).await?;
        Ok(found.remove(id))
    }

    /// The customer whose phone this is.
    pub async fn customer_by_phone(
        &self,
        phone: &str,
    ) -> Result<Option<CustomerRecord>, StorageError> {
        let ids = self.customer_ids_by_phone(&[phone.to_owned()]).await?;
        match ids.get(phone) {
            Some(id) => self.customer(id).await,
            None => Ok(None),
        }
    }

    /// Customers by id with their phones and which of those are on the
    /// national list, in one query per chunk: every decision needs all three.
    pub async fn customers(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, CustomerRecord>, StorageError> {
        let mut found: HashMap<String, CustomerRecord> = HashMap::with_capacity(ids.len());
        let sql = format!(
            "SELECT c.customer_id, c.name, c.email, c.preferences, c.version, c.updated_at,
                    p.phone, d.phone IS NOT NULL AS listed,
                    k.reason AS care_reason, k.since AS care_since, k.until AS care_until
             FROM customers c
             LEFT JOIN customer_care k ON k.customer_id = c.customer_id
             LEFT JOIN customer_phones p ON p.customer_id = c.customer_id
             LEFT JOIN national_dnc d ON d.phone = p.phone
             WHERE c.customer_id {}
             ORDER BY c.customer_id, p.position",
            self.one_of(1, ids)
        );
        let rows: Vec<CustomerRow> = with_pool!(self, pool => sqlx::query_as(&sql).bind(list_param(ids)).fetch_all(pool).await)?;
        for row in rows {
            let phone = row.phone.clone();
            let listed = row.listed;
            let record = match found.get_mut(&row.customer_id) {
                Some(record) => record,
                None => {
                    let record = CustomerRecord::try_from(row)?;
                    found.entry(record.customer_id.clone()).or_insert(record)
                }
            };
            if let Some(phone) = phone {
                if listed {
                    record.listed_phones.push(phone.clone());
                }
                record.phones.push(phone);
            }
        }
        Ok(found)
    }

    /// Which customer each phone belongs to, for phones that belong to one.
    pub async fn customer_ids_by_phone(
        &self,
        phones: &[String],
    ) -> Result<HashMap<String, String>, StorageError> {
        let sql = format!(
            "SELECT phone, customer_id FROM customer_phones WHERE phone {}",
            self.one_of(1, phones)
        );
        let rows: Vec<(String, String)> = with_pool!(self, pool => sqlx::query_as(&sql).bind(list_param(phones)).fetch_all(pool).await)?;
        let found: HashMap<String, String> = rows.into_iter().collect();
        Ok(found)
    }
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    customer_id: String,
    name: String,
    email: Option<String>,
    preferences: String,
    version: i64,
    updated_at: i64,
    phone: Option<String>,
    listed: bool,
    care_reason: Option<String>,
    care_since: Option<i64>,
    care_until: Option<i64>,
}

impl TryFrom<CustomerRow> for CustomerRecord {
    type Error = sqlx::Error;

    fn try_from(row: CustomerRow) -> Result<Self, Self::Error> {
        Ok(CustomerRecord {
            customer_id: row.customer_id,
            name: row.name,
            phones: Vec::new(),
            listed_phones: Vec::new(),
            email: row.email,
            preferences: from_json(&row.preferences)?,
            version: row.version,
            updated_at: row.updated_at,
            protection: match (&row.care_reason, row.care_since, row.care_until) {
                (Some(reason), Some(since), Some(until)) => {
                    Some(crate::care::protection_of(reason, since, until)?)
                }
                _ => None,
            },
        })
    }
}

pub(crate) fn to_json(preferences: &Preferences) -> String {
    serde_json::to_string(preferences).expect("preferences always serialize")
}

pub(crate) fn from_json(json: &str) -> Result<Preferences, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
