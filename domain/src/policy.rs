//! The policy in force: a pack, and the bank's own settings that may only
//! make it stricter.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::clock::LocalHours;
use crate::pack::{CollectionsCap, MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS, PolicyPack};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::preferences::Language;
use crate::purpose::{MarketingTopic, Purpose, PurposeClass};

/// The bank's settings on top of the pack. Each one left out means "as the
/// pack says".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankSettings {
    /// Narrower hours for marketing by voice and SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_hours: Option<LocalHours>,
    /// Narrower hours for collections by voice and SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections_hours: Option<LocalHours>,
    /// Narrower hours for the other service purposes by voice and SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_hours: Option<LocalHours>,
    /// A lower collections limit than the pack's (its count; the pack's
    /// rule for what is counted stays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections_limit: Option<u32>,
    /// A lower marketing cap than 2 per channel in 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_limit: Option<u32>,
    /// Marketing topics the bank added beyond the four built in, by name
    /// after `marketing.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marketing_topics: Vec<String>,
    /// What borrowers read for each added topic, by the topic's name: a
    /// topic is named in both languages when it is added.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub topic_names: BTreeMap<String, TopicName>,
}

/// A marketing topic the bank added, as borrowers read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicName {
    pub zh: String,
    pub en: String,
}

/// The longest name of a topic, in characters: it goes into SMS replies.
pub const TOPIC_NAME_CHARS: usize = 24;

impl TopicName {
    pub fn in_language(&self, language: Language) -> &str {
        match language {
            Language::ZhCn => &self.zh,
            Language::En => &self.en,
        }
    }
}

/// One version of the policy, as decisions use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub pack: PolicyPack,
    pub version: i64,
    pub settings: BankSettings,
}

impl BankSettings {
    /// Every way these settings would loosen the pack, or are malformed.
    pub fn check(&self, pack: PolicyPack) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let narrower = [
            (
                "marketing_hours",
                self.marketing_hours,
                "marketing.credit_card",
            ),
            ("collections_hours", self.collections_hours, "collections"),
            ("service_hours", self.service_hours, "loan_servicing"),
        ];
        for (field, hours, example) in narrower {
            let Some(hours) = hours else { continue };
            let pack_hours = pack
                .legal_hours(&example.parse().expect("a built-in purpose"))
                .expect("non-essential purposes have legal hours");
            if LocalHours::new(hours.start, hours.end).is_err() {
                errors.push(FieldError::new(
                    field,
                    format!("{hours} is empty: start must come before end"),
                ));
            } else if !pack_hours.covers(&hours) {
                errors.push(FieldError::new(
                    field,
                    format!("{hours} is wider than the {pack} pack's {pack_hours}: staff may only narrow hours"),
                ));
            }
        }
        let pack_collections = pack.collections_cap().limit();
        if self.collections_limit.is_some_and(|n| n > pack_collections) {
            errors.push(FieldError::new(
                "collections_limit",
                format!(
                    "the {pack} pack allows at most {pack_collections}: staff may only lower caps"
                ),
            ));
        }
        if self
            .marketing_limit
            .is_some_and(|n| n > MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS)
        {
            errors.push(FieldError::new(
                "marketing_limit",
                format!(
                    "at most {MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS} marketing contacts per channel \
                     in 30 days: staff may only lower caps"
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for topic in &self.marketing_topics {
            if MarketingTopic::parse(topic).is_err() {
                errors.push(FieldError::new(
                    "marketing_topics",
                    format!("`{topic}` is not a topic name: 1 to 32 of a-z, 0-9 and _"),
                ));
            } else if Purpose::built_in()
                .iter()
                .any(|p| p.to_string() == format!("marketing.{topic}"))
            {
                errors.push(FieldError::new(
                    "marketing_topics",
                    format!("`{topic}` is a built-in topic already"),
                ));
            } else if !seen.insert(topic) {
                errors.push(FieldError::new(
                    "marketing_topics",
                    format!("`{topic}` is listed twice"),
                ));
            } else {
                let names = self.topic_names.get(topic);
                // Shown to borrowers and sent in SMS: no control, format
                // (bidi, zero-width) or unassigned characters.
                let named = |name: &str| {
                    let name = name.trim();
                    !name.is_empty()
                        && name.chars().count() <= TOPIC_NAME_CHARS
                        && !name
                            .chars()
                            .any(|c| c.general_category_group() == GeneralCategoryGroup::Other)
                };
                if !names.is_some_and(|n| named(&n.zh) && named(&n.en)) {
                    errors.push(FieldError::new(
                        "topic_names",
                        format!(
                            "`{topic}` needs a name in Chinese and in English, each 1 to \
                             {TOPIC_NAME_CHARS} characters, as borrowers will read it"
                        ),
                    ));
                }
            }
        }
        for topic in self.topic_names.keys() {
            if !self.marketing_topics.contains(topic) {
                errors.push(FieldError::new(
                    "topic_names",
                    format!("`{topic}` is named but not a topic"),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Policy {
    /// The pack alone, as a new database starts.
    pub fn of_pack(pack: PolicyPack, version: i64) -> Policy {
        Policy {
            pack,
            version,
            settings: BankSettings::default(),
        }
    }

    /// How decisions name this policy, e.g. `cn@4`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.pack, self.version)
    }

    /// Every purpose this bank contacts customers for, built-in first.
    pub fn purposes(&self) -> Vec<Purpose> {
        let mut purposes = Purpose::built_in();
        purposes.extend(
            self.settings
                .marketing_topics
                .iter()
                .filter_map(|topic| MarketingTopic::parse(topic).ok())
                .map(Purpose::Marketing),
        );
        purposes
    }

    /// What borrowers read for a topic the bank added, if it was named.
    pub fn topic_name(&self, topic: &MarketingTopic, language: Language) -> Option<&str> {
        self.settings
            .topic_names
            .get(topic.as_str())
            .map(|name| name.in_language(language))
    }

    /// Whether the purpose exists at this bank.
    pub fn knows(&self, purpose: &Purpose) -> bool {
        match purpose {
            Purpose::Marketing(topic) => self
                .purposes()
                .iter()
                .any(|p| matches!(p, Purpose::Marketing(t) if t == topic)),
            _ => true,
        }
    }

    /// The hours `voice` and `sms` may be used for a purpose: the bank's
    /// narrower hours where set, else the pack's.
    pub fn legal_hours(&self, purpose: &Purpose) -> Option<LocalHours> {
        let pack_hours = self.pack.legal_hours(purpose)?;
        let bank_hours = match (purpose.class(), purpose) {
            (PurposeClass::Marketing, _) => self.settings.marketing_hours,
            (_, Purpose::Collections) => self.settings.collections_hours,
            _ => self.settings.service_hours,
        };
        Some(
            bank_hours
                .filter(|h| pack_hours.covers(h))
                .unwrap_or(pack_hours),
        )
    }

    pub fn collections_cap(&self) -> CollectionsCap {
        let pack = self.pack.collections_cap();
        match self.settings.collections_limit {
            Some(limit) if limit < pack.limit() => pack.with_limit(limit),
            _ => pack,
        }
    }

    pub fn marketing_limit(&self) -> u32 {
        self.settings
            .marketing_limit
            .unwrap_or(MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS)
            .min(MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ClockTime;

    fn hours(start: u16, end: u16) -> LocalHours {
        LocalHours {
            start: ClockTime::hm(start, 0),
            end: ClockTime::hm(end, 0),
        }
    }

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_pack_alone_is_a_valid_policy() {
        for pack in PolicyPack::ALL {
            assert_eq!(BankSettings::default().check(pack), Ok(()));
        }
    }

    #[test]
    fn narrower_hours_and_lower_caps_are_accepted_and_used() {
        let settings = BankSettings {
            marketing_hours: Some(hours(10, 18)),
            collections_hours: Some(hours(9, 20)),
            service_hours: Some(hours(9, 20)),
            collections_limit: Some(3),
            marketing_limit: Some(1),
            marketing_topics: vec!["mortgage_refinance".into()],
            topic_names: [(
                "mortgage_refinance".to_owned(),
                TopicName {
                    zh: "转按揭".into(),
                    en: "refinancing".into(),
                },
            )]
            .into(),
        };
        assert_eq!(settings.check(PolicyPack::Cn), Ok(()));
        let policy = Policy {
            pack: PolicyPack::Cn,
            version: 2,
            settings,
        };
        assert_eq!(
            policy.legal_hours(&"marketing.wealth".parse().unwrap()),
            Some(hours(10, 18))
        );
        assert_eq!(
            policy.legal_hours(&Purpose::Collections),
            Some(hours(9, 20))
        );
        assert_eq!(
            policy.legal_hours(&Purpose::RepaymentReminder),
            Some(hours(9, 20))
        );
        assert_eq!(
            policy.collections_cap(),
            CollectionsCap::UnansweredPerLocalDay(3)
        );
        assert_eq!(policy.marketing_limit(), 1);
        assert!(policy.knows(&"marketing.mortgage_refinance".parse().unwrap()));
        assert_eq!(policy.label(), "cn@2");
    }

    #[test]
    fn wider_hours_and_higher_caps_are_refused_field_by_field() {
        let settings = BankSettings {
            marketing_hours: Some(hours(8, 21)),
            collections_hours: Some(hours(7, 22)),
            service_hours: Some(hours(8, 22)),
            collections_limit: Some(7),
            marketing_limit: Some(3),
            marketing_topics: vec![],
            topic_names: BTreeMap::new(),
        };
        assert_eq!(
            fields(settings.check(PolicyPack::Cn)),
            [
                "marketing_hours",
                "collections_hours",
                "service_hours",
                "collections_limit",
                "marketing_limit"
            ]
        );
    }

    #[test]
    fn us_collections_allow_seven_but_cn_only_six() {
        let seven = BankSettings {
            collections_limit: Some(7),
            ..Default::default()
        };
        assert_eq!(seven.check(PolicyPack::Us), Ok(()));
        assert!(seven.check(PolicyPack::Cn).is_err());
    }

    #[test]
    fn malformed_or_repeated_topics_are_refused() {
        let settings = BankSettings {
            marketing_topics: vec![
                "Bad Topic".into(),
                "auto".into(),
                "auto".into(),
                "wealth".into(),
            ],
            topic_names: [(
                "auto".to_owned(),
                TopicName {
                    zh: "车贷".into(),
                    en: "car loans".into(),
                },
            )]
            .into(),
            ..Default::default()
        };
        assert_eq!(
            fields(settings.check(PolicyPack::Us)),
            ["marketing_topics", "marketing_topics", "marketing_topics"]
        );
    }

    #[test]
    fn an_added_topic_is_named_in_both_languages() {
        let name = |zh: &str, en: &str| TopicName {
            zh: zh.into(),
            en: en.into(),
        };
        let mut settings = BankSettings {
            marketing_topics: vec!["home_renovation".into(), "pensions".into()],
            ..Default::default()
        };
        assert_eq!(
            fields(settings.check(PolicyPack::Cn)),
            ["topic_names", "topic_names"]
        );
        settings.topic_names.insert(
            "home_renovation".into(),
            name("家装贷款", "home renovation loans"),
        );
        settings
            .topic_names
            .insert("pensions".into(), name("养老金", " "));
        assert_eq!(
            fields(settings.check(PolicyPack::Cn)),
            ["topic_names"],
            "an empty name"
        );
        settings.topic_names.insert(
            "pensions".into(),
            name("养老金", "pensions and a very long tail"),
        );
        assert_eq!(
            fields(settings.check(PolicyPack::Cn)),
            ["topic_names"],
            "too long"
        );
        for hidden in ["养老\u{202E}金", "养老\u{200B}金", "养老\u{7}金"] {
            settings
                .topic_names
                .insert("pensions".into(), name(hidden, "pensions"));
            assert_eq!(
                fields(settings.check(PolicyPack::Cn)),
                ["topic_names"],
                "{hidden:?}"
            );
        }
        settings
            .topic_names
            .insert("pensions".into(), name("养老金", "pensions"));
        assert_eq!(settings.check(PolicyPack::Cn), Ok(()));
        settings
            .topic_names
            .insert("crypto".into(), name("加密", "crypto"));
        assert_eq!(
            fields(settings.check(PolicyPack::Cn)),
            ["topic_names"],
            "a name without a topic"
        );
        settings.topic_names.remove("crypto");

        let policy = Policy {
            pack: PolicyPack::Cn,
            version: 2,
            settings,
        };
        let topic = MarketingTopic::parse("home_renovation").unwrap();
        assert_eq!(policy.topic_name(&topic, Language::ZhCn), Some("家装贷款"));
        assert_eq!(
            policy.topic_name(&topic, Language::En),
            Some("home renovation loans")
        );
        let built_in = MarketingTopic::parse("wealth").unwrap();
        assert_eq!(policy.topic_name(&built_in, Language::En), None);
    }

    #[test]
    fn an_unknown_marketing_topic_is_not_a_purpose_of_the_bank() {
        let policy = Policy::of_pack(PolicyPack::Cn, 1);
        assert!(!policy.knows(&"marketing.crypto".parse().unwrap()));
        assert!(policy.knows(&"marketing.wealth".parse().unwrap()));
        assert!(policy.knows(&Purpose::SecurityAlert));
    }

    #[test]
    fn essential_purposes_have_no_legal_hours_whatever_the_bank_sets() {
        let policy = Policy {
            pack: PolicyPack::Us,
            version: 3,
            settings: BankSettings {
                service_hours: Some(hours(9, 17)),
                ..Default::default()
            },
        };
        assert_eq!(policy.legal_hours(&Purpose::SecurityAlert), None);
    }
}
