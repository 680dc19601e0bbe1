//! Money: an integer number of Vietnamese đồng.

use std::fmt;

use crate::text::{Arg, Text};

/// An amount of money in đồng (VND). Never fractional, never floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Vnd(pub i64);

impl Vnd {
    /// Zero đồng.
    pub const ZERO: Vnd = Vnd(0);

    /// The most a case may be accepted for: 10^15 đồng (a million billion).
    /// The largest case ever enforced in Vietnam is about 5 × 10^13 đồng;
    /// the ceiling is twenty times that, and keeps every amount and every
    /// case's sums far inside `i64` (reports sum in `i128`).
    pub const CEILING: Vnd = Vnd(1_000_000_000_000_000);

    /// An amount of 0 đồng or more that a case may hold: at most
    /// [`Vnd::CEILING`].
    pub fn within_ceiling(amount: i128) -> Result<Vnd, BadAmount> {
        match i64::try_from(amount) {
            Ok(n) if (0..=Vnd::CEILING.0).contains(&n) => Ok(Vnd(n)),
            _ if amount < 0 => Err(BadAmount::Negative(amount)),
            _ => Err(BadAmount::AboveCeiling(amount)),
        }
    }

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

/// An amount outside what a case may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadAmount {
    /// More than [`Vnd::CEILING`].
    AboveCeiling(i128),
    /// Less than nothing.
    Negative(i128),
}

impl From<&BadAmount> for Text {
    fn from(e: &BadAmount) -> Text {
        match *e {
            BadAmount::AboveCeiling(n) => Text::new("amount-above-ceiling")
                .with("amount", Arg::Money(n))
                .with("ceiling", Vnd::CEILING),
            BadAmount::Negative(n) => Text::new("amount-negative").with("amount", Arg::Money(n)),
        }
    }
}

crate::said_in_english!(BadAmount);

/// Writes an integer with `.` between groups of three digits: `-1.234.567`.
pub fn group_thousands(value: impl Into<i128>) -> String {
    let value: i128 = value.into();
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
        assert_eq!(
            group_thousands(i128::MAX),
            "170.141.183.460.469.231.731.687.303.715.884.105.727"
        );
    }

    #[test]
    fn a_case_holds_at_most_the_ceiling() {
        assert_eq!(Vnd::within_ceiling(0), Ok(Vnd(0)));
        assert_eq!(Vnd::within_ceiling(10_i128.pow(15)), Ok(Vnd::CEILING));
        assert_eq!(
            Vnd::within_ceiling(10_i128.pow(15) + 1),
            Err(BadAmount::AboveCeiling(10_i128.pow(15) + 1))
        );
        assert_eq!(
            Vnd::within_ceiling(i128::from(i64::MAX))
                .unwrap_err()
                .to_string(),
            "9,223,372,036,854,775,807 đ is more than a case may hold (at most 1,000,000,000,000,000 đ, a million billion đồng)"
        );
        assert_eq!(Vnd::within_ceiling(-1), Err(BadAmount::Negative(-1)));
    }
}
