//! The faults of an imported file: each at its line (a spreadsheet's row
//! and column), and a bounded list of them, so that a file of millions of
//! bad lines is refused with its first faults and a count of the rest, in
//! little memory.

use crate::text::Text;

/// An error of an imported file, at its line (or, in a spreadsheet, its
/// row and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The line number (a spreadsheet's row number), from 1.
    pub line: usize,
    /// A spreadsheet's column heading; `None` in a journal.
    pub column: Option<String>,
    /// What is wrong, for a clerk, in no language yet.
    pub reason: Text,
}

impl Fault {
    /// A fault of a journal line.
    pub fn at_line(line: usize, reason: impl Into<Text>) -> Fault {
        Fault {
            line,
            column: None,
            reason: reason.into(),
        }
    }

    /// The fault of a line longer than [`crate::journal::MAX_LINE_BYTES`].
    pub fn line_too_long(line: usize) -> Fault {
        Fault::at_line(line, Text::new("line-too-long"))
    }

    /// The reason with the line (or row and column) it is at.
    pub fn located(&self) -> Text {
        match &self.column {
            Some(column) => Text::new("fault-at-cell").with("column", column),
            None => Text::new("fault-at-line"),
        }
        .with("line", self.line)
        .with("reason", self.reason.clone())
    }
}

/// English, for logs and tests; people get [`crate::text::Lang::fault`].
impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.located().fmt(f)
    }
}

/// The faults of a file: the [`Faults::KEPT`] with the lowest line numbers,
/// in line order, and how many more there are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    kept: Vec<Fault>,
    more: usize,
}

impl Faults {
    /// How many faults are kept whole; the rest are counted. A clerk mends
    /// a file from its first faults; the count says how far off the rest is.
    pub const KEPT: usize = 100;

    /// Adds a fault: kept if it is among the first [`Faults::KEPT`] by line
    /// (after those of the same line already kept), counted otherwise.
    pub fn push(&mut self, fault: Fault) {
        // Faults mostly come in line order, so this is nearly always the end.
        let at = self.kept.partition_point(|f| f.line <= fault.line);
        if at < Faults::KEPT {
            if self.kept.len() == Faults::KEPT {
                self.kept.pop();
                self.more += 1;
            }
            self.kept.insert(at, fault);
        } else {
            self.more += 1;
        }
    }

    /// Adds the faults of another list.
    pub fn merge(&mut self, other: Faults) {
        self.more += other.more;
        other.kept.into_iter().for_each(|f| self.push(f));
    }

    /// Whether there is no fault at all.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// How many faults there are in all.
    pub fn total(&self) -> usize {
        self.kept.len() + self.more
    }

    /// The faults kept, in line order.
    pub fn listed(&self) -> &[Fault] {
        &self.kept
    }

    /// How many faults are not kept.
    pub fn more(&self) -> usize {
        self.more
    }

    /// The first fault.
    pub fn first(&self) -> Option<&Fault> {
        self.kept.first()
    }

    /// Each fault kept, changed by `f` (a register's record placed at its
    /// row and column), in line order again.
    pub fn map(self, f: impl FnMut(Fault) -> Fault) -> Faults {
        let mut mapped = Faults {
            kept: Vec::with_capacity(self.kept.len()),
            more: self.more,
        };
        self.kept.into_iter().map(f).for_each(|f| mapped.push(f));
        mapped
    }
}

impl FromIterator<Fault> for Faults {
    fn from_iter<I: IntoIterator<Item = Fault>>(iter: I) -> Faults {
        let mut faults = Faults::default();
        iter.into_iter().for_each(|f| faults.push(f));
        faults
    }
}

impl Extend<Fault> for Faults {
    fn extend<I: IntoIterator<Item = Fault>>(&mut self, iter: I) {
        iter.into_iter().for_each(|f| self.push(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_faults_by_line_are_kept_and_the_rest_counted() {
        let mut faults = Faults::default();
        for line in (1..=1000).rev() {
            faults.push(Fault::at_line(line, Text::new("x")));
        }
        faults.push(Fault::at_line(7, Text::new("second")));
        assert_eq!(faults.total(), 1001);
        assert_eq!(faults.listed().len(), Faults::KEPT);
        assert_eq!(faults.more(), 1001 - Faults::KEPT);
        let lines: Vec<usize> = faults.listed().iter().map(|f| f.line).collect();
        let mut expected: Vec<usize> = (1..=Faults::KEPT - 1).collect();
        expected.insert(7, 7);
        assert_eq!(lines, expected);
        assert_eq!(faults.listed()[7].reason.key(), "second");
    }
}
