//! Each rule's ground: what it found, as the values its words are made from
//! (the words themselves are in `decision/words.rs`).

use super::{Block, Rules, Standing};
use crate::decision::Ground;

impl Rules<'_> {
    /// The ground a standing rule gives.
    pub(in crate::decision) fn standing_ground(&self, standing: &Standing) -> Ground {
        match standing {
            Standing::NoPhone => Ground::NoPhone,
            Standing::NoEmail => Ground::NoEmail,
            Standing::DoNotCall => Ground::DoNotCall,
            Standing::OptedOut => Ground::OptedOut,
            Standing::ChannelDeclined { accepted } => Ground::ChannelDeclined {
                accepted: accepted.clone(),
            },
            Standing::NationalDnc => Ground::NationalDnc,
        }
    }

    /// The ground a timed rule gives.
    pub(in crate::decision) fn ground(&self, block: &Block) -> Ground {
        match *block {
            Block::Snoozed { until } => Ground::Snoozed { until },
            Block::OutsideLegalHours { hours } => Ground::OutsideLegalHours {
                hours: hours.to_string(),
                zone: self.zone.name().to_owned(),
            },
            Block::OutsideContactWindow => Ground::OutsideContactWindow {
                windows: self
                    .customer
                    .preferences
                    .contact_windows
                    .iter()
                    .map(|w| {
                        let days: Vec<_> = w.days.iter().map(|d| d.name()).collect();
                        format!("{} {}", days.join(","), w.hours())
                    })
                    .collect(),
                zone: self.zone.name().to_owned(),
            },
            Block::FrequencyCap { made, max } => Ground::FrequencyCap { made, max },
            Block::MarketingCap { made, limit } => Ground::MarketingCap { made, limit },
            Block::CollectionsPerDay { unanswered, limit } => {
                Ground::CollectionsPerDay { unanswered, limit }
            }
            Block::CollectionsPerWeek { made, limit } => Ground::CollectionsPerWeek { made, limit },
            Block::CollectionsAfterConnected { connected_at } => {
                Ground::CollectionsAfterConnected { connected_at }
            }
            Block::CareNoMarketing { until } => Ground::CareNoMarketing { until },
            Block::CareHours { until } => Ground::CareHours {
                until,
                zone: self.zone.name().to_owned(),
            },
            Block::CareCalledToday { called_at, until } => {
                Ground::CareCalledToday { called_at, until }
            }
        }
    }
}
