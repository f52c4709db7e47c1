//! The staff portal's words (see `super` for how the table is put
//! together).

macro_rules! staff_words {
    ($next:ident $(, $then:ident)*; $($words:tt)*) => {
        $next! { $($then),*; $($words)*
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

        CampaignList => "营销名单检查", "Campaign list check";
        CampaignListExplain => "营销活动开始前，上传拟联系的客户名单：每一行都按现行政策和客户的选择判断，结果与通过接口询问的决定一样被保存。",
            "Before a campaign runs, upload whom it means to contact: every row is judged under the policy in force and the customer's choices, and kept like any decision asked through the API.";
        CheckAList => "检查名单", "Check a list";
        CampaignFile => "营销名单（CSV）", "Campaign list (CSV)";
        CampaignFileHint => "第一行为标题：customer_id 或 phone、channel、purpose，可选 at（RFC 3339 时间）；其他列原样保留。最多 1,000,000 行。",
            "The first line is the header: customer_id or phone, channel, purpose, and optionally at (an RFC 3339 instant); other columns are kept as they are. At most 1,000,000 rows.";
        CheckTheList => "检查名单", "Check the list";
        CannotBeJudged => "无法判断", "Cannot be judged";
        WhatTheCheckFound => "检查结果", "What the check found";
        RowsNotJudged => "无法判断的行", "Rows that could not be judged";
        DownloadCheckedList => "下载含结果的名单", "Download the list with its answers";
        DownloadCheckedListHint => "下载的文件在每一行后加上 allowed、reasons、next_allowed_at、policy 和 decision_id；保留一小时，仅限本人下载。",
            "The file adds allowed, reasons, next_allowed_at, policy and decision_id to every row; it is kept for an hour, for you alone.";
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
        NoExtraCare => "未启用特别关照。", "No extra care is in place.";
        CareHistory => "特别关照记录", "Extra care history";
        CareReason => "原因", "Reason";
        CareUntil => "持续至（含当日）", "Until (the last day it holds)";
        CareUntilHint => "按银行所在时区，当日结束时解除；最长一年。", "It ends at the end of that day in the bank's time zone; at most a year ahead.";
        CareNote => "备注（选填）", "Note (optional)";
        SetExtraCare => "启用特别关照", "Put extra care in place";
        ChangeExtraCare => "修改特别关照", "Change extra care";
        EndExtraCare => "立即结束特别关照", "End extra care now";
        ChooseCareReason => "请选择原因。", "Choose a reason.";
        CareUntilRules => "请选择今天之后、一年以内的日期。", "Choose a day after today, at most a year ahead.";
        CareNoteRules => "备注最多 500 个字符，且不能含隐藏字符。", "A note holds at most 500 characters, and no hidden characters.";
        CareFinancialHardship => "经济困难", "financial hardship";
        CareIllness => "疾病", "illness";
        CareBereavement => "亲人离世", "bereavement";
        CareOther => "其他", "other";
        WhatIf => "试算", "What if";
        WhatIfExplain => "发布前，用过去 7 天或 30 天银行系统实际询问过的决定试算此草案：每个决定按其当时的时刻、客户当时的偏好和已记录的联系重新判断。试算不会写入任何数据。", "Before publishing, try this draft on the decisions bank systems asked in the last 7 or 30 days: each is judged again at its own instant, with the customer's preferences and contacts as they were then. Nothing is written.";
        WhatIfDays => "试算范围", "Decisions of";
        LastSevenDays => "过去 7 天", "the last 7 days";
        LastThirtyDays => "过去 30 天", "the last 30 days";
        TryDraft => "试算此草案", "Try this draft";
        WhatIfRunning => "正在试算…", "Trying the draft…";
        WhatIfFailed => "试算未能完成。", "The what-if could not finish.";
        WhatIfBusy => "另一项试算正在进行，请等它完成后再试。", "Another what-if is running on this server: try again when it has finished.";
        WhatIfNothingChanges => "此草案不会改变任何决定。", "This draft would change no decision.";
        WhatIfKeptOnPublish => "若不作修改即发布此草案，试算结果将随新版本一并保存。", "Publish this draft unchanged and what the what-if found is kept with the new version.";
        WouldChange => "会改变的决定", "Answers that would change";
        AllowedToDenied => "由允许变为拒绝", "allowed → denied";
        DeniedToAllowed => "由拒绝变为允许", "denied → allowed";
        ByReason => "按原因", "By reason";
        ByPurposeTable => "按事项", "By purpose";
        ByChannelTable => "按渠道", "By channel";
        BySystemTable => "按系统", "By system";
        Examples => "示例", "Examples";
        Before => "之前", "Before";
        After => "之后", "After";
        }
    };
}
