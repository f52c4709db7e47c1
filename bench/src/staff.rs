//! The staff side over HTTP, by `end2end/bench/staff.mjs` (a real browser
//! signs in once; the pages are then loaded with its session): every staff
//! page's median and p95 of 20 loads, and a campaign list from upload to
//! download.

use std::process::Command;

use anyhow::{Context, bail};
use reachguard_storage::Database;
use serde_json::Value;

/// One admin a run: a seeded database kept for the next run
/// (`REACHGUARD_BENCH_DB`) already holds the last run's.
fn username() -> String {
    format!("bench-admin-{}", std::process::id())
}
const PASSWORD: &str = "bench-harbour-lantern-2026";

/// An admin for the script to sign in as: its set-up code.
pub async fn create_admin(db: &Database) -> anyhow::Result<String> {
    reachguard_server::commands::create_staff(
        db,
        &username(),
        "admin",
        PASSWORD.into(),
        "system:bench",
    )
    .await
}

/// What the script measured: its JSON.
pub fn measure(
    base: &str,
    setup_code: &str,
    rows: usize,
    customers: usize,
) -> anyhow::Result<Value> {
    let output = Command::new("node")
        .current_dir("end2end")
        .args([
            "bench/staff.mjs",
            base,
            &username(),
            PASSWORD,
            setup_code,
            &rows.to_string(),
        ])
        .env("BENCH_CUSTOMERS", customers.to_string())
        .output()
        .context("node runs end2end/bench/staff.mjs (make bench installs its packages)")?;
    if !output.status.success() {
        bail!(
            "end2end/bench/staff.mjs failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout
        .lines()
        .last()
        .context("the script printed nothing")?;
    Ok(serde_json::from_str(last)?)
}

/// The pages' figures as a table's rows, slowest first.
pub fn page_rows(measured: &Value) -> String {
    let mut pages: Vec<(&String, f64, f64)> = measured["pages"]
        .as_object()
        .map(|pages| {
            pages
                .iter()
                .map(|(path, t)| {
                    let ms = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
                    (path, ms("median_ms"), ms("p95_ms"))
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort_by(|a, b| b.2.total_cmp(&a.2));
    pages
        .iter()
        .map(|(path, median, p95)| {
            format!("| `{path}` | {median:.1} ms | {p95:.1} ms | < 200 ms |\n")
        })
        .collect()
}
