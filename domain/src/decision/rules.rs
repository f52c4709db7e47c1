//! Each rule of the contract's reason table, for one channel and purpose.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;

use super::lift::local_instants;
use super::{CustomerFacts, Reason, ReasonCode};
use crate::attempt::{ContactAttempt, Outcome};
use crate::channel::Channel;
use crate::clock::{ClockTime, Day, LocalHours};
use crate::pack::CollectionsCap;
use crate::policy::Policy;
use crate::protection::CARE_COLLECTIONS_HOURS;
use crate::purpose::Purpose;

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

    /// Reasons that hold whatever the time: waiting does not lift them.
    pub(super) fn standing_reasons(&self) -> Vec<Reason> {
        let mut reasons = Vec::new();
        let (channel, purpose, prefs) = (self.channel, self.purpose, self.customer.preferences);
        if channel.needs_phone() && !self.customer.has_phone {
            reasons.push(Reason::new(
                ReasonCode::ChannelUnavailable,
                format!("No phone number is on file, so {channel} cannot be used."),
                format!("客户没有登记电话号码，无法使用 {channel}。"),
            ));
        }
        if channel.needs_email() && !self.customer.has_email {
            reasons.push(Reason::new(
                ReasonCode::ChannelUnavailable,
                "No e-mail address is on file, so email cannot be used.",
                "客户没有登记电子邮件地址，无法使用 email。",
            ));
        }
        // Essential purposes are allowed whenever the channel is available.
        if purpose.is_essential() {
            return reasons;
        }
        if channel == Channel::Voice && prefs.do_not_call {
            reasons.push(Reason::new(
                ReasonCode::DoNotCall,
                "The customer asked not to be called (do_not_call): only essential purposes may use voice.",
                "客户要求不接听来电（do_not_call）：只有必要事项可以使用 voice。",
            ));
        }
        let accepted = prefs.channels_for(self.policy, purpose);
        if accepted.is_empty() {
            reasons.push(Reason::new(
                ReasonCode::OptedOut,
                format!(
                    "The customer accepts no channel for {purpose}: they have opted out of it."
                ),
                format!("客户不接受任何渠道联系 {purpose}：已拒绝此类联络。"),
            ));
        } else if !accepted.contains(&channel) {
            let names: Vec<_> = accepted.iter().map(|c| c.as_str()).collect();
            reasons.push(Reason::new(
                ReasonCode::ChannelDeclined,
                format!(
                    "The customer does not accept {channel} for {purpose}; they accept {}.",
                    names.join(", ")
                ),
                format!(
                    "客户不接受通过 {channel} 联系 {purpose}；客户接受的渠道：{}。",
                    names.join("、")
                ),
            ));
        }
        if purpose.is_marketing()
            && channel.has_legal_hours()
            && self.customer.on_national_dnc
            && !prefs.is_explicit(purpose)
        {
            reasons.push(Reason::new(
                ReasonCode::NationalDnc,
                format!(
                    "The number is on the national do-not-call list and the customer has not \
                     explicitly chosen {purpose}, so it may not be marketed to by {channel}."
                ),
                format!(
                    "该号码在全国拒绝营销名单上，且客户未明确选择接受 {purpose}，不得通过 {channel} 营销。"
                ),
            ));
        }
        reasons
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

    /// The reason a block gives, in words, at the instant asked about.
    pub(super) fn reason(&self, block: &Block, at: DateTime<Utc>) -> Reason {
        let (channel, purpose, pack) = (self.channel, self.purpose, self.policy.pack);
        let local = at.with_timezone(&self.zone);
        let now_there = format!(
            "it is {} {} in {}",
            Day(local.weekday()).name(),
            local.format("%H:%M"),
            self.zone.name()
        );
        let now_there_zh = format!(
            "客户当地（{}）时间为 {} {}",
            self.zone.name(),
            Day(local.weekday()).name(),
            local.format("%H:%M")
        );
        match block {
            Block::Snoozed { until } => Reason::new(
                ReasonCode::Snoozed,
                format!(
                    "The customer snoozed all but essential contact until {}.",
                    until.to_rfc3339()
                ),
                format!(
                    "客户已暂停除必要事项外的所有联络，直至 {}。",
                    until.to_rfc3339()
                ),
            ),
            Block::OutsideLegalHours { hours } => Reason::new(
                ReasonCode::OutsideLegalHours,
                format!(
                    "The {} policy allows {channel} for {purpose} only {hours} in the customer's local time; {now_there}.",
                    self.policy.label()
                ),
                format!(
                    "按 {} 政策，{purpose} 只能在客户当地时间 {hours} 使用 {channel}；{now_there_zh}。",
                    self.policy.label()
                ),
            ),
            Block::OutsideContactWindow => {
                let windows: Vec<String> = self
                    .customer
                    .preferences
                    .contact_windows
                    .iter()
                    .map(|w| {
                        let days: Vec<_> = w.days.iter().map(|d| d.name()).collect();
                        format!("{} {}", days.join(","), w.hours())
                    })
                    .collect();
                Reason::new(
                    ReasonCode::OutsideContactWindow,
                    format!(
                        "The customer accepts {channel} only in their contact windows ({}); {now_there}.",
                        windows.join("; ")
                    ),
                    format!(
                        "客户只在其联络时间（{}）内接受 {channel}；{now_there_zh}。",
                        windows.join("；")
                    ),
                )
            }
            Block::FrequencyCap { made, max } => Reason::new(
                ReasonCode::FrequencyCap,
                format!(
                    "The customer allows at most {max} calls a week (max_calls_per_week); \
                     {made} non-essential calls were made in the last 7 days."
                ),
                format!(
                    "客户每周最多接受 {max} 次来电（max_calls_per_week）；过去 7 天内已有 {made} 次非必要来电。"
                ),
            ),
            Block::MarketingCap { made, limit } => Reason::new(
                ReasonCode::PolicyCap,
                format!(
                    "Marketing cap: at most {limit} marketing contacts by {channel} in any 30 days, \
                     all marketing purposes together; {made} were made."
                ),
                format!(
                    "营销上限：任意 30 天内通过 {channel} 的营销联络（所有营销事项合计）最多 {limit} 次；已有 {made} 次。"
                ),
            ),
            Block::CollectionsPerDay { unanswered, limit } => Reason::new(
                ReasonCode::PolicyCap,
                format!(
                    "Collections cap ({pack} pack): at most {limit} unanswered collections calls in one \
                     local calendar day; {unanswered} were made today."
                ),
                format!(
                    "催收上限（{pack} 规则）：每个当地自然日最多 {limit} 次未接通的催收来电；今天已有 {unanswered} 次。"
                ),
            ),
            Block::CollectionsPerWeek { made, limit } => Reason::new(
                ReasonCode::PolicyCap,
                format!(
                    "Collections cap ({pack} pack): at most {limit} collections calls in any 7 days; {made} were made."
                ),
                format!(
                    "催收上限（{pack} 规则）：任意 7 天内最多 {limit} 次催收来电；已有 {made} 次。"
                ),
            ),
            Block::CareNoMarketing { until } => Reason::new(
                ReasonCode::ProtectedCustomer,
                format!(
                    "Extra care is in place for the customer until {}: no marketing on any channel.",
                    until.to_rfc3339()
                ),
                format!(
                    "客户处于特别关照期（至 {}）：不得通过任何渠道营销。",
                    until.to_rfc3339()
                ),
            ),
            Block::CareHours { until } => Reason::new(
                ReasonCode::ProtectedCustomer,
                format!(
                    "Extra care is in place for the customer until {}: collections by {channel} only \
                     {CARE_COLLECTIONS_HOURS} in the customer's local time; {now_there}.",
                    until.to_rfc3339()
                ),
                format!(
                    "客户处于特别关照期（至 {}）：催收只能在客户当地时间 {CARE_COLLECTIONS_HOURS} 使用 {channel}；{now_there_zh}。",
                    until.to_rfc3339()
                ),
            ),
            Block::CareCalledToday { called_at, until } => Reason::new(
                ReasonCode::ProtectedCustomer,
                format!(
                    "Extra care is in place for the customer until {}: at most one collections call \
                     a local day; one was made at {}.",
                    until.to_rfc3339(),
                    called_at.to_rfc3339()
                ),
                format!(
                    "客户处于特别关照期（至 {}）：每个当地自然日最多一次催收来电；今天已于 {} 来电。",
                    until.to_rfc3339(),
                    called_at.to_rfc3339()
                ),
            ),
            Block::CollectionsAfterConnected { connected_at } => Reason::new(
                ReasonCode::PolicyCap,
                format!(
                    "Collections cap ({pack} pack): no collections call within 7 days after one that \
                     connected; one connected at {}.",
                    connected_at.to_rfc3339()
                ),
                format!(
                    "催收上限（{pack} 规则）：接通的催收来电后 7 天内不得再次催收来电；上次接通于 {}。",
                    connected_at.to_rfc3339()
                ),
            ),
        }
    }
}

fn is_collections_call(attempt: &ContactAttempt) -> bool {
    attempt.channel == Channel::Voice && attempt.purpose == Purpose::Collections
}

/// Whether `instant` lies in the rolling span (t - span, t].
fn within(instant: DateTime<Utc>, t: DateTime<Utc>, span: Duration) -> bool {
    instant <= t && instant > t - span
}
