//! The history of the borrower's own choices, their data to download, and
//! their password.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::Outcome;
use super::types::*;
use crate::components::{FieldMessage, Loaded, OlderChanges, refusals};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn ChoicesPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let data = Resource::new(before, my_choices);
    view! {
        <h1>{t(W::MyChoices)}</h1>
        <p>{t(W::ChoicesExplain)}</p>
        <Loaded data let:page>
            <ol class="choice-list">
                {page.choices.into_iter().map(|c| view! {
                    <li class="card">
                        <p class="contact-meta">
                            <time>{c.when}</time>" · "{c.who}
                            {c.through.map(|through| format!(" · {through}"))}
                        </p>
                        <ul>{c.changes.into_iter().map(|ch| view! { <li>{ch}</li> }).collect_view()}</ul>
                        {c.note.map(|note| view! { <p class="note">"“"{note}"”"</p> })}
                    </li>
                }).collect_view()}
            </ol>
            <OlderChanges older=page.older newest=before().is_some() path="/my/choices".to_owned()/>
        </Loaded>
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <h1>{t(W::MyData)}</h1>
        <section class="card">
            <p>{t(W::DataExplain)}</p>
            <a class="button primary" href="/my/data.json" download="reachguard-my-data.json" rel="external">
                {t(W::DownloadMyData)}
            </a>
        </section>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <h1>{t(W::ChangePassword)}</h1>
        <section class="card narrow">
            <PasswordForm/>
        </section>
    }
}

#[island]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    let done = move || matches!(action.value().get(), Some(Ok(Outcome::Done)));
    view! {
            <Show when=done>
                <p class="notice notice-ok" role="status">{t(W::PasswordChanged)}</p>
            </Show>
            <ActionForm action=action>
                <label for="current">{t(W::CurrentPassword)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required
                    aria-describedby="current-error"/>
                <FieldMessage id="current-error" field="current" refusals=refused/>
                <label for="password">{t(W::NewPassword)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint password-error"/>
                <p class="hint" id="password-hint">{t(W::PasswordRules)}</p>
                <FieldMessage id="password-error" field="password" refusals=refused/>
                <label for="password_again">{t(W::NewPasswordAgain)}</label>
                <input id="password_again" name="password_again" type="password" autocomplete="new-password"
                    required aria-describedby="password_again-error"/>
                <FieldMessage id="password_again-error" field="password_again" refusals=refused/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t(W::ChangePassword)}
                </button>
            </ActionForm>
    }
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    password: String,
    password_again: String,
) -> Result<Outcome, PageError> {
    use axum_login::AuthnBackend;
    use reachguard_core::signin::{BorrowerBackend, BorrowerSession};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    // A stolen session must not guess the password at leisure: the current
    // password is tried as a sign-in is, counted, locked and throttled.
    let backend = BorrowerBackend::of(&services);
    match backend
        .check_password(&customer, current, client_address())
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return Ok(Outcome::refused(
                "current",
                W::WrongCurrentPassword.text(language),
            ));
        }
        Err(error) => return refused_try(&services, "current", error, language).await,
    }
    if password != password_again {
        return Ok(Outcome::refused(
            "password_again",
            W::PasswordsDiffer.text(language),
        ));
    }
    match backend.set_new_password(&customer, password).await {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => {
            return Ok(Outcome::refused(
                "password",
                password_word(problem).text(language),
            ));
        }
        Err(error) => return refused_try(&services, "password", error, language).await,
    }
    // Every other session held the old password's hash and now ends; this
    // one signs in again with the new one.
    let mut session: BorrowerSession = leptos_axum::extract().await.map_err(PageError::from)?;
    if let Ok(Some(borrower)) = session.backend.get_user(&customer.to_string()).await {
        session.session.cycle_id().await.map_err(unavailable)?;
        session.login(&borrower).await.map_err(unavailable)?;
        reachguard_core::sessions::note_signed_in(&session.session)
            .await
            .map_err(unavailable)?;
    }
    Ok(Outcome::Done)
}

#[server(endpoint = "my_choices")]
pub async fn my_choices(before: Option<i64>) -> Result<ChoicesPage, PageError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let (ledger, older) = reachguard_core::customers::ledger_page(&services, &customer, before)
        .await
        .map_err(unavailable)?;
    Ok(ChoicesPage {
        choices: ledger
            .into_iter()
            .map(|entry| choice_view(entry, &policy, zone, language))
            .collect(),
        older,
    })
}
