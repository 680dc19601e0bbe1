//! Closed periods (chốt số liệu): a close fixes the statistics of an
//! agency's subtree through a period's last day, and an event recorded
//! after it but dated on or before that day counts on the day after
//! (statistics.md, "Statistical date"). There is no reopening: the law
//! corrects in the next period.

use std::collections::HashMap;

use crate::agency::AgencyIndex;
use crate::text::Text;
use crate::{AgencyCode, AgencyTree, Day};

/// One close, as its journal line (`period_closed`) holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    /// The agency whose subtree it closes; `None`: the whole store.
    pub agency: Option<AgencyCode>,
    /// The last day closed: a month's last day.
    pub to: Day,
    /// When it was closed.
    pub at: jiff::Timestamp,
    /// The account (or console user) that closed it.
    pub by: String,
    /// The journal's position when it was closed: the last event it covers.
    pub journal: u64,
    /// The SHA-256, in hexadecimal, of the closed report's canonical JSON:
    /// the statistical year to `to`, for the scope, with its rows by agency.
    pub sha256: String,
}

impl Close {
    /// The first day of the statistical year whose report it fixed.
    pub fn year_start(&self) -> Day {
        self.to.statistical_year().0
    }
}

/// Why a close cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseError {
    /// The agency is not declared.
    UnknownAgency(AgencyCode),
    /// Periods end on a month's last day.
    NotMonthEnd(Day),
    /// The scope is closed through this day or later already.
    AlreadyClosed {
        /// The day asked.
        to: Day,
        /// Closed through.
        through: Day,
    },
    /// The digest is not 64 lowercase hexadecimal digits.
    BadDigest,
}

impl From<&CloseError> for Text {
    fn from(e: &CloseError) -> Text {
        match e {
            CloseError::UnknownAgency(agency) => {
                Text::new("close-unknown-agency").with("agency", agency)
            }
            CloseError::NotMonthEnd(to) => Text::new("close-not-month-end")
                .with("to", *to)
                .with("end", to.month_end()),
            CloseError::AlreadyClosed { to, through } => Text::new("close-already")
                .with("to", *to)
                .with("through", *through),
            CloseError::BadDigest => Text::new("close-bad-digest"),
        }
    }
}

crate::said_in_english!(CloseError);

/// Every close taken, in order, and the last day closed for each scope.
#[derive(Debug, Clone, Default)]
pub struct Closes {
    list: Vec<Close>,
    /// The last day closed by closes of exactly this scope.
    through: HashMap<Option<AgencyCode>, Day>,
}

impl Closes {
    /// Every close, in the order taken.
    pub fn list(&self) -> &[Close] {
        &self.list
    }

    /// Whether none was taken.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The last day closed for an agency's cases: the latest close of the
    /// agency, of one above it, or of the whole store.
    pub fn through(&self, agencies: &AgencyTree, agency: AgencyIndex) -> Option<Day> {
        if self.list.is_empty() {
            return None;
        }
        let mut through = self.through.get(&None).copied();
        let mut at = Some(agency);
        while let Some(index) = at {
            let code = &agencies.get(index).code;
            if let Some(day) = self.through.get(&Some(code.clone())) {
                through = through.max(Some(*day));
            }
            at = agencies.parent(index);
        }
        through
    }

    /// The last day closed for a whole scope (`None`: the whole store).
    pub fn scope_through(&self, agencies: &AgencyTree, scope: Option<AgencyIndex>) -> Option<Day> {
        match scope {
            Some(agency) => self.through(agencies, agency),
            None => self.through.get(&None).copied(),
        }
    }

    /// The day an event of `agency`'s case dated `on` counts in the
    /// statistics, recorded now: `given` (a day the journal line states,
    /// or `on`), or the day after the last close if that covered it.
    pub fn counted_on(&self, agencies: &AgencyTree, agency: AgencyIndex, given: Day) -> Day {
        match self.through(agencies, agency) {
            Some(through) if given <= through => through.plus_days(1),
            _ => given,
        }
    }

    /// The close that fixed a report of `scope` ending on `to`: the first
    /// taken whose scope holds it and whose last day is `to` or later.
    /// Only closes taken by `by` count, if given (a report as recorded on
    /// a past day).
    pub fn covering(
        &self,
        agencies: &AgencyTree,
        scope: Option<AgencyIndex>,
        to: Day,
        by: Option<jiff::Timestamp>,
    ) -> Option<&Close> {
        self.list
            .iter()
            .filter(|c| by.is_none_or(|by| c.at <= by))
            .find(|c| {
                c.to >= to
                    && match (&c.agency, scope) {
                        (None, _) => true,
                        (Some(_), None) => false,
                        (Some(code), Some(scope)) => agencies
                            .index(code)
                            .is_some_and(|top| agencies.is_within(scope, top)),
                    }
            })
    }

    /// Takes a close, checked against those before it.
    pub fn take(&mut self, close: Close, agencies: &AgencyTree) -> Result<(), CloseError> {
        let scope = match &close.agency {
            None => None,
            Some(code) => Some(
                agencies
                    .index(code)
                    .ok_or_else(|| CloseError::UnknownAgency(code.clone()))?,
            ),
        };
        if close.to != close.to.month_end() {
            return Err(CloseError::NotMonthEnd(close.to));
        }
        let digest_ok = close.sha256.len() == 64
            && close
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !digest_ok {
            return Err(CloseError::BadDigest);
        }
        if let Some(through) = self.scope_through(agencies, scope)
            && close.to <= through
        {
            return Err(CloseError::AlreadyClosed {
                to: close.to,
                through,
            });
        }
        let through = self.through.entry(close.agency.clone()).or_insert(close.to);
        *through = (*through).max(close.to);
        self.list.push(close);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agency;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn tree() -> AgencyTree {
        let mut tree = AgencyTree::default();
        for (code, parent) in [("HN", None), ("HN-1", Some("HN")), ("SL", None)] {
            tree.add(Agency {
                code: AgencyCode::parse(code).unwrap(),
                name: code.to_owned(),
                parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
            })
            .unwrap();
        }
        tree
    }

    fn close(agency: Option<&str>, to: &str) -> Close {
        Close {
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            to: day(to),
            at: "2026-01-05T01:00:00Z".parse().unwrap(),
            by: "thongke".to_owned(),
            journal: 10,
            sha256: "0".repeat(64),
        }
    }

    #[test]
    fn a_close_covers_its_subtree_and_moves_a_late_event_to_the_next_day() {
        let tree = tree();
        let mut closes = Closes::default();
        closes.take(close(Some("HN"), "2025-12-31"), &tree).unwrap();
        let (hn, office, sl) = (0, 1, 2);
        assert_eq!(closes.through(&tree, office), Some(day("2025-12-31")));
        assert_eq!(closes.through(&tree, sl), None);
        assert_eq!(
            closes.counted_on(&tree, office, day("2025-03-01")),
            day("2026-01-01")
        );
        assert_eq!(
            closes.counted_on(&tree, office, day("2026-01-15")),
            day("2026-01-15")
        );
        assert_eq!(
            closes.counted_on(&tree, sl, day("2025-03-01")),
            day("2025-03-01")
        );
        // A report of the office to a closed day is fixed; the country's is not.
        let to = day("2025-11-30");
        assert!(closes.covering(&tree, Some(office), to, None).is_some());
        assert!(
            closes
                .covering(&tree, Some(hn), day("2026-01-31"), None)
                .is_none()
        );
        assert!(closes.covering(&tree, None, to, None).is_none());
        // The whole store closed later covers everything through its day.
        closes.take(close(None, "2026-01-31"), &tree).unwrap();
        assert_eq!(closes.through(&tree, sl), Some(day("2026-01-31")));
    }

    #[test]
    fn a_close_ends_a_month_and_never_goes_back() {
        let tree = tree();
        let mut closes = Closes::default();
        assert_eq!(
            closes.take(close(Some("HN"), "2025-12-30"), &tree),
            Err(CloseError::NotMonthEnd(day("2025-12-30")))
        );
        closes.take(close(None, "2025-12-31"), &tree).unwrap();
        assert_eq!(
            closes.take(close(Some("HN-1"), "2025-11-30"), &tree),
            Err(CloseError::AlreadyClosed {
                to: day("2025-11-30"),
                through: day("2025-12-31")
            })
        );
        let unknown = close(Some("DN"), "2026-01-31");
        assert!(matches!(
            closes.take(unknown, &tree),
            Err(CloseError::UnknownAgency(_))
        ));
        // A subtree may run ahead of the country.
        closes
            .take(close(Some("HN-1"), "2026-01-31"), &tree)
            .unwrap();
    }
}
