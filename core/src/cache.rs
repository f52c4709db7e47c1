//! Short-lived caches for what every API request reads and almost nothing
//! changes: the policy in force and verified API keys. Both expire quickly,
//! so a policy change or a revoked key takes effect on every server within
//! seconds, without servers having to tell each other.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reachguard_domain::Policy;
use reachguard_storage::{Database, StorageError};

/// A policy change reaches every decision within this long even when the
/// read model is not following the feed (when it is, at its next poll).
const POLICY_TTL: Duration = Duration::from_secs(1);
/// A revoked key stops working on every server within this long: the keys
/// page promises five seconds.
pub const KEY_TTL: Duration = Duration::from_secs(3);
/// Bank systems number in the tens; a flood of keys only empties the cache.
const MAX_KEYS: usize = 1_000;

/// The policy in force, read again after [`POLICY_TTL`], after this process
/// writes anything a decision reads, and when the read model sees a new
/// version in the feed.
#[derive(Clone, Debug, Default)]
pub struct PolicyCache {
    cached: Arc<Mutex<Option<Cached>>>,
    generation: Arc<AtomicU64>,
}

#[derive(Debug)]
struct Cached {
    read_at: Instant,
    local_writes: u64,
    generation: u64,
    policy: Policy,
}

impl PolicyCache {
    pub async fn current(&self, db: &Database) -> Result<Policy, StorageError> {
        let (local_writes, generation) = (
            reachguard_storage::local_writes(),
            self.generation.load(Ordering::Acquire),
        );
        if let Some(cached) = &*self.cached.lock().expect("policy cache lock")
            && cached.read_at.elapsed() < POLICY_TTL
            && cached.local_writes == local_writes
            && cached.generation == generation
        {
            return Ok(cached.policy.clone());
        }
        let policy = db.current_policy().await?;
        *self.cached.lock().expect("policy cache lock") = Some(Cached {
            read_at: Instant::now(),
            local_writes,
            generation,
            policy: policy.clone(),
        });
        Ok(policy)
    }

    /// Bumped by the read model when it sees a new policy version.
    pub fn generation(&self) -> Arc<AtomicU64> {
        self.generation.clone()
    }
}

/// Verified keys by the SHA-256 of the whole key, so that only the right
/// secret ever finds an entry.
#[derive(Clone, Debug)]
pub struct KeyCache<T: Clone>(Arc<Mutex<HashMap<String, (Instant, T)>>>);

impl<T: Clone> Default for KeyCache<T> {
    fn default() -> Self {
        KeyCache(Arc::default())
    }
}

impl<T: Clone> KeyCache<T> {
    pub fn get(&self, key_hash: &str) -> Option<T> {
        let cache = self.0.lock().expect("key cache lock");
        cache
            .get(key_hash)
            .filter(|(verified_at, _)| verified_at.elapsed() < KEY_TTL)
            .map(|(_, value)| value.clone())
    }

    /// Forgets every key, so that a revocation made on this server applies
    /// here at once (other servers forget within [`KEY_TTL`]).
    pub fn clear(&self) {
        self.0.lock().expect("key cache lock").clear();
    }

    pub fn put(&self, key_hash: String, value: T) {
        let mut cache = self.0.lock().expect("key cache lock");
        if cache.len() >= MAX_KEYS {
            cache.clear();
        }
        cache.insert(key_hash, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_key_is_found_by_its_hash_only() {
        let cache = KeyCache::default();
        cache.put("abc".into(), 7);
        assert_eq!(cache.get("abc"), Some(7));
        assert_eq!(cache.get("abd"), None);
    }

    #[test]
    fn the_key_cache_never_grows_past_its_bound() {
        let cache = KeyCache::default();
        for n in 0..(MAX_KEYS + 5) {
            cache.put(n.to_string(), n);
        }
        assert!(cache.0.lock().unwrap().len() <= MAX_KEYS);
    }
}
