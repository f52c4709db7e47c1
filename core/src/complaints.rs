//! Complaints: a borrower opens one, about a contact or in general, and
//! sees where it stands and by when the bank must answer.

use chrono::{DateTime, Utc};
use reachguard_domain::audit::AuditAction;
use reachguard_domain::complaint::{MAX_DETAILS_CHARS, answer_due};
use reachguard_domain::{ComplaintCategory, ComplaintStatus, CustomerId};
use reachguard_storage::{ComplaintRecord, Database, StorageError};

use crate::text::is_clean;

/// A complaint, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub complaint_id: String,
    pub attempt_id: Option<String>,
    pub category: ComplaintCategory,
    pub details: String,
    pub status: ComplaintStatus,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub extended_reason: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ComplaintError {
    /// The attempt is not one of this customer's: to them it does not exist.
    #[error("no such contact")]
    UnknownAttempt,
    #[error("say what happened")]
    DetailsMissing,
    #[error("use at most {MAX_DETAILS_CHARS} characters")]
    DetailsTooLong,
    #[error("the text holds invisible or control characters")]
    DetailsUnclean,
    #[error(transparent)]
    TooMany(crate::quotas::QuotaReached),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

impl TryFrom<ComplaintRecord> for Complaint {
    type Error = StorageError;

    fn try_from(r: ComplaintRecord) -> Result<Complaint, StorageError> {
        let decode = |e: String| StorageError::from(sqlx::Error::Decode(e.into()));
        Ok(Complaint {
            category: r.category.parse().map_err(decode)?,
            status: r.status.parse().map_err(decode)?,
            complaint_id: r.complaint_id,
            attempt_id: r.attempt_id,
            details: r.details,
            received_at: instant(r.received_at),
            due_at: instant(r.due_at),
            extended_reason: r.extended_reason,
            answer: r.answer,
            answered_at: r.answered_at.map(instant),
        })
    }
}

/// Opens a complaint. `attempt_id`, when given, must be one of the
/// customer's own attempts. "Other" needs words; the rest may come without.
pub async fn open(
    db: &Database,
    customer: &CustomerId,
    attempt_id: Option<&str>,
    category: ComplaintCategory,
    details: &str,
) -> Result<Complaint, ComplaintError> {
    let details = details.trim();
    if category == ComplaintCategory::Other && details.is_empty() {
        return Err(ComplaintError::DetailsMissing);
    }
    if details.chars().count() > MAX_DETAILS_CHARS {
        return Err(ComplaintError::DetailsTooLong);
    }
    if !is_clean(details, true) {
        return Err(ComplaintError::DetailsUnclean);
    }
    if let Some(attempt_id) = attempt_id
        && db.attempt_of(customer, attempt_id).await?.is_none()
    {
        return Err(ComplaintError::UnknownAttempt);
    }
    crate::quotas::may_complain(db, customer)
        .await?
        .map_err(ComplaintError::TooMany)?;
    let received_at = Utc::now();
    let record = ComplaintRecord {
        complaint_id: uuid::Uuid::now_v7().to_string(),
        customer_id: customer.to_string(),
        attempt_id: attempt_id.map(str::to_owned),
        category: category.as_str().to_owned(),
        details: details.to_owned(),
        status: ComplaintStatus::Open.as_str().to_owned(),
        received_at: received_at.timestamp(),
        due_at: answer_due(received_at).timestamp(),
        extended_reason: None,
        assignee: None,
        answer: None,
        answered_at: None,
    };
    db.insert_complaint(&record).await?;
    Ok(Complaint::try_from(record)?)
}

/// The customer's complaints, newest first.
pub async fn of(db: &Database, customer: &CustomerId) -> Result<Vec<Complaint>, StorageError> {
    db.complaints_of(customer)
        .await?
        .into_iter()
        .map(Complaint::try_from)
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("no complaint has that number")]
    NotFound,
    #[error(transparent)]
    Refused(#[from] reachguard_domain::complaint::StepRefused),
    #[error("the text holds characters that cannot be shown")]
    Unclean,
    /// Someone else worked the complaint since it was read.
    #[error("the complaint changed meanwhile")]
    Changed,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A member of staff's step on a complaint: the domain's rules decide
/// whether it may be taken; the write only succeeds if no one else worked
/// the complaint meanwhile, and is audited with it.
pub async fn work(
    db: &Database,
    complaint_id: &str,
    step: &reachguard_domain::ComplaintStep,
    by_username: &str,
) -> Result<Complaint, WorkError> {
    use reachguard_domain::{ComplaintState, ComplaintStep};
    let text = match step {
        ComplaintStep::Extend { reason } => Some(reason),
        ComplaintStep::Answer { text } => Some(text),
        _ => None,
    };
    if text.is_some_and(|t| !is_clean(t, true)) {
        return Err(WorkError::Unclean);
    }
    let before = db
        .complaint(complaint_id)
        .await?
        .ok_or(WorkError::NotFound)?;
    let complaint = Complaint::try_from(before.clone())?;
    let state = ComplaintState {
        status: complaint.status,
        received_at: complaint.received_at,
        due_at: complaint.due_at,
        extended_reason: complaint.extended_reason.clone(),
        assignee: before.assignee.clone(),
        answer: complaint.answer.clone(),
        answered_at: complaint.answered_at,
    };
    let now = Utc::now();
    let next = state.after(step, now)?;
    let after = ComplaintRecord {
        status: next.status.as_str().to_owned(),
        due_at: next.due_at.timestamp(),
        extended_reason: next.extended_reason,
        assignee: next.assignee,
        answer: next.answer,
        answered_at: next.answered_at.map(|t| t.timestamp()),
        ..before.clone()
    };
    let (action, details) = match step {
        ComplaintStep::Assign { to } => (
            AuditAction::ComplaintAssign,
            serde_json::json!({ "to": to }),
        ),
        ComplaintStep::Extend { reason } => (
            AuditAction::ComplaintExtend,
            serde_json::json!({ "reason": reason }),
        ),
        ComplaintStep::Answer { .. } => (AuditAction::ComplaintAnswer, serde_json::json!({})),
        ComplaintStep::Close => (AuditAction::ComplaintClose, serde_json::json!({})),
    };
    let audit = reachguard_storage::NewAuditEntry::new(
        now.timestamp(),
        &format!("staff:{by_username}"),
        action,
        complaint_id,
        details,
    );
    if !db.work_complaint(&before, &after, &audit).await? {
        return Err(WorkError::Changed);
    }
    Ok(Complaint::try_from(after)?)
}

/// Complaints a queue shows at most.
pub const QUEUED_AT_MOST: i64 = 200;

/// The complaints queue, due soonest first.
pub async fn queue(
    services: &crate::Services,
    filter: &reachguard_storage::QueueFilter,
) -> Result<Vec<reachguard_storage::QueuedComplaint>, StorageError> {
    services.db.complaints_queue(filter, QUEUED_AT_MOST).await
}

/// A complaint as staff work it: the customer's name and the contact it is
/// about, with the decision that contact followed.
#[derive(Debug)]
pub struct Case {
    pub complaint: reachguard_storage::ComplaintRecord,
    pub customer_name: String,
    pub contact: Option<crate::contacts::Contact>,
}

/// The complaint `complaint_id`, if there is one; its contact's decision
/// tells its reasons in `language`.
pub async fn case(
    services: &crate::Services,
    complaint_id: &str,
    language: reachguard_domain::Language,
) -> Result<Option<Case>, StorageError> {
    let db = &services.db;
    let Some(complaint) = db.complaint(complaint_id).await? else {
        return Ok(None);
    };
    let Ok(customer) = CustomerId::parse(&complaint.customer_id) else {
        return Ok(None);
    };
    let customer_name = db
        .customer(customer.as_str())
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let contact = match &complaint.attempt_id {
        Some(attempt) => crate::contacts::one(services, &customer, attempt, language).await?,
        None => None,
    };
    Ok(Some(Case {
        complaint,
        customer_name,
        contact,
    }))
}
