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
    // Tells the browser tests that the page now answers clicks and keys.
    if let Some(window) = leptos::web_sys::window() {
        let _ = js_sys::Reflect::set(
            &window,
            &"__reachguardHydrated".into(),
            &wasm_bindgen::JsValue::TRUE,
        );
    }
}
