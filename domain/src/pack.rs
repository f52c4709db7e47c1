//! Policy packs: the legal rules in force, as the contract's table states
//! them. The bank may only make them stricter (see [`crate::policy`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::clock::{ClockTime, LocalHours};
use crate::purpose::{Purpose, PurposeClass};

/// The body of law a bank operates under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyPack {
    /// Mainland China: marketing is opt-in.
    #[default]
    Cn,
    /// United States: marketing is opt-out.
    Us,
}

/// How a pack limits collections calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionsCap {
    /// At most this many unanswered collections calls in one local calendar day.
    UnansweredPerLocalDay(u32),
    /// At most this many collections calls in any rolling 7 days, and none
    /// within 7 days after one that connected.
    PerSevenDaysAndQuietAfterConnected(u32),
}

impl CollectionsCap {
    pub fn limit(self) -> u32 {
        match self {
            CollectionsCap::UnansweredPerLocalDay(n)
            | CollectionsCap::PerSevenDaysAndQuietAfterConnected(n) => n,
        }
    }

    pub fn with_limit(self, limit: u32) -> CollectionsCap {
        match self {
            CollectionsCap::UnansweredPerLocalDay(_) => {
                CollectionsCap::UnansweredPerLocalDay(limit)
            }
            CollectionsCap::PerSevenDaysAndQuietAfterConnected(_) => {
                CollectionsCap::PerSevenDaysAndQuietAfterConnected(limit)
            }
        }
    }
}

/// The most marketing contacts per channel in any rolling 30 days, all
/// marketing purposes together. The contract makes it a bank setting in both
/// packs; 2 is the loosest the bank may set.
pub const MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS: u32 = 2;

impl PolicyPack {
    pub const ALL: [PolicyPack; 2] = [PolicyPack::Cn, PolicyPack::Us];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyPack::Cn => "cn",
            PolicyPack::Us => "us",
        }
    }

    /// The customer's time zone when they have not chosen one.
    pub fn default_time_zone(self) -> chrono_tz::Tz {
        match self {
            PolicyPack::Cn => chrono_tz::Asia::Shanghai,
            PolicyPack::Us => chrono_tz::America::New_York,
        }
    }

    /// Whether a marketing purpose starts with every channel (opt-out) or
    /// none (opt-in: silence is refusal).
    pub fn marketing_is_opt_out(self) -> bool {
        self == PolicyPack::Us
    }

    /// The local hours in which `voice` and `sms` may be used for a purpose;
    /// `None` for essential purposes, which have no legal hours.
    pub fn legal_hours(self, purpose: &Purpose) -> Option<LocalHours> {
        let (start, end) = match (self, purpose.class(), purpose) {
            (_, PurposeClass::Essential, _) => return None,
            (PolicyPack::Cn, PurposeClass::Marketing, _) => {
                (ClockTime::hm(9, 0), ClockTime::hm(21, 0))
            }
            (PolicyPack::Us, PurposeClass::Marketing, _) => {
                (ClockTime::hm(8, 0), ClockTime::hm(21, 0))
            }
            (PolicyPack::Cn, _, Purpose::Collections) => {
                (ClockTime::hm(8, 0), ClockTime::hm(22, 0))
            }
            (PolicyPack::Us, _, Purpose::Collections) => {
                (ClockTime::hm(8, 0), ClockTime::hm(21, 0))
            }
            (_, PurposeClass::Service, _) => (ClockTime::hm(8, 0), ClockTime::hm(21, 0)),
        };
        Some(LocalHours { start, end })
    }

    pub fn collections_cap(self) -> CollectionsCap {
        match self {
            PolicyPack::Cn => CollectionsCap::UnansweredPerLocalDay(6),
            PolicyPack::Us => CollectionsCap::PerSevenDaysAndQuietAfterConnected(7),
        }
    }
}

impl fmt::Display for PolicyPack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown policy pack `{0}`: expected `cn` or `us`")]
pub struct UnknownPack(pub String);

impl FromStr for PolicyPack {
    type Err = UnknownPack;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyPack::ALL
            .into_iter()
            .find(|pack| pack.as_str() == s)
            .ok_or_else(|| UnknownPack(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(pack: PolicyPack, purpose: &str) -> Option<String> {
        pack.legal_hours(&purpose.parse().unwrap())
            .map(|h| h.to_string())
    }

    #[test]
    fn every_pack_parses_back_from_its_own_name() {
        for pack in PolicyPack::ALL {
            assert_eq!(pack.as_str().parse::<PolicyPack>(), Ok(pack));
        }
    }

    #[test]
    fn an_unknown_pack_name_is_refused_with_its_name() {
        let err = "eu".parse::<PolicyPack>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown policy pack `eu`: expected `cn` or `us`"
        );
    }

    #[test]
    fn cn_is_the_default_pack() {
        assert_eq!(PolicyPack::default(), PolicyPack::Cn);
    }

    #[test]
    fn each_pack_has_its_own_default_zone() {
        assert_eq!(PolicyPack::Cn.default_time_zone().name(), "Asia/Shanghai");
        assert_eq!(
            PolicyPack::Us.default_time_zone().name(),
            "America/New_York"
        );
    }

    #[test]
    fn the_legal_hours_are_those_of_the_contract_table() {
        use PolicyPack::*;
        assert_eq!(
            hours(Cn, "marketing.wealth").as_deref(),
            Some("09:00–21:00")
        );
        assert_eq!(
            hours(Us, "marketing.wealth").as_deref(),
            Some("08:00–21:00")
        );
        assert_eq!(hours(Cn, "collections").as_deref(), Some("08:00–22:00"));
        assert_eq!(hours(Us, "collections").as_deref(), Some("08:00–21:00"));
        for pack in PolicyPack::ALL {
            assert_eq!(
                hours(pack, "loan_servicing").as_deref(),
                Some("08:00–21:00")
            );
            assert_eq!(
                hours(pack, "repayment_reminder").as_deref(),
                Some("08:00–21:00")
            );
            assert_eq!(hours(pack, "security_alert"), None);
        }
    }

    #[test]
    fn the_collections_caps_are_those_of_the_contract_table() {
        assert_eq!(
            PolicyPack::Cn.collections_cap(),
            CollectionsCap::UnansweredPerLocalDay(6)
        );
        assert_eq!(
            PolicyPack::Us.collections_cap(),
            CollectionsCap::PerSevenDaysAndQuietAfterConnected(7)
        );
    }

    #[test]
    fn marketing_is_opt_in_under_cn_and_opt_out_under_us() {
        assert!(!PolicyPack::Cn.marketing_is_opt_out());
        assert!(PolicyPack::Us.marketing_is_opt_out());
    }
}
