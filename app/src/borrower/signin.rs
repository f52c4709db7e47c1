//! Signing in, and activating a login with the code from the bank.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{Activate, SignIn};
use crate::components::{FieldMessage, invalid, refusals};
use crate::i18n::{W, t};

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
