//! Server-side helpers of the borrower's server functions: who is signed
//! in, and the bank's records turned into the words and local times the
//! pages show. Only compiled into the server.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use reachguard_core::Services;
use reachguard_core::complaints::Complaint;
use reachguard_core::signin::BorrowerSession;
use reachguard_domain::{
    Channel, ContactWindow, CustomerId, Language, Policy, Preferences, PreferencesWrite, ReasonCode,
};
use reachguard_storage::{AttemptRecord, CustomerRecord, KeptDecision};

use super::types::*;
use crate::i18n::{self, W};

/// The message a server function fails with when nobody is signed in; the
/// pages recognise it and offer to sign in.
pub const NOT_SIGNED_IN: &str = "not signed in";

pub fn services() -> Result<Services, ServerFnError> {
    use_context::<Services>().ok_or_else(|| ServerFnError::new("the server is not set up"))
}

/// The signed-in borrower, from the session and never from the request.
/// Nobody signed in: the call fails with 401.
pub async fn signed_in() -> Result<CustomerId, ServerFnError> {
    let session: Option<BorrowerSession> = leptos_axum::extract().await.ok();
    match session.and_then(|s| s.user) {
        Some(borrower) => Ok(borrower.customer_id),
        None => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::UNAUTHORIZED);
            }
            Err(ServerFnError::new(NOT_SIGNED_IN))
        }
    }
}

/// A try at a borrower's password that was not checked, in words beside
/// `field`: the login is locked (until when, in the bank's zone), this
/// address has tried too often, or the hashes are all busy. A storage
/// failure is the server's.
pub async fn refused_try(
    services: &Services,
    field: &str,
    error: reachguard_core::signin::SignInError,
    language: Language,
) -> Result<Outcome, ServerFnError> {
    use reachguard_core::signin::SignInError;
    let message = match error {
        SignInError::AccountLocked { until } => {
            let zone = services
                .policy
                .current(&services.db)
                .await
                .map_err(unavailable)?
                .pack
                .default_time_zone();
            i18n::try_again_after(&local_time(until, zone, language), language)
        }
        SignInError::AddressThrottled { retry_after } => {
            i18n::try_again_in_minutes(retry_after.as_secs().div_ceil(60).max(1), language)
        }
        SignInError::Busy(_) => W::Unavailable.text(language).to_owned(),
        SignInError::Storage(error) => return Err(unavailable(error)),
    };
    Ok(Outcome::refused(field, message))
}

/// A quota reached (see `reachguard_core::quotas`): 429, with why in words.
pub fn too_many(why: W) -> ServerFnError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
    }
    ServerFnError::new(why.text(i18n::use_language()))
}

/// A storage failure, logged in full and shown to the borrower in words.
pub fn unavailable(error: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(%error, "a borrower's request failed");
    ServerFnError::new(W::Unavailable.text(i18n::use_language()))
}

/// The signed-in borrower's record, the policy in force and their zone.
pub async fn borrower_record(
    services: &Services,
    customer: &CustomerId,
) -> Result<(CustomerRecord, Policy, Tz), ServerFnError> {
    let record = services
        .db
        .customer(customer.as_str())
        .await
        .map_err(unavailable)?
        .ok_or_else(|| ServerFnError::new(NOT_SIGNED_IN))?;
    let policy = services
        .policy
        .current(&services.db)
        .await
        .map_err(unavailable)?;
    let zone = record.preferences.zone(&policy);
    Ok((record, policy, zone))
}

pub fn local_time(at: DateTime<Utc>, zone: Tz, language: Language) -> String {
    let local = at.with_timezone(&zone);
    match language {
        Language::ZhCn => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Language::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

pub fn local_date(at: DateTime<Utc>, zone: Tz, language: Language) -> String {
    let local = at.with_timezone(&zone);
    match language {
        Language::ZhCn => local.format("%Y年%-m月%-d日").to_string(),
        Language::En => local.format("%-d %b %Y").to_string(),
    }
}

pub fn from_seconds(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Why a contact was against policy, as the borrower reads it: the rule in
/// plain words. (The API's messages name settings and codes, for bank staff.)
pub fn reason_words(
    codes: impl IntoIterator<Item = ReasonCode>,
    language: Language,
) -> Vec<String> {
    codes
        .into_iter()
        .map(|code| i18n::reason_text(code, language).to_owned())
        .collect()
}

pub fn contact_view(
    attempt: AttemptRecord,
    decision: Option<KeptDecision>,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> ContactView {
    let reasons: Vec<StoredReason> = attempt
        .reasons
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let channel = attempt
        .channel
        .parse::<Channel>()
        .map(|c| i18n::channel_name(c, language).to_owned())
        .unwrap_or(attempt.channel);
    ContactView {
        when: local_time(from_seconds(attempt.at), zone, language),
        purpose: i18n::purpose_name(&attempt.purpose, policy, language),
        system: attempt.system.unwrap_or(attempt.recorded_by),
        outcome: i18n::outcome_name(&attempt.outcome, language).to_owned(),
        allowed: attempt.allowed,
        reasons: reason_words(reasons.into_iter().map(|r| r.code), language),
        decision: decision.map(|d| {
            i18n::decision_asked(
                &local_time(from_seconds(d.decided_at), zone, language),
                d.allowed,
                language,
            )
        }),
        attempt_id: attempt.attempt_id,
        channel,
    }
}

/// A reason as kept with an attempt; its message is for bank staff.
#[derive(serde::Deserialize)]
struct StoredReason {
    code: ReasonCode,
}

/// A contact as staff read it: like the borrower's view, but each reason
/// named as staff name it ("outside legal hours"), not said to the borrower
/// ("you asked not to be called").
pub fn staff_contact_view(
    attempt: AttemptRecord,
    decision: Option<KeptDecision>,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> ContactView {
    let codes: Vec<StoredReason> = attempt
        .reasons
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let mut view = contact_view(attempt, decision, policy, zone, language);
    view.reasons = codes
        .into_iter()
        .map(|r| i18n::reason_label(r.code, language).to_owned())
        .collect();
    view
}

pub fn complaint_view(complaint: Complaint, zone: Tz, language: Language) -> ComplaintView {
    ComplaintView {
        received: local_date(complaint.received_at, zone, language),
        category: i18n::category_name(complaint.category, language).to_owned(),
        status: i18n::status_name(complaint.status, language).to_owned(),
        open: complaint.status.awaits_answer(),
        due: local_date(complaint.due_at, zone, language),
        complaint_id: complaint.complaint_id,
        details: complaint.details,
        extended_reason: complaint.extended_reason,
        answer: complaint.answer,
        contact: complaint.attempt_id,
    }
}

fn channel_list(channels: &[Channel], language: Language) -> String {
    let names: Vec<String> = channels
        .iter()
        .map(|c| i18n::channel_name(*c, language).to_owned())
        .collect();
    i18n::join(&names, language)
}

fn windows_text(windows: &[ContactWindow], language: Language) -> String {
    let parts: Vec<String> = windows
        .iter()
        .map(|w| {
            let days: Vec<String> = w
                .days
                .iter()
                .map(|d| i18n::day_name(d.name(), language).to_owned())
                .collect();
            format!("{} {}–{}", i18n::join(&days, language), w.start, w.end)
        })
        .collect();
    i18n::join(&parts, language)
}

/// What the bank may do now, in plain sentences.
pub fn summary(prefs: &Preferences, policy: &Policy, zone: Tz, language: Language) -> Vec<String> {
    let mut lines = Vec::new();
    let now = Utc::now();
    if let Some(until) = prefs.snooze_until.filter(|u| *u > now) {
        lines.push(i18n::paused_until(
            &local_time(until, zone, language),
            language,
        ));
    }
    let mut refused_marketing = Vec::new();
    let mut accepted_marketing = Vec::new();
    // Service purposes that accept the same channels share one sentence.
    let mut service: Vec<(Vec<Channel>, Vec<String>)> = Vec::new();
    for (purpose, choice) in &prefs.purposes {
        if purpose.is_essential() {
            continue;
        }
        let name = i18n::purpose_name(&purpose.to_string(), policy, language);
        let mut channels = choice.channels.clone();
        if prefs.do_not_call {
            channels.retain(|c| *c != Channel::Voice);
        }
        if purpose.is_marketing() {
            if channels.is_empty() {
                refused_marketing.push(name);
            } else {
                accepted_marketing.push(i18n::may_contact_about(
                    &name,
                    &channel_list(&channels, language),
                    language,
                ));
            }
        } else if channels.is_empty() {
            lines.push(i18n::not_about(&name, language));
        } else {
            match service.iter_mut().find(|(same, _)| *same == channels) {
                Some((_, names)) => names.push(name),
                None => service.push((channels, vec![name])),
            }
        }
    }
    for (channels, names) in service {
        lines.push(i18n::may_contact_about(
            &i18n::join(&names, language),
            &channel_list(&channels, language),
            language,
        ));
    }
    if accepted_marketing.is_empty() {
        lines.push(W::NoMarketingAtAll.text(language).to_owned());
    } else {
        lines.extend(accepted_marketing);
        if !refused_marketing.is_empty() {
            lines.push(i18n::not_about(
                &i18n::join(&refused_marketing, language),
                language,
            ));
        }
    }
    if prefs.do_not_call {
        lines.push(W::NoCallsExceptSecurity.text(language).to_owned());
    }
    if !prefs.contact_windows.is_empty() {
        lines.push(i18n::only_in_windows(
            &windows_text(&prefs.contact_windows, language),
            language,
        ));
    }
    if let Some(n) = prefs.max_calls_per_week {
        lines.push(i18n::calls_a_week(n, language));
    }
    lines.push(W::SecurityAlertsAlways.text(language).to_owned());
    lines
}

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

/// What one ledger entry changed, in words.
pub fn ledger_changes(
    before: Option<&Preferences>,
    after: &Preferences,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> Vec<String> {
    let Some(before) = before else {
        return vec![W::StartedWithDefaults.text(language).to_owned()];
    };
    let mut changes = Vec::new();
    let on_off = |on: bool| if on { W::On } else { W::Off }.text(language);
    if before.do_not_call != after.do_not_call {
        changes.push(i18n::was_now(
            W::DoNotCall.text(language),
            on_off(before.do_not_call),
            on_off(after.do_not_call),
            language,
        ));
    }
    for (purpose, choice) in &after.purposes {
        let was = before.channels_for(policy, purpose);
        if was != choice.channels {
            let list = |channels: &[Channel]| {
                if channels.is_empty() {
                    W::NoChannel.text(language).to_owned()
                } else {
                    channel_list(channels, language)
                }
            };
            changes.push(i18n::was_now(
                &i18n::purpose_name(&purpose.to_string(), policy, language),
                &list(&was),
                &list(&choice.channels),
                language,
            ));
        }
    }
    if before.contact_windows != after.contact_windows {
        let text = |w: &[ContactWindow]| {
            if w.is_empty() {
                W::AnyTime.text(language).to_owned()
            } else {
                windows_text(w, language)
            }
        };
        changes.push(i18n::was_now(
            W::ContactTimes.text(language),
            &text(&before.contact_windows),
            &text(&after.contact_windows),
            language,
        ));
    }
    if before.max_calls_per_week != after.max_calls_per_week {
        let text =
            |n: Option<u8>| n.map_or(W::NoLimit.text(language).to_owned(), |n| n.to_string());
        changes.push(i18n::was_now(
            W::WeeklyCallLimit.text(language),
            &text(before.max_calls_per_week),
            &text(after.max_calls_per_week),
            language,
        ));
    }
    if before.snooze_until != after.snooze_until {
        let text = |s: Option<DateTime<Utc>>| {
            s.map_or(W::NotPaused.text(language).to_owned(), |s| {
                local_time(s, zone, language)
            })
        };
        changes.push(i18n::was_now(
            W::Snooze.text(language),
            &text(before.snooze_until),
            &text(after.snooze_until),
            language,
        ));
    }
    if before.time_zone != after.time_zone {
        changes.push(i18n::was_now(
            W::TimeZone.text(language),
            before.zone(policy).name(),
            after.zone(policy).name(),
            language,
        ));
    }
    if before.language != after.language {
        changes.push(i18n::was_now(
            W::LanguageForContact.text(language),
            before.language.own_name(),
            after.language.own_name(),
            language,
        ));
    }
    if changes.is_empty() {
        changes.push(W::NothingChanged.text(language).to_owned());
    }
    changes
}

/// Saves the preferences form for `customer` as `by` made the change: the
/// borrower on their page, or staff recording the customer's request. One
/// versioned write either way; a change made meanwhile is never overwritten.
pub async fn save_form(
    services: &Services,
    customer: &CustomerId,
    form: &PreferencesForm,
    by: &reachguard_storage::ChangeBy<'_>,
) -> Result<SaveOutcome, ServerFnError> {
    use reachguard_core::preferences::PreferencesError;
    let language = i18n::use_language();
    let write = match write_from_form(form, language) {
        Ok(write) => write,
        Err(refusals) => return Ok(SaveOutcome::Refused(refusals)),
    };
    // The customer's own saves (on the page or through a link) have a
    // day's quota; staff recording a request do not.
    if by.actor == &reachguard_domain::Actor::Customer
        && reachguard_core::quotas::may_save(&services.db, customer)
            .await
            .map_err(unavailable)?
            .is_err()
    {
        return Ok(SaveOutcome::Refused(vec![refusal(
            "",
            W::TooManySaves,
            language,
        )]));
    }
    match services
        .update_preferences(customer, form.version, write, by)
        .await
    {
        Ok(record) => {
            let policy = services
                .policy
                .current(&services.db)
                .await
                .map_err(unavailable)?;
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
        Err(PreferencesError::NotFound(_)) => Err(ServerFnError::new(NOT_SIGNED_IN)),
        Err(PreferencesError::Storage(error)) => Err(unavailable(error)),
    }
}

/// Ledger entries on one page, on the borrower's and on staff's.
pub const CHANGES_A_PAGE: i64 = 50;

/// One page of the customer's ledger, newest first, older than `before`;
/// and where the next older page starts, if there is one.
pub async fn ledger_page(
    db: &reachguard_storage::Database,
    customer: &reachguard_domain::CustomerId,
    before: Option<i64>,
) -> Result<(Vec<reachguard_storage::LedgerEntry>, Option<i64>), reachguard_storage::StorageError> {
    let mut entries = db.ledger_of(customer, before, CHANGES_A_PAGE + 1).await?;
    let more = entries.len() as i64 > CHANGES_A_PAGE;
    entries.truncate(CHANGES_A_PAGE as usize);
    let older = if more {
        entries.last().map(|e| e.seq)
    } else {
        None
    };
    Ok((entries, older))
}

/// One ledger entry in words: when, who, through what, their note, and
/// what changed.
pub fn choice_view(
    entry: reachguard_storage::LedgerEntry,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> ChoiceView {
    ChoiceView {
        when: local_time(from_seconds(entry.changed_at), zone, language),
        who: i18n::actor_name(&entry.actor, language),
        // A bank system's change came through the API: its name says so.
        // A change recorded by phone or in a branch names the system that
        // sent it, when one did.
        // An SMS reply or a link says itself how it came.
        through: match &entry.via {
            Some(via) => Some(i18n::via_name(via, language)),
            None => (entry.source != "api").then(|| {
                let source = i18n::source_name(&entry.source, language);
                match &entry.api_client {
                    Some(client) => format!("{source} ({client})"),
                    None => source.to_owned(),
                }
            }),
        },
        changes: ledger_changes(entry.before.as_ref(), &entry.after, policy, zone, language),
        note: entry.note,
    }
}
