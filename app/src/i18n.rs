//! The two languages borrowers read Reachguard in: the domain's own
//! [`Language`], which pages switch between.

pub use reachguard_domain::Language;
