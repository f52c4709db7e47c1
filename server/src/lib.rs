//! The `reachguard` binary's library: the command line, and the HTTP app that
//! serves the pages and the lookup API.

// The pages' view types nest deeply (each page is one type built of its
// elements), and rustc's default limit of 128 stops computing their layout.
#![recursion_limit = "256"]

pub mod api;
mod campaign_list;
pub mod cli;
pub mod client_address;
pub mod commands;
mod demo;
mod headers;
mod health;
mod lines;
pub mod listen;
pub mod metrics;
mod national_list;
mod observe;
mod portal;
pub mod private;
pub mod rate_limit;
mod serve;
mod staff_portal;
mod timeout;
mod unsubscribe;
pub mod web;

pub use web::{AppState, router};
