//! The `reachguard` binary's library: the command line, and the HTTP app that
//! serves the pages and the lookup API.

pub mod api;
mod cache;
pub mod cli;
pub mod commands;
mod decider;
pub mod decision_log;
mod demo;
mod health;
mod serve;
pub mod web;

pub use web::{AppState, router};
