//! One complaint, with the contact it is about, where a supervisor takes
//! it, extends its due date once (with a reason the borrower reads),
//! answers it and closes it.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{FieldMessage, Loaded, invalid, refusals, reload_when};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;
use crate::staff::types::*;

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("complaint").unwrap_or_default());
    let file = Resource::new(id, complaint_file);
    view! {
        <p class="breadcrumb"><a href="/staff/complaints">{t(W::ComplaintsQueue)}</a></p>
        <Loaded data=file sign_in="/staff/signin" let:loaded>
            {match loaded {
                None => view! { <h1>{t(W::NoSuchComplaint)}</h1> }.into_any(),
                Some(file) => view! { <ComplaintView file/> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn ComplaintView(file: ComplaintCase) -> impl IntoView {
    let customer_href = format!("/staff/customers/{}", crate::url::encode(&file.customer_id));
    let awaiting = matches!(file.status_code.as_str(), "open" | "in_progress");
    view! {
        <h1>{file.category.clone()}" · "{file.customer_name.clone()}</h1>
        <section class="card">
            <dl class="facts">
                <dt>{t(W::Customer)}</dt><dd><a href=customer_href>{file.customer_name}" · "{file.customer_id}</a></dd>
                <dt>{t(W::Received)}</dt><dd>{file.received}</dd>
                <dt>{t(W::Status)}</dt><dd id="complaint-status">{file.status}</dd>
                <dt>{t(W::Assignee)}</dt><dd>{file.assignee.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{t(W::Due)}</dt>
                <dd id="complaint-due">
                    {file.due}
                    {file.overdue.then(|| view! { " " <span class="tag tag-bad">{t(W::Overdue)}</span> })}
                </dd>
                {file.extended_reason.clone().map(|reason| view! {
                    <dt>{t(W::ExtendedBecause)}</dt><dd>{reason}</dd>
                })}
            </dl>
            <h2>{t(W::WhatTheyWrote)}</h2>
            <p class="quoted">{file.details}</p>
        </section>
        {file.contact.map(|c| view! {
            <section class="card">
                <h2>{t(W::ContactComplainedOf)}</h2>
                <p class="contact-meta">{c.when}" · "{c.channel}" · "{c.purpose}" · "{c.system}</p>
                {if c.allowed {
                    view! { <p><span class="tag tag-ok">{t(W::WithinPolicy)}</span></p> }.into_any()
                } else {
                    view! {
                        <p><span class="tag tag-bad">{t(W::AgainstPolicyShort)}</span></p>
                        <ul class="reasons">{c.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    }.into_any()
                }}
                {c.decision.map(|d| view! { <p>{d}</p> })}
            </section>
        })}
        {file.answer.map(|answer| view! {
            <section class="card">
                <h2>{t(W::TheAnswer)}" · "{file.answered.unwrap_or_default()}</h2>
                <p class="quoted" id="complaint-answer">{answer}</p>
            </section>
        })}
        {(file.may_work && (awaiting || file.status_code == "answered")).then(|| view! {
            <ComplaintActions
                complaint_id=file.complaint_id.clone()
                awaiting
                extended=file.extended_reason.is_some()
                answered=file.status_code == "answered"
            />
        })}
    }
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn ComplaintActions(
    complaint_id: String,
    awaiting: bool,
    extended: bool,
    answered: bool,
) -> impl IntoView {
    let work = ServerAction::<WorkComplaint>::new();
    reload_when(move || matches!(work.value().get(), Some(Ok(Outcome::Done))));
    let refused = Signal::derive(move || refusals(work.value().get()));
    let form_error = move || match work.value().get() {
        Some(Ok(Outcome::Refused(r))) => r
            .into_iter()
            .find(|r| r.field.is_empty())
            .map(|r| r.message),
        Some(Err(_)) => Some(t(W::Unavailable).to_owned()),
        _ => None,
    };
    let (id1, id2, id3, id4) = (
        complaint_id.clone(),
        complaint_id.clone(),
        complaint_id.clone(),
        complaint_id,
    );
    view! {
        <section class="card">
            <h2>{t(W::WorkThisComplaint)}</h2>
            {move || form_error().map(|m| view! { <p class="notice notice-error" role="alert">{m}</p> })}
            {awaiting.then(|| view! {
                <ActionForm action=work>
                    <input type="hidden" name="complaint_id" value=id1.clone()/>
                    <input type="hidden" name="step" value="take"/>
                    <button type="submit" class="button">{t(W::TakeIt)}</button>
                </ActionForm>
                <ActionForm action=work>
                    <input type="hidden" name="complaint_id" value=id2.clone()/>
                    <input type="hidden" name="step" value="answer"/>
                    <label for="answer">{t(W::AnswerTheBorrower)}</label>
                    <textarea id="answer" name="text" rows="5" maxlength="2000"
                        aria-describedby="answer-hint answer-error" aria-invalid=invalid(refused, "answer")></textarea>
                    <p class="hint" id="answer-hint">{t(W::AnswerHint)}</p>
                    <FieldMessage id="answer-error" field="answer" refusals=refused/>
                    <button type="submit" class="button primary">{t(W::SendAnswer)}</button>
                </ActionForm>
            })}
            {(awaiting && !extended).then(|| view! {
                <ActionForm action=work>
                    <input type="hidden" name="complaint_id" value=id3.clone()/>
                    <input type="hidden" name="step" value="extend"/>
                    <label for="reason">{t(W::ExtendReason)}</label>
                    <textarea id="reason" name="text" rows="3" maxlength="2000"
                        aria-describedby="reason-hint reason-error" aria-invalid=invalid(refused, "reason")></textarea>
                    <p class="hint" id="reason-hint">{t(W::ExtendHint)}</p>
                    <FieldMessage id="reason-error" field="reason" refusals=refused/>
                    <button type="submit" class="button">{t(W::ExtendTo30)}</button>
                </ActionForm>
            })}
            {answered.then(|| view! {
                <ActionForm action=work>
                    <input type="hidden" name="complaint_id" value=id4.clone()/>
                    <input type="hidden" name="step" value="close"/>
                    <button type="submit" class="button">{t(W::CloseComplaint)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[server(prefix = "/staff/api", endpoint = "complaint")]
pub async fn complaint_file(complaint_id: String) -> Result<Option<ComplaintCase>, PageError> {
    use crate::ssr::staff_contact_view;
    use reachguard_domain::ComplaintStatus;
    let member = staff_may(StaffAction::ViewComplaints).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let Some(case) = reachguard_core::complaints::case(&services, complaint_id.trim(), language)
        .await
        .map_err(staff_unavailable)?
    else {
        return Ok(None);
    };
    let policy = services.policy_now().await.map_err(staff_unavailable)?;
    let (k, name) = (case.complaint, case.customer_name);
    let contact = case
        .contact
        .map(|c| staff_contact_view(c, &policy, zone, language));
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
) -> Result<Outcome, PageError> {
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
