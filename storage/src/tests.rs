use super::*;
use reachguard_domain::PolicyPack;

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
