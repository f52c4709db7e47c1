//! Words with something in them: names of channels, purposes, outcomes and
//! sources, and sentences with numbers. Each is a `match` over both
//! languages, so the compiler holds every one to both.

use reachguard_domain::{Channel, ComplaintCategory, ComplaintStatus, Language, ReasonCode};

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

pub fn outcome_name(outcome: &str, language: Language) -> &'static str {
    match (outcome, language) {
        ("connected", ZhCn) => "已接通",
        ("connected", En) => "answered",
        ("no_answer", ZhCn) => "无人接听",
        ("no_answer", En) => "no answer",
        ("busy", ZhCn) => "占线",
        ("busy", En) => "busy",
        ("voicemail", ZhCn) => "语音信箱",
        ("voicemail", En) => "voicemail",
        ("failed", ZhCn) => "未能拨通",
        ("failed", En) => "failed",
        ("sent", ZhCn) => "已发送",
        ("sent", En) => "sent",
        ("delivered", ZhCn) => "已送达",
        ("delivered", En) => "delivered",
        ("bounced", ZhCn) => "被退回",
        ("bounced", En) => "bounced",
        (_, ZhCn) => "其他",
        (_, En) => "other",
    }
}

pub fn source_name(source: &str, language: Language) -> &'static str {
    match (source, language) {
        ("web", ZhCn) => "网上",
        ("web", En) => "online",
        ("phone", ZhCn) => "电话",
        ("phone", En) => "by phone",
        ("branch", ZhCn) => "网点柜台",
        ("branch", En) => "at a branch",
        ("ivr", ZhCn) => "语音服务",
        ("ivr", En) => "through the voice menu",
        ("sms_keyword", ZhCn) => "短信指令",
        ("sms_keyword", En) => "by SMS keyword",
        ("api", ZhCn) => "银行系统",
        ("api", En) => "by a bank system",
        (_, ZhCn) => "其他途径",
        (_, En) => "other",
    }
}

/// Who made a change, as the ledger names them.
pub fn actor_name(actor: &str, language: Language) -> String {
    match (actor.split_once(':'), language) {
        (None, ZhCn) if actor == "customer" => "您本人".to_owned(),
        (None, En) if actor == "customer" => "you".to_owned(),
        (Some(("staff", name)), ZhCn) => format!("银行员工 {name}"),
        (Some(("staff", name)), En) => format!("bank staff member {name}"),
        (Some(("system", name)), ZhCn) => format!("银行系统 {name}"),
        (Some(("system", name)), En) => format!("bank system {name}"),
        _ => actor.to_owned(),
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

pub fn signed_in_as(username: &str, role: &str, language: Language) -> String {
    match language {
        ZhCn => format!("您以 {username}（{role}）身份登录。您可以打开："),
        En => format!("You are signed in as {username} ({role}). You may open:"),
    }
}

pub fn key_created(name: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{name} 的密钥已创建："),
        En => format!("The key for {name} is made:"),
    }
}

pub fn audit_intact(entries: i64, language: Language) -> String {
    match language {
        ZhCn => format!("哈希链完整：{entries} 条记录全部相符。"),
        En => format!("The chain is intact: all {entries} entries match."),
    }
}

pub fn audit_broken(seq: i64, why: reachguard_domain::audit::Break, language: Language) -> String {
    use reachguard_domain::audit::Break;
    match (why, language) {
        (Break::Altered, ZhCn) => format!("第 {seq} 条记录与其哈希不符：它已被改动。"),
        (Break::Altered, En) => format!("Entry {seq} does not match its hash: it was altered."),
        (Break::Unlinked, ZhCn) => {
            format!("第 {seq} 条记录未链接到前一条：前一条已被改动、删除或插入。")
        }
        (Break::Unlinked, En) => format!(
            "Entry {seq} is not linked to the one before: that one was altered, removed or inserted."
        ),
        (Break::Gap, ZhCn) => format!("第 {seq} 条记录缺失：记录已被删除。"),
        (Break::Gap, En) => format!("Entry {seq} is missing: entries were removed."),
    }
}

pub fn role_of(username: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{username} 的角色"),
        En => format!("Role of {username}"),
    }
}

/// A count with thousands separated, as both languages write it in a bank.
pub fn count(n: impl Into<i64>) -> String {
    let n: i64 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub fn numbers_on_list(numbers: i64, since: Option<&str>, language: Language) -> String {
    let n = count(numbers);
    match (since, language) {
        (Some(when), ZhCn) => format!("{n} 个号码，{when} 上传"),
        (Some(when), En) => format!("{n} numbers, uploaded {when}"),
        (None, ZhCn) => format!("{n} 个号码"),
        (None, En) => format!("{n} numbers"),
    }
}

/// Numbers loaded so far; `total` is 0 while the file is still arriving.
pub fn numbers_loaded(done: usize, total: usize, language: Language) -> String {
    let (done_text, total_text) = (count(done as i64), count(total as i64));
    match (language, total) {
        (ZhCn, 0) => format!("已载入 {done_text} 个号码"),
        (En, 0) => format!("{done_text} numbers loaded"),
        (ZhCn, _) => format!("已载入 {done_text} / {total_text} 个号码"),
        (En, _) => format!("{done_text} of {total_text} numbers loaded"),
    }
}

pub fn list_replaced(numbers: usize, language: Language) -> String {
    let n = count(numbers as i64);
    match language {
        ZhCn => format!("名单已替换：现有 {n} 个号码，所有决定即刻按新名单执行。"),
        En => format!("The list is replaced: {n} numbers, used by every decision from now on."),
    }
}

pub fn bad_lines(total: usize, language: Language) -> String {
    match language {
        ZhCn => format!(
            "有 {total} 行不是 E.164 号码，名单未载入，旧名单继续有效。请改正以下各行后重新上传："
        ),
        En => format!(
            "{total} lines are not E.164 numbers, so nothing was loaded and the old list stays in force. Correct these lines and upload again:"
        ),
    }
}

pub fn bad_line(line: usize, text: &str, language: Language) -> String {
    match language {
        ZhCn => format!("第 {line} 行：“{text}”"),
        En => format!("Line {line}: “{text}”"),
    }
}

/// A reason in a few words, for a chart's axis.
pub fn reason_label(code: ReasonCode, language: Language) -> &'static str {
    use ReasonCode::*;
    match (code, language) {
        (UnknownCustomer, ZhCn) => "未知客户",
        (UnknownCustomer, En) => "unknown customer",
        (ChannelUnavailable, ZhCn) => "无此渠道",
        (ChannelUnavailable, En) => "channel unavailable",
        (DoNotCall, ZhCn) => "客户拒接电话",
        (DoNotCall, En) => "customer's do-not-call",
        (OptedOut, ZhCn) => "客户已退订",
        (OptedOut, En) => "opted out",
        (ChannelDeclined, ZhCn) => "客户未选此渠道",
        (ChannelDeclined, En) => "channel declined",
        (NationalDnc, ZhCn) => "全国拒接名单",
        (NationalDnc, En) => "national do-not-call list",
        (Snoozed, ZhCn) => "客户暂停联系",
        (Snoozed, En) => "snoozed",
        (OutsideLegalHours, ZhCn) => "法定时段外",
        (OutsideLegalHours, En) => "outside legal hours",
        (OutsideContactWindow, ZhCn) => "客户时段外",
        (OutsideContactWindow, En) => "outside customer's hours",
        (FrequencyCap, ZhCn) => "超过客户次数上限",
        (FrequencyCap, En) => "customer's weekly limit",
        (PolicyCap, ZhCn) => "超过政策次数上限",
        (PolicyCap, En) => "policy's limit",
    }
}

pub fn range_too_long(days: i64, language: Language) -> String {
    match language {
        ZhCn => format!("日期范围最多 {days} 天；已显示截止日期前的 {days} 天。"),
        En => {
            format!("A range is at most {days} days; showing the {days} days up to the end date.")
        }
    }
}

pub fn overdue_complaints(n: i64, language: Language) -> String {
    match language {
        ZhCn => format!("现有 {n} 件投诉已过答复期限。"),
        En => format!("{n} complaints are past their due date now."),
    }
}

/// A rule as the pack sets it and, if the bank narrowed it, as it is now.
pub fn pack_and_bank(pack: &str, bank: Option<&str>, language: Language) -> String {
    match (bank, language) {
        (Some(bank), ZhCn) => format!("{bank}（本行设置；监管包为 {pack}）"),
        (Some(bank), En) => format!("{bank} (the bank's; the pack allows {pack})"),
        (None, ZhCn) => format!("{pack}（按监管包）"),
        (None, En) => format!("{pack} (as the pack says)"),
    }
}

pub fn looser_than_pack(rule: &str, language: Language) -> String {
    match language {
        ZhCn => format!("不能比监管包更宽松：{rule}"),
        En => format!("Not allowed: {rule}."),
    }
}

pub fn setting_change(
    change: &reachguard_domain::policy_diff::SettingChange,
    language: Language,
) -> String {
    use reachguard_domain::policy_diff::Setting;
    let pack = match language {
        ZhCn => "按监管包",
        En => "the pack's",
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| pack.to_owned());
    let (before, after) = (value(&change.before), value(&change.after));
    let name = match (&change.setting, language) {
        (Setting::TopicAdded(topic), ZhCn) => return format!("新增营销主题 {topic}"),
        (Setting::TopicAdded(topic), En) => return format!("added the marketing topic {topic}"),
        (Setting::TopicNamed(topic), ZhCn) => return format!("营销主题 {topic} 的名称：{after}"),
        (Setting::TopicNamed(topic), En) => {
            return format!("the marketing topic {topic} is named {after}");
        }
        (Setting::TopicRemoved(topic), ZhCn) => return format!("删除营销主题 {topic}"),
        (Setting::TopicRemoved(topic), En) => {
            return format!("removed the marketing topic {topic}");
        }
        (Setting::MarketingHours, ZhCn) => "营销时段",
        (Setting::MarketingHours, En) => "marketing hours",
        (Setting::CollectionsHours, ZhCn) => "催收时段",
        (Setting::CollectionsHours, En) => "collections hours",
        (Setting::ServiceHours, ZhCn) => "服务时段",
        (Setting::ServiceHours, En) => "service hours",
        (Setting::CollectionsLimit, ZhCn) => "催收次数上限",
        (Setting::CollectionsLimit, En) => "collections limit",
        (Setting::MarketingLimit, ZhCn) => "营销次数上限",
        (Setting::MarketingLimit, En) => "marketing limit",
    };
    match language {
        ZhCn => format!("{name}：{before} → {after}"),
        En => format!("{name}: {before} → {after}"),
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

pub fn hand_over_set_up_code(username: &str, language: Language) -> String {
    match language {
        ZhCn => format!(
            "请将此设置码与密码一并交给 {username}。首次登录时用它设置身份验证器（7 天内有效），并设置新密码："
        ),
        En => format!(
            "Hand {username} this set-up code with the password: at the first sign-in it sets up their authenticator app (valid for 7 days), and they choose a new password:"
        ),
    }
}

pub fn hand_over_password(username: &str, language: Language) -> String {
    match language {
        ZhCn => format!("{username} 的临时密码如下，请交给本人。下次登录时须设置新密码："),
        En => format!(
            "{username}'s temporary password, to hand over: they choose a new one at the next sign-in:"
        ),
    }
}
