//! What changed between two versions of the bank's settings, setting by
//! setting, for the policy page's history.

use crate::policy::BankSettings;

/// A setting of the bank's, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    MarketingHours,
    CollectionsHours,
    ServiceHours,
    CollectionsLimit,
    MarketingLimit,
    TopicAdded(String),
    TopicRemoved(String),
    /// A topic's names changed (or it was named when added): `zh / en`.
    TopicNamed(String),
}

/// One setting's change: its value before and after, in the contract's
/// notation (`09:00–20:00`, `3`); `None` is "as the pack says".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingChange {
    pub setting: Setting,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl BankSettings {
    /// Every setting that differs from `before`, in the settings' order.
    pub fn changes_from(&self, before: &BankSettings) -> Vec<SettingChange> {
        let mut changes = Vec::new();
        let mut compare = |setting: Setting, was: Option<String>, now: Option<String>| {
            if was != now {
                changes.push(SettingChange {
                    setting,
                    before: was,
                    after: now,
                });
            }
        };
        let text = |v: Option<&dyn std::fmt::Display>| v.map(|v| v.to_string());
        compare(
            Setting::MarketingHours,
            text(before.marketing_hours.as_ref().map(|h| h as _)),
            text(self.marketing_hours.as_ref().map(|h| h as _)),
        );
        compare(
            Setting::CollectionsHours,
            text(before.collections_hours.as_ref().map(|h| h as _)),
            text(self.collections_hours.as_ref().map(|h| h as _)),
        );
        compare(
            Setting::ServiceHours,
            text(before.service_hours.as_ref().map(|h| h as _)),
            text(self.service_hours.as_ref().map(|h| h as _)),
        );
        compare(
            Setting::CollectionsLimit,
            before.collections_limit.map(|n| n.to_string()),
            self.collections_limit.map(|n| n.to_string()),
        );
        compare(
            Setting::MarketingLimit,
            before.marketing_limit.map(|n| n.to_string()),
            self.marketing_limit.map(|n| n.to_string()),
        );
        for topic in &self.marketing_topics {
            if !before.marketing_topics.contains(topic) {
                compare(
                    Setting::TopicAdded(topic.clone()),
                    None,
                    Some(topic.clone()),
                );
            }
        }
        for topic in &self.marketing_topics {
            let names = |settings: &BankSettings| {
                settings
                    .topic_names
                    .get(topic)
                    .map(|n| format!("{} / {}", n.zh, n.en))
            };
            compare(
                Setting::TopicNamed(topic.clone()),
                names(before),
                names(self),
            );
        }
        for topic in &before.marketing_topics {
            if !self.marketing_topics.contains(topic) {
                compare(
                    Setting::TopicRemoved(topic.clone()),
                    Some(topic.clone()),
                    None,
                );
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{ClockTime, LocalHours};

    #[test]
    fn only_what_changed_is_listed() {
        let before = BankSettings {
            marketing_limit: Some(2),
            marketing_topics: vec!["home_renovation".into(), "car_loans".into()],
            ..BankSettings::default()
        };
        let after = BankSettings {
            marketing_hours: Some(LocalHours {
                start: ClockTime::hm(10, 0),
                end: ClockTime::hm(20, 0),
            }),
            marketing_limit: Some(1),
            marketing_topics: vec!["home_renovation".into(), "pensions".into()],
            topic_names: [(
                "pensions".to_owned(),
                crate::TopicName {
                    zh: "养老金".into(),
                    en: "pensions".into(),
                },
            )]
            .into(),
            ..BankSettings::default()
        };
        let changes = after.changes_from(&before);
        let settings: Vec<_> = changes.iter().map(|c| c.setting.clone()).collect();
        assert_eq!(
            settings,
            [
                Setting::MarketingHours,
                Setting::MarketingLimit,
                Setting::TopicAdded("pensions".into()),
                Setting::TopicNamed("pensions".into()),
                Setting::TopicRemoved("car_loans".into()),
            ]
        );
        assert_eq!(changes[3].after.as_deref(), Some("养老金 / pensions"));
        assert_eq!(changes[0].before, None);
        assert_eq!(
            changes[0].after.as_deref(),
            Some(after.marketing_hours.unwrap().to_string().as_str())
        );
        assert_eq!(
            (changes[1].before.as_deref(), changes[1].after.as_deref()),
            (Some("2"), Some("1"))
        );
        assert!(after.changes_from(&after).is_empty());
    }
}
