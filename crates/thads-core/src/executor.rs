//! Executors (chấp hành viên): the people of an office who hold cases.

use std::collections::HashMap;
use std::fmt;

use crate::agency::AgencyIndex;
use crate::text::{Arg, Text};
use crate::{AgencyCode, AgencyTree};

/// The code of an executor (`HN-CHV-001`): 1–32 letters, digits, `-`, `_`
/// or `.`, as an agency code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExecutorCode(String);

/// A text that cannot be an executor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadExecutorCode(pub String);

impl From<&BadExecutorCode> for Text {
    fn from(e: &BadExecutorCode) -> Text {
        Text::new("bad-executor-code").with("code", &e.0)
    }
}

impl ExecutorCode {
    /// Parses an executor code.
    pub fn parse(s: &str) -> Result<ExecutorCode, BadExecutorCode> {
        match AgencyCode::parse(s) {
            Ok(_) => Ok(ExecutorCode(s.to_owned())),
            Err(_) => Err(BadExecutorCode(s.to_owned())),
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExecutorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An executor of an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executor {
    /// Unique code.
    pub code: ExecutorCode,
    /// Full name.
    pub name: String,
    /// The office (or provincial agency) the executor works in.
    pub agency: AgencyCode,
}

/// The dense position of an executor in [`Executors`] (declaration order);
/// the ledger keeps an assignment as this number.
pub type ExecutorIndex = u32;

/// Why an executor cannot be declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutorError {
    /// The code is taken.
    Duplicate(ExecutorCode),
    /// The agency is unknown.
    UnknownAgency {
        /// The executor.
        code: ExecutorCode,
        /// The agency named.
        agency: AgencyCode,
    },
    /// Too many executors.
    TooMany,
}

impl From<&ExecutorError> for Text {
    fn from(e: &ExecutorError) -> Text {
        match e {
            ExecutorError::Duplicate(code) => Text::new("executor-duplicate").with("code", code),
            ExecutorError::UnknownAgency { code, agency } => Text::new("executor-unknown-agency")
                .with("code", code)
                .with("agency", agency),
            ExecutorError::TooMany => {
                Text::new("executor-too-many").with("max", Arg::Count(i128::from(u32::MAX)))
            }
        }
    }
}

crate::said_in_english!(BadExecutorCode, ExecutorError);

/// Every declared executor, in declaration order.
#[derive(Debug, Clone, Default)]
pub struct Executors {
    list: Vec<Executor>,
    agencies: Vec<AgencyIndex>,
    by_code: HashMap<ExecutorCode, ExecutorIndex>,
}

impl Executors {
    /// Declares an executor of a known agency.
    pub fn add(
        &mut self,
        executor: Executor,
        agencies: &AgencyTree,
    ) -> Result<ExecutorIndex, ExecutorError> {
        if self.by_code.contains_key(&executor.code) {
            return Err(ExecutorError::Duplicate(executor.code));
        }
        let agency =
            agencies
                .index(&executor.agency)
                .ok_or_else(|| ExecutorError::UnknownAgency {
                    code: executor.code.clone(),
                    agency: executor.agency.clone(),
                })?;
        let index = ExecutorIndex::try_from(self.list.len()).map_err(|_| ExecutorError::TooMany)?;
        self.by_code.insert(executor.code.clone(), index);
        self.list.push(executor);
        self.agencies.push(agency);
        Ok(index)
    }

    /// The index of an executor by code.
    pub fn index(&self, code: &ExecutorCode) -> Option<ExecutorIndex> {
        self.by_code.get(code).copied()
    }

    /// The executor at an index.
    pub fn get(&self, index: ExecutorIndex) -> &Executor {
        &self.list[index as usize]
    }

    /// The agency of the executor at an index.
    pub fn agency_of(&self, index: ExecutorIndex) -> AgencyIndex {
        self.agencies[index as usize]
    }

    /// Every executor with its index, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (ExecutorIndex, &Executor)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, e)| (i as ExecutorIndex, e))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
