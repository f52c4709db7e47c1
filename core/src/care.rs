//! Extra care (contract section 7): put in place, changed or ended by staff
//! on the customer page or by a bank system through the API. Each change is
//! kept in the customer's history and the audit log, and reaches every
//! server's decisions through the read model's feed.

use chrono::{DateTime, Utc};
use reachguard_domain::protection::{self, check_note, check_until};
use reachguard_domain::{Actor, CareReason, CustomerId, FieldError};
use reachguard_storage::{CareChange, CareRecord, StorageError};

use crate::Services;

/// Extra care as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareAsked {
    pub reason: CareReason,
    pub until: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CareError {
    #[error("no customer has the number `{0}`")]
    NotFound(CustomerId),
    #[error("extra care as asked is not valid")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Instants are kept to the second, as the rules read them.
fn whole_second(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at)
}

/// Checks what was asked at `now`: every field's problem at once.
pub fn check(asked: &CareAsked, now: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(error) = check_until(asked.until, now) {
        errors.push(error);
    }
    if let Some(note) = &asked.note {
        if let Err(error) = check_note(note) {
            errors.push(error);
        } else if !crate::text::is_clean(note, true) {
            errors.push(FieldError::new(
                "note",
                "note holds control or invisible characters",
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Puts extra care in place for `customer`, or changes the one in force
/// (which keeps its `since`), as `actor`.
pub async fn put(
    services: &Services,
    customer: &CustomerId,
    asked: CareAsked,
    actor: &Actor,
) -> Result<CareRecord, CareError> {
    let now = whole_second(Utc::now());
    check(&asked, now).map_err(CareError::Invalid)?;
    let note = asked
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let current = services.db.care_of(customer).await?;
    let protection = protection::put(
        current.as_ref().map(|c| &c.protection),
        asked.reason,
        whole_second(asked.until),
        now,
    );
    let actor = actor.to_string();
    if !services
        .db
        .write_care(customer, &protection, note, &actor, false, now.timestamp())
        .await?
    {
        return Err(CareError::NotFound(customer.clone()));
    }
    tracing::info!(customer = %customer, %actor, reason = %asked.reason, until = %asked.until, "extra care set");
    Ok(CareRecord {
        protection,
        note: note.map(str::to_owned),
        set_by: actor,
        set_at: now.timestamp(),
    })
}

/// Ends the customer's extra care now. Nothing is written when none is in
/// force; `Ok(false)` then.
pub async fn end(
    services: &Services,
    customer: &CustomerId,
    actor: &Actor,
) -> Result<bool, CareError> {
    let now = whole_second(Utc::now());
    let current = services.db.care_of(customer).await?;
    let Some(ended) = protection::end(current.as_ref().map(|c| &c.protection), now) else {
        if services.db.customer(customer.as_str()).await?.is_none() {
            return Err(CareError::NotFound(customer.clone()));
        }
        return Ok(false);
    };
    let note = current.as_ref().and_then(|c| c.note.as_deref());
    let actor = actor.to_string();
    if !services
        .db
        .write_care(customer, &ended, note, &actor, true, now.timestamp())
        .await?
    {
        return Err(CareError::NotFound(customer.clone()));
    }
    tracing::info!(customer = %customer, %actor, "extra care ended");
    Ok(true)
}

/// The customer's extra care as last set (in force or not).
pub async fn of(
    services: &Services,
    customer: &CustomerId,
) -> Result<Option<CareRecord>, StorageError> {
    services.db.care_of(customer).await
}

/// Every change of the customer's extra care, newest first.
pub async fn changes(
    services: &Services,
    customer: &CustomerId,
) -> Result<Vec<CareChange>, StorageError> {
    services.db.care_changes(customer).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn what_is_asked_is_checked_field_by_field() {
        let now = Utc::now();
        let asked = CareAsked {
            reason: CareReason::Illness,
            until: now,
            note: Some("x\u{202e}".into()),
        };
        let errors = check(&asked, now).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["until", "note"]);
        let fine = CareAsked {
            until: now + Duration::days(30),
            note: Some("lost job, asked for fewer calls".into()),
            ..asked
        };
        assert_eq!(check(&fine, now), Ok(()));
    }
}
