//! The contacts made to a customer, as the pages show them: each attempt
//! with the reasons it was judged by, read as codes, and the decision it
//! followed when one was asked about this customer.

use reachguard_domain::{CustomerId, Language, ReasonCode};
use reachguard_storage::{AttemptRecord, StorageError};

use crate::kept::KeptDecision;

use crate::Services;

/// One contact made to a customer.
#[derive(Debug, Clone)]
pub struct Contact {
    pub attempt: AttemptRecord,
    /// The reasons the attempt was judged by, as kept with it.
    pub reasons: Vec<ReasonCode>,
    /// The decision asked before it, when it was asked about this customer
    /// and it was read (see [`Decisions`]).
    pub decision: Option<KeptDecision>,
}

/// Whether each contact's decision is read too (one read a contact), and
/// in which language its reasons are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decisions {
    Read(Language),
    Skip,
}

async fn contact(
    services: &Services,
    customer: &CustomerId,
    attempt: AttemptRecord,
    decisions: Decisions,
) -> Result<Contact, StorageError> {
    let decision = match (&attempt.decision_id, decisions) {
        (Some(id), Decisions::Read(language)) => services
            .kept_decision(id, language)
            .await?
            .filter(|d| d.customer_id.as_deref() == Some(customer.as_str())),
        _ => None,
    };
    Ok(Contact {
        reasons: attempt.reason_codes(),
        attempt,
        decision,
    })
}

/// Up to `limit` contacts, newest first, after skipping `offset`; and how
/// many there are in all.
pub async fn page(
    services: &Services,
    customer: &CustomerId,
    offset: i64,
    limit: i64,
    decisions: Decisions,
) -> Result<(Vec<Contact>, i64), StorageError> {
    let total = services.db.count_attempts_of(customer).await?;
    let attempts = services.db.attempts_of(customer, offset, limit).await?;
    let mut contacts = Vec::with_capacity(attempts.len());
    for attempt in attempts {
        contacts.push(contact(services, customer, attempt, decisions).await?);
    }
    Ok((contacts, total))
}

/// One contact made to `customer`; none when the id is another customer's.
pub async fn one(
    services: &Services,
    customer: &CustomerId,
    attempt_id: &str,
    language: Language,
) -> Result<Option<Contact>, StorageError> {
    match services.db.attempt_of(customer, attempt_id).await? {
        Some(attempt) => Ok(Some(
            contact(services, customer, attempt, Decisions::Read(language)).await?,
        )),
        None => Ok(None),
    }
}

/// Contacts made against the customer's wishes or the rules (attempts
/// recorded although the answer was no).
pub async fn against_policy(
    services: &Services,
    customer: &CustomerId,
) -> Result<i64, StorageError> {
    services.db.count_attempts_against_policy(customer).await
}
