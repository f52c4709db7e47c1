//! The `reachguard` binary's library: the command line, and the HTTP app that
//! serves the pages and the lookup API.

pub mod api;
pub mod cli;
pub mod commands;
mod demo;
mod health;
mod portal;
mod serve;
mod staff_portal;
pub mod web;

pub use web::{AppState, router};
