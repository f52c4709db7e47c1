//! What each rule says, in English and Chinese: the words are made from a
//! [`Ground`] and what the answer is about, so that the rules stay free of
//! them and a kept decision, which keeps only its grounds, reads back in
//! either language exactly as it was answered.

use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::ground::Ground;
use crate::channel::Channel;
use crate::clock::Day;
use crate::decision::{Reason, ReasonCode};
use crate::protection::CARE_COLLECTIONS_HOURS;
use crate::purpose::Purpose;

/// What every reason of one answer speaks about.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub channel: Channel,
    pub purpose: &'a Purpose,
    /// The policy version's label (`cn@4`): its pack is named by some rules.
    pub policy: &'a str,
    /// The instant asked about, to the second.
    pub at: DateTime<Utc>,
}

impl Ground {
    /// The reason code this ground gives.
    pub fn code(&self) -> ReasonCode {
        match self {
            Ground::UnknownCustomer { .. } => ReasonCode::UnknownCustomer,
            Ground::NoPhone | Ground::NoEmail => ReasonCode::ChannelUnavailable,
            Ground::DoNotCall => ReasonCode::DoNotCall,
            Ground::OptedOut => ReasonCode::OptedOut,
            Ground::ChannelDeclined { .. } => ReasonCode::ChannelDeclined,
            Ground::NationalDnc => ReasonCode::NationalDnc,
            Ground::Snoozed { .. } => ReasonCode::Snoozed,
            Ground::OutsideLegalHours { .. } => ReasonCode::OutsideLegalHours,
            Ground::OutsideContactWindow { .. } => ReasonCode::OutsideContactWindow,
            Ground::FrequencyCap { .. } => ReasonCode::FrequencyCap,
            Ground::MarketingCap { .. }
            | Ground::CollectionsPerDay { .. }
            | Ground::CollectionsPerWeek { .. }
            | Ground::CollectionsAfterConnected { .. } => ReasonCode::PolicyCap,
            Ground::CareNoMarketing { .. }
            | Ground::CareHours { .. }
            | Ground::CareCalledToday { .. } => ReasonCode::ProtectedCustomer,
        }
    }

    /// The reason, in words in both languages, holding its ground.
    pub fn reason(self, about: &About<'_>) -> Reason {
        let (code, en, zh) = self.words(about);
        Reason {
            code,
            message: en,
            message_zh: zh,
            ground: Some(self),
        }
    }

    fn words(&self, about: &About<'_>) -> (ReasonCode, String, String) {
        let (channel, purpose) = (about.channel, about.purpose);
        let label = about.policy;
        let pack = label.split('@').next().unwrap_or(label);
        // The local time asked about, in the zone a ground names.
        let now_there = |zone: &str| {
            // Written from a real zone; UTC only if a kept one was not.
            let zone = Tz::from_str(zone).unwrap_or(Tz::UTC);
            let local = about.at.with_timezone(&zone);
            let (day, time) = (Day(local.weekday()).name(), local.format("%H:%M"));
            (
                format!("it is {day} {time} in {}", zone.name()),
                format!("客户当地（{}）时间为 {day} {time}", zone.name()),
            )
        };
        let code = self.code();
        let (en, zh) = match self {
            Ground::UnknownCustomer { asked } => (
                format!("No customer has the customer number or phone {asked}."),
                format!("没有客户号或电话为 {asked} 的客户。"),
            ),
            Ground::NoPhone => (
                format!("No phone number is on file, so {channel} cannot be used."),
                format!("客户没有登记电话号码，无法使用 {channel}。"),
            ),
            Ground::NoEmail => (
                "No e-mail address is on file, so email cannot be used.".to_owned(),
                "客户没有登记电子邮件地址，无法使用 email。".to_owned(),
            ),
            Ground::DoNotCall => (
                "The customer asked not to be called (do_not_call): only essential purposes may use voice."
                    .to_owned(),
                "客户要求不接听来电（do_not_call）：只有必要事项可以使用 voice。".to_owned(),
            ),
            Ground::OptedOut => (
                format!("The customer accepts no channel for {purpose}: they have opted out of it."),
                format!("客户不接受任何渠道联系 {purpose}：已拒绝此类联络。"),
            ),
            Ground::ChannelDeclined { accepted } => {
                let names: Vec<_> = accepted.iter().map(|c| c.as_str()).collect();
                (
                    format!(
                        "The customer does not accept {channel} for {purpose}; they accept {}.",
                        names.join(", ")
                    ),
                    format!(
                        "客户不接受通过 {channel} 联系 {purpose}；客户接受的渠道：{}。",
                        names.join("、")
                    ),
                )
            }
            Ground::NationalDnc => (
                format!(
                    "The number is on the national do-not-call list and the customer has not \
                     explicitly chosen {purpose}, so it may not be marketed to by {channel}."
                ),
                format!(
                    "该号码在全国拒绝营销名单上，且客户未明确选择接受 {purpose}，不得通过 {channel} 营销。"
                ),
            ),
            Ground::Snoozed { until } => (
                format!(
                    "The customer snoozed all but essential contact until {}.",
                    until.to_rfc3339()
                ),
                format!("客户已暂停除必要事项外的所有联络，直至 {}。", until.to_rfc3339()),
            ),
            Ground::OutsideLegalHours { hours, zone } => {
                let (now_there, now_there_zh) = now_there(zone);
                (
                format!(
                    "The {label} policy allows {channel} for {purpose} only {hours} in the customer's local time; {now_there}."
                ),
                format!(
                    "按 {label} 政策，{purpose} 只能在客户当地时间 {hours} 使用 {channel}；{now_there_zh}。"
                ),
                )
            }
            Ground::OutsideContactWindow { windows, zone } => {
                let (now_there, now_there_zh) = now_there(zone);
                (
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
            Ground::FrequencyCap { made, max } => (
                format!(
                    "The customer allows at most {max} calls a week (max_calls_per_week); \
                     {made} non-essential calls were made in the last 7 days."
                ),
                format!(
                    "客户每周最多接受 {max} 次来电（max_calls_per_week）；过去 7 天内已有 {made} 次非必要来电。"
                ),
            ),
            Ground::MarketingCap { made, limit } => (
                format!(
                    "Marketing cap: at most {limit} marketing contacts by {channel} in any 30 days, \
                     all marketing purposes together; {made} were made."
                ),
                format!(
                    "营销上限：任意 30 天内通过 {channel} 的营销联络（所有营销事项合计）最多 {limit} 次；已有 {made} 次。"
                ),
            ),
            Ground::CollectionsPerDay { unanswered, limit } => (
                format!(
                    "Collections cap ({pack} pack): at most {limit} unanswered collections calls in one \
                     local calendar day; {unanswered} were made today."
                ),
                format!(
                    "催收上限（{pack} 规则）：每个当地自然日最多 {limit} 次未接通的催收来电；今天已有 {unanswered} 次。"
                ),
            ),
            Ground::CollectionsPerWeek { made, limit } => (
                format!(
                    "Collections cap ({pack} pack): at most {limit} collections calls in any 7 days; {made} were made."
                ),
                format!("催收上限（{pack} 规则）：任意 7 天内最多 {limit} 次催收来电；已有 {made} 次。"),
            ),
            Ground::CareNoMarketing { until } => (
                format!(
                    "Extra care is in place for the customer until {}: no marketing on any channel.",
                    until.to_rfc3339()
                ),
                format!("客户处于特别关照期（至 {}）：不得通过任何渠道营销。", until.to_rfc3339()),
            ),
            Ground::CareHours { until, zone } => {
                let (now_there, now_there_zh) = now_there(zone);
                (
                format!(
                    "Extra care is in place for the customer until {}: collections by {channel} only \
                     {CARE_COLLECTIONS_HOURS} in the customer's local time; {now_there}.",
                    until.to_rfc3339()
                ),
                format!(
                    "客户处于特别关照期（至 {}）：催收只能在客户当地时间 {CARE_COLLECTIONS_HOURS} 使用 {channel}；{now_there_zh}。",
                    until.to_rfc3339()
                ),
                )
            }
            Ground::CareCalledToday { called_at, until } => (
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
            Ground::CollectionsAfterConnected { connected_at } => (
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
        };
        (code, en, zh)
    }
}
