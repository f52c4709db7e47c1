//! The staff portal's words with something in them: accounts and keys
//! handed over, the audit chain, the national list, the dashboard, the
//! policy and its changes.

use Language::{En, ZhCn};
use reachguard_domain::{Language, ReasonCode};

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

/// Rows of a campaign list judged so far.
pub fn rows_judged(rows: u64, language: Language) -> String {
    let n = count(i64::try_from(rows).unwrap_or(i64::MAX));
    match language {
        ZhCn => format!("已判断 {n} 行"),
        En => format!("{n} rows judged"),
    }
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
        (ProtectedCustomer, ZhCn) => "特别关照",
        (ProtectedCustomer, En) => "extra care",
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

/// A reason for extra care, in words.
pub fn care_reason_name(reason: reachguard_domain::CareReason, language: Language) -> &'static str {
    use crate::i18n::W;
    use reachguard_domain::CareReason;
    match reason {
        CareReason::FinancialHardship => W::CareFinancialHardship,
        CareReason::Illness => W::CareIllness,
        CareReason::Bereavement => W::CareBereavement,
        CareReason::Other => W::CareOther,
    }
    .text(language)
}

/// Extra care in force, as staff read it on the customer's page.
pub fn care_in_force(
    reason: &str,
    since: &str,
    until: &str,
    note: Option<&str>,
    language: Language,
) -> String {
    let note = note.map(|n| match language {
        ZhCn => format!("备注：{n}"),
        En => format!("Note: {n}"),
    });
    let text = match language {
        ZhCn => format!(
            "特别关照中（{reason}），自 {since} 至 {until}：不得营销；催收只能在客户当地时间 10:00–18:00，每天最多一次来电。"
        ),
        En => format!(
            "Extra care is in place ({reason}) from {since} until {until}: no marketing; collections only 10:00–18:00 in the customer's local time, at most one call a day."
        ),
    };
    match note {
        Some(note) => format!("{text} {note}"),
        None => text,
    }
}

/// One change of a customer's extra care, in a line.
pub fn care_change(
    at: &str,
    actor: &str,
    ended: bool,
    reason: &str,
    until: &str,
    note: Option<&str>,
    language: Language,
) -> String {
    let what = match (ended, language) {
        (true, ZhCn) => format!("结束（{reason}）"),
        (true, En) => format!("ended ({reason})"),
        (false, ZhCn) => format!("启用或修改：{reason}，至 {until}"),
        (false, En) => format!("put in place or changed: {reason}, until {until}"),
    };
    match note {
        Some(note) => format!("{at} · {actor} · {what} · {note}"),
        None => format!("{at} · {actor} · {what}"),
    }
}

/// How far a what-if has come.
pub fn what_if_judged(judged: u64, total: u64, language: Language) -> String {
    match language {
        ZhCn => format!("已判断 {judged} / {total} 个决定"),
        En => format!("{judged} of {total} decisions judged"),
    }
}

/// The what-if kept with a version: when it was run, over how many days,
/// and what it found.
pub fn what_if_kept(
    days: i64,
    when: &str,
    decisions: u64,
    changed: u64,
    language: Language,
) -> String {
    match language {
        ZhCn => format!(
            "发布前于 {when} 试算最近 {days} 天的决定：{decisions} 个中有 {changed} 个会改变。"
        ),
        En => format!(
            "Tried on {when} before publishing, over the last {days} days: \
             {changed} of {decisions} decisions would change."
        ),
    }
}

/// What a what-if found, in a sentence.
pub fn what_if_found(decisions: u64, changed: u64, language: Language) -> String {
    match language {
        ZhCn => format!("在 {decisions} 个决定中，有 {changed} 个会改变。"),
        En => format!("Of {decisions} decisions, {changed} would change."),
    }
}
