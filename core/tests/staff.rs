//! Staff sign-in and the audit chain against a real database, on SQLite and
//! PostgreSQL: the second factor set up once with an admin's code and each
//! code used once, a password of one's own, the lock, disabled accounts kept
//! out, and "verify" naming the row someone edited.

use axum_login::AuthnBackend;
use chrono::Utc;
use reachguard_core::accounts::{AccountChange, StaffError, change_staff, create_staff};
use reachguard_core::audit::verify_chain;
use reachguard_core::secrets::SecretKey;
use reachguard_core::signin::AddressThrottle;
use reachguard_core::staff::{
    NewPasswordProblem, StaffBackend, StaffCredentials, StaffSignInError, current_code,
};
use reachguard_domain::Role;
use reachguard_domain::audit::{AuditAction, Break};
use reachguard_storage::{Database, NewAuditEntry, on_both_databases};

const PASSWORD: &str = "counter-harbour-2026";
const OWN_PASSWORD: &str = "my-own-harbour-2027";

fn credentials(username: &str, password: &str, code: &str) -> StaffCredentials {
    StaffCredentials {
        username: username.into(),
        password: password.into(),
        code: code.into(),
        ..StaffCredentials::default()
    }
}

fn backend(db: &Database) -> StaffBackend {
    StaffBackend::new(
        db.clone(),
        AddressThrottle::default(),
        SecretKey::generate(),
    )
}

/// Runs one statement as someone with database access would.
async fn tamper(db: &Database, sql: &str) {
    match db {
        Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

/// An account made by an admin, signed in the first time: the set-up code,
/// the secret to set up, its first code with a new password. Returns the
/// secret.
async fn first_sign_in(staff: &StaffBackend, username: &str, setup_code: &str) -> String {
    let with = |code: &str, new_password: &str| StaffCredentials {
        setup_code: setup_code.into(),
        new_password: new_password.into(),
        ..credentials(username, PASSWORD, code)
    };
    let set_up = match staff.authenticate(with("", "")).await {
        Err(StaffSignInError::SetUp {
            set_up,
            wrong_code: false,
            new_password: Some(_),
        }) => set_up,
        other => panic!("expected a set-up, got {other:?}"),
    };
    let code = current_code(&set_up.secret, username, Utc::now()).unwrap();
    let member = staff
        .authenticate(with(&code, OWN_PASSWORD))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(member.username, username);
    set_up.secret
}

on_both_databases! {
    async fn every_role_sets_up_a_second_factor_with_the_admins_code_and_chooses_a_password(test_db) {
        let db = &test_db.db;
        let setup_code = create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        // The password alone asks for the set-up code; a wrong one is refused.
        assert!(matches!(staff.authenticate(credentials("wang", PASSWORD, "")).await, Err(StaffSignInError::NeedSetUpCode { wrong: false })));
        let wrong = StaffCredentials { setup_code: "AAAA-BBBB-CCCC".into(), ..credentials("wang", PASSWORD, "") };
        assert!(matches!(staff.authenticate(wrong).await, Err(StaffSignInError::NeedSetUpCode { wrong: true })));
        // The right one shows a secret; with its code but no new password,
        // a new password is asked for and the code is not used up.
        let with = |code: &str, new_password: &str| StaffCredentials {
            setup_code: setup_code.clone(),
            new_password: new_password.into(),
            ..credentials("wang", PASSWORD, code)
        };
        let set_up = match staff.authenticate(with("", "")).await {
            Err(StaffSignInError::SetUp { set_up, wrong_code: false, new_password: Some(_) }) => set_up,
            other => panic!("expected a set-up, got {other:?}"),
        };
        let code = current_code(&set_up.secret, "wang", Utc::now()).unwrap();
        match staff.authenticate(with(&code, "")).await {
            Err(StaffSignInError::SetUp { set_up: again, new_password: Some(asked), .. }) => {
                assert_eq!(again, set_up);
                assert_eq!(asked.problem, Some(NewPasswordProblem::Missing));
            }
            other => panic!("expected the new password asked for, got {other:?}"),
        }
        match staff.authenticate(with(&code, PASSWORD)).await {
            Err(StaffSignInError::SetUp { new_password: Some(asked), .. }) => assert_eq!(asked.problem, Some(NewPasswordProblem::Same)),
            other => panic!("the old password again is refused, got {other:?}"),
        }
        let member = staff.authenticate(with(&code, OWN_PASSWORD)).await.unwrap().unwrap();
        assert_eq!((member.username.as_str(), member.role), ("wang", Role::Agent));
        // The old password no longer works; the new one with a fresh code does.
        assert!(staff.authenticate(credentials("wang", PASSWORD, "")).await.unwrap().is_none());
        assert!(matches!(staff.authenticate(credentials("wang", OWN_PASSWORD, "")).await, Err(StaffSignInError::NeedCode { wrong: false, new_password: None })));
        assert!(matches!(staff.authenticate(credentials("wang", OWN_PASSWORD, &code)).await, Err(StaffSignInError::NeedCode { wrong: true, .. })), "a code is used once");
        let next = current_code(&set_up.secret, "wang", Utc::now() + chrono::Duration::seconds(30)).unwrap();
        assert!(staff.authenticate(credentials("wang", OWN_PASSWORD, &next)).await.unwrap().is_some());
        assert!(staff.authenticate(credentials("nobody", PASSWORD, "")).await.unwrap().is_none());
    }

    async fn a_second_factor_is_sealed_and_useless_without_the_key(test_db) {
        let db = &test_db.db;
        let setup_code = create_staff(db, "li", Role::Admin, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        let secret = first_sign_in(&staff, "li", &setup_code).await;
        let stored = db.staff_sign_in("li").await.unwrap().unwrap().totp_secret.unwrap();
        assert!(!stored.contains(&secret), "the database holds no secret in the clear");
        // Another key (a copy of the database elsewhere) cannot use it.
        let elsewhere = backend(db);
        let code = current_code(&secret, "li", Utc::now() + chrono::Duration::seconds(30)).unwrap();
        assert!(matches!(elsewhere.authenticate(credentials("li", OWN_PASSWORD, &code)).await, Err(StaffSignInError::BadSecret(_))));
    }

    async fn five_wrong_tries_in_a_row_lock_a_username_whether_or_not_it_exists(test_db) {
        let db = &test_db.db;
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        for username in ["wang", "nobody"] {
            for _ in 0..4 {
                assert!(staff.authenticate(credentials(username, "wrong-password-1", "")).await.unwrap().is_none());
            }
            let fifth = staff.authenticate(credentials(username, "wrong-password-1", "")).await;
            assert!(matches!(fifth, Err(StaffSignInError::AccountLocked { .. })), "{username}: {fifth:?}");
            let right = staff.authenticate(credentials(username, PASSWORD, "")).await;
            assert!(matches!(right, Err(StaffSignInError::AccountLocked { .. })), "{username}: {right:?}");
        }
        // An admin lifts the lock.
        change_staff(db, "wang", AccountChange::Unlock, Some("admin")).await.unwrap();
        assert!(matches!(staff.authenticate(credentials("wang", PASSWORD, "")).await, Err(StaffSignInError::NeedSetUpCode { .. })));
    }

    async fn steps_that_only_ask_for_more_do_not_count_toward_the_lock(test_db) {
        let db = &test_db.db;
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        for _ in 0..8 {
            assert!(matches!(staff.authenticate(credentials("wang", PASSWORD, "")).await, Err(StaffSignInError::NeedSetUpCode { wrong: false })));
        }
    }

    async fn an_admin_resets_a_password_and_a_second_factor_and_the_owner_sets_both_again(test_db) {
        let db = &test_db.db;
        let setup_code = create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        first_sign_in(&staff, "wang", &setup_code).await;
        let temporary = change_staff(db, "wang", AccountChange::ResetPassword, Some("admin")).await.unwrap().unwrap();
        let new_code = change_staff(db, "wang", AccountChange::ResetSecondFactor, Some("admin")).await.unwrap().unwrap();
        assert!(staff.authenticate(credentials("wang", OWN_PASSWORD, "")).await.unwrap().is_none(), "the old password is gone");
        let with = |code: &str, new_password: &str| StaffCredentials {
            setup_code: new_code.clone(),
            new_password: new_password.into(),
            ..credentials("wang", &temporary, code)
        };
        let set_up = match staff.authenticate(with("", "")).await {
            Err(StaffSignInError::SetUp { set_up, .. }) => set_up,
            other => panic!("expected a new set-up, got {other:?}"),
        };
        let code = current_code(&set_up.secret, "wang", Utc::now()).unwrap();
        assert!(staff.authenticate(with(&code, "yet-another-harbour-9")).await.unwrap().is_some());
    }

    async fn a_disabled_account_cannot_sign_in_and_its_session_user_is_gone(test_db) {
        let db = &test_db.db;
        create_staff(db, "admin", Role::Admin, PASSWORD.into(), "system:cli").await.unwrap();
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        assert!(staff.get_user(&"wang".to_owned()).await.unwrap().is_some());
        change_staff(db, "wang", AccountChange::Disable, Some("admin")).await.unwrap();
        assert!(staff.get_user(&"wang".to_owned()).await.unwrap().is_none());
        assert!(staff.authenticate(credentials("wang", PASSWORD, "")).await.unwrap().is_none());
        // An admin cannot lock themselves out.
        assert!(matches!(change_staff(db, "admin", AccountChange::Disable, Some("admin")).await, Err(StaffError::OwnAccount)));
        assert!(matches!(
            change_staff(db, "admin", AccountChange::Role(Role::Agent), Some("admin")).await,
            Err(StaffError::OwnAccount)
        ));
    }

    async fn a_role_change_applies_to_the_next_request(test_db) {
        let db = &test_db.db;
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let before = backend(db).get_user(&"wang".to_owned()).await.unwrap().unwrap();
        change_staff(db, "wang", AccountChange::Role(Role::Auditor), Some("admin")).await.unwrap();
        let after = backend(db).get_user(&"wang".to_owned()).await.unwrap().unwrap();
        assert_eq!(after.role, Role::Auditor);
        // The session's hash changes too, so axum-login ends the old session.
        use axum_login::AuthUser;
        assert_ne!(before.session_auth_hash(), after.session_auth_hash());
    }

    // The chain is what these tests read: any action will do for the
    // entries they append.
    async fn verify_names_the_audit_row_that_was_edited(test_db) {
        let db = &test_db.db;
        for n in 0..5 {
            db.audit(&NewAuditEntry::new(1_000 + n, "staff:wang", AuditAction::PreferencesChange, "x", serde_json::json!({ "n": n })))
                .await
                .unwrap();
        }
        let intact = verify_chain(db).await.unwrap();
        assert_eq!((intact.verified, intact.first_break), (5, None));

        tamper(db, "UPDATE audit_log SET subject = 'y' WHERE seq = 3").await;
        let found = verify_chain(db).await.unwrap();
        assert_eq!(found.first_break, Some((3, Break::Altered)));
        assert_eq!(found.verified, 2);
    }

    async fn verify_notices_entries_removed_from_the_end(test_db) {
        let db = &test_db.db;
        for n in 0..3 {
            db.audit(&NewAuditEntry::new(n, "customer", AuditAction::PreferencesChange, "x", serde_json::json!({}))).await.unwrap();
        }
        tamper(db, "DELETE FROM audit_log WHERE seq = 3").await;
        assert_eq!(verify_chain(db).await.unwrap().first_break, Some((3, Break::Gap)));
    }

    async fn verify_finds_no_tampering_in_entries_written_while_it_walks(test_db) {
        let db = &test_db.db;
        // Enough entries for several batches of the walk.
        for n in 0..3_000 {
            db.audit(&NewAuditEntry::new(n, "customer", AuditAction::PreferencesChange, "x", serde_json::json!({}))).await.unwrap();
        }
        let writer = {
            let db = db.clone();
            tokio::spawn(async move {
                for n in 0..400 {
                    db.audit(&NewAuditEntry::new(10_000 + n, "customer", AuditAction::PreferencesChange, "x", serde_json::json!({}))).await.unwrap();
                    tokio::task::yield_now().await;
                }
            })
        };
        for _ in 0..5 {
            let found = verify_chain(db).await.unwrap();
            assert_eq!(found.first_break, None, "after {} entries", found.verified);
            assert!(found.verified >= 3_000);
        }
        writer.await.unwrap();
        assert_eq!(verify_chain(db).await.unwrap().verified, 3_400);
    }

    async fn sign_ins_failures_locks_and_set_ups_are_in_the_audit_log(test_db) {
        let db = &test_db.db;
        let setup_code = create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        first_sign_in(&staff, "wang", &setup_code).await;
        for _ in 0..5 {
            let _ = staff.authenticate(credentials("wang", "wrong-password-1", "")).await;
        }
        change_staff(db, "wang", AccountChange::ResetSecondFactor, Some("admin")).await.unwrap();
        let entries = db.audit_entries(&Default::default(), None, 100).await.unwrap();
        let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
        for action in ["staff.create", "staff.second_factor_set_up", "staff.password", "staff.sign_in", "staff.sign_in_failed", "staff.locked", "staff.reset_second_factor"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
        assert_eq!(actions.iter().filter(|a| **a == "staff.sign_in_failed").count(), 5);
    }
}
