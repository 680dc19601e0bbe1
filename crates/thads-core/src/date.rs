//! Calendar dates as the journal writes them (`YYYY-MM-DD`, Vietnam time).

use std::fmt;
use std::str::FromStr;

/// A calendar date, held as the integer `yyyymmdd`.
///
/// The integer form orders like the dates themselves, is what the store keeps,
/// and makes the report's hot loop compare plain integers. A `Day` is only
/// built from a real calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(u32);

/// A text that is not a calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDay(pub String);

impl From<&BadDay> for crate::text::Text {
    fn from(e: &BadDay) -> crate::text::Text {
        crate::text::Text::new("bad-day").with("text", &e.0)
    }
}

crate::said_in_english!(BadDay);

impl Day {
    /// The date from its parts; `None` when no such day exists.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Day> {
        let date = jiff::civil::Date::new(year, month, day).ok()?;
        Some(Day::from(date))
    }

    /// The date from its `yyyymmdd` integer form, as stored.
    pub fn from_yyyymmdd(value: u32) -> Option<Day> {
        let (y, m, d) = (value / 10_000, value / 100 % 100, value % 100);
        Day::from_ymd(i16::try_from(y).ok()?, m as i8, d as i8)
    }

    /// A day from a `yyyymmdd` form already checked (the ledger's hot loop).
    pub(crate) fn trusted(yyyymmdd: u32) -> Day {
        debug_assert!(Day::from_yyyymmdd(yyyymmdd).is_some());
        Day(yyyymmdd)
    }

    /// The `yyyymmdd` integer form.
    pub fn yyyymmdd(self) -> u32 {
        self.0
    }

    /// The year.
    pub fn year(self) -> i16 {
        (self.0 / 10_000) as i16
    }

    /// The day `n` days later (earlier if `n` is negative).
    pub fn plus_days(self, n: i32) -> Day {
        Day::from(
            self.date()
                .checked_add(jiff::Span::new().days(i64::from(n)))
                .expect("dates in range"),
        )
    }

    /// The corresponding day `n` months later, or that month's last day when
    /// it has no such day (31 January + 1 month: 28 or 29 February).
    pub fn plus_months(self, n: i32) -> Day {
        Day::from(
            self.date()
                .checked_add(jiff::Span::new().months(i64::from(n)))
                .expect("dates in range"),
        )
    }

    /// How many days it comes after the Monday of its week (0 to 6).
    pub fn days_since_monday(self) -> i32 {
        i32::from(self.date().weekday().to_monday_zero_offset())
    }

    /// Whether it is a Saturday or a Sunday, the weekly rest days.
    pub fn is_weekend(self) -> bool {
        matches!(
            self.date().weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        )
    }

    /// How many days from this day to `later`.
    pub fn days_until(self, later: Day) -> i32 {
        self.date()
            .until(later.date())
            .expect("dates in range")
            .get_days()
    }

    /// The month (1–12).
    pub fn month(self) -> i8 {
        (self.0 / 100 % 100) as i8
    }

    /// The day of the month (1–31).
    pub fn day(self) -> i8 {
        (self.0 % 100) as i8
    }

    /// The last day of this day's month.
    pub fn month_end(self) -> Day {
        Day::from(self.date().last_of_month())
    }

    /// The statistical year (1 October – 30 September) that contains this day,
    /// as its first and last day.
    pub fn statistical_year(self) -> (Day, Day) {
        let date = self.date();
        let end_year = if date.month() >= 10 {
            date.year() + 1
        } else {
            date.year()
        };
        (
            Day::from_ymd(end_year - 1, 10, 1).expect("valid"),
            Day::from_ymd(end_year, 9, 30).expect("valid"),
        )
    }

    fn date(self) -> jiff::civil::Date {
        let (y, m, d) = (self.0 / 10_000, self.0 / 100 % 100, self.0 % 100);
        jiff::civil::Date::new(y as i16, m as i8, d as i8).expect("a Day is always a valid date")
    }
}

impl From<jiff::civil::Date> for Day {
    fn from(date: jiff::civil::Date) -> Day {
        Day(date.year() as u32 * 10_000 + date.month() as u32 * 100 + date.day() as u32)
    }
}

impl From<Day> for jiff::civil::Date {
    fn from(day: Day) -> jiff::civil::Date {
        day.date()
    }
}

impl FromStr for Day {
    type Err = BadDay;

    fn from_str(s: &str) -> Result<Day, BadDay> {
        let bytes = s.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        let number = |r: std::ops::Range<usize>| s[r].parse::<i16>().ok();
        shape_ok
            .then(|| Day::from_ymd(number(0..4)?, number(5..7)? as i8, number(8..10)? as i8))
            .flatten()
            .filter(|d| d.year() >= 1900)
            .ok_or_else(|| BadDay(s.to_owned()))
    }
}

impl Day {
    /// The day as Vietnamese write it: `15/01/2025`.
    pub fn dd_mm_yyyy(self) -> String {
        format!("{:02}/{:02}/{}", self.day(), self.month(), self.year())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0 / 10_000,
            self.0 / 100 % 100,
            self.0 % 100
        )
    }
}

impl serde::Serialize for Day {
    /// As the journal writes it: `2026-07-01`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        let ok = |s: &str| assert_eq!(s.parse::<Day>().map(|d| d.to_string()), Ok(s.to_owned()));
        ok("2024-02-29");
        ok("2025-09-30");
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-15",
            "15/01/2025",
            "",
            "2025-01-15T00:00",
            "0000-01-01",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn statistical_year_runs_october_to_september() {
        let day = |s: &str| s.parse::<Day>().unwrap();
        let year = |s: &str| {
            let (a, b) = day(s).statistical_year();
            (a.to_string(), b.to_string())
        };
        assert_eq!(
            year("2025-09-30"),
            ("2024-10-01".into(), "2025-09-30".into())
        );
        assert_eq!(
            year("2025-10-01"),
            ("2025-10-01".into(), "2026-09-30".into())
        );
        assert_eq!(day("2024-12-31").plus_days(60).to_string(), "2025-03-01");
        assert_eq!(day("2024-12-31").days_until(day("2025-03-01")), 60);
    }
}
