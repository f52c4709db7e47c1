//! The complaints queue: due soonest first, overdue ones marked, with
//! filters. One complaint's own page is in [`complaint`].

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::types::*;
use crate::components::Loaded;
use crate::i18n::{W, t};
#[cfg(feature = "ssr")]
use crate::ssr::*;

mod complaint;
pub use complaint::ComplaintPage;

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
        <Loaded data sign_in="/staff/signin" let:loaded>
            {match loaded {
                data if data.rows.is_empty() => view! { <p class="notice">{t(W::NoComplaintsYet)}</p> }.into_any(),
                data => view! {
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
            }}
        </Loaded>
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
