//! Why a reason was given, as values: the rule and what it found. A kept
//! decision holds these instead of its sentences, which are made again, in
//! the language asked, when it is read ([`Ground::reason`] is the one place
//! the words are made, for an answer and for a kept decision alike).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::channel::Channel;

/// One reason's rule and values. The serialized names are short on
/// purpose: they are written once per denied decision kept. A rule whose
/// words tell the local time asked about holds the customer's zone (its
/// IANA name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum Ground {
    /// No customer has the id or phone asked about.
    #[serde(rename = "uc")]
    UnknownCustomer { asked: String },
    #[serde(rename = "np")]
    NoPhone,
    #[serde(rename = "ne")]
    NoEmail,
    #[serde(rename = "dc")]
    DoNotCall,
    #[serde(rename = "oo")]
    OptedOut,
    #[serde(rename = "cd")]
    ChannelDeclined { accepted: Vec<Channel> },
    #[serde(rename = "nd")]
    NationalDnc,
    #[serde(rename = "sn")]
    Snoozed { until: DateTime<Utc> },
    /// `hours` as the policy states them (`08:00–21:00`).
    #[serde(rename = "lh")]
    OutsideLegalHours { hours: String, zone: String },
    /// Each window as `mon,tue 09:00–17:00`.
    #[serde(rename = "cw")]
    OutsideContactWindow { windows: Vec<String>, zone: String },
    #[serde(rename = "fc")]
    FrequencyCap { made: usize, max: u8 },
    #[serde(rename = "mc")]
    MarketingCap { made: usize, limit: u32 },
    #[serde(rename = "cp")]
    CollectionsPerDay { unanswered: usize, limit: u32 },
    #[serde(rename = "cx")]
    CollectionsPerWeek { made: usize, limit: u32 },
    #[serde(rename = "cc")]
    CollectionsAfterConnected { connected_at: DateTime<Utc> },
    #[serde(rename = "pm")]
    CareNoMarketing { until: DateTime<Utc> },
    #[serde(rename = "ph")]
    CareHours { until: DateTime<Utc>, zone: String },
    #[serde(rename = "pd")]
    CareCalledToday {
        called_at: DateTime<Utc>,
        until: DateTime<Utc>,
    },
}
