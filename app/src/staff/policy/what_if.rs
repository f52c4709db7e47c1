//! The policy what-if on the policy page (contract section 10): a draft is
//! tried on the decisions of the last 7 or 30 days, off the request path,
//! while the page shows how far it has come; then how many answers would
//! change, each way, by reason, purpose, channel and system, with a chart
//! and examples linked to the customers' pages.

// A server function takes a form's fields as its arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::PageError;
use crate::i18n::{W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;
use crate::staff::types::{WhatIfStarted, WhatIfState, WhatIfView};

/// How often the page asks how far a what-if has come.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

/// A running or finished what-if: its progress, then its figures.
#[component]
pub(super) fn WhatIfResults(run: ReadSignal<Option<String>>) -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let progress = Resource::new(
        move || (run.get(), tick.get()),
        |(run, _)| async move {
            match run {
                Some(run) => what_if_progress(run).await.ok().flatten(),
                None => None,
            }
        },
    );
    // Asks again until the run is done.
    Effect::new(move |_| {
        let running =
            run.get().is_some() && progress.get().flatten().is_none_or(|p| p.done.is_none());
        if running {
            set_timeout(move || tick.update(|t| *t += 1), POLL_EVERY);
        }
    });
    let language = use_language();
    view! {
        <div id="what-if" aria-live="polite">
            {move || progress.get().flatten().map(|p| match p.done {
                None => view! {
                    <p class="loading">{t(W::WhatIfRunning)}" "{crate::i18n::what_if_judged(p.judged, p.total, language)}</p>
                    <progress max=p.total.max(1).to_string() value=p.judged.to_string()></progress>
                }.into_any(),
                Some(Err(_)) => view! { <p class="notice notice-error" role="alert">{t(W::WhatIfFailed)}</p> }.into_any(),
                Some(Ok(found)) => view! {
                    <Found found live=true/>
                    <p class="hint">{t(W::WhatIfKeptOnPublish)}</p>
                }.into_any(),
            })}
        </div>
    }
}

/// What a what-if found: `live` for the run on the page (its parts have
/// ids), not for one kept with a version.
#[component]
pub(super) fn Found(found: WhatIfView, live: bool) -> impl IntoView {
    let language = use_language();
    let live_id = move |id: &'static str| live.then_some(id);
    view! {
        <p class="what-if-summary" id=live_id("what-if-summary") data-decisions=found.decisions.to_string() data-changed=found.changed.to_string()>
            {crate::i18n::what_if_found(found.decisions, found.changed, language)}
        </p>
        {if found.changed == 0 {
            view! { <p>{t(W::WhatIfNothingChanges)}</p> }.into_any()
        } else {
            view! {
                <dl class="facts">
                    <dt>{t(W::AllowedToDenied)}</dt><dd id=live_id("allowed-to-denied")>{found.allowed_to_denied}</dd>
                    <dt>{t(W::DeniedToAllowed)}</dt><dd id=live_id("denied-to-allowed")>{found.denied_to_allowed}</dd>
                </dl>
                <figure class="chart" inner_html=found.chart.clone()></figure>
                <div class="detail-grid">
                    {found.tables.into_iter().map(|(title, rows)| {
                        let label = title.clone();
                        view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
                            <table class="data-table">
                                <caption>{title}</caption>
                                <tbody>
                                    {rows.into_iter().map(|(name, n)| view! { <tr><th scope="row">{name}</th><td>{n}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        }
                    }).collect_view()}
                </div>
                <h3>{t(W::Examples)}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::Examples)>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t(W::Customers)}</th>
                            <th scope="col">{t(W::Day)}</th>
                            <th scope="col">{t(W::Before)}</th>
                            <th scope="col">{t(W::After)}</th>
                        </tr></thead>
                        <tbody>
                            {found.examples.into_iter().map(|e| view! {
                                <tr>
                                    <td><a href=format!("/staff/customers/{}", e.customer_id)>{e.customer_id.clone()}</a></td>
                                    <td>{e.when}</td>
                                    <td>{e.before}</td>
                                    <td>{e.after}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// Starts trying a draft (the policy form's fields) on the decisions of
/// the last `days` (7 or 30).
#[server(prefix = "/staff/api", endpoint = "start_what_if")]
pub async fn start_what_if(
    #[server(default)] marketing_start: String,
    #[server(default)] marketing_end: String,
    #[server(default)] collections_start: String,
    #[server(default)] collections_end: String,
    #[server(default)] service_start: String,
    #[server(default)] service_end: String,
    #[server(default)] collections_limit: String,
    #[server(default)] marketing_limit: String,
    #[server(default)] topics: String,
    #[server(default)] days: String,
) -> Result<WhatIfStarted, PageError> {
    use super::draft::{DraftFields, draft_from_form, pack_refusals};
    staff_may(StaffAction::ChangePolicy).await?;
    let language = use_language();
    let days = if days.trim() == "7" { 7 } else { 30 };
    let draft = match draft_from_form(
        DraftFields {
            marketing: (&marketing_start, &marketing_end),
            collections: (&collections_start, &collections_end),
            service: (&service_start, &service_end),
            collections_limit: &collections_limit,
            marketing_limit: &marketing_limit,
            topics: &topics,
        },
        language,
    ) {
        Ok(draft) => draft,
        Err(refusals) => return Ok(WhatIfStarted::Refused(refusals)),
    };
    use reachguard_core::what_if::NotStarted;
    match reachguard_core::what_if::start(&services()?, draft, days)
        .await
        .map_err(staff_unavailable)?
    {
        Ok(run) => Ok(WhatIfStarted::Started(run)),
        Err(NotStarted::Refused(errors)) => {
            Ok(WhatIfStarted::Refused(pack_refusals(errors, language)))
        }
        Err(NotStarted::Busy) => Ok(WhatIfStarted::Refused(vec![crate::staff::types::Refusal {
            field: String::new(),
            message: W::WhatIfBusy.text(language).into(),
        }])),
    }
}

/// How far the what-if `run` has come; none when there is no such run.
#[server(prefix = "/staff/api", endpoint = "what_if_progress")]
pub async fn what_if_progress(run: String) -> Result<Option<WhatIfState>, PageError> {
    staff_may(StaffAction::ChangePolicy).await?;
    let language = use_language();
    let (services, zone) = staff_services().await?;
    let Some(state) = services.what_ifs.get(&run) else {
        return Ok(None);
    };
    let policy = services.policy_now().await.map_err(staff_unavailable)?;
    Ok(Some(WhatIfState {
        judged: state.judged,
        total: state.total,
        done: state.result.map(|result| {
            result
                .map(|found| what_if_view(found, &policy, zone, language))
                .map_err(|_| W::WhatIfFailed.text(language).to_owned())
        }),
    }))
}

/// What a what-if found, in the reader's words.
#[cfg(feature = "ssr")]
pub(super) fn what_if_view(
    found: reachguard_core::what_if::WhatIf,
    policy: &reachguard_domain::Policy,
    zone: chrono_tz::Tz,
    language: reachguard_domain::Language,
) -> WhatIfView {
    use crate::staff::charts::{RED, by_category};
    use crate::staff::types::WhatIfExample;
    let reasons: Vec<(String, u64)> = found
        .by_reason
        .iter()
        .map(|(code, n)| {
            let name = reachguard_domain::ReasonCode::from_code(code)
                .map(|c| i18n::reason_label(c, language).to_owned())
                .unwrap_or_else(|| code.clone());
            (name, *n)
        })
        .collect();
    let chart_rows: Vec<(String, i64)> = reasons
        .iter()
        .map(|(name, n)| (name.clone(), i64::try_from(*n).unwrap_or(i64::MAX)))
        .collect();
    let named = |map: &std::collections::BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| {
        map.iter().map(|(k, n)| (name(k), *n)).collect::<Vec<_>>()
    };
    let answer = |allowed: bool| {
        if allowed {
            W::Allowed
        } else {
            W::NotAllowedAnswer
        }
        .text(language)
        .to_owned()
    };
    WhatIfView {
        decisions: found.decisions,
        changed: found.changed,
        allowed_to_denied: found.allowed_to_denied,
        denied_to_allowed: found.denied_to_allowed,
        chart: by_category(&chart_rows, RED, false),
        tables: vec![
            (W::ByReason.text(language).to_owned(), reasons),
            (
                W::ByPurposeTable.text(language).to_owned(),
                named(&found.by_purpose, &|p| {
                    i18n::purpose_name(p, policy, language)
                }),
            ),
            (
                W::ByChannelTable.text(language).to_owned(),
                named(&found.by_channel, &|c| {
                    c.parse()
                        .map(|c| i18n::channel_name(c, language).to_owned())
                        .unwrap_or_else(|_| c.to_owned())
                }),
            ),
            (
                W::BySystemTable.text(language).to_owned(),
                named(&found.by_system, &|s| s.to_owned()),
            ),
        ],
        examples: found
            .examples
            .into_iter()
            .map(|e| WhatIfExample {
                when: staff_time(e.at, zone),
                before: answer(e.before),
                after: answer(e.after),
                decision_id: e.decision_id,
                customer_id: e.customer_id,
            })
            .collect(),
    }
}
