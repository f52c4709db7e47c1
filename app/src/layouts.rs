//! The frames around pages: the public one (front page, sign-in,
//! activation) and the signed-in borrower's, with the menu.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use crate::borrower::{SignOut, who_am_i};
use crate::i18n::{W, t, use_language};

/// A plain link to the other language: it works before the wasm has loaded,
/// and the server remembers the choice and renders the page again in it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let language = use_language();
    let other = language.other();
    let location = use_location();
    let href = move || {
        let back = location.pathname.get();
        let search = location.search.get();
        let back = if search.is_empty() {
            back
        } else {
            format!("{back}?{search}")
        };
        format!(
            "/lang?to={}&back={}",
            other.tag(),
            crate::url::encode(&back)
        )
    };
    view! {
        <a class="language-switch" href=href hreflang=other.tag() lang=other.tag() rel="external">
            {other.own_name()}
        </a>
    }
}

#[component]
pub fn PublicLayout() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">"Reachguard"</a>
                <LanguageSwitch/>
            </div>
        </header>
        <main id="main" class="page">
            <Outlet/>
        </main>
    }
}

#[component]
pub fn BorrowerLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    let sign_out_url = <SignOut as ServerFn>::url();
    let location = use_location();
    let link = move |href: &'static str, word: W| {
        let current = move || {
            let path = location.pathname.get();
            let here = if href == "/my" {
                path == "/my" || path == "/my/"
            } else {
                path.starts_with(href)
            };
            here.then_some("page")
        };
        view! { <li><a href=href aria-current=current>{t(word)}</a></li> }
    };
    view! {
        <a class="skip-link" href="#main">{t(W::SkipToContent)}</a>
        <header class="site-header">
            <div class="bar">
            <a class="brand" href="/my">"Reachguard"</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! {
                        <span class="who">{me.name}" · "{me.customer_id}</span>
                    })
                })}
            </Suspense>
            <LanguageSwitch/>
            // A plain form: signing out needs no wasm.
            <form method="post" action=sign_out_url class="sign-out">
                <button type="submit" class="link-button">{t(W::SignOut)}</button>
            </form>
            </div>
        </header>
        <nav class="portal-nav" aria-label=t(W::Menu)>
            <ul>
                {link("/my", W::Overview)}
                {link("/my/preferences", W::MyPreferences)}
                {link("/my/contacts", W::ContactsMade)}
                {link("/my/complaints", W::MyComplaints)}
                {link("/my/choices", W::MyChoices)}
                {link("/my/data", W::MyData)}
                {link("/my/password", W::Password)}
            </ul>
        </nav>
        <main id="main" class="page portal">
            <Outlet/>
        </main>
    }
}

/// The frame of the staff pages: who is signed in, with which role, and a
/// menu of only the pages that role may open (the server refuses the rest).
#[component]
pub fn StaffLayout() -> impl IntoView {
    use crate::staff::{StaffSignOut, staff_me};
    let me = Resource::new(|| (), |_| staff_me());
    let sign_out_url = <StaffSignOut as ServerFn>::url();
    let location = use_location();
    view! {
        <a class="skip-link" href="#main">{t(W::SkipToContent)}</a>
        <header class="site-header staff-header">
            <div class="bar">
                <a class="brand" href="/staff">"Reachguard"<span class="brand-staff">{t(W::StaffPortal)}</span></a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        me.await.ok().flatten().map(|me| view! {
                            <a class="who" href="/staff/password" title=t(W::MyStaffPassword)>{me.username}" · "{me.role_name}</a>
                        })
                    })}
                </Suspense>
                <LanguageSwitch/>
                <form method="post" action=sign_out_url class="sign-out">
                    <button type="submit" class="link-button">{t(W::SignOut)}</button>
                </form>
            </div>
        </header>
        <nav class="portal-nav" aria-label=t(W::Menu)>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let menu = me.await.ok().flatten().map(|me| me.menu).unwrap_or_default();
                    view! {
                        <ul>
                            {crate::staff::PAGES.iter()
                                .filter(|(path, _, _)| menu.iter().any(|m| m == path))
                                .map(|(href, _, word)| {
                                    let href = *href;
                                    let current = move || {
                                        let path = location.pathname.get();
                                        let here = if href == "/staff" {
                                            path == "/staff" || path == "/staff/"
                                        } else {
                                            path.starts_with(href)
                                        };
                                        here.then_some("page")
                                    };
                                    view! { <li><a href=href aria-current=current>{t(*word)}</a></li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </nav>
        <main id="main" class="page portal staff">
            <Outlet/>
        </main>
    }
}
