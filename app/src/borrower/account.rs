//! The history of the borrower's own choices, their data to download, and
//! their password.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{ChangePassword, my_choices};
use super::types::Outcome;
use crate::components::{FieldMessage, LoadError, Loading, OlderChanges, refusals};
use crate::i18n::{W, t};

#[component]
pub fn ChoicesPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let data = Resource::new(before, my_choices);
    view! {
        <h1>{t(W::MyChoices)}</h1>
        <p>{t(W::ChoicesExplain)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <LoadError error/> }.into_any(),
                    Ok(page) => view! {
                        <ol class="choice-list">
                            {page.choices.into_iter().map(|c| view! {
                                <li class="card">
                                    <p class="contact-meta">
                                        <time>{c.when}</time>" · "{c.who}
                                        {c.through.map(|through| format!(" · {through}"))}
                                    </p>
                                    <ul>{c.changes.into_iter().map(|ch| view! { <li>{ch}</li> }).collect_view()}</ul>
                                    {c.note.map(|note| view! { <p class="note">"“"{note}"”"</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                        <OlderChanges older=page.older newest=before().is_some() path="/my/choices".to_owned()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <h1>{t(W::MyData)}</h1>
        <section class="card">
            <p>{t(W::DataExplain)}</p>
            <a class="button primary" href="/my/data.json" download="reachguard-my-data.json" rel="external">
                {t(W::DownloadMyData)}
            </a>
        </section>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <h1>{t(W::ChangePassword)}</h1>
        <section class="card narrow">
            <PasswordForm/>
        </section>
    }
}

#[island]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let refused = Signal::derive(move || refusals(action.value().get()));
    let done = move || matches!(action.value().get(), Some(Ok(Outcome::Done)));
    view! {
            <Show when=done>
                <p class="notice notice-ok" role="status">{t(W::PasswordChanged)}</p>
            </Show>
            <ActionForm action=action>
                <label for="current">{t(W::CurrentPassword)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required
                    aria-describedby="current-error"/>
                <FieldMessage id="current-error" field="current" refusals=refused/>
                <label for="password">{t(W::NewPassword)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="password-hint password-error"/>
                <p class="hint" id="password-hint">{t(W::PasswordRules)}</p>
                <FieldMessage id="password-error" field="password" refusals=refused/>
                <label for="password_again">{t(W::NewPasswordAgain)}</label>
                <input id="password_again" name="password_again" type="password" autocomplete="new-password"
                    required aria-describedby="password_again-error"/>
                <FieldMessage id="password_again-error" field="password_again" refusals=refused/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {t(W::ChangePassword)}
                </button>
            </ActionForm>
    }
}
