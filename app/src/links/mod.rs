//! Pages opened by a link in a message, without a password (contract
//! section 9): the customer's preferences, and one-click unsubscribe. A
//! link opens these and nothing else: the borrower's other pages still ask
//! them to sign in.

pub mod api;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use reachguard_domain::link::UNSUBSCRIBE_PATH;
use serde::{Deserialize, Serialize};

use crate::borrower::PreferencesEditor;
use crate::borrower::types::PreferencesForm;
use crate::components::{LoadError, Loading};
use crate::i18n::{W, t};
use api::{link_preferences, load_unsubscribe};

/// What a link's page shows: the thing it opens, or why it does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Opened<T> {
    Open(T),
    /// Never made, altered, or (`expired`) its 30 days are over.
    Gone {
        expired: bool,
    },
}

/// An unsubscribe link's page, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsubscribeView {
    /// The marketing purpose, as a customer reads it.
    pub purpose: String,
    pub channel: String,
    /// The channel is off the purpose already.
    pub done: bool,
}

fn token() -> String {
    use_params_map().with_untracked(|p| p.get("token").unwrap_or_default())
}

/// "This link no longer works", with the way to sign in.
#[component]
fn LinkGone(expired: bool) -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{t(W::LinkGoneTitle)}</h1>
            <p>{t(if expired { W::LinkExpired } else { W::LinkUnknown })}</p>
            <p>{t(W::LinkGoneSignIn)}</p>
            <a class="button primary" href="/signin">{t(W::SignIn)}</a>
        </section>
    }
}

/// `/p/<token>`: the customer's preferences, to change and nothing else.
#[component]
pub fn PreferenceLinkPage() -> impl IntoView {
    let token = token();
    let data = Resource::new(|| (), {
        let token = token.clone();
        move |_| link_preferences(token.clone())
    });
    view! {
        <Suspense fallback=Loading>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(Opened::Gone { expired }) => view! { <LinkGone expired/> }.into_any(),
                        Ok(Opened::Open(form)) => view! { <LinkPreferences form token/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn LinkPreferences(form: PreferencesForm, token: String) -> impl IntoView {
    view! {
        <h1>{t(W::MyPreferences)}</h1>
        <p class="hint">{t(W::LinkPreferencesExplain)}</p>
        <PreferencesEditor initial=form link=token/>
        <p class="hint">{t(W::LinkSignInForMore)}" "<a href="/signin">{t(W::SignIn)}</a></p>
    }
}

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
        <Suspense fallback=Loading>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <LoadError error/> }.into_any(),
                        Ok(Opened::Gone { expired }) => view! { <LinkGone expired/> }.into_any(),
                        Ok(Opened::Open(view)) => view! { <Unsubscribe view token/> }.into_any(),
                    }
                })
            }}
        </Suspense>
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
