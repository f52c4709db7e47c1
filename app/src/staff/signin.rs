//! Staff sign-in: username and password, then the code from an
//! authenticator app; at the first sign-in, the set-up code an
//! administrator handed over, the QR code that sets the app up, and a new
//! password of the member's own.

// A server function takes a form's fields as its arguments: this form
// has more than seven, and the client half the macro makes needs the
// allow too.
#![allow(clippy::too_many_arguments)]

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::*;
use super::types::{Refusal, StaffSignInOutcome};
use crate::components::{FieldMessage, invalid};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

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

/// The QR code of an `otpauth://` address, as an SVG image.
#[cfg(feature = "ssr")]
fn qr_svg(address: &str) -> Result<String, PageError> {
    use qrcode::QrCode;
    use qrcode::render::svg;
    let code = QrCode::new(address.as_bytes()).map_err(staff_unavailable)?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

#[server(prefix = "/staff/api", endpoint = "sign_in")]
pub async fn staff_sign_in(
    username: String,
    password: String,
    #[server(default)] code: String,
    #[server(default)] setup_code: String,
    #[server(default)] new_password: String,
    #[server(default)] new_password_again: String,
    #[server(default)] next: String,
) -> Result<StaffSignInOutcome, PageError> {
    use axum_login::AuthnBackend;
    use reachguard_core::staff::{
        NewPassword, NewPasswordProblem, StaffCredentials, StaffSession, StaffSignInError,
    };
    let language = use_language();
    let mut session: StaffSession = leptos_axum::extract().await.map_err(PageError::from)?;
    let refused = |field: &str, message: &str| {
        Ok(StaffSignInOutcome::Refused(vec![Refusal {
            field: field.to_owned(),
            message: message.to_owned(),
        }]))
    };
    if username.trim().is_empty() {
        return refused("username", W::EnterUsername.text(language));
    }
    // Two different new passwords: none is given, and the page says why.
    let differ = new_password != new_password_again;
    let credentials = StaffCredentials {
        username,
        password,
        code,
        setup_code,
        new_password: if differ { String::new() } else { new_password },
        address: client_address(),
    };
    // Whether a new password is asked for, and why the one given will not do.
    let asked = |new: Option<NewPassword>| {
        let problem = new
            .as_ref()
            .and_then(|n| n.problem)
            .map(|problem| match problem {
                NewPasswordProblem::Missing if differ => {
                    W::PasswordsDiffer.text(language).to_owned()
                }
                NewPasswordProblem::Missing => String::new(),
                NewPasswordProblem::Rules => W::StaffPasswordRules.text(language).to_owned(),
                NewPasswordProblem::Same => W::SamePassword.text(language).to_owned(),
            });
        (new.is_some(), problem)
    };
    // The backend directly rather than `session.authenticate`, which would
    // log the steps of a sign-in (asking for the code) as errors.
    match session.backend.authenticate(credentials).await {
        Ok(Some(member)) => {
            session
                .session
                .cycle_id()
                .await
                .map_err(staff_unavailable)?;
            session.login(&member).await.map_err(staff_unavailable)?;
            reachguard_core::sessions::note_signed_in(&session.session)
                .await
                .map_err(staff_unavailable)?;
            let next = reachguard_core::text::local_path(&next)
                .filter(|n| n.starts_with("/staff"))
                .unwrap_or("/staff");
            leptos_axum::redirect(next);
            Ok(StaffSignInOutcome::Done)
        }
        Ok(None) => refused("password", W::WrongStaffLogin.text(language)),
        Err(StaffSignInError::WrongPassword) => {
            refused("password", W::WrongStaffLogin.text(language))
        }
        Err(error) => match error {
            StaffSignInError::NeedSetUpCode { wrong } => {
                Ok(StaffSignInOutcome::NeedSetUpCode { wrong })
            }
            StaffSignInError::NeedCode {
                wrong,
                new_password,
            } => {
                let (new_password, password_problem) = asked(new_password);
                Ok(StaffSignInOutcome::NeedCode {
                    wrong_code: wrong,
                    new_password,
                    password_problem,
                })
            }
            StaffSignInError::SetUp {
                set_up,
                wrong_code,
                new_password,
            } => {
                let (new_password, password_problem) = asked(new_password);
                Ok(StaffSignInOutcome::SetUp {
                    qr_svg: qr_svg(&set_up.address)?,
                    secret: set_up.secret,
                    wrong_code,
                    new_password,
                    password_problem,
                })
            }
            StaffSignInError::AccountLocked { until } => {
                let (_, zone) = staff_services().await?;
                refused(
                    "password",
                    &i18n::try_again_after(&staff_time(until, zone), language),
                )
            }
            StaffSignInError::AddressThrottled { retry_after } => refused(
                "password",
                &i18n::try_again_in_minutes(retry_after.as_secs().div_ceil(60).max(1), language),
            ),
            StaffSignInError::Busy(_) => refused("password", W::Unavailable.text(language)),
            error => Err(staff_unavailable(error)),
        },
    }
}

#[server(prefix = "/staff/api", endpoint = "sign_out")]
pub async fn staff_sign_out() -> Result<(), PageError> {
    use reachguard_core::staff::StaffSession;
    let mut session: StaffSession = leptos_axum::extract().await.map_err(PageError::from)?;
    session.logout().await.map_err(staff_unavailable)?;
    leptos_axum::redirect("/staff/signin");
    Ok(())
}

/// The signed-in member of staff, or `None`.
#[server(prefix = "/staff/api", endpoint = "me")]
pub async fn staff_me() -> Result<Option<SignedInStaff>, PageError> {
    use reachguard_core::staff::StaffSession;
    let session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|_| PageError::NotSignedIn)?;
    Ok(session.user.map(|member| SignedInStaff {
        role_name: role_name(member.role.as_str()),
        role: member.role.as_str().to_owned(),
        menu: super::PAGES
            .iter()
            .filter(|(_, action, _)| member.may(*action))
            .map(|(path, _, _)| (*path).to_owned())
            .collect(),
        username: member.username,
    }))
}
