//! A customer's preferences (contract section 2) and the rules for changing
//! them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::clock::{ClockTime, Day, LocalHours};
use crate::policy::Policy;
use crate::purpose::Purpose;

/// The most a customer may allow for `max_calls_per_week`.
pub const MAX_CALLS_PER_WEEK_LIMIT: u8 = 21;

/// The furthest ahead a snooze may end, in days: a year, leap day included.
pub const MAX_SNOOZE_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::ZhCn, Language::En];

    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }

    /// The other language, for a one-button switch.
    pub fn other(self) -> Language {
        match self {
            Language::ZhCn => Language::En,
            Language::En => Language::ZhCn,
        }
    }

    /// The first range of an `Accept-Language` header that names Chinese or
    /// English, by quality; `otherwise` when none does.
    pub fn from_accept_language(header: &str, otherwise: Language) -> Language {
        let mut ranges: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';');
                let tag = parts.next()?.trim().to_ascii_lowercase();
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let language = if tag == "zh" || tag.starts_with("zh-") {
                    Language::ZhCn
                } else if tag == "en" || tag.starts_with("en-") {
                    Language::En
                } else {
                    return None;
                };
                (quality > 0.0).then_some((quality, language))
            })
            .collect();
        // Stable: among equal qualities the first listed wins.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.first().map_or(otherwise, |(_, l)| *l)
    }

    /// The language's name in itself, as a switch to it is labelled.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::ZhCn => "中文",
            Language::En => "English",
        }
    }
}

/// The channels a customer accepts for one purpose, most preferred first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurposeChoice {
    pub channels: Vec<Channel>,
    /// False while the purpose holds the pack's default.
    pub explicit: bool,
}

/// When the customer may be contacted on a windowed channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactWindow {
    pub days: Vec<Day>,
    pub start: ClockTime,
    pub end: ClockTime,
}

impl ContactWindow {
    pub fn hours(&self) -> LocalHours {
        LocalHours {
            start: self.start,
            end: self.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    pub do_not_call: bool,
    /// Every purpose of the bank, by name (`marketing.wealth`).
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, PurposeChoice>))]
    pub purposes: BTreeMap<Purpose, PurposeChoice>,
    pub contact_windows: Vec<ContactWindow>,
    pub max_calls_per_week: Option<u8>,
    pub snooze_until: Option<DateTime<Utc>>,
    /// `None` means the pack's default zone.
    #[serde(with = "optional_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "Asia/Shanghai"))]
    pub time_zone: Option<Tz>,
    pub language: Language,
}

/// A write of the whole document, as the API and the pages send it. Purposes
/// it leaves out stay as they are; the rest is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferencesWrite {
    pub do_not_call: bool,
    pub purposes: BTreeMap<String, PurposeWrite>,
    pub contact_windows: Vec<ContactWindow>,
    /// 0 to 21 calls a week; none for no limit of the customer's own.
    #[serde(default)]
    pub max_calls_per_week: Option<u8>,
    /// No non-essential contact before this instant: at most 366 days
    /// ahead. A snooze is a pause; for good, refuse the channels.
    #[serde(default)]
    pub snooze_until: Option<DateTime<Utc>>,
    #[serde(default, with = "optional_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "Asia/Shanghai"))]
    pub time_zone: Option<Tz>,
    #[serde(default)]
    pub language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurposeWrite {
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub explicit: Option<bool>,
}

/// The most contact windows a document may hold: enough for four a day,
/// few enough that searching for the next allowed instant stays quick.
pub const MAX_CONTACT_WINDOWS: usize = 28;

impl Preferences {
    /// What a new customer starts with under a policy.
    pub fn defaults(policy: &Policy) -> Preferences {
        let mut preferences = Preferences {
            do_not_call: false,
            purposes: BTreeMap::new(),
            contact_windows: Vec::new(),
            max_calls_per_week: None,
            snooze_until: None,
            time_zone: None,
            language: match policy.pack {
                crate::PolicyPack::Cn => Language::ZhCn,
                crate::PolicyPack::Us => Language::En,
            },
        };
        preferences.fill_defaults(policy);
        preferences
    }

    /// Adds every purpose of the policy that the document does not list yet
    /// (such as a marketing topic staff added later) with its default.
    pub fn fill_defaults(&mut self, policy: &Policy) {
        for purpose in policy.purposes() {
            self.purposes
                .entry(purpose.clone())
                .or_insert_with(|| PurposeChoice {
                    channels: default_channels(policy, &purpose),
                    explicit: false,
                });
        }
    }

    /// The channels the customer accepts for a purpose; the pack's default
    /// for a purpose the document does not list.
    pub fn channels_for(&self, policy: &Policy, purpose: &Purpose) -> Vec<Channel> {
        match self.purposes.get(purpose) {
            Some(choice) => choice.channels.clone(),
            None => default_channels(policy, purpose),
        }
    }

    pub fn is_explicit(&self, purpose: &Purpose) -> bool {
        self.purposes.get(purpose).is_some_and(|c| c.explicit)
    }

    pub fn zone(&self, policy: &Policy) -> Tz {
        self.time_zone
            .unwrap_or_else(|| policy.pack.default_time_zone())
    }

    /// The document after `write` at `now`, or everything wrong with it.
    pub fn apply(
        &self,
        write: PreferencesWrite,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Preferences, Vec<PreferencesProblem>> {
        let mut errors = Vec::new();
        let mut next = self.clone();
        next.fill_defaults(policy);

        for (name, requested) in write.purposes {
            let purpose = match name.parse::<Purpose>() {
                Ok(purpose) if policy.knows(&purpose) => purpose,
                _ => {
                    errors.push(PreferencesProblem::UnknownPurpose { name });
                    continue;
                }
            };
            let channels = requested.channels;
            if let Some(repeated) = channels
                .iter()
                .enumerate()
                .find_map(|(i, c)| channels[..i].contains(c).then_some(*c))
            {
                errors.push(PreferencesProblem::ChannelTwice {
                    purpose,
                    channel: repeated,
                });
                continue;
            }
            if channels.is_empty() && !purpose.is_marketing() {
                errors.push(PreferencesProblem::KeepOneChannel { purpose });
                continue;
            }
            let current = next
                .purposes
                .get(&purpose)
                .cloned()
                .unwrap_or(PurposeChoice {
                    channels: default_channels(policy, &purpose),
                    explicit: false,
                });
            let explicit = current.explicit
                || requested.explicit == Some(true)
                || channels != current.channels;
            next.purposes
                .insert(purpose, PurposeChoice { channels, explicit });
        }

        if write.contact_windows.len() > MAX_CONTACT_WINDOWS {
            errors.push(PreferencesProblem::TooManyWindows {
                count: write.contact_windows.len(),
            });
        }
        for (window, hours) in write.contact_windows.iter().enumerate() {
            if hours.days.is_empty() {
                errors.push(PreferencesProblem::WindowWithoutDays { window });
            }
            if LocalHours::new(hours.start, hours.end).is_err() {
                errors.push(PreferencesProblem::EmptyWindow {
                    window,
                    start: hours.start,
                    end: hours.end,
                });
            }
            if hours.start == ClockTime::END_OF_DAY {
                errors.push(PreferencesProblem::StartsAtEndOfDay { window });
            }
        }
        if let Some(asked) = write
            .max_calls_per_week
            .filter(|n| *n > MAX_CALLS_PER_WEEK_LIMIT)
        {
            errors.push(PreferencesProblem::CallLimitTooHigh { asked });
        }
        // Checked when it changes: a document read and written back with a
        // longer snooze kept before the bound was set stays writable.
        if let Some(until) = write.snooze_until.filter(|until| {
            Some(*until) != self.snooze_until
                && *until > now + chrono::Duration::days(MAX_SNOOZE_DAYS)
        }) {
            errors.push(PreferencesProblem::SnoozeTooLong { until });
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        next.do_not_call = write.do_not_call;
        // A day named twice in one window means it once.
        next.contact_windows = write
            .contact_windows
            .into_iter()
            .map(|mut window| {
                let mut seen = Vec::with_capacity(window.days.len());
                window.days.retain(|day| {
                    let first = !seen.contains(day);
                    seen.push(*day);
                    first
                });
                window
            })
            .collect();
        next.max_calls_per_week = write.max_calls_per_week;
        next.snooze_until = write.snooze_until;
        next.time_zone = write.time_zone;
        if let Some(language) = write.language {
            next.language = language;
        }
        Ok(next)
    }
}

/// Whether a change took a channel away from a marketing purpose: an
/// opt-out, as the dashboard counts them. Both documents list every
/// purpose of the policy ([`Preferences::fill_defaults`]).
pub fn is_opt_out(before: &Preferences, after: &Preferences) -> bool {
    after
        .purposes
        .iter()
        .filter(|(purpose, _)| purpose.is_marketing())
        .any(|(purpose, choice)| {
            before.purposes.get(purpose).is_some_and(|was| {
                was.channels
                    .iter()
                    .any(|channel| !choice.channels.contains(channel))
            })
        })
}

/// Essential and service purposes accept every channel; marketing every
/// channel under an opt-out pack and none under an opt-in one.
pub fn default_channels(policy: &Policy, purpose: &Purpose) -> Vec<Channel> {
    if purpose.is_marketing() && !policy.pack.marketing_is_opt_out() {
        Vec::new()
    } else {
        Channel::DEFAULT_ORDER.to_vec()
    }
}

/// An optional IANA zone, as its name or null.
pub mod optional_zone {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(zone: &Option<Tz>, serializer: S) -> Result<S::Ok, S::Error> {
        match zone {
            Some(zone) => serializer.serialize_str(zone.name()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Tz>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(name) => name.parse::<Tz>().map(Some).map_err(|_| {
                serde::de::Error::custom(format!("`{name}` is not an IANA time zone"))
            }),
        }
    }
}

mod problem;
pub use problem::PreferencesProblem;

#[cfg(test)]
mod tests;
