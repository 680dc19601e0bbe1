//! Files crafted to take thads down, imported from the command line under
//! an address-space limit (so that a regression fails the test instead of
//! taking the test machine's memory): each is refused with a clear message
//! and the process ends normally, having stored nothing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use thads_service::register::Column;
use thads_testdb::TestDatabase;

/// The address space `thads` runs in here, 2 GiB: what a register may take
/// once read (768 MiB) and the process's own, with room to spare, so that
/// reading within the limits fits and a reader past them fails.
const ADDRESS_SPACE_KIB: u64 = 2 << 20;

/// `thads ARGS` under the address-space limit: this build's, or the one
/// `THADS_BIN` names (to see an older build fail).
fn thads_limited(db: &TestDatabase, args: &[&str]) -> Output {
    let binary = std::env::var("THADS_BIN").unwrap_or(env!("CARGO_BIN_EXE_thads").to_owned());
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""))
        .arg(binary)
        .args(args)
        .env("THADS_DATABASE_URL", &db.url)
        .env("THADS_AUDIT_KEY", &db.key_file);
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Imports `file` under the limit; returns what it said on standard error,
/// after checking that it refused the file in words and stored nothing.
fn refused(file: &Path) -> String {
    let db = TestDatabase::migrated();
    let out = thads_limited(&db, &["import", file.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "thads must end normally, refusing the file: {stderr}"
    );
    let export = thads_limited(&db, &["export"]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    assert!(export.stdout.is_empty(), "nothing is stored");
    stderr
}

/// A workbook of one sheet, “Sổ thụ lý”, whose XML `sheet` writes between
/// `<sheetData>` and `</sheetData>` (after `head`, such as a dimension), and
/// with shared texts if `shared` writes them (the whole part).
struct Workbook<'a> {
    head: &'a str,
    sheet: Part<'a>,
    shared: Option<Part<'a>>,
}

/// What writes a part's XML.
type Part<'a> = &'a dyn Fn(&mut dyn Write);

impl Workbook<'_> {
    fn write(&self, path: &Path) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        let mut part = |name: &str, body: Part| {
            zip.start_file(name, options).unwrap();
            body(&mut zip);
        };
        part("[Content_Types].xml", &|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#).unwrap();
        });
        part("_rels/.rels", &|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).unwrap();
        });
        part("xl/workbook.xml", &|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sổ thụ lý" sheetId="1" r:id="rId1"/></sheets></workbook>"#).unwrap();
        });
        part("xl/_rels/workbook.xml.rels", &|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#).unwrap();
        });
        part("xl/worksheets/sheet1.xml", &|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}<sheetData>"#, self.head).unwrap();
            (self.sheet)(w);
            write!(w, "</sheetData></worksheet>").unwrap();
        });
        if let Some(shared) = self.shared {
            part("xl/sharedStrings.xml", shared);
        }
        zip.finish().unwrap();
    }
}

/// An inline text cell.
fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

const NO_SHARED: Option<Part> = None;

#[test]
fn a_cell_at_the_sheets_last_row_and_column_is_read_in_little_memory() {
    // 5 KB that once made the reader allocate 512 GB: a dense table from A1
    // to XFD1048576.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xfd.xlsx");
    Workbook {
        head: r#"<dimension ref="A1:XFD1048576"/>"#,
        sheet: &|w| {
            write!(
                w,
                r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
                text_cell("A1", "Mã việc"),
                text_cell("XFD1048576", "x")
            )
            .unwrap();
        },
        shared: NO_SHARED,
    }
    .write(&file);
    assert!(std::fs::metadata(&file).unwrap().len() < 5_000);
    let stderr = refused(&file);
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

#[test]
fn twenty_million_rows_are_refused_at_the_sheets_last_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rows.xlsx");
    Workbook {
        head: r#"<dimension ref="A1:Y20000000"/>"#,
        sheet: &|w| {
            for row in (1..=1_048_576).step_by(4096).chain([20_000_000]) {
                write!(
                    w,
                    r#"<row r="{row}">{}</row>"#,
                    text_cell(&format!("A{row}"), "1")
                )
                .unwrap();
            }
        },
        shared: NO_SHARED,
    }
    .write(&file);
    let stderr = refused(&file);
    assert!(
        stderr.contains(
            "sheet “Sổ thụ lý” has a cell in row 20000000, beyond the last row a sheet can have (1,048,576)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_gigabyte_cell_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let giant = |w: &mut dyn Write| {
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..1024 {
            w.write_all(&chunk).unwrap();
        }
    };
    // As a shared text…
    let file = dir.path().join("shared.xlsx");
    Workbook {
        head: "",
        sheet: &|w| write!(w, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#).unwrap(),
        shared: Some(&|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
            giant(w);
            write!(w, "</t></si></sst>").unwrap();
        }),
    }
    .write(&file);
    assert!(std::fs::metadata(&file).unwrap().len() < 2 << 20);
    let stderr = refused(&file);
    let message = "a cell of the workbook holds more than 32,767 characters, the most a cell can hold in Excel";
    assert!(stderr.contains(message), "{stderr}");
    // …and as a text written in its cell.
    let file = dir.path().join("inline.xlsx");
    Workbook {
        head: "",
        sheet: &|w| {
            write!(w, r#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#).unwrap();
            giant(w);
            write!(w, "</t></is></c></row>").unwrap();
        },
        shared: NO_SHARED,
    }
    .write(&file);
    assert!(refused(&file).contains(message));
}

#[test]
fn a_false_count_of_shared_texts_is_refused() {
    // calamine makes room for the declared count before reading any.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("count.xlsx");
    Workbook {
        head: "",
        sheet: &|w| write!(w, r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#).unwrap(),
        shared: Some(&|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>Mã việc</t></si></sst>"#).unwrap();
        }),
    }
    .write(&file);
    let stderr = refused(&file);
    assert!(
        stderr.contains("the workbook declares 4000000000 shared texts but holds 1"),
        "{stderr}"
    );
}

#[test]
fn a_sheet_that_would_take_more_than_a_gigabyte_is_refused() {
    // Each row reaches the last column: 16,384 cells of a row, for 40,000
    // rows, would be 21 GB of cells.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wide.xlsx");
    Workbook {
        head: "",
        sheet: &|w| {
            for row in 1..=40_000 {
                write!(
                    w,
                    r#"<row r="{row}"><c r="A{row}"><v>1</v></c><c r="XFD{row}"><v>1</v></c></row>"#
                )
                .unwrap();
            }
        },
        shared: NO_SHARED,
    }
    .write(&file);
    let stderr = refused(&file);
    assert!(
        stderr.contains("the file would take more than 768 MiB of memory once read"),
        "{stderr}"
    );
}

/// A spreadsheet's name of the `i`-th column from 0: A, …, Z, AA, AB, …
fn column_name(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + n as u8);
    match i {
        0..26 => letter(i).to_string(),
        _ => format!("{}{}", letter(i / 26 - 1), letter(i % 26)),
    }
}

#[test]
fn a_formula_without_its_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("formula.xlsx");
    Workbook {
        head: "",
        sheet: &|w| {
            let headings: String = Column::ALL
                .iter()
                .enumerate()
                .map(|(i, column)| text_cell(&format!("{}1", column_name(i)), column.heading()))
                .collect();
            write!(
                w,
                r#"<row r="1">{headings}</row><row r="2"><c r="A2"><f>CONCAT("HN/","1")</f></c></row>"#,
            )
            .unwrap();
        },
        shared: NO_SHARED,
    }
    .write(&file);
    let stderr = refused(&file);
    assert!(
        stderr.contains(
            "row 2, column “Mã việc”: the cell holds a formula whose value the file does not keep"
        ),
        "{stderr}"
    );
}

#[test]
fn a_csv_of_commas_is_refused_before_it_takes_the_memory() {
    // 200 MB of commas would be 6.4 GB of empty cells.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("commas.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    writeln!(out, "Mã việc,Đơn vị thụ lý").unwrap();
    let row = [b','; 16_000];
    for _ in 0..12_500 {
        out.write_all(&row).unwrap();
        out.write_all(b"\n").unwrap();
    }
    drop(out);
    let stderr = refused(&file);
    assert!(
        stderr.contains("the file would take more than 768 MiB of memory once read"),
        "{stderr}"
    );
}

#[test]
fn a_journal_line_of_fifty_megabytes_is_one_line_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let agency =
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#;
    let case = |code: &str| {
        format!(
            r#"{{"type":"accepted","case":"{code}","on":"2025-01-15","agency":"SL","mode":"on_request","amount":1,"categories":[],"decision":"1","judgment":"2","debtor":{{"name":"A"}},"creditor":{{"name":"B"}}}}"#
        )
    };
    // Two objects on one line, 50 MB apart, then a line in error.
    write!(out, "{agency}\n{}", case("SL/1")).unwrap();
    out.write_all(&vec![b' '; 50 << 20]).unwrap();
    writeln!(out, "{}", case("SL/2")).unwrap();
    writeln!(out, "{{\"type\":\"paid\"}}").unwrap();
    drop(out);
    let stderr = refused(&file);
    assert!(
        stderr.contains(
            "long.jsonl: line 2: the line is longer than 16 MiB (16,777,216 bytes), the most a journal line may be"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("long.jsonl: line 3: unknown type “paid”"),
        "{stderr}"
    );
    assert!(stderr.contains("has 2 error(s)"), "{stderr}");
}

/// `thads serve` under the address-space limit, on a port of its own, with
/// the worked example's store and two accounts: an executor, who may
/// import, and a steering member, who may not.
struct Server {
    child: std::process::Child,
    port: u16,
    _db: TestDatabase,
}

const PASSWORD: &str = "mưa rơi trên mái ngói cũ";

impl Server {
    fn start() -> Server {
        let db = TestDatabase::migrated();
        let journal = thads_testdb::test_data_path("sample/worked-example.jsonl");
        assert!(
            thads_limited(&db, &["import", journal.to_str().unwrap()])
                .status
                .success()
        );
        for (name, role) in [("chv.an", "executor"), ("bcd.db", "steering")] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_thads"))
                .env("THADS_DATABASE_URL", &db.url)
                .env("THADS_AUDIT_KEY", &db.key_file)
                .args(["user", "add", name, "--role", role, "--agency", "DB"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
            assert!(child.wait().unwrap().success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let binary = std::env::var("THADS_BIN").unwrap_or(env!("CARGO_BIN_EXE_thads").to_owned());
        let child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""))
            .arg(binary)
            .args(["serve", "--listen", &listen])
            .env("THADS_DATABASE_URL", &db.url)
            .env("THADS_AUDIT_KEY", &db.key_file)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            port,
            _db: db,
        };
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not start");
    }

    /// Sends a whole request from 127.0.0.1 and reads the response:
    /// status, headers and body.
    fn request(&self, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        self.request_from("127.0.0.1", head, body)
    }

    fn request_from(&self, from: &str, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream = connect_from(from, self.port);
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "{head}Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(body).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no response: {}", text(&response)));
        let headers = text(&response[..end]);
        let status = headers[9..12].parse().unwrap();
        (status, headers, response[end + 4..].to_vec())
    }

    /// Signs in; returns the session cookie.
    fn sign_in(&self, name: &str) -> String {
        let form = format!("name={name}&password={}", encode(PASSWORD));
        let (status, headers, _) = self.request(
            "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n",
            form.as_bytes(),
        );
        assert_eq!(status, 303, "{headers}");
        let cookie = headers
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    /// Uploads a file to the import page as `cookie`'s account.
    fn upload(&self, cookie: &str, name: &str, file: &[u8]) -> (u16, String) {
        let boundary = "thads-boundary-7d3f";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let (status, _, page) = self.request(
            &format!("POST /import HTTP/1.1\r\nCookie: {cookie}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"),
            &body,
        );
        (status, text(&page))
    }

    fn answers(&self, from: &str) -> bool {
        let (status, _, _) = self.request_from(from, "GET /login HTTP/1.1\r\n", b"");
        status == 200
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection to the server on `port`, from a loopback address of our
/// choosing (all of 127.0.0.0/8 is this machine).
fn connect_from(from: &str, port: u16) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
        socket.connect(([127, 0, 0, 1], port).into()).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn a_crafted_upload_is_refused_and_the_server_keeps_serving() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("so.xlsx");
    Workbook {
        head: r#"<dimension ref="A1:XFD1048576"/>"#,
        sheet: &|w| {
            write!(w, r#"<row r="1">{}</row>"#, text_cell("A1", "Mã việc")).unwrap();
            for row in 2..=1000 {
                write!(w, r#"<row r="{row}">{}</row>"#, text_cell(&format!("XFD{row}"), "x")).unwrap();
            }
        },
        shared: Some(&|w| {
            write!(w, r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000"><si><t>x</t></si></sst>"#).unwrap();
        }),
    }
    .write(&bomb);
    let bomb = std::fs::read(&bomb).unwrap();

    // Someone who may not import is refused before the file is read.
    let steering = server.sign_in("bcd.db");
    let (status, page) = server.upload(&steering, "so.xlsx", &bomb);
    assert_eq!(status, 403, "{page}");

    // Someone who may is told what is wrong with it.
    let executor = server.sign_in("chv.an");
    let (status, page) = server.upload(&executor, "so.xlsx", &bomb);
    assert_eq!(status, 400, "{page}");
    assert!(
        page.contains("sổ Excel khai báo 4000000000 chuỗi văn bản dùng chung nhưng chỉ có 1"),
        "{page}"
    );
    assert!(server.answers("127.0.0.1"));
}

#[test]
fn clients_that_send_half_a_request_are_cut_off() {
    let server = Server::start();
    let started = std::time::Instant::now();
    let mut slow: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut stream = connect_from("127.0.0.1", server.port);
            // Headers that never end.
            write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
            stream
        })
        .collect();
    // This address has used its share: one more is closed unanswered.
    let mut refused = connect_from("127.0.0.1", server.port);
    refused
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = write!(refused, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(
        refused.read(&mut [0; 64]).unwrap_or(0),
        0,
        "closed unanswered"
    );
    // And one that sends its headers, then half its body.
    let mut stalled = connect_from("127.0.0.3", server.port);
    write!(
        stalled,
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nname=chv"
    )
    .unwrap();
    // Another address is served meanwhile.
    assert!(server.answers("127.0.0.2"));
    // After the read timeout (10 s), every one of them is closed by the
    // server; none is held until the test gives up on it (30 s).
    for stream in &mut slow {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut buffer = [0; 1024];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!(
                    "a connection is still held after {:?}: {e}",
                    started.elapsed()
                ),
            }
        }
    }
    stalled
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = String::new();
    let ended = stalled.read_to_string(&mut answer);
    assert!(
        ended.is_ok(),
        "the stalled body is still waited for: {ended:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");

    assert!(server.answers("127.0.0.1"));
}

/// A journal of `cases` cases of agency SL, whose debtors' names are
/// `name_length` characters long; with the agency's declaration if asked.
fn journal(path: &Path, first: usize, cases: usize, name_length: usize, agency: bool) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    if agency {
        writeln!(out, r#"{{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}}"#).unwrap();
    }
    let name = "A".repeat(name_length);
    for i in first..first + cases {
        writeln!(out, r#"{{"type":"accepted","case":"SL/{i}","on":"2025-01-15","agency":"SL","mode":"on_request","amount":1000000,"categories":[],"decision":"1/QĐ","judgment":"2/DS","debtor":{{"name":"{name}"}},"creditor":{{"name":"Ngân hàng"}}}}"#).unwrap();
        writeln!(
            out,
            r#"{{"type":"collected","case":"SL/{i}","on":"2025-02-15","amount":1000}}"#
        )
        .unwrap();
    }
}

/// The store on a 30 MB disk that an import fills: the import fails, saying
/// so, and the store opens and reads again at once (SQLite kept the failed
/// transaction's pages in its log, which the next connection could not
/// index on the full disk: “disk I/O error”, code 4874; nor could the log
/// be emptied while it held pages committed before, which need room in the
/// store's file). An import that cannot fit is refused before it writes
/// anything.
///
/// The disk is a tmpfs mounted in a mount namespace of the test's own
/// (`unshare --mount`), which takes root or user namespaces: without
/// either, the test fails, saying why.
#[test]
fn a_full_disk_leaves_the_store_readable() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    std::fs::create_dir(at("disk")).unwrap();
    // 50 cases; 12,000 with names of 2,000 characters, more than the disk
    // takes though their rows' count says they fit; 100,000 that do not.
    journal(&at("small.jsonl"), 0, 50, 10, true);
    journal(&at("long.jsonl"), 1_000, 12_000, 2_000, false);
    journal(&at("many.jsonl"), 100_000, 100_000, 10, false);
    let script = r#"
        set -e
        mount -t tmpfs -o size=30m tmpfs "$DIR/disk"
        export THADS_DATABASE_URL="sqlite://$DIR/disk/thads.db"
        "$THADS" import "$DIR/small.jsonl" > /dev/null
        # 2 MB committed to the log and not yet copied into the store, as a
        # process that ends without closing the store leaves them.
        python3 -c 'import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE filler (x BLOB)"); c.execute("INSERT INTO filler VALUES (zeroblob(2000000))"); c.commit(); os._exit(0)' "$DIR/disk/thads.db"
        ! "$THADS" import "$DIR/long.jsonl" 2> "$DIR/long.err"
        ls -l "$DIR/disk" > "$DIR/files"
        "$THADS" export > "$DIR/export"
        "$THADS" report --to 2025-09-30 --format csv > "$DIR/report"
        "$THADS" audit verify > "$DIR/verify"
        ! "$THADS" import "$DIR/many.jsonl" 2> "$DIR/many.err"
        "$THADS" export | cmp - "$DIR/export"
    "#;
    let binary = std::env::var("THADS_BIN").unwrap_or(env!("CARGO_BIN_EXE_thads").to_owned());
    let out = Command::new("unshare")
        .args(["--mount", "sh", "-c", script])
        .env("DIR", dir.path())
        .env("THADS", binary)
        .env("THADS_AUDIT_KEY", dir.path().join("audit.key"))
        .output()
        .expect("unshare (util-linux) runs the test in a mount namespace of its own");
    let read = |name: &str| std::fs::read_to_string(at(name)).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}\nimport: {}\nfiles: {}",
        text(&out.stderr),
        read("long.err"),
        read("files")
    );
    assert!(
        read("long.err").contains("the disk holding the store is full: nothing was written"),
        "{}",
        read("long.err")
    );
    assert_eq!(read("export").lines().count(), 1 + 2 * 50);
    assert!(read("report").lines().last().unwrap().contains(",50,"));
    assert!(read("verify").starts_with("the audit trail is intact"));
    let many = read("many.err");
    assert!(
        many.contains("this import needs about 99 MB of free disk space beside the store")
            && many.contains("nothing was written"),
        "{many}"
    );
}
