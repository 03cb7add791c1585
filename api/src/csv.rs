//! CSV cells safe to open in a spreadsheet: quoted, and a cell that would start a formula
//! (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'` (OWASP's guidance on
//! CSV injection), so that a partner's offer name can never run in a coordinator's Excel.

/// One quoted, neutralised CSV cell.
pub fn cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(cell("Opieka"), "\"Opieka\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(start).starts_with("\"'"), "{start:?}");
        }
        assert_eq!(cell(""), "\"\"");
        assert_eq!(cell("a,b\nc"), "\"a,b\nc\"");
    }
}
