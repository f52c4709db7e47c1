//! The `reachguard` binary's library: the command line, and the HTTP app that
//! serves the pages and the lookup API.

pub mod cli;
mod health;
mod serve;
pub mod web;

pub use web::{AppState, router};
