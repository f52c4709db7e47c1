//! The audit log's hash chain: each entry carries the hash of the one
//! before, so that changing, removing or inserting any entry breaks the chain
//! at that entry, and a walk from the first entry names it.

use sha2::{Digest, Sha256};

/// The hash the first entry is chained to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done, as the audit log names it: every action the bank's
/// systems and staff can take that the log records, each named once here.
/// The log keeps the name (`api_key.revoke`), so entries read back as text
/// and old entries keep theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A borrower's preferences changed, by anyone through any channel.
    PreferencesChange,
    CustomerInvite,
    CustomerActivate,
    CustomerUnlock,
    CustomerCareSet,
    CustomerCareEnd,
    ComplaintAssign,
    ComplaintExtend,
    ComplaintAnswer,
    ComplaintClose,
    PolicyChange,
    NationalListReplace,
    CampaignListCheck,
    InboundHandle,
    ApiKeyCreate,
    ApiKeyRevoke,
    StaffCreate,
    StaffRole,
    StaffDisable,
    StaffEnable,
    StaffResetSecondFactor,
    StaffResetPassword,
    StaffUnlock,
    StaffSecondFactorSetUp,
    StaffPassword,
    StaffSignIn,
    StaffSignInFailed,
    StaffLocked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 28] = [
        AuditAction::PreferencesChange,
        AuditAction::CustomerInvite,
        AuditAction::CustomerActivate,
        AuditAction::CustomerUnlock,
        AuditAction::CustomerCareSet,
        AuditAction::CustomerCareEnd,
        AuditAction::ComplaintAssign,
        AuditAction::ComplaintExtend,
        AuditAction::ComplaintAnswer,
        AuditAction::ComplaintClose,
        AuditAction::PolicyChange,
        AuditAction::NationalListReplace,
        AuditAction::CampaignListCheck,
        AuditAction::InboundHandle,
        AuditAction::ApiKeyCreate,
        AuditAction::ApiKeyRevoke,
        AuditAction::StaffCreate,
        AuditAction::StaffRole,
        AuditAction::StaffDisable,
        AuditAction::StaffEnable,
        AuditAction::StaffResetSecondFactor,
        AuditAction::StaffResetPassword,
        AuditAction::StaffUnlock,
        AuditAction::StaffSecondFactorSetUp,
        AuditAction::StaffPassword,
        AuditAction::StaffSignIn,
        AuditAction::StaffSignInFailed,
        AuditAction::StaffLocked,
    ];

    /// The name the log keeps: what it was done to, a dot, what was done.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::PreferencesChange => "preferences.change",
            AuditAction::CustomerInvite => "customer.invite",
            AuditAction::CustomerActivate => "customer.activate",
            AuditAction::CustomerUnlock => "customer.unlock",
            AuditAction::CustomerCareSet => "customer.care_set",
            AuditAction::CustomerCareEnd => "customer.care_end",
            AuditAction::ComplaintAssign => "complaint.assign",
            AuditAction::ComplaintExtend => "complaint.extend",
            AuditAction::ComplaintAnswer => "complaint.answer",
            AuditAction::ComplaintClose => "complaint.close",
            AuditAction::PolicyChange => "policy.change",
            AuditAction::NationalListReplace => "national_list.replace",
            AuditAction::CampaignListCheck => "campaign_list.check",
            AuditAction::InboundHandle => "inbound.handle",
            AuditAction::ApiKeyCreate => "api_key.create",
            AuditAction::ApiKeyRevoke => "api_key.revoke",
            AuditAction::StaffCreate => "staff.create",
            AuditAction::StaffRole => "staff.role",
            AuditAction::StaffDisable => "staff.disable",
            AuditAction::StaffEnable => "staff.enable",
            AuditAction::StaffResetSecondFactor => "staff.reset_second_factor",
            AuditAction::StaffResetPassword => "staff.reset_password",
            AuditAction::StaffUnlock => "staff.unlock",
            AuditAction::StaffSecondFactorSetUp => "staff.second_factor_set_up",
            AuditAction::StaffPassword => "staff.password",
            AuditAction::StaffSignIn => "staff.sign_in",
            AuditAction::StaffSignInFailed => "staff.sign_in_failed",
            AuditAction::StaffLocked => "staff.locked",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the audit log as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// 1, 2, 3…: an entry's place in the chain.
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// Who acted: `staff:<username>`, `customer`, `system:<name>`.
    pub actor: String,
    /// What was done, as a short code (`api_key.revoke`).
    pub action: String,
    /// What it was done to (a customer number, a key's name), or empty.
    pub subject: String,
    /// The details, as JSON.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry's contents chained to `prev_hash`. The fields are
/// hashed as one JSON array, so no choice of field contents can make two
/// different entries hash alike by shifting text from one field to the next.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
) -> String {
    let fields = serde_json::json!([prev_hash, seq, at, actor, action, subject, details]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

impl AuditEntry {
    /// The hash this entry should carry, from its own contents.
    pub fn expected_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.seq,
            self.at,
            &self.actor,
            &self.action,
            &self.subject,
            &self.details,
        )
    }
}

/// Why the chain breaks at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// Its contents do not match its hash: it was edited.
    Altered,
    /// It does not carry the previous entry's hash: one before it was
    /// removed, inserted or rehashed.
    Unlinked,
    /// Its number does not follow the previous one: entries are missing.
    Gap,
}

/// Walks the chain, which continues from the entry before (`prev`: its seq
/// and hash, or `(0, GENESIS)` at the start), and names the first entry that
/// does not match, if one does not.
pub fn first_break<'a>(
    prev: (i64, &str),
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<(i64, String), (i64, Break)> {
    let (mut seq, mut hash) = (prev.0, prev.1.to_owned());
    for entry in entries {
        if entry.seq != seq + 1 {
            return Err((entry.seq, Break::Gap));
        }
        if entry.prev_hash != hash {
            return Err((entry.seq, Break::Unlinked));
        }
        if entry.expected_hash() != entry.hash {
            return Err((entry.seq, Break::Altered));
        }
        seq = entry.seq;
        hash = entry.hash.clone();
    }
    Ok((seq, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_all() {
        // A new action added to the enum but not to ALL fails to compile
        // here (the match) or fails this test (its place).
        let place = |action: AuditAction| match action {
            AuditAction::PreferencesChange => 0,
            AuditAction::CustomerInvite => 1,
            AuditAction::CustomerActivate => 2,
            AuditAction::CustomerUnlock => 3,
            AuditAction::CustomerCareSet => 4,
            AuditAction::CustomerCareEnd => 5,
            AuditAction::ComplaintAssign => 6,
            AuditAction::ComplaintExtend => 7,
            AuditAction::ComplaintAnswer => 8,
            AuditAction::ComplaintClose => 9,
            AuditAction::PolicyChange => 10,
            AuditAction::NationalListReplace => 11,
            AuditAction::CampaignListCheck => 12,
            AuditAction::InboundHandle => 13,
            AuditAction::ApiKeyCreate => 14,
            AuditAction::ApiKeyRevoke => 15,
            AuditAction::StaffCreate => 16,
            AuditAction::StaffRole => 17,
            AuditAction::StaffDisable => 18,
            AuditAction::StaffEnable => 19,
            AuditAction::StaffResetSecondFactor => 20,
            AuditAction::StaffResetPassword => 21,
            AuditAction::StaffUnlock => 22,
            AuditAction::StaffSecondFactorSetUp => 23,
            AuditAction::StaffPassword => 24,
            AuditAction::StaffSignIn => 25,
            AuditAction::StaffSignInFailed => 26,
            AuditAction::StaffLocked => 27,
        };
        for (i, action) in AuditAction::ALL.into_iter().enumerate() {
            assert_eq!(place(action), i, "{action}");
        }
    }

    #[test]
    fn every_action_has_its_own_name_of_what_and_what_was_done() {
        let names: std::collections::HashSet<&str> =
            AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names.len(),
            AuditAction::ALL.len(),
            "two actions share a name"
        );
        for name in names {
            let (what, done) = name.split_once('.').expect(name);
            let word =
                |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            assert!(word(what) && word(done), "{name}");
        }
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for seq in 1..=n {
            let prev_hash = entries
                .last()
                .map_or(GENESIS.to_owned(), |e| e.hash.clone());
            let mut entry = AuditEntry {
                seq,
                at: 1_700_000_000 + seq,
                actor: "staff:wang".into(),
                action: "api_key.revoke".into(),
                subject: format!("dialer-{seq}"),
                details: "{}".into(),
                prev_hash,
                hash: String::new(),
            };
            entry.hash = entry.expected_hash();
            entries.push(entry);
        }
        entries
    }

    #[test]
    fn an_untouched_chain_verifies_to_its_last_entry() {
        let entries = chain(5);
        let end = first_break((0, GENESIS), &entries).unwrap();
        assert_eq!(end, (5, entries[4].hash.clone()));
        assert_eq!(first_break((0, GENESIS), &[]), Ok((0, GENESIS.to_owned())));
    }

    #[test]
    fn an_edited_entry_is_named() {
        for field in 0..4 {
            let mut entries = chain(5);
            let entry = &mut entries[2];
            match field {
                0 => entry.actor = "staff:li".into(),
                1 => entry.subject = "someone-else".into(),
                2 => entry.details = r#"{"x":1}"#.into(),
                _ => entry.at += 1,
            }
            assert_eq!(
                first_break((0, GENESIS), &entries),
                Err((3, Break::Altered))
            );
        }
    }

    #[test]
    fn a_rehashed_entry_breaks_the_link_to_the_next() {
        let mut entries = chain(5);
        entries[2].actor = "staff:li".into();
        entries[2].hash = entries[2].expected_hash();
        assert_eq!(
            first_break((0, GENESIS), &entries),
            Err((4, Break::Unlinked))
        );
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(first_break((0, GENESIS), &entries), Err((3, Break::Gap)));
        let entries = chain(5);
        assert_eq!(
            first_break((0, GENESIS), &entries[1..]),
            Err((2, Break::Gap))
        );
    }

    #[test]
    fn a_walk_continues_from_where_the_last_one_ended() {
        let entries = chain(6);
        let middle = first_break((0, GENESIS), &entries[..3]).unwrap();
        let end = first_break((middle.0, &middle.1), &entries[3..]).unwrap();
        assert_eq!(end.0, 6);
    }

    #[test]
    fn text_moved_between_fields_changes_the_hash() {
        let a = entry_hash(GENESIS, 1, 0, "staff:a", "x", "bc", "{}");
        let b = entry_hash(GENESIS, 1, 0, "staff:a", "xb", "c", "{}");
        assert_ne!(a, b);
    }
}
