//! A preferences link's page: the customer's preferences, opened by the
//! link's token alone, and saved as the customer's own change through it.

use crate::error::PageError;
use leptos::prelude::*;

use super::{LinkGone, Opened, token};
use crate::borrower::PreferencesEditor;
use crate::borrower::types::{PreferencesForm, SaveOutcome};
use crate::components::Loaded;
use crate::i18n::{W, t};

/// `/p/<token>`: the customer's preferences, to change and nothing else.
#[component]
pub fn PreferenceLinkPage() -> impl IntoView {
    let token = token();
    let data = Resource::new(|| (), {
        let token = token.clone();
        move |_| link_preferences(token.clone())
    });
    view! {
        <Loaded data let:opened>
            {match opened {
                Opened::Gone { expired } => view! { <LinkGone expired/> }.into_any(),
                Opened::Open(form) => view! { <LinkPreferences form token=token.clone()/> }.into_any(),
            }}
        </Loaded>
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

/// The preferences a preferences link opens. An unsubscribe link opens
/// only its button, not these.
#[server(endpoint = "link_preferences")]
pub async fn link_preferences(token: String) -> Result<Opened<PreferencesForm>, PageError> {
    use crate::ssr::{borrower_record, preferences_form, services};
    let services = services()?;
    let grant = match super::opening::open(&services, &token, false).await? {
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
pub async fn save_by_link(token: String, form: PreferencesForm) -> Result<SaveOutcome, PageError> {
    use crate::ssr::{save_form, services};
    use reachguard_core::records::ChangeBy;
    use reachguard_domain::{Actor, Source, Via};
    let services = services()?;
    let grant = match super::opening::open::<()>(&services, &token, false).await? {
        Ok(grant) => grant,
        Err(_) => {
            return Err(PageError::Invalid(
                crate::i18n::W::LinkGoneTitle
                    .text(crate::i18n::use_language())
                    .to_owned(),
            ));
        }
    };
    let by = ChangeBy::new(&Actor::Customer, Source::Web).via(Via::PreferenceLink(grant.link_id));
    save_form(&services, &grant.customer, &form, &by).await
}
