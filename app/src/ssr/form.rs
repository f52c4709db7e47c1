//! The preferences form: made from a customer's record, read back into a
//! write, and saved for the borrower or for staff on their behalf.

use super::{borrower_record, unavailable};
use crate::borrower::types::*;
use crate::error::PageError;
use crate::i18n::{self, W};
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use reachguard_core::Services;
use reachguard_core::records::{ChangeBy, CustomerRecord};
use reachguard_domain::decision::start_of_day;
use reachguard_domain::preferences::{MAX_SNOOZE_DAYS, PurposeWrite};
use reachguard_domain::{
    Channel, ClockTime, ContactWindow, CustomerId, Day, Language, Policy, PreferencesProblem,
    PreferencesWrite,
};

/// The document as the form shows it.
pub fn preferences_form(
    record: &CustomerRecord,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> PreferencesForm {
    let prefs = &record.preferences;
    let purposes = policy
        .purposes()
        .into_iter()
        .map(|purpose| {
            let accepted = prefs.channels_for(policy, &purpose);
            let mut channels: Vec<ChannelChoice> = accepted
                .iter()
                .map(|c| ChannelChoice {
                    channel: *c,
                    accepted: true,
                })
                .collect();
            channels.extend(
                Channel::DEFAULT_ORDER
                    .into_iter()
                    .filter(|c| !accepted.contains(c))
                    .map(|channel| ChannelChoice {
                        channel,
                        accepted: false,
                    }),
            );
            PurposeForm {
                label: i18n::purpose_name(&purpose.to_string(), policy, language),
                essential: purpose.is_essential(),
                marketing: purpose.is_marketing(),
                purpose: purpose.to_string(),
                channels,
            }
        })
        .collect();
    PreferencesForm {
        version: record.version,
        do_not_call: prefs.do_not_call,
        purposes,
        windows: prefs
            .contact_windows
            .iter()
            .map(|w| WindowForm {
                days: w.days.iter().map(|d| d.name().to_owned()).collect(),
                start: w.start.to_string(),
                end: w.end.to_string(),
            })
            .collect(),
        max_calls_per_week: prefs.max_calls_per_week,
        snooze_until: prefs
            .snooze_until
            .filter(|until| *until > Utc::now())
            .map(|until| until.with_timezone(&zone).format("%Y-%m-%d").to_string()),
        time_zone: zone.name().to_owned(),
        language: prefs.language,
        in_a_week: local_day_after(chrono::Duration::days(7), zone),
        in_a_month: local_day_after(chrono::Duration::days(30), zone),
        // That day's midnight, where a snooze ends, is within the domain's
        // bound: the bound's instant falls on that day.
        latest_snooze: local_day_after(chrono::Duration::days(MAX_SNOOZE_DAYS), zone),
    }
}

fn local_day_after(span: chrono::Duration, zone: Tz) -> String {
    (Utc::now() + span)
        .with_timezone(&zone)
        .format("%Y-%m-%d")
        .to_string()
}

fn refusal(field: impl Into<String>, word: W, language: Language) -> Refusal {
    Refusal {
        field: field.into(),
        message: word.text(language).to_owned(),
    }
}

/// The form read into a write of the whole document, or every field whose
/// text cannot be read (a time zone's name, a date, a time of day). What a
/// write may hold is the domain's to say ([`Preferences::apply`]):
/// [`refusal_for`] puts its problems beside the form's fields.
///
/// [`Preferences::apply`]: reachguard_domain::Preferences::apply
pub fn write_from_form(
    form: &PreferencesForm,
    language: Language,
) -> Result<PreferencesWrite, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let zone = form.time_zone.trim().parse::<Tz>().ok();
    if zone.is_none() {
        refusals.push(refusal("time_zone", W::UnknownTimeZone, language));
    }
    let snooze_until = match form.snooze_until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(date) => {
            let start = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .zip(zone)
                .and_then(|(date, zone)| start_of_day(zone, date));
            if start.is_none() {
                refusals.push(refusal("snooze_until", W::SnoozeDateInvalid, language));
            }
            start
        }
    };
    let purposes = form
        .purposes
        .iter()
        .map(|purpose| {
            let channels = purpose
                .channels
                .iter()
                .filter(|c| c.accepted)
                .map(|c| c.channel)
                .collect();
            let write = PurposeWrite {
                channels,
                explicit: None,
            };
            (purpose.purpose.clone(), write)
        })
        .collect();
    let mut contact_windows = Vec::with_capacity(form.windows.len());
    for (i, window) in form.windows.iter().enumerate() {
        let days: Option<Vec<Day>> = window.days.iter().map(|d| Day::from_name(d)).collect();
        let times = (
            window.start.parse::<ClockTime>(),
            window.end.parse::<ClockTime>(),
        );
        match (days, times) {
            (Some(days), (Ok(start), Ok(end))) => {
                contact_windows.push(ContactWindow { days, start, end })
            }
            // Only a request made by hand names a day the form does not offer.
            (None, _) => refusals.push(refusal(format!("windows.{i}"), W::FormInvalid, language)),
            (_, _) => refusals.push(refusal(
                format!("windows.{i}"),
                W::WindowStartBeforeEnd,
                language,
            )),
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok(PreferencesWrite {
        do_not_call: form.do_not_call,
        purposes,
        contact_windows,
        max_calls_per_week: form.max_calls_per_week,
        snooze_until,
        time_zone: zone,
        language: Some(form.language),
    })
}

/// Where on the form a problem the domain found is shown, in the reader's
/// words. The form names a window `windows.N` and a purpose by its name.
pub fn refusal_for(problem: &PreferencesProblem, language: Language) -> Refusal {
    use PreferencesProblem as P;
    let (field, word) = match problem {
        P::KeepOneChannel { purpose } => (format!("purposes.{purpose}"), W::KeepOneChannel),
        // The form offers each channel once: only a request made by hand
        // names one twice.
        P::ChannelTwice { purpose, .. } => (format!("purposes.{purpose}"), W::FormInvalid),
        // Staff may have taken a topic away since the form was drawn.
        P::UnknownPurpose { .. } => (String::new(), W::PurposeGone),
        // The form stops adding windows at the most, so this is a page
        // sent by hand.
        P::TooManyWindows { .. } => (String::new(), W::TooManyWindows),
        P::WindowWithoutDays { window } => (format!("windows.{window}"), W::WindowNeedsDay),
        P::EmptyWindow { window, .. } | P::StartsAtEndOfDay { window } => {
            (format!("windows.{window}"), W::WindowStartBeforeEnd)
        }
        P::CallLimitTooHigh { .. } => ("max_calls_per_week".to_owned(), W::CallLimitRange),
        P::SnoozeTooLong { .. } => ("snooze_until".to_owned(), W::SnoozeDateInvalid),
    };
    refusal(field, word, language)
}

/// Saves the preferences form for `customer` as `by` made the change: the
/// borrower on their page, or staff recording the customer's request. One
/// versioned write either way; a change made meanwhile is never overwritten.
pub async fn save_form(
    services: &Services,
    customer: &CustomerId,
    form: &PreferencesForm,
    by: &ChangeBy<'_>,
) -> Result<SaveOutcome, PageError> {
    use reachguard_core::preferences::PreferencesError;
    let language = i18n::use_language();
    let write = match write_from_form(form, language) {
        Ok(write) => write,
        Err(refusals) => return Ok(SaveOutcome::Refused(refusals)),
    };
    match services
        .update_preferences(customer, form.version, write, by)
        .await
    {
        Ok(record) => {
            let policy = services.policy_now().await.map_err(unavailable)?;
            let zone = record.preferences.zone(&policy);
            Ok(SaveOutcome::Saved(preferences_form(
                &record, &policy, zone, language,
            )))
        }
        Err(PreferencesError::Stale { .. }) => {
            let (record, policy, zone) = borrower_record(services, customer).await?;
            Ok(SaveOutcome::Conflict(preferences_form(
                &record, &policy, zone, language,
            )))
        }
        Err(PreferencesError::Invalid(problems)) => {
            let mut refusals: Vec<Refusal> = Vec::with_capacity(problems.len());
            // Two problems of one window (a start of 24:00 is also not
            // before its end) are one message beside it.
            for refusal in problems.iter().map(|p| refusal_for(p, language)) {
                if !refusals.contains(&refusal) {
                    refusals.push(refusal);
                }
            }
            Ok(SaveOutcome::Refused(refusals))
        }
        // The customer's own saves on the pages have a day's quota.
        Err(PreferencesError::TooManySaves) => Ok(SaveOutcome::Refused(vec![refusal(
            "",
            W::TooManySaves,
            language,
        )])),
        Err(PreferencesError::NotFound(_)) => Err(PageError::NotSignedIn),
        Err(PreferencesError::Storage(error)) => Err(unavailable(error)),
    }
}
