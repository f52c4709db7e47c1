//! A decision as it is kept (contract section 10): the question and the
//! answer as values (codes, counts, instants), not sentences. Read back,
//! the sentences are made again by the same words ([`Ground::reason`]) in
//! the language asked, so a kept decision reads exactly as it was answered,
//! in a fifth of the room.
//!
//! Instants are kept as seconds after the decision was made (`at` is
//! nearly always 0 of them); the alternatives as one short text.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Alternative, Decision, Ground, Question, ReasonCode, whole_second};
use crate::Language;
use crate::channel::Channel;
use crate::decision::About;
use crate::purpose::Purpose;

/// A decision in its kept form; its text is [`KeptDecisionForm::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptDecisionForm {
    #[serde(rename = "c")]
    pub channel: Channel,
    #[serde(rename = "p")]
    pub purpose: Purpose,
    /// The policy version's label (`cn@4`).
    #[serde(rename = "v")]
    pub policy: String,
    /// The instant asked about: whole seconds after the decision was made,
    /// and the nanoseconds beyond them.
    #[serde(rename = "t", default, skip_serializing_if = "is_zero")]
    at_after: i64,
    #[serde(rename = "tn", default, skip_serializing_if = "is_zero")]
    at_nanos: u32,
    /// The phone asked about, when the request named one.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The customer number asked about, when it named no customer (else it
    /// is the kept decision's customer).
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub asked_id: Option<String>,
    #[serde(rename = "r", default, skip_serializing_if = "Vec::is_empty")]
    grounds: Vec<Ground>,
    /// `next_allowed_at`, as seconds after the decision was made, and the
    /// nanoseconds beyond them (a snooze may end inside a second).
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    next_after: Option<i64>,
    #[serde(rename = "nn", default, skip_serializing_if = "is_zero")]
    next_nanos: u32,
    /// Each alternative by its channel's letter ([`Channel::letter`]): `e`
    /// (allowed), `s@3600` (next allowed that many seconds after the
    /// decision; `s@3600.250000000` inside a second), `o!` (not allowed, no
    /// next).
    #[serde(rename = "o", default, skip_serializing_if = "String::is_empty")]
    alternatives: String,
}

/// A kept decision read back: the question as asked, and the decision with
/// its reasons in the language asked.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRead {
    pub question: Question,
    pub phone: Option<String>,
    pub asked_id: Option<String>,
    pub decision: Decision,
    pub policy: String,
}

/// Why a kept decision's text could not be read.
#[derive(Debug, thiserror::Error)]
#[error("a kept decision's text could not be read: {0}")]
pub struct UnreadableKept(String);

fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

impl KeptDecisionForm {
    /// The form of `decision`, answered to `question` under `policy` at
    /// `decided_at` (whole seconds). `None` if a reason has no ground,
    /// which the rules never give.
    pub fn new(
        decided_at: i64,
        question: &Question,
        decision: &Decision,
        policy: &str,
    ) -> Option<KeptDecisionForm> {
        let mut grounds = decision
            .reasons
            .iter()
            .map(|r| r.ground.clone())
            .collect::<Option<Vec<_>>>()?;
        // The pack's own zone, the usual one, goes without saying.
        let packs_zone = packs_zone(policy);
        for zone in grounds.iter_mut().filter_map(Ground::zone_mut) {
            if Some(zone.as_str()) == packs_zone.map(|z| z.name()) {
                zone.clear();
            }
        }
        let after = |t: DateTime<Utc>| t.timestamp() - decided_at;
        let alternatives = decision
            .alternatives
            .iter()
            .map(|a| match (a.allowed, a.next_allowed_at) {
                (true, _) => a.channel.letter().to_string(),
                (false, Some(next)) => match next.timestamp_subsec_nanos() {
                    0 => format!("{}@{}", a.channel.letter(), after(next)),
                    nanos => format!("{}@{}.{nanos:09}", a.channel.letter(), after(next)),
                },
                (false, None) => format!("{}!", a.channel.letter()),
            })
            .collect::<Vec<_>>()
            .join(" ");
        Some(KeptDecisionForm {
            channel: question.channel,
            purpose: question.purpose.clone(),
            policy: policy.to_owned(),
            at_after: after(question.at),
            at_nanos: question.at.timestamp_subsec_nanos(),
            phone: None,
            asked_id: None,
            grounds,
            next_after: decision.next_allowed_at.map(after),
            next_nanos: decision
                .next_allowed_at
                .map_or(0, |t| t.timestamp_subsec_nanos()),
            alternatives,
        })
    }

    /// The text kept in the database.
    pub fn text(&self) -> String {
        serde_json::to_string(self).expect("a kept form serializes")
    }

    pub fn from_text(text: &str) -> Result<KeptDecisionForm, UnreadableKept> {
        serde_json::from_str(text).map_err(|e| UnreadableKept(e.to_string()))
    }

    /// The codes of its reasons, one bit each ([`ReasonCode::bit`]): kept
    /// beside the text, so that counts by reason need not read it.
    pub fn reason_bits(&self) -> i64 {
        self.grounds.iter().fold(0, |bits, g| bits | g.code().bit())
    }

    /// The question of the decision made at `decided_at`, without making
    /// any words (the what-if reads a million of them).
    pub fn question(&self, decided_at: i64) -> Result<Question, UnreadableKept> {
        Ok(Question {
            channel: self.channel,
            purpose: self.purpose.clone(),
            at: instant(decided_at, self.at_after, self.at_nanos)?,
        })
    }

    /// The decision made at `decided_at`, its reasons in `language`.
    pub fn read(&self, decided_at: i64, language: Language) -> Result<KeptRead, UnreadableKept> {
        let instant = |after: i64, nanos: u32| instant(decided_at, after, nanos);
        let question = self.question(decided_at)?;
        let about = About {
            channel: self.channel,
            purpose: &self.purpose,
            policy: &self.policy,
            at: whole_second(question.at),
        };
        // A ground without a zone was in the pack's own.
        let packs_zone = packs_zone(&self.policy);
        let ground = |ground: &Ground| {
            let mut ground = ground.clone();
            if let (Some(zone), Some(packs)) = (ground.zone_mut(), packs_zone)
                && zone.is_empty()
            {
                *zone = packs.name().to_owned();
            }
            ground
        };
        let mut decision = Decision {
            allowed: self.grounds.is_empty(),
            reasons: self
                .grounds
                .iter()
                .map(|g| ground(g).reason(&about))
                .collect(),
            next_allowed_at: self
                .next_after
                .map(|n| instant(n, self.next_nanos))
                .transpose()?,
            alternatives: self
                .alternatives
                .split_whitespace()
                .map(|a| alternative(a, &instant))
                .collect::<Result<_, _>>()?,
        };
        decision.localize(language);
        Ok(KeptRead {
            question,
            phone: self.phone.clone(),
            asked_id: self.asked_id.clone(),
            decision,
            policy: self.policy.clone(),
        })
    }
}

/// The default zone of the pack a policy label (`cn@4`) names.
fn packs_zone(policy: &str) -> Option<chrono_tz::Tz> {
    let pack = policy.split('@').next()?;
    pack.parse::<crate::pack::PolicyPack>()
        .ok()
        .map(|p| p.default_time_zone())
}

/// The instant `after` seconds (and `nanos`) after `decided_at`.
fn instant(decided_at: i64, after: i64, nanos: u32) -> Result<DateTime<Utc>, UnreadableKept> {
    decided_at
        .checked_add(after)
        .and_then(|seconds| DateTime::from_timestamp(seconds, nanos))
        .ok_or_else(|| UnreadableKept(format!("{after} s after {decided_at} is no instant")))
}

/// One alternative from its kept text.
fn alternative(
    text: &str,
    instant: &impl Fn(i64, u32) -> Result<DateTime<Utc>, UnreadableKept>,
) -> Result<Alternative, UnreadableKept> {
    let bad = || UnreadableKept(format!("`{text}` is not an alternative"));
    let channel = |letter: &str| {
        let mut letters = letter.chars();
        match (letters.next(), letters.next()) {
            (Some(letter), None) => Channel::from_letter(letter).ok_or_else(bad),
            _ => Err(bad()),
        }
    };
    Ok(if let Some(name) = text.strip_suffix('!') {
        Alternative {
            channel: channel(name)?,
            allowed: false,
            next_allowed_at: None,
        }
    } else if let Some((name, after)) = text.split_once('@') {
        let (seconds, nanos) = after.split_once('.').unwrap_or((after, "0"));
        Alternative {
            channel: channel(name)?,
            allowed: false,
            next_allowed_at: Some(instant(
                seconds.parse().map_err(|_| bad())?,
                nanos.parse().map_err(|_| bad())?,
            )?),
        }
    } else {
        Alternative {
            channel: channel(text)?,
            allowed: true,
            next_allowed_at: None,
        }
    })
}

impl ReasonCode {
    /// This code's bit in a kept decision's reason bits.
    pub fn bit(self) -> i64 {
        let index = ReasonCode::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every code is in ALL");
        1 << index
    }

    /// The codes whose bits are set, in the order of [`ReasonCode::ALL`].
    pub fn from_bits(bits: i64) -> Vec<ReasonCode> {
        ReasonCode::ALL
            .into_iter()
            .filter(|c| bits & c.bit() != 0)
            .collect()
    }
}
