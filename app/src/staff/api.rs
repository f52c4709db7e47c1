//! The staff's server functions, under `/staff/api/` so that the staff
//! session's cookie (sent only under `/staff`) reaches them. Each begins by
//! asking whether the signed-in role may do what it does: a call made
//! directly, around the pages, is refused the same way.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::server::*;
use super::types::*;
#[cfg(feature = "ssr")]
use crate::borrower::server::{NOT_SIGNED_IN, services};
#[cfg(feature = "ssr")]
use crate::i18n::{self, W, use_language};
#[cfg(feature = "ssr")]
use reachguard_domain::StaffAction;

/// Audit entries per page.
pub const AUDIT_PER_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
fn client_address() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip())
    })
}

/// The QR code of an `otpauth://` address, as an SVG image.
#[cfg(feature = "ssr")]
fn qr_svg(address: &str) -> Result<String, ServerFnError> {
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
    #[server(default)] next: String,
) -> Result<StaffSignInOutcome, ServerFnError> {
    use reachguard_core::staff::{StaffCredentials, StaffSession, StaffSignInError};
    let language = use_language();
    let mut session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
    let refused = |field: &str, message: &str| {
        Ok(StaffSignInOutcome::Refused(vec![Refusal {
            field: field.to_owned(),
            message: message.to_owned(),
        }]))
    };
    if username.trim().is_empty() {
        return refused("username", W::EnterUsername.text(language));
    }
    let credentials = StaffCredentials {
        username,
        password,
        code,
        address: client_address(),
    };
    match session.authenticate(credentials).await {
        Ok(Some(member)) => {
            session
                .session
                .cycle_id()
                .await
                .map_err(staff_unavailable)?;
            session.login(&member).await.map_err(staff_unavailable)?;
            let next = reachguard_core::text::local_path(&next)
                .filter(|n| n.starts_with("/staff"))
                .unwrap_or("/staff");
            leptos_axum::redirect(next);
            Ok(StaffSignInOutcome::Done)
        }
        Ok(None) => refused("password", W::WrongStaffLogin.text(language)),
        Err(axum_login::Error::Backend(error)) => match error {
            StaffSignInError::NeedCode => Ok(StaffSignInOutcome::NeedCode { wrong_code: false }),
            StaffSignInError::WrongCode => Ok(StaffSignInOutcome::NeedCode { wrong_code: true }),
            StaffSignInError::SetUp { set_up, wrong_code } => Ok(StaffSignInOutcome::SetUp {
                qr_svg: qr_svg(&set_up.address)?,
                secret: set_up.secret,
                wrong_code,
            }),
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
        Err(error) => Err(staff_unavailable(error)),
    }
}

#[server(prefix = "/staff/api", endpoint = "sign_out")]
pub async fn staff_sign_out() -> Result<(), ServerFnError> {
    use reachguard_core::staff::StaffSession;
    let mut session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
    session.logout().await.map_err(staff_unavailable)?;
    leptos_axum::redirect("/staff/signin");
    Ok(())
}

/// The signed-in member of staff, or `None`.
#[server(prefix = "/staff/api", endpoint = "me")]
pub async fn staff_me() -> Result<Option<SignedInStaff>, ServerFnError> {
    use reachguard_core::staff::StaffSession;
    let session: StaffSession = leptos_axum::extract()
        .await
        .map_err(|_| ServerFnError::new(NOT_SIGNED_IN))?;
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

#[server(prefix = "/staff/api", endpoint = "keys")]
pub async fn api_keys() -> Result<KeysData, ServerFnError> {
    use reachguard_core::keys::Scope;
    let member = staff_may(StaffAction::ViewApiKeys).await?;
    let (services, zone) = staff_services().await?;
    let keys = services.db.api_clients().await.map_err(staff_unavailable)?;
    Ok(KeysData {
        keys: keys
            .into_iter()
            .map(|key| KeyView {
                name: key.name,
                scopes: key.scopes.split_whitespace().map(str::to_owned).collect(),
                created: staff_time_of(key.created_at, zone),
                created_by: key.created_by,
                last_used: key.last_used_at.map(|t| staff_time_of(t, zone)),
                revoked: key.revoked_at.map(|t| staff_time_of(t, zone)),
            })
            .collect(),
        scopes: Scope::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
        may_manage: member.may(StaffAction::ManageApiKeys),
    })
}

#[server(prefix = "/staff/api", endpoint = "create_key")]
pub async fn create_key(
    name: String,
    #[server(default)] scopes: Vec<String>,
) -> Result<KeyCreated, ServerFnError> {
    use reachguard_core::keys::{KeyError, Scope, create_api_key};
    use reachguard_domain::Actor;
    use reachguard_storage::CreateError;
    let member = staff_may(StaffAction::ManageApiKeys).await?;
    let language = use_language();
    let refused = |field: &str, word: W| {
        Ok(KeyCreated::Refused(vec![Refusal {
            field: field.to_owned(),
            message: word.text(language).to_owned(),
        }]))
    };
    let Ok(scopes) = scopes
        .iter()
        .map(|s| s.parse::<Scope>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return refused("scopes", W::ChooseScopes);
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    match create_api_key(&services()?.db, &name, &scopes, &actor).await {
        Ok(key) => Ok(KeyCreated::Created {
            name: name.trim().to_owned(),
            key,
        }),
        Err(KeyError::BadName) => refused("name", W::KeyNameRules),
        Err(KeyError::NoScope) => refused("scopes", W::ChooseScopes),
        Err(KeyError::Create(CreateError::Exists(_))) => refused("name", W::KeyNameTaken),
        Err(error) => Err(staff_unavailable(error)),
    }
}

#[server(prefix = "/staff/api", endpoint = "revoke_key")]
pub async fn revoke_key(name: String) -> Result<Outcome, ServerFnError> {
    let member = staff_may(StaffAction::ManageApiKeys).await?;
    let revoked = services()?
        .db
        .revoke_api_client(&name, &member.actor(), chrono::Utc::now().timestamp())
        .await
        .map_err(staff_unavailable)?;
    Ok(if revoked {
        Outcome::Done
    } else {
        Outcome::refused("", W::NoSuchKey.text(use_language()))
    })
}

#[server(prefix = "/staff/api", endpoint = "accounts")]
pub async fn staff_accounts() -> Result<AccountsData, ServerFnError> {
    let member = staff_may(StaffAction::ViewStaff).await?;
    let (services, zone) = staff_services().await?;
    let accounts = services
        .db
        .staff_accounts()
        .await
        .map_err(staff_unavailable)?;
    let now = chrono::Utc::now().timestamp();
    Ok(AccountsData {
        accounts: accounts
            .into_iter()
            .map(|a| AccountView {
                role_name: role_name(&a.role),
                created: staff_time_of(a.created_at, zone),
                disabled: a.disabled_at.map(|t| staff_time_of(t, zone)),
                locked_until: a
                    .locked_until
                    .filter(|t| *t > now)
                    .map(|t| staff_time_of(t, zone)),
                second_factor: a.second_factor,
                role: a.role,
                username: a.username,
            })
            .collect(),
        may_manage: member.may(StaffAction::ManageStaff),
        me: member.username,
    })
}

#[server(prefix = "/staff/api", endpoint = "create_account")]
pub async fn create_account(
    username: String,
    role: String,
    password: String,
) -> Result<Outcome, ServerFnError> {
    use reachguard_core::accounts::{StaffError, create_staff};
    use reachguard_storage::CreateError;
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let refused = |field: &str, word: W| Ok(Outcome::refused(field, word.text(language)));
    let Ok(role) = role.parse() else {
        return refused("role", W::ChooseRole);
    };
    match create_staff(
        &services()?.db,
        username.trim(),
        role,
        password,
        &member.actor(),
    )
    .await
    {
        Ok(()) => Ok(Outcome::Done),
        Err(StaffError::BadUsername) => refused("username", W::UsernameRules),
        Err(StaffError::BadPassword) => refused("password", W::StaffPasswordRules),
        Err(StaffError::Create(CreateError::Exists(_))) => refused("username", W::UsernameTaken),
        Err(error) => Err(staff_unavailable(error)),
    }
}

/// `change`: `role:<role>`, `disable`, `enable`, `reset_second_factor` or
/// `unlock`.
#[server(prefix = "/staff/api", endpoint = "change_account")]
pub async fn change_account(username: String, change: String) -> Result<Outcome, ServerFnError> {
    use reachguard_core::accounts::{StaffError, change_staff};
    use reachguard_storage::StaffChange;
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let change = match change.as_str() {
        "disable" => StaffChange::Disable,
        "enable" => StaffChange::Enable,
        "reset_second_factor" => StaffChange::ResetSecondFactor,
        "unlock" => StaffChange::Unlock,
        other => match other.strip_prefix("role:").and_then(|r| r.parse().ok()) {
            Some(role) => StaffChange::Role(role),
            None => return Ok(Outcome::refused("", W::ChooseRole.text(language))),
        },
    };
    match change_staff(&services()?.db, &username, change, &member.username).await {
        Ok(()) => Ok(Outcome::Done),
        Err(StaffError::OwnAccount) => Ok(Outcome::refused("", W::NotOwnAccount.text(language))),
        Err(StaffError::NotFound(_)) => Ok(Outcome::refused("", W::NoSuchAccount.text(language))),
        Err(error) => Err(staff_unavailable(error)),
    }
}

/// A page of the audit log, newest first. Filters are optional; dates are
/// `YYYY-MM-DD` in the bank's zone, `until` inclusive.
#[server(prefix = "/staff/api", endpoint = "audit")]
pub async fn audit_log(
    #[server(default)] actor: String,
    #[server(default)] action: String,
    #[server(default)] subject: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] before: Option<i64>,
) -> Result<AuditData, ServerFnError> {
    staff_may(StaffAction::ViewAudit).await?;
    let (services, zone) = staff_services().await?;
    let filter =
        reachguard_core::audit::filter_from_form(&actor, &action, &subject, &from, &until, zone);
    let mut entries = services
        .db
        .audit_entries(&filter, before, AUDIT_PER_PAGE + 1)
        .await
        .map_err(staff_unavailable)?;
    let older = (entries.len() as i64 > AUDIT_PER_PAGE).then(|| {
        entries.truncate(AUDIT_PER_PAGE as usize);
        entries.last().map(|e| e.seq)
    });
    Ok(AuditData {
        entries: entries
            .into_iter()
            .map(|e| AuditView {
                seq: e.seq,
                when: staff_time_of(e.at, zone),
                actor: e.actor,
                action: e.action,
                subject: e.subject,
                details: e.details,
            })
            .collect(),
        older: older.flatten(),
    })
}

#[server(prefix = "/staff/api", endpoint = "verify_audit")]
pub async fn verify_audit() -> Result<VerifyView, ServerFnError> {
    staff_may(StaffAction::ViewAudit).await?;
    let services = services()?;
    let found = reachguard_core::audit::verify_chain(&services.db)
        .await
        .map_err(staff_unavailable)?;
    let language = use_language();
    Ok(match found.first_break {
        None => VerifyView {
            intact: true,
            broken_at: None,
            message: i18n::audit_intact(found.verified, language),
        },
        Some((seq, why)) => VerifyView {
            intact: false,
            broken_at: Some(seq),
            message: i18n::audit_broken(seq, why, language),
        },
    })
}
