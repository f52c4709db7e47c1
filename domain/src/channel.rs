//! Channels: the ways the bank can reach a customer.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Voice,
    Sms,
    Email,
    /// The bank's app.
    Push,
    Wechat,
    Post,
}

impl Channel {
    /// Every channel, in the order a purpose accepts them by default.
    pub const DEFAULT_ORDER: [Channel; 6] = [
        Channel::Sms,
        Channel::Push,
        Channel::Wechat,
        Channel::Email,
        Channel::Voice,
        Channel::Post,
    ];

    /// The channel's letter in a kept decision's alternatives: written for
    /// every decision kept, so never change one.
    pub fn letter(self) -> char {
        match self {
            Channel::Voice => 'v',
            Channel::Sms => 's',
            Channel::Email => 'e',
            Channel::Push => 'p',
            Channel::Wechat => 'w',
            Channel::Post => 'o',
        }
    }

    pub fn from_letter(letter: char) -> Option<Channel> {
        Channel::DEFAULT_ORDER
            .into_iter()
            .find(|c| c.letter() == letter)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Push => "push",
            Channel::Wechat => "wechat",
            Channel::Post => "post",
        }
    }

    /// `voice` and `sms` need a phone number on file.
    pub fn needs_phone(self) -> bool {
        matches!(self, Channel::Voice | Channel::Sms)
    }

    /// `email` needs an e-mail address on file.
    pub fn needs_email(self) -> bool {
        self == Channel::Email
    }

    /// Channels that interrupt the customer, so contact windows bind them.
    pub fn is_windowed(self) -> bool {
        matches!(
            self,
            Channel::Voice | Channel::Sms | Channel::Push | Channel::Wechat
        )
    }

    /// Channels the pack's legal calling hours bind.
    pub fn has_legal_hours(self) -> bool {
        matches!(self, Channel::Voice | Channel::Sms)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel `{0}`: expected one of voice, sms, email, push, wechat, post")]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::DEFAULT_ORDER
            .into_iter()
            .find(|channel| channel.as_str() == s)
            .ok_or_else(|| UnknownChannel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_parses_back_from_its_name_and_serde_agrees() {
        for channel in Channel::DEFAULT_ORDER {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
            assert_eq!(
                serde_json::to_string(&channel).unwrap(),
                format!("\"{channel}\"")
            );
        }
    }

    #[test]
    fn the_default_order_names_every_channel_once() {
        let mut seen = Channel::DEFAULT_ORDER.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 6);
    }

    #[test]
    fn only_voice_and_sms_need_a_phone_and_only_email_an_address() {
        let phone: Vec<_> = Channel::DEFAULT_ORDER
            .into_iter()
            .filter(|c| c.needs_phone())
            .collect();
        assert_eq!(phone, [Channel::Sms, Channel::Voice]);
        let email: Vec<_> = Channel::DEFAULT_ORDER
            .into_iter()
            .filter(|c| c.needs_email())
            .collect();
        assert_eq!(email, [Channel::Email]);
    }

    #[test]
    fn windows_bind_voice_sms_push_and_wechat_but_not_email_or_post() {
        let windowed: Vec<_> = Channel::DEFAULT_ORDER
            .into_iter()
            .filter(|c| c.is_windowed())
            .collect();
        assert_eq!(
            windowed,
            [Channel::Sms, Channel::Push, Channel::Wechat, Channel::Voice]
        );
    }

    #[test]
    fn an_unknown_channel_is_refused_by_name() {
        assert_eq!("fax".parse::<Channel>(), Err(UnknownChannel("fax".into())));
    }
}
