//! Decision totals a quarter of an hour (migration 0012): how many
//! decisions were kept with each outcome and set of reasons, added in the
//! transaction that keeps them and taken away in the one that deletes them,
//! so that the dashboard counts a few thousand rows for a month instead of
//! every decision, and still equals a count of the decisions.

use std::collections::HashMap;

/// Seconds in a quarter of an hour: every zone's midnight falls on one.
pub(crate) const QUARTER: i64 = 900;

/// Decisions by (quarter, allowed, reasons).
pub(crate) type Tally = HashMap<(i64, bool, i64), i64>;

/// The tally of decisions given as (decided_at, allowed, reasons), each
/// counted `sign` times (1 when kept, -1 when deleted).
pub(crate) fn tally(decisions: &[(i64, bool, i64)], sign: i64) -> Tally {
    let mut tally = Tally::new();
    for &(decided_at, allowed, reasons) in decisions {
        *tally
            .entry((decided_at.div_euclid(QUARTER), allowed, reasons))
            .or_default() += sign;
    }
    tally
}

/// The quarters wholly inside `from..until`, as the instants they span:
/// the totals count those; the raw rows the rest at either end.
pub(crate) fn whole_quarters(from: i64, until: i64) -> (i64, i64) {
    let first = from.div_euclid(QUARTER) + i64::from(from.rem_euclid(QUARTER) != 0);
    let end = until.div_euclid(QUARTER);
    if first >= end {
        (from, from)
    } else {
        (first * QUARTER, end * QUARTER)
    }
}

/// Adds a [`Tally`] to the totals inside the transaction `$tx` (either
/// backend). Evaluates to `Result<(), sqlx::Error>`.
macro_rules! add_to_totals {
    ($tx:expr, $tally:expr) => {
        async {
            let tally: &$crate::totals::Tally = $tally;
            let mut rows: Vec<_> = tally.iter().filter(|(_, n)| **n != 0).collect();
            // In one order for every writer: two servers adding to the same
            // quarters lock their rows in the same order, never in a cycle.
            rows.sort();
            for chunk in rows.chunks(100) {
                let mut sql = String::from(
                    "INSERT INTO decision_totals (quarter, allowed, reasons, decisions) VALUES ",
                );
                sql.push_str(&$crate::value_rows(&$tx, chunk.len(), 4));
                sql.push_str(
                    " ON CONFLICT (quarter, allowed, reasons)
                     DO UPDATE SET decisions = decision_totals.decisions + excluded.decisions",
                );
                let mut query = sqlx::query(&sql);
                for ((quarter, allowed, reasons), n) in chunk {
                    query = query.bind(*quarter).bind(*allowed).bind(*reasons).bind(**n);
                }
                query.execute(&mut *$tx).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    };
}
pub(crate) use add_to_totals;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_quarters_leave_the_ends_to_the_rows() {
        assert_eq!(whole_quarters(0, 3_600), (0, 3_600));
        assert_eq!(whole_quarters(10, 3_590), (900, 2_700));
        assert_eq!(whole_quarters(10, 890), (10, 10), "no whole quarter");
        assert_eq!(whole_quarters(900, 900), (900, 900));
    }

    #[test]
    fn a_tally_counts_by_quarter_outcome_and_reasons() {
        let t = tally(
            &[
                (0, true, 0),
                (899, true, 0),
                (900, false, 4),
                (901, false, 4),
            ],
            -1,
        );
        assert_eq!(t[&(0, true, 0)], -2);
        assert_eq!(t[&(1, false, 4)], -2);
        assert_eq!(t.len(), 2);
    }
}
