//! The golden journals of `shared/data`, through the pure pipeline (parse,
//! check, ledger, report) with nothing stored before.

use std::collections::HashMap;
use std::path::PathBuf;

use thads_core::journal::{Faults, parse_journal};
use thads_core::ledger::{Ledger, Query};
use thads_core::report::{Line, Report, Tally};
use thads_core::{AgencyCode, AgencyTree, Category, Day};

fn shared(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn load(text: &str) -> Result<(AgencyTree, Ledger), Faults> {
    let prepared =
        parse_journal(text).check(&AgencyTree::default(), &Ledger::default(), &HashMap::new())?;
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
    let (agencies, ledger) = load(&shared("sample/worked-example.jsonl")).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&shared("sample/worked-example.report.json")).unwrap();
    assert_report(
        &ledger.report(&agencies, &query(&agencies, &expected)),
        &expected,
    );
}

#[test]
fn sample_2000_every_expected_report() {
    let (agencies, ledger) = load(&shared("sample/sample-2000.jsonl")).unwrap();
    assert_eq!(ledger.case_count(), 2000);
    let expected = shared("sample/sample-2000.expected.jsonl");
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
    let expected: HashMap<String, usize> =
        serde_json::from_str(&shared("invalid/expected-lines.json")).unwrap();
    assert!(!expected.is_empty());
    for (name, line) in expected {
        let faults = load(&shared(&format!("invalid/{name}.jsonl")))
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert_eq!(
            faults.listed().iter().map(|f| f.line).collect::<Vec<_>>(),
            vec![line],
            "{name}: {faults:?}"
        );
    }
}
