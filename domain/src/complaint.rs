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

#[cfg(test)]
mod tests {
    use super::*;

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
