//! Bearer API keys and their scopes.
//!
//! A key is `rg_<client id>_<secret>`. The client id finds the client; the
//! SHA-256 of the whole key must match the stored hash. Keys are 256-bit
//! random, so a fast hash is as safe as a slow one and costs nothing per
//! request.

use std::fmt;
use std::str::FromStr;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use rand::RngCore;
use reachguard_storage::Database;
use sha2::{Digest, Sha256};

use super::problem::Problem;
use reachguard_core::KeyCache;

/// Declares the scopes once: the enum, their contract names, `Scope::ALL`,
/// and a marker type each for [`Authorized`].
macro_rules! scopes {
    ($($name:ident => $text:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scope {
            $($name),*
        }

        impl Scope {
            pub const ALL: [Scope; [$($text),*].len()] = [$(Scope::$name),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Scope::$name => $text),*
                }
            }
        }

        /// Marker types naming each scope, for [`Authorized`].
        pub mod needs {
            use super::{RequiredScope, Scope};
            $(
                pub struct $name;
                impl RequiredScope for $name {
                    const SCOPE: Scope = Scope::$name;
                }
            )*
        }
    };
}

scopes! {
    Decisions => "decisions",
    ContactsWrite => "contacts.write",
    CustomersWrite => "customers.write",
    PreferencesRead => "preferences.read",
    PreferencesWrite => "preferences.write",
    ChangesRead => "changes.read",
    DncWrite => "dnc.write",
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Scope::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown scope `{s}`: expected {}", names.join(", "))
            })
    }
}

/// A new key, shown once; only its hash is stored.
pub struct NewKey {
    pub client_id: String,
    pub key: String,
    pub key_hash: String,
}

pub fn new_key() -> NewKey {
    let mut rng = rand::rng();
    let mut id = [0u8; 6];
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut id);
    rng.fill_bytes(&mut secret);
    let client_id = hex::encode(id);
    let key = format!("rg_{client_id}_{}", hex::encode(secret));
    let key_hash = hash_key(&key);
    NewKey {
        client_id,
        key,
        key_hash,
    }
}

pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The bank system making the request.
#[derive(Debug, Clone)]
pub struct Client {
    pub name: String,
    scopes: Vec<Scope>,
}

impl Client {
    /// 403 unless the key carries `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(Problem::new(
                StatusCode::FORBIDDEN,
                "Missing scope",
                format!("this API key lacks the `{scope}` scope"),
            ))
        }
    }

    /// How the ledger names changes this client makes.
    pub fn actor(&self) -> String {
        format!("system:{}", self.name)
    }
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, "Not authenticated", detail)
}

impl<S> FromRequestParts<S> for Client
where
    S: Send + Sync,
    Database: FromRef<S>,
    KeyCache<Client>: FromRef<S>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("send an API key as Authorization: Bearer <key>"))?;
        let key = header
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| unauthorized("the Authorization header must be Bearer <key>"))?;
        let client_id = key
            .strip_prefix("rg_")
            .and_then(|rest| rest.split_once('_'))
            .map(|(id, _)| id)
            .filter(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| unauthorized("that is not a Reachguard API key"))?;
        let key_hash = hash_key(key);
        let cache = KeyCache::<Client>::from_ref(state);
        if let Some(client) = cache.get(&key_hash) {
            return Ok(client);
        }
        let db = Database::from_ref(state);
        let client = db
            .api_client(client_id)
            .await?
            .filter(|c| c.revoked_at.is_none())
            .ok_or_else(|| unauthorized("that API key is unknown or revoked"))?;
        let matches = constant_time_eq(key_hash.as_bytes(), client.key_hash.as_bytes());
        if !matches {
            return Err(unauthorized("that API key is unknown or revoked"));
        }
        let scopes = client
            .scopes
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect();
        Ok(Client {
            name: client.name,
            scopes,
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A client whose key carries the scope `S`: checked while extracting, so
/// that a key without the scope gets 403 before its body is even read.
pub struct Authorized<S>(pub Client, pub std::marker::PhantomData<S>);

pub trait RequiredScope {
    const SCOPE: Scope;
}

impl<S, St> FromRequestParts<St> for Authorized<S>
where
    S: RequiredScope,
    St: Send + Sync,
    Database: FromRef<St>,
    KeyCache<Client>: FromRef<St>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &St) -> Result<Self, Self::Rejection> {
        let client = Client::from_request_parts(parts, state).await?;
        client.require(S::SCOPE)?;
        Ok(Authorized(client, std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_names_its_client_and_hashes_to_the_stored_hash() {
        let key = new_key();
        assert!(key.key.starts_with(&format!("rg_{}_", key.client_id)));
        assert_eq!(key.key.len(), 3 + 12 + 1 + 64);
        assert_eq!(hash_key(&key.key), key.key_hash);
        assert_ne!(new_key().key, key.key);
    }

    #[test]
    fn scopes_parse_from_their_contract_names() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
        }
        assert!("admin".parse::<Scope>().unwrap_err().contains("decisions"));
    }
}
