//! The server functions behind a link's pages. The token is the only
//! credential: each call opens the link again, so an expired or altered
//! one stops working at once, and a link reaches the preferences of its
//! own customer and nothing else.

use leptos::prelude::*;

use super::{Opened, UnsubscribeView};
use crate::borrower::types::{PreferencesForm, SaveOutcome};

#[cfg(feature = "ssr")]
mod server {
    use leptos::prelude::*;
    use reachguard_core::Services;
    use reachguard_core::links::{Grant, LinkError};

    use super::Opened;
    use crate::ssr::unavailable;

    /// What the link opens, if it is of the kind the page wants (an
    /// unsubscribe link or not). Else the page's status is set, 404 for a
    /// link never made, altered or of the other kind, 410 for one expired,
    /// and the answer says which.
    pub async fn open<T>(
        services: &Services,
        token: &str,
        unsubscribe: bool,
    ) -> Result<Result<Grant, Opened<T>>, ServerFnError> {
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

/// The preferences a preferences link opens. An unsubscribe link opens
/// only its button, not these.
#[server(endpoint = "link_preferences")]
pub async fn link_preferences(token: String) -> Result<Opened<PreferencesForm>, ServerFnError> {
    use crate::ssr::{borrower_record, preferences_form, services};
    let services = services()?;
    let grant = match server::open(&services, &token, false).await? {
        Ok(grant) => grant,
        Err(gone) => return Ok(gone),
    };
    let (record, policy, zone) = borrower_record(&services, &grant.customer).await?;
    Ok(Opened::Open(preferences_form(
        &record,
        &policy,
        zone,
        crate::i18n::use_language(),
    )))
}

/// Saves the preferences a link opened, as the customer (source `web`,
/// through the link).
#[server(input = leptos::server_fn::codec::Json, endpoint = "save_by_link")]
pub async fn save_by_link(
    token: String,
    form: PreferencesForm,
) -> Result<SaveOutcome, ServerFnError> {
    use crate::ssr::{save_form, services};
    use reachguard_core::records::ChangeBy;
    use reachguard_domain::{Actor, Source, Via};
    let services = services()?;
    let grant = match server::open::<()>(&services, &token, false).await? {
        Ok(grant) => grant,
        Err(_) => {
            return Err(ServerFnError::new(
                crate::i18n::W::LinkGoneTitle.text(crate::i18n::use_language()),
            ));
        }
    };
    let by = ChangeBy::new(&Actor::Customer, Source::Web).via(Via::PreferenceLink(grant.link_id));
    save_form(&services, &grant.customer, &form, &by).await
}

/// An unsubscribe link's page: what it takes away, and whether it is off
/// already. Reading it changes nothing.
#[server(endpoint = "load_unsubscribe")]
pub async fn load_unsubscribe(token: String) -> Result<Opened<UnsubscribeView>, ServerFnError> {
    use crate::ssr::{services, unavailable};
    let services = services()?;
    let grant = match server::open(&services, &token, true).await? {
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
