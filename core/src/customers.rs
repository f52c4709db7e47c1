//! A customer as the pages read them: the borrower's own record and
//! history, and the file staff open on the customer page.

use chrono::{DateTime, Utc};
use reachguard_domain::{CustomerId, Policy};
use reachguard_storage::{CustomerHit, CustomerRecord, LedgerEntry, StorageError, TryKind};

use crate::Services;
use crate::complaints::Complaint;
use crate::contacts::{self, Contact, Decisions};

/// Customers a search shows at most.
pub const FOUND_AT_MOST: i64 = 20;
/// Ledger entries on one page, on the borrower's and on staff's.
pub const CHANGES_A_PAGE: i64 = 50;
/// Contacts and decisions on a customer's page; older ones are in the
/// borrower's own history and the data export.
pub const RECENT: i64 = 50;

/// Customers found by number, phone or the start of a name.
pub async fn find(services: &Services, query: &str) -> Result<Vec<CustomerHit>, StorageError> {
    services.db.search_customers(query, FOUND_AT_MOST).await
}

/// The customer's record and the policy in force now.
pub async fn with_policy(
    services: &Services,
    customer: &CustomerId,
) -> Result<Option<(CustomerRecord, Policy)>, StorageError> {
    let Some(record) = services.db.customer(customer.as_str()).await? else {
        return Ok(None);
    };
    Ok(Some((record, services.policy_now().await?)))
}

/// One page of the customer's ledger, newest first, older than `before`;
/// and where the next older page starts, if there is one.
pub async fn ledger_page(
    services: &Services,
    customer: &CustomerId,
    before: Option<i64>,
) -> Result<(Vec<LedgerEntry>, Option<i64>), StorageError> {
    let mut entries = services
        .db
        .ledger_of(customer, before, CHANGES_A_PAGE + 1)
        .await?;
    let more = entries.len() as i64 > CHANGES_A_PAGE;
    entries.truncate(CHANGES_A_PAGE as usize);
    let older = more.then(|| entries.last().map(|e| e.seq)).flatten();
    Ok((entries, older))
}

/// What staff see of a customer.
#[derive(Debug)]
pub struct CustomerFile {
    pub record: CustomerRecord,
    /// The policy as it was read for this page (the newest version).
    pub policy: Policy,
    pub ledger: Vec<LedgerEntry>,
    pub ledger_older: Option<i64>,
    /// The most recent contacts ([`RECENT`]), without their decisions.
    pub contacts: Vec<Contact>,
    pub contacts_total: i64,
    pub decisions: Vec<crate::kept::KeptDecision>,
    pub complaints: Vec<Complaint>,
    /// Until when the borrower's sign-in is locked, if it is now.
    pub signin_locked_until: Option<DateTime<Utc>>,
    /// Extra care as last set, and each change of it, newest first.
    pub care: Option<reachguard_storage::CareRecord>,
    pub care_changes: Vec<reachguard_storage::CareChange>,
}

/// The customer's file, with the ledger page older than `before`.
pub async fn file(
    services: &Services,
    customer: &CustomerId,
    before: Option<i64>,
) -> Result<Option<CustomerFile>, StorageError> {
    let db = &services.db;
    let Some(record) = db.customer(customer.as_str()).await? else {
        return Ok(None);
    };
    let policy = db.current_policy().await?;
    let (ledger, ledger_older) = ledger_page(services, customer, before).await?;
    let (contacts, contacts_total) =
        contacts::page(services, customer, 0, RECENT, Decisions::Skip).await?;
    // The page shows what was asked and whether it was allowed, not the
    // reasons' words: any language reads the same.
    let decisions = db
        .decisions_of(customer, None, RECENT)
        .await?
        .into_iter()
        .map(|d| crate::kept::read(d, reachguard_domain::Language::En))
        .collect();
    let complaints = crate::complaints::of(db, customer).await?;
    let signin_locked_until =
        crate::lock::locked_until(db, TryKind::Borrower, customer.as_str(), Utc::now()).await?;
    let care = db.care_of(customer).await?;
    let care_changes = db.care_changes(customer).await?;
    Ok(Some(CustomerFile {
        record,
        policy,
        ledger,
        ledger_older,
        contacts,
        contacts_total,
        decisions,
        complaints,
        signin_locked_until,
        care,
        care_changes,
    }))
}
