//! The staff's server functions, under `/staff/api/` so that the staff
//! session's cookie (sent only under `/staff`) reaches them. Each begins by
//! asking whether the signed-in role may do what it does: a call made
//! directly, around the pages, is refused the same way.

// A server function takes a form's fields as its arguments: the policy
// form has ten, and the client half the macro generates needs the allow too.
#![allow(clippy::too_many_arguments)]

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
use crate::borrower::api::client_address;

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
    #[server(default)] setup_code: String,
    #[server(default)] new_password: String,
    #[server(default)] new_password_again: String,
    #[server(default)] next: String,
) -> Result<StaffSignInOutcome, ServerFnError> {
    use axum_login::AuthnBackend;
    use reachguard_core::staff::{
        NewPassword, NewPasswordProblem, StaffCredentials, StaffSession, StaffSignInError,
    };
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
) -> Result<AccountOutcome, ServerFnError> {
    use reachguard_core::accounts::{StaffError, create_staff};
    use reachguard_storage::CreateError;
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let refused = |field: &str, word: W| {
        Ok(AccountOutcome::Refused(vec![Refusal {
            field: field.to_owned(),
            message: word.text(language).to_owned(),
        }]))
    };
    let Ok(role) = role.parse() else {
        return refused("role", W::ChooseRole);
    };
    let username = username.trim().to_owned();
    match create_staff(&services()?.db, &username, role, password, &member.actor()).await {
        Ok(code) => Ok(AccountOutcome::Done {
            hand_over: Some(HandOver::SetUpCode { username, code }),
        }),
        Err(StaffError::BadUsername) => refused("username", W::UsernameRules),
        Err(StaffError::BadPassword | StaffError::SamePassword) => {
            refused("password", W::StaffPasswordRules)
        }
        Err(StaffError::Create(CreateError::Exists(_))) => refused("username", W::UsernameTaken),
        Err(error) => Err(staff_unavailable(error)),
    }
}

/// `change`: `role:<role>`, `disable`, `enable`, `reset_second_factor`,
/// `reset_password` or `unlock`.
#[server(prefix = "/staff/api", endpoint = "change_account")]
pub async fn change_account(
    username: String,
    change: String,
) -> Result<AccountOutcome, ServerFnError> {
    use reachguard_core::accounts::{AccountChange, StaffError, change_staff};
    let member = staff_may(StaffAction::ManageStaff).await?;
    let language = use_language();
    let refused = |word: W| {
        Ok(AccountOutcome::Refused(vec![Refusal {
            field: String::new(),
            message: word.text(language).to_owned(),
        }]))
    };
    let change = match change.as_str() {
        "disable" => AccountChange::Disable,
        "enable" => AccountChange::Enable,
        "reset_second_factor" => AccountChange::ResetSecondFactor,
        "reset_password" => AccountChange::ResetPassword,
        "unlock" => AccountChange::Unlock,
        other => match other.strip_prefix("role:").and_then(|r| r.parse().ok()) {
            Some(role) => AccountChange::Role(role),
            None => return refused(W::ChooseRole),
        },
    };
    match change_staff(&services()?.db, &username, change, Some(&member.username)).await {
        Ok(hand_over) => Ok(AccountOutcome::Done {
            hand_over: hand_over.map(|secret| match change {
                AccountChange::ResetPassword => HandOver::TemporaryPassword {
                    username: username.clone(),
                    password: secret,
                },
                _ => HandOver::SetUpCode {
                    username: username.clone(),
                    code: secret,
                },
            }),
        }),
        Err(StaffError::OwnAccount) => refused(W::NotOwnAccount),
        Err(StaffError::NotFound(_)) => refused(W::NoSuchAccount),
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

/// Customers found by number, phone or the start of a name.
#[server(prefix = "/staff/api", endpoint = "find_customers")]
pub async fn find_customers(q: String) -> Result<Vec<CustomerHitView>, ServerFnError> {
    staff_may(StaffAction::ViewCustomers).await?;
    let hits = services()?
        .db
        .search_customers(&q, 20)
        .await
        .map_err(staff_unavailable)?;
    Ok(hits
        .into_iter()
        .map(|h| CustomerHitView {
            customer_id: h.customer_id,
            name: h.name,
            phone: h.phone,
        })
        .collect())
}

/// Contacts, decisions shown on a customer's page; older ones are in the
/// borrower's own history and the data export.
#[cfg(feature = "ssr")]
const RECENT: i64 = 50;

#[server(prefix = "/staff/api", endpoint = "customer")]
pub async fn customer_detail(
    customer_id: String,
    before: Option<i64>,
) -> Result<Option<CustomerFile>, ServerFnError> {
    use crate::borrower::server::{
        choice_view, complaint_view, ledger_page, staff_contact_view, summary,
    };
    use reachguard_domain::CustomerId;
    let member = staff_may(StaffAction::ViewCustomers).await?;
    let language = use_language();
    let Ok(id) = CustomerId::parse(customer_id.trim()) else {
        return Ok(None);
    };
    let (services, bank_zone) = staff_services().await?;
    let db = &services.db;
    let Some(record) = db.customer(id.as_str()).await.map_err(staff_unavailable)? else {
        return Ok(None);
    };
    let policy = db.current_policy().await.map_err(staff_unavailable)?;
    let zone = record.preferences.zone(&policy);
    let (ledger, ledger_older) = ledger_page(db, &id, before)
        .await
        .map_err(staff_unavailable)?;
    let attempts = db
        .attempts_of(&id, 0, RECENT)
        .await
        .map_err(staff_unavailable)?;
    let contacts_total = db.count_attempts_of(&id).await.map_err(staff_unavailable)?;
    let decisions = db
        .decisions_of(&id, None, RECENT)
        .await
        .map_err(staff_unavailable)?;
    let complaints = reachguard_core::complaints::of(db, &id)
        .await
        .map_err(staff_unavailable)?;
    let text = |value: &serde_json::Value, key: &str| {
        value
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Some(CustomerFile {
        phones: record
            .phones
            .iter()
            .map(|p| PhoneView {
                listed: record.listed_phones.contains(p),
                phone: p.clone(),
            })
            .collect(),
        email: record.email.clone(),
        time_zone: zone.name().to_owned(),
        allowed_now: summary(&record.preferences, &policy, zone, language),
        ledger: ledger
            .into_iter()
            .map(|entry| {
                // Staff read "the customer" where the borrower reads "you".
                let by_customer = entry.actor == "customer";
                let mut choice = choice_view(entry, &policy, zone, language);
                if by_customer {
                    choice.who = W::TheCustomer.text(language).to_owned();
                }
                choice
            })
            .collect(),
        contacts: attempts
            .into_iter()
            .map(|a| staff_contact_view(a, None, &policy, bank_zone, language))
            .collect(),
        contacts_total,
        ledger_older,
        decisions: decisions
            .into_iter()
            .map(|d| {
                let request: serde_json::Value =
                    serde_json::from_str(&d.request).unwrap_or_default();
                let answer: serde_json::Value = serde_json::from_str(&d.answer).unwrap_or_default();
                DecisionView {
                    when: staff_time_of(d.decided_at, bank_zone),
                    channel: text(&request, "channel")
                        .parse()
                        .map(|c| i18n::channel_name(c, language).to_owned())
                        .unwrap_or_default(),
                    purpose: i18n::purpose_name(&text(&request, "purpose"), &policy, language),
                    policy: text(&answer, "policy"),
                    allowed: d.allowed,
                    system: d.client,
                    decision_id: d.decision_id,
                }
            })
            .collect(),
        complaints: complaints
            .into_iter()
            .map(|c| complaint_view(c, bank_zone, language))
            .collect(),
        may_change: member.may(StaffAction::ChangeOnBehalf),
        signin_locked_until: reachguard_core::lock::locked_until(
            db,
            reachguard_storage::TryKind::Borrower,
            id.as_str(),
            chrono::Utc::now(),
        )
        .await
        .map_err(staff_unavailable)?
        .map(|until| staff_time(until, bank_zone)),
        may_unlock: member.may(StaffAction::UnlockBorrower),
        customer_id: record.customer_id,
        name: record.name,
    }))
}

/// Lifts a borrower's sign-in lock (and the lock on their activation), at
/// their request; audited.
#[server(prefix = "/staff/api", endpoint = "unlock_borrower")]
pub async fn unlock_borrower(customer_id: String) -> Result<Outcome, ServerFnError> {
    let member = staff_may(StaffAction::UnlockBorrower).await?;
    let Ok(id) = reachguard_domain::CustomerId::parse(customer_id.trim()) else {
        return Ok(Outcome::refused(
            "",
            W::NoCustomerFound.text(use_language()),
        ));
    };
    reachguard_core::lock::unlock_borrower(&services()?.db, &id, &member.actor())
        .await
        .map_err(staff_unavailable)?;
    Ok(Outcome::Done)
}

/// The customer's preferences as a form, for a change they ask for.
#[server(prefix = "/staff/api", endpoint = "customer_preferences")]
pub async fn customer_preferences(
    customer_id: String,
) -> Result<crate::borrower::types::PreferencesForm, ServerFnError> {
    use crate::borrower::server::{borrower_record, preferences_form};
    use reachguard_domain::CustomerId;
    staff_may(StaffAction::ChangeOnBehalf).await?;
    let id =
        CustomerId::parse(customer_id.trim()).map_err(|e| ServerFnError::new(e.to_string()))?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &id).await?;
    Ok(preferences_form(&record, &policy, zone, use_language()))
}

/// Records a change the customer asked for by phone or in a branch: the
/// same versioned write as the borrower's own, in the staff member's name,
/// with its source and a note, in the ledger and the audit log.
#[server(prefix = "/staff/api", input = leptos::server_fn::codec::Json, endpoint = "save_on_behalf")]
pub async fn save_on_behalf(
    customer_id: String,
    form: crate::borrower::types::PreferencesForm,
    source: String,
    note: String,
) -> Result<crate::borrower::types::SaveOutcome, ServerFnError> {
    use crate::borrower::server::save_form;
    use crate::borrower::types::SaveOutcome;
    use reachguard_domain::{Actor, CustomerId, Source};
    use reachguard_storage::ChangeBy;
    let member = staff_may(StaffAction::ChangeOnBehalf).await?;
    let language = use_language();
    let id =
        CustomerId::parse(customer_id.trim()).map_err(|e| ServerFnError::new(e.to_string()))?;
    let mut refusals = Vec::new();
    let source = match source.as_str() {
        "phone" => Some(Source::Phone),
        "branch" => Some(Source::Branch),
        _ => {
            refusals.push(Refusal {
                field: "source".into(),
                message: W::ChooseSource.text(language).into(),
            });
            None
        }
    };
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 500 || !reachguard_core::text::is_clean(note, true)
    {
        refusals.push(Refusal {
            field: "note".into(),
            message: W::NoteRules.text(language).into(),
        });
    }
    let Some(source) = source.filter(|_| refusals.is_empty()) else {
        return Ok(SaveOutcome::Refused(refusals));
    };
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    let by = ChangeBy {
        note: Some(note),
        ..ChangeBy::new(&actor, source)
    };
    save_form(&services()?, &id, &form, &by).await
}

#[server(prefix = "/staff/api", endpoint = "national_list")]
pub async fn national_list() -> Result<NationalListData, ServerFnError> {
    let member = staff_may(StaffAction::ViewNationalList).await?;
    let (services, zone) = staff_services().await?;
    let numbers = services
        .db
        .national_dnc_size()
        .await
        .map_err(staff_unavailable)?;
    let uploads = services
        .db
        .national_dnc_uploads(50)
        .await
        .map_err(staff_unavailable)?;
    Ok(NationalListData {
        numbers,
        uploads: uploads
            .into_iter()
            .map(|u| UploadView {
                when: staff_time_of(u.uploaded_at, zone),
                by: u.uploaded_by,
                numbers: u.numbers,
            })
            .collect(),
        may_upload: member.may(StaffAction::UploadNationalList),
    })
}

/// The longest range the dashboard counts at once.
pub const DASHBOARD_MAX_DAYS: i64 = 366;

/// The dashboard's charts for the days `from` to `until` (both included,
/// `YYYY-MM-DD` in the bank's zone); the last 28 days when not given.
#[server(prefix = "/staff/api", endpoint = "dashboard")]
pub async fn dashboard(
    #[server(default)] from: String,
    #[server(default)] until: String,
) -> Result<DashboardData, ServerFnError> {
    use super::charts::{self, AMBER, BLUE, GREEN, RED, Series};
    use chrono::{Duration, NaiveDate, TimeZone};
    use reachguard_domain::ReasonCode;
    staff_may(StaffAction::ViewDashboard).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let db = &services.db;
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let last = date(&until).unwrap_or(today);
    let mut first = date(&from).unwrap_or(last - Duration::days(27));
    let mut range_note = None;
    if first > last {
        first = last;
    }
    if (last - first).num_days() >= DASHBOARD_MAX_DAYS {
        first = last - Duration::days(DASHBOARD_MAX_DAYS - 1);
        range_note = Some(i18n::range_too_long(DASHBOARD_MAX_DAYS, language));
    }
    let midnight = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map_or(0, |t| t.timestamp())
    };
    let (start, end) = (midnight(first), midnight(last + Duration::days(1)));
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let day_labels: Vec<String> = days.iter().map(|d| d.format("%m-%d").to_string()).collect();
    let day_rows = |values: &[(i64, i64)]| -> Vec<Vec<String>> {
        days.iter()
            .zip(values)
            .map(|(d, (a, b))| {
                vec![
                    d.format("%Y-%m-%d").to_string(),
                    a.to_string(),
                    b.to_string(),
                ]
            })
            .collect()
    };
    let mut charts_out = Vec::new();

    let per_day = db
        .decisions_per_day(start, end)
        .await
        .map_err(staff_unavailable)?;
    let mut decided = vec![(0, 0); days.len()];
    for d in per_day {
        if let Some(slot) = usize::try_from(d.day).ok().and_then(|i| decided.get_mut(i)) {
            *slot = (d.allowed, d.denied);
        }
    }
    let (allowed_word, denied_word) = (
        W::Allowed.text(language),
        W::NotAllowedAnswer.text(language),
    );
    charts_out.push(ChartView {
        id: "decisions".into(),
        title: W::ChartDecisions.text(language).into(),
        svg: charts::over_days(
            &day_labels,
            &[
                Series {
                    name: allowed_word,
                    colour: GREEN,
                    values: decided.iter().map(|d| d.0).collect(),
                },
                Series {
                    name: denied_word,
                    colour: RED,
                    values: decided.iter().map(|d| d.1).collect(),
                },
            ],
            true,
        ),
        columns: vec![
            W::Day.text(language).into(),
            allowed_word.into(),
            denied_word.into(),
        ],
        rows: day_rows(&decided),
    });

    let reasons: Vec<(String, i64)> = db
        .deny_reasons(start, end)
        .await
        .map_err(staff_unavailable)?
        .into_iter()
        .map(|(code, n)| {
            let label =
                serde_json::from_value::<ReasonCode>(serde_json::Value::String(code.clone()))
                    .map(|c| i18n::reason_label(c, language).to_owned())
                    .unwrap_or(code);
            (label, n)
        })
        .collect();
    charts_out.push(ChartView {
        id: "reasons".into(),
        title: W::ChartReasons.text(language).into(),
        svg: charts::by_category(&reasons, RED, false),
        columns: vec![
            W::Reason.text(language).into(),
            W::Times.text(language).into(),
        ],
        rows: reasons
            .iter()
            .map(|(r, n)| vec![r.clone(), n.to_string()])
            .collect(),
    });

    let against = db
        .against_policy_by_system(start, end)
        .await
        .map_err(staff_unavailable)?;
    charts_out.push(ChartView {
        id: "against".into(),
        title: W::ChartAgainstPolicy.text(language).into(),
        svg: charts::by_category(&against, AMBER, false),
        columns: vec![
            W::System.text(language).into(),
            W::Contacts.text(language).into(),
        ],
        rows: against
            .iter()
            .map(|(s, n)| vec![s.clone(), n.to_string()])
            .collect(),
    });

    let complaints = db
        .complaints_per_day(start, end)
        .await
        .map_err(staff_unavailable)?;
    let mut received = vec![(0, 0); days.len()];
    for c in complaints {
        if let Some(slot) = usize::try_from(c.day)
            .ok()
            .and_then(|i| received.get_mut(i))
        {
            *slot = (c.opened, c.answered);
        }
    }
    let (opened_word, answered_word) = (W::Opened.text(language), W::Answered.text(language));
    charts_out.push(ChartView {
        id: "complaints".into(),
        title: W::ChartComplaints.text(language).into(),
        svg: charts::over_days(
            &day_labels,
            &[
                Series {
                    name: opened_word,
                    colour: AMBER,
                    values: received.iter().map(|c| c.0).collect(),
                },
                Series {
                    name: answered_word,
                    colour: BLUE,
                    values: received.iter().map(|c| c.1).collect(),
                },
            ],
            false,
        ),
        columns: vec![
            W::Day.text(language).into(),
            opened_word.into(),
            answered_word.into(),
        ],
        rows: day_rows(&received),
    });

    // Opt-outs per day by how they came: the web, a link, phone, branch,
    // SMS reply, or another way (the voice menu, a bank system).
    let hows: [(&str, W, charts::RGBColor); 6] = [
        ("web", W::OptOutWeb, BLUE),
        ("link", W::OptOutLink, charts::TEAL),
        ("phone", W::OptOutPhone, GREEN),
        ("branch", W::OptOutBranch, charts::PURPLE),
        ("sms_keyword", W::OptOutSms, AMBER),
        ("other", W::OptOutOther, charts::GREY),
    ];
    let mut by_how = vec![vec![0i64; days.len()]; hows.len()];
    for (day, how, n) in db
        .opt_outs_per_day(start, end)
        .await
        .map_err(staff_unavailable)?
    {
        let column = hows
            .iter()
            .position(|(h, _, _)| *h == how)
            .unwrap_or(hows.len() - 1);
        if let Some(slot) = usize::try_from(day)
            .ok()
            .and_then(|i| by_how[column].get_mut(i))
        {
            *slot += n;
        }
    }
    charts_out.push(ChartView {
        id: "opt-outs-by-source".into(),
        title: W::ChartOptOutsBySource.text(language).into(),
        svg: charts::over_days(
            &day_labels,
            &hows
                .iter()
                .zip(&by_how)
                .map(|((_, word, colour), values)| Series {
                    name: word.text(language),
                    colour: *colour,
                    values: values.clone(),
                })
                .collect::<Vec<_>>(),
            true,
        ),
        columns: std::iter::once(W::Day.text(language).to_owned())
            .chain(
                hows.iter()
                    .map(|(_, word, _)| word.text(language).to_owned()),
            )
            .collect(),
        rows: days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                std::iter::once(d.format("%Y-%m-%d").to_string())
                    .chain(by_how.iter().map(|values| values[i].to_string()))
                    .collect()
            })
            .collect(),
    });

    let policy = db.current_policy().await.map_err(staff_unavailable)?;
    let topics: Vec<(String, i64)> = policy
        .purposes()
        .into_iter()
        .filter(|p| p.is_marketing())
        .map(|p| {
            let defaults = reachguard_domain::Preferences::defaults(&policy)
                .channels_for(&policy, &p)
                .len();
            (p.to_string(), defaults as i64)
        })
        .collect();
    let opt_outs = db
        .marketing_opt_outs(&topics)
        .await
        .map_err(staff_unavailable)?;
    // Tenths of a per cent, so that the chart can draw 12.5 %.
    let rates: Vec<(String, i64)> = opt_outs
        .iter()
        .map(|o| {
            let rate = if o.customers == 0 {
                0
            } else {
                o.opted_out * 1000 / o.customers
            };
            (i18n::purpose_name(&o.purpose, &policy, language), rate)
        })
        .collect();
    charts_out.push(ChartView {
        id: "opt-outs".into(),
        title: W::ChartOptOuts.text(language).into(),
        svg: charts::by_category(&rates, BLUE, true),
        columns: vec![
            W::Purpose.text(language).into(),
            W::OptedOutCustomers.text(language).into(),
            W::AllCustomers.text(language).into(),
        ],
        rows: opt_outs
            .iter()
            .zip(&rates)
            .map(|(o, (name, _))| {
                vec![
                    name.clone(),
                    o.opted_out.to_string(),
                    o.customers.to_string(),
                ]
            })
            .collect(),
    });

    let overdue = db
        .overdue_complaints(chrono::Utc::now().timestamp())
        .await
        .map_err(staff_unavailable)?;
    Ok(DashboardData {
        from: first.format("%Y-%m-%d").to_string(),
        until: last.format("%Y-%m-%d").to_string(),
        range_note,
        charts: charts_out,
        overdue,
    })
}

/// The complaints queue, due soonest first. `status` is one status or empty
/// for any; `overdue` shows only those past their due date; `mine` only
/// those assigned to the signed-in member of staff.
#[server(prefix = "/staff/api", endpoint = "complaints")]
pub async fn complaints_queue(
    #[server(default)] status: String,
    #[server(default)] overdue: bool,
    #[server(default)] mine: bool,
) -> Result<QueueData, ServerFnError> {
    use reachguard_domain::ComplaintStatus;
    use reachguard_storage::QueueFilter;
    let member = staff_may(StaffAction::ViewComplaints).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let now = chrono::Utc::now().timestamp();
    let filter = QueueFilter {
        status: status
            .parse::<ComplaintStatus>()
            .ok()
            .map(|s| s.as_str().to_owned()),
        overdue_at: overdue.then_some(now),
        assignee: mine.then(|| member.username.clone()),
    };
    let queued = services
        .db
        .complaints_queue(&filter, 200)
        .await
        .map_err(staff_unavailable)?;
    Ok(QueueData {
        rows: queued
            .into_iter()
            .map(|q| {
                let k = q.complaint;
                let status = k.status.parse::<ComplaintStatus>().ok();
                QueueRowView {
                    received: staff_time_of(k.received_at, zone),
                    category: k
                        .category
                        .parse()
                        .map(|c| i18n::category_name(c, language).to_owned())
                        .unwrap_or(k.category),
                    status: status
                        .map(|s| status_word(s).text(language).to_owned())
                        .unwrap_or_default(),
                    overdue: status.is_some_and(|s| s.awaits_answer()) && k.due_at < now,
                    due: staff_time_of(k.due_at, zone),
                    extended: k.extended_reason.is_some(),
                    assignee: k.assignee,
                    customer_name: q.customer_name,
                    customer_id: k.customer_id,
                    complaint_id: k.complaint_id,
                }
            })
            .collect(),
        may_work: member.may(StaffAction::WorkComplaints),
    })
}

#[server(prefix = "/staff/api", endpoint = "complaint")]
pub async fn complaint_file(complaint_id: String) -> Result<Option<ComplaintCase>, ServerFnError> {
    use crate::borrower::server::staff_contact_view;
    use reachguard_domain::{ComplaintStatus, CustomerId};
    let member = staff_may(StaffAction::ViewComplaints).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let db = &services.db;
    let Some(k) = db
        .complaint(complaint_id.trim())
        .await
        .map_err(staff_unavailable)?
    else {
        return Ok(None);
    };
    let customer = CustomerId::parse(&k.customer_id).map_err(staff_unavailable)?;
    let policy = services
        .policy
        .current(db)
        .await
        .map_err(staff_unavailable)?;
    let name = db
        .customer(customer.as_str())
        .await
        .map_err(staff_unavailable)?
        .map(|c| c.name)
        .unwrap_or_default();
    let contact = match &k.attempt_id {
        Some(attempt) => match db
            .attempt_of(&customer, attempt)
            .await
            .map_err(staff_unavailable)?
        {
            Some(attempt) => {
                let decision = match &attempt.decision_id {
                    Some(id) => db.kept_decision(id).await.map_err(staff_unavailable)?,
                    None => None,
                };
                Some(staff_contact_view(
                    attempt, decision, &policy, zone, language,
                ))
            }
            None => None,
        },
        None => None,
    };
    let status = k.status.parse::<ComplaintStatus>().ok();
    let now = chrono::Utc::now().timestamp();
    Ok(Some(ComplaintCase {
        received: staff_time_of(k.received_at, zone),
        category: k
            .category
            .parse()
            .map(|c| i18n::category_name(c, language).to_owned())
            .unwrap_or(k.category),
        status: status
            .map(|s| status_word(s).text(language).to_owned())
            .unwrap_or_default(),
        overdue: status.is_some_and(|s| s.awaits_answer()) && k.due_at < now,
        status_code: k.status,
        due: staff_time_of(k.due_at, zone),
        answered: k.answered_at.map(|t| staff_time_of(t, zone)),
        details: k.details,
        assignee: k.assignee,
        extended_reason: k.extended_reason,
        answer: k.answer,
        contact,
        may_work: member.may(StaffAction::WorkComplaints),
        customer_name: name,
        customer_id: k.customer_id,
        complaint_id: k.complaint_id,
    }))
}

/// A step on a complaint: `take` (assign it to oneself), `extend` (with
/// `text` as the reason), `answer` (with `text`) or `close`.
#[server(prefix = "/staff/api", endpoint = "work_complaint")]
pub async fn work_complaint(
    complaint_id: String,
    step: String,
    #[server(default)] text: String,
) -> Result<Outcome, ServerFnError> {
    use reachguard_core::complaints::{WorkError, work};
    use reachguard_domain::ComplaintStep;
    use reachguard_domain::complaint::StepRefused;
    let member = staff_may(StaffAction::WorkComplaints).await?;
    let language = use_language();
    let step = match step.as_str() {
        "take" => ComplaintStep::Assign {
            to: member.username.clone(),
        },
        "extend" => ComplaintStep::Extend { reason: text },
        "answer" => ComplaintStep::Answer { text },
        "close" => ComplaintStep::Close,
        _ => return Ok(Outcome::refused("", W::FormInvalid.text(language))),
    };
    let field = match step {
        ComplaintStep::Extend { .. } => "reason",
        ComplaintStep::Answer { .. } => "answer",
        _ => "",
    };
    let refused = |word: W| Ok(Outcome::refused(field, word.text(language)));
    match work(
        &services()?.db,
        complaint_id.trim(),
        &step,
        &member.username,
    )
    .await
    {
        Ok(_) => {
            leptos_axum::redirect(&format!(
                "/staff/complaints/{}",
                crate::url::encode(complaint_id.trim())
            ));
            Ok(Outcome::Done)
        }
        Err(WorkError::NotFound) => refused(W::NoSuchComplaint),
        Err(WorkError::Refused(StepRefused::AlreadyAnswered)) => refused(W::AlreadyAnswered),
        Err(WorkError::Refused(StepRefused::AlreadyExtended)) => refused(W::AlreadyExtended),
        Err(WorkError::Refused(StepRefused::NotAnswered)) => refused(W::AnswerBeforeClosing),
        Err(WorkError::Refused(StepRefused::TextMissingOrLong)) => refused(W::WriteTextRules),
        Err(WorkError::Unclean) => refused(W::DetailsUnclean),
        Err(WorkError::Changed) => refused(W::ComplaintChanged),
        Err(WorkError::Storage(error)) => Err(staff_unavailable(error)),
    }
}

#[server(prefix = "/staff/api", endpoint = "policy")]
pub async fn policy_page() -> Result<PolicyData, ServerFnError> {
    use reachguard_domain::BankSettings;
    use reachguard_domain::pack::MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS;
    let member = staff_may(StaffAction::ViewPolicy).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let history = services
        .db
        .policy_history()
        .await
        .map_err(staff_unavailable)?;
    // The newest version as the history read it, not the decisions' short
    // cache: the page shows a version the moment it is made.
    let current = match history.first() {
        Some(newest) => newest.policy.clone(),
        None => services
            .db
            .current_policy()
            .await
            .map_err(staff_unavailable)?,
    };
    let (pack, settings) = (current.pack, &current.settings);
    let hours = |purpose: &str, bank: Option<reachguard_domain::LocalHours>| {
        let legal = pack
            .legal_hours(&purpose.parse().expect("a built-in purpose"))
            .map(|h| h.to_string())
            .unwrap_or_default();
        i18n::pack_and_bank(&legal, bank.map(|h| h.to_string()).as_deref(), language)
    };
    let cap = pack.collections_cap().limit();
    let rules = vec![
        (
            W::MarketingHours.text(language).to_owned(),
            hours("marketing.credit_card", settings.marketing_hours),
        ),
        (
            W::CollectionsHours.text(language).to_owned(),
            hours("collections", settings.collections_hours),
        ),
        (
            W::ServiceHours.text(language).to_owned(),
            hours("loan_servicing", settings.service_hours),
        ),
        (
            W::CollectionsLimit.text(language).to_owned(),
            i18n::pack_and_bank(
                &cap.to_string(),
                settings.collections_limit.map(|n| n.to_string()).as_deref(),
                language,
            ),
        ),
        (
            W::MarketingLimit.text(language).to_owned(),
            i18n::pack_and_bank(
                &MARKETING_CONTACTS_PER_CHANNEL_PER_30_DAYS.to_string(),
                settings.marketing_limit.map(|n| n.to_string()).as_deref(),
                language,
            ),
        ),
        (
            W::MarketingTopics.text(language).to_owned(),
            current
                .purposes()
                .iter()
                .filter(|p| p.is_marketing())
                .map(|p| i18n::purpose_name(&p.to_string(), &current, language))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let time = |h: Option<reachguard_domain::LocalHours>, start: bool| {
        h.map(|h| if start { h.start } else { h.end }.to_string())
            .unwrap_or_default()
    };
    let empty = BankSettings::default();
    let views = history
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let before = history
                .get(i + 1)
                .map_or(&empty, |older| &older.policy.settings);
            PolicyVersionView {
                label: v.policy.label(),
                when: staff_time_of(v.created_at, zone),
                by: v.created_by.clone(),
                changes: v
                    .policy
                    .settings
                    .changes_from(before)
                    .iter()
                    .map(|c| i18n::setting_change(c, language))
                    .collect(),
            }
        })
        .collect();
    Ok(PolicyData {
        label: current.label(),
        version: current.version,
        rules,
        marketing_start: time(settings.marketing_hours, true),
        marketing_end: time(settings.marketing_hours, false),
        collections_start: time(settings.collections_hours, true),
        collections_end: time(settings.collections_hours, false),
        service_start: time(settings.service_hours, true),
        service_end: time(settings.service_hours, false),
        collections_limit: settings
            .collections_limit
            .map(|n| n.to_string())
            .unwrap_or_default(),
        marketing_limit: settings
            .marketing_limit
            .map(|n| n.to_string())
            .unwrap_or_default(),
        topics: settings
            .marketing_topics
            .iter()
            .map(|topic| match settings.topic_names.get(topic) {
                Some(name) => format!("{topic} | {} | {}", name.zh, name.en),
                None => topic.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        history: views,
        may_change: member.may(StaffAction::ChangePolicy),
    })
}

/// A new policy version from the form. Hours and caps left empty are the
/// pack's; anything looser than the pack is refused, naming the rule.
#[server(prefix = "/staff/api", endpoint = "change_policy")]
pub async fn change_policy(
    version: i64,
    #[server(default)] marketing_start: String,
    #[server(default)] marketing_end: String,
    #[server(default)] collections_start: String,
    #[server(default)] collections_end: String,
    #[server(default)] service_start: String,
    #[server(default)] service_end: String,
    #[server(default)] collections_limit: String,
    #[server(default)] marketing_limit: String,
    #[server(default)] topics: String,
) -> Result<Outcome, ServerFnError> {
    use reachguard_domain::{Actor, BankSettings, ClockTime, LocalHours};
    let member = staff_may(StaffAction::ChangePolicy).await?;
    let language = use_language();
    let mut refusals = Vec::new();
    let mut hours = |field: &str, start: &str, end: &str| -> Option<LocalHours> {
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() && end.is_empty() {
            return None;
        }
        match (start.parse::<ClockTime>(), end.parse::<ClockTime>()) {
            (Ok(start), Ok(end)) => Some(LocalHours { start, end }),
            _ => {
                refusals.push(Refusal {
                    field: field.into(),
                    message: W::HoursBothOrNeither.text(language).into(),
                });
                None
            }
        }
    };
    let marketing_hours = hours("marketing_hours", &marketing_start, &marketing_end);
    let collections_hours = hours("collections_hours", &collections_start, &collections_end);
    let service_hours = hours("service_hours", &service_start, &service_end);
    let mut limit = |field: &str, text: &str| -> Option<u32> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        text.parse::<u32>().ok().or_else(|| {
            refusals.push(Refusal {
                field: field.into(),
                message: W::WholeNumber.text(language).into(),
            });
            None
        })
    };
    let collections_limit = limit("collections_limit", &collections_limit);
    let marketing_limit = limit("marketing_limit", &marketing_limit);
    // One topic a line: `name | 中文名 | English name`.
    let mut marketing_topics = Vec::new();
    let mut topic_names = std::collections::BTreeMap::new();
    for line in topics.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        if parts.len() > 3 {
            // A name holding `|`, or a field too many: nothing is dropped
            // silently.
            refusals.push(Refusal {
                field: "marketing_topics".into(),
                message: W::TopicNamesNeeded.text(language).into(),
            });
            continue;
        }
        let topic = parts[0].trim_start_matches("marketing.").to_owned();
        if let [_, zh, en] = parts[..] {
            topic_names.insert(
                topic.clone(),
                reachguard_domain::TopicName {
                    zh: zh.to_owned(),
                    en: en.to_owned(),
                },
            );
        }
        marketing_topics.push(topic);
    }
    let settings = BankSettings {
        marketing_hours,
        collections_hours,
        service_hours,
        collections_limit,
        marketing_limit,
        marketing_topics,
        topic_names,
    };
    let services = services()?;
    let current = services
        .db
        .current_policy()
        .await
        .map_err(staff_unavailable)?;
    if let Err(errors) = settings.check(current.pack) {
        refusals.extend(errors.into_iter().map(|e| match e.field.as_str() {
            // Shown beside the topics, in the reader's language.
            "topic_names" => Refusal {
                message: W::TopicNamesNeeded.text(language).into(),
                field: "marketing_topics".into(),
            },
            _ => Refusal {
                message: i18n::looser_than_pack(&e.message, language),
                field: e.field,
            },
        }));
    }
    if !refusals.is_empty() {
        return Ok(Outcome::Refused(refusals));
    }
    let actor = Actor::staff(&member.username).map_err(staff_unavailable)?;
    match services
        .db
        .new_policy_version(current.pack, &settings, &actor, version)
        .await
        .map_err(staff_unavailable)?
    {
        Some(_) => {
            leptos_axum::redirect("/staff/policy");
            Ok(Outcome::Done)
        }
        None => Ok(Outcome::refused(
            "",
            W::PolicyChangedMeanwhile.text(language),
        )),
    }
}
