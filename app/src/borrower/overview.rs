//! The page after sign-in: what the bank may do now, the last contacts,
//! open complaints.

use crate::error::PageError;
use leptos::prelude::*;

use super::complaints::ComplaintItem;
use super::contacts::ContactItem;
use super::types::*;
use crate::components::Loaded;
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| overview());
    let language = use_language();
    view! {
        <h1>{t(W::Overview)}</h1>
        <Loaded data let:o>
            {o.care.map(|care| view! {
                <section class="card care" aria-labelledby="extra-care">
                    <h2 id="extra-care">{t(W::ExtraCare)}</h2>
                    <p>{care}</p>
                </section>
            })}
            <section class="card" aria-labelledby="recent">
                <h2 id="recent">{t(W::RecentContacts)}</h2>
                {(o.against_policy > 0).then(|| view! {
                    <p class="notice notice-warning">
                        {i18n::contacts_against_policy(o.against_policy, language)}" "
                        <a href="/my/contacts">{t(W::ReportThem)}</a>
                    </p>
                })}
                {if o.recent.is_empty() {
                    view! { <p>{t(W::NoContactsYet)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="contact-list">
                            {o.recent.into_iter().map(|c| view! { <ContactItem contact=c report=true/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <a href="/my/contacts">{t(W::AllContacts)}</a>
            </section>
            <section class="card" aria-labelledby="allowed-now">
                <h2 id="allowed-now">{t(W::WhatTheBankMayDo)}</h2>
                <ul class="plain-list">
                    {o.allowed_now.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <a class="button" href="/my/preferences">{t(W::ChangePreferences)}</a>
            </section>
            <section class="card" aria-labelledby="open-complaints">
                <h2 id="open-complaints">{t(W::OpenComplaints)}</h2>
                {if o.open_complaints.is_empty() {
                    view! { <p>{t(W::NoOpenComplaints)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="complaint-list">
                            {o.open_complaints.into_iter().map(|c| view! { <ComplaintItem complaint=c/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </Loaded>
    }
}

#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, PageError> {
    let Ok(customer) = signed_in().await else {
        return Ok(None);
    };
    let services = services()?;
    let (record, _, _) = borrower_record(&services, &customer).await?;
    Ok(Some(Me {
        customer_id: record.customer_id,
        name: record.name,
    }))
}

#[server(endpoint = "overview")]
pub async fn overview() -> Result<OverviewView, PageError> {
    use reachguard_core::contacts::{self, Decisions};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &customer).await?;
    let (recent, _) = contacts::page(&services, &customer, 0, 5, Decisions::Skip)
        .await
        .map_err(unavailable)?;
    let recent = recent
        .into_iter()
        .map(|c| contact_view(c, &policy, zone, language))
        .collect();
    let against_policy = contacts::against_policy(&services, &customer)
        .await
        .map_err(unavailable)?;
    let against_policy = usize::try_from(against_policy).unwrap_or_default();
    let open_complaints = reachguard_core::complaints::of(&services.db, &customer)
        .await
        .map_err(unavailable)?
        .into_iter()
        .filter(|c| c.status.awaits_answer())
        .map(|c| complaint_view(c, zone, language))
        .collect();
    let now = chrono::Utc::now();
    let care = record
        .protection
        .filter(|p| p.holds_at(now))
        .map(|p| i18n::care_for_borrower(&local_time(p.until, zone, language), language));
    Ok(OverviewView {
        care,
        allowed_now: summary(&record.preferences, &policy, zone, language),
        name: record.name,
        recent,
        against_policy,
        open_complaints,
    })
}
