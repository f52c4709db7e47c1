//! Lists judged a chunk of lines at a time (contract section 10): the
//! API's decision stream and the staff's campaign list check are one engine.
//! Each reads its own format into rows (a request, a blank line, or why a
//! line is not a request, in its own words); the rows' requests are decided
//! together, as a batch is, every answer kept like any decision; the answers
//! come back in the rows' order, each with its line.

use reachguard_domain::audit::AuditAction;
use std::collections::BTreeMap;

use reachguard_domain::{Language, Policy};
use reachguard_storage::StorageError;

use crate::Services;
use crate::decide::{Answer, Request};

/// One line of a list.
#[derive(Debug)]
pub enum Row<Why> {
    /// Only white space: answered by nothing.
    Blank,
    Asked(Request),
    /// Not a request, and why.
    Invalid(Why),
}

/// What answers one line.
#[derive(Debug)]
pub enum Judged<Why> {
    Blank,
    /// The decision, and the same as JSON (as kept).
    Answer {
        answer: Answer,
        json: String,
    },
    Invalid(Why),
}

/// Decides the requests among `rows` under `policy` for `client`, and
/// answers every row in its order.
pub async fn judge<Why>(
    services: &Services,
    policy: &Policy,
    rows: Vec<(u64, Row<Why>)>,
    client: &str,
    language: Language,
) -> Result<Vec<(u64, Judged<Why>)>, StorageError> {
    let mut requests = Vec::with_capacity(rows.len());
    let mut order = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        order.push(match row {
            Row::Blank => (line, Some(Judged::Blank)),
            Row::Invalid(why) => (line, Some(Judged::Invalid(why))),
            Row::Asked(request) => {
                requests.push(request);
                (line, None)
            }
        });
    }
    let decided = services.decide(policy, &requests, client, language).await?;
    let mut answers = decided.answers.into_iter().zip(decided.json);
    Ok(order
        .into_iter()
        .map(|(line, judged)| {
            let judged = judged.unwrap_or_else(|| {
                let (answer, json) = answers.next().expect("one answer per request");
                Judged::Answer { answer, json }
            });
            (line, judged)
        })
        .collect())
}

/// What a list's rows came to: by outcome, by reason, and the lines that
/// could not be judged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub allowed: u64,
    pub denied: u64,
    pub invalid: u64,
    /// Each reason's code, and how many denied rows gave it.
    pub by_reason: BTreeMap<String, u64>,
    /// The lines that could not be judged and why, in order.
    pub bad_lines: Vec<(u64, String)>,
}

/// Lines that could not be judged kept in a tally at most.
const BAD_LINES_KEPT: usize = 100;

impl Tally {
    /// Rows judged or refused (blank lines are not rows).
    pub fn rows(&self) -> u64 {
        self.allowed + self.denied + self.invalid
    }

    pub fn count<Why: ToString>(&mut self, line: u64, judged: &Judged<Why>) {
        match judged {
            Judged::Blank => {}
            Judged::Answer { answer, .. } => {
                if answer.decision.allowed {
                    self.allowed += 1;
                } else {
                    self.denied += 1;
                }
                for reason in &answer.decision.reasons {
                    *self
                        .by_reason
                        .entry(reason.code.as_str().to_owned())
                        .or_default() += 1;
                }
            }
            Judged::Invalid(why) => {
                self.invalid += 1;
                if self.bad_lines.len() < BAD_LINES_KEPT {
                    self.bad_lines.push((line, why.to_string()));
                }
            }
        }
    }
}

/// Notes in the audit log that `actor` checked a list, and what it came to:
/// a list names many customers, and each row was kept as a decision.
pub async fn audit_check(
    services: &Services,
    actor: &str,
    tally: &Tally,
) -> Result<(), StorageError> {
    services
        .db
        .audit(&reachguard_storage::NewAuditEntry::new(
            chrono::Utc::now().timestamp(),
            actor,
            AuditAction::CampaignListCheck,
            "",
            serde_json::json!({
                "rows": tally.rows(),
                "allowed": tally.allowed,
                "denied": tally.denied,
                "invalid": tally.invalid,
            }),
        ))
        .await
        .map(|_| ())
}
