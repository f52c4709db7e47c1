//! Server-side helpers of the staff's server functions: who is signed in
//! and whether their role may do what they ask, and instants in words.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use reachguard_core::Services;
use reachguard_core::staff::{StaffMember, StaffSession};
use reachguard_domain::StaffAction;

use crate::borrower::server::{NOT_SIGNED_IN, from_seconds, services, unavailable};
use crate::i18n::{self, W, use_language};

/// The message a server function fails with when the role may not do what
/// was asked; the response's status is 403.
pub const NOT_ALLOWED: &str = "not allowed";

/// The signed-in member of staff if their role may do `action`. Else the
/// call fails, with 401 or 403, before anything is read or changed.
pub async fn staff_may(action: StaffAction) -> Result<StaffMember, ServerFnError> {
    let session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|_| ServerFnError::new(NOT_SIGNED_IN))?;
    let status = |code| {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(code);
        }
    };
    let Some(member) = session.user else {
        status(http::StatusCode::UNAUTHORIZED);
        return Err(ServerFnError::new(NOT_SIGNED_IN));
    };
    if !member.may(action) {
        status(http::StatusCode::FORBIDDEN);
        tracing::warn!(staff = %member.username, ?action, "refused a staff action the role may not do");
        return Err(ServerFnError::new(NOT_ALLOWED));
    }
    Ok(member)
}

/// The bank's time zone, in which staff read instants: the policy pack's.
pub async fn bank_zone(services: &Services) -> Result<Tz, ServerFnError> {
    Ok(services
        .policy
        .current(&services.db)
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
pub async fn staff_services() -> Result<(Services, Tz), ServerFnError> {
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
pub fn staff_unavailable(error: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(%error, "a staff request failed");
    ServerFnError::new(W::Unavailable.text(i18n::use_language()))
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
