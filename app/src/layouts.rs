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

/// The bar at the top of every page, written once: the name (leading
/// home), who is signed in (the children), the language switch and, for
/// someone signed in, a skip link before it and a sign-out button in it.
#[component]
fn SiteHeader(
    /// Where the name leads.
    home: &'static str,
    /// The staff portal's bar, which says so beside the name.
    #[prop(optional)]
    staff: bool,
    /// Where signing out posts to, when someone is signed in.
    #[prop(optional, into)]
    sign_out: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let signed_in = sign_out.is_some();
    // The name alone, or with the portal's: as plain markup either way.
    let brand = if staff {
        view! {
            <a class="brand" href=home>"Reachguard"<span class="brand-staff">{t(W::StaffPortal)}</span></a>
        }
        .into_any()
    } else {
        view! { <a class="brand" href=home>"Reachguard"</a> }.into_any()
    };
    view! {
        {signed_in.then(|| view! { <a class="skip-link" href="#main">{t(W::SkipToContent)}</a> })}
        <header class="site-header" class:staff-header=staff>
            <div class="bar">
                {brand}
                {children.map(|who| who())}
                <LanguageSwitch/>
                // A plain form: signing out needs no wasm.
                {sign_out.map(|url| view! {
                    <form method="post" action=url class="sign-out">
                        <button type="submit" class="link-button">{t(W::SignOut)}</button>
                    </form>
                })}
            </div>
        </header>
    }
}

/// `aria-current="page"` for a menu's link while its page is shown: the
/// portal's home only on itself, any other page on itself and below it.
fn current_page(href: &'static str, home: &'static str) -> impl Fn() -> Option<&'static str> {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        let here = if href == home {
            path == home || path.strip_prefix(home) == Some("/")
        } else {
            path.starts_with(href)
        };
        here.then_some("page")
    }
}

#[component]
pub fn PublicLayout() -> impl IntoView {
    view! {
        <SiteHeader home="/"/>
        <main id="main" class="page">
            <Outlet/>
        </main>
    }
}

#[component]
pub fn BorrowerLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    let link = move |href: &'static str, word: W| {
        view! { <li><a href=href aria-current=current_page(href, "/my")>{t(word)}</a></li> }
    };
    view! {
        <SiteHeader home="/my" sign_out={<SignOut as ServerFn>::url()}>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! {
                        <span class="who">{me.name}" · "{me.customer_id}</span>
                    })
                })}
            </Suspense>
        </SiteHeader>
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
    view! {
        <SiteHeader home="/staff" staff=true sign_out={<StaffSignOut as ServerFn>::url()}>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|me| view! {
                        <a class="who" href="/staff/password" title=t(W::MyStaffPassword)>{me.username}" · "{me.role_name}</a>
                    })
                })}
            </Suspense>
        </SiteHeader>
        <nav class="portal-nav" aria-label=t(W::Menu)>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let menu = me.await.ok().flatten().map(|me| me.menu).unwrap_or_default();
                    view! {
                        <ul>
                            {crate::staff::PAGES.iter()
                                .filter(|(path, _, _)| menu.iter().any(|m| m == path))
                                .map(|(href, _, word)| view! {
                                    <li><a href=*href aria-current=current_page(href, "/staff")>{t(*word)}</a></li>
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
