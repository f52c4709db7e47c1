//! The borrower's complaints: where each stands and by when the bank must
//! answer.

use crate::error::PageError;
use leptos::prelude::*;

use super::types::ComplaintView;
use crate::components::Loaded;
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn ComplaintItem(complaint: ComplaintView) -> impl IntoView {
    let language = use_language();
    let class = if complaint.open {
        "complaint open"
    } else {
        "complaint"
    };
    view! {
        <li class=class>
            <p><strong>{complaint.category}</strong>" · "{complaint.status}</p>
            <p class="contact-meta">{t(W::Received)}" "{complaint.received}</p>
            {complaint.open.then(|| view! {
                <p class="due">{i18n::answer_due_by(&complaint.due, language)}</p>
            })}
            {complaint.extended_reason.map(|reason| view! {
                <p class="extended">{t(W::ExtendedBecause)}" "{reason}</p>
            })}
            {(!complaint.details.is_empty()).then(|| view! { <p class="details">{complaint.details}</p> })}
            {complaint.answer.map(|answer| view! {
                <div class="answer"><h3>{t(W::BankAnswer)}</h3><p>{answer}</p></div>
            })}
        </li>
    }
}

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_complaints());
    view! {
        <h1>{t(W::MyComplaints)}</h1>
        <p>{t(W::ComplaintsExplain)}</p>
        <Loaded data let:loaded>
            {match loaded {
                list if list.is_empty() => view! { <p>{t(W::NoComplaints)}</p> }.into_any(),
                list => view! {
                    <ul class="complaint-list">
                        {list.into_iter().map(|c| view! { <ComplaintItem complaint=c/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </Loaded>
    }
}

#[server(endpoint = "my_complaints")]
pub async fn my_complaints() -> Result<Vec<ComplaintView>, PageError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, _, zone) = borrower_record(&services, &customer).await?;
    Ok(reachguard_core::complaints::of(&services.db, &customer)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|c| complaint_view(c, zone, language))
        .collect())
}
