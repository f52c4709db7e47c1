//! The decision log under traffic that never pauses: each decision still
//! reaches the database within its deadline, and a flush writes everything.

use std::time::Duration;

use reachguard_core::DecisionLog;
use reachguard_storage::{KeptDecision, on_both_databases};

/// Decision ids are uuids: the `n`th of this test's.
fn id(n: usize) -> String {
    format!("0190a0b0-0000-7000-8000-{n:012}")
}

fn decision(n: usize) -> KeptDecision {
    KeptDecision {
        decision_id: id(n),
        decided_at: 1_800_000_000,
        client: "dialer".into(),
        customer_id: None,
        allowed: true,
        reasons: 0,
        kept: r#"{"c":"sms","p":"collections","v":"cn@1"}"#.into(),
    }
}

on_both_databases! {
    async fn decisions_are_written_within_their_deadline_while_traffic_never_pauses(test_db) {
        let log = DecisionLog::start(test_db.db.clone());
        // A decision every 20 ms, for longer than the old "200 ms of quiet"
        // rule would ever have written anything.
        let traffic = {
            let log = log.clone();
            tokio::spawn(async move {
                for n in 0..60 {
                    log.keep(decision(n)).await;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        // Well past the 200 ms deadline, with decisions still arriving.
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(!traffic.is_finished(), "the traffic is still going");
        let first = test_db.db.kept_decision(&id(0)).await.unwrap();
        assert!(first.is_some(), "the first decision is in the database while traffic goes on");
        traffic.await.unwrap();
        log.flush().await;
        for n in 0..60 {
            assert!(test_db.db.kept_decision(&id(n)).await.unwrap().is_some(), "d{n}");
        }
        assert_eq!(log.waiting(), 0);
    }
}

on_both_databases! {
    async fn more_decisions_at_once_than_the_queue_holds_are_all_written(test_db) {
        let log = DecisionLog::start(test_db.db.clone());
        let many = reachguard_core::decision_log::QUEUE + 5_000;
        // More than the queue's room in one call: it goes in parts rather
        // than waiting for room that can never be.
        tokio::time::timeout(Duration::from_secs(60), log.keep_all((0..many).map(decision).collect()))
            .await
            .expect("kept without waiting forever");
        log.flush().await;
        assert_eq!(log.waiting(), 0);
        for n in [0, reachguard_core::decision_log::QUEUE, many - 1] {
            assert!(test_db.db.kept_decision(&id(n)).await.unwrap().is_some(), "d{n}");
        }
    }
}
