//! What one customer may ask for in a while, so that one borrower (or a
//! stolen session) cannot grow the database without end: every check on the
//! preferences page is a kept decision, every save a ledger, audit and feed
//! row, every complaint a case for staff.

use chrono::{Duration, Utc};
use reachguard_domain::CustomerId;
use reachguard_storage::{Database, StorageError};

use crate::Services;

/// "Could the bank contact me now?" answers a customer may ask for a day.
pub const CHECKS_A_DAY: i64 = 50;
/// Saves of their own preferences a customer may make a day on the web
/// pages (a save that changes nothing writes nothing and is not counted;
/// SMS keywords and one-click unsubscribes are never refused).
pub const SAVES_A_DAY: i64 = 50;
/// Complaints open at once.
pub const OPEN_COMPLAINTS: i64 = 5;
/// Complaints received in 30 days.
pub const COMPLAINTS_IN_30_DAYS: i64 = 20;

/// The client name a borrower's own checks are kept under.
pub const PORTAL_CHECKS: &str = "portal:customer";

/// A quota reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuotaReached {
    #[error("at most {CHECKS_A_DAY} checks a day")]
    Checks,
    #[error("at most {SAVES_A_DAY} saves a day")]
    Saves,
    #[error("at most {OPEN_COMPLAINTS} complaints open at once")]
    OpenComplaints,
    #[error("at most {COMPLAINTS_IN_30_DAYS} complaints in 30 days")]
    Complaints,
}

fn day_ago() -> i64 {
    (Utc::now() - Duration::days(1)).timestamp()
}

/// Whether the customer may ask "could the bank contact me now?" again:
/// the kept decisions, those still on their way to the database too.
pub async fn may_check(
    services: &Services,
    customer: &CustomerId,
) -> Result<Result<(), QuotaReached>, StorageError> {
    // Each counted once, though one may be in both while it is written.
    let mut asked: std::collections::HashSet<String> = services
        .db
        .decisions_asked_since(customer.as_str(), PORTAL_CHECKS, day_ago(), CHECKS_A_DAY)
        .await?
        .into_iter()
        .collect();
    asked.extend(
        services
            .decision_log
            .pending_about(customer.as_str())
            .into_iter()
            .filter(|d| d.client == PORTAL_CHECKS)
            .map(|d| d.decision_id),
    );
    let asked = asked.len() as i64;
    Ok(if asked < CHECKS_A_DAY {
        Ok(())
    } else {
        Err(QuotaReached::Checks)
    })
}

/// Whether the customer may save their preferences again today.
pub async fn may_save(
    db: &Database,
    customer: &CustomerId,
) -> Result<Result<(), QuotaReached>, StorageError> {
    let saved = db.own_web_saves_since(customer.as_str(), day_ago()).await?;
    Ok(if saved < SAVES_A_DAY {
        Ok(())
    } else {
        Err(QuotaReached::Saves)
    })
}

/// Whether the customer may open another complaint.
pub async fn may_complain(
    db: &Database,
    customer: &CustomerId,
) -> Result<Result<(), QuotaReached>, StorageError> {
    let since = (Utc::now() - Duration::days(30)).timestamp();
    let (open, recent) = db.complaint_counts(customer.as_str(), since).await?;
    Ok(if open >= OPEN_COMPLAINTS {
        Err(QuotaReached::OpenComplaints)
    } else if recent >= COMPLAINTS_IN_30_DAYS {
        Err(QuotaReached::Complaints)
    } else {
        Ok(())
    })
}
