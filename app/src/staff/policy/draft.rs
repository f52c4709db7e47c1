//! A policy draft from the form's fields, and what the pack refused in it,
//! in the reader's words: for publishing a version and for trying one.

use crate::i18n::W;
use crate::ssr::*;
use crate::staff::types::Refusal;

/// What the pack's own check refused in a draft, in the reader's words
/// beside the form's fields.
pub(super) fn pack_refusals(
    errors: Vec<reachguard_domain::FieldError>,
    language: reachguard_domain::Language,
) -> Vec<Refusal> {
    errors
        .into_iter()
        .map(|e| match e.field.as_str() {
            // Shown beside the topics, in the reader's language.
            "topic_names" => Refusal {
                message: W::TopicNamesNeeded.text(language).into(),
                field: "marketing_topics".into(),
            },
            _ => Refusal {
                message: i18n::looser_than_pack(&e.message, language),
                field: e.field,
            },
        })
        .collect()
}

/// The policy form's fields as they came.
pub(super) struct DraftFields<'a> {
    pub marketing: (&'a str, &'a str),
    pub collections: (&'a str, &'a str),
    pub service: (&'a str, &'a str),
    pub collections_limit: &'a str,
    pub marketing_limit: &'a str,
    pub topics: &'a str,
}

/// The settings a policy form asks for, or what is wrong with it, field by
/// field (the pack's own check comes after, when publishing or trying it).
pub(super) fn draft_from_form(
    fields: DraftFields<'_>,
    language: reachguard_domain::Language,
) -> Result<reachguard_domain::BankSettings, Vec<Refusal>> {
    use reachguard_domain::{BankSettings, ClockTime, LocalHours};
    let mut refusals = Vec::new();
    let mut hours = |field: &str, start: &str, end: &str| -> Option<LocalHours> {
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() && end.is_empty() {
            return None;
        }
        match (start.parse::<ClockTime>(), end.parse::<ClockTime>()) {
            (Ok(start), Ok(end)) => Some(LocalHours { start, end }),
            _ => {
                refusals.push(Refusal {
                    field: field.into(),
                    message: W::HoursBothOrNeither.text(language).into(),
                });
                None
            }
        }
    };
    let marketing_hours = hours("marketing_hours", fields.marketing.0, fields.marketing.1);
    let collections_hours = hours(
        "collections_hours",
        fields.collections.0,
        fields.collections.1,
    );
    let service_hours = hours("service_hours", fields.service.0, fields.service.1);
    let mut limit = |field: &str, text: &str| -> Option<u32> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        text.parse::<u32>().ok().or_else(|| {
            refusals.push(Refusal {
                field: field.into(),
                message: W::WholeNumber.text(language).into(),
            });
            None
        })
    };
    let collections_limit = limit("collections_limit", fields.collections_limit);
    let marketing_limit = limit("marketing_limit", fields.marketing_limit);
    // One topic a line: `name | 中文名 | English name`.
    let mut marketing_topics = Vec::new();
    let mut topic_names = std::collections::BTreeMap::new();
    for line in fields
        .topics
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        if parts.len() > 3 {
            // A name holding `|`, or a field too many: nothing is dropped
            // silently.
            refusals.push(Refusal {
                field: "marketing_topics".into(),
                message: W::TopicNamesNeeded.text(language).into(),
            });
            continue;
        }
        let topic = parts[0].trim_start_matches("marketing.").to_owned();
        if let [_, zh, en] = parts[..] {
            topic_names.insert(
                topic.clone(),
                reachguard_domain::TopicName {
                    zh: zh.to_owned(),
                    en: en.to_owned(),
                },
            );
        }
        marketing_topics.push(topic);
    }
    let settings = BankSettings {
        marketing_hours,
        collections_hours,
        service_hours,
        collections_limit,
        marketing_limit,
        marketing_topics,
        topic_names,
    };
    if refusals.is_empty() {
        Ok(settings)
    } else {
        Err(refusals)
    }
}
