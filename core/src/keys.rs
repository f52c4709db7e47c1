//! API keys for bank systems: made by an admin (command line now, the
//! staff pages later), shown once, stored only as a hash.
//!
//! A key is `rg_<client id>_<secret>`. The client id finds the client; the
//! SHA-256 of the whole key must match the stored hash. Keys are 256-bit
//! random, so a fast hash is as safe as a slow one and costs nothing per
//! request.

use std::fmt;
use std::str::FromStr;

use rand::RngCore;
use reachguard_domain::Actor;
use reachguard_storage::{ApiClient, CreateError, Database, StorageError};
use sha2::{Digest, Sha256};

/// What a key allows (contract section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
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

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::Decisions,
        Scope::ContactsWrite,
        Scope::CustomersWrite,
        Scope::PreferencesRead,
        Scope::PreferencesWrite,
        Scope::ChangesRead,
        Scope::DncWrite,
        Scope::InboundWrite,
        Scope::LinksWrite,
        Scope::ProtectionWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Decisions => "decisions",
            Scope::ContactsWrite => "contacts.write",
            Scope::CustomersWrite => "customers.write",
            Scope::PreferencesRead => "preferences.read",
            Scope::PreferencesWrite => "preferences.write",
            Scope::ChangesRead => "changes.read",
            Scope::DncWrite => "dnc.write",
            Scope::InboundWrite => "inbound.write",
            Scope::LinksWrite => "links.write",
            Scope::ProtectionWrite => "protection.write",
        }
    }
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

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the name must be 1 to 64 characters without spaces, such as `dialer`")]
    BadName,
    #[error("name at least one scope, such as decisions,contacts.write")]
    NoScope,
    #[error(transparent)]
    Create(#[from] CreateError),
}

/// Makes a key for the bank system `name` with `scopes`; returns the key,
/// which is never stored.
pub async fn create_api_key(
    db: &Database,
    name: &str,
    scopes: &[Scope],
    created_by: &Actor,
) -> Result<String, KeyError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > 64
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
        || !crate::text::is_clean(name, false)
    {
        return Err(KeyError::BadName);
    }
    let mut unique: Vec<Scope> = Vec::new();
    for scope in scopes {
        if !unique.contains(scope) {
            unique.push(*scope);
        }
    }
    if unique.is_empty() {
        return Err(KeyError::NoScope);
    }
    let key = new_key();
    let client = ApiClient {
        client_id: key.client_id,
        name: name.to_owned(),
        key_hash: key.key_hash,
        scopes: unique
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        revoked_at: None,
    };
    db.insert_api_client(&client, &created_by.to_string())
        .await?;
    Ok(key.key)
}

/// Every API key, revoked ones too, without their secrets.
pub async fn list(
    services: &crate::Services,
) -> Result<Vec<reachguard_storage::ApiClientListing>, StorageError> {
    services.db.api_clients().await
}

/// Revokes the key `name` for good, audited as `actor`'s; false when there
/// is no such key (or it was revoked already).
pub async fn revoke(
    services: &crate::Services,
    name: &str,
    actor: &str,
) -> Result<bool, StorageError> {
    services
        .db
        .revoke_api_client(name, actor, chrono::Utc::now().timestamp())
        .await
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
