//! The administrative commands of the command line: API keys, staff
//! accounts and activation codes. Each prints its secret alone on the last
//! line, so that scripts can take it with `tail -n 1`.

use std::io::BufRead;

use anyhow::{Context, bail};
use argon2::password_hash::SaltString;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use chrono::{Duration, Utc};
use rand::Rng;
use reachguard_domain::CustomerId;
use reachguard_storage::{ApiClient, Database};

use crate::api::{Scope, new_key};

/// How long a borrower has to use an activation code.
const ACTIVATION_VALID_FOR: Duration = Duration::days(14);
/// Staff passwords guard every customer's data.
const MIN_PASSWORD_CHARS: usize = 12;

pub const ROLES: [&str; 4] = ["admin", "supervisor", "agent", "auditor"];

pub async fn create_api_key(db: &Database, name: &str, scopes: &str) -> anyhow::Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || name.chars().any(char::is_whitespace) {
        bail!("the name must be 1 to 64 characters without spaces, such as `dialer`");
    }
    let mut parsed: Vec<Scope> = Vec::new();
    for scope in scopes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let scope: Scope = scope.parse().map_err(anyhow::Error::msg)?;
        if !parsed.contains(&scope) {
            parsed.push(scope);
        }
    }
    if parsed.is_empty() {
        bail!("name at least one scope with --scopes, such as --scopes decisions,contacts.write");
    }
    let key = new_key();
    let client = ApiClient {
        client_id: key.client_id,
        name: name.to_owned(),
        key_hash: key.key_hash,
        scopes: parsed
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        revoked_at: None,
    };
    db.insert_api_client(&client, "cli").await?;
    Ok(key.key)
}

/// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), off the
/// async threads.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
    })
    .await?
}

pub async fn create_staff(
    db: &Database,
    username: &str,
    role: &str,
    password: String,
) -> anyhow::Result<()> {
    let valid_name = (1..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if !valid_name {
        bail!("the username must be 1 to 64 of a-z, A-Z, 0-9, _, - and .");
    }
    if !ROLES.contains(&role) {
        bail!("unknown role `{role}`: expected admin, supervisor, agent or auditor");
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let hash = hash_password(password).await?;
    db.insert_staff(username, role, &hash).await?;
    Ok(())
}

/// Reads the password from the first line of standard input.
pub fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// A one-time code such as `K7QH-3MXR-9PWD`: 60 random bits in letters and
/// digits that cannot be mistaken for each other when read aloud.
pub async fn invite_customer(
    db: &Database,
    customer_id: &str,
) -> anyhow::Result<(String, chrono::DateTime<Utc>)> {
    let id = CustomerId::parse(customer_id)?;
    if db.customer(id.as_str()).await?.is_none() {
        bail!("no customer has the number `{id}`");
    }
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    let chars: String = (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let code = format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12]);
    let expires = Utc::now() + ACTIVATION_VALID_FOR;
    db.put_activation_code(id.as_str(), &activation_hash(&code), expires.timestamp())
        .await?;
    Ok((code, expires))
}

/// Codes are compared without their dashes and case.
pub fn activation_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    crate::api::hash_key(&normalized)
}
