//! Staff sign-in: username and password, then the code from an
//! authenticator app; at the first sign-in, the set-up code an
//! administrator handed over, the QR code that sets the app up, and a new
//! password of the member's own.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::StaffSignIn;
use super::types::{Refusal, StaffSignInOutcome};
use crate::components::{FieldMessage, invalid};
use crate::i18n::{W, t};

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next").unwrap_or_else(|| "/staff".to_owned()));
    view! {
        <section class="card narrow">
            <h1>{t(W::StaffSignInTitle)}</h1>
            <StaffSignInForm next/>
        </section>
    }
}

fn staff_refusals<T>(result: Option<Result<StaffSignInOutcome, T>>) -> Vec<Refusal> {
    let refusal = |field: &str, message: String| Refusal {
        field: field.to_owned(),
        message,
    };
    let mut refusals = Vec::new();
    match result {
        Some(Ok(StaffSignInOutcome::Refused(given))) => refusals = given,
        Some(Ok(StaffSignInOutcome::NeedSetUpCode { wrong: true })) => {
            refusals.push(refusal("setup_code", t(W::WrongSetUpCode).to_owned()));
        }
        Some(Ok(
            StaffSignInOutcome::NeedCode {
                wrong_code,
                password_problem,
                ..
            }
            | StaffSignInOutcome::SetUp {
                wrong_code,
                password_problem,
                ..
            },
        )) => {
            if wrong_code {
                refusals.push(refusal("code", t(W::WrongCode2fa).to_owned()));
            }
            if let Some(problem) = password_problem.filter(|p| !p.is_empty()) {
                refusals.push(refusal("new_password", problem));
            }
        }
        _ => {}
    }
    refusals
}

/// The steps a sign-in has reached: once a field is asked for, it stays,
/// so that the form sends it again with the next step.
#[derive(Clone, Default, PartialEq)]
struct Steps {
    setup_code: bool,
    qr: Option<(String, String)>,
    code: bool,
    new_password: bool,
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn StaffSignInForm(next: String) -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    let refused = Signal::derive(move || staff_refusals(action.value().get()));
    let steps = RwSignal::new(Steps::default());
    Effect::new(move || match action.value().get() {
        Some(Ok(StaffSignInOutcome::NeedSetUpCode { .. })) => steps.update(|s| s.setup_code = true),
        Some(Ok(StaffSignInOutcome::NeedCode { new_password, .. })) => steps.update(|s| {
            s.code = true;
            s.new_password |= new_password;
        }),
        Some(Ok(StaffSignInOutcome::SetUp {
            qr_svg,
            secret,
            new_password,
            ..
        })) => steps.update(|s| {
            s.setup_code = true;
            s.qr = Some((qr_svg, secret));
            s.code = true;
            s.new_password |= new_password;
        }),
        _ => {}
    });
    let qr_src = |svg: &str| {
        format!(
            "data:image/svg+xml;charset=utf-8,{}",
            crate::url::encode(svg)
        )
    };
    view! {
        <ActionForm action=action>
            <input type="hidden" name="next" value=next/>
            <label for="username">{t(W::Username)}</label>
            <input id="username" name="username" autocomplete="username" required
                aria-describedby="username-error" aria-invalid=invalid(refused, "username")/>
            <FieldMessage id="username-error" field="username" refusals=refused/>
            <label for="password">{t(W::Password)}</label>
            <input id="password" name="password" type="password" autocomplete="current-password"
                required aria-describedby="password-error" aria-invalid=invalid(refused, "password")/>
            <FieldMessage id="password-error" field="password" refusals=refused/>
            <Show when=move || steps.with(|s| s.setup_code)>
                <label for="setup-code">{t(W::SetUpCode)}</label>
                <input id="setup-code" name="setup_code" autocomplete="off" required autofocus
                    aria-describedby="setup-code-hint setup-code-error" aria-invalid=invalid(refused, "setup_code")/>
                <p class="hint" id="setup-code-hint">{t(W::SetUpCodeHint)}</p>
                <FieldMessage id="setup-code-error" field="setup_code" refusals=refused/>
            </Show>
            {move || steps.with(|s| s.qr.clone()).map(|(svg, secret)| view! {
                <div class="set-up" role="status">
                    <h2>{t(W::SetUpSecondFactor)}</h2>
                    <p>{t(W::SetUpExplain)}</p>
                    <img class="qr" src=qr_src(&svg) width="200" height="200" alt=t(W::QrAlt)/>
                    <p class="hint">{t(W::SecretInstead)}" "<code class="secret">{secret}</code></p>
                </div>
            })}
            <Show when=move || steps.with(|s| s.code)>
                <label for="code">{t(W::AuthenticatorCode)}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9 ]*" maxlength="8" required autofocus
                    aria-describedby="code-error" aria-invalid=invalid(refused, "code")/>
                <FieldMessage id="code-error" field="code" refusals=refused/>
            </Show>
            <Show when=move || steps.with(|s| s.new_password)>
                <fieldset>
                    <legend>{t(W::ChooseNewPassword)}</legend>
                    <label for="new-password">{t(W::NewPassword)}</label>
                    <input id="new-password" name="new_password" type="password" autocomplete="new-password" required
                        aria-describedby="new-password-hint new-password-error" aria-invalid=invalid(refused, "new_password")/>
                    <p class="hint" id="new-password-hint">{t(W::StaffPasswordRules)}</p>
                    <label for="new-password-again">{t(W::NewPasswordAgain)}</label>
                    <input id="new-password-again" name="new_password_again" type="password" autocomplete="new-password" required
                        aria-describedby="new-password-error"/>
                    <FieldMessage id="new-password-error" field="new_password" refusals=refused/>
                </fieldset>
            </Show>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {t(W::SignIn)}
            </button>
        </ActionForm>
    }
}
