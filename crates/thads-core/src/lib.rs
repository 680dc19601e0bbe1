//! The domain of thads: agencies, cases, the journal of events and its rules,
//! the case state as a fold over its events, the period report of
//! `statistics.md`, accounts' roles, and the audit trail's hash chain.
//!
//! Every word it says is in the Fluent files of `locales/`, said by
//! [`text::Lang`].
//!
//! This crate does no I/O: it parses and checks journal lines handed to it,
//! folds events, and computes reports over an in-memory [`ledger::Ledger`].

pub mod account;
pub mod agency;
pub mod asset;
pub mod audit;
pub mod calendar;
pub mod case;
pub mod check;
pub mod close;
pub mod coercion;
pub mod committee;
pub mod coordination;
pub mod date;
pub mod deadlines;
pub mod distribution;
pub mod due;
pub mod event;
pub mod executor;
pub mod exemption;
pub mod fault;
pub mod grounds;
pub mod journal;
pub mod layout;
pub mod ledger;
pub mod lunar;
pub mod money;
pub mod report;
pub mod rules_file;
pub mod search;
pub mod text;
pub mod unclaimed;
pub mod warehouse;

pub use agency::{Agency, AgencyCode, AgencyTree};
pub use case::{
    Acceptance, BankAccount, BudgetItem, CaseCode, Categories, Category, Creditor, JudgmentKind,
    Mode, Party,
};
pub use date::Day;
pub use event::{CaseState, Event, EventParts, Pause, RuleError, Status};
pub use money::Vnd;
