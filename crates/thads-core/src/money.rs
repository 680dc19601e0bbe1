//! Money: an integer number of Vietnamese đồng.

use std::fmt;

/// An amount of money in đồng (VND). Never fractional, never floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Vnd(pub i64);

impl Vnd {
    /// Zero đồng.
    pub const ZERO: Vnd = Vnd(0);

    /// The amount as a plain integer.
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Formats the way Vietnamese documents write money: `1.234.567 đ`.
impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} đ", group_thousands(self.0))
    }
}

/// Writes an integer with `.` between groups of three digits: `-1.234.567`.
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_vietnamese_grouping() {
        let check = |v: i64, expected: &str| assert_eq!(Vnd(v).to_string(), expected);
        check(0, "0 đ");
        check(999, "999 đ");
        check(1000, "1.000 đ");
        check(1_234_567, "1.234.567 đ");
        check(-20_000_000, "-20.000.000 đ");
        check(100_000_000_000_000, "100.000.000.000.000 đ");
    }
}
