//! Pages opened by a link in a message, without a password (contract
//! section 9): the customer's preferences, and one-click unsubscribe. A
//! link opens these and nothing else: the borrower's other pages still ask
//! them to sign in.

mod preferences;
mod unsubscribe;

pub use preferences::{PreferenceLinkPage, SaveByLink};
pub use unsubscribe::UnsubscribePage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::i18n::{W, t};

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

pub(crate) fn token() -> String {
    use_params_map().with_untracked(|p| p.get("token").unwrap_or_default())
}

/// "This link no longer works", with the way to sign in.
#[component]
pub(crate) fn LinkGone(expired: bool) -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{t(W::LinkGoneTitle)}</h1>
            <p>{t(if expired { W::LinkExpired } else { W::LinkUnknown })}</p>
            <p>{t(W::LinkGoneSignIn)}</p>
            <a class="button primary" href="/signin">{t(W::SignIn)}</a>
        </section>
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod opening {
    use leptos::prelude::*;
    use reachguard_core::Services;
    use reachguard_core::links::{Grant, LinkError};

    use super::Opened;
    use crate::error::PageError;
    use crate::ssr::unavailable;

    /// What the link opens, if it is of the kind the page wants (an
    /// unsubscribe link or not). Else the page's status is set, 404 for a
    /// link never made, altered or of the other kind, 410 for one expired,
    /// and the answer says which.
    pub async fn open<T>(
        services: &Services,
        token: &str,
        unsubscribe: bool,
    ) -> Result<Result<Grant, Opened<T>>, PageError> {
        let gone = |expired: bool| {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(if expired {
                    http::StatusCode::GONE
                } else {
                    http::StatusCode::NOT_FOUND
                });
            }
            Ok(Err(Opened::Gone { expired }))
        };
        match services.open_link(token).await {
            Ok(grant) if grant.unsubscribe.is_some() == unsubscribe => Ok(Ok(grant)),
            Ok(_) | Err(LinkError::Unknown | LinkError::NoCustomer(_)) => gone(false),
            Err(LinkError::Expired) => gone(true),
            Err(error) => Err(unavailable(error)),
        }
    }
}
