//! Reading the rules files of `rules/` (TOML): a list of `[[name]]` tables,
//! each field read with an error that names the file, the entry and the
//! field.

use crate::Day;

/// A rules file that cannot be read: which file, which entry, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(String);

/// One `[[name]]` table of a rules file.
pub(crate) struct Entry<'a> {
    table: &'a toml_edit::Table,
    /// `rules/deadlines.toml, rule 3`, for errors.
    at: String,
}

/// The `[[name]]` tables of the rules file `file` (its path, for errors).
pub(crate) fn entries<'a>(
    document: &'a toml_edit::DocumentMut,
    file: &str,
    name: &str,
) -> Result<Vec<Entry<'a>>, RulesError> {
    let Some(item) = document.get(name) else {
        return Ok(Vec::new());
    };
    let tables = item
        .as_array_of_tables()
        .ok_or_else(|| RulesError(format!("{file}: “{name}” must be [[{name}]] tables")))?;
    Ok(tables
        .iter()
        .enumerate()
        .map(|(i, table)| Entry {
            table,
            at: format!("{file}, {name} {}", i + 1),
        })
        .collect())
}

/// The text of a rules file, parsed.
pub(crate) fn parse(text: &str, file: &str) -> Result<toml_edit::DocumentMut, RulesError> {
    text.parse().map_err(|e| RulesError(format!("{file}: {e}")))
}

impl RulesError {
    /// An error of a whole file.
    pub fn new(why: String) -> RulesError {
        RulesError(why)
    }
}

impl Entry<'_> {
    /// An error of this entry.
    pub(crate) fn error(&self, why: impl std::fmt::Display) -> RulesError {
        RulesError(format!("{}: {why}", self.at))
    }

    /// A text field, which must be there.
    pub(crate) fn text(&self, name: &str) -> Result<String, RulesError> {
        self.table
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| self.error(format!("no text “{name}”")))
    }

    /// A text field, if it is there.
    pub(crate) fn maybe_text(&self, name: &str) -> Result<Option<String>, RulesError> {
        match self.table.get(name) {
            None => Ok(None),
            Some(_) => self.text(name).map(Some),
        }
    }

    /// A list of texts (`["a", "b"]`); empty if it is not there.
    pub(crate) fn texts(&self, name: &str) -> Result<Vec<String>, RulesError> {
        let Some(item) = self.table.get(name) else {
            return Ok(Vec::new());
        };
        let not_texts = || self.error(format!("“{name}” is not a list of texts"));
        item.as_array()
            .ok_or_else(not_texts)?
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(not_texts))
            .collect()
    }

    /// A date field (`"2026-07-01"`), if it is there.
    pub(crate) fn maybe_day(&self, name: &str) -> Result<Option<Day>, RulesError> {
        if self.table.get(name).is_none() {
            return Ok(None);
        }
        let text = self.text(name)?;
        text.parse().map(Some).map_err(|e| self.error(e))
    }

    /// A date field, which must be there.
    pub(crate) fn day(&self, name: &str) -> Result<Day, RulesError> {
        self.maybe_day(name)?
            .ok_or_else(|| self.error(format!("no date “{name}”")))
    }

    /// A count field (a whole number from 0), if it is there.
    pub(crate) fn maybe_count(&self, name: &str) -> Result<Option<u32>, RulesError> {
        self.table
            .get(name)
            .map(|v| {
                v.as_integer()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| self.error(format!("“{name}” is not a count")))
            })
            .transpose()
    }

    /// A true-or-false field, which must be there.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, RulesError> {
        self.table
            .get(name)
            .and_then(|v| v.as_bool())
            .ok_or_else(|| self.error(format!("no “{name}” (true or false)")))
    }
}
