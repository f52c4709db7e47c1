//! Decisions answered from memory.
//!
//! Each server keeps what decisions read (customers' preferences, phones,
//! national-list flags and recent calls and marketing contacts) in a
//! [`Model`], loaded at start and kept current by following the database's
//! feed (`model_feed`): PostgreSQL's NOTIFY wakes the follower at once and
//! it polls anyway, so a write through any server reaches every server's
//! decisions within a second. The model answers only while it is current:
//!
//! - loaded, and its last successful poll began less than [`FRESH`] ago;
//! - no national list is being re-read;
//! - every write this process committed is applied (else the decision
//!   catches up first: a server reads its own writes at once).
//!
//! Otherwise, and for customers outside its memory budget or questions
//! whose history reaches back past it, decisions read the database as
//! before: a small or lagging server is slower, never wrong.

mod follow;
mod load;
mod model;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use reachguard_storage::{Database, local_writes};
use serde::Serialize;
use tokio::sync::Notify;

pub use follow::{FORGET_AT_ONCE, Tidied};
pub(crate) use model::{Facts, Model};

/// The model answers only if its last poll of the feed began this recently:
/// with a poll every [`follow::POLL_EVERY`], a write committed a second ago
/// is in it.
pub const FRESH: Duration = Duration::from_millis(750);

/// The default memory budget: a million customers with ten recent
/// attempts each fit in about 400 MB.
pub const DEFAULT_BUDGET_MB: usize = 1024;

/// One server's read model; clones share it.
#[derive(Clone, Debug)]
pub struct ReadModel(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    db: Database,
    model: RwLock<Model>,
    /// Held while polling the feed, so that one poll runs at a time.
    cursor: tokio::sync::Mutex<follow::Cursor>,
    started: AtomicBool,
    loaded: AtomicBool,
    /// False while the national list is re-read after a swap.
    list_current: AtomicBool,
    /// When the last successful poll began, in ms since `epoch` (0: never).
    polled_at: AtomicU64,
    /// `local_writes()` when the last successful poll began.
    applied_local: AtomicU64,
    /// Bumped when a new policy version is seen in the feed.
    policy_generation: Arc<AtomicU64>,
    wake: Notify,
    from_memory: AtomicU64,
    from_database: AtomicU64,
    epoch: Instant,
    tasks: std::sync::Mutex<Vec<tokio::task::AbortHandle>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.abort_tasks();
    }
}

/// What `/healthz` and `/metrics` say of the model.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    /// `off` (not started), `loading`, `current` or `behind`.
    pub state: &'static str,
    pub customers: usize,
    pub attempts: usize,
    /// Every customer is in memory (else some are read from the database).
    pub complete: bool,
    pub estimated_bytes: usize,
    pub budget_bytes: usize,
    /// Since the last successful poll of the feed began.
    pub lag_ms: Option<u64>,
    pub decisions_from_memory: u64,
    pub decisions_from_database: u64,
}

impl ReadModel {
    /// A model that answers nothing until [`ReadModel::start`].
    pub fn new(db: Database, policy_generation: Arc<AtomicU64>) -> ReadModel {
        ReadModel(Arc::new(Shared {
            db,
            model: RwLock::new(Model::default()),
            cursor: tokio::sync::Mutex::new(follow::Cursor::default()),
            started: AtomicBool::new(false),
            loaded: AtomicBool::new(false),
            list_current: AtomicBool::new(true),
            polled_at: AtomicU64::new(0),
            applied_local: AtomicU64::new(0),
            policy_generation,
            wake: Notify::new(),
            from_memory: AtomicU64::new(0),
            from_database: AtomicU64::new(0),
            epoch: Instant::now(),
            tasks: std::sync::Mutex::new(Vec::new()),
        }))
    }

    /// Loads the model in the background within `budget_mb` megabytes, then
    /// follows the feed. Decisions read the database until it is loaded.
    /// A budget of 0 keeps the model off. Starting twice does nothing.
    pub fn start(&self, budget_mb: usize) {
        if budget_mb == 0 || self.0.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let budget = budget_mb.saturating_mul(1 << 20);
        // The tasks hold `Weak` handles, so that dropping the last
        // `ReadModel` stops them.
        let weak = Arc::downgrade(&self.0);
        let follower = tokio::spawn(async move {
            load::load(weak.clone(), budget).await;
            follow::follow(weak).await;
        });
        let weak = Arc::downgrade(&self.0);
        let listener = tokio::spawn(follow::listen(weak));
        if let Ok(mut tasks) = self.0.tasks.lock() {
            tasks.push(follower.abort_handle());
            tasks.push(listener.abort_handle());
        }
    }

    /// Stops loading and following: decisions read the database from now.
    pub fn stop(&self) {
        self.0.loaded.store(false, Ordering::Release);
        self.0.abort_tasks();
    }

    /// Whether decisions may be answered from memory now, catching up with
    /// the feed first if this process has written since the last poll.
    pub(crate) async fn current(&self) -> bool {
        let shared = &self.0;
        if !shared.loaded.load(Ordering::Acquire) {
            return false;
        }
        let wanted = local_writes();
        if shared.applied_local.load(Ordering::Acquire) >= wanted && shared.fresh() {
            return true;
        }
        let mut cursor = shared.cursor.lock().await;
        if shared.applied_local.load(Ordering::Acquire) >= wanted && shared.fresh() {
            return true;
        }
        match follow::poll(shared, &mut cursor).await {
            Ok(()) => shared.fresh(),
            Err(error) => {
                tracing::warn!(%error, "the read model could not catch up: deciding from the database");
                false
            }
        }
    }

    /// Runs `f` on the model (briefly: decisions wait for writes to it).
    pub(crate) fn read<R>(&self, f: impl FnOnce(&Model) -> R) -> R {
        let model = self.0.model.read().unwrap_or_else(|e| e.into_inner());
        f(&model)
    }

    pub(crate) fn count(&self, from_memory: usize, from_database: usize) {
        self.0
            .from_memory
            .fetch_add(from_memory as u64, Ordering::Relaxed);
        self.0
            .from_database
            .fetch_add(from_database as u64, Ordering::Relaxed);
    }

    /// Tidies now what the follower tidies every hour (history no
    /// question reaches, old feed rows), and says how long it held the
    /// model: `make bench` measures it on a loaded model.
    pub async fn tidy_now(&self) -> Tidied {
        follow::tidy(&self.0).await
    }

    pub fn status(&self) -> Status {
        let shared = &self.0;
        let (customers, attempts, complete, bytes, budget) =
            self.read(|m| (m.customers(), m.attempts, m.complete, m.bytes, m.budget));
        let state = if !shared.started.load(Ordering::Acquire) {
            "off"
        } else if !shared.loaded.load(Ordering::Acquire) {
            "loading"
        } else if shared.fresh() {
            "current"
        } else {
            "behind"
        };
        Status {
            state,
            customers,
            attempts,
            complete,
            estimated_bytes: bytes,
            budget_bytes: budget,
            lag_ms: shared.lag().map(|lag| lag.as_millis() as u64),
            decisions_from_memory: shared.from_memory.load(Ordering::Relaxed),
            decisions_from_database: shared.from_database.load(Ordering::Relaxed),
        }
    }
}

impl Shared {
    fn abort_tasks(&self) {
        for task in self.tasks.lock().map(|t| t.clone()).unwrap_or_default() {
            task.abort();
        }
    }

    fn now_ms(&self) -> u64 {
        // Never 0, which means "never polled".
        self.epoch.elapsed().as_millis() as u64 + 1
    }

    fn lag(&self) -> Option<Duration> {
        match self.polled_at.load(Ordering::Acquire) {
            0 => None,
            at => Some(Duration::from_millis(self.now_ms().saturating_sub(at))),
        }
    }

    fn fresh(&self) -> bool {
        self.list_current.load(Ordering::Acquire) && self.lag().is_some_and(|lag| lag < FRESH)
    }
}
