//! The administrative commands of the command line: API keys, staff
//! accounts and activation codes. Each prints its secret alone on the last
//! line, so that scripts can take it with `tail -n 1`.

use std::io::BufRead;

use anyhow::{Context, bail};
use chrono::Utc;
use reachguard_core::activation;
use reachguard_core::passwords::{MIN_STAFF_PASSWORD_CHARS, hash_password};
use reachguard_domain::CustomerId;
use reachguard_storage::{ApiClient, Database};

use crate::api::{Scope, new_key};

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
    if password.chars().count() < MIN_STAFF_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_STAFF_PASSWORD_CHARS} characters");
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

/// A one-time activation code for the customer, replacing any earlier one.
pub async fn invite_customer(
    db: &Database,
    customer_id: &str,
) -> anyhow::Result<(String, chrono::DateTime<Utc>)> {
    let id = CustomerId::parse(customer_id)?;
    if db.customer(id.as_str()).await?.is_none() {
        bail!("no customer has the number `{id}`");
    }
    Ok(activation::invite(db, &id).await?)
}
