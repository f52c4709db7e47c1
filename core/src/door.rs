//! The one way a password is tried, whoever tries it: a borrower signing in
//! or on their password page, a member of staff signing in or changing
//! theirs. The address waits first if it failed too often
//! ([`AddressThrottle`]); the try is counted against the login before it is
//! checked ([`crate::lock`]); the hash is checked off the async threads, one
//! at a time per address ([`address_turn`]).

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use reachguard_storage::{Database, StorageError, TryKind};

use crate::lock::{self, Try};
use crate::passwords::{HashError, address_turn, verify_password};
use crate::signin::AddressThrottle;

/// A try that was not even checked.
#[derive(Debug, thiserror::Error)]
pub enum Shut {
    #[error("too many failed tries from this address")]
    AddressThrottled { retry_after: StdDuration },
    #[error("too many failed tries at this login: try again after {until}")]
    Locked { until: DateTime<Utc> },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A counted try at one login, from one address.
pub struct Knock<'a> {
    db: &'a Database,
    throttle: &'a AddressThrottle,
    kind: TryKind,
    login: String,
    address: Option<IpAddr>,
    counted: Try,
}

/// Counts a try at `login` from `address`, unless the address must wait
/// or the login is locked.
pub async fn knock<'a>(
    db: &'a Database,
    throttle: &'a AddressThrottle,
    kind: TryKind,
    login: String,
    address: Option<IpAddr>,
) -> Result<Knock<'a>, Shut> {
    if let Some(retry_after) = address.and_then(|a| throttle.wait(a)) {
        return Err(Shut::AddressThrottled { retry_after });
    }
    let counted = lock::count_try(db, kind, &login, Utc::now())
        .await?
        .map_err(|locked| Shut::Locked {
            until: locked.until,
        })?;
    Ok(Knock {
        db,
        throttle,
        kind,
        login,
        address,
        counted,
    })
}

impl Knock<'_> {
    /// Whether `password` is the one `hash` was made of (a missing hash
    /// takes as long to refuse): one check at a time from an address.
    pub async fn password_matches(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, HashError> {
        let _turn = address_turn(self.address)?;
        verify_password(password, hash).await
    }

    /// The try got in: the count starts again.
    pub async fn succeeded(&self) -> Result<(), StorageError> {
        lock::succeeded(self.db, self.kind, &self.login).await
    }

    /// The try was right but only a first step (a password before its
    /// code): it is not counted after all.
    pub async fn not_a_failure(&self) -> Result<(), StorageError> {
        lock::not_a_failure(self.db, self.kind, &self.login, self.counted).await
    }

    /// The try failed: the address's throttle counts it. The lock it set,
    /// if it set one, is what to answer.
    pub fn failed(&self) -> Option<DateTime<Utc>> {
        if let Some(address) = self.address {
            self.throttle.fail(address);
        }
        self.counted.locks_until
    }
}
