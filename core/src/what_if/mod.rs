//! The policy what-if (contract sections 5 and 10): before a new version is
//! published, the decisions kept in the last 7 or 30 days are judged again,
//! each at its own instant, with the customer's preferences and attempts as
//! they were known when it was asked, under the draft instead of the
//! version then in force. Nothing is written.
//!
//! What the replay cannot know as it was: the customer's phones, e-mail and
//! the national list are read as they are now, and extra care as last set.
//! Instants are kept to the second, so a preference change made in the very
//! second of a decision is read as made before it.
//!
//! The replay goes a page of customers at a time. Each page is judged off
//! the async threads while the next is read, and only the outcome and the
//! reasons' codes are worked out (no words, no `next_allowed_at`, no other
//! channels): a million kept decisions take seconds, and decisions asked
//! meanwhile are not kept waiting.

mod runs;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use reachguard_domain::decision::refusal_codes;
use reachguard_domain::what_if::Judged;
use reachguard_domain::{
    BankSettings, Channel, CustomerFacts, FieldError, Policy, Preferences, Purpose, ReasonCode,
};
use reachguard_storage::{CustomerRecord, KeptDecision, KnownAttempt, StorageError};

use crate::Services;
pub use reachguard_domain::what_if::{EXAMPLES, Example, TriedDraft, WhatIf};
pub use runs::{NotStarted, Run, Runs, start};

/// Customers whose kept decisions are read and judged at a time.
const CUSTOMERS_A_PAGE: i64 = 500;

/// A decision's question as it was kept.
struct KeptRequest {
    /// The phone asked about, when the request named one.
    phone: Option<String>,
    channel: Channel,
    purpose: Purpose,
}

/// Why a what-if was not run.
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    /// The draft loosens the pack, field by field, as publishing would say.
    #[error("the draft is looser than the pack")]
    Refused(Vec<FieldError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Judging a page failed (a bug): the run ends rather than hang.
    #[error("a page of kept decisions could not be judged")]
    Broken,
}

/// Replays the decisions kept in the `days` before `now` under `draft`;
/// `progress` hears how many were judged so far.
pub async fn replay(
    services: &Services,
    draft: &BankSettings,
    days: i64,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> Result<WhatIf, WhatIfError> {
    let pack = crate::policy::newest(services).await?.pack;
    draft.check(pack).map_err(WhatIfError::Refused)?;
    let policy = Arc::new(Policy {
        pack,
        version: 0,
        settings: draft.clone(),
    });
    let span = Span {
        from: (now - Duration::days(days)).timestamp(),
        to: now.timestamp() + 1,
    };
    let db = &services.db;
    let mut found = WhatIf {
        // Asked about no known customer: no customer is known under a
        // draft either.
        decisions: u64::try_from(
            db.count_kept_decisions_between(span.from, span.to, true)
                .await?,
        )
        .unwrap_or(0),
        ..WhatIf::default()
    };
    let mut after = None;
    let mut next = read_page(services, span, &mut after).await?;
    while let Some(page) = next {
        let policy = policy.clone();
        let judging = tokio::task::spawn_blocking(move || judge_page(&policy, &page));
        // The next page is read while this one is judged.
        next = read_page(services, span, &mut after).await?;
        found.add(judging.await.map_err(|_| WhatIfError::Broken)?);
        progress(found.decisions);
    }
    Ok(found)
}

/// The decided_at span replayed: `from <= decided_at < to`.
#[derive(Clone, Copy)]
struct Span {
    from: i64,
    to: i64,
}

/// A kept decision and its request, read back (none when it no longer
/// reads), with the instant it asked about.
struct Asked {
    kept: KeptDecision,
    request: Option<KeptRequest>,
    at: DateTime<Utc>,
}

/// Reads back what each decision asked.
fn asked(decisions: Vec<KeptDecision>) -> Vec<Asked> {
    decisions
        .into_iter()
        .map(|kept| {
            let (request, at) = match crate::kept::asked(&kept) {
                Some((phone, question)) => (
                    Some(KeptRequest {
                        phone,
                        channel: question.channel,
                        purpose: question.purpose,
                    }),
                    question.at,
                ),
                None => (
                    None,
                    DateTime::from_timestamp(kept.decided_at, 0).unwrap_or_default(),
                ),
            };
            Asked { kept, request, at }
        })
        .collect()
}

/// A page of kept decisions, and what the rules need of their customers.
struct Page {
    decisions: Vec<Asked>,
    customers: HashMap<String, CustomerRecord>,
    preferences: HashMap<String, Vec<(i64, Preferences)>>,
    attempts: HashMap<String, Vec<KnownAttempt>>,
}

/// The next page of customers after `after` (moved on past it), or none
/// when every customer was read.
async fn read_page(
    services: &Services,
    span: Span,
    after: &mut Option<String>,
) -> Result<Option<Page>, WhatIfError> {
    let db = &services.db;
    let ids = db
        .customers_decided_between(span.from, span.to, after.as_deref(), CUSTOMERS_A_PAGE)
        .await?;
    let Some(last) = ids.last() else {
        return Ok(None);
    };
    *after = Some(last.clone());
    let kept = db.kept_decisions_about(&ids, span.from, span.to).await?;
    let decisions = tokio::task::spawn_blocking(move || asked(kept))
        .await
        .map_err(|_| WhatIfError::Broken)?;
    let (first, last) = decisions
        .iter()
        .fold((i64::MAX, i64::MIN), |(first, last), d| {
            (first.min(d.at.timestamp()), last.max(d.at.timestamp()))
        });
    Ok(Some(Page {
        customers: db.customers(&ids).await?,
        preferences: db.preference_history(&ids).await?,
        // Whether a request is allowed at its instant depends on no attempt
        // after it (next_allowed_at, which would, is not compared), and on
        // none more than 30 days before it.
        attempts: db
            .attempts_with_recording(
                &ids,
                first.saturating_sub(Duration::days(30).num_seconds()),
                last,
            )
            .await?,
        decisions,
    }))
}

/// Judges a page's decisions again under `policy`.
fn judge_page(policy: &Policy, page: &Page) -> WhatIf {
    let mut found = WhatIf::default();
    for Asked { kept, request, at } in &page.decisions {
        let customer_id = kept.customer_id.as_deref().unwrap_or_default();
        let (Some(customer), Some(request)) = (page.customers.get(customer_id), request) else {
            // A customer no longer kept, or a request that no longer
            // reads: counted, as unchanged.
            found.decisions += 1;
            continue;
        };
        // The preferences as they stood when it was asked; for a decision
        // older than the customer's first ledger entry (data loaded with
        // its history, or without a ledger), the earliest known.
        let preferences = page
            .preferences
            .get(customer_id)
            .and_then(|h| {
                h.iter()
                    .rev()
                    .find(|(changed_at, _)| *changed_at <= kept.decided_at)
                    .or_else(|| h.first())
            })
            .map_or(&customer.preferences, |(_, p)| p);
        let attempts: Vec<_> = page
            .attempts
            .get(customer_id)
            .map(|all| {
                all.iter()
                    .filter(|a| a.recorded_at <= kept.decided_at)
                    .map(|a| a.attempt.clone())
                    .collect()
            })
            .unwrap_or_default();
        let checked = request.phone.as_ref().or_else(|| customer.phones.first());
        let facts = CustomerFacts {
            has_phone: !customer.phones.is_empty(),
            has_email: customer.email.is_some(),
            on_national_dnc: checked.is_some_and(|n| customer.listed_phones.contains(n)),
            preferences,
            attempts: &attempts,
            protection: customer.protection,
        };
        let at = *at;
        let after = refusal_codes(policy, &facts, request.channel, &request.purpose, at);
        let judged = Judged {
            decision_id: &kept.decision_id,
            customer_id,
            system: &kept.client,
            channel: request.channel,
            purpose: &request.purpose,
            at,
            before: kept.allowed,
            after: &after,
        };
        found.count(&judged, || {
            ReasonCode::from_bits(kept.reasons)
                .into_iter()
                .map(|code| code.as_str().to_owned())
                .collect()
        });
    }
    found
}
