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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
