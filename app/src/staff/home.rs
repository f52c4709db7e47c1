//! The staff's start page: who is signed in, and the pages their role
//! may open, each with what it is for.

use leptos::prelude::*;

use super::api::staff_me;
use crate::components::{LoadError, Loading};
use crate::i18n::{W, t};

#[component]
pub fn StaffHome() -> impl IntoView {
    let me = Resource::new(|| (), |_| staff_me());
    view! {
        <h1>{t(W::StaffHome)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Err(error) => view! { <LoadError error sign_in="/staff/signin"/> }.into_any(),
                    Ok(None) => view! { <LoadError error=ServerFnError::new("not signed in") sign_in="/staff/signin"/> }.into_any(),
                    Ok(Some(me)) => view! {
                        <p>{crate::i18n::signed_in_as(&me.username, &me.role_name, crate::i18n::use_language())}</p>
                        <ul class="start-list">
                            {super::PAGES.iter()
                                .filter(|(path, _, _)| *path != "/staff" && me.menu.iter().any(|m| m == path))
                                .map(|(path, _, word)| view! {
                                    <li class="card">
                                        <a href=*path>{t(*word)}</a>
                                        <p class="hint">{t(super::page_explain(*word))}</p>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
