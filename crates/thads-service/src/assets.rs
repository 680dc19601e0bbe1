//! The asset register (sổ theo dõi tài sản): the debtors' assets of the
//! agencies an actor sees, each with where it stands, its value, its
//! mortgage, the measures in force and its auction rounds; and the assets
//! under auction. Read from the facts of coordination, without the ledger.

use thads_core::AgencyCode;
use thads_core::asset::{AssetState, State};

use crate::view::ListError;
use crate::{Actor, Thads};

/// Which assets the register lists.
#[derive(Debug, Clone, Default)]
pub struct AssetQuery {
    /// Those of an agency's subtree (none: every agency the actor sees).
    pub agency: Option<AgencyCode>,
    /// Only those under auction.
    pub under_auction: bool,
}

impl Thads {
    /// The assets of the cases of the agencies the actor sees, in the
    /// order found.
    pub async fn assets(
        &self,
        actor: &Actor,
        query: &AssetQuery,
    ) -> Result<Vec<AssetState>, ListError> {
        actor.may_see_cases()?;
        let (agencies, coordination) = self.store.coordination().await?;
        let top = match &query.agency {
            Some(code) => Some(
                agencies
                    .index(code)
                    .filter(|a| actor.sees_cases_of(&agencies, *a))
                    .ok_or_else(|| ListError::UnknownAgency(code.clone()))?,
            ),
            None => None,
        };
        Ok(coordination
            .assets()
            .iter()
            .filter(|held| !query.under_auction || held.state == State::UnderAuction)
            .filter(|held| {
                let agency = agencies.index(&held.asset.agency).expect("stored agency");
                actor.sees_cases_of(&agencies, agency)
                    && top.is_none_or(|top| agencies.is_within(agency, top))
            })
            .cloned()
            .collect())
    }
}

/// The register as the command line's JSON: `{"assets": [{"code", "case",
/// "agency", "kind", "description", "found", "state", "value", "mortgage",
/// "measures", "rounds", "reductions"}…]}`.
pub fn assets_json(assets: &[AssetState]) -> String {
    let rows: Vec<serde_json::Value> = assets
        .iter()
        .map(|held| {
            let a = &held.asset;
            serde_json::json!({
                "code": a.code.as_str(),
                "case": a.case.as_str(),
                "agency": a.agency.as_str(),
                "kind": a.kind.as_str(),
                "description": a.description,
                "details": a.details,
                "found": a.on.to_string(),
                "state": held.state.as_str(),
                "value": held.value.get(),
                "mortgage": a.mortgage.as_ref().map(|m| serde_json::json!({"to": m.to, "amount": m.amount.get()})),
                "measures": held.measures.iter().map(|(m, on)| serde_json::json!({"measure": m.as_str(), "since": on.to_string()})).collect::<Vec<_>>(),
                "rounds": held.rounds.iter().map(|(on, price)| serde_json::json!({"on": on.to_string(), "price": price.get()})).collect::<Vec<_>>(),
                "reductions": held.reductions(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "assets": rows }))
        .expect("assets serialize");
    text.push('\n');
    text
}
