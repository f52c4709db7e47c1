//! The audit log's verification: a walk over the whole chain, in batches,
//! that names the first entry that does not match.

use reachguard_domain::audit::{Break, GENESIS, first_break};
use reachguard_storage::{AuditFilter, Database, StorageError};

/// Entries read per query while verifying.
const BATCH: i64 = 1_000;

/// What a walk over the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Entries that matched before the walk stopped.
    pub verified: i64,
    /// The first entry that does not match, and why.
    pub first_break: Option<(i64, Break)>,
}

/// Walks the chain from its first entry to the head of the log as it was
/// when the walk began: entries written meanwhile are for the next walk
/// (read past the head, they would look like a chain that does not end
/// where the head says).
pub async fn verify_chain(db: &Database) -> Result<Verification, StorageError> {
    let (head_seq, head_hash) = db.audit_head().await?;
    let (mut seq, mut hash) = (0, GENESIS.to_owned());
    while seq < head_seq {
        let batch = db.audit_chain(seq, BATCH.min(head_seq - seq)).await?;
        if batch.is_empty() {
            break;
        }
        match first_break((seq, &hash), &batch) {
            Ok((last, last_hash)) => (seq, hash) = (last, last_hash),
            Err(found) => {
                return Ok(Verification {
                    verified: found.0 - 1,
                    first_break: Some(found),
                });
            }
        }
    }
    // The rows end where the head says the chain ends: entries removed from
    // the end, or a last entry rewritten with its hash, show here.
    let first_break = if seq < head_seq {
        Some((seq + 1, Break::Gap))
    } else if hash != head_hash {
        Some((seq, Break::Altered))
    } else {
        None
    };
    Ok(Verification {
        verified: if first_break.is_some() { seq - 1 } else { seq },
        first_break,
    })
}

/// The audit log's filters as the page and the CSV export take them: empty
/// means any; dates are `YYYY-MM-DD` in the bank's zone, both inclusive. A
/// date that does not parse is left out rather than refused, so that a
/// half-typed filter shows more, never an error.
pub fn filter_from_form(
    actor: &str,
    action: &str,
    subject: &str,
    from: &str,
    until: &str,
    zone: chrono_tz::Tz,
) -> AuditFilter {
    use chrono::NaiveDate;
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let day_start = |s: &str, days_after: i64| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(days_after)))
            .and_then(|d| reachguard_domain::decision::start_of_day(zone, d))
            .map(|t| t.timestamp())
    };
    AuditFilter {
        actor: text(actor),
        action: text(action),
        subject: text(subject),
        from: day_start(from, 0),
        until: day_start(until, 1),
    }
}

/// Audit entries on one page.
pub const ENTRIES_A_PAGE: i64 = 50;

/// One page of the audit log, newest first, older than `before`, and where
/// the next older page starts, if there is one.
pub async fn page(
    services: &crate::Services,
    filter: &reachguard_storage::AuditFilter,
    before: Option<i64>,
) -> Result<(Vec<reachguard_domain::audit::AuditEntry>, Option<i64>), StorageError> {
    let mut entries = services
        .db
        .audit_entries(filter, before, ENTRIES_A_PAGE + 1)
        .await?;
    let more = entries.len() as i64 > ENTRIES_A_PAGE;
    entries.truncate(ENTRIES_A_PAGE as usize);
    let older = more.then(|| entries.last().map(|e| e.seq)).flatten();
    Ok((entries, older))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_takes_whole_days_in_the_bank_zone() {
        let zone: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let filter = filter_from_form(" staff:wang ", "", "", "2026-12-01", "2026-12-01", zone);
        assert_eq!(filter.actor.as_deref(), Some("staff:wang"));
        assert_eq!(filter.action, None);
        // Midnight in Shanghai is 16:00 UTC the day before.
        assert_eq!(filter.from, Some(1_796_054_400));
        assert_eq!(filter.until, Some(1_796_054_400 + 86_400));
        let sloppy = filter_from_form("", "", "", "yesterday", "2026-13-01", zone);
        assert_eq!((sloppy.from, sloppy.until), (None, None));
    }
}
