//! Signing in, and activating a login with the code from the bank.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::*;
use crate::components::{FieldMessage, invalid, refusals};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next").unwrap_or_else(|| "/my".to_owned()));
    view! {
        <section class="card narrow">
            <h1>{t(W::SignInTitle)}</h1>
            <SignInForm next/>
            <p class="hint">{t(W::NoLoginYet)}" "<a href="/activate">{t(W::ActivateLink)}</a></p>
        </section>
    }
}

#[island]
fn SignInForm(next: String) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    view! {
            <ActionForm action=action>
                <input type="hidden" name="next" value=next/>
                <label for="login">{t(W::CustomerNumberOrPhone)}</label>
                <input id="login" name="login" autocomplete="username" required
                    aria-describedby="login-hint login-error" aria-invalid=invalid(refused, "login")/>
                <p class="hint" id="login-hint">{t(W::LoginHint)}</p>
                <FieldMessage id="login-error" field="login" refusals=refused/>
                <label for="password">{t(W::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    required aria-describedby="password-error" aria-invalid=invalid(refused, "password")/>
                <FieldMessage id="password-error" field="password" refusals=refused/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t(W::SignIn)}
                </button>
            </ActionForm>
    }
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{t(W::ActivateTitle)}</h1>
            <p>{t(W::ActivateExplain)}</p>
            <ActivateForm/>
            <p class="hint">{t(W::HaveLogin)}" "<a href="/signin">{t(W::SignIn)}</a></p>
        </section>
    }
}

#[island]
fn ActivateForm() -> impl IntoView {
    let action = ServerAction::<Activate>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    view! {
            <ActionForm action=action>
                <label for="customer_number">{t(W::CustomerNumber)}</label>
                <input id="customer_number" name="customer_number" autocomplete="username" required
                    aria-describedby="customer_number-error" aria-invalid=invalid(refused, "customer_number")/>
                <FieldMessage id="customer_number-error" field="customer_number" refusals=refused/>
                <label for="code">{t(W::ActivationCode)}</label>
                <input id="code" name="code" autocomplete="one-time-code" required
                    aria-describedby="code-hint code-error" aria-invalid=invalid(refused, "code")/>
                <p class="hint" id="code-hint">{t(W::ActivationCodeHint)}</p>
                <FieldMessage id="code-error" field="code" refusals=refused/>
                <label for="password">{t(W::NewPassword)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint password-error" aria-invalid=invalid(refused, "password")/>
                <p class="hint" id="password-hint">{t(W::PasswordRules)}</p>
                <FieldMessage id="password-error" field="password" refusals=refused/>
                <label for="password_again">{t(W::NewPasswordAgain)}</label>
                <input id="password_again" name="password_again" type="password" autocomplete="new-password"
                    required aria-describedby="password_again-error" aria-invalid=invalid(refused, "password_again")/>
                <FieldMessage id="password_again-error" field="password_again" refusals=refused/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t(W::Activate)}
                </button>
            </ActionForm>
    }
}

/// Only paths on this site, so that `next` cannot send a borrower away.
#[cfg(feature = "ssr")]
fn local_path(next: &str) -> &str {
    reachguard_core::text::local_path(next).unwrap_or("/my")
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String, next: String) -> Result<Outcome, PageError> {
    use reachguard_core::signin::{BorrowerSession, Credentials};
    let language = use_language();
    let mut session: BorrowerSession = leptos_axum::extract().await.map_err(PageError::from)?;
    if login.trim().is_empty() {
        return Ok(Outcome::refused(
            "login",
            W::EnterCustomerNumber.text(language),
        ));
    }
    let credentials = Credentials {
        login,
        password,
        address: client_address(),
    };
    match session.authenticate(credentials).await {
        Ok(Some(borrower)) => {
            // A new session id for the signed-in borrower, even if this
            // browser held a signed-in session already (axum-login only
            // renews an anonymous one): no one who knew the old id keeps it.
            session.session.cycle_id().await.map_err(unavailable)?;
            session.login(&borrower).await.map_err(unavailable)?;
            reachguard_core::sessions::note_signed_in(&session.session)
                .await
                .map_err(unavailable)?;
            leptos_axum::redirect(local_path(&next));
            Ok(Outcome::Done)
        }
        Ok(None) => Ok(Outcome::refused("password", W::WrongLogin.text(language))),
        Err(axum_login::Error::Backend(error)) => {
            refused_try(&services()?, "password", error, language).await
        }
        Err(error) => Err(unavailable(error)),
    }
}

#[server(endpoint = "activate")]
pub async fn activate(
    customer_number: String,
    code: String,
    password: String,
    password_again: String,
) -> Result<Outcome, PageError> {
    use reachguard_core::activation::{ActivationError, activate};
    use reachguard_core::signin::{BorrowerSession, Credentials};
    let language = use_language();
    if password != password_again {
        return Ok(Outcome::refused(
            "password_again",
            W::PasswordsDiffer.text(language),
        ));
    }
    let services = services()?;
    let refused = |field: &str, word: W| Ok(Outcome::refused(field, word.text(language)));
    let customer = match activate(&services.db, &customer_number, &code, password.clone()).await {
        Ok(customer) => customer,
        Err(ActivationError::WrongCode) => return refused("code", W::WrongCode),
        Err(ActivationError::Locked { .. }) => return refused("code", W::CodeLocked),
        Err(ActivationError::Expired) => return refused("code", W::CodeExpired),
        Err(ActivationError::Password(problem)) => {
            return refused("password", password_word(problem));
        }
        Err(error) => return Err(unavailable(error)),
    };
    // Signed in at once with the new password.
    let mut session: BorrowerSession = leptos_axum::extract().await.map_err(PageError::from)?;
    let credentials = Credentials {
        login: customer.to_string(),
        password,
        address: client_address(),
    };
    if let Ok(Some(borrower)) = session.authenticate(credentials).await {
        session.session.cycle_id().await.map_err(unavailable)?;
        session.login(&borrower).await.map_err(unavailable)?;
        reachguard_core::sessions::note_signed_in(&session.session)
            .await
            .map_err(unavailable)?;
        leptos_axum::redirect("/my");
    } else {
        leptos_axum::redirect("/signin");
    }
    Ok(Outcome::Done)
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), PageError> {
    use reachguard_core::signin::BorrowerSession;
    let mut session: BorrowerSession = leptos_axum::extract().await.map_err(PageError::from)?;
    // Ends the session in the store, not only in this browser.
    session.logout().await.map_err(unavailable)?;
    leptos_axum::redirect("/signin");
    Ok(())
}
