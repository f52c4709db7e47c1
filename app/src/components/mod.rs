//! What several pages share: messages beside fields, the sign-in prompt
//! when a session has ended, and the states of a page's data.

use crate::error::PageError;
use leptos::prelude::*;

use crate::borrower::types::{Outcome, Refusal};
use crate::i18n::{W, t};

/// The refusals of a form's last submission, if it had any.
pub fn refusals<T>(result: Option<Result<Outcome, T>>) -> Vec<Refusal> {
    match result {
        Some(Ok(Outcome::Refused(refusals))) => refusals,
        _ => Vec::new(),
    }
}

/// `aria-invalid` for a field: "true" while the last submission refused it.
pub fn invalid(
    refused: Signal<Vec<Refusal>>,
    field: &'static str,
) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    move || {
        refused
            .get()
            .iter()
            .any(|r| r.field == field)
            .then_some("true")
    }
}

/// The message beside one field, announced to screen readers when it
/// appears. `id` is what the field's `aria-describedby` names.
#[component]
pub fn FieldMessage(
    #[prop(into)] id: String,
    #[prop(into)] field: String,
    refusals: Signal<Vec<Refusal>>,
) -> impl IntoView {
    let message = move || {
        refusals
            .get()
            .into_iter()
            .find(|r| r.field == field)
            .map(|r| r.message)
    };
    view! {
        <p class="field-error" id=id role="alert">
            {message}
        </p>
    }
}

/// What a page shows when its data could not be had: a prompt to sign in
/// when the session has ended, else the reason in words.
#[component]
pub fn LoadError(
    error: PageError,
    /// Where to sign in again: the borrowers' page unless said otherwise.
    #[prop(default = "/signin")]
    sign_in: &'static str,
) -> impl IntoView {
    match error {
        PageError::NotSignedIn => view! {
            <div class="notice">
                <p>{t(W::SessionEnded)}</p>
                <a class="button" href=sign_in>{t(W::SignIn)}</a>
            </div>
        }
        .into_any(),
        PageError::NotAllowed => view! {
            <div class="notice notice-error" role="alert">
                <p>{t(W::NotAllowed)}</p>
            </div>
        }
        .into_any(),
        // A quota's words say when to try again; the rest are the server's.
        PageError::TooMany(words) => view! {
            <div class="notice notice-error" role="alert">
                <p>{words}</p>
            </div>
        }
        .into_any(),
        PageError::Invalid(_) | PageError::Unavailable(_) | PageError::Call(_) => view! {
            <div class="notice notice-error" role="alert">
                <p>{t(W::Unavailable)}</p>
            </div>
        }
        .into_any(),
    }
}

/// While a page's data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{t(W::Loading)}</p> }
}

/// A page's data in its three states, written once: "loading" while it is
/// on its way, the failure in words ([`LoadError`]) if it could not be had,
/// else what `children` makes of it (`<Loaded data let:page>…</Loaded>`).
#[component]
pub fn Loaded<T, F, V>(
    data: Resource<Result<T, PageError>>,
    /// Where to sign in again: the borrowers' page unless said otherwise.
    #[prop(default = "/signin")]
    sign_in: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <LoadError error sign_in/> }.into_any(),
                        Ok(data) => children(data).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Reloads the page once `done` turns true: after a form whose server
/// function answers by sending back to the same page, whose data the
/// router would otherwise keep. (Without wasm, the form posts and the
/// server's redirect loads the page afresh anyway.)
pub fn reload_when(done: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        if done() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().reload();
        }
    });
}

/// Links between the pages of a ledger: to the newest, and to older ones.
#[component]
pub fn OlderChanges(older: Option<i64>, newest: bool, path: String) -> impl IntoView {
    (older.is_some() || newest).then(|| {
        view! {
            <nav class="pager" aria-label=t(W::Pages)>
                {newest.then(|| view! { <a href=path.clone()>{t(W::Newest)}</a> })}
                {older.map(|seq| view! { <a rel="next" href=format!("{path}?before={seq}")>{t(W::Older)}</a> })}
            </nav>
        }
    })
}
