//! A customer's file, as staff open it: what the bank may do now, the
//! changes they made, contacts and decisions, complaints, and a locked
//! sign-in to lift.

use super::types::*;
use crate::components::{Loaded, OlderChanges};
use crate::error::PageError;
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("customer").unwrap_or_default());
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let detail = Resource::new(
        move || (id(), before()),
        |(id, before)| customer_detail(id, before),
    );
    view! {
        <Loaded data=detail sign_in="/staff/signin" let:loaded>
            {match loaded {
                None => view! {
                    <h1>{t(W::NoCustomerFound)}</h1>
                    <p><a href="/staff/customers">{t(W::Customers)}</a></p>
                }.into_any(),
                Some(c) => view! {
                    <p class="breadcrumb"><a href="/staff/customers">{t(W::Customers)}</a></p>
                    <h1>{c.name.clone()}" · "{c.customer_id.clone()}</h1>
                    {c.may_change.then(|| view! {
                        <p><a class="button primary" href=format!("/staff/customers/{}/change", c.customer_id)>
                            {t(W::RecordChange)}
                        </a></p>
                    })}
                    {c.signin_locked_until.clone().map(|until| {
                        let customer_id = c.customer_id.clone();
                        view! {
                            <div class="notice notice-warning">
                                <p>{t(W::BorrowerLockedUntil)}" "{until}</p>
                                {c.may_unlock.then(|| view! { <UnlockBorrowerButton customer_id/> })}
                            </div>
                        }
                    })}
                    <super::extra_care::ExtraCareCard customer_id=c.customer_id.clone() care=c.care.clone()/>
                    <div class="detail-grid">
                        <section class="card">
                            <h2>{t(W::ContactData)}</h2>
                            <ul class="plain-list">
                                {c.phones.into_iter().map(|p| view! {
                                    <li>{p.phone}{p.listed.then(|| view! { " " <span class="tag tag-bad">{t(W::OnNationalList)}</span> })}</li>
                                }).collect_view()}
                                {c.email.map(|e| view! { <li>{e}</li> })}
                                <li>{c.time_zone}</li>
                            </ul>
                        </section>
                        <section class="card">
                            <h2>{t(W::AsCustomerReads)}</h2>
                            <ul class="plain-list">
                                {c.allowed_now.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        </section>
                    </div>
                    <section class="card">
                        <h2>{t(W::ContactsToCustomer)}" ("{c.contacts_total}")"</h2>
                        {if c.contacts.is_empty() {
                            view! { <p>{t(W::NoContactsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::ContactsToCustomer)>
                                    <table class="data-table">
                                        <thead><tr>
                                            <th scope="col">{t(W::When)}</th>
                                            <th scope="col">{t(W::Channel)}</th>
                                            <th scope="col">{t(W::Purpose)}</th>
                                            <th scope="col">{t(W::System)}</th>
                                            <th scope="col">{t(W::Judgement)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {c.contacts.into_iter().map(|a| view! {
                                                <tr class:against=!a.allowed>
                                                    <td class="when">{a.when}</td>
                                                    <td>{a.channel}</td>
                                                    <td>{a.purpose}</td>
                                                    <td>{a.system}</td>
                                                    <td>
                                                        {if a.allowed {
                                                            view! { <span class="tag tag-ok">{t(W::WithinPolicy)}</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <span class="tag tag-bad">{t(W::AgainstPolicyShort)}</span>
                                                                <ul class="reasons">{a.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                                            }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>{t(W::DecisionsAsked)}</h2>
                        {if c.decisions.is_empty() {
                            view! { <p>{t(W::NoDecisionsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::DecisionsAsked)>
                                    <table class="data-table">
                                        <thead><tr>
                                            <th scope="col">{t(W::When)}</th>
                                            <th scope="col">{t(W::System)}</th>
                                            <th scope="col">{t(W::Channel)}</th>
                                            <th scope="col">{t(W::Purpose)}</th>
                                            <th scope="col">{t(W::Answer)}</th>
                                            <th scope="col">{t(W::PolicyVersion)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {c.decisions.into_iter().map(|d| view! {
                                                <tr>
                                                    <td class="when">{d.when}</td>
                                                    <td>{d.system}</td>
                                                    <td>{d.channel}</td>
                                                    <td>{d.purpose}</td>
                                                    <td>{if d.allowed { t(W::Allowed) } else { t(W::NotAllowedAnswer) }}</td>
                                                    <td><code>{d.policy}</code></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>{t(W::Complaints)}</h2>
                        {if c.complaints.is_empty() {
                            view! { <p>{t(W::NoComplaintsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {c.complaints.into_iter().map(|k| view! {
                                        <li>
                                            <strong>{k.category}</strong>" · "{k.status}" · "{k.received}
                                            <p>{k.details}</p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>{t(W::ChoicesHistory)}</h2>
                        <ol class="choice-list">
                            {c.ledger.into_iter().map(|e| view! {
                                <li>
                                    <p class="contact-meta"><time>{e.when}</time>" · "{e.who}{e.through.map(|t| format!(" · {t}"))}</p>
                                    <ul>{e.changes.into_iter().map(|ch| view! { <li>{ch}</li> }).collect_view()}</ul>
                                    {e.note.map(|note| view! { <p class="note">"“"{note}"”"</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                        <OlderChanges older=c.ledger_older newest=before().is_some() path=format!("/staff/customers/{}", c.customer_id)/>
                    </section>
                }.into_any(),
            }}
        </Loaded>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn UnlockBorrowerButton(customer_id: String) -> impl IntoView {
    use super::types::Outcome;
    let action = ServerAction::<UnlockBorrower>::new();
    let done = move || matches!(action.value().get(), Some(Ok(Outcome::Done)));
    view! {
        <Show when=done fallback=move || {
            let customer_id = customer_id.clone();
            view! {
                <button type="button" class="button" disabled=move || action.pending().get()
                    on:click=move |_| { action.dispatch(UnlockBorrower { customer_id: customer_id.clone() }); }>
                    {t(W::UnlockBorrower)}
                </button>
            }
        }>
            <p class="notice notice-ok" role="status">{t(W::BorrowerUnlocked)}</p>
        </Show>
    }
}

#[server(prefix = "/staff/api", endpoint = "customer")]
pub async fn customer_detail(
    customer_id: String,
    before: Option<i64>,
) -> Result<Option<CustomerFile>, PageError> {
    use crate::ssr::{choice_view, complaint_view, staff_contact_view, summary};
    use reachguard_domain::CustomerId;
    let member = staff_may(StaffAction::ViewCustomers).await?;
    let language = use_language();
    let Ok(id) = CustomerId::parse(customer_id.trim()) else {
        return Ok(None);
    };
    let (services, bank_zone) = staff_services().await?;
    let Some(file) = reachguard_core::customers::file(&services, &id, before)
        .await
        .map_err(staff_unavailable)?
    else {
        return Ok(None);
    };
    let reachguard_core::customers::CustomerFile {
        record,
        policy,
        ledger,
        ledger_older,
        contacts,
        contacts_total,
        decisions,
        complaints,
        signin_locked_until,
        care,
        care_changes,
    } = file;
    let zone = record.preferences.zone(&policy);
    let text = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Some(CustomerFile {
        phones: record
            .phones
            .iter()
            .map(|p| PhoneView {
                listed: record.listed_phones.contains(p),
                phone: p.clone(),
            })
            .collect(),
        email: record.email.clone(),
        time_zone: zone.name().to_owned(),
        allowed_now: summary(&record.preferences, &policy, zone, language),
        ledger: ledger
            .into_iter()
            .map(|entry| {
                // Staff read "the customer" where the borrower reads "you".
                let by_customer = entry.actor == reachguard_domain::Actor::Customer;
                let mut choice = choice_view(entry, &policy, zone, language);
                if by_customer {
                    choice.who = W::TheCustomer.text(language).to_owned();
                }
                choice
            })
            .collect(),
        contacts: contacts
            .into_iter()
            .map(|c| staff_contact_view(c, &policy, bank_zone, language))
            .collect(),
        contacts_total,
        ledger_older,
        decisions: decisions
            .into_iter()
            .map(|d| {
                let request: serde_json::Value =
                    serde_json::from_str(&d.request).unwrap_or_default();
                let answer: serde_json::Value = serde_json::from_str(&d.answer).unwrap_or_default();
                DecisionView {
                    when: staff_time_of(d.decided_at, bank_zone),
                    channel: text(&request, "channel")
                        .parse()
                        .map(|c| i18n::channel_name(c, language).to_owned())
                        .unwrap_or_default(),
                    purpose: i18n::purpose_name(&text(&request, "purpose"), &policy, language),
                    policy: text(&answer, "policy"),
                    allowed: d.allowed,
                    system: d.client,
                    decision_id: d.decision_id,
                }
            })
            .collect(),
        complaints: complaints
            .into_iter()
            .map(|c| complaint_view(c, bank_zone, language))
            .collect(),
        may_change: member.may(StaffAction::ChangeOnBehalf),
        signin_locked_until: signin_locked_until.map(|until| staff_time(until, bank_zone)),
        may_unlock: member.may(StaffAction::UnlockBorrower),
        care: super::extra_care::care_view(
            care,
            care_changes,
            bank_zone,
            language,
            member.may(StaffAction::SetExtraCare),
        ),
        customer_id: record.customer_id,
        name: record.name,
    }))
}

/// Lifts a borrower's sign-in lock (and the lock on their activation), at
/// their request; audited.
#[server(prefix = "/staff/api", endpoint = "unlock_borrower")]
pub async fn unlock_borrower(customer_id: String) -> Result<Outcome, PageError> {
    let member = staff_may(StaffAction::UnlockBorrower).await?;
    let Ok(id) = reachguard_domain::CustomerId::parse(customer_id.trim()) else {
        return Ok(Outcome::refused(
            "",
            W::NoCustomerFound.text(use_language()),
        ));
    };
    reachguard_core::lock::unlock_borrower(&services()?.db, &id, &member.actor())
        .await
        .map_err(staff_unavailable)?;
    Ok(Outcome::Done)
}
