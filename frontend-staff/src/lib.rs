//! The staff pages' wasm. It is the borrowers' frontend (whose `hydrate`
//! export it carries) built with the staff portal's islands too; the server
//! names this bundle on pages under `/staff` and the smaller one elsewhere.
//! `scripts/site.sh` builds it beside the borrowers' bundle.

pub use reachguard_frontend::hydrate;
