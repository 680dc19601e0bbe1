//! A register row and the journal: the records a row implies
//! ([`RegisterRow::records`]), and the row a case's records fold into
//! ([`RowFold`]).

use thads_core::event::UnableGround;
use thads_core::executor::ExecutorCode;
use thads_core::journal::Record;
use thads_core::{Acceptance, Agency, AgencyCode, CaseCode, CaseState, Day, Event, Status, Vnd};

use super::columns::{Column, category_name, mode_name, status_name};
use super::sheet::Cell;

/// Money collected (or reduced) up to the register's day, as a row says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    /// In all.
    pub total: Vnd,
    /// Of which within the statistical year that holds the last date: the
    /// rest came in before it.
    pub this_year: Vnd,
    /// The date of the last.
    pub last_on: Option<Day>,
}

impl Moved {
    fn add(&mut self, on: Day, amount: Vnd) {
        let year_start = on.statistical_year().0;
        let same_year = self.last_on.is_some_and(|last| last >= year_start);
        self.this_year = Vnd(if same_year { self.this_year.0 } else { 0 } + amount.0);
        self.total = Vnd(self.total.0 + amount.0);
        self.last_on = Some(on);
    }

    /// The events that move the money: what came in before the statistical
    /// year (on its eve: the row does not say when), then the rest on the
    /// last date.
    fn events(&self) -> Vec<(Day, Vnd)> {
        let Some(last_on) = self.last_on else {
            return Vec::new();
        };
        let before = Vnd(self.total.0 - self.this_year.0);
        let eve = last_on.statistical_year().0.plus_days(-1);
        [(eve, before), (last_on, self.this_year)]
            .into_iter()
            .filter(|(_, amount)| amount.0 > 0)
            .collect()
    }
}

/// One case as a register row: its acceptance and its state on the
/// register's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The case.
    pub code: CaseCode,
    /// When it was accepted.
    pub accepted_on: Day,
    /// What was accepted.
    pub acceptance: Acceptance,
    /// Money collected.
    pub collected: Moved,
    /// Money reduced.
    pub reduced: Moved,
    /// Since when, and why, the case is not enforceable (if it is not).
    pub unable: Option<(Day, Option<String>)>,
    /// Where the case stands.
    pub status: Status,
    /// Since when (none for a case being enforced).
    pub status_on: Option<Day>,
    /// Where an entrusted case went.
    pub entrusted_to: Option<AgencyCode>,
    /// The executor who holds it.
    pub executor: Option<ExecutorCode>,
    /// The legal ground of its status: of `unable` (a journal name), or a
    /// code of `rules/grounds.toml` for a postponement, suspension or
    /// termination.
    pub ground: Option<String>,
}

impl RegisterRow {
    /// The journal records the row implies, each with the column it comes
    /// from: the acceptance, then the events by date (on one day, money
    /// first and the close last).
    pub fn records(&self) -> Vec<(Record, Column)> {
        let mut events: Vec<(Day, Event, Column)> = Vec::new();
        if let Some(executor) = &self.executor {
            let executor = executor.clone();
            events.push((
                self.accepted_on,
                Event::Assigned { executor },
                Column::Executor,
            ));
        }
        for (on, amount) in self.collected.events() {
            events.push((on, Event::Collected(amount), Column::Collected));
        }
        for (on, amount) in self.reduced.events() {
            events.push((on, Event::Reduced(amount), Column::Reduced));
        }
        if let Some((on, reason)) = &self.unable {
            let reason = reason.clone();
            let ground = self.ground.as_deref().and_then(UnableGround::parse);
            events.push((*on, Event::Unable { reason, ground }, Column::UnableSince));
        }
        let closing = match self.status {
            Status::Enforcing | Status::Unable => None,
            Status::Postponed => Some(Event::Postponed {
                ground: self.ground.clone(),
            }),
            Status::Suspended => Some(Event::Suspended {
                ground: self.ground.clone(),
            }),
            Status::Completed => Some(Event::Completed),
            Status::Terminated => Some(Event::Terminated {
                reason: None,
                ground: self.ground.clone(),
            }),
            Status::Returned => Some(Event::Returned),
            Status::Entrusted => self.entrusted_to.clone().map(|to| Event::Entrusted { to }),
        };
        if let (Some(event), Some(on)) = (closing, self.status_on) {
            events.push((on, event, Column::Status));
        }
        // Stable: on one day, the order above (money, unable, hold, close).
        events.sort_by_key(|(on, event, _)| (*on, event.kind().closes()));
        let mut records = vec![(
            Record::Accepted {
                case: self.code.clone(),
                on: self.accepted_on,
                counted_on: None,
                acceptance: Box::new(self.acceptance.clone()),
            },
            Column::Code,
        )];
        records.extend(events.into_iter().map(|(on, event, column)| {
            let case = self.code.clone();
            let record = Record::Event {
                case,
                on,
                counted_on: None,
                event,
            };
            (record, column)
        }));
        records
    }

    /// The row of a case on a day: the fold of its events dated up to then.
    pub fn of_case(
        code: CaseCode,
        accepted_on: Day,
        acceptance: Acceptance,
        events: impl IntoIterator<Item = (Day, Event)>,
    ) -> RegisterRow {
        let mut fold = RowFold::new(code, accepted_on, acceptance);
        for (on, event) in events {
            fold.apply(on, event);
        }
        fold.finish()
    }

    /// The row's cells, in the order of [`Column::ALL`].
    pub fn cells(&self) -> Vec<Cell> {
        let a = &self.acceptance;
        let text = |s: &str| Cell::Text(s.to_owned());
        let optional = |s: &Option<String>| s.as_deref().map_or(Cell::Empty, text);
        let day = |d: Option<Day>| d.map_or(Cell::Empty, Cell::Day);
        let money = |m: Vnd| Cell::Money(m);
        let categories: Vec<&str> = a.categories.iter().map(|c| category_name(*c)).collect();
        Column::ALL
            .iter()
            .map(|column| match column {
                Column::Code => text(self.code.as_str()),
                Column::Decision => text(&a.decision),
                Column::Judgment => text(&a.judgment),
                Column::Agency => text(a.agency.as_str()),
                Column::Mode => text(mode_name(a.mode)),
                Column::Categories if categories.is_empty() => Cell::Empty,
                Column::Categories => Cell::Text(categories.join("; ")),
                Column::Debtor => text(&a.debtor.name),
                Column::DebtorId => optional(&a.debtor.id),
                Column::DebtorAddress => optional(&a.debtor.address),
                Column::Creditor => text(&a.creditor.name),
                Column::CreditorId => optional(&a.creditor.id),
                Column::CreditorAddress => optional(&a.creditor.address),
                Column::AcceptedOn => Cell::Day(self.accepted_on),
                Column::Amount => money(a.amount),
                Column::Collected => money(self.collected.total),
                Column::CollectedThisYear => money(self.collected.this_year),
                Column::CollectedOn => day(self.collected.last_on),
                Column::Reduced => money(self.reduced.total),
                Column::ReducedThisYear => money(self.reduced.this_year),
                Column::ReducedOn => day(self.reduced.last_on),
                Column::UnableSince => day(self.unable.as_ref().map(|(on, _)| *on)),
                Column::UnableReason => self
                    .unable
                    .as_ref()
                    .and_then(|(_, r)| r.as_deref())
                    .map_or(Cell::Empty, text),
                Column::Status => text(status_name(self.status)),
                Column::StatusOn => day(self.status_on),
                Column::EntrustedTo => self
                    .entrusted_to
                    .as_ref()
                    .map_or(Cell::Empty, |to| text(to.as_str())),
                Column::Executor => self
                    .executor
                    .as_ref()
                    .map_or(Cell::Empty, |e| text(e.as_str())),
                Column::Ground => optional(&self.ground),
            })
            .collect()
    }
}

/// A case's row folded from its events one at a time, as the journal
/// streams by.
#[derive(Debug, Clone)]
pub struct RowFold {
    row: RegisterRow,
    state: CaseState,
    held_on: Option<Day>,
    /// The ground of the `unable` in force, for when a hold on the case ends.
    unable_ground: Option<String>,
}

impl RowFold {
    /// A case just accepted.
    pub fn new(code: CaseCode, accepted_on: Day, acceptance: Acceptance) -> RowFold {
        RowFold {
            state: CaseState::accepted(accepted_on, acceptance.amount),
            row: RegisterRow {
                code,
                accepted_on,
                acceptance,
                collected: Moved::default(),
                reduced: Moved::default(),
                unable: None,
                status: Status::Enforcing,
                status_on: None,
                entrusted_to: None,
                executor: None,
                ground: None,
            },
            held_on: None,
            unable_ground: None,
        }
    }

    /// Takes the case's next event into account.
    pub fn apply(&mut self, on: Day, event: Event) {
        if self.state.apply(on, event.kind(), event.amount()).is_err() {
            return; // Stored journals hold valid events only.
        }
        let row = &mut self.row;
        match event {
            Event::Collected(amount) => row.collected.add(on, amount),
            Event::Reduced(amount) => row.reduced.add(on, amount),
            Event::Unable { reason, ground } => {
                row.unable = Some((on, reason));
                self.unable_ground = ground.map(|g| g.as_str().to_owned());
                row.ground = self.unable_ground.clone();
            }
            Event::Able => {
                row.unable = None;
                self.unable_ground = None;
                row.ground = None;
            }
            Event::Postponed { ground } | Event::Suspended { ground } => {
                self.held_on = Some(on);
                row.ground = ground;
            }
            Event::Resumed => {
                self.held_on = None;
                row.ground = self.unable_ground.clone();
            }
            Event::Terminated { ground, .. } => row.ground = ground,
            Event::Entrusted { to } => row.entrusted_to = Some(to),
            Event::Assigned { executor } => row.executor = Some(executor),
            // The rest of the work on a case (notices, verifications,
            // payouts, the separate register) is not in the register.
            Event::Completed
            | Event::Returned
            | Event::RegisteredApart
            | Event::Notified
            | Event::Verified { .. }
            | Event::Published
            | Event::PaidOut { .. } => {}
        }
    }

    /// The case's state after the events taken so far.
    pub fn state(&self) -> &CaseState {
        &self.state
    }

    /// What the case was accepted with.
    pub fn acceptance(&self) -> &Acceptance {
        &self.row.acceptance
    }

    /// The row: where the case stands, and since when.
    pub fn finish(self) -> RegisterRow {
        let mut row = self.row;
        row.status = self.state.status();
        row.status_on = match row.status {
            Status::Enforcing => None,
            Status::Unable => row.unable.as_ref().map(|(on, _)| *on),
            Status::Postponed | Status::Suspended => self.held_on,
            Status::Completed | Status::Terminated | Status::Entrusted | Status::Returned => {
                self.state.closed.map(|(_, on)| on)
            }
        };
        row
    }
}

/// A register with its agencies: what is written, and what is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterBook {
    /// The agencies (a workbook's “Đơn vị” sheet), parents first.
    pub agencies: Vec<Agency>,
    /// One row per case.
    pub rows: Vec<RegisterRow>,
}
