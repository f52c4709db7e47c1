//! Borrowers' sign-in: who they are in a session (axum-login over
//! tower-sessions), their password checked off the async threads, the lock
//! per login ([`crate::lock`], in the database, shared by every server) and
//! the throttle per client address (in this server's memory).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use reachguard_domain::{CustomerId, Phone};
use reachguard_storage::{Database, StorageError, TryKind};
use sha2::{Digest, Sha256};

use crate::door::Door;

/// Failed sign-ins from one address, to any accounts, within
/// [`ADDRESS_WINDOW`] before that address must wait.
pub const ADDRESS_FAILURES: usize = 20;
pub const ADDRESS_WINDOW: StdDuration = StdDuration::from_secs(15 * 60);
/// Addresses remembered; a flood of addresses only forgets the oldest.
const MAX_ADDRESSES: usize = 10_000;

/// A signed-in borrower. It carries no secret: the session holds a hash of
/// the password hash, so that a password change ends every other session.
#[derive(Clone)]
pub struct Borrower {
    pub customer_id: CustomerId,
    auth_hash: Vec<u8>,
}

impl std::fmt::Debug for Borrower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Borrower")
            .field("customer_id", &self.customer_id)
            .finish_non_exhaustive()
    }
}

impl Borrower {
    fn new(customer_id: CustomerId, password_hash: &str) -> Borrower {
        Borrower {
            customer_id,
            auth_hash: Sha256::digest(password_hash.as_bytes()).to_vec(),
        }
    }
}

crate::sessions::bound_to_password!(Borrower, customer_id);

/// What a borrower types to sign in.
#[derive(Clone)]
pub struct Credentials {
    /// Customer number, or a phone in E.164 form.
    pub login: String,
    pub password: String,
    pub address: Option<IpAddr>,
}

crate::passwords::debug_without_secrets!(Credentials { login, address });

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("too many failed sign-ins to this account: try again after {until}")]
    AccountLocked { until: DateTime<Utc> },
    #[error("too many failed sign-ins from this address: try again in {} minutes", .retry_after.as_secs().div_ceil(60))]
    AddressThrottled { retry_after: StdDuration },
    #[error(transparent)]
    Busy(#[from] crate::passwords::HashError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

crate::door::answers_shut!(SignInError);

/// Failed sign-ins by client address, in this server's memory.
#[derive(Clone, Debug, Default)]
pub struct AddressThrottle(Arc<Mutex<HashMap<IpAddr, VecDeque<Instant>>>>);

/// The key an address is counted under: an IPv6 host gets a whole /64 to
/// itself, so it is counted by that prefix, not address by address. (The
/// server's rate limits count the same way.)
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::V6(octets.into())
        }
        v4 => v4,
    }
}

impl AddressThrottle {
    /// How long the address must wait, if it must.
    pub fn wait(&self, address: IpAddr) -> Option<StdDuration> {
        let address = address_key(address);
        let mut map = self.0.lock().expect("throttle lock");
        let failures = map.get_mut(&address)?;
        while failures
            .front()
            .is_some_and(|at| at.elapsed() >= ADDRESS_WINDOW)
        {
            failures.pop_front();
        }
        if failures.len() >= ADDRESS_FAILURES {
            failures
                .front()
                .map(|oldest| ADDRESS_WINDOW.saturating_sub(oldest.elapsed()))
        } else {
            None
        }
    }

    pub fn fail(&self, address: IpAddr) {
        let address = address_key(address);
        let mut map = self.0.lock().expect("throttle lock");
        if map.len() >= MAX_ADDRESSES && !map.contains_key(&address) {
            // Forget the addresses whose failures have all aged out; only a
            // flood of fresh addresses empties the map.
            map.retain(|_, failures| {
                failures
                    .back()
                    .is_some_and(|at| at.elapsed() < ADDRESS_WINDOW)
            });
            if map.len() >= MAX_ADDRESSES {
                map.clear();
            }
        }
        let failures = map.entry(address).or_default();
        failures.push_back(Instant::now());
        if failures.len() > ADDRESS_FAILURES {
            failures.pop_front();
        }
    }
}

/// The axum-login backend for borrowers.
#[derive(Clone, Debug)]
pub struct BorrowerBackend {
    db: Database,
    door: Door,
}

impl BorrowerBackend {
    pub fn new(db: Database, throttle: AddressThrottle) -> BorrowerBackend {
        BorrowerBackend {
            door: Door::new(db.clone(), throttle),
            db,
        }
    }

    /// The backend over the services' database and address throttle.
    pub fn of(services: &crate::Services) -> BorrowerBackend {
        BorrowerBackend::new(services.db.clone(), services.signin_throttle.clone())
    }

    /// Sets `customer`'s new password, when it is long enough, not
    /// common and holds none of their numbers. Every session made with the
    /// old one ends (their hash no longer matches).
    pub async fn set_new_password(
        &self,
        customer: &CustomerId,
        password: String,
    ) -> Result<Result<(), crate::passwords::PasswordProblem>, SignInError> {
        let phones = match self.db.customer(customer.as_str()).await? {
            Some(record) => record.phones,
            None => Vec::new(),
        };
        if let Err(problem) =
            crate::passwords::check_new_password(&password, customer.as_str(), &phones)
        {
            return Ok(Err(problem));
        }
        let hash = crate::passwords::hash_password(password).await?;
        self.db
            .set_customer_password(customer, &hash, Utc::now().timestamp())
            .await?;
        Ok(Ok(()))
    }

    /// The customer a login names: a phone in E.164 form, else a customer
    /// number; a mainland mobile typed without `+86` (11 digits from 1) when
    /// no login has that customer number.
    async fn customer_named(&self, login: &str) -> Result<Option<CustomerId>, StorageError> {
        let login: String = login.chars().filter(|c| !c.is_whitespace()).collect();
        if login.starts_with('+') {
            return self.customer_by_phone(&login).await;
        }
        let Ok(id) = CustomerId::parse(&login) else {
            return Ok(None);
        };
        let mainland_mobile = login.len() == 11
            && login.starts_with('1')
            && login.bytes().all(|b| b.is_ascii_digit());
        if mainland_mobile && self.db.customer_login(&id).await?.is_none() {
            return self.customer_by_phone(&format!("+86{login}")).await;
        }
        Ok(Some(id))
    }

    async fn customer_by_phone(&self, phone: &str) -> Result<Option<CustomerId>, StorageError> {
        let Ok(phone) = Phone::parse(phone) else {
            return Ok(None);
        };
        let record = self.db.customer_by_phone(phone.as_str()).await?;
        Ok(record.and_then(|r| CustomerId::parse(&r.customer_id).ok()))
    }
}

impl BorrowerBackend {
    /// What a try at `login` is counted against: the customer it names,
    /// whatever form it was typed in (number or phone), else the login as
    /// typed, so that a login that does not exist is locked alike.
    fn lock_key(login: &str, customer: Option<&CustomerId>) -> String {
        match customer {
            Some(customer) => customer.to_string(),
            None => login
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(64)
                .collect(),
        }
    }

    /// Checks `password` as `customer`'s (the signed-in borrower's own
    /// current password, on the password page), counted and locked as a
    /// sign-in is.
    pub async fn check_password(
        &self,
        customer: &CustomerId,
        password: String,
        address: Option<IpAddr>,
    ) -> Result<bool, SignInError> {
        let key = Self::lock_key("", Some(customer));
        let knock = self.door.knock(TryKind::Borrower, key, address).await?;
        let hash = self
            .db
            .customer_login(customer)
            .await?
            .map(|l| l.password_hash);
        if knock.password_matches(password, hash).await? {
            knock.succeeded().await?;
            return Ok(true);
        }
        match knock.failed() {
            Some(until) => Err(SignInError::AccountLocked { until }),
            None => Ok(false),
        }
    }
}

impl BorrowerBackend {
    /// The login is a customer number or a phone, tried at the one door
    /// ([`crate::door`]) under the customer it names.
    pub async fn sign_in(&self, credentials: Credentials) -> Result<Option<Borrower>, SignInError> {
        let customer = self.customer_named(&credentials.login).await?;
        let key = Self::lock_key(&credentials.login, customer.as_ref());
        let knock = self
            .door
            .knock(TryKind::Borrower, key, credentials.address)
            .await?;
        let login = match &customer {
            Some(customer) => self.db.customer_login(customer).await?,
            None => None,
        };
        let hash = login.as_ref().map(|l| l.password_hash.clone());
        let matched = knock.password_matches(credentials.password, hash).await?;
        match (customer, login, matched) {
            (Some(customer), Some(login), true) => {
                knock.succeeded().await?;
                Ok(Some(Borrower::new(customer, &login.password_hash)))
            }
            _ => match knock.failed() {
                Some(until) => Err(SignInError::AccountLocked { until }),
                None => Ok(None),
            },
        }
    }

    /// The borrower a session names, unless their login is gone.
    pub async fn signed_in(&self, customer_id: &str) -> Result<Option<Borrower>, SignInError> {
        let Ok(customer) = CustomerId::parse(customer_id) else {
            return Ok(None);
        };
        let login = self.db.customer_login(&customer).await?;
        Ok(login.map(|l| Borrower::new(customer, &l.password_hash)))
    }
}

crate::sessions::signs_in!(BorrowerBackend, Borrower, Credentials, SignInError);

/// The signed-in borrower's session, as handlers and server functions
/// extract it.
pub type BorrowerSession = axum_login::AuthSession<BorrowerBackend>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_waits_after_too_many_failures_and_only_that_address() {
        let throttle = AddressThrottle::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..ADDRESS_FAILURES - 1 {
            throttle.fail(a);
        }
        assert_eq!(throttle.wait(a), None);
        throttle.fail(a);
        assert!(throttle.wait(a).is_some_and(|w| w <= ADDRESS_WINDOW));
        assert_eq!(throttle.wait(b), None);
    }
}
