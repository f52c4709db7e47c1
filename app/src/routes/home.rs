//! The front page: what Reachguard is, in the borrower's language.

use leptos::prelude::*;

use crate::i18n::Language;

struct HomeText {
    tagline: &'static str,
    explain: &'static str,
}

fn text(language: Language) -> HomeText {
    match language {
        Language::ZhCn => HomeText {
            tagline: "您的联络偏好，由您做主",
            explain: "选择银行何时、通过何种渠道、为何事联系您，并查看每一次联络的记录。",
        },
        Language::En => HomeText {
            tagline: "Your contact preferences, your choice",
            explain: "Choose when, how and about what the bank may contact you, and see every contact made.",
        },
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let language = RwSignal::new(Language::default());
    // Effects run only in the browser, so this turns true once the wasm has
    // hydrated the page. Until then the switch is disabled rather than dead.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <section class="page home" lang=move || language.get().tag()>
            <header class="home-header">
                <h1>"Reachguard"</h1>
                <button
                    class="language-switch"
                    disabled=move || !hydrated.get()
                    on:click=move |_| language.update(|l| *l = l.other())
                >
                    {move || language.get().other().own_name()}
                </button>
            </header>
            <p class="tagline">{move || text(language.get()).tagline}</p>
            <p>{move || text(language.get()).explain}</p>
        </section>
    }
}
