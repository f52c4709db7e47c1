//! The borrower's server functions. Each is a thin adapter: it takes the
//! customer from the session (never from the request), calls a use case of
//! `reachguard-core`, and answers in the reader's language.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::server::*;
use super::types::*;
#[cfg(feature = "ssr")]
use crate::i18n::{self, W, use_language};

/// Contacts shown per page of the history.
pub const CONTACTS_PER_PAGE: u32 = 20;

#[cfg(feature = "ssr")]
pub(crate) fn client_address() -> Option<std::net::IpAddr> {
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

/// Only paths on this site, so that `next` cannot send a borrower away.
#[cfg(feature = "ssr")]
fn local_path(next: &str) -> &str {
    reachguard_core::text::local_path(next).unwrap_or("/my")
}

/// Why a new password was refused, in words.
#[cfg(feature = "ssr")]
fn password_word(problem: reachguard_core::passwords::PasswordProblem) -> W {
    use reachguard_core::passwords::PasswordProblem;
    match problem {
        PasswordProblem::TooShort => W::PasswordTooShort,
        PasswordProblem::TooLong => W::PasswordTooLong,
        PasswordProblem::PersonalData => W::PasswordPersonal,
        PasswordProblem::Common => W::PasswordCommon,
    }
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    next: String,
) -> Result<Outcome, ServerFnError> {
    use reachguard_core::signin::{BorrowerSession, Credentials};
    let language = use_language();
    let mut session: BorrowerSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
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
) -> Result<Outcome, ServerFnError> {
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
    let mut session: BorrowerSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
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
pub async fn sign_out() -> Result<(), ServerFnError> {
    use reachguard_core::signin::BorrowerSession;
    let mut session: BorrowerSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
    // Ends the session in the store, not only in this browser.
    session.logout().await.map_err(unavailable)?;
    leptos_axum::redirect("/signin");
    Ok(())
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    password: String,
    password_again: String,
) -> Result<Outcome, ServerFnError> {
    use axum_login::AuthnBackend;
    use reachguard_core::passwords::{check_new_password, hash_password};
    use reachguard_core::signin::{BorrowerBackend, BorrowerSession};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    // A stolen session must not guess the password at leisure: the current
    // password is tried as a sign-in is, counted, locked and throttled.
    let backend = BorrowerBackend::new(services.db.clone(), services.signin_throttle.clone());
    match backend
        .check_password(&customer, current, client_address())
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return Ok(Outcome::refused(
                "current",
                W::WrongCurrentPassword.text(language),
            ));
        }
        Err(error) => return refused_try(&services, "current", error, language).await,
    }
    if password != password_again {
        return Ok(Outcome::refused(
            "password_again",
            W::PasswordsDiffer.text(language),
        ));
    }
    let (record, _, _) = borrower_record(&services, &customer).await?;
    if let Err(problem) = check_new_password(&password, customer.as_str(), &record.phones) {
        return Ok(Outcome::refused(
            "password",
            password_word(problem).text(language),
        ));
    }
    let hash = hash_password(password).await.map_err(unavailable)?;
    services
        .db
        .set_customer_password(&customer, &hash, chrono::Utc::now().timestamp())
        .await
        .map_err(unavailable)?;
    // Every other session held the old password's hash and now ends; this
    // one signs in again with the new one.
    let mut session: BorrowerSession = leptos_axum::extract()
        .await
        .map_err(|e| ServerFnError::new(e.to_string()))?;
    if let Ok(Some(borrower)) = session.backend.get_user(&customer.to_string()).await {
        session.session.cycle_id().await.map_err(unavailable)?;
        session.login(&borrower).await.map_err(unavailable)?;
        reachguard_core::sessions::note_signed_in(&session.session)
            .await
            .map_err(unavailable)?;
    }
    Ok(Outcome::Done)
}

#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, ServerFnError> {
    let Ok(customer) = signed_in().await else {
        return Ok(None);
    };
    let services = services()?;
    let (record, _, _) = borrower_record(&services, &customer).await?;
    Ok(Some(Me {
        customer_id: record.customer_id,
        name: record.name,
    }))
}

#[server(endpoint = "overview")]
pub async fn overview() -> Result<OverviewView, ServerFnError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &customer).await?;
    let recent = services
        .db
        .attempts_of(&customer, 0, 5)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|a| contact_view(a, None, &policy, zone, language))
        .collect();
    let against_policy = services
        .db
        .count_attempts_against_policy(&customer)
        .await
        .map_err(unavailable)?;
    let against_policy = usize::try_from(against_policy).unwrap_or_default();
    let open_complaints = reachguard_core::complaints::of(&services.db, &customer)
        .await
        .map_err(unavailable)?
        .into_iter()
        .filter(|c| c.status.awaits_answer())
        .map(|c| complaint_view(c, zone, language))
        .collect();
    Ok(OverviewView {
        allowed_now: summary(&record.preferences, &policy, zone, language),
        name: record.name,
        recent,
        against_policy,
        open_complaints,
    })
}

#[server(endpoint = "load_preferences")]
pub async fn load_preferences() -> Result<PreferencesForm, ServerFnError> {
    let customer = signed_in().await?;
    let services = services()?;
    let (record, policy, zone) = borrower_record(&services, &customer).await?;
    Ok(preferences_form(&record, &policy, zone, use_language()))
}

#[server(input = Json, endpoint = "save_preferences")]
pub async fn save_preferences(form: PreferencesForm) -> Result<SaveOutcome, ServerFnError> {
    use reachguard_domain::{Actor, Source};
    use reachguard_storage::ChangeBy;
    let customer = signed_in().await?;
    save_form(
        &services()?,
        &customer,
        &form,
        &ChangeBy::new(&Actor::Customer, Source::Web),
    )
    .await
}

#[server(endpoint = "check_contact")]
pub async fn check_contact(purpose: String, channel: String) -> Result<CheckView, ServerFnError> {
    use reachguard_core::decide::{Asked, Request};
    use reachguard_domain::{Channel, Purpose, Question};
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let (Ok(channel), Ok(purpose)) = (channel.parse::<Channel>(), purpose.parse::<Purpose>())
    else {
        return Err(ServerFnError::new(W::FormInvalid.text(language)));
    };
    // Each answer is a kept decision: a day's worth is enough.
    if reachguard_core::quotas::may_check(&services, &customer)
        .await
        .map_err(unavailable)?
        .is_err()
    {
        return Err(too_many(W::TooManyChecks));
    }
    let request = Request {
        asked: Asked::Customer(customer),
        question: Question {
            channel,
            purpose,
            at: chrono::Utc::now(),
        },
    };
    let answer = services
        .decide(
            &policy,
            std::slice::from_ref(&request),
            reachguard_core::quotas::PORTAL_CHECKS,
            language,
        )
        .await
        .map_err(unavailable)?
        .answers
        .remove(0);
    let decision = answer.decision;
    Ok(CheckView {
        allowed: decision.allowed,
        reasons: reason_words(decision.reasons.iter().map(|r| r.code), language),
        next_allowed: decision
            .next_allowed_at
            .map(|at| i18n::next_allowed_at(&local_time(at, zone, language), language)),
        others_allowed_now: decision
            .alternatives
            .iter()
            .filter(|a| a.allowed)
            .map(|a| i18n::channel_name(a.channel, language).to_owned())
            .collect(),
    })
}

#[server(endpoint = "contacts")]
pub async fn contacts(page: u32) -> Result<ContactsPage, ServerFnError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let total = services
        .db
        .count_attempts_of(&customer)
        .await
        .map_err(unavailable)?;
    let pages = (total as u32).div_ceil(CONTACTS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let attempts = services
        .db
        .attempts_of(
            &customer,
            i64::from((page - 1) * CONTACTS_PER_PAGE),
            i64::from(CONTACTS_PER_PAGE),
        )
        .await
        .map_err(unavailable)?;
    let mut contacts = Vec::with_capacity(attempts.len());
    for attempt in attempts {
        let decision = match &attempt.decision_id {
            Some(id) => kept_decision_of(&services, &customer, id).await?,
            None => None,
        };
        contacts.push(contact_view(attempt, decision, &policy, zone, language));
    }
    Ok(ContactsPage {
        contacts,
        page,
        pages,
        total,
    })
}

/// A kept decision, if it was asked about this customer.
#[cfg(feature = "ssr")]
async fn kept_decision_of(
    services: &reachguard_core::Services,
    customer: &reachguard_domain::CustomerId,
    decision_id: &str,
) -> Result<Option<reachguard_storage::KeptDecision>, ServerFnError> {
    let kept = match services.decision_log.pending(decision_id) {
        Some(kept) => Some(kept),
        None => services
            .db
            .kept_decision(decision_id)
            .await
            .map_err(unavailable)?,
    };
    Ok(kept.filter(|d| d.customer_id.as_deref() == Some(customer.as_str())))
}

#[server(endpoint = "contact")]
pub async fn contact(attempt_id: String) -> Result<Option<ContactView>, ServerFnError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let Some(attempt) = services
        .db
        .attempt_of(&customer, &attempt_id)
        .await
        .map_err(unavailable)?
    else {
        return Ok(None);
    };
    let decision = match &attempt.decision_id {
        Some(id) => kept_decision_of(&services, &customer, id).await?,
        None => None,
    };
    Ok(Some(contact_view(
        attempt, decision, &policy, zone, language,
    )))
}

#[server(endpoint = "report_contact")]
pub async fn report_contact(
    attempt_id: String,
    category: String,
    details: String,
) -> Result<Outcome, ServerFnError> {
    use reachguard_core::complaints::{ComplaintError, open};
    use reachguard_domain::ComplaintCategory;
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let Ok(category) = category.parse::<ComplaintCategory>() else {
        return Ok(Outcome::refused(
            "category",
            W::ChooseWhatHappened.text(language),
        ));
    };
    let attempt = (!attempt_id.is_empty()).then_some(attempt_id.as_str());
    let refused = |field: &str, word: W| Ok(Outcome::refused(field, word.text(language)));
    match open(&services.db, &customer, attempt, category, &details).await {
        Ok(_) => {
            leptos_axum::redirect("/my/complaints");
            Ok(Outcome::Done)
        }
        Err(ComplaintError::UnknownAttempt) => refused("category", W::NoSuchContact),
        Err(ComplaintError::DetailsMissing) => refused("details", W::SayWhatHappened),
        Err(ComplaintError::DetailsTooLong) => refused("details", W::DetailsTooLong),
        Err(ComplaintError::DetailsUnclean) => refused("details", W::DetailsUnclean),
        Err(ComplaintError::TooMany(_)) => refused("details", W::TooManyComplaints),
        Err(ComplaintError::Storage(error)) => Err(unavailable(error)),
    }
}

#[server(endpoint = "my_complaints")]
pub async fn my_complaints() -> Result<Vec<ComplaintView>, ServerFnError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, _, zone) = borrower_record(&services, &customer).await?;
    Ok(reachguard_core::complaints::of(&services.db, &customer)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|c| complaint_view(c, zone, language))
        .collect())
}

#[server(endpoint = "my_choices")]
pub async fn my_choices(before: Option<i64>) -> Result<ChoicesPage, ServerFnError> {
    let language = use_language();
    let customer = signed_in().await?;
    let services = services()?;
    let (_, policy, zone) = borrower_record(&services, &customer).await?;
    let (ledger, older) = ledger_page(&services.db, &customer, before)
        .await
        .map_err(unavailable)?;
    Ok(ChoicesPage {
        choices: ledger
            .into_iter()
            .map(|entry| choice_view(entry, &policy, zone, language))
            .collect(),
        older,
    })
}
