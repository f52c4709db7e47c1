//! What the borrower's pages receive from and send to the server. Nothing
//! here carries a hash, a code or a secret: these types cross into the
//! browser.

use reachguard_domain::{Channel, Language};
use serde::{Deserialize, Serialize};

/// A field the server refused, with why, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The name of the form field it belongs beside; empty for the form.
    pub field: String,
    pub message: String,
}

/// How a form fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Done,
    Refused(Vec<Refusal>),
}

impl Outcome {
    pub fn refused(field: &str, message: impl Into<String>) -> Outcome {
        Outcome::Refused(vec![Refusal {
            field: field.to_owned(),
            message: message.into(),
        }])
    }
}

/// The signed-in borrower, for the page header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub customer_id: String,
    pub name: String,
}

/// One contact made to the borrower, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub attempt_id: String,
    pub when: String,
    pub channel: String,
    pub purpose: String,
    pub system: String,
    pub outcome: String,
    /// Whether the borrower's settings and the law allowed it at its instant.
    pub allowed: bool,
    /// Why it was against policy, in words.
    pub reasons: Vec<String>,
    /// What the bank system asked beforehand, if it named its decision.
    pub decision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsPage {
    pub contacts: Vec<ContactView>,
    pub page: u32,
    pub pages: u32,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub complaint_id: String,
    pub received: String,
    pub category: String,
    pub details: String,
    pub status: String,
    pub open: bool,
    pub due: String,
    pub extended_reason: Option<String>,
    pub answer: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewView {
    pub name: String,
    /// What the bank may do now, in plain sentences.
    pub allowed_now: Vec<String>,
    pub recent: Vec<ContactView>,
    pub against_policy: usize,
    pub open_complaints: Vec<ComplaintView>,
    /// Extra care in place, in words: until when and what it means.
    pub care: Option<String>,
}

/// A page of the borrower's changes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoicesPage {
    pub choices: Vec<ChoiceView>,
    /// Where the next older page starts (`?before=`), if there is one.
    pub older: Option<i64>,
}

/// One change in the consent ledger, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceView {
    pub when: String,
    pub who: String,
    pub through: Option<String>,
    pub changes: Vec<String>,
    /// What staff noted when they recorded the change for the customer.
    pub note: Option<String>,
}

/// One purpose on the preferences form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeForm {
    /// The purpose's name (`marketing.wealth`).
    pub purpose: String,
    pub label: String,
    pub essential: bool,
    pub marketing: bool,
    /// Every channel, accepted ones first in the borrower's order.
    pub channels: Vec<ChannelChoice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelChoice {
    pub channel: Channel,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowForm {
    /// `mon` to `sun`.
    pub days: Vec<String>,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
}

/// The whole preferences form, with the version it was read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferencesForm {
    pub version: i64,
    pub do_not_call: bool,
    pub purposes: Vec<PurposeForm>,
    pub windows: Vec<WindowForm>,
    pub max_calls_per_week: Option<u8>,
    /// `YYYY-MM-DD` in the borrower's zone: no contact but essential
    /// before the start of that day.
    pub snooze_until: Option<String>,
    pub time_zone: String,
    pub language: Language,
    /// The dates the snooze shortcuts choose, in the borrower's zone; not
    /// saved.
    pub in_a_week: String,
    pub in_a_month: String,
    /// The last day a snooze may end on (the date picker's `max`).
    pub latest_snooze: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved(PreferencesForm),
    Refused(Vec<Refusal>),
    /// Someone changed the settings meanwhile: here they are now; nothing
    /// was saved.
    Conflict(PreferencesForm),
}

/// "Could the bank contact me now about …?", answered by the decision rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    pub allowed: bool,
    pub reasons: Vec<String>,
    pub next_allowed: Option<String>,
    pub others_allowed_now: Vec<String>,
}
