//! The administrative commands of the command line: API keys, staff
//! accounts and activation codes. Each prints its secret alone on the last
//! line, so that scripts can take it with `tail -n 1`.

use std::io::BufRead;

use anyhow::{Context, bail};
use chrono::Utc;
use reachguard_core::activation;
use reachguard_core::keys::{self, Scope};
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

/// Every key as a table: name, scopes, created (by whom), last used,
/// revoked. Instants in UTC.
pub async fn list_api_keys(db: &Database) -> anyhow::Result<String> {
    let when = |at: Option<i64>| {
        at.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map_or("-".to_owned(), |t| {
                t.format("%Y-%m-%d %H:%M UTC").to_string()
            })
    };
    let mut rows = vec![[
        "NAME".to_owned(),
        "SCOPES".to_owned(),
        "CREATED".to_owned(),
        "BY".to_owned(),
        "LAST USED".to_owned(),
        "REVOKED".to_owned(),
    ]];
    for key in db.api_clients().await? {
        rows.push([
            key.name,
            key.scopes.replace(' ', ","),
            when(Some(key.created_at)),
            key.created_by,
            when(key.last_used_at),
            when(key.revoked_at),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    Ok(out)
}

pub async fn revoke_api_key(db: &Database, name: &str) -> anyhow::Result<()> {
    if !db
        .revoke_api_client(name, "system:cli", Utc::now().timestamp())
        .await?
    {
        bail!("no active API key is named `{name}`");
    }
    Ok(())
}

/// Makes a staff account; the code that sets up its second factor.
pub async fn create_staff(
    db: &Database,
    username: &str,
    role: &str,
    password: String,
    actor: &str,
) -> anyhow::Result<String> {
    let role: Role = role.parse().map_err(anyhow::Error::msg)?;
    Ok(reachguard_core::accounts::create_staff(db, username, role, password, actor).await?)
}

/// A new second factor at the account's next sign-in, by the operator:
/// the code to set it up with.
pub async fn reset_second_factor(db: &Database, username: &str) -> anyhow::Result<String> {
    use reachguard_core::accounts::{AccountChange, change_staff};
    let code = change_staff(db, username, AccountChange::ResetSecondFactor, None)
        .await?
        .expect("a reset hands over a code");
    Ok(code)
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
    Ok(activation::invite(db, &id, "system:cli").await?)
}
