//! Property tests of what reads input from outside: times of day, contact
//! windows and preference writes. Whatever they are given, they answer or
//! refuse, never panic; and what they accept reads back as it was written.

use proptest::prelude::*;
use reachguard_domain::{
    ClockTime, ContactWindow, Policy, PolicyPack, Preferences, PreferencesWrite,
};

/// Strings near the shape of a time of day, and anything at all.
fn time_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9+\\- ]{1,3}:[0-9+\\- ]{1,3}",
        "[0-9]{2}:[0-9]{2}",
        "\\PC{0,8}",
    ]
}

/// JSON values near the shape of a contact window.
fn window_json() -> impl Strategy<Value = String> {
    let day = prop_oneof![
        Just("\"mon\"".to_owned()),
        Just("\"sun\"".to_owned()),
        "\"[a-z]{0,4}\"",
        Just("7".to_owned()),
        Just("null".to_owned()),
    ];
    (prop::collection::vec(day, 0..9), time_like(), time_like()).prop_map(|(days, start, end)| {
        format!(
            r#"{{"days":[{}],"start":{},"end":{}}}"#,
            days.join(","),
            serde_json::to_string(&start).unwrap(),
            serde_json::to_string(&end).unwrap()
        )
    })
}

proptest! {
    #[test]
    fn a_time_of_day_is_accepted_only_as_hh_mm_and_reads_back_the_same(text in time_like()) {
        if let Ok(time) = text.parse::<ClockTime>() {
            prop_assert_eq!(time.to_string(), text);
        }
    }

    #[test]
    fn every_minute_of_the_day_and_its_end_parse(hour in 0u16..24, minute in 0u16..60) {
        let text = format!("{hour:02}:{minute:02}");
        prop_assert_eq!(text.parse::<ClockTime>().unwrap().to_string(), text);
        prop_assert_eq!("24:00".parse::<ClockTime>().unwrap().to_string(), "24:00");
    }

    #[test]
    fn a_contact_window_reads_back_as_written_or_is_refused(json in window_json()) {
        if let Ok(window) = serde_json::from_str::<ContactWindow>(&json) {
            let again: ContactWindow = serde_json::from_str(&serde_json::to_string(&window).unwrap()).unwrap();
            prop_assert_eq!(again, window);
        }
    }

    #[test]
    fn a_preference_write_of_any_windows_is_applied_or_refused_by_field(
        windows in prop::collection::vec(window_json(), 0..40),
        do_not_call in any::<bool>(),
        max_calls in prop::option::of(any::<u8>()),
    ) {
        let json = format!(
            r#"{{"do_not_call":{do_not_call},"purposes":{{}},"contact_windows":[{}],"max_calls_per_week":{}}}"#,
            windows.join(","),
            max_calls.map_or("null".to_owned(), |n| n.to_string())
        );
        let Ok(write) = serde_json::from_str::<PreferencesWrite>(&json) else {
            return Ok(());
        };
        let policy = Policy::of_pack(PolicyPack::Cn, 1);
        match Preferences::defaults(&policy).apply(write, &policy, chrono::Utc::now()) {
            Ok(preferences) => prop_assert!(preferences.contact_windows.len() <= 28),
            Err(errors) => prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.field().is_empty())),
        }
    }
}
