//! Closed periods (chốt số liệu) on a real store of the backend the run asks
//! for: a closed report never changes, late facts count once in the next
//! open period, the next year carries in what the closed year carried out,
//! `close verify` catches a journal changed behind thads' back, and who may
//! close what.

use std::collections::HashMap;

use thads_core::account::Role;
use thads_core::event::Kind;
use thads_core::journal::{Record, parse_line};
use thads_core::{AgencyCode, CaseCode, CaseState, Day, Event, Vnd};
use thads_service::{
    Access, Actor, CloseError, ImportError, ReportRequest, Thads, period_report, render,
};
use thads_testdb::{TestDatabase, test_data};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn console() -> Actor {
    Actor::console("thongke", "may-chu-1")
}

fn account(name: &str, role: Role, agency: Option<&str>) -> Actor {
    Actor {
        name: name.to_owned(),
        address: "10.0.0.7".to_owned(),
        access: Access::Account {
            role,
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
        },
        partner: None,
        warehouses: Vec::new(),
    }
}

async fn store() -> (Thads, TestDatabase) {
    let db = TestDatabase::migrated();
    (Thads::open(&db.url, db.key()).await.unwrap(), db)
}

async fn import(thads: &Thads, actor: &Actor, text: &str) -> Result<usize, ImportError> {
    let summary = thads
        .import(actor, "test.jsonl", text.as_bytes(), &mut |_| {})
        .await?;
    Ok(summary.late)
}

/// The report of a period with its rows by agency, as JSON and as the
/// text table.
async fn report(thads: &Thads, from: &str, to: &str) -> (String, String) {
    let snapshot = thads.snapshot().await.unwrap();
    let request = ReportRequest {
        by_agency: true,
        ..ReportRequest::period(day(from), day(to))
    };
    let report = period_report(&snapshot, &console(), request).unwrap();
    (render::json(&report), render::table(&report))
}

fn figures(json: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
    value.as_object_mut().unwrap().remove("closed");
    value
}

/// An open case of the sample whose last event is on or before `by`, that
/// can take a collection of `amount` then: found by folding the journal
/// here, not by thads.
fn open_case_quiet_since(journal: &str, by: Day, amount: Vnd) -> CaseCode {
    let mut cases: Vec<(CaseCode, Day, CaseState)> = Vec::new();
    let mut index = HashMap::new();
    for line in journal.lines() {
        match parse_line(line).unwrap() {
            Record::Accepted {
                case,
                on,
                acceptance,
                ..
            } => {
                index.insert(case.clone(), cases.len());
                cases.push((case, on, CaseState::accepted(on, acceptance.amount)));
            }
            Record::Event {
                case, on, event, ..
            } => {
                let (_, last, state) = &mut cases[index[&case]];
                *last = on;
                state.apply(on, event.kind(), event.amount()).unwrap();
            }
            _ => {}
        }
    }
    cases
        .into_iter()
        .find(|(_, last, state)| {
            *last <= by && state.clone().apply(by, Kind::Collected, amount).is_ok()
        })
        .expect("the sample has such a case")
        .0
}

#[tokio::test]
async fn a_closed_year_reads_the_same_and_late_facts_count_once_in_the_next_period() {
    let (thads, db) = store().await;
    let sample = test_data("sample/sample-2000.jsonl");
    assert_eq!(import(&thads, &console(), &sample).await.unwrap(), 0);
    let (year_from, year_to) = ("2024-10-01", "2025-09-30");
    let (before_close, _) = report(&thads, year_from, year_to).await;
    let (october_before, _) = report(&thads, "2025-10-01", "2025-10-31").await;

    let close = thads.close(&console(), day(year_to), None).await.unwrap();
    assert_eq!(close.by, "console:thongke");
    let (closed_json, closed_table) = report(&thads, year_from, year_to).await;
    // The figures as they stood, now said to be closed, when and by whom.
    assert_eq!(figures(&closed_json), figures(&before_close));
    let said: serde_json::Value = serde_json::from_str(&closed_json).unwrap();
    assert_eq!(said["closed"]["through"], year_to);
    assert_eq!(said["closed"]["by"], "console:thongke");
    assert!(closed_table.contains("Số liệu đã chốt đến hết ngày 30/09/2025"));

    // Late facts: a collection dated in March, and a case accepted in June,
    // recorded after the close.
    let amount = Vnd(7_000_000);
    let case = open_case_quiet_since(&sample, day("2025-03-01"), amount);
    let late = format!(
        "{}\n{}\n",
        format_args!(
            r#"{{"type":"collected","case":"{case}","on":"2025-03-01","amount":{}}}"#,
            amount.get()
        ),
        r#"{"type":"accepted","case":"HN/2025/LATE1","on":"2025-06-15","agency":"HN-KV1","mode":"on_request","amount":40000000,"categories":[],"decision":"9/QĐ","judgment":"9/DS","debtor":{"name":"Nguyễn Văn Muộn"},"creditor":{"name":"Trần Thị Sớm"}}"#
    );
    assert_eq!(import(&thads, &console(), &late).await.unwrap(), 2);

    // 1. The closed report is byte for byte what it was.
    assert_eq!(
        report(&thads, year_from, year_to).await,
        (closed_json.clone(), closed_table)
    );
    // So is any report ending in the closed period.
    let (march, _) = report(&thads, "2025-03-01", "2025-03-31").await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&march).unwrap()["closed"]["through"],
        year_to
    );

    // 2. The next period counts the late facts once: the collection as
    // money completed, the case as new.
    let (october_after, _) = report(&thads, "2025-10-01", "2025-10-31").await;
    let (before, after) = (figures(&october_before), figures(&october_after));
    let number = |v: &serde_json::Value, form: &str, line: &str| v[form][line].as_i64().unwrap();
    assert_eq!(
        number(&after, "money", "completed"),
        number(&before, "money", "completed") + amount.get()
    );
    assert_eq!(
        number(&after, "cases", "new"),
        number(&before, "cases", "new") + 1
    );
    assert_eq!(
        number(&after, "money", "new"),
        number(&before, "money", "new") + 40_000_000
    );
    assert_eq!(
        number(&after, "money", "carried_in"),
        number(&before, "money", "carried_in")
    );
    assert!(after.get("closed").is_none());

    // 3. The next year carries in, to the đồng, what the closed year
    // carried out.
    let (next_year, _) = report(&thads, "2025-10-01", "2026-09-30").await;
    let (next_year, closed) = (figures(&next_year), figures(&closed_json));
    for form in ["cases", "money"] {
        assert_eq!(
            next_year[form]["carried_in"], closed[form]["carried_out"],
            "{form}"
        );
    }

    // The case's history keeps the real date; the statistical one beside it.
    let snapshot = thads.snapshot().await.unwrap();
    let file = thads
        .case_file(&snapshot, &console(), &case)
        .await
        .unwrap()
        .unwrap();
    let (on, event) = file.events.last().unwrap();
    assert_eq!((*on, event.kind()), (day("2025-03-01"), Kind::Collected));
    assert_eq!(file.counted.last().unwrap(), &Some(day("2025-10-01")));

    // 4. `close verify` holds, and fails once a row is changed behind
    // thads' back (the stored ledger still says the old figures).
    let checks = thads.verify_closes(&console()).await.unwrap();
    assert_eq!(checks.len(), 1);
    assert!(checks[0].holds());
    db.allow_journal_tampering();
    // A case accepted in the closed year that never completed now owes
    // 1.000 đ more.
    db.run_sql(&[
        "UPDATE journal_event SET amount = amount + 1000 WHERE seq = \
         (SELECT MIN(e.seq) FROM journal_event e WHERE e.kind = 'accepted' \
          AND e.on_day BETWEEN 20241001 AND 20250930 AND NOT EXISTS (SELECT 1 \
          FROM journal_event x WHERE x.province = e.province AND x.case_id = e.case_id \
          AND x.kind = 'completed'))",
    ])
    .unwrap();
    let checks = thads.verify_closes(&console()).await.unwrap();
    assert!(!checks[0].holds());
    assert_eq!(checks[0].close, close);
    assert_eq!(report(&thads, year_from, year_to).await.0, closed_json);
}

#[tokio::test]
async fn a_late_event_recorded_on_a_form_counts_after_the_close_and_travels_in_the_export() {
    let (thads, _db) = store().await;
    let journal = concat!(
        r#"{"type":"agency","code":"DB","name":"Thi hành án dân sự tỉnh Điện Biên","parent":null}"#,
        "\n",
        r#"{"type":"accepted","case":"DB/2025/00001","on":"2025-01-15","agency":"DB","mode":"on_request","amount":20000000,"categories":[],"decision":"57/QĐ-THADS","judgment":"3/2025/HNGĐ-ST","debtor":{"name":"Lường Văn Nam"},"creditor":{"name":"Vì Thị Yến"}}"#,
        "\n",
    );
    import(&thads, &console(), journal).await.unwrap();
    let statistician = account("thongke.db", Role::Statistician, Some("DB"));
    thads
        .close(
            &statistician,
            day("2025-04-30"),
            Some(AgencyCode::parse("DB").unwrap()),
        )
        .await
        .unwrap();
    let (closed, _) = report(&thads, "2024-10-01", "2025-04-30").await;
    // A collection dated 20 April, recorded now on the case's page.
    let case = CaseCode::parse("DB/2025/00001").unwrap();
    let version = thads
        .case_version(&console(), &case)
        .await
        .unwrap()
        .unwrap();
    thads
        .record(
            &console(),
            &case,
            day("2025-04-20"),
            Event::Collected(Vnd(1_000_000)),
            version,
        )
        .await
        .unwrap();
    assert_eq!(report(&thads, "2024-10-01", "2025-04-30").await.0, closed);
    let (may, _) = report(&thads, "2025-05-01", "2025-05-31").await;
    let may = figures(&may);
    assert_eq!(may["money"]["completed"], 1_000_000);

    // The export says the day it counts; a store made from it reports the
    // same, the close included, and its closes verify.
    let mut out = Vec::new();
    thads.export(&console(), &mut out).await.unwrap();
    let exported = String::from_utf8(out).unwrap();
    assert!(exported.contains(r#""on":"2025-04-20","counted_on":"2025-05-01","amount":1000000"#));
    assert!(exported.contains(r#""type":"period_closed","agency":"DB","to":"2025-04-30""#));
    let (copy, _db2) = store().await;
    assert_eq!(import(&copy, &console(), &exported).await.unwrap(), 1);
    for (from, to) in [("2024-10-01", "2025-04-30"), ("2025-05-01", "2025-05-31")] {
        assert_eq!(
            report(&copy, from, to).await,
            report(&thads, from, to).await
        );
    }
    assert!(copy.verify_closes(&console()).await.unwrap()[0].holds());

    // Only the console or the national administrator brings a counted_on
    // in a file: an executor's file may not move a figure between periods.
    let executor = account("chv.db", Role::Executor, Some("DB"));
    let moved = r#"{"type":"collected","case":"DB/2025/00001","on":"2025-06-02","counted_on":"2025-09-01","amount":1000}"#;
    let Err(ImportError::Invalid(faults)) = import(&thads, &executor, moved).await else {
        panic!("an executor's counted_on was taken");
    };
    assert_eq!(
        faults.listed()[0].reason.to_string(),
        "case DB/2025/00001: counted_on is thads' to set, from the closes it holds; a file states it only from the national administrator or the server's console"
    );
}

#[tokio::test]
async fn who_may_close_what_and_when() {
    let (thads, _db) = store().await;
    import(&thads, &console(), &test_data("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let hn = || Some(AgencyCode::parse("HN").unwrap());
    let to = day("2025-09-30");
    // An executor or a committee member never closes.
    for role in [Role::Executor, Role::Steering] {
        let actor = account("x", role, Some("HN-KV1"));
        assert!(matches!(
            thads.close(&actor, to, hn()).await,
            Err(CloseError::Denied(_))
        ));
    }
    // A regional office's statistician does not reach the province.
    let office = account("tk.kv1", Role::Statistician, Some("HN-KV1"));
    assert!(matches!(
        thads.close(&office, to, hn()).await,
        Err(CloseError::UnknownAgency(_))
    ));
    // The province's leader closes the province, not the whole store.
    let leader = account("ld.hn", Role::Leader, Some("HN"));
    assert!(matches!(
        thads.close(&leader, to, None).await,
        Err(CloseError::Denied(_))
    ));
    // A period ends on a month's last day, and has ended.
    assert!(matches!(
        thads.close(&leader, day("2025-09-29"), hn()).await,
        Err(CloseError::Refused(_))
    ));
    let tomorrow = thads_service::today_in_vietnam().plus_days(1).month_end();
    assert!(matches!(
        thads.close(&leader, tomorrow, hn()).await,
        Err(CloseError::NotOver { .. })
    ));
    thads.close(&leader, to, hn()).await.unwrap();
    // Closed is closed: there is no reopening, and an earlier day changes
    // nothing.
    let again = thads
        .close(
            &office,
            day("2025-08-31"),
            Some(AgencyCode::parse("HN-KV1").unwrap()),
        )
        .await;
    let Err(CloseError::Refused(why)) = again else {
        panic!("{again:?}")
    };
    assert!(why.to_string().contains("closed already"), "{why}");
    // The close is in the audit trail, with its digest.
    let trail = thads.audit_log(&console(), None, None).await.unwrap();
    let record = trail.iter().find(|r| r.entry.action == "close").unwrap();
    assert_eq!(record.entry.actor, "ld.hn");
    assert!(record.entry.detail.contains("\"to\":\"2025-09-30\""));
}

#[tokio::test]
async fn a_closed_report_goes_to_the_procuracy_which_signs_it_or_disputes_it_and_the_report_says_so()
 {
    use thads_core::coordination::{COSIGN_KIND, Code, Partner, PartnerKind, Signature};
    use thads_service::coordination::{CoordinationError, NewRequest};
    let (thads, _db) = store().await;
    import(&thads, &console(), &test_data("sample/sample-2000.jsonl"))
        .await
        .unwrap();
    let hn = AgencyCode::parse("HN").unwrap();
    for (code, name) in [
        ("HN-VKS", "Viện kiểm sát nhân dân thành phố Hà Nội"),
        ("HN-VKS-KV1", "Viện kiểm sát nhân dân khu vực 1"),
    ] {
        thads
            .add_partner(
                &console(),
                Partner {
                    code: Code::parse(code).unwrap(),
                    kind: PartnerKind::Procuracy,
                    name: name.to_owned(),
                    agency: hn.clone(),
                    parent: None,
                    address: None,
                    phone: None,
                    email: None,
                },
            )
            .await
            .unwrap();
    }
    let send = |report: &str, partner: &str| NewRequest {
        agency: Some(hn.clone()),
        case: None,
        partner: Code::parse(partner).unwrap(),
        kind: COSIGN_KIND.to_owned(),
        on: day("2025-10-02"),
        real_estate: false,
        complex: false,
        text: String::new(),
        attachments: Vec::new(),
        report: Some(day(report)),
    };
    let statistician = account("tk.hn", Role::Statistician, Some("HN"));
    // A period not closed cannot be sent.
    assert!(matches!(
        thads
            .open_request(&statistician, send("2025-09-30", "HN-VKS"))
            .await,
        Err(CoordinationError::Refused(_))
    ));
    let close = thads
        .close(&statistician, day("2025-09-30"), Some(hn.clone()))
        .await
        .unwrap();
    // An executor does not send the agency's statistics.
    let executor = account("chv.hn", Role::Executor, Some("HN"));
    assert!(matches!(
        thads
            .open_request(&executor, send("2025-09-30", "HN-VKS"))
            .await,
        Err(CoordinationError::NotFound(_))
    ));
    let row = thads
        .open_request(&statistician, send("2025-09-30", "HN-VKS"))
        .await
        .unwrap();
    // The statistician chases it; an executor of the agency sees it, but
    // neither chases nor answers it.
    let sent_id = Code::parse(&row.id).unwrap();
    let page = thads.request_page(&statistician, &sent_id).await.unwrap();
    assert!(page.may_chase && page.may_answer);
    let page = thads.request_page(&executor, &sent_id).await.unwrap();
    assert!(!page.may_chase && !page.may_answer);
    // Two working days from Thursday 2 October 2025: Monday 6 October.
    assert_eq!(row.due, day("2025-10-06"));
    assert!(row.text.contains("30/09/2025") && row.text.contains(&close.sha256));
    let json_of = |report: &thads_service::PeriodReport| -> serde_json::Value {
        serde_json::from_str(&render::json(report)).unwrap()
    };
    let province = |thads: &Thads| {
        let thads = thads.clone();
        async move {
            let snapshot = thads.snapshot().await.unwrap();
            let request = ReportRequest {
                agency: Some(AgencyCode::parse("HN").unwrap()),
                ..ReportRequest::period(day("2024-10-01"), day("2025-09-30"))
            };
            period_report(&snapshot, &console(), request).unwrap()
        }
    };
    let before = province(&thads).await;
    let cosigning = &json_of(&before)["closed"]["cosigning"];
    assert_eq!(cosigning["state"], "awaiting");
    assert_eq!(cosigning["request"], row.id);
    assert!(render::table(&before).contains("chưa ký xác nhận"));

    // The procuracy reads the report as closed on the request's page, and
    // its figures are the closed report's.
    let procuracy = Actor {
        partner: Some(Code::parse("HN-VKS").unwrap()),
        warehouses: Vec::new(),
        ..account("vks.hn", Role::Partner, Some("HN"))
    };
    let id = Code::parse(&row.id).unwrap();
    let page = thads.request_page(&procuracy, &id).await.unwrap();
    assert!(page.may_answer);
    let shown = page.report.expect("the closed report is shown");
    assert_eq!(shown.total, before.total);
    // Another procuracy does not see it; an answer must sign or say what
    // it disputes.
    let other = Actor {
        partner: Some(Code::parse("HN-VKS-KV1").unwrap()),
        warehouses: Vec::new(),
        ..procuracy.clone()
    };
    assert!(matches!(
        thads.request_page(&other, &id).await,
        Err(CoordinationError::NotFound(_))
    ));
    let answer = |text: &'static str, signature| {
        let (thads, procuracy, id) = (thads.clone(), procuracy.clone(), id.clone());
        async move {
            thads
                .answer_request(&procuracy, &id, day("2025-10-03"), text, signature, None)
                .await
        }
    };
    let Err(CoordinationError::Refused(unsigned)) = answer("Đồng ý", None).await else {
        panic!("an answer without a signature was taken");
    };
    assert!(
        unsigned
            .to_string()
            .contains("must sign the report or say what it disputes")
    );
    assert!(matches!(
        answer("  ", Some(Signature::Disputed)).await,
        Err(CoordinationError::Invalid(_))
    ));
    thads
        .answer_request(
            &procuracy,
            &id,
            day("2025-10-03"),
            "Số việc thụ lý mới của khu vực 1 chênh 2 việc so với sổ của Viện kiểm sát",
            Some(Signature::Disputed),
            None,
        )
        .await
        .unwrap();
    let disputed = province(&thads).await;
    let cosigning = &json_of(&disputed)["closed"]["cosigning"];
    assert_eq!(cosigning["state"], "disputed");
    assert_eq!(cosigning["answered"], "2025-10-03");
    assert!(
        render::table(&disputed).contains("chênh 2 việc"),
        "{}",
        render::table(&disputed)
    );
    // The figures themselves are the closed ones, whatever the answer.
    assert_eq!(disputed.total, before.total);

    // Sent again after a correction, and signed: the report says the
    // latest.
    let again = thads
        .open_request(&statistician, send("2025-09-30", "HN-VKS"))
        .await
        .unwrap();
    thads
        .answer_request(
            &procuracy,
            &Code::parse(&again.id).unwrap(),
            day("2025-10-06"),
            "",
            Some(Signature::Signed),
            None,
        )
        .await
        .unwrap();
    let signed = json_of(&province(&thads).await);
    assert_eq!(signed["closed"]["cosigning"]["state"], "signed");
    assert_eq!(signed["closed"]["cosigning"]["request"], again.id);
    // The closes' list says the same; verify still holds.
    let rows =
        thads_service::close::close_rows(&thads.snapshot().await.unwrap(), &statistician).unwrap();
    assert_eq!(rows[0].cosigning.as_ref().unwrap().state(), "signed");
    assert!(rows[0].procuracies.is_empty());
    assert!(thads.verify_closes(&console()).await.unwrap()[0].holds());
}
