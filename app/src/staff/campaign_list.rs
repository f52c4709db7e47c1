//! The campaign list check (contract section 10): a CSV of whom a campaign
//! means to contact, uploaded with a progress bar for the file and a count
//! of rows judged; then a summary by outcome and reason, with a chart, the
//! rows that could not be judged named by line, and the file back with each
//! row's answer, to download.

use leptos::prelude::*;

use super::types::{CampaignProgress, CampaignSummary};
use crate::i18n::{self, W, t, use_language};

#[component]
pub fn CampaignListPage() -> impl IntoView {
    view! {
        <h1>{t(W::CampaignList)}</h1>
        <p>{t(W::CampaignListExplain)}</p>
        <CheckList/>
    }
}

/// What the page knows of a check in hand. (Only the browser moves it on.)
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Check {
    Idle,
    NoFile,
    /// Bytes sent of the file's size.
    Sending(f64, f64),
    /// What the server said last, and how much of the file had been sent.
    Server(CampaignProgress),
    /// The request failed before the server answered with progress.
    Broken(String),
}

// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn CheckList() -> impl IntoView {
    let language = use_language();
    let file = NodeRef::<leptos::html::Input>::new();
    let state = RwSignal::new(Check::Idle);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        send(file, state);
    };
    let busy = move || {
        matches!(
            state.get(),
            Check::Sending(..) | Check::Server(CampaignProgress::Judged { .. })
        )
    };
    let sent = move || match state.get() {
        Check::Sending(done, total) if total > 0.0 => Some((done, total)),
        Check::Server(_) => Some((1.0, 1.0)),
        _ => None,
    };
    let judged = move || match state.get() {
        Check::Server(CampaignProgress::Judged { rows }) => Some(rows),
        Check::Server(CampaignProgress::Done(summary)) => Some(summary.rows),
        _ => None,
    };
    let message = move || match state.get() {
        Check::Idle | Check::Sending(..) | Check::Server(CampaignProgress::Judged { .. }) => None,
        Check::Server(CampaignProgress::Done(_)) => None,
        Check::NoFile => Some(t(W::ChooseFile).to_owned()),
        Check::Broken(why) => Some(why),
        Check::Server(CampaignProgress::Failed { message }) => Some(message),
    };
    let summary = move || match state.get() {
        Check::Server(CampaignProgress::Done(summary)) => Some(summary),
        _ => None,
    };
    view! {
        <section class="card">
            <h2>{t(W::CheckAList)}</h2>
            <form on:submit=on_submit>
                <label for="campaign-file">{t(W::CampaignFile)}</label>
                <input id="campaign-file" type="file" accept=".csv,text/csv" node_ref=file
                    aria-describedby="campaign-file-hint"/>
                <p class="hint" id="campaign-file-hint">{t(W::CampaignFileHint)}</p>
                <button type="submit" class="button primary" disabled=busy>{t(W::CheckTheList)}</button>
            </form>
            <div class="progress-pair">
                {move || sent().map(|(done, total)| view! {
                    <label for="campaign-sent">{t(W::FileSent)}</label>
                    <progress id="campaign-sent" max=total value=done>{format!("{:.0}%", done / total * 100.0)}</progress>
                })}
                {move || judged().map(|rows| view! {
                    <p id="campaign-judged">{i18n::rows_judged(rows, language)}</p>
                })}
            </div>
            <div aria-live="polite" class="upload-status">
                {move || message().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            </div>
        </section>
        {move || summary().map(|summary| view! { <Summary summary/> })}
    }
}

/// What the check found: by outcome and by reason, the rows it could not
/// judge, and the file to download.
#[component]
fn Summary(summary: CampaignSummary) -> impl IntoView {
    let language = use_language();
    let most = summary
        .by_reason
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let outcomes = [
        (W::Allowed, summary.allowed, "allowed"),
        (W::NotAllowedAnswer, summary.denied, "denied"),
        (W::CannotBeJudged, summary.invalid, "invalid"),
    ];
    view! {
        <section class="card" id="campaign-summary" data-rows=summary.rows.to_string()>
            <h2>{t(W::WhatTheCheckFound)}</h2>
            <p>{i18n::rows_judged(summary.rows, language)}</p>
            <dl class="facts">
                {outcomes.into_iter().map(|(word, n, id)| view! {
                    <dt>{t(word)}</dt><dd id=format!("campaign-{id}")>{i18n::count(n as i64)}</dd>
                }).collect_view()}
            </dl>
            {(!summary.by_reason.is_empty()).then(|| view! {
                <h3>{t(W::ByReason)}</h3>
                // A bar a reason: a meter is a chart that reads aloud.
                <table class="data-table bar-table">
                    <tbody>
                        {summary.by_reason.iter().map(|(code, n)| {
                            let name = reachguard_domain::ReasonCode::from_code(code)
                                .map(|c| i18n::reason_label(c, language).to_owned())
                                .unwrap_or_else(|| code.clone());
                            view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td><meter min="0" max=most.to_string() value=n.to_string() aria-label=name></meter></td>
                                    <td class="number" data-reason=code.clone()>{i18n::count(*n as i64)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!summary.bad_lines.is_empty()).then(|| view! {
                <h3>{t(W::RowsNotJudged)}</h3>
                <ul class="bad-lines" id="campaign-bad-lines">
                    {summary.bad_lines.iter().map(|(line, why)| view! {
                        <li>{i18n::bad_line(*line as usize, why, language)}</li>
                    }).collect_view()}
                </ul>
            })}
            <p>
                <a class="button primary" id="campaign-download" href=summary.download.clone() download="">
                    {t(W::DownloadCheckedList)}
                </a>
            </p>
            <p class="hint">{t(W::DownloadCheckedListHint)}</p>
        </section>
    }
}

/// Sends the chosen file, following its journey and then the server's
/// progress lines.
#[cfg(feature = "hydrate")]
fn send(file: NodeRef<leptos::html::Input>, state: RwSignal<Check>) {
    let Some(chosen) = file
        .get()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        state.set(Check::NoFile);
        return;
    };
    state.set(Check::Sending(0.0, chosen.size()));
    super::upload::send(
        "/staff/campaign-list/check",
        &chosen,
        super::upload::Listeners {
            sent: Box::new(move |done, total| {
                if matches!(state.get_untracked(), Check::Sending(..)) {
                    state.set(Check::Sending(done, total));
                }
            }),
            progress: Box::new(move |progress| state.set(Check::Server(progress))),
            broken: Box::new(move |said| {
                state.set(Check::Broken(
                    said.unwrap_or_else(|| t(W::Unavailable).to_owned()),
                ))
            }),
        },
    );
}
