//! The staff dashboard's figures for a range of days: what was decided,
//! why contacts were refused, contacts made against the rules, complaints,
//! opt-outs. The pages draw them; each is a count of the raw rows.

use chrono::Utc;
use reachguard_domain::{Policy, Preferences, ReasonCode};
use reachguard_storage::{ComplaintsOnDay, DecisionsOnDay, OptOuts, StorageError};

use crate::Services;

/// The longest range the dashboard counts at once.
pub const MAX_DAYS: i64 = 366;

/// The instants the days `first` to `last` (both included) span in `zone`:
/// from the first day's local midnight to the one after the last day. The
/// page asks for whole days, so every quarter of an hour in the range is
/// counted from the totals.
pub fn days_span(
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    zone: chrono_tz::Tz,
) -> (i64, i64) {
    let midnight = |day: chrono::NaiveDate| {
        reachguard_domain::decision::start_of_day(zone, day).map_or(0, |t| t.timestamp())
    };
    (midnight(first), midnight(last + chrono::Days::new(1)))
}

/// The figures between two instants (Unix seconds, `end` excluded); days
/// are counted from `start` in steps of 24 hours.
#[derive(Debug)]
pub struct Figures {
    pub decisions: Vec<DecisionsOnDay>,
    /// Why contacts were refused; a code this version does not know keeps
    /// its text.
    pub deny_reasons: Vec<(Result<ReasonCode, String>, i64)>,
    /// Contacts recorded although the answer was no, by system.
    pub against_policy: Vec<(String, i64)>,
    pub complaints: Vec<ComplaintsOnDay>,
    /// (day, how it came, opt-outs).
    pub opt_outs_per_day: Vec<(i64, String, i64)>,
    /// Customers who opted out of each marketing topic, of all customers.
    pub opt_outs: Vec<OptOuts>,
    /// Complaints past their due date now.
    pub overdue: i64,
    /// The newest policy, that names the topics.
    pub policy: Policy,
}

pub async fn figures(services: &Services, start: i64, end: i64) -> Result<Figures, StorageError> {
    let db = &services.db;
    let policy = crate::policy::newest(services).await?;
    let topics: Vec<(String, i64)> = policy
        .purposes()
        .into_iter()
        .filter(|p| p.is_marketing())
        .map(|p| {
            let defaults = Preferences::defaults(&policy)
                .channels_for(&policy, &p)
                .len();
            (p.to_string(), defaults as i64)
        })
        .collect();
    Ok(Figures {
        decisions: db.decisions_per_day(start, end).await?,
        deny_reasons: db
            .deny_reasons(start, end)
            .await?
            .into_iter()
            .map(|(code, n)| (ReasonCode::from_code(&code).ok_or(code), n))
            .collect(),
        against_policy: db.against_policy_by_system(start, end).await?,
        complaints: db.complaints_per_day(start, end).await?,
        opt_outs_per_day: db.opt_outs_per_day(start, end).await?,
        opt_outs: db.marketing_opt_outs(&topics).await?,
        overdue: db.overdue_complaints(Utc::now().timestamp()).await?,
        policy,
    })
}
