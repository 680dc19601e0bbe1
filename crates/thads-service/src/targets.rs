//! Yearly targets (chỉ tiêu): the completion rates, in cases and in money,
//! that leaders set for the agencies of their subtree, and that the
//! dashboard and reports compare with.

use thads_core::AgencyCode;
use thads_core::report::Rate;
use thads_store::StoreError;

use crate::{Actor, Agency, Denied, ReportError, Snapshot, Thads};

/// An agency's yearly targets (chỉ tiêu): the rates of completion, in cases
/// and in money, it is to reach by 30 September.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The agency.
    pub agency: Agency,
    /// The rate in cases.
    pub cases: Rate,
    /// The rate in money.
    pub money: Rate,
}

/// Why targets were not set.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The agency is not known (or not to this actor).
    #[error("agency {0}: no such agency")]
    UnknownAgency(AgencyCode),
    /// A rate above 100 %.
    #[error("a target is a rate of at most 100 %")]
    AboveHundred,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Thads {
    /// The targets set for the statistical year ending on 30 September of
    /// `year`, for the agencies whose reports the actor sees.
    pub async fn targets(
        &self,
        snapshot: &Snapshot,
        actor: &Actor,
        year: i16,
    ) -> Result<Vec<Target>, ReportError> {
        let agencies = &snapshot.agencies;
        let mut targets = Vec::new();
        for (code, cases, money) in self.store.targets(i64::from(year)).await? {
            let Some(agency) = agencies.index(&code) else {
                continue;
            };
            if actor.report_scope(agencies, Some(agency))?.is_some() {
                let rate = |r: i64| Rate(u32::try_from(r).unwrap_or(0));
                targets.push(Target {
                    agency: agencies.get(agency).clone(),
                    cases: rate(cases),
                    money: rate(money),
                });
            }
        }
        Ok(targets)
    }

    /// Sets an agency's targets for the statistical year ending in `year`.
    pub async fn set_target(
        &self,
        actor: &Actor,
        agency: &AgencyCode,
        year: i16,
        cases: Rate,
        money: Rate,
    ) -> Result<(), TargetError> {
        let view = self.view().await?;
        let agencies = view.agencies();
        let index = agencies
            .index(agency)
            .ok_or_else(|| TargetError::UnknownAgency(agency.clone()))?;
        if !actor.may_set_targets(agencies, index)? {
            return Err(TargetError::UnknownAgency(agency.clone()));
        }
        if cases.0 > 10_000 || money.0 > 10_000 {
            return Err(TargetError::AboveHundred);
        }
        let province = &agencies.get(agencies.root(index)).code;
        let detail = serde_json::json!({
            "year": year,
            "cases_rate": cases.to_string(),
            "money_rate": money.to_string(),
        });
        let audit = actor.entry("set_target", agency.as_str(), detail);
        let rates = (i64::from(cases.0), i64::from(money.0));
        self.store
            .set_target(province, agency, i64::from(year), rates, &audit)
            .await?;
        Ok(())
    }
}
