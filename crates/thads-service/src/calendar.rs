//! The working-day calendar of the store: the days computed by law, the
//! decisions thads ships, and those an administrator records (audited),
//! which take precedence for their day.

use std::sync::Arc;

use thads_core::Day;
use thads_core::calendar::{Calendar, Decision};
use thads_store::StoreError;

use crate::{Actor, Denied, Thads};

/// Why a calendar decision was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// A day of a year the calendar does not compute.
    #[error("the calendar computes the years 1900–2199")]
    OutOfRange,
    /// A decision says why, in plain text (no control character, which
    /// one database stores and another refuses).
    #[error("a calendar decision needs its reason (the decision that sets it), in plain text")]
    NoReason,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Thads {
    /// The calendar: computed days, shipped decisions, and the decisions
    /// recorded in the store.
    pub async fn calendar(&self) -> Result<Arc<Calendar>, StoreError> {
        let recorded = self.store.calendar_decisions().await?;
        let mut kept = self.views.calendar.lock().expect("not poisoned");
        if let Some((decisions, calendar)) = kept.as_ref()
            && *decisions == recorded
        {
            return Ok(calendar.clone());
        }
        let decisions = recorded.iter().filter_map(|(day, off, reason)| {
            Some(Decision {
                date: Day::from_yyyymmdd(u32::try_from(*day).ok()?)?,
                off: *off,
                reason: reason.clone(),
                source: "recorded in thads".to_owned(),
            })
        });
        let calendar = Arc::new(Calendar::shipped().with(decisions));
        *kept = Some((recorded, calendar.clone()));
        Ok(calendar)
    }

    /// Records that `day` is off (or worked), for `reason`: the national
    /// administrator's, as the Prime Minister decides each year.
    pub async fn set_calendar_day(
        &self,
        actor: &Actor,
        day: Day,
        off: bool,
        reason: &str,
    ) -> Result<(), CalendarError> {
        actor.may_set_calendar()?;
        if !thads_core::calendar::YEARS.contains(&day.year()) {
            return Err(CalendarError::OutOfRange);
        }
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().any(char::is_control) {
            return Err(CalendarError::NoReason);
        }
        let detail = serde_json::json!({
            "kind": if off { "off" } else { "working" },
            "reason": reason,
        });
        let audit = actor.entry("set_calendar_day", &day.to_string(), detail);
        let yyyymmdd = i64::from(day.yyyymmdd());
        self.store
            .set_calendar_decision(yyyymmdd, off, reason, &audit)
            .await?;
        Ok(())
    }
}
