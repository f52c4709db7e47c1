//! Pages, one module each.

mod home;

pub use home::Home;

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"404"</h1>
            <p>"页面不存在 · Page not found"</p>
            <a href="/">"Reachguard"</a>
        </section>
    }
}
