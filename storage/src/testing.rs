//! Throwaway databases for tests, on either backend.
//!
//! SQLite tests get a new file in a temporary folder. PostgreSQL tests run
//! when `REACHGUARD_TEST_POSTGRES_URL` names a server (any database on it the
//! user may connect to): each test gets a database of its own, created fresh
//! and dropped when the test ends.

use crate::Database;

/// The variable that enables the PostgreSQL tests.
pub const POSTGRES_URL_VAR: &str = "REACHGUARD_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Database {
    /// Makes every link expire now, as if its 30 days were over.
    pub async fn expire_links_for_tests(&self) -> Result<(), crate::StorageError> {
        crate::with_pool!(self, pool => sqlx::query("UPDATE preference_links SET expires_at = created_at - 1")
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}

/// A migrated, empty database that is removed when dropped.
pub struct TestDatabase {
    pub db: Database,
    /// The URL a separate process (such as the server binary) can open.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A fresh database, or `None` for PostgreSQL when no server is named.
    pub async fn new(backend: Backend) -> Option<TestDatabase> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }

    pub async fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("reachguard.db").display());
        let db = Database::connect(&url)
            .await
            .expect("a new SQLite database");
        TestDatabase {
            db,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    pub async fn postgres() -> Option<TestDatabase> {
        let admin_url = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = format!("reachguard_test_{:016x}", rand::random::<u64>());
        let admin = sqlx::PgPool::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("{POSTGRES_URL_VAR} is set but the server does not answer: {e}")
        });
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("CREATE DATABASE for a test");
        admin.close().await;
        let mut url = url::Url::parse(&admin_url).expect("a valid PostgreSQL URL");
        url.set_path(&name);
        let url = url.to_string();
        let db = Database::connect(&url)
            .await
            .expect("the new test database");
        Some(TestDatabase {
            db,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self.cleanup else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let drop_sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        // Drop runs inside the test's runtime, which cannot be blocked on, so
        // the database is dropped from a thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = sqlx::PgPool::connect(&admin_url).await.ok()?;
                sqlx::query(&drop_sql).execute(&admin).await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop the test database {name}");
        }
    }
}

/// Writes each test twice: once on SQLite, once on PostgreSQL (which says it
/// was skipped when `REACHGUARD_TEST_POSTGRES_URL` is not set).
///
/// ```ignore
/// on_both_databases! {
///     async fn healthz_answers(test_db) { /* test_db: TestDatabase */ }
/// }
/// ```
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($db:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[::tokio::test]
            async fn on_sqlite() {
                let $db = $crate::testing::TestDatabase::sqlite().await;
                $body
            }

            #[::tokio::test]
            async fn on_postgres() {
                let Some($db) = $crate::testing::TestDatabase::postgres().await else {
                    eprintln!(
                        "skipped: set {} to run this test on PostgreSQL",
                        $crate::testing::POSTGRES_URL_VAR
                    );
                    return;
                };
                $body
            }
        }
    )*};
}
