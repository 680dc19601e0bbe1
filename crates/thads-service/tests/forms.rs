//! Forms 4 and 5: the period report by executor, each holding the cases
//! assigned to them at the period's end. The expected figures come from a
//! fold of the journal written here, not from thads; the workbook's sheets
//! are read back by an independent reader (calamine).

use std::collections::HashMap;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use thads_core::Day;
use thads_core::journal::{Record, parse_line};
use thads_service::{Actor, ReportRequest, Thads, period_report, render};
use thads_testdb::TestDatabase;

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

/// What the test folds for each executor (`""`: the cases held by none):
/// cases in the report (carried in or new), completed in the period, and
/// the money collected in the period.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Held {
    cases: i128,
    completed: i128,
    collected: i128,
}

fn fold_by_executor(journal: &str, from: Day, to: Day) -> HashMap<String, Held> {
    #[derive(Default)]
    struct Case {
        accepted: Option<Day>,
        executor: String,
        closed_before_from: bool,
        completed_in_period: bool,
        collected: i128,
    }
    let mut cases: HashMap<String, Case> = HashMap::new();
    for line in journal.lines() {
        match parse_line(line).unwrap() {
            Record::Accepted { case, on, .. } if on <= to => {
                cases.entry(case.to_string()).or_default().accepted = Some(on);
            }
            Record::Event {
                case, on, event, ..
            } if on <= to => {
                let case = cases.get_mut(case.as_str()).unwrap();
                let kind = event.kind();
                if let thads_core::Event::Assigned { executor } = &event {
                    case.executor = executor.to_string();
                }
                if kind.closes() && on < from {
                    case.closed_before_from = true;
                }
                if kind == thads_core::event::Kind::Completed && on >= from {
                    case.completed_in_period = true;
                }
                if let thads_core::Event::Collected(amount) = event
                    && on >= from
                {
                    case.collected += i128::from(amount.get());
                }
            }
            _ => {}
        }
    }
    let mut held: HashMap<String, Held> = HashMap::new();
    for case in cases.values() {
        if case.accepted.is_none() || case.closed_before_from {
            continue;
        }
        let h = held.entry(case.executor.clone()).or_default();
        h.cases += 1;
        h.completed += i128::from(case.completed_in_period);
        h.collected += case.collected;
    }
    held
}

#[tokio::test]
async fn forms_4_and_5_count_each_case_for_its_executor_at_the_periods_end() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("thongke", "may-chu-1");
    let mut journal = Vec::new();
    thads_demo::write_demo(
        thads_demo::DemoSpec {
            cases: 3000,
            seed: 11,
        },
        &mut journal,
    )
    .unwrap();
    let journal = String::from_utf8(journal).unwrap();
    thads
        .import(&console, "demo", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let snapshot = thads.snapshot().await.unwrap();
    for (from, to) in [("2024-10-01", "2025-09-30"), ("2025-10-01", "2026-03-31")] {
        let (from, to) = (day(from), day(to));
        let request = ReportRequest {
            by_executor: true,
            ..ReportRequest::period(from, to)
        };
        let report = period_report(&snapshot, &console, request).unwrap();
        let expected = fold_by_executor(&journal, from, to);
        let got: HashMap<String, Held> = report
            .executors
            .iter()
            .map(|(e, r)| {
                let code = e.as_ref().map_or(String::new(), |e| e.code.to_string());
                let held = Held {
                    cases: r.cases.carried_in + r.cases.new,
                    completed: r.cases.completed,
                    collected: r.money.completed,
                };
                (code, held)
            })
            .collect();
        assert!(got.len() > 10, "{} executors", got.len());
        assert_eq!(got, expected, "{from} – {to}");
        // Every row keeps the identities, and the rows add up to the total.
        let mut sum = thads_core::report::Report::default();
        for (_, row) in &report.executors {
            assert_eq!(row.broken_identities(), Vec::<String>::new());
            sum.add(row);
        }
        assert_eq!(sum, report.total);
    }

    // The workbook's forms 4 and 5: a row per executor, then the total,
    // as numbers.
    let year = ReportRequest {
        by_agency: true,
        by_executor: true,
        ..ReportRequest::period(day("2024-10-01"), day("2025-09-30"))
    };
    let report = period_report(&snapshot, &console, year).unwrap();
    let bytes = render::xlsx_with(&report, render::Annexes::default()).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Biểu 4 - CHV về việc").unwrap();
    assert_eq!(
        sheet.get_value((4, 0)),
        Some(&Data::String("Chấp hành viên".into()))
    );
    let total_row = 6 + report.executors.len() as u32;
    assert_eq!(
        sheet.get_value((total_row, 0)),
        Some(&Data::String("Tổng cộng".into()))
    );
    let number =
        |sheet: &calamine::Range<Data>, row: u32, col: u32| match sheet.get_value((row, col)) {
            Some(Data::Float(f)) => *f as i128,
            other => panic!("{other:?}"),
        };
    // Column 1 is line 1 (total), column 7 line 7 (completed).
    assert_eq!(
        number(&sheet, total_row, 1),
        report.total.cases.carried_in + report.total.cases.new
    );
    let (first, first_report) = &report.executors[0];
    assert_eq!(
        sheet.get_value((6, 0)),
        Some(&Data::String(render::executor_label(first.as_ref())))
    );
    assert_eq!(number(&sheet, 6, 7), first_report.cases.completed);
    let money = book.worksheet_range("Biểu 5 - CHV về tiền").unwrap();
    assert_eq!(number(&money, total_row, 7), report.total.money.completed);
}

/// Each category's share of what is still to enforce at the period's end
/// (line 14): the open cases at `to` and what they still owe, folded here
/// from the journal, and the shares in hundredths of a percent, rounded
/// half-up.
#[tokio::test]
async fn each_categorys_share_of_what_is_still_to_enforce() {
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("thongke", "may-chu-1");
    let journal = thads_testdb::test_data("sample/sample-2000.jsonl");
    thads
        .import(&console, "sample", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let to = day("2025-09-30");

    // The open cases at `to`, with their categories and what they owe.
    let mut open: HashMap<String, (Vec<thads_core::Category>, i128, bool)> = HashMap::new();
    for line in journal.lines() {
        match parse_line(line).unwrap() {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } if on <= to => {
                let owed = i128::from(acceptance.amount.get());
                open.insert(
                    case.to_string(),
                    (acceptance.categories.clone(), owed, true),
                );
            }
            Record::Event {
                case, on, event, ..
            } if on <= to => {
                let (_, owed, is_open) = open.get_mut(case.as_str()).unwrap();
                if event.kind().closes() {
                    *is_open = false;
                }
                if matches!(
                    event,
                    thads_core::Event::Collected(_) | thads_core::Event::Reduced(_)
                ) {
                    *owed -= i128::from(event.amount().get());
                }
            }
            _ => {}
        }
    }
    let carried = |category: Option<thads_core::Category>| {
        open.values()
            .filter(|(categories, _, is_open)| {
                *is_open && category.is_none_or(|c| categories.contains(&c))
            })
            .fold((0i128, 0i128), |(cases, money), (_, owed, _)| {
                (cases + 1, money + owed)
            })
    };
    let hundredths = |part: i128, whole: i128| (part * 20_000 + whole) / (2 * whole);
    let (all_cases, all_money) = carried(None);

    let snapshot = thads.snapshot().await.unwrap();
    let request = ReportRequest {
        by_category: true,
        ..ReportRequest::period(day("2024-10-01"), to)
    };
    let report = period_report(&snapshot, &console, request).unwrap();
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    let shares = json["shares"].as_array().unwrap();
    assert_eq!(shares.len(), thads_core::Category::ALL.len());
    for (share, category) in shares.iter().zip(thads_core::Category::ALL) {
        let (cases, money) = carried(Some(category));
        assert_eq!(share["category"], category.as_str());
        assert_eq!(share["cases"].as_i64().unwrap() as i128, cases);
        assert_eq!(share["money"].as_i64().unwrap() as i128, money);
        let as_hundredths = |v: &serde_json::Value| (v.as_f64().unwrap() * 100.0).round() as i128;
        assert_eq!(
            as_hundredths(&share["cases_share"]),
            hundredths(cases, all_cases)
        );
        assert_eq!(
            as_hundredths(&share["money_share"]),
            hundredths(money, all_money)
        );
    }
    // The table says them too, the Vietnamese way.
    let table = render::table(&report);
    assert!(
        table.contains("III. TỶ TRỌNG VIỆC CÒN PHẢI THI HÀNH"),
        "{table}"
    );
}

/// The cases each name list holds, folded here from the journal: open at
/// the day (or ended in the month), enforceable and not held, of the
/// category, in the separate register.
fn listed(journal: &str, to: Day, keep: &dyn Fn(&Folded) -> bool) -> Vec<String> {
    let mut cases: Vec<(String, Folded)> = Vec::new();
    let mut index = HashMap::new();
    for line in journal.lines() {
        match parse_line(line).unwrap() {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } if on <= to => {
                index.insert(case.to_string(), cases.len());
                let of = |c| acceptance.categories.contains(&c);
                cases.push((
                    case.to_string(),
                    Folded {
                        credit: of(thads_core::Category::CreditInstitution),
                        compensation: of(thads_core::Category::StateCompensation),
                        ..Folded::default()
                    },
                ));
            }
            Record::Event {
                case, on, event, ..
            } if on <= to => {
                let folded = &mut cases[index[case.as_str()]].1;
                use thads_core::event::Kind as K;
                match event.kind() {
                    K::Unable => folded.unable = true,
                    K::Able => (folded.unable, folded.apart) = (false, false),
                    K::Postponed | K::Suspended => folded.held = true,
                    K::Resumed => folded.held = false,
                    K::RegisteredApart => folded.apart = true,
                    kind if kind.closes() => folded.closed = Some((kind, on)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    cases
        .into_iter()
        .filter(|(_, f)| keep(f))
        .map(|(code, _)| code)
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Folded {
    credit: bool,
    compensation: bool,
    unable: bool,
    held: bool,
    apart: bool,
    closed: Option<(thads_core::event::Kind, Day)>,
}

#[tokio::test]
async fn the_period_end_lists_and_the_months_ended_cases() {
    use thads_core::event::Kind as K;
    use thads_service::lists::ListKind;
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("thongke", "may-chu-1");
    let sample = thads_testdb::test_data("sample/sample-2000.jsonl");
    thads
        .import(&console, "sample", sample.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let codes = |book: thads_service::register::RegisterBook| -> Vec<String> {
        book.rows.iter().map(|r| r.code.to_string()).collect()
    };
    let to = day("2025-09-30");
    let enforcing = thads
        .period_list(&console, None, to, ListKind::Enforcing)
        .await
        .unwrap();
    let expected = listed(&sample, to, &|f| f.closed.is_none() && !f.unable && !f.held);
    assert!(expected.len() > 100);
    assert_eq!(codes(enforcing), expected);
    let credit = thads
        .period_list(&console, None, to, ListKind::CreditInstitution)
        .await
        .unwrap();
    assert_eq!(
        codes(credit),
        listed(&sample, to, &|f| f.closed.is_none() && f.credit)
    );

    let (first, last) = (day("2025-08-01"), day("2025-08-31"));
    let ended = thads.ended_in_month(&console, None, first).await.unwrap();
    let expected = listed(&sample, last, &|f| {
        f.closed.is_some_and(|(kind, on)| {
            matches!(kind, K::Completed | K::Terminated | K::Returned) && on >= first
        })
    });
    assert!(!expected.is_empty());
    assert_eq!(codes(ended), expected);

    // State compensation (format version 2): the sample with one case in
    // 11 of those without a category said to be of it.
    let compensation: String = sample
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            let number = record["case"]
                .as_str()
                .and_then(|code| code.rsplit('/').next()?.parse::<u32>().ok());
            let of_it = record["type"] == "accepted"
                && record["categories"] == serde_json::json!([])
                && number.is_some_and(|n| n % 11 == 0);
            if of_it {
                record["categories"] = serde_json::json!(["state_compensation"]);
            }
            record.to_string() + "\n"
        })
        .collect();
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    thads
        .import(
            &console,
            "compensation",
            compensation.as_bytes(),
            &mut |_| {},
        )
        .await
        .unwrap();
    let listed_here = listed(&compensation, to, &|f| f.closed.is_none() && f.compensation);
    assert!(listed_here.len() > 5, "{}", listed_here.len());
    let book = thads
        .period_list(&console, None, to, ListKind::StateCompensation)
        .await
        .unwrap();
    assert_eq!(codes(book), listed_here);
    // Its report counts the cases of the category, and its share is said.
    let snapshot = thads.snapshot().await.unwrap();
    let request = ReportRequest {
        category: Some(thads_core::Category::StateCompensation),
        ..ReportRequest::period(day("2024-10-01"), to)
    };
    let report = period_report(&snapshot, &console, request).unwrap();
    assert_eq!(
        report.total.cases.carried_in + report.total.cases.new,
        listed(&compensation, to, &|f| f.compensation).len() as i128
            - listed(&compensation, day("2024-09-30"), &|f| f.compensation
                && f.closed.is_some())
            .len() as i128
    );

    // The separate register, on the version-2 golden journal: the case
    // moved there on 3 August 2026.
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let work = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2/work.jsonl"),
    )
    .unwrap();
    thads
        .import(&console, "work", work.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let to = day("2026-09-30");
    let apart = thads
        .period_list(&console, None, to, ListKind::SeparateRegister)
        .await
        .unwrap();
    let expected = listed(&work, to, &|f| f.closed.is_none() && f.unable && f.apart);
    assert_eq!(expected.len(), 1);
    assert_eq!(codes(apart), expected);
}

/// What the test folds for each part of the cases (keyed by what
/// `part_of` says of a case's acceptance): cases in the report, completed,
/// collected.
fn fold_by_part(journal: &str, from: Day, to: Day, part_of: &PartOf) -> HashMap<String, Held> {
    let mut cases: HashMap<String, (String, bool, bool, i128)> = HashMap::new();
    for line in journal.lines() {
        match parse_line(line).unwrap() {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } if on <= to => {
                cases.insert(case.to_string(), (part_of(&acceptance), false, false, 0));
            }
            Record::Event {
                case, on, event, ..
            } if on <= to => {
                let (_, closed_before, completed, collected) =
                    cases.get_mut(case.as_str()).unwrap();
                if event.kind().closes() && on < from {
                    *closed_before = true;
                }
                if event.kind() == thads_core::event::Kind::Completed && on >= from {
                    *completed = true;
                }
                if let thads_core::Event::Collected(amount) = event
                    && on >= from
                {
                    *collected += i128::from(amount.get());
                }
            }
            _ => {}
        }
    }
    let mut held: HashMap<String, Held> = HashMap::new();
    for (part, closed_before, completed, collected) in cases.into_values() {
        if closed_before {
            continue;
        }
        let h = held.entry(part).or_default();
        h.cases += 1;
        h.completed += i128::from(completed);
        h.collected += collected;
    }
    held
}

/// What a test says of a case's part.
type PartOf<'a> = dyn Fn(&thads_core::Acceptance) -> String + 'a;

#[tokio::test]
async fn the_breakdowns_by_mode_kind_of_judgment_and_budget_item_and_form_3() {
    use thads_service::report::Dimension;
    let db = TestDatabase::migrated();
    let thads = Thads::open(&db.url, db.key()).await.unwrap();
    let console = Actor::console("thongke", "may-chu-1");
    let mut journal = Vec::new();
    thads_demo::write_demo(
        thads_demo::DemoSpec {
            cases: 3000,
            seed: 5,
        },
        &mut journal,
    )
    .unwrap();
    let journal = String::from_utf8(journal).unwrap();
    thads
        .import(&console, "demo", journal.as_bytes(), &mut |_| {})
        .await
        .unwrap();
    let snapshot = thads.snapshot().await.unwrap();
    let (from, to) = (day("2025-10-01"), day("2026-09-30"));
    let unspecified = || "unspecified".to_owned();
    let keys: [(Dimension, &PartOf<'_>); 3] = [
        (Dimension::Mode, &|a| a.mode.as_str().to_owned()),
        (Dimension::JudgmentKind, &|a| {
            a.judgment_kind
                .map_or_else(unspecified, |k| k.as_str().to_owned())
        }),
        (Dimension::BudgetItem, &|a| {
            a.budget_item
                .map_or_else(unspecified, |b| b.as_str().to_owned())
        }),
    ];
    for (dimension, part_of) in keys {
        let request = ReportRequest {
            by: Some(dimension),
            ..ReportRequest::period(from, to)
        };
        let report = period_report(&snapshot, &console, request).unwrap();
        let expected = fold_by_part(&journal, from, to, part_of);
        let got: HashMap<String, Held> = report
            .parts
            .iter()
            .filter(|(_, r)| *r != thads_core::report::Report::default())
            .map(|(part, r)| {
                let held = Held {
                    cases: r.cases.carried_in + r.cases.new,
                    completed: r.cases.completed,
                    collected: r.money.completed,
                };
                (part.key().to_owned(), held)
            })
            .collect();
        assert!(got.len() >= 2, "{dimension:?}: {got:?}");
        assert_eq!(got, expected, "{dimension:?}");
        let mut sum = thads_core::report::Report::default();
        report.parts.iter().for_each(|(_, r)| sum.add(r));
        assert_eq!(sum, report.total, "{dimension:?}: the parts add up");
        let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
        assert_eq!(json["by"], dimension.as_str());
    }

    // A filter is a part: on request only.
    let on_request = ReportRequest {
        mode: Some(thads_core::Mode::OnRequest),
        ..ReportRequest::period(from, to)
    };
    let filtered = period_report(&snapshot, &console, on_request).unwrap();
    let expected = fold_by_part(&journal, from, to, &|a| a.mode.as_str().to_owned());
    assert_eq!(
        filtered.total.money.completed,
        expected["on_request"].collected
    );

    // Form 3 in the workbook: the state-budget cases by kind of
    // collection, their total the state-budget category's.
    let book = ReportRequest {
        by_agency: true,
        by_category: true,
        ..ReportRequest::period(from, to)
    };
    let report = period_report(&snapshot, &console, book).unwrap();
    let bytes = render::xlsx_with(&report, render::Annexes::default()).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let form3 = workbook
        .worksheet_range("Biểu 3 - Thu ngân sách NN")
        .unwrap();
    assert_eq!(
        form3.get_value((6, 0)),
        Some(&Data::String("Tiền phạt".into()))
    );
    let state_budget = fold_by_part(&journal, from, to, &|a| {
        if a.categories.contains(&thads_core::Category::StateBudget) {
            a.budget_item
                .map_or_else(unspecified, |b| b.as_str().to_owned())
        } else {
            "elsewhere".to_owned()
        }
    });
    let row_of = |row: u32, col: u32| match form3.get_value((row, col)) {
        Some(Data::Float(f)) => *f as i128,
        other => panic!("{other:?}"),
    };
    // Column 7 is line 7: money completed (collected in the period).
    assert_eq!(row_of(6, 7), state_budget["fine"].collected);
    let total_row = 6 + thads_core::BudgetItem::ALL.len() as u32 + 1;
    let all_state_budget: i128 = state_budget
        .iter()
        .filter(|(k, _)| k.as_str() != "elsewhere")
        .map(|(_, h)| h.collected)
        .sum();
    assert_eq!(row_of(total_row, 7), all_state_budget);
}
