//! Customers for staff: find one by number, phone or name; read everything
//! about them; record a change they asked for by phone or in a branch.

use crate::error::PageError;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::types::*;

use crate::components::Loaded;

use crate::i18n::{W, t};

#[cfg(feature = "ssr")]
use crate::ssr::*;

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
        <Loaded data=hits sign_in="/staff/signin" let:loaded>
            {match loaded {
                None => ().into_any(),
                Some(hits) if hits.is_empty() => view! { <p class="notice">{t(W::NoCustomerFound)}</p> }.into_any(),
                Some(hits) => view! {
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
            }}
        </Loaded>
    }
}

/// Customers found by number, phone or the start of a name.
#[server(prefix = "/staff/api", endpoint = "find_customers")]
pub async fn find_customers(q: String) -> Result<Vec<CustomerHitView>, PageError> {
    staff_may(StaffAction::ViewCustomers).await?;
    let hits = reachguard_core::customers::find(&services()?, &q)
        .await
        .map_err(staff_unavailable)?;
    Ok(hits
        .into_iter()
        .map(|h| CustomerHitView {
            customer_id: h.customer_id,
            name: h.name,
            phone: h.phone,
        })
        .collect())
}
