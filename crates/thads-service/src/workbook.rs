//! The layout of the report's workbook in use: the one built in
//! (`forms/workbook.toml`), or the file named by `THADS_WORKBOOK_LAYOUT`,
//! read once when thads starts, so that new official templates change the
//! workbook without a rebuild (docs/workbook.md).

use std::sync::OnceLock;

use thads_core::layout::Layout;
use thads_core::rules_file::RulesError;

/// The environment variable that names a layout file.
pub const LAYOUT_VARIABLE: &str = "THADS_WORKBOOK_LAYOUT";

static IN_USE: OnceLock<Layout> = OnceLock::new();

/// Reads a layout file, checked.
pub fn read(path: &std::path::Path) -> Result<Layout, RulesError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| RulesError::new(format!("{name}: cannot be read: {e}")))?;
    Layout::from_toml(&text, &name)
}

/// Settles the layout in use: the file `THADS_WORKBOOK_LAYOUT` names, if
/// set, else the built-in one. Called when thads starts; a faulty file
/// stops it with the file's error rather than write forms laid out wrong.
pub fn configure() -> Result<(), RulesError> {
    let layout = match std::env::var_os(LAYOUT_VARIABLE) {
        Some(path) if !path.is_empty() => read(std::path::Path::new(&path))?,
        _ => Layout::shipped().clone(),
    };
    // Set once: a second call (tests, a command that starts the server)
    // keeps the first.
    let _ = IN_USE.set(layout);
    Ok(())
}

/// The layout in use: the one [`configure`] settled, or the built-in one.
pub fn layout() -> &'static Layout {
    IN_USE.get().unwrap_or_else(|| Layout::shipped())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_layout_names_the_fields_of_form_6_that_thads_writes() {
        assert!(crate::render::form6_fields().eq(thads_core::layout::EXEMPTION_FIELDS));
    }

    #[test]
    fn a_layout_names_the_fields_of_form_7_that_thads_writes() {
        assert!(crate::render::form7_fields().eq(thads_core::layout::COERCION_FIELDS));
    }
}
