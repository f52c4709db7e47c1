//! The decision (contract section 3): may the bank contact this customer, on
//! this channel, for this purpose, at this instant?
//!
//! Every rule either holds regardless of time (a *standing* reason such as
//! `opted_out`) or blocks the request on a union of start-inclusive,
//! end-exclusive spans of time (a *timed* reason such as
//! `outside_legal_hours`). A timed block ends only at one of a few instants
//! this module can list: the end of a snooze, the start of legal hours or of
//! a contact window, a local midnight, an attempt leaving a rolling window.
//! So the earliest allowed instant is `at` itself or one of those, and
//! `next_allowed_at` is found exactly, to the second, by trying them in order.

mod ground;
mod kept;
mod lift;
mod reason;
mod rules;
mod words;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use ground::Ground;
pub use kept::{KeptDecisionForm, KeptRead, UnreadableKept};
pub use lift::start_of_day;
pub use reason::{Reason, ReasonCode};
pub use words::About;

use crate::attempt::ContactAttempt;
use crate::channel::Channel;
use crate::policy::Policy;
use crate::preferences::Preferences;
use crate::protection::Protection;
use crate::purpose::Purpose;
use rules::Rules;

/// How far ahead `next_allowed_at` is looked for.
pub const SEARCH_HORIZON: Duration = Duration::days(14);

/// What the rules know of a customer when deciding.
#[derive(Debug, Clone, Copy)]
pub struct CustomerFacts<'a> {
    pub has_phone: bool,
    pub has_email: bool,
    /// Whether the number checked is on the national do-not-call list: the
    /// number the request names, else the customer's first phone.
    pub on_national_dnc: bool,
    pub preferences: &'a Preferences,
    /// Attempts recorded for the customer from 30 days before `at` to the
    /// end of the search horizon; others are ignored.
    pub attempts: &'a [ContactAttempt],
    /// Extra care (section 7), if any was set: it binds only while it holds.
    pub protection: Option<Protection>,
}

/// The question a bank system asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub channel: Channel,
    pub purpose: Purpose,
    pub at: DateTime<Utc>,
}

/// The answer for one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
    pub next_allowed_at: Option<DateTime<Utc>>,
}

/// The answer for the asked channel, with the customer's other channels for
/// the purpose, in the customer's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
    pub next_allowed_at: Option<DateTime<Utc>>,
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alternative {
    pub channel: Channel,
    pub allowed: bool,
    pub next_allowed_at: Option<DateTime<Utc>>,
}

/// Which recorded attempts a question can depend on, so that storage loads
/// no more than the rules will read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttemptsNeeded {
    /// Non-essential calls: the weekly limit, on the asked channel or an
    /// alternative.
    pub calls: bool,
    /// Marketing contacts: the marketing cap.
    pub marketing: bool,
}

impl AttemptsNeeded {
    pub fn any(self) -> bool {
        self.calls || self.marketing
    }

    /// How far back from `at` the needed attempts reach.
    pub fn look_back(self) -> Duration {
        if self.marketing {
            Duration::days(30)
        } else {
            Duration::days(7)
        }
    }
}

/// What a question needs of the customer's history. Collections calls are
/// calls, so the collections caps are covered by `calls`.
pub fn attempts_needed(
    policy: &Policy,
    preferences: &Preferences,
    question: &Question,
) -> AttemptsNeeded {
    if question.purpose.is_essential() {
        return AttemptsNeeded::default();
    }
    let mut channels = preferences.channels_for(policy, &question.purpose);
    channels.push(question.channel);
    let calls_asked = channels.contains(&Channel::Voice);
    AttemptsNeeded {
        calls: calls_asked
            && (preferences.max_calls_per_week.is_some()
                || question.purpose == Purpose::Collections),
        marketing: question.purpose.is_marketing(),
    }
}

/// Decides a question for a known customer. `at` is used to the second.
pub fn decide(policy: &Policy, customer: &CustomerFacts<'_>, question: &Question) -> Decision {
    let at = whole_second(question.at);
    let verdict = verdict(policy, customer, question.channel, &question.purpose, at);
    let alternatives = customer
        .preferences
        .channels_for(policy, &question.purpose)
        .into_iter()
        .filter(|channel| *channel != question.channel)
        .map(|channel| {
            let other = self::verdict(policy, customer, channel, &question.purpose, at);
            Alternative {
                channel,
                allowed: other.allowed,
                next_allowed_at: other.next_allowed_at,
            }
        })
        .collect();
    Decision {
        allowed: verdict.allowed,
        reasons: verdict.reasons,
        next_allowed_at: verdict.next_allowed_at,
        alternatives,
    }
}

/// The answer when no customer has the id or phone asked about.
pub fn unknown_customer(asked: &str) -> Decision {
    Decision {
        allowed: false,
        reasons: vec![
            Ground::UnknownCustomer {
                asked: asked.to_owned(),
            }
            .reason(&About {
                channel: Channel::Voice,
                purpose: &Purpose::Collections,
                policy: "",
                at: DateTime::UNIX_EPOCH,
            }),
        ],
        next_allowed_at: None,
        alternatives: Vec::new(),
    }
}

impl Decision {
    /// Puts every reason's message in `language`.
    pub fn localize(&mut self, language: crate::Language) {
        for reason in &mut self.reasons {
            reason.localize(language);
        }
    }
}

/// The answer for one channel at one instant.
pub fn verdict(
    policy: &Policy,
    customer: &CustomerFacts<'_>,
    channel: Channel,
    purpose: &Purpose,
    at: DateTime<Utc>,
) -> Verdict {
    let rules = Rules::new(policy, customer, channel, purpose);
    let standing = rules.standing();
    let timed = rules.timed_blocks(at, false);
    let next_allowed_at = if standing.is_empty() && !timed.is_empty() {
        next_allowed_at(&rules, at)
    } else {
        None
    };
    let grounds: Vec<Ground> = standing
        .iter()
        .map(|rule| rules.standing_ground(rule))
        .chain(timed.iter().map(|block| rules.ground(block)))
        .collect();
    // The words are made only for a refusal: most answers need none.
    let reasons: Vec<Reason> = if grounds.is_empty() {
        Vec::new()
    } else {
        let label = policy.label();
        let about = About {
            channel,
            purpose,
            policy: &label,
            at,
        };
        grounds.into_iter().map(|g| g.reason(&about)).collect()
    };
    Verdict {
        allowed: reasons.is_empty(),
        reasons,
        next_allowed_at,
    }
}

/// The codes of the reasons [`verdict`] would give, in its order, and no
/// more: no words, no `next_allowed_at`. For judging many kept decisions
/// again (the policy what-if), where only the outcome and its reasons count.
pub fn refusal_codes(
    policy: &Policy,
    customer: &CustomerFacts<'_>,
    channel: Channel,
    purpose: &Purpose,
    at: DateTime<Utc>,
) -> Vec<ReasonCode> {
    let rules = Rules::new(policy, customer, channel, purpose);
    let at = whole_second(at);
    let mut codes: Vec<ReasonCode> = rules.standing().iter().map(|r| r.code()).collect();
    codes.extend(rules.timed_blocks(at, false).iter().map(|b| b.code()));
    codes
}

/// The earliest instant after `at`, within the horizon, at which no timed
/// rule blocks.
fn next_allowed_at(rules: &Rules<'_>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let horizon = at + SEARCH_HORIZON;
    let mut candidates: Vec<DateTime<Utc>> = rules
        .lift_points(at, horizon)
        .into_iter()
        .filter(|t| *t > at && *t <= horizon)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .find(|t| rules.timed_blocks(*t, true).is_empty())
}

fn whole_second(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).expect("a valid instant stays valid")
}

#[cfg(test)]
mod tests;
