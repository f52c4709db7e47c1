//! The words and decision rules of Reachguard (contract sections 1 to 3).
//!
//! Everything here is plain data and pure functions: no clock, no database,
//! no HTTP. The same inputs always give the same decision, which is what lets
//! the rules be tested exhaustively and every bank system be answered alike.

/// Describes a type that travels as a string in the OpenAPI document.
#[cfg(feature = "openapi")]
macro_rules! string_schema {
    ($type:ty, $description:literal, $example:literal) => {
        impl utoipa::PartialSchema for $type {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some($description))
                    .examples([$example])
                    .into()
            }
        }

        impl utoipa::ToSchema for $type {}
    };
}
#[cfg(feature = "openapi")]
pub(crate) use string_schema;

pub mod actor;
pub mod attempt;
pub mod audit;
pub mod channel;
pub mod clock;
pub mod complaint;
pub mod customer;
pub mod decision;
pub mod keyword;
pub mod link;
pub mod pack;
pub mod policy;
pub mod policy_diff;
pub mod preferences;
pub mod protection;
pub mod purpose;
pub mod role;
pub mod source;
pub mod what_if;

pub use actor::Actor;
pub use attempt::{ContactAttempt, Outcome};
pub use channel::Channel;
pub use clock::{ClockTime, Day, LocalHours};
pub use complaint::{ComplaintCategory, ComplaintState, ComplaintStatus, ComplaintStep};
pub use customer::{CustomerId, Phone};
pub use decision::{
    About, Alternative, AttemptsNeeded, CustomerFacts, Decision, Ground, KeptDecisionForm,
    KeptRead, Question, Reason, ReasonCode, UnreadableKept, Verdict, attempts_needed, decide,
};
pub use pack::PolicyPack;
pub use policy::{BankSettings, Policy, TopicName};
pub use preferences::{
    ContactWindow, Language, Preferences, PreferencesProblem, PreferencesWrite, PurposeChoice,
};
pub use protection::{CareReason, Protection};
pub use purpose::{Purpose, PurposeClass};
pub use role::{Role, StaffAction};
pub use source::{Source, Via};

/// One thing wrong with an input, named by its field path
/// (`purposes.collections.channels`), for the API's problem details and the
/// message beside a field on a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}
