//! Closing statistical periods (chốt số liệu) and checking that what they
//! fixed still reads the same: `thads close`, `thads close verify`, the
//! closing page, and a report as the journal stood on a past day.
//!
//! A close is a fact of the journal (`period_closed`): the scope, the last
//! day closed, who and when, the journal's position, and the SHA-256 of
//! the report it fixed. After it, a case record dated on or before that day
//! counts on the day after (core's checker sets its `counted_on`), so the
//! closed report never changes; [`crate::report::period_report`] says that
//! a report is closed, and by which close.

use sha2::{Digest, Sha256};
use thads_core::AgencyCode;
use thads_core::agency::AgencyIndex;
use thads_core::close::Close;
use thads_core::coordination::Fact;
use thads_core::journal::Record;
use thads_core::text::Text;
use thads_core::{AgencyTree, Day};
use thads_store::{Snapshot, StoreError};

use crate::report::{AsRecorded, closed_report_json};
use crate::{Actor, Denied, RecordError, Thads, now_ms, today_in_vietnam, vietnam};

/// Why a period cannot be closed, or closes cannot be checked.
#[derive(Debug, thiserror::Error)]
pub enum CloseError {
    /// The actor's role may not close periods.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such agency (or none the actor reaches).
    #[error("agency {0} is not known")]
    UnknownAgency(AgencyCode),
    /// The period has not ended yet.
    #[error("the period to {to} has not ended (today is {today})")]
    NotOver {
        /// The last day asked.
        to: Day,
        /// Today, in Vietnam.
        today: Day,
    },
    /// The rules of closes refuse it (not a month's end, closed already).
    #[error("{0}")]
    Refused(Text),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<RecordError> for CloseError {
    fn from(e: RecordError) -> CloseError {
        match e {
            RecordError::Store(e) => CloseError::Store(e),
            RecordError::Refused(fault) => CloseError::Refused(fault.reason),
            other => CloseError::Store(StoreError::Damaged(other.to_string())),
        }
    }
}

/// A close as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseRow {
    /// The close.
    pub close: Close,
    /// The name of the agency closed (`None`: the whole store).
    pub agency_name: Option<String>,
    /// Where its report stands with the procuracy, if sent for
    /// co-signing.
    pub cosigning: Option<crate::report::Cosigning>,
    /// The procuracies it may be sent to for co-signing, `(code, name)`:
    /// those of the agency first, then the others of its province; none
    /// for the whole store's close, or once sent.
    pub procuracies: Vec<(String, String)>,
}

/// What `thads close verify` found for one close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseCheck {
    /// The close.
    pub close: Close,
    /// The SHA-256 of its report computed again from the journal.
    pub sha256: String,
}

impl CloseCheck {
    /// Whether the report computed again is the one closed.
    pub fn holds(&self) -> bool {
        self.sha256 == self.close.sha256
    }
}

/// The hexadecimal SHA-256 of a text.
fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The agency of a scope by code, if the tree has it.
fn scope_of(
    tree: &AgencyTree,
    agency: Option<&AgencyCode>,
) -> Result<Option<AgencyIndex>, CloseError> {
    agency
        .map(|code| {
            tree.index(code)
                .ok_or_else(|| CloseError::UnknownAgency(code.clone()))
        })
        .transpose()
}

impl Thads {
    /// Closes the statistical periods ending on or before `to` (a month's
    /// last day, past) for an agency's subtree, or the whole store: a
    /// leader's or statistician's act, over their reach. Returns the close.
    pub async fn close(
        &self,
        actor: &Actor,
        to: Day,
        agency: Option<AgencyCode>,
    ) -> Result<Close, CloseError> {
        let today = today_in_vietnam();
        let mut writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let tree = &snapshot.agencies;
        let scope = scope_of(tree, agency.as_ref())?;
        if !actor.may_close(tree, scope)? {
            return Err(match agency {
                Some(code) => CloseError::UnknownAgency(code),
                None => actor.denied("close the whole store's periods").into(),
            });
        }
        if to >= today {
            return Err(CloseError::NotOver { to, today });
        }
        let close = Close {
            agency,
            to,
            at: jiff::Timestamp::from_millisecond(now_ms()).expect("now is a valid time"),
            by: actor.name.clone(),
            journal: snapshot.journal_seq as u64,
            sha256: sha256(&closed_report_json(snapshot, scope, to)),
        };
        let records = vec![(
            1,
            Record::Coordination(Box::new(Fact::Closed(close.clone()))),
        )];
        let ids = writer.case_ids(&[]).await?;
        let prepared = crate::check_records(writer.snapshot(), records, &ids)?;
        let detail = serde_json::json!({
            "to": close.to.to_string(),
            "journal": close.journal,
            "sha256": close.sha256,
        });
        let subject = close.agency.as_ref().map_or("", |a| a.as_str());
        let audit = actor.entry("close", subject, detail);
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        Ok(close)
    }

    /// Computes every closed report again from the journal itself (read
    /// and checked anew, not from the stored ledger) and compares it with
    /// the digest its close recorded. Every close is checked, in order.
    pub async fn verify_closes(&self, actor: &Actor) -> Result<Vec<CloseCheck>, CloseError> {
        let snapshot = self.store.snapshot().await?;
        if !actor.may_close(&snapshot.agencies, None)? {
            return Err(actor.denied("check every close").into());
        }
        let journal = self.store.journal_snapshot().await?;
        snapshot
            .coordination
            .closes()
            .list()
            .iter()
            .map(|close| {
                let scope = scope_of(&journal.agencies, close.agency.as_ref())?;
                Ok(CloseCheck {
                    close: close.clone(),
                    sha256: sha256(&closed_report_json(&journal, scope, close.to)),
                })
            })
            .collect()
    }

    /// A past day as a report as recorded asks it: the journal's position
    /// at its end (Vietnam time).
    pub async fn as_recorded(&self, day: Day) -> Result<AsRecorded, StoreError> {
        let end = jiff::civil::Date::from(day.plus_days(1))
            .to_zoned(vietnam())
            .expect("a day in range")
            .timestamp();
        let position = self.store.position_at(end.as_millisecond()).await?;
        Ok(AsRecorded {
            day,
            position: u32::try_from(position.max(0)).unwrap_or(u32::MAX),
            until: end,
        })
    }
}

/// The closes whose scope the actor reaches (for leaders and
/// statisticians: within their subtree; the whole store's for all), the
/// latest first.
pub fn close_rows(snapshot: &Snapshot, actor: &Actor) -> Result<Vec<CloseRow>, Denied> {
    let tree = &snapshot.agencies;
    actor.report_scope(tree, None)?;
    let mut rows: Vec<CloseRow> = snapshot
        .coordination
        .closes()
        .list()
        .iter()
        .filter_map(|close| {
            let agency = match &close.agency {
                None => None,
                Some(code) => Some(tree.index(code)?),
            };
            let sees = match agency {
                None => true,
                Some(a) => actor.sees_reports_of(tree, a),
            };
            if !sees {
                return None;
            }
            let cosigning = close
                .agency
                .as_ref()
                .and_then(|code| crate::report::Cosigning::of(snapshot, code, close.to));
            let procuracies = match (agency, &cosigning) {
                (Some(agency), None) => procuracies_of(snapshot, agency),
                _ => Vec::new(),
            };
            Some(CloseRow {
                close: close.clone(),
                agency_name: agency.map(|a| tree.get(a).name.clone()),
                cosigning,
                procuracies,
            })
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

/// The procuracies of an agency's province, `(code, name)`: those that
/// work with the agency itself first.
fn procuracies_of(snapshot: &Snapshot, agency: AgencyIndex) -> Vec<(String, String)> {
    use thads_core::coordination::PartnerKind;
    let tree = &snapshot.agencies;
    let code = &tree.get(agency).code;
    let mut found: Vec<(bool, String, String)> = snapshot
        .coordination
        .partners()
        .iter()
        .filter(|p| p.kind == PartnerKind::Procuracy)
        .filter(|p| {
            tree.index(&p.agency)
                .is_some_and(|a| tree.root(a) == tree.root(agency))
        })
        .map(|p| (p.agency != *code, p.code.to_string(), p.name.clone()))
        .collect();
    found.sort_by_key(|(other, ..)| *other);
    found
        .into_iter()
        .map(|(_, code, name)| (code, name))
        .collect()
}
