//! Changing a customer's preferences: through the API for a bank system,
//! on the pages for the borrower (and later staff). One versioned write,
//! one ledger entry, whoever asks.

use chrono::Utc;
use reachguard_domain::{Actor, CustomerId, PreferencesProblem, PreferencesWrite, Source};
use reachguard_storage::{ChangeBy, CustomerRecord, StorageError, WritePreferencesError};

use crate::Services;

#[derive(Debug, thiserror::Error)]
pub enum PreferencesError {
    #[error("no customer has the number `{0}`")]
    NotFound(CustomerId),
    /// Someone else changed the preferences since `expected` was read.
    #[error("the preferences changed since they were read: they are now at version {current}")]
    Stale { current: i64 },
    #[error("the preferences are not valid")]
    Invalid(Vec<PreferencesProblem>),
    /// The customer's own saves on the pages have a day's quota
    /// ([`crate::quotas`]).
    #[error("too many saves today")]
    TooManySaves,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Services {
    /// Applies `write` to the customer's preferences if they are still at
    /// `expected_version`, recording the change in the ledger in the same
    /// transaction. Returns the customer as written.
    pub async fn update_preferences(
        &self,
        customer: &CustomerId,
        expected_version: i64,
        write: PreferencesWrite,
        by: &ChangeBy<'_>,
    ) -> Result<CustomerRecord, PreferencesError> {
        let record = self
            .db
            .customer(customer.as_str())
            .await?
            .ok_or_else(|| PreferencesError::NotFound(customer.clone()))?;
        if record.version != expected_version {
            return Err(PreferencesError::Stale {
                current: record.version,
            });
        }
        // The customer's own saves on the pages (and through a preference
        // link) are counted; staff, bank systems, SMS keywords and
        // one-click unsubscribes never are.
        let own_save =
            by.actor == &Actor::Customer && by.source == Source::Web && by.api_client.is_none();
        if own_save && crate::quotas::may_save(&self.db, customer).await?.is_err() {
            return Err(PreferencesError::TooManySaves);
        }
        let policy = self.policy.current(&self.db).await?;
        let after = record
            .preferences
            .apply(write, &policy, Utc::now())
            .map_err(PreferencesError::Invalid)?;
        let mut before = record.preferences.clone();
        before.fill_defaults(&policy);
        // A save that changes nothing writes nothing: no ledger, audit or
        // feed row, and no new version.
        if after == before {
            return Ok(record);
        }
        let written = self
            .db
            .write_preferences(customer, expected_version, &before, &after, by)
            .await;
        match written {
            Ok(version) => Ok(CustomerRecord {
                preferences: after,
                version,
                updated_at: Utc::now().timestamp(),
                ..record
            }),
            Err(WritePreferencesError::Stale { current }) => {
                Err(PreferencesError::Stale { current })
            }
            Err(WritePreferencesError::NotFound) => {
                Err(PreferencesError::NotFound(customer.clone()))
            }
            Err(WritePreferencesError::Storage(error)) => Err(error.into()),
        }
    }
}
