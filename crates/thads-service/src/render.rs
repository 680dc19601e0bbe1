//! The report's exchange formats: JSON (exactly as `statistics.md`
//! specifies), CSV (one row per agency and a total row) and a readable text
//! table with the Vietnamese line names.

use serde::ser::{Serialize, SerializeMap, Serializer};
use thads_core::money::group_thousands;
use thads_core::report::{Line, Rate, Report, Tally};
use thads_core::text::Lang;

use crate::PeriodReport;
use crate::csv_cells::CsvOut;

/// Which form of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Cases,
    Money,
}

impl Form {
    fn key(self) -> &'static str {
        match self {
            Form::Cases => "cases",
            Form::Money => "money",
        }
    }

    fn lines(self) -> Vec<Line> {
        match self {
            Form::Cases => Line::of_cases().collect(),
            Form::Money => Line::ALL.to_vec(),
        }
    }

    fn tally(self, report: &Report) -> &Tally {
        match self {
            Form::Cases => &report.cases,
            Form::Money => &report.money,
        }
    }
}

/// The rate as a JSON number with at most two decimals. The value is
/// computed in integers; the float only carries it to the JSON text, where
/// the shortest round-trip form of `n / 100.0` is exactly the two-decimal text.
fn rate_json(rate: Option<Rate>) -> serde_json::Value {
    rate.and_then(|r| serde_json::Number::from_f64(f64::from(r.0) / 100.0))
        .map_or(serde_json::Value::Null, Into::into)
}

struct FormJson<'a>(Form, &'a Tally);

impl Serialize for FormJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let FormJson(form, tally) = *self;
        let mut map = s.serialize_map(None)?;
        for line in form.lines() {
            map.serialize_entry(line.key(), &tally.line(line))?;
        }
        // The lines of the journal's second version (statistics.md,
        // "Version 2 additions"), written when a case is on them: a report
        // of version-1 data keeps the shape the forms have always had.
        if tally.returned != 0 {
            map.serialize_entry("returned", &tally.returned)?;
        }
        if tally.registered_apart != 0 {
            map.serialize_entry("registered_apart", &tally.registered_apart)?;
        }
        map.serialize_entry("rate", &rate_json(tally.rate()))?;
        map.end()
    }
}

fn forms_json(report: &Report) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for form in [Form::Cases, Form::Money] {
        let value =
            serde_json::to_value(FormJson(form, form.tally(report))).expect("forms serialize");
        map.insert(form.key().to_owned(), value);
    }
    map
}

/// The report as JSON: `from`, `to`, `agency`, `category`, `cases`, `money`,
/// and, when broken down, `rows` (one object per agency with the same forms).
pub fn json(report: &PeriodReport) -> String {
    let request = &report.request;
    let mut top = serde_json::Map::new();
    top.insert("from".into(), request.from.to_string().into());
    top.insert("to".into(), request.to.to_string().into());
    top.insert(
        "agency".into(),
        request.agency.as_ref().map(|a| a.to_string()).into(),
    );
    top.insert(
        "category".into(),
        request.category.map(|c| c.as_str()).into(),
    );
    top.extend(forms_json(&report.total));
    if request.by_agency {
        let rows = report.rows.iter().map(|(agency, r)| {
            let mut row = serde_json::Map::new();
            row.insert("agency".into(), agency.code.to_string().into());
            row.insert("name".into(), agency.name.clone().into());
            row.extend(forms_json(r));
            serde_json::Value::Object(row)
        });
        top.insert("rows".into(), rows.collect::<Vec<_>>().into());
    }
    if let Some(dimension) = request.by {
        let rows = report.parts.iter().map(|(part, r)| {
            let mut row = serde_json::Map::new();
            row.insert("part".into(), part.key().into());
            row.extend(forms_json(r));
            serde_json::Value::Object(row)
        });
        top.insert("by".into(), dimension.as_str().into());
        top.insert("parts".into(), rows.collect::<Vec<_>>().into());
    }
    for (key, value) in [
        ("mode", request.mode.map(|m| m.as_str())),
        ("judgment_kind", request.judgment_kind.map(|k| k.as_str())),
    ] {
        if let Some(value) = value {
            top.insert(key.into(), value.into());
        }
    }
    if !report.by_category.is_empty() {
        let shares = report.by_category.iter().map(|(category, part)| {
            let share = thads_core::report::Share::of(&part.total, &report.total);
            serde_json::json!({
                "category": category.as_str(),
                "cases": share.cases,
                "money": share.money,
                "cases_share": rate_json(share.cases_share),
                "money_share": rate_json(share.money_share),
            })
        });
        top.insert("shares".into(), shares.collect::<Vec<_>>().into());
    }
    if request.by_executor {
        let rows = report.executors.iter().map(|(executor, r)| {
            let mut row = serde_json::Map::new();
            row.insert(
                "executor".into(),
                executor.as_ref().map(|e| e.code.to_string()).into(),
            );
            row.insert(
                "name".into(),
                executor.as_ref().map(|e| e.name.clone()).into(),
            );
            row.insert(
                "agency".into(),
                executor.as_ref().map(|e| e.agency.to_string()).into(),
            );
            row.extend(forms_json(r));
            serde_json::Value::Object(row)
        });
        top.insert("executors".into(), rows.collect::<Vec<_>>().into());
    }
    if let Some(recorded) = &request.as_recorded {
        top.insert("as_recorded".into(), recorded.day.to_string().into());
    }
    if let Some(close) = &report.closed {
        let mut closed = closed_json(close);
        if let Some(cosigning) = &report.cosigning {
            closed["cosigning"] = serde_json::json!({
                "request": cosigning.request.to_string(),
                "partner": cosigning.partner,
                "sent": cosigning.sent.to_string(),
                "state": cosigning.state(),
                "answered": cosigning.answered.map(|d| d.to_string()),
                "text": cosigning.text,
            });
        }
        top.insert("closed".into(), closed);
    }
    let mut text =
        serde_json::to_string_pretty(&serde_json::Value::Object(top)).expect("reports serialize");
    text.push('\n');
    text
}

/// The close that fixed a report, as its JSON says it.
fn closed_json(close: &thads_core::close::Close) -> serde_json::Value {
    serde_json::json!({
        "through": close.to.to_string(),
        "agency": close.agency.as_ref().map(|a| a.to_string()),
        "at": close.at.to_string(),
        "by": close.by,
        "sha256": close.sha256,
    })
}

/// Where a closed report stands with the procuracy, in a line.
pub fn cosigning_line(lang: Lang, cosigning: &crate::report::Cosigning) -> String {
    use thads_core::coordination::Signature;
    let text = match (cosigning.signature, cosigning.answered) {
        (Some(Signature::Signed), Some(on)) => {
            thads_core::text::Text::new("report-cosigned-line").with("on", on)
        }
        (Some(Signature::Disputed), Some(on)) => {
            thads_core::text::Text::new("report-disputed-line")
                .with("on", on)
                .with("text", cosigning.text.as_str())
        }
        _ => thads_core::text::Text::new("report-awaiting-signature-line")
            .with("sent", cosigning.sent)
            .with("request", &cosigning.request),
    };
    lang.say(&text.with("partner", cosigning.partner.as_str()))
}

/// The line under a closed report's table: through when, when, by whom.
pub fn closed_line(lang: Lang, close: &thads_core::close::Close) -> String {
    lang.say(
        &thads_core::text::Text::new("report-closed-line")
            .with("through", close.to)
            .with("at", crate::local_time(close.at))
            .with("by", close.by.as_str()),
    )
}

/// The report as CSV: a header, one row per agency (if broken down), and the
/// total row; money in plain đồng, rates with two decimals.
pub fn csv(report: &PeriodReport) -> String {
    let mut out = CsvOut::new(false);
    let mut header = vec!["agency".to_owned(), "name".to_owned()];
    for form in [Form::Cases, Form::Money] {
        header.extend(
            form.lines()
                .iter()
                .map(|l| format!("{}_{}", form.key(), l.key())),
        );
        header.push(format!("{}_rate", form.key()));
    }
    let record = |code: &str, name: &str, r: &Report| {
        let mut row = vec![code.to_owned(), name.to_owned()];
        for form in [Form::Cases, Form::Money] {
            let tally = form.tally(r);
            row.extend(form.lines().iter().map(|l| tally.line(*l).to_string()));
            row.push(tally.rate().map(|r| r.to_string()).unwrap_or_default());
        }
        row
    };
    // By executor (forms 4 and 5), a row per executor in place of the
    // agencies': its code and name; by part, a row per part.
    let rows: Vec<Vec<String>> = if report.request.by.is_some() {
        report
            .parts
            .iter()
            .map(|(part, r)| record(part.key(), &Lang::Vi.say(&part.name()), r))
            .collect()
    } else if report.request.by_executor {
        report
            .executors
            .iter()
            .map(|(e, r)| match e {
                Some(e) => record(e.code.as_str(), &e.name, r),
                None => record("", &executor_label(None), r),
            })
            .collect()
    } else {
        report
            .rows
            .iter()
            .map(|(a, r)| record(a.code.as_str(), &a.name, r))
            .collect()
    };
    let scope = report.request.agency.as_ref().map_or("", |a| a.as_str());
    let total = record(scope, "Tổng cộng", &report.total);
    for row in std::iter::once(header).chain(rows).chain([total]) {
        out.row(row);
    }
    out.finish_text()
}

/// Vietnamese date form, `dd/mm/yyyy`.
pub(crate) fn vi_date(day: thads_core::Day) -> String {
    let s = day.to_string();
    format!("{}/{}/{}", &s[8..10], &s[5..7], &s[0..4])
}

/// Vietnamese percent form, `84,41`.
fn vi_rate(rate: Option<Rate>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| r.to_string().replace('.', ","))
}

/// The report as a text table in two parts (cases, money), Vietnamese line
/// names, one column per agency (if broken down) and a total column.
pub fn table(report: &PeriodReport) -> String {
    let request = &report.request;
    let mut out = String::from("BÁO CÁO KẾT QUẢ THI HÀNH ÁN DÂN SỰ\n");
    out.push_str(&format!(
        "Kỳ báo cáo: {} – {}\n",
        vi_date(request.from),
        vi_date(request.to)
    ));
    out.push_str(&format!(
        "Đơn vị: {}\n",
        request
            .agency
            .as_ref()
            .map_or_else(|| "toàn hệ thống".to_owned(), |a| a.to_string())
    ));
    if let Some(c) = request.category {
        out.push_str(&format!("Loại việc: {}\n", Lang::Vi.say(&c.official())));
    }
    // A column per agency, or per executor (forms 4 and 5: by code, the
    // cases held by none under "—").
    let mut columns: Vec<(String, &Report)> = if request.by.is_some() {
        report
            .parts
            .iter()
            .map(|(part, r)| (Lang::Vi.say(&part.name()), r))
            .collect()
    } else if request.by_executor {
        report
            .executors
            .iter()
            .map(|(e, r)| (e.as_ref().map_or("—".to_owned(), |e| e.code.to_string()), r))
            .collect()
    } else {
        report
            .rows
            .iter()
            .map(|(a, r)| (a.code.to_string(), r))
            .collect()
    };
    columns.push(("Tổng cộng".to_owned(), &report.total));
    for (title, form) in [
        ("I. KẾT QUẢ TÍNH BẰNG VIỆC", Form::Cases),
        ("II. KẾT QUẢ TÍNH BẰNG TIỀN", Form::Money),
    ] {
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        let mut rows: Vec<Vec<String>> = vec![
            std::iter::once(String::new())
                .chain(std::iter::once("Chỉ tiêu".to_owned()))
                .chain(columns.iter().map(|(t, _)| t.clone()))
                .collect(),
        ];
        for line in form.lines() {
            let mut row = vec![line.number().to_string(), Lang::Vi.say(&line.into())];
            for (_, r) in &columns {
                let value = form.tally(r).line(line);
                row.push(match form {
                    Form::Cases => group_thousands(value),
                    Form::Money => format!("{} đ", group_thousands(value)),
                });
            }
            rows.push(row);
        }
        let mut rate_row = vec!["15".to_owned(), Lang::Vi.t("line-rate")];
        rate_row.extend(columns.iter().map(|(_, r)| vi_rate(form.tally(r).rate())));
        rows.push(rate_row);
        out.push_str(&align(&rows));
    }
    if !report.by_category.is_empty() {
        out.push_str("\nIII. TỶ TRỌNG VIỆC CÒN PHẢI THI HÀNH (CHUYỂN KỲ SAU) THEO NHÓM\n");
        let mut rows = vec![vec![
            String::new(),
            "Nhóm việc".to_owned(),
            "Số việc".to_owned(),
            "Tỷ trọng (%)".to_owned(),
            "Số tiền".to_owned(),
            "Tỷ trọng (%)".to_owned(),
        ]];
        for (i, (category, part)) in report.by_category.iter().enumerate() {
            let share = thads_core::report::Share::of(&part.total, &report.total);
            rows.push(vec![
                (i + 1).to_string(),
                Lang::Vi.say(&category.official()),
                group_thousands(share.cases),
                vi_rate(share.cases_share),
                format!("{} đ", group_thousands(share.money)),
                vi_rate(share.money_share),
            ]);
        }
        out.push_str(&align(&rows));
    }
    if let Some(recorded) = &request.as_recorded {
        out.push('\n');
        out.push_str(&Lang::Vi.say(
            &thads_core::text::Text::new("report-as-recorded-line").with("day", recorded.day),
        ));
        out.push('\n');
    }
    if let Some(close) = &report.closed {
        out.push('\n');
        out.push_str(&closed_line(Lang::Vi, close));
        out.push('\n');
    }
    if let Some(cosigning) = &report.cosigning {
        out.push_str(&cosigning_line(Lang::Vi, cosigning));
        out.push('\n');
    }
    out
}

/// Lays rows out in columns: the first two left-aligned, the rest right-aligned.
fn align(rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - width(cell));
                if c < 2 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// An executor as a row of forms 4 and 5 names them: name, code and
/// office; the cases held by none on a row of their own.
pub fn executor_label(executor: Option<&thads_core::executor::Executor>) -> String {
    match executor {
        Some(e) => format!("{} ({}, {})", e.name, e.code, e.agency),
        None => "Chưa phân công Chấp hành viên".to_owned(),
    }
}

/// The official forms as an Excel workbook, laid out as the workbook
/// layout in use says (`forms/workbook.toml`, or the file named by
/// `THADS_WORKBOOK_LAYOUT`: see [`crate::workbook`]). Each sheet: the
/// reporting agency, the title, the period, numbered columns under their
/// Vietnamese names, a row per agency (or executor, or kind of collection)
/// and a total row. Cells hold numbers: counts and đồng (whole numbers,
/// exact in a spreadsheet's doubles below 2^53, about 9 million billion
/// đồng), and rates with two decimals.
///
/// The report is asked with rows by agency and by category
/// ([`ReportRequest`](crate::ReportRequest)'s `by_agency` and
/// `by_category`) to fill every sheet; a sheet whose rows the report was
/// not asked for is left out.
pub fn xlsx(report: &PeriodReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    xlsx_with(report, Annexes::default())
}

/// The fields of Form 6 (results of exemption and reduction): the name a
/// layout gives it, its heading in CSV, and the field of
/// [`Form6Row`](crate::exemption::Form6Row) it reads.
type Form6Field = FormField<crate::exemption::Form6Row>;

/// A field of a form whose columns are its fields (6 and 7): the name a
/// layout gives it, its heading, and how a row reads it.
pub type FormField<R> = (&'static str, &'static str, fn(&R) -> i64);
const FORM6_FIELDS: [Form6Field; 7] = [
    (
        "proposed_cases",
        "Số việc đề nghị xét miễn, giảm",
        |r| r.proposed_cases as i64,
    ),
    (
        "proposed_money",
        "Số tiền đề nghị (đồng)",
        |r| r.proposed_money,
    ),
    ("exempted_cases", "Số việc được miễn", |r| {
        r.exempted_cases as i64
    }),
    (
        "exempted_money",
        "Số tiền được miễn (đồng)",
        |r| r.exempted_money,
    ),
    ("reduced_cases", "Số việc được giảm", |r| {
        r.reduced_cases as i64
    }),
    (
        "reduced_money",
        "Số tiền được giảm (đồng)",
        |r| r.reduced_money,
    ),
    (
        "pending_cases",
        "Số việc chưa có quyết định",
        |r| r.pending_cases as i64,
    ),
];

/// Form 6 as JSON: the period, the scope, a row per agency, the total.
pub fn form6_json(form: &crate::exemption::Form6) -> String {
    serde_json::to_string(form).expect("Form 6 always serializes")
}

/// Form 6 as CSV: a heading row, a row per agency, the total.
pub fn form6_csv(form: &crate::exemption::Form6) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut heading = vec!["Mã đơn vị", "Đơn vị"];
    heading.extend(FORM6_FIELDS.iter().map(|(_, h, _)| *h));
    out.write_record(&heading).expect("in memory");
    for row in form.rows.iter().chain([&form.total]) {
        let mut record = vec![row.agency.clone().unwrap_or_default(), row.name.clone()];
        record.extend(FORM6_FIELDS.iter().map(|(_, _, f)| f(row).to_string()));
        out.write_record(&record).expect("in memory");
    }
    String::from_utf8(out.into_inner().expect("in memory")).expect("UTF-8")
}

/// Form 7 as JSON: the period, the scope, a row per agency, the total.
pub fn form7_json(form: &crate::coercions::Form7) -> String {
    serde_json::to_string(form).expect("Form 7 always serializes")
}

/// Form 7 as CSV: a heading row, a row per agency, the total.
pub fn form7_csv(form: &crate::coercions::Form7) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut heading = vec!["Mã đơn vị", "Đơn vị"];
    heading.extend(crate::coercions::FORM7_FIELDS.iter().map(|(_, h, _)| *h));
    out.write_record(&heading).expect("in memory");
    for row in form.rows.iter().chain([&form.total]) {
        let mut record = vec![row.agency.clone().unwrap_or_default(), row.name.clone()];
        record.extend(
            crate::coercions::FORM7_FIELDS
                .iter()
                .map(|(_, _, f)| f(row).to_string()),
        );
        out.write_record(&record).expect("in memory");
    }
    String::from_utf8(out.into_inner().expect("in memory")).expect("UTF-8")
}

/// The forms a report's workbook adds when they were computed for the
/// same period and scope: Form 6 (exemption and reduction) and Form 7
/// (security measures and coercion).
#[derive(Debug, Clone, Copy, Default)]
pub struct Annexes<'a> {
    /// Form 6.
    pub form6: Option<&'a crate::exemption::Form6>,
    /// Form 7.
    pub form7: Option<&'a crate::coercions::Form7>,
}

/// The report's workbook (see [`xlsx`]), with the annexes given, in the
/// layout in use.
pub fn xlsx_with(
    report: &PeriodReport,
    annexes: Annexes<'_>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    xlsx_in(crate::workbook::layout(), report, annexes)
}

/// One row of a sheet: its label, and the value of each column (`None`:
/// an empty cell, as a rate without cases is).
struct SheetRow {
    label: String,
    cells: Vec<Option<f64>>,
    total: bool,
}

/// The rows of a sheet of the layout, if the report holds them.
fn sheet_rows(
    sheet: &thads_core::layout::Sheet,
    report: &PeriodReport,
    annexes: Annexes<'_>,
) -> Option<Vec<SheetRow>> {
    use thads_core::layout::{Rows, Tallied, Value};
    let of_report = |label: String, r: &Report, total: bool| {
        let tally = match sheet.tallied {
            Some(Tallied::Money) => &r.money,
            _ => &r.cases,
        };
        let cells = sheet
            .columns
            .iter()
            .map(|column| match column.value {
                Value::Line(line) => Some(tally.line(line) as f64),
                Value::Rate => tally.rate().map(|r| f64::from(r.0) / 100.0),
                Value::Field(_) => None,
            })
            .collect();
        SheetRow {
            label,
            cells,
            total,
        }
    };
    let total = |r: &Report| of_report("Tổng cộng".to_owned(), r, true);
    let state_budget = || {
        report
            .by_category
            .iter()
            .find(|(c, _)| *c == thads_core::Category::StateBudget)
            .map(|(_, r)| &r.total)
    };
    Some(match sheet.rows {
        Rows::Agencies => {
            let report = match sheet.category {
                None => report,
                Some(category) => &report.by_category.iter().find(|(c, _)| *c == category)?.1,
            };
            report
                .rows
                .iter()
                .map(|(a, r)| of_report(a.name.clone(), r, false))
                .chain([total(&report.total)])
                .collect()
        }
        Rows::Executors if report.executors.is_empty() => return None,
        Rows::Executors => report
            .executors
            .iter()
            .map(|(e, r)| of_report(executor_label(e.as_ref()), r, false))
            .chain([total(&report.total)])
            .collect(),
        Rows::BudgetItems if report.form3.is_empty() => return None,
        Rows::BudgetItems => report
            .form3
            .iter()
            .map(|(part, r)| of_report(Lang::Vi.say(&part.name()), r, false))
            .chain(state_budget().map(total))
            .collect(),
        Rows::Exemptions => {
            let form = annexes.form6?;
            field_rows(sheet, &form.rows, &form.total, |r| &r.name, &FORM6_FIELDS)
        }
        Rows::Coercions => {
            let form = annexes.form7?;
            let fields = &crate::coercions::FORM7_FIELDS;
            field_rows(sheet, &form.rows, &form.total, |r| &r.name, fields)
        }
    })
}

/// The rows of a form whose columns are its fields (6 and 7): a row per
/// agency, then the total, each column read by its field.
fn field_rows<R>(
    sheet: &thads_core::layout::Sheet,
    rows: &[R],
    total: &R,
    name: impl Fn(&R) -> &String,
    fields: &[FormField<R>],
) -> Vec<SheetRow> {
    use thads_core::layout::Value;
    let rows = rows.iter().map(|r| (r, false));
    rows.chain([(total, true)])
        .map(|(r, total)| SheetRow {
            label: if total {
                "Tổng cộng".to_owned()
            } else {
                name(r).clone()
            },
            cells: sheet
                .columns
                .iter()
                .map(|column| {
                    let Value::Field(field) = column.value else {
                        return None;
                    };
                    let (.., read) = fields.iter().find(|(f, ..)| *f == field)?;
                    Some(read(r) as f64)
                })
                .collect(),
            total,
        })
        .collect()
}

/// The report's workbook in a given layout: a sheet for each of the
/// layout's whose rows the report holds.
pub fn xlsx_in(
    layout: &thads_core::layout::Layout,
    report: &PeriodReport,
    annexes: Annexes<'_>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};
    use thads_core::layout::{Rows, Value};

    let mut workbook = Workbook::new();
    let title = Style::new().set_bold().set_align(FormatAlign::Center);
    let plain = Style::new().set_align(FormatAlign::Center);
    let heading = Style::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let name = Style::new().set_border(FormatBorder::Thin);
    let whole = Style::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let rate = Style::new()
        .set_num_format("0.00")
        .set_border(FormatBorder::Thin);
    let bold = |s: &Style| s.clone().set_bold();

    let scope = report
        .scope
        .as_ref()
        .map_or_else(|| Lang::Vi.t("scope-national"), |a| a.name.clone())
        .to_uppercase();
    for layout in &layout.sheets {
        let Some(rows) = sheet_rows(layout, report, annexes) else {
            continue;
        };
        let (from, to) = match (layout.rows, annexes) {
            (
                Rows::Exemptions,
                Annexes {
                    form6: Some(form), ..
                },
            ) => (form.from, form.to),
            (
                Rows::Coercions,
                Annexes {
                    form7: Some(form), ..
                },
            ) => (form.from, form.to),
            _ => (report.request.from, report.request.to),
        };
        let mut period = format!("Từ ngày {} đến ngày {}", vi_date(from), vi_date(to));
        let category = layout.category.or(report.request.category);
        if let Some(c) = category.filter(|_| layout.rows.fields().is_none()) {
            period.push_str(&format!(" — {}", Lang::Vi.say(&c.official())));
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(&layout.name)?;
        let last = layout.columns.len() as u16;
        sheet.merge_range(0, 0, 0, last, &scope, &title)?;
        sheet.merge_range(1, 0, 1, last, &layout.title, &title)?;
        sheet.merge_range(2, 0, 2, last, &period, &plain)?;
        sheet.write_with_format(4, 0, &layout.row_heading, &heading)?;
        sheet.write_with_format(5, 0, "", &heading)?;
        for (i, column) in layout.columns.iter().enumerate() {
            let col = i as u16 + 1;
            let text = match (&column.heading, column.value) {
                (Some(text), _) => text.clone(),
                (None, Value::Line(line)) => Lang::Vi.say(&line.into()),
                (None, _) => Lang::Vi.t("line-rate"),
            };
            sheet.write_with_format(4, col, text, &heading)?;
            sheet.write_with_format(5, col, format!("({})", column.number(i)), &heading)?;
            sheet.set_column_width(col, layout.width)?;
        }
        sheet.set_row_height(4, 60)?;
        sheet.set_column_width(0, layout.first_width)?;
        for (i, row) in rows.into_iter().enumerate() {
            let at = 6 + i as u32;
            let pick = |s: &Style| if row.total { bold(s) } else { s.clone() };
            sheet.write_with_format(at, 0, &row.label, &pick(&name))?;
            for (j, (column, cell)) in layout.columns.iter().zip(row.cells).enumerate() {
                let col = j as u16 + 1;
                let style = pick(if column.value == Value::Rate {
                    &rate
                } else {
                    &whole
                });
                match cell {
                    Some(value) => sheet.write_number_with_format(at, col, value, &style)?,
                    None => sheet.write_with_format(at, col, "", &style)?,
                };
            }
        }
        sheet.set_freeze_panes(6, 1)?;
    }
    workbook.save_to_buffer()
}

/// The names of Form 6's fields that a layout's columns may name, as
/// [`thads_core::layout::EXEMPTION_FIELDS`] checks them.
pub fn form6_fields() -> impl Iterator<Item = &'static str> {
    FORM6_FIELDS.iter().map(|(f, ..)| *f)
}

/// The same for Form 7 ([`thads_core::layout::COERCION_FIELDS`]).
pub fn form7_fields() -> impl Iterator<Item = &'static str> {
    crate::coercions::FORM7_FIELDS.iter().map(|(f, ..)| *f)
}

/// The columns of the public list of debtors without means.
const DEBTOR_COLUMNS: [&str; 7] = [
    "STT",
    "Họ tên người phải thi hành án",
    "Địa chỉ",
    "Bản án, quyết định",
    "Quyết định thi hành án",
    "Nghĩa vụ còn phải thi hành (đồng)",
    "Lý do chưa có điều kiện thi hành",
];

/// The public list of debtors without means as CSV: its columns, one row
/// per debtor, money in plain đồng.
pub fn debtors_csv(list: &crate::debtors::DebtorList) -> String {
    let mut out = CsvOut::new(true);
    out.row(DEBTOR_COLUMNS);
    for (i, d) in list.debtors.iter().enumerate() {
        let row = [
            (i + 1).to_string(),
            d.name.clone(),
            d.address.clone().unwrap_or_default(),
            d.judgment.clone(),
            d.decision.clone(),
            d.owed.get().to_string(),
            d.reason.clone().unwrap_or_default(),
        ];
        out.row(row);
    }
    out.finish_text()
}

/// The public list of debtors without means as an Excel workbook: the
/// agency, the title and the day above the columns; money as numbers.
pub fn debtors_xlsx(
    list: &crate::debtors::DebtorList,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Danh sách")?;
    let title = Style::new().set_bold().set_align(FormatAlign::Center);
    let heading = Style::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = Style::new().set_text_wrap().set_border(FormatBorder::Thin);
    let money = Style::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let last = DEBTOR_COLUMNS.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last, &list.scope.to_uppercase(), &title)?;
    let heading_text = "DANH SÁCH NGƯỜI PHẢI THI HÀNH ÁN CHƯA CÓ ĐIỀU KIỆN THI HÀNH";
    sheet.merge_range(1, 0, 1, last, heading_text, &title)?;
    let day = format!("Tính đến ngày {}", vi_date(list.as_of));
    sheet.merge_range(
        2,
        0,
        2,
        last,
        &day,
        &Style::new().set_align(FormatAlign::Center),
    )?;
    for (col, name) in DEBTOR_COLUMNS.iter().enumerate() {
        sheet.write_with_format(4, col as u16, *name, &heading)?;
    }
    for (col, width) in [6, 28, 36, 20, 20, 20, 36].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, d) in list.debtors.iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        sheet.write_with_format(row, 1, &d.name, &cell)?;
        sheet.write_with_format(row, 2, d.address.as_deref().unwrap_or(""), &cell)?;
        sheet.write_with_format(row, 3, &d.judgment, &cell)?;
        sheet.write_with_format(row, 4, &d.decision, &cell)?;
        sheet.write_number_with_format(row, 5, d.owed.get() as f64, &money)?;
        sheet.write_with_format(row, 6, d.reason.as_deref().unwrap_or(""), &cell)?;
    }
    workbook.save_to_buffer()
}
