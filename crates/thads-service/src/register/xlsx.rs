//! Reading an `.xlsx` register within limits, so that no workbook — however
//! crafted — takes the reader's memory or aborts the process.
//!
//! A workbook is a zip of XML parts, and a few kilobytes of it can declare
//! a cell at `XFD1048576` (a dense table of 17 billion cells), hold a
//! gigabyte of text that compresses to a megabyte, or claim four billion
//! shared texts. So, before calamine parses anything:
//! - every XML part is unpacked once into a scanner that keeps nothing: it
//!   measures the part, the longest cell and shared text, and the shared
//!   texts' declared count, and stops at the first limit passed;
//! - then the sheet is read cell by cell (calamine's cell reader, never its
//!   dense range), each cell within the sheet's real bounds, the cells kept
//!   counted against [`MAX_MEMORY`];
//! - and a fault left in a parser is caught and refused like any damaged
//!   file: it never unwinds into the caller.

use std::io::{Read, Seek, SeekFrom};

use calamine::{DataRef, Reader, Xlsx};
use thads_core::Day;
use thads_core::search::fold;

use super::sheet::{
    Budget, Cell, MAX_CELL_CHARACTERS, MAX_COLUMNS, MAX_MEMORY, MAX_ROWS, Merged, Table,
};
use super::{AGENCY_SHEET, Problem, REGISTER_SHEET, Unreadable, problem};

/// The most bytes a cell's XML may have: [`MAX_CELL_CHARACTERS`] of at most
/// 8 bytes each (a character escaped as `&#x1F600;`).
const MAX_CELL_XML: u64 = MAX_CELL_CHARACTERS * 8;

/// The most bytes the XML parts may have unpacked, together: reading more
/// would take minutes, and no register comes near.
const MAX_XML: u64 = 4 << 30;
/// The most parts a workbook may have (a register has about ten).
const MAX_PARTS: usize = 1_000;
/// The longest XML tag (its name and attributes).
const MAX_TAG: u64 = 64 << 10;

/// Reads an `.xlsx` register: its “Sổ thụ lý” sheet (or, without one, its
/// first sheet) and its “Đơn vị” sheet if it has one.
pub fn read_xlsx(file: impl Read + Seek) -> Result<(Table, Option<Table>), Unreadable> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_within_limits(file)))
        .unwrap_or_else(|_| Err(Unreadable(problem("workbook-damaged"))))
}

fn read_within_limits(mut file: impl Read + Seek) -> Result<(Table, Option<Table>), Unreadable> {
    let shared_texts = inspect(&mut file)?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| not_a_workbook(&e.to_string()))?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(file).map_err(|e: calamine::XlsxError| not_a_workbook(&e.to_string()))?;
    let names = workbook.sheet_names();
    let register = names
        .iter()
        .find(|n| fold(n) == fold(REGISTER_SHEET))
        .or(names.first())
        .cloned()
        .ok_or_else(|| Unreadable(problem("workbook-no-sheet")))?;
    let agencies = names
        .iter()
        .find(|n| fold(n) == fold(AGENCY_SHEET))
        .cloned();
    let mut budget = Budget::new(MAX_MEMORY);
    budget.take(shared_texts)?;
    let register = read_sheet(&mut workbook, register, &mut budget)?;
    let agencies = agencies
        .map(|name| read_sheet(&mut workbook, name, &mut budget))
        .transpose()?;
    Ok((register, agencies))
}

fn read_sheet<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: String,
    budget: &mut Budget,
) -> Result<Table, Unreadable> {
    let unreadable = |e: calamine::XlsxError| {
        Unreadable(
            problem("workbook-sheet")
                .with("name", &name)
                .with("e", e.to_string()),
        )
    };
    let mut rows = std::collections::BTreeMap::<u32, Vec<Cell>>::new();
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(unreadable)?;
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(unreadable)?
    {
        let (row, column) = cell.pos;
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(Unreadable(beyond_the_sheet(&name, row, column)));
        }
        let value = match (cell.value, cell.formula) {
            (DataRef::Empty, Some(_)) => Cell::Formula,
            (DataRef::Empty, None) => continue,
            (value, _) => xlsx_cell(value),
        };
        let cells = rows.entry(row).or_default();
        let width = cells.len().max(column as usize + 1);
        budget.take_cell(cells.len(), width, &value)?;
        cells.resize(width, Cell::Empty);
        cells[column as usize] = value;
    }
    drop(cells);
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .map_err(unreadable)?;
    Ok(Table {
        rows: rows
            .into_iter()
            .map(|(row, cells)| (row as usize + 1, cells))
            .collect(),
        merged: merged
            .iter()
            .map(|m| Merged {
                first_row: m.start.0 as usize + 1,
                last_row: m.end.0 as usize + 1,
                column: m.start.1 as usize,
            })
            .collect(),
        name,
    })
}

fn xlsx_cell(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::SharedString(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_owned()),
        DataRef::Int(n) => Cell::Number(n as f64),
        DataRef::Float(n) => Cell::Number(n),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(date) => excel_day(date.as_f64())
            .map(Cell::Day)
            .unwrap_or_else(|| Cell::Error(format!("date serial {}", date.as_f64()))),
        DataRef::Error(e) => Cell::Error(e.to_string()),
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

fn not_a_workbook(error: &str) -> Unreadable {
    Unreadable(problem("workbook-unreadable").with("error", error))
}

fn beyond_the_sheet(sheet: &str, row: u32, column: u32) -> Problem {
    if row >= MAX_ROWS {
        problem("workbook-row-beyond")
            .with("sheet", sheet)
            .with("row", u64::from(row) + 1)
    } else {
        problem("workbook-column-beyond")
            .with("sheet", sheet)
            .with("column", u64::from(column) + 1)
    }
}

/// Unpacks every XML part of the workbook through an [`XmlScan`], keeping
/// nothing; returns the memory its shared texts will take once read.
fn inspect(file: &mut (impl Read + Seek)) -> Result<u64, Unreadable> {
    let mut zip = zip::ZipArchive::new(file).map_err(|e| not_a_workbook(&e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(Unreadable(
            problem("workbook-too-many-parts").with("parts", zip.len()),
        ));
    }
    let mut unpacked = 0u64;
    let mut shared_texts = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| not_a_workbook(&e.to_string()))?;
        let name = part
            .name()
            .map_err(|e| not_a_workbook(&e.to_string()))?
            .into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut scan = XmlScan::new(MAX_XML - unpacked);
        if let Err(e) = std::io::copy(&mut part, &mut scan) {
            return Err(Unreadable(match scan.exceeded.take() {
                Some(limit) => limit.problem(),
                None => not_a_workbook(&format!("{name}: {e}")).0,
            }));
        }
        unpacked += scan.offset;
        if name.to_lowercase().ends_with("sharedstrings.xml") {
            if let Some(declared) = scan.declared_texts.filter(|n| *n > scan.texts) {
                let held = scan.texts;
                return Err(Unreadable(
                    problem("workbook-shared-texts")
                        .with("declared", declared)
                        .with("held", held),
                ));
            }
            // Each text is a string of at most its XML's length, plus its
            // own bookkeeping.
            shared_texts += scan.offset + scan.texts * 32;
        }
    }
    Ok(shared_texts)
}

/// A limit an XML part passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exceeded {
    /// The parts together unpack to more than [`MAX_XML`].
    Unpacked,
    /// A cell or a shared text is longer than [`MAX_CELL_XML`].
    Cell,
    /// A tag is longer than [`MAX_TAG`].
    Tag,
}

impl Exceeded {
    fn problem(self) -> Problem {
        match self {
            Exceeded::Unpacked => problem("workbook-unpacks-too-large"),
            Exceeded::Cell => problem("workbook-cell-too-long"),
            Exceeded::Tag => problem("workbook-tag-too-long"),
        }
    }
}

/// Where the scan is in the XML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tags.
    Text,
    /// Inside `<…>`.
    Tag,
    /// Inside a quoted attribute value, with its quote.
    Quoted(u8),
    /// Inside `<!-- … -->`, with how much of `-->` was just seen.
    Comment(usize),
    /// Inside `<![CDATA[ … ]]>`, with how much of `]]>` was just seen.
    CData(usize),
}

/// A sink for an XML part's bytes that keeps none of them: it measures the
/// part, its longest cell (`<c>…</c>`) or shared text (`<si>…</si>`), and
/// counts the shared texts and reads their declared count, failing as soon
/// as a limit is passed.
struct XmlScan {
    state: State,
    /// Bytes seen so far.
    offset: u64,
    /// The most bytes this part may have.
    limit: u64,
    /// The start of the tag being read, its first bytes and its last (a
    /// `/` ends an element that closes itself).
    tag_start: u64,
    tag: Vec<u8>,
    last_tag_byte: u8,
    /// Where the open cell or shared text began.
    element_start: Option<u64>,
    /// How many shared texts (`<si>`) there are, and how many the part says.
    texts: u64,
    declared_texts: Option<u64>,
    /// The limit passed, if one was.
    exceeded: Option<Exceeded>,
}

/// How many bytes of a tag are kept to read its name and attributes.
const TAG_KEPT: usize = 512;

impl XmlScan {
    fn new(limit: u64) -> XmlScan {
        XmlScan {
            state: State::Text,
            offset: 0,
            limit,
            tag_start: 0,
            tag: Vec::with_capacity(TAG_KEPT),
            last_tag_byte: 0,
            element_start: None,
            texts: 0,
            declared_texts: None,
            exceeded: None,
        }
    }

    fn byte(&mut self, b: u8) -> Result<(), Exceeded> {
        self.state = match self.state {
            State::Text if b == b'<' => {
                self.tag_start = self.offset;
                self.tag.clear();
                State::Tag
            }
            State::Text => State::Text,
            State::Tag | State::Quoted(_) if self.offset - self.tag_start > MAX_TAG => {
                return Err(Exceeded::Tag);
            }
            State::Tag if b == b'>' => {
                self.end_tag();
                State::Text
            }
            State::Tag => {
                if self.tag.len() < TAG_KEPT {
                    self.tag.push(b);
                }
                self.last_tag_byte = b;
                match (b, self.tag.as_slice()) {
                    (b'"' | b'\'', _) => State::Quoted(b),
                    (_, b"!--") => State::Comment(0),
                    (_, b"![CDATA[") => State::CData(0),
                    _ => State::Tag,
                }
            }
            State::Quoted(quote) => {
                if self.tag.len() < TAG_KEPT {
                    self.tag.push(b);
                }
                self.last_tag_byte = b;
                if b == quote {
                    State::Tag
                } else {
                    State::Quoted(quote)
                }
            }
            State::Comment(seen) => match (seen, b) {
                (2, b'>') => State::Text,
                (_, b'-') => State::Comment((seen + 1).min(2)),
                _ => State::Comment(0),
            },
            State::CData(seen) => match (seen, b) {
                (2, b'>') => State::Text,
                (_, b']') => State::CData((seen + 1).min(2)),
                _ => State::CData(0),
            },
        };
        self.offset += 1;
        if self
            .element_start
            .is_some_and(|start| self.offset - start > MAX_CELL_XML)
        {
            return Err(Exceeded::Cell);
        }
        Ok(())
    }

    /// A tag ended: a cell or a shared text opens or closes, or the shared
    /// texts' count is declared.
    fn end_tag(&mut self) {
        let tag = self.tag.as_slice();
        let body = tag.strip_prefix(b"/");
        let closing = body.is_some();
        let body = body.unwrap_or(tag);
        let name_length = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let name = &body[..name_length];
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        match (local, closing) {
            (b"c" | b"si", false) => {
                if local == b"si" {
                    self.texts += 1;
                }
                if self.last_tag_byte != b'/' {
                    self.element_start = Some(self.tag_start);
                }
            }
            (b"c" | b"si", true) => self.element_start = None,
            (b"sst", false) => self.declared_texts = attribute(tag, b"uniqueCount"),
            _ => {}
        }
    }
}

/// A numeric attribute of a tag's first bytes.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = tag.windows(name.len() + 2).position(|w| {
        w.starts_with(name) && w[name.len()] == b'=' && matches!(w[name.len() + 1], b'"' | b'\'')
    })?;
    let digits = &tag[at + name.len() + 2..];
    let end = digits.iter().position(|b| !b.is_ascii_digit())?;
    std::str::from_utf8(&digits[..end]).ok()?.parse().ok()
}

impl std::io::Write for XmlScan {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.offset + bytes.len() as u64 > self.limit {
            self.exceeded = Some(Exceeded::Unpacked);
            return Err(std::io::Error::other("limit"));
        }
        for b in bytes {
            if let Err(limit) = self.byte(*b) {
                self.exceeded = Some(limit);
                return Err(std::io::Error::other("limit"));
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> Result<XmlScan, Exceeded> {
        let mut scan = XmlScan::new(MAX_XML);
        for b in xml.bytes() {
            scan.byte(b)?;
        }
        Ok(scan)
    }

    #[test]
    fn cells_and_shared_texts_are_measured_whatever_they_hold() {
        let big = "x".repeat(MAX_CELL_XML as usize);
        let small = "x".repeat(MAX_CELL_XML as usize - 100);
        for (xml, refused) in [
            (format!("<c r=\"A1\"><v>{small}</v></c>"), false),
            (format!("<c r=\"A1\"><v>{big}</v></c>"), true),
            (
                format!("<x:c r=\"A1\"><x:is><x:t>{big}</x:t></x:is></x:c>"),
                true,
            ),
            // A cell's end written inside a quoted value, a comment or a
            // CDATA section does not end the cell.
            (format!("<c r=\"</c>\"><v>{big}</v></c>"), true),
            (format!("<c><!-- </c> --><v>{big}</v></c>"), true),
            (
                format!("<c><is><t><![CDATA[</c>{big}]]></t></is></c>"),
                true,
            ),
            // Many small texts in one shared text.
            (
                format!(
                    "<sst><si>{}</si></sst>",
                    "<r><t>xxxxxxxx</t></r>".repeat(20_000)
                ),
                true,
            ),
            (format!("<c/><v>{big}</v>"), false),
        ] {
            assert_eq!(
                scan(&xml).err(),
                refused.then_some(Exceeded::Cell),
                "{}",
                &xml[..40]
            );
        }
    }

    #[test]
    fn the_shared_texts_are_counted_and_their_declared_count_read() {
        let scanned =
            scan(r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="4000000000"><si><t>a</t></si><si/></sst>"#)
                .unwrap();
        assert_eq!(
            (scanned.texts, scanned.declared_texts),
            (2, Some(4_000_000_000))
        );
    }

    #[test]
    fn a_tag_is_bounded() {
        let tag = format!("<c r=\"{}\">", "A".repeat(MAX_TAG as usize));
        assert_eq!(scan(&tag).err(), Some(Exceeded::Tag));
    }
}
