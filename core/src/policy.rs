//! The bank's policy: its versions, and a new one published by a
//! supervisor. Nothing looser than the policy pack is ever published.

use reachguard_domain::{Actor, BankSettings, FieldError, Policy};
use reachguard_storage::{PolicyVersion, StorageError};

use crate::Services;

/// Every version, newest first.
pub async fn history(services: &Services) -> Result<Vec<PolicyVersion>, StorageError> {
    services.db.policy_history().await
}

/// The newest version, read from the database rather than the decisions'
/// short cache: a page shows a version the moment it is made.
pub async fn newest(services: &Services) -> Result<Policy, StorageError> {
    services.db.current_policy().await
}

/// Why a version was not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPublished {
    /// Looser than the pack, or a topic without its names: each field.
    Refused(Vec<FieldError>),
    /// Someone published another version after `after_version`.
    ChangedMeanwhile,
}

/// Publishes `settings` as the version after `after_version`, by `by`;
/// audited in the same transaction. `tried` names the what-if run of these
/// settings from the policy page, if one ran: what it found is kept with the
/// version (a run of other settings, or one not finished, is not).
pub async fn publish(
    services: &Services,
    settings: &BankSettings,
    by: &Actor,
    after_version: i64,
    tried: Option<&str>,
) -> Result<Result<Policy, NotPublished>, StorageError> {
    let current = newest(services).await?;
    if let Err(errors) = settings.check(current.pack) {
        return Ok(Err(NotPublished::Refused(errors)));
    }
    let tried = tried.and_then(|run| services.what_ifs.tried(run, settings));
    Ok(services
        .db
        .new_policy_version(current.pack, settings, by, after_version, tried.as_ref())
        .await?
        .ok_or(NotPublished::ChangedMeanwhile))
}
