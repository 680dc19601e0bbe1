//! Money held: what was collected and not yet paid out, case by case, with
//! its age and what the law does with it if nobody comes for it (paid
//! within the payout's deadline, then deposited, then handed to the State
//! budget: [`thads_core::unclaimed`]). The "paper money trail" agencies
//! lost track of before electronic receipts.
//!
//! The cases are those whose `pay_out` step is open in the due list
//! ([`crate::due`]): the step's opening day is the oldest collection not
//! yet paid out, its due date the payout's deadline.

use thads_core::agency::AgencyIndex;
use thads_core::due::Duty;
use thads_core::ledger::Ledger;
use thads_core::unclaimed::{Stage, Standing, UnclaimedRules};
use thads_core::{AgencyCode, AgencyTree, Day, Vnd};

use crate::csv_cells::CsvOut;
use crate::due::{DueList, DueQuery};
use crate::view::ListError;
use crate::{Actor, Thads};

/// A case's money held.
#[derive(Debug, Clone)]
pub struct HeldRow {
    /// The case's code.
    pub case: String,
    /// Its agency.
    pub agency: AgencyIndex,
    /// Collected and not yet paid out.
    pub amount: Vnd,
    /// The day of the oldest collection not yet paid out.
    pub since: Day,
    /// The payout's deadline for it.
    pub pay_by: Day,
    /// Where it stands, and where it goes if unclaimed.
    pub standing: Standing,
}

/// The money held in a scope on a day.
#[derive(Debug, Clone)]
pub struct HeldMoney {
    /// The day.
    pub as_of: Day,
    /// Each case holding money, the oldest money first.
    pub rows: Vec<HeldRow>,
    /// Per stage ([`Stage::ALL`]'s order): the cases and the money.
    pub totals: [(u64, i128); 4],
}

impl HeldRow {
    /// Its age in days on `as_of`.
    pub fn age(&self, as_of: Day) -> i32 {
        self.since.days_until(as_of)
    }
}

/// The money held by the cases of a due list on its day.
pub fn held_of(list: &DueList, ledger: &Ledger, as_of: Day) -> HeldMoney {
    let rules = UnclaimedRules::shipped();
    let mut totals = [(0, 0); 4];
    let mut rows: Vec<HeldRow> = list
        .steps
        .iter()
        .filter(|s| s.duty == Duty::PayOut)
        .filter_map(|s| {
            let (_, state) = ledger.case_on(s.id, as_of)?;
            // Money collected before any rule is under the oldest.
            let rule = rules.in_force(s.opened_on).or_else(|| rules.oldest())?;
            let standing = rule.standing(state.unpaid, s.opened_on, s.due, as_of);
            let total = &mut totals[standing.stage as usize];
            total.0 += 1;
            total.1 += i128::from(state.unpaid.get());
            Some(HeldRow {
                case: s.code.clone(),
                agency: s.agency,
                amount: state.unpaid,
                since: s.opened_on,
                pay_by: s.due,
                standing,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.case.cmp(&b.case)));
    HeldMoney {
        as_of,
        rows,
        totals,
    }
}

impl Thads {
    /// The money held by the cases the actor sees (of `agency`'s subtree)
    /// at the end of `as_of`, and the agencies it names: `thads held`.
    pub async fn held(
        &self,
        actor: &Actor,
        agency: Option<AgencyCode>,
        as_of: Day,
    ) -> Result<(HeldMoney, AgencyTree), ListError> {
        let query = DueQuery {
            agency,
            executor: None,
            as_of,
        };
        let snapshot = self.snapshot().await?;
        let list = self.due_in(&snapshot, actor, &query).await?;
        Ok((held_of(&list, &snapshot.ledger, as_of), snapshot.agencies))
    }
}

/// The money held as JSON: the totals per stage, and each case.
pub fn held_json(held: &HeldMoney, tree: &AgencyTree) -> String {
    let totals: Vec<_> = Stage::ALL
        .iter()
        .zip(&held.totals)
        .map(|(stage, (cases, amount))| {
            serde_json::json!({"stage": stage.as_str(), "cases": cases, "amount": *amount as i64})
        })
        .collect();
    let cases: Vec<_> = held
        .rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "case": r.case,
                "agency": tree.get(r.agency).code.as_str(),
                "amount": r.amount.get(),
                "since": r.since.to_string(),
                "age_days": r.age(held.as_of),
                "pay_by": r.pay_by.to_string(),
                "stage": r.standing.stage.as_str(),
                "deposit_after": r.standing.deposit_after.to_string(),
                "deposit": r.standing.deposit.as_str(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "as_of": held.as_of.to_string(),
        "totals": totals,
        "cases": cases,
    }))
    .expect("money held serializes");
    text.push('\n');
    text
}

/// The money held as CSV (UTF-8 with a byte-order mark, for Excel), a case
/// to a row.
pub fn held_csv(held: &HeldMoney, tree: &AgencyTree) -> Vec<u8> {
    let mut out = CsvOut::new(true);
    out.row([
        "case",
        "agency",
        "amount",
        "since",
        "age_days",
        "pay_by",
        "stage",
        "deposit_after",
        "deposit",
    ]);
    for r in &held.rows {
        out.row([
            r.case.clone(),
            tree.get(r.agency).code.to_string(),
            r.amount.get().to_string(),
            r.since.to_string(),
            r.age(held.as_of).to_string(),
            r.pay_by.to_string(),
            r.standing.stage.as_str().to_owned(),
            r.standing.deposit_after.to_string(),
            r.standing.deposit.as_str().to_owned(),
        ]);
    }
    out.finish()
}
