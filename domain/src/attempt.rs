//! Contact attempts: what a bank system did, recorded so that limits count
//! every department together.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::purpose::Purpose;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Connected,
    NoAnswer,
    Busy,
    Voicemail,
    Failed,
    Sent,
    Delivered,
    Bounced,
}

impl Outcome {
    pub const ALL: [Outcome; 8] = [
        Outcome::Connected,
        Outcome::NoAnswer,
        Outcome::Busy,
        Outcome::Voicemail,
        Outcome::Failed,
        Outcome::Sent,
        Outcome::Delivered,
        Outcome::Bounced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Connected => "connected",
            Outcome::NoAnswer => "no_answer",
            Outcome::Busy => "busy",
            Outcome::Voicemail => "voicemail",
            Outcome::Failed => "failed",
            Outcome::Sent => "sent",
            Outcome::Delivered => "delivered",
            Outcome::Bounced => "bounced",
        }
    }

    /// A call that did not reach the customer in person.
    pub fn is_unanswered(self) -> bool {
        matches!(
            self,
            Outcome::NoAnswer | Outcome::Busy | Outcome::Voicemail | Outcome::Failed
        )
    }

    /// The first five outcomes are those of a call; the others of a message.
    pub fn fits(self, channel: Channel) -> bool {
        let call_outcome = matches!(
            self,
            Outcome::Connected
                | Outcome::NoAnswer
                | Outcome::Busy
                | Outcome::Voicemail
                | Outcome::Failed
        );
        call_outcome == (channel == Channel::Voice)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown outcome `{0}`: expected connected, no_answer, busy, voicemail, failed, sent, delivered or bounced"
)]
pub struct UnknownOutcome(pub String);

impl FromStr for Outcome {
    type Err = UnknownOutcome;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| UnknownOutcome(s.to_owned()))
    }
}

/// What the decision rules need to know of one recorded attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactAttempt {
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub purpose: Purpose,
    pub outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unanswered_means_no_answer_busy_voicemail_or_failed() {
        let unanswered: Vec<_> = Outcome::ALL
            .into_iter()
            .filter(|o| o.is_unanswered())
            .collect();
        assert_eq!(
            unanswered,
            [
                Outcome::NoAnswer,
                Outcome::Busy,
                Outcome::Voicemail,
                Outcome::Failed
            ]
        );
    }

    #[test]
    fn call_outcomes_fit_voice_and_message_outcomes_the_rest() {
        assert!(Outcome::Connected.fits(Channel::Voice));
        assert!(!Outcome::Delivered.fits(Channel::Voice));
        assert!(Outcome::Delivered.fits(Channel::Sms));
        assert!(!Outcome::NoAnswer.fits(Channel::Email));
    }

    #[test]
    fn every_outcome_parses_back_and_serde_agrees() {
        for outcome in Outcome::ALL {
            assert_eq!(outcome.as_str().parse::<Outcome>(), Ok(outcome));
            assert_eq!(
                serde_json::to_string(&outcome).unwrap(),
                format!("\"{outcome}\"")
            );
        }
    }
}
