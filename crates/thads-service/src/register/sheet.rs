//! Spreadsheets as tables of cells: reading `.xlsx` (calamine) and `.csv`
//! (csv, in UTF-8 or Windows-1258) into [`Table`]s, reading a cell as text,
//! a day or an amount the way Vietnamese clerks write them, and writing a
//! [`RegisterBook`] back as either.

use thads_core::search::fold;
use thads_core::text::{Arg, Text};
use thads_core::{Day, Vnd};
use unicode_normalization::UnicodeNormalization;

use crate::csv_cells::{self, CsvOut};

use super::{
    AGENCY_COLUMNS, AGENCY_SHEET, Column, GUIDE_SHEET, Problem, REGISTER_SHEET, RegisterBook,
    Unreadable, problem,
};

/// The most rows a sheet has (Excel's own limit).
pub const MAX_ROWS: u32 = 1_048_576;
/// The most columns a sheet has (Excel's own limit: A to XFD).
pub const MAX_COLUMNS: u32 = 16_384;
/// The most characters a cell holds (Excel's own limit).
pub const MAX_CELL_CHARACTERS: u64 = 32_767;
/// The most memory a register file may take once read: its cells, with a
/// workbook's shared texts or a CSV file's text. A register of about
/// 700,000 rows takes this; a province's is a tenth of it. With it, a
/// server reading the worst file stays under 1 GB.
pub const MAX_MEMORY: u64 = 768 << 20;

/// The memory left for the cells of a file being read.
#[derive(Debug)]
pub struct Budget {
    left: u64,
}

impl Budget {
    /// A budget of `bytes`.
    pub fn new(bytes: u64) -> Budget {
        Budget { left: bytes }
    }

    /// Takes `bytes`, or refuses the file if they are not left.
    pub fn take(&mut self, bytes: u64) -> Result<(), Unreadable> {
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or_else(|| Unreadable(too_big()))?;
        Ok(())
    }

    /// Takes what a cell costs, set in a row that grows from `width` to
    /// `new_width` cells.
    pub fn take_cell(
        &mut self,
        width: usize,
        new_width: usize,
        cell: &Cell,
    ) -> Result<(), Unreadable> {
        let slots = new_width.saturating_sub(width) * std::mem::size_of::<Cell>();
        let text = match cell {
            Cell::Text(text) | Cell::Error(text) => text.len(),
            _ => 0,
        };
        self.take((slots + text) as u64)
    }
}

/// The refusal of a file too big to read.
pub fn too_big() -> Problem {
    problem("register-too-large")
}

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
    /// A formula whose value the file does not hold (a spreadsheet that
    /// wrote it without calculating it).
    Formula,
}

impl Cell {
    /// The cell as text, as a heading is read.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty | Cell::Formula => String::new(),
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
        Cell::Error(e) => Err(problem("register-cell-error").with("e", e.to_string())),
        Cell::Formula => Err(problem("register-cell-formula")),
    }
}

/// An identity number (CCCD) or tax code: text, because a number loses its
/// leading zero.
pub fn identity(cell: &Cell) -> Result<Option<String>, Problem> {
    match cell {
        Cell::Number(n) => Err(problem("register-leading-zero").with("n", format!("{n:.0}"))),
        _ => text(cell),
    }
}

/// A day: a cell formatted as a date, or text `dd/mm/yyyy` (also with `-`
/// or `.`, and one-digit days and months) or `yyyy-mm-dd`.
pub fn day(cell: &Cell) -> Result<Option<Day>, Problem> {
    let text = match cell {
        Cell::Day(day) => return Ok(Some(*day)),
        Cell::Number(n) => {
            return Err(problem("register-number-not-date").with("n", *n));
        }
        _ => match self::text(cell)? {
            Some(text) => text,
            None => return Ok(None),
        },
    };
    let bad = || problem("register-not-a-date").with("text", &text);
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
        (Some(y), Some(m), Some(d)) => Day::from_ymd(y, m as i8, d as i8)
            .map(Some)
            .ok_or_else(|| problem("register-no-such-date").with("text", text)),
        _ => Err(bad()),
    }
}

/// An amount in whole đồng: a number, or text as clerks type it —
/// `150000000`, `150.000.000` (the dot groups thousands), `150 000 000`,
/// with or without `đ`, `đồng` or `VND`; a decimal comma only with zeros
/// after it.
pub fn money(cell: &Cell) -> Result<Option<Vnd>, Problem> {
    let within_ceiling = |n: i128| Vnd::within_ceiling(n).map_err(|e| Problem(Text::from(&e)));
    let whole = |n: f64| {
        if n.fract() != 0.0 || n < 0.0 {
            return Err(problem("register-not-whole-number").with("n", n));
        }
        // Beyond 2^53 a double no longer holds every whole number: such a
        // cell is far above the ceiling anyway.
        within_ceiling(n.min(1e30) as i128)
    };
    let text = match cell {
        Cell::Number(n) => return whole(*n).map(Some),
        Cell::Money(m) => return Ok(Some(*m)),
        Cell::Day(_) => {
            return Err(problem("register-date-not-amount"));
        }
        _ => match self::text(cell)? {
            Some(text) => text,
            None => return Ok(None),
        },
    };
    let bad = || problem("register-not-an-amount").with("text", &text);
    let folded = fold(&text);
    let number = ["dong", "vnd", "d"]
        .iter()
        .find_map(|unit| folded.strip_suffix(unit))
        .unwrap_or(&folded)
        .trim();
    let (whole_part, fraction) = number.split_once(',').unwrap_or((number, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return Err(problem("register-not-whole-dong").with("text", text));
    }
    let groups: Vec<&str> = whole_part.split(['.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() > 1;
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        !g.is_empty()
            && g.bytes().all(|b| b.is_ascii_digit())
            && (!grouped || (if i == 0 { g.len() <= 3 } else { g.len() == 3 }))
    });
    if !well_grouped || groups.concat().len() > 30 {
        return Err(bad());
    }
    within_ceiling(groups.concat().parse().map_err(|_| bad())?).map(Some)
}

/// Reads a CSV register: UTF-8 (with or without a byte-order mark) or,
/// failing that, Windows-1258, the Vietnamese code page of older Excel;
/// separated by commas or, as Excel writes them where the comma is the
/// decimal mark, semicolons.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, Unreadable> {
    // The file, and the copy of it read below, count against the budget.
    let mut budget = Budget::new(MAX_MEMORY);
    budget.take(2 * bytes.len() as u64)?;
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
        let record =
            record.map_err(|e| Unreadable(problem("register-bad-csv").with("e", e.to_string())))?;
        // The line the row starts on is its row in a spreadsheet (blank
        // lines are rows too), unless a cell above spans lines.
        let row = record.position().map_or(0, |p| p.line() as usize);
        if record.len() > MAX_COLUMNS as usize {
            let count = Arg::Count(record.len() as i128);
            return Err(Unreadable(
                problem("register-too-many-cells")
                    .with("row", row)
                    .with("count", count),
            ));
        }
        if let Some(field) = record
            .iter()
            .find(|f| f.chars().count() as u64 > MAX_CELL_CHARACTERS)
        {
            let count = Arg::Count(field.chars().count() as i128);
            return Err(Unreadable(
                problem("register-cell-too-long")
                    .with("row", row)
                    .with("count", count),
            ));
        }
        let cells: Vec<Cell> = record
            .iter()
            .map(|field| match field.trim() {
                "" => Cell::Empty,
                _ => Cell::Text(csv_cells::unquote(field).to_owned()),
            })
            .collect();
        for cell in &cells {
            budget.take_cell(0, 1, cell)?;
        }
        if table.rows.is_empty() && cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        table.rows.push((row, cells));
    }
    Ok(table)
}

/// The register as CSV, UTF-8 with a byte-order mark (without it, Excel
/// reads Vietnamese as mojibake): the headings, then one row per case; days
/// written dd/mm/yyyy and money in whole đồng without separators.
pub fn write_csv(book: &RegisterBook) -> Vec<u8> {
    let mut out = CsvOut::new(true);
    out.row(Column::ALL.map(Column::heading));
    for row in &book.rows {
        out.row(row.cells().into_iter().map(|cell| match cell {
            Cell::Day(day) => day.dd_mm_yyyy(),
            cell => cell.as_text(),
        }));
    }
    out.finish()
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
