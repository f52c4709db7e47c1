//! What crosses for the policy page: the versions with what they changed
//! (and the what-if kept with each), the form's values, and a what-if's
//! progress and findings.

use serde::{Deserialize, Serialize};

use super::Refusal;

/// One version of the policy in the history, with what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersionView {
    pub label: String,
    pub when: String,
    pub by: String,
    pub changes: Vec<String>,
    /// The what-if run before it was published, if one was: a sentence,
    /// and what it found.
    pub tried: Option<(String, WhatIfView)>,
}

/// The policy page: the rules in force in words, the form's values, and
/// the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyData {
    pub label: String,
    pub version: i64,
    pub rules: Vec<(String, String)>,
    /// `HH:MM`, empty for the pack's.
    pub marketing_start: String,
    pub marketing_end: String,
    pub collections_start: String,
    pub collections_end: String,
    pub service_start: String,
    pub service_end: String,
    /// Empty for the pack's.
    pub collections_limit: String,
    pub marketing_limit: String,
    /// One topic a line: `name | 中文名 | English name`.
    pub topics: String,
    pub history: Vec<PolicyVersionView>,
    pub may_change: bool,
}

/// A what-if started from the policy page, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhatIfStarted {
    Started(String),
    Refused(Vec<Refusal>),
}

/// How far a what-if has come, and when it is done, what it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfState {
    pub judged: u64,
    pub total: u64,
    /// Done: the figures, or why it failed (in words).
    pub done: Option<Result<WhatIfView, String>>,
}

/// What a draft would change, in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfView {
    pub decisions: u64,
    pub changed: u64,
    pub allowed_to_denied: u64,
    pub denied_to_allowed: u64,
    /// Each table: a name and how many answers would change.
    pub tables: Vec<(String, Vec<(String, u64)>)>,
    /// The reasons as a bar chart (SVG).
    pub chart: String,
    pub examples: Vec<WhatIfExample>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIfExample {
    pub decision_id: String,
    pub customer_id: String,
    pub when: String,
    pub before: String,
    pub after: String,
}
