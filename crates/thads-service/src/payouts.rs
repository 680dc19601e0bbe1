//! Paying creditors out: who receives what from money collected or an
//! asset sold on a case (`thads distribute`), in the legal order of
//! priority that `thads_core::distribution` computes. What each creditor
//! is still owed is its share of the decision less what was paid out to it.

use thads_core::distribution::{Claim, Distribution, DistributionError, Payment, Rank};
use thads_core::journal::Record;
use thads_core::{CaseCode, Day, Event};
use thads_store::StoreError;

use crate::{Actor, Denied, Thads};

/// Why a distribution cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum DistributeError {
    /// The actor's role sees no cases.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such case (or none the actor sees).
    #[error("case {0} is not known")]
    UnknownCase(CaseCode),
    /// An amount given is wrong.
    #[error(transparent)]
    Invalid(#[from] DistributionError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a distribution is asked for.
#[derive(Debug, Clone)]
pub struct DistributeRequest {
    /// The case.
    pub case: CaseCode,
    /// Money collected, or an asset's price, in đồng.
    pub proceeds: i64,
    /// Enforcement costs paid first, in đồng.
    pub costs: i64,
    /// The day: payouts recorded up to it are taken off what is owed.
    pub on: Day,
}

impl Thads {
    /// The payments of a distribution on a case the actor sees: each
    /// creditor's share of the decision (a single creditor of rank
    /// `other` for a case that lists none) less what was paid out to it by
    /// the day, in the order of priority.
    pub async fn distribute(
        &self,
        actor: &Actor,
        asked: &DistributeRequest,
    ) -> Result<Vec<Payment>, DistributeError> {
        actor.may_see_cases()?;
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let unknown = || DistributeError::UnknownCase(asked.case.clone());
        let records = self.store.case_journal(&asked.case).await?;
        let Some((
            Record::Accepted {
                on: accepted,
                acceptance,
                ..
            },
            events,
        )) = records.split_first()
        else {
            return Err(unknown());
        };
        let agency = snapshot
            .agencies
            .index(&acceptance.agency)
            .ok_or_else(unknown)?;
        if !actor.sees_cases_of(&snapshot.agencies, agency) {
            return Err(unknown());
        }
        let mut claims: Vec<Claim> = if acceptance.creditors.is_empty() {
            vec![Claim {
                name: acceptance.creditor.name.clone(),
                rank: Rank::Other,
                owed: acceptance.amount.get(),
                requested: *accepted,
            }]
        } else {
            acceptance
                .creditors
                .iter()
                .map(|c| Claim {
                    name: c.party.name.clone(),
                    rank: c.rank,
                    owed: c.amount.get(),
                    requested: *accepted,
                })
                .collect()
        };
        let single = claims.len() == 1;
        for record in events {
            let Record::Event {
                on,
                event: Event::PaidOut { amount, to },
                ..
            } = record
            else {
                continue;
            };
            if *on > asked.on {
                continue;
            }
            // A payout names its creditor; an unnamed one (version 1) is
            // the single creditor's.
            let paid = claims
                .iter_mut()
                .find(|c| to.as_deref() == Some(c.name.as_str()) || (single && to.is_none()));
            if let Some(claim) = paid {
                claim.owed = (claim.owed - amount.get()).max(0);
            }
        }
        let distribution = Distribution {
            proceeds: asked.proceeds,
            costs: asked.costs,
            secured: None,
            coercion: None,
            claims,
        };
        Ok(distribution.payments()?)
    }
}

/// The payments as the command line's JSON: `{"payments": [{"to", "rank",
/// "amount"}…]}`.
pub fn payments_json(payments: &[Payment]) -> String {
    let rows: Vec<serde_json::Value> = payments
        .iter()
        .map(|p| serde_json::json!({"to": p.to, "rank": p.rank.as_str(), "amount": p.amount}))
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "payments": rows }))
        .expect("payments serialize");
    text.push('\n');
    text
}
