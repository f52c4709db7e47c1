//! The front page: what Reachguard is, and the way in.

use leptos::prelude::*;

use crate::i18n::{W, t};

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="home">
            <h1>{t(W::Tagline)}</h1>
            <p class="tagline">{t(W::HomeExplain)}</p>
            <div class="actions">
                <a class="button primary" href="/signin">{t(W::SignIn)}</a>
                <a class="button" href="/activate">{t(W::ActivateLink)}</a>
            </div>
        </section>
    }
}
