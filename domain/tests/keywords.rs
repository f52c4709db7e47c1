//! The SMS keyword reader on any text (contract section 8): it finds the
//! contract's keyword and topic or says "not a keyword", never panics, and
//! reads NFKC-equivalent texts the same.

use proptest::prelude::*;
use reachguard_domain::keyword::{self, KEYWORDS, OptOut, StoppedChannels, StoppedPurposes};
use reachguard_domain::{BankSettings, Policy, PolicyPack, Purpose};
use unicode_normalization::UnicodeNormalization;

fn policy() -> Policy {
    Policy {
        pack: PolicyPack::Cn,
        version: 1,
        settings: BankSettings {
            marketing_topics: vec!["home_renovation".into()],
            ..BankSettings::default()
        },
    }
}

/// Topic words and the purpose each names; `None` for the words that
/// stop everything.
const TOPICS: [(&str, Option<&str>); 14] = [
    ("信用卡", Some("marketing.credit_card")),
    ("credit card", Some("marketing.credit_card")),
    ("card", Some("marketing.credit_card")),
    ("理财", Some("marketing.wealth")),
    ("wealth", Some("marketing.wealth")),
    ("保险", Some("marketing.insurance")),
    ("insurance", Some("marketing.insurance")),
    ("贷款", Some("marketing.loans")),
    ("loan", Some("marketing.loans")),
    ("loans", Some("marketing.loans")),
    ("home_renovation", Some("marketing.home_renovation")),
    ("home renovation", Some("marketing.home_renovation")),
    ("全部", None),
    ("all", None),
];

/// ASCII letters as their full-width forms, which NFKC folds back.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            ' ' => '\u{3000}',
            c => c,
        })
        .collect()
}

fn random_case(text: &str, flips: &[bool]) -> String {
    text.chars()
        .zip(flips.iter().cycle())
        .map(|(c, upper)| if *upper { c.to_ascii_uppercase() } else { c })
        .collect()
}

/// What may stand before and after a keyword: whitespace and punctuation.
fn surround() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            ' ', '\t', '\n', '。', '！', '!', '.', '?', '"', '【', '】', '…', '\u{3000}',
        ]),
        0..4,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn expected(keyword: &str, topic: Option<(&str, Option<&str>)>) -> OptOut {
    match topic {
        None if keyword == "stopall" => OptOut {
            channels: StoppedChannels::Every,
            purposes: StoppedPurposes::EveryMarketing,
        },
        None => OptOut {
            channels: StoppedChannels::Sms,
            purposes: StoppedPurposes::EveryMarketing,
        },
        Some((_, None)) => OptOut {
            channels: StoppedChannels::Every,
            purposes: StoppedPurposes::EveryMarketing,
        },
        Some((_, Some(purpose))) => OptOut {
            channels: StoppedChannels::Sms,
            purposes: StoppedPurposes::One(purpose.parse::<Purpose>().unwrap()),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text: no panic; NFC, NFD, NFKC and NFKD forms read the same; and
    /// a text read as a keyword is, once normalised, a keyword alone or a
    /// keyword and a topic word.
    #[test]
    fn any_text_is_a_keyword_of_the_contract_or_not_a_keyword(text in any::<String>()) {
        let policy = policy();
        let reading = keyword::read(&text, &policy);
        for form in [text.nfc().collect::<String>(), text.nfd().collect(), text.nfkc().collect(), text.nfkd().collect()] {
            prop_assert_eq!(&keyword::read(&form, &policy), &reading, "{:?}", form);
        }
        if reading.is_some() {
            let normal = keyword::normalise(&text);
            let shaped = KEYWORDS.iter().any(|k| {
                normal.strip_prefix(k).is_some_and(|rest| {
                    let rest = rest.strip_prefix(' ').unwrap_or(rest);
                    rest.is_empty() || TOPICS.iter().any(|(word, _)| *word == rest)
                })
            });
            prop_assert!(shaped, "{:?} read as a keyword from {:?}", normal, text);
        }
    }

    /// Every keyword, alone or with a topic, in any case, full-width or
    /// not, with whitespace and punctuation around, reads as the table says.
    #[test]
    fn every_keyword_and_topic_in_any_dress_reads_as_the_table_says(
        keyword in prop::sample::select(KEYWORDS.to_vec()),
        topic in prop::option::of(prop::sample::select(TOPICS.to_vec())),
        space in any::<bool>(),
        wide in any::<bool>(),
        flips in prop::collection::vec(any::<bool>(), 1..8),
        before in surround(),
        after in surround(),
    ) {
        let mut text = keyword.to_owned();
        if let Some((word, _)) = topic {
            if space {
                text.push(' ');
            }
            text.push_str(word);
        }
        let mut text = random_case(&text, &flips);
        if wide {
            text = full_width(&text);
        }
        let text = format!("{before}{text}{after}");
        prop_assert_eq!(keyword::read(&text, &policy()), Some(expected(keyword, topic)), "{:?}", text);
    }
}
