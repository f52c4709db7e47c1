//! `/metrics`: what an operator graphs and alerts on, in the OpenMetrics
//! text format that Prometheus scrapes. Counters live in this server's
//! memory (one set per server; Prometheus sums them across servers), and
//! gauges are read when scraped.
//!
//! No label holds personal data: routes are the templates the router
//! matched (`/api/v1/customers/{customer_id}`), never the path asked.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use reachguard_core::decide::Answer;

use crate::web::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabels {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReadModelLabels {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// Request latency buckets in seconds: 0.5 ms to 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// This server's metrics; cloned per request (one `Arc`).
#[derive(Clone, Debug)]
pub struct Metrics(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    registry: Registry,
    decisions: Family<DecisionLabels, Counter>,
    reasons: Family<ReasonLabels, Counter>,
    requests: Family<RequestLabels, Histogram, fn() -> Histogram>,
    pool: Family<PoolLabels, Gauge>,
    decision_log_waiting: Gauge,
    read_model: ReadModelGauges,
}

/// The read model, as `/healthz` also shows it.
#[derive(Debug, Default)]
struct ReadModelGauges {
    state: Family<ReadModelLabels, Gauge>,
    lag: Gauge<f64, std::sync::atomic::AtomicU64>,
    customers: Gauge,
    attempts: Gauge,
    bytes: Gauge,
    decisions: Family<SourceLabels, Gauge>,
}

impl ReadModelGauges {
    fn register(registry: &mut Registry) -> ReadModelGauges {
        let gauges = ReadModelGauges::default();
        registry.register(
            "read_model_state",
            "1 for the read model's state: current (decisions from memory), behind or loading (from the database), off",
            gauges.state.clone(),
        );
        registry.register_with_unit(
            "read_model_lag",
            "Since the read model's last successful read of the feed began",
            prometheus_client::registry::Unit::Seconds,
            gauges.lag.clone(),
        );
        registry.register(
            "read_model_customers",
            "Customers in memory",
            gauges.customers.clone(),
        );
        registry.register(
            "read_model_attempts",
            "Recent attempts in memory",
            gauges.attempts.clone(),
        );
        registry.register_with_unit(
            "read_model_memory",
            "The read model's estimated size",
            prometheus_client::registry::Unit::Bytes,
            gauges.bytes.clone(),
        );
        registry.register(
            "read_model_decisions",
            "Decisions since start whose customer was read from memory or from the database",
            gauges.decisions.clone(),
        );
        gauges
    }

    fn set(&self, status: &reachguard_core::read_model::Status) {
        for state in ["current", "behind", "loading", "off"] {
            self.state
                .get_or_create(&ReadModelLabels { state })
                .set(i64::from(status.state == state));
        }
        self.lag
            .set(status.lag_ms.map_or(f64::NAN, |ms| ms as f64 / 1000.0));
        let int = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        self.customers.set(int(status.customers));
        self.attempts.set(int(status.attempts));
        self.bytes.set(int(status.estimated_bytes));
        for (source, n) in [
            ("memory", status.decisions_from_memory),
            ("database", status.decisions_from_database),
        ] {
            self.decisions
                .get_or_create(&SourceLabels { source })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("reachguard");
        let decisions = Family::<DecisionLabels, Counter>::default();
        registry.register(
            "decisions",
            "Decisions answered, by result",
            decisions.clone(),
        );
        let reasons = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "decision_reasons",
            "Reasons given in denied decisions, by code",
            reasons.clone(),
        );
        let requests: Family<RequestLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer a request, by route template, method and status (429s are the rate limits at work)",
            prometheus_client::registry::Unit::Seconds,
            requests.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_connections",
            "Database connections: in use, idle, and the most allowed",
            pool.clone(),
        );
        let decision_log_waiting = Gauge::default();
        registry.register(
            "decision_log_waiting",
            "Decisions answered and not yet written to the database",
            decision_log_waiting.clone(),
        );
        let read_model = ReadModelGauges::register(&mut registry);
        Metrics(Arc::new(Inner {
            read_model,
            registry,
            decisions,
            reasons,
            requests,
            pool,
            decision_log_waiting,
        }))
    }
}

impl Metrics {
    pub fn count_decisions<'a>(&self, answers: impl IntoIterator<Item = &'a Answer>) {
        for answer in answers {
            let result = if answer.decision.allowed {
                "allowed"
            } else {
                "denied"
            };
            self.0
                .decisions
                .get_or_create(&DecisionLabels { result })
                .inc();
            for reason in &answer.decision.reasons {
                self.0
                    .reasons
                    .get_or_create(&ReasonLabels {
                        reason: reason.code.as_str(),
                    })
                    .inc();
            }
        }
    }

    pub fn observe_request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.0
            .requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status,
            })
            .observe(took.as_secs_f64());
    }

    /// The text Prometheus reads, with the gauges as they are now.
    fn render(&self, state: &AppState) -> String {
        let (open, idle, max) = state.services.db.pool_use();
        for (label, value) in [
            ("in_use", open - idle.min(open)),
            ("idle", idle),
            ("max", max),
        ] {
            self.0
                .pool
                .get_or_create(&PoolLabels { state: label })
                .set(i64::from(value));
        }
        self.0
            .decision_log_waiting
            .set(i64::try_from(state.services.decision_log.waiting()).unwrap_or(i64::MAX));
        self.0.read_model.set(&state.services.read_model.status());
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.0.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(&state);
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}
