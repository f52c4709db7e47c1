//! What a policy what-if found (contract sections 5 and 10): how many kept
//! answers a draft would change, each way, by purpose, channel, reason and
//! system, with a few examples. The replay that judges them is in `core`;
//! the tally is plain data, added up page by page and kept with the version
//! when the draft is published.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::decision::ReasonCode;
use crate::purpose::Purpose;

/// Examples kept at most.
pub const EXAMPLES: usize = 20;

/// How a draft would have answered, against what was answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    pub decisions: u64,
    pub changed: u64,
    pub allowed_to_denied: u64,
    pub denied_to_allowed: u64,
    pub by_purpose: BTreeMap<String, u64>,
    pub by_channel: BTreeMap<String, u64>,
    /// For answers that would turn to denied, the reasons they would give;
    /// for those that would turn to allowed, the reasons they gave.
    pub by_reason: BTreeMap<String, u64>,
    pub by_system: BTreeMap<String, u64>,
    pub examples: Vec<Example>,
}

/// One answer that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub decision_id: String,
    pub customer_id: String,
    pub at: DateTime<Utc>,
    /// Whether it was allowed, and would be.
    pub before: bool,
    pub after: bool,
}

/// A kept answer judged again: what was asked, by whom, and both answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged<'a> {
    pub decision_id: &'a str,
    pub customer_id: &'a str,
    pub system: &'a str,
    pub channel: Channel,
    pub purpose: &'a Purpose,
    pub at: DateTime<Utc>,
    pub before: bool,
    /// The reasons the draft gives: none means allowed.
    pub after: &'a [ReasonCode],
}

impl WhatIf {
    /// Counts one answer judged again. `reasons_before` gives the reasons
    /// it was denied for, asked only when a denial would turn to allowed.
    pub fn count(&mut self, judged: &Judged<'_>, reasons_before: impl FnOnce() -> Vec<String>) {
        self.decisions += 1;
        let after = judged.after.is_empty();
        if after == judged.before {
            return;
        }
        self.changed += 1;
        let reasons: Vec<String> = if judged.before {
            self.allowed_to_denied += 1;
            judged
                .after
                .iter()
                .map(|code| code.as_str().to_owned())
                .collect()
        } else {
            self.denied_to_allowed += 1;
            reasons_before()
        };
        *self
            .by_purpose
            .entry(judged.purpose.to_string())
            .or_default() += 1;
        *self
            .by_channel
            .entry(judged.channel.to_string())
            .or_default() += 1;
        for reason in reasons {
            *self.by_reason.entry(reason).or_default() += 1;
        }
        *self.by_system.entry(judged.system.to_owned()).or_default() += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(Example {
                decision_id: judged.decision_id.to_owned(),
                customer_id: judged.customer_id.to_owned(),
                at: judged.at,
                before: judged.before,
                after,
            });
        }
    }

    /// Adds what another part of the same replay found.
    pub fn add(&mut self, other: WhatIf) {
        self.decisions += other.decisions;
        self.changed += other.changed;
        self.allowed_to_denied += other.allowed_to_denied;
        self.denied_to_allowed += other.denied_to_allowed;
        for (mine, theirs) in [
            (&mut self.by_purpose, other.by_purpose),
            (&mut self.by_channel, other.by_channel),
            (&mut self.by_reason, other.by_reason),
            (&mut self.by_system, other.by_system),
        ] {
            for (key, n) in theirs {
                *mine.entry(key).or_default() += n;
            }
        }
        let room = EXAMPLES.saturating_sub(self.examples.len());
        self.examples.extend(other.examples.into_iter().take(room));
    }
}

/// A what-if kept with the version it tried, as the supervisor saw it
/// before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriedDraft {
    /// The days of kept decisions it replayed (7 or 30).
    pub days: i64,
    /// When it was started.
    pub at: DateTime<Utc>,
    pub found: WhatIf,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged<'a>(purpose: &'a Purpose, before: bool, after: &'a [ReasonCode]) -> Judged<'a> {
        Judged {
            decision_id: "d1",
            customer_id: "C001",
            system: "dialer",
            channel: Channel::Voice,
            purpose,
            at: DateTime::from_timestamp(1_780_000_000, 0).unwrap(),
            before,
            after,
        }
    }

    #[test]
    fn an_unchanged_answer_is_counted_and_nothing_else() {
        let purpose = Purpose::Collections;
        let mut found = WhatIf::default();
        found.count(&judged(&purpose, true, &[]), || unreachable!());
        found.count(
            &judged(&purpose, false, &[ReasonCode::Snoozed]),
            || unreachable!(),
        );
        assert_eq!(found.decisions, 2);
        assert_eq!(
            found,
            WhatIf {
                decisions: 2,
                ..WhatIf::default()
            }
        );
    }

    #[test]
    fn each_way_counts_the_reasons_of_the_denial() {
        let purpose: Purpose = "marketing.credit_card".parse().unwrap();
        let mut found = WhatIf::default();
        found.count(
            &judged(&purpose, true, &[ReasonCode::OutsideLegalHours]),
            || unreachable!("an allowed answer had no reasons"),
        );
        found.count(&judged(&purpose, false, &[]), || vec!["policy_cap".into()]);
        assert_eq!(
            (
                found.changed,
                found.allowed_to_denied,
                found.denied_to_allowed
            ),
            (2, 1, 1)
        );
        assert_eq!(found.by_reason["outside_legal_hours"], 1);
        assert_eq!(found.by_reason["policy_cap"], 1);
        assert_eq!(found.by_purpose["marketing.credit_card"], 2);
        assert_eq!(found.by_channel["voice"], 2);
        assert_eq!(found.by_system["dialer"], 2);
        assert_eq!(found.examples.len(), 2);
        assert!(found.examples[0].before && !found.examples[0].after);
    }

    #[test]
    fn parts_add_up_to_the_whole_and_examples_stop_at_twenty() {
        let purpose = Purpose::Collections;
        let changes = [ReasonCode::ProtectedCustomer];
        let mut whole = WhatIf::default();
        let mut parts = vec![WhatIf::default(), WhatIf::default()];
        for i in 0..60 {
            let one = judged(
                &purpose,
                i % 3 != 0,
                if i % 2 == 0 { &changes } else { &[] },
            );
            whole.count(&one, || vec!["snoozed".into()]);
            parts[i % 2].count(&one, || vec!["snoozed".into()]);
        }
        let mut added = WhatIf::default();
        for part in parts {
            added.add(part);
        }
        assert_eq!(added.examples.len(), EXAMPLES);
        let without_examples = |w: &WhatIf| WhatIf {
            examples: Vec::new(),
            ..w.clone()
        };
        assert_eq!(without_examples(&added), without_examples(&whole));
    }
}
