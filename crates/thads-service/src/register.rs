//! The case register (sổ thụ lý) as a spreadsheet: one row per case, the
//! state of the case on a day. Agencies keep their registers in Excel
//! today; thads reads them (`.xlsx` and `.csv`) and writes them.
//!
//! A row becomes the journal records it implies ([`RegisterRow::records`]):
//! the acceptance, then — by date — every collection as one on the date of
//! the last, every reduction as one on the date of the last, the decision
//! that the case is not enforceable, the hold, and the close. So a row keeps
//! the case's state on the register's day exactly, but not when within the
//! case's life each đồng came in (see `docs/register.md`).
//!
//! Reading a spreadsheet into cells and writing one is [`sheet`]'s.

pub mod sheet;
pub mod xlsx;

use std::collections::HashMap;

use thads_core::journal::{Fault, Faults, Parsed, Record};
use thads_core::search::fold;
use thads_core::{
    Acceptance, Agency, AgencyCode, AgencyTree, CaseCode, CaseState, Category, Day, Event, Mode,
    Party, Status, Vnd,
};

use sheet::{Cell, Table};

use crate::{Actor, ExportError, Thads};

/// The name of the register's sheet in a workbook.
pub const REGISTER_SHEET: &str = "Sổ thụ lý";
/// The name of the agencies' sheet in a workbook.
pub const AGENCY_SHEET: &str = "Đơn vị";
/// The name of the sheet that explains the columns.
pub const GUIDE_SHEET: &str = "Hướng dẫn";

/// A column of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The case code.
    Code,
    /// The number of the decision to enforce.
    Decision,
    /// The judgment enforced.
    Judgment,
    /// The accepting agency's code.
    Agency,
    /// Ex officio or on request.
    Mode,
    /// The categories, separated by `;`.
    Categories,
    /// The debtor's name.
    Debtor,
    /// The debtor's CCCD or tax code.
    DebtorId,
    /// The debtor's address.
    DebtorAddress,
    /// The creditor's name.
    Creditor,
    /// The creditor's CCCD or tax code.
    CreditorId,
    /// The creditor's address.
    CreditorAddress,
    /// The date of acceptance.
    AcceptedOn,
    /// The money to enforce.
    Amount,
    /// Money collected up to the register's day.
    Collected,
    /// Of which within the statistical year of the last collection.
    CollectedThisYear,
    /// The date of the last collection.
    CollectedOn,
    /// Money reduced up to the register's day.
    Reduced,
    /// Of which within the statistical year of the last reduction.
    ReducedThisYear,
    /// The date of the last reduction.
    ReducedOn,
    /// Not enforceable since this day.
    UnableSince,
    /// Why not enforceable.
    UnableReason,
    /// Where the case stands.
    Status,
    /// When it got there.
    StatusOn,
    /// The agency an entrusted case went to.
    EntrustedTo,
}

impl Column {
    /// Every column, in the template's order.
    pub const ALL: [Column; 25] = [
        Column::Code,
        Column::Decision,
        Column::Judgment,
        Column::Agency,
        Column::Mode,
        Column::Categories,
        Column::Debtor,
        Column::DebtorId,
        Column::DebtorAddress,
        Column::Creditor,
        Column::CreditorId,
        Column::CreditorAddress,
        Column::AcceptedOn,
        Column::Amount,
        Column::Collected,
        Column::CollectedThisYear,
        Column::CollectedOn,
        Column::Reduced,
        Column::ReducedThisYear,
        Column::ReducedOn,
        Column::UnableSince,
        Column::UnableReason,
        Column::Status,
        Column::StatusOn,
        Column::EntrustedTo,
    ];

    /// The column's heading in the template.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Code => "Mã việc",
            Column::Decision => "Số quyết định thi hành án",
            Column::Judgment => "Bản án, quyết định",
            Column::Agency => "Cơ quan thụ lý",
            Column::Mode => "Hình thức thụ lý",
            Column::Categories => "Phân loại",
            Column::Debtor => "Người phải thi hành án",
            Column::DebtorId => "Số định danh người phải thi hành án",
            Column::DebtorAddress => "Địa chỉ người phải thi hành án",
            Column::Creditor => "Người được thi hành án",
            Column::CreditorId => "Số định danh người được thi hành án",
            Column::CreditorAddress => "Địa chỉ người được thi hành án",
            Column::AcceptedOn => "Ngày thụ lý",
            Column::Amount => "Số tiền phải thi hành (đồng)",
            Column::Collected => "Đã thu (đồng)",
            Column::CollectedThisYear => "Trong đó thu trong năm thống kê (đồng)",
            Column::CollectedOn => "Ngày thu gần nhất",
            Column::Reduced => "Đã miễn, giảm (đồng)",
            Column::ReducedThisYear => "Trong đó miễn, giảm trong năm thống kê (đồng)",
            Column::ReducedOn => "Ngày miễn, giảm gần nhất",
            Column::UnableSince => "Chưa có điều kiện thi hành từ ngày",
            Column::UnableReason => "Lý do chưa có điều kiện thi hành",
            Column::Status => "Trạng thái",
            Column::StatusOn => "Ngày của trạng thái",
            Column::EntrustedTo => "Ủy thác cho",
        }
    }

    /// What the column holds, for the template's guide.
    pub fn guide(self) -> &'static str {
        match self {
            Column::Code => {
                "Bắt buộc. Mã của việc, duy nhất trong toàn hệ thống (ví dụ SL/2025/00017)."
            }
            Column::Decision => "Bắt buộc. Số quyết định thi hành án.",
            Column::Judgment => "Bắt buộc. Số bản án, quyết định được thi hành.",
            Column::Agency => "Bắt buộc. Mã cơ quan thụ lý (ví dụ SL-KV1).",
            Column::Mode => "Bắt buộc. “Chủ động” hoặc “Theo đơn”.",
            Column::Categories => {
                "Có thể để trống. Một hoặc nhiều loại, cách nhau bởi dấu “;”: Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế."
            }
            Column::Debtor | Column::Creditor => "Bắt buộc. Họ tên cá nhân hoặc tên tổ chức.",
            Column::DebtorId | Column::CreditorId => {
                "Có thể để trống. Số CCCD hoặc mã số thuế, ghi dạng văn bản để giữ số 0 ở đầu."
            }
            Column::DebtorAddress | Column::CreditorAddress => "Có thể để trống.",
            Column::AcceptedOn => "Bắt buộc. Ngày, ghi dd/mm/yyyy hoặc định dạng ô là ngày.",
            Column::Amount => {
                "Bắt buộc. Số đồng, không có phần lẻ (150000000 hoặc 150.000.000); 0 nếu việc không có giá trị tiền."
            }
            Column::Collected => {
                "Tổng số tiền đã thu đến ngày của sổ; để trống hoặc 0 nếu chưa thu."
            }
            Column::CollectedThisYear => {
                "Phần của “Đã thu” thu từ ngày 01/10 của năm thống kê chứa ngày thu gần nhất; để trống nếu toàn bộ được thu trong năm đó. Phần thu trước năm đó được ghi vào ngày 30/9 cuối năm trước."
            }
            Column::CollectedOn => "Ngày thu gần nhất; bắt buộc khi đã thu.",
            Column::Reduced => "Tổng số tiền đã được miễn, giảm; để trống hoặc 0 nếu không có.",
            Column::ReducedThisYear => {
                "Phần của “Đã miễn, giảm” trong năm thống kê chứa ngày miễn, giảm gần nhất; để trống nếu toàn bộ trong năm đó."
            }
            Column::ReducedOn => "Ngày miễn, giảm gần nhất; bắt buộc khi có miễn, giảm.",
            Column::UnableSince => {
                "Ngày quyết định chưa có điều kiện thi hành đang có hiệu lực; để trống nếu việc có điều kiện thi hành."
            }
            Column::UnableReason => {
                "Có thể để trống. Lý do chưa có điều kiện thi hành (được công khai)."
            }
            Column::Status => {
                "Bắt buộc. Đang thi hành; Chưa có điều kiện thi hành; Hoãn thi hành án; Tạm đình chỉ thi hành án; Thi hành xong; Đình chỉ thi hành án; Ủy thác thi hành án."
            }
            Column::StatusOn => {
                "Ngày hoãn, tạm đình chỉ, thi hành xong, đình chỉ hoặc ủy thác; để trống khi đang thi hành."
            }
            Column::EntrustedTo => "Mã cơ quan nhận ủy thác; chỉ ghi khi trạng thái là ủy thác.",
        }
    }

    /// Whether a register must have the column (the others may be left out
    /// and are then empty on every row).
    pub fn required(self) -> bool {
        !matches!(
            self,
            Column::DebtorId
                | Column::DebtorAddress
                | Column::CreditorId
                | Column::CreditorAddress
                | Column::CollectedThisYear
                | Column::Reduced
                | Column::ReducedThisYear
                | Column::ReducedOn
                | Column::UnableReason
                | Column::EntrustedTo
        )
    }
}

/// Headings a register may have beyond its columns, and that are not read.
const IGNORED_HEADINGS: [&str; 2] = ["stt", "ghi chu"];

/// The agencies' sheet's columns.
pub const AGENCY_COLUMNS: [&str; 3] = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"];

/// A status's name in the register.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Enforcing => "Đang thi hành",
        Status::Unable => "Chưa có điều kiện thi hành",
        Status::Postponed => "Hoãn thi hành án",
        Status::Suspended => "Tạm đình chỉ thi hành án",
        Status::Completed => "Thi hành xong",
        Status::Terminated => "Đình chỉ thi hành án",
        Status::Entrusted => "Ủy thác thi hành án",
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::ExOfficio => "Chủ động",
        Mode::OnRequest => "Theo đơn",
    }
}

fn category_name(category: Category) -> &'static str {
    match category {
        Category::StateBudget => "Ngân sách nhà nước",
        Category::CreditInstitution => "Tổ chức tín dụng",
        Category::CorruptionEconomic => "Tham nhũng, kinh tế",
    }
}

/// Money collected (or reduced) up to the register's day, as a row says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    /// In all.
    pub total: Vnd,
    /// Of which within the statistical year that holds the last date: the
    /// rest came in before it.
    pub this_year: Vnd,
    /// The date of the last.
    pub last_on: Option<Day>,
}

impl Moved {
    fn add(&mut self, on: Day, amount: Vnd) {
        let year_start = on.statistical_year().0;
        let same_year = self.last_on.is_some_and(|last| last >= year_start);
        self.this_year = Vnd(if same_year { self.this_year.0 } else { 0 } + amount.0);
        self.total = Vnd(self.total.0 + amount.0);
        self.last_on = Some(on);
    }

    /// The events that move the money: what came in before the statistical
    /// year (on its eve: the row does not say when), then the rest on the
    /// last date.
    fn events(&self) -> Vec<(Day, Vnd)> {
        let Some(last_on) = self.last_on else {
            return Vec::new();
        };
        let before = Vnd(self.total.0 - self.this_year.0);
        let eve = last_on.statistical_year().0.plus_days(-1);
        [(eve, before), (last_on, self.this_year)]
            .into_iter()
            .filter(|(_, amount)| amount.0 > 0)
            .collect()
    }
}

/// One case as a register row: its acceptance and its state on the
/// register's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The case.
    pub code: CaseCode,
    /// When it was accepted.
    pub accepted_on: Day,
    /// What was accepted.
    pub acceptance: Acceptance,
    /// Money collected.
    pub collected: Moved,
    /// Money reduced.
    pub reduced: Moved,
    /// Since when, and why, the case is not enforceable (if it is not).
    pub unable: Option<(Day, Option<String>)>,
    /// Where the case stands.
    pub status: Status,
    /// Since when (none for a case being enforced).
    pub status_on: Option<Day>,
    /// Where an entrusted case went.
    pub entrusted_to: Option<AgencyCode>,
}

impl RegisterRow {
    /// The journal records the row implies, each with the column it comes
    /// from: the acceptance, then the events by date (on one day, money
    /// first and the close last).
    pub fn records(&self) -> Vec<(Record, Column)> {
        let mut events: Vec<(Day, Event, Column)> = Vec::new();
        for (on, amount) in self.collected.events() {
            events.push((on, Event::Collected(amount), Column::Collected));
        }
        for (on, amount) in self.reduced.events() {
            events.push((on, Event::Reduced(amount), Column::Reduced));
        }
        if let Some((on, reason)) = &self.unable {
            let reason = reason.clone();
            events.push((*on, Event::Unable { reason }, Column::UnableSince));
        }
        let closing = match self.status {
            Status::Enforcing | Status::Unable => None,
            Status::Postponed => Some(Event::Postponed),
            Status::Suspended => Some(Event::Suspended),
            Status::Completed => Some(Event::Completed),
            Status::Terminated => Some(Event::Terminated { reason: None }),
            Status::Entrusted => self.entrusted_to.clone().map(|to| Event::Entrusted { to }),
        };
        if let (Some(event), Some(on)) = (closing, self.status_on) {
            events.push((on, event, Column::Status));
        }
        // Stable: on one day, the order above (money, unable, hold, close).
        events.sort_by_key(|(on, event, _)| (*on, event.kind().closes()));
        let mut records = vec![(
            Record::Accepted {
                case: self.code.clone(),
                on: self.accepted_on,
                acceptance: Box::new(self.acceptance.clone()),
            },
            Column::Code,
        )];
        records.extend(events.into_iter().map(|(on, event, column)| {
            let case = self.code.clone();
            (Record::Event { case, on, event }, column)
        }));
        records
    }

    /// The row of a case on a day: the fold of its events dated up to then.
    pub fn of_case(
        code: CaseCode,
        accepted_on: Day,
        acceptance: Acceptance,
        events: impl IntoIterator<Item = (Day, Event)>,
    ) -> RegisterRow {
        let mut fold = RowFold::new(code, accepted_on, acceptance);
        for (on, event) in events {
            fold.apply(on, event);
        }
        fold.finish()
    }

    /// The row's cells, in the order of [`Column::ALL`].
    pub fn cells(&self) -> Vec<Cell> {
        let a = &self.acceptance;
        let text = |s: &str| Cell::Text(s.to_owned());
        let optional = |s: &Option<String>| s.as_deref().map_or(Cell::Empty, text);
        let day = |d: Option<Day>| d.map_or(Cell::Empty, Cell::Day);
        let money = |m: Vnd| Cell::Money(m);
        let categories: Vec<&str> = a.categories.iter().map(|c| category_name(*c)).collect();
        Column::ALL
            .iter()
            .map(|column| match column {
                Column::Code => text(self.code.as_str()),
                Column::Decision => text(&a.decision),
                Column::Judgment => text(&a.judgment),
                Column::Agency => text(a.agency.as_str()),
                Column::Mode => text(mode_name(a.mode)),
                Column::Categories if categories.is_empty() => Cell::Empty,
                Column::Categories => Cell::Text(categories.join("; ")),
                Column::Debtor => text(&a.debtor.name),
                Column::DebtorId => optional(&a.debtor.id),
                Column::DebtorAddress => optional(&a.debtor.address),
                Column::Creditor => text(&a.creditor.name),
                Column::CreditorId => optional(&a.creditor.id),
                Column::CreditorAddress => optional(&a.creditor.address),
                Column::AcceptedOn => Cell::Day(self.accepted_on),
                Column::Amount => money(a.amount),
                Column::Collected => money(self.collected.total),
                Column::CollectedThisYear => money(self.collected.this_year),
                Column::CollectedOn => day(self.collected.last_on),
                Column::Reduced => money(self.reduced.total),
                Column::ReducedThisYear => money(self.reduced.this_year),
                Column::ReducedOn => day(self.reduced.last_on),
                Column::UnableSince => day(self.unable.as_ref().map(|(on, _)| *on)),
                Column::UnableReason => self
                    .unable
                    .as_ref()
                    .and_then(|(_, r)| r.as_deref())
                    .map_or(Cell::Empty, text),
                Column::Status => text(status_name(self.status)),
                Column::StatusOn => day(self.status_on),
                Column::EntrustedTo => self
                    .entrusted_to
                    .as_ref()
                    .map_or(Cell::Empty, |to| text(to.as_str())),
            })
            .collect()
    }
}

/// A case's row folded from its events one at a time, as the journal
/// streams by.
#[derive(Debug, Clone)]
pub struct RowFold {
    row: RegisterRow,
    state: CaseState,
    held_on: Option<Day>,
}

impl RowFold {
    /// A case just accepted.
    pub fn new(code: CaseCode, accepted_on: Day, acceptance: Acceptance) -> RowFold {
        RowFold {
            state: CaseState::accepted(accepted_on, acceptance.amount),
            row: RegisterRow {
                code,
                accepted_on,
                acceptance,
                collected: Moved::default(),
                reduced: Moved::default(),
                unable: None,
                status: Status::Enforcing,
                status_on: None,
                entrusted_to: None,
            },
            held_on: None,
        }
    }

    /// Takes the case's next event into account.
    pub fn apply(&mut self, on: Day, event: Event) {
        if self.state.apply(on, event.kind(), event.amount()).is_err() {
            return; // Stored journals hold valid events only.
        }
        let row = &mut self.row;
        match event {
            Event::Collected(amount) => row.collected.add(on, amount),
            Event::Reduced(amount) => row.reduced.add(on, amount),
            Event::Unable { reason } => row.unable = Some((on, reason)),
            Event::Able => row.unable = None,
            Event::Postponed | Event::Suspended => self.held_on = Some(on),
            Event::Resumed => self.held_on = None,
            Event::Entrusted { to } => row.entrusted_to = Some(to),
            Event::Completed | Event::Terminated { .. } => {}
        }
    }

    /// The row: where the case stands, and since when.
    pub fn finish(self) -> RegisterRow {
        let mut row = self.row;
        row.status = self.state.status();
        row.status_on = match row.status {
            Status::Enforcing => None,
            Status::Unable => row.unable.as_ref().map(|(on, _)| *on),
            Status::Postponed | Status::Suspended => self.held_on,
            Status::Completed | Status::Terminated | Status::Entrusted => {
                self.state.closed.map(|(_, on)| on)
            }
        };
        row
    }
}

/// A register with its agencies: what is written, and what is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterBook {
    /// The agencies (a workbook's “Đơn vị” sheet), parents first.
    pub agencies: Vec<Agency>,
    /// One row per case.
    pub rows: Vec<RegisterRow>,
}

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
                    problem(
                        format!(
                            "no agency has the code {code}: declare it in the sheet “{AGENCY_SHEET}” or ask the administrator"
                        ),
                        format!(
                            "không có đơn vị mã {code}: khai báo ở trang “{AGENCY_SHEET}” hoặc đề nghị quản trị viên"
                        ),
                    )
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

/// What is wrong, in English (the command line's language) and in
/// Vietnamese (what the pages show clerks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// In English.
    pub english: String,
    /// In Vietnamese.
    pub vietnamese: String,
}

/// A problem, in both languages.
pub fn problem(english: impl Into<String>, vietnamese: impl Into<String>) -> Problem {
    Problem {
        english: english.into(),
        vietnamese: vietnamese.into(),
    }
}

impl Problem {
    /// The problem as a fault of a row and column.
    pub fn at(self, row: usize, column: impl Into<String>) -> Fault {
        Fault {
            line: row,
            column: Some(column.into()),
            message: self.english,
            vietnamese: Some(self.vietnamese),
        }
    }
}

/// A file that is not a register at all (as opposed to one with faults in
/// its rows).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.english)]
pub struct Unreadable(pub Problem);

/// Reads a register from its table of cells (see [`sheet`]); `agencies`
/// is the workbook's “Đơn vị” sheet, if it has one.
pub fn read(table: Table, agencies: Option<Table>) -> Result<ReadRegister, Unreadable> {
    let mut read = ReadRegister::default();
    if let Some(agencies) = agencies {
        read_agencies(agencies, &mut read);
    }
    if table.rows.is_empty() {
        return Err(Unreadable(problem(
            format!(
                "the sheet “{}” is empty: row 1 must hold the column headings (download the template with “thads template register”)",
                table.name
            ),
            format!(
                "trang tính “{}” trống: dòng đầu phải là tiêu đề các cột (xem mẫu sổ thụ lý)",
                table.name
            ),
        )));
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
            Some(column) if columns.iter().any(|(c, _)| c == column) => faults.push(
                problem(
                    "this heading appears twice",
                    "tiêu đề này xuất hiện hai lần",
                )
                .at(row, column.heading()),
            ),
            Some(column) => columns.push((*column, i)),
            None => faults.push(
                problem(
                    "not a column of the register (see the template's headings)",
                    "không phải cột của sổ thụ lý (xem tiêu đề các cột trong mẫu)",
                )
                .at(row, text),
            ),
        }
    }
    for column in Column::ALL {
        if column.required() && !columns.iter().any(|(c, _)| *c == column) {
            faults.push(
                problem(
                    "this column is missing: the heading row must name every required column of the template",
                    "thiếu cột này: dòng tiêu đề phải có đủ các cột bắt buộc của mẫu",
                )
                .at(row, column.heading()),
            );
        }
    }
    (faults.total() == before).then_some(columns)
}

fn merged_fault(merged: &sheet::Merged, column: String) -> Fault {
    let (first, last) = (merged.first_row, merged.last_row);
    let (rows, dong) = if first == last {
        (format!("row {first}"), format!("dòng {first}"))
    } else {
        (
            format!("rows {first} to {last}"),
            format!("dòng {first} đến {last}"),
        )
    };
    problem(
        format!("cells are merged ({rows}): unmerge them and write the value in every cell"),
        format!("các ô bị gộp ({dong}): bỏ gộp ô và ghi giá trị vào từng ô"),
    )
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
                .map(|t| {
                    CaseCode::parse(&t).map_err(|e| {
                        problem(
                            e.to_string(),
                            format!("“{t}” không phải mã việc (1–64 ký tự, không có dấu cách)"),
                        )
                    })
                })
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
                problem(
                    format!(
                        "{collected} collected and {reduced} reduced is more than the {amount} to enforce"
                    ),
                    format!(
                        "đã thu {collected} và đã miễn, giảm {reduced}, nhiều hơn số tiền phải thi hành {amount}"
                    ),
                ),
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
                    problem(
                        format!("{on} differs from “{unable}” ({since})"),
                        format!("{on} khác với cột “{unable}” ({since})"),
                    ),
                );
                None
            }
            (Status::Unable, None, None) => {
                self.fault(
                    Column::UnableSince,
                    problem(
                        "a case not enforceable needs the date of that decision",
                        "việc chưa có điều kiện thi hành cần ngày của quyết định đó",
                    ),
                );
                None
            }
            (Status::Enforcing, Some(_), _) => {
                let (enforcing, unable) =
                    (status_name(Status::Enforcing), status_name(Status::Unable));
                self.fault(
                    Column::UnableSince,
                    problem(
                        format!("the case is “{enforcing}”, so it is enforceable: leave this cell empty or set the status to “{unable}”"),
                        format!("việc đang “{enforcing}” nên có điều kiện thi hành: để trống ô này hoặc ghi trạng thái “{unable}”"),
                    ),
                );
                None
            }
            (_, since, _) => since,
        };
        if unable_reason.is_some() && unable_since.is_none() && !self.bad {
            let since = Column::UnableSince.heading();
            self.fault(
                Column::UnableReason,
                problem(
                    format!("a reason, but no date in “{since}”"),
                    format!("có lý do nhưng chưa có ngày ở cột “{since}”"),
                ),
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
                    problem(
                        format!("the date of “{name}” is missing"),
                        format!("thiếu ngày của trạng thái “{name}”"),
                    ),
                );
                None
            }
            _ => status_on,
        };
        match (status, entrusted_to) {
            (Status::Entrusted, None) => {
                self.fault(
                    Column::EntrustedTo,
                    problem(
                        "an entrusted case needs the code of the agency it went to",
                        "việc ủy thác cần mã của cơ quan nhận ủy thác",
                    ),
                );
            }
            (Status::Entrusted, to) => row.entrusted_to = to,
            (_, Some(_)) => {
                let entrusted = status_name(Status::Entrusted);
                self.fault(
                    Column::EntrustedTo,
                    problem(
                        format!("only a case “{entrusted}” has this cell filled"),
                        format!("chỉ ghi ô này khi trạng thái là “{entrusted}”"),
                    ),
                )
            }
            (_, None) => {}
        }
        if status == Status::Completed && collected.0 + reduced.0 < amount.0 {
            let owed = Vnd(amount.0 - collected.0 - reduced.0);
            let name = status_name(status);
            self.fault(
                Column::Status,
                problem(
                    format!("the case is “{name}”, but {owed} is still owed"),
                    format!("việc ở trạng thái “{name}” nhưng còn phải thi hành {owed}"),
                ),
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
                    problem(
                        format!("the case was accepted on {accepted}, within the statistical year from {start}: all of it is within that year"),
                        format!("việc thụ lý ngày {accepted}, trong năm thống kê từ {start}: toàn bộ số tiền thuộc năm đó"),
                    ),
                );
            }
        }
        for (column, on) in dated {
            if let Some(on) = on.filter(|on| *on < row.accepted_on) {
                let (on, accepted) = (on.dd_mm_yyyy(), row.accepted_on.dd_mm_yyyy());
                self.fault(
                    column,
                    problem(
                        format!("{on} is before the case was accepted ({accepted})"),
                        format!("{on} trước ngày thụ lý ({accepted})"),
                    ),
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
                        problem(
                            format!("{on} is after the case was closed (“{name}”, {closed})"),
                            format!("{on} sau ngày kết thúc việc (“{name}”, {closed})"),
                        ),
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
                    problem(
                        format!("no amount in “{heading}”"),
                        format!("chưa có số tiền ở cột “{heading}”"),
                    ),
                );
                return None;
            }
            (_, None) => {
                let heading = total.heading();
                self.fault(
                    on,
                    problem(
                        format!("the date is missing for the amount in “{heading}”"),
                        format!("thiếu ngày cho số tiền ở cột “{heading}”"),
                    ),
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
                problem(
                    format!("must be from 1 đ (the last one, on {last}, is within its statistical year) to the {value} of “{heading}”"),
                    format!("phải từ 1 đ (lần gần nhất, ngày {last}, thuộc năm thống kê của nó) đến {value} của cột “{heading}”"),
                ),
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
    problem("this cell must not be empty", "ô này không được để trống")
}

fn agency_code(cell: &Cell) -> Result<Option<AgencyCode>, Problem> {
    sheet::text(cell)?
        .map(|t| {
            AgencyCode::parse(&t).map_err(|e| {
                problem(
                    e.to_string(),
                    format!("“{t}” không phải mã đơn vị (1–32 chữ cái, chữ số, “-”, “_” hoặc “.”)"),
                )
            })
        })
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
        .ok_or_else(|| {
            problem(
                format!("“{text}” is not a mode: write “Chủ động” or “Theo đơn”"),
                format!("“{text}” không phải hình thức thụ lý: ghi “Chủ động” hoặc “Theo đơn”"),
            )
        })
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
                folded == fold(category_name(*c)) || folded == fold(c.name_vi()) || part == c.as_str()
            })
            .ok_or_else(|| {
                problem(
                    format!("“{part}” is not a category: write Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế (separated by “;”)"),
                    format!("“{part}” không phải loại việc: ghi Ngân sách nhà nước; Tổ chức tín dụng; Tham nhũng, kinh tế (cách nhau bởi dấu “;”)"),
                )
            })?;
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
            problem(
                format!("“{text}” is not a status: write one of {names}"),
                format!("“{text}” không phải trạng thái: ghi một trong các trạng thái {names}"),
            )
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
                problem(
                    format!("this column of the sheet “{AGENCY_SHEET}” is missing"),
                    format!("thiếu cột này trong trang “{AGENCY_SHEET}”"),
                )
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

impl Thads {
    /// The register of the cases the actor may export, within `agency`'s
    /// subtree (all of them if `None`), as of the end of `as_of`: every case
    /// accepted by then, in journal order, in its state on that day; and
    /// every agency.
    pub async fn register(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        as_of: Day,
    ) -> Result<RegisterBook, ExportError> {
        let agencies = self.store.agencies().await?;
        let reach = actor.export_reach(&agencies)?;
        let scope = match agency {
            Some(code) => Some(
                agencies
                    .index(code)
                    .filter(|i| reach.covers(&agencies, *i))
                    .ok_or_else(|| ExportError::UnknownAgency(code.clone()))?,
            ),
            None => None,
        };
        // An agency's cases are all in its province: read only those.
        let province = scope.map(|s| agencies.get(agencies.root(s)).code.clone());
        let mut cases: Vec<RowFold> = Vec::new();
        let mut index: HashMap<CaseCode, usize> = HashMap::new();
        self.store
            .export_province(province.as_ref(), &mut |record| {
                match record {
                    Record::Accepted {
                        case,
                        on,
                        acceptance,
                    } if on <= as_of => {
                        let agency = agencies.index(&acceptance.agency).expect("stored agency");
                        if reach.covers(&agencies, agency)
                            && scope.is_none_or(|s| agencies.is_within(agency, s))
                        {
                            index.insert(case.clone(), cases.len());
                            cases.push(RowFold::new(case, on, *acceptance));
                        }
                    }
                    Record::Event { case, on, event } if on <= as_of => {
                        if let Some(i) = index.get(&case) {
                            cases[*i].apply(on, event);
                        }
                    }
                    _ => {}
                }
                Ok(())
            })
            .await??;
        let rows = cases.into_iter().map(RowFold::finish).collect();
        Ok(RegisterBook {
            agencies: agencies.iter().cloned().collect(),
            rows,
        })
    }
}
