//! Complaints: what a borrower can complain about, where a complaint
//! stands, and by when the bank must answer.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The bank answers within 15 days of receipt.
pub const ANSWER_WITHIN: Duration = Duration::days(15);
/// Staff may extend that once, to at most 30 days, giving a reason.
pub const EXTENDED_ANSWER_WITHIN: Duration = Duration::days(30);
/// The most a borrower may write.
pub const MAX_DETAILS_CHARS: usize = 2000;

/// The date by which the bank must answer a complaint received at
/// `received_at`.
pub fn answer_due(received_at: DateTime<Utc>) -> DateTime<Utc> {
    received_at + ANSWER_WITHIN
}

macro_rules! words {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " `{}`"), s))
            }
        }
    };
}

words! {
    /// What the borrower complains of.
    ComplaintCategory, "complaint category" {
        TooOften => "too_often",
        WrongTime => "wrong_time",
        OptedOut => "opted_out",
        Other => "other",
    }
}

words! {
    /// Where a complaint stands.
    ComplaintStatus, "complaint status" {
        Open => "open",
        InProgress => "in_progress",
        Answered => "answered",
        Closed => "closed",
    }
}

impl ComplaintStatus {
    /// Whether the bank still owes an answer.
    pub fn awaits_answer(self) -> bool {
        matches!(self, ComplaintStatus::Open | ComplaintStatus::InProgress)
    }
}

/// The most a member of staff may write in an answer or a reason.
pub const MAX_ANSWER_CHARS: usize = 2000;

/// Where a complaint stands, as the worker's steps read and change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintState {
    pub status: ComplaintStatus,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub extended_reason: Option<String>,
    pub assignee: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// What a member of staff does to a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintStep {
    /// Take it on (or hand it to someone): it is now being worked.
    Assign { to: String },
    /// Move the due date to 30 days from receipt, once, with a reason the
    /// borrower reads.
    Extend { reason: String },
    /// Answer the borrower.
    Answer { text: String },
    /// Close an answered complaint.
    Close,
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error("the complaint is already answered")]
    AlreadyAnswered,
    #[error("the due date was extended once already")]
    AlreadyExtended,
    #[error("only an answered complaint can be closed")]
    NotAnswered,
    #[error("write the text (at most 2,000 characters)")]
    TextMissingOrLong,
}

impl ComplaintState {
    /// The state after `step` at `now`, or why it cannot be taken.
    pub fn after(&self, step: &ComplaintStep, now: DateTime<Utc>) -> Result<Self, StepRefused> {
        let text_ok =
            |text: &str| !text.trim().is_empty() && text.chars().count() <= MAX_ANSWER_CHARS;
        let mut next = self.clone();
        match step {
            ComplaintStep::Assign { to } => {
                if !self.status.awaits_answer() {
                    return Err(StepRefused::AlreadyAnswered);
                }
                next.status = ComplaintStatus::InProgress;
                next.assignee = Some(to.clone());
            }
            ComplaintStep::Extend { reason } => {
                if !self.status.awaits_answer() {
                    return Err(StepRefused::AlreadyAnswered);
                }
                if self.extended_reason.is_some() {
                    return Err(StepRefused::AlreadyExtended);
                }
                if !text_ok(reason) {
                    return Err(StepRefused::TextMissingOrLong);
                }
                next.due_at = self.received_at + EXTENDED_ANSWER_WITHIN;
                next.extended_reason = Some(reason.trim().to_owned());
            }
            ComplaintStep::Answer { text } => {
                if !self.status.awaits_answer() {
                    return Err(StepRefused::AlreadyAnswered);
                }
                if !text_ok(text) {
                    return Err(StepRefused::TextMissingOrLong);
                }
                next.status = ComplaintStatus::Answered;
                next.answer = Some(text.trim().to_owned());
                next.answered_at = Some(now);
            }
            ComplaintStep::Close => {
                if self.status != ComplaintStatus::Answered {
                    return Err(StepRefused::NotAnswered);
                }
                next.status = ComplaintStatus::Closed;
            }
        }
        Ok(next)
    }

    /// Still owed an answer after its due date, at `now`.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.awaits_answer() && self.due_at < now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received() -> ComplaintState {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        ComplaintState {
            status: ComplaintStatus::Open,
            received_at: at,
            due_at: answer_due(at),
            extended_reason: None,
            assignee: None,
            answer: None,
            answered_at: None,
        }
    }

    #[test]
    fn a_complaint_is_taken_answered_and_closed_in_turn() {
        let now = received().received_at + Duration::days(3);
        let taken = received()
            .after(&ComplaintStep::Assign { to: "li".into() }, now)
            .unwrap();
        assert_eq!(
            (taken.status, taken.assignee.as_deref()),
            (ComplaintStatus::InProgress, Some("li"))
        );
        assert_eq!(
            taken.after(&ComplaintStep::Close, now),
            Err(StepRefused::NotAnswered)
        );
        let answered = taken
            .after(
                &ComplaintStep::Answer {
                    text: " Sorry. ".into(),
                },
                now,
            )
            .unwrap();
        assert_eq!(
            (answered.status, answered.answer.as_deref()),
            (ComplaintStatus::Answered, Some("Sorry."))
        );
        assert_eq!(answered.answered_at, Some(now));
        assert_eq!(
            answered.after(
                &ComplaintStep::Answer {
                    text: "again".into()
                },
                now
            ),
            Err(StepRefused::AlreadyAnswered)
        );
        assert_eq!(
            answered.after(&ComplaintStep::Assign { to: "wang".into() }, now),
            Err(StepRefused::AlreadyAnswered)
        );
        let closed = answered.after(&ComplaintStep::Close, now).unwrap();
        assert_eq!(closed.status, ComplaintStatus::Closed);
        assert!(!closed.overdue(now + Duration::days(100)));
    }

    #[test]
    fn the_due_date_moves_once_to_thirty_days_with_a_reason() {
        let now = received().received_at + Duration::days(10);
        let extend = |reason: &str| ComplaintStep::Extend {
            reason: reason.into(),
        };
        assert_eq!(
            received().after(&extend("  "), now),
            Err(StepRefused::TextMissingOrLong)
        );
        let long = "x".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(
            received().after(&extend(&long), now),
            Err(StepRefused::TextMissingOrLong)
        );
        let extended = received()
            .after(&extend("We are asking the dialer team."), now)
            .unwrap();
        assert_eq!(extended.due_at - extended.received_at, Duration::days(30));
        assert_eq!(
            extended.after(&extend("again"), now),
            Err(StepRefused::AlreadyExtended)
        );
    }

    #[test]
    fn a_complaint_is_overdue_only_while_it_awaits_an_answer() {
        let state = received();
        assert!(!state.overdue(state.due_at));
        assert!(state.overdue(state.due_at + Duration::seconds(1)));
        let answered = state
            .after(
                &ComplaintStep::Answer {
                    text: "Done".into(),
                },
                state.due_at,
            )
            .unwrap();
        assert!(!answered.overdue(state.due_at + Duration::days(1)));
    }

    #[test]
    fn categories_and_statuses_read_back_as_written() {
        for c in ComplaintCategory::ALL {
            assert_eq!(c.as_str().parse::<ComplaintCategory>(), Ok(c));
        }
        for s in ComplaintStatus::ALL {
            assert_eq!(s.as_str().parse::<ComplaintStatus>(), Ok(s));
        }
        assert!("rude".parse::<ComplaintCategory>().is_err());
    }

    #[test]
    fn an_answer_is_due_fifteen_days_after_receipt() {
        let received = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(answer_due(received) - received, Duration::days(15));
    }
}
