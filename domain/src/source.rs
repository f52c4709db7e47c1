//! Sources: through what a preference change reached the bank, as the
//! consent ledger records it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Through what a change reached the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Web,
    Phone,
    Branch,
    Ivr,
    SmsKeyword,
    Api,
}

impl Source {
    pub const ALL: [Source; 6] = [
        Source::Web,
        Source::Phone,
        Source::Branch,
        Source::Ivr,
        Source::SmsKeyword,
        Source::Api,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Phone => "phone",
            Source::Branch => "branch",
            Source::Ivr => "ivr",
            Source::SmsKeyword => "sms_keyword",
            Source::Api => "api",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Source::ALL
            .into_iter()
            .find(|source| source.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown source `{s}`: expected web, phone, branch, ivr, sms_keyword or api"
                )
            })
    }
}
