//! What each rule says, in English and Chinese: the words are made from the
//! rule and its values, so that the rules themselves stay free of them.

use chrono::{DateTime, Datelike, Utc};

use super::{Block, Rules, Standing};
use crate::clock::Day;
use crate::decision::{Reason, ReasonCode};
use crate::protection::CARE_COLLECTIONS_HOURS;

impl Rules<'_> {
    /// The reason a standing rule gives, in words.
    pub(in crate::decision) fn standing_reason(&self, standing: &Standing) -> Reason {
        let (channel, purpose) = (self.channel, self.purpose);
        let code = standing.code();
        match standing {
            Standing::NoPhone => Reason::new(
                code,
                format!("No phone number is on file, so {channel} cannot be used."),
                format!("客户没有登记电话号码，无法使用 {channel}。"),
            ),
            Standing::NoEmail => Reason::new(
                code,
                "No e-mail address is on file, so email cannot be used.",
                "客户没有登记电子邮件地址，无法使用 email。",
            ),
            Standing::DoNotCall => Reason::new(
                code,
                "The customer asked not to be called (do_not_call): only essential purposes may use voice.",
                "客户要求不接听来电（do_not_call）：只有必要事项可以使用 voice。",
            ),
            Standing::OptedOut => Reason::new(
                code,
                format!(
                    "The customer accepts no channel for {purpose}: they have opted out of it."
                ),
                format!("客户不接受任何渠道联系 {purpose}：已拒绝此类联络。"),
            ),
            Standing::ChannelDeclined { accepted } => {
                let names: Vec<_> = accepted.iter().map(|c| c.as_str()).collect();
                Reason::new(
                    code,
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
            Standing::NationalDnc => Reason::new(
                code,
                format!(
                    "The number is on the national do-not-call list and the customer has not \
                     explicitly chosen {purpose}, so it may not be marketed to by {channel}."
                ),
                format!(
                    "该号码在全国拒绝营销名单上，且客户未明确选择接受 {purpose}，不得通过 {channel} 营销。"
                ),
            ),
        }
    }

    /// The reason a block gives, in words, at the instant asked about.
    pub(in crate::decision) fn reason(&self, block: &Block, at: DateTime<Utc>) -> Reason {
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
