//! The national do-not-call list: how many numbers are on it, its uploads,
//! and, for a supervisor, a new upload with a progress bar for the file's
//! journey and another for the load; a bad line is named by its number.

use crate::error::PageError;
use leptos::prelude::*;

use super::types::*;
use crate::components::Loaded;
use crate::i18n::{self, W, t, use_language};
#[cfg(feature = "ssr")]
use crate::ssr::*;

#[component]
pub fn NationalListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| national_list());
    view! {
        <h1>{t(W::NationalList)}</h1>
        <p>{t(W::NationalListExplain)}</p>
        <Loaded data sign_in="/staff/signin" let:data>
            <ListInForce data/>
        </Loaded>
    }
}

#[component]
fn ListInForce(data: NationalListData) -> impl IntoView {
    let last = data.uploads.first().map(|u| u.when.clone());
    view! {
        <UploadList numbers=data.numbers since=last may_upload=data.may_upload/>
        <section class="card">
            <h2>{t(W::Uploads)}</h2>
            {if data.uploads.is_empty() {
                view! { <p>{t(W::NoUploads)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t(W::Uploads)>
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{t(W::When)}</th>
                                <th scope="col">{t(W::UploadedBy)}</th>
                                <th scope="col">{t(W::Numbers)}</th>
                            </tr></thead>
                            <tbody>
                                {data.uploads.into_iter().map(|u| view! {
                                    <tr><td class="when">{u.when}</td><td>{u.by}</td><td>{i18n::count(u.numbers)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// What the page knows of an upload in hand. (Only the browser moves it on.)
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Upload {
    Idle,
    NoFile,
    /// Bytes sent of the file's size.
    Sending(f64, f64),
    /// What the server said last.
    Server(ListProgress),
    /// The request failed before the server answered with progress.
    Broken(String),
}

/// The list in force and, for those who may, a new upload; the count
/// follows the upload once it is in force.
// An island in the staff pages' wasm; left out of the borrowers' wasm,
// where it is never shown (see the `staff-islands` feature).
#[cfg_attr(any(feature = "ssr", feature = "staff-islands"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff-islands")), component)]
fn UploadList(numbers: i64, since: Option<String>, may_upload: bool) -> impl IntoView {
    let language = use_language();
    let file = NodeRef::<leptos::html::Input>::new();
    let state = RwSignal::new(Upload::Idle);
    let in_force = move || match state.get() {
        Upload::Server(ListProgress::Done { numbers }) => {
            i18n::numbers_on_list(numbers as i64, None, language)
        }
        _ => i18n::numbers_on_list(numbers, since.as_deref(), language),
    };
    let busy = move || {
        matches!(
            state.get(),
            Upload::Sending(..)
                | Upload::Server(ListProgress::Checking)
                | Upload::Server(ListProgress::Loading { .. })
        )
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        send(file, state);
    };
    let sent = move || match state.get() {
        Upload::Sending(done, total) if total > 0.0 => Some((done, total)),
        Upload::Server(_) => Some((1.0, 1.0)),
        _ => None,
    };
    let loaded = move || match state.get() {
        Upload::Server(ListProgress::Loading { loaded, total }) => Some((loaded, total)),
        Upload::Server(ListProgress::Done { numbers }) => Some((numbers, numbers)),
        _ => None,
    };
    let message = move || match state.get() {
        Upload::Idle | Upload::Sending(..) => None,
        Upload::NoFile => Some(("notice notice-error", t(W::ChooseFile).to_owned())),
        Upload::Broken(why) => Some(("notice notice-error", why)),
        Upload::Server(ListProgress::Checking) => Some(("notice", t(W::CheckingLines).to_owned())),
        Upload::Server(ListProgress::Loading { .. }) => {
            Some(("notice", t(W::LoadingList).to_owned()))
        }
        Upload::Server(ListProgress::Done { numbers }) => {
            Some(("notice notice-ok", i18n::list_replaced(numbers, language)))
        }
        Upload::Server(ListProgress::Empty) => {
            Some(("notice notice-error", t(W::ListEmpty).to_owned()))
        }
        Upload::Server(ListProgress::BadLines { total, .. }) => {
            Some(("notice notice-error", i18n::bad_lines(total, language)))
        }
        Upload::Server(ListProgress::Failed { message }) => Some(("notice notice-error", message)),
    };
    let bad_lines = move || match state.get() {
        Upload::Server(ListProgress::BadLines { lines, .. }) => lines,
        _ => Vec::new(),
    };
    view! {
        <section class="card">
            <h2>{t(W::ListInForce)}</h2>
            <p class="big-number" id="list-size">{in_force}</p>
        </section>
        <Show when=move || may_upload>
        <section class="card">
            <h2>{t(W::UploadList)}</h2>
            <form on:submit=on_submit>
                <label for="list-file">{t(W::ListFile)}</label>
                <input id="list-file" type="file" accept=".csv,.txt,text/csv,text/plain" node_ref=file
                    aria-describedby="list-file-hint"/>
                <p class="hint" id="list-file-hint">{t(W::ListFileHint)}</p>
                <button type="submit" class="button primary" disabled=busy>{t(W::UploadAndReplace)}</button>
            </form>
            <div class="progress-pair">
                {move || sent().map(|(done, total)| view! {
                    <label for="sent-progress">{t(W::FileSent)}</label>
                    <progress id="sent-progress" max=total value=done>{format!("{:.0}%", done / total * 100.0)}</progress>
                })}
                {move || loaded().map(|(done, total)| view! {
                    <label for="load-progress">{i18n::numbers_loaded(done, total, language)}</label>
                    // Indeterminate while the file is still arriving.
                    <progress id="load-progress" max=total.max(1) value=(total > 0).then_some(done)></progress>
                })}
            </div>
            <div aria-live="polite" class="upload-status">
                {move || message().map(|(class, text)| view! { <p class=class>{text}</p> })}
                <ul class="bad-lines">
                    {move || bad_lines().into_iter().map(|(line, text)| view! {
                        <li>{i18n::bad_line(line, &text, language)}</li>
                    }).collect_view()}
                </ul>
            </div>
        </section>
        </Show>
    }
}

/// Sends the chosen file, following its journey and then the server's
/// progress lines.
#[cfg(feature = "hydrate")]
fn send(file: NodeRef<leptos::html::Input>, state: RwSignal<Upload>) {
    let Some(chosen) = file
        .get()
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        state.set(Upload::NoFile);
        return;
    };
    state.set(Upload::Sending(0.0, chosen.size()));
    super::upload::send(
        "/staff/national-list/upload",
        &chosen,
        super::upload::Listeners {
            sent: Box::new(move |done, total| {
                if matches!(state.get_untracked(), Upload::Sending(..)) {
                    state.set(Upload::Sending(done, total));
                }
            }),
            progress: Box::new(move |progress| state.set(Upload::Server(progress))),
            broken: Box::new(move |said| {
                state.set(Upload::Broken(
                    said.unwrap_or_else(|| t(W::Unavailable).to_owned()),
                ))
            }),
        },
    );
}

#[server(prefix = "/staff/api", endpoint = "national_list")]
pub async fn national_list() -> Result<NationalListData, PageError> {
    let member = staff_may(StaffAction::ViewNationalList).await?;
    let (services, zone) = staff_services().await?;
    let (numbers, uploads) = reachguard_core::national_list::summary(&services)
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
