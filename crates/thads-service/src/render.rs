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
        top.insert("closed".into(), closed_json(close));
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

/// The line under a closed report's table: through when, when, by whom.
pub fn closed_line(lang: Lang, close: &thads_core::close::Close) -> String {
    let at = close.at.to_zoned(crate::vietnam());
    lang.say(
        &thads_core::text::Text::new("report-closed-line")
            .with("through", close.to)
            .with("at", at.strftime("%H:%M %d/%m/%Y").to_string())
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
fn vi_date(day: thads_core::Day) -> String {
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

/// The sheet names (at most 31 characters, as Excel allows).
fn sheet_name(category: Option<thads_core::Category>, form: Form) -> String {
    use thads_core::Category;
    let form = match form {
        Form::Cases => "việc",
        Form::Money => "tiền",
    };
    match category {
        None => format!("Biểu {} - Về {form}", if form == "việc" { 1 } else { 2 }),
        Some(Category::StateBudget) => format!("Ngân sách NN - về {form}"),
        Some(Category::CreditInstitution) => format!("Tổ chức tín dụng - về {form}"),
        Some(Category::CorruptionEconomic) => format!("Tham nhũng, kinh tế - về {form}"),
    }
}

/// The official forms as an Excel workbook: for the report, then for each
/// category, one sheet per form, laid out as the statistical forms are
/// (reporting agency, title, period, numbered columns under their
/// Vietnamese names, a row per agency and a total row). Cells hold numbers:
/// counts and đồng (whole numbers, exact in a spreadsheet's doubles below
/// 2^53, about 9 million billion đồng), and rates with two decimals.
///
/// The report is asked with rows by agency and by category
/// ([`ReportRequest`](crate::ReportRequest)'s `by_agency` and
/// `by_category`) to fill every sheet.
pub fn xlsx(report: &PeriodReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    xlsx_with(report, None)
}

/// The columns of Form 6 (results of exemption and reduction): a heading
/// and the field of [`Form6Row`](crate::exemption::Form6Row) each reads.
type Form6Column = (&'static str, fn(&crate::exemption::Form6Row) -> i64);
const FORM6_COLUMNS: [Form6Column; 7] = [
    ("Số việc đề nghị xét miễn, giảm", |r| {
        r.proposed_cases as i64
    }),
    ("Số tiền đề nghị (đồng)", |r| r.proposed_money),
    ("Số việc được miễn", |r| r.exempted_cases as i64),
    ("Số tiền được miễn (đồng)", |r| {
        r.exempted_money
    }),
    ("Số việc được giảm", |r| r.reduced_cases as i64),
    ("Số tiền được giảm (đồng)", |r| r.reduced_money),
    ("Số việc chưa có quyết định", |r| {
        r.pending_cases as i64
    }),
];

/// Form 6 as JSON: the period, the scope, a row per agency, the total.
pub fn form6_json(form: &crate::exemption::Form6) -> String {
    serde_json::to_string(form).expect("Form 6 always serializes")
}

/// Form 6 as CSV: a heading row, a row per agency, the total.
pub fn form6_csv(form: &crate::exemption::Form6) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut heading = vec!["Mã đơn vị", "Đơn vị"];
    heading.extend(FORM6_COLUMNS.iter().map(|(h, _)| *h));
    out.write_record(&heading).expect("in memory");
    for row in form.rows.iter().chain([&form.total]) {
        let mut record = vec![row.agency.clone().unwrap_or_default(), row.name.clone()];
        record.extend(FORM6_COLUMNS.iter().map(|(_, f)| f(row).to_string()));
        out.write_record(&record).expect("in memory");
    }
    String::from_utf8(out.into_inner().expect("in memory")).expect("UTF-8")
}

/// The report's workbook (see [`xlsx`]), with Form 6 as its last sheet if
/// given (the same period and scope).
pub fn xlsx_with(
    report: &PeriodReport,
    form6: Option<&crate::exemption::Form6>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};

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
    // One sheet of a form: its title, the period, numbered columns under
    // their Vietnamese names, a row per agency (or executor) and a total.
    let write_form = |workbook: &mut Workbook,
                      name_of_sheet: String,
                      unit: String,
                      period: &str,
                      first: &str,
                      form: Form,
                      rows: Vec<(String, &Report, bool)>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name_of_sheet)?;
        let lines = form.lines();
        let last = lines.len() as u16 + 1;
        sheet.merge_range(0, 0, 0, last, &scope, &title)?;
        sheet.merge_range(1, 0, 1, last, &unit, &title)?;
        sheet.merge_range(2, 0, 2, last, period, &plain)?;
        sheet.write_with_format(4, 0, first, &heading)?;
        sheet.write_with_format(5, 0, "", &heading)?;
        for (i, line) in lines.iter().enumerate() {
            let col = i as u16 + 1;
            sheet.write_with_format(4, col, Lang::Vi.say(&(*line).into()), &heading)?;
            sheet.write_with_format(5, col, format!("({})", line.number()), &heading)?;
        }
        sheet.write_with_format(4, last, Lang::Vi.t("line-rate"), &heading)?;
        sheet.write_with_format(5, last, "(15)", &heading)?;
        sheet.set_row_height(4, 60)?;
        sheet.set_column_width(0, 42)?;
        for col in 1..=last {
            sheet.set_column_width(col, if form == Form::Money { 19 } else { 11 })?;
        }
        for (i, (label, r, total)) in rows.into_iter().enumerate() {
            let row = 6 + i as u32;
            let tally = form.tally(r);
            let pick = |s: &Style| if total { bold(s) } else { s.clone() };
            sheet.write_with_format(row, 0, label, &pick(&name))?;
            for (j, line) in lines.iter().enumerate() {
                let value = tally.line(*line) as f64;
                sheet.write_number_with_format(row, j as u16 + 1, value, &pick(&whole))?;
            }
            match tally.rate() {
                Some(r) => {
                    let value = f64::from(r.0) / 100.0;
                    sheet.write_number_with_format(row, last, value, &pick(&rate))?
                }
                None => sheet.write_with_format(row, last, "", &pick(&rate))?,
            };
        }
        sheet.set_freeze_panes(6, 1)?;
        Ok(())
    };
    let unit = |form: Form| match form {
        Form::Cases => "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC",
        Form::Money => "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN (đồng)",
    };
    let period_of = |report: &PeriodReport, category: Option<thads_core::Category>| {
        let mut period = format!(
            "Từ ngày {} đến ngày {}",
            vi_date(report.request.from),
            vi_date(report.request.to)
        );
        if let Some(c) = category.or(report.request.category) {
            period.push_str(&format!(" — {}", Lang::Vi.say(&c.official())));
        }
        period
    };
    let sheets = std::iter::once((None, report))
        .chain(report.by_category.iter().map(|(c, r)| (Some(*c), r)));
    for (category, report) in sheets {
        for form in [Form::Cases, Form::Money] {
            let rows = report
                .rows
                .iter()
                .map(|(a, r)| (a.name.clone(), r, false))
                .chain([("Tổng cộng".to_owned(), &report.total, true)])
                .collect();
            let period = period_of(report, category);
            let sheet = sheet_name(category, form);
            write_form(
                &mut workbook,
                sheet,
                unit(form).to_owned(),
                &period,
                "Đơn vị",
                form,
                rows,
            )?;
        }
    }
    // Form 3: the state-budget cases by kind of collection, in money.
    if !report.form3.is_empty() {
        let rows = report
            .form3
            .iter()
            .map(|(part, r)| (Lang::Vi.say(&part.name()), r, false))
            .chain(
                report
                    .by_category
                    .iter()
                    .filter(|(c, _)| *c == thads_core::Category::StateBudget)
                    .map(|(_, r)| ("Tổng cộng".to_owned(), &r.total, true)),
            )
            .collect();
        let title = "KẾT QUẢ THI HÀNH ÁN CÁC KHOẢN THU CHO NGÂN SÁCH NHÀ NƯỚC (đồng)";
        let period = period_of(report, None);
        write_form(
            &mut workbook,
            "Biểu 3 - Thu ngân sách NN".to_owned(),
            title.to_owned(),
            &period,
            "Khoản thu",
            Form::Money,
            rows,
        )?;
    }
    // Forms 4 and 5: the same lines by executor, each holding the cases
    // assigned to them at the period's end.
    if !report.executors.is_empty() {
        for (number, form) in [(4, Form::Cases), (5, Form::Money)] {
            let rows = report
                .executors
                .iter()
                .map(|(e, r)| (executor_label(e.as_ref()), r, false))
                .chain([("Tổng cộng".to_owned(), &report.total, true)])
                .collect();
            let word = if form == Form::Cases {
                "việc"
            } else {
                "tiền"
            };
            let sheet = format!("Biểu {number} - CHV về {word}");
            let title = format!("{} THEO CHẤP HÀNH VIÊN", unit(form));
            let period = period_of(report, None);
            write_form(
                &mut workbook,
                sheet,
                title,
                &period,
                "Chấp hành viên",
                form,
                rows,
            )?;
        }
    }
    if let Some(form) = form6 {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Biểu 6 - Miễn, giảm")?;
        let last = FORM6_COLUMNS.len() as u16;
        sheet.merge_range(0, 0, 0, last, &scope, &title)?;
        sheet.merge_range(
            1,
            0,
            1,
            last,
            "KẾT QUẢ MIỄN, GIẢM NGHĨA VỤ THI HÀNH ÁN ĐỐI VỚI KHOẢN THU, NỘP NGÂN SÁCH NHÀ NƯỚC",
            &title,
        )?;
        let period = format!(
            "Từ ngày {} đến ngày {}",
            vi_date(form.from),
            vi_date(form.to)
        );
        sheet.merge_range(2, 0, 2, last, &period, &plain)?;
        sheet.write_with_format(4, 0, "Đơn vị", &heading)?;
        sheet.write_with_format(5, 0, "", &heading)?;
        for (i, (label, _)) in FORM6_COLUMNS.iter().enumerate() {
            let col = i as u16 + 1;
            sheet.write_with_format(4, col, *label, &heading)?;
            sheet.write_with_format(5, col, format!("({})", i + 1), &heading)?;
            sheet.set_column_width(col, 17)?;
        }
        sheet.set_row_height(4, 60)?;
        sheet.set_column_width(0, 42)?;
        let rows = form
            .rows
            .iter()
            .map(|r| (r, false))
            .chain([(&form.total, true)]);
        for (i, (r, total)) in rows.enumerate() {
            let row = 6 + i as u32;
            let pick = |s: &Style| if total { bold(s) } else { s.clone() };
            let label = if total {
                "Tổng cộng"
            } else {
                r.name.as_str()
            };
            sheet.write_with_format(row, 0, label, &pick(&name))?;
            for (j, (_, field)) in FORM6_COLUMNS.iter().enumerate() {
                sheet.write_number_with_format(
                    row,
                    j as u16 + 1,
                    field(r) as f64,
                    &pick(&whole),
                )?;
            }
        }
        sheet.set_freeze_panes(6, 1)?;
    }
    workbook.save_to_buffer()
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
