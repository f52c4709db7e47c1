//! Extra care on the customer page (contract section 7): whether it is in
//! place, until when and why, and each change; an agent, a supervisor or
//! an admin puts it in place, changes it or ends it, with a reason, the
//! last day it holds and a note. Decisions for every system follow at once.

use leptos::prelude::*;

use super::types::{CareView, Outcome};
use crate::components::{FieldMessage, invalid, refusals, reload_when};
use crate::error::PageError;
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

/// The extra care card of a customer's page.
#[component]
pub fn ExtraCareCard(customer_id: String, care: CareView) -> impl IntoView {
    let in_force = care.in_force.is_some();
    view! {
        <section class="card" id="extra-care">
            <h2>{t(W::ExtraCare)}</h2>
            {match care.in_force {
                Some(summary) => view! { <p class="notice notice-warning">{summary}</p> }.into_any(),
                None => view! { <p>{t(W::NoExtraCare)}</p> }.into_any(),
            }}
            {(!care.history.is_empty()).then(|| view! {
                <details>
                    <summary>{t(W::CareHistory)}</summary>
                    <ul class="plain-list">
                        {care.history.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </details>
            })}
            {care.may_set.then(|| view! {
                <CareForm customer_id in_force reasons=care.reasons reason=care.reason_default until=care.until_default/>
            })}
        </section>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn CareForm(
    customer_id: String,
    in_force: bool,
    /// Each reason's code and name.
    reasons: Vec<(String, String)>,
    /// The reason chosen at first.
    reason: String,
    /// The day the date field starts at (`YYYY-MM-DD`).
    until: String,
) -> impl IntoView {
    let set = ServerAction::<SetCare>::new();
    let end = ServerAction::<EndCare>::new();
    reload_when(move || {
        matches!(set.value().get(), Some(Ok(Outcome::Done)))
            || matches!(end.value().get(), Some(Ok(Outcome::Done)))
    });
    let refused = Signal::derive(move || refusals(set.value().get()));
    let form_error = move || match (set.value().get(), end.value().get()) {
        (Some(Err(_)), _) | (_, Some(Err(_))) => Some(t(W::Unavailable).to_owned()),
        (Some(Ok(Outcome::Refused(r))), _) | (_, Some(Ok(Outcome::Refused(r)))) => r
            .into_iter()
            .find(|r| r.field.is_empty())
            .map(|r| r.message),
        _ => None,
    };
    let id_for_end = customer_id.clone();
    view! {
        {move || form_error().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
        <ActionForm action=set>
            <input type="hidden" name="customer_id" value=customer_id/>
            <label for="care-reason">{t(W::CareReason)}</label>
            <select id="care-reason" name="reason" aria-describedby="care-reason-error"
                aria-invalid=invalid(refused, "reason")>
                {reasons.into_iter().map(|(code, name)| {
                    let chosen = code == reason;
                    view! { <option value=code selected=chosen>{name}</option> }
                }).collect_view()}
            </select>
            <FieldMessage id="care-reason-error" field="reason" refusals=refused/>
            <label for="care-until">{t(W::CareUntil)}</label>
            <input type="date" id="care-until" name="until" value=until required
                aria-describedby="care-until-hint care-until-error" aria-invalid=invalid(refused, "until")/>
            <p class="hint" id="care-until-hint">{t(W::CareUntilHint)}</p>
            <FieldMessage id="care-until-error" field="until" refusals=refused/>
            <label for="care-note">{t(W::CareNote)}</label>
            <textarea id="care-note" name="note" rows="3" maxlength="500"
                aria-describedby="care-note-error" aria-invalid=invalid(refused, "note")></textarea>
            <FieldMessage id="care-note-error" field="note" refusals=refused/>
            <button type="submit" class="button primary" disabled=move || set.pending().get()>
                {if in_force { t(W::ChangeExtraCare) } else { t(W::SetExtraCare) }}
            </button>
        </ActionForm>
        {in_force.then(|| view! {
            <ActionForm action=end>
                <input type="hidden" name="customer_id" value=id_for_end/>
                <button type="submit" class="button danger-outline" disabled=move || end.pending().get()>
                    {t(W::EndExtraCare)}
                </button>
            </ActionForm>
        })}
    }
}

/// The care card's contents for a customer, in the reader's words.
#[cfg(feature = "ssr")]
pub fn care_view(
    care: Option<reachguard_core::records::CareRecord>,
    changes: Vec<reachguard_core::records::CareChange>,
    zone: chrono_tz::Tz,
    language: reachguard_domain::Language,
    may_set: bool,
) -> CareView {
    use reachguard_domain::CareReason;
    let now = chrono::Utc::now();
    let time = |at: chrono::DateTime<chrono::Utc>| staff_time(at, zone);
    let care = care.filter(|c| c.protection.holds_at(now));
    let day =
        |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&zone).format("%Y-%m-%d").to_string();
    // Care ends at the midnight after its last day.
    let (reason_default, until_default) = match &care {
        Some(c) => (
            c.protection.reason.as_str().to_owned(),
            day(c.protection.until - chrono::Duration::seconds(1)),
        ),
        None => (
            CareReason::FinancialHardship.as_str().to_owned(),
            day(now + chrono::Duration::days(90)),
        ),
    };
    CareView {
        in_force: care.map(|c| {
            i18n::care_in_force(
                i18n::care_reason_name(c.protection.reason, language),
                &time(c.protection.since),
                &time(c.protection.until),
                c.note.as_deref(),
                language,
            )
        }),
        history: changes
            .into_iter()
            .map(|c| {
                i18n::care_change(
                    &staff_time_of(c.at, zone),
                    &c.actor,
                    c.ended,
                    i18n::care_reason_name(c.protection.reason, language),
                    &time(c.protection.until),
                    c.note.as_deref(),
                    language,
                )
            })
            .collect(),
        may_set,
        reasons: CareReason::ALL
            .into_iter()
            .map(|r| {
                (
                    r.as_str().to_owned(),
                    i18n::care_reason_name(r, language).to_owned(),
                )
            })
            .collect(),
        reason_default,
        until_default,
    }
}

/// Puts extra care in place for the customer, or changes it: `reason` one
/// of the four, `until` the last day it holds (`YYYY-MM-DD` in the bank's
/// zone; it ends at the midnight after it).
#[server(prefix = "/staff/api", endpoint = "set_care")]
pub async fn set_care(
    customer_id: String,
    reason: String,
    until: String,
    #[server(default)] note: String,
) -> Result<Outcome, PageError> {
    use reachguard_core::care::{CareAsked, CareError, put};
    use reachguard_domain::{Actor, CareReason, CustomerId};
    let member = staff_may(StaffAction::SetExtraCare).await?;
    let language = use_language();
    let refused = |field: &str, word: W| Ok(Outcome::refused(field, word.text(language)));
    let (services, zone) = staff_services().await?;
    let Ok(id) = CustomerId::parse(customer_id.trim()) else {
        return refused("", W::NoCustomerFound);
    };
    let Some(reason) = CareReason::from_code(reason.trim()) else {
        return refused("reason", W::ChooseCareReason);
    };
    let Some(until) = chrono::NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|day| day.succ_opt())
        .and_then(|next| reachguard_domain::decision::start_of_day(zone, next))
    else {
        return refused("until", W::CareUntilRules);
    };
    let note = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    let asked = CareAsked {
        reason,
        until,
        note,
    };
    match put(&services, &id, asked, &actor).await {
        Ok(_) => {
            leptos_axum::redirect(&format!(
                "/staff/customers/{}#extra-care",
                crate::url::encode(id.as_str())
            ));
            Ok(Outcome::Done)
        }
        Err(CareError::NotFound(_)) => refused("", W::NoCustomerFound),
        Err(CareError::Invalid(errors)) => Ok(Outcome::Refused(
            errors
                .into_iter()
                .map(|e| super::types::Refusal {
                    message: match e.field.as_str() {
                        "note" => W::CareNoteRules,
                        _ => W::CareUntilRules,
                    }
                    .text(language)
                    .to_owned(),
                    field: e.field,
                })
                .collect(),
        )),
        Err(CareError::Storage(error)) => Err(staff_unavailable(error)),
    }
}

/// Ends the customer's extra care now (nothing changes when none is in
/// force).
#[server(prefix = "/staff/api", endpoint = "end_care")]
pub async fn end_care(customer_id: String) -> Result<Outcome, PageError> {
    use reachguard_core::care::{CareError, end};
    use reachguard_domain::{Actor, CustomerId};
    let member = staff_may(StaffAction::SetExtraCare).await?;
    let language = use_language();
    let Ok(id) = CustomerId::parse(customer_id.trim()) else {
        return Ok(Outcome::refused("", W::NoCustomerFound.text(language)));
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    match end(&services()?, &id, &actor).await {
        Ok(_) => {
            leptos_axum::redirect(&format!(
                "/staff/customers/{}#extra-care",
                crate::url::encode(id.as_str())
            ));
            Ok(Outcome::Done)
        }
        Err(CareError::NotFound(_)) => Ok(Outcome::refused("", W::NoCustomerFound.text(language))),
        Err(error) => Err(staff_unavailable(error)),
    }
}
