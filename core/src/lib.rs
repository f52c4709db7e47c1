//! Reachguard's use cases: what the lookup API and the pages both do, once.
//!
//! The REST handlers in `reachguard-server` and the server functions of the
//! pages in `reachguard-app` are thin adapters over this crate: each checks
//! who is asking and turns its own input into the domain's types, then calls
//! a use case here, so that a rule lives in one place and both paths give
//! the same answer.

pub mod accounts;
pub mod activation;
pub mod attempts;
pub mod audit;
pub mod cache;
pub mod care;
pub mod complaints;
pub mod contacts;
pub mod customers;
pub mod dashboard;
pub mod decide;
pub mod decision_log;
pub mod door;
pub mod export;
pub mod inbound;
pub mod kept;
pub mod keys;
pub mod links;
pub mod lists;
pub mod lock;
pub mod national_list;
pub mod passwords;
pub mod policy;
pub mod preferences;
pub mod quotas;
pub mod read_model;
pub mod retention;
pub mod secrets;
pub mod sessions;
pub mod signin;
pub mod staff;
pub mod text;
pub mod what_if;

use reachguard_domain::Policy;
use reachguard_storage::{Database, StorageError};

/// The records use cases hand back to the pages and the API, as storage
/// reads them. The pages name them from here: they depend on the use
/// cases, never on storage.
pub mod records {
    pub use crate::kept::KeptDecision;
    pub use reachguard_storage::{
        AttemptRecord, CareChange, CareRecord, ChangeBy, CreateError, CustomerRecord, LedgerEntry,
        QueueFilter, TryKind,
    };
}

pub use cache::{KeyCache, PolicyCache};
pub use decision_log::DecisionLog;
pub use read_model::ReadModel;
pub use signin::AddressThrottle;

/// The address a request came from: the socket's, or the client a trusted
/// proxy names (`--trusted-proxies`). Per-address limits key on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub std::net::IpAddr);

/// What every use case may need, cloned cheaply per request.
#[derive(Clone, Debug)]
pub struct Services {
    pub db: Database,
    pub decision_log: DecisionLog,
    pub policy: PolicyCache,
    pub signin_throttle: AddressThrottle,
    /// Off until started ([`ReadModel::start`]): the server starts it, the
    /// command line's one-off commands do not.
    pub read_model: ReadModel,
    /// The address links in messages lead to (`--public-url`).
    pub public_url: links::PublicUrl,
    /// Seals the staff's second-factor secrets (`--secret-key-file`); a
    /// fresh one unless the server loads its own.
    pub secret_key: secrets::SecretKey,
    /// Policy what-ifs run from the policy page.
    pub what_ifs: what_if::Runs,
}

impl Services {
    /// Starts the decision log's writer on the current runtime.
    pub fn start(db: Database) -> Services {
        let policy = PolicyCache::default();
        Services {
            decision_log: DecisionLog::start(db.clone()),
            read_model: ReadModel::new(db.clone(), policy.generation()),
            policy,
            signin_throttle: AddressThrottle::default(),
            public_url: links::PublicUrl::parse("http://127.0.0.1:3000")
                .expect("the development address is an address"),
            secret_key: secrets::SecretKey::generate(),
            what_ifs: what_if::Runs::default(),
            db,
        }
    }
}

impl Services {
    /// The policy in force now (read again after a short while, or at once
    /// after a new version is published).
    pub async fn policy_now(&self) -> Result<Policy, StorageError> {
        self.policy.current(&self.db).await
    }

    /// A kept decision by its id: still on its way to the database, or read
    /// from it. The one place both are looked in. Its reasons' words are in
    /// `language`.
    pub async fn kept_decision(
        &self,
        decision_id: &str,
        language: reachguard_domain::Language,
    ) -> Result<Option<records::KeptDecision>, StorageError> {
        let stored = match self.decision_log.pending(decision_id) {
            Some(kept) => Some(kept),
            None => self.db.kept_decision(decision_id).await?,
        };
        Ok(stored.map(|stored| kept::read(stored, language)))
    }
}
