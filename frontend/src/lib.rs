//! Hydrates the server-rendered page once the wasm has loaded.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(reachguard_app::App);
}
