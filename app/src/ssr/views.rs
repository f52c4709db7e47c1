//! The bank's records in the reader's words: contacts and why they were
//! allowed, complaints, what the bank may do now, changes in the ledger.

use super::{from_seconds, local_date, local_time};
use crate::borrower::types::*;
use crate::i18n::{self, W};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use reachguard_core::complaints::Complaint;
use reachguard_core::contacts::Contact;
use reachguard_core::records::LedgerEntry;
use reachguard_domain::{
    Channel, ContactWindow, Language, Policy, Preferences, ReasonCode, Source,
};

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
    contact: Contact,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> ContactView {
    let Contact {
        attempt,
        reasons,
        decision,
    } = contact;
    let channel = i18n::channel_name(attempt.channel, language).to_owned();
    ContactView {
        when: local_time(from_seconds(attempt.at), zone, language),
        purpose: i18n::purpose_name(&attempt.purpose.to_string(), policy, language),
        system: attempt.system.unwrap_or(attempt.recorded_by),
        outcome: i18n::outcome_name(attempt.outcome, language).to_owned(),
        allowed: attempt.allowed,
        reasons: reason_words(reasons, language),
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

/// A contact as staff read it: like the borrower's view, but each reason
/// named as staff name it ("outside legal hours"), not said to the borrower
/// ("you asked not to be called").
pub fn staff_contact_view(
    contact: Contact,
    policy: &Policy,
    zone: Tz,
    language: Language,
) -> ContactView {
    let codes = contact.reasons.clone();
    let mut view = contact_view(contact, policy, zone, language);
    view.reasons = codes
        .into_iter()
        .map(|code| i18n::reason_label(code, language).to_owned())
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

/// One ledger entry in words: when, who, through what, their note, and
/// what changed.
pub fn choice_view(
    entry: LedgerEntry,
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
            None => (entry.source != Source::Api).then(|| {
                let source = i18n::source_name(entry.source, language);
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
