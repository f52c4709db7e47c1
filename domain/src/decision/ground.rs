//! Why a reason was given, as values: the rule and what it found. A kept
//! decision holds these instead of its sentences, which are made again, in
//! the language asked, when it is read ([`Ground::reason`] is the one place
//! the words are made, for an answer and for a kept decision alike).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::channel::Channel;

/// One reason's rule and values. The serialized names are a letter or two
/// on purpose: they are written once per denied decision kept, and kept for
/// years (never rename one: add a variant). A rule whose
/// words tell the local time asked about holds the customer's zone (its
/// IANA name; in a kept form, empty for the policy pack's own zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k")]
pub enum Ground {
    /// No customer has the id or phone asked about.
    #[serde(rename = "uc")]
    UnknownCustomer {
        #[serde(rename = "a")]
        asked: String,
    },
    #[serde(rename = "np")]
    NoPhone,
    #[serde(rename = "ne")]
    NoEmail,
    #[serde(rename = "dc")]
    DoNotCall,
    #[serde(rename = "oo")]
    OptedOut,
    #[serde(rename = "cd")]
    ChannelDeclined {
        #[serde(rename = "a")]
        accepted: Vec<Channel>,
    },
    #[serde(rename = "nd")]
    NationalDnc,
    #[serde(rename = "sn")]
    Snoozed {
        #[serde(rename = "u")]
        until: DateTime<Utc>,
    },
    /// `hours` as the policy states them (`08:00–21:00`).
    #[serde(rename = "lh")]
    OutsideLegalHours {
        #[serde(rename = "h")]
        hours: String,
        #[serde(rename = "z", default, skip_serializing_if = "String::is_empty")]
        zone: String,
    },
    /// Each window as `mon,tue 09:00–17:00`.
    #[serde(rename = "cw")]
    OutsideContactWindow {
        #[serde(rename = "w")]
        windows: Vec<String>,
        #[serde(rename = "z", default, skip_serializing_if = "String::is_empty")]
        zone: String,
    },
    #[serde(rename = "fc")]
    FrequencyCap {
        #[serde(rename = "m")]
        made: usize,
        #[serde(rename = "x")]
        max: u8,
    },
    #[serde(rename = "mc")]
    MarketingCap {
        #[serde(rename = "m")]
        made: usize,
        #[serde(rename = "l")]
        limit: u32,
    },
    #[serde(rename = "cp")]
    CollectionsPerDay {
        #[serde(rename = "m")]
        unanswered: usize,
        #[serde(rename = "l")]
        limit: u32,
    },
    #[serde(rename = "cx")]
    CollectionsPerWeek {
        #[serde(rename = "m")]
        made: usize,
        #[serde(rename = "l")]
        limit: u32,
    },
    #[serde(rename = "cc")]
    CollectionsAfterConnected {
        #[serde(rename = "t")]
        connected_at: DateTime<Utc>,
    },
    #[serde(rename = "pm")]
    CareNoMarketing {
        #[serde(rename = "u")]
        until: DateTime<Utc>,
    },
    #[serde(rename = "ph")]
    CareHours {
        #[serde(rename = "u")]
        until: DateTime<Utc>,
        #[serde(rename = "z", default, skip_serializing_if = "String::is_empty")]
        zone: String,
    },
    #[serde(rename = "pd")]
    CareCalledToday {
        #[serde(rename = "t")]
        called_at: DateTime<Utc>,
        #[serde(rename = "u")]
        until: DateTime<Utc>,
    },
}

impl Ground {
    /// The zone this ground names, if its words tell the local time.
    pub(super) fn zone_mut(&mut self) -> Option<&mut String> {
        match self {
            Ground::OutsideLegalHours { zone, .. }
            | Ground::OutsideContactWindow { zone, .. }
            | Ground::CareHours { zone, .. } => Some(zone),
            _ => None,
        }
    }
}
