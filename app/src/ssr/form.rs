//! The preferences form: made from a customer's record, read back into a
//! write, and saved for the borrower or for staff on their behalf.

use super::{borrower_record, unavailable};
use crate::borrower::types::*;
use crate::error::PageError;
use crate::i18n::{self, W};
use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use reachguard_core::Services;
use reachguard_core::records::{ChangeBy, CustomerRecord};
use reachguard_domain::{Channel, CustomerId, Language, Policy, PreferencesWrite};

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

/// The form as a write of the whole document, or every field that is wrong.
/// The domain's own checks (a service purpose keeping a channel, windows
/// that start before they end) run after this, on the write.
pub fn write_from_form(
    form: &PreferencesForm,
    language: Language,
) -> Result<PreferencesWrite, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let zone: Option<Tz> = match form.time_zone.trim().parse::<Tz>() {
        Ok(zone) => Some(zone),
        Err(_) => {
            refusals.push(refusal("time_zone", W::UnknownTimeZone, language));
            None
        }
    };
    let snooze_until = match form.snooze_until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(date) => match (NaiveDate::parse_from_str(date, "%Y-%m-%d"), zone) {
            (Ok(date), Some(zone)) => date
                .and_hms_opt(0, 0, 0)
                .and_then(|midnight| zone.from_local_datetime(&midnight).earliest())
                .map(|local| local.with_timezone(&Utc))
                .filter(|until| *until <= Utc::now() + chrono::Duration::days(366)),
            _ => None,
        }
        .map(Some)
        .unwrap_or_else(|| {
            refusals.push(refusal("snooze_until", W::SnoozeDateInvalid, language));
            None
        }),
    };
    let mut purposes = serde_json::Map::new();
    for purpose in &form.purposes {
        let channels: Vec<&str> = purpose
            .channels
            .iter()
            .filter(|c| c.accepted)
            .map(|c| c.channel.as_str())
            .collect();
        if channels.is_empty() && !purpose.marketing {
            refusals.push(refusal(
                format!("purposes.{}", purpose.purpose),
                W::KeepOneChannel,
                language,
            ));
        }
        purposes.insert(
            purpose.purpose.clone(),
            serde_json::json!({ "channels": channels }),
        );
    }
    let windows: Vec<serde_json::Value> = form
        .windows
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if w.days.is_empty() {
                refusals.push(refusal(format!("windows.{i}"), W::WindowNeedsDay, language));
            }
            let valid_time = |t: &str| t.parse::<reachguard_domain::ClockTime>().is_ok();
            if !valid_time(&w.start) || !valid_time(&w.end) || w.start >= w.end {
                refusals.push(refusal(
                    format!("windows.{i}"),
                    W::WindowStartBeforeEnd,
                    language,
                ));
            }
            serde_json::json!({ "days": w.days, "start": w.start, "end": w.end })
        })
        .collect();
    if form.max_calls_per_week.is_some_and(|n| n > 21) {
        refusals.push(refusal("max_calls_per_week", W::CallLimitRange, language));
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let document = serde_json::json!({
        "do_not_call": form.do_not_call,
        "purposes": purposes,
        "contact_windows": windows,
        "max_calls_per_week": form.max_calls_per_week,
        "snooze_until": snooze_until,
        "time_zone": zone.map(|z| z.name()),
        "language": form.language,
    });
    serde_json::from_value(document).map_err(|_| vec![refusal("", W::FormInvalid, language)])
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
        Err(PreferencesError::Invalid(errors)) => Ok(SaveOutcome::Refused(
            errors
                .into_iter()
                .map(|e| Refusal {
                    // The form names windows `windows.N`, the document
                    // `contact_windows[N]`.
                    field: e
                        .field
                        .replace("contact_windows[", "windows.")
                        .replace("].", "."),
                    message: e.message,
                })
                .collect(),
        )),
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
