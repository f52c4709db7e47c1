//! Pages that belong to no audience: the front page and "not found".

mod home;

pub use home::Home;

use leptos::prelude::*;

use crate::i18n::{W, t};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="page">
            <h1>{t(W::NotFound)}</h1>
            <p><a href="/">"Reachguard"</a></p>
        </main>
    }
}
