//! Lists judged a chunk of lines at a time (contract section 10): the
//! API's decision stream and the staff's campaign list check are one engine.
//! Each reads its own format into rows (a request, a blank line, or why a
//! line is not a request, in its own words); the rows' requests are decided
//! together, as a batch is, every answer kept like any decision; the answers
//! come back in the rows' order, each with its line.

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
