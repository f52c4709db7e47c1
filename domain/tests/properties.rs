//! Properties the contract states for every input, checked on random
//! customers, histories, policies and instants (DST changes included).

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use reachguard_domain::decision::{refusal_codes, verdict};
use reachguard_domain::{
    BankSettings, Channel, ClockTime, ContactAttempt, ContactWindow, CustomerFacts, Day,
    LocalHours, Outcome, Policy, PolicyPack, Preferences, Protection, Purpose, PurposeChoice,
};
use reachguard_domain::{CareReason, ReasonCode};

const ZONES: [chrono_tz::Tz; 6] = [
    chrono_tz::Asia::Shanghai,
    chrono_tz::America::New_York,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::St_Johns,
    chrono_tz::Pacific::Chatham,
];

#[derive(Debug, Clone)]
struct Case {
    policy: Policy,
    prefs: Preferences,
    has_phone: bool,
    has_email: bool,
    on_national_dnc: bool,
    attempts: Vec<ContactAttempt>,
    protection: Option<Protection>,
    channel: Channel,
    purpose: Purpose,
    at: DateTime<Utc>,
}

impl Case {
    fn allowed_at(&self, t: DateTime<Utc>) -> bool {
        self.verdict_at(t).allowed
    }

    fn verdict_at(&self, t: DateTime<Utc>) -> reachguard_domain::Verdict {
        let facts = CustomerFacts {
            has_phone: self.has_phone,
            has_email: self.has_email,
            on_national_dnc: self.on_national_dnc,
            preferences: &self.prefs,
            attempts: &self.attempts,
            protection: self.protection,
        };
        verdict(&self.policy, &facts, self.channel, &self.purpose, t)
    }
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::DEFAULT_ORDER.to_vec())
}

fn purpose() -> impl Strategy<Value = Purpose> {
    prop::sample::select(Purpose::built_in())
}

fn channel_list() -> impl Strategy<Value = Vec<Channel>> {
    prop::sample::subsequence(Channel::DEFAULT_ORDER.to_vec(), 0..=6).prop_shuffle()
}

fn clock(max_hour: u16) -> impl Strategy<Value = ClockTime> {
    (0..max_hour, prop::sample::select(vec![0u16, 15, 30, 45]))
        .prop_map(|(h, m)| ClockTime::hm(h, m))
}

fn window() -> impl Strategy<Value = ContactWindow> {
    (
        prop::sample::subsequence((0u8..7).collect::<Vec<_>>(), 1..=7),
        clock(24),
        1u16..=16 * 4,
    )
        .prop_map(|(days, start, quarters)| {
            let end_minutes =
                (start.hour() * 60 + start.minute() + u32::from(quarters) * 15).min(24 * 60);
            ContactWindow {
                days: days
                    .into_iter()
                    .map(|d| Day(chrono::Weekday::try_from(d).unwrap()))
                    .collect(),
                start,
                end: ClockTime::hm((end_minutes / 60) as u16, (end_minutes % 60) as u16),
            }
        })
}

fn settings(pack: PolicyPack) -> impl Strategy<Value = BankSettings> {
    let pack_hours = pack.legal_hours(&Purpose::LoanServicing).unwrap();
    let narrower = (0u16..=2, 0u16..=2).prop_map(move |(later, earlier)| LocalHours {
        start: ClockTime::hm(pack_hours.start.hour() as u16 + later, 0),
        end: ClockTime::hm(pack_hours.end.hour() as u16 - earlier, 0),
    });
    (
        prop::option::of(narrower),
        prop::option::of(0u32..=6),
        prop::option::of(0u32..=2),
    )
        .prop_map(
            |(service_hours, collections_limit, marketing_limit)| BankSettings {
                service_hours,
                collections_limit,
                marketing_limit,
                ..Default::default()
            },
        )
}

/// Instants across 2026, so that every zone's DST changes are crossed.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let start = "2026-01-01T00:00:00Z"
        .parse::<DateTime<Utc>>()
        .unwrap()
        .timestamp();
    (0i64..365 * 24 * 3600)
        .prop_map(move |offset| DateTime::from_timestamp(start + offset, 0).unwrap())
}

fn attempt(at: DateTime<Utc>) -> impl Strategy<Value = ContactAttempt> {
    (
        channel(),
        purpose(),
        -30 * 24 * 3600i64..14 * 24 * 3600,
        prop::sample::select(Outcome::ALL.to_vec()),
    )
        .prop_map(move |(channel, purpose, offset, outcome)| {
            let outcome = if outcome.fits(channel) {
                outcome
            } else if channel == Channel::Voice {
                Outcome::NoAnswer
            } else {
                Outcome::Delivered
            };
            ContactAttempt {
                at: at + Duration::seconds(offset),
                channel,
                purpose,
                outcome,
            }
        })
}

/// Extra care set some time around `at`: begun before it or after, ending
/// within the horizon or beyond it.
fn protection(at: DateTime<Utc>) -> impl Strategy<Value = Protection> {
    (
        prop::sample::select(CareReason::ALL.to_vec()),
        -20 * 24 * 3600i64..5 * 24 * 3600,
        3600i64..40 * 24 * 3600,
    )
        .prop_map(move |(reason, since, length)| Protection {
            reason,
            since: at + Duration::seconds(since),
            until: at + Duration::seconds(since + length),
        })
}

fn case() -> impl Strategy<Value = Case> {
    (prop::sample::select(PolicyPack::ALL.to_vec()), instant()).prop_flat_map(|(pack, at)| {
        let purposes = Purpose::built_in();
        (
            settings(pack),
            prop::collection::vec(channel_list(), purposes.len()),
            prop::collection::vec(any::<bool>(), purposes.len()),
            (
                any::<bool>(),
                prop::collection::vec(window(), 0..3),
                prop::option::of(0u8..=21),
            ),
            (
                prop::option::of(-2i64..20),
                prop::sample::select(ZONES.to_vec()),
            ),
            (any::<bool>(), any::<bool>(), any::<bool>()),
            (
                prop::collection::vec(attempt(at), 0..25),
                prop::option::of(protection(at)),
            ),
            (channel(), purpose()),
        )
            .prop_map(
                move |(
                    settings,
                    lists,
                    explicit,
                    (dnc, windows, max),
                    (snooze_days, zone),
                    (phone, email, national),
                    (attempts, protection),
                    (channel, purpose),
                )| {
                    let policy = Policy {
                        pack,
                        version: 1,
                        settings,
                    };
                    let mut prefs = Preferences::defaults(&policy);
                    for ((purpose, channels), explicit) in
                        Purpose::built_in().into_iter().zip(lists).zip(explicit)
                    {
                        // Service and essential purposes keep at least one channel.
                        let channels = if channels.is_empty() && !purpose.is_marketing() {
                            vec![Channel::Post]
                        } else {
                            channels
                        };
                        prefs
                            .purposes
                            .insert(purpose, PurposeChoice { channels, explicit });
                    }
                    prefs.do_not_call = dnc;
                    prefs.contact_windows = windows;
                    prefs.max_calls_per_week = max;
                    prefs.snooze_until =
                        snooze_days.map(|d| at + Duration::days(d) + Duration::seconds(1234));
                    prefs.time_zone = Some(zone);
                    Case {
                        policy,
                        prefs,
                        has_phone: phone,
                        has_email: email,
                        on_national_dnc: national,
                        attempts,
                        protection,
                        channel,
                        purpose,
                        at,
                    }
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn asked_at_next_allowed_at_the_answer_is_allowed_and_not_a_second_before(case in case()) {
        let answer = case.verdict_at(case.at);
        if let Some(next) = answer.next_allowed_at {
            prop_assert!(!answer.allowed);
            prop_assert!(next > case.at && next <= case.at + Duration::days(14));
            prop_assert!(case.allowed_at(next), "not allowed at next_allowed_at {next}");
            prop_assert!(!case.allowed_at(next - Duration::seconds(1)), "already allowed a second before {next}");
        }
    }

    #[test]
    fn no_instant_between_at_and_next_allowed_at_is_allowed(case in case(), fraction in 0.0f64..1.0) {
        let answer = case.verdict_at(case.at);
        if let Some(next) = answer.next_allowed_at {
            let span = (next - case.at).num_seconds();
            let probe = case.at + Duration::seconds((span as f64 * fraction) as i64);
            prop_assert!(probe < next);
            prop_assert!(!case.allowed_at(probe), "allowed at {probe}, before next_allowed_at {next}");
        }
    }

    #[test]
    fn a_denial_time_cannot_lift_has_no_next_allowed_at(case in case()) {
        let answer = case.verdict_at(case.at);
        if answer.reasons.iter().any(|r| !r.code.lifts_with_time()) {
            prop_assert_eq!(answer.next_allowed_at, None);
        }
        if answer.allowed {
            prop_assert_eq!(answer.next_allowed_at, None);
            prop_assert!(answer.reasons.is_empty());
        }
    }

    #[test]
    fn an_essential_purpose_is_allowed_whenever_the_channel_is_available(case in case()) {
        let case = Case { purpose: Purpose::SecurityAlert, ..case };
        let available = (!case.channel.needs_phone() || case.has_phone)
            && (!case.channel.needs_email() || case.has_email);
        prop_assert_eq!(case.allowed_at(case.at), available);
    }

    #[test]
    fn adding_an_attempt_never_turns_a_deny_into_an_allow(case in case(), extra in instant().prop_flat_map(attempt)) {
        if !case.allowed_at(case.at) {
            let mut more = case.clone();
            more.attempts.push(extra);
            prop_assert!(!more.allowed_at(case.at));
        }
    }

    #[test]
    fn the_same_inputs_always_give_the_same_answer(case in case()) {
        prop_assert_eq!(case.verdict_at(case.at), case.verdict_at(case.at));
    }

    #[test]
    fn the_refusal_codes_alone_are_the_codes_of_the_full_answer(case in case()) {
        let facts = CustomerFacts {
            has_phone: case.has_phone,
            has_email: case.has_email,
            on_national_dnc: case.on_national_dnc,
            preferences: &case.prefs,
            attempts: &case.attempts,
            protection: case.protection,
        };
        let codes = refusal_codes(&case.policy, &facts, case.channel, &case.purpose, case.at);
        let full: Vec<ReasonCode> = case.verdict_at(case.at).reasons.iter().map(|r| r.code).collect();
        prop_assert_eq!(codes, full);
    }

    #[test]
    fn every_reason_is_written_in_english_and_chinese(case in case()) {
        let is_cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        for reason in case.verdict_at(case.at).reasons {
            prop_assert!(!reason.message.is_empty() && !reason.message.chars().any(is_cjk), "{:?}", reason);
            prop_assert!(reason.message_zh.chars().any(is_cjk), "{:?}", reason);
            let mut chinese = reason.clone();
            chinese.localize(reachguard_domain::Language::ZhCn);
            prop_assert_eq!(chinese.message, reason.message_zh.clone());
        }
    }

    #[test]
    fn under_extra_care_collections_keep_to_its_hours_and_one_call_a_day(
        case in case(),
        care in instant().prop_flat_map(protection),
        sms in any::<bool>(),
    ) {
        let channel = if sms { Channel::Sms } else { Channel::Voice };
        let case = Case { purpose: Purpose::Collections, channel, protection: Some(care), ..case };
        let zone = case.prefs.zone(&case.policy);
        let answer = case.verdict_at(case.at);
        if care.holds_at(case.at) {
            let local = case.at.with_timezone(&zone);
            let in_care_hours = reachguard_domain::protection::CARE_COLLECTIONS_HOURS.contains(local.time());
            let called_today = channel == Channel::Voice && case.attempts.iter().any(|a| {
                a.channel == Channel::Voice
                    && a.purpose == Purpose::Collections
                    && a.at <= case.at
                    && a.at.with_timezone(&zone).date_naive() == local.date_naive()
            });
            if !in_care_hours || called_today {
                prop_assert!(!answer.allowed);
                prop_assert!(answer.reasons.iter().any(|r| r.code == ReasonCode::ProtectedCustomer));
            }
        } else {
            prop_assert!(answer.reasons.iter().all(|r| r.code != ReasonCode::ProtectedCustomer));
        }
        if let Some(next) = answer.next_allowed_at {
            prop_assert!(case.allowed_at(next), "not allowed at next_allowed_at {next}");
            prop_assert!(!case.allowed_at(next - Duration::seconds(1)), "already allowed a second before {next}");
        }
    }

    #[test]
    fn under_extra_care_marketing_is_denied_and_other_purposes_are_untouched(
        case in case(),
        care in instant().prop_flat_map(protection),
    ) {
        let cared = Case { protection: Some(care), ..case.clone() };
        let without = Case { protection: None, ..case.clone() };
        let answer = cared.verdict_at(case.at);
        if care.holds_at(case.at) && case.purpose.is_marketing() {
            prop_assert!(!answer.allowed);
            prop_assert!(answer.reasons.iter().any(|r| r.code == ReasonCode::ProtectedCustomer));
        }
        if !case.purpose.is_marketing() && case.purpose != Purpose::Collections {
            prop_assert_eq!(answer, without.verdict_at(case.at));
        }
    }
}
