//! The words of the borrowers' pages and the link pages, and those every
//! page shares (see `super` for how the table is put together).

macro_rules! borrower_words {
    ($next:ident $(, $then:ident)*; $($words:tt)*) => {
        $next! { $($then),*; $($words)*
        Tagline => "您的联系偏好，由您做主", "Your contact preferences, your choice";
        HomeExplain => "选择银行何时、通过何种渠道、为何事联系您，并查看每一次联系的记录。",
            "Choose when, how and about what the bank may contact you, and see every contact made.";
        NotFound => "页面不存在", "Page not found";
        SkipToContent => "跳到正文", "Skip to content";
        Menu => "菜单", "Menu";
        Loading => "正在加载…", "Loading…";
        Unavailable => "暂时无法完成，请稍后再试。", "This cannot be done right now; please try again shortly.";
        SessionEnded => "您已退出登录或登录已过期。", "You are signed out, or your session has ended.";
        FormInvalid => "表单内容有误，请检查后再试。", "Something in the form is not right; please check it and try again.";

        LinkGoneTitle => "此链接已失效", "This link no longer works";
        LinkUnknown => "我们无法识别此链接。链接可能不完整，或已被更换。", "We do not know this link: it may be incomplete, or a newer one has replaced it.";
        LinkExpired => "此链接已超过 30 天有效期。", "This link was valid for 30 days, and that time is over.";
        LinkGoneSignIn => "您可以登录后管理您的偏好，或使用银行最新消息中的链接。", "You can sign in to manage your preferences, or use the link in the bank's latest message.";
        LinkPreferencesExplain => "您通过银行消息中的链接打开了此页，无需密码。您可以在此更改联系偏好。", "You opened this page from a link in a message from the bank, without a password. Here you can change how the bank may contact you.";
        LinkSignInForMore => "查看联系记录、投诉或下载数据，请登录。", "To see contacts made, complaints or your data, sign in.";
        UnsubscribeTitle => "退订", "Unsubscribe";
        Unsubscribe => "退订", "Unsubscribe";
        UnsubscribedTitle => "已退订", "Unsubscribed";
        ServiceGoesOn => "还款提醒等服务通知不受影响。", "Service messages such as repayment reminders will continue.";

        SignIn => "登录", "Sign in";
        SignOut => "退出", "Sign out";
        SignInTitle => "登录您的账户", "Sign in to your account";
        CustomerNumber => "客户号", "Customer number";
        CustomerNumberOrPhone => "客户号或手机号", "Customer number or mobile";
        LoginHint => "手机号如 13800138000 或 +8613800138000", "A mobile such as 13800138000 or +8613800138000";
        Password => "密码", "Password";
        EnterCustomerNumber => "请输入客户号或手机号。", "Enter your customer number or phone.";
        WrongLogin => "客户号、手机号或密码不正确。", "The customer number, phone or password is wrong.";
        NoLoginYet => "首次使用？", "First time here?";
        ActivateLink => "用激活码开通", "Activate with your code";
        HaveLogin => "已经开通？", "Already activated?";

        ActivateTitle => "开通账户", "Activate your login";
        ActivateExplain => "请输入银行给您的客户号和一次性激活码，然后设置您自己的密码。激活码有效期 14 天，只能使用一次。",
            "Enter the customer number and the one-time activation code the bank gave you, then choose your own password. The code is valid for 14 days and works once.";
        ActivationCode => "激活码", "Activation code";
        ActivationCodeHint => "如 K7QH-3MXR-9PWD，字母不区分大小写。", "Such as K7QH-3MXR-9PWD. Capital letters don't matter.";
        NewPassword => "新密码", "New password";
        NewPasswordAgain => "确认新密码", "New password again";
        PasswordRules => "至少 10 个字符；不要使用客户号、手机号或常见密码。",
            "At least 10 characters; not your customer number, your phone or a common password.";
        Activate => "开通", "Activate";
        WrongCode => "客户号或激活码不正确。输错 5 次后激活码将被锁定。",
            "The customer number or activation code is wrong. After 5 wrong tries the code is locked.";
        CodeLocked => "激活码因输错次数过多已被锁定。请联系银行获取新的激活码。",
            "The code has been locked after too many wrong tries. Ask the bank for a new one.";
        CodeExpired => "激活码已过期或已被使用。请联系银行获取新的激活码。",
            "The code has expired or has been used. Ask the bank for a new one.";
        PasswordsDiffer => "两次输入的密码不一致。", "The two passwords differ.";
        PasswordTooShort => "密码至少需要 10 个字符。", "Use at least 10 characters.";
        PasswordTooLong => "密码最多 128 个字符。", "Use at most 128 characters.";
        PasswordPersonal => "密码不能包含您的客户号或手机号。", "Do not use your customer number or phone number in it.";
        PasswordCommon => "这是最常见的密码之一，请另选一个。", "That is one of the most common passwords; choose another.";

        Overview => "概览", "Overview";
        MyPreferences => "联系偏好", "My preferences";
        ContactsMade => "联系记录", "Contacts made to me";
        MyComplaints => "我的投诉", "My complaints";
        MyChoices => "修改记录", "Change history";
        MyData => "我的数据", "My data";

        WhatTheBankMayDo => "银行目前可以如何联系您", "What the bank may do now";
        ChangePreferences => "修改偏好", "Change my preferences";
        RecentContacts => "最近的联系", "Recent contacts";
        NoContactsYet => "银行还没有记录任何联系。", "The bank has recorded no contact yet.";
        AllContacts => "查看全部联系记录", "See every contact";
        OpenComplaints => "处理中的投诉", "Open complaints";
        NoOpenComplaints => "没有处理中的投诉。", "No open complaints.";
        NoMarketingAtAll => "不接收任何营销联系。", "No marketing.";
        NoCallsExceptSecurity => "除安全提醒外不接听来电。", "No phone calls, except security alerts.";
        SecurityAlertsAlways => "安全提醒（如可疑交易）不受以上设置限制，始终会通知您。", "Security alerts (such as a suspicious payment) always reach you, whatever you choose here.";

        Marketing => "营销", "Marketing";
        NoMarketingSwitch => "不接收任何营销", "No marketing at all";
        MarketingExplain => "信用卡、理财、保险和贷款产品的推广。您也可以在下方按主题选择。",
            "Offers of cards, wealth products, insurance and loans. You can also choose topic by topic below.";
        ChannelsPerPurpose => "每类事项的联系渠道", "Channels for each purpose";
        PurposeGone => "银行已不再提供其中某个事项，请刷新页面后再保存。",
            "One of these purposes is no longer offered; reload the page and save again.";
        ChannelsExplain => "点击事项，勾选可接受的渠道，并用箭头调整顺序；银行将优先使用排在前面的渠道。",
            "Open a purpose, tick the channels you accept and order them with the arrows: the bank uses the first it can.";
        NotAccepted => "不接受", "Not accepted";
        Change => "修改", "Change";
        ReportThem => "查看并投诉", "See and report them";
        MoveUp => "上移", "Move up";
        MoveDown => "下移", "Move down";
        KeepOneChannel => "此事项至少要保留一个渠道：只有营销可以完全拒绝。",
            "Keep at least one channel here: only marketing can be refused.";
        PhoneCalls => "电话联系", "Phone calls";
        DoNotCall => "拒接来电", "Do not call";
        DoNotCallSwitch => "不要给我打电话", "Do not call me";
        DoNotCallExplain => "银行将不再致电，安全提醒除外。短信、推送等其他渠道不受影响。",
            "The bank will not phone you, except for security alerts. Other channels are not affected.";
        WeeklyCallLimit => "每周电话次数上限", "Weekly call limit";
        NoLimit => "不限", "No limit";
        CallLimitRange => "请选择 0 到 21 次，或不限。", "Choose 0 to 21, or no limit.";
        ContactTimes => "联系时间", "Contact times";
        ContactTimesExplain => "电话、短信、推送和微信只在这些时间联系您。不设置表示法规允许的任何时间均可。",
            "Calls, SMS, app and WeChat messages come only at these times. If you add none, the bank may contact you at any time the law allows.";
        AnyTime => "任何时间", "any time";
        AnyTimeExplain => "目前：任何时间（仍受法规时段限制）。", "Now: any time (within the hours the law allows).";
        ContactTime => "时间段", "Time";
        From => "从", "From";
        To => "到", "To";
        AddTime => "添加时间段", "Add a time";
        RemoveTime => "删除此时间段", "Remove this time";
        WindowNeedsDay => "请至少选择一天。", "Choose at least one day.";
        WindowStartBeforeEnd => "开始时间必须早于结束时间。", "The start must come before the end.";
        TooManyWindows => "最多可设置 28 个时间段（每天四个）。", "At most 28 times: four a day for every day of the week.";
        Snooze => "暂停联系", "Pause contact";
        SnoozeExplain => "暂停期间，除安全提醒外银行不会联系您。", "While paused, the bank contacts you only for security alerts.";
        NotPaused => "不暂停", "Not paused";
        ForAWeek => "暂停一周", "For a week";
        ForAMonth => "暂停一个月", "For a month";
        UntilDate => "暂停至某日（当天 0 点起恢复）", "Until a date (contact resumes that day at 00:00)";
        SnoozeDateInvalid => "请选择一年以内的有效日期。", "Choose a valid date within a year.";
        TimeZoneAndLanguage => "时区和语言", "Time zone and language";
        TimeZone => "时区", "Time zone";
        UnknownTimeZone => "无法识别此时区，请使用如 Asia/Shanghai 的名称。", "That time zone is unknown; use a name such as Asia/Shanghai.";
        LanguageForContact => "银行联系您时使用的语言", "Language the bank uses with you";
        SavePreferences => "保存偏好", "Save my preferences";
        Saved => "已保存。银行的所有系统将立即按新设置执行。", "Saved. Every bank system follows your new settings from now on.";
        NotSaved => "尚未保存：请查看下方提示。", "Not saved: see the messages below.";
        ChangedMeanwhile => "在您编辑期间，银行工作人员或系统修改了您的设置，您的修改未保存。下面显示的是当前设置，请检查后重新修改。",
            "Your settings were changed by bank staff or a bank system while you were editing, so your changes were not saved. The current settings are shown below: check them and make your changes again.";
        CouldTheBankContactMe => "银行现在能联系我吗？", "Could the bank contact me now?";
        CheckExplain => "根据您已保存的设置和相关规定即时查询，结果与银行系统一致。",
            "We check your saved settings and the law: the same check the bank's systems must pass.";
        About => "事项", "About";
        By => "渠道", "By";
        Check => "查询", "Check";
        YesAllowedNow => "可以：银行现在可以这样联系您。", "Yes: the bank may contact you this way now.";
        NoNotNow => "不可以：银行现在不能这样联系您。", "No: the bank may not contact you this way now.";

        ContactsExplain => "银行各系统记录的每一次联系，均按当时您的设置和有效规定判断是否合规。",
            "Every contact the bank's systems recorded, judged by your settings and the rules in force at that moment.";
        AllowedAtTheTime => "当时允许", "Allowed at the time";
        AgainstPolicy => "不符合您的设置或监管规定", "Made against your settings or the law";
        ReportThisContact => "投诉此次联系", "Report this contact";
        Pages => "分页", "Pages";
        Newer => "较新", "Newer";
        Older => "较早", "Older";
        Newest => "最新", "Newest";
        NoSuchContact => "找不到这次联系。", "There is no such contact.";
        WhatHappened => "投诉原因", "What happened?";
        ChooseWhatHappened => "请选择发生了什么。", "Choose what happened.";
        TellUsMore => "详细说明（选择“其他”时必填）", "Tell us more (needed for “something else”)";
        SayWhatHappened => "请说明发生了什么。", "Say what happened.";
        DetailsTooLong => "最多 2000 个字符。", "Use at most 2000 characters.";
        DetailsUnclean => "文字中含有不可见字符，请删除后再试。", "The text holds invisible characters; remove them and try again.";
        SendComplaint => "提交投诉", "Send the complaint";

        ComplaintsExplain => "银行须在收到投诉后 15 天内答复；如需延长（最长不超过 30 天），将告知您原因。",
            "The bank must answer within 15 days of receiving a complaint; if it needs longer (30 days at most), it tells you why.";
        NoComplaints => "您没有投诉记录。如需投诉某次联系，请在“联系记录”中点击“投诉此次联系”。", "You have made no complaints. To complain about a contact, open Contacts made to me and choose Report this contact.";
        Received => "收到于", "Received";
        ExtendedBecause => "答复期限已延长，原因：", "The answer date was extended because:";
        BankAnswer => "银行的答复", "The bank's answer";

        ChoicesExplain => "对您联系偏好的每一次修改：由谁、何时、通过什么途径、改了什么。",
            "Every change to your contact preferences: who made it, when, through what, and what changed.";
        StartedWithDefaults => "按银行默认设置建立", "Started with the bank's defaults";
        NothingChanged => "无实际变化", "Nothing changed";
        NoChannel => "不接受", "none";
        On => "开启", "on";
        Off => "关闭", "off";

        DataExplain => "以一个数据文件（JSON 格式）下载银行关于您的全部记录：联系方式、偏好、修改记录、联系记录、银行系统的查询记录和投诉。",
            "Download everything the bank holds about you as one data file (JSON format): contact data, preferences, the history of changes, contacts, the bank's questions about you, and complaints.";
        DownloadMyData => "下载我的数据", "Download my data";

        ChangePassword => "修改密码", "Change password";
        CurrentPassword => "当前密码", "Current password";
        WrongCurrentPassword => "当前密码不正确。", "The current password is wrong.";
        PasswordChanged => "密码已修改。您在其他设备上的登录已全部退出。", "Your password is changed. You are signed out everywhere else.";
        ExtraCare => "特别关照", "Extra care";
        }
    };
}
