//! The HTTP app: the lookup API, the pages with their sessions, their
//! assets, and the health check.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{FromRef, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_login::AuthManagerLayerBuilder;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use reachguard_app::{App, shell};
use reachguard_core::sessions::SessionDb;
use reachguard_core::signin::BorrowerBackend;
use reachguard_core::staff::StaffBackend;
use reachguard_core::{KeyCache, Services};
use reachguard_storage::Database;

use crate::rate_limit::RateLimits;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Everything a request handler may need, cloned cheaply per request.
#[derive(Clone, Debug)]
pub struct AppState {
    pub services: Services,
    pub api_keys: KeyCache<crate::api::Client>,
    pub rate_limits: RateLimits,
    pub metrics: crate::metrics::Metrics,
    /// From a request's headers to its answer (408 after).
    pub request_timeout: std::time::Duration,
    pub sessions: SessionDb,
    /// The site is served over HTTPS: session cookies are `Secure` and
    /// responses carry HSTS.
    pub secure_cookies: bool,
    /// The origin of `--public-url`, when set: pages accept changes only
    /// from it.
    pub public_origin: Option<String>,
    /// Whose `X-Forwarded-For` or `Forwarded` names the client.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// `/metrics` is served on an address of its own (`--metrics-addr`),
    /// not on this one.
    pub metrics_elsewhere: bool,
    /// How long sessions last after sign-in, however busy.
    pub session_lifetimes: crate::private::SessionLifetimes,
    /// Campaign lists checked here, waiting to be downloaded.
    pub checked_lists: crate::campaign_list::CheckedLists,
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

impl FromRef<AppState> for RateLimits {
    fn from_ref(state: &AppState) -> Self {
        state.rate_limits.clone()
    }
}

impl FromRef<AppState> for Database {
    fn from_ref(state: &AppState) -> Self {
        state.services.db.clone()
    }
}

impl AppState {
    /// Opens the session store (creating its table) and starts the
    /// decision log.
    /// The app with its read model loading within the default budget.
    pub async fn new(db: Database, addr: SocketAddr) -> Result<AppState, sqlx::Error> {
        Self::with_read_model(db, addr, reachguard_core::read_model::DEFAULT_BUDGET_MB).await
    }

    /// The app with its read model loading within `read_model_mb` (0: off).
    pub async fn with_read_model(
        db: Database,
        addr: SocketAddr,
        read_model_mb: usize,
    ) -> Result<AppState, sqlx::Error> {
        let mut services = Services::start(db.clone());
        services.read_model.start(read_model_mb);
        services.public_url = reachguard_core::links::PublicUrl::of_listener(addr);
        Ok(AppState {
            sessions: SessionDb::open(&db).await?,
            services,
            api_keys: KeyCache::default(),
            // No limits unless serve sets them (tests set their own).
            rate_limits: RateLimits::default(),
            metrics: crate::metrics::Metrics::default(),
            request_timeout: std::time::Duration::from_secs(60),
            secure_cookies: false,
            public_origin: None,
            trusted_proxies: Default::default(),
            metrics_elsewhere: false,
            session_lifetimes: Default::default(),
            checked_lists: Default::default(),
            leptos_options: leptos_options(addr),
        })
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

/// A borrower's session ends after this long without a request.
const SESSION_IDLE: CookieDuration = CookieDuration::minutes(30);
/// A member of staff's session ends sooner: a counter's screen is left
/// unattended more often than a borrower's phone.
const STAFF_SESSION_IDLE: CookieDuration = CookieDuration::minutes(15);

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let services = state.services.clone();
    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name("reachguard_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE))
        // Each request moves the expiry on (and so writes the session): a
        // borrower is signed out after 30 idle minutes, not 30 in all.
        .with_always_save(true);
    let borrowers = BorrowerBackend::new(
        state.services.db.clone(),
        state.services.signin_throttle.clone(),
    );
    let auth = AuthManagerLayerBuilder::new(borrowers, sessions).build();
    // Staff have a session of their own: another cookie, sent only under
    // /staff (pages and their server functions), strict about other sites.
    // A borrower signed in on the same browser is a different session.
    let staff_sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name("reachguard_staff")
        .with_path("/staff")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(STAFF_SESSION_IDLE))
        .with_always_save(true);
    let staff = StaffBackend::new(
        state.services.db.clone(),
        state.services.signin_throttle.clone(),
        state.services.secret_key.clone(),
    );
    let staff_auth = AuthManagerLayerBuilder::new(staff, staff_sessions).build();

    // The pages and their server functions: sessions, the reader's
    // language, and same-origin checks on every change.
    let pages = Router::new()
        .route("/lang", get(crate::portal::switch_language))
        .route("/my/data.json", get(crate::portal::download_my_data))
        .route("/staff/audit.csv", get(crate::staff_portal::export_audit))
        // The upload reads its body as a stream, with its own limit.
        .route(
            "/staff/national-list/upload",
            axum::routing::post(crate::national_list::upload),
        )
        // A campaign list is read as it arrives, row by row, however long.
        .route(
            "/staff/campaign-list/check",
            axum::routing::post(crate::campaign_list::check),
        )
        .route(
            "/staff/campaign-list/{file}",
            get(crate::campaign_list::download),
        )
        .route(
            "/u/{token}",
            axum::routing::post(crate::unsubscribe::one_click),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(services.clone()),
            move || shell(options.clone()),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::portal::reader_language,
        ))
        .layer(middleware::from_fn(crate::portal::guard_borrower_pages))
        .layer(middleware::from_fn(crate::staff_portal::guard_staff_pages))
        .layer(middleware::from_fn_with_state(
            state.session_lifetimes,
            crate::private::session_lifetime,
        ))
        // The staff layers sit inside the borrowers': each puts its own
        // session in the request for its own axum-login layer to read.
        .layer(staff_auth)
        .layer(auth)
        .layer(middleware::from_fn_with_state(
            state.public_origin.clone(),
            same_origin,
        ))
        .layer(middleware::from_fn(crate::private::server_function_errors))
        .layer(middleware::from_fn(crate::private::no_store))
        .layer(middleware::from_fn_with_state(
            state.rate_limits.clone(),
            crate::rate_limit::limit_pages,
        ))
        // The wasm, JS and CSS, outside the session layers: assets need no
        // session, and reading one per file would cost a query each.
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Pages and assets compressed for a phone on a slow network. (The
        // lookup API's answers are small, and its callers are next door.)
        .layer(CompressionLayer::new());

    // A batch's answer runs to megabytes; a single decision's few hundred
    // bytes are not worth the time to compress. A stream's answers are not
    // compressed: the encoder would hold them back until its buffer fills.
    let api = crate::api::router().layer(CompressionLayer::new().compress_when(
        SizeAbove::new(1024).and(NotForContentType::const_new("application/x-ndjson")),
    ));
    let over_https = crate::headers::OverHttps(state.secure_cookies);
    let trusted_proxies = state.trusted_proxies.clone();
    let metrics = state.metrics.clone();
    let request_timeout = state.request_timeout;
    let mut app = Router::new().route("/healthz", get(crate::health::healthz));
    if !state.metrics_elsewhere {
        app = app.route("/metrics", get(crate::metrics::metrics));
    }
    app.nest("/api/v1", api)
        .merge(crate::api::docs())
        .merge(pages)
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
        // Inside the id, metrics and headers, so that a 408 has them too.
        .layer(middleware::from_fn_with_state(
            request_timeout,
            crate::timeout::answer_within,
        ))
        .layer(middleware::from_fn_with_state(
            metrics,
            crate::observe::observe,
        ))
        .layer(middleware::from_fn_with_state(
            over_https,
            crate::headers::security_headers,
        ))
        // First of all: who the request comes from, for every limit after.
        .layer(middleware::from_fn_with_state(
            trusted_proxies,
            crate::client_address::resolve,
        ))
}

/// Refuses a change (any method but GET, HEAD and OPTIONS) whose `Origin`
/// is not this site: the public address when one is set (behind a proxy
/// the `Host` a server sees may not be the one people use), else the
/// request's own `Host`. Server functions have no CSRF token of their own,
/// and browsers always send `Origin` with such requests, so a request from
/// another site, or one without it, is refused. The lookup API is exempt:
/// bank systems authenticate with a bearer key, not a cookie. So is a
/// one-click unsubscribe (`/u/<token>`): mail providers post it without an
/// `Origin`, and its token is its proof (RFC 8058).
async fn same_origin(
    axum::extract::State(public_origin): axum::extract::State<Option<String>>,
    request: Request,
    next: Next,
) -> Response {
    use axum::http::{Method, StatusCode, header};
    let exempt = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || request
        .uri()
        .path()
        .starts_with(reachguard_core::links::UNSUBSCRIBE_PATH);
    if exempt {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok());
    let same = match (&public_origin, origin) {
        (Some(public), Some(origin)) => public.eq_ignore_ascii_case(origin),
        (None, Some(origin)) => {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok());
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            host.zip(origin_host)
                .is_some_and(|(host, origin)| host.eq_ignore_ascii_case(origin))
        }
        (_, None) => false,
    };
    if same {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "This request did not come from a Reachguard page, so it was refused.",
        )
            .into_response()
    }
}
