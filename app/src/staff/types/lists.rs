//! What crosses for the lists staff upload: the national list's progress,
//! and a campaign list check's progress and summary.

use serde::{Deserialize, Serialize};

/// The national list page: the list in force and its uploads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalListData {
    pub numbers: i64,
    pub uploads: Vec<UploadView>,
    pub may_upload: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadView {
    pub when: String,
    pub by: String,
    pub numbers: i64,
}

/// A line of what the server says while it takes a national list: one JSON
/// object a line, as the upload goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum ListProgress {
    /// The file has arrived and its lines are being checked.
    Checking,
    /// Numbers read and loaded so far, of `total` (0 while the file is
    /// still arriving).
    Loading { loaded: usize, total: usize },
    /// The new list is in force.
    Done { numbers: usize },
    /// Lines that are not numbers, by line number; `total` in all. Nothing
    /// was changed.
    BadLines {
        lines: Vec<(usize, String)>,
        total: usize,
    },
    /// The file holds no number. Nothing was changed.
    Empty,
    /// The server could not take it (in words). Nothing was changed.
    Failed { message: String },
}

/// Where a campaign list check has come to, a JSON line at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignProgress {
    /// Rows judged so far.
    Judged {
        rows: u64,
    },
    Done(CampaignSummary),
    /// Why the check stopped (in words); rows judged before were kept.
    Failed {
        message: String,
    },
}

/// What a campaign list check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub rows: u64,
    pub allowed: u64,
    pub denied: u64,
    pub invalid: u64,
    /// Each reason's code, and how many rows gave it.
    pub by_reason: Vec<(String, u64)>,
    /// The first rows that could not be judged: line and why.
    pub bad_lines: Vec<(u64, String)>,
    /// Where the file with every row's answer is.
    pub download: String,
}
