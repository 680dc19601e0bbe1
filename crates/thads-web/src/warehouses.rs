//! The evidence warehouses (Kho vật chứng): each warehouse's stock against
//! its floor area with the alert when nearly full; a warehouse's page with
//! its trend, its items, what it owes (stocktakes, councils, items held
//! five years with no judgment) and, for its keepers, the forms that
//! receive, issue, bring back, count and destroy; the registers as Excel.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::Code;
use thads_core::text::Text;
use thads_core::warehouse::{
    Council, Fact, Hundredths, Issue, Item, ItemKind, ItemState, Purpose, Status, Stocktake,
};
use thads_core::{AgencyCode, CaseCode, Day};
use thads_service::RecordError;
use thads_service::coordination::CoordinationError;
use thads_service::warehouse::{WarehouseRow, stock_in, warehouse_in};

use crate::error::PageError;
use crate::{App, Chrome, Reading, parse_day};

/// How many items a warehouse's page lists, and its forms offer to pick.
const ITEM_ROWS: usize = 200;

/// How many items the stocktake's form counts on the page; a larger
/// warehouse counts on its count sheet and records the count by import.
const COUNT_ROWS: usize = 500;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct StockChoice {
    agency: String,
    as_of: String,
}

/// A warehouse as a row of the stock table.
struct StockView {
    code: String,
    name: String,
    agency: String,
    capacity: String,
    occupied: String,
    used: String,
    items: u64,
    withdrawn: u64,
    kinds: Vec<u64>,
    alert: bool,
}

impl StockView {
    fn of(c: &Chrome, r: &WarehouseRow) -> StockView {
        StockView {
            code: r.code.to_string(),
            name: r.name.clone(),
            agency: r.agency.to_string(),
            capacity: area(c, r.capacity),
            occupied: area(c, r.stock.area()),
            used: c.lang.rate(r.used()),
            items: r.stock.items.max(0) as u64,
            withdrawn: r.stock.withdrawn.max(0) as u64,
            kinds: ItemKind::ALL
                .iter()
                .map(|k| r.stock.of_kind(*k).max(0) as u64)
                .collect(),
            alert: r.alert,
        }
    }
}

/// An area the page's way: `4,5 m²`.
pub(crate) fn area(c: &Chrome, a: Hundredths) -> String {
    format!("{} m²", decimal(c, a))
}

/// A quantity or an area with its decimals, the page's way: `1.234,5`.
fn decimal(c: &Chrome, a: Hundredths) -> String {
    c.lang.hundredths(a.0)
}

#[derive(Template)]
#[template(path = "warehouses.html")]
struct StockPage {
    c: Chrome,
    agency: String,
    as_of: Day,
    agencies: Vec<(String, String)>,
    kinds: Vec<String>,
    rows: Vec<StockView>,
    total_capacity: String,
    total_occupied: String,
}

/// The stock of every warehouse the account sees.
pub(crate) async fn stock(
    reading: Reading,
    Query(choice): Query<StockChoice>,
) -> Result<Response, PageError> {
    let agency = match choice.agency.as_str() {
        "" => None,
        code => Some(AgencyCode::parse(code).map_err(|_| PageError::not_found())?),
    };
    let as_of = parse_day(&choice.as_of).unwrap_or_else(thads_service::today_in_vietnam);
    let (actor, c, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let rows = stock_in(
        &snapshot.agencies,
        &snapshot.coordination,
        &actor,
        agency.as_ref(),
        as_of,
    )?;
    let agencies = thads_service::report_agencies(snapshot, &actor)
        .unwrap_or_default()
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let total = |f: &dyn Fn(&WarehouseRow) -> u64| Hundredths(rows.iter().map(f).sum());
    Ok(crate::page(&StockPage {
        total_capacity: area(&c, total(&|r| r.capacity.0)),
        total_occupied: area(&c, total(&|r| r.stock.area().0)),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| c.t(&format!("item-kind-{}", k.as_str())))
            .collect(),
        rows: rows.iter().map(|r| StockView::of(&c, r)).collect(),
        c,
        agency: choice.agency,
        as_of,
        agencies,
    }))
}

/// An item as a row of a warehouse's page.
struct ItemView {
    code: String,
    case: String,
    case_url: String,
    on: Day,
    kind: String,
    description: String,
    quantity: String,
    unit: String,
    area: String,
    place: String,
    seals: String,
    status: &'static str,
    status_name: String,
    pending_trial: bool,
    discrepancy: String,
    receipt_url: String,
}

impl ItemView {
    fn of(c: &Chrome, held: &ItemState, as_of: Day) -> ItemView {
        let i = &held.item;
        let status = held.status_on(as_of).unwrap_or(Status::InStore);
        ItemView {
            code: i.code.to_string(),
            case: i.case.as_ref().map(|c| c.to_string()).unwrap_or_default(),
            case_url: i
                .case
                .as_ref()
                .map(|code| crate::cases::case_url(code.as_str()))
                .unwrap_or_default(),
            on: i.on,
            kind: c.t(&format!("item-kind-{}", i.kind.as_str())),
            description: i.description.clone(),
            quantity: decimal(c, i.quantity),
            unit: i.unit.clone(),
            area: area(c, i.area),
            place: i.place.clone().unwrap_or_default(),
            seals: i.seals.clone().unwrap_or_default(),
            status: status.as_str(),
            status_name: c.t(&format!("item-status-{}", status.as_str())),
            pending_trial: i.pending_trial,
            discrepancy: i.discrepancy.clone().unwrap_or_default(),
            receipt_url: slip_url(&i.code, 0),
        }
    }
}

/// A stocktake's line on the page.
struct CountView {
    on: Day,
    expected: usize,
    findings: Vec<String>,
    minutes: String,
}

#[derive(Template)]
#[template(path = "warehouse.html")]
struct WarehousePage {
    c: Chrome,
    code: String,
    name: String,
    row: StockView,
    as_of: Day,
    /// Month, area, share of the floor (0–100, for the bar), items.
    trend: Vec<(String, String, u64, i64)>,
    items: Vec<ItemView>,
    first: Option<String>,
    counts_owed: Vec<String>,
    councils: Vec<String>,
    unidentified: Vec<ItemView>,
    counts: Vec<CountView>,
    keeps: bool,
    /// What a refused form said.
    error: Option<String>,
    /// The slip of the move just recorded: its title and address.
    slip: Option<(String, String)>,
    kinds: Vec<(&'static str, String)>,
    purposes: Vec<(&'static str, String)>,
    /// The items the forms offer (the newest held; any may be typed):
    /// those in the store, those withdrawn.
    in_store: Vec<(String, String)>,
    withdrawn: Vec<(String, String)>,
    /// The items the stocktake's form counts: all those in the store, if
    /// not too many.
    to_count: Vec<(String, String)>,
    today: Day,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct DayChoice {
    as_of: String,
    /// The item whose last slip (C04, C05) the page offers: the one a
    /// keeper's form has just moved.
    slip: String,
}

/// A warehouse's page.
pub(crate) async fn warehouse(
    reading: Reading,
    Path(code): Path<String>,
    Query(choice): Query<DayChoice>,
) -> Result<Response, PageError> {
    let as_of = parse_day(&choice.as_of).unwrap_or_else(thads_service::today_in_vietnam);
    let slip = Code::parse(&choice.slip);
    warehouse_page(reading, &code, as_of, None, slip)
}

fn warehouse_page(
    reading: Reading,
    code: &str,
    as_of: Day,
    error: Option<String>,
    slip: Option<Code>,
) -> Result<Response, PageError> {
    let code = Code::parse(code).ok_or_else(PageError::not_found)?;
    let (actor, c, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let seen = seen_in(snapshot, &actor, &code, as_of)?;
    let warehouses = snapshot.coordination.warehouses();
    let capacity = seen.row.capacity.0.max(1);
    let trend = seen
        .trend
        .iter()
        .map(|(end, stock)| {
            let taken = stock.area().0;
            (
                format!("{:02}/{}", end.month(), end.year()),
                area(&c, stock.area()),
                (u128::from(taken) * 100 / u128::from(capacity)).min(100) as u64,
                stock.items,
            )
        })
        .collect();
    let first = (seen.items.len() > ITEM_ROWS).then(|| {
        c.lang.say(
            &Text::new("warehouse-first")
                .with("shown", ITEM_ROWS)
                .with("count", seen.items.len()),
        )
    });
    // What is owed, those past their day said so.
    let today = thads_service::today_in_vietnam();
    let late = |said: String, due: Day| {
        if due < today {
            format!("{said} — {}", c.t("warehouse-overdue"))
        } else {
            said
        }
    };
    let counts_owed = seen
        .counts_owed
        .iter()
        .map(|owed| {
            let said = c.lang.say(
                &Text::new(format!("warehouse-count-{}", owed.period.as_str()))
                    .with("end", owed.end)
                    .with("due", owed.due),
            );
            late(said, owed.due)
        })
        .collect();
    let councils = seen
        .councils
        .iter()
        .map(|(council, last)| {
            let said = c.lang.say(
                &Text::new("warehouse-council-open")
                    .with("council", council.code.as_str())
                    .with("items", council.items.len())
                    .with("last", *last),
            );
            late(said, *last)
        })
        .collect();
    let counts = seen
        .state
        .stocktakes
        .iter()
        .rev()
        .map(|i| {
            let count = warehouses.stocktake_at(*i);
            CountView {
                on: count.on,
                expected: count.expected,
                findings: count
                    .findings
                    .iter()
                    .map(|(item, finding)| {
                        let mut text = Text::new(format!("finding-{}", finding.as_str()))
                            .with("item", item.as_str());
                        if let thads_core::warehouse::Finding::Differs { expected, counted } =
                            finding
                        {
                            text = text
                                .with("expected", decimal(&c, *expected))
                                .with("counted", decimal(&c, *counted));
                        }
                        c.lang.say(&text)
                    })
                    .collect(),
                minutes: count.minutes.clone().unwrap_or_default(),
            }
        })
        .collect();
    let keeps = actor.keeps(&code);
    // The slip of the move just recorded: its title and address.
    let slip = slip
        .and_then(|item| warehouses.item(&item).filter(|s| s.item.warehouse == code))
        .map(|held| {
            let number = held.moves.len();
            let issued = matches!(
                held.moves.last(),
                Some(thads_core::warehouse::Move::Issued(_))
            );
            let title = c.t(if issued {
                "warehouse-slip-c05"
            } else {
                "warehouse-slip-c04"
            });
            (
                format!("{title} {}", held.item.code),
                slip_url(&held.item.code, number),
            )
        });
    let choice = |held: &&ItemState| (held.item.code.to_string(), held.item.description.clone());
    let held_as = |status: Status, most: usize| -> Vec<(String, String)> {
        if !keeps {
            return Vec::new();
        }
        seen.items
            .iter()
            .filter(|s| s.status_on(as_of) == Some(status))
            .take(most)
            .map(choice)
            .collect()
    };
    let in_store = held_as(Status::InStore, ITEM_ROWS);
    let withdrawn = held_as(Status::Withdrawn, ITEM_ROWS);
    let mut to_count = held_as(Status::InStore, COUNT_ROWS + 1);
    if to_count.len() > COUNT_ROWS {
        to_count.clear();
    }
    Ok(crate::page(&WarehousePage {
        code: code.to_string(),
        name: seen.state.warehouse.name.clone(),
        row: StockView::of(&c, &seen.row),
        as_of,
        trend,
        items: seen
            .items
            .iter()
            .take(ITEM_ROWS)
            .map(|s| ItemView::of(&c, s, as_of))
            .collect(),
        first,
        counts_owed,
        councils,
        unidentified: seen
            .unidentified
            .iter()
            .map(|s| ItemView::of(&c, s, as_of))
            .collect(),
        counts,
        keeps,
        error,
        slip,
        kinds: ItemKind::ALL
            .iter()
            .map(|k| (k.as_str(), c.t(&format!("item-kind-{}", k.as_str()))))
            .collect(),
        purposes: Purpose::ALL
            .iter()
            .map(|p| (p.as_str(), c.t(&format!("purpose-{}", p.as_str()))))
            .collect(),
        in_store,
        withdrawn,
        to_count,
        today,
        c,
    }))
}

/// A warehouse the actor sees, on a day; one it does not see is not found.
fn seen_in<'a>(
    snapshot: &'a thads_service::Snapshot,
    actor: &thads_service::Actor,
    code: &Code,
    as_of: Day,
) -> Result<thads_service::warehouse::WarehouseView<'a>, PageError> {
    warehouse_in(
        &snapshot.agencies,
        &snapshot.coordination,
        actor,
        code,
        as_of,
    )?
    .ok_or_else(PageError::not_found)
}

/// The register (form 13) or the count sheet of a warehouse, as Excel.
pub(crate) async fn workbook(
    reading: Reading,
    Path((code, file)): Path<(String, String)>,
    Query(choice): Query<DayChoice>,
) -> Result<Response, PageError> {
    let as_of = parse_day(&choice.as_of).unwrap_or_else(thads_service::today_in_vietnam);
    let code = Code::parse(&code).ok_or_else(PageError::not_found)?;
    let (actor, _, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let seen = seen_in(snapshot, &actor, &code, as_of)?;
    let coordination = &snapshot.coordination;
    let (name, bytes) = match file.as_str() {
        "register.xlsx" => (
            format!("so-vat-chung-{code}"),
            thads_service::warehouse::register_xlsx(coordination, seen.state),
        ),
        "count.xlsx" => (
            format!("kiem-ke-{code}-{as_of}"),
            thads_service::warehouse::count_sheet_xlsx(coordination, seen.state, as_of),
        ),
        _ => return Err(PageError::not_found()),
    };
    let bytes = bytes.map_err(PageError::internal)?;
    Ok(crate::reports::download(&name, "xlsx", bytes))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct CardChoice {
    case: String,
}

/// The address of an item's slip: its receipt (0) or its n-th move.
fn slip_url(item: &Code, number: usize) -> String {
    format!(
        "/warehouses/slip.docx?item={}&move={number}",
        crate::percent_encode(item.as_str())
    )
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct SlipChoice {
    item: String,
    #[serde(rename = "move")]
    number: usize,
}

/// An item's receipt or issue slip (C04, C05) as Word, for those who see
/// its warehouse.
pub(crate) async fn slip(
    reading: Reading,
    Query(choice): Query<SlipChoice>,
) -> Result<Response, PageError> {
    let item = Code::parse(choice.item.trim()).ok_or_else(PageError::not_found)?;
    let (actor, _, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let tree = &snapshot.agencies;
    let warehouses = snapshot.coordination.warehouses();
    let warehouse = warehouses
        .item(&item)
        .and_then(|held| warehouses.get(&held.item.warehouse))
        .ok_or_else(PageError::not_found)?;
    let agency = tree
        .index(&warehouse.warehouse.agency)
        .filter(|a| actor.sees_warehouse(tree, *a, &warehouse.warehouse.code))
        .ok_or_else(PageError::not_found)?;
    let (kind, bytes) = thads_service::warehouse_slips::slip_docx(
        warehouses,
        &item,
        choice.number,
        &thads_service::letter::governing_body(tree, agency),
        &tree.get(agency).name,
    )
    .ok_or_else(PageError::not_found)?;
    let form = match kind {
        thads_service::warehouse_slips::Slip::Receipt => "C04",
        thads_service::warehouse_slips::Slip::Issue => "C05",
    };
    let name = format!(
        "{form}-{}-{}",
        item.as_str().replace('/', "-"),
        choice.number
    );
    Ok(crate::reports::download(&name, "docx", bytes))
}

/// A case's stock card (D67), as Excel: the case's items in the
/// warehouses the account sees.
pub(crate) async fn card(
    reading: Reading,
    Query(choice): Query<CardChoice>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(choice.case.trim()).map_err(|_| PageError::not_found())?;
    let (actor, _, view) = reading.into_parts();
    let snapshot = view.snapshot();
    let today = thads_service::today_in_vietnam();
    let visible = stock_in(
        &snapshot.agencies,
        &snapshot.coordination,
        &actor,
        None,
        today,
    )?;
    let warehouses = snapshot.coordination.warehouses();
    let held = warehouses.items().iter().any(|s| {
        s.item.case.as_ref() == Some(&case) && visible.iter().any(|w| w.code == s.item.warehouse)
    });
    if !held {
        return Err(PageError::not_found());
    }
    let bytes = thads_service::warehouse::stock_card_xlsx(&snapshot.coordination, &case)
        .map_err(PageError::internal)?;
    let name = format!("the-kho-{}", case.as_str().replace('/', "-"));
    Ok(crate::reports::download(&name, "xlsx", bytes))
}

/// A keeper's form, as posted: every field by name, several values for
/// the lists (the items of a council, the counted quantities).
type Fields = Vec<(String, String)>;

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

fn optional(fields: &Fields, name: &str) -> Option<String> {
    Some(field(fields, name))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A quantity or an area as typed: `4,5` or `4.5`.
fn parse_hundredths(text: &str) -> Option<Hundredths> {
    let text = text.trim().replace(',', ".");
    Hundredths::parse(&text)
}

/// Records what a keeper's form says (`receive`, `issue`, `return`,
/// `count`, `council`), then back to the warehouse's page, or the page
/// with what is wrong.
pub(crate) async fn record(
    State(app): State<App>,
    reading: Reading,
    Path((code, action)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let warehouse = Code::parse(&code).ok_or_else(PageError::not_found)?;
    let on = match field(&fields, "on") {
        "" => Some(thads_service::today_in_vietnam()),
        typed => parse_day(typed),
    };
    let fact = (|| -> Result<Fact, &'static str> {
        let on = on.ok_or("warehouse-form-day")?;
        let item = || Code::parse(field(&fields, "item")).ok_or("warehouse-form-item");
        Ok(match action.as_str() {
            "receive" => {
                let snapshot = reading.view.snapshot();
                let all = snapshot.coordination.warehouses();
                Fact::Received(Item {
                    code: all.next_item_code(&warehouse, on.year()),
                    case: match field(&fields, "case") {
                        "" => None,
                        typed => Some(CaseCode::parse(typed).map_err(|_| "warehouse-form-case")?),
                    },
                    on,
                    warehouse: warehouse.clone(),
                    kind: ItemKind::parse(field(&fields, "kind")).ok_or("warehouse-form-kind")?,
                    description: optional(&fields, "description")
                        .ok_or("warehouse-form-description")?,
                    quantity: parse_hundredths(field(&fields, "quantity"))
                        .ok_or("warehouse-form-quantity")?,
                    unit: optional(&fields, "unit").ok_or("warehouse-form-unit")?,
                    area: parse_hundredths(field(&fields, "area")).ok_or("warehouse-form-area")?,
                    seals: optional(&fields, "seals"),
                    place: optional(&fields, "place"),
                    pending_trial: !field(&fields, "pending_trial").is_empty(),
                    discrepancy: optional(&fields, "discrepancy"),
                })
            }
            "issue" => Fact::Issued(Issue {
                item: item()?,
                on,
                purpose: Purpose::parse(field(&fields, "purpose"))
                    .ok_or("warehouse-form-purpose")?,
                to: optional(&fields, "to"),
                decision: optional(&fields, "decision"),
                council: match field(&fields, "council") {
                    "" => None,
                    typed => Some(Code::parse(typed).ok_or("warehouse-form-council")?),
                },
                minutes: optional(&fields, "minutes"),
            }),
            "return" => Fact::ReturnedToStore { item: item()?, on },
            "count" => {
                let mut counted = Vec::new();
                for (name, value) in &fields {
                    let Some(item) = name.strip_prefix("counted:") else {
                        continue;
                    };
                    let item = Code::parse(item).ok_or("warehouse-form-item")?;
                    let quantity = match value.trim() {
                        "" => Hundredths(0),
                        typed => parse_hundredths(typed).ok_or("warehouse-form-quantity")?,
                    };
                    counted.push((item, quantity));
                }
                Fact::Stocktake(Stocktake {
                    warehouse: warehouse.clone(),
                    on,
                    counted,
                    minutes: optional(&fields, "minutes"),
                })
            }
            "council" => Fact::Council(Council {
                code: Code::parse(field(&fields, "code")).ok_or("warehouse-form-council")?,
                warehouse: warehouse.clone(),
                on,
                members: field(&fields, "members")
                    .lines()
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_owned)
                    .collect(),
                items: fields
                    .iter()
                    .filter(|(k, _)| k == "items")
                    .map(|(_, v)| Code::parse(v.trim()).ok_or("warehouse-form-item"))
                    .collect::<Result<_, _>>()?,
            }),
            _ => return Err("warehouse-form-unknown"),
        })
    })();
    let as_of = thads_service::today_in_vietnam();
    let fact = match fact {
        Ok(fact) => fact,
        Err(key) => {
            let why = reading.chrome.t(key);
            return warehouse_page(reading, &code, as_of, Some(why), None);
        }
    };
    // After a receipt or an issue, the page offers its slip.
    let moved = match &fact {
        Fact::Received(i) => Some(i.code.clone()),
        Fact::Issued(i) => Some(i.item.clone()),
        Fact::ReturnedToStore { item, .. } => Some(item.clone()),
        _ => None,
    };
    let outcome = app.thads.record_warehouse(&reading.actor, fact).await;
    match outcome {
        Ok(()) => {
            let slip = moved.map_or_else(String::new, |item| {
                format!("?slip={}", crate::percent_encode(item.as_str()))
            });
            Ok(Redirect::to(&format!("/warehouses/{code}{slip}")).into_response())
        }
        Err(CoordinationError::Refused(RecordError::Refused(fault))) => {
            let why = reading.chrome.lang.say(&fault.reason);
            warehouse_page(reading, &code, as_of, Some(why), None)
        }
        Err(CoordinationError::Denied(_)) => Err(PageError::Denied("record-denied")),
        Err(CoordinationError::NotFound(_)) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
    }
}
