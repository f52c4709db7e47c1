//! The data a server keeps in memory to decide without the database: for
//! each customer, whether they have an e-mail address, their phones with
//! their national-list flags, their preferences (parsed once, shared between
//! customers whose documents are the same) and the calls and marketing
//! contacts made to them since the model's start of history.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use reachguard_domain::{Channel, ContactAttempt, Outcome, Preferences, Protection, Purpose};
use reachguard_storage::ModelCustomer;
use sha2::{Digest, Sha256};

/// An attempt in 16 bytes: its instant and indexes of its channel, purpose
/// and outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CompactAttempt {
    at: i64,
    purpose: u16,
    channel: u8,
    outcome: u8,
}

/// One customer.
#[derive(Debug)]
pub(crate) struct Entry {
    pub customer_id: Arc<str>,
    pub has_email: bool,
    /// In order; the first is the one checked against the national list
    /// when a request names the customer rather than a phone.
    pub phones: Box<[Arc<str>]>,
    /// Bit `i` set: `phones[i]` is on the national list.
    pub listed: u64,
    pub preferences: Arc<Preferences>,
    attempts: Vec<CompactAttempt>,
    /// Extra care as last set; boxed, since few customers have it.
    protection: Option<Box<Protection>>,
}

/// What the rules need of a customer, copied out of the model for one
/// batch.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub customer_id: String,
    pub has_email: bool,
    pub phones: Vec<String>,
    pub listed_phones: Vec<String>,
    pub preferences: Arc<Preferences>,
    pub attempts: Vec<ContactAttempt>,
    pub protection: Option<Protection>,
}

/// Why a customer could not be put in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The memory budget is spent: the customer is read from the database.
    OverBudget,
    /// The stored document does not parse (it always should): the customer
    /// is read from the database, which reports the error.
    BadDocument,
}

#[derive(Debug, Default)]
pub(crate) struct Model {
    entries: Vec<Entry>,
    by_id: HashMap<Arc<str>, u32>,
    by_phone: HashMap<Arc<str>, u32>,
    /// Parsed documents by the SHA-256 of their text: most customers share
    /// one of a few documents, and none is parsed twice.
    documents: HashMap<[u8; 32], Arc<Preferences>>,
    purposes: Vec<Purpose>,
    purpose_index: HashMap<Purpose, u16>,
    /// Attempts at or before this instant are not kept: a question whose
    /// history reaches back further is answered from the database.
    pub history_from: i64,
    /// Every customer is here: one not found does not exist.
    pub complete: bool,
    /// Bytes the model is estimated to take, against `budget`.
    pub bytes: usize,
    pub budget: usize,
    pub attempts: usize,
}

/// What a customer costs beyond their strings and attempts: the entry, two
/// map slots and the allocations' headers, measured on the bench.
const CUSTOMER_OVERHEAD: usize = 160;
const PHONE_OVERHEAD: usize = 72;
const ATTEMPT_BYTES: usize = std::mem::size_of::<CompactAttempt>();

impl Model {
    pub fn new(history_from: i64, budget: usize) -> Model {
        Model {
            history_from,
            budget,
            complete: true,
            ..Model::default()
        }
    }

    pub fn customers(&self) -> usize {
        self.entries.len()
    }

    pub fn customer_of_phone(&self, phone: &str) -> Option<&Entry> {
        self.by_phone.get(phone).map(|&i| &self.entries[i as usize])
    }

    pub fn customer(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// The customer's facts, with the attempts in `from < at <= to`.
    pub fn facts(&self, entry: &Entry, from: i64, to: i64) -> Facts {
        let phones: Vec<String> = entry.phones.iter().map(|p| p.to_string()).collect();
        let listed_phones = phones
            .iter()
            .enumerate()
            .filter(|(i, _)| entry.listed & (1 << i) != 0)
            .map(|(_, p)| p.clone())
            .collect();
        Facts {
            customer_id: entry.customer_id.to_string(),
            has_email: entry.has_email,
            phones,
            listed_phones,
            preferences: entry.preferences.clone(),
            attempts: entry
                .attempts
                .iter()
                .filter(|a| a.at > from && a.at <= to)
                .map(|a| self.expand(a))
                .collect(),
            protection: entry.protection.as_deref().copied(),
        }
    }

    fn expand(&self, a: &CompactAttempt) -> ContactAttempt {
        ContactAttempt {
            at: DateTime::<Utc>::from_timestamp(a.at, 0).unwrap_or_default(),
            channel: Channel::DEFAULT_ORDER[usize::from(a.channel)],
            purpose: self.purposes[usize::from(a.purpose)].clone(),
            outcome: Outcome::ALL[usize::from(a.outcome)],
        }
    }

    fn compact(&mut self, a: &ContactAttempt) -> CompactAttempt {
        let purpose = match self.purpose_index.get(&a.purpose) {
            Some(&i) => i,
            None => {
                // Purposes number in the tens (staff add marketing topics);
                // u16 is room enough.
                let i = u16::try_from(self.purposes.len()).unwrap_or(u16::MAX);
                self.purposes.push(a.purpose.clone());
                self.purpose_index.insert(a.purpose.clone(), i);
                i
            }
        };
        CompactAttempt {
            at: a.at.timestamp(),
            purpose,
            channel: index_in(&Channel::DEFAULT_ORDER, a.channel),
            outcome: index_in(&Outcome::ALL, a.outcome),
        }
    }

    fn document(&mut self, text: &str) -> Option<Arc<Preferences>> {
        let digest: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        if let Some(found) = self.documents.get(&digest) {
            return Some(found.clone());
        }
        let parsed: Preferences = serde_json::from_str(text).ok()?;
        let parsed = Arc::new(parsed);
        self.documents.insert(digest, parsed.clone());
        self.bytes += text.len();
        Some(parsed)
    }

    /// Puts the customer in the model, or replaces what it held of them.
    pub fn put(
        &mut self,
        customer: &ModelCustomer,
        attempts: &[ContactAttempt],
    ) -> Result<(), Refused> {
        let kept: Vec<&ContactAttempt> = attempts
            .iter()
            .filter(|a| a.at.timestamp() > self.history_from)
            .collect();
        let existing = self.by_id.get(customer.customer_id.as_str()).copied();
        let cost = estimate(
            &customer.customer_id,
            customer.phones.iter().map(|(p, _)| p.as_str()),
            kept.len(),
        );
        if existing.is_none() && self.bytes + cost > self.budget {
            self.complete = false;
            return Err(Refused::OverBudget);
        }
        let Some(preferences) = self.document(&customer.preferences) else {
            // Leave no stale copy behind: the database answers for them.
            self.remove(&customer.customer_id);
            return Err(Refused::BadDocument);
        };
        let mut compact: Vec<CompactAttempt> = kept.iter().map(|a| self.compact(a)).collect();
        compact.sort_unstable_by_key(|a| a.at);
        compact.shrink_to_fit();
        let phones: Box<[Arc<str>]> = customer
            .phones
            .iter()
            .map(|(p, _)| Arc::from(p.as_str()))
            .collect();
        let listed = listed_mask(customer.phones.iter().map(|(_, listed)| *listed));
        let index = match existing {
            Some(i) => {
                let old = &self.entries[i as usize];
                self.bytes -= old.bytes();
                self.attempts -= old.attempts.len();
                self.unmap_phones(i);
                i
            }
            None => {
                let i = u32::try_from(self.entries.len()).expect("fewer than 4 billion customers");
                let id: Arc<str> = Arc::from(customer.customer_id.as_str());
                self.by_id.insert(id.clone(), i);
                self.entries.push(Entry {
                    customer_id: id,
                    has_email: false,
                    phones: Box::new([]),
                    listed: 0,
                    preferences: preferences.clone(),
                    attempts: Vec::new(),
                    protection: None,
                });
                i
            }
        };
        for phone in phones.iter() {
            self.by_phone.insert(phone.clone(), index);
        }
        let entry = &mut self.entries[index as usize];
        entry.has_email = customer.has_email;
        entry.phones = phones;
        entry.listed = listed;
        entry.preferences = preferences;
        entry.attempts = compact;
        entry.protection = customer.protection.map(Box::new);
        self.bytes += entry.bytes();
        self.attempts += entry.attempts.len();
        Ok(())
    }

    /// Adds an attempt to a customer's history while the model loads
    /// ([`Model::loaded`] orders them); a customer not here (beyond the
    /// budget) is read from the database anyway.
    pub fn add_attempt(&mut self, customer_id: &str, attempt: &ContactAttempt) {
        if attempt.at.timestamp() <= self.history_from {
            return;
        }
        let Some(&i) = self.by_id.get(customer_id) else {
            return;
        };
        let compact = self.compact(attempt);
        self.entries[i as usize].attempts.push(compact);
        self.attempts += 1;
        self.bytes += ATTEMPT_BYTES;
    }

    /// Orders each customer's attempts and returns spare capacity.
    pub fn loaded(&mut self) {
        for entry in &mut self.entries {
            entry.attempts.sort_unstable_by_key(|a| a.at);
            entry.attempts.shrink_to_fit();
        }
        self.entries.shrink_to_fit();
    }

    /// Forgets a customer (their document no longer parses): lookups fall
    /// through to the database, so the model can no longer be complete.
    fn remove(&mut self, customer_id: &str) {
        if let Some(i) = self.by_id.get(customer_id).copied() {
            self.unmap_phones(i);
            self.entries[i as usize].phones = Box::new([]);
            self.by_id.remove(customer_id);
            self.complete = false;
        }
    }

    /// Forgets which customer entry `i`'s phones lead to.
    fn unmap_phones(&mut self, i: u32) {
        for phone in self.entries[i as usize].phones.iter() {
            if self.by_phone.get(phone) == Some(&i) {
                self.by_phone.remove(phone);
            }
        }
    }

    /// Sets every customer's national-list flags from the list of their
    /// phones that are on it.
    pub fn relist(&mut self, listed: &std::collections::HashSet<String>) {
        for entry in &mut self.entries {
            entry.listed = listed_mask(entry.phones.iter().map(|p| listed.contains(p.as_ref())));
        }
    }

    /// Drops attempts at or before `from`, which no question answered from
    /// memory reaches back to any longer, from `count` customers starting
    /// at `start`; where to go on, or None when every customer is done. A
    /// slice at a time, so that decisions never wait for a walk of the
    /// whole model.
    pub fn forget_history_before(
        &mut self,
        from: i64,
        start: usize,
        count: usize,
    ) -> Option<usize> {
        self.history_from = self.history_from.max(from);
        let end = start.saturating_add(count).min(self.entries.len());
        let mut dropped = 0;
        for entry in &mut self.entries[start.min(end)..end] {
            let before = entry.attempts.len();
            entry.attempts.retain(|a| a.at > from);
            dropped += before - entry.attempts.len();
        }
        self.bytes -= dropped * ATTEMPT_BYTES;
        self.attempts -= dropped;
        (end < self.entries.len()).then_some(end)
    }
}

impl Entry {
    fn bytes(&self) -> usize {
        estimate(
            &self.customer_id,
            self.phones.iter().map(|p| p.as_ref()),
            self.attempts.len(),
        )
    }
}

/// The bytes a customer with these phones and attempts is estimated to take.
fn estimate<'a>(
    customer_id: &str,
    phones: impl Iterator<Item = &'a str>,
    attempts: usize,
) -> usize {
    CUSTOMER_OVERHEAD
        + customer_id.len()
        + phones.map(|p| PHONE_OVERHEAD + p.len()).sum::<usize>()
        + attempts * ATTEMPT_BYTES
}

/// Bit `i` set for each phone `i` on the national list.
fn listed_mask(listed: impl Iterator<Item = bool>) -> u64 {
    listed
        .enumerate()
        .filter(|(_, listed)| *listed)
        .fold(0, |mask, (i, _)| mask | (1 << i.min(63)))
}

/// Where `x` stands in `all`, as a byte (every list here is short).
fn index_in<T: PartialEq>(all: &[T], x: T) -> u8 {
    all.iter().position(|y| *y == x).unwrap_or(0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use reachguard_domain::{Policy, PolicyPack};

    fn model_with_history() -> Model {
        let mut model = Model::new(0, usize::MAX);
        let document =
            serde_json::to_string(&Preferences::defaults(&Policy::of_pack(PolicyPack::Cn, 1)))
                .unwrap();
        for n in 0..25 {
            let customer = ModelCustomer {
                customer_id: format!("C{n:03}"),
                has_email: false,
                preferences: document.clone(),
                phones: vec![(format!("+86138001380{n:02}"), false)],
                protection: None,
            };
            let attempts: Vec<ContactAttempt> = (0..n)
                .map(|day| ContactAttempt {
                    at: DateTime::from_timestamp(1_000 + day * 86_400, 0).unwrap(),
                    channel: Channel::Voice,
                    purpose: Purpose::LoanServicing,
                    outcome: Outcome::Connected,
                })
                .collect();
            model.put(&customer, &attempts).unwrap();
        }
        model
    }

    #[test]
    fn history_forgotten_a_slice_at_a_time_is_history_forgotten_at_once() {
        let from = 1_000 + 10 * 86_400;
        let mut whole = model_with_history();
        let before = (whole.attempts, whole.bytes);
        assert_eq!(whole.forget_history_before(from, 0, usize::MAX), None);
        assert!(whole.attempts < before.0 && whole.bytes < before.1);

        let mut sliced = model_with_history();
        let mut next = Some(0);
        let mut slices = 0;
        while let Some(start) = next {
            next = sliced.forget_history_before(from, start, 4);
            slices += 1;
        }
        assert_eq!(slices, 7, "25 customers, 4 at a time");
        assert_eq!(
            (sliced.attempts, sliced.bytes, sliced.history_from),
            (whole.attempts, whole.bytes, whole.history_from)
        );
        for (a, b) in sliced.entries.iter().zip(&whole.entries) {
            assert_eq!(a.attempts.len(), b.attempts.len());
            assert!(a.attempts.iter().all(|x| x.at > from));
        }
    }
}
