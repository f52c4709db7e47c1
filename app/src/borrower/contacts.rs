//! Every contact made to the borrower, newest first, each judged by the
//! rules in force at its own instant; and reporting one.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::types::ContactView;
use super::types::*;
use crate::components::{FieldMessage, Loaded, refusals};
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;
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
        <Loaded data let:loaded>
            {match loaded {
                p if p.contacts.is_empty() => view! { <p>{t(W::NoContactsYet)}</p> }.into_any(),
                p => view! {
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
            }}
        </Loaded>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let attempt_id = move || params.with(|p| p.get("attempt").unwrap_or_default());
    let data = Resource::new(attempt_id, contact);
    view! {
        <h1>{t(W::ReportThisContact)}</h1>
        <Loaded data let:loaded>
            {match loaded {
                None => view! { <p class="notice">{t(W::NoSuchContact)}</p> }.into_any(),
                Some(c) => view! {
                    <ul class="contact-list"><ContactItem contact=c.clone()/></ul>
                    <ReportForm attempt_id=c.attempt_id/>
                }.into_any(),
            }}
        </Loaded>
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

/// Contacts shown per page of the history.
#[cfg(feature = "ssr")]
const CONTACTS_PER_PAGE: u32 = 20;

#[server(endpoint = "contacts")]
pub async fn contacts(page: u32) -> Result<ContactsPage, PageError> {
    use reachguard_core::contacts::{self, Decisions};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let per_page = i64::from(CONTACTS_PER_PAGE);
    let read = |page: u32| {
        contacts::page(
            &services,
            &customer,
            i64::from(page.max(1) - 1) * per_page,
            per_page,
            Decisions::Read(language),
        )
    };
    let (mut found, total) = read(page).await.map_err(unavailable)?;
    let pages = (total as u32).div_ceil(CONTACTS_PER_PAGE).max(1);
    let page = page.max(1);
    if page > pages {
        // Past the end (the history shrank, or a link was edited): the last page.
        found = read(pages).await.map_err(unavailable)?.0;
    }
    let page = page.min(pages);
    let contacts = found
        .into_iter()
        .map(|c| contact_view(c, &policy, zone, language))
        .collect();
    Ok(ContactsPage {
        contacts,
        page,
        pages,
        total,
    })
}

#[server(endpoint = "contact")]
pub async fn contact(attempt_id: String) -> Result<Option<ContactView>, PageError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    Ok(
        reachguard_core::contacts::one(&services, &customer, &attempt_id, language)
            .await
            .map_err(unavailable)?
            .map(|c| contact_view(c, &policy, zone, language)),
    )
}

#[server(endpoint = "report_contact")]
pub async fn report_contact(
    attempt_id: String,
    category: String,
    details: String,
) -> Result<Outcome, PageError> {
    use reachguard_core::complaints::{ComplaintError, open};
    use reachguard_domain::ComplaintCategory;
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let Ok(category) = category.parse::<ComplaintCategory>() else {
        return Ok(Outcome::refused(
            "category",
            W::ChooseWhatHappened.text(language),
        ));
    };
    let attempt = (!attempt_id.is_empty()).then_some(attempt_id.as_str());
    let refused = |field: &str, word: W| Ok(Outcome::refused(field, word.text(language)));
    match open(&services.db, &customer, attempt, category, &details).await {
        Ok(_) => {
            leptos_axum::redirect("/my/complaints");
            Ok(Outcome::Done)
        }
        Err(ComplaintError::UnknownAttempt) => refused("category", W::NoSuchContact),
        Err(ComplaintError::DetailsMissing) => refused("details", W::SayWhatHappened),
        Err(ComplaintError::DetailsTooLong) => refused("details", W::DetailsTooLong),
        Err(ComplaintError::DetailsUnclean) => refused("details", W::DetailsUnclean),
        Err(ComplaintError::TooMany(_)) => refused("details", W::TooManyComplaints),
        Err(ComplaintError::Storage(error)) => Err(unavailable(error)),
    }
}
