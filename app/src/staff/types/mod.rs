//! What the staff pages receive from and send to the server. Nothing here
//! carries a password hash or a key's secret, except the new key shown once
//! and a second factor's set-up, which the member of staff must see.

use serde::{Deserialize, Serialize};

pub use crate::borrower::types::{Outcome, Refusal};
pub use lists::*;
pub use policy::*;

mod lists;
mod policy;

/// The signed-in member of staff, for the header and the menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInStaff {
    pub username: String,
    /// `admin`, `supervisor`, `agent` or `auditor`.
    pub role: String,
    /// The role in the reader's language.
    pub role_name: String,
    /// The menu entries this role may open, by path.
    pub menu: Vec<String>,
}

/// How a staff sign-in fared. `new_password` asks for the new password the
/// account must choose; `password_problem` says why the one given will not
/// do (empty: none given yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffSignInOutcome {
    Done,
    /// The password was right and the account has no second factor: the
    /// set-up code from an administrator.
    NeedSetUpCode {
        wrong: bool,
    },
    /// The password was right: now the code from the authenticator app.
    NeedCode {
        wrong_code: bool,
        new_password: bool,
        password_problem: Option<String>,
    },
    /// Set up an authenticator app with this QR code (an SVG) or secret,
    /// then sign in with its code.
    SetUp {
        qr_svg: String,
        secret: String,
        wrong_code: bool,
        new_password: bool,
        password_problem: Option<String>,
    },
    Refused(Vec<Refusal>),
}

/// An API key as the keys page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub name: String,
    pub scopes: Vec<String>,
    pub created: String,
    pub created_by: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysData {
    pub keys: Vec<KeyView>,
    /// Every scope a key may carry, for the form.
    pub scopes: Vec<String>,
    pub may_manage: bool,
}

/// How creating a key fared: the key itself is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyCreated {
    Created { name: String, key: String },
    Refused(Vec<Refusal>),
}

/// A staff account as the accounts page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub username: String,
    pub role: String,
    pub role_name: String,
    pub created: String,
    pub disabled: Option<String>,
    pub second_factor: bool,
    pub locked_until: Option<String>,
}

/// What an admin's action on an account gave: what to hand over to its
/// owner, shown once (a set-up code, a temporary password), or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountOutcome {
    Done { hand_over: Option<HandOver> },
    Refused(Vec<Refusal>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandOver {
    SetUpCode { username: String, code: String },
    TemporaryPassword { username: String, password: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsData {
    pub accounts: Vec<AccountView>,
    pub may_manage: bool,
    /// The signed-in admin, who may not disable or demote themselves.
    pub me: String,
}

/// One audit entry in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub seq: i64,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditData {
    pub entries: Vec<AuditView>,
    /// The seq to ask `before` for the next (older) page, if there is one.
    pub older: Option<i64>,
}

/// What "verify" found, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyView {
    pub intact: bool,
    /// The first entry that does not match, if one does not.
    pub broken_at: Option<i64>,
    pub message: String,
}

pub use crate::borrower::types::{ChoiceView, ComplaintView, ContactView};

/// A customer as a search lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerHitView {
    pub customer_id: String,
    pub name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneView {
    pub phone: String,
    /// On the national do-not-call list.
    pub listed: bool,
}

/// A decision a bank system asked about the customer, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub decision_id: String,
    pub when: String,
    pub system: String,
    pub channel: String,
    pub purpose: String,
    pub allowed: bool,
    /// The policy version it was made under (`cn@2`).
    pub policy: String,
}

/// Everything staff see about one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFile {
    pub customer_id: String,
    pub name: String,
    pub phones: Vec<PhoneView>,
    pub email: Option<String>,
    pub time_zone: String,
    /// What the bank may do now, in plain sentences.
    pub allowed_now: Vec<String>,
    /// The newest page of changes (or the page asked for).
    pub ledger: Vec<ChoiceView>,
    /// Where the next older page of changes starts, if there is one.
    pub ledger_older: Option<i64>,
    /// The latest contacts, with their judgement.
    pub contacts: Vec<ContactView>,
    pub contacts_total: i64,
    pub decisions: Vec<DecisionView>,
    pub complaints: Vec<ComplaintView>,
    pub may_change: bool,
    /// Until when the customer's sign-in is locked, if it is now.
    pub signin_locked_until: Option<String>,
    pub may_unlock: bool,
    pub care: CareView,
}

/// Extra care on a customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareView {
    /// What is in place now, in a sentence; none when nothing is.
    pub in_force: Option<String>,
    /// Each change, newest first, in a line.
    pub history: Vec<String>,
    pub may_set: bool,
    /// Each reason's code and name, for the form.
    pub reasons: Vec<(String, String)>,
    /// The reason the form starts at: the one in force, if any.
    pub reason_default: String,
    /// The day the form's date starts at: the last day of the care in
    /// force, else 90 days ahead.
    pub until_default: String,
}

/// One chart of the dashboard: an SVG drawn on the server, and its numbers
/// as a table for those who cannot see it (and for checking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartView {
    /// Names the chart's figure and table in the page (`decisions`).
    pub id: String,
    pub title: String,
    pub svg: String,
    /// The table's column headings; the first names the rows.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardData {
    /// The range shown, `YYYY-MM-DD`, both days included.
    pub from: String,
    pub until: String,
    /// Why the range asked for was changed, if it was.
    pub range_note: Option<String>,
    pub charts: Vec<ChartView>,
    /// Complaints past their due date and still unanswered, now.
    pub overdue: i64,
}

/// A complaint in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRowView {
    pub complaint_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub received: String,
    pub category: String,
    pub status: String,
    pub assignee: Option<String>,
    pub due: String,
    pub overdue: bool,
    pub extended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub rows: Vec<QueueRowView>,
    pub may_work: bool,
}

/// One complaint with what it is about, for the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintCase {
    pub complaint_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub received: String,
    pub category: String,
    pub details: String,
    /// `open`, `in_progress`, `answered` or `closed`.
    pub status_code: String,
    pub status: String,
    pub assignee: Option<String>,
    pub due: String,
    pub overdue: bool,
    pub extended_reason: Option<String>,
    pub answer: Option<String>,
    pub answered: Option<String>,
    /// The contact complained of, with its judgement and the decision the
    /// system asked for, if it did.
    pub contact: Option<ContactView>,
    pub may_work: bool,
}
