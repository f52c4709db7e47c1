//! Loading the model when the server starts: customers in id order, ten
//! thousand at a time, then their recent history in one pass over the
//! attempts, into a model the decisions do not see until it is whole and
//! caught up with the feed.

use std::sync::Weak;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use chrono::Utc;
use reachguard_storage::StorageError;

use super::Shared;
use super::follow::{HISTORY, poll};
use super::model::{Model, Refused};

const CUSTOMERS_PER_READ: i64 = 10_000;
const PROGRESS_EVERY: usize = 100_000;

/// Loads until it succeeds (a database that is down at start is waited
/// for), or the model is dropped.
pub(super) async fn load(weak: Weak<Shared>, budget: usize) {
    loop {
        let Some(shared) = weak.upgrade() else { return };
        match load_once(&shared, budget).await {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(%error, "the read model could not be loaded: deciding from the database, trying again in 5 s");
            }
        }
        drop(shared);
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

async fn load_once(shared: &Shared, budget: usize) -> Result<(), StorageError> {
    let began = Instant::now();
    // Everything written after this point is applied from the feed.
    let feed_start = shared.db.feed_end().await?;
    let history_from = (Utc::now() - HISTORY).timestamp();
    let mut model = Model::new(history_from, budget);
    let mut after = String::new();
    'reading: loop {
        let customers = shared
            .db
            .model_customers_after(&after, CUSTOMERS_PER_READ)
            .await?;
        let Some(last) = customers.last() else {
            break;
        };
        after = last.customer_id.clone();
        for customer in &customers {
            match model.put(customer, &[]) {
                Err(Refused::OverBudget) => {
                    tracing::warn!(
                        customers = model.customers(),
                        budget_mb = budget >> 20,
                        "the read model's memory budget is spent: the other customers are read from the database"
                    );
                    break 'reading;
                }
                Ok(()) if model.customers().is_multiple_of(PROGRESS_EVERY) => {
                    tracing::info!(
                        customers = model.customers(),
                        seconds = began.elapsed().as_secs(),
                        "loading the read model"
                    );
                }
                _ => {}
            }
        }
        if (customers.len() as i64) < CUSTOMERS_PER_READ {
            break;
        }
    }
    let customers_read = began.elapsed();
    // Then their recent history, in one pass over the attempts (the budget
    // is spent on customers; their attempts come with them).
    shared
        .db
        .model_attempts_since(history_from, |customer_id, attempt| {
            model.add_attempt(customer_id, &attempt);
        })
        .await?;
    let attempts_read = began.elapsed() - customers_read;
    model.loaded();
    let (customers, attempts, bytes) = (model.customers(), model.attempts, model.bytes);
    *shared.model.write().unwrap_or_else(|e| e.into_inner()) = model;
    {
        let mut cursor = shared.cursor.lock().await;
        cursor.after = feed_start;
        poll(shared, &mut cursor).await?;
    }
    shared.loaded.store(true, Ordering::Release);
    tracing::info!(
        customers,
        attempts,
        estimated_mb = bytes >> 20,
        seconds = format!("{:.1}", began.elapsed().as_secs_f64()),
        customers_seconds = format!("{:.1}", customers_read.as_secs_f64()),
        attempts_seconds = format!("{:.1}", attempts_read.as_secs_f64()),
        "the read model is loaded: decisions are answered from memory"
    );
    Ok(())
}
