//! Every fixed word of the pages, in both languages. An entry without both
//! does not compile.

use super::Language;

macro_rules! words {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A word of the pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum W {
            $($key),*
        }

        impl W {
            pub const ALL: &[W] = &[$(W::$key),*];

            pub fn text(self, language: Language) -> &'static str {
                match (self, language) {
                    $(
                        (W::$key, Language::ZhCn) => $zh,
                        (W::$key, Language::En) => $en,
                    )*
                }
            }
        }
    };
}

impl W {
    /// Words that read the same in both languages on purpose.
    pub const SAME_IN_BOTH: &[W] = &[];
}

words! {
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

    // The staff portal.
    StaffPortal => "员工", "Staff";
    StaffSignInTitle => "员工登录", "Staff sign-in";
    Username => "用户名", "Username";
    EnterUsername => "请输入用户名。", "Enter your username.";
    WrongStaffLogin => "用户名或密码不正确。", "The username or password is not right.";
    AuthenticatorCode => "身份验证器中的 6 位验证码", "The 6-digit code from your authenticator app";
    WrongCode2fa => "验证码不正确或已使用，请输入应用中显示的最新验证码。",
        "That code is wrong or was already used; enter the newest code your app shows.";
    SetUpSecondFactor => "设置第二重验证", "Set up your second factor";
    SetUpExplain => "您的角色需要第二重验证。请用身份验证器应用扫描此二维码，然后输入应用显示的验证码。此二维码只在设置时显示。",
        "Your role needs a second factor. Scan this QR code with an authenticator app, then enter the code it shows. The QR code is shown only while you set it up.";
    QrAlt => "用于设置身份验证器应用的二维码", "QR code to set up your authenticator app";
    SecretInstead => "无法扫描？请在应用中手动输入此密钥：", "Cannot scan it? Type this key into the app instead:";
    NotAllowed => "您的角色不能使用此功能。", "Your role may not use this.";
    RoleAdmin => "管理员", "Administrator";
    RoleSupervisor => "主管", "Supervisor";
    RoleAgent => "坐席", "Agent";
    RoleAuditor => "审计员", "Auditor";
    Role => "角色", "Role";
    RoleOfNewAccount => "新账户的角色", "Role of the new account";
    Status => "状态", "Status";
    Created => "创建", "Created";
    Active => "有效", "Active";
    Never => "从未", "Never";
    Yes => "是", "Yes";
    No => "否", "No";
    Cancel => "取消", "Cancel";
    Actions => "操作", "Actions";
    When => "时间", "When";
    Details => "详情", "Details";

    ApiKeys => "API 密钥", "API keys";
    ApiKeysExplain => "银行各系统调用查询接口所用的密钥：范围、最近使用时间；吊销后各服务器在数秒内拒绝该密钥。",
        "The keys bank systems call the lookup API with: their scopes and last use. A revoked key is refused by every server within seconds.";
    KeyName => "系统名称", "System name";
    KeyNameHint => "调用系统的名称，如 dialer 或 crm，不含空格。", "The calling system's name, such as dialer or crm, without spaces.";
    KeyNameRules => "名称须为 1 至 64 个字符，不含空格。", "The name must be 1 to 64 characters without spaces.";
    KeyNameTaken => "已有同名密钥，请换一个名称。", "A key of that name exists; choose another name.";
    Scopes => "范围", "Scopes";
    ChooseScopes => "请至少选择一个范围。", "Choose at least one scope.";
    LastUsed => "最近使用", "Last used";
    Revoked => "已吊销", "Revoked";
    Revoke => "吊销", "Revoke";
    RevokeKey => "确认吊销", "Revoke the key";
    RevokeConfirm => "吊销后，使用此密钥的系统将在数秒内被拒绝，且无法恢复。", "Systems using this key are refused within seconds, and it cannot be undone.";
    NoSuchKey => "没有该名称的有效密钥。", "No active key has that name.";
    NewKey => "新建密钥", "New key";
    CreateKey => "创建密钥", "Create key";
    KeyShownOnce => "密钥只显示这一次：请立即存入该系统的密钥保管处。", "The key is shown this once: put it in the system's secret store now.";

    StaffAccounts => "员工账户", "Staff accounts";
    StaffAccountsExplain => "谁可以登录员工门户、角色是什么、是否已设置第二重验证。",
        "Who may sign in to the staff portal, with which role, and whether their second factor is set up.";
    SecondFactor => "第二重验证", "Second factor";
    Disabled => "已停用", "Disabled";
    LockedUntil => "锁定至", "Locked until";
    ChangeRole => "更改角色", "Change role";
    Disable => "停用", "Disable";
    Enable => "启用", "Enable";
    ResetSecondFactor => "重置第二重验证", "Reset second factor";
    Unlock => "解除锁定", "Unlock";
    NewAccount => "新建账户", "New account";
    FirstPassword => "初始密码", "First password";
    CreateAccount => "创建账户", "Create account";
    AccountCreated => "账户已创建。请把初始密码当面或通过安全渠道交给本人。",
        "The account is made. Give its first password to its owner in person or by a secure channel.";
    UsernameRules => "1 至 64 个字母、数字、_、- 或 .", "1 to 64 letters, digits, _, - or .";
    UsernameTaken => "该用户名已存在。", "That username exists.";
    StaffPasswordRules => "至少 12 个字符。", "At least 12 characters.";
    ChooseRole => "请选择一个角色。", "Choose a role.";
    NoSuchAccount => "没有该账户。", "No account has that name.";
    NotOwnAccount => "不能停用自己的账户或更改自己的角色。", "You cannot disable your own account or change your own role.";

    AuditLog => "审计日志", "Audit log";
    AuditLogExplain => "每一项员工操作和每一次偏好变更，按哈希链记录：任何一条被改动，核验都会指出它。",
        "Every staff action and every preference change, in a hash chain: if any entry is altered, verifying names it.";
    AuditActor => "操作者", "Actor";
    AuditAction => "操作", "Action";
    AuditSubject => "对象", "Subject";
    FromDate => "起始日期", "From";
    ToDate => "截止日期", "Until";
    Filters => "筛选", "Filters";
    AuditFilterHint => "操作者如 staff:admin 或 customer；操作可只写开头，如 api_key。",
        "An actor is like staff:admin or customer; an action may be its beginning only, such as api_key.";
    ApplyFilters => "筛选", "Filter";
    ClearFilters => "清除筛选", "Clear filters";
    ExportCsv => "导出 CSV", "Export CSV";
    NoAuditEntries => "没有符合条件的记录。", "No entries match.";
    OlderEntries => "更早的记录", "Older entries";
    VerifyChain => "核验哈希链", "Verify the hash chain";
    VerifyExplain => "从第一条记录起逐条核对哈希，指出第一条不符的记录。", "Checks every entry's hash from the first, and names the first that does not match.";
    Verify => "核验", "Verify";
    ShowEntry => "查看该记录", "Show the entry";

    Customers => "客户", "Customers";
    CustomersExplain => "按客户号、手机号或姓名开头查找客户，查看其偏好、联系记录与投诉，并记录其来电或到网点提出的变更。",
        "Find a customer by number, phone or the start of their name; read their preferences, contacts and complaints; record a change they asked for by phone or in a branch.";
    FindCustomer => "客户号、手机号或姓名", "Customer number, phone or name";
    FindCustomerHint => "姓名按开头查找，如“王”；手机号可不带 +86。", "A name is found by its start, such as Wang; a mainland mobile may be typed without +86.";
    Find => "查找", "Find";
    NoCustomerFound => "没有找到客户。", "No customer found.";
    ContactData => "联系方式", "Contact data";
    OnNationalList => "在全国拒接名单上", "On the national do-not-call list";
    AsCustomerReads => "银行现在可以做什么（客户看到的说明）", "What the bank may do now, as the customer reads it";
    ContactsToCustomer => "对客户的联系", "Contacts made to the customer";
    Channel => "渠道", "Channel";
    Purpose => "事由", "Purpose";
    System => "系统", "System";
    Judgement => "判断", "Judgement";
    WithinPolicy => "符合规定", "Within policy";
    AgainstPolicyShort => "不符合规定", "Against policy";
    NoComplaintsYet => "没有投诉。", "No complaints.";
    DecisionsAsked => "系统询问过的决定", "Decisions systems asked";
    NoDecisionsYet => "尚无系统询问。", "No system has asked yet.";
    Answer => "答复", "Answer";
    Allowed => "允许", "Allowed";
    NotAllowedAnswer => "不允许", "Not allowed";
    PolicyVersion => "政策版本", "Policy version";
    Complaints => "投诉", "Complaints";
    ChoicesHistory => "偏好变更记录", "History of choices";
    RecordChange => "记录客户要求的变更", "Record a change the customer asked for";
    RecordChangeExplain => "客户来电或到网点要求更改时，在此按其要求修改，并注明来源与说明。变更以您的名义记入客户的变更记录和审计日志。",
        "When a customer asks by phone or in a branch, change their settings here as they asked, with where they asked and a note. The change is recorded in your name in their history and the audit log.";
    CustomersRequest => "客户的要求", "The customer's request";
    AskedBy => "客户通过何种方式提出", "How the customer asked";
    SourcePhone => "来电", "By phone";
    SourceBranch => "到网点", "In a branch";
    ChooseSource => "请选择客户提出要求的方式。", "Choose how the customer asked.";
    Note => "说明", "Note";
    NoteHint => "谁提出、说了什么，例如“本人来电，要求停止理财营销电话”。客户可在其变更记录中看到。",
        "Who asked and what they said, e.g. \"Customer called, asked to stop wealth marketing calls\". The customer sees it in their history.";
    NoteRules => "请填写说明（最多 500 字）。", "Write a note (at most 500 characters).";

    NationalList => "全国拒接名单", "National do-not-call list";
    NationalListExplain => "监管机构发布的拒接号码名单。上传新名单会整体替换旧名单：新名单完整载入前，所有决定仍按旧名单。",
        "The regulator's list of numbers not to call. A new upload replaces the whole list: until it is completely loaded, every decision uses the old one.";
    ListInForce => "现行名单", "The list in force";
    Uploads => "上传记录", "Uploads";
    NoUploads => "尚未上传过名单。", "No list has been uploaded yet.";
    UploadedBy => "上传者", "Uploaded by";
    Numbers => "号码数", "Numbers";
    UploadList => "上传新名单", "Upload a new list";
    ListFile => "名单文件（CSV）", "List file (CSV)";
    ListFileHint => "每行一个 E.164 号码，如 +8613800138000；第一行可为标题 phone。有任何一行不是号码，整份名单都不会载入。",
        "One E.164 number a line, such as +8613800138000; the first line may be the heading phone. If any line is not a number, none of the list is loaded.";
    UploadAndReplace => "上传并替换名单", "Upload and replace the list";
    ChooseFile => "请先选择名单文件。", "Choose the list file first.";
    FileSent => "文件上传进度", "File sent";
    CheckingLines => "正在检查每一行…", "Checking every line…";
    LoadingList => "正在载入号码…", "Loading the numbers…";
    ListEmpty => "文件中没有号码：空文件会清空名单，因此未载入。", "The file has no numbers: an empty file would empty the list, so nothing was loaded.";

    Dashboard => "概览", "Dashboard";
    DashboardExplain => "所选日期内的决定、拒绝原因、违规联系、投诉和各途径的退订，以及各营销主题的退订率；数字每次都从数据库现算。",
        "Decisions, reasons for denials, contacts made against policy, complaints and opt-outs by how they came over the chosen days, and the opt-out rate of each marketing topic; counted from the database every time.";
    ChartDecisions => "每日决定（允许 / 不允许）", "Decisions per day (allowed / not allowed)";
    ChartReasons => "拒绝原因", "Reasons for denials";
    ChartAgainstPolicy => "违规联系（按银行系统）", "Contacts made against policy, by bank system";
    ChartComplaints => "每日投诉（收到 / 已答复）", "Complaints per day (received / answered)";
    ChartOptOuts => "各营销主题的退订率", "Opt-out rate by marketing topic";
    Day => "日期", "Day";
    Reason => "原因", "Reason";
    Times => "次数", "Times";
    Contacts => "联系次数", "Contacts";
    Opened => "收到", "Received";
    Answered => "已答复", "Answered";
    OptedOutCustomers => "已退订客户", "Customers opted out";
    AllCustomers => "客户总数", "All customers";
    Show => "显示", "Show";
    TheNumbers => "查看数字", "The numbers";
    NothingInRange => "所选日期内没有记录。", "Nothing in these days.";

    ComplaintsQueue => "投诉处理", "Complaints";
    ComplaintsQueueExplain => "借款人的投诉，按答复期限排序：须在收到后 15 天内答复，可注明理由延长一次至 30 天；逾期的标红。",
        "Borrowers' complaints, due soonest first: each must be answered within 15 days of receipt, extensible once to 30 with a reason; overdue ones are marked.";
    AnyStatus => "全部", "Any";
    StatusOpen => "待处理", "Open";
    StatusInProgress => "处理中", "In progress";
    StatusAnswered => "已答复", "Answered";
    StatusClosed => "已结案", "Closed";
    OverdueOnly => "只看逾期", "Overdue only";
    MineOnly => "只看分配给我的", "Assigned to me only";
    Due => "答复期限", "Due";
    Customer => "客户", "Customer";
    Category => "类别", "Category";
    Assignee => "处理人", "Assignee";
    Overdue => "逾期", "Overdue";
    Extended => "已延期", "Extended";
    NoSuchComplaint => "没有这件投诉。", "No such complaint.";
    WhatTheyWrote => "借款人写道", "What the borrower wrote";
    ContactComplainedOf => "被投诉的联系", "The contact complained of";
    TheAnswer => "答复", "The answer";
    WorkThisComplaint => "处理此投诉", "Work this complaint";
    TakeIt => "由我处理", "Take it";
    AnswerTheBorrower => "答复借款人", "Answer the borrower";
    AnswerHint => "借款人会在“我的投诉”中看到这段答复。", "The borrower reads this answer under their complaints.";
    SendAnswer => "发送答复", "Send the answer";
    ExtendReason => "延期理由", "Reason for more time";
    ExtendHint => "答复期限将延至收到后 30 天，只能延期一次；借款人会看到此理由。", "The due date moves to 30 days from receipt, once only; the borrower reads this reason.";
    ExtendTo30 => "延期至 30 天", "Extend to 30 days";
    CloseComplaint => "结案", "Close the complaint";
    AlreadyAnswered => "这件投诉已答复。", "This complaint is already answered.";
    AlreadyExtended => "答复期限已延长过一次。", "The due date was extended once already.";
    AnswerBeforeClosing => "请先答复再结案。", "Answer the complaint before closing it.";
    WriteTextRules => "请填写内容（最多 2000 字）。", "Write the text (at most 2,000 characters).";
    ComplaintChanged => "其他同事刚处理过这件投诉，请查看最新状态后再试。", "Someone else worked this complaint just now; look at where it stands and try again.";

    Policy => "政策", "Policy";
    PolicyExplain => "监管包的规则和本行更严格的设置。每次修改都生成新版本；本行只能缩短时段、降低次数上限，不能比监管包更宽松。每个决定都注明所依据的版本。",
        "The pack's rules and the bank's stricter settings. Every change makes a new version; the bank may only narrow hours and lower caps, never go looser than the pack. Every decision names the version it used.";
    InForce => "现行政策", "In force";
    Versions => "版本记录", "Versions";
    MarketingHours => "营销电话与短信时段", "Hours for marketing calls and SMS";
    CollectionsHours => "催收电话与短信时段", "Hours for collections calls and SMS";
    ServiceHours => "其他服务电话与短信时段", "Hours for other service calls and SMS";
    CollectionsLimit => "催收次数上限", "Collections limit";
    MarketingLimit => "每渠道 30 天营销次数上限", "Marketing contacts per channel in 30 days";
    MarketingTopics => "营销主题", "Marketing topics";
    NewVersion => "新版本", "New version";
    NewVersionHint => "留空表示按监管包。时段只能在监管包时段之内，上限只能不高于监管包。", "Leave a field empty for the pack's. Hours must lie within the pack's, limits at or below the pack's.";
    BankTopics => "本行增加的营销主题", "Marketing topics the bank adds";
    BankTopicsHint => "每行一个主题：名称 | 中文名 | 英文名，如 home_renovation | 家装贷款 | home renovation loans。名称用小写字母、数字和下划线；中英文名是客户看到的（各不超过 24 个字符）。新主题按监管包默认值出现在每位客户的偏好中。",
        "One topic a line: name | Chinese name | English name, such as home_renovation | 家装贷款 | home renovation loans. The name is a-z, 0-9 and _; the Chinese and English names are what customers read (24 characters at most each). A new topic appears in every customer's preferences with the pack's default.";
    TopicNamesNeeded => "每个主题都需要中文名和英文名（各 1 到 24 个字符）：名称 | 中文名 | 英文名。",
        "Each topic needs a Chinese and an English name (1 to 24 characters each): name | Chinese name | English name.";
    SaveNewVersion => "保存为新版本", "Save as a new version";
    HoursBothOrNeither => "请填写开始和结束时间（HH:MM），或两者都留空。", "Give both a start and an end (HH:MM), or leave both empty.";
    WholeNumber => "请填写整数，或留空。", "Write a whole number, or leave it empty.";
    PolicyChangedMeanwhile => "其他同事刚修改了政策，请查看新版本后再试。", "Someone else changed the policy just now; look at the new version and try again.";

    InboundMessages => "客户短信", "Customers' SMS";
    InboundMessagesExplain => "客户发给银行、未能自动处理的短信：不是退订指令的，以及来自未知号码的。请阅读，必要时在客户页面代为记录更改，再标记为已处理。",
        "Messages customers sent the bank that could not be acted on by themselves: those that were no opt-out keyword, and those from numbers no customer has. Read each, record the change asked for on the customer's page if there is one, then mark it handled.";
    WaitingOnly => "只看待处理的", "Waiting ones only";
    HandledToo => "也显示已处理的", "Show handled ones too";
    NoMessagesWaiting => "没有待处理的短信。", "No messages are waiting.";
    UnknownNumber => "未知号码", "Unknown number";
    Handled => "已处理", "Handled";
    MarkHandled => "标记为已处理", "Mark handled";
    AlreadyHandled => "这条短信已由他人处理。", "Someone has handled this message already.";
    ChartOptOutsBySource => "每日退订营销（按途径）", "Marketing opt-outs per day, by how they came";
    OptOutWeb => "网上", "Online";
    OptOutLink => "消息中的链接", "Link in a message";
    OptOutPhone => "电话", "Phone";
    OptOutBranch => "网点", "Branch";
    OptOutSms => "短信回复", "SMS reply";
    OptOutOther => "其他", "Other";
    TheCustomer => "客户本人", "the customer";
    OlderMessages => "更早的短信", "Older messages";
    SamePassword => "新密码不能与原密码相同。", "The new password must differ from the one it replaces.";
    ShownOnce => "只显示这一次，请现在记下。", "It is shown only this once: note it now.";
    ResetPassword => "重设密码", "Reset password";
    SetUpCode => "设置码", "Set-up code";
    SetUpCodeHint => "首次登录或重设后，管理员交给您的一次性设置码。", "The one-time code your administrator gave you for your first sign-in, or after a reset.";
    WrongSetUpCode => "设置码不正确或已过期，请向管理员索取新的设置码。", "That set-up code is wrong or has expired: ask your administrator for a new one.";
    ChooseNewPassword => "请设置您自己的新密码", "Choose a password of your own";
    MyStaffPassword => "我的密码", "My password";
    ChangeMyPassword => "修改密码", "Change password";
    PasswordChangedStaff => "密码已修改。您的其他会话已结束。", "Your password is changed; your other sessions have ended.";
    UnlockBorrower => "解除登录锁定", "Lift the sign-in lock";
    BorrowerLockedUntil => "客户的登录已锁定，直至", "The customer's sign-in is locked until";
    BorrowerUnlocked => "已解除锁定，客户可以再次登录。", "The lock is lifted: the customer may sign in again.";
    TooManyChecks => "今天已查询 50 次，请明天再试。", "You have asked 50 times today; please try again tomorrow.";
    TooManySaves => "今天已保存 50 次，请明天再修改。", "You have saved 50 times today; please make further changes tomorrow.";
    TooManyComplaints => "您已有 5 件未结投诉，或 30 天内已提交 20 件投诉。请等待处理结果，或致电银行。", "You have 5 complaints open, or made 20 in 30 days: please wait for their answers, or call the bank.";
}
