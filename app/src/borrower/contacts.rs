//! Every contact made to the borrower, newest first, each judged by the
//! rules in force at its own instant; and reporting one.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{ReportContact, contact, contacts};
use super::types::ContactView;
use crate::components::{FieldMessage, LoadError, Loading, refusals};
use crate::i18n::{self, W, t, use_language};
use reachguard_domain::ComplaintCategory;

/// One contact in a list; one made against policy stands out, with why.
#[component]
pub fn ContactItem(contact: ContactView, #[prop(optional)] report: bool) -> impl IntoView {
    let class = if contact.allowed {
        "contact"
    } else {
        "contact against-policy"
    };
    let verdict = if contact.allowed {
        W::AllowedAtTheTime
    } else {
        W::AgainstPolicy
    };
    let report_href = format!("/my/contacts/{}/report", contact.attempt_id);
    view! {
        <li class=class>
            <p class="contact-head">
                <strong>{contact.purpose}</strong>
                " · "{contact.channel}
            </p>
            <p class="contact-meta">
                <time>{contact.when}</time>" · "{contact.system}" · "{contact.outcome}
            </p>
            <p class="verdict">{t(verdict)}</p>
            {(!contact.reasons.is_empty()).then(|| view! {
                <ul class="reasons">
                    {contact.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
            })}
            {contact.decision.map(|d| view! { <p class="decision">{d}</p> })}
            {report.then(|| view! { <a class="button small" href=report_href>{t(W::ReportThisContact)}</a> })}
        </li>
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(1)
    };
    let data = Resource::new(page, contacts);
    let language = use_language();
    view! {
        <h1>{t(W::ContactsMade)}</h1>
        <p>{t(W::ContactsExplain)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(p) if p.contacts.is_empty() => view! { <p>{t(W::NoContactsYet)}</p> }.into_any(),
                    Ok(p) => view! {
                        <ul class="contact-list">
                            {p.contacts.into_iter().map(|c| view! { <ContactItem contact=c report=true/> }).collect_view()}
                        </ul>
                        {(p.pages > 1).then(|| view! {
                        <nav class="pager" aria-label=t(W::Pages)>
                            {(p.page > 1).then(|| view! {
                                <a rel="prev" href=format!("/my/contacts?page={}", p.page - 1)>{t(W::Newer)}</a>
                            })}
                            <span>{i18n::page_of(p.page, p.pages, language)}</span>
                            {(p.page < p.pages).then(|| view! {
                                <a rel="next" href=format!("/my/contacts?page={}", p.page + 1)>{t(W::Older)}</a>
                            })}
                        </nav>
                        })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let attempt_id = move || params.with(|p| p.get("attempt").unwrap_or_default());
    let data = Resource::new(attempt_id, contact);
    view! {
        <h1>{t(W::ReportThisContact)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(None) => view! { <p class="notice">{t(W::NoSuchContact)}</p> }.into_any(),
                    Ok(Some(c)) => view! {
                        <ul class="contact-list"><ContactItem contact=c.clone()/></ul>
                        <ReportForm attempt_id=c.attempt_id/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What happened, and in the borrower's words: opens a complaint tied to the
/// contact.
#[island]
fn ReportForm(attempt_id: String) -> impl IntoView {
    let action = ServerAction::<ReportContact>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    let language = use_language();
    view! {
        <ActionForm action=action attr:class="card">
            <input type="hidden" name="attempt_id" value=attempt_id/>
            <fieldset>
                <legend>{t(W::WhatHappened)}</legend>
                {ComplaintCategory::ALL.into_iter().map(|category| {
                    let id = format!("category-{}", category.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="category" value=category.as_str()
                                required checked=category == ComplaintCategory::TooOften/>
                            <label for=id>{i18n::category_name(category, language)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <FieldMessage id="category-error" field="category" refusals=refused/>
            <label for="details">{t(W::TellUsMore)}</label>
            <textarea id="details" name="details" rows="4" maxlength="2000"
                aria-describedby="details-error"></textarea>
            <FieldMessage id="details-error" field="details" refusals=refused/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {t(W::SendComplaint)}
            </button>
        </ActionForm>
    }
}
