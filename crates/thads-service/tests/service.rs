//! The conformance suite: thads on a real store of the backend the run asks
//! for (SQLite by default, PostgreSQL with `THADS_TEST_POSTGRES`; see
//! thads-testdb). The golden journals, invalid journals that leave the store
//! as it was, appending to stored cases, the export/import round trip, moving
//! a store from SQLite, concurrent writers, stale writes, the stored ledger
//! against the journal, and the report identities on random demo journals.

use proptest::prelude::*;
use thads_core::{AgencyCode, Category, Day};
use thads_service::{
    Actor, ImportError, ImportSummary, RecordError, ReportRequest, Thads, period_report, render,
};
use thads_testdb::TestDatabase;

use thads_testdb::test_data as read;

/// A store in a database of its own (dropped with the returned guard).
async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    (Thads::open(&db.url, db.key()).await.unwrap(), db)
}

/// The clerk at the console who runs the tests' writes.
fn clerk() -> Actor {
    Actor::console("thu", "may-chu-1")
}

async fn import(thads: &Thads, text: &str) -> Result<ImportSummary, ImportError> {
    thads
        .import(&clerk(), "test.jsonl", text.as_bytes(), &mut |_| {})
        .await
}

async fn export(thads: &Thads) -> String {
    let mut out = Vec::new();
    thads.export(&clerk(), &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

/// The JSON report for the query an expected report names.
async fn report_like(thads: &Thads, expected: &serde_json::Value) -> serde_json::Value {
    let day = |k: &str| expected[k].as_str().unwrap().parse::<Day>().unwrap();
    let request = ReportRequest {
        from: day("from"),
        to: day("to"),
        agency: expected["agency"]
            .as_str()
            .map(|c| AgencyCode::parse(c).unwrap()),
        category: expected["category"]
            .as_str()
            .map(|c| Category::parse(c).unwrap()),
        by_agency: false,
        by_category: false,
        as_recorded: None,
        by_executor: false,
        by: None,
        judgment_kind: None,
        mode: None,
    };
    serde_json::from_str(&render::json(
        &period_report(&thads.snapshot().await.unwrap(), &clerk(), request).unwrap(),
    ))
    .unwrap()
}

#[tokio::test]
async fn the_suite_runs_on_the_backend_it_asked_for() {
    let (thads, db) = store().await;
    eprintln!("conformance suite backend: {}", thads.backend());
    assert_eq!(thads.backend(), thads_testdb::requested_backend());
    assert_eq!(thads.backend(), db.backend);
}

#[tokio::test]
async fn worked_example_matches_its_report_exactly() {
    let (thads, _dir) = store().await;
    let summary = import(&thads, &read("sample/worked-example.jsonl"))
        .await
        .unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            agencies: 1,
            cases: 4,
            events: 11,
            late: 0,
        }
    );
    let expected: serde_json::Value =
        serde_json::from_str(&read("sample/worked-example.report.json")).unwrap();
    assert_eq!(report_like(&thads, &expected).await, expected);
}

#[tokio::test]
async fn sample_2000_matches_every_expected_report_exactly() {
    let (thads, _dir) = store().await;
    let summary = import(&thads, &read("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    assert_eq!((summary.agencies, summary.cases), (14, 2000));
    let expected = read("sample/sample-2000.expected.jsonl");
    let reports: Vec<serde_json::Value> = expected
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 7);
    for expected in reports {
        assert_eq!(report_like(&thads, &expected).await, expected);
    }
}

#[tokio::test]
async fn an_invalid_journal_is_rejected_at_its_line_and_stores_nothing() {
    let expected: std::collections::HashMap<String, usize> =
        serde_json::from_str(&read("invalid/expected-lines.json")).unwrap();
    assert_eq!(expected.len(), 4);
    let (thads, _dir) = store().await;
    import(&thads, &read("sample/worked-example.jsonl"))
        .await
        .unwrap();
    let before = export(&thads).await;
    for (name, line) in expected {
        match import(&thads, &read(&format!("invalid/{name}.jsonl"))).await {
            Err(ImportError::Invalid(faults)) => {
                assert_eq!(
                    faults.listed().iter().map(|f| f.line).collect::<Vec<_>>(),
                    vec![line],
                    "{name}: {faults:?}"
                )
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(export(&thads).await, before, "{name} changed the store");
    }
}

#[tokio::test]
async fn every_error_of_a_file_is_reported_in_one_pass() {
    let (thads, _dir) = store().await;
    let text = [
        r#"{"type":"agency","code":"LC","name":"Thi hành án dân sự tỉnh Lào Cai","parent":null}"#,
        r#"{"type":"accepted","case":"LC/1","on":"2025-01-10","agency":"LC","mode":"on_request","amount":10000000,"categories":[],"decision":"1/QĐ-THADS","judgment":"2/2024/DS-ST","debtor":{"name":"Giàng A Páo"},"creditor":{"name":"Sùng Thị Mai"}}"#,
        r#"{"type":"collected","case":"LC/1","on":"2025-02-01","amount":20000000}"#,
        r#"{"type":"collected","case":"LC/9","on":"2025-02-01","amount":1}"#,
        r#"{"type":"resumed","case":"LC/1","on":"2025-01-01"}"#,
    ]
    .join("\n");
    let Err(ImportError::Invalid(faults)) = import(&thads, &text).await else {
        panic!("accepted")
    };
    let messages: Vec<String> = faults.listed().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 3: case LC/1: “Money or assets collected” of 20,000,000 đ, but only 10,000,000 đ is still owed",
            "line 4: case LC/9: no such case (its “accepted” line must come first)",
            "line 5: case LC/1: “Enforcement resumed” is dated 2025-01-01, before the case's previous event (2025-01-10)",
        ]
    );
    assert_eq!(export(&thads).await, "");
}

#[tokio::test]
async fn lines_are_numbered_right_across_a_large_file() {
    let mut demo = Vec::new();
    thads_demo::write_demo(
        thads_demo::DemoSpec {
            cases: 30_000,
            seed: 5,
        },
        &mut demo,
    )
    .unwrap();
    assert!(
        demo.len() > 12 << 20,
        "the file must span several parsing blocks"
    );
    let mut lines: Vec<Vec<u8>> = demo.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let (broken, not_text) = (lines.len() / 2, lines.len() - 100);
    lines[broken].truncate(20);
    lines[not_text] = b"{\"type\":\"able\",\"case\":\"\xff\"}".to_vec();
    let (thads, _dir) = store().await;
    let file = lines.join(&b'\n');
    let Err(ImportError::Invalid(faults)) = thads
        .import(&clerk(), "big.jsonl", &file[..], &mut |_| {})
        .await
    else {
        panic!("accepted")
    };
    // Later events of the damaged cases may fail too; the two damaged lines
    // must be named by their own numbers.
    let reported: Vec<(usize, String)> = faults
        .listed()
        .iter()
        .map(|f| (f.line, f.reason.to_string()))
        .collect();
    assert!(
        reported.contains(&(
            broken + 1,
            "the line ends before its JSON object is complete".to_owned()
        )),
        "{reported:?}"
    );
    assert!(
        reported.contains(&(not_text + 1, "the line is not UTF-8 text".to_owned())),
        "{reported:?}"
    );
    assert_eq!(
        reported
            .iter()
            .filter(|(line, _)| *line == broken + 1 || *line == not_text + 1)
            .count(),
        2
    );
    assert_eq!(export(&thads).await, "");
}

#[tokio::test]
async fn a_later_journal_appends_to_stored_cases_and_reports_the_same() {
    let whole = read("sample/sample-2000.jsonl");
    let lines: Vec<&str> = whole.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let (thads, _dir) = store().await;
    import(&thads, &first.join("\n")).await.unwrap();
    import(&thads, &second.join("\n")).await.unwrap();
    let (reference, _dir2) = store().await;
    import(&reference, &whole).await.unwrap();
    assert_eq!(export(&thads).await, export(&reference).await);
    for expected in read("sample/sample-2000.expected.jsonl").lines() {
        let expected: serde_json::Value = serde_json::from_str(expected).unwrap();
        assert_eq!(report_like(&thads, &expected).await, expected);
    }
    // A case code that is already stored is an error, not a merge.
    let Err(ImportError::Invalid(faults)) = import(&thads, lines[14]).await else {
        panic!("accepted twice")
    };
    assert!(
        faults.listed()[0]
            .reason
            .to_string()
            .contains("already used"),
        "{faults:?}"
    );
}

#[tokio::test]
async fn export_then_import_then_export_gives_the_same_file() {
    let (thads, _dir) = store().await;
    import(&thads, &read("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let first = export(&thads).await;
    assert_eq!(first.lines().count(), 7505);
    let (copy, _dir2) = store().await;
    import(&copy, &first).await.unwrap();
    assert_eq!(export(&copy).await, first);
}

#[tokio::test]
async fn the_stored_ledger_is_the_journal_folded_again() {
    let (thads, db) = store().await;
    import(&thads, &read("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let stored = thads.snapshot().await.unwrap();
    let rebuilt = thads_store::Store::open(&db.url, db.key())
        .await
        .unwrap()
        .rebuild_ledger()
        .await
        .unwrap();
    assert_eq!(stored.ledger.chunks(), rebuilt.ledger.chunks());
    assert_eq!(stored.journal_seq, rebuilt.journal_seq);
}

#[tokio::test]
async fn a_store_moved_from_sqlite_carries_everything_over() {
    // The agency's embedded store…
    let folder = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite://{}", folder.path().join("agency.db").display());
    let source = Thads::open(&source_url, thads_testdb::test_key())
        .await
        .unwrap();
    import(&source, &read("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let moved = export(&source).await;
    // …exported and imported into the store under test.
    let (target, _db) = store().await;
    import(&target, &moved).await.unwrap();
    assert_eq!(export(&target).await, moved);
    for expected in read("sample/sample-2000.expected.jsonl").lines() {
        let expected: serde_json::Value = serde_json::from_str(expected).unwrap();
        assert_eq!(report_like(&target, &expected).await, expected);
        assert_eq!(
            report_like(&target, &expected).await,
            report_like(&source, &expected).await
        );
    }
}

#[tokio::test]
async fn text_with_backslashes_round_trips() {
    let (thads, _db) = store().await;
    let text = [
        r#"{"type":"agency","code":"LC","name":"Thi hành án dân sự \\ Lào Cai","parent":null}"#,
        r#"{"type":"accepted","case":"LC/1","on":"2025-01-10","agency":"LC","mode":"on_request","amount":10000000,"categories":["state_budget","credit_institution"],"decision":"1/QĐ-THADS","judgment":"2/2024/DS-ST","debtor":{"name":"Giàng A Páo","id":"011188001234","address":"Bản 1 xã \\N"},"creditor":{"name":"\\N"}}"#,
        r#"{"type":"terminated","case":"LC/1","on":"2025-02-01","reason":"Miễn nghĩa vụ \\"}"#,
    ]
    .join("\n");
    import(&thads, &text).await.unwrap();
    assert_eq!(export(&thads).await, text + "\n");
}

/// A NUL, a tab or a line break is in no name, number or reason: one
/// database would store it and another refuse it (PostgreSQL refuses NUL),
/// so every store refuses it, naming the line and the field.
#[tokio::test]
async fn control_characters_are_refused_on_every_backend() {
    let (thads, _db) = store().await;
    let agency =
        r#"{"type":"agency","code":"LC","name":"Thi hành án dân sự Lào Cai","parent":null}"#;
    for (debtor, character) in [
        ("Giàng\\u0000A Páo", "U+0000"),
        ("Giàng\\tA Páo", "U+0009"),
        ("Bản 1\\r\\nxã", "U+000D"),
    ] {
        let accepted = format!(
            r#"{{"type":"accepted","case":"LC/1","on":"2025-01-10","agency":"LC","mode":"on_request","amount":1,"categories":[],"decision":"1/QĐ","judgment":"2/DS","debtor":{{"name":"{debtor}"}},"creditor":{{"name":"Nhà nước"}}}}"#
        );
        let Err(ImportError::Invalid(faults)) =
            import(&thads, &format!("{agency}\n{accepted}")).await
        else {
            panic!("{debtor} was imported")
        };
        assert_eq!(
            faults.listed()[0].to_string(),
            format!(
                "line 2: case LC/1: the debtor's name holds the control character {character}, which no text may hold"
            )
        );
    }
    assert_eq!(export(&thads).await, "");
}

/// Two journals of the same agencies whose cases do not overlap, and both
/// together.
fn two_disjoint_journals() -> (String, String) {
    let whole = read("sample/sample-2000.jsonl");
    let (mut agencies, mut first, mut second) = (Vec::new(), Vec::new(), Vec::new());
    for line in whole.lines() {
        let record = thads_core::journal::parse_line(line).unwrap();
        match &record {
            thads_core::journal::Record::Agency(_)
            | thads_core::journal::Record::Executor(_)
            | thads_core::journal::Record::Coordination(_) => agencies.push(line),
            thads_core::journal::Record::Accepted { case, .. }
            | thads_core::journal::Record::Event { case, .. } => {
                // Split by the case code's last digit.
                if case.as_str().ends_with(['0', '2', '4', '6', '8']) {
                    first.push(line)
                } else {
                    second.push(line)
                }
            }
        }
    }
    assert!(first.len() > 1000 && second.len() > 1000);
    let agencies = agencies.join("\n");
    (
        format!("{agencies}\n{}", first.join("\n")),
        second.join("\n"),
    )
}

#[tokio::test]
async fn concurrent_imports_lose_nothing_and_corrupt_nothing() {
    let (first, second) = two_disjoint_journals();
    let (thads, db) = store().await;
    import(
        &thads,
        first
            .lines()
            .take(14)
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .await
    .unwrap();
    let first_cases = first.lines().skip(14).collect::<Vec<_>>().join("\n");
    // Two clients, each with connections of its own, writing at once.
    let other = Thads::open(&db.url, db.key()).await.unwrap();
    let (a, b) = tokio::join!(
        tokio::spawn({
            let thads = thads.clone();
            async move { import(&thads, &first_cases).await }
        }),
        tokio::spawn(async move { import(&other, &second).await }),
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.cases + b.cases, 2000);
    // Every record is stored once, and the store reports as if the whole
    // journal had been imported at once.
    let (reference, _db2) = store().await;
    import(&reference, &read("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let mut stored: Vec<String> = export(&thads).await.lines().map(str::to_owned).collect();
    let mut whole: Vec<String> = export(&reference)
        .await
        .lines()
        .map(str::to_owned)
        .collect();
    stored.sort();
    whole.sort();
    assert_eq!(stored, whole);
    for expected in read("sample/sample-2000.expected.jsonl").lines() {
        let expected: serde_json::Value = serde_json::from_str(expected).unwrap();
        assert_eq!(report_like(&thads, &expected).await, expected);
    }
    let rebuilt = thads_store::Store::open(&db.url, db.key())
        .await
        .unwrap()
        .rebuild_ledger()
        .await
        .unwrap();
    assert_eq!(
        thads.snapshot().await.unwrap().ledger.chunks(),
        rebuilt.ledger.chunks()
    );
}

#[tokio::test]
async fn a_write_based_on_a_stale_view_of_a_case_is_rejected() {
    let (thads, db) = store().await;
    import(&thads, &read("sample/worked-example.jsonl"))
        .await
        .unwrap();
    let case = thads_core::CaseCode::parse("DB/2025/00001").unwrap();
    let seen = thads.case_version(&clerk(), &case).await.unwrap().unwrap();
    let day = |s: &str| s.parse::<Day>().unwrap();
    let collect = |amount| thads_core::Event::Collected(thads_core::Vnd(amount));

    // Two clerks saw the same version and record at the same moment, each
    // through connections of its own: one wins, the other is told.
    let other = Thads::open(&db.url, db.key()).await.unwrap();
    let (clerk, other_clerk) = (clerk(), Actor::console("lan", "may-tram-2"));
    let (a, b) = tokio::join!(
        thads.record(&clerk, &case, day("2025-09-01"), collect(1_000_000), seen),
        other.record(
            &other_clerk,
            &case,
            day("2025-09-02"),
            collect(2_000_000),
            seen
        ),
    );
    let (won, lost) = match (a, b) {
        (Ok(v), Err(e)) | (Err(e), Ok(v)) => (v, e),
        other => panic!("exactly one must win: {other:?}"),
    };
    assert_eq!(won, seen + 1);
    let RecordError::Stale { now, .. } = &lost else {
        panic!("{lost:?}")
    };
    assert_eq!(*now, seen + 1);
    assert_eq!(
        lost.to_string(),
        format!(
            "case DB/2025/00001 was changed by someone else after you opened it (it is now at version {}, you saw version {seen}): open it again and check before recording",
            seen + 1
        )
    );
    assert_eq!(
        thads.case_version(&clerk, &case).await.unwrap(),
        Some(seen + 1)
    );

    // With the current version, the rules of the journal still apply.
    let refused = thads
        .record(
            &clerk,
            &case,
            day("2025-09-03"),
            collect(1_000_000_000_000),
            seen + 1,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, RecordError::Refused(m) if m.reason.to_string().contains("still owed")),
        "{refused}"
    );
    let unknown = thads_core::CaseCode::parse("DB/none").unwrap();
    assert!(matches!(
        thads
            .record(&clerk, &unknown, day("2025-09-03"), collect(1), 1)
            .await,
        Err(RecordError::UnknownCase(_))
    ));
    assert_eq!(thads.case_version(&clerk, &unknown).await.unwrap(), None);
}

fn day_in(range: std::ops::Range<i32>) -> impl Strategy<Value = Day> {
    range.prop_map(|n| Day::from_ymd(2019, 6, 1).unwrap().plus_days(n))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// On random journals with a close somewhere in them (the events after
    /// it dated on or before its day late), and random queries, every
    /// identity of statistics.md holds, the rows of a breakdown add up to
    /// its total, a report as recorded at any position holds them too, and
    /// a report to a closed day is the report as the journal stood at the
    /// close.
    #[test]
    fn report_identities_hold_on_random_journals(
        seed in any::<u64>(),
        from in day_in(0..2800),
        length in 0i32..800,
        scope in 0usize..40,
        category in prop::option::of(prop::sample::select(Category::ALL.to_vec())),
        mode in prop::option::of(prop::sample::select(thads_core::Mode::ALL.to_vec())),
        close_at in 0.0f64..1.0,
        close_to in day_in(0..2800),
        recorded_at in 0.0f64..1.0,
    ) {
        let mut text = Vec::new();
        thads_demo::write_demo(thads_demo::DemoSpec { cases: 400, seed }, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let first_case = lines.iter().position(|l| l.contains(r#""case":"#)).unwrap();
        let case_lines = lines.len() - first_case;
        let close_position = (case_lines as f64 * close_at) as usize;
        let close_to = close_to.month_end();
        let close = format!(
            r#"{{"type":"period_closed","to":"{close_to}","at":"2026-01-05T01:00:00Z","by":"test","journal":{close_position},"sha256":"{}"}}"#,
            "0".repeat(64)
        );
        let mut journal: Vec<&str> = lines.clone();
        journal.insert(first_case + close_position, &close);
        let parsed = thads_core::journal::parse_journal(&journal.join("\n"));
        let prepared = parsed.check(&Default::default(), &Default::default(), &Default::default(), &Default::default(), &Default::default(), thads_core::check::Positions::After(0)).unwrap();
        let mut agencies = thads_core::AgencyTree::default();
        prepared.agencies.into_iter().for_each(|a| { agencies.add(a).unwrap(); });
        let mut ledger = thads_core::ledger::Ledger::default();
        ledger.replace_chunks(prepared.chunks);
        let agency = (scope < agencies.len()).then_some(scope as u16);
        let recorded_by = Some((case_lines as f64 * recorded_at) as u32);
        for recorded_by in [None, recorded_by] {
            let query = thads_core::ledger::Query { agency, category, recorded_by, mode, ..thads_core::ledger::Query::period(from, from.plus_days(length)) };
            let breakdown = ledger.breakdown(&agencies, &query);
            prop_assert_eq!(breakdown.total.broken_identities(), Vec::<String>::new());
            prop_assert_eq!(ledger.report(&agencies, &query), breakdown.total);
            for (_, row) in &breakdown.rows {
                prop_assert_eq!(row.broken_identities(), Vec::<String>::new());
            }
        }
        let closed = thads_core::ledger::Query { agency, category, mode, ..thads_core::ledger::Query::period(from, from.plus_days(length).min(close_to)) };
        if closed.from <= closed.to {
            let as_closed = thads_core::ledger::Query { recorded_by: Some(close_position as u32), ..closed };
            prop_assert_eq!(ledger.breakdown(&agencies, &closed), ledger.breakdown(&agencies, &as_closed));
        }
    }
}

#[tokio::test]
async fn a_big_first_import_keeps_the_index_of_events_by_case() {
    // Big enough that the embedded store builds the index after the rows.
    let mut demo = Vec::new();
    thads_demo::write_demo(
        thads_demo::DemoSpec {
            cases: 32_000,
            seed: 7,
        },
        &mut demo,
    )
    .unwrap();
    let (thads, db) = store().await;
    let summary = thads
        .import(&clerk(), "big.jsonl", &demo[..], &mut |_| {})
        .await
        .unwrap();
    assert!(summary.events > 100_000, "{summary:?}");
    if db.backend == thads_store::Backend::Sqlite {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        let indexes: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'journal_event_case'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(indexes, 1);
    }
    // The store is whole: it exports what it imported, line for line.
    assert_eq!(export(&thads).await.as_bytes(), &demo[..]);
}

/// A case holds at most 10^15 đồng, and no sum of cases wraps: 10,000 cases
/// at the ceiling bring in 10^19 đồng, more than a 64-bit integer holds,
/// and every format says it to the đồng.
#[tokio::test]
async fn money_figures_never_wrap() {
    let (thads, _db) = store().await;
    let agency =
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#;
    let accepted = |i: usize, amount: &str| {
        format!(
            r#"{{"type":"accepted","case":"SL/{i}","on":"2025-01-15","agency":"SL","mode":"on_request","amount":{amount},"categories":[],"decision":"1","judgment":"2","debtor":{{"name":"A"}},"creditor":{{"name":"B"}}}}"#
        )
    };
    // Above the ceiling: refused, whatever the number of cases.
    let Err(ImportError::Invalid(faults)) = import(
        &thads,
        &format!("{agency}\n{}", accepted(1, "9223372036854775807")),
    )
    .await
    else {
        panic!("a case above the ceiling was accepted")
    };
    assert!(
        faults.listed()[0]
            .reason
            .to_string()
            .contains("is more than a case may hold"),
        "{faults:?}"
    );
    let journal: Vec<String> = std::iter::once(agency.to_owned())
        .chain((0..10_000).map(|i| accepted(i, "1000000000000000")))
        .collect();
    import(&thads, &journal.join("\n")).await.unwrap();
    let request = ReportRequest {
        from: "2024-10-01".parse().unwrap(),
        to: "2025-09-30".parse().unwrap(),
        agency: None,
        category: None,
        by_agency: true,
        by_category: false,
        as_recorded: None,
        by_executor: false,
        by: None,
        judgment_kind: None,
        mode: None,
    };
    let report = period_report(&thads.snapshot().await.unwrap(), &clerk(), request).unwrap();
    let ten_to_19: i128 = 10_i128.pow(19);
    assert_eq!(report.total.money.new, ten_to_19);
    assert!(report.total.broken_identities().is_empty());
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["money"]["new"].to_string(), "10000000000000000000");
    assert_eq!(
        json["money"]["in_progress"].to_string(),
        "10000000000000000000"
    );
    assert!(render::csv(&report).contains(",10000000000000000000,"));
    assert!(render::table(&report).contains("10.000.000.000.000.000.000 đ"));
}
