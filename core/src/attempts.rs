//! Recording a contact attempt, judged by the rules as they stood at its
//! own instant: the customer's preferences then (from the consent ledger)
//! and the policy version then, not today's.

use chrono::{DateTime, Utc};
use reachguard_domain::{Channel, CustomerId, Outcome, Purpose, Question, Reason};
use reachguard_storage::{IdempotencyKey, NewAttempt, RecordedOnce, StorageError};

use crate::Services;
use crate::decide::{Asked, Request, decide_with_preferences};

/// An attempt as a bank system reports it, checked.
#[derive(Debug, Clone)]
pub struct AttemptReport {
    pub customer: CustomerId,
    pub channel: Channel,
    pub purpose: Purpose,
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    pub system: Option<String>,
    pub decision_id: Option<String>,
}

/// What was recorded, and how the rules judged it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub attempt_id: String,
    pub allowed: bool,
    pub reasons: Vec<Reason>,
    pub policy: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AttemptError {
    #[error("no customer has the number `{0}`")]
    UnknownCustomer(CustomerId),
    /// The idempotency key was used before, for a different attempt.
    #[error("this Idempotency-Key was used for a different attempt")]
    KeyReused,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Services {
    /// Records the attempt. One that was not allowed at its instant is still
    /// recorded, marked as made against policy, with its reasons.
    pub async fn record_attempt(
        &self,
        report: AttemptReport,
        recorded_by: &str,
    ) -> Result<Recorded, AttemptError> {
        let (attempt, recorded) = self.judge(report, recorded_by).await?;
        self.db.record_attempt(&attempt).await?;
        Ok(recorded)
    }

    /// Records the attempt once per idempotency key: a retry of the same
    /// request with the same key answers with the attempt the first one
    /// recorded (and `true`), and records nothing new.
    pub async fn record_attempt_once(
        &self,
        report: AttemptReport,
        recorded_by: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<(Recorded, bool), AttemptError> {
        let customer = report.customer.clone();
        let (attempt, recorded) = self.judge(report, recorded_by).await?;
        let key = IdempotencyKey {
            client: recorded_by.to_owned(),
            key: key.to_owned(),
            fingerprint: fingerprint.to_owned(),
        };
        match self.db.record_attempt_once(&attempt, &key).await? {
            RecordedOnce::Recorded => Ok((recorded, false)),
            RecordedOnce::KeyReused => Err(AttemptError::KeyReused),
            RecordedOnce::Replayed { attempt_id } => {
                let first = self
                    .db
                    .attempt_of(&customer, &attempt_id)
                    .await?
                    .ok_or(AttemptError::KeyReused)?;
                let reasons: Vec<Reason> = first
                    .reasons
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_default();
                Ok((
                    Recorded {
                        attempt_id: first.attempt_id,
                        allowed: first.allowed,
                        reasons,
                        policy: first.policy.unwrap_or_default(),
                    },
                    true,
                ))
            }
        }
    }

    /// The attempt as it will be stored, judged by the rules at its instant.
    async fn judge(
        &self,
        report: AttemptReport,
        recorded_by: &str,
    ) -> Result<(NewAttempt, Recorded), AttemptError> {
        let at = report.at.timestamp();
        let customer = self
            .db
            .customer(report.customer.as_str())
            .await?
            .ok_or_else(|| AttemptError::UnknownCustomer(report.customer.clone()))?;
        // The customer's wishes and the bank's policy at that instant. An
        // attempt from before the customer's first ledger entry is judged by
        // the preferences they were created with.
        let preferences = match self.db.preferences_at(&report.customer, at).await? {
            Some(then) => then,
            None => self
                .db
                .first_preferences(&report.customer)
                .await?
                .unwrap_or(customer.preferences),
        };
        let policy = self.db.policy_at(at).await?;
        let request = Request {
            asked: Asked::Customer(report.customer.clone()),
            question: Question {
                channel: report.channel,
                purpose: report.purpose.clone(),
                at: report.at,
            },
        };
        // Judged before this attempt counts toward any cap.
        let answer = decide_with_preferences(&self.db, &policy, &request, preferences).await?;
        let attempt_id = uuid::Uuid::now_v7().to_string();
        let reasons = answer.decision.reasons;
        let attempt = NewAttempt {
            attempt_id: attempt_id.clone(),
            customer_id: report.customer.to_string(),
            at,
            channel: report.channel,
            purpose: report.purpose,
            outcome: report.outcome,
            system: report.system,
            decision_id: report.decision_id,
            allowed: answer.decision.allowed,
            policy: answer.policy.clone(),
            reasons: serde_json::to_string(&reasons).expect("reasons serialize"),
            recorded_at: Utc::now().timestamp(),
            recorded_by: recorded_by.to_owned(),
        };
        let recorded = Recorded {
            attempt_id,
            allowed: answer.decision.allowed,
            reasons,
            policy: answer.policy,
        };
        Ok((attempt, recorded))
    }
}
