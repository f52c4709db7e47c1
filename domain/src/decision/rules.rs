//! Each rule of the contract's reason table, for one channel and purpose.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;

use super::lift::local_instants;
use super::{CustomerFacts, ReasonCode};
use crate::attempt::{ContactAttempt, Outcome};
use crate::channel::Channel;
use crate::clock::{ClockTime, Day, LocalHours};
use crate::pack::CollectionsCap;
use crate::policy::Policy;
use crate::protection::CARE_COLLECTIONS_HOURS;
use crate::purpose::Purpose;

mod words;

const WEEK: Duration = Duration::days(7);
const MARKETING_CAP_SPAN: Duration = Duration::days(30);

/// A timed rule that blocks a request at some instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Snoozed {
        until: DateTime<Utc>,
    },
    OutsideLegalHours {
        hours: LocalHours,
    },
    OutsideContactWindow,
    FrequencyCap {
        made: usize,
        max: u8,
    },
    MarketingCap {
        made: usize,
        limit: u32,
    },
    CollectionsPerDay {
        unanswered: usize,
        limit: u32,
    },
    CollectionsPerWeek {
        made: usize,
        limit: u32,
    },
    CollectionsAfterConnected {
        connected_at: DateTime<Utc>,
    },
    /// Extra care: no marketing while it holds.
    CareNoMarketing {
        until: DateTime<Utc>,
    },
    /// Extra care: collections by voice or SMS only in the care hours.
    CareHours {
        until: DateTime<Utc>,
    },
    /// Extra care: one collections call a local day, and one was made.
    CareCalledToday {
        called_at: DateTime<Utc>,
        until: DateTime<Utc>,
    },
}

impl Block {
    pub(super) fn code(&self) -> ReasonCode {
        match self {
            Block::Snoozed { .. } => ReasonCode::Snoozed,
            Block::OutsideLegalHours { .. } => ReasonCode::OutsideLegalHours,
            Block::OutsideContactWindow => ReasonCode::OutsideContactWindow,
            Block::FrequencyCap { .. } => ReasonCode::FrequencyCap,
            Block::MarketingCap { .. }
            | Block::CollectionsPerDay { .. }
            | Block::CollectionsPerWeek { .. }
            | Block::CollectionsAfterConnected { .. } => ReasonCode::PolicyCap,
            Block::CareNoMarketing { .. }
            | Block::CareHours { .. }
            | Block::CareCalledToday { .. } => ReasonCode::ProtectedCustomer,
        }
    }
}

/// A rule that refuses the request whatever the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Standing {
    /// A channel that needs a phone, and none is on file.
    NoPhone,
    /// E-mail, and no address is on file.
    NoEmail,
    DoNotCall,
    /// No channel is accepted for the purpose.
    OptedOut,
    /// Other channels are accepted for the purpose, not this one.
    ChannelDeclined {
        accepted: Vec<Channel>,
    },
    NationalDnc,
}

impl Standing {
    pub(super) fn code(&self) -> ReasonCode {
        match self {
            Standing::NoPhone | Standing::NoEmail => ReasonCode::ChannelUnavailable,
            Standing::DoNotCall => ReasonCode::DoNotCall,
            Standing::OptedOut => ReasonCode::OptedOut,
            Standing::ChannelDeclined { .. } => ReasonCode::ChannelDeclined,
            Standing::NationalDnc => ReasonCode::NationalDnc,
        }
    }
}

pub(super) struct Rules<'a> {
    policy: &'a Policy,
    customer: &'a CustomerFacts<'a>,
    channel: Channel,
    purpose: &'a Purpose,
    zone: Tz,
}

impl<'a> Rules<'a> {
    pub(super) fn new(
        policy: &'a Policy,
        customer: &'a CustomerFacts<'a>,
        channel: Channel,
        purpose: &'a Purpose,
    ) -> Rules<'a> {
        Rules {
            policy,
            customer,
            channel,
            purpose,
            zone: customer.preferences.zone(policy),
        }
    }

    /// The rules that hold whatever the time: waiting does not lift them.
    pub(super) fn standing(&self) -> Vec<Standing> {
        let mut standing = Vec::new();
        let (channel, purpose, prefs) = (self.channel, self.purpose, self.customer.preferences);
        if channel.needs_phone() && !self.customer.has_phone {
            standing.push(Standing::NoPhone);
        }
        if channel.needs_email() && !self.customer.has_email {
            standing.push(Standing::NoEmail);
        }
        // Essential purposes are allowed whenever the channel is available.
        if purpose.is_essential() {
            return standing;
        }
        if channel == Channel::Voice && prefs.do_not_call {
            standing.push(Standing::DoNotCall);
        }
        let accepted = prefs.channels_for(self.policy, purpose);
        if accepted.is_empty() {
            standing.push(Standing::OptedOut);
        } else if !accepted.contains(&channel) {
            standing.push(Standing::ChannelDeclined { accepted });
        }
        if purpose.is_marketing()
            && channel.has_legal_hours()
            && self.customer.on_national_dnc
            && !prefs.is_explicit(purpose)
        {
            standing.push(Standing::NationalDnc);
        }
        standing
    }

    /// The timed rules that block the request at `t`; with `first_only`,
    /// stops at the first (the search needs only to know whether any does).
    pub(super) fn timed_blocks(&self, t: DateTime<Utc>, first_only: bool) -> Vec<Block> {
        let mut blocks = Vec::new();
        if self.purpose.is_essential() {
            return blocks;
        }
        let done = |blocks: &Vec<Block>| first_only && !blocks.is_empty();
        let prefs = self.customer.preferences;
        if let Some(until) = prefs.snooze_until.filter(|until| t < *until) {
            blocks.push(Block::Snoozed { until });
        }
        if done(&blocks) {
            return blocks;
        }
        let local = t.with_timezone(&self.zone);
        if let Some(hours) = self.legal_hours().filter(|h| !h.contains(local.time())) {
            blocks.push(Block::OutsideLegalHours { hours });
        }
        if done(&blocks) {
            return blocks;
        }
        if self.windows_bind() {
            let day = Day(local.weekday());
            let held = prefs
                .contact_windows
                .iter()
                .any(|w| w.days.contains(&day) && w.hours().contains(local.time()));
            if !held {
                blocks.push(Block::OutsideContactWindow);
            }
        }
        if done(&blocks) {
            return blocks;
        }
        if let Some(max) = self.frequency_cap() {
            let made = self.counted(t, WEEK, |a| {
                a.channel == Channel::Voice && !a.purpose.is_essential()
            });
            if made >= usize::from(max) {
                blocks.push(Block::FrequencyCap { made, max });
            }
        }
        if done(&blocks) {
            return blocks;
        }
        blocks.extend(self.policy_caps(t));
        if done(&blocks) {
            return blocks;
        }
        blocks.extend(self.care_blocks(t));
        blocks
    }

    /// Whether extra care can bind this request at all: it is set, and the
    /// request is marketing, or collections by voice or SMS.
    fn care_binds(&self) -> bool {
        self.customer.protection.is_some()
            && (self.purpose.is_marketing() || self.care_collections())
    }

    fn care_collections(&self) -> bool {
        *self.purpose == Purpose::Collections && self.channel.has_legal_hours()
    }

    /// What extra care forbids at `t` (section 7), while it holds.
    fn care_blocks(&self, t: DateTime<Utc>) -> Vec<Block> {
        let Some(care) = self.customer.protection.filter(|p| p.holds_at(t)) else {
            return Vec::new();
        };
        let until = care.until;
        if self.purpose.is_marketing() {
            return vec![Block::CareNoMarketing { until }];
        }
        if !self.care_collections() {
            return Vec::new();
        }
        let mut blocks = Vec::new();
        let local = t.with_timezone(&self.zone);
        if !CARE_COLLECTIONS_HOURS.contains(local.time()) {
            blocks.push(Block::CareHours { until });
        }
        if self.channel == Channel::Voice {
            let today = local.date_naive();
            let called = self
                .customer
                .attempts
                .iter()
                .filter(|a| is_collections_call(a) && a.at <= t)
                .filter(|a| a.at.with_timezone(&self.zone).date_naive() == today)
                .map(|a| a.at)
                .max();
            if let Some(called_at) = called {
                blocks.push(Block::CareCalledToday { called_at, until });
            }
        }
        blocks
    }

    fn legal_hours(&self) -> Option<LocalHours> {
        self.channel
            .has_legal_hours()
            .then(|| self.policy.legal_hours(self.purpose))
            .flatten()
    }

    fn windows_bind(&self) -> bool {
        self.channel.is_windowed() && !self.customer.preferences.contact_windows.is_empty()
    }

    fn frequency_cap(&self) -> Option<u8> {
        (self.channel == Channel::Voice)
            .then_some(self.customer.preferences.max_calls_per_week)
            .flatten()
    }

    fn collections_cap(&self) -> Option<CollectionsCap> {
        (self.channel == Channel::Voice && *self.purpose == Purpose::Collections)
            .then(|| self.policy.collections_cap())
    }

    fn policy_caps(&self, t: DateTime<Utc>) -> Vec<Block> {
        let mut blocks = Vec::new();
        if self.purpose.is_marketing() {
            let limit = self.policy.marketing_limit();
            let made = self.counted(t, MARKETING_CAP_SPAN, |a| {
                a.channel == self.channel && a.purpose.is_marketing()
            });
            if made >= limit as usize {
                blocks.push(Block::MarketingCap { made, limit });
            }
        }
        match self.collections_cap() {
            Some(CollectionsCap::UnansweredPerLocalDay(limit)) => {
                let today = t.with_timezone(&self.zone).date_naive();
                let unanswered = self
                    .customer
                    .attempts
                    .iter()
                    .filter(|a| is_collections_call(a) && a.outcome.is_unanswered() && a.at <= t)
                    .filter(|a| a.at.with_timezone(&self.zone).date_naive() == today)
                    .count();
                if unanswered >= limit as usize {
                    blocks.push(Block::CollectionsPerDay { unanswered, limit });
                }
            }
            Some(CollectionsCap::PerSevenDaysAndQuietAfterConnected(limit)) => {
                let made = self.counted(t, WEEK, is_collections_call);
                if made >= limit as usize {
                    blocks.push(Block::CollectionsPerWeek { made, limit });
                }
                let connected = self
                    .customer
                    .attempts
                    .iter()
                    .filter(|a| is_collections_call(a) && a.outcome == Outcome::Connected)
                    .filter(|a| within(a.at, t, WEEK))
                    .map(|a| a.at)
                    .max();
                if let Some(connected_at) = connected {
                    blocks.push(Block::CollectionsAfterConnected { connected_at });
                }
            }
            None => {}
        }
        blocks
    }

    /// Attempts matching `counts` in the rolling span (t - span, t].
    fn counted(
        &self,
        t: DateTime<Utc>,
        span: Duration,
        counts: impl Fn(&ContactAttempt) -> bool,
    ) -> usize {
        self.customer
            .attempts
            .iter()
            .filter(|a| within(a.at, t, span) && counts(a))
            .count()
    }

    /// Every instant in the horizon at which a timed block may end.
    pub(super) fn lift_points(
        &self,
        at: DateTime<Utc>,
        horizon: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        let mut points = Vec::new();
        if self.purpose.is_essential() {
            return points;
        }
        points.extend(self.customer.preferences.snooze_until);

        let mut clock_times: Vec<ClockTime> = Vec::new();
        clock_times.extend(self.legal_hours().map(|h| h.start));
        if self.windows_bind() {
            clock_times.extend(
                self.customer
                    .preferences
                    .contact_windows
                    .iter()
                    .map(|w| w.start),
            );
        }
        if matches!(
            self.collections_cap(),
            Some(CollectionsCap::UnansweredPerLocalDay(_))
        ) {
            clock_times.push(ClockTime::MIDNIGHT);
        }
        if self.care_binds() {
            // Care ends at its `until`; its hours start each morning, and a
            // day's call is forgotten at local midnight.
            points.extend(self.customer.protection.map(|p| p.until));
            if self.care_collections() {
                clock_times.push(CARE_COLLECTIONS_HOURS.start);
                clock_times.push(ClockTime::MIDNIGHT);
            }
        }
        clock_times.sort_unstable();
        clock_times.dedup();
        if !clock_times.is_empty() {
            let first = at.with_timezone(&self.zone).date_naive();
            let last = horizon.with_timezone(&self.zone).date_naive();
            for date in first.iter_days().take_while(|d| *d <= last) {
                for time in &clock_times {
                    points.extend(local_instants(self.zone, date, *time));
                }
            }
        }

        let attempts = self.customer.attempts.iter();
        if self.frequency_cap().is_some() {
            points.extend(
                attempts
                    .clone()
                    .filter(|a| a.channel == Channel::Voice && !a.purpose.is_essential())
                    .map(|a| a.at + WEEK),
            );
        }
        if self.purpose.is_marketing() {
            points.extend(
                attempts
                    .clone()
                    .filter(|a| a.channel == self.channel && a.purpose.is_marketing())
                    .map(|a| a.at + MARKETING_CAP_SPAN),
            );
        }
        if matches!(
            self.collections_cap(),
            Some(CollectionsCap::PerSevenDaysAndQuietAfterConnected(_))
        ) {
            points.extend(
                attempts
                    .filter(|a| is_collections_call(a))
                    .map(|a| a.at + WEEK),
            );
        }
        points
    }
}

fn is_collections_call(attempt: &ContactAttempt) -> bool {
    attempt.channel == Channel::Voice && attempt.purpose == Purpose::Collections
}

/// Whether `instant` lies in the rolling span (t - span, t].
fn within(instant: DateTime<Utc>, t: DateTime<Utc>, span: Duration) -> bool {
    instant <= t && instant > t - span
}
