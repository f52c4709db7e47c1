//! The decision rules, one behaviour per test.

mod kept;

use chrono::{DateTime, Utc};

use super::*;
use crate::attempt::Outcome;
use crate::clock::{ClockTime, Day};
use crate::pack::PolicyPack;
use crate::preferences::{ContactWindow, PurposeChoice};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn purpose(name: &str) -> Purpose {
    name.parse().unwrap()
}

/// A customer with a phone and an e-mail, no history, and preferences as
/// `edit` leaves the pack's defaults.
struct Case {
    policy: Policy,
    prefs: Preferences,
    has_phone: bool,
    has_email: bool,
    on_national_dnc: bool,
    attempts: Vec<ContactAttempt>,
    protection: Option<crate::protection::Protection>,
}

impl Case {
    fn new(pack: PolicyPack) -> Case {
        let policy = Policy::of_pack(pack, 1);
        Case {
            prefs: Preferences::defaults(&policy),
            policy,
            has_phone: true,
            has_email: true,
            on_national_dnc: false,
            attempts: Vec::new(),
            protection: None,
        }
    }

    fn choose(mut self, name: &str, channels: &[Channel]) -> Case {
        self.prefs.purposes.insert(
            purpose(name),
            PurposeChoice {
                channels: channels.to_vec(),
                explicit: true,
            },
        );
        self
    }

    fn attempt(mut self, at: &str, channel: Channel, purpose_name: &str, outcome: Outcome) -> Case {
        self.attempts.push(ContactAttempt {
            at: utc(at),
            channel,
            purpose: purpose(purpose_name),
            outcome,
        });
        self
    }

    /// The decision; every one asked in these tests also reads back from
    /// its kept form exactly as answered.
    fn ask(&self, channel: Channel, purpose_name: &str, at: &str) -> Decision {
        let question = Question {
            channel,
            purpose: purpose(purpose_name),
            at: utc(at),
        };
        let decision = self.decide(&question);
        kept::reads_back(&decision, &question, &self.policy.label());
        decision
    }

    fn decide(&self, question: &Question) -> Decision {
        let facts = CustomerFacts {
            has_phone: self.has_phone,
            has_email: self.has_email,
            on_national_dnc: self.on_national_dnc,
            preferences: &self.prefs,
            attempts: &self.attempts,
            protection: self.protection,
        };
        decide(&self.policy, &facts, question)
    }
}

fn codes(decision: &Decision) -> Vec<&'static str> {
    decision.reasons.iter().map(|r| r.code.as_str()).collect()
}

const ALL: &[Channel] = &Channel::DEFAULT_ORDER;
// 10:00 in Shanghai on a Monday.
const MONDAY_10_SHANGHAI: &str = "2026-11-30T02:00:00Z";

#[test]
fn a_service_call_in_hours_with_default_preferences_is_allowed() {
    let decision =
        Case::new(PolicyPack::Cn).ask(Channel::Voice, "loan_servicing", MONDAY_10_SHANGHAI);
    assert!(decision.allowed);
    assert!(decision.reasons.is_empty());
    assert_eq!(decision.next_allowed_at, None);
}

#[test]
fn unknown_customer_is_its_own_answer() {
    let decision = unknown_customer("C404");
    assert!(!decision.allowed);
    assert_eq!(codes(&decision), ["unknown_customer"]);
    assert!(decision.reasons[0].message.contains("C404"));
}

#[test]
fn channel_unavailable_without_a_phone_or_an_email() {
    let mut case = Case::new(PolicyPack::Cn);
    case.has_phone = false;
    case.has_email = false;
    for channel in [Channel::Voice, Channel::Sms, Channel::Email] {
        let decision = case.ask(channel, "loan_servicing", MONDAY_10_SHANGHAI);
        assert_eq!(codes(&decision), ["channel_unavailable"], "{channel}");
        assert_eq!(decision.next_allowed_at, None);
    }
    assert!(
        case.ask(Channel::Push, "loan_servicing", MONDAY_10_SHANGHAI)
            .allowed
    );
    assert!(
        case.ask(Channel::Post, "loan_servicing", MONDAY_10_SHANGHAI)
            .allowed
    );
}

#[test]
fn do_not_call_stops_voice_for_all_but_essential_purposes() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.do_not_call = true;
    assert_eq!(
        codes(&case.ask(Channel::Voice, "collections", MONDAY_10_SHANGHAI)),
        ["do_not_call"]
    );
    assert!(
        case.ask(Channel::Sms, "collections", MONDAY_10_SHANGHAI)
            .allowed
    );
    assert!(
        case.ask(Channel::Voice, "security_alert", MONDAY_10_SHANGHAI)
            .allowed
    );
}

#[test]
fn opted_out_when_the_purpose_accepts_no_channel() {
    // cn marketing starts empty: silence is refusal.
    let decision =
        Case::new(PolicyPack::Cn).ask(Channel::Sms, "marketing.wealth", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["opted_out"]);
    assert_eq!(
        decision.next_allowed_at, None,
        "time does not lift an opt-out"
    );
    assert!(decision.alternatives.is_empty());
}

#[test]
fn channel_declined_when_the_purpose_lacks_the_channel() {
    let case =
        Case::new(PolicyPack::Cn).choose("repayment_reminder", &[Channel::Wechat, Channel::Email]);
    let decision = case.ask(Channel::Voice, "repayment_reminder", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["channel_declined"]);
    assert!(decision.reasons[0].message.contains("wechat, email"));
}

#[test]
fn national_dnc_blocks_marketing_calls_and_sms_unless_the_purpose_is_explicit() {
    let mut case = Case::new(PolicyPack::Us);
    case.on_national_dnc = true;
    // 10:00 in New York.
    let at = "2026-11-30T15:00:00Z";
    assert_eq!(
        codes(&case.ask(Channel::Voice, "marketing.loans", at)),
        ["national_dnc"]
    );
    assert_eq!(
        codes(&case.ask(Channel::Sms, "marketing.loans", at)),
        ["national_dnc"]
    );
    assert!(
        case.ask(Channel::Email, "marketing.loans", at).allowed,
        "e-mail is not covered"
    );
    assert!(
        case.ask(Channel::Voice, "collections", at).allowed,
        "service is not covered"
    );

    let case = Case {
        on_national_dnc: true,
        ..Case::new(PolicyPack::Us)
    }
    .choose("marketing.loans", ALL);
    assert!(
        case.ask(Channel::Voice, "marketing.loans", at).allowed,
        "explicit consent overrides the list"
    );
}

#[test]
fn snoozed_until_the_instant_set_then_allowed_exactly_then() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.snooze_until = Some(utc("2026-12-03T03:30:00Z"));
    let decision = case.ask(Channel::Push, "loan_servicing", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["snoozed"]);
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-03T03:30:00Z")));
    assert!(
        case.ask(Channel::Push, "loan_servicing", "2026-12-03T03:30:00Z")
            .allowed
    );
    assert!(
        case.ask(Channel::Push, "security_alert", MONDAY_10_SHANGHAI)
            .allowed,
        "essential ignores snooze"
    );
}

#[test]
fn outside_legal_hours_for_cn_marketing_until_nine_local() {
    // The contract's example: 08:30 in Shanghai, allowed from 09:00.
    let case =
        Case::new(PolicyPack::Cn).choose("marketing.wealth", &[Channel::Voice, Channel::Email]);
    let decision = case.ask(Channel::Voice, "marketing.wealth", "2026-11-30T00:30:00Z");
    assert_eq!(codes(&decision), ["outside_legal_hours"]);
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-30T01:00:00Z")));
    assert!(
        decision.reasons[0].message.contains("09:00–21:00"),
        "{}",
        decision.reasons[0].message
    );
    assert_eq!(
        decision.alternatives,
        [Alternative {
            channel: Channel::Email,
            allowed: true,
            next_allowed_at: None
        }]
    );
}

#[test]
fn the_pack_hours_of_each_purpose_class() {
    // (pack, purpose, local zone offset, first allowed local hour, first denied local hour)
    let cases = [
        (PolicyPack::Cn, "marketing.wealth", 9, 21),
        (PolicyPack::Cn, "collections", 8, 22),
        (PolicyPack::Cn, "loan_servicing", 8, 21),
        (PolicyPack::Us, "marketing.wealth", 8, 21),
        (PolicyPack::Us, "collections", 8, 21),
        (PolicyPack::Us, "repayment_reminder", 8, 21),
    ];
    for (pack, name, open, close) in cases {
        let case = Case::new(pack).choose(name, ALL);
        // Shanghai is UTC+8; New York is UTC-5 in December.
        let at = |hour: i64, minute: i64, second: i64| {
            let offset = if pack == PolicyPack::Cn { -8 } else { 5 };
            let t = utc("2026-12-07T00:00:00Z")
                + chrono::Duration::hours(hour + offset)
                + chrono::Duration::minutes(minute)
                + chrono::Duration::seconds(second);
            t.to_rfc3339()
        };
        for channel in [Channel::Voice, Channel::Sms] {
            assert!(
                !case.ask(channel, name, &at(open - 1, 59, 59)).allowed,
                "{pack} {name} {channel} before {open}"
            );
            assert!(
                case.ask(channel, name, &at(open, 0, 0)).allowed,
                "{pack} {name} {channel} at {open}"
            );
            assert!(
                case.ask(channel, name, &at(close - 1, 59, 59)).allowed,
                "{pack} {name} {channel} before {close}"
            );
            assert!(
                !case.ask(channel, name, &at(close, 0, 0)).allowed,
                "{pack} {name} {channel} at {close}"
            );
        }
        assert!(
            case.ask(Channel::Email, name, &at(3, 0, 0)).allowed,
            "e-mail has no legal hours"
        );
    }
}

#[test]
fn essential_purposes_are_allowed_at_any_hour_despite_every_preference() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.do_not_call = true;
    case.prefs.snooze_until = Some(utc("2027-01-01T00:00:00Z"));
    case.prefs.max_calls_per_week = Some(0);
    case.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Sat)],
        start: ClockTime::hm(10, 0),
        end: ClockTime::hm(11, 0),
    }];
    let case = case.choose("security_alert", &[Channel::Push]);
    // 03:00 on a Monday in Shanghai.
    let decision = case.ask(Channel::Voice, "security_alert", "2026-11-29T19:00:00Z");
    assert!(decision.allowed, "{:?}", decision.reasons);
    // The channel list still orders the alternatives.
    assert_eq!(decision.alternatives[0].channel, Channel::Push);
}

#[test]
fn outside_contact_window_binds_windowed_channels_only() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Sat), Day(chrono::Weekday::Sun)],
        start: ClockTime::hm(10, 0),
        end: ClockTime::hm(12, 0),
    }];
    for channel in [Channel::Voice, Channel::Sms, Channel::Push, Channel::Wechat] {
        let decision = case.ask(channel, "loan_servicing", MONDAY_10_SHANGHAI);
        assert_eq!(codes(&decision), ["outside_contact_window"], "{channel}");
        // Saturday 2026-12-05 10:00 in Shanghai.
        assert_eq!(
            decision.next_allowed_at,
            Some(utc("2026-12-05T02:00:00Z")),
            "{channel}"
        );
    }
    assert!(
        case.ask(Channel::Email, "loan_servicing", MONDAY_10_SHANGHAI)
            .allowed
    );
    assert!(
        case.ask(Channel::Post, "loan_servicing", MONDAY_10_SHANGHAI)
            .allowed
    );
}

#[test]
fn frequency_cap_counts_non_essential_calls_of_every_purpose_in_a_rolling_week() {
    let mut case = Case::new(PolicyPack::Cn)
        .attempt(
            "2026-11-24T03:00:00Z",
            Channel::Voice,
            "collections",
            Outcome::NoAnswer,
        )
        .attempt(
            "2026-11-26T03:00:00Z",
            Channel::Voice,
            "loan_servicing",
            Outcome::Connected,
        )
        .attempt(
            "2026-11-27T03:00:00Z",
            Channel::Voice,
            "security_alert",
            Outcome::Connected,
        )
        .attempt(
            "2026-11-28T03:00:00Z",
            Channel::Sms,
            "loan_servicing",
            Outcome::Sent,
        );
    case.prefs.max_calls_per_week = Some(2);
    let decision = case.ask(Channel::Voice, "repayment_reminder", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["frequency_cap"]);
    // The 11-24 call leaves the rolling week at 12-01 03:00Z.
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-01T03:00:00Z")));
    assert!(
        case.ask(Channel::Sms, "repayment_reminder", MONDAY_10_SHANGHAI)
            .allowed,
        "only voice is capped"
    );
}

#[test]
fn a_weekly_limit_of_zero_means_no_non_essential_calls_at_all() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.max_calls_per_week = Some(0);
    let decision = case.ask(Channel::Voice, "loan_servicing", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["frequency_cap"]);
    assert_eq!(decision.next_allowed_at, None);
}

#[test]
fn the_marketing_cap_is_two_per_channel_in_thirty_days_all_topics_together() {
    let case = Case::new(PolicyPack::Cn)
        .choose("marketing.wealth", ALL)
        .choose("marketing.credit_card", ALL)
        .attempt(
            "2026-11-05T03:00:00Z",
            Channel::Sms,
            "marketing.credit_card",
            Outcome::Delivered,
        )
        .attempt(
            "2026-11-20T03:00:00Z",
            Channel::Sms,
            "marketing.wealth",
            Outcome::Delivered,
        );
    let decision = case.ask(Channel::Sms, "marketing.wealth", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["policy_cap"]);
    assert!(decision.reasons[0].message.starts_with("Marketing cap"));
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-05T03:00:00Z")));
    assert!(
        case.ask(Channel::Email, "marketing.wealth", MONDAY_10_SHANGHAI)
            .allowed,
        "per channel"
    );
}

#[test]
fn a_bank_may_lower_the_marketing_cap() {
    let mut case = Case::new(PolicyPack::Cn)
        .choose("marketing.wealth", ALL)
        .attempt(
            "2026-11-20T03:00:00Z",
            Channel::Email,
            "marketing.wealth",
            Outcome::Delivered,
        );
    assert!(
        case.ask(Channel::Email, "marketing.wealth", MONDAY_10_SHANGHAI)
            .allowed
    );
    case.policy.settings.marketing_limit = Some(1);
    assert_eq!(
        codes(&case.ask(Channel::Email, "marketing.wealth", MONDAY_10_SHANGHAI)),
        ["policy_cap"]
    );
}

#[test]
fn cn_collections_allow_six_unanswered_calls_per_local_day_then_the_next_morning() {
    let mut case = Case::new(PolicyPack::Cn);
    // Six unanswered calls on Monday morning in Shanghai; one connected call
    // does not count.
    for (minute, outcome) in [
        (0, Outcome::NoAnswer),
        (5, Outcome::Busy),
        (10, Outcome::Voicemail),
        (15, Outcome::Failed),
        (20, Outcome::Connected),
        (25, Outcome::NoAnswer),
    ] {
        case = case.attempt(
            &format!("2026-11-30T01:{minute:02}:00Z"),
            Channel::Voice,
            "collections",
            outcome,
        );
    }
    assert!(
        case.ask(Channel::Voice, "collections", MONDAY_10_SHANGHAI)
            .allowed,
        "five unanswered"
    );
    case = case.attempt(
        "2026-11-30T01:30:00Z",
        Channel::Voice,
        "collections",
        Outcome::NoAnswer,
    );
    let decision = case.ask(Channel::Voice, "collections", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["policy_cap"]);
    // Local midnight is 16:00Z, but collections calls start at 08:00 local.
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-01T00:00:00Z")));
    assert!(
        case.ask(Channel::Sms, "collections", MONDAY_10_SHANGHAI)
            .allowed,
        "only calls are capped"
    );
}

#[test]
fn us_collections_allow_seven_calls_in_seven_days() {
    let mut case = Case::new(PolicyPack::Us);
    for day in 1..=7 {
        case = case.attempt(
            &format!("2026-11-{:02}T15:00:00Z", 23 + day),
            Channel::Voice,
            "collections",
            Outcome::NoAnswer,
        );
    }
    // Monday 2026-11-30 at 11:00 in New York.
    let decision = case.ask(Channel::Voice, "collections", "2026-11-30T16:00:00Z");
    assert_eq!(codes(&decision), ["policy_cap"]);
    // The call of 11-24 15:00Z leaves the window at 12-01 15:00Z (10:00 local).
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-01T15:00:00Z")));
}

#[test]
fn us_collections_are_quiet_for_seven_days_after_a_connected_call() {
    let case = Case::new(PolicyPack::Us).attempt(
        "2026-11-27T14:00:00Z",
        Channel::Voice,
        "collections",
        Outcome::Connected,
    );
    let decision = case.ask(Channel::Voice, "collections", "2026-11-30T16:00:00Z");
    assert_eq!(codes(&decision), ["policy_cap"]);
    assert!(decision.reasons[0].message.contains("connected"));
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-04T14:00:00Z")));
}

#[test]
fn a_bank_may_narrow_hours_and_lower_the_collections_cap() {
    let mut case = Case::new(PolicyPack::Cn);
    case.policy.settings.service_hours = Some(crate::LocalHours {
        start: ClockTime::hm(9, 0),
        end: ClockTime::hm(17, 0),
    });
    case.policy.settings.collections_limit = Some(1);
    // 08:30 on Monday in Shanghai.
    let decision = case.ask(Channel::Voice, "loan_servicing", "2026-11-30T00:30:00Z");
    assert_eq!(codes(&decision), ["outside_legal_hours"]);
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-30T01:00:00Z")));
    let case = case.attempt(
        "2026-11-30T01:00:00Z",
        Channel::Voice,
        "collections",
        Outcome::NoAnswer,
    );
    assert_eq!(
        codes(&case.ask(Channel::Voice, "collections", MONDAY_10_SHANGHAI)),
        ["policy_cap"]
    );
}

#[test]
fn every_reason_that_denies_is_given_not_just_the_first() {
    let mut case = Case::new(PolicyPack::Cn).choose("marketing.wealth", &[Channel::Email]);
    case.prefs.do_not_call = true;
    case.prefs.snooze_until = Some(utc("2026-12-01T00:00:00Z"));
    case.prefs.max_calls_per_week = Some(0);
    case.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Sat)],
        start: ClockTime::hm(10, 0),
        end: ClockTime::hm(11, 0),
    }];
    case.on_national_dnc = true;
    // 22:00 on Monday in Shanghai.
    let decision = case.ask(Channel::Voice, "marketing.wealth", "2026-11-30T14:00:00Z");
    assert_eq!(
        codes(&decision),
        [
            "do_not_call",
            "channel_declined",
            "snoozed",
            "outside_legal_hours",
            "outside_contact_window",
            "frequency_cap"
        ]
    );
    assert_eq!(
        decision.next_allowed_at, None,
        "standing reasons are not lifted by time"
    );
}

#[test]
fn alternatives_follow_the_customers_order_with_their_own_answers() {
    let mut case = Case::new(PolicyPack::Cn).choose(
        "repayment_reminder",
        &[
            Channel::Wechat,
            Channel::Voice,
            Channel::Email,
            Channel::Sms,
        ],
    );
    case.has_email = false;
    // 07:00 on Monday in Shanghai: voice and SMS wait for 08:00.
    let decision = case.ask(Channel::Voice, "repayment_reminder", "2026-11-29T23:00:00Z");
    assert_eq!(
        decision.alternatives,
        [
            Alternative {
                channel: Channel::Wechat,
                allowed: true,
                next_allowed_at: None
            },
            Alternative {
                channel: Channel::Email,
                allowed: false,
                next_allowed_at: None
            },
            Alternative {
                channel: Channel::Sms,
                allowed: false,
                next_allowed_at: Some(utc("2026-11-30T00:00:00Z"))
            },
        ]
    );
}

#[test]
fn next_allowed_at_is_right_across_spring_forward() {
    // New York springs forward on Sunday 2026-03-08 at 02:00 local. A window
    // starting 02:30 that day opens when the clock jumps, 07:00Z.
    let mut case = Case::new(PolicyPack::Us);
    case.prefs.contact_windows = vec![ContactWindow {
        days: vec![Day(chrono::Weekday::Sun)],
        start: ClockTime::hm(2, 30),
        end: ClockTime::hm(4, 0),
    }];
    let decision = case.ask(Channel::Push, "loan_servicing", "2026-03-07T12:00:00Z");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-03-08T07:00:00Z")));
    // And 08:00 legal hours on the Monday after are 12:00Z, not 13:00Z.
    let decision = case.ask(Channel::Voice, "loan_servicing", "2026-03-09T11:00:00Z");
    assert!(codes(&decision).contains(&"outside_legal_hours"));
}

#[test]
fn next_allowed_at_is_right_across_fall_back() {
    // New York falls back on Sunday 2026-11-01; 08:00 EST is 13:00Z.
    let case = Case::new(PolicyPack::Us);
    let decision = case.ask(Channel::Voice, "loan_servicing", "2026-11-01T05:30:00Z");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-01T13:00:00Z")));
}

#[test]
fn nothing_within_fourteen_days_gives_no_next_allowed_at() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.snooze_until = Some(utc("2027-06-01T00:00:00Z"));
    let decision = case.ask(Channel::Push, "loan_servicing", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["snoozed"]);
    assert_eq!(decision.next_allowed_at, None);
}

#[test]
fn the_customers_zone_replaces_the_packs_default() {
    let mut case = Case::new(PolicyPack::Cn);
    case.prefs.time_zone = Some(chrono_tz::Europe::London);
    // 02:00Z is 02:00 in London: outside hours there though 10:00 in Shanghai.
    let decision = case.ask(Channel::Voice, "loan_servicing", MONDAY_10_SHANGHAI);
    assert_eq!(codes(&decision), ["outside_legal_hours"]);
    assert!(decision.reasons[0].message.contains("Europe/London"));
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-30T08:00:00Z")));
}

#[test]
fn sub_second_instants_are_decided_to_the_second() {
    let case = Case::new(PolicyPack::Cn);
    let decision = case.ask(Channel::Voice, "loan_servicing", "2026-11-29T23:59:59.900Z");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-30T00:00:00Z")));
}

#[test]
fn every_reason_code_has_its_contract_name() {
    let names: Vec<_> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "unknown_customer",
            "channel_unavailable",
            "do_not_call",
            "opted_out",
            "channel_declined",
            "national_dnc",
            "snoozed",
            "outside_legal_hours",
            "outside_contact_window",
            "frequency_cap",
            "policy_cap",
            "protected_customer"
        ]
    );
    for code in ReasonCode::ALL {
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        assert_eq!(ReasonCode::from_code(code.as_str()), Some(code));
    }
    assert_eq!(ReasonCode::from_code("Snoozed"), None);
    assert_eq!(ReasonCode::from_code(""), None);
}

#[test]
fn only_the_attempts_a_question_reads_are_needed() {
    let mut case = Case::new(PolicyPack::Cn);
    let needed = |case: &Case, channel, purpose_name: &str| {
        attempts_needed(
            &case.policy,
            &case.prefs,
            &Question {
                channel,
                purpose: purpose(purpose_name),
                at: utc(MONDAY_10_SHANGHAI),
            },
        )
    };
    assert!(
        !needed(&case, Channel::Sms, "repayment_reminder").any(),
        "no weekly limit, no cap"
    );
    assert!(
        needed(&case, Channel::Sms, "collections").calls,
        "voice is an alternative; collections calls are capped"
    );
    assert!(
        !needed(&case, Channel::Voice, "security_alert").any(),
        "essential purposes ignore history"
    );
    let marketing = needed(&case, Channel::Email, "marketing.wealth");
    assert!(marketing.marketing && !marketing.calls);
    assert_eq!(marketing.look_back(), chrono::Duration::days(30));
    case.prefs.max_calls_per_week = Some(2);
    assert!(needed(&case, Channel::Sms, "repayment_reminder").calls);
    assert_eq!(
        needed(&case, Channel::Sms, "repayment_reminder").look_back(),
        chrono::Duration::days(7)
    );
}

#[test]
fn a_decision_made_from_only_the_needed_attempts_is_the_same() {
    // Every kind of attempt, then the same questions asked with the history
    // cut down to what `attempts_needed` says.
    let mut case = Case::new(PolicyPack::Us)
        .attempt(
            "2026-11-24T15:00:00Z",
            Channel::Voice,
            "collections",
            Outcome::Connected,
        )
        .attempt(
            "2026-11-25T15:00:00Z",
            Channel::Sms,
            "marketing.loans",
            Outcome::Delivered,
        )
        .attempt(
            "2026-11-26T15:00:00Z",
            Channel::Sms,
            "marketing.wealth",
            Outcome::Delivered,
        )
        .attempt(
            "2026-11-27T15:00:00Z",
            Channel::Voice,
            "loan_servicing",
            Outcome::NoAnswer,
        )
        .attempt(
            "2026-11-28T15:00:00Z",
            Channel::Email,
            "repayment_reminder",
            Outcome::Sent,
        );
    case.prefs.max_calls_per_week = Some(1);
    for purpose_name in [
        "collections",
        "marketing.wealth",
        "loan_servicing",
        "repayment_reminder",
        "security_alert",
    ] {
        for channel in Channel::DEFAULT_ORDER {
            let question = Question {
                channel,
                purpose: purpose(purpose_name),
                at: utc("2026-11-30T16:00:00Z"),
            };
            let needed = attempts_needed(&case.policy, &case.prefs, &question);
            let kept: Vec<ContactAttempt> = case
                .attempts
                .iter()
                .filter(|a| {
                    (needed.calls && a.channel == Channel::Voice)
                        || (needed.marketing && a.purpose.is_marketing())
                })
                .cloned()
                .collect();
            let all = case.ask(channel, purpose_name, "2026-11-30T16:00:00Z");
            let cut = Case {
                attempts: kept,
                ..Case::new(PolicyPack::Us)
            };
            let cut = Case {
                prefs: case.prefs.clone(),
                ..cut
            };
            assert_eq!(
                cut.ask(channel, purpose_name, "2026-11-30T16:00:00Z"),
                all,
                "{channel} {purpose_name}"
            );
        }
    }
}

fn cared(mut case: Case, since: &str, until: &str) -> Case {
    case.protection = Some(crate::protection::Protection {
        reason: crate::protection::CareReason::FinancialHardship,
        since: utc(since),
        until: utc(until),
    });
    case
}

fn only_protected(decision: &Decision) -> bool {
    !decision.allowed
        && decision
            .reasons
            .iter()
            .all(|r| r.code == ReasonCode::ProtectedCustomer)
}

#[test]
fn under_extra_care_a_collections_call_waits_for_ten_in_the_morning() {
    // 08:30 in Shanghai: the pack allows collections from 08:00, care from 10:00.
    let case = cared(
        Case::new(PolicyPack::Cn),
        "2026-11-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
    );
    let decision = case.ask(Channel::Voice, "collections", "2026-11-30T00:30:00Z");
    assert!(only_protected(&decision), "{decision:?}");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-11-30T02:00:00Z")));
    assert!(
        case.ask(Channel::Voice, "collections", "2026-11-30T02:00:00Z")
            .allowed
    );
    assert!(
        !case
            .ask(Channel::Voice, "collections", "2026-11-30T01:59:59Z")
            .allowed
    );
    // 18:00 local is outside; 17:59:59 inside.
    assert!(
        case.ask(Channel::Sms, "collections", "2026-11-30T09:59:59Z")
            .allowed
    );
    assert!(only_protected(&case.ask(
        Channel::Sms,
        "collections",
        "2026-11-30T10:00:00Z"
    )));
}

#[test]
fn under_extra_care_one_collections_call_a_local_day() {
    let case = cared(
        Case::new(PolicyPack::Cn),
        "2026-11-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
    )
    .attempt(
        "2026-11-30T02:30:00Z",
        Channel::Voice,
        "collections",
        Outcome::NoAnswer,
    );
    let decision = case.ask(Channel::Voice, "collections", "2026-11-30T03:00:00Z");
    assert!(only_protected(&decision), "{decision:?}");
    // Midnight forgets the call, but care waits for 10:00 the next day.
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-01T02:00:00Z")));
    // SMS is not limited to one a day.
    assert!(
        case.ask(Channel::Sms, "collections", "2026-11-30T03:00:00Z")
            .allowed
    );
}

#[test]
fn under_extra_care_marketing_waits_until_care_ends() {
    let case = cared(
        Case::new(PolicyPack::Cn).choose("marketing.credit_card", &[Channel::Sms]),
        "2026-11-01T00:00:00Z",
        "2026-12-03T05:00:00Z",
    );
    let decision = case.ask(Channel::Sms, "marketing.credit_card", MONDAY_10_SHANGHAI);
    assert!(only_protected(&decision), "{decision:?}");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-12-03T05:00:00Z")));
    assert!(
        case.ask(
            Channel::Sms,
            "marketing.credit_card",
            "2026-12-03T05:00:00Z"
        )
        .allowed
    );
}

#[test]
fn extra_care_binds_only_while_it_holds_and_only_marketing_and_collections() {
    let case = cared(
        Case::new(PolicyPack::Cn).choose("marketing.credit_card", &[Channel::Sms]),
        "2026-12-01T00:00:00Z",
        "2026-12-10T00:00:00Z",
    );
    // Asked about an instant before it was set: untouched.
    assert!(
        case.ask(Channel::Sms, "marketing.credit_card", MONDAY_10_SHANGHAI)
            .allowed
    );
    assert!(
        case.ask(Channel::Voice, "collections", "2026-11-30T00:30:00Z")
            .allowed
    );
    // Service purposes are decided as without it.
    assert!(
        case.ask(Channel::Voice, "loan_servicing", "2026-12-02T00:30:00Z")
            .allowed
    );
    assert!(only_protected(&case.ask(
        Channel::Voice,
        "collections",
        "2026-12-02T00:30:00Z"
    )));
}

#[test]
fn extra_care_hours_are_local_across_a_daylight_saving_change() {
    // New York springs forward on 2026-03-08: 10:00 EDT is 14:00Z.
    let mut case = cared(
        Case::new(PolicyPack::Us),
        "2026-03-01T00:00:00Z",
        "2026-04-01T00:00:00Z",
    );
    case.prefs.time_zone = Some(chrono_tz::America::New_York);
    let decision = case.ask(Channel::Sms, "collections", "2026-03-08T13:30:00Z");
    assert!(only_protected(&decision), "{decision:?}");
    assert_eq!(decision.next_allowed_at, Some(utc("2026-03-08T14:00:00Z")));
}
