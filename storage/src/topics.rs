//! Customers who opted out of each marketing topic (migration 0012): how
//! many documents list each topic, and how many of those accept no channel
//! for it, changed in the transaction that writes a document. The dashboard
//! reads a few rows instead of every customer's document.

use reachguard_domain::Preferences;

/// How a write changes the counts: (topic, listed, opted out), each a
/// difference. `before` is `None` for a new customer.
pub(crate) fn topic_changes(
    before: Option<&Preferences>,
    after: &Preferences,
) -> Vec<(String, i64, i64)> {
    let counts = |doc: Option<&Preferences>| -> Vec<(String, i64, i64)> {
        doc.map(|doc| {
            doc.purposes
                .iter()
                .filter(|(purpose, _)| purpose.is_marketing())
                .map(|(purpose, choice)| {
                    (
                        purpose.to_string(),
                        1,
                        i64::from(choice.channels.is_empty()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let mut changes: Vec<(String, i64, i64)> = counts(Some(after));
    for (topic, listed, opted_out) in counts(before) {
        match changes.iter_mut().find(|(t, ..)| *t == topic) {
            Some(change) => {
                change.1 -= listed;
                change.2 -= opted_out;
            }
            None => changes.push((topic, -listed, -opted_out)),
        }
    }
    changes.retain(|(_, listed, opted_out)| *listed != 0 || *opted_out != 0);
    // In one order for every writer, so that concurrent writes lock the
    // topics' rows in the same order (PostgreSQL).
    changes.sort();
    changes
}

/// Adds [`topic_changes`] to the counts inside the transaction `$tx`
/// (either backend). Evaluates to `Result<(), sqlx::Error>`.
macro_rules! count_topics {
    ($tx:expr, $changes:expr) => {
        async {
            let changes: &[(String, i64, i64)] = $changes;
            for (topic, listed, opted_out) in changes {
                sqlx::query(
                    "INSERT INTO topic_opt_outs (purpose, listed, opted_out) VALUES ($1, $2, $3)
                     ON CONFLICT (purpose) DO UPDATE SET listed = topic_opt_outs.listed + excluded.listed,
                         opted_out = topic_opt_outs.opted_out + excluded.opted_out",
                )
                .bind(topic)
                .bind(*listed)
                .bind(*opted_out)
                .execute(&mut *$tx)
                .await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    };
}
pub(crate) use count_topics;

#[cfg(test)]
mod tests {
    use super::*;
    use reachguard_domain::{Policy, PolicyPack, Purpose};

    #[test]
    fn a_write_changes_the_counts_of_the_topics_it_changes() {
        let policy = Policy::of_pack(PolicyPack::Cn, 1);
        let before = Preferences::defaults(&policy);
        let topics = before.purposes.keys().filter(|p| p.is_marketing()).count() as i64;
        assert!(topics > 0);
        let new: Vec<_> = topic_changes(None, &before);
        assert_eq!(
            new.iter().map(|(_, listed, _)| listed).sum::<i64>(),
            topics,
            "a new customer lists each topic"
        );
        let wealth: Purpose = "marketing.wealth".parse().unwrap();
        let mut after = before.clone();
        let accepted = after.purposes.get(&wealth).unwrap().channels.is_empty();
        after.purposes.get_mut(&wealth).unwrap().channels.clear();
        let changes = topic_changes(Some(&before), &after);
        if accepted {
            assert!(changes.is_empty(), "already none: {changes:?}");
        } else {
            assert_eq!(changes, [("marketing.wealth".to_owned(), 0, 1)]);
            assert_eq!(
                topic_changes(Some(&after), &before),
                [("marketing.wealth".to_owned(), 0, -1)]
            );
        }
        assert!(topic_changes(Some(&before), &before).is_empty());
    }
}
