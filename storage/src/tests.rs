use super::*;
use reachguard_domain::PolicyPack;
use reachguard_domain::audit::AuditAction;

on_both_databases! {
    async fn a_new_database_answers(test_db) {
        test_db.db.ping().await.unwrap();
    }

    async fn a_new_database_takes_the_pack_it_is_given_and_keeps_it(test_db) {
        let first = test_db.db.current_policy_or_init(PolicyPack::Us).await.unwrap();
        assert_eq!(first.label(), "us@1");
        let again = test_db.db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
        assert_eq!(again.pack, PolicyPack::Us, "an existing database keeps its own pack");
    }

    async fn connecting_again_applies_no_migration_twice(test_db) {
        let again = Database::connect(&test_db.url).await.unwrap();
        again.ping().await.unwrap();
    }
}

#[tokio::test]
async fn a_new_sqlite_file_is_created_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let db = Database::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert!(path.exists());
    let Database::Sqlite(pool) = &db else {
        panic!("expected SQLite")
    };
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_new_sqlite_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let db = Database::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    db.customer_count().await.unwrap();
    for file in ["new.db", "new.db-wal", "new.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
    db.close().await;
}

#[tokio::test]
async fn an_unsupported_url_is_refused_by_name() {
    let err = Database::connect("mysql://localhost/db").await.unwrap_err();
    assert!(matches!(err, ConnectError::UnsupportedUrl(_)), "{err}");
    assert!(err.to_string().contains("mysql://localhost/db"));
}

#[tokio::test]
async fn an_unreachable_postgres_says_so_without_its_password() {
    // Port 1 on loopback: nothing listens there.
    let err = Database::connect("postgres://bank:secret@127.0.0.1:1/reachguard")
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ConnectError::Unreachable { .. }), "{message}");
    assert!(!message.contains("secret"), "{message}");
    assert!(message.contains("***"), "{message}");
}

#[tokio::test]
async fn a_sqlite_file_in_a_missing_folder_is_reported_not_panicked() {
    let err = Database::connect("sqlite:///no/such/folder/reachguard.db")
        .await
        .unwrap_err();
    assert!(matches!(err, ConnectError::Unreachable { .. }), "{err}");
}

#[test]
fn redact_leaves_urls_without_a_password_alone() {
    assert_eq!(
        connect::redact("sqlite://reachguard.db"),
        "sqlite://reachguard.db"
    );
}

mod customers_and_contacts {
    use super::*;
    use chrono_tz::Tz;
    use reachguard_domain::{
        Actor, Channel, CustomerId, Outcome, Phone, Policy, Preferences, Role,
    };

    fn system(name: &str) -> Actor {
        Actor::System(name.into())
    }

    fn contact(phones: &[&str]) -> ContactData {
        ContactData {
            name: "Li Wei".into(),
            phones: phones.iter().map(|p| Phone::parse(p).unwrap()).collect(),
            email: Some("li.wei@example.com".into()),
            time_zone: None,
            language: None,
        }
    }

    fn id(s: &str) -> CustomerId {
        CustomerId::parse(s).unwrap()
    }

    on_both_databases! {
        async fn a_new_customer_gets_the_packs_defaults_and_a_ledger_row(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            let outcome = db.put_customer(&id("C001"), &contact(&["+8613800138000"]), &policy, &system("core")).await.unwrap();
            assert_eq!(outcome, PutOutcome::Created);
            let record = db.customer("C001").await.unwrap().unwrap();
            assert_eq!(record.phones, ["+8613800138000"]);
            assert_eq!(record.version, 1);
            assert_eq!(record.preferences, Preferences::defaults(&policy));
            let changes = db.changes(0, 10).await.unwrap();
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].actor, "system:core");
            assert_eq!(changes[0].source, "api");
        }

        async fn updating_contact_data_replaces_phones_and_keeps_preferences(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&["+8613800138000", "+8613900139000"]), &policy, &system("core")).await.unwrap();
            let outcome = db.put_customer(&id("C001"), &contact(&["+8613900139000"]), &policy, &system("core")).await.unwrap();
            assert_eq!(outcome, PutOutcome::Updated);
            let record = db.customer("C001").await.unwrap().unwrap();
            assert_eq!(record.phones, ["+8613900139000"]);
            assert_eq!(record.version, 1, "no preference changed");
            assert_eq!(db.changes(0, 10).await.unwrap().len(), 1);
            assert!(db.customer_by_phone("+8613800138000").await.unwrap().is_none());
            assert_eq!(db.customer_by_phone("+8613900139000").await.unwrap().unwrap().customer_id, "C001");
        }

        async fn a_new_time_zone_is_a_preference_change_with_a_new_version(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&[]), &policy, &system("core")).await.unwrap();
            let mut moved = contact(&[]);
            moved.time_zone = Some("Asia/Hong_Kong".parse::<Tz>().unwrap());
            db.put_customer(&id("C001"), &moved, &policy, &system("core")).await.unwrap();
            let record = db.customer("C001").await.unwrap().unwrap();
            assert_eq!(record.version, 2);
            assert_eq!(db.changes(1, 10).await.unwrap()[0].version, 2);
        }

        async fn a_phone_belongs_to_one_customer(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&["+8613800138000"]), &policy, &system("core")).await.unwrap();
            let err = db.put_customer(&id("C002"), &contact(&["+8613800138000"]), &policy, &system("core")).await.unwrap_err();
            assert!(matches!(err, PutCustomerError::PhoneTaken(ref p) if p == "+8613800138000"), "{err}");
            assert!(db.customer("C002").await.unwrap().is_none(), "the failed create left nothing behind");
        }

        async fn preferences_are_written_only_at_the_expected_version(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&[]), &policy, &system("core")).await.unwrap();
            let before = db.customer("C001").await.unwrap().unwrap().preferences;
            let mut after = before.clone();
            after.do_not_call = true;
            let version = db.write_preferences(&id("C001"), 1, &before, &after, &ChangeBy::new(&Actor::Customer, Source::Web)).await.unwrap();
            assert_eq!(version, 2);
            let stale = db.write_preferences(&id("C001"), 1, &before, &after, &ChangeBy::new(&Actor::Customer, Source::Web)).await.unwrap_err();
            assert!(matches!(stale, WritePreferencesError::Stale { current: 2 }), "{stale}");
            let missing = db.write_preferences(&id("C404"), 1, &before, &after, &ChangeBy::new(&Actor::Customer, Source::Web)).await.unwrap_err();
            assert!(matches!(missing, WritePreferencesError::NotFound), "{missing}");
            let changes = db.changes(0, 10).await.unwrap();
            assert_eq!(changes.iter().map(|c| c.version).collect::<Vec<_>>(), [1, 2]);
            assert!(changes[1].preferences.do_not_call);
            assert_eq!(db.changes(changes[0].seq, 1).await.unwrap().len(), 1, "after and limit page the feed");
        }

        async fn attempts_are_found_by_customer_and_span(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&[]), &policy, &system("core")).await.unwrap();
            for (n, at) in [100, 200, 300].into_iter().enumerate() {
                db.record_attempt(&NewAttempt {
                    attempt_id: format!("a{n}"),
                    customer_id: "C001".into(),
                    at,
                    channel: Channel::Voice,
                    purpose: "collections".parse().unwrap(),
                    outcome: Outcome::NoAnswer,
                    system: Some("dialer".into()),
                    decision_id: None,
                    allowed: n != 2,
                    policy: "cn@1".into(),
                    reasons: "[]".into(),
                    recorded_at: at,
                    recorded_by: "dialer".into(),
                })
                .await
                .unwrap();
            }
            let calls = reachguard_domain::AttemptsNeeded { calls: true, marketing: false };
            let found = db.attempts_between(&["C001".into(), "C404".into()], 100, 300, calls).await.unwrap();
            let times: Vec<i64> = found["C001"].iter().map(|a| a.at.timestamp()).collect();
            assert_eq!(times.len(), 2);
            assert!(times.contains(&200) && times.contains(&300), "(from, to]: {times:?}");
            assert!(!found.contains_key("C404"));
            let marketing_only = reachguard_domain::AttemptsNeeded { calls: false, marketing: true };
            let none = db.attempts_between(&["C001".into()], 0, 300, marketing_only).await.unwrap();
            assert!(none.is_empty(), "calls are not loaded when only marketing is needed");
        }

        async fn the_national_list_is_replaced_whole(test_db) {
            let db = &test_db.db;
            let first: Vec<String> = (0..12_000).map(|n| format!("+86138{n:08}")).collect();
            db.replace_national_dnc(&first, &Actor::Staff("ops".into())).await.unwrap();
            assert_eq!(db.national_dnc_size().await.unwrap(), 12_000);
            db.replace_national_dnc(&["+12125551234".to_owned()], &Actor::Staff("ops".into())).await.unwrap();
            assert_eq!(db.national_dnc_size().await.unwrap(), 1);
            let listed = db.on_national_dnc(&["+12125551234".into(), "+8613800000001".into()]).await.unwrap();
            assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["+12125551234"]);
        }

        async fn a_list_loads_beside_the_old_one_and_two_loads_never_merge(test_db) {
            let db = &test_db.db;
            let ops = Actor::Staff("ops".into());
            db.replace_national_dnc(&["+12125550000".to_owned()], &ops).await.unwrap();
            let mut first = db.begin_national_list().await.unwrap();
            let mut second = db.begin_national_list().await.unwrap();
            first.add(&["+8613800000001".into(), "+8613800000002".into(), "+8613800000001".into()]).await.unwrap();
            second.add(&["+447911123456".into()]).await.unwrap();
            // Mid-load, decisions read the old list, and other writers write.
            let old = db.on_national_dnc(&["+12125550000".into(), "+8613800000001".into()]).await.unwrap();
            assert_eq!(old.into_iter().collect::<Vec<_>>(), ["+12125550000"]);
            db.keep_decisions(&[KeptDecision {
                decision_id: "0190a0b0-0000-7000-8000-000000000001".into(),
                decided_at: 1,
                client: "dialer".into(),
                customer_id: None,
                allowed: true,
                reasons: 0,
                kept: "{}".into(),
            }])
            .await
            .unwrap();
            assert_eq!(first.swap(&ops).await.unwrap(), 2, "repeats are kept once");
            assert_eq!(db.national_dnc_size().await.unwrap(), 2);
            assert_eq!(second.swap(&ops).await.unwrap(), 1);
            let now = db
                .on_national_dnc(&["+8613800000001".into(), "+447911123456".into()])
                .await
                .unwrap();
            assert_eq!(now.into_iter().collect::<Vec<_>>(), ["+447911123456"], "the later swap wins whole");
            let mut uploads: Vec<i64> = db.national_dnc_uploads(10).await.unwrap().iter().map(|u| u.numbers).collect();
            uploads.sort();
            assert_eq!(uploads, [1, 1, 2]);

            // An abandoned load changes nothing and leaves no table.
            let mut third = db.begin_national_list().await.unwrap();
            third.add(&["+8613800000009".into()]).await.unwrap();
            third.abandon().await;
            assert_eq!(db.national_dnc_size().await.unwrap(), 1);
            let tables: i64 = match db {
                Database::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'national_dnc_load_%'").fetch_one(pool).await.unwrap(),
                Database::Postgres(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'national_dnc_load_%'").fetch_one(pool).await.unwrap(),
            };
            assert_eq!(tables, 0);
        }

        async fn decisions_are_kept_and_read_back(test_db) {
            let db = &test_db.db;
            let kept = KeptDecision {
                decision_id: "0190a0b0-0000-7000-8000-00000000000d".into(),
                decided_at: 1_800_000_000,
                client: "dialer".into(),
                customer_id: None,
                allowed: false,
                reasons: 1,
                kept: r#"{"c":"sms","p":"collections","v":"cn@1","i":"C404","r":[{"k":"uc","a":"C404"}]}"#.into(),
            };
            db.keep_decisions(std::slice::from_ref(&kept)).await.unwrap();
            db.keep_decisions(std::slice::from_ref(&kept)).await.unwrap();
            let other = KeptDecision { decision_id: "0190a0b0-0000-7000-8000-00000000000e".into(), client: "crm".into(), ..kept.clone() };
            db.keep_decisions(std::slice::from_ref(&other)).await.unwrap();
            assert_eq!(db.kept_decision("0190a0b0-0000-7000-8000-00000000000d").await.unwrap(), Some(kept));
            assert_eq!(db.kept_decision(&other.decision_id).await.unwrap(), Some(other.clone()), "each client's name is read back");
            assert_eq!(db.kept_decision("0190a0b0-0000-7000-8000-00000000000f").await.unwrap(), None);
            assert_eq!(db.kept_decision("d1").await.unwrap(), None, "an id that is no uuid names none");
            let not_an_id = KeptDecision { decision_id: "d1".into(), ..other };
            assert!(db.keep_decisions(&[not_an_id]).await.is_err(), "and cannot be kept");
        }

        async fn a_batch_tried_again_writes_and_counts_only_what_is_new(test_db) {
            let db = &test_db.db;
            let decision = |n: i64| KeptDecision {
                decision_id: format!("0190a0b0-0000-7000-8000-{n:012}"),
                decided_at: 1_800_000_000 + n,
                client: "dialer".into(),
                customer_id: Some("C001".into()),
                allowed: n % 2 == 0,
                reasons: 0,
                kept: "{}".into(),
            };
            db.keep_decisions(&[decision(1), decision(2)]).await.unwrap();
            // A batch holding the two again among new ones, across more than
            // one statement's worth of rows.
            let again: Vec<KeptDecision> = (1..=1_200).map(decision).collect();
            db.keep_decisions(&again).await.unwrap();
            db.keep_decisions(&again).await.unwrap();
            // A batch naming one decision twice (once in capitals) keeps it
            // once, and does not wait forever for the second.
            let shouted = KeptDecision { decision_id: decision(1_202).decision_id.to_uppercase(), ..decision(1_202) };
            let repeats = [decision(1_201), decision(1_201), shouted, decision(1_202)];
            tokio::time::timeout(std::time::Duration::from_secs(30), db.keep_decisions(&repeats))
                .await
                .expect("a repeated id does not keep the write going")
                .unwrap();
            let totals: i64 = with_pool!(db, pool => sqlx::query_scalar("SELECT CAST(SUM(decisions) AS BIGINT) FROM decision_totals").fetch_one(pool).await).unwrap();
            let rows: i64 = with_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM decisions").fetch_one(pool).await).unwrap();
            assert_eq!((totals, rows), (1_202, 1_202), "each decision is written and counted once");
            assert_eq!(db.kept_decision(&decision(700).decision_id).await.unwrap(), Some(decision(700)));
        }

        async fn names_of_clients_and_staff_are_unique(test_db) {
            let db = &test_db.db;
            let client = ApiClient {
                client_id: "abc".into(),
                name: "dialer".into(),
                key_hash: "00".into(),
                scopes: "decisions".into(),
                revoked_at: None,
            };
            db.insert_api_client(&client, "cli").await.unwrap();
            assert_eq!(db.api_client("abc").await.unwrap(), Some(client.clone()));
            let again = ApiClient { client_id: "def".into(), ..client };
            assert!(matches!(db.insert_api_client(&again, "cli").await, Err(CreateError::Exists(_))));
            db.insert_staff("wang", Role::Agent, "$argon2id$...", "code-hash", 0, "system:cli").await.unwrap();
            assert!(matches!(db.insert_staff("wang", Role::Admin, "x", "code-hash", 0, "system:cli").await, Err(CreateError::Exists(_))));
            assert_eq!(db.staff_sign_in("wang").await.unwrap().unwrap().role, "agent");
            // Each creation is in the audit log; the refused one is not.
            let audit = db.audit_entries(&AuditFilter::default(), None, 10).await.unwrap();
            let actions: Vec<_> = audit.iter().map(|e| (e.action.as_str(), e.subject.as_str())).collect();
            assert_eq!(actions, [("staff.create", "wang"), ("api_key.create", "dialer")]);
        }

        async fn a_revoked_key_is_listed_with_when_and_audited_once(test_db) {
            let db = &test_db.db;
            let client = ApiClient {
                client_id: "abc".into(),
                name: "dialer".into(),
                key_hash: "00".into(),
                scopes: "decisions contacts.write".into(),
                revoked_at: None,
            };
            db.insert_api_client(&client, "staff:admin").await.unwrap();
            db.note_api_client_used("abc", 1_000).await.unwrap();
            db.note_api_client_used("abc", 1_030).await.unwrap();
            assert!(db.revoke_api_client("dialer", "staff:admin", 2_000).await.unwrap());
            assert!(!db.revoke_api_client("dialer", "staff:admin", 2_001).await.unwrap());
            assert!(!db.revoke_api_client("nobody", "staff:admin", 2_001).await.unwrap());
            let listed = db.api_clients().await.unwrap();
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].last_used_at, Some(1_000), "written at most once a minute");
            assert_eq!(listed[0].revoked_at, Some(2_000));
            assert_eq!(listed[0].created_by, "staff:admin");
            let revocations = AuditFilter { action: Some("api_key.revoke".into()), ..Default::default() };
            let audit = db.audit_entries(&revocations, None, 10).await.unwrap();
            assert_eq!(audit.len(), 1);
            assert_eq!((audit[0].actor.as_str(), audit[0].subject.as_str()), ("staff:admin", "dialer"));
        }

        async fn the_audit_log_is_one_unbroken_chain_under_concurrent_appends(test_db) {
            // Any action will do: the chain is what is read.
            let db = &test_db.db;
            let mut appends = Vec::new();
            for n in 0..20 {
                let db = db.clone();
                appends.push(tokio::spawn(async move {
                    let entry = NewAuditEntry::new(n, "staff:wang", AuditAction::PreferencesChange, "x", serde_json::json!({ "n": n }));
                    db.audit(&entry).await.unwrap()
                }));
            }
            let mut seqs = Vec::new();
            for append in appends {
                seqs.push(append.await.unwrap());
            }
            seqs.sort();
            assert_eq!(seqs, (1..=20).collect::<Vec<_>>());
            let chain = db.audit_chain(0, 100).await.unwrap();
            let end = reachguard_domain::audit::first_break((0, reachguard_domain::audit::GENESIS), &chain).unwrap();
            assert_eq!(end, db.audit_head().await.unwrap());
        }

        async fn audit_filters_narrow_by_actor_action_subject_and_time(test_db) {
            let db = &test_db.db;
            for (at, actor, action, subject) in [
                (100, "staff:wang", AuditAction::StaffDisable, "li"),
                (200, "staff:li", AuditAction::ApiKeyRevoke, "dialer"),
                (300, "customer", AuditAction::PreferencesChange, "C1"),
                (400, "staff:wang", AuditAction::ApiKeyCreate, "crm"),
            ] {
                db.audit(&NewAuditEntry::new(at, actor, action, subject, serde_json::json!({}))).await.unwrap();
            }
            let subjects = |filter: AuditFilter, before: Option<i64>| {
                let db = db.clone();
                async move {
                    db.audit_entries(&filter, before, 10).await.unwrap()
                        .into_iter().map(|e| e.subject).collect::<Vec<_>>()
                }
            };
            assert_eq!(subjects(AuditFilter::default(), None).await, ["crm", "C1", "dialer", "li"]);
            assert_eq!(subjects(AuditFilter::default(), Some(3)).await, ["dialer", "li"]);
            let wang = AuditFilter { actor: Some("staff:wang".into()), ..Default::default() };
            assert_eq!(subjects(wang, None).await, ["crm", "li"]);
            let keys = AuditFilter { action: Some("api_key".into()), ..Default::default() };
            assert_eq!(subjects(keys, None).await, ["crm", "dialer"]);
            let c1 = AuditFilter { subject: Some("C1".into()), ..Default::default() };
            assert_eq!(subjects(c1, None).await, ["C1"]);
            let middle = AuditFilter { from: Some(200), until: Some(400), ..Default::default() };
            assert_eq!(subjects(middle, None).await, ["C1", "dialer"]);
        }

        async fn a_staff_change_ends_sessions_and_is_audited(test_db) {
            let db = &test_db.db;
            db.insert_staff("li", Role::Agent, "hash", "code-hash", 0, "system:cli").await.unwrap();
            let before = db.staff_sign_in("li").await.unwrap().unwrap();
            assert!(db.change_staff("li", StaffChange::Role(Role::Supervisor), "staff:admin", 500).await.unwrap());
            assert!(db.change_staff("li", StaffChange::Disable, "staff:admin", 600).await.unwrap());
            assert!(!db.change_staff("nobody", StaffChange::Disable, "staff:admin", 600).await.unwrap());
            let after = db.staff_sign_in("li").await.unwrap().unwrap();
            assert_eq!(after.role, "supervisor");
            assert_eq!(after.disabled_at, Some(600));
            assert_eq!(after.session_epoch, before.session_epoch + 2);
            let audit = db.audit_entries(&AuditFilter { subject: Some("li".into()), ..Default::default() }, None, 10).await.unwrap();
            let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(actions, ["staff.disable", "staff.role", "staff.create"]);
        }

        async fn staff_find_customers_by_number_phone_or_the_start_of_a_name(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(reachguard_domain::PolicyPack::Cn).await.unwrap();
            for (id, name, phone) in [
                ("C001", "王芳", "+8613800138001"),
                ("C002", "王伟", "+8613800138002"),
                ("C003", "李娜", "+8613800138003"),
                ("C004", "Li Wei", "+8613800138004"),
            ] {
                let contact = ContactData {
                    name: name.into(),
                    phones: vec![Phone::parse(phone).unwrap()],
                    email: None,
                    time_zone: None,
                    language: None,
                };
                db.put_customer(&CustomerId::parse(id).unwrap(), &contact, &policy, &Actor::System("crm".into())).await.unwrap();
            }
            let ids = |hits: Vec<CustomerHit>| hits.into_iter().map(|h| h.customer_id).collect::<Vec<_>>();
            assert_eq!(ids(db.search_customers("王", 20).await.unwrap()), ["C002", "C001"]);
            assert_eq!(ids(db.search_customers("王芳", 20).await.unwrap()), ["C001"]);
            assert_eq!(ids(db.search_customers("c003", 20).await.unwrap()), ["C003"]);
            assert_eq!(ids(db.search_customers("138 0013 8004", 20).await.unwrap()), ["C004"]);
            assert_eq!(ids(db.search_customers("Li", 20).await.unwrap()), ["C004"]);
            assert_eq!(ids(db.search_customers("王", 1).await.unwrap()), ["C002"]);
            assert!(db.search_customers("  ", 20).await.unwrap().is_empty());
            assert!(db.search_customers("张", 20).await.unwrap().is_empty());
            let hit = db.search_customers("C001", 20).await.unwrap().remove(0);
            assert_eq!(hit.phone.as_deref(), Some("+8613800138001"));
        }

        async fn the_dashboard_counts_what_the_tables_hold(test_db) {
            let db = &test_db.db;
            let policy = db.current_policy_or_init(reachguard_domain::PolicyPack::Cn).await.unwrap();
            db.put_customer(&id("C001"), &contact(&["+8613800138001"]), &policy, &Actor::System("crm".into())).await.unwrap();
            db.put_customer(&id("C002"), &contact(&["+8613800138002"]), &policy, &Actor::System("crm".into())).await.unwrap();
            let day0 = 1_700_000_000;
            let decision = |n: i64, at: i64, allowed: bool, codes: &[reachguard_domain::ReasonCode]| KeptDecision {
                decision_id: format!("0190a0b0-0000-7000-8000-{n:012}"),
                decided_at: at,
                client: "dialer".into(),
                customer_id: Some("C001".into()),
                allowed,
                reasons: codes.iter().fold(0, |bits, c| bits | c.bit()),
                kept: "{}".into(),
            };
            use reachguard_domain::ReasonCode::{DoNotCall, OutsideLegalHours, Snoozed};
            db.keep_decisions(&[
                decision(1, day0 + 10, true, &[]),
                decision(2, day0 + 20, false, &[OutsideLegalHours, DoNotCall]),
                decision(3, day0 + 86_400 + 5, false, &[OutsideLegalHours]),
                decision(4, day0 - 1, false, &[Snoozed]),
                decision(5, day0 + 3 * 86_400, true, &[]),
            ]).await.unwrap();
            let days = db.decisions_per_day(day0, day0 + 2 * 86_400).await.unwrap();
            assert_eq!(days, [
                DecisionsOnDay { day: 0, allowed: 1, denied: 1 },
                DecisionsOnDay { day: 1, allowed: 0, denied: 1 },
            ]);
            let reasons = db.deny_reasons(day0, day0 + 2 * 86_400).await.unwrap();
            assert_eq!(reasons, [("outside_legal_hours".to_owned(), 2), ("do_not_call".to_owned(), 1)]);
            // Counted from the quarter-hour totals where the range holds
            // whole quarters (day0 is not on one: its ends are counted from
            // the rows), the same.
            // (From the quarter before day0: decision 4, snoozed, too.)
            let aligned = day0 - day0 % 900;
            assert_eq!(
                db.deny_reasons(aligned, aligned + 3 * 86_400).await.unwrap(),
                [("outside_legal_hours".to_owned(), 2), ("do_not_call".to_owned(), 1), ("snoozed".to_owned(), 1)]
            );
            let all_days = db.decisions_per_day(aligned - 86_400, aligned + 4 * 86_400).await.unwrap();
            assert_eq!(all_days.iter().map(|d| d.allowed + d.denied).sum::<i64>(), 5);
            // Kept again (a retry), nothing is counted twice; deleted by
            // retention, it is no longer counted.
            db.keep_decisions(&[decision(1, day0 + 10, true, &[])]).await.unwrap();
            assert_eq!(db.decisions_per_day(day0, day0 + 2 * 86_400).await.unwrap(), days);
            assert_eq!(db.delete_decisions_before(day0 + 15, 100).await.unwrap(), 2);
            assert_eq!(db.decisions_per_day(day0, day0 + 2 * 86_400).await.unwrap(), [
                DecisionsOnDay { day: 0, allowed: 0, denied: 1 },
                DecisionsOnDay { day: 1, allowed: 0, denied: 1 },
            ]);
            let totals: i64 = with_pool!(db, pool => sqlx::query_scalar("SELECT CAST(SUM(decisions) AS BIGINT) FROM decision_totals").fetch_one(pool).await).unwrap();
            let rows: i64 = with_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM decisions").fetch_one(pool).await).unwrap();
            assert_eq!((totals, rows), (3, 3), "the totals are a count of the rows");

            for (n, system, allowed) in [(1, Some("dialer"), false), (2, Some("dialer"), false), (3, None, false), (4, Some("sms"), true)] {
                db.record_attempt(&NewAttempt {
                    attempt_id: format!("a{n}"),
                    customer_id: "C001".into(),
                    at: day0 + n,
                    channel: Channel::Voice,
                    purpose: "collections".parse().unwrap(),
                    outcome: Outcome::Connected,
                    system: system.map(str::to_owned),
                    decision_id: None,
                    allowed,
                    policy: "cn@1".into(),
                    reasons: "[]".into(),
                    recorded_at: day0 + n,
                    recorded_by: "crm".into(),
                }).await.unwrap();
            }
            let against = db.against_policy_by_system(day0, day0 + 86_400).await.unwrap();
            assert_eq!(against, [("dialer".to_owned(), 2), ("crm".to_owned(), 1)]);

            let opt_outs = db.marketing_opt_outs(&[("marketing.wealth".to_owned(), 0)]).await.unwrap();
            assert_eq!(opt_outs[0].customers, 2);
            let record = db.customer("C002").await.unwrap().unwrap();
            let mut after = record.preferences.clone();
            let wealth: reachguard_domain::Purpose = "marketing.wealth".parse().unwrap();
            let had = after.purposes.get(&wealth).map(|c| c.channels.len()).unwrap_or_default();
            after.purposes.get_mut(&wealth).unwrap().channels = if had == 0 { vec![Channel::Sms] } else { vec![] };
            db.write_preferences(&id("C002"), record.version, &record.preferences, &after, &ChangeBy::new(&Actor::Customer, Source::Web)).await.unwrap();
            let changed = db.marketing_opt_outs(&[("marketing.wealth".to_owned(), 0)]).await.unwrap();
            // A topic no document lists yet counts by its default.
            let unlisted = db.marketing_opt_outs(&[("marketing.new_topic".to_owned(), 0), ("marketing.other".to_owned(), 2)]).await.unwrap();
            assert_eq!((unlisted[0].opted_out, unlisted[1].opted_out), (2, 0));
            let expected = if had == 0 { opt_outs[0].opted_out - 1 } else { opt_outs[0].opted_out + 1 };
            assert_eq!(changed[0].opted_out, expected);
            // The counts kept by the writes are those of the documents.
            db.count_topic_opt_outs_again().await.unwrap();
            assert_eq!(db.marketing_opt_outs(&[("marketing.wealth".to_owned(), 0)]).await.unwrap(), changed);
        }

        async fn a_second_factor_step_is_used_once(test_db) {
            let db = &test_db.db;
            db.insert_staff("li", Role::Admin, "hash", "code-hash", 0, "system:cli").await.unwrap();
            db.set_pending_second_factor("li", "SECRET").await.unwrap();
            assert!(!db.use_second_factor_step("li", 10, Some("OTHER"), 0).await.unwrap());
            assert!(db.use_second_factor_step("li", 10, Some("SECRET"), 0).await.unwrap());
            let login = db.staff_sign_in("li").await.unwrap().unwrap();
            assert_eq!((login.totp_secret.as_deref(), login.totp_pending), (Some("SECRET"), None));
            assert!(!db.use_second_factor_step("li", 10, None, 0).await.unwrap(), "the step is used");
            assert!(db.use_second_factor_step("li", 11, None, 0).await.unwrap());
            assert!(!db.use_second_factor_step("li", 9, None, 0).await.unwrap(), "an older step");
        }

        async fn a_new_policy_version_follows_the_last(test_db) {
            let db = &test_db.db;
            db.current_policy_or_init(PolicyPack::Us).await.unwrap();
            let settings = reachguard_domain::BankSettings { marketing_limit: Some(1), ..Default::default() };
            let policy: Policy = db.set_policy(PolicyPack::Us, &settings, &Actor::Staff("boss".into())).await.unwrap();
            assert_eq!(policy.label(), "us@2");
            assert_eq!(policy.settings, settings);
        }
    }
}

/// Migration 0011 keeps every decision kept before it: the id as its
/// bytes, the client by number, the reasons as bits (a code given twice
/// counts once), the sentences as they were answered.
#[tokio::test]
async fn decisions_kept_before_the_compact_form_are_kept_with_their_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mut before = sqlx::migrate!("../migrations/sqlite");
    let upto_0010: Vec<_> = before
        .migrations
        .iter()
        .filter(|m| m.version <= 10)
        .cloned()
        .collect();
    before.migrations = upto_0010.into();
    before.run(&pool).await.unwrap();
    let answer = r#"{"decision_id":"0190a0b0-0000-7000-8000-000000000001","customer_id":"C001","allowed":false,"reasons":[{"code":"policy_cap","message":"a"},{"code":"policy_cap","message":"b"},{"code":"snoozed","message":"c"}],"next_allowed_at":null,"alternatives":[],"policy":"cn@1"}"#;
    let request = r#"{"customer_id":"C001","channel":"voice","purpose":"collections","at":"2027-01-15T08:00:00Z"}"#;
    for (id, client, allowed, request, answer) in [
        (
            "0190a0b0-0000-7000-8000-000000000001",
            "dialer",
            false,
            request,
            answer,
        ),
        (
            "0190a0b0-0000-7000-8000-000000000002",
            "crm",
            true,
            "{}",
            r#"{"allowed":true,"reasons":[]}"#,
        ),
    ] {
        sqlx::query("INSERT INTO decisions VALUES ($1, 1800000000, $2, 'C001', $3, $4, $5)")
            .bind(id)
            .bind(client)
            .bind(allowed)
            .bind(request)
            .bind(answer)
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::migrate!("../migrations/sqlite")
        .run(&pool)
        .await
        .unwrap();
    let db = Database::Sqlite(pool);
    let kept = db
        .kept_decision("0190a0b0-0000-7000-8000-000000000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kept.client.as_str(), kept.allowed), ("dialer", false));
    assert_eq!(
        kept.reasons,
        reachguard_domain::ReasonCode::PolicyCap.bit()
            | reachguard_domain::ReasonCode::Snoozed.bit()
    );
    let sentences: serde_json::Value = serde_json::from_str(&kept.kept).unwrap();
    assert_eq!(
        sentences["answer"],
        serde_json::from_str::<serde_json::Value>(answer).unwrap()
    );
    assert_eq!(
        sentences["request"],
        serde_json::from_str::<serde_json::Value>(request).unwrap()
    );
    let other = db
        .kept_decision("0190a0b0-0000-7000-8000-000000000002")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((other.client.as_str(), other.reasons), ("crm", 0));
    let reasons = db.deny_reasons(0, i64::MAX).await.unwrap();
    assert_eq!(
        reasons,
        [("policy_cap".to_owned(), 1), ("snoozed".to_owned(), 1)]
    );
}
