//! What only the server compiles: the services and who is signed in (a
//! borrower or a member of staff, and whether their role may do what they
//! ask), failures in words, and instants in the reader's zone. The page
//! files' server functions use it; none of it reaches the wasm.

mod form;
mod views;

pub use form::*;
pub use views::*;

// What every server function reaches for, so that a page file needs one
// line (`use crate::ssr::*`) behind its `ssr` gate.
pub use crate::i18n::{self, W, use_language};
pub use reachguard_domain::StaffAction;

use crate::error::PageError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use reachguard_core::Services;
use reachguard_core::records::CustomerRecord;
use reachguard_core::signin::BorrowerSession;
use reachguard_core::staff::{StaffMember, StaffSession};
use reachguard_domain::{CustomerId, Language, Policy};

use crate::borrower::types::Outcome;

pub fn services() -> Result<Services, PageError> {
    use_context::<Services>()
        .ok_or_else(|| PageError::Unavailable("the server is not set up".into()))
}

/// The signed-in borrower, from the session and never from the request.
/// Nobody signed in: the call fails with 401.
pub async fn signed_in() -> Result<CustomerId, PageError> {
    let session: Option<BorrowerSession> = leptos_axum::extract().await.ok();
    match session.and_then(|s| s.user) {
        Some(borrower) => Ok(borrower.customer_id),
        None => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::UNAUTHORIZED);
            }
            Err(PageError::NotSignedIn)
        }
    }
}

/// A try at a borrower's password that was not checked, in words beside
/// `field`: the login is locked (until when, in the bank's zone), this
/// address has tried too often, or the hashes are all busy. A storage
/// failure is the server's.
pub async fn refused_try(
    services: &Services,
    field: &str,
    error: reachguard_core::signin::SignInError,
    language: Language,
) -> Result<Outcome, PageError> {
    use reachguard_core::signin::SignInError;
    let message = match error {
        SignInError::AccountLocked { until } => {
            let zone = services
                .policy_now()
                .await
                .map_err(unavailable)?
                .pack
                .default_time_zone();
            i18n::try_again_after(&local_time(until, zone, language), language)
        }
        SignInError::AddressThrottled { retry_after } => {
            i18n::try_again_in_minutes(retry_after.as_secs().div_ceil(60).max(1), language)
        }
        SignInError::Busy(_) => W::Unavailable.text(language).to_owned(),
        SignInError::Storage(error) => return Err(unavailable(error)),
    };
    Ok(Outcome::refused(field, message))
}

/// A quota reached (see `reachguard_core::quotas`): 429, with why in words.
pub fn too_many(why: W) -> PageError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
    }
    PageError::TooMany(why.text(i18n::use_language()).to_owned())
}

/// A storage failure, logged in full and shown to the borrower in words.
pub fn unavailable(error: impl std::fmt::Display) -> PageError {
    tracing::error!(%error, "a borrower's request failed");
    PageError::Unavailable(W::Unavailable.text(i18n::use_language()).to_owned())
}

/// The signed-in borrower's record, the policy in force and their zone.
pub async fn borrower_record(
    services: &Services,
    customer: &CustomerId,
) -> Result<(CustomerRecord, Policy, Tz), PageError> {
    let (record, policy) = reachguard_core::customers::with_policy(services, customer)
        .await
        .map_err(unavailable)?
        .ok_or(PageError::NotSignedIn)?;
    let zone = record.preferences.zone(&policy);
    Ok((record, policy, zone))
}

pub fn local_time(at: DateTime<Utc>, zone: Tz, language: Language) -> String {
    let local = at.with_timezone(&zone);
    match language {
        Language::ZhCn => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Language::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

pub fn local_date(at: DateTime<Utc>, zone: Tz, language: Language) -> String {
    let local = at.with_timezone(&zone);
    match language {
        Language::ZhCn => local.format("%Y年%-m月%-d日").to_string(),
        Language::En => local.format("%-d %b %Y").to_string(),
    }
}

pub fn from_seconds(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

pub fn client_address() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<reachguard_core::ClientAddress>()
            .map(|client| client.0)
            .or_else(|| {
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|info| info.0.ip())
            })
    })
}

/// Why a new password was refused, in words.
pub fn password_word(problem: reachguard_core::passwords::PasswordProblem) -> W {
    use reachguard_core::passwords::PasswordProblem;
    match problem {
        PasswordProblem::TooShort => W::PasswordTooShort,
        PasswordProblem::TooLong => W::PasswordTooLong,
        PasswordProblem::PersonalData => W::PasswordPersonal,
        PasswordProblem::Common => W::PasswordCommon,
    }
}

/// The signed-in member of staff if their role may do `action`. Else the
/// call fails, with 401 or 403, before anything is read or changed.
pub async fn staff_may(action: StaffAction) -> Result<StaffMember, PageError> {
    let session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|_| PageError::NotSignedIn)?;
    let status = |code| {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(code);
        }
    };
    let Some(member) = session.user else {
        status(http::StatusCode::UNAUTHORIZED);
        return Err(PageError::NotSignedIn);
    };
    if !member.may(action) {
        status(http::StatusCode::FORBIDDEN);
        tracing::warn!(staff = %member.username, ?action, "refused a staff action the role may not do");
        return Err(PageError::NotAllowed);
    }
    Ok(member)
}

/// The bank's time zone, in which staff read instants: the policy pack's.
pub async fn bank_zone(services: &Services) -> Result<Tz, PageError> {
    Ok(services
        .policy_now()
        .await
        .map_err(unavailable)?
        .pack
        .default_time_zone())
}

/// An instant as staff read it: the same in both languages, to the minute.
pub fn staff_time(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

pub fn staff_time_of(seconds: i64, zone: Tz) -> String {
    staff_time(from_seconds(seconds), zone)
}

/// The services, and the bank's zone, for a staff server function.
pub async fn staff_services() -> Result<(Services, Tz), PageError> {
    let services = services()?;
    let zone = bank_zone(&services).await?;
    Ok((services, zone))
}

/// A role in the reader's language.
pub fn role_name(role: &str) -> String {
    let language = use_language();
    match role {
        "admin" => W::RoleAdmin.text(language),
        "supervisor" => W::RoleSupervisor.text(language),
        "agent" => W::RoleAgent.text(language),
        "auditor" => W::RoleAuditor.text(language),
        other => other,
    }
    .to_owned()
}

/// A staff request that failed for the server's own reasons.
pub fn staff_unavailable(error: impl std::fmt::Display) -> PageError {
    tracing::error!(%error, "a staff request failed");
    PageError::Unavailable(W::Unavailable.text(i18n::use_language()).to_owned())
}

/// A complaint's status as staff name it (borrowers read gentler words).
pub fn status_word(status: reachguard_domain::ComplaintStatus) -> W {
    use reachguard_domain::ComplaintStatus;
    match status {
        ComplaintStatus::Open => W::StatusOpen,
        ComplaintStatus::InProgress => W::StatusInProgress,
        ComplaintStatus::Answered => W::StatusAnswered,
        ComplaintStatus::Closed => W::StatusClosed,
    }
}
