//! The evidence warehouse (kho vật chứng): the warehouses of an agency, the
//! items in custody by case, and every move of an item (received, issued,
//! withdrawn for proceedings and returned), with the stocktakes that count
//! them and the councils that destroy them. Format version 2 lines, kept
//! with the facts of coordination.
//!
//! The stock at any day follows from the moves: [`Warehouses`] keeps, for
//! each warehouse, what each day changed (area, items, items by kind), so
//! that the stock at a day is a sum over the days before it, and the month
//! by month trend one pass over them. Thresholds and periods come from
//! `rules/warehouse.toml`, by the law in force on the day.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use crate::coordination::Code;
use crate::rules_file::{self, RulesError};
use crate::text::Text;
use crate::{AgencyCode, AgencyTree, CaseCode, Day};

/// A quantity or an area with at most two decimals, held in hundredths
/// (`4.5` m² is 450): areas add exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hundredths(pub u64);

impl Hundredths {
    /// The largest a line may write: a billion.
    pub const CEILING: u64 = 100_000_000_000;

    /// Reads a JSON number as written: digits, and at most two decimals
    /// after a point; no sign, no exponent.
    pub fn parse(raw: &str) -> Option<Hundredths> {
        let (whole, part) = raw.split_once('.').unwrap_or((raw, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 10 || !digits(whole) || !digits(part) {
            return None;
        }
        if raw.contains('.') && !(1..=2).contains(&part.len()) {
            return None;
        }
        let whole: u64 = whole.parse().ok()?;
        let part: u64 = match part.len() {
            0 => 0,
            1 => part.parse::<u64>().ok()? * 10,
            _ => part.parse().ok()?,
        };
        let value = whole * 100 + part;
        (value <= Hundredths::CEILING).then_some(Hundredths(value))
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// As the journal writes it: a JSON number, whole when it is.
    pub fn to_json(self) -> serde_json::Value {
        if self.0.is_multiple_of(100) {
            (self.0 / 100).into()
        } else {
            // Exact: the shortest decimal of a number of at most 13
            // digits with two decimals is that number.
            (self.0 as f64 / 100.0).into()
        }
    }
}

impl serde::Serialize for Hundredths {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl fmt::Display for Hundredths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, part) = (self.0 / 100, self.0 % 100);
        match part {
            0 => write!(f, "{whole}"),
            p if p % 10 == 0 => write!(f, "{whole}.{}", p / 10),
            p => write!(f, "{whole}.{p:02}"),
        }
    }
}

/// The kinds of item, some of which need a room of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// Tiền mặt.
    Cash,
    /// Vàng, bạc, đá quý, tài sản quý giá.
    GoldValuables,
    /// Vũ khí, công cụ hỗ trợ.
    Weapon,
    /// Phương tiện.
    Vehicle,
    /// Giấy tờ, tài liệu.
    Document,
    /// Chất độc hại, dễ cháy nổ.
    Hazardous,
    /// Hàng dễ hư hỏng.
    Perishable,
    /// Khác.
    Other,
}

impl ItemKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [ItemKind; 8] = [
        ItemKind::Cash,
        ItemKind::GoldValuables,
        ItemKind::Weapon,
        ItemKind::Vehicle,
        ItemKind::Document,
        ItemKind::Hazardous,
        ItemKind::Perishable,
        ItemKind::Other,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Cash => "cash",
            ItemKind::GoldValuables => "gold_valuables",
            ItemKind::Weapon => "weapon",
            ItemKind::Vehicle => "vehicle",
            ItemKind::Document => "document",
            ItemKind::Hazardous => "hazardous",
            ItemKind::Perishable => "perishable",
            ItemKind::Other => "other",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The special room it is kept in (Decree 152 Art. 38): a safe for
    /// cash and valuables, a store of its own for weapons and hazardous
    /// goods, cold storage for what perishes.
    pub fn room(self) -> Option<Room> {
        match self {
            ItemKind::Cash | ItemKind::GoldValuables => Some(Room::Safe),
            ItemKind::Weapon => Some(Room::Weapons),
            ItemKind::Hazardous => Some(Room::Hazardous),
            ItemKind::Perishable => Some(Room::Cold),
            _ => None,
        }
    }

    fn slot(self) -> usize {
        ItemKind::ALL
            .iter()
            .position(|k| *k == self)
            .expect("listed")
    }
}

/// A special room of a warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Room {
    /// Két sắt: cash, gold and valuables.
    Safe,
    /// Kho vũ khí, công cụ hỗ trợ.
    Weapons,
    /// Kho hàng độc hại, dễ cháy nổ.
    Hazardous,
    /// Kho lạnh.
    Cold,
}

impl Room {
    /// Every room.
    pub const ALL: [Room; 4] = [Room::Safe, Room::Weapons, Room::Hazardous, Room::Cold];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Room::Safe => "safe",
            Room::Weapons => "weapons",
            Room::Hazardous => "hazardous",
            Room::Cold => "cold",
        }
    }

    /// The room named `s`.
    pub fn parse(s: &str) -> Option<Room> {
        Room::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Why an item leaves the warehouse (a C05 slip).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Trả lại cho chủ sở hữu.
    Return,
    /// Tịch thu: handed to the commune or the Department of Finance
    /// (cash to the State budget).
    Confiscate,
    /// Bán.
    Sell,
    /// Tiêu hủy, by a council.
    Destroy,
    /// Tạm xuất for proceedings, on a written request: it comes back.
    Withdraw,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 5] = [
        Purpose::Return,
        Purpose::Confiscate,
        Purpose::Sell,
        Purpose::Destroy,
        Purpose::Withdraw,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Return => "return",
            Purpose::Confiscate => "confiscate",
            Purpose::Sell => "sell",
            Purpose::Destroy => "destroy",
            Purpose::Withdraw => "withdraw",
        }
    }

    /// The purpose named `s`.
    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A warehouse of an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warehouse {
    /// Its code (`SL-K1`).
    pub code: Code,
    /// The agency it belongs to.
    pub agency: AgencyCode,
    /// Its name.
    pub name: String,
    /// Its floor area, m².
    pub area: Hundredths,
    /// Where it is.
    pub address: Option<String>,
    /// Its volume, m³.
    pub volume: Option<Hundredths>,
    /// Its special rooms.
    pub rooms: Vec<Room>,
}

/// An item taken into custody (a C04 slip).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its code, the label's number (`SL-K1/2026/001`).
    pub code: Code,
    /// The case it belongs to; `None`: handed over with no judgment that
    /// can be identified.
    pub case: Option<CaseCode>,
    /// The day received.
    pub on: Day,
    /// The warehouse.
    pub warehouse: Code,
    /// Its kind.
    pub kind: ItemKind,
    /// What it is.
    pub description: String,
    /// How many, in `unit`.
    pub quantity: Hundredths,
    /// The unit (`chiếc`, `kg`).
    pub unit: String,
    /// The floor area it occupies, m².
    pub area: Hundredths,
    /// The seals, as the seizure minutes name them.
    pub seals: Option<String>,
    /// Its place: zone, shelf.
    pub place: Option<String>,
    /// Evidence whose trial is not finished: kept apart.
    pub pending_trial: bool,
    /// What the inventory found against the original seizure minutes.
    pub discrepancy: Option<String>,
}

/// An item leaves the warehouse (a C05 slip).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The item.
    pub item: Code,
    /// The day.
    pub on: Day,
    /// Why.
    pub purpose: Purpose,
    /// To whom: the owner, the commune, the Department of Finance, the
    /// investigating body.
    pub to: Option<String>,
    /// The decision or written request it follows.
    pub decision: Option<String>,
    /// For a destruction: the council that destroyed it.
    pub council: Option<Code>,
    /// The minutes of the hand-over or the destruction.
    pub minutes: Option<String>,
}

/// A stocktake of a warehouse: the quantities counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stocktake {
    /// The warehouse.
    pub warehouse: Code,
    /// The day counted.
    pub on: Day,
    /// Each item counted, with the quantity found.
    pub counted: Vec<(Code, Hundredths)>,
    /// The minutes.
    pub minutes: Option<String>,
}

/// A destruction council (Law 2014 Art. 125).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Council {
    /// Its code (the decision that sets it up).
    pub code: Code,
    /// The warehouse whose items it destroys.
    pub warehouse: Code,
    /// The day it was set up.
    pub on: Day,
    /// Its members.
    pub members: Vec<String>,
    /// The items to destroy.
    pub items: Vec<Code>,
}

/// A fact of the evidence warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A warehouse declared.
    Warehouse(Warehouse),
    /// An item received.
    Received(Item),
    /// An item issued.
    Issued(Issue),
    /// An item withdrawn for proceedings comes back.
    ReturnedToStore {
        /// The item.
        item: Code,
        /// The day.
        on: Day,
    },
    /// A stocktake.
    Stocktake(Stocktake),
    /// A destruction council set up.
    Council(Council),
}

impl Fact {
    /// The line's type in the journal.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Warehouse(_) => "warehouse",
            Fact::Received(_) => "received",
            Fact::Issued(_) => "issued",
            Fact::ReturnedToStore { .. } => "returned_to_store",
            Fact::Stocktake(_) => "stocktake",
            Fact::Council(_) => "destruction_council",
        }
    }

    /// What it is about, for a message: the warehouse, item or council.
    pub fn subject(&self) -> &str {
        match self {
            Fact::Warehouse(w) => w.code.as_str(),
            Fact::Received(i) => i.code.as_str(),
            Fact::Issued(i) => i.item.as_str(),
            Fact::ReturnedToStore { item, .. } => item.as_str(),
            Fact::Stocktake(s) => s.warehouse.as_str(),
            Fact::Council(c) => c.code.as_str(),
        }
    }

    /// The case an item is received for.
    pub fn case(&self) -> Option<&CaseCode> {
        match self {
            Fact::Received(item) => item.case.as_ref(),
            _ => None,
        }
    }

    /// The texts it holds, named, for the check of control characters.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        let pairs: Vec<(&'static str, Option<&str>)> = match self {
            Fact::Warehouse(w) => vec![("name", Some(&w.name)), ("address", w.address.as_deref())],
            Fact::Received(i) => vec![
                ("description", Some(&i.description)),
                ("unit", Some(&i.unit)),
                ("seals", i.seals.as_deref()),
                ("place", i.place.as_deref()),
                ("discrepancy", i.discrepancy.as_deref()),
            ],
            Fact::Issued(i) => vec![
                ("to", i.to.as_deref()),
                ("decision", i.decision.as_deref()),
                ("minutes", i.minutes.as_deref()),
            ],
            Fact::Stocktake(s) => vec![("minutes", s.minutes.as_deref())],
            Fact::Council(c) => c.members.iter().map(|m| ("members", Some(&**m))).collect(),
            Fact::ReturnedToStore { .. } => Vec::new(),
        };
        pairs
            .into_iter()
            .filter_map(|(field, text)| Some((field, text?)))
            .collect()
    }
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// In the warehouse.
    InStore,
    /// Withdrawn for proceedings: its place is kept for its return.
    Withdrawn,
    /// Gone for good.
    Out(Purpose),
}

impl Status {
    /// Its name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InStore => "in_store",
            Status::Withdrawn => "withdrawn",
            Status::Out(p) => p.as_str(),
        }
    }

    /// Whether the item still takes its place in the warehouse.
    pub fn held(self) -> bool {
        !matches!(self, Status::Out(_))
    }
}

/// A move of an item after its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// Issued.
    Issued(Issue),
    /// Back from proceedings.
    Returned(Day),
}

impl Move {
    /// Its day.
    pub fn on(&self) -> Day {
        match self {
            Move::Issued(i) => i.on,
            Move::Returned(on) => *on,
        }
    }
}

/// An item and its moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    /// The item as received.
    pub item: Item,
    /// Where it stands after its last move.
    pub status: Status,
    /// Its moves, in order.
    pub moves: Vec<Move>,
}

impl ItemState {
    /// Where it stood at the end of a day (`None`: not yet received).
    pub fn status_on(&self, day: Day) -> Option<Status> {
        if self.item.on > day {
            return None;
        }
        let mut status = Status::InStore;
        for m in self.moves.iter().take_while(|m| m.on() <= day) {
            status = match m {
                Move::Issued(i) if i.purpose == Purpose::Withdraw => Status::Withdrawn,
                Move::Issued(i) => Status::Out(i.purpose),
                Move::Returned(_) => Status::InStore,
            };
        }
        Some(status)
    }

    /// The day it left for good.
    pub fn left_on(&self) -> Option<Day> {
        match self.status {
            Status::Out(_) => self.moves.last().map(Move::on),
            _ => None,
        }
    }

    fn last_day(&self) -> Day {
        self.moves.last().map_or(self.item.on, Move::on)
    }
}

/// What a stocktake found wrong with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// In the register, not found.
    Missing,
    /// Found in another quantity than the register's.
    Differs {
        /// The register's quantity.
        expected: Hundredths,
        /// The quantity counted.
        counted: Hundredths,
    },
    /// Counted, but not in this warehouse's stock on that day.
    NotInStock,
}

impl Finding {
    /// Its name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Missing => "missing",
            Finding::Differs { .. } => "differs",
            Finding::NotInStock => "not_in_stock",
        }
    }
}

/// A stocktake taken, with what it found (the quantities counted stay in
/// its journal line: a province's counts would hold every item again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StocktakeState {
    /// The day counted.
    pub on: Day,
    /// Its minutes.
    pub minutes: Option<String>,
    /// How many items were counted.
    pub counted: usize,
    /// How many items the register held in the store that day.
    pub expected: usize,
    /// The discrepancies, item by item.
    pub findings: Vec<(Code, Finding)>,
}

/// What a warehouse holds on a day, or what a day changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stock {
    /// The area taken, hundredths of m².
    pub area: i64,
    /// The items held (withdrawn ones included: their place is kept).
    pub items: i64,
    /// The items withdrawn for proceedings.
    pub withdrawn: i64,
    /// The items held by kind, in the order of [`ItemKind::ALL`].
    pub kinds: [i64; 8],
}

impl Stock {
    fn add(&mut self, other: &Stock) {
        self.area += other.area;
        self.items += other.items;
        self.withdrawn += other.withdrawn;
        for (k, n) in self.kinds.iter_mut().zip(other.kinds) {
            *k += n;
        }
    }

    fn item(item: &Item, sign: i64) -> Stock {
        let mut kinds = [0; 8];
        kinds[item.kind.slot()] = sign;
        Stock {
            area: sign * item.area.0 as i64,
            items: sign,
            withdrawn: 0,
            kinds,
        }
    }

    /// The items held of a kind.
    pub fn of_kind(&self, kind: ItemKind) -> i64 {
        self.kinds[kind.slot()]
    }

    /// The area held, as the journal writes areas.
    pub fn area(&self) -> Hundredths {
        Hundredths(self.area.max(0) as u64)
    }
}

/// A warehouse, its items and what each day changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseState {
    /// As declared.
    pub warehouse: Warehouse,
    /// Its items, in the order received (places in [`Warehouses::items`]).
    pub items: Vec<u32>,
    /// Its stocktakes (places in [`Warehouses::stocktakes`]).
    pub stocktakes: Vec<u32>,
    /// What each day changed.
    days: BTreeMap<Day, Stock>,
}

impl WarehouseState {
    /// What it held at the end of a day.
    pub fn stock_on(&self, day: Day) -> Stock {
        let mut stock = Stock::default();
        for change in self.days.range(..=day).map(|(_, s)| s) {
            stock.add(change);
        }
        stock
    }

    /// What it held at the end of each month from `from`'s to `to`'s.
    pub fn trend(&self, from: Day, to: Day) -> Vec<(Day, Stock)> {
        let mut ends = Vec::new();
        let mut end = from.month_end();
        while end <= to.month_end() {
            ends.push(end);
            end = end.plus_days(1).month_end();
        }
        let mut stock = Stock::default();
        let mut changes = self.days.iter().peekable();
        ends.into_iter()
            .map(|end| {
                while let Some((_, change)) = changes.next_if(|(day, _)| **day <= end) {
                    stock.add(change);
                }
                (end, stock)
            })
            .collect()
    }

    /// The day of its first receipt.
    pub fn first_day(&self) -> Option<Day> {
        self.days.keys().next().copied()
    }

    fn change(&mut self, day: Day, change: Stock) {
        self.days.entry(day).or_default().add(&change);
    }
}

/// Why a fact of the warehouse is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarehouseError {
    /// A code used before (warehouse, item or council).
    Duplicate(Code),
    /// A warehouse of an agency not declared.
    UnknownAgency(AgencyCode),
    /// A warehouse not declared.
    UnknownWarehouse(Code),
    /// An item not received.
    UnknownItem(Code),
    /// A council not set up.
    UnknownCouncil(Code),
    /// A quantity or an area of nothing.
    Nothing {
        /// The item.
        item: Code,
        /// The field.
        field: &'static str,
    },
    /// A move dated before the item's last.
    OutOfOrder {
        /// The item.
        item: Code,
        /// Its last day.
        last: Day,
    },
    /// An item issued that is not in the store (gone, or withdrawn and
    /// withdrawn again).
    NotInStore {
        /// The item.
        item: Code,
        /// Where it stands.
        status: Status,
    },
    /// An item back from proceedings that was not withdrawn.
    NotWithdrawn(Code),
    /// A council of fewer members than the law asks.
    CouncilTooSmall {
        /// The council.
        council: Code,
        /// The least.
        min: u32,
    },
    /// An item of a council or a count that is not of its warehouse.
    OtherWarehouse {
        /// The item.
        item: Code,
        /// The warehouse named.
        warehouse: Code,
    },
    /// An item destroyed by a council it is not listed in.
    NotInCouncil {
        /// The item.
        item: Code,
        /// The council.
        council: Code,
    },
    /// A destruction outside the council's days.
    CouncilDays {
        /// The council.
        council: Code,
        /// The day it was set up.
        from: Day,
        /// The last day it may act.
        to: Day,
    },
    /// A destruction without the council's minutes.
    NoMinutes(Code),
    /// An item counted twice in one stocktake.
    CountedTwice(Code),
    /// No rule in force on a day.
    NoRule(Day),
}

impl From<&WarehouseError> for Text {
    fn from(e: &WarehouseError) -> Text {
        use WarehouseError as E;
        match e {
            E::Duplicate(code) => Text::new("warehouse-duplicate").with("code", code),
            E::UnknownAgency(a) => Text::new("coordination-unknown-agency").with("agency", a),
            E::UnknownWarehouse(code) => Text::new("warehouse-unknown").with("code", code),
            E::UnknownItem(code) => Text::new("warehouse-item-unknown").with("item", code),
            E::UnknownCouncil(code) => Text::new("warehouse-council-unknown").with("council", code),
            E::Nothing { item, field } => Text::new("warehouse-item-nothing")
                .with("item", item)
                .with("field", *field),
            E::OutOfOrder { item, last } => Text::new("warehouse-item-out-of-order")
                .with("item", item)
                .with("last", *last),
            E::NotInStore { item, status } => Text::new("warehouse-item-not-in-store")
                .with("item", item)
                .with(
                    "status",
                    Text::new(format!("item-status-{}", status.as_str())),
                ),
            E::NotWithdrawn(item) => Text::new("warehouse-item-not-withdrawn").with("item", item),
            E::CouncilTooSmall { council, min } => Text::new("warehouse-council-too-small")
                .with("council", council)
                .with("min", u64::from(*min)),
            E::OtherWarehouse { item, warehouse } => Text::new("warehouse-item-elsewhere")
                .with("item", item)
                .with("warehouse", warehouse),
            E::NotInCouncil { item, council } => Text::new("warehouse-item-not-in-council")
                .with("item", item)
                .with("council", council),
            E::CouncilDays { council, from, to } => Text::new("warehouse-council-days")
                .with("council", council)
                .with("from", *from)
                .with("to", *to),
            E::NoMinutes(item) => Text::new("warehouse-destroy-no-minutes").with("item", item),
            E::CountedTwice(item) => Text::new("warehouse-counted-twice").with("item", item),
            E::NoRule(day) => Text::new("warehouse-no-rule").with("on", *day),
        }
    }
}

crate::said_in_english!(WarehouseError);

/// Every warehouse, item, stocktake and council of the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warehouses {
    warehouses: Vec<WarehouseState>,
    index: HashMap<Code, u32>,
    items: Vec<ItemState>,
    item_index: HashMap<Code, u32>,
    stocktakes: Vec<StocktakeState>,
    councils: Vec<Council>,
    council_index: HashMap<Code, u32>,
}

impl Warehouses {
    /// Every warehouse, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &WarehouseState> {
        self.warehouses.iter()
    }

    /// A warehouse by code.
    pub fn get(&self, code: &Code) -> Option<&WarehouseState> {
        self.index.get(code).map(|i| &self.warehouses[*i as usize])
    }

    /// An item by code.
    pub fn item(&self, code: &Code) -> Option<&ItemState> {
        self.item_index.get(code).map(|i| &self.items[*i as usize])
    }

    /// The item at a place.
    pub fn item_at(&self, place: u32) -> &ItemState {
        &self.items[place as usize]
    }

    /// Every item, in the order received.
    pub fn items(&self) -> &[ItemState] {
        &self.items
    }

    /// A warehouse's items, in the order received.
    pub fn items_of<'a>(&'a self, w: &'a WarehouseState) -> impl Iterator<Item = &'a ItemState> {
        w.items.iter().map(|i| &self.items[*i as usize])
    }

    /// The stocktake at a place.
    pub fn stocktake_at(&self, place: u32) -> &StocktakeState {
        &self.stocktakes[place as usize]
    }

    /// Every council, in the order set up.
    pub fn councils(&self) -> &[Council] {
        &self.councils
    }

    /// A council by code.
    pub fn council(&self, code: &Code) -> Option<&Council> {
        self.council_index
            .get(code)
            .map(|i| &self.councils[*i as usize])
    }

    /// The agency of what a fact is about (`None`: unknown).
    pub fn agency_of<'a>(&'a self, fact: &'a Fact) -> Option<&'a AgencyCode> {
        let warehouse = match fact {
            Fact::Warehouse(w) => return Some(&w.agency),
            Fact::Received(i) => &i.warehouse,
            Fact::Stocktake(s) => &s.warehouse,
            Fact::Council(c) => &c.warehouse,
            Fact::Issued(Issue { item, .. }) | Fact::ReturnedToStore { item, .. } => {
                &self.item(item)?.item.warehouse
            }
        };
        self.get(warehouse).map(|w| &w.warehouse.agency)
    }

    /// The next free item code of a warehouse in a year:
    /// `WAREHOUSE/YEAR/NNN`.
    pub fn next_item_code(&self, warehouse: &Code, year: i16) -> Code {
        let prefix = format!("{warehouse}/{year}/");
        let next = self
            .get(warehouse)
            .into_iter()
            .flat_map(|w| self.items_of(w))
            .filter_map(|s| {
                s.item
                    .code
                    .as_str()
                    .strip_prefix(&prefix)?
                    .parse::<u32>()
                    .ok()
            })
            .max()
            .unwrap_or(0)
            + 1;
        Code::parse(&format!("{prefix}{next:03}")).expect("a code of a code's parts")
    }

    /// Takes a fact, checked against what came before (`agencies`: the
    /// store's and the file's so far; whether an item's case is of its
    /// warehouse's agency is the journal check's).
    pub fn take(&mut self, fact: Fact, agencies: &AgencyTree) -> Result<(), WarehouseError> {
        use WarehouseError as E;
        match fact {
            Fact::Warehouse(w) => {
                if self.index.contains_key(&w.code) {
                    return Err(E::Duplicate(w.code));
                }
                if agencies.index(&w.agency).is_none() {
                    return Err(E::UnknownAgency(w.agency));
                }
                self.index
                    .insert(w.code.clone(), self.warehouses.len() as u32);
                self.warehouses.push(WarehouseState {
                    warehouse: w,
                    items: Vec::new(),
                    stocktakes: Vec::new(),
                    days: BTreeMap::new(),
                });
            }
            Fact::Received(item) => {
                let w = *self
                    .index
                    .get(&item.warehouse)
                    .ok_or_else(|| E::UnknownWarehouse(item.warehouse.clone()))?;
                if self.item_index.contains_key(&item.code) {
                    return Err(E::Duplicate(item.code));
                }
                for (field, value) in [("quantity", item.quantity), ("area_m2", item.area)] {
                    // An envelope of documents takes no floor of its own.
                    if value.is_zero() && (field == "quantity" || item.kind != ItemKind::Document) {
                        return Err(E::Nothing {
                            item: item.code,
                            field,
                        });
                    }
                }
                let place = self.items.len() as u32;
                let warehouse = &mut self.warehouses[w as usize];
                warehouse.items.push(place);
                warehouse.change(item.on, Stock::item(&item, 1));
                self.item_index.insert(item.code.clone(), place);
                self.items.push(ItemState {
                    item,
                    status: Status::InStore,
                    moves: Vec::new(),
                });
            }
            Fact::Issued(issue) => {
                let place = self.item_place(&issue.item)?;
                if let Some(code) = &issue.council {
                    self.check_council(code, &issue)?;
                }
                let held = &self.items[place];
                check_order(held, issue.item.clone(), issue.on)?;
                let status = match (held.status, issue.purpose) {
                    (Status::InStore, Purpose::Withdraw) => Status::Withdrawn,
                    (Status::InStore | Status::Withdrawn, purpose)
                        if purpose != Purpose::Withdraw =>
                    {
                        Status::Out(purpose)
                    }
                    (status, _) => {
                        return Err(E::NotInStore {
                            item: issue.item,
                            status,
                        });
                    }
                };
                let w = self.index[&held.item.warehouse] as usize;
                let mut change = match status {
                    Status::Out(_) => Stock::item(&held.item, -1),
                    _ => Stock::default(),
                };
                change.withdrawn = match (held.status, status) {
                    (_, Status::Withdrawn) => 1,
                    (Status::Withdrawn, _) => -1,
                    _ => 0,
                };
                self.warehouses[w].change(issue.on, change);
                let held = &mut self.items[place];
                held.status = status;
                held.moves.push(Move::Issued(issue));
            }
            Fact::ReturnedToStore { item, on } => {
                let place = self.item_place(&item)?;
                let held = &self.items[place];
                check_order(held, item.clone(), on)?;
                if held.status != Status::Withdrawn {
                    return Err(E::NotWithdrawn(item));
                }
                let w = self.index[&held.item.warehouse] as usize;
                self.warehouses[w].change(
                    on,
                    Stock {
                        withdrawn: -1,
                        ..Stock::default()
                    },
                );
                let held = &mut self.items[place];
                held.status = Status::InStore;
                held.moves.push(Move::Returned(on));
            }
            Fact::Stocktake(stocktake) => {
                let w = *self
                    .index
                    .get(&stocktake.warehouse)
                    .ok_or_else(|| E::UnknownWarehouse(stocktake.warehouse.clone()))?;
                let state = self.count(stocktake, w)?;
                self.warehouses[w as usize]
                    .stocktakes
                    .push(self.stocktakes.len() as u32);
                self.stocktakes.push(state);
            }
            Fact::Council(council) => {
                if self.council_index.contains_key(&council.code) {
                    return Err(E::Duplicate(council.code));
                }
                if !self.index.contains_key(&council.warehouse) {
                    return Err(E::UnknownWarehouse(council.warehouse));
                }
                let rule = WarehouseRules::shipped()
                    .in_force(council.on)
                    .ok_or(E::NoRule(council.on))?;
                if council.members.len() < rule.council_members as usize {
                    return Err(E::CouncilTooSmall {
                        council: council.code,
                        min: rule.council_members,
                    });
                }
                for item in &council.items {
                    let held = self
                        .item(item)
                        .ok_or_else(|| E::UnknownItem(item.clone()))?;
                    if held.item.warehouse != council.warehouse {
                        return Err(E::OtherWarehouse {
                            item: item.clone(),
                            warehouse: council.warehouse.clone(),
                        });
                    }
                }
                self.council_index
                    .insert(council.code.clone(), self.councils.len() as u32);
                self.councils.push(council);
            }
        }
        Ok(())
    }

    fn item_place(&self, code: &Code) -> Result<usize, WarehouseError> {
        self.item_index
            .get(code)
            .map(|i| *i as usize)
            .ok_or_else(|| WarehouseError::UnknownItem(code.clone()))
    }

    /// A destruction checked against its council: listed, within its days,
    /// with minutes.
    fn check_council(&self, code: &Code, issue: &Issue) -> Result<(), WarehouseError> {
        use WarehouseError as E;
        let council = self
            .council(code)
            .ok_or_else(|| E::UnknownCouncil(code.clone()))?;
        if !council.items.contains(&issue.item) {
            return Err(E::NotInCouncil {
                item: issue.item.clone(),
                council: code.clone(),
            });
        }
        let rule = WarehouseRules::shipped()
            .in_force(council.on)
            .ok_or(E::NoRule(council.on))?;
        let last = council.on.plus_days(rule.council_days as i32);
        if issue.on < council.on || issue.on > last {
            return Err(E::CouncilDays {
                council: code.clone(),
                from: council.on,
                to: last,
            });
        }
        if issue.minutes.is_none() {
            return Err(E::NoMinutes(issue.item.clone()));
        }
        Ok(())
    }

    /// A count checked against the warehouse's stock of its day.
    fn count(&self, stocktake: Stocktake, w: u32) -> Result<StocktakeState, WarehouseError> {
        use WarehouseError as E;
        let warehouse = &self.warehouses[w as usize];
        let mut counted = HashMap::with_capacity(stocktake.counted.len());
        let mut findings = Vec::new();
        for (code, quantity) in &stocktake.counted {
            let held = self
                .item(code)
                .ok_or_else(|| E::UnknownItem(code.clone()))?;
            if counted.insert(code, *quantity).is_some() {
                return Err(E::CountedTwice(code.clone()));
            }
            let in_stock = held.item.warehouse == warehouse.warehouse.code
                && held.status_on(stocktake.on) == Some(Status::InStore);
            if !in_stock {
                findings.push((code.clone(), Finding::NotInStock));
            }
        }
        let mut expected = 0;
        for held in self.items_of(warehouse) {
            if held.status_on(stocktake.on) != Some(Status::InStore) {
                continue;
            }
            expected += 1;
            let code = &held.item.code;
            match counted.get(code) {
                None | Some(Hundredths(0)) => findings.push((code.clone(), Finding::Missing)),
                Some(q) if *q != held.item.quantity => findings.push((
                    code.clone(),
                    Finding::Differs {
                        expected: held.item.quantity,
                        counted: *q,
                    },
                )),
                Some(_) => {}
            }
        }
        Ok(StocktakeState {
            on: stocktake.on,
            counted: stocktake.counted.len(),
            minutes: stocktake.minutes,
            expected,
            findings,
        })
    }
}

fn check_order(held: &ItemState, item: Code, on: Day) -> Result<(), WarehouseError> {
    let last = held.last_day();
    if on < last {
        return Err(WarehouseError::OutOfOrder { item, last });
    }
    Ok(())
}

/// The stocktakes a warehouse owes: one at the end of every quarter, the
/// second quarter's being the half-year's and the fourth the year's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// Kiểm kê quý.
    Quarter,
    /// Kiểm kê 6 tháng.
    HalfYear,
    /// Kiểm kê năm.
    Year,
}

impl Period {
    /// Its name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Quarter => "quarter",
            Period::HalfYear => "half_year",
            Period::Year => "year",
        }
    }

    fn ending(day: Day) -> Period {
        match day.month() {
            12 => Period::Year,
            6 => Period::HalfYear,
            _ => Period::Quarter,
        }
    }
}

/// A stocktake owed: the period it counts, its last day, and the day the
/// count is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountDue {
    /// What it counts.
    pub period: Period,
    /// The period's last day.
    pub end: Day,
    /// The day it is due.
    pub due: Day,
}

impl WarehouseState {
    /// The stocktakes it owes on `today` and has not taken: one for each
    /// quarter ended in the last year since its first receipt (and the
    /// one ending next), each done by a count within its last month or
    /// its days after. What was missed longer ago is the past's.
    pub fn counts_owed(&self, warehouses: &Warehouses, today: Day) -> Vec<CountDue> {
        let Some(first) = self.first_day() else {
            return Vec::new();
        };
        let rules = WarehouseRules::shipped();
        let mut end = quarter_end(first.max(today.plus_months(-12)));
        let mut owed = Vec::new();
        let counts: Vec<Day> = self
            .stocktakes
            .iter()
            .map(|i| warehouses.stocktake_at(*i).on)
            .collect();
        while end <= quarter_end(today) {
            let days = rules.in_force(end).map_or(0, |r| r.count_within_days);
            let due = end.plus_days(days as i32);
            let opens = end.plus_days(1).plus_months(-1);
            let done = counts.iter().any(|d| opens <= *d && *d <= due);
            if !done {
                owed.push(CountDue {
                    period: Period::ending(end),
                    end,
                    due,
                });
            }
            end = quarter_end(end.plus_days(1));
        }
        owed
    }
}

/// The last day of a day's quarter.
pub fn quarter_end(day: Day) -> Day {
    let month = (day.month() - 1) / 3 * 3 + 3;
    Day::from_ymd(day.year(), month, 1)
        .expect("a quarter's last month")
        .month_end()
}

/// One rule of `rules/warehouse.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseRule {
    /// Its name in the file.
    pub id: String,
    /// The articles.
    pub law: String,
    /// The least members of a destruction council.
    pub council_members: u32,
    /// The days within which a council destroys, from its setting up.
    pub council_days: u32,
    /// The years after which an item with no identifiable judgment is
    /// listed for sale, its proceeds to the State budget.
    pub unidentified_years: u32,
    /// The days within which confiscated cash goes to the State budget.
    pub cash_to_budget_days: u32,
    /// The share of its area at which a warehouse is nearly full.
    pub alert_percent: u32,
    /// The days after a quarter's end within which its count is taken.
    pub count_within_days: u32,
    /// In force from this day…
    pub effective_from: Day,
    /// …to this one, if it ended.
    pub effective_to: Option<Day>,
    /// Whether its figures were read in the law's text.
    pub confirmed: bool,
}

/// The rules of `rules/warehouse.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseRules(Vec<WarehouseRule>);

impl WarehouseRules {
    /// The rules as thads ships them.
    pub fn shipped() -> &'static WarehouseRules {
        static SHIPPED: std::sync::OnceLock<WarehouseRules> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            WarehouseRules::from_rules(include_str!("../../../rules/warehouse.toml"))
                .expect("the shipped rules are read by a test")
        })
    }

    /// The rules of a rules file.
    pub fn from_rules(text: &str) -> Result<WarehouseRules, RulesError> {
        const FILE: &str = "rules/warehouse.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let count = |name: &str| {
                entry
                    .maybe_count(name)?
                    .ok_or_else(|| entry.error(format!("no count “{name}”")))
            };
            let alert_percent = count("alert_percent")?;
            if !(1..=100).contains(&alert_percent) {
                return Err(entry.error("“alert_percent” is not a percentage (1 to 100)"));
            }
            rules.push(WarehouseRule {
                id: entry.text("id")?,
                law: entry.text("law")?,
                council_members: count("council_members")?,
                council_days: count("council_days")?,
                unidentified_years: count("unidentified_years")?,
                cash_to_budget_days: count("cash_to_budget_days")?,
                alert_percent,
                count_within_days: count("count_within_days")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(WarehouseRules(rules))
    }

    /// The rule in force on a day.
    pub fn in_force(&self, day: Day) -> Option<&WarehouseRule> {
        self.0
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }
}

/// Whether a warehouse holding `occupied` of `capacity` is nearly full.
pub fn alert(occupied: Hundredths, capacity: Hundredths, percent: u32) -> bool {
    u128::from(occupied.0) * 100 >= u128::from(capacity.0) * u128::from(percent)
}

impl Warehouses {
    /// The items held on `today` for more than the rule's years with no
    /// identifiable judgment: to be listed for sale.
    pub fn unidentified<'a>(
        &'a self,
        w: &'a WarehouseState,
        today: Day,
    ) -> impl Iterator<Item = &'a ItemState> {
        let years = WarehouseRules::shipped()
            .in_force(today)
            .map_or(5, |r| r.unidentified_years);
        self.items_of(w).filter(move |held| {
            held.item.case.is_none()
                && held.status_on(today).is_some_and(Status::held)
                && held.item.on.plus_months(12 * years as i32) < today
        })
    }

    /// The councils whose items are not all gone, with the last day each
    /// may act.
    pub fn councils_open(&self, today: Day) -> Vec<(&Council, Day)> {
        self.councils
            .iter()
            .filter(|c| c.on <= today)
            .filter(|c| {
                c.items
                    .iter()
                    .any(|i| self.item(i).is_some_and(|s| s.status.held()))
            })
            .map(|c| {
                let days = WarehouseRules::shipped()
                    .in_force(c.on)
                    .map_or(0, |r| r.council_days);
                (c, c.on.plus_days(days as i32))
            })
            .collect()
    }

    /// The cases with items in a set of warehouses, each once.
    pub fn cases_held(&self) -> HashSet<&CaseCode> {
        self.items
            .iter()
            .filter_map(|s| s.item.case.as_ref())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agency;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn agencies() -> AgencyTree {
        let mut tree = AgencyTree::default();
        tree.add(Agency {
            code: AgencyCode::parse("SL").unwrap(),
            name: "Sơn La".into(),
            parent: None,
        })
        .unwrap();
        tree
    }

    fn warehouse(area: u64) -> Fact {
        Fact::Warehouse(Warehouse {
            code: code("SL-K1"),
            agency: AgencyCode::parse("SL").unwrap(),
            name: "Kho vật chứng".into(),
            area: Hundredths(area * 100),
            address: None,
            volume: None,
            rooms: vec![Room::Safe],
        })
    }

    fn received(item: &str, on: &str, kind: ItemKind, area: u64) -> Fact {
        Fact::Received(Item {
            code: code(item),
            case: None,
            on: day(on),
            warehouse: code("SL-K1"),
            kind,
            description: "Xe máy".into(),
            quantity: Hundredths(100),
            unit: "chiếc".into(),
            area: Hundredths(area),
            seals: None,
            place: None,
            pending_trial: false,
            discrepancy: None,
        })
    }

    fn issued(item: &str, on: &str, purpose: Purpose) -> Fact {
        Fact::Issued(Issue {
            item: code(item),
            on: day(on),
            purpose,
            to: None,
            decision: None,
            council: None,
            minutes: None,
        })
    }

    fn taken(facts: Vec<Fact>) -> Warehouses {
        let tree = agencies();
        let mut w = Warehouses::default();
        for fact in facts {
            w.take(fact, &tree).unwrap();
        }
        w
    }

    #[test]
    fn reads_areas_with_at_most_two_decimals() {
        assert_eq!(Hundredths::parse("4.5"), Some(Hundredths(450)));
        assert_eq!(Hundredths::parse("300"), Some(Hundredths(30_000)));
        assert_eq!(Hundredths::parse("0.07"), Some(Hundredths(7)));
        for bad in ["4.555", "-1", "1e2", "4.", ".5", "", "\"4\""] {
            assert_eq!(Hundredths::parse(bad), None, "{bad}");
        }
        assert_eq!(Hundredths(450).to_string(), "4.5");
        assert_eq!(Hundredths(407).to_string(), "4.07");
        assert_eq!(Hundredths(450).to_json().to_string(), "4.5");
        assert_eq!(Hundredths(30_000).to_json().to_string(), "300");
        assert_eq!(
            Hundredths(1_234_567_891).to_json().to_string(),
            "12345678.91"
        );
    }

    #[test]
    fn issues_for_every_purpose_and_brings_back_what_was_withdrawn() {
        let mut facts = vec![warehouse(100)];
        for (n, purpose) in Purpose::ALL.into_iter().enumerate() {
            let item = format!("SL-K1/2026/00{n}");
            facts.push(received(&item, "2026-08-01", ItemKind::Vehicle, 450));
            facts.push(issued(&item, "2026-09-01", purpose));
        }
        let w = taken(facts);
        let stock = w.get(&code("SL-K1")).unwrap().stock_on(day("2026-09-30"));
        // Only the one withdrawn keeps its place.
        assert_eq!((stock.items, stock.area, stock.withdrawn), (1, 450, 1));
        let withdrawn = w.item(&code("SL-K1/2026/004")).unwrap();
        assert_eq!(withdrawn.status, Status::Withdrawn);
        assert_eq!(
            w.item(&code("SL-K1/2026/003")).unwrap().status,
            Status::Out(Purpose::Destroy)
        );

        let mut w = w;
        let tree = agencies();
        let again = issued("SL-K1/2026/004", "2026-09-02", Purpose::Withdraw);
        assert!(matches!(
            w.take(again, &tree),
            Err(WarehouseError::NotInStore { .. })
        ));
        let back = Fact::ReturnedToStore {
            item: code("SL-K1/2026/004"),
            on: day("2026-10-01"),
        };
        w.take(back.clone(), &tree).unwrap();
        assert_eq!(
            w.take(back, &tree),
            Err(WarehouseError::NotWithdrawn(code("SL-K1/2026/004")))
        );
        let gone = issued("SL-K1/2026/000", "2026-10-01", Purpose::Sell);
        assert!(matches!(
            w.take(gone, &tree),
            Err(WarehouseError::NotInStore {
                status: Status::Out(Purpose::Return),
                ..
            })
        ));
        let early = issued("SL-K1/2026/004", "2026-09-15", Purpose::Return);
        assert!(matches!(
            w.take(early, &tree),
            Err(WarehouseError::OutOfOrder { .. })
        ));
    }

    #[test]
    fn the_stock_of_a_past_day_is_the_facts_of_that_day_folded() {
        let facts = vec![
            warehouse(10),
            received("SL-K1/2026/001", "2026-01-10", ItemKind::Vehicle, 450),
            received("SL-K1/2026/002", "2026-02-10", ItemKind::Cash, 10),
            issued("SL-K1/2026/001", "2026-03-05", Purpose::Withdraw),
            issued("SL-K1/2026/002", "2026-03-20", Purpose::Confiscate),
            Fact::ReturnedToStore {
                item: code("SL-K1/2026/001"),
                on: day("2026-04-02"),
            },
            received("SL-K1/2026/003", "2026-04-03", ItemKind::Weapon, 200),
        ];
        let all = taken(facts.clone());
        let w = all.get(&code("SL-K1")).unwrap();
        for on in [
            "2026-01-09",
            "2026-02-15",
            "2026-03-10",
            "2026-03-31",
            "2026-05-01",
        ] {
            let on = day(on);
            let dated = |f: &Fact| match f {
                Fact::Received(i) => i.on <= on,
                Fact::Issued(i) => i.on <= on,
                Fact::ReturnedToStore { on: d, .. } => *d <= on,
                _ => true,
            };
            let folded = taken(facts.iter().filter(|f| dated(f)).cloned().collect());
            let folded = folded.get(&code("SL-K1")).unwrap();
            assert_eq!(w.stock_on(on), folded.stock_on(on), "{on}");
        }
        let trend = w.trend(day("2026-01-01"), day("2026-04-30"));
        let areas: Vec<i64> = trend.iter().map(|(_, s)| s.area).collect();
        assert_eq!(areas, [450, 460, 450, 650]);
        assert_eq!(trend[2].1.withdrawn, 1);
        assert_eq!(trend[3].1.of_kind(ItemKind::Weapon), 1);
    }

    #[test]
    fn a_stocktake_finds_what_is_missing_and_what_differs() {
        let mut facts = vec![warehouse(10)];
        for n in 1..=3 {
            facts.push(received(
                &format!("SL-K1/2026/00{n}"),
                "2026-07-01",
                ItemKind::Other,
                100,
            ));
        }
        facts.push(issued("SL-K1/2026/003", "2026-08-01", Purpose::Return));
        facts.push(Fact::Stocktake(Stocktake {
            warehouse: code("SL-K1"),
            on: day("2026-09-30"),
            counted: vec![
                (code("SL-K1/2026/002"), Hundredths(300)),
                (code("SL-K1/2026/003"), Hundredths(100)),
            ],
            minutes: Some("BB 01".into()),
        }));
        let w = taken(facts);
        let count = w.stocktake_at(0);
        assert_eq!(count.expected, 2);
        assert_eq!(
            count.findings,
            [
                (code("SL-K1/2026/003"), Finding::NotInStock),
                (code("SL-K1/2026/001"), Finding::Missing),
                (
                    code("SL-K1/2026/002"),
                    Finding::Differs {
                        expected: Hundredths(100),
                        counted: Hundredths(300)
                    }
                ),
            ]
        );
        // The third quarter's count is taken; the fourth's is owed.
        let owed = w
            .get(&code("SL-K1"))
            .unwrap()
            .counts_owed(&w, day("2026-11-29"));
        assert_eq!(owed.len(), 1);
        assert_eq!(
            (owed[0].period, owed[0].end),
            (Period::Year, day("2026-12-31"))
        );
    }

    #[test]
    fn a_council_of_three_destroys_within_its_days_with_minutes() {
        let tree = agencies();
        let mut w = taken(vec![
            warehouse(10),
            received("SL-K1/2026/001", "2026-07-01", ItemKind::Hazardous, 100),
        ]);
        let council = |members: usize| {
            Fact::Council(Council {
                code: code("QD-05"),
                warehouse: code("SL-K1"),
                on: day("2026-09-01"),
                members: (0..members).map(|n| format!("Thành viên {n}")).collect(),
                items: vec![code("SL-K1/2026/001")],
            })
        };
        assert!(matches!(
            w.take(council(2), &tree),
            Err(WarehouseError::CouncilTooSmall { min: 3, .. })
        ));
        w.take(council(3), &tree).unwrap();
        let destroy = |on: &str, minutes: Option<&str>| {
            Fact::Issued(Issue {
                council: Some(code("QD-05")),
                minutes: minutes.map(str::to_owned),
                ..match issued("SL-K1/2026/001", on, Purpose::Destroy) {
                    Fact::Issued(i) => i,
                    _ => unreachable!(),
                }
            })
        };
        assert!(matches!(
            w.take(destroy("2026-09-22", Some("BB")), &tree),
            Err(WarehouseError::CouncilDays { .. })
        ));
        assert_eq!(
            w.take(destroy("2026-09-21", None), &tree),
            Err(WarehouseError::NoMinutes(code("SL-K1/2026/001")))
        );
        assert_eq!(w.councils_open(day("2026-09-10")).len(), 1);
        w.take(destroy("2026-09-21", Some("BB 02")), &tree).unwrap();
        assert!(w.councils_open(day("2026-09-30")).is_empty());
    }

    #[test]
    fn lists_items_held_five_years_without_a_judgment_and_alerts_at_ninety_percent() {
        let w = taken(vec![
            warehouse(10),
            received("SL-K1/2020/001", "2020-03-01", ItemKind::Other, 500),
            received("SL-K1/2021/001", "2021-12-01", ItemKind::Other, 400),
        ]);
        let held = w.get(&code("SL-K1")).unwrap();
        let listed: Vec<_> = w
            .unidentified(held, day("2026-11-29"))
            .map(|s| s.item.code.as_str())
            .collect();
        assert_eq!(listed, ["SL-K1/2020/001"]);
        let occupied = held.stock_on(day("2026-11-29")).area();
        let capacity = held.warehouse.area;
        assert!(alert(occupied, capacity, 90));
        assert!(!alert(Hundredths(899), capacity, 90));
    }

    #[test]
    fn the_shipped_rules_are_read() {
        let rules = WarehouseRules::shipped();
        let rule = rules.in_force(day("2026-11-29")).unwrap();
        assert_eq!((rule.council_members, rule.council_days), (3, 20));
        assert!(rules.in_force(day("2015-07-01")).is_some());
    }
}
