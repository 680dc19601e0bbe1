//! Reading a register from its table of cells: the headings mapped to
//! columns, each row to a [`RegisterRow`], every faulty cell noted by row
//! and column in both languages.

use std::collections::HashMap;

use thads_core::journal::{Fault, Faults, Parsed, Record};
use thads_core::search::fold;
use thads_core::text::{Arg, Lang, Text};
use thads_core::{
    Acceptance, Agency, AgencyCode, AgencyTree, CaseCode, Category, Day, Mode, Party, Status, Vnd,
};

use super::columns::{
    AGENCY_COLUMNS, AGENCY_SHEET, Column, IGNORED_HEADINGS, category_name, mode_name, status_name,
};
use super::row::{Moved, RegisterRow};
use super::sheet::{self, Cell, Table};

/// A register read from a file: the rows that are valid, the faults of the
/// others, by row and column.
#[derive(Debug, Default)]
pub struct ReadRegister {
    /// The agencies of the workbook's “Đơn vị” sheet, with their rows.
    pub agencies: Vec<(usize, Agency)>,
    /// Every valid row, with its row number.
    pub rows: Vec<(usize, RegisterRow)>,
    /// What is wrong with the others.
    pub faults: Faults,
}

/// Where a record of a register comes from: its row and column.
pub type Place = (usize, &'static str);

impl ReadRegister {
    /// The journal records of the register, for the journal's checker: the
    /// agencies the store does not know yet, then the cases. A record's
    /// "line" is its index in the returned places, which say the row and
    /// column it comes from.
    pub fn into_parsed(self, stored: &AgencyTree) -> (Parsed, Vec<Place>) {
        let mut parsed = Parsed {
            records: Vec::with_capacity(self.rows.len() * 3),
            faults: Faults::default(),
        };
        let mut places = Vec::with_capacity(self.rows.len() * 3);
        let mut declared = Vec::new();
        for (row, agency) in self.agencies {
            if stored.index(&agency.code).is_none() {
                declared.push(agency.clone());
                parsed.records.push((places.len(), Record::Agency(agency)));
                places.push((row, AGENCY_COLUMNS[0]));
            }
        }
        let mut faults = self.faults;
        let known = |code: &AgencyCode| {
            stored.index(code).is_some() || declared.iter().any(|a| &a.code == code)
        };
        for (row, register_row) in self.rows {
            let named = [
                (Column::Agency, Some(&register_row.acceptance.agency)),
                (Column::EntrustedTo, register_row.entrusted_to.as_ref()),
            ];
            let unknown: Vec<Fault> = named
                .into_iter()
                .filter_map(|(column, code)| Some((column, code?)))
                .filter(|(_, code)| !known(code))
                .map(|(column, code)| {
                    problem("register-unknown-agency")
                        .with("code", code)
                        .with("sheet", AGENCY_SHEET)
                        .at(row, column.heading())
                })
                .collect();
            if !unknown.is_empty() {
                faults.extend(unknown);
                continue;
            }
            for (record, column) in register_row.records() {
                parsed.records.push((places.len(), record));
                places.push((row, column.heading()));
            }
        }
        parsed.faults = faults;
        (parsed, places)
    }
}

/// What is wrong with a cell, a row or the file, in no language yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub Text);

/// The problem told by the message `key`.
pub fn problem(key: &'static str) -> Problem {
    Problem(Text::new(key))
}

impl Problem {
    /// The same, naming `value` as `$name`.
    pub fn with(self, name: &'static str, value: impl Into<Arg>) -> Problem {
        Problem(self.0.with(name, value))
    }

    /// The problem as a fault of a row and column.
    pub fn at(self, row: usize, column: impl Into<String>) -> Fault {
        Fault {
            line: row,
            column: Some(column.into()),
            reason: self.0,
        }
    }
}

/// A file that is not a register at all (as opposed to one with faults in
/// its rows).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.0)]
pub struct Unreadable(pub Problem);

/// Reads a register from its table of cells (see [`sheet`]); `agencies`
/// is the workbook's “Đơn vị” sheet, if it has one.
pub fn read(table: Table, agencies: Option<Table>) -> Result<ReadRegister, Unreadable> {
    let mut read = ReadRegister::default();
    if let Some(agencies) = agencies {
        read_agencies(agencies, &mut read);
    }
    if table.rows.is_empty() {
        return Err(Unreadable(
            problem("register-sheet-empty").with("sheet", table.name),
        ));
    }
    // Registers often have a title above their headings: the heading row is
    // the first that names the case code (or, failing that, the first).
    let code = fold(Column::Code.heading());
    let first = table
        .rows
        .iter()
        .take(20)
        .position(|(_, cells)| cells.iter().any(|c| fold(&c.as_text()) == code))
        .unwrap_or(0);
    let mut rows = table.rows.into_iter().skip(first);
    let (heading_row, headings) = rows.next().expect("a row at least");
    for merged in &table.merged {
        let column = headings
            .get(merged.column)
            .map(Cell::as_text)
            .unwrap_or_default();
        read.faults.push(merged_fault(merged, column));
    }
    let Some(columns) = heading_columns(heading_row, &headings, &mut read.faults) else {
        return Ok(read);
    };
    for (number, cells) in rows {
        if cells.iter().all(|c| matches!(c, Cell::Empty)) {
            continue;
        }
        let mut row = RowReader {
            number,
            cells: &cells,
            columns: &columns,
            faults: &mut read.faults,
            bad: false,
        };
        if let Some(register_row) = row.register_row() {
            read.rows.push((number, register_row));
        }
    }
    Ok(read)
}

/// Which column of the table each register column is, or `None` (with
/// faults) if the headings are not a register's.
fn heading_columns(
    row: usize,
    headings: &[Cell],
    faults: &mut Faults,
) -> Option<Vec<(Column, usize)>> {
    let by_heading: HashMap<String, Column> = Column::ALL
        .into_iter()
        .map(|c| (fold(c.heading()), c))
        .collect();
    let mut columns: Vec<(Column, usize)> = Vec::new();
    let before = faults.total();
    for (i, cell) in headings.iter().enumerate() {
        let text = cell.as_text();
        let folded = fold(&text);
        if folded.is_empty() || IGNORED_HEADINGS.contains(&folded.as_str()) {
            continue;
        }
        match by_heading.get(&folded) {
            Some(column) if columns.iter().any(|(c, _)| c == column) => {
                faults.push(problem("register-heading-twice").at(row, column.heading()))
            }
            Some(column) => columns.push((*column, i)),
            None => faults.push(problem("register-unknown-column").at(row, text)),
        }
    }
    for column in Column::ALL {
        if column.required() && !columns.iter().any(|(c, _)| *c == column) {
            faults.push(problem("register-missing-column").at(row, column.heading()));
        }
    }
    (faults.total() == before).then_some(columns)
}

fn merged_fault(merged: &sheet::Merged, column: String) -> Fault {
    let (first, last) = (merged.first_row, merged.last_row);
    let rows = if first == last {
        Text::new("register-rows-one").with("first", first)
    } else {
        Text::new("register-rows-range")
            .with("first", first)
            .with("last", last)
    };
    problem("register-merged")
        .with("rows", rows)
        .at(first, column)
}

/// Reads one row's cells, noting every fault.
struct RowReader<'a> {
    number: usize,
    cells: &'a [Cell],
    columns: &'a [(Column, usize)],
    faults: &'a mut Faults,
    bad: bool,
}

impl RowReader<'_> {
    fn cell(&self, column: Column) -> &Cell {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| self.cells.get(*i))
            .unwrap_or(&Cell::Empty)
    }

    fn fault(&mut self, column: Column, problem: Problem) {
        self.bad = true;
        self.faults.push(problem.at(self.number, column.heading()));
    }

    /// A cell's value, or `None` with a fault.
    fn value<T>(&mut self, column: Column, parse: fn(&Cell) -> Result<T, Problem>) -> Option<T> {
        match parse(self.cell(column)) {
            Ok(value) => Some(value),
            Err(problem) => {
                self.fault(column, problem);
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        column: Column,
        parse: fn(&Cell) -> Result<Option<T>, Problem>,
    ) -> Option<T> {
        match self.value(column, parse)? {
            Some(value) => Some(value),
            None => {
                self.fault(column, empty_cell());
                None
            }
        }
    }

    fn register_row(&mut self) -> Option<RegisterRow> {
        use sheet::{day, money, text};
        let code = self.required(Column::Code, |c| {
            text(c)?
                .map(|t| CaseCode::parse(&t).map_err(|e| Problem(Text::from(&e))))
                .transpose()
        });
        let agency = self.required(Column::Agency, agency_code);
        let entrusted_to = self.value(Column::EntrustedTo, agency_code).flatten();
        let mode = self.required(Column::Mode, mode);
        let categories = self.value(Column::Categories, categories);
        let decision = self.required(Column::Decision, text);
        let judgment = self.required(Column::Judgment, text);
        let debtor = self.party(Column::Debtor, Column::DebtorId, Column::DebtorAddress);
        let creditor = self.party(
            Column::Creditor,
            Column::CreditorId,
            Column::CreditorAddress,
        );
        let accepted_on = self.required(Column::AcceptedOn, day);
        let amount = self.required(Column::Amount, money);
        let collected = self.moved([
            Column::Collected,
            Column::CollectedThisYear,
            Column::CollectedOn,
        ]);
        let reduced = self.moved([Column::Reduced, Column::ReducedThisYear, Column::ReducedOn]);
        let unable_since = self.value(Column::UnableSince, day).flatten();
        let unable_reason = self.value(Column::UnableReason, text).flatten();
        let status = self.required(Column::Status, status);
        let status_on = self.value(Column::StatusOn, day).flatten();
        let executor = self
            .value(Column::Executor, |c| {
                text(c)?
                    .map(|t| {
                        thads_core::executor::ExecutorCode::parse(&t)
                            .map_err(|e| Problem(Text::from(&e)))
                    })
                    .transpose()
            })
            .flatten();
        let ground = self.value(Column::Ground, text).flatten();
        if self.bad {
            return None;
        }
        let (accepted_on, amount, status) = (accepted_on?, amount?, status?);
        let (collected, reduced) = (collected?, reduced?);
        let acceptance = Acceptance {
            agency: agency?,
            mode: mode?,
            amount,
            categories: categories?,
            decision: decision?,
            judgment: judgment?,
            debtor: debtor?,
            creditor: creditor?,
            judgment_kind: None,
            budget_item: None,
            creditors: Vec::new(),
            debtors: Vec::new(),
        };
        let row = RegisterRow {
            code: code?,
            accepted_on,
            acceptance,
            collected,
            reduced,
            unable: None,
            status,
            status_on: None,
            entrusted_to: None,
            executor,
            ground,
        };
        self.consistent(row, unable_since, unable_reason, status_on, entrusted_to)
    }

    /// Checks what the cells say together, and completes the row.
    fn consistent(
        &mut self,
        mut row: RegisterRow,
        unable_since: Option<Day>,
        unable_reason: Option<String>,
        status_on: Option<Day>,
        entrusted_to: Option<AgencyCode>,
    ) -> Option<RegisterRow> {
        let amount = row.acceptance.amount;
        let (collected, reduced) = (row.collected.total, row.reduced.total);
        if collected.0 + reduced.0 > amount.0 {
            self.fault(
                Column::Collected,
                problem("register-more-than-amount")
                    .with("collected", collected)
                    .with("reduced", reduced)
                    .with("amount", amount),
            );
        }
        let status = row.status;
        let unable_since = match (status, unable_since, status_on) {
            // The status's own date says since when, if the column is empty.
            (Status::Unable, None, Some(on)) => Some(on),
            (Status::Unable, Some(since), Some(on)) if since != on => {
                let (on, since) = (on.dd_mm_yyyy(), since.dd_mm_yyyy());
                let unable = Column::UnableSince.heading();
                self.fault(
                    Column::StatusOn,
                    problem("register-date-differs")
                        .with("on", on)
                        .with("unable", unable)
                        .with("since", since),
                );
                None
            }
            (Status::Unable, None, None) => {
                self.fault(Column::UnableSince, problem("register-unable-needs-date"));
                None
            }
            (Status::Enforcing, Some(_), _) => {
                let (enforcing, unable) =
                    (status_name(Status::Enforcing), status_name(Status::Unable));
                self.fault(
                    Column::UnableSince,
                    problem("register-enforceable-not-unable")
                        .with("enforcing", enforcing)
                        .with("unable", unable),
                );
                None
            }
            (_, since, _) => since,
        };
        if unable_reason.is_some() && unable_since.is_none() && !self.bad {
            let since = Column::UnableSince.heading();
            self.fault(
                Column::UnableReason,
                problem("register-reason-without-date").with("since", since),
            );
        }
        row.unable = unable_since.map(|on| (on, unable_reason));
        row.status_on = match status {
            Status::Enforcing => None,
            Status::Unable => unable_since,
            _ if status_on.is_none() => {
                let name = status_name(status);
                self.fault(
                    Column::StatusOn,
                    problem("register-status-date-missing").with("name", name),
                );
                None
            }
            _ => status_on,
        };
        match (status, entrusted_to) {
            (Status::Entrusted, None) => {
                self.fault(
                    Column::EntrustedTo,
                    problem("register-entrusted-needs-agency"),
                );
            }
            (Status::Entrusted, to) => row.entrusted_to = to,
            (_, Some(_)) => {
                let entrusted = status_name(Status::Entrusted);
                self.fault(
                    Column::EntrustedTo,
                    problem("register-only-entrusted").with("entrusted", entrusted),
                )
            }
            (_, None) => {}
        }
        if let Some(ground) = &row.ground {
            let fits = match status {
                // A request returned was returned for want of means.
                Status::Unable | Status::Returned => {
                    thads_core::event::UnableGround::parse(ground).is_some()
                }
                Status::Postponed | Status::Suspended | Status::Terminated => true,
                _ => false,
            };
            if !fits {
                let name = status_name(status);
                self.fault(
                    Column::Ground,
                    problem("register-bad-ground")
                        .with("ground", ground.as_str())
                        .with("name", name),
                );
            }
        }
        if status == Status::Completed && collected.0 + reduced.0 < amount.0 {
            let owed = Vnd(amount.0 - collected.0 - reduced.0);
            let name = status_name(status);
            self.fault(
                Column::Status,
                problem("register-closed-but-owed")
                    .with("name", name)
                    .with("owed", owed),
            );
        }
        let dated = [
            (Column::CollectedOn, row.collected.last_on),
            (Column::ReducedOn, row.reduced.last_on),
            (Column::UnableSince, unable_since),
            (Column::StatusOn, row.status_on),
        ];
        for (moved, column) in [
            (row.collected, Column::CollectedThisYear),
            (row.reduced, Column::ReducedThisYear),
        ] {
            let year_start = moved.last_on.map(|on| on.statistical_year().0);
            if let Some(year_start) = year_start.filter(|start| *start <= row.accepted_on)
                && moved.this_year != moved.total
            {
                let (accepted, start) = (row.accepted_on.dd_mm_yyyy(), year_start.dd_mm_yyyy());
                self.fault(
                    column,
                    problem("register-within-year")
                        .with("accepted", accepted)
                        .with("start", start),
                );
            }
        }
        for (column, on) in dated {
            if let Some(on) = on.filter(|on| *on < row.accepted_on) {
                let (on, accepted) = (on.dd_mm_yyyy(), row.accepted_on.dd_mm_yyyy());
                self.fault(
                    column,
                    problem("register-before-accepted")
                        .with("on", on)
                        .with("accepted", accepted),
                );
            }
        }
        if !status.is_open()
            && let Some(closed_on) = row.status_on
        {
            for (column, on) in &dated[..3] {
                if let Some(on) = on.filter(|on| *on > closed_on) {
                    let (on, name, closed) =
                        (on.dd_mm_yyyy(), status_name(status), closed_on.dd_mm_yyyy());
                    self.fault(
                        *column,
                        problem("register-after-closed")
                            .with("on", on)
                            .with("name", name)
                            .with("closed", closed),
                    );
                }
            }
        }
        (!self.bad).then_some(row)
    }

    fn party(&mut self, name: Column, id: Column, address: Column) -> Option<Party> {
        let name = self.required(name, sheet::text);
        let id = self.value(id, sheet::identity);
        let address = self.value(address, sheet::text);
        Some(Party {
            name: name?,
            id: id?,
            address: address?,
        })
    }

    /// Money moved: its total, the part within the statistical year of
    /// the last date (the total if empty), and the last date — a total
    /// and its date both, or neither.
    fn moved(&mut self, [total, this_year, on]: [Column; 3]) -> Option<Moved> {
        let value = self.value(total, sheet::money);
        let part = self.value(this_year, sheet::money);
        let date = self.value(on, sheet::day);
        let (value, part, date) = (value?.unwrap_or(Vnd::ZERO), part?, date?);
        match (value, date) {
            (Vnd(0), None) if part.is_none_or(|p| p.0 == 0) => return Some(Moved::default()),
            (Vnd(0), _) => {
                let heading = total.heading();
                self.fault(
                    if date.is_some() { on } else { this_year },
                    problem("register-no-amount").with("heading", heading),
                );
                return None;
            }
            (_, None) => {
                let heading = total.heading();
                self.fault(
                    on,
                    problem("register-amount-without-date").with("heading", heading),
                );
                return None;
            }
            _ => {}
        }
        let this_year_part = part.unwrap_or(value);
        if this_year_part.0 < 1 || this_year_part > value {
            let (last, heading) = (date.expect("dated").dd_mm_yyyy(), total.heading());
            self.fault(
                this_year,
                problem("register-amount-range")
                    .with("last", last)
                    .with("value", value)
                    .with("heading", heading),
            );
            return None;
        }
        Some(Moved {
            total: value,
            this_year: this_year_part,
            last_on: date,
        })
    }
}

fn empty_cell() -> Problem {
    problem("register-cell-empty")
}

fn agency_code(cell: &Cell) -> Result<Option<AgencyCode>, Problem> {
    sheet::text(cell)?
        .map(|t| AgencyCode::parse(&t).map_err(|e| Problem(Text::from(&e))))
        .transpose()
}

fn mode(cell: &Cell) -> Result<Option<Mode>, Problem> {
    let Some(text) = sheet::text(cell)? else {
        return Ok(None);
    };
    let folded = fold(&text);
    Mode::ALL
        .into_iter()
        .find(|m| folded == fold(mode_name(*m)) || text == m.as_str())
        .map(Some)
        .ok_or_else(|| problem("register-bad-mode").with("text", text))
}

fn categories(cell: &Cell) -> Result<Vec<Category>, Problem> {
    let Some(text) = sheet::text(cell)? else {
        return Ok(Vec::new());
    };
    let mut categories = Vec::new();
    for part in text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let folded = fold(part);
        let category = Category::ALL
            .into_iter()
            .find(|c| {
                folded == fold(category_name(*c))
                    || folded == fold(&Lang::Vi.say(&c.official()))
                    || part == c.as_str()
            })
            .ok_or_else(|| problem("register-bad-category").with("part", part))?;
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    Ok(categories)
}

fn status(cell: &Cell) -> Result<Option<Status>, Problem> {
    let Some(text) = sheet::text(cell)? else {
        return Ok(None);
    };
    let folded = fold(&text);
    let short = |s: Status| match s {
        Status::Postponed => Some("hoan"),
        Status::Suspended => Some("tam dinh chi"),
        Status::Terminated => Some("dinh chi"),
        Status::Entrusted => Some("uy thac"),
        _ => None,
    };
    Status::ALL
        .into_iter()
        .find(|s| {
            folded == fold(status_name(*s))
                || Some(folded.as_str()) == short(*s)
                || text == s.as_str()
        })
        .map(Some)
        .ok_or_else(|| {
            let names = Status::ALL.map(status_name).join("; ");
            problem("register-bad-status")
                .with("text", text)
                .with("names", names)
        })
}

fn read_agencies(table: Table, read: &mut ReadRegister) {
    let mut rows = table.rows.into_iter();
    let Some((heading_row, headings)) = rows.next() else {
        return; // An empty agencies' sheet declares nothing.
    };
    let mut index = [None; 3];
    for (i, cell) in headings.iter().enumerate() {
        let folded = fold(&cell.as_text());
        if let Some(k) = AGENCY_COLUMNS.iter().position(|h| fold(h) == folded) {
            index[k] = Some(i);
        }
    }
    for (k, heading) in AGENCY_COLUMNS.iter().enumerate().take(2) {
        if index[k].is_none() {
            read.faults.push(
                problem("register-agency-column-missing")
                    .with("sheet", AGENCY_SHEET)
                    .at(heading_row, *heading),
            );
        }
    }
    let [Some(code_at), Some(name_at), parent_at] = index else {
        return;
    };
    for (number, cells) in rows {
        let cell = |i: usize| cells.get(i).unwrap_or(&Cell::Empty);
        if cells.iter().all(|c| matches!(c, Cell::Empty)) {
            continue;
        }
        let code = agency_code(cell(code_at));
        let name = sheet::text(cell(name_at));
        let parent = parent_at.map_or(Ok(None), |i| agency_code(cell(i)));
        match (code, name, parent) {
            (Ok(Some(code)), Ok(Some(name)), Ok(parent)) => {
                read.agencies.push((number, Agency { code, name, parent }));
            }
            (code, name, parent) => {
                let problems = [
                    (0, code.map(|c| c.is_some())),
                    (1, name.map(|n| n.is_some())),
                    (2, parent.map(|_| true)),
                ];
                for (k, problem) in problems {
                    let problem = match problem {
                        Ok(true) => continue,
                        Ok(false) => empty_cell(),
                        Err(problem) => problem,
                    };
                    read.faults.push(problem.at(number, AGENCY_COLUMNS[k]));
                }
            }
        }
    }
}

/// Maps the checker's faults about a register's records (whose "line" is
/// the record's index, see [`ReadRegister::into_parsed`]) to rows and
/// columns.
pub fn place_faults(faults: Faults, places: &[Place]) -> Faults {
    faults.map(|fault| match (&fault.column, places.get(fault.line)) {
        (None, Some((row, column))) => Fault {
            line: *row,
            column: Some((*column).to_owned()),
            ..fault
        },
        _ => fault,
    })
}
