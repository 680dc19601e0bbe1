//! CSV that a spreadsheet opens safely. Excel, LibreOffice and Google
//! Sheets run a cell that starts with `=`, `+`, `-` or `@` as a formula
//! (and tab or carriage return can hide such a start), so a debtor named
//! `=HYPERLINK("http://…","…")` on the public list would become a live
//! link. Every CSV thads writes goes through [`CsvOut`], which writes such
//! a cell with a leading `'` — the OWASP rule: the spreadsheet shows the
//! text as typed — and the register reader takes that `'` off again
//! ([`unquote`]), so that a register exported and imported keeps its text.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as it may be written to CSV: text that a spreadsheet would run
/// as a formula gets a leading `'`. Numbers (`-5`, `12.5`) are left alone:
/// a spreadsheet reads them as numbers, never as formulas.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell read from CSV, without the `'` that [`neutralize`] put before a
/// formula's first character.
pub fn unquote(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A CSV file being written in memory, every cell through [`neutralize`].
pub struct CsvOut(csv::Writer<Vec<u8>>);

impl CsvOut {
    /// A new file; with `byte_order_mark`, it starts with one, so that Excel
    /// reads it as UTF-8 (without it, Vietnamese becomes mojibake).
    pub fn new(byte_order_mark: bool) -> CsvOut {
        let start = if byte_order_mark { "\u{feff}" } else { "" };
        CsvOut(csv::Writer::from_writer(start.as_bytes().to_vec()))
    }

    /// Writes a row.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells = cells
            .into_iter()
            .map(|c| neutralize(c.as_ref()).into_owned());
        self.0.write_record(cells).expect("writing to memory");
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner().expect("writing to memory")
    }

    /// The file as text.
    pub fn finish_text(self) -> String {
        String::from_utf8(self.finish()).expect("CSV of UTF-8 text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_as_typed() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+84 912 345 678", "'+84 912 345 678"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("Nguyễn Văn An", "Nguyễn Văn An"),
            ("-150000000", "-150000000"),
            ("12.5", "12.5"),
            ("-", "'-"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(neutralize(cell), written, "{cell:?}");
            assert_eq!(unquote(&neutralize(cell)), cell, "{cell:?}");
        }
    }
}
