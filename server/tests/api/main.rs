//! The lookup API against a real database: SQLite always, PostgreSQL when
//! `REACHGUARD_TEST_POSTGRES_URL` is set.

mod helpers;

mod access;
mod care;
mod customers;
mod decisions;
mod docs;
mod inbound;
mod links;
mod malformed;
mod observability;
mod preferences;
mod stream;
