//! Customers for staff: find one by number, phone or name; read everything
//! about them; record a change they asked for by phone or in a branch.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{customer_detail, customer_preferences, find_customers};
use crate::components::{LoadError, Loading, OlderChanges};
use crate::i18n::{W, t};

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let hits = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            find_customers(q).await.map(Some)
        }
    });
    view! {
        <h1>{t(W::Customers)}</h1>
        <form method="get" action="/staff/customers" class="card search" role="search">
            <label for="q">{t(W::FindCustomer)}</label>
            <div class="search-row">
                <input id="q" name="q" type="search" value=q autofocus aria-describedby="q-hint"/>
                <button type="submit" class="button primary">{t(W::Find)}</button>
            </div>
            <p class="hint" id="q-hint">{t(W::FindCustomerHint)}</p>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match hits.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(hits)) if hits.is_empty() => view! { <p class="notice">{t(W::NoCustomerFound)}</p> }.into_any(),
                    Ok(Some(hits)) => view! {
                        <ul class="hit-list">
                            {hits.into_iter().map(|hit| {
                                let href = format!("/staff/customers/{}", crate::url::encode(&hit.customer_id));
                                view! {
                                    <li>
                                        <a href=href>
                                            <strong>{hit.name}</strong>
                                            <span class="contact-meta">" · "{hit.customer_id}{hit.phone.map(|p| format!(" · {p}"))}</span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(None) => view! {
                        <h1>{t(W::NoCustomerFound)}</h1>
                        <p><a href="/staff/customers">{t(W::Customers)}</a></p>
                    }.into_any(),
                    Ok(Some(c)) => view! {
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
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ChangeForCustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("customer").unwrap_or_default());
    let form = Resource::new(id, customer_preferences);
    view! {
        <p class="breadcrumb">
            <a href="/staff/customers">{t(W::Customers)}</a>" › "
            <a href=move || format!("/staff/customers/{}", id())>{id}</a>
        </p>
        <h1>{t(W::RecordChange)}</h1>
        <p>{t(W::RecordChangeExplain)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match form.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(form) => view! {
                        <crate::borrower::PreferencesEditor initial=form on_behalf=id()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn UnlockBorrowerButton(customer_id: String) -> impl IntoView {
    use super::api::UnlockBorrower;
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
