//! The `thads` binary as a user runs it, on the backend the test run asks
//! for (see thads-testdb).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use thads_testdb::TestDatabase;

fn test_file(path: &str) -> PathBuf {
    thads_testdb::test_data_path(path)
}

/// `thads` for the store at `url`, with the test stores' audit key, in an
/// English locale whatever the machine's.
fn command(url: &str) -> Command {
    static KEY: std::sync::OnceLock<TestDatabase> = std::sync::OnceLock::new();
    let mut command = Command::new(env!("CARGO_BIN_EXE_thads"));
    command
        .env("THADS_DATABASE_URL", url)
        .env(
            "THADS_AUDIT_KEY",
            &KEY.get_or_init(TestDatabase::new).key_file,
        )
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    command
}

fn thads_on(url: &str, args: &[&str]) -> Output {
    command(url).args(args).output().unwrap()
}

fn thads(db: &TestDatabase, args: &[&str]) -> Output {
    thads_on(&db.url, args)
}

/// `thads report ARGS --format json`, parsed.
fn report_json(db: &TestDatabase, args: &str) -> serde_json::Value {
    let mut all = vec!["report"];
    all.extend(args.split_whitespace());
    all.extend(["--format", "json"]);
    let out = thads(db, &all);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn import_report_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::migrated();
    let journal = test_file("sample/worked-example.jsonl");
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with(": 1 agencies, 4 cases, 11 events\n"),
        "{}",
        text(&out.stdout)
    );

    let report = report_json(&db, "--from 2024-10-01 --to 2025-09-30 --agency DB");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(test_file("sample/worked-example.report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report, expected);

    let out = thads(
        &db,
        &["report", "--from", "2024-10-01", "--to", "2025-09-30"],
    );
    let table = text(&out.stdout);
    assert!(
        table.contains("Thi hành xong")
            && table.contains("75.000.000 đ")
            && table.contains("83,33"),
        "{table}"
    );

    let out = thads(
        &db,
        &[
            "report",
            "--from",
            "2024-10-01",
            "--to",
            "2025-09-30",
            "--by-agency",
            "--format",
            "csv",
        ],
    );
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 3, "header, DB, total: {csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("DB,Thi hành án dân sự tỉnh Điện Biên,3,1,2,"),
        "{csv}"
    );

    // Without --from, the period starts on 1 October of --to's statistical year.
    let report = report_json(&db, "--to 2025-09-30 --agency DB");
    assert_eq!(report, expected);

    let exported = dir.path().join("export.jsonl");
    assert!(
        thads(&db, &["export", "--output", exported.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap().lines().count(),
        12
    );
}

#[test]
fn a_bad_file_fails_with_its_line_and_imports_nothing() {
    let db = TestDatabase::migrated();
    let out = thads(
        &db,
        &[
            "import",
            test_file("invalid/collected-too-much.jsonl")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "line 3: case LC/1: “Money or assets collected” of 20,000,000 đ, but only 10,000,000 đ is still owed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    // The same, in Vietnamese when the locale is.
    let out = command(&db.url)
        .env("LANG", "vi_VN.UTF-8")
        .args([
            "import",
            test_file("invalid/collected-too-much.jsonl")
                .to_str()
                .unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "dòng 3: việc LC/1: “Thu được tiền, tài sản” 20.000.000 đ nhưng chỉ còn phải thi hành 10.000.000 đ"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("không nhập dữ liệu nào"), "{stderr}");
    let out = thads(&db, &["export"]);
    assert!(out.status.success() && out.stdout.is_empty());

    let out = thads(
        &db,
        &["report", "--from", "2025-10-01", "--to", "2025-09-30"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the period ends (2025-09-30) before it starts (2025-10-01)")
    );
}

#[test]
fn a_demo_journal_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::migrated();
    let journal = dir.path().join("demo.jsonl");
    let out = thads(
        &db,
        &[
            "demo",
            "--cases",
            "500",
            "--seed",
            "3",
            "--output",
            journal.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(", 500 cases, "),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn migrate_prepares_a_new_database() {
    let db = TestDatabase::new();
    let out = thads(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{}: the schema is at version 11\n", db.url)
    );
    // Again: nothing left to do.
    let out = thads(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let journal = test_file("sample/worked-example.jsonl");
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn without_its_schema_sqlite_creates_it_and_postgres_says_to_migrate() {
    let db = TestDatabase::new();
    if db.backend != thads_store::Backend::Postgres {
        // The embedded store creates its schema when it is opened.
        let out = thads(&db, &["report", "--to", "2025-09-30"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        return;
    }
    // An empty database on the server, as an administrator creates it.
    let created = Command::new("psql")
        .arg(db.url.rsplit_once('/').unwrap().0.to_owned() + "/postgres")
        .args([
            "-c",
            &format!("CREATE DATABASE {}", db.url.rsplit('/').next().unwrap()),
        ])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));
    let out = thads(&db, &["report", "--to", "2025-09-30"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "the database has schema version 0, this thads needs 11: run `thads migrate` first"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_store_moves_through_a_pipe_from_export_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let agency = format!("sqlite://{}", dir.path().join("agency.db").display());
    let journal = test_file("sample/sample-2000.jsonl");
    let out = thads_on(&agency, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = thads_on(&agency, &["export"]);
    assert!(exported.status.success(), "{}", text(&exported.stderr));

    // thads --database sqlite://agency.db export | thads --database URL import -
    let db = TestDatabase::migrated();
    let mut import = command(&db.url)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(&exported.stdout)
        .unwrap();
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "imported -: 14 agencies, 2000 cases, 7491 events\n"
    );
    assert_eq!(thads(&db, &["export"]).stdout, exported.stdout);
    let args = "--from 2024-10-01 --to 2025-09-30 --by-agency";
    let moved = report_json(&db, args);
    let mut all = vec!["report"];
    all.extend(args.split_whitespace());
    all.extend(["--format", "json"]);
    let original: serde_json::Value =
        serde_json::from_slice(&thads_on(&agency, &all).stdout).unwrap();
    assert_eq!(moved, original);
}

#[test]
fn two_processes_importing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read_to_string(test_file("sample/sample-2000.jsonl")).unwrap();
    // The agencies first; then the cases split in two files by their code.
    let field = |line: &str, name: &str| {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        value[name].as_str().unwrap().to_owned()
    };
    let (agencies, cases): (Vec<&str>, Vec<&str>) =
        whole.lines().partition(|l| field(l, "type") == "agency");
    let case_of = |line: &str| field(line, "case");
    let (even, odd): (Vec<&str>, Vec<&str>) = cases
        .iter()
        .partition(|l| case_of(l).ends_with(['0', '2', '4', '6', '8']));
    let db = TestDatabase::migrated();
    let write = |name: &str, lines: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines.join("\n")).unwrap();
        path
    };
    let agencies = write("agencies.jsonl", &agencies);
    let out = thads(&db, &["import", agencies.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let spawn = |path: PathBuf| {
        command(&db.url)
            .arg("import")
            .arg(path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn(write("even.jsonl", &even));
    let second = spawn(write("odd.jsonl", &odd));
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // Every line is stored once: the export holds the same records.
    let exported = text(&thads(&db, &["export"]).stdout);
    let mut stored: Vec<String> = exported.lines().map(str::to_owned).collect();
    let reference = TestDatabase::migrated();
    let out = thads(
        &reference,
        &[
            "import",
            test_file("sample/sample-2000.jsonl").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut whole: Vec<String> = text(&thads(&reference, &["export"]).stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    stored.sort();
    whole.sort();
    assert_eq!(stored.len(), 7505);
    assert_eq!(stored, whole);
}

/// `thads ARGS` as the console user `thu`, with `input` on standard input.
fn thads_with_input(db: &TestDatabase, args: &[&str], input: &str) -> Output {
    let mut child = command(&db.url)
        .env("USER", "thu")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_and_the_audit_trail_from_the_command_line() {
    let db = TestDatabase::migrated();
    let journal = test_file("sample/worked-example.jsonl");
    let out = thads_with_input(&db, &["import", journal.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The password comes on standard input, never as an argument.
    let add = [
        "user", "add", "chv.an", "--role", "executor", "--agency", "DB",
    ];
    let out = thads_with_input(&db, &add, "123456\n");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the password is too short"),
        "{}",
        text(&out.stderr)
    );
    let out = thads_with_input(&db, &add, "mưa rơi trên mái ngói cũ\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "account chv.an added (executor)\n");
    let out = thads_with_input(&db, &["user", "disable", "chv.an"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = thads_with_input(&db, &["user", "list"], "");
    let listed = text(&out.stdout);
    assert!(
        listed.starts_with("chv.an\texecutor\tDB\tdisabled "),
        "{listed}"
    );

    let out = thads_with_input(&db, &["audit", "verify"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "the audit trail is intact: 3 records; the journal's 12 lines are as written\n"
    );
    let out = thads_with_input(&db, &["audit", "log", "--user", "console:thu"], "");
    let actions: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            format!("{} {} {} {}", fields[0], fields[2], fields[4], fields[5])
        })
        .collect();
    assert_eq!(
        actions,
        [
            format!("1 console:thu import {}", journal.display()),
            "2 console:thu user.add chv.an".to_owned(),
            "3 console:thu user.disable chv.an".to_owned(),
        ]
    );

    db.allow_audit_tampering();
    db.run_sql(&["DELETE FROM audit_record WHERE seq = 2"])
        .unwrap();
    let out = thads_with_input(&db, &["audit", "verify"], "");
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr),
        "error: audit record 2 is missing (the next one found is 3): it was removed\n"
    );
}

#[test]
fn the_excel_forms_go_to_a_file() {
    let db = TestDatabase::migrated();
    let journal = test_file("sample/worked-example.jsonl");
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    let period = [
        "report",
        "--from",
        "2024-10-01",
        "--to",
        "2025-09-30",
        "--format",
        "xlsx",
    ];
    let out = thads(&db, &period);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--output FILE.xlsx"),
        "{}",
        text(&out.stderr)
    );
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("bao-cao.xlsx");
    let mut args = period.to_vec();
    args.extend(["--output", file.to_str().unwrap()]);
    let out = thads(&db, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read(&file).unwrap().starts_with(b"PK"),
        "a zip file"
    );
}

#[test]
fn a_workbook_layout_file_is_checked_and_lays_out_the_forms() {
    let db = TestDatabase::migrated();
    let journal = test_file("sample/worked-example.jsonl");
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    // The built-in layout, copied and edited: Form 1 renamed.
    let built_in = thads(&db, &["workbook", "layout"]);
    assert!(built_in.status.success());
    let edited = text(&built_in.stdout)
        .replace("name = \"Biểu 1 - Về việc\"", "name = \"Mẫu 01 - Về việc\"");
    let folder = tempfile::tempdir().unwrap();
    let layout = folder.path().join("mau.toml");
    std::fs::write(&layout, &edited).unwrap();
    let out = thads(&db, &["workbook", "check", layout.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("15 sheets: Mẫu 01 - Về việc; Biểu 2 - Về tiền"));
    // Named in THADS_WORKBOOK_LAYOUT, it lays out the report's workbook.
    let file = folder.path().join("bao-cao.xlsx");
    let report = [
        "report",
        "--from",
        "2024-10-01",
        "--to",
        "2025-09-30",
        "--format",
        "xlsx",
        "--output",
        file.to_str().unwrap(),
    ];
    let out = command(&db.url)
        .env("THADS_WORKBOOK_LAYOUT", &layout)
        .args(report)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let workbook: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    use calamine::Reader;
    assert_eq!(workbook.sheet_names()[0], "Mẫu 01 - Về việc");
    // A faulty one is refused, by `check` and before any command runs.
    std::fs::write(&layout, edited.replace("width = 19", "width = 0")).unwrap();
    let out = thads(&db, &["workbook", "check", layout.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("mau.toml, sheet 2: width 0 is not from 1 to 255"),
        "{}",
        text(&out.stderr)
    );
    let out = command(&db.url)
        .env("THADS_WORKBOOK_LAYOUT", &layout)
        .args(report)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("width 0 is not from 1 to 255"));
}

#[test]
fn distribute_says_who_receives_what_in_the_order_of_priority() {
    let db = TestDatabase::migrated();
    let folder = tempfile::tempdir().unwrap();
    let journal = folder.path().join("several.jsonl");
    std::fs::write(
        &journal,
        concat!(
            r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
            "\n",
            r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-03-02","agency":"SL","mode":"on_request","amount":90,"categories":[],"decision":"9/QĐ-THADS","judgment":"9/2025/DS-ST","debtor":{"name":"A"},"creditor":{"name":"B"},"creditors":[{"name":"B","amount":30,"rank":"other"},{"name":"C","amount":30,"rank":"other"},{"name":"D","amount":30,"rank":"other"}]}"#,
            "\n",
        ),
    )
    .unwrap();
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    // 10 đồng for three equal shares: 4, 3, 3, to the đồng.
    let out = thads(
        &db,
        &[
            "distribute",
            "--case",
            "SL/2026/00009",
            "--proceeds",
            "11",
            "--costs",
            "1",
            "--on",
            "2026-04-01",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"payments": [
            {"to": "costs", "rank": "costs", "amount": 1},
            {"to": "B", "rank": "other", "amount": 4},
            {"to": "C", "rank": "other", "amount": 3},
            {"to": "D", "rank": "other", "amount": 3},
        ]})
    );
    let out = thads(
        &db,
        &["distribute", "--case", "SL/2026/00010", "--proceeds", "1"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("case SL/2026/00010 is not known"));
}

#[test]
fn the_public_list_of_debtors_without_means() {
    let db = TestDatabase::migrated();
    let journal = test_file("sample/worked-example.jsonl");
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    let out = thads(&db, &["debtors", "--as-of", "2025-06-30"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().nth(1),
        Some("1,Tòng Văn Hải,,19/2024/DS-PT,102/QĐ-THADS,50000000,")
    );
    assert!(text(&out.stderr).contains("1 debtors without means on 2025-06-30"));
    let out = thads(&db, &["debtors", "--format", "xlsx"]);
    assert!(text(&out.stderr).contains("--output FILE.xlsx"));
}

#[test]
fn a_register_goes_out_and_comes_back_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();

    // The template: the headings, as CSV on standard output or a workbook.
    let out = thads_on("sqlite::memory:", &["template", "register"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("\u{feff}Mã việc,Số quyết định thi hành án,"));
    let out = thads_on(
        "sqlite::memory:",
        &["template", "register", "-o", &path("mau.xlsx")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(path("mau.xlsx")).unwrap().starts_with(b"PK"));

    let original = TestDatabase::migrated();
    let sample = test_file("sample/sample-2000.jsonl");
    assert!(
        thads(&original, &["import", sample.to_str().unwrap()])
            .status
            .success()
    );
    let out = thads(
        &original,
        &[
            "export",
            "--register",
            "--as-of",
            "2025-06-30",
            "-o",
            &path("so.xlsx"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "1567 cases in the register on 2025-06-30\n"
    );

    let copy = TestDatabase::migrated();
    let out = thads(&copy, &["import", &path("so.xlsx")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with(": 14 agencies, 1567 cases, 4237 events\n"),
        "{}",
        text(&out.stdout)
    );
    let as_of = "--to 2025-06-30 --by-agency";
    assert_eq!(report_json(&copy, as_of), report_json(&original, as_of));

    // A faulty CSV register: the row and the column, and nothing stored.
    let out = thads(
        &original,
        &["export", "--register", "--as-of", "2025-06-30"],
    );
    let csv = text(&out.stdout);
    let mut lines: Vec<String> = csv.lines().take(3).map(str::to_owned).collect();
    lines[2] = lines[2]
        .replacen(",Theo đơn,", ",Theo yêu cầu,", 1)
        .replacen(",Chủ động,", ",Theo yêu cầu,", 1);
    std::fs::write(path("sai.csv"), lines.join("\n")).unwrap();
    let empty = TestDatabase::migrated();
    let out = thads(&empty, &["import", &path("sai.csv")]);
    assert!(!out.status.success());
    let errors = text(&out.stderr);
    assert!(
        errors.contains("sai.csv: row 3, column “Hình thức thụ lý”: “Theo yêu cầu” is not a mode: write “Chủ động” or “Theo đơn”"),
        "{errors}"
    );
    assert!(errors.contains("no agency has the code"), "{errors}");
    assert!(errors.ends_with("error(s)\n"), "{errors}");
    assert_eq!(report_json(&empty, "--to 2025-06-30")["cases"]["total"], 0);
}

/// The calendar's contract: a day's lunar date, a year's days off, and
/// deadlines on working days, days and months.
#[test]
fn the_calendar_and_deadlines_from_the_command_line() {
    let db = TestDatabase::migrated();
    let run = |args: &[&str]| {
        let out = thads(&db, args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let lunar: serde_json::Value = serde_json::from_str(&run(&[
        "calendar",
        "--lunar",
        "2007-02-17",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        lunar,
        serde_json::json!({"day": 1, "month": 1, "year": 2007, "leap": false})
    );
    let year: serde_json::Value =
        serde_json::from_str(&run(&["calendar", "--year", "2026", "--format", "json"])).unwrap();
    assert_eq!(year["year"], 2026);
    let days_off: Vec<&str> = year["days_off"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(days_off.contains(&"2026-02-16") && days_off.contains(&"2026-04-27"));
    assert!(
        !days_off.contains(&"2026-02-14"),
        "a plain Saturday is not listed"
    );
    assert_eq!(
        year["working_weekend_days"][0],
        serde_json::json!({"date": "2026-01-10", "reason": "Làm bù thứ Bảy 10/01/2026 cho thứ Sáu 02/01/2026"})
    );
    assert_eq!(
        run(&["deadline", "--from", "2027-04-28", "--working-days", "3"]),
        "2027-05-05\n"
    );
    assert_eq!(
        run(&["deadline", "--from", "2027-04-28", "--days", "10"]),
        "2027-05-10\n"
    );
    assert_eq!(
        run(&["deadline", "--from", "2026-01-31", "--months", "1"]),
        "2026-03-02\n"
    );

    // The Prime Minister swaps Friday 30 April 2027's neighbour: Monday 3
    // May is already a substitute day; Friday 7 May is decided off and
    // Saturday 8 May worked. The deadline moves, and the change is audited.
    run(&[
        "calendar",
        "set",
        "2027-05-07",
        "off",
        "--reason",
        "Hoán đổi ngày làm việc",
    ]);
    run(&[
        "calendar",
        "set",
        "2027-05-08",
        "working",
        "--reason",
        "Làm bù cho 07/5",
    ]);
    assert_eq!(
        run(&["deadline", "--from", "2027-05-05", "--working-days", "2"]),
        "2027-05-08\n"
    );
    let year: serde_json::Value =
        serde_json::from_str(&run(&["calendar", "--year", "2027", "--format", "json"])).unwrap();
    assert!(year["days_off"].as_array().unwrap().iter().any(
        |d| d == &serde_json::json!({"date": "2027-05-07", "reason": "Hoán đổi ngày làm việc"})
    ));
    assert_eq!(
        year["working_weekend_days"],
        serde_json::json!([{"date": "2027-05-08", "reason": "Làm bù cho 07/5"}])
    );
    let log = run(&["audit", "log"]);
    assert!(
        log.contains("set_calendar_day") && log.contains("2027-05-07"),
        "{log}"
    );
    for args in [
        &["calendar", "--year", "30000"][..],
        &["deadline", "--from", "9999-12-30", "--days", "5"],
        &["calendar", "set", "3000-01-01", "off", "--reason", "x"],
    ] {
        let out = thads(&db, args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains("not a year the calendar computes (1900–2199)"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = thads(
        &db,
        &["calendar", "set", "2027-05-10", "off", "--reason", " "],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("needs its reason"));
}

/// `thads due` lists the golden journal's open steps as they were worked
/// out by hand, in each format, for the whole store, an agency and an
/// executor.
#[test]
fn the_steps_due_from_the_command_line() {
    let db = TestDatabase::migrated();
    let v2 = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2");
    let journal = v2.join("work.jsonl");
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let due = |args: &[&str]| {
        let mut all = vec!["due", "--as-of", "2026-11-28"];
        all.extend(args);
        let out = thads(&db, &all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(v2.join("work.due-2026-11-28.json")).unwrap(),
    )
    .unwrap();
    let all: serde_json::Value = serde_json::from_str(&due(&["--format", "json"])).unwrap();
    assert_eq!(all, expected);
    let steps = expected.as_array().unwrap();
    let only = |key: &str, value: &str| -> Vec<&serde_json::Value> {
        steps
            .iter()
            .filter(|s| s[key].as_str().unwrap().starts_with(value))
            .collect()
    };
    let office: serde_json::Value =
        serde_json::from_str(&due(&["--agency", "HN-KV2", "--format", "json"])).unwrap();
    assert_eq!(
        office.as_array().unwrap().iter().collect::<Vec<_>>(),
        only("case", "HN-KV2/")
    );
    let executor: serde_json::Value =
        serde_json::from_str(&due(&["--executor", "HN-KV1-CHV02", "--format", "json"])).unwrap();
    assert_eq!(
        executor.as_array().unwrap().iter().collect::<Vec<_>>(),
        only("executor", "HN-KV1-CHV02")
    );
    let csv = due(&["--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("case,step,due,rule,overdue,executor"));
    assert_eq!(
        lines.next(),
        Some("HN-KV1/2026/002,verify,2026-03-05,verify-2014,true,HN-KV1-CHV02")
    );
    assert_eq!(lines.count(), steps.len() - 1);
    // The year's report has the second version's lines.
    let out = thads(&db, &["report", "--to", "2026-09-30", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(report["cases"]["returned"], 1);
    assert_eq!(report["money"]["returned"], 40_000_000);
    assert_eq!(report["money"]["registered_apart"], 9_000_000);
    // An executor never declared is named.
    let out = thads(&db, &["due", "--executor", "HN-KV9-CHV01"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("HN-KV9-CHV01"),
        "{}",
        text(&out.stderr)
    );
}

/// `thads partner`, `thads request` and `thads requests` on the golden
/// coordination file, and the table by partner it was counted for by hand.
#[test]
fn coordination_from_the_command_line() {
    let db = TestDatabase::migrated();
    let v2 = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2");
    for file in ["work.jsonl", "coordination.jsonl"] {
        let out = thads(&db, &["import", v2.join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
    }
    let run = |args: &[&str]| {
        let out = thads(&db, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let table: serde_json::Value = serde_json::from_str(&run(&[
        "requests",
        "--by-partner",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-28",
        "--format",
        "json",
    ]))
    .unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(v2.join("coordination.by-partner-2026-11-28.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(table, expected);
    // The court's request is overdue by 30 working days on 28 November.
    let overdue: serde_json::Value = serde_json::from_str(&run(&[
        "requests",
        "--overdue",
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]))
    .unwrap();
    let overdue = overdue.as_array().unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["id"], "HN-KV1/2026/3");
    assert_eq!(overdue[0]["due"], "2026-10-16");
    assert_eq!(overdue[0]["overdue_days"], 30);
    assert_eq!(overdue[0]["escalated"], "2026-11-03");

    // A new partner, and a request to it: its code, due date and rule.
    run(&[
        "partner",
        "add",
        "--code",
        "HN-CAX",
        "--kind",
        "police_commune",
        "--name",
        "Công an phường Hoàn Kiếm",
        "--agency",
        "HN",
    ]);
    assert!(run(&["partner", "list"]).contains("HN-CAX"));
    let opened: serde_json::Value = serde_json::from_str(&run(&[
        "request",
        "open",
        "--case",
        "HN-KV1/2026/002",
        "--partner",
        "HN-CAX",
        "--kind",
        "police_protection",
        "--on",
        "2026-08-28",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(opened["id"], "HN-KV1/2026/5");
    assert_eq!(opened["due"], "2026-09-07");
    assert_eq!(opened["rule"], "police-commune-2026");
    // The plan of the coercion goes with the answer, as a PDF; the
    // journal names it by its digest.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("phuong-an.pdf");
    std::fs::write(&plan, b"%PDF-1.4\n% phuong an\n").unwrap();
    run(&[
        "request",
        "answer",
        "HN-KV1/2026/5",
        "--on",
        "2026-09-04",
        "--text",
        "Đồng ý",
        "--attach",
        plan.to_str().unwrap(),
    ]);
    // A request sends its documents; a web page among them refuses it whole.
    let page = dir.path().join("ban-an.pdf");
    std::fs::write(&page, b"<html><body>ban an</body></html>").unwrap();
    let open_with = |file: &std::path::Path| {
        thads(
            &db,
            &[
                "request",
                "open",
                "--case",
                "HN-KV1/2026/002",
                "--partner",
                "HN-CAX",
                "--kind",
                "police_protection",
                "--on",
                "2026-09-07",
                "--attach",
                plan.to_str().unwrap(),
                "--attach",
                file.to_str().unwrap(),
            ],
        )
    };
    let out = open_with(&page);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("“ban-an.pdf”"),
        "{}",
        text(&out.stderr)
    );
    let photo = dir.path().join("anh-hien-truong.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 anh").unwrap();
    assert!(open_with(&photo).status.success());
    let journal = run(&["export"]);
    let sent: serde_json::Value = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["type"] == "request" && l["id"] == "HN-KV1/2026/6")
        .expect("the second request, numbered after the refusal took none");
    let files: Vec<(&str, &str)> = sent["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap(),
                a["media_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("phuong-an.pdf", "application/pdf"),
            ("anh-hien-truong.jpg", "image/jpeg")
        ]
    );
    let answer = journal
        .lines()
        .find(|l| l.contains("\"request_answered\"") && l.contains("HN-KV1/2026/5"))
        .unwrap();
    assert!(answer.contains("\"name\":\"phuong-an.pdf\""), "{answer}");
    let csv = run(&["requests", "--partner", "HN-CAX", "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("HN-KV1/2026/5,") && l.contains(",answered,")),
        "{csv}"
    );
    // A reminder before the due date is refused, in words.
    let out = thads(
        &db,
        &["request", "remind", "HN-KV1/2026/3", "--on", "2026-10-16"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("2026-10-16"),
        "{}",
        text(&out.stderr)
    );
    // The whole trail verifies.
    run(&["audit", "verify"]);
}

#[test]
fn a_committee_dossier_from_the_command_line() {
    let db = TestDatabase::migrated();
    let v2 = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata-v2");
    for file in ["work.jsonl", "coordination.jsonl"] {
        let out = thads(&db, &["import", v2.join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("ho-so.docx");
    let out = thads(
        &db,
        &[
            "committee",
            "dossier",
            "--agency",
            "HN",
            "--from",
            "2025-10-01",
            "--to",
            "2026-11-28",
            "--output",
            docx.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dossier: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(dossier["agency"], "HN");
    assert_eq!(dossier["results"]["cases"]["accepted"], 9);
    // The court's request, escalated and still waiting, heads the list.
    assert_eq!(dossier["coordination"]["overdue"][0]["id"], "HN-KV1/2026/3");
    assert_eq!(dossier["coordination"]["escalated_total"], 1);
    let bytes = std::fs::read(&docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("HN-KV1/2026/3"),
        "the escalated request is named"
    );
    // Without a place to write it, the dossier is refused in words.
    let out = thads(&db, &["committee", "dossier", "--agency", "HN"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--output"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn pay_out_records_the_batch_and_writes_the_transfers_or_nothing() {
    let db = TestDatabase::migrated();
    let folder = tempfile::tempdir().unwrap();
    let journal = folder.path().join("several.jsonl");
    std::fs::write(
        &journal,
        concat!(
            r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
            "\n",
            r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-03-02","agency":"SL","mode":"on_request","amount":90,"categories":[],"decision":"9/QĐ-THADS","judgment":"9/2025/DS-ST","debtor":{"name":"A"},"creditor":{"name":"B"},"creditors":[{"name":"B","amount":60,"rank":"other","account":"0123","bank":"Agribank"},{"name":"C","amount":30,"rank":"other"}]}"#,
            "\n",
            r#"{"type":"collected","case":"SL/2026/00009","on":"2026-03-20","amount":30}"#,
            "\n",
        ),
    )
    .unwrap();
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    let transfers = folder.path().join("chuyen-khoan.csv");
    let pay = |proceeds: &str| {
        thads(
            &db,
            &[
                "pay-out",
                "--case",
                "SL/2026/00009",
                "--proceeds",
                proceeds,
                "--on",
                "2026-03-25",
                "--transfers",
                transfers.to_str().unwrap(),
            ],
        )
    };
    // More than the 30 collected: refused, and no file is left behind.
    let out = pay("31");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("paid out"),
        "{}",
        text(&out.stderr)
    );
    assert!(!transfers.exists());
    // 30 đồng: 20 to B by transfer, 10 to C in cash.
    let out = pay("30");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&transfers).unwrap();
    assert_eq!(
        csv,
        "\u{feff}STT,Số tài khoản,Ngân hàng,Tên người nhận,Số tiền,Nội dung\n1,0123,Agribank,B,20,THA SL/2026/00009 25/03/2026 1\n"
    );
    let out = thads(&db, &["export"]);
    let exported = text(&out.stdout);
    assert!(
        exported.contains(
            r#"{"type":"paid_out","case":"SL/2026/00009","on":"2026-03-25","amount":10,"to":"C"}"#
        ),
        "{exported}"
    );
}

#[test]
fn coercion_is_refused_at_night_on_days_off_and_around_tet() {
    let db = TestDatabase::migrated();
    let check = |at: &str, forces: bool| {
        let mut args = vec!["coercion", "check", "--at", at, "--format", "json"];
        if forces {
            args.push("--forces");
        }
        let out = thads(&db, &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let open = check("2026-12-01 08:30", true);
    assert_eq!(open["permitted"], true);
    assert_eq!(open["rule"], "coercion-blackout-2026");
    let night = check("2026-12-01 22:00", false);
    assert_eq!(night["blackouts"], serde_json::json!([{"reason": "night"}]));
    let tet = check("2027-01-25T09:00", true);
    assert_eq!(
        tet["blackouts"],
        serde_json::json!([{"reason": "tet", "tet": "2027-02-06"}])
    );
    assert_eq!(check("2027-01-25 09:00", false)["permitted"], true);
    let out = thads(&db, &["coercion", "check", "--at", "2027-01-25 25:00"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("is not a day and a time"));
}

#[test]
fn a_decision_to_coerce_asks_the_police_and_counts_in_form_7() {
    let db = TestDatabase::migrated();
    let folder = tempfile::tempdir().unwrap();
    let journal = folder.path().join("case.jsonl");
    let lines = [
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
        r#"{"type":"partner","code":"SL-CA","kind":"police_province","name":"Công an tỉnh Sơn La","agency":"SL"}"#,
        r#"{"type":"accepted","case":"SL/2026/00011","on":"2026-08-03","agency":"SL","mode":"on_request","amount":60000000,"categories":[],"decision":"11/QĐ-THADS","judgment":"11/2026/HNGĐ-ST","debtor":{"name":"Lò Văn Hùng"},"creditor":{"name":"Cầm Thị Mai"}}"#,
    ];
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    assert!(
        thads(&db, &["import", journal.to_str().unwrap()])
            .status
            .success()
    );
    let decide = |extra: &[&str]| {
        let mut args = vec![
            "coercion",
            "decide",
            "--case",
            "SL/2026/00011",
            "--on",
            "2026-11-20",
        ];
        args.extend_from_slice(extra);
        thads(&db, &args)
    };
    // On a Sunday: refused in words, nothing recorded.
    let sunday = decide(&["--kind", "compel_act", "--at", "2026-11-29 08:00"]);
    assert!(!sunday.status.success());
    assert!(
        text(&sunday.stderr).contains("ngày nghỉ, ngày lễ"),
        "{}",
        text(&sunday.stderr)
    );
    let wage = decide(&["--kind", "wage_deduction", "--percent", "40"]);
    assert!(!wage.status.success());
    assert!(text(&wage.stderr).contains("40%"), "{}", text(&wage.stderr));
    let forces = decide(&[
        "--kind",
        "compel_act",
        "--at",
        "2026-12-01 08:00",
        "--forces",
        "--police",
        "SL-CA",
    ]);
    assert!(forces.status.success(), "{}", text(&forces.stderr));
    let said = text(&forces.stdout);
    assert!(
        said.contains("SL/CC/2026/1: decision to coerce recorded"),
        "{said}"
    );
    assert!(said.contains("SL/2026/1: the police asked"), "{said}");
    let out = thads(
        &db,
        &[
            "coercion",
            "form7",
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let form: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(form["total"]["coercions"], 1);
    assert_eq!(form["total"]["compel_act"], 1);
    assert_eq!(form["total"]["with_forces"], 1);
    assert_eq!(form["rows"][0]["agency"], "SL");
    let requests = thads(&db, &["requests", "--format", "json"]);
    assert!(text(&requests.stdout).contains("police_protection"));
}

#[test]
fn the_asset_register_follows_each_asset_from_its_finding_to_its_auction() {
    let db = TestDatabase::migrated();
    let folder = tempfile::tempdir().unwrap();
    let journal = folder.path().join("assets.jsonl");
    let lines = [
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
        r#"{"type":"agency","code":"DB","name":"Thi hành án dân sự tỉnh Điện Biên","parent":null}"#,
        r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-03-02","agency":"SL","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"9/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH Hoa Ban"},"creditor":{"name":"Ngân hàng A"}}"#,
        r#"{"type":"accepted","case":"DB/2026/00001","on":"2026-03-02","agency":"DB","mode":"on_request","amount":50000000,"categories":[],"decision":"1/QĐ-THADS","judgment":"1/2025/DS-ST","debtor":{"name":"Lò Văn Dũng"},"creditor":{"name":"Quàng Thị Hoa"}}"#,
        r#"{"type":"asset","code":"SL/TS/2026/1","agency":"SL","case":"SL/2026/00009","on":"2026-04-01","kind":"land_use_right","description":"Thửa đất số 45, tờ bản đồ số 12, xã Mường Bon","value":1200000000,"mortgage":{"to":"Ngân hàng A","amount":700000000},"details":{"area_m2":"250.5","certificate":"CS 04512","map_sheet":"12","parcel":"45"}}"#,
        r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-04-02","action":"measure_applied","measure":"block_transfer"}"#,
        r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-04-10","action":"seized"}"#,
        r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-04-25","action":"valued","amount":1000000000}"#,
        r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-05-20","action":"auction_round","amount":1000000000}"#,
        r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-06-20","action":"auction_round","amount":900000000}"#,
        r#"{"type":"asset","code":"DB/TS/2026/1","agency":"DB","case":"DB/2026/00001","on":"2026-04-01","kind":"vehicle","description":"Xe máy Honda Wave","value":12000000,"details":{"plate":"27B1-123.45"}}"#,
    ];
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let register = |args: &[&str]| {
        let mut all = vec!["assets", "--format", "json"];
        all.extend_from_slice(args);
        let out = thads(&db, &all);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let sl = register(&["--agency", "SL"]);
    let assets = sl["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 1);
    let land = &assets[0];
    assert_eq!(land["state"], "under_auction");
    assert_eq!(land["value"], 900_000_000);
    assert_eq!(land["reductions"], 1);
    assert_eq!(
        land["rounds"],
        serde_json::json!([{"on": "2026-05-20", "price": 1000000000}, {"on": "2026-06-20", "price": 900000000}])
    );
    assert_eq!(
        land["measures"],
        serde_json::json!([{"measure": "block_transfer", "since": "2026-04-02"}])
    );
    assert_eq!(land["mortgage"]["amount"], 700_000_000);
    assert_eq!(land["details"]["parcel"], "45");
    // The register of everything, and of the assets under auction.
    assert_eq!(register(&[])["assets"].as_array().unwrap().len(), 2);
    let auctioned = register(&["--under-auction"]);
    assert_eq!(auctioned["assets"][0]["code"], "SL/TS/2026/1");
    assert_eq!(auctioned["assets"].as_array().unwrap().len(), 1);
    // The lines travel as they came: exported, they are the file's.
    let out = thads(&db, &["export"]);
    let exported = text(&out.stdout);
    for line in &lines[4..] {
        assert!(exported.contains(line), "{line} not in {exported}");
    }
    assert!(thads(&db, &["audit", "verify"]).status.success());

    // Sold for 900 million: the bank, mortgagee and creditor, is paid its
    // secured 700 million from the price after the costs, and the rest of
    // its claim after that (Law 2014 Art. 47(3)).
    let sale = folder.path().join("sale.jsonl");
    std::fs::write(
        &sale,
        concat!(
            r#"{"type":"asset_step","asset":"SL/TS/2026/1","on":"2026-07-10","action":"sold","amount":900000000}"#,
            "\n",
            r#"{"type":"collected","case":"SL/2026/00009","on":"2026-07-20","amount":900000000}"#,
            "\n",
        ),
    )
    .unwrap();
    assert!(
        thads(&db, &["import", sale.to_str().unwrap()])
            .status
            .success()
    );
    let distribute = |asset: &str| {
        thads(
            &db,
            &[
                "distribute",
                "--case",
                "SL/2026/00009",
                "--proceeds",
                "900000000",
                "--costs",
                "10000000",
                "--asset",
                asset,
                "--format",
                "json",
            ],
        )
    };
    let out = distribute("SL/TS/2026/1");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["payments"],
        serde_json::json!([
            {"to": "costs", "rank": "costs", "amount": 10000000},
            {"to": "Ngân hàng A", "rank": "secured", "amount": 700000000},
            {"to": "Ngân hàng A", "rank": "other", "amount": 190000000},
        ])
    );
    let out = distribute("DB/TS/2026/1");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("asset DB/TS/2026/1 is not an asset of case SL/2026/00009"),
        "{}",
        text(&out.stderr)
    );
    // Not paid out yet: the price is money held, overdue after ten days.
    let out = thads(
        &db,
        &[
            "held",
            "--agency",
            "SL",
            "--as-of",
            "2026-08-05",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let held: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        held["cases"],
        serde_json::json!([{
            "case": "SL/2026/00009", "agency": "SL", "amount": 900000000,
            "since": "2026-07-20", "age_days": 16, "pay_by": "2026-07-30",
            "stage": "overdue", "deposit_after": "2026-08-14", "deposit": "savings",
        }])
    );
}

#[test]
fn warehouse_stock_says_each_warehouses_floor_items_and_alert() {
    let db = TestDatabase::migrated();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("kho.jsonl");
    std::fs::write(
        &journal,
        concat!(
            r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
            "\n",
            r#"{"type":"accepted","case":"SL/2026/00001","on":"2026-02-01","agency":"SL","mode":"ex_officio","amount":5000000,"categories":["state_budget"],"decision":"1/QĐ-THADS","judgment":"1/2025/HS-ST","judgment_kind":"criminal","debtor":{"name":"Lò Văn Hùng"},"creditor":{"name":"Ngân sách nhà nước"}}"#,
            "\n",
            r#"{"type":"warehouse","code":"SL-K1","agency":"SL","name":"Kho vật chứng tỉnh","area_m2":10}"#,
            "\n",
            r#"{"type":"received","case":"SL/2026/00001","on":"2026-03-01","item":"SL-K1/2026/001","warehouse":"SL-K1","kind":"vehicle","description":"Xe máy","quantity":1,"unit":"chiếc","area_m2":4.5}"#,
            "\n",
            r#"{"type":"received","case":"SL/2026/00001","on":"2026-03-02","item":"SL-K1/2026/002","warehouse":"SL-K1","kind":"weapon","description":"Dao","quantity":2,"unit":"con","area_m2":4.6}"#,
            "\n",
            r#"{"type":"issued","item":"SL-K1/2026/002","on":"2026-04-01","purpose":"confiscate"}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = thads(&db, &["import", journal.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stock = |as_of: &str| {
        let out = thads(
            &db,
            &[
                "warehouse",
                "stock",
                "--agency",
                "SL",
                "--as-of",
                as_of,
                "--format",
                "json",
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["warehouses"][0].clone()
    };
    // Both held on 2 March: 9.1 of 10 m², nearly full.
    let held = stock("2026-03-02");
    assert_eq!(held["warehouse"], "SL-K1");
    assert_eq!(held["capacity_m2"], 10);
    assert_eq!(held["occupied_m2"], 9.1);
    assert_eq!(held["items"], 2);
    assert_eq!(held["kinds"]["weapon"], 1);
    assert_eq!(held["alert"], true);
    // The knife confiscated: 4.5 m², one vehicle.
    let held = stock("2026-04-01");
    assert_eq!(
        (held["occupied_m2"].clone(), held["items"].clone()),
        (4.5.into(), 1.into())
    );
    assert_eq!(held["kinds"]["weapon"], 0);
    assert_eq!(held["alert"], false);
}
