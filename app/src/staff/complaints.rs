//! The complaints queue: due soonest first, overdue ones marked, with
//! filters; and one complaint with the contact it is about, where a
//! supervisor takes it, extends its due date once (with a reason the
//! borrower reads), answers it and closes it.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::types::*;
use super::types::{ComplaintCase, Outcome};
use crate::components::{FieldMessage, LoadError, Loading, invalid, refusals, reload_when};
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

const STATUSES: [(&str, W); 5] = [
    ("", W::AnyStatus),
    ("open", W::StatusOpen),
    ("in_progress", W::StatusInProgress),
    ("answered", W::StatusAnswered),
    ("closed", W::StatusClosed),
];

#[component]
pub fn ComplaintsQueuePage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let data = Resource::new(
        move || (get("status"), get("overdue") == "on", get("mine") == "on"),
        |(status, overdue, mine)| complaints_queue(status, overdue, mine),
    );
    view! {
        <h1>{t(W::ComplaintsQueue)}</h1>
        <p>{t(W::ComplaintsQueueExplain)}</p>
        <form method="get" action="/staff/complaints" class="card filters">
            <div class="filter-grid">
                <div>
                    <label for="status">{t(W::Status)}</label>
                    <select id="status" name="status">
                        {STATUSES.iter().map(|(value, word)| view! {
                            <option value=*value selected=move || get("status") == *value>{t(*word)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="check">
                <input type="checkbox" id="overdue" name="overdue" checked=move || get("overdue") == "on"/>
                <label for="overdue">{t(W::OverdueOnly)}</label>
            </div>
            <div class="check">
                <input type="checkbox" id="mine" name="mine" checked=move || get("mine") == "on"/>
                <label for="mine">{t(W::MineOnly)}</label>
            </div>
            <button type="submit" class="button primary">{t(W::ApplyFilters)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(data) if data.rows.is_empty() => view! { <p class="notice">{t(W::NoComplaintsYet)}</p> }.into_any(),
                    Ok(data) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::ComplaintsQueue)>
                            <table class="data-table queue">
                                <thead><tr>
                                    <th scope="col">{t(W::Due)}</th>
                                    <th scope="col">{t(W::Customer)}</th>
                                    <th scope="col">{t(W::Category)}</th>
                                    <th scope="col">{t(W::Status)}</th>
                                    <th scope="col">{t(W::Assignee)}</th>
                                    <th scope="col">{t(W::Received)}</th>
                                </tr></thead>
                                <tbody>
                                    {data.rows.into_iter().map(|row| {
                                        let href = format!("/staff/complaints/{}", crate::url::encode(&row.complaint_id));
                                        view! {
                                            <tr class:overdue=row.overdue>
                                                <td class="when">
                                                    <a href=href>{row.due}</a>
                                                    {row.overdue.then(|| view! { " " <span class="tag tag-bad">{t(W::Overdue)}</span> })}
                                                    {row.extended.then(|| view! { " " <span class="tag">{t(W::Extended)}</span> })}
                                                </td>
                                                <td>{row.customer_name}" · "{row.customer_id}</td>
                                                <td>{row.category}</td>
                                                <td>{row.status}</td>
                                                <td>{row.assignee.unwrap_or_else(|| "—".to_owned())}</td>
                                                <td class="when">{row.received}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("complaint").unwrap_or_default());
    let file = Resource::new(id, complaint_file);
    view! {
        <p class="breadcrumb"><a href="/staff/complaints">{t(W::ComplaintsQueue)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match file.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(None) => view! { <h1>{t(W::NoSuchComplaint)}</h1> }.into_any(),
                    Ok(Some(file)) => view! { <ComplaintView file/> }.into_any(),
                }
            })}
        </Suspense>
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

/// The complaints queue, due soonest first. `status` is one status or empty
/// for any; `overdue` shows only those past their due date; `mine` only
/// those assigned to the signed-in member of staff.
#[server(prefix = "/staff/api", endpoint = "complaints")]
pub async fn complaints_queue(
    #[server(default)] status: String,
    #[server(default)] overdue: bool,
    #[server(default)] mine: bool,
) -> Result<QueueData, PageError> {
    use reachguard_core::records::QueueFilter;
    use reachguard_domain::ComplaintStatus;
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
    let queued = reachguard_core::complaints::queue(&services, &filter)
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
pub async fn complaint_file(complaint_id: String) -> Result<Option<ComplaintCase>, PageError> {
    use crate::ssr::staff_contact_view;
    use reachguard_domain::ComplaintStatus;
    let member = staff_may(StaffAction::ViewComplaints).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let Some(case) = reachguard_core::complaints::case(&services, complaint_id.trim())
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
