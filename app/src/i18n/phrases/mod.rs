//! Words with something in them: names of channels, purposes, outcomes and
//! sources, and sentences with numbers. Each is a `match` over both
//! languages, so the compiler holds every one to both.

mod staff;

pub use staff::*;

use reachguard_domain::{
    Actor, Channel, ComplaintCategory, ComplaintStatus, Language, Outcome, ReasonCode, Source,
};

use Language::{En, ZhCn};

pub fn channel_name(channel: Channel, language: Language) -> &'static str {
    match (channel, language) {
        (Channel::Voice, ZhCn) => "电话",
        (Channel::Voice, En) => "phone call",
        (Channel::Sms, ZhCn) => "短信",
        (Channel::Sms, En) => "SMS",
        (Channel::Email, ZhCn) => "电子邮件",
        (Channel::Email, En) => "e-mail",
        (Channel::Push, ZhCn) => "手机银行推送",
        (Channel::Push, En) => "app notification",
        (Channel::Wechat, ZhCn) => "微信",
        (Channel::Wechat, En) => "WeChat",
        (Channel::Post, ZhCn) => "信件",
        (Channel::Post, En) => "letter",
    }
}

/// A purpose by its name (`marketing.wealth`); a topic the bank added is
/// shown by the name the bank gave it (its own name, for one added before
/// topics were named).
pub fn purpose_name(
    purpose: &str,
    policy: &reachguard_domain::Policy,
    language: Language,
) -> String {
    let known = match (purpose, language) {
        ("security_alert", ZhCn) => "安全提醒",
        ("security_alert", En) => "security alerts",
        ("loan_servicing", ZhCn) => "贷款办理进度",
        ("loan_servicing", En) => "loan progress and documents",
        ("repayment_reminder", ZhCn) => "还款提醒",
        ("repayment_reminder", En) => "repayment reminders",
        ("collections", ZhCn) => "逾期还款提醒",
        ("collections", En) => "overdue payments",
        ("marketing.credit_card", ZhCn) => "营销：信用卡",
        ("marketing.credit_card", En) => "marketing: credit cards",
        ("marketing.wealth", ZhCn) => "营销：理财",
        ("marketing.wealth", En) => "marketing: wealth products",
        ("marketing.insurance", ZhCn) => "营销：保险",
        ("marketing.insurance", En) => "marketing: insurance",
        ("marketing.loans", ZhCn) => "营销：贷款",
        ("marketing.loans", En) => "marketing: loans",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let named = match purpose.parse() {
        Ok(reachguard_domain::Purpose::Marketing(topic)) => policy.topic_name(&topic, language),
        _ => None,
    };
    match (named.or(purpose.strip_prefix("marketing.")), language) {
        (Some(topic), ZhCn) => format!("营销：{topic}"),
        (Some(topic), En) => format!("marketing: {topic}"),
        (None, _) => purpose.to_owned(),
    }
}

/// How an attempt ended, in words.
pub fn outcome_name(outcome: Outcome, language: Language) -> &'static str {
    match (outcome, language) {
        (Outcome::Connected, ZhCn) => "已接通",
        (Outcome::Connected, En) => "answered",
        (Outcome::NoAnswer, ZhCn) => "无人接听",
        (Outcome::NoAnswer, En) => "no answer",
        (Outcome::Busy, ZhCn) => "占线",
        (Outcome::Busy, En) => "busy",
        (Outcome::Voicemail, ZhCn) => "语音信箱",
        (Outcome::Voicemail, En) => "voicemail",
        (Outcome::Failed, ZhCn) => "未能拨通",
        (Outcome::Failed, En) => "failed",
        (Outcome::Sent, ZhCn) => "已发送",
        (Outcome::Sent, En) => "sent",
        (Outcome::Delivered, ZhCn) => "已送达",
        (Outcome::Delivered, En) => "delivered",
        (Outcome::Bounced, ZhCn) => "被退回",
        (Outcome::Bounced, En) => "bounced",
    }
}

/// Through what a change reached the bank, in words.
pub fn source_name(source: Source, language: Language) -> &'static str {
    match (source, language) {
        (Source::Web, ZhCn) => "网上",
        (Source::Web, En) => "online",
        (Source::Phone, ZhCn) => "电话",
        (Source::Phone, En) => "by phone",
        (Source::Branch, ZhCn) => "网点柜台",
        (Source::Branch, En) => "at a branch",
        (Source::Ivr, ZhCn) => "语音服务",
        (Source::Ivr, En) => "through the voice menu",
        (Source::SmsKeyword, ZhCn) => "短信指令",
        (Source::SmsKeyword, En) => "by SMS keyword",
        (Source::Api, ZhCn) => "银行系统",
        (Source::Api, En) => "by a bank system",
    }
}

/// Who made a change, as the ledger names them.
pub fn actor_name(actor: &Actor, language: Language) -> String {
    match (actor, language) {
        (Actor::Customer, ZhCn) => "您本人".to_owned(),
        (Actor::Customer, En) => "you".to_owned(),
        (Actor::Staff(name), ZhCn) => format!("银行员工 {name}"),
        (Actor::Staff(name), En) => format!("bank staff member {name}"),
        (Actor::System(name), ZhCn) => format!("银行系统 {name}"),
        (Actor::System(name), En) => format!("bank system {name}"),
    }
}

/// Why a contact was not allowed, in a sentence.
pub fn reason_text(code: ReasonCode, language: Language) -> &'static str {
    use ReasonCode::*;
    match (code, language) {
        (UnknownCustomer, ZhCn) => "银行找不到该客户。",
        (UnknownCustomer, En) => "The bank could not find the customer.",
        (ChannelUnavailable, ZhCn) => "银行没有此渠道所需的联系方式。",
        (ChannelUnavailable, En) => "The bank has no contact details on file for this channel.",
        (DoNotCall, ZhCn) => "您已要求不接听来电（安全提醒除外）。",
        (DoNotCall, En) => "You asked not to be called, except for security alerts.",
        (OptedOut, ZhCn) => "您已拒绝此类联系。",
        (OptedOut, En) => "You opted out of this kind of contact.",
        (ChannelDeclined, ZhCn) => "您不接受通过此渠道联系此事项。",
        (ChannelDeclined, En) => "You do not accept this channel for this purpose.",
        (NationalDnc, ZhCn) => "您的号码在全国拒绝营销名单上。",
        (NationalDnc, En) => "Your number is on the national do-not-call list.",
        (Snoozed, ZhCn) => "您暂停了联系。",
        (Snoozed, En) => "You paused contact.",
        (OutsideLegalHours, ZhCn) => "超出监管规定允许的联系时段。",
        (OutsideLegalHours, En) => "Outside the hours the law allows.",
        (OutsideContactWindow, ZhCn) => "不在您选择的联系时间内。",
        (OutsideContactWindow, En) => "Outside the contact times you chose.",
        (FrequencyCap, ZhCn) => "已达到您设定的每周来电上限。",
        (FrequencyCap, En) => "Your weekly call limit was already reached.",
        (PolicyCap, ZhCn) => "已达到银行政策规定的联系次数上限。",
        (PolicyCap, En) => "The bank's own limit on contacts was already reached.",
        (ProtectedCustomer, ZhCn) => "您正处于特别关照期：银行不向您营销，催收联系也更少。",
        (ProtectedCustomer, En) => {
            "Extra care is in place for you: no marketing, and fewer collections contacts."
        }
    }
}

pub fn category_name(category: ComplaintCategory, language: Language) -> &'static str {
    match (category, language) {
        (ComplaintCategory::TooOften, ZhCn) => "联系过于频繁",
        (ComplaintCategory::TooOften, En) => "Too often",
        (ComplaintCategory::WrongTime, ZhCn) => "联系时间不当",
        (ComplaintCategory::WrongTime, En) => "At the wrong time",
        (ComplaintCategory::OptedOut, ZhCn) => "我已拒绝此类联系",
        (ComplaintCategory::OptedOut, En) => "I had opted out",
        (ComplaintCategory::Other, ZhCn) => "其他",
        (ComplaintCategory::Other, En) => "Something else",
    }
}

pub fn status_name(status: ComplaintStatus, language: Language) -> &'static str {
    match (status, language) {
        (ComplaintStatus::Open, ZhCn) => "已受理",
        (ComplaintStatus::Open, En) => "Received",
        (ComplaintStatus::InProgress, ZhCn) => "处理中",
        (ComplaintStatus::InProgress, En) => "Being looked into",
        (ComplaintStatus::Answered, ZhCn) => "已答复",
        (ComplaintStatus::Answered, En) => "Answered",
        (ComplaintStatus::Closed, ZhCn) => "已结案",
        (ComplaintStatus::Closed, En) => "Closed",
    }
}

/// `mon` to `sun`.
pub fn day_name(day: &str, language: Language) -> &'static str {
    match (day, language) {
        ("mon", ZhCn) => "周一",
        ("tue", ZhCn) => "周二",
        ("wed", ZhCn) => "周三",
        ("thu", ZhCn) => "周四",
        ("fri", ZhCn) => "周五",
        ("sat", ZhCn) => "周六",
        ("sun", ZhCn) => "周日",
        ("mon", En) => "Mon",
        ("tue", En) => "Tue",
        ("wed", En) => "Wed",
        ("thu", En) => "Thu",
        ("fri", En) => "Fri",
        ("sat", En) => "Sat",
        ("sun", En) => "Sun",
        (_, _) => "?",
    }
}

/// A list of names joined as the language joins them.
pub fn join(names: &[String], language: Language) -> String {
    match language {
        ZhCn => names.join("、"),
        En => names.join(", "),
    }
}

pub fn may_contact_about(purpose: &str, channels: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{purpose}：可通过{channels}联系您。"),
        En => format!("The bank may contact you about {purpose} by {channels}."),
    }
}

pub fn not_about(purpose: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{purpose}：不联系您。"),
        En => format!("No {purpose}."),
    }
}

pub fn only_in_windows(windows: &str, language: Language) -> String {
    match language {
        ZhCn => format!("电话、短信、推送和微信只在以下时间：{windows}。"),
        En => format!("Calls, SMS, app and WeChat messages only {windows}."),
    }
}

pub fn calls_a_week(n: u8, language: Language) -> String {
    match (n, language) {
        (0, ZhCn) => "不接受任何非必要来电。".to_owned(),
        (0, En) => "No calls at all, except security alerts.".to_owned(),
        (n, ZhCn) => format!("每周最多 {n} 次来电。"),
        (1, En) => "At most 1 call a week.".to_owned(),
        (n, En) => format!("At most {n} calls a week."),
    }
}

pub fn paused_until(when: &str, language: Language) -> String {
    match language {
        ZhCn => format!("除安全提醒外，所有联系暂停至 {when}。"),
        En => format!("All contact except security alerts is paused until {when}."),
    }
}

pub fn contacts_against_policy(n: usize, language: Language) -> String {
    match (n, language) {
        (1, En) => "1 contact was made against your settings or the law.".to_owned(),
        (n, En) => format!("{n} contacts were made against your settings or the law."),
        (n, ZhCn) => format!("有 {n} 次联系不符合您的设置或监管规定，您可以投诉。"),
    }
}

pub fn answer_due_by(date: &str, language: Language) -> String {
    match language {
        ZhCn => format!("银行须于 {date} 前答复"),
        En => format!("The bank must answer by {date}"),
    }
}

pub fn page_of(page: u32, pages: u32, language: Language) -> String {
    match language {
        ZhCn => format!("第 {page} / {pages} 页"),
        En => format!("Page {page} of {pages}"),
    }
}

pub fn next_allowed_at(when: &str, language: Language) -> String {
    match language {
        ZhCn => format!("最早可于 {when} 联系。"),
        En => format!("It would next be allowed at {when}."),
    }
}

pub fn allowed_instead(channels: &str, language: Language) -> String {
    match language {
        ZhCn => format!("现在可以改用：{channels}。"),
        En => format!("Allowed now instead: {channels}."),
    }
}

pub fn try_again_after(when: &str, language: Language) -> String {
    match language {
        ZhCn => format!("登录失败次数过多，请于 {when} 后再试。"),
        En => format!("Too many failed sign-ins. Try again after {when}."),
    }
}

pub fn try_again_in_minutes(minutes: u64, language: Language) -> String {
    match language {
        ZhCn => format!("此网络登录失败次数过多，请 {minutes} 分钟后再试。"),
        En => {
            format!("Too many failed sign-ins from this network. Try again in {minutes} minutes.")
        }
    }
}

pub fn was_now(field: &str, before: &str, after: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{field}：由「{before}」改为「{after}」"),
        En => format!("{field}: {after} (was {before})"),
    }
}

pub fn decision_asked(when: &str, allowed: bool, language: Language) -> String {
    match (allowed, language) {
        (true, ZhCn) => format!("该系统于 {when} 询问过 Reachguard，答复为：允许。"),
        (false, ZhCn) => format!("该系统于 {when} 询问过 Reachguard，答复为：不允许。"),
        (true, En) => format!("The system asked Reachguard at {when} and was told: allowed."),
        (false, En) => format!("The system asked Reachguard at {when} and was told: not allowed."),
    }
}

/// The question an unsubscribe link asks, and its answer once done:
/// `purpose` and `channel` by their names (`marketing.wealth`, `email`).
pub fn unsubscribe_question(
    purpose_name: &str,
    channel: &str,
    done: bool,
    language: Language,
) -> String {
    let channel = channel
        .parse::<Channel>()
        .map_or(channel, |c| channel_name(c, language));
    let purpose = purpose_name;
    match (done, language) {
        (false, ZhCn) => format!("不再通过{channel}接收“{purpose}”类信息？"),
        (false, En) => format!("Stop receiving {purpose} by {channel}?"),
        (true, ZhCn) => format!("您将不再通过{channel}收到“{purpose}”类信息。"),
        (true, En) => format!("You will no longer receive {purpose} by {channel}."),
    }
}

/// How a change came, beyond its source: by an SMS reply (with what it
/// said), through a link in a message, or its one-click unsubscribe.
pub fn via_name(via: &reachguard_domain::Via, language: Language) -> String {
    use reachguard_domain::Via;
    match (via, language) {
        (Via::SmsReply(text), ZhCn) => format!("短信回复“{}”", text.to_uppercase()),
        (Via::SmsReply(text), En) => format!("by SMS reply '{}'", text.to_uppercase()),
        (Via::PreferenceLink(_), ZhCn) => "通过消息中的链接".to_owned(),
        (Via::PreferenceLink(_), En) => "through the link in a message".to_owned(),
        (Via::OneClick(_), ZhCn) => "通过消息中的一键退订".to_owned(),
        (Via::OneClick(_), En) => "by the unsubscribe link in a message".to_owned(),
    }
}

/// Extra care, as the borrower reads it on their overview: until when, and
/// what it means for them.
pub fn care_for_borrower(until: &str, language: Language) -> String {
    match language {
        ZhCn => format!(
            "银行已为您启用特别关照，直至 {until}。在此期间，银行不会向您推销任何产品；有关欠款的联系只在您当地时间 10:00 至 18:00 之间进行，每天最多来电一次。"
        ),
        En => format!(
            "The bank has put extra care in place for you until {until}. Until then it will not offer you any products, and it will contact you about arrears only between 10:00 and 18:00 your time, with at most one call a day."
        ),
    }
}
