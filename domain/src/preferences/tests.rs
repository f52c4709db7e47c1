use super::*;
use crate::PolicyPack;

fn policy(pack: PolicyPack) -> Policy {
    Policy::of_pack(pack, 1)
}

fn write(json: serde_json::Value) -> PreferencesWrite {
    serde_json::from_value(json).unwrap()
}

/// The instant the writes are made at.
fn now() -> DateTime<Utc> {
    "2026-11-30T00:00:00Z".parse().unwrap()
}

fn fields(result: Result<Preferences, Vec<PreferencesProblem>>) -> Vec<String> {
    result.unwrap_err().iter().map(|e| e.field()).collect()
}

#[test]
fn service_and_essential_purposes_start_with_every_channel_in_the_contract_order() {
    let prefs = Preferences::defaults(&policy(PolicyPack::Cn));
    for purpose in [
        "security_alert",
        "loan_servicing",
        "repayment_reminder",
        "collections",
    ] {
        let choice = &prefs.purposes[&purpose.parse().unwrap()];
        assert_eq!(choice.channels, Channel::DEFAULT_ORDER, "{purpose}");
        assert!(!choice.explicit);
    }
}

#[test]
fn marketing_starts_refused_under_cn_and_accepted_under_us() {
    let wealth: Purpose = "marketing.wealth".parse().unwrap();
    assert!(
        Preferences::defaults(&policy(PolicyPack::Cn)).purposes[&wealth]
            .channels
            .is_empty()
    );
    assert_eq!(
        Preferences::defaults(&policy(PolicyPack::Us)).purposes[&wealth].channels,
        Channel::DEFAULT_ORDER
    );
}

#[test]
fn the_document_lists_every_purpose_including_staff_added_topics() {
    let mut policy = policy(PolicyPack::Us);
    policy.settings.marketing_topics = vec!["auto".into()];
    let prefs = Preferences::defaults(&policy);
    assert_eq!(prefs.purposes.len(), 9);
    assert!(
        prefs
            .purposes
            .contains_key(&"marketing.auto".parse().unwrap())
    );
}

#[test]
fn changing_a_purposes_channels_makes_it_explicit_and_leaves_the_others_alone() {
    let policy = policy(PolicyPack::Cn);
    let prefs = Preferences::defaults(&policy);
    let next = prefs
        .apply(
            write(serde_json::json!({
                "do_not_call": false,
                "purposes": {"marketing.wealth": {"channels": ["email"]}},
                "contact_windows": []
            })),
            &policy,
            now(),
        )
        .unwrap();
    assert!(next.is_explicit(&"marketing.wealth".parse().unwrap()));
    assert!(!next.is_explicit(&"marketing.insurance".parse().unwrap()));
    assert_eq!(
        next.channels_for(&policy, &"marketing.wealth".parse().unwrap()),
        [Channel::Email]
    );
}

#[test]
fn sending_explicit_true_with_the_same_channels_makes_a_purpose_explicit() {
    let policy = policy(PolicyPack::Us);
    let prefs = Preferences::defaults(&policy);
    let next = prefs
        .apply(
            write(serde_json::json!({
                "do_not_call": false,
                "purposes": {"collections": {"channels": ["sms", "push", "wechat", "email", "voice", "post"], "explicit": true}},
                "contact_windows": []
            })),
            &policy,
            now(),
        )
        .unwrap();
    assert!(next.is_explicit(&Purpose::Collections));
}

#[test]
fn a_purpose_written_back_unchanged_keeps_its_flag() {
    let policy = policy(PolicyPack::Us);
    let prefs = Preferences::defaults(&policy);
    let unchanged = write(serde_json::json!({
        "do_not_call": false,
        "purposes": {"collections": {"channels": ["sms", "push", "wechat", "email", "voice", "post"], "explicit": false}},
        "contact_windows": []
    }));
    let next = prefs.apply(unchanged.clone(), &policy, now()).unwrap();
    assert!(!next.is_explicit(&Purpose::Collections));

    let mut explicit = prefs.clone();
    explicit
        .purposes
        .get_mut(&Purpose::Collections)
        .unwrap()
        .explicit = true;
    assert!(
        explicit
            .apply(unchanged, &policy, now())
            .unwrap()
            .is_explicit(&Purpose::Collections)
    );
}

#[test]
fn emptying_a_service_or_essential_purpose_is_refused_but_marketing_may_be_emptied() {
    let policy = policy(PolicyPack::Us);
    let prefs = Preferences::defaults(&policy);
    let result = prefs.apply(
        write(serde_json::json!({
            "do_not_call": false,
            "purposes": {
                "security_alert": {"channels": []},
                "collections": {"channels": []},
                "marketing.loans": {"channels": []}
            },
            "contact_windows": []
        })),
        &policy,
        now(),
    );
    assert_eq!(
        fields(result),
        [
            "purposes.collections.channels",
            "purposes.security_alert.channels"
        ]
    );
}

#[test]
fn every_bad_field_is_named() {
    let policy = policy(PolicyPack::Cn);
    let prefs = Preferences::defaults(&policy);
    let result = prefs.apply(
        write(serde_json::json!({
            "do_not_call": true,
            "purposes": {
                "marketing.crypto": {"channels": ["sms"]},
                "loan_servicing": {"channels": ["sms", "sms"]}
            },
            "contact_windows": [
                {"days": [], "start": "09:00", "end": "18:00"},
                {"days": ["mon"], "start": "18:00", "end": "09:00"}
            ],
            "max_calls_per_week": 22
        })),
        &policy,
        now(),
    );
    assert_eq!(
        fields(result),
        [
            "purposes.loan_servicing.channels",
            "purposes.marketing.crypto",
            "contact_windows[0].days",
            "contact_windows[1].end",
            "max_calls_per_week"
        ]
    );
}

#[test]
fn a_write_replaces_the_rest_of_the_document() {
    let policy = policy(PolicyPack::Cn);
    let mut prefs = Preferences::defaults(&policy);
    prefs.max_calls_per_week = Some(3);
    let next = prefs
        .apply(
            write(serde_json::json!({
                "do_not_call": true,
                "purposes": {},
                "contact_windows": [{"days": ["sat", "sun"], "start": "10:00", "end": "12:00"}],
                "snooze_until": "2026-12-01T00:00:00Z",
                "time_zone": "Asia/Hong_Kong",
                "language": "en"
            })),
            &policy,
            now(),
        )
        .unwrap();
    assert!(next.do_not_call);
    assert_eq!(next.max_calls_per_week, None);
    assert_eq!(next.contact_windows.len(), 1);
    assert_eq!(next.time_zone, Some(chrono_tz::Asia::Hong_Kong));
    assert_eq!(next.language, Language::En);
}

#[test]
fn an_unknown_time_zone_is_refused_when_read() {
    let result = serde_json::from_value::<PreferencesWrite>(serde_json::json!({
        "do_not_call": false, "purposes": {}, "contact_windows": [], "time_zone": "Mars/Olympus"
    }));
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("not an IANA time zone")
    );
}

#[test]
fn the_document_round_trips_through_json() {
    let prefs = Preferences::defaults(&policy(PolicyPack::Us));
    let json = serde_json::to_string(&prefs).unwrap();
    assert_eq!(serde_json::from_str::<Preferences>(&json).unwrap(), prefs);
}

#[test]
fn switching_language_twice_comes_back_to_the_same_one() {
    for language in Language::ALL {
        assert_eq!(language.other().other(), language);
        assert_ne!(language.other(), language);
    }
}

#[test]
fn languages_use_the_tags_of_the_contract() {
    assert_eq!(Language::ZhCn.tag(), "zh-CN");
    assert_eq!(Language::En.tag(), "en");
    assert_eq!(serde_json::to_string(&Language::ZhCn).unwrap(), "\"zh-CN\"");
}

#[test]
fn at_most_28_windows_and_a_day_named_twice_counts_once() {
    let policy = policy(PolicyPack::Cn);
    let prefs = Preferences::defaults(&policy);
    let window =
        serde_json::json!({"days": ["mon", "mon", "tue"], "start": "09:00", "end": "10:00"});
    let too_many = prefs.apply(
        write(serde_json::json!({
            "do_not_call": false,
            "purposes": {},
            "contact_windows": vec![window.clone(); MAX_CONTACT_WINDOWS + 1],
        })),
        &policy,
        now(),
    );
    assert_eq!(fields(too_many), ["contact_windows"]);
    let next = prefs
        .apply(
            write(serde_json::json!({
                "do_not_call": false,
                "purposes": {},
                "contact_windows": vec![window; MAX_CONTACT_WINDOWS],
            })),
            &policy,
            now(),
        )
        .unwrap();
    assert_eq!(next.contact_windows.len(), MAX_CONTACT_WINDOWS);
    let days = serde_json::to_value(&next.contact_windows[0].days).unwrap();
    assert_eq!(days, serde_json::json!(["mon", "tue"]));
}

#[test]
fn a_snooze_may_end_up_to_366_days_ahead_and_may_lie_in_the_past() {
    let policy = policy(PolicyPack::Cn);
    let prefs = Preferences::defaults(&policy);
    let snooze = |until: DateTime<Utc>| {
        prefs.apply(
            write(serde_json::json!({
                "do_not_call": false, "purposes": {}, "contact_windows": [],
                "snooze_until": until,
            })),
            &policy,
            now(),
        )
    };
    let furthest = now() + chrono::Duration::days(MAX_SNOOZE_DAYS);
    assert_eq!(snooze(furthest).unwrap().snooze_until, Some(furthest));
    let yesterday = now() - chrono::Duration::days(1);
    assert_eq!(snooze(yesterday).unwrap().snooze_until, Some(yesterday));
    let too_far = furthest + chrono::Duration::seconds(1);
    assert_eq!(
        snooze(too_far).unwrap_err(),
        [PreferencesProblem::SnoozeTooLong { until: too_far }]
    );
    // One already kept (from before the bound) is written back unchanged.
    let mut kept = prefs.clone();
    kept.snooze_until = Some(too_far);
    let unchanged = kept.apply(
        write(serde_json::json!({
            "do_not_call": true, "purposes": {}, "contact_windows": [],
            "snooze_until": too_far,
        })),
        &policy,
        now(),
    );
    assert_eq!(unchanged.unwrap().snooze_until, Some(too_far));
}

#[test]
fn every_problem_names_its_field_and_says_what_is_wrong_in_english() {
    let nine = "09:00".parse().unwrap();
    let cases = [
        (
            PreferencesProblem::UnknownPurpose {
                name: "marketing.crypto".into(),
            },
            "purposes.marketing.crypto",
            "`marketing.crypto` is not a purpose of this bank",
        ),
        (
            PreferencesProblem::ChannelTwice {
                purpose: Purpose::LoanServicing,
                channel: Channel::Sms,
            },
            "purposes.loan_servicing.channels",
            "`sms` is listed twice",
        ),
        (
            PreferencesProblem::KeepOneChannel {
                purpose: Purpose::Collections,
            },
            "purposes.collections.channels",
            "collections must keep at least one channel: only marketing can be refused",
        ),
        (
            PreferencesProblem::TooManyWindows { count: 29 },
            "contact_windows",
            "29 windows is more than 28: four a day for every day of the week is the most",
        ),
        (
            PreferencesProblem::WindowWithoutDays { window: 2 },
            "contact_windows[2].days",
            "name at least one day",
        ),
        (
            PreferencesProblem::EmptyWindow {
                window: 1,
                start: nine,
                end: nine,
            },
            "contact_windows[1].end",
            "09:00–09:00 is empty: start must come before end",
        ),
        (
            PreferencesProblem::StartsAtEndOfDay { window: 0 },
            "contact_windows[0].start",
            "24:00 can only end a window",
        ),
        (
            PreferencesProblem::CallLimitTooHigh { asked: 22 },
            "max_calls_per_week",
            "22 is more than 21: choose 0 to 21, or none",
        ),
        (
            PreferencesProblem::SnoozeTooLong {
                until: "2028-01-01T00:00:00Z".parse().unwrap(),
            },
            "snooze_until",
            "2028-01-01T00:00:00Z is more than 366 days ahead: a snooze is a pause; to stop contact for good, refuse the channels or ask for do-not-call",
        ),
    ];
    for (problem, field, message) in cases {
        assert_eq!(
            crate::FieldError::from(problem),
            crate::FieldError::new(field, message)
        );
    }
}
