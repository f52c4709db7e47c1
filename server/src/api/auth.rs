//! Bearer API keys on requests: who is calling, and whether their key
//! carries the scope a route needs. Keys themselves are made in
//! `reachguard_core::keys`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
pub use reachguard_core::keys::{Scope, hash_key};
use reachguard_storage::Database;

use super::problem::Problem;
use crate::rate_limit::{RateLimits, peer_address};
use reachguard_core::KeyCache;

/// Marker types naming each scope, for [`Authorized`], so that a route says
/// in its signature which scope it needs.
macro_rules! scope_markers {
    ($($name:ident),* $(,)?) => {
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

scope_markers! {
    Decisions,
    ContactsWrite,
    CustomersWrite,
    PreferencesRead,
    PreferencesWrite,
    ChangesRead,
    DncWrite,
    InboundWrite,
    LinksWrite,
    ProtectionWrite,
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
    pub fn actor(&self) -> reachguard_domain::Actor {
        reachguard_domain::Actor::System(self.name.clone())
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
    RateLimits: FromRef<S>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let limits = RateLimits::from_ref(state);
        let verified = Self::verify(parts, state, &limits).await?;
        limits
            .charge_key(&verified.name)
            .map_err(|over| Problem::too_many_requests(over, "this API key"))?;
        Ok(verified)
    }
}

impl Client {
    /// The client whose key the request carries. A key not in the cache is
    /// charged to the request's address before the database is asked.
    async fn verify<S>(parts: &Parts, state: &S, limits: &RateLimits) -> Result<Client, Problem>
    where
        S: Send + Sync,
        Database: FromRef<S>,
        KeyCache<Client>: FromRef<S>,
    {
        let charge_address = || {
            limits
                .charge_address(peer_address(&parts.extensions))
                .map_err(|over| Problem::too_many_requests(over, "this address"))
        };
        let Some(header) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
            charge_address()?;
            return Err(unauthorized(
                "send an API key as Authorization: Bearer <key>",
            ));
        };
        // The scheme's name is case-insensitive (RFC 9110 section 11.1).
        let key = header
            .to_str()
            .ok()
            .and_then(|v| v.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim());
        let Some(key) = key else {
            charge_address()?;
            return Err(unauthorized(
                "the Authorization header must be Bearer <key>",
            ));
        };
        let key_hash = hash_key(key);
        let cache = KeyCache::<Client>::from_ref(state);
        if let Some(client) = cache.get(&key_hash) {
            return Ok(client);
        }
        charge_address()?;
        let client_id = key
            .strip_prefix("rg_")
            .and_then(|rest| rest.split_once('_'))
            .map(|(id, _)| id)
            .filter(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| unauthorized("that is not a Reachguard API key"))?;
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
        // When the key was last used, for the keys page: written at most
        // once a minute, and off this request's path.
        let client_id = client.client_id.clone();
        tokio::spawn(async move {
            let now = chrono::Utc::now().timestamp();
            if let Err(error) = db.note_api_client_used(&client_id, now).await {
                tracing::warn!(%error, "cannot note when an API key was used");
            }
        });
        let client = Client {
            name: client.name,
            scopes,
        };
        cache.put(key_hash, client.clone());
        Ok(client)
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
    RateLimits: FromRef<St>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &St) -> Result<Self, Self::Rejection> {
        let client = Client::from_request_parts(parts, state).await?;
        client.require(S::SCOPE)?;
        Ok(Authorized(client, std::marker::PhantomData))
    }
}
