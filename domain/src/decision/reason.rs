//! Reason codes (the contract's complete list) and their messages.

use serde::{Deserialize, Serialize};

use super::Ground;
use crate::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    UnknownCustomer,
    ChannelUnavailable,
    DoNotCall,
    OptedOut,
    ChannelDeclined,
    NationalDnc,
    Snoozed,
    OutsideLegalHours,
    OutsideContactWindow,
    FrequencyCap,
    PolicyCap,
    ProtectedCustomer,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 12] = [
        ReasonCode::UnknownCustomer,
        ReasonCode::ChannelUnavailable,
        ReasonCode::DoNotCall,
        ReasonCode::OptedOut,
        ReasonCode::ChannelDeclined,
        ReasonCode::NationalDnc,
        ReasonCode::Snoozed,
        ReasonCode::OutsideLegalHours,
        ReasonCode::OutsideContactWindow,
        ReasonCode::FrequencyCap,
        ReasonCode::PolicyCap,
        ReasonCode::ProtectedCustomer,
    ];

    /// The code its contract name names (`outside_legal_hours`), if any.
    pub fn from_code(code: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::UnknownCustomer => "unknown_customer",
            ReasonCode::ChannelUnavailable => "channel_unavailable",
            ReasonCode::DoNotCall => "do_not_call",
            ReasonCode::OptedOut => "opted_out",
            ReasonCode::ChannelDeclined => "channel_declined",
            ReasonCode::NationalDnc => "national_dnc",
            ReasonCode::Snoozed => "snoozed",
            ReasonCode::OutsideLegalHours => "outside_legal_hours",
            ReasonCode::OutsideContactWindow => "outside_contact_window",
            ReasonCode::FrequencyCap => "frequency_cap",
            ReasonCode::PolicyCap => "policy_cap",
            ReasonCode::ProtectedCustomer => "protected_customer",
        }
    }

    /// Whether waiting can lift this reason.
    pub fn lifts_with_time(self) -> bool {
        matches!(
            self,
            ReasonCode::Snoozed
                | ReasonCode::OutsideLegalHours
                | ReasonCode::OutsideContactWindow
                | ReasonCode::FrequencyCap
                | ReasonCode::PolicyCap
                | ReasonCode::ProtectedCustomer
        )
    }
}

/// One reason a request is denied: its code, and for people, which rule and
/// which setting, in words. The words are written in English and Chinese;
/// `message` is English until [`Reason::localize`] chooses. Made from its
/// [`Ground`] (`Ground::reason`), the one source of the words, whether
/// answered now or read back from a kept decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub code: ReasonCode,
    pub message: String,
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub message_zh: String,
    /// What the words were made from: what a kept decision keeps.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub ground: Option<Ground>,
}

impl Reason {
    /// Puts the message in `language`.
    pub fn localize(&mut self, language: Language) {
        if language == Language::ZhCn && !self.message_zh.is_empty() {
            self.message = std::mem::take(&mut self.message_zh);
        }
    }
}
