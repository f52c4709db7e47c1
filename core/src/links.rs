//! Preference links and one-click unsubscribe (contract section 9): a
//! link in a message opens the customer's preferences without a password,
//! or takes one channel away from one marketing purpose.
//!
//! A link is the public address, a path and a token of 128 random bits
//! (22 characters of base64url). Only the token's SHA-256 is kept, so the
//! database cannot hand out a working link; a link lasts 30 days.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use reachguard_domain::{Actor, Channel, CustomerId, Purpose, Source, Via};
use reachguard_storage::{ChangeBy, NewLink, StorageError, WritePreferencesError};
use sha2::{Digest, Sha256};

use crate::Services;

pub use reachguard_domain::link::{PREFERENCES_PATH, UNSUBSCRIBE_PATH};

/// Hex characters of a token's hash that name its link in the ledger.
const LINK_ID_CHARS: usize = 8;

/// How long a link works.
pub const LINK_LIFETIME: Duration = Duration::days(30);

/// The address people and links use (`--public-url`): a scheme, a host,
/// perhaps a port and a path, without a trailing slash. At most 64
/// characters, so that an SMS reply always has room for its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    base: String,
    origin_len: usize,
}

impl PublicUrl {
    pub const MAX_LEN: usize = reachguard_domain::link::MAX_PUBLIC_URL;

    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let base = text.trim().trim_end_matches('/');
        let (scheme, rest) = base.split_once("://").ok_or_else(|| {
            format!("`{text}` is not an address such as https://contact.bank.example")
        })?;
        if scheme != "https" && scheme != "http" {
            return Err(format!("`{text}` must begin with https:// (or http://)"));
        }
        let host_len = rest.find('/').unwrap_or(rest.len());
        let host = &rest[..host_len];
        let clean = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~:[]%/".contains(&b))
        };
        if host.is_empty() || !clean(rest) || rest.contains("//") {
            return Err(format!(
                "`{text}` is not an address such as https://contact.bank.example"
            ));
        }
        // A default port is not part of the origin browsers send.
        let default_port = if scheme == "https" { ":443" } else { ":80" };
        let (host, base) = match host.strip_suffix(default_port) {
            Some(bare) => (bare, format!("{scheme}://{bare}{}", &rest[host_len..])),
            None => (host, base.to_owned()),
        };
        let host_len = host.len();
        if base.len() > PublicUrl::MAX_LEN {
            return Err(format!(
                "`{text}` is longer than {} characters: an SMS reply must have room for its link",
                PublicUrl::MAX_LEN
            ));
        }
        Ok(PublicUrl {
            origin_len: scheme.len() + 3 + host_len,
            base,
        })
    }

    /// The address a server listening on `addr` answers at, for when no
    /// public address is set (a developer's machine, the tests).
    pub fn of_listener(addr: std::net::SocketAddr) -> PublicUrl {
        PublicUrl::parse(&format!("http://{addr}")).expect("a socket address makes an address")
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.base[..self.origin_len]
    }

    pub fn is_https(&self) -> bool {
        self.base.starts_with("https://")
    }

    pub fn preferences_link(&self, token: &str) -> String {
        format!("{}{PREFERENCES_PATH}{token}", self.base)
    }

    pub fn unsubscribe_link(&self, token: &str) -> String {
        format!("{}{UNSUBSCRIBE_PATH}{token}", self.base)
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base)
    }
}

/// A new token and the hash that is kept of it.
pub(crate) fn new_token() -> (String, String) {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A preferences link about to be kept, for `customer`.
pub(crate) fn preferences_link_for(
    customer: &str,
    created_by: &str,
    now: DateTime<Utc>,
) -> (String, NewLink) {
    let (token, token_hash) = new_token();
    let link = NewLink {
        token_hash,
        customer_id: customer.to_owned(),
        purpose: None,
        channel: None,
        created_at: now.timestamp(),
        expires_at: (now + LINK_LIFETIME).timestamp(),
        created_by: created_by.to_owned(),
    };
    (token, link)
}

/// The links a bank system puts in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub url: String,
    pub unsubscribe_url: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// What an unsubscribe link takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub purpose: Purpose,
    pub channel: Channel,
}

/// What a link opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub customer: CustomerId,
    /// The start of the token's hash: names the link in the ledger (the
    /// database keeps the rest) without revealing the token.
    pub link_id: String,
    /// Set for an unsubscribe link.
    pub unsubscribe: Option<Unsubscribe>,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// No link has that token: never made, or altered (404).
    #[error("this link is not known")]
    Unknown,
    /// It was made, and its 30 days are over (410).
    #[error("this link has expired")]
    Expired,
    #[error("no customer has the number `{0}`")]
    NoCustomer(CustomerId),
    #[error("`{0}` is not a marketing purpose of this bank")]
    NotMarketing(Purpose),
    /// The preferences kept changing while this was written.
    #[error("the customer's preferences kept changing; try again")]
    Busy,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What an unsubscribe link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscribed {
    /// The channel is off the purpose now.
    Now,
    /// It was off already: nothing was written.
    Already,
}

impl Services {
    /// A preferences link for the customer and, given a marketing purpose
    /// and a channel, an unsubscribe link for them.
    pub async fn preference_links(
        &self,
        customer: &CustomerId,
        unsubscribe: Option<Unsubscribe>,
        created_by: &str,
    ) -> Result<Links, LinkError> {
        if self.db.customer(customer.as_str()).await?.is_none() {
            return Err(LinkError::NoCustomer(customer.clone()));
        }
        if let Some(Unsubscribe { purpose, .. }) = &unsubscribe {
            let policy = self.policy.current(&self.db).await?;
            if !purpose.is_marketing() || !policy.knows(purpose) {
                return Err(LinkError::NotMarketing(purpose.clone()));
            }
        }
        let now = Utc::now();
        let (token, link) = preferences_link_for(customer.as_str(), created_by, now);
        let mut links = vec![link];
        let mut unsubscribe_url = None;
        if let Some(Unsubscribe { purpose, channel }) = unsubscribe {
            let (token, token_hash) = new_token();
            links.push(NewLink {
                token_hash,
                purpose: Some(purpose.to_string()),
                channel: Some(channel.to_string()),
                ..links[0].clone()
            });
            unsubscribe_url = Some(self.public_url.unsubscribe_link(&token));
        }
        self.db.create_links(&links).await?;
        Ok(Links {
            url: self.public_url.preferences_link(&token),
            unsubscribe_url,
            expires_at: DateTime::from_timestamp(links[0].expires_at, 0).unwrap_or(now),
        })
    }

    /// What a link's token opens, if it still works.
    pub async fn open_link(&self, token: &str) -> Result<Grant, LinkError> {
        // Anything not shaped like a token was never one.
        if !reachguard_domain::link::is_token_shaped(token) {
            return Err(LinkError::Unknown);
        }
        let hash = token_hash(token);
        let link = self.db.link(&hash).await?.ok_or(LinkError::Unknown)?;
        if link.expires_at <= Utc::now().timestamp() {
            return Err(LinkError::Expired);
        }
        let customer = CustomerId::parse(&link.customer_id).map_err(|_| LinkError::Unknown)?;
        let unsubscribe = match (link.purpose, link.channel) {
            (Some(purpose), Some(channel)) => Some(Unsubscribe {
                purpose: purpose.parse().map_err(|_| LinkError::Unknown)?,
                channel: channel.parse().map_err(|_| LinkError::Unknown)?,
            }),
            _ => None,
        };
        Ok(Grant {
            customer,
            link_id: hash[..LINK_ID_CHARS].to_owned(),
            unsubscribe,
        })
    }

    /// Takes the link's channel away from its purpose, as the customer
    /// (source `web`, through a one-click link). Repeating it changes
    /// nothing more.
    pub async fn unsubscribe(&self, token: &str) -> Result<(Grant, Unsubscribed), LinkError> {
        let grant = self.open_link(token).await?;
        let Some(Unsubscribe { purpose, channel }) = grant.unsubscribe.clone() else {
            return Err(LinkError::Unknown);
        };
        let by =
            ChangeBy::new(&Actor::Customer, Source::Web).via(Via::OneClick(grant.link_id.clone()));
        // A change made meanwhile is read again, never overwritten.
        for _ in 0..5 {
            let record = self
                .db
                .customer(grant.customer.as_str())
                .await?
                .ok_or_else(|| LinkError::NoCustomer(grant.customer.clone()))?;
            let policy = self.policy.current(&self.db).await?;
            let mut before = record.preferences.clone();
            before.fill_defaults(&policy);
            let mut after = before.clone();
            let Some(choice) = after.purposes.get_mut(&purpose) else {
                // The topic is gone: nothing of it is sent.
                return Ok((grant, Unsubscribed::Already));
            };
            if !choice.channels.contains(&channel) {
                return Ok((grant, Unsubscribed::Already));
            }
            choice.channels.retain(|c| *c != channel);
            choice.explicit = true;
            match self
                .db
                .write_preferences(&grant.customer, record.version, &before, &after, &by)
                .await
            {
                Ok(_) => return Ok((grant, Unsubscribed::Now)),
                Err(WritePreferencesError::Stale { .. }) => continue,
                Err(WritePreferencesError::NotFound) => {
                    return Err(LinkError::NoCustomer(grant.customer.clone()));
                }
                Err(WritePreferencesError::Storage(error)) => return Err(error.into()),
            }
        }
        Err(LinkError::Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_address_keeps_its_path_and_names_its_origin() {
        let url = PublicUrl::parse("https://bank.example:8443/contact/").unwrap();
        assert_eq!(url.to_string(), "https://bank.example:8443/contact");
        assert_eq!(url.origin(), "https://bank.example:8443");
        assert_eq!(
            url.preferences_link("abc"),
            "https://bank.example:8443/contact/p/abc"
        );
        let plain = PublicUrl::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(plain.origin(), "http://127.0.0.1:3000");
        // Browsers leave a default port out of `Origin`.
        let default = PublicUrl::parse("https://bank.example:443/c").unwrap();
        assert_eq!(
            (default.origin(), default.to_string().as_str()),
            ("https://bank.example", "https://bank.example/c")
        );
        assert_eq!(
            PublicUrl::parse("http://bank.example:80").unwrap().origin(),
            "http://bank.example"
        );
    }

    #[test]
    fn a_public_address_is_refused_when_it_is_not_one_or_too_long() {
        for bad in [
            "",
            "bank.example",
            "ftp://bank.example",
            "https://",
            "https://bank example",
            "https://bank.example/a b",
            "https://bank.example/?x=1",
            "https://bank.example//p",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://{}.example", "a".repeat(50));
        assert!(PublicUrl::parse(&long).is_err());
    }

    #[test]
    fn tokens_are_22_characters_of_base64url_and_never_repeat() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert!(reachguard_domain::link::is_token_shaped(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(hash_a, token_hash(&a));
    }

    #[test]
    fn the_longest_link_fits_an_sms_reply() {
        let url =
            PublicUrl::parse(&format!("https://{}", "a".repeat(PublicUrl::MAX_LEN - 8))).unwrap();
        let (token, _) = new_token();
        assert_eq!(
            url.preferences_link(&token).chars().count(),
            reachguard_domain::link::MAX_LINK
        );
    }
}
