//! Staff sign-in and the audit chain against a real database, on SQLite and
//! PostgreSQL: the second factor set up once and each code used once,
//! disabled accounts kept out, and "verify" naming the row someone edited.

use axum_login::AuthnBackend;
use chrono::Utc;
use reachguard_core::accounts::{StaffError, change_staff, create_staff};
use reachguard_core::audit::verify_chain;
use reachguard_core::signin::AddressThrottle;
use reachguard_core::staff::{StaffBackend, StaffCredentials, StaffSignInError, current_code};
use reachguard_domain::Role;
use reachguard_domain::audit::Break;
use reachguard_storage::{Database, NewAuditEntry, StaffChange, on_both_databases};

const PASSWORD: &str = "counter-harbour-2026";

fn credentials(username: &str, password: &str, code: &str) -> StaffCredentials {
    StaffCredentials {
        username: username.into(),
        password: password.into(),
        code: code.into(),
        address: None,
    }
}

fn backend(db: &Database) -> StaffBackend {
    StaffBackend::new(db.clone(), AddressThrottle::default())
}

/// Runs one statement as someone with database access would.
async fn tamper(db: &Database, sql: &str) {
    match db {
        Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

on_both_databases! {
    async fn an_agent_signs_in_with_a_password_alone(test_db) {
        let db = &test_db.db;
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let member = backend(db).authenticate(credentials("wang", PASSWORD, "")).await.unwrap().unwrap();
        assert_eq!((member.username.as_str(), member.role), ("wang", Role::Agent));
        assert!(backend(db).authenticate(credentials("wang", "wrong-password-1", "")).await.unwrap().is_none());
        assert!(backend(db).authenticate(credentials("nobody", PASSWORD, "")).await.unwrap().is_none());
    }

    async fn an_admin_sets_up_a_second_factor_then_needs_a_fresh_code_each_time(test_db) {
        let db = &test_db.db;
        create_staff(db, "li", Role::Admin, PASSWORD.into(), "system:cli").await.unwrap();
        let set_up = match backend(db).authenticate(credentials("li", PASSWORD, "")).await {
            Err(StaffSignInError::SetUp { set_up, wrong_code: false }) => set_up,
            other => panic!("expected a set-up, got {other:?}"),
        };
        // A wrong code shows the same secret again.
        match backend(db).authenticate(credentials("li", PASSWORD, "000000x")).await {
            Err(StaffSignInError::SetUp { set_up: again, wrong_code: true }) => assert_eq!(again, set_up),
            other => panic!("expected the same set-up, got {other:?}"),
        }
        // A wrong password shows nothing.
        assert!(backend(db).authenticate(credentials("li", "wrong-password-1", "")).await.unwrap().is_none());
        let code = current_code(&set_up.secret, "li", Utc::now()).unwrap();
        let member = backend(db).authenticate(credentials("li", PASSWORD, &code)).await.unwrap().unwrap();
        assert_eq!(member.role, Role::Admin);
        // Set up: the next sign-in asks for a code, and the used one fails.
        assert!(matches!(backend(db).authenticate(credentials("li", PASSWORD, "")).await, Err(StaffSignInError::NeedCode)));
        assert!(matches!(backend(db).authenticate(credentials("li", PASSWORD, &code)).await, Err(StaffSignInError::WrongCode)));
        let next = current_code(&set_up.secret, "li", Utc::now() + chrono::Duration::seconds(30)).unwrap();
        assert!(backend(db).authenticate(credentials("li", PASSWORD, &next)).await.unwrap().is_some());
    }

    async fn a_disabled_account_cannot_sign_in_and_its_session_user_is_gone(test_db) {
        let db = &test_db.db;
        create_staff(db, "admin", Role::Admin, PASSWORD.into(), "system:cli").await.unwrap();
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let staff = backend(db);
        assert!(staff.get_user(&"wang".to_owned()).await.unwrap().is_some());
        change_staff(db, "wang", StaffChange::Disable, "admin").await.unwrap();
        assert!(staff.get_user(&"wang".to_owned()).await.unwrap().is_none());
        assert!(staff.authenticate(credentials("wang", PASSWORD, "")).await.unwrap().is_none());
        // An admin cannot lock themselves out.
        assert!(matches!(change_staff(db, "admin", StaffChange::Disable, "admin").await, Err(StaffError::OwnAccount)));
        assert!(matches!(
            change_staff(db, "admin", StaffChange::Role(Role::Agent), "admin").await,
            Err(StaffError::OwnAccount)
        ));
    }

    async fn a_role_change_applies_to_the_next_request(test_db) {
        let db = &test_db.db;
        create_staff(db, "wang", Role::Agent, PASSWORD.into(), "system:cli").await.unwrap();
        let before = backend(db).get_user(&"wang".to_owned()).await.unwrap().unwrap();
        change_staff(db, "wang", StaffChange::Role(Role::Auditor), "admin").await.unwrap();
        let after = backend(db).get_user(&"wang".to_owned()).await.unwrap().unwrap();
        assert_eq!(after.role, Role::Auditor);
        // The session's hash changes too, so axum-login ends the old session.
        use axum_login::AuthUser;
        assert_ne!(before.session_auth_hash(), after.session_auth_hash());
    }

    async fn verify_names_the_audit_row_that_was_edited(test_db) {
        let db = &test_db.db;
        for n in 0..5 {
            db.audit(&NewAuditEntry::new(1_000 + n, "staff:wang", "test.entry", "x", serde_json::json!({ "n": n })))
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
            db.audit(&NewAuditEntry::new(n, "customer", "test.entry", "x", serde_json::json!({}))).await.unwrap();
        }
        tamper(db, "DELETE FROM audit_log WHERE seq = 3").await;
        assert_eq!(verify_chain(db).await.unwrap().first_break, Some((3, Break::Gap)));
    }

    async fn verify_finds_no_tampering_in_entries_written_while_it_walks(test_db) {
        let db = &test_db.db;
        // Enough entries for several batches of the walk.
        for n in 0..3_000 {
            db.audit(&NewAuditEntry::new(n, "customer", "test.entry", "x", serde_json::json!({}))).await.unwrap();
        }
        let writer = {
            let db = db.clone();
            tokio::spawn(async move {
                for n in 0..400 {
                    db.audit(&NewAuditEntry::new(10_000 + n, "customer", "test.entry", "x", serde_json::json!({}))).await.unwrap();
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
}
