//! The administrative commands of the command line: API keys, staff
//! accounts and activation codes. Each prints its secret alone on the last
//! line, so that scripts can take it with `tail -n 1`.

use std::io::BufRead;

use anyhow::{Context, bail};
use chrono::Utc;
use reachguard_core::activation;
use reachguard_core::keys::{self, Scope};
use reachguard_core::passwords::{MIN_STAFF_PASSWORD_CHARS, hash_password};
use reachguard_domain::{Actor, CustomerId, Role};
use reachguard_storage::Database;

/// A key for a bank system; `scopes` as the command line takes them,
/// `decisions,contacts.write`.
pub async fn create_api_key(db: &Database, name: &str, scopes: &str) -> anyhow::Result<String> {
    let scopes = scopes
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Scope>().map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(keys::create_api_key(db, name, &scopes, &Actor::System("cli".into())).await?)
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
    let role: Role = role.parse().map_err(anyhow::Error::msg)?;
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
