//! Opt-out keywords in a customer's SMS (contract section 8): reading one,
//! what it stops, and the reply the gateway sends back.
//!
//! A message is read after Unicode NFKC normalisation (full-width `ＴＤ` is
//! `TD`), without regard to case, with whitespace and punctuation before
//! and after ignored and runs of whitespace inside read as one space. It is
//! a keyword when it is one of the keywords alone, or a keyword followed
//! (with or without a space) by one topic word. Anything else is not a
//! keyword: it changes nothing and waits for an agent to read it.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::Language;
use crate::channel::Channel;
use crate::policy::Policy;
use crate::preferences::Preferences;
use crate::purpose::{MarketingTopic, Purpose};

/// The keywords, as read (lower case).
pub const KEYWORDS: [&str; 11] = [
    "退订",
    "td",
    "t",
    "stop",
    "stopall",
    "unsubscribe",
    "cancel",
    "end",
    "quit",
    "optout",
    "revoke",
];

/// Topic words of the built-in marketing topics, as read.
const TOPIC_WORDS: [(&str, &str); 10] = [
    ("信用卡", "credit_card"),
    ("credit card", "credit_card"),
    ("card", "credit_card"),
    ("理财", "wealth"),
    ("wealth", "wealth"),
    ("保险", "insurance"),
    ("insurance", "insurance"),
    ("贷款", "loans"),
    ("loan", "loans"),
    ("loans", "loans"),
];

/// Words after a keyword that stop everything.
const ALL_WORDS: [&str; 2] = ["全部", "all"];

/// Which channels a keyword stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoppedChannels {
    Sms,
    Every,
}

/// Which marketing purposes a keyword stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoppedPurposes {
    EveryMarketing,
    One(Purpose),
}

/// What an opt-out keyword asks to stop. Service and essential purposes
/// never change through a keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptOut {
    pub channels: StoppedChannels,
    pub purposes: StoppedPurposes,
}

impl OptOut {
    const EVERYTHING: OptOut = OptOut {
        channels: StoppedChannels::Every,
        purposes: StoppedPurposes::EveryMarketing,
    };

    /// The preferences after the opt-out, and the purposes it changed in
    /// the order of their names (empty: it was already so). A purpose it
    /// changes becomes explicit, as any change of channels does.
    pub fn apply(&self, preferences: &Preferences, policy: &Policy) -> (Preferences, Vec<Purpose>) {
        let mut after = preferences.clone();
        after.fill_defaults(policy);
        let mut changed = Vec::new();
        for (purpose, choice) in after.purposes.iter_mut() {
            let in_scope = match &self.purposes {
                StoppedPurposes::EveryMarketing => purpose.is_marketing(),
                StoppedPurposes::One(one) => one == purpose,
            };
            if !in_scope {
                continue;
            }
            let before = choice.channels.len();
            choice.channels.retain(|channel| match self.channels {
                StoppedChannels::Sms => *channel != Channel::Sms,
                StoppedChannels::Every => false,
            });
            if choice.channels.len() != before {
                choice.explicit = true;
                changed.push(purpose.clone());
            }
        }
        changed.sort_by_key(|purpose| purpose.to_string());
        (after, changed)
    }
}

/// The message as it is compared with the keywords: NFKC, lower case,
/// whitespace and punctuation trimmed from both ends, inner whitespace one
/// space.
pub fn normalise(text: &str) -> String {
    let folded: String = text.nfkc().collect::<String>().to_lowercase();
    let trimmed = folded.trim_matches(|c: char| c.is_whitespace() || is_punctuation(c));
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_punctuation(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The opt-out a message asks for, or `None` when it is not a keyword.
/// Topics staff added are known by their name (`home_renovation`, or with
/// spaces for the underscores).
pub fn read(text: &str, policy: &Policy) -> Option<OptOut> {
    let message = normalise(text);
    // Longest keyword first; a shorter one that is a prefix of a longer
    // (`t` of `td`) is tried too, with the rest read as a topic.
    let mut keywords = KEYWORDS;
    keywords.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    keywords.into_iter().find_map(|keyword| {
        let rest = message.strip_prefix(keyword)?;
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if rest.is_empty() {
            return Some(if keyword == "stopall" {
                OptOut::EVERYTHING
            } else {
                OptOut {
                    channels: StoppedChannels::Sms,
                    purposes: StoppedPurposes::EveryMarketing,
                }
            });
        }
        if ALL_WORDS.contains(&rest) {
            return Some(OptOut::EVERYTHING);
        }
        topic(rest, policy).map(|purpose| OptOut {
            channels: StoppedChannels::Sms,
            purposes: StoppedPurposes::One(purpose),
        })
    })
}

/// The marketing purpose a topic word names: a built-in word, a topic
/// staff added by its name, or by the name in either language borrowers
/// read for it (`家装贷款`, `home renovation loans`).
fn topic(word: &str, policy: &Policy) -> Option<Purpose> {
    let built_in = TOPIC_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, topic)| *topic);
    let named = || {
        policy
            .settings
            .topic_names
            .iter()
            .find(|(_, name)| normalise(&name.zh) == word || normalise(&name.en) == word)
            .map(|(topic, _)| topic.clone())
    };
    let name = match built_in {
        Some(topic) => topic.to_owned(),
        None => named().unwrap_or_else(|| word.replace(' ', "_")),
    };
    let purpose = Purpose::Marketing(MarketingTopic::parse(&name).ok()?);
    policy.knows(&purpose).then_some(purpose)
}

/// What the message did, as the gateway's reply says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something stopped now.
    OptedOut,
    /// A keyword, but it was already so.
    NoChange,
}

/// The most a reply may hold, in Unicode code points: one SMS of 70
/// Chinese characters is 67 in a long message, so two parts; English fits
/// two parts of 153 GSM characters.
pub fn reply_limit(language: Language) -> usize {
    match language {
        Language::ZhCn => 134,
        Language::En => 306,
    }
}

/// The reply the gateway sends back: what stopped, that service messages
/// such as repayment reminders go on, and the preference link. It never
/// exceeds [`reply_limit`] while the link is at most
/// [`crate::link::MAX_LINK`] characters: a long topic name is left out first.
pub fn reply(
    opt_out: &OptOut,
    policy: &Policy,
    outcome: Outcome,
    language: Language,
    link: &str,
) -> String {
    let topic = match &opt_out.purposes {
        StoppedPurposes::One(Purpose::Marketing(topic)) => {
            Some(topic_name(topic, policy, language))
        }
        _ => None,
    };
    let candidates = [topic.as_deref(), None];
    let limit = reply_limit(language);
    let mut text = String::new();
    for topic in candidates {
        text = reply_text(opt_out.channels, topic, outcome, language, link);
        if text.chars().count() <= limit {
            break;
        }
    }
    text
}

fn reply_text(
    channels: StoppedChannels,
    topic: Option<&str>,
    outcome: Outcome,
    language: Language,
    link: &str,
) -> String {
    match language {
        Language::ZhCn => {
            let what = match (channels, topic) {
                (StoppedChannels::Every, _) => "全部营销信息".to_owned(),
                (StoppedChannels::Sms, Some(topic)) => format!("{topic}营销短信"),
                (StoppedChannels::Sms, None) => "营销短信".to_owned(),
            };
            let done = match outcome {
                Outcome::OptedOut => format!("您已退订{what}"),
                Outcome::NoChange => format!("您此前已退订{what}"),
            };
            format!("{done}，还款提醒等服务通知照常发送。管理偏好：{link}")
        }
        Language::En => {
            let what = match (channels, topic) {
                (StoppedChannels::Every, _) => "all marketing, on every channel".to_owned(),
                (StoppedChannels::Sms, Some(topic)) => format!("marketing SMS about {topic}"),
                (StoppedChannels::Sms, None) => "marketing SMS".to_owned(),
            };
            let done = match outcome {
                Outcome::OptedOut => format!("You have unsubscribed from {what}."),
                Outcome::NoChange => format!("You had already unsubscribed from {what}."),
            };
            format!(
                "{done} Service messages such as repayment reminders will continue. Your choices: {link}"
            )
        }
    }
}

/// A marketing topic as a customer reads it: the name the bank gave a topic
/// it added, or (for one added before topics were named) its own name.
pub fn topic_name(topic: &MarketingTopic, policy: &Policy, language: Language) -> String {
    let built_in = match (topic.as_str(), language) {
        ("credit_card", Language::ZhCn) => Some("信用卡"),
        ("credit_card", Language::En) => Some("credit cards"),
        ("wealth", Language::ZhCn) => Some("理财"),
        ("wealth", Language::En) => Some("wealth products"),
        ("insurance", Language::ZhCn) => Some("保险"),
        ("insurance", Language::En) => Some("insurance"),
        ("loans", Language::ZhCn) => Some("贷款"),
        ("loans", Language::En) => Some("loans"),
        _ => None,
    };
    built_in
        .or_else(|| policy.topic_name(topic, language))
        .map_or_else(|| topic.as_str().replace('_', " "), str::to_owned)
}

#[cfg(test)]
mod tests;
