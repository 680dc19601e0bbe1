//! Spreadsheets as tables of cells: reading `.xlsx` (calamine) and `.csv`
//! (csv, in UTF-8 or Windows-1258) into [`Table`]s, reading a cell as text,
//! a day or an amount the way Vietnamese clerks write them, and writing a
//! [`RegisterBook`] back as either.

use thads_core::search::fold;
use thads_core::{Day, Vnd};
use unicode_normalization::UnicodeNormalization;

use super::{
    AGENCY_COLUMNS, AGENCY_SHEET, Column, GUIDE_SHEET, Problem, REGISTER_SHEET, RegisterBook,
    Unreadable, problem,
};

/// One cell, as read or to be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A number (a spreadsheet's; CSV has only text).
    Number(f64),
    /// A cell formatted as a date.
    Day(Day),
    /// An amount of money (written only).
    Money(Vnd),
    /// A spreadsheet error (`#N/A`…) or a date outside the calendar.
    Error(String),
}

impl Cell {
    /// The cell as text, as a heading is read.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Error(text) => text.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            Cell::Day(day) => day.to_string(),
            Cell::Money(m) => m.get().to_string(),
        }
    }
}

/// Cells merged across rows or columns: their first row and last row
/// (numbered from 1) and their first column (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The first row, from 1.
    pub first_row: usize,
    /// The last row, from 1.
    pub last_row: usize,
    /// The first column, from 0.
    pub column: usize,
}

/// A sheet: its rows, each with its number (from 1), and its merged cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet's name (the file's, for a CSV).
    pub name: String,
    /// The rows from the first that is not empty, each with its number.
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Merged cells.
    pub merged: Vec<Merged>,
}

/// A cell as text: trimmed, `None` if empty. A number is written without
/// a fraction when it has none (a decision number typed as a number).
pub fn text(cell: &Cell) -> Result<Option<String>, Problem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) => Ok(Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_owned)),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Ok(Some(format!("{n:.0}"))),
        Cell::Number(n) => Ok(Some(n.to_string())),
        Cell::Day(day) => Ok(Some(day.dd_mm_yyyy())),
        Cell::Money(m) => Ok(Some(m.get().to_string())),
        Cell::Error(e) => Err(problem(
            format!("the cell holds the error {e}"),
            format!("ô có lỗi {e}"),
        )),
    }
}

/// An identity number (CCCD) or tax code: text, because a number loses its
/// leading zero.
pub fn identity(cell: &Cell) -> Result<Option<String>, Problem> {
    match cell {
        Cell::Number(n) => Err(problem(
            format!(
                "{n:.0} is typed as a number, which drops a leading 0: format the cell as text and type the number again"
            ),
            format!(
                "{n:.0} được nhập dạng số nên mất số 0 ở đầu: định dạng ô là văn bản (Text) rồi nhập lại"
            ),
        )),
        _ => text(cell),
    }
}

/// A day: a cell formatted as a date, or text `dd/mm/yyyy` (also with `-`
/// or `.`, and one-digit days and months) or `yyyy-mm-dd`.
pub fn day(cell: &Cell) -> Result<Option<Day>, Problem> {
    let text = match cell {
        Cell::Day(day) => return Ok(Some(*day)),
        Cell::Number(n) => {
            return Err(problem(
                format!(
                    "{n} is a number, not a date: write the date as dd/mm/yyyy or format the cell as a date"
                ),
                format!(
                    "{n} là số, không phải ngày: ghi ngày dạng dd/mm/yyyy hoặc định dạng ô là ngày"
                ),
            ));
        }
        _ => match self::text(cell)? {
            Some(text) => text,
            None => return Ok(None),
        },
    };
    let bad = || {
        problem(
            format!("“{text}” is not a date: write it as dd/mm/yyyy (for example 15/01/2025)"),
            format!("“{text}” không phải là ngày: ghi dạng dd/mm/yyyy (ví dụ 15/01/2025)"),
        )
    };
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [a, b, c] = parts[..] else {
        return Err(bad());
    };
    let number = |s: &str, max_digits: usize| {
        (!s.is_empty() && s.len() <= max_digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let ymd = if a.len() == 4 {
        (number(a, 4), number(b, 2), number(c, 2))
    } else {
        (
            number(c, 4).filter(|_| c.len() == 4),
            number(b, 2),
            number(a, 2),
        )
    };
    match ymd {
        (Some(y), Some(m), Some(d)) => {
            Day::from_ymd(y, m as i8, d as i8).map(Some).ok_or_else(|| {
                problem(
                    format!("“{text}” is not a date of the calendar"),
                    format!("“{text}” không phải là ngày có thật"),
                )
            })
        }
        _ => Err(bad()),
    }
}

/// An amount in whole đồng: a number, or text as clerks type it —
/// `150000000`, `150.000.000` (the dot groups thousands), `150 000 000`,
/// with or without `đ`, `đồng` or `VND`; a decimal comma only with zeros
/// after it.
pub fn money(cell: &Cell) -> Result<Option<Vnd>, Problem> {
    let whole = |n: f64| {
        (n.fract() == 0.0 && (0.0..9.0e15).contains(&n))
            .then_some(Vnd(n as i64))
            .ok_or_else(|| {
                problem(
                    format!("{n} is not a whole number of đồng (0 or more)"),
                    format!("{n} không phải số đồng nguyên (từ 0 trở lên)"),
                )
            })
    };
    let text = match cell {
        Cell::Number(n) => return whole(*n).map(Some),
        Cell::Money(m) => return Ok(Some(*m)),
        Cell::Day(_) => {
            return Err(problem(
                "a date, not an amount of money",
                "ô là ngày, không phải số tiền",
            ));
        }
        _ => match self::text(cell)? {
            Some(text) => text,
            None => return Ok(None),
        },
    };
    let bad = || {
        problem(
            format!(
                "“{text}” is not an amount in đồng: write 150000000 or 150.000.000 (the dot groups thousands)"
            ),
            format!(
                "“{text}” không phải số tiền: ghi 150000000 hoặc 150.000.000 (dấu chấm phân cách hàng nghìn)"
            ),
        )
    };
    let folded = fold(&text);
    let number = ["dong", "vnd", "d"]
        .iter()
        .find_map(|unit| folded.strip_suffix(unit))
        .unwrap_or(&folded)
        .trim();
    let (whole_part, fraction) = number.split_once(',').unwrap_or((number, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return Err(problem(
            format!("“{text}” is not a whole number of đồng"),
            format!("“{text}” không phải số đồng nguyên"),
        ));
    }
    let groups: Vec<&str> = whole_part.split(['.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() > 1;
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        !g.is_empty()
            && g.bytes().all(|b| b.is_ascii_digit())
            && (!grouped || (if i == 0 { g.len() <= 3 } else { g.len() == 3 }))
    });
    if !well_grouped || groups.concat().len() > 15 {
        return Err(bad());
    }
    groups
        .concat()
        .parse::<i64>()
        .map(|n| Some(Vnd(n)))
        .map_err(|_| bad())
}

/// Reads a CSV register: UTF-8 (with or without a byte-order mark) or,
/// failing that, Windows-1258, the Vietnamese code page of older Excel;
/// separated by commas or, as Excel writes them where the comma is the
/// decimal mark, semicolons.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, Unreadable> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text.trim_start_matches('\u{feff}')),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            // Windows-1258 writes tone marks as combining characters.
            std::borrow::Cow::Owned(text.nfc().collect::<String>())
        }
    };
    // Excel ends lines with CR LF, which the CSV reader's line count
    // (the rows' numbers below) does not count as one line each.
    let text = text.replace("\r\n", "\n");
    // The separator is the one the heading row uses most.
    let code = fold(Column::Code.heading());
    let headings = text
        .lines()
        .take(20)
        .find(|line| fold(line).contains(&code))
        .or_else(|| text.lines().find(|line| !line.trim().is_empty()))
        .unwrap_or("");
    let delimiter = if headings.matches(';').count() > headings.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Table {
        name: name.to_owned(),
        ..Table::default()
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            Unreadable(problem(
                format!("the file cannot be read as CSV: {e}"),
                format!("không đọc được tệp CSV: {e}"),
            ))
        })?;
        // The line the row starts on is its row in a spreadsheet (blank
        // lines are rows too), unless a cell above spans lines.
        let row = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<Cell> = record
            .iter()
            .map(|field| match field.trim() {
                "" => Cell::Empty,
                _ => Cell::Text(field.to_owned()),
            })
            .collect();
        if table.rows.is_empty() && cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        table.rows.push((row, cells));
    }
    Ok(table)
}

/// Reads an `.xlsx` register: its “Sổ thụ lý” sheet (or, without one, its
/// first sheet) and its “Đơn vị” sheet if it has one.
pub fn read_xlsx(bytes: &[u8]) -> Result<(Table, Option<Table>), Unreadable> {
    use calamine::{Reader, Xlsx};

    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| {
            Unreadable(problem(
                format!("this is not an Excel workbook (.xlsx) that can be read: {e}"),
                format!("tệp không phải sổ Excel (.xlsx) đọc được: {e}"),
            ))
        })?;
    let names = workbook.sheet_names();
    let register = names
        .iter()
        .find(|n| fold(n) == fold(REGISTER_SHEET))
        .or(names.first())
        .cloned()
        .ok_or_else(|| {
            Unreadable(problem(
                "the workbook has no sheet",
                "sổ Excel không có trang tính nào",
            ))
        })?;
    let agencies = names
        .iter()
        .find(|n| fold(n) == fold(AGENCY_SHEET))
        .cloned();
    let mut sheet = |name: String| -> Result<Table, Unreadable> {
        let unreadable = |e: calamine::XlsxError| {
            Unreadable(problem(
                format!("sheet “{name}”: {e}"),
                format!("trang tính “{name}”: {e}"),
            ))
        };
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(unreadable)?;
        let mut table = Table {
            name: name.clone(),
            ..Table::default()
        };
        if let Some((first_row, first_column)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                // Columns left of the range are empty; keep positions absolute.
                let mut cells = vec![Cell::Empty; first_column as usize];
                cells.extend(row.iter().map(xlsx_cell));
                table.rows.push((first_row as usize + i + 1, cells));
            }
        }
        table.merged = merged
            .iter()
            .map(|m| Merged {
                first_row: m.start.0 as usize + 1,
                last_row: m.end.0 as usize + 1,
                column: m.start.1 as usize,
            })
            .collect();
        Ok(table)
    };
    let register = sheet(register)?;
    let agencies = agencies.map(&mut sheet).transpose()?;
    Ok((register, agencies))
}

fn xlsx_cell(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(date) => excel_day(date.as_f64())
            .map(Cell::Day)
            .unwrap_or_else(|| Cell::Error(format!("date serial {}", date.as_f64()))),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The day of an Excel date serial (days since 30/12/1899, for every date
/// after February 1900; the time of day is dropped).
fn excel_day(serial: f64) -> Option<Day> {
    (61.0..2_958_466.0)
        .contains(&serial)
        .then(|| Day::from_ymd(1899, 12, 30).map(|epoch| epoch.plus_days(serial.floor() as i32)))
        .flatten()
}

/// The register as CSV, UTF-8 with a byte-order mark (without it, Excel
/// reads Vietnamese as mojibake): the headings, then one row per case; days
/// written dd/mm/yyyy and money in whole đồng without separators.
pub fn write_csv(book: &RegisterBook) -> Vec<u8> {
    let mut out = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let headings = Column::ALL.map(Column::heading);
    out.write_record(headings).expect("writing to memory");
    for row in &book.rows {
        let cells = row.cells().into_iter().map(|cell| match cell {
            Cell::Day(day) => day.dd_mm_yyyy(),
            cell => cell.as_text(),
        });
        out.write_record(cells).expect("writing to memory");
    }
    out.into_inner().expect("writing to memory")
}

/// The register as an Excel workbook: the “Sổ thụ lý” sheet (headings,
/// then a row per case; days as dates, money as numbers), the “Đơn vị”
/// sheet with the agencies, and the guide to the columns.
pub fn write_xlsx(book: &RegisterBook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    let mut workbook = Workbook::new();
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let money = Format::new().set_num_format("#,##0");
    let text = Format::new().set_num_format("@");

    // Row by row to a temporary file: a province's register is hundreds of
    // thousands of rows.
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(REGISTER_SHEET)?;
    for (c, column) in Column::ALL.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, column.heading(), &heading)?;
        sheet.set_column_width(c, 18)?;
        // Typed cells keep what clerks type later: codes stay text.
        let format = match column {
            Column::AcceptedOn
            | Column::CollectedOn
            | Column::ReducedOn
            | Column::UnableSince
            | Column::StatusOn => &date,
            Column::Amount | Column::Collected | Column::Reduced => &money,
            _ => &text,
        };
        sheet.set_column_format(c, format)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    for (r, row) in book.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.cells().into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Day(day) => {
                    let at = ExcelDateTime::from_ymd(
                        day.year() as u16,
                        day.month() as u8,
                        day.day() as u8,
                    )?;
                    sheet.write_datetime_with_format(r, c, &at, &date)?;
                }
                Cell::Money(m) => {
                    // Whole đồng are exact in a double up to 9×10^15.
                    sheet.write_number_with_format(r, c, m.get() as f64, &money)?;
                }
                cell => {
                    sheet.write_string_with_format(r, c, cell.as_text(), &text)?;
                }
            }
        }
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(AGENCY_SHEET)?;
    for (c, name) in AGENCY_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &heading)?;
        sheet.set_column_width(c as u16, if c == 1 { 48 } else { 18 })?;
    }
    for (r, agency) in book.agencies.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, agency.code.as_str())?;
        sheet.write_string(r, 1, &agency.name)?;
        if let Some(parent) = &agency.parent {
            sheet.write_string(r, 2, parent.as_str())?;
        }
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(GUIDE_SHEET)?;
    sheet.write_string_with_format(0, 0, "Cột", &heading)?;
    sheet.write_string_with_format(0, 1, "Cách ghi", &heading)?;
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 100)?;
    for (r, column) in Column::ALL.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, column.heading())?;
        sheet.write_string(r as u32 + 1, 1, column.guide())?;
    }
    let notes = [
        "Mỗi dòng là một việc, ghi trạng thái của việc tại ngày lập sổ. Khi nhập, mỗi dòng trở thành các diễn biến tương ứng: thụ lý, thu tiền (gộp vào ngày thu gần nhất), miễn giảm (gộp vào ngày gần nhất), chưa có điều kiện thi hành, hoãn hoặc tạm đình chỉ, kết thúc.",
        "Sổ chỉ được nhập khi không có lỗi nào; mỗi lỗi ghi rõ dòng và cột.",
        "Trang “Đơn vị” khai báo các đơn vị chưa có trong hệ thống (có thể để trống).",
    ];
    let first = Column::ALL.len() as u32 + 2;
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(first + i as u32, 1, *note)?;
    }
    workbook.save_to_buffer()
}
