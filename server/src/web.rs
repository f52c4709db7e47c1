//! The HTTP app: pages, their assets and the health check.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::FromRef;
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use reachguard_app::{App, shell};
use reachguard_storage::Database;

use crate::cache::{KeyCache, PolicyCache};
use crate::decision_log::DecisionLog;

/// Everything a request handler may need, cloned cheaply per request.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Database,
    pub decision_log: DecisionLog,
    pub policy: PolicyCache,
    pub api_keys: KeyCache<crate::api::Client>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for KeyCache<crate::api::Client> {
    fn from_ref(state: &AppState) -> Self {
        state.api_keys.clone()
    }
}

impl FromRef<AppState> for Database {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl AppState {
    pub fn new(db: Database, addr: SocketAddr) -> AppState {
        AppState {
            decision_log: DecisionLog::start(db.clone()),
            policy: PolicyCache::default(),
            api_keys: KeyCache::default(),
            db,
            leptos_options: leptos_options(addr),
        }
    }
}

/// Where the compiled site (wasm, JS, CSS) lives. `cargo leptos` sets
/// `LEPTOS_SITE_ROOT` when it runs the server; the built binary, run from the
/// repository root, finds the site where `make build` leaves it.
fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    LeptosOptions::builder()
        .output_name("reachguard")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(crate::health::healthz))
        .nest("/api/v1", crate::api::router())
        .merge(crate::api::docs())
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
        // A bug must not answer with a bare 500 page and a torn connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            crate::api::Problem::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
                "Reachguard failed on this request; it has been logged.",
            )
            .into_response()
        }))
}
