//! Reachguard's pages, rendered on the server. Only their interactive parts
//! are islands that the browser hydrates (Leptos islands): a page is plain
//! HTML until a form needs the wasm.

pub mod borrower;
mod components;
pub mod error;
pub mod i18n;
mod layouts;
pub mod links;
mod routes;
#[cfg(feature = "ssr")]
mod ssr;
pub mod staff;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

use crate::i18n::{W, initial_language};

/// The name of the staff pages' wasm and JS under `/pkg`
/// (`scripts/site.sh` builds them).
pub const STAFF_BUNDLE: &str = "reachguard-staff";

/// The HTML document around the app, rendered only on the server, in the
/// reader's language.
#[cfg_attr(not(feature = "ssr"), allow(unused_mut))]
pub fn shell(mut options: LeptosOptions) -> impl IntoView {
    let language = initial_language();
    // Staff pages load the wasm with the staff portal's islands; every other
    // page the borrowers' smaller one.
    #[cfg(feature = "ssr")]
    if use_context::<http::request::Parts>().is_some_and(|p| p.uri.path().starts_with("/staff")) {
        options.output_name = STAFF_BUNDLE.into();
    }
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=language.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// A page runs only the scripts this response names by its nonce (Leptos's
/// hydration script carries it) and what they load (`'strict-dynamic'`),
/// plus the wasm they instantiate; it has no inline styles or scripts of its
/// own, loads nothing from elsewhere, and no other site may frame it. The
/// charts and the second-factor QR code are `data:` SVG images.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let language = initial_language();
    provide_context(language);

    view! {
        <Stylesheet id="leptos" href="/pkg/reachguard.css"/>
        <Title text=format!("Reachguard · {}", W::Tagline.text(language))/>
        <Router>
            <Routes fallback=routes::NotFound>
                <ParentRoute path=StaticSegment("") view=layouts::PublicLayout>
                    <Route path=StaticSegment("") view=routes::Home/>
                    <Route path=StaticSegment("signin") view=borrower::SignInPage/>
                    <Route path=StaticSegment("activate") view=borrower::ActivatePage/>
                    // Links in messages: no password, no menu. Rendered whole
                    // before the answer, whose status (404, 410) the link decides.
                    <Route path=(StaticSegment("p"), ParamSegment("token")) view=links::PreferenceLinkPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("u"), ParamSegment("token")) view=links::UnsubscribePage ssr=SsrMode::Async/>
                </ParentRoute>
                <ParentRoute path=StaticSegment("my") view=layouts::BorrowerLayout>
                    <Route path=StaticSegment("") view=borrower::OverviewPage/>
                    <Route path=StaticSegment("preferences") view=borrower::PreferencesPage/>
                    <Route path=StaticSegment("contacts") view=borrower::ContactsPage/>
                    <Route
                        path=(StaticSegment("contacts"), ParamSegment("attempt"), StaticSegment("report"))
                        view=borrower::ReportPage
                    />
                    <Route path=StaticSegment("complaints") view=borrower::ComplaintsPage/>
                    <Route path=StaticSegment("choices") view=borrower::ChoicesPage/>
                    <Route path=StaticSegment("data") view=borrower::DataPage/>
                    <Route path=StaticSegment("password") view=borrower::PasswordPage/>
                </ParentRoute>
                <ParentRoute path=StaticSegment("staff") view=layouts::PublicLayout>
                    <Route path=StaticSegment("signin") view=staff::StaffSignInPage/>
                </ParentRoute>
                <ParentRoute path=StaticSegment("staff") view=layouts::StaffLayout>
                    <Route path=StaticSegment("") view=staff::DashboardPage/>
                    <Route path=StaticSegment("customers") view=staff::CustomersPage/>
                    <Route path=(StaticSegment("customers"), ParamSegment("customer")) view=staff::CustomerPage/>
                    <Route
                        path=(StaticSegment("customers"), ParamSegment("customer"), StaticSegment("change"))
                        view=staff::ChangeForCustomerPage
                    />
                    <Route path=StaticSegment("inbound") view=staff::InboundPage/>
                    <Route path=StaticSegment("complaints") view=staff::ComplaintsQueuePage/>
                    <Route path=(StaticSegment("complaints"), ParamSegment("complaint")) view=staff::ComplaintPage/>
                    <Route path=StaticSegment("policy") view=staff::PolicyPage/>
                    <Route path=StaticSegment("national-list") view=staff::NationalListPage/>
                    <Route path=StaticSegment("campaign-list") view=staff::CampaignListPage/>
                    <Route path=StaticSegment("keys") view=staff::KeysPage/>
                    <Route path=StaticSegment("accounts") view=staff::AccountsPage/>
                    <Route path=StaticSegment("audit") view=staff::AuditPage/>
                    <Route path=StaticSegment("password") view=staff::StaffPasswordPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
