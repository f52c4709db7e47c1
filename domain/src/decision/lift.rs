//! Local wall-clock times as instants, across daylight-saving changes.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::clock::ClockTime;

/// The instants at which the local clock in `zone` shows `time` on `date`:
/// one on an ordinary day, two when the clock falls back through it, and
/// the instant the clock jumps past it when it springs forward over it
/// (the first moment the local time is later than `time`).
pub(super) fn local_instants(zone: Tz, date: NaiveDate, time: ClockTime) -> Vec<DateTime<Utc>> {
    let (date, naive) = match time.naive() {
        Some(naive) => (date, naive),
        // 24:00 is the next day's midnight.
        None => match date.succ_opt() {
            Some(next) => (next, NaiveTime::MIN),
            None => return Vec::new(),
        },
    };
    let mut local = date.and_time(naive);
    // A spring-forward gap is at most a few hours; walk past it a minute at a
    // time. Transitions fall on whole minutes, so the first valid minute is
    // the instant of the jump.
    for _ in 0..=(4 * 60) {
        match zone.from_local_datetime(&local) {
            LocalResult::Single(t) => return vec![t.with_timezone(&Utc)],
            LocalResult::Ambiguous(first, second) => {
                return vec![first.with_timezone(&Utc), second.with_timezone(&Utc)];
            }
            LocalResult::None => local += Duration::minutes(1),
        }
    }
    Vec::new()
}

/// The first instant of `date` in `zone`: its midnight, or, where the
/// clocks spring forward over midnight (America/Santiago), the jump.
pub fn start_of_day(zone: Tz, date: NaiveDate) -> Option<DateTime<Utc>> {
    local_instants(zone, date, ClockTime::MIDNIGHT)
        .first()
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_day_starts_at_midnight_or_where_the_clocks_jump_over_it() {
        assert_eq!(
            start_of_day(chrono_tz::Asia::Shanghai, date("2026-12-24")),
            Some(utc("2026-12-23T16:00:00Z"))
        );
        // Chile moves its clocks from 00:00 to 01:00 on this Sunday (UTC-4
        // before, UTC-3 after).
        let santiago = chrono_tz::America::Santiago;
        let jump = date("2026-09-06");
        assert!(
            santiago
                .from_local_datetime(&jump.and_time(NaiveTime::MIN))
                .earliest()
                .is_none()
        );
        assert_eq!(
            start_of_day(santiago, jump),
            Some(utc("2026-09-06T04:00:00Z"))
        );
    }

    #[test]
    fn an_ordinary_local_time_is_one_instant() {
        let instants = local_instants(
            chrono_tz::Asia::Shanghai,
            date("2026-11-30"),
            ClockTime::hm(9, 0),
        );
        assert_eq!(instants, [utc("2026-11-30T01:00:00Z")]);
    }

    #[test]
    fn a_time_skipped_by_spring_forward_becomes_the_instant_of_the_jump() {
        // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
        let instants = local_instants(
            chrono_tz::America::New_York,
            date("2026-03-08"),
            ClockTime::hm(2, 30),
        );
        assert_eq!(instants, [utc("2026-03-08T07:00:00Z")]);
    }

    #[test]
    fn a_time_repeated_by_fall_back_is_both_instants() {
        // New York, 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        let instants = local_instants(
            chrono_tz::America::New_York,
            date("2026-11-01"),
            ClockTime::hm(1, 30),
        );
        assert_eq!(
            instants,
            [utc("2026-11-01T05:30:00Z"), utc("2026-11-01T06:30:00Z")]
        );
    }

    #[test]
    fn the_end_of_the_day_is_the_next_local_midnight() {
        let instants = local_instants(
            chrono_tz::Asia::Shanghai,
            date("2026-11-30"),
            ClockTime::END_OF_DAY,
        );
        assert_eq!(instants, [utc("2026-11-30T16:00:00Z")]);
    }

    #[test]
    fn half_hour_shifts_such_as_lord_howe_are_handled() {
        // Lord Howe Island springs forward 30 minutes: 02:00 -> 02:30 local
        // on 2026-10-04, at 15:30Z the day before.
        let instants = local_instants(
            chrono_tz::Australia::Lord_Howe,
            date("2026-10-04"),
            ClockTime::hm(2, 15),
        );
        assert_eq!(instants, [utc("2026-10-03T15:30:00Z")]);
    }
}
