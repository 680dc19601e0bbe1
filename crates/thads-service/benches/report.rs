//! The period report on an open store (as the server will hold it).
//!
//! `THADS_DATABASE_URL=sqlite://… cargo bench -p thads-service --bench report`
//! against a store filled by `scripts/bench` (see docs/benchmarks.md). Prints
//! the time to load the snapshot, then the best and median of repeated
//! statistical-year reports, whole and broken down by every agency.

use std::time::{Duration, Instant};

use thads_core::Day;
use thads_service::{Actor, ReportRequest, Thads, period_report};

fn median_and_best(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0])
}

/// How long each of 20 runs of a report takes, in order.
fn twenty_times(
    snapshot: &thads_service::Snapshot,
    console: &Actor,
    request: &ReportRequest,
) -> Vec<Duration> {
    (0..20)
        .map(|_| {
            let start = Instant::now();
            let r = period_report(snapshot, console, request.clone()).expect("report");
            std::hint::black_box(r);
            start.elapsed()
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let Ok(url) = std::env::var("THADS_DATABASE_URL") else {
        eprintln!("set THADS_DATABASE_URL to a store filled by scripts/bench");
        return;
    };
    // Reports only read: the audit key plays no part.
    let thads = Thads::open(&url, thads_testdb::test_key())
        .await
        .expect("open the store");
    let start = Instant::now();
    let snapshot = thads.snapshot().await.expect("snapshot");
    println!(
        "snapshot: {} cases loaded in {:?}",
        snapshot.ledger.case_count(),
        start.elapsed()
    );

    let console = Actor::console("bench", "localhost");
    let (from, to) = (
        "2025-10-01".parse::<Day>().unwrap(),
        "2026-09-30".parse::<Day>().unwrap(),
    );
    for by_agency in [false, true] {
        let request = ReportRequest {
            by_agency,
            ..ReportRequest::period(from, to)
        };
        let times = twenty_times(&snapshot, &console, &request);
        let (median, best) = median_and_best(times);
        let what = if by_agency {
            "report by every agency"
        } else {
            "statistical-year report"
        };
        println!("{what}: median {median:?}, best {best:?}");
    }

    // A report as recorded at a past position (half the journal), and a
    // report ending in a closed period (scripts/close-bench closes the
    // year to 2026-09-30): the first, folded anew, then remembered.
    let half = u32::try_from(snapshot.journal_seq / 2).expect("a position");
    let as_recorded = thads_service::AsRecorded {
        day: to,
        position: half,
        until: jiff::Timestamp::now(),
    };
    let asked = [
        (
            "report as recorded at half the journal",
            ReportRequest {
                as_recorded: Some(as_recorded),
                ..ReportRequest::period(from, to)
            },
        ),
        (
            "closed report, by every agency",
            ReportRequest {
                by_agency: true,
                ..ReportRequest::period(from, "2026-08-31".parse().unwrap())
            },
        ),
    ];
    for (what, request) in asked {
        let times = twenty_times(&snapshot, &console, &request);
        let first = times[0];
        let (median, best) = median_and_best(times);
        println!("{what}: first {first:?}, median {median:?}, best {best:?}");
    }
}
