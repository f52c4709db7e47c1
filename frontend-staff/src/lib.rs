//! The staff pages' wasm. It is the borrowers' frontend (whose `hydrate`
//! export it carries) built with the staff portal's islands too; the server
//! names this bundle on pages under `/staff` and the smaller one elsewhere.
//! `scripts/staff-wasm.sh` builds it beside what cargo-leptos builds.

pub use reachguard_frontend::hydrate;
