//! The dashboard: charts over a date range, each an SVG drawn on the
//! server, with its numbers in a table beneath; and the pages this role may
//! open.

use crate::error::PageError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::signin::staff_me;
use super::types::ChartView;
use super::types::*;
use crate::components::Loaded;
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;

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
        <Loaded data sign_in="/staff/signin" let:data>
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
        </Loaded>
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

/// The dashboard's charts for the days `from` to `until` (both included,
/// `YYYY-MM-DD` in the bank's zone); the last 28 days when not given.
#[server(prefix = "/staff/api", endpoint = "dashboard")]
pub async fn dashboard(
    #[server(default)] from: String,
    #[server(default)] until: String,
) -> Result<DashboardData, PageError> {
    use super::charts::{self, AMBER, BLUE, GREEN, RED, Series};
    use chrono::{Duration, NaiveDate};
    staff_may(StaffAction::ViewDashboard).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let last = date(&until).unwrap_or(today);
    let mut first = date(&from).unwrap_or(last - Duration::days(27));
    let mut range_note = None;
    if first > last {
        first = last;
    }
    if (last - first).num_days() >= reachguard_core::dashboard::MAX_DAYS {
        first = last - Duration::days(reachguard_core::dashboard::MAX_DAYS - 1);
        range_note = Some(i18n::range_too_long(
            reachguard_core::dashboard::MAX_DAYS,
            language,
        ));
    }
    let (start, end) = reachguard_core::dashboard::days_span(first, last, zone);
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
    let figures = reachguard_core::dashboard::figures(&services, start, end)
        .await
        .map_err(staff_unavailable)?;
    let mut charts_out = Vec::new();

    let mut decided = vec![(0, 0); days.len()];
    for d in figures.decisions {
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

    let reasons: Vec<(String, i64)> = figures
        .deny_reasons
        .into_iter()
        .map(|(code, n)| match code {
            Ok(code) => (i18n::reason_label(code, language).to_owned(), n),
            Err(text) => (text, n),
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

    let against = figures.against_policy;
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

    let complaints = figures.complaints;
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
    for (day, how, n) in figures.opt_outs_per_day {
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

    let (policy, opt_outs) = (figures.policy, figures.opt_outs);
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

    let overdue = figures.overdue;
    Ok(DashboardData {
        from: first.format("%Y-%m-%d").to_string(),
        until: last.format("%Y-%m-%d").to_string(),
        range_note,
        charts: charts_out,
        overdue,
    })
}
