//! An unsubscribe link's page: what it takes away, and the one button that
//! takes it away (or says it is off already).

use crate::error::PageError;
use leptos::prelude::*;
use reachguard_domain::link::UNSUBSCRIBE_PATH;

use super::{LinkGone, Opened, UnsubscribeView, token};
use crate::components::Loaded;
use crate::i18n::{W, t};

/// `/u/<token>`: one button that takes one channel away from one marketing
/// purpose. Showing the page changes nothing (mail scanners open links);
/// the button posts the form RFC 8058 describes, as a mail provider's
/// one-click does, and the page after it says it is done.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let token = token();
    let data = Resource::new(|| (), {
        let token = token.clone();
        move |_| load_unsubscribe(token.clone())
    });
    view! {
        <Loaded data let:opened>
            {match opened {
                Opened::Gone { expired } => view! { <LinkGone expired/> }.into_any(),
                Opened::Open(view) => view! { <Unsubscribe view token=token.clone()/> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Unsubscribe(view: UnsubscribeView, token: String) -> impl IntoView {
    let language = crate::i18n::use_language();
    let words =
        crate::i18n::unsubscribe_question(&view.purpose, &view.channel, view.done, language);
    if view.done {
        return view! {
            <section class="card narrow">
                <h1>{t(W::UnsubscribedTitle)}</h1>
                <p class="notice notice-ok" role="status">{words}</p>
                <p>{t(W::ServiceGoesOn)}</p>
                <p class="hint">{t(W::LinkSignInForMore)}" "<a href="/signin">{t(W::SignIn)}</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card narrow">
            <h1>{t(W::UnsubscribeTitle)}</h1>
            <form method="post" action=format!("{UNSUBSCRIBE_PATH}{token}")>
                <input type="hidden" name="List-Unsubscribe" value="One-Click"/>
                <p>{words}</p>
                <p class="hint">{t(W::ServiceGoesOn)}</p>
                <button type="submit" class="button primary">{t(W::Unsubscribe)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// An unsubscribe link's page: what it takes away, and whether it is off
/// already. Reading it changes nothing.
#[server(endpoint = "load_unsubscribe")]
pub async fn load_unsubscribe(token: String) -> Result<Opened<UnsubscribeView>, PageError> {
    use crate::ssr::{services, unavailable};
    let services = services()?;
    let grant = match super::opening::open(&services, &token, true).await? {
        Ok(grant) => grant,
        Err(gone) => return Ok(gone),
    };
    let Some(unsubscribe) = grant.unsubscribe else {
        return Err(unavailable(
            "an unsubscribe link without what it unsubscribes from",
        ));
    };
    let found = reachguard_core::customers::with_policy(&services, &grant.customer)
        .await
        .map_err(unavailable)?;
    let policy = match &found {
        Some((_, policy)) => policy.clone(),
        None => services.policy_now().await.map_err(unavailable)?,
    };
    let done = found.is_none_or(|(record, _)| {
        !record
            .preferences
            .channels_for(&policy, &unsubscribe.purpose)
            .contains(&unsubscribe.channel)
    });
    Ok(Opened::Open(UnsubscribeView {
        purpose: crate::i18n::purpose_name(
            &unsubscribe.purpose.to_string(),
            &policy,
            crate::i18n::use_language(),
        ),
        channel: unsubscribe.channel.to_string(),
        done,
    }))
}
