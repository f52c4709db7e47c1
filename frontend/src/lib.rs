//! Hydrates the interactive islands of the server-rendered page once the
//! wasm has loaded.

// The preferences form is one deep view type; its layout query needs more
// than the default depth.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Registers the islands compiled into this crate's dependency.
    let _ = reachguard_app::App;
    leptos::mount::hydrate_islands();
    show_current_tab();
    // Tells the browser tests that the page now answers clicks and keys.
    if let Some(window) = leptos::web_sys::window() {
        let _ = js_sys::Reflect::set(
            &window,
            &"__reachguardHydrated".into(),
            &wasm_bindgen::JsValue::TRUE,
        );
    }
}

/// On a phone the menu is one row that scrolls sideways; bring the current
/// page's tab into view so the reader sees where they are.
fn show_current_tab() {
    use wasm_bindgen::JsCast;
    let Some(document) = leptos::web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let list = document.query_selector(".portal-nav ul").ok().flatten();
    let current = document
        .query_selector(".portal-nav [aria-current=page]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    if let (Some(list), Some(current)) = (list, current) {
        // The list is the tab's offset parent (it is positioned).
        list.set_scroll_left(current.offset_left() - 16);
    }
}
