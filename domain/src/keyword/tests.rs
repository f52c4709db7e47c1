use super::*;
use crate::PolicyPack;
use crate::policy::BankSettings;

fn policy() -> Policy {
    Policy {
        pack: PolicyPack::Cn,
        version: 1,
        settings: BankSettings {
            marketing_topics: vec!["home_renovation".into()],
            topic_names: [(
                "home_renovation".to_owned(),
                crate::TopicName {
                    zh: "家装贷款".into(),
                    en: "home renovation loans".into(),
                },
            )]
            .into(),
            ..BankSettings::default()
        },
    }
}

fn marketing(topic: &str) -> Purpose {
    Purpose::Marketing(MarketingTopic::parse(topic).unwrap())
}

fn sms_only(topic: &str) -> OptOut {
    OptOut {
        channels: StoppedChannels::Sms,
        purposes: StoppedPurposes::One(marketing(topic)),
    }
}

const SMS_ALL: OptOut = OptOut {
    channels: StoppedChannels::Sms,
    purposes: StoppedPurposes::EveryMarketing,
};

#[test]
fn every_keyword_alone_stops_sms_for_every_marketing_purpose() {
    for keyword in KEYWORDS.into_iter().filter(|k| *k != "stopall") {
        assert_eq!(read(keyword, &policy()), Some(SMS_ALL), "{keyword}");
        assert_eq!(
            read(&keyword.to_uppercase(), &policy()),
            Some(SMS_ALL),
            "{keyword}"
        );
    }
}

#[test]
fn stopall_alone_and_a_keyword_with_all_stop_every_channel() {
    for text in [
        "STOPALL",
        "stopall",
        "TD 全部",
        "退订全部",
        "STOP ALL",
        "Tall",
        "quit all",
    ] {
        assert_eq!(read(text, &policy()), Some(OptOut::EVERYTHING), "{text}");
    }
}

#[test]
fn each_topic_word_of_the_table_stops_sms_for_its_purpose() {
    let rows = [
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
        ("home_renovation", "home_renovation"),
        ("home renovation", "home_renovation"),
    ];
    for keyword in KEYWORDS {
        for (word, topic) in rows {
            for text in [format!("{keyword} {word}"), format!("{keyword}{word}")] {
                assert_eq!(read(&text, &policy()), Some(sms_only(topic)), "{text}");
            }
        }
    }
}

#[test]
fn full_width_mixed_case_and_punctuation_around_are_read_alike() {
    for text in [
        "ＴＤ",
        "Td",
        "tD",
        " TD ",
        "TD。",
        "【TD】",
        "\"Stop!\"",
        "...unsubscribe...",
        "\u{3000}退订\u{3000}",
        "退订！",
        "¿stop?",
    ] {
        assert_eq!(read(text, &policy()), Some(SMS_ALL), "{text:?}");
    }
    assert_eq!(
        read("ＴＤ　信用卡！", &policy()),
        Some(sms_only("credit_card"))
    );
    assert_eq!(
        read("Stop   Credit\tCard.", &policy()),
        Some(sms_only("credit_card"))
    );
    assert_eq!(read("ＳＴＯＰＡＬＬ", &policy()), Some(OptOut::EVERYTHING));
}

#[test]
fn anything_else_is_not_a_keyword() {
    for text in [
        "",
        "   ",
        "!!!",
        "please call me tomorrow",
        "stop calling me at night",
        "TD TD",
        "T D",
        "TDX",
        "退订 股票",
        "STOP, card",
        "T-card",
        "I want to stop",
        "unsubscribe me",
        "stop marketing.wealth",
        "stop collections",
        "stop loan_servicing",
        "td 123",
    ] {
        assert_eq!(read(text, &policy()), None, "{text:?}");
    }
}

#[test]
fn a_topic_the_bank_does_not_have_is_not_a_keyword() {
    let without = Policy {
        settings: BankSettings::default(),
        ..policy()
    };
    assert_eq!(read("TD home_renovation", &without), None);
}

fn preferences_with_marketing(channels: &[Channel]) -> Preferences {
    let mut preferences = Preferences::defaults(&policy());
    for (purpose, choice) in preferences.purposes.iter_mut() {
        if purpose.is_marketing() {
            choice.channels = channels.to_vec();
        }
    }
    preferences
}

#[test]
fn a_keyword_removes_sms_from_the_marketing_purposes_it_names_only() {
    let before = preferences_with_marketing(&[Channel::Sms, Channel::Email]);
    let (after, changed) = SMS_ALL.apply(&before, &policy());
    assert_eq!(
        changed.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "marketing.credit_card",
            "marketing.home_renovation",
            "marketing.insurance",
            "marketing.loans",
            "marketing.wealth",
        ]
    );
    for (purpose, choice) in &after.purposes {
        if purpose.is_marketing() {
            assert_eq!(choice.channels, [Channel::Email], "{purpose}");
            assert!(choice.explicit, "{purpose}");
        } else {
            assert_eq!(choice, &before.purposes[purpose], "{purpose} never changes");
        }
    }

    let (after, changed) = sms_only("wealth").apply(&before, &policy());
    assert_eq!(changed, [marketing("wealth")]);
    assert_eq!(
        after.purposes[&marketing("wealth")].channels,
        [Channel::Email]
    );
    assert_eq!(
        after.purposes[&marketing("credit_card")].channels,
        [Channel::Sms, Channel::Email]
    );
}

#[test]
fn stopping_everything_empties_every_marketing_purpose() {
    let before = preferences_with_marketing(&[Channel::Email, Channel::Voice]);
    let (after, changed) = OptOut::EVERYTHING.apply(&before, &policy());
    assert_eq!(changed.len(), 5);
    assert!(
        after
            .purposes
            .iter()
            .filter(|(p, _)| p.is_marketing())
            .all(|(_, c)| c.channels.is_empty())
    );
    assert_eq!(
        after.purposes[&Purpose::Collections],
        before.purposes[&Purpose::Collections]
    );
}

#[test]
fn a_keyword_that_was_already_so_changes_nothing() {
    let before = preferences_with_marketing(&[Channel::Email]);
    let (after, changed) = SMS_ALL.apply(&before, &policy());
    assert!(changed.is_empty());
    assert_eq!(after, before);
    // Under `cn` marketing starts with no channels at all.
    let defaults = Preferences::defaults(&policy());
    assert!(OptOut::EVERYTHING.apply(&defaults, &policy()).1.is_empty());
}

#[test]
fn replies_say_what_stopped_that_service_goes_on_and_give_the_link() {
    let link = "https://bank.example/p/AAAAAAAAAAAAAAAAAAAAAA";
    let zh = reply(
        &sms_only("credit_card"),
        &policy(),
        Outcome::OptedOut,
        Language::ZhCn,
        link,
    );
    assert_eq!(
        zh,
        format!("您已退订信用卡营销短信，还款提醒等服务通知照常发送。管理偏好：{link}")
    );
    let en = reply(&SMS_ALL, &policy(), Outcome::NoChange, Language::En, link);
    assert_eq!(
        en,
        format!(
            "You had already unsubscribed from marketing SMS. Service messages such as repayment reminders will continue. Your choices: {link}"
        )
    );
}

#[test]
fn replies_fit_their_limit_with_the_longest_link_and_topic() {
    let link = format!("https://{}/p/{}", "b".repeat(64 - 8), "A".repeat(22));
    assert_eq!(link.chars().count(), crate::link::MAX_LINK);
    let long_topic = "a".repeat(32);
    let opt_outs = [
        SMS_ALL,
        OptOut::EVERYTHING,
        sms_only("credit_card"),
        sms_only("wealth"),
        OptOut {
            channels: StoppedChannels::Sms,
            purposes: StoppedPurposes::One(marketing(&long_topic)),
        },
    ];
    for opt_out in &opt_outs {
        for outcome in [Outcome::OptedOut, Outcome::NoChange] {
            for language in Language::ALL {
                let text = reply(opt_out, &policy(), outcome, language, &link);
                assert!(
                    text.chars().count() <= reply_limit(language),
                    "{} > {}: {text}",
                    text.chars().count(),
                    reply_limit(language)
                );
                assert!(text.ends_with(&link), "{text}");
            }
        }
    }
}

#[test]
fn a_topic_the_bank_added_is_a_topic_word_by_the_names_borrowers_read() {
    for text in [
        "TD 家装贷款",
        "退订家装贷款",
        "STOP Home Renovation Loans",
        "stop home_renovation",
    ] {
        assert_eq!(
            read(text, &policy()),
            Some(sms_only("home_renovation")),
            "{text}"
        );
    }
}

#[test]
fn a_reply_names_a_topic_the_bank_added_as_the_bank_named_it() {
    let link = "https://bank.example/p/AAAAAAAAAAAAAAAAAAAAAA";
    let zh = reply(
        &sms_only("home_renovation"),
        &policy(),
        Outcome::OptedOut,
        Language::ZhCn,
        link,
    );
    assert!(zh.starts_with("您已退订家装贷款营销短信"), "{zh}");
    let en = reply(
        &sms_only("home_renovation"),
        &policy(),
        Outcome::OptedOut,
        Language::En,
        link,
    );
    assert!(
        en.starts_with("You have unsubscribed from marketing SMS about home renovation loans."),
        "{en}"
    );
}
