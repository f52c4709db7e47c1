//! Local wall-clock times and hour ranges, as customers and laws state them.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time of day to the minute, `HH:MM`. `24:00` stands for the end of the
/// day, so that a range may run to midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    minutes: u16,
}

impl ClockTime {
    pub const MIDNIGHT: ClockTime = ClockTime { minutes: 0 };
    pub const END_OF_DAY: ClockTime = ClockTime { minutes: 24 * 60 };

    pub const fn hm(hour: u16, minute: u16) -> ClockTime {
        ClockTime {
            minutes: hour * 60 + minute,
        }
    }

    pub fn hour(self) -> u32 {
        u32::from(self.minutes / 60)
    }

    pub fn minute(self) -> u32 {
        u32::from(self.minutes % 60)
    }

    /// Seconds since midnight.
    pub fn seconds(self) -> u32 {
        u32::from(self.minutes) * 60
    }

    /// The naive time, or `None` for `24:00`, which is the next day's midnight.
    pub fn naive(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(self.hour(), self.minute(), 0)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day: expected HH:MM from 00:00 to 24:00")]
pub struct BadClockTime(pub String);

impl FromStr for ClockTime {
    type Err = BadClockTime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadClockTime(s.to_owned());
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        // Two digits each: `u16::from_str` alone would take "+1".
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(h) || !two_digits(m) {
            return Err(bad());
        }
        let hour: u16 = h.parse().map_err(|_| bad())?;
        let minute: u16 = m.parse().map_err(|_| bad())?;
        let valid = (hour < 24 && minute < 60) || (hour == 24 && minute == 0);
        valid.then(|| ClockTime::hm(hour, minute)).ok_or_else(bad)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A range of local hours, start inclusive, end exclusive, start before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LocalHours {
    pub start: ClockTime,
    pub end: ClockTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the range {start}–{end} is empty: start must come before end")]
pub struct EmptyHours {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl LocalHours {
    pub fn new(start: ClockTime, end: ClockTime) -> Result<LocalHours, EmptyHours> {
        if start < end && start < ClockTime::END_OF_DAY {
            Ok(LocalHours { start, end })
        } else {
            Err(EmptyHours { start, end })
        }
    }

    /// Whether a local time of day falls in the range.
    pub fn contains(&self, time: NaiveTime) -> bool {
        let seconds = time.num_seconds_from_midnight();
        self.start.seconds() <= seconds && seconds < self.end.seconds()
    }

    /// Whether `inner` lies wholly inside this range.
    pub fn covers(&self, inner: &LocalHours) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }
}

impl fmt::Display for LocalHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.start, self.end)
    }
}

/// A day of the week as documents spell it: `mon` to `sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Day(pub Weekday);

impl Day {
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub fn name(self) -> &'static str {
        Day::NAMES[self.0.num_days_from_monday() as usize]
    }

    /// The day a document's name (`mon`) stands for.
    pub fn from_name(name: &str) -> Option<Day> {
        let index = Day::NAMES.iter().position(|n| *n == name)?;
        Weekday::try_from(index as u8).ok().map(Day)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Day::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{name}` is not a day: expected mon, tue, wed, thu, fri, sat or sun"
            ))
        })
    }
}

#[cfg(feature = "openapi")]
crate::string_schema!(
    ClockTime,
    "a local time of day, HH:MM; 24:00 may end a range",
    "09:00"
);

#[cfg(feature = "openapi")]
crate::string_schema!(Day, "mon, tue, wed, thu, fri, sat or sun", "mon");

/// Whether a client may name this instant: 1970 to 9999. Beyond them
/// instants mean nothing to a bank, and the rules' arithmetic (a week
/// before, the next window after) would leave chrono's range.
pub fn is_sane_instant(at: chrono::DateTime<chrono::Utc>) -> bool {
    let first = chrono::DateTime::UNIX_EPOCH;
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc());
    at >= first && last.is_some_and(|last| at <= last)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_instants_from_1970_to_9999_are_sane() {
        use chrono::{TimeZone, Utc};
        assert!(is_sane_instant(
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap()
        ));
        assert!(is_sane_instant(
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap()
        ));
        assert!(!is_sane_instant(
            Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap()
        ));
        assert!(!is_sane_instant(
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap()
        ));
        assert!(!is_sane_instant(chrono::DateTime::<Utc>::MAX_UTC));
    }

    use super::*;

    #[test]
    fn clock_times_parse_and_print_as_hh_mm() {
        for text in ["00:00", "08:30", "21:00", "23:59", "24:00"] {
            assert_eq!(text.parse::<ClockTime>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_clock_times_are_refused() {
        for bad in [
            "", "8:00", "08:0", "24:01", "25:00", "12:60", "ab:cd", "08-00", "08:00:00",
        ] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hours_hold_their_start_but_not_their_end() {
        let hours = LocalHours::new(ClockTime::hm(9, 0), ClockTime::hm(21, 0)).unwrap();
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        assert!(!hours.contains(t(8, 59, 59)));
        assert!(hours.contains(t(9, 0, 0)));
        assert!(hours.contains(t(20, 59, 59)));
        assert!(!hours.contains(t(21, 0, 0)));
    }

    #[test]
    fn hours_may_run_to_the_end_of_the_day() {
        let hours = LocalHours::new(ClockTime::hm(20, 0), ClockTime::END_OF_DAY).unwrap();
        assert!(hours.contains(NaiveTime::from_hms_opt(23, 59, 59).unwrap()));
    }

    #[test]
    fn empty_or_reversed_hours_are_refused() {
        assert!(LocalHours::new(ClockTime::hm(9, 0), ClockTime::hm(9, 0)).is_err());
        assert!(LocalHours::new(ClockTime::hm(21, 0), ClockTime::hm(9, 0)).is_err());
    }

    #[test]
    fn days_travel_as_three_letter_names() {
        let day: Day = serde_json::from_str("\"sat\"").unwrap();
        assert_eq!(day.0, Weekday::Sat);
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"sat\"");
        assert!(serde_json::from_str::<Day>("\"saturday\"").is_err());
    }
}
