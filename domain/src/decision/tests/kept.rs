//! The kept form of a decision (contract section 10): every decision the
//! rules give reads back from it exactly as answered, in both languages.

use std::collections::BTreeSet;

use super::*;
use crate::Language;

/// Keeps `decision` as the decision log does, a few seconds after the
/// instant asked about, reads it back from its text in both languages and
/// checks it is the answer given. The grounds' kinds it held.
pub(super) fn reads_back(decision: &Decision, question: &Question, policy: &str) -> Vec<String> {
    let decided_at = question.at.timestamp() + 3;
    let form = KeptDecisionForm::new(decided_at, question, decision, policy)
        .expect("every reason the rules give has its ground");
    let text = form.text();
    let kept = KeptDecisionForm::from_text(&text).unwrap();
    assert_eq!(kept, form, "{text}");
    assert_eq!(
        ReasonCode::from_bits(kept.reason_bits()),
        decision
            .reasons
            .iter()
            .map(|r| r.code)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    for language in [Language::En, Language::ZhCn] {
        let mut answered = decision.clone();
        answered.localize(language);
        let read = kept.read(decided_at, language).unwrap();
        assert_eq!(read.decision, answered, "{language:?} {text}");
        assert_eq!(&read.question, question, "{text}");
        assert_eq!(read.policy, policy);
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.get("r")
        .and_then(|r| r.as_array())
        .map(|r| {
            r.iter()
                .map(|g| g["k"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A case whose answer has a ground of each kind, with the kinds it gives.
fn every_kind_of_ground() -> Vec<(Decision, Question, String)> {
    let q = |channel, purpose_name: &str, at: &str| Question {
        channel,
        purpose: purpose(purpose_name),
        at: utc(at),
    };
    let mut asked = Vec::new();
    let mut ask = |case: &Case, question: Question| {
        let decision = case.ask(
            question.channel,
            &question.purpose.to_string(),
            &question.at.to_rfc3339(),
        );
        asked.push((decision, question, case.policy.label()));
    };
    let (cn, us) = (Case::new(PolicyPack::Cn), Case::new(PolicyPack::Us));
    let monday = MONDAY_10_SHANGHAI;
    // Standing: no phone, no e-mail; do not call, channel declined, snoozed,
    // legal hours, contact window and weekly limit together.
    let no_contact = Case {
        has_phone: false,
        has_email: false,
        ..Case::new(PolicyPack::Cn)
    };
    ask(&no_contact, q(Channel::Voice, "loan_servicing", monday));
    ask(&no_contact, q(Channel::Email, "loan_servicing", monday));
    let mut many =
        Case::new(PolicyPack::Cn).choose("marketing.wealth", &[Channel::Email, Channel::Sms]);
    many.prefs.do_not_call = true;
    many.prefs.snooze_until = Some(utc("2026-12-01T00:00:00.250Z"));
    many.prefs.max_calls_per_week = Some(0);
    many.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Sat), Day(chrono::Weekday::Sun)],
        start: ClockTime::hm(10, 0),
        end: ClockTime::hm(11, 30),
    }];
    ask(
        &many,
        q(Channel::Voice, "marketing.wealth", "2026-11-30T14:00:00.5Z"),
    );
    ask(
        &cn.clone_with(|c| c.choose("marketing.wealth", &[])),
        q(Channel::Sms, "marketing.wealth", monday),
    );
    // The national list, in New York.
    let dnc = Case {
        on_national_dnc: true,
        ..Case::new(PolicyPack::Us)
    };
    ask(
        &dnc,
        q(Channel::Voice, "marketing.loans", "2026-11-30T15:00:00Z"),
    );
    // The marketing cap.
    let mut capped = Case::new(PolicyPack::Cn)
        .choose("marketing.wealth", ALL)
        .attempt(
            "2026-11-20T03:00:00Z",
            Channel::Email,
            "marketing.wealth",
            Outcome::Delivered,
        );
    capped.policy.settings.marketing_limit = Some(1);
    ask(&capped, q(Channel::Email, "marketing.wealth", monday));
    // Collections: six unanswered in a day (cn); seven in a week and a
    // connected call (us).
    let mut day = Case::new(PolicyPack::Cn);
    for minute in 0..6 {
        day = day.attempt(
            &format!("2026-11-30T01:{minute:02}:00Z"),
            Channel::Voice,
            "collections",
            Outcome::NoAnswer,
        );
    }
    ask(&day, q(Channel::Voice, "collections", monday));
    let mut week = Case::new(PolicyPack::Us);
    for d in 1..=7 {
        week = week.attempt(
            &format!("2026-11-{:02}T15:00:00Z", 23 + d),
            Channel::Voice,
            "collections",
            Outcome::NoAnswer,
        );
    }
    let week = week.attempt(
        "2026-11-29T15:00:00Z",
        Channel::Voice,
        "collections",
        Outcome::Connected,
    );
    ask(
        &week,
        q(Channel::Voice, "collections", "2026-11-30T16:00:00Z"),
    );
    // Extra care: marketing, the care hours, one call a day.
    let care = |case: Case| cared(case, "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z");
    ask(
        &care(Case::new(PolicyPack::Cn).choose("marketing.wealth", ALL)),
        q(Channel::Sms, "marketing.wealth", monday),
    );
    ask(
        &care(Case::new(PolicyPack::Cn)),
        q(Channel::Voice, "collections", "2026-11-30T00:30:00Z"),
    );
    let called = care(Case::new(PolicyPack::Cn)).attempt(
        "2026-11-30T02:30:00Z",
        Channel::Voice,
        "collections",
        Outcome::NoAnswer,
    );
    ask(
        &called,
        q(Channel::Voice, "collections", "2026-11-30T03:00:00Z"),
    );
    drop(us);
    // No customer at all.
    let unknown = q(Channel::Sms, "collections", monday);
    asked.push((unknown_customer("C404"), unknown, cn.policy.label()));
    asked
}

impl Case {
    fn clone_with(&self, edit: impl FnOnce(Case) -> Case) -> Case {
        edit(Case {
            policy: self.policy.clone(),
            prefs: self.prefs.clone(),
            has_phone: self.has_phone,
            has_email: self.has_email,
            on_national_dnc: self.on_national_dnc,
            attempts: self.attempts.clone(),
            protection: self.protection,
        })
    }
}

#[test]
fn every_reason_reads_back_from_its_kept_form_in_both_languages() {
    let mut kinds = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for (decision, question, policy) in every_kind_of_ground() {
        assert!(!decision.allowed, "{question:?}");
        kinds.extend(reads_back(&decision, &question, &policy));
        codes.extend(decision.reasons.iter().map(|r| r.code));
    }
    assert_eq!(
        codes,
        ReasonCode::ALL.into_iter().collect(),
        "every reason code"
    );
    let every_kind = [
        "uc", "np", "ne", "dc", "oo", "cd", "nd", "sn", "lh", "cw", "fc", "mc", "cp", "cx", "cc",
        "pm", "ph", "pd",
    ];
    assert_eq!(
        kinds,
        every_kind.iter().map(|k| k.to_string()).collect(),
        "every ground"
    );
}

#[test]
fn an_allowed_decision_keeps_its_alternatives_and_nothing_else() {
    let mut case = Case::new(PolicyPack::Cn).choose(
        "repayment_reminder",
        &[Channel::Voice, Channel::Sms, Channel::Email],
    );
    case.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Tue)],
        start: ClockTime::hm(9, 0),
        end: ClockTime::hm(10, 0),
    }];
    let question = Question {
        channel: Channel::Email,
        purpose: purpose("repayment_reminder"),
        at: utc(MONDAY_10_SHANGHAI),
    };
    let decision = case.ask(Channel::Email, "repayment_reminder", MONDAY_10_SHANGHAI);
    assert!(decision.allowed);
    assert!(
        decision
            .alternatives
            .iter()
            .any(|a| a.next_allowed_at.is_some()),
        "{decision:?}"
    );
    reads_back(&decision, &question, &case.policy.label());
    let form =
        KeptDecisionForm::new(question.at.timestamp(), &question, &decision, "cn@1").unwrap();
    assert_eq!(
        form.text(),
        r#"{"c":"email","p":"repayment_reminder","v":"cn@1","o":"v@82800 s@82800"}"#
    );
}

#[test]
fn reason_bits_are_fixed_by_position_because_they_are_kept() {
    let bits: Vec<i64> = ReasonCode::ALL.iter().map(|c| c.bit()).collect();
    assert_eq!(bits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]);
    assert_eq!(
        ReasonCode::from_bits(2 | 2048),
        [
            ReasonCode::ChannelUnavailable,
            ReasonCode::ProtectedCustomer
        ]
    );
}

#[test]
fn a_text_that_is_not_a_kept_form_is_an_error_not_a_panic() {
    for text in [
        "",
        "{}",
        "[1]",
        r#"{"c":"fax","p":"collections","v":"cn@1"}"#,
        r#"{"c":"sms","p":"collections","v":"cn@1","o":"s@x"}"#,
        r#"{"c":"sms","p":"collections","v":"cn@1","o":"sms"}"#,
    ] {
        let read = KeptDecisionForm::from_text(text).and_then(|k| k.read(0, Language::En));
        assert!(read.is_err(), "{text}");
    }
}

#[test]
fn the_packs_own_zone_goes_without_saying_and_any_other_is_kept() {
    let question = Question {
        channel: Channel::Voice,
        purpose: purpose("marketing.wealth"),
        // 22:00 in Shanghai, 14:00 in London.
        at: utc("2026-11-30T14:00:00Z"),
    };
    let mut case = Case::new(PolicyPack::Cn).choose("marketing.wealth", ALL);
    let in_shanghai = case.ask(question.channel, "marketing.wealth", "2026-11-30T14:00:00Z");
    let text = KeptDecisionForm::new(0, &question, &in_shanghai, "cn@1")
        .unwrap()
        .text();
    assert!(text.contains(r#"{"k":"lh","h":"09:00–21:00"}"#), "{text}");
    case.prefs.time_zone = Some(chrono_tz::Tz::Europe__London);
    // 22:00 in London.
    let in_london = case.ask(question.channel, "marketing.wealth", "2026-11-30T22:00:00Z");
    let question = Question {
        at: utc("2026-11-30T22:00:00Z"),
        ..question
    };
    let text = KeptDecisionForm::new(0, &question, &in_london, "cn@1")
        .unwrap()
        .text();
    assert!(text.contains(r#""z":"Europe/London""#), "{text}");
}
