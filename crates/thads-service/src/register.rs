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
//! The parts: [`columns`] (the headings and what each holds), [`row`] (a
//! row and the journal records it implies, both ways), [`reader`] (a table
//! of cells read into rows, every faulty cell noted), [`sheet`] (a
//! spreadsheet read into cells and written, `.csv` and `.xlsx`), [`xlsx`]
//! (a workbook read within limits); and here, the register of a store, the
//! export use case.

pub mod columns;
pub mod reader;
pub mod row;
pub mod sheet;
pub mod xlsx;

pub use columns::*;
pub use reader::*;
pub use row::*;

use std::collections::HashMap;

use thads_core::journal::Record;
use thads_core::{AgencyCode, CaseCode, Day};

use crate::{Actor, ExportError, Thads};

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
        self.register_of(actor, agency, as_of, &|_| true).await
    }

    /// The register's rows (as [`Thads::register`]) of the cases `keep`
    /// keeps, in their state at the end of `as_of`: the name lists.
    pub async fn register_of(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        as_of: Day,
        keep: &(dyn Fn(&RowFold) -> bool + Sync),
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
                        ..
                    } if on <= as_of => {
                        let agency = agencies.index(&acceptance.agency).expect("stored agency");
                        if reach.covers(&agencies, agency)
                            && scope.is_none_or(|s| agencies.is_within(agency, s))
                        {
                            index.insert(case.clone(), cases.len());
                            cases.push(RowFold::new(case, on, *acceptance));
                        }
                    }
                    Record::Event {
                        case, on, event, ..
                    } if on <= as_of => {
                        if let Some(i) = index.get(&case) {
                            cases[*i].apply(on, event);
                        }
                    }
                    _ => {}
                }
                Ok(())
            })
            .await??;
        let rows = cases
            .into_iter()
            .filter(|case| keep(case))
            .map(RowFold::finish)
            .collect();
        Ok(RegisterBook {
            agencies: agencies.iter().cloned().collect(),
            rows,
        })
    }
}
