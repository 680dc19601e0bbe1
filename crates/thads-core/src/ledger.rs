//! The ledger: every case's timeline in compact columns, and the period report
//! computed over it.
//!
//! The report needs, for each case, its agency, categories, acceptance date
//! and amount, and the date, kind and money of each later event. Kept as
//! columns of plain integers, a million cases with four million events fit in
//! about 70 MB and fold in tens of milliseconds. Cases are numbered densely
//! from 0 and grouped in chunks of [`CHUNK_CASES`]; the store keeps each chunk
//! as one blob, so loading the ledger reads a few large values instead of
//! millions of rows, and a write rewrites only the chunks it touches.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::agency::AgencyIndex;
use crate::event::Kind;
use crate::report::Report;
use crate::{
    AgencyTree, BudgetItem, CaseState, Categories, Category, Day, JudgmentKind, Mode, Pause, Vnd,
};

/// How many consecutive cases one chunk holds.
pub const CHUNK_CASES: usize = 1 << 16;

/// The dense number of a case in the ledger (and its id in the store).
pub type CaseId = u32;

/// One event after acceptance, as the ledger keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The date it took effect.
    pub on: Day,
    /// The day it counts in the statistics: `on`, or the day after a
    /// close that covered `on` when it was recorded after that close.
    pub counted: Day,
    /// Its position in the journal (`journal_event.seq`): what the journal
    /// held on a past day is a prefix of it.
    pub seq: u32,
    /// What happened.
    pub kind: Kind,
    /// The one number the event carries ([`crate::Event::value`]): the
    /// money collected, reduced or paid out; the ground of `unable`
    /// ([`crate::event::UnableGround`], 0 if none); 1 for a verification
    /// that found means; the executor's index of `assigned`; else 0.
    pub value: i64,
}

impl Step {
    /// A step that counts on its own date, at journal position 0.
    pub fn new(on: Day, kind: Kind, value: i64) -> Step {
        Step {
            on,
            counted: on,
            seq: 0,
            kind,
            value,
        }
    }

    /// The money the step moves (zero for kinds that move none).
    pub fn amount(&self) -> Vnd {
        step_amount(self.kind, self.value)
    }
}

/// The money of a step from its kind and value.
fn step_amount(kind: Kind, value: i64) -> Vnd {
    if kind.moves_money() {
        Vnd(value)
    } else {
        Vnd::ZERO
    }
}

/// One case as the report sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The accepting agency.
    pub agency: AgencyIndex,
    /// Ex officio or on request.
    pub mode: Mode,
    /// Its categories.
    pub categories: Categories,
    /// When it was accepted.
    pub accepted_on: Day,
    /// The day its acceptance counts in the statistics (see [`Step::counted`]).
    pub accepted_counted: Day,
    /// The position of its acceptance in the journal.
    pub accepted_seq: u32,
    /// The amount accepted.
    pub amount: Vnd,
    /// The kind of judgment, if said.
    pub judgment_kind: Option<JudgmentKind>,
    /// The kind of state-budget collection, if said.
    pub budget_item: Option<BudgetItem>,
    /// Every later event, in journal order.
    pub steps: Vec<Step>,
}

/// What a case was accepted with, as the ledger keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// The accepting agency.
    pub agency: AgencyIndex,
    /// Its categories.
    pub categories: Categories,
    /// When it was accepted.
    pub accepted_on: Day,
    /// The amount accepted.
    pub amount: Vnd,
}

/// A ledger blob that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored ledger is damaged: {0}")]
pub struct LedgerError(&'static str);

/// Up to [`CHUNK_CASES`] consecutive cases, in columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunk {
    agency: Vec<u16>,
    /// 1 for a case on request, 0 ex officio.
    mode: Vec<u8>,
    categories: Vec<u8>,
    accepted_on: Vec<u32>,
    amount: Vec<i64>,
    /// `ends[i]` is one past case i's last step in the step columns.
    ends: Vec<u32>,
    on: Vec<u32>,
    kind: Vec<u8>,
    /// Each step's [`Step::value`].
    value: Vec<i64>,
    /// Each case's kind of judgment (low four bits) and of state-budget
    /// collection (high four), by their codes (0: not said).
    kinds: Vec<u8>,
    /// Each acceptance's and step's position in the journal.
    accepted_seq: Vec<u32>,
    seq: Vec<u32>,
    /// The days they count in the statistics, when any differs from its
    /// date (an event recorded late, after a close); else the dates.
    counted: Option<Box<Counted>>,
}

/// The statistical days of a chunk's acceptances and steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Counted {
    accepted_on: Vec<u32>,
    on: Vec<u32>,
}

/// The chunk format: `TLC2` added the mode column and the kinds of the
/// journal's second version (migration 7 rebuilds older chunks); `TLC3`
/// the journal positions and the statistical days (migration 9).
const MAGIC: &[u8; 4] = b"TLC3";

fn mode_of(byte: u8) -> Mode {
    if byte == 1 {
        Mode::OnRequest
    } else {
        Mode::ExOfficio
    }
}

impl Chunk {
    /// The chunk holding these timelines, in order.
    pub fn from_timelines(timelines: &[Timeline]) -> Chunk {
        let mut chunk = Chunk::default();
        for t in timelines {
            chunk.push(t);
        }
        chunk
    }

    /// Appends a case.
    pub fn push(&mut self, t: &Timeline) {
        let late = t.accepted_counted != t.accepted_on || t.steps.iter().any(|s| s.counted != s.on);
        if late && self.counted.is_none() {
            self.counted = Some(Box::new(Counted {
                accepted_on: self.accepted_on.clone(),
                on: self.on.clone(),
            }));
        }
        if let Some(counted) = &mut self.counted {
            counted.accepted_on.push(t.accepted_counted.yyyymmdd());
            counted
                .on
                .extend(t.steps.iter().map(|s| s.counted.yyyymmdd()));
        }
        self.kinds.push(
            t.judgment_kind.map_or(0, JudgmentKind::code)
                | (t.budget_item.map_or(0, BudgetItem::code) << 4),
        );
        self.accepted_seq.push(t.accepted_seq);
        self.seq.extend(t.steps.iter().map(|s| s.seq));
        self.agency.push(t.agency);
        self.mode.push(u8::from(t.mode == Mode::OnRequest));
        self.categories.push(t.categories.bits());
        self.accepted_on.push(t.accepted_on.yyyymmdd());
        self.amount.push(t.amount.get());
        for s in &t.steps {
            self.on.push(s.on.yyyymmdd());
            self.kind.push(s.kind as u8);
            self.value.push(s.value);
        }
        self.ends
            .push(u32::try_from(self.on.len()).expect("a chunk holds fewer than 4 billion events"));
    }

    /// How many cases the chunk holds.
    pub fn len(&self) -> usize {
        self.agency.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.agency.is_empty()
    }

    /// How many events after acceptance it holds.
    pub fn step_count(&self) -> usize {
        self.on.len()
    }

    fn steps_of(&self, slot: usize) -> std::ops::Range<usize> {
        let start = if slot == 0 {
            0
        } else {
            self.ends[slot - 1] as usize
        };
        start..self.ends[slot] as usize
    }

    /// The statistical days of the acceptances and of the steps.
    fn counted(&self) -> (&[u32], &[u32]) {
        match &self.counted {
            Some(c) => (&c.accepted_on, &c.on),
            None => (&self.accepted_on, &self.on),
        }
    }

    /// The timeline of the case in a slot.
    pub fn timeline(&self, slot: usize) -> Timeline {
        let (accepted_counted, counted) = self.counted();
        let steps = self
            .steps_of(slot)
            .map(|j| Step {
                on: Day::trusted(self.on[j]),
                counted: Day::trusted(counted[j]),
                seq: self.seq[j],
                kind: Kind::from_u8(self.kind[j]).expect("checked on decode"),
                value: self.value[j],
            })
            .collect();
        Timeline {
            agency: self.agency[slot],
            mode: mode_of(self.mode[slot]),
            categories: Categories::from_bits(self.categories[slot]),
            accepted_on: Day::trusted(self.accepted_on[slot]),
            accepted_counted: Day::trusted(accepted_counted[slot]),
            accepted_seq: self.accepted_seq[slot],
            amount: Vnd(self.amount[slot]),
            judgment_kind: JudgmentKind::of_code(self.kinds[slot] & 0xf),
            budget_item: BudgetItem::of_code(self.kinds[slot] >> 4),
            steps,
        }
    }

    /// What the case in a slot was accepted with.
    fn opened(&self, slot: usize) -> Opened {
        Opened {
            agency: self.agency[slot],
            categories: Categories::from_bits(self.categories[slot]),
            accepted_on: Day::trusted(self.accepted_on[slot]),
            amount: Vnd(self.amount[slot]),
        }
    }

    /// What the case in a slot was accepted with, and its state now.
    fn case(&self, slot: usize) -> (Opened, CaseState) {
        self.case_until(slot, Day::trusted(99_991_231))
            .expect("accepted before the end of time")
    }

    /// What the case in a slot was accepted with, and its state at the end
    /// of `day` (`None` if it was accepted later). A case's events are in
    /// date order, so the fold stops at the first one after `day`.
    fn case_until(&self, slot: usize, day: Day) -> Option<(Opened, CaseState)> {
        let opened = self.opened(slot);
        if opened.accepted_on > day {
            return None;
        }
        let mut state = CaseState::accepted(opened.accepted_on, opened.amount);
        for j in self.steps_of(slot) {
            let on = Day::trusted(self.on[j]);
            if on > day {
                break;
            }
            let kind = Kind::from_u8(self.kind[j]).expect("checked on decode");
            state
                .apply(on, kind, step_amount(kind, self.value[j]))
                .expect("the ledger holds only checked events");
        }
        Some((opened, state))
    }

    /// Every timeline, in order.
    pub fn timelines(&self) -> Vec<Timeline> {
        (0..self.len()).map(|slot| self.timeline(slot)).collect()
    }

    /// The chunk as bytes, for the store.
    pub fn encode(&self) -> Vec<u8> {
        let (n, e) = (self.len(), self.step_count());
        let mut out = Vec::with_capacity(13 + n * 24 + e * 17);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend_from_slice(&(e as u32).to_le_bytes());
        self.agency
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&self.mode);
        out.extend_from_slice(&self.categories);
        self.accepted_on
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.amount
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.ends
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.on
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&self.kind);
        self.value
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        let u32s = |out: &mut Vec<u8>, column: &[u32]| {
            column
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()))
        };
        out.extend_from_slice(&self.kinds);
        u32s(&mut out, &self.accepted_seq);
        u32s(&mut out, &self.seq);
        match &self.counted {
            None => out.push(0),
            Some(counted) => {
                out.push(1);
                u32s(&mut out, &counted.accepted_on);
                u32s(&mut out, &counted.on);
            }
        }
        out
    }

    /// Reads a chunk written by [`Chunk::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Chunk, LedgerError> {
        let mut r = Reader(bytes);
        if r.take(4)? != MAGIC {
            return Err(LedgerError("unknown chunk format"));
        }
        let n = r.u32s(1)?[0] as usize;
        let e = r.u32s(1)?[0] as usize;
        let chunk = Chunk {
            agency: r
                .take(2 * n)?
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect(),
            mode: r.take(n)?.to_vec(),
            categories: r.take(n)?.to_vec(),
            accepted_on: r.u32s(n)?,
            amount: r.i64s(n)?,
            ends: r.u32s(n)?,
            on: r.u32s(e)?,
            kind: r.take(e)?.to_vec(),
            value: r.i64s(e)?,
            kinds: r.take(n)?.to_vec(),
            accepted_seq: r.u32s(n)?,
            seq: r.u32s(e)?,
            counted: match r.take(1)?[0] {
                0 => None,
                1 => Some(Box::new(Counted {
                    accepted_on: r.u32s(n)?,
                    on: r.u32s(e)?,
                })),
                _ => return Err(LedgerError("unknown chunk format")),
            },
        };
        let ends_ok = chunk.ends.windows(2).all(|w| w[0] <= w[1])
            && chunk.ends.last().is_none_or(|&last| last as usize == e);
        let kinds_ok = chunk.kind.iter().all(|&k| Kind::from_u8(k).is_some())
            && chunk.mode.iter().all(|&m| m <= 1);
        let (accepted_counted, counted) = chunk.counted();
        let dates_ok = chunk
            .on
            .iter()
            .chain(&chunk.accepted_on)
            .chain(counted)
            .chain(accepted_counted)
            .all(|&d| Day::from_yyyymmdd(d).is_some());
        if !r.0.is_empty() || !ends_ok || !kinds_ok || !dates_ok {
            return Err(LedgerError("chunk columns do not fit together"));
        }
        Ok(chunk)
    }

    /// What this chunk's cases add to the report of `q`'s period and
    /// category, by accepting agency (whatever `q`'s scope).
    fn tally_by_agency(&self, q: &Query) -> ByAgency {
        let agencies = self.agency.iter().max().map_or(0, |a| usize::from(*a) + 1);
        let mut rows = vec![Report::default(); agencies];
        let row_of: Vec<u32> = (0..agencies as u32).collect();
        self.tally(q, RowOf::Agency(&row_of), &mut rows);
        rows.into_iter()
            .enumerate()
            .filter(|(_, r)| *r != Report::default())
            .map(|(a, r)| (a as AgencyIndex, r))
            .collect()
    }

    /// Adds this chunk's cases to the per-row reports.
    fn tally(&self, q: &Query, row_of: RowOf<'_>, rows: &mut [Report]) {
        let in_scope = match row_of {
            RowOf::Agency(rows) | RowOf::Executor { in_scope: rows, .. } => rows,
        };
        let (from, to) = (q.from.yyyymmdd(), q.to.yyyymmdd());
        let recorded_by = q.recorded_by.unwrap_or(u32::MAX);
        // Statistics read statistical days (statistics.md).
        let (accepted_counted, counted) = self.counted();
        let mut start = 0usize;
        for slot in 0..self.len() {
            let end = self.ends[slot] as usize;
            let steps = start..end;
            start = end;
            let accepted_on = accepted_counted[slot];
            if accepted_on > to || self.accepted_seq[slot] > recorded_by {
                continue;
            }
            if let Some(c) = q.category
                && !Categories::from_bits(self.categories[slot]).contains(c)
            {
                continue;
            }
            if !q.keeps(self.mode[slot], self.kinds[slot]) {
                continue;
            }
            let agency_row = in_scope[usize::from(self.agency[slot])];
            if agency_row == u32::MAX {
                continue;
            }
            let amount = self.amount[slot];
            let mut state = CaseState::accepted(Day::trusted(accepted_on), Vnd(amount));
            let (mut owed_before, mut collected, mut reduced) = (amount, 0, 0);
            let mut executor = None;
            for j in steps {
                let on = counted[j];
                // A case's statistical days never go back, and what the
                // journal held on a day is a prefix of its steps.
                if on > to || self.seq[j] > recorded_by {
                    break;
                }
                let kind = Kind::from_u8(self.kind[j]).expect("checked on decode");
                let amount = step_amount(kind, self.value[j]);
                let applied = state.apply(Day::trusted(on), kind, amount);
                debug_assert!(applied.is_ok(), "the ledger holds only checked events");
                if on < from {
                    owed_before = state.owed.get();
                } else if kind == Kind::Collected {
                    collected += amount.get();
                } else if kind == Kind::Reduced {
                    reduced += amount.get();
                }
                if kind == Kind::Assigned {
                    executor = u32::try_from(self.value[j]).ok();
                }
            }
            if state.closed.is_some_and(|(_, on)| on.yyyymmdd() < from) {
                continue;
            }
            let row = match row_of {
                RowOf::Agency(_) => agency_row,
                RowOf::Executor { unassigned, .. } => executor.unwrap_or(unassigned),
            };
            let Report { cases, money } = &mut rows[row as usize];
            if accepted_on < from {
                cases.carried_in += 1;
                money.carried_in += i128::from(owed_before);
            } else {
                cases.new += 1;
                money.new += i128::from(amount);
            }
            money.completed += i128::from(collected);
            money.reduced += i128::from(reduced);
            let owed = state.owed.get();
            let (case_line, money_line) = match state.closed {
                Some((Kind::Entrusted, _)) => (&mut cases.entrusted_out, &mut money.entrusted_out),
                Some((Kind::Returned, _)) => (&mut cases.returned, &mut money.returned),
                Some((Kind::Completed, _)) => (&mut cases.completed, &mut money.completed),
                Some(_) => (&mut cases.terminated, &mut money.terminated),
                None if !state.enforceable => {
                    (&mut cases.not_enforceable, &mut money.not_enforceable)
                }
                None => match state.pause {
                    Some(Pause::Postponed) => (&mut cases.postponed, &mut money.postponed),
                    Some(Pause::Suspended) => (&mut cases.suspended, &mut money.suspended),
                    None => (&mut cases.in_progress, &mut money.in_progress),
                },
            };
            *case_line += 1;
            // A completed case owes nothing: its money line is what was collected.
            *money_line += i128::from(owed);
            if state.closed.is_none() && !state.enforceable && state.apart {
                cases.registered_apart += 1;
                money.registered_apart += i128::from(owed);
            }
        }
    }
}

/// How a chunk's cases fall into a report's rows.
#[derive(Debug, Clone, Copy)]
enum RowOf<'a> {
    /// By accepting agency: the row of each agency, `u32::MAX` for those
    /// out of scope.
    Agency(&'a [u32]),
    /// By the executor assigned at the period's end (the row is the
    /// executor's index), for the agencies in scope (as `Agency`'s rows);
    /// a case without one in row `unassigned`.
    Executor {
        in_scope: &'a [u32],
        unassigned: u32,
    },
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LedgerError> {
        if self.0.len() < n {
            return Err(LedgerError("chunk is truncated"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, LedgerError> {
        Ok(self
            .take(4 * n)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect())
    }

    fn i64s(&mut self, n: usize) -> Result<Vec<i64>, LedgerError> {
        Ok(self
            .take(8 * n)?
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect())
    }
}

/// What a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    /// First day of the period.
    pub from: Day,
    /// Last day of the period.
    pub to: Day,
    /// The agency whose subtree is reported; `None` for the whole system.
    pub agency: Option<AgencyIndex>,
    /// Only cases carrying this category.
    pub category: Option<Category>,
    /// Only what the journal held at this position (`None`: all of it).
    pub recorded_by: Option<u32>,
    /// Only the cases of this mode.
    pub mode: Option<Mode>,
    /// Only the cases of this kind of judgment (`Some(None)`: those whose
    /// kind is not said).
    pub judgment_kind: Option<Option<JudgmentKind>>,
    /// Only the cases of this kind of state-budget collection
    /// (`Some(None)`: not said).
    pub budget_item: Option<Option<BudgetItem>>,
}

impl Query {
    /// A query of a period, every case of the whole system.
    pub fn period(from: Day, to: Day) -> Query {
        Query {
            from,
            to,
            agency: None,
            category: None,
            recorded_by: None,
            mode: None,
            judgment_kind: None,
            budget_item: None,
        }
    }

    /// Whether a case of this mode (its column's byte) and kinds (its
    /// column's byte) is in the query's filters.
    fn keeps(&self, mode: u8, kinds: u8) -> bool {
        self.mode.is_none_or(|m| mode_of(mode) == m)
            && self
                .judgment_kind
                .is_none_or(|k| k.map_or(0, JudgmentKind::code) == kinds & 0xf)
            && self
                .budget_item
                .is_none_or(|b| b.map_or(0, BudgetItem::code) == kinds >> 4)
    }
}

/// A report for a scope, and one row per agency directly below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The whole scope.
    pub total: Report,
    /// Each agency directly below the scope (each root, for the whole system),
    /// covering its subtree, in declaration order; and the scope agency
    /// itself, first, if it accepted cases of its own.
    pub rows: Vec<(AgencyIndex, Report)>,
}

/// Every case's timeline, chunk by chunk.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Shared between ledgers: a ledger renewed after a write copies only
    /// the chunks that changed.
    chunks: Vec<Arc<Chunk>>,
    /// Beside each chunk, what it adds to recent reports; shared and
    /// renewed with it.
    tallies: Vec<Arc<Tallies>>,
}

/// What a chunk's cases add to a report, by agency, remembered for the
/// last few periods and categories asked. A report over a ledger that a
/// write renewed folds again only the chunks the write changed: the
/// dashboard after each write, the same report for each visitor.
#[derive(Debug, Default)]
struct Tallies(Mutex<VecDeque<(TallyKey, ByAgency)>>);

/// A report's figures by accepting agency, for the agencies that have any.
type ByAgency = Arc<[(AgencyIndex, Report)]>;

/// A report's query without its scope: what a chunk's tally depends on
/// (its scope and rows are applied after, agency by agency).
type TallyKey = Query;

impl Tallies {
    /// How many tallies a chunk remembers: the dashboard's (a year by
    /// agency, each month, each category) and a few reports besides.
    const KEPT: usize = 12;

    /// Whether the tally for `q` is remembered.
    fn has(&self, q: &Query) -> bool {
        let key = Query { agency: None, ..*q };
        self.lock().iter().any(|(k, _)| *k == key)
    }

    /// The chunk's tally for `q`, remembered or made now.
    fn of(&self, chunk: &Chunk, q: &Query) -> ByAgency {
        let key = Query { agency: None, ..*q };
        let found = self
            .lock()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| t.clone());
        if let Some(tally) = found {
            return tally;
        }
        // Made outside the lock: another report may fold the same chunk
        // meanwhile, and both results are the same.
        let tally = chunk.tally_by_agency(q);
        let mut kept = self.lock();
        if kept.len() == Tallies::KEPT {
            kept.pop_front();
        }
        kept.push_back((key, tally.clone()));
        tally
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(TallyKey, ByAgency)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Ledger {
    /// The ledger made of these chunks; chunk `i` holds cases
    /// `i * CHUNK_CASES ..`, and only the last may be partly filled.
    pub fn from_chunks(chunks: Vec<Chunk>) -> Ledger {
        Ledger {
            tallies: chunks.iter().map(|_| Arc::default()).collect(),
            chunks: chunks.into_iter().map(Arc::new).collect(),
        }
    }

    /// The chunks.
    pub fn chunks(&self) -> &[Arc<Chunk>] {
        &self.chunks
    }

    /// How many cases there are.
    pub fn case_count(&self) -> usize {
        self.chunks.iter().map(|c| c.len()).sum()
    }

    /// The timeline of a case.
    pub fn timeline(&self, id: CaseId) -> Option<Timeline> {
        let (chunk, slot) = (id as usize / CHUNK_CASES, id as usize % CHUNK_CASES);
        let chunk = self.chunks.get(chunk)?;
        (slot < chunk.len()).then(|| chunk.timeline(slot))
    }

    /// What a case was accepted with, and its state now, without copying
    /// its timeline.
    pub fn case(&self, id: CaseId) -> Option<(Opened, CaseState)> {
        let (chunk, slot) = (id as usize / CHUNK_CASES, id as usize % CHUNK_CASES);
        let chunk = self.chunks.get(chunk)?;
        (slot < chunk.len()).then(|| chunk.case(slot))
    }

    /// What a case was accepted with, and its state at the end of `day`;
    /// `None` if it was accepted later (or is not in the ledger).
    pub fn case_on(&self, id: CaseId, day: Day) -> Option<(Opened, CaseState)> {
        let (chunk, slot) = (id as usize / CHUNK_CASES, id as usize % CHUNK_CASES);
        let chunk = self.chunks.get(chunk)?;
        (slot < chunk.len())
            .then(|| chunk.case_until(slot, day))
            .flatten()
    }

    /// What a case was accepted with.
    pub fn opened(&self, id: CaseId) -> Option<Opened> {
        let (chunk, slot) = (id as usize / CHUNK_CASES, id as usize % CHUNK_CASES);
        let chunk = self.chunks.get(chunk)?;
        (slot < chunk.len()).then(|| chunk.opened(slot))
    }

    /// The kind of judgment a case enforces, if said.
    pub fn judgment_kind(&self, id: CaseId) -> Option<JudgmentKind> {
        let chunk = self.chunks.get(id as usize / CHUNK_CASES)?;
        JudgmentKind::of_code(*chunk.kinds.get(id as usize % CHUNK_CASES)? & 0xf)
    }

    /// The agency that accepted a case.
    pub fn agency_of(&self, id: CaseId) -> Option<AgencyIndex> {
        let chunk = self.chunks.get(id as usize / CHUNK_CASES)?;
        chunk.agency.get(id as usize % CHUNK_CASES).copied()
    }

    /// The report for a scope and period, whole.
    pub fn report(&self, agencies: &AgencyTree, q: &Query) -> Report {
        let row_of = one_row(agencies, q);
        let mut rows = [Report::default()];
        self.tally(q, &row_of, &mut rows);
        rows[0]
    }

    /// The report for a scope and period, with one row per agency below it.
    pub fn breakdown(&self, agencies: &AgencyTree, q: &Query) -> Breakdown {
        let branch = agencies.branch_of(q.agency);
        // A row per branch, in declaration order: parents come before their
        // children, so the scope agency's own row comes first.
        let mut row_agencies: Vec<AgencyIndex> = Vec::new();
        let mut row_index = vec![u32::MAX; agencies.len()];
        for &b in branch.iter().flatten() {
            if row_index[usize::from(b)] == u32::MAX {
                row_index[usize::from(b)] = row_agencies.len() as u32;
                row_agencies.push(b);
            }
        }
        let row_of: Vec<u32> = branch
            .iter()
            .map(|b| b.map_or(u32::MAX, |a| row_index[usize::from(a)]))
            .collect();
        let mut rows = vec![Report::default(); row_agencies.len()];
        self.tally(q, &row_of, &mut rows);
        let mut total = Report::default();
        rows.iter().for_each(|r| total.add(r));
        let rows = row_agencies
            .into_iter()
            .zip(rows)
            .filter(|(a, r)| Some(*a) != q.agency || *r != Report::default())
            .collect();
        Breakdown { total, rows }
    }

    /// The report of a scope and period by executor: the report of the
    /// cases each executor held at the period's end (the last `assigned`
    /// counted by then), by executor index, and last that of the cases
    /// without one. Forms 4 and 5.
    pub fn by_executor(&self, agencies: &AgencyTree, executors: usize, q: &Query) -> Vec<Report> {
        let in_scope = one_row(agencies, q);
        let row_of = RowOf::Executor {
            in_scope: &in_scope,
            unassigned: executors as u32,
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut rows = vec![Report::default(); executors + 1];
        self.spread(threads, &mut rows, |i, rows| {
            self.chunks[i].tally(q, row_of, rows)
        });
        rows
    }

    /// Sums every chunk into `rows`, spreading the chunks over the machine's cores.
    fn tally(&self, q: &Query, row_of: &[u32], rows: &mut [Report]) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(self.chunks.len())
            .max(1);
        let add = |i: usize, rows: &mut [Report]| {
            for (agency, report) in self.tallies[i].of(&self.chunks[i], q).iter() {
                let row = row_of[usize::from(*agency)];
                if row != u32::MAX {
                    rows[row as usize].add(report);
                }
            }
        };
        // Remembered tallies cost a few sums: no threads for them.
        let to_fold = (0..self.chunks.len())
            .filter(|&i| !self.tallies[i].has(q))
            .count();
        if threads == 1 || to_fold <= 1 {
            (0..self.chunks.len()).for_each(|i| add(i, rows));
            return;
        }
        self.spread(threads, rows, add);
    }

    /// Calls `add` for every chunk's index with rows of its own, spread
    /// over `threads` threads, and sums their rows into `rows`.
    fn spread(
        &self,
        threads: usize,
        rows: &mut [Report],
        add: impl Fn(usize, &mut [Report]) + Sync,
    ) {
        let indexes: Vec<usize> = (0..self.chunks.len()).collect();
        let per_thread = indexes.len().div_ceil(threads.max(1)).max(1);
        let row_count = rows.len();
        let add = &add;
        let partials: Vec<Vec<Report>> = std::thread::scope(|s| {
            let handles: Vec<_> = indexes
                .chunks(per_thread)
                .map(|group| {
                    s.spawn(move || {
                        let mut partial = vec![Report::default(); row_count];
                        group.iter().for_each(|&i| add(i, &mut partial));
                        partial
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("report thread panicked"))
                .collect()
        });
        for partial in partials {
            rows.iter_mut().zip(&partial).for_each(|(r, p)| r.add(p));
        }
    }
}

/// Each agency's row when the scope of `q` is one row: 0 within it,
/// `u32::MAX` outside.
fn one_row(agencies: &AgencyTree, q: &Query) -> Vec<u32> {
    agencies
        .branch_of(q.agency)
        .iter()
        .map(|b| if b.is_some() { 0 } else { u32::MAX })
        .collect()
}

/// Changes to a ledger being prepared: new cases get the next ids, and each
/// chunk touched is unpacked once and packed again by [`LedgerEdit::finish`].
#[derive(Debug)]
pub struct LedgerEdit<'a> {
    base: &'a Ledger,
    next_id: usize,
    loose: std::collections::BTreeMap<usize, Vec<Timeline>>,
}

impl<'a> LedgerEdit<'a> {
    /// Starts editing a ledger.
    pub fn new(base: &'a Ledger) -> LedgerEdit<'a> {
        LedgerEdit {
            base,
            next_id: base.case_count(),
            loose: Default::default(),
        }
    }

    fn chunk_mut(&mut self, index: usize) -> &mut Vec<Timeline> {
        let base = self.base;
        self.loose.entry(index).or_insert_with(|| {
            base.chunks
                .get(index)
                .map(|c| c.timelines())
                .unwrap_or_default()
        })
    }

    /// Adds a new case under the next id.
    pub fn add_case(&mut self, id: CaseId, timeline: Timeline) {
        assert_eq!(id as usize, self.next_id, "cases are added in id order");
        self.next_id += 1;
        self.chunk_mut(id as usize / CHUNK_CASES).push(timeline);
    }

    /// Appends an event to a case (new or stored).
    pub fn add_step(&mut self, id: CaseId, step: Step) {
        let (chunk, slot) = (id as usize / CHUNK_CASES, id as usize % CHUNK_CASES);
        self.chunk_mut(chunk)[slot].steps.push(step);
    }

    /// The chunks that changed, by index, packed.
    pub fn finish(self) -> Vec<(usize, Chunk)> {
        self.loose
            .into_iter()
            .map(|(i, timelines)| (i, Chunk::from_timelines(&timelines)))
            .collect()
    }
}

impl Ledger {
    /// Puts changed chunks in place (as returned by [`LedgerEdit::finish`]).
    pub fn replace_chunks(&mut self, changed: Vec<(usize, Chunk)>) {
        for (index, chunk) in changed {
            let chunk = Arc::new(chunk);
            if index == self.chunks.len() {
                self.chunks.push(chunk);
                self.tallies.push(Arc::default());
            } else {
                self.chunks[index] = chunk;
                self.tallies[index] = Arc::default();
            }
        }
    }

    /// The chunks of this ledger that are not those of `older` (which it
    /// was made from by [`Ledger::replace_chunks`]): changed or new.
    pub fn changed_since(&self, older: &Ledger) -> Vec<usize> {
        (0..self.chunks.len())
            .filter(|i| {
                older
                    .chunks
                    .get(*i)
                    .is_none_or(|old| !Arc::ptr_eq(old, &self.chunks[*i]))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Agency, AgencyCode};

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// A ledger whose second chunk a write renews reports as one made from
    /// its chunks anew: a remembered tally is never one of a chunk that
    /// changed.
    #[test]
    fn a_renewed_ledger_reports_what_a_fresh_one_does() {
        let mut agencies = AgencyTree::default();
        for (code, parent) in [("A", None), ("A-1", Some("A")), ("A-2", Some("A"))] {
            agencies
                .add(Agency {
                    code: AgencyCode::parse(code).unwrap(),
                    name: code.to_owned(),
                    parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
                })
                .unwrap();
        }
        let timelines: Vec<Timeline> = (0..CHUNK_CASES + 100)
            .map(|i| Timeline {
                agency: 1 + (i % 2) as AgencyIndex,
                mode: Mode::OnRequest,
                categories: Categories::default(),
                accepted_on: day("2025-01-02"),
                accepted_counted: day("2025-01-02"),
                accepted_seq: i as u32 + 1,
                amount: Vnd(1_000),
                steps: Vec::new(),
                judgment_kind: None,
                budget_item: None,
            })
            .collect();
        let chunks: Vec<Chunk> = timelines
            .chunks(CHUNK_CASES)
            .map(Chunk::from_timelines)
            .collect();
        let mut ledger = Ledger::from_chunks(chunks);
        let q = Query::period(day("2024-10-01"), day("2025-09-30"));
        let before = ledger.breakdown(&agencies, &q);
        assert_eq!(before, ledger.breakdown(&agencies, &q), "remembered");
        assert_eq!(before.total.money.new, 1_000 * (CHUNK_CASES as i128 + 100));

        let mut edit = LedgerEdit::new(&ledger);
        let last = (CHUNK_CASES + 99) as CaseId;
        edit.add_step(last, Step::new(day("2025-03-01"), Kind::Collected, 400));
        ledger.replace_chunks(edit.finish());
        let after = ledger.breakdown(&agencies, &q);
        assert_eq!(
            after.total.money.completed,
            before.total.money.completed + 400
        );
        let fresh = Ledger::from_chunks(ledger.chunks().iter().map(|c| (**c).clone()).collect());
        assert_eq!(after, fresh.breakdown(&agencies, &q));
        let one_office = Query {
            agency: Some(2),
            ..q
        };
        assert_eq!(
            ledger.report(&agencies, &one_office),
            fresh.report(&agencies, &one_office)
        );
    }
}
