//! A member of staff changes their own password, with their current one.
//! Every role may; the page's server function is beside it.

use crate::error::PageError;
use leptos::prelude::*;

use crate::components::{FieldMessage, invalid, refusals};
use crate::i18n::{W, t};
use crate::staff::types::Outcome;

#[server(prefix = "/staff/api", endpoint = "change_my_password")]
pub async fn change_my_password(
    current: String,
    password: String,
    password_again: String,
) -> Result<Outcome, PageError> {
    use crate::ssr::{staff_may, staff_services, staff_time, staff_unavailable};
    use reachguard_core::staff::{NewPasswordProblem, StaffSession, StaffSignInError};
    use reachguard_domain::StaffAction;
    let member = staff_may(StaffAction::ViewDashboard).await?;
    let language = crate::i18n::use_language();
    let refused = |field: &str, message: &str| Ok(Outcome::refused(field, message));
    if password != password_again {
        return refused("password_again", W::PasswordsDiffer.text(language));
    }
    let session: StaffSession = leptos_axum::extract().await.map_err(PageError::from)?;
    let address = crate::ssr::client_address();
    match session
        .backend
        .change_password(&member.username, current, password, address)
        .await
    {
        Ok(Ok(())) => Ok(Outcome::Done),
        Ok(Err(NewPasswordProblem::Same)) => refused("password", W::SamePassword.text(language)),
        Ok(Err(_)) => refused("password", W::StaffPasswordRules.text(language)),
        Err(StaffSignInError::WrongPassword) => {
            refused("current", W::WrongCurrentPassword.text(language))
        }
        Err(StaffSignInError::AccountLocked { until }) => {
            let (_, zone) = staff_services().await?;
            refused(
                "current",
                &crate::i18n::try_again_after(&staff_time(until, zone), language),
            )
        }
        Err(StaffSignInError::AddressThrottled { retry_after }) => refused(
            "current",
            &crate::i18n::try_again_in_minutes(retry_after.as_secs().div_ceil(60).max(1), language),
        ),
        Err(StaffSignInError::Busy(_)) => refused("current", W::Unavailable.text(language)),
        Err(error) => Err(staff_unavailable(error)),
    }
}

#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{t(W::MyStaffPassword)}</h1>
            <ChangeMyPasswordForm/>
        </section>
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn ChangeMyPasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangeMyPassword>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    let done = move || matches!(action.value().get(), Some(Ok(Outcome::Done)));
    view! {
        {move || done().then(|| view! { <p class="notice notice-ok" role="status">{t(W::PasswordChangedStaff)}</p> })}
        <ActionForm action=action>
            <label for="current">{t(W::CurrentPassword)}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required
                aria-describedby="current-error" aria-invalid=invalid(refused, "current")/>
            <FieldMessage id="current-error" field="current" refusals=refused/>
            <label for="password">{t(W::NewPassword)}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required
                aria-describedby="password-hint password-error" aria-invalid=invalid(refused, "password")/>
            <p class="hint" id="password-hint">{t(W::StaffPasswordRules)}</p>
            <FieldMessage id="password-error" field="password" refusals=refused/>
            <label for="password-again">{t(W::NewPasswordAgain)}</label>
            <input id="password-again" name="password_again" type="password" autocomplete="new-password" required
                aria-describedby="password-again-error" aria-invalid=invalid(refused, "password_again")/>
            <FieldMessage id="password-again-error" field="password_again" refusals=refused/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {t(W::ChangeMyPassword)}
            </button>
        </ActionForm>
    }
}
