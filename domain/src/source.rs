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

/// How a change reached the bank, beyond its source: the ledger keeps it so
/// that a borrower's history can say "by SMS reply 'TD'" or "through the
/// link in a message".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A preferences link, opened without a password (source `web`), named
    /// by the start of its token's hash, so that a change can be traced to
    /// the link (and the system that asked for it) without the token.
    PreferenceLink(String),
    /// A one-click unsubscribe link (source `web`), named likewise.
    OneClick(String),
    /// An SMS reply, as it read once normalised (source `sms_keyword`).
    SmsReply(String),
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::PreferenceLink(link) => write!(f, "link:{link}"),
            Via::OneClick(link) => write!(f, "one_click:{link}"),
            Via::SmsReply(text) => write!(f, "sms:{text}"),
        }
    }
}

impl FromStr for Via {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, rest) = s.split_once(':').unwrap_or((s, ""));
        match kind {
            "link" => Ok(Via::PreferenceLink(rest.to_owned())),
            "one_click" => Ok(Via::OneClick(rest.to_owned())),
            "sms" => Ok(Via::SmsReply(rest.to_owned())),
            _ => Err(format!("unknown way a change came: `{s}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_read_back_as_they_are_written() {
        for via in [
            Via::PreferenceLink("3f2a91c0".into()),
            Via::OneClick("b07d2e44".into()),
            Via::SmsReply("td 信用卡".into()),
            Via::SmsReply(String::new()),
        ] {
            assert_eq!(via.to_string().parse::<Via>(), Ok(via));
        }
        assert!("phone".parse::<Via>().is_err());
        assert_eq!(
            "sms:td: card".parse::<Via>(),
            Ok(Via::SmsReply("td: card".into()))
        );
    }
}
