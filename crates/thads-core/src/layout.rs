//! The layout of the report's Excel workbook (`forms/workbook.toml`):
//! which sheets, in which order, under which names and titles, with which
//! lines in which columns. The figures come from the report; how the
//! official forms lay them out is data, so that a new circular's templates
//! change the workbook without a rebuild.

use crate::Category;
use crate::report::Line;
use crate::rules_file::{self, Entry, RulesError};

/// What the rows of a sheet are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// A row per agency below the report's scope.
    Agencies,
    /// A row per executor (forms 4 and 5).
    Executors,
    /// A row per kind of state-budget collection (form 3).
    BudgetItems,
    /// A row per agency, of exemption and reduction (form 6).
    Exemptions,
    /// A row per agency, of security measures and coercion (form 7).
    Coercions,
}

impl Rows {
    fn parse(s: &str) -> Option<Rows> {
        Some(match s {
            "agencies" => Rows::Agencies,
            "executors" => Rows::Executors,
            "budget_items" => Rows::BudgetItems,
            "exemptions" => Rows::Exemptions,
            "coercions" => Rows::Coercions,
            _ => return None,
        })
    }

    /// For a form whose columns are its own fields (6 and 7), its number
    /// and the fields a column may name.
    pub fn fields(self) -> Option<(u8, &'static [&'static str])> {
        match self {
            Rows::Exemptions => Some((6, &EXEMPTION_FIELDS)),
            Rows::Coercions => Some((7, &COERCION_FIELDS)),
            _ => None,
        }
    }
}

/// Which of the report's two tallies a sheet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tallied {
    /// In cases (form 1).
    Cases,
    /// In money (form 2).
    Money,
}

/// The fields of form 6 (exemption and reduction) a column may show.
pub const EXEMPTION_FIELDS: [&str; 7] = [
    "proposed_cases",
    "proposed_money",
    "exempted_cases",
    "exempted_money",
    "reduced_cases",
    "reduced_money",
    "pending_cases",
];

/// The fields of form 7 (security measures and coercion) a column may
/// show.
pub const COERCION_FIELDS: [&str; 16] = [
    "measures_applied",
    "measures_lifted",
    "coercions",
    "account_deduction",
    "wage_deduction",
    "seizure",
    "exploitation",
    "hand_over",
    "compel_act",
    "with_forces",
    "seized",
    "seized_value",
    "sold",
    "sold_money",
    "handed_over",
    "released",
];

/// What a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A line of the forms.
    Line(Line),
    /// The completion rate (column 15).
    Rate,
    /// A field of form 6 or 7 (one of [`EXEMPTION_FIELDS`] or
    /// [`COERCION_FIELDS`], by the sheet's rows).
    Field(&'static str),
}

/// A column: what it shows, under which heading (`None`: the line's
/// official name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// What it shows.
    pub value: Value,
    /// Its heading, if the layout gives one.
    pub heading: Option<String>,
}

impl Column {
    /// The number under its heading: the line's on the form, 15 for the
    /// rate, the column's place for forms 6 and 7.
    pub fn number(&self, place: usize) -> usize {
        match self.value {
            Value::Line(line) => usize::from(line.number()),
            Value::Rate => 15,
            Value::Field(_) => place + 1,
        }
    }
}

/// One sheet of the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Its name (at most 31 characters, as Excel allows).
    pub name: String,
    /// What its rows are.
    pub rows: Rows,
    /// Which tally (`None` for form 6).
    pub tallied: Option<Tallied>,
    /// The category whose report it shows (`None`: the report's own).
    pub category: Option<Category>,
    /// The line under the agency's name.
    pub title: String,
    /// The first column's heading.
    pub row_heading: String,
    /// The columns after the first, in order.
    pub columns: Vec<Column>,
    /// The first column's width, and the others'.
    pub first_width: u32,
    /// The width of the other columns.
    pub width: u32,
}

/// The workbook's sheets, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Every sheet.
    pub sheets: Vec<Sheet>,
}

/// The layout thads is built with.
pub const SHIPPED: &str = include_str!("../../../forms/workbook.toml");

impl Layout {
    /// The layout thads is built with.
    pub fn shipped() -> &'static Layout {
        static SHIPPED_LAYOUT: std::sync::LazyLock<Layout> = std::sync::LazyLock::new(|| {
            Layout::from_toml(SHIPPED, "forms/workbook.toml")
                .expect("the shipped layout is read by a test")
        });
        &SHIPPED_LAYOUT
    }

    /// A layout file's sheets; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Layout, RulesError> {
        let document = rules_file::parse(text, file)?;
        let mut sheets: Vec<Sheet> = Vec::new();
        for entry in rules_file::entries(&document, file, "sheet")? {
            let sheet = sheet_of(&entry)?;
            if sheets.iter().any(|s| s.name == sheet.name) {
                return Err(entry.error(format!("the name “{}” is given twice", sheet.name)));
            }
            sheets.push(sheet);
        }
        if sheets.is_empty() {
            return Err(RulesError::new(format!("{file}: no [[sheet]]")));
        }
        Ok(Layout { sheets })
    }
}

fn sheet_of(entry: &Entry<'_>) -> Result<Sheet, RulesError> {
    let name = entry.text("name")?;
    let forbidden = [':', '\\', '/', '?', '*', '[', ']'];
    if name.trim().is_empty() || name.chars().count() > 31 || name.contains(forbidden) {
        return Err(entry.error(format!(
            "the name “{name}” is not a sheet's name (1 to 31 characters, none of : \\ / ? * [ ])"
        )));
    }
    let rows = entry.text("rows")?;
    let rows = Rows::parse(&rows).ok_or_else(|| {
        entry.error(format!(
            "rows “{rows}” is not agencies, executors, budget_items, exemptions or coercions"
        ))
    })?;
    let fields = rows.fields();
    let tallied = match (fields, entry.maybe_text("form")?.as_deref()) {
        (Some(_), None) => None,
        (Some((number, _)), Some(_)) => {
            return Err(entry.error(format!(
                "form {number} has no “form”: its columns are its fields"
            )));
        }
        (_, Some("cases")) => Some(Tallied::Cases),
        (_, Some("money")) => Some(Tallied::Money),
        (_, Some(other)) => {
            return Err(entry.error(format!("form “{other}” is not cases or money")));
        }
        (_, None) => return Err(entry.error("no text “form” (cases or money)")),
    };
    let category = match entry.maybe_text("category")? {
        None => None,
        Some(c) if rows == Rows::Agencies => Some(Category::parse(&c).ok_or_else(|| {
            entry.error(format!(
                "category “{c}” is not state_budget, credit_institution, corruption_economic or state_compensation"
            ))
        })?),
        Some(_) => return Err(entry.error("only a sheet of agencies has a category")),
    };
    let headings = entry.texts("headings")?;
    let names = entry.texts("columns")?;
    if names.is_empty() {
        return Err(entry.error("no “columns”"));
    }
    if !headings.is_empty() && headings.len() != names.len() {
        return Err(entry.error(format!(
            "{} headings for {} columns",
            headings.len(),
            names.len()
        )));
    }
    if let (Some((number, _)), true) = (fields, headings.is_empty()) {
        return Err(entry.error(format!(
            "the columns of form {number} need their “headings”"
        )));
    }
    let mut columns = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let value = if let Some((number, known)) = fields {
            let field = known.iter().find(|f| *f == name).ok_or_else(|| {
                entry.error(format!(
                    "column “{name}” is not a field of form {number} ({})",
                    known.join(", ")
                ))
            })?;
            Value::Field(field)
        } else if name == "rate" {
            Value::Rate
        } else {
            let line = name
                .parse::<usize>()
                .ok()
                .and_then(|n| Line::ALL.get(n.checked_sub(1)?))
                .ok_or_else(|| {
                    entry.error(format!(
                        "column “{name}” is not a line of the forms (1 to 14) or rate"
                    ))
                })?;
            Value::Line(*line)
        };
        columns.push(Column {
            value,
            heading: headings.get(i).cloned(),
        });
    }
    let width = |field: &str| -> Result<u32, RulesError> {
        match entry.maybe_count(field)? {
            Some(w) if (1..=255).contains(&w) => Ok(w),
            Some(w) => Err(entry.error(format!("{field} {w} is not from 1 to 255"))),
            None => Err(entry.error(format!("no “{field}”"))),
        }
    };
    Ok(Sheet {
        name,
        rows,
        tallied,
        category,
        title: entry.text("title")?,
        row_heading: entry.text("row_heading")?,
        columns,
        first_width: width("first_width")?,
        width: width("width")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_layout_has_the_official_forms_in_order() {
        let names: Vec<&str> = Layout::shipped()
            .sheets
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names[..2], ["Biểu 1 - Về việc", "Biểu 2 - Về tiền"]);
        assert_eq!(names.len(), 15);
        assert_eq!(
            names[13..],
            ["Biểu 6 - Miễn, giảm", "Biểu 7 - Bảo đảm, cưỡng chế"]
        );
        // Form 1 counts no reduction: line 9 is in money only.
        let form1 = &Layout::shipped().sheets[0];
        assert!(
            !form1
                .columns
                .iter()
                .any(|c| c.value == Value::Line(Line::Reduced))
        );
        assert_eq!(form1.columns.last().unwrap().value, Value::Rate);
    }

    #[test]
    fn a_wrong_layout_is_refused_naming_the_sheet_and_the_field() {
        let sheet = |fields: &str| {
            format!(
                "[[sheet]]\nname = \"A\"\nrows = \"agencies\"\ntitle = \"T\"\nrow_heading = \"Đơn vị\"\nfirst_width = 42\nwidth = 11\n{fields}\n"
            )
        };
        let error = |text: &str| Layout::from_toml(text, "x.toml").unwrap_err().to_string();
        assert_eq!(
            error(&sheet("form = \"cases\"\ncolumns = [\"1\", \"15\"]")),
            "x.toml, sheet 1: column “15” is not a line of the forms (1 to 14) or rate"
        );
        assert_eq!(
            error(&sheet("form = \"days\"\ncolumns = [\"1\"]")),
            "x.toml, sheet 1: form “days” is not cases or money"
        );
        assert_eq!(
            error(&sheet(
                "form = \"cases\"\ncolumns = [\"1\"]\nheadings = [\"a\", \"b\"]"
            )),
            "x.toml, sheet 1: 2 headings for 1 columns"
        );
        let twice = sheet("form = \"cases\"\ncolumns = [\"1\"]").repeat(2);
        assert_eq!(
            error(&twice),
            "x.toml, sheet 2: the name “A” is given twice"
        );
        assert_eq!(error(""), "x.toml: no [[sheet]]");
        let long = sheet("form = \"cases\"\ncolumns = [\"1\"]").replace(
            "name = \"A\"",
            "name = \"Biểu 1 - Kết quả thi hành án về việc\"",
        );
        assert!(error(&long).contains("is not a sheet's name"));
        let ok = Layout::from_toml(
            &sheet(
                "form = \"money\"\ncolumns = [\"7\", \"rate\"]\nheadings = [\"Xong\", \"Tỷ lệ\"]",
            ),
            "x.toml",
        )
        .unwrap();
        assert_eq!(ok.sheets[0].columns[0].value, Value::Line(Line::Completed));
        assert_eq!(ok.sheets[0].columns[0].heading.as_deref(), Some("Xong"));
    }
}
