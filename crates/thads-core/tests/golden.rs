//! The golden journals of `testdata/`, through the pure pipeline (parse,
//! check, ledger, report) with nothing stored before.

use std::collections::HashMap;
use std::path::PathBuf;

use thads_core::journal::{Faults, parse_journal};
use thads_core::ledger::{Ledger, Query};
use thads_core::report::{Line, Report, Tally};
use thads_core::{AgencyCode, AgencyTree, Category, Day};

/// The repository's golden data, copied from the project's shared folder.
fn test_data_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

fn test_data(path: &str) -> String {
    let full = test_data_folder().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn load(text: &str) -> Result<(AgencyTree, Ledger), Faults> {
    let prepared = parse_journal(text).check(
        &AgencyTree::default(),
        &thads_core::executor::Executors::default(),
        &Default::default(),
        &Ledger::default(),
        &HashMap::new(),
        thads_core::check::Positions::After(0),
    )?;
    let mut agencies = AgencyTree::default();
    prepared.agencies.into_iter().for_each(|a| {
        agencies.add(a).unwrap();
    });
    let mut ledger = Ledger::default();
    ledger.replace_chunks(prepared.chunks);
    Ok((agencies, ledger))
}

fn query(agencies: &AgencyTree, expected: &serde_json::Value) -> Query {
    let day = |k: &str| expected[k].as_str().unwrap().parse::<Day>().unwrap();
    Query {
        from: day("from"),
        to: day("to"),
        agency: expected["agency"]
            .as_str()
            .map(|c| agencies.index(&AgencyCode::parse(c).unwrap()).unwrap()),
        category: expected["category"]
            .as_str()
            .map(|c| Category::parse(c).unwrap()),
        recorded_by: None,
        mode: None,
        judgment_kind: None,
        budget_item: None,
    }
}

fn assert_form(form: &str, tally: &Tally, expected: &serde_json::Value) {
    let lines: Vec<Line> = if form == "cases" {
        Line::of_cases().collect()
    } else {
        Line::ALL.to_vec()
    };
    for line in lines {
        assert_eq!(
            Some(tally.line(line)),
            expected[line.key()].as_i64().map(i128::from),
            "{form}.{}",
            line.key()
        );
    }
    let rate = tally.rate().map(|r| f64::from(r.0) / 100.0);
    assert_eq!(rate, expected["rate"].as_f64(), "{form}.rate");
}

fn assert_report(report: &Report, expected: &serde_json::Value) {
    assert_form("cases", &report.cases, &expected["cases"]);
    assert_form("money", &report.money, &expected["money"]);
    assert_eq!(report.broken_identities(), Vec::<String>::new());
}

#[test]
fn worked_example() {
    let (agencies, ledger) = load(&test_data("sample/worked-example.jsonl")).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&test_data("sample/worked-example.report.json")).unwrap();
    assert_report(
        &ledger.report(&agencies, &query(&agencies, &expected)),
        &expected,
    );
}

#[test]
fn sample_2000_every_expected_report() {
    let (agencies, ledger) = load(&test_data("sample/sample-2000.jsonl")).unwrap();
    assert_eq!(ledger.case_count(), 2000);
    let expected = test_data("sample/sample-2000.expected.jsonl");
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let expected: serde_json::Value = serde_json::from_str(line).unwrap();
        let q = query(&agencies, &expected);
        assert_report(&ledger.report(&agencies, &q), &expected);
        // The breakdown's total is the same report, and its rows add up to it.
        let breakdown = ledger.breakdown(&agencies, &q);
        assert_report(&breakdown.total, &expected);
        let mut sum = Report::default();
        breakdown.rows.iter().for_each(|(_, r)| sum.add(r));
        assert_eq!(sum, breakdown.total);
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn invalid_journals_fail_at_their_line() {
    assert_refused_at_their_lines(test_data, 4);
}

/// Each journal of an `invalid/` folder (`read` reads its files) is
/// refused whole, at the one line `expected-lines.json` gives; there are at
/// least `at_least` of them.
fn assert_refused_at_their_lines(read: fn(&str) -> String, at_least: usize) {
    let expected: HashMap<String, usize> =
        serde_json::from_str(&read("invalid/expected-lines.json")).unwrap();
    assert!(expected.len() >= at_least);
    for (name, line) in expected {
        let faults = load(&read(&format!("invalid/{name}.jsonl")))
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert_eq!(
            faults.listed().iter().map(|f| f.line).collect::<Vec<_>>(),
            vec![line],
            "{name}: {faults:?}"
        );
    }
}

/// Every file of a folder and its subfolders, by its path in the folder.
fn files(folder: &std::path::Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut folders = vec![folder.to_owned()];
    while let Some(current) = folders.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(folder).unwrap().to_owned();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// `testdata/` is a copy of the project's shared golden data: where that
/// folder sits beside the checkout (`../shared/data`), the two hold the
/// same files, byte for byte (the copy's README aside).
#[test]
fn testdata_is_the_shared_golden_data() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !shared.is_dir() {
        eprintln!("no ../shared/data beside the checkout: nothing to compare");
        return;
    }
    let mut copy = files(&test_data_folder());
    copy.remove(&PathBuf::from("README.md"));
    let original = files(&shared);
    assert_eq!(
        copy.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>(),
        "testdata/ and ../shared/data hold other files: copy the shared folder again"
    );
    for (path, bytes) in &original {
        assert!(
            copy[path] == *bytes,
            "testdata/{} differs from ../shared/data/{0}: copy the shared folder again",
            path.display()
        );
    }
}

/// The project's own golden data of the journal's second version
/// (`testdata-v2/`), whose expected steps were worked out by hand.
fn v2_data(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata-v2")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every step the golden journal's cases owe on 28 November 2026, as
/// `thads due` lists them: the across-Tết verification, each regime's
/// publication deadline, the yearly re-verification of an unknown address,
/// a payout late by two days, the separate register and the returned request.
#[test]
fn version_2_steps_due() {
    use thads_core::calendar::Calendar;
    let text = v2_data("work.jsonl");
    let parsed = parse_journal(&text);
    let codes: Vec<String> = parsed
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            thads_core::journal::Record::Accepted { case, .. } => Some(case.to_string()),
            _ => None,
        })
        .collect();
    let executors: Vec<String> = parsed
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            thads_core::journal::Record::Executor(e) => Some(e.code.to_string()),
            _ => None,
        })
        .collect();
    let (_, ledger) = load(&text).unwrap();
    let as_of: Day = "2026-11-28".parse().unwrap();
    let calendar = Calendar::shipped();
    let mut steps = Vec::new();
    for id in 0..ledger.case_count() as u32 {
        let owed = thads_core::due::owed(&ledger.timeline(id).unwrap(), as_of, &calendar);
        for s in owed.steps {
            steps.push((
                s.due,
                id,
                s.duty,
                s.rule.id.clone(),
                s.overdue_on(as_of),
                owed.executor,
            ));
        }
    }
    steps.sort_by_key(|(due, id, duty, ..)| (*due, *id, *duty));
    let got: Vec<serde_json::Value> = steps
        .into_iter()
        .map(|(due, id, duty, rule, overdue, executor)| {
            serde_json::json!({
                "case": codes[id as usize], "step": duty.as_str(), "due": due.to_string(),
                "rule": rule, "overdue": overdue,
                "executor": executor.map(|e| executors[e as usize].clone()),
            })
        })
        .collect();
    let expected: serde_json::Value =
        serde_json::from_str(&v2_data("work.due-2026-11-28.json")).unwrap();
    assert_eq!(serde_json::Value::Array(got), expected);
}

/// Each rule of the second version has a journal that breaks it, refused
/// whole at the line that does.
#[test]
fn version_2_invalid_journals_fail_at_their_line() {
    assert_refused_at_their_lines(v2_data, 10);
}

/// The report lines of the second version, on the golden journal for the
/// statistical year to 30 September 2026: the request returned on
/// 15 July 2026 leaves the count as an entrustment does, with what it still
/// owed, and is not completed; the case moved to the separate register on
/// 3 August stays not enforceable and is counted apart.
#[test]
fn version_2_returned_and_separate_register_lines() {
    let (agencies, ledger) = load(&v2_data("work.jsonl")).unwrap();
    let report = ledger.report(
        &agencies,
        &Query {
            from: "2025-10-01".parse().unwrap(),
            to: "2026-09-30".parse().unwrap(),
            agency: None,
            category: None,
            recorded_by: None,
            mode: None,
            judgment_kind: None,
            budget_item: None,
        },
    );
    let (cases, money) = (&report.cases, &report.money);
    assert_eq!((cases.carried_in, cases.new), (7, 1));
    assert_eq!((cases.returned, money.returned), (1, 40_000_000));
    assert_eq!(cases.line(Line::ToEnforce), 7);
    assert_eq!(
        money.line(Line::ToEnforce),
        296_000_000 + 3_000_000 - 40_000_000
    );
    assert_eq!((cases.completed, cases.entrusted_out), (0, 0));
    assert_eq!(
        (cases.not_enforceable, money.not_enforceable),
        (4, 224_000_000)
    );
    assert_eq!(
        (cases.registered_apart, money.registered_apart),
        (1, 9_000_000)
    );
    assert_eq!(report.broken_identities(), Vec::<String>::new());
}
