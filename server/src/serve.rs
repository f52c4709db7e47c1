//! `reachguard serve`: open the database, listen, and shut down cleanly.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::web::{AppState, router};

pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let db = reachguard_storage::Database::connect(&args.database.database_url).await?;
    let policy = db
        .current_policy_or_init(args.pack)
        .await
        .context("cannot read the policy")?;
    let mut state = AppState::with_read_model(db.clone(), args.addr, args.read_model_mb)
        .await
        .context("cannot open the session store")?;
    state.secure_cookies = args.secure_cookies;
    // The key in the environment (base64), else in its file.
    state.services.secret_key = match std::env::var("REACHGUARD_SECRET_KEY") {
        Ok(key) if !key.is_empty() => reachguard_core::secrets::SecretKey::from_base64(&key)?,
        _ => reachguard_core::secrets::SecretKey::load_or_create(&args.secret_key_file)?,
    };
    state.trusted_proxies = args.trusted_proxies.clone();
    match args.public_url.clone() {
        Some(public_url) => {
            if args.secure_cookies && !public_url.is_https() {
                anyhow::bail!(
                    "with --secure-cookies the site is served over HTTPS: --public-url must begin with https://"
                );
            }
            state.public_origin = Some(public_url.origin().to_owned());
            state.services.public_url = public_url;
        }
        // Links built on 0.0.0.0 would lead customers nowhere.
        None if args.addr.ip().is_unspecified() => anyhow::bail!(
            "listening on every address ({}): set --public-url to the address people use, such as https://contact.bank.example, so that links in messages lead there",
            args.addr
        ),
        None => {}
    }
    state.request_timeout = std::time::Duration::from_secs(args.request_timeout.max(1));
    state.rate_limits =
        crate::rate_limit::RateLimits::new(args.rate_limit_per_key, args.rate_limit_per_address);
    state.rate_limits.forget_idle_every_minute();
    state.sessions.delete_expired_hourly();
    state.checked_lists.start_sweeping();
    reachguard_core::retention::prune_daily(db.clone(), args.retention_days);
    let decision_log = state.services.decision_log.clone();
    let read_model = state.services.read_model.clone();
    state.metrics_elsewhere = args.metrics_addr.is_some();
    let metrics = match args.metrics_addr {
        Some(addr) => {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} for metrics"))?;
            let only_metrics = axum::Router::new()
                .route("/metrics", axum::routing::get(crate::metrics::metrics))
                .with_state(state.clone());
            tracing::info!(%addr, "metrics are served at http://{addr}/metrics");
            Some(tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, only_metrics).await {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            }))
        }
        None => None,
    };
    let listener = TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    tracing::info!(
        addr = %args.addr,
        database = db.backend(),
        policy = %policy.label(),
        "Reachguard is serving at http://{}",
        args.addr
    );
    crate::listen::serve(listener, router(state), args.limits(), shutdown_signal()).await;
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    // Every decision answered is kept before the database closes.
    read_model.stop();
    decision_log.flush().await;
    db.close().await;
    tracing::info!("Reachguard has stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
