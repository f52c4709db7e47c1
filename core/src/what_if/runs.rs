//! What-ifs run from the policy page, off the request path: each runs in a
//! task of its own, one at a time on a server (a second is refused while
//! one runs, so that two supervisors trying drafts do not take both cores
//! from the decisions); the page asks how far one has come, and publishing
//! a draft keeps what its what-if found.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use reachguard_domain::what_if::{TriedDraft, WhatIf};
use reachguard_domain::{BankSettings, FieldError};
use reachguard_storage::StorageError;

use crate::Services;

/// The what-ifs of this server.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    runs: Arc<Mutex<HashMap<String, Run>>>,
}

/// Why a what-if was not started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotStarted {
    /// The draft loosens the pack, field by field.
    Refused(Vec<FieldError>),
    /// Another what-if is running on this server.
    Busy,
}

/// How far one run has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub judged: u64,
    /// Decisions in the span when it started.
    pub total: u64,
    /// When it ended: what would change, or why it failed.
    pub result: Option<Result<WhatIf, String>>,
    /// What it tried, over how many days, from when.
    pub draft: BankSettings,
    pub days: i64,
    pub at: DateTime<Utc>,
    started: std::time::Instant,
}

/// Runs kept at most; the oldest finished ones are forgotten first.
const RUNS_KEPT: usize = 32;

impl Runs {
    pub fn get(&self, id: &str) -> Option<Run> {
        self.runs
            .lock()
            .expect("what-if runs lock")
            .get(id)
            .cloned()
    }

    /// What the finished run `id` found, if it tried exactly `settings`:
    /// kept with the version when they are published.
    pub fn tried(&self, id: &str, settings: &BankSettings) -> Option<TriedDraft> {
        let run = self.get(id)?;
        match run.result {
            Some(Ok(found)) if run.draft == *settings => Some(TriedDraft {
                days: run.days,
                at: run.at,
                found,
            }),
            _ => None,
        }
    }

    fn update(&self, id: &str, change: impl FnOnce(&mut Run)) {
        if let Some(run) = self.runs.lock().expect("what-if runs lock").get_mut(id) {
            change(run);
        }
    }

    /// Adds `run`, unless one is still running (`false`).
    fn add(&self, id: String, run: Run) -> bool {
        let mut runs = self.runs.lock().expect("what-if runs lock");
        if runs.values().any(|r| r.result.is_none()) {
            return false;
        }
        if runs.len() >= RUNS_KEPT {
            let oldest = runs
                .iter()
                .filter(|(_, r)| r.result.is_some())
                .min_by_key(|(_, r)| r.started)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                runs.remove(&oldest);
            }
        }
        runs.insert(id, run);
        true
    }
}

/// Starts a what-if of `draft` over the last `days`, in a task of its own;
/// its id, to ask [`Runs::get`] how far it has come. A draft looser than
/// the pack is refused at once, and so is any while another runs.
pub async fn start(
    services: &Services,
    draft: BankSettings,
    days: i64,
) -> Result<Result<String, NotStarted>, StorageError> {
    let pack = crate::policy::newest(services).await?.pack;
    if let Err(errors) = draft.check(pack) {
        return Ok(Err(NotStarted::Refused(errors)));
    }
    let now = Utc::now();
    let total = services
        .db
        .count_kept_decisions_between(
            (now - Duration::days(days)).timestamp(),
            now.timestamp() + 1,
            false,
        )
        .await?;
    let id = uuid::Uuid::now_v7().to_string();
    let runs = services.what_ifs.clone();
    let added = runs.add(
        id.clone(),
        Run {
            judged: 0,
            total: u64::try_from(total).unwrap_or(0),
            result: None,
            draft: draft.clone(),
            days,
            at: now,
            started: std::time::Instant::now(),
        },
    );
    if !added {
        return Ok(Err(NotStarted::Busy));
    }
    let services = services.clone();
    let run_id = id.clone();
    tokio::spawn(async move {
        let progress_runs = runs.clone();
        let progress_id = run_id.clone();
        let result = super::replay(&services, &draft, days, now, move |judged| {
            progress_runs.update(&progress_id, |run| run.judged = judged);
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "a policy what-if failed");
            error.to_string()
        });
        runs.update(&run_id, |run| run.result = Some(result));
    });
    Ok(Ok(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> Run {
        Run {
            judged: 0,
            total: 10,
            result: None,
            draft: BankSettings::default(),
            days: 7,
            at: Utc::now(),
            started: std::time::Instant::now(),
        }
    }

    #[test]
    fn one_run_at_a_time_and_only_the_finished_ones_of_its_draft_are_kept() {
        let runs = Runs::default();
        assert!(runs.add("a".into(), run()));
        assert!(
            !runs.add("b".into(), run()),
            "a second while the first runs"
        );
        assert_eq!(
            runs.tried("a", &BankSettings::default()),
            None,
            "not finished"
        );
        runs.update("a", |r| r.result = Some(Ok(WhatIf::default())));
        assert!(runs.add("b".into(), run()), "the first has finished");
        let tried = runs
            .tried("a", &BankSettings::default())
            .expect("finished, same draft");
        assert_eq!(tried.days, 7);
        let other = BankSettings {
            marketing_limit: Some(1),
            ..BankSettings::default()
        };
        assert_eq!(runs.tried("a", &other), None, "another draft");
        runs.update("b", |r| r.result = Some(Err("failed".into())));
        assert_eq!(
            runs.tried("b", &BankSettings::default()),
            None,
            "a failed run"
        );
    }
}
