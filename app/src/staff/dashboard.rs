//! The dashboard: charts over a date range, each an SVG drawn on the
//! server, with its numbers in a table beneath; and the pages this role may
//! open.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{dashboard, staff_me};
use super::types::ChartView;
use crate::components::{LoadError, Loading};
use crate::i18n::{self, W, t, use_language};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let data = Resource::new(
        move || (get("from"), get("until")),
        |(from, until)| dashboard(from, until),
    );
    let me = Resource::new(|| (), |_| staff_me());
    view! {
        <h1>{t(W::Dashboard)}</h1>
        <p>{t(W::DashboardExplain)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(data) => view! {
                        <form method="get" action="/staff" class="card filters range">
                            <div class="filter-grid">
                                <div>
                                    <label for="from">{t(W::FromDate)}</label>
                                    <input id="from" name="from" type="date" value=data.from.clone()/>
                                </div>
                                <div>
                                    <label for="until">{t(W::ToDate)}</label>
                                    <input id="until" name="until" type="date" value=data.until.clone()/>
                                </div>
                            </div>
                            {data.range_note.map(|note| view! { <p class="field-error" role="alert">{note}</p> })}
                            <button type="submit" class="button primary">{t(W::Show)}</button>
                        </form>
                        <p class={if data.overdue > 0 { "notice notice-warning" } else { "notice" }} id="overdue">
                            {i18n::overdue_complaints(data.overdue, use_language())}
                        </p>
                        <div class="charts">
                            {data.charts.into_iter().map(|chart| view! { <Chart chart/> }).collect_view()}
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                me.await.ok().flatten().map(|me| view! {
                    <section class="card">
                        <h2>{i18n::signed_in_as(&me.username, &me.role_name, use_language())}</h2>
                        <ul class="start-list">
                            {super::PAGES.iter()
                                .filter(|(path, _, _)| *path != "/staff" && me.menu.iter().any(|m| m == path))
                                .map(|(path, _, word)| view! {
                                    <li>
                                        <a href=*path>{t(*word)}</a>
                                        <p class="hint">{t(super::page_explain(*word))}</p>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn Chart(chart: ChartView) -> impl IntoView {
    let src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        crate::url::encode(&chart.svg)
    );
    let table_id = format!("chart-{}-numbers", chart.id);
    let empty = chart.rows.is_empty();
    view! {
        <figure class="card chart" id=format!("chart-{}", chart.id)>
            <figcaption><h2>{chart.title.clone()}</h2></figcaption>
            {if empty {
                view! { <p>{t(W::NothingInRange)}</p> }.into_any()
            } else {
                view! {
                    // The chart is an image, so nothing in it can run; its
                    // numbers are in the table below.
                    <img src=src alt=chart.title.clone() aria-describedby=table_id.clone() loading="lazy"/>
                    <details>
                        <summary>{t(W::TheNumbers)}</summary>
                        <div class="table-scroll">
                            <table class="data-table" id=table_id>
                                <thead><tr>
                                    {chart.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {chart.rows.into_iter().map(|row| {
                                        let mut cells = row.into_iter();
                                        let head = cells.next().unwrap_or_default();
                                        view! {
                                            <tr>
                                                <th scope="row">{head}</th>
                                                {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }}
        </figure>
    }
}
