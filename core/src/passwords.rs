//! Passwords: argon2id hashing off the async threads, the same work for
//! unknown users, and the rules a borrower's new password must meet.

use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::Semaphore;

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// A borrower's password: long enough to resist guessing at the sign-in
/// throttle's pace.
pub const MIN_CUSTOMER_PASSWORD_CHARS: usize = 10;
/// Staff passwords guard every customer's data.
pub const MIN_STAFF_PASSWORD_CHARS: usize = 12;
/// Hashing is bounded: a megabyte of password is a denial of service.
pub const MAX_PASSWORD_CHARS: usize = 128;

const COMMON: &str = include_str!("common-passwords.txt");

/// argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("cannot hash the password: {0}")]
    Failed(String),
    #[error("too many passwords are being checked at once; try again shortly")]
    Busy,
}

/// Each hash takes 19 MiB and a core for a moment: a burst of sign-ins must
/// not exhaust memory, so only a few run at once and the rest wait briefly,
/// then are told to try again.
const AT_ONCE: usize = 4;
const WAIT_AT_MOST: Duration = Duration::from_secs(5);

async fn permit() -> Result<tokio::sync::SemaphorePermit<'static>, HashError> {
    static PERMITS: Semaphore = Semaphore::const_new(AT_ONCE);
    tokio::time::timeout(WAIT_AT_MOST, PERMITS.acquire())
        .await
        .map_err(|_| HashError::Busy)?
        .map_err(|_| HashError::Busy)
}

/// The PHC string of `password`, computed on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, HashError> {
    let _permit = permit().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| HashError::Failed(e.to_string()))
    })
    .await
    .map_err(|e| HashError::Failed(e.to_string()))?
}

/// Whether `password` matches `hash`. With no hash (no such user) a dummy
/// hash is checked instead, so that the answer takes as long either way and
/// timing does not tell which customer numbers have a login.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, HashError> {
    let _permit = permit().await?;
    let known = hash.is_some();
    // The dummy is made (once) on the blocking thread too: a hash is never
    // computed on the async threads that answer decisions.
    let matched = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    Ok(known && matched)
}

/// The hash checked when there is no user, made on first use.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        argon2()
            .hash_password(b"no such user", &salt)
            .expect("hashing a constant works")
            .to_string()
    })
}

/// A client address's turn at hashing: one at a time per address (an IPv6
/// /64), so that one client cannot hold every one of the few hashes that
/// run at once and make everyone else's sign-in "busy". Released when
/// dropped.
#[derive(Debug)]
pub struct AddressTurn(Option<std::net::IpAddr>);

fn turns() -> &'static std::sync::Mutex<std::collections::HashSet<std::net::IpAddr>> {
    static TURNS: OnceLock<std::sync::Mutex<std::collections::HashSet<std::net::IpAddr>>> =
        OnceLock::new();
    TURNS.get_or_init(Default::default)
}

/// Takes `address`'s turn, or says it is busy with one already. A request
/// without an address (a test through the router) always gets one.
pub fn address_turn(address: Option<std::net::IpAddr>) -> Result<AddressTurn, HashError> {
    let Some(address) = address.map(crate::signin::address_key) else {
        return Ok(AddressTurn(None));
    };
    if turns().lock().expect("turns lock").insert(address) {
        Ok(AddressTurn(Some(address)))
    } else {
        Err(HashError::Busy)
    }
}

impl Drop for AddressTurn {
    fn drop(&mut self) {
        if let Some(address) = self.0 {
            turns().lock().expect("turns lock").remove(&address);
        }
    }
}

/// `Debug` that shows only the fields named: what carries a password or a
/// code (credentials) never writes it into a log line.
macro_rules! debug_without_secrets {
    ($type:ident { $($field:ident),* }) => {
        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($type))
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    };
}
pub(crate) use debug_without_secrets;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("use at least {MIN_CUSTOMER_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("use at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("do not use your customer number or phone number")]
    PersonalData,
    #[error("that password is among the most common ones; choose another")]
    Common,
}

/// Checks a borrower's new password against the rules: length, not their
/// customer number or phone (nor containing them), not a common password.
pub fn check_new_password(
    password: &str,
    customer_id: &str,
    phones: &[String],
) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CUSTOMER_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let personal = std::iter::once(customer_id.to_lowercase()).chain(phones.iter().flat_map(|p| {
        // The number as written and without its country code's `+`, and
        // its national part (the last 11 digits cover China's mobiles).
        let digits = p.trim_start_matches('+').to_owned();
        let national = digits[digits.len().saturating_sub(11)..].to_owned();
        [digits, national]
    }));
    for data in personal.filter(|d| d.len() >= 4) {
        if lower.contains(&data) {
            return Err(PasswordProblem::PersonalData);
        }
    }
    if is_common(&lower) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

pub(crate) fn is_common(lowercase: &str) -> bool {
    COMMON
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line.trim() == lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hash_at_a_time_per_address() {
        let a: std::net::IpAddr = "198.51.100.77".parse().unwrap();
        let b: std::net::IpAddr = "198.51.100.78".parse().unwrap();
        let first = address_turn(Some(a)).unwrap();
        assert!(matches!(address_turn(Some(a)), Err(HashError::Busy)));
        assert!(
            address_turn(Some(b)).is_ok(),
            "another address has its own turn"
        );
        drop(first);
        assert!(address_turn(Some(a)).is_ok(), "released when done");
    }

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        assert_eq!(
            check_new_password("blue-harbour-lantern", "C001", &[]),
            Ok(())
        );
    }

    #[test]
    fn short_long_personal_and_common_passwords_are_refused() {
        let phones = vec!["+8613800138000".to_owned()];
        let check = |p: &str| check_new_password(p, "DEMO0001", &phones);
        assert_eq!(check("short"), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"x".repeat(129)), Err(PasswordProblem::TooLong));
        assert_eq!(check("demo0001-secret"), Err(PasswordProblem::PersonalData));
        assert_eq!(check("my13800138000!"), Err(PasswordProblem::PersonalData));
        assert_eq!(check("Password123"), Err(PasswordProblem::Common));
        assert_eq!(check("woaini1314"), Err(PasswordProblem::Common));
    }

    #[test]
    fn the_shipped_list_holds_only_passwords_the_length_rule_lets_through() {
        let listed: Vec<_> = COMMON.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(listed.len() > 50);
        for line in listed {
            assert!(
                line.chars().count() >= MIN_CUSTOMER_PASSWORD_CHARS,
                "{line}"
            );
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("blue-harbour-lantern".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("blue-harbour-lantern".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("blue-harbour-lanterns".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!verify_password("no such user".into(), None).await.unwrap());
    }
}
