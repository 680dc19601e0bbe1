//! The evidence warehouse (kho vật chứng): what each warehouse holds on a
//! day against its floor area, the month by month trend, what is owed
//! (stocktakes, councils, items held five years with no judgment), the
//! space a province needs against the space it has, and the keepers'
//! writes: an item received, issued, returned, a count, a council.
//!
//! Read from the facts of coordination (the ledger only for the criminal
//! cases whose evidence may still come).

use thads_core::coordination::{Code, Coordination, Fact as CoordinationFact};
use thads_core::ledger::Ledger;
use thads_core::warehouse::{
    CountDue, Fact, Hundredths, ItemKind, ItemState, Stock, WarehouseRules, WarehouseState, alert,
};
use thads_core::{AgencyCode, AgencyTree, Day, JudgmentKind};

use crate::coordination::CoordinationError;
use crate::view::ListError;
use crate::{Actor, Thads};

/// A warehouse's stock on a day.
#[derive(Debug, Clone)]
pub struct WarehouseRow {
    /// Its code.
    pub code: Code,
    /// Its name.
    pub name: String,
    /// Its agency.
    pub agency: AgencyCode,
    /// Its floor area.
    pub capacity: Hundredths,
    /// What it holds.
    pub stock: Stock,
    /// Whether it is nearly full.
    pub alert: bool,
}

impl WarehouseRow {
    fn of(w: &WarehouseState, as_of: Day) -> WarehouseRow {
        let stock = w.stock_on(as_of);
        let percent = WarehouseRules::shipped()
            .in_force(as_of)
            .map_or(90, |r| r.alert_percent);
        WarehouseRow {
            code: w.warehouse.code.clone(),
            name: w.warehouse.name.clone(),
            agency: w.warehouse.agency.clone(),
            capacity: w.warehouse.area,
            stock,
            alert: alert(stock.area(), w.warehouse.area, percent),
        }
    }

    /// The share of its floor taken, in hundredths of a percent.
    pub fn used(&self) -> Option<thads_core::report::Rate> {
        (self.capacity.0 > 0).then(|| {
            let r = u128::from(self.stock.area().0) * 10_000 / u128::from(self.capacity.0);
            thads_core::report::Rate(r.min(u128::from(u32::MAX)) as u32)
        })
    }
}

/// The warehouses the actor sees (of `agency`'s subtree), each with its
/// stock at the end of `as_of`.
pub fn stock_in(
    agencies: &AgencyTree,
    coordination: &Coordination,
    actor: &Actor,
    agency: Option<&AgencyCode>,
    as_of: Day,
) -> Result<Vec<WarehouseRow>, ListError> {
    actor.may_see_warehouses()?;
    let top = match agency {
        Some(code) => Some(
            agencies
                .index(code)
                .ok_or_else(|| ListError::UnknownAgency(code.clone()))?,
        ),
        None => None,
    };
    Ok(coordination
        .warehouses()
        .iter()
        .filter(|w| {
            agencies.index(&w.warehouse.agency).is_some_and(|a| {
                actor.sees_warehouse(agencies, a, &w.warehouse.code)
                    && top.is_none_or(|top| agencies.is_within(a, top))
            })
        })
        .map(|w| WarehouseRow::of(w, as_of))
        .collect())
}

/// A warehouse seen closely: its stock, its trend over the twelve months
/// to the day, what it holds, and what it owes.
#[derive(Debug)]
pub struct WarehouseView<'a> {
    /// Its stock.
    pub row: WarehouseRow,
    /// Its state.
    pub state: &'a WarehouseState,
    /// What it held at the end of each of the last twelve months.
    pub trend: Vec<(Day, Stock)>,
    /// The items it holds on the day (withdrawn ones included), newest
    /// first.
    pub items: Vec<&'a ItemState>,
    /// The stocktakes it owes.
    pub counts_owed: Vec<CountDue>,
    /// The items held five years with no judgment: to list for sale.
    pub unidentified: Vec<&'a ItemState>,
    /// The councils that have items left to destroy, with their last day.
    pub councils: Vec<(&'a thads_core::warehouse::Council, Day)>,
}

/// A warehouse the actor sees, on a day (`None`: none it sees).
pub fn warehouse_in<'a>(
    agencies: &AgencyTree,
    coordination: &'a Coordination,
    actor: &Actor,
    code: &Code,
    as_of: Day,
) -> Result<Option<WarehouseView<'a>>, ListError> {
    actor.may_see_warehouses()?;
    let all = coordination.warehouses();
    let Some(state) = all.get(code) else {
        return Ok(None);
    };
    let seen = agencies
        .index(&state.warehouse.agency)
        .is_some_and(|a| actor.sees_warehouse(agencies, a, code));
    if !seen {
        return Ok(None);
    }
    let mut items: Vec<&ItemState> = all
        .items_of(state)
        .filter(|s| s.status_on(as_of).is_some_and(|s| s.held()))
        .collect();
    items.reverse();
    Ok(Some(WarehouseView {
        row: WarehouseRow::of(state, as_of),
        state,
        trend: state.trend(as_of.plus_months(-11), as_of),
        items,
        counts_owed: state.counts_owed(all, as_of),
        unidentified: all.unidentified(state, as_of).collect(),
        councils: all
            .councils_open(as_of)
            .into_iter()
            .filter(|(c, _)| c.warehouse == *code)
            .collect(),
    }))
}

/// The space of a province's warehouses: what there is, what is taken,
/// what is expected, and what is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Space {
    /// The floor area of its warehouses.
    pub available: Hundredths,
    /// The area their items take.
    pub occupied: Hundredths,
    /// The open criminal cases of the province with no item received.
    pub cases_to_come: u64,
    /// The area their evidence is expected to take: as many times the
    /// mean area of a case's items received.
    pub expected: Hundredths,
    /// Occupied and expected.
    pub needed: Hundredths,
    /// What is needed beyond what there is.
    pub shortfall: Hundredths,
}

/// The space of the warehouses of `province`'s agencies on a day. The
/// evidence still to come is that of the province's criminal cases open
/// on the day with no item received, each taking the mean area of the
/// cases whose items were: as far as the journal knows them.
pub fn space_of(
    agencies: &AgencyTree,
    ledger: &Ledger,
    coordination: &Coordination,
    province: thads_core::agency::AgencyIndex,
    case_ids_with_items: &std::collections::HashSet<thads_core::ledger::CaseId>,
    as_of: Day,
) -> Space {
    let all = coordination.warehouses();
    let mut space = Space::default();
    let mut received_area = 0u64;
    let mut received_cases = std::collections::HashSet::new();
    for w in all.iter() {
        let ours = agencies
            .index(&w.warehouse.agency)
            .is_some_and(|a| agencies.root(a) == province);
        if !ours {
            continue;
        }
        space.available.0 += w.warehouse.area.0;
        space.occupied.0 += w.stock_on(as_of).area().0;
        for held in all.items_of(w).filter(|s| s.item.on <= as_of) {
            if let Some(case) = &held.item.case {
                received_area += held.item.area.0;
                received_cases.insert(case);
            }
        }
    }
    let mut cases_to_come = 0u64;
    for id in 0..ledger.case_count() as thads_core::ledger::CaseId {
        let Some(agency) = ledger.agency_of(id) else {
            continue;
        };
        let criminal = ledger.judgment_kind(id) == Some(JudgmentKind::Criminal);
        if !criminal || agencies.root(agency) != province || case_ids_with_items.contains(&id) {
            continue;
        }
        if ledger
            .case_on(id, as_of)
            .is_some_and(|(_, state)| state.closed.is_none())
        {
            cases_to_come += 1;
        }
    }
    space.cases_to_come = cases_to_come;
    if !received_cases.is_empty() {
        space.expected.0 = received_area * cases_to_come / received_cases.len() as u64;
    }
    space.needed.0 = space.occupied.0 + space.expected.0;
    space.shortfall.0 = space.needed.0.saturating_sub(space.available.0);
    space
}

impl Thads {
    /// The warehouses the actor sees, with their stock at the end of
    /// `as_of`: `thads warehouse stock`.
    pub async fn warehouse_stock(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        as_of: Day,
    ) -> Result<Vec<WarehouseRow>, ListError> {
        actor.may_see_warehouses()?;
        let (agencies, coordination) = self.store.coordination().await?;
        stock_in(&agencies, &coordination, actor, agency, as_of)
    }

    /// The space of a province's warehouses on a day (see [`space_of`]).
    pub async fn warehouse_space(
        &self,
        snapshot: &thads_store::Snapshot,
        province: thads_core::agency::AgencyIndex,
        as_of: Day,
    ) -> Result<Space, thads_store::StoreError> {
        let cases: Vec<_> = snapshot
            .coordination
            .warehouses()
            .cases_held()
            .into_iter()
            .collect();
        let ids = self.store.case_ids(snapshot, &cases).await?;
        let ids = ids.into_values().collect();
        Ok(space_of(
            &snapshot.agencies,
            &snapshot.ledger,
            &snapshot.coordination,
            province,
            &ids,
            as_of,
        ))
    }

    /// Records a fact of a warehouse the actor keeps: a warehouse declared
    /// (the console only), an item received, issued or returned, a count,
    /// a council.
    pub async fn record_warehouse(
        &self,
        actor: &Actor,
        fact: Fact,
    ) -> Result<(), CoordinationError> {
        let mut writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let warehouses = snapshot.coordination.warehouses();
        let warehouse = match &fact {
            Fact::Warehouse(w) => Some(&w.code),
            Fact::Received(i) => Some(&i.warehouse),
            Fact::Stocktake(s) => Some(&s.warehouse),
            Fact::Council(c) => Some(&c.warehouse),
            Fact::Issued(thads_core::warehouse::Issue { item, .. })
            | Fact::ReturnedToStore { item, .. } => {
                warehouses.item(item).map(|s| &s.item.warehouse)
            }
        };
        let keeps = match (&fact, warehouse) {
            (Fact::Warehouse(_), _) => actor.keeps_every_warehouse(),
            (_, Some(code)) => actor.keeps(code),
            (_, None) => false,
        };
        if !keeps {
            return Err(match actor.may_see_warehouses() {
                Err(denied) => denied.into(),
                Ok(()) => CoordinationError::NotFound(fact.subject().to_owned()),
            });
        }
        let ids = match fact.case() {
            Some(case) => writer.case_ids(&[case]).await?,
            None => Default::default(),
        };
        let subject = fact.subject().to_owned();
        let action = format!("warehouse.{}", fact.kind());
        self.append_facts(
            writer,
            actor,
            &action,
            &subject,
            vec![CoordinationFact::Warehouse(fact)],
            Some(&ids),
        )
        .await
    }
}

/// The stock as the command line's JSON: a warehouse an object.
pub fn stock_json(rows: &[WarehouseRow], as_of: Day) -> String {
    let warehouses: Vec<_> = rows
        .iter()
        .map(|r| {
            let kinds: serde_json::Map<String, serde_json::Value> = ItemKind::ALL
                .iter()
                .map(|k| (k.as_str().to_owned(), r.stock.of_kind(*k).into()))
                .collect();
            serde_json::json!({
                "warehouse": r.code.as_str(),
                "name": r.name,
                "agency": r.agency.as_str(),
                "capacity_m2": r.capacity.to_json(),
                "occupied_m2": r.stock.area().to_json(),
                "items": r.stock.items,
                "withdrawn": r.stock.withdrawn,
                "kinds": kinds,
                "alert": r.alert,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "as_of": as_of.to_string(),
        "warehouses": warehouses,
    }))
    .expect("the stock serializes");
    text.push('\n');
    text
}

/// A cell of a register's row.
enum Cell {
    Text(String),
    Number(f64),
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<Hundredths> for Cell {
    fn from(h: Hundredths) -> Cell {
        // Hundredths below 2^53 are exact enough for two decimals.
        Cell::Number(h.0 as f64 / 100.0)
    }
}

/// A register as one sheet: its title lines, its headings and rows, with
/// thin borders; quantities and areas with up to two decimals.
fn table_xlsx(
    sheet_name: &str,
    titles: &[String],
    columns: &[(&str, f64)],
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let title = Style::new().set_bold().set_align(FormatAlign::Center);
    let heading = Style::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let text = Style::new().set_text_wrap().set_border(FormatBorder::Thin);
    let number = Style::new()
        .set_num_format("#,##0.##")
        .set_border(FormatBorder::Thin);
    let last = columns.len() as u16 - 1;
    for (i, line) in titles.iter().enumerate() {
        sheet.merge_range(i as u32, 0, i as u32, last, line, &title)?;
    }
    let top = titles.len() as u32 + 1;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_with_format(top, col as u16, *name, &heading)?;
    }
    for (i, cells) in rows.into_iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &number)?;
        for (col, cell) in cells.into_iter().enumerate() {
            let col = col as u16 + 1;
            match cell {
                Cell::Text(s) => sheet.write_string_with_format(row, col, &s, &text)?,
                Cell::Number(n) => sheet.write_number_with_format(row, col, n, &number)?,
            };
        }
    }
    workbook.save_to_buffer()
}

fn vi_date(day: Day) -> String {
    thads_core::text::Lang::Vi.date(day)
}

/// How an item left, in the register's words.
fn leaving(held: &ItemState) -> (String, String) {
    let status = format!("item-status-{}", held.status.as_str());
    (
        held.left_on().map_or_else(String::new, vi_date),
        thads_core::text::Lang::Vi.t(&status),
    )
}

/// The warehouse's register (sổ theo dõi vật chứng, tài sản tạm giữ, form
/// 13): every item received, in the order received, with how it left.
pub fn register_xlsx(
    coordination: &Coordination,
    state: &WarehouseState,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let all = coordination.warehouses();
    let w = &state.warehouse;
    let rows = all
        .items_of(state)
        .map(|held| {
            let i = &held.item;
            let (left, how) = leaving(held);
            vec![
                vi_date(i.on).into(),
                i.code.as_str().into(),
                i.case
                    .as_ref()
                    .map_or(String::new(), |c| c.to_string())
                    .into(),
                i.description.clone().into(),
                thads_core::text::Lang::Vi
                    .t(&format!("item-kind-{}", i.kind.as_str()))
                    .into(),
                i.quantity.into(),
                i.unit.clone().into(),
                i.seals.clone().unwrap_or_default().into(),
                i.place.clone().unwrap_or_default().into(),
                i.area.into(),
                left.into(),
                how.into(),
            ]
        })
        .collect();
    table_xlsx(
        "Mẫu 13",
        &[
            "SỔ THEO DÕI VẬT CHỨNG, TÀI SẢN TẠM GIỮ (Mẫu số 13)".to_owned(),
            format!("Kho {} — {}", w.code, w.name),
        ],
        &[
            ("STT", 6.0),
            ("Ngày nhập kho", 12.0),
            ("Số phiếu nhập (C04)", 18.0),
            ("Việc thi hành án", 16.0),
            ("Tên vật chứng, tài sản", 36.0),
            ("Loại", 16.0),
            ("Số lượng", 10.0),
            ("Đơn vị tính", 10.0),
            ("Niêm phong", 18.0),
            ("Vị trí", 14.0),
            ("Diện tích (m²)", 12.0),
            ("Ngày xuất kho", 12.0),
            ("Tình trạng, hình thức xử lý", 28.0),
        ],
        rows,
    )
}

/// The stock card of a case (thẻ kho, D67): each of its items and each
/// move, in order.
pub fn stock_card_xlsx(
    coordination: &Coordination,
    case: &thads_core::CaseCode,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use thads_core::warehouse::Move;
    let mut rows = Vec::new();
    for held in coordination
        .warehouses()
        .items()
        .iter()
        .filter(|s| s.item.case.as_ref() == Some(case))
    {
        let i = &held.item;
        rows.push(vec![
            vi_date(i.on).into(),
            i.code.as_str().into(),
            i.description.clone().into(),
            "Nhập kho (C04)".into(),
            i.quantity.into(),
            Cell::Text(String::new()),
            i.unit.clone().into(),
            i.warehouse.as_str().into(),
        ]);
        for m in &held.moves {
            let (what, document) = match m {
                Move::Issued(issue) => (
                    format!(
                        "Xuất kho (C05): {}",
                        thads_core::text::Lang::Vi
                            .t(&format!("purpose-{}", issue.purpose.as_str()))
                    ),
                    issue.decision.clone().unwrap_or_default(),
                ),
                Move::Returned(_) => ("Nhập lại sau tạm xuất".to_owned(), String::new()),
            };
            let (received, issued) = match m {
                Move::Issued(_) => (Cell::Text(String::new()), i.quantity.into()),
                Move::Returned(_) => (i.quantity.into(), Cell::Text(String::new())),
            };
            rows.push(vec![
                vi_date(m.on()).into(),
                i.code.as_str().into(),
                i.description.clone().into(),
                format!("{what} {document}").trim().to_owned().into(),
                received,
                issued,
                i.unit.clone().into(),
                i.warehouse.as_str().into(),
            ]);
        }
    }
    table_xlsx(
        "D67",
        &[
            "THẺ KHO VẬT CHỨNG, TÀI SẢN TẠM GIỮ (Mẫu D67)".to_owned(),
            format!("Việc thi hành án {case}"),
        ],
        &[
            ("STT", 6.0),
            ("Ngày", 12.0),
            ("Số hiệu vật chứng", 18.0),
            ("Tên vật chứng, tài sản", 36.0),
            ("Diễn giải", 36.0),
            ("Nhập", 10.0),
            ("Xuất", 10.0),
            ("Đơn vị tính", 10.0),
            ("Kho", 10.0),
        ],
        rows,
    )
}

/// A warehouse's count sheet on a day: each item in the store, its
/// place and the register's quantity, with a column to write what is
/// counted.
pub fn count_sheet_xlsx(
    coordination: &Coordination,
    state: &WarehouseState,
    as_of: Day,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let w = &state.warehouse;
    let rows = coordination
        .warehouses()
        .items_of(state)
        .filter(|s| s.status_on(as_of) == Some(thads_core::warehouse::Status::InStore))
        .map(|held| {
            let i = &held.item;
            vec![
                i.code.as_str().into(),
                i.case
                    .as_ref()
                    .map_or(String::new(), |c| c.to_string())
                    .into(),
                i.description.clone().into(),
                i.place.clone().unwrap_or_default().into(),
                i.seals.clone().unwrap_or_default().into(),
                i.quantity.into(),
                i.unit.clone().into(),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ]
        })
        .collect();
    table_xlsx(
        "Kiểm kê",
        &[
            "BIÊN BẢN KIỂM KÊ KHO VẬT CHỨNG, TÀI SẢN TẠM GIỮ".to_owned(),
            format!("Kho {} — {} — ngày {}", w.code, w.name, vi_date(as_of)),
        ],
        &[
            ("STT", 6.0),
            ("Số hiệu vật chứng", 18.0),
            ("Việc thi hành án", 16.0),
            ("Tên vật chứng, tài sản", 36.0),
            ("Vị trí", 14.0),
            ("Niêm phong", 18.0),
            ("Số lượng theo sổ", 12.0),
            ("Đơn vị tính", 10.0),
            ("Số lượng kiểm đếm", 12.0),
            ("Ghi chú", 20.0),
        ],
        rows,
    )
}
