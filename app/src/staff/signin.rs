//! Staff sign-in: username and password, then the code from an
//! authenticator app; at the first sign-in of a role that needs one, the QR
//! code that sets the app up.

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
    match result {
        Some(Ok(StaffSignInOutcome::Refused(refusals))) => refusals,
        Some(Ok(StaffSignInOutcome::NeedCode { wrong_code: true }))
        | Some(Ok(StaffSignInOutcome::SetUp {
            wrong_code: true, ..
        })) => vec![Refusal {
            field: "code".to_owned(),
            message: t(W::WrongCode2fa).to_owned(),
        }],
        _ => Vec::new(),
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn StaffSignInForm(next: String) -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    let refused = Signal::derive(move || staff_refusals(action.value().get()));
    // The step the last answer asked for: the code, and maybe the set-up.
    let step = move || match action.value().get() {
        Some(Ok(StaffSignInOutcome::NeedCode { .. })) => Some(None),
        Some(Ok(StaffSignInOutcome::SetUp { qr_svg, secret, .. })) => Some(Some((qr_svg, secret))),
        _ => None,
    };
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
            {move || step().map(|set_up| view! {
                {set_up.map(|(svg, secret)| view! {
                    <div class="set-up" role="status">
                        <h2>{t(W::SetUpSecondFactor)}</h2>
                        <p>{t(W::SetUpExplain)}</p>
                        <img class="qr" src=qr_src(&svg) width="200" height="200" alt=t(W::QrAlt)/>
                        <p class="hint">{t(W::SecretInstead)}" "<code class="secret">{secret}</code></p>
                    </div>
                })}
                <label for="code">{t(W::AuthenticatorCode)}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9 ]*" maxlength="8" required autofocus
                    aria-describedby="code-error" aria-invalid=invalid(refused, "code")/>
                <FieldMessage id="code-error" field="code" refusals=refused/>
            })}
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {t(W::SignIn)}
            </button>
        </ActionForm>
    }
}
