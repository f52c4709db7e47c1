//! Extra care (contract section 7): a borrower in financial hardship,
//! illness or bereavement is contacted less, for every system at once.
//! While it holds, marketing is denied; collections by voice or SMS only
//! from 10:00 to 18:00 local, and by voice at most once a local day.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::clock::{ClockTime, LocalHours};

/// Why extra care is in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CareReason {
    FinancialHardship,
    Illness,
    Bereavement,
    Other,
}

impl CareReason {
    pub const ALL: [CareReason; 4] = [
        CareReason::FinancialHardship,
        CareReason::Illness,
        CareReason::Bereavement,
        CareReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CareReason::FinancialHardship => "financial_hardship",
            CareReason::Illness => "illness",
            CareReason::Bereavement => "bereavement",
            CareReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<CareReason> {
        CareReason::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

impl std::fmt::Display for CareReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Extra care for one customer, from `since` (inclusive) to `until`
/// (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Protection {
    pub reason: CareReason,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// The hours collections may use voice or SMS while extra care holds,
/// besides the pack's.
pub const CARE_COLLECTIONS_HOURS: LocalHours = LocalHours {
    start: ClockTime::hm(10, 0),
    end: ClockTime::hm(18, 0),
};

/// How far ahead extra care may be set at once.
pub const LONGEST_CARE: Duration = Duration::days(366);
/// Characters a note may hold at most.
pub const MAX_CARE_NOTE_CHARS: usize = 500;

impl Protection {
    /// Whether extra care holds at `t`.
    pub fn holds_at(&self, t: DateTime<Utc>) -> bool {
        self.since <= t && t < self.until
    }
}

/// Checks an end date asked for at `now`: after now, at most 366 days
/// ahead.
pub fn check_until(until: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldError> {
    if until <= now {
        return Err(FieldError::new("until", "until must be after now"));
    }
    if until > now + LONGEST_CARE {
        return Err(FieldError::new(
            "until",
            "until may be at most 366 days ahead",
        ));
    }
    Ok(())
}

/// Checks a note: at most 500 characters.
pub fn check_note(note: &str) -> Result<(), FieldError> {
    if note.chars().count() > MAX_CARE_NOTE_CHARS {
        return Err(FieldError::new(
            "note",
            "note may hold at most 500 characters",
        ));
    }
    Ok(())
}

/// Extra care asked for at `now`: a new one starts now; a change to one
/// still in force keeps its `since`.
pub fn put(
    current: Option<&Protection>,
    reason: CareReason,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Protection {
    let since = match current {
        Some(current) if current.holds_at(now) => current.since,
        _ => now,
    };
    Protection {
        reason,
        since,
        until,
    }
}

/// Extra care ended at `now`: it held until now, and no longer. `None`
/// when none was in force (ending it again changes nothing).
pub fn end(current: Option<&Protection>, now: DateTime<Utc>) -> Option<Protection> {
    current
        .filter(|p| p.holds_at(now))
        .map(|p| Protection { until: now, ..*p })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn it_holds_from_since_inclusive_to_until_exclusive() {
        let p = Protection {
            reason: CareReason::Illness,
            since: utc("2026-12-01T00:00:00Z"),
            until: utc("2026-12-10T00:00:00Z"),
        };
        assert!(!p.holds_at(utc("2026-11-30T23:59:59Z")));
        assert!(p.holds_at(utc("2026-12-01T00:00:00Z")));
        assert!(p.holds_at(utc("2026-12-09T23:59:59Z")));
        assert!(!p.holds_at(utc("2026-12-10T00:00:00Z")));
    }

    #[test]
    fn a_change_keeps_since_and_one_after_an_end_starts_again() {
        let now = utc("2026-12-05T00:00:00Z");
        let first = put(None, CareReason::Illness, utc("2027-01-01T00:00:00Z"), now);
        assert_eq!(first.since, now);
        let later = utc("2026-12-06T00:00:00Z");
        let changed = put(
            Some(&first),
            CareReason::Bereavement,
            utc("2027-02-01T00:00:00Z"),
            later,
        );
        assert_eq!(
            (changed.since, changed.reason),
            (now, CareReason::Bereavement)
        );
        let ended = end(Some(&changed), later).unwrap();
        assert_eq!(ended.until, later);
        assert_eq!(
            end(Some(&ended), later),
            None,
            "ending twice changes nothing"
        );
        let again = put(
            Some(&ended),
            CareReason::Other,
            utc("2027-03-01T00:00:00Z"),
            later,
        );
        assert_eq!(again.since, later);
    }

    #[test]
    fn until_must_be_ahead_and_within_a_year_and_a_note_short() {
        let now = utc("2026-12-05T00:00:00Z");
        assert!(check_until(now, now).is_err());
        assert!(check_until(now + Duration::seconds(1), now).is_ok());
        assert!(check_until(now + LONGEST_CARE, now).is_ok());
        assert!(check_until(now + LONGEST_CARE + Duration::seconds(1), now).is_err());
        assert!(check_note(&"字".repeat(500)).is_ok());
        assert!(check_note(&"字".repeat(501)).is_err());
        for reason in CareReason::ALL {
            assert_eq!(CareReason::from_code(reason.as_str()), Some(reason));
        }
    }
}
