//! Agencies: provincial agencies and the regional offices below them.

use std::collections::HashMap;
use std::fmt;

use crate::text::{Arg, Text};

/// The code of an agency (`SL`, `SL-KV1`): 1–32 letters, digits, `-`, `_` or `.`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgencyCode(String);

/// A text that cannot be an agency code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAgencyCode(pub String);

impl From<&BadAgencyCode> for Text {
    fn from(e: &BadAgencyCode) -> Text {
        Text::new("bad-agency-code").with("code", &e.0)
    }
}

impl AgencyCode {
    /// Parses an agency code.
    pub fn parse(s: &str) -> Result<AgencyCode, BadAgencyCode> {
        let ok = (1..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(AgencyCode(s.to_owned()))
        } else {
            Err(BadAgencyCode(s.to_owned()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An enforcement agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Unique code.
    pub code: AgencyCode,
    /// Official name, in Vietnamese.
    pub name: String,
    /// The agency directly above, if any.
    pub parent: Option<AgencyCode>,
}

/// The dense position of an agency in its [`AgencyTree`] (declaration order).
pub type AgencyIndex = u16;

/// Every known agency, in declaration order, with the links between them.
///
/// Parents are always declared before their children, so an agency's index is
/// greater than its parent's.
#[derive(Debug, Clone, Default)]
pub struct AgencyTree {
    agencies: Vec<Agency>,
    parents: Vec<Option<AgencyIndex>>,
    by_code: HashMap<AgencyCode, AgencyIndex>,
}

/// Why an agency cannot join the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyError {
    /// The code is taken.
    Duplicate(AgencyCode),
    /// The parent is unknown.
    UnknownParent(AgencyCode),
    /// The tree is full.
    TooMany,
}

impl From<&AgencyError> for Text {
    fn from(e: &AgencyError) -> Text {
        match e {
            AgencyError::Duplicate(code) => Text::new("agency-duplicate").with("code", code),
            AgencyError::UnknownParent(code) => {
                Text::new("agency-unknown-parent").with("code", code)
            }
            AgencyError::TooMany => {
                Text::new("agency-too-many").with("max", Arg::Count(AgencyIndex::MAX.into()))
            }
        }
    }
}

crate::said_in_english!(BadAgencyCode, AgencyError);

impl AgencyTree {
    /// Adds an agency whose parent is already in the tree.
    pub fn add(&mut self, agency: Agency) -> Result<AgencyIndex, AgencyError> {
        if self.by_code.contains_key(&agency.code) {
            return Err(AgencyError::Duplicate(agency.code));
        }
        let parent = match &agency.parent {
            None => None,
            Some(code) => Some(
                self.index(code)
                    .ok_or_else(|| AgencyError::UnknownParent(code.clone()))?,
            ),
        };
        let index = AgencyIndex::try_from(self.agencies.len()).map_err(|_| AgencyError::TooMany)?;
        self.by_code.insert(agency.code.clone(), index);
        self.agencies.push(agency);
        self.parents.push(parent);
        Ok(index)
    }

    /// The index of an agency by its code.
    pub fn index(&self, code: &AgencyCode) -> Option<AgencyIndex> {
        self.by_code.get(code).copied()
    }

    /// The agency at an index.
    pub fn get(&self, index: AgencyIndex) -> &Agency {
        &self.agencies[usize::from(index)]
    }

    /// All agencies, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &Agency> {
        self.agencies.iter()
    }

    /// How many agencies there are.
    pub fn len(&self) -> usize {
        self.agencies.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    /// The parent of an agency.
    pub fn parent(&self, index: AgencyIndex) -> Option<AgencyIndex> {
        self.parents[usize::from(index)]
    }

    /// The top of an agency's branch: its province (or itself).
    pub fn root(&self, mut index: AgencyIndex) -> AgencyIndex {
        while let Some(parent) = self.parent(index) {
            index = parent;
        }
        index
    }

    /// Whether `index` is `ancestor` or below it.
    pub fn is_within(&self, mut index: AgencyIndex, ancestor: AgencyIndex) -> bool {
        loop {
            if index == ancestor {
                return true;
            }
            match self.parent(index) {
                Some(parent) => index = parent,
                None => return false,
            }
        }
    }

    /// For every agency, the agency directly below `scope` whose subtree holds
    /// it (or `scope` itself for its own cases); `None` outside the scope.
    /// With no scope, every agency maps to its root.
    ///
    /// One pass in declaration order suffices because parents come first.
    pub fn branch_of(&self, scope: Option<AgencyIndex>) -> Vec<Option<AgencyIndex>> {
        let mut branch: Vec<Option<AgencyIndex>> = Vec::with_capacity(self.len());
        for (i, parent) in self.parents.iter().enumerate() {
            let i = i as AgencyIndex;
            let b = if Some(i) == scope {
                Some(i)
            } else {
                match (*parent, scope) {
                    (None, None) => Some(i),
                    (None, Some(_)) => None,
                    (Some(p), Some(s)) if p == s => Some(i),
                    (Some(p), _) => branch[usize::from(p)],
                }
            };
            branch.push(b);
        }
        branch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(specs: &[(&str, Option<&str>)]) -> AgencyTree {
        let mut tree = AgencyTree::default();
        for (code, parent) in specs {
            tree.add(Agency {
                code: AgencyCode::parse(code).unwrap(),
                name: format!("Agency {code}"),
                parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
            })
            .unwrap();
        }
        tree
    }

    #[test]
    fn branches_map_each_agency_to_the_row_it_reports_in() {
        let t = tree(&[
            ("HN", None),
            ("HN-KV1", Some("HN")),
            ("X", Some("HN-KV1")),
            ("SL", None),
            ("SL-KV1", Some("SL")),
        ]);
        let codes = |b: Vec<Option<AgencyIndex>>| -> Vec<Option<String>> {
            b.into_iter()
                .map(|o| o.map(|i| t.get(i).code.to_string()))
                .collect()
        };
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            codes(t.branch_of(None)),
            vec![s("HN"), s("HN"), s("HN"), s("SL"), s("SL")]
        );
        assert_eq!(
            codes(t.branch_of(t.index(&AgencyCode::parse("HN").unwrap()))),
            vec![s("HN"), s("HN-KV1"), s("HN-KV1"), None, None]
        );
        assert_eq!(
            codes(t.branch_of(Some(1))),
            vec![None, s("HN-KV1"), s("X"), None, None]
        );
        assert_eq!(t.root(2), 0);
    }

    #[test]
    fn rejects_bad_codes_duplicates_and_unknown_parents() {
        for bad in ["", "HN KV1", "HN/1", &"X".repeat(33)] {
            assert!(AgencyCode::parse(bad).is_err(), "{bad:?}");
        }
        let mut t = tree(&[("HN", None)]);
        let again = Agency {
            code: AgencyCode::parse("HN").unwrap(),
            name: "x".into(),
            parent: None,
        };
        assert_eq!(
            t.add(again),
            Err(AgencyError::Duplicate(AgencyCode::parse("HN").unwrap()))
        );
        let orphan = Agency {
            code: AgencyCode::parse("A").unwrap(),
            name: "x".into(),
            parent: Some(AgencyCode::parse("B").unwrap()),
        };
        assert!(matches!(t.add(orphan), Err(AgencyError::UnknownParent(_))));
    }
}
