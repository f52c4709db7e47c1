//! What can be wrong with a write of a customer's preferences, as the
//! domain finds it. The API words each problem in English under its field
//! path (`contact_windows[0].end`); the pages put their own words, in the
//! reader's language, beside their own field. One check, two wordings.

use chrono::{DateTime, Utc};

use super::{MAX_CALLS_PER_WEEK_LIMIT, MAX_CONTACT_WINDOWS, MAX_SNOOZE_DAYS};
use crate::FieldError;
use crate::channel::Channel;
use crate::clock::ClockTime;
use crate::purpose::Purpose;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreferencesProblem {
    /// The write names a purpose this bank does not have.
    UnknownPurpose { name: String },
    /// A purpose lists one channel twice.
    ChannelTwice { purpose: Purpose, channel: Channel },
    /// An essential or service purpose would be left with no channel: only
    /// marketing can be refused outright.
    KeepOneChannel { purpose: Purpose },
    /// More windows than [`MAX_CONTACT_WINDOWS`].
    TooManyWindows { count: usize },
    /// The window at this index names no day.
    WindowWithoutDays { window: usize },
    /// The window at this index does not start before it ends.
    EmptyWindow {
        window: usize,
        start: ClockTime,
        end: ClockTime,
    },
    /// The window at this index starts at 24:00.
    StartsAtEndOfDay { window: usize },
    /// A weekly call limit above [`MAX_CALLS_PER_WEEK_LIMIT`].
    CallLimitTooHigh { asked: u8 },
    /// A snooze more than [`MAX_SNOOZE_DAYS`] ahead: a snooze is a pause;
    /// for good, the customer refuses channels or asks for do-not-call.
    SnoozeTooLong { until: DateTime<Utc> },
}

impl PreferencesProblem {
    /// The field's path in the preferences document.
    pub fn field(&self) -> String {
        match self {
            PreferencesProblem::UnknownPurpose { name } => format!("purposes.{name}"),
            PreferencesProblem::ChannelTwice { purpose, .. }
            | PreferencesProblem::KeepOneChannel { purpose } => {
                format!("purposes.{purpose}.channels")
            }
            PreferencesProblem::TooManyWindows { .. } => "contact_windows".to_owned(),
            PreferencesProblem::WindowWithoutDays { window } => {
                format!("contact_windows[{window}].days")
            }
            PreferencesProblem::EmptyWindow { window, .. } => {
                format!("contact_windows[{window}].end")
            }
            PreferencesProblem::StartsAtEndOfDay { window } => {
                format!("contact_windows[{window}].start")
            }
            PreferencesProblem::CallLimitTooHigh { .. } => "max_calls_per_week".to_owned(),
            PreferencesProblem::SnoozeTooLong { .. } => "snooze_until".to_owned(),
        }
    }

    /// The problem in English, as the API says it.
    pub fn message(&self) -> String {
        match self {
            PreferencesProblem::UnknownPurpose { name } => {
                format!("`{name}` is not a purpose of this bank")
            }
            PreferencesProblem::ChannelTwice { channel, .. } => {
                format!("`{channel}` is listed twice")
            }
            PreferencesProblem::KeepOneChannel { purpose } => {
                format!("{purpose} must keep at least one channel: only marketing can be refused")
            }
            PreferencesProblem::TooManyWindows { count } => format!(
                "{count} windows is more than {MAX_CONTACT_WINDOWS}: four a day for every day of the week is the most"
            ),
            PreferencesProblem::WindowWithoutDays { .. } => "name at least one day".to_owned(),
            PreferencesProblem::EmptyWindow { start, end, .. } => {
                format!("{start}–{end} is empty: start must come before end")
            }
            PreferencesProblem::StartsAtEndOfDay { .. } => "24:00 can only end a window".to_owned(),
            PreferencesProblem::CallLimitTooHigh { asked } => format!(
                "{asked} is more than {MAX_CALLS_PER_WEEK_LIMIT}: choose 0 to {MAX_CALLS_PER_WEEK_LIMIT}, or none"
            ),
            PreferencesProblem::SnoozeTooLong { until } => format!(
                "{} is more than {MAX_SNOOZE_DAYS} days ahead: a snooze is a pause; to stop contact for good, refuse the channels or ask for do-not-call",
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

impl From<PreferencesProblem> for FieldError {
    fn from(problem: PreferencesProblem) -> FieldError {
        FieldError::new(problem.field(), problem.message())
    }
}
