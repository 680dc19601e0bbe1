//! The working-day calendar: which days are worked in Vietnam, and the
//! deadlines counted on it.
//!
//! The days off fixed by the Labour Code 2019, Art. 112 are computed: 1
//! January; Tết, five days (by default the last day of the old lunar year
//! and the first four of the new); Hùng Kings' day (10th day of the 3rd
//! lunar month); 30 April; 1 May; 2 September and one day beside it (by
//! default 1 September). A holiday that falls on a Saturday or a Sunday
//! gives a substitute day off on the next working day (Art. 112(3)). The
//! Prime Minister's yearly decisions then change days one by one
//! ([`Decision`]): those known ship in `rules/calendar.toml`.
//!
//! Deadlines (Civil Code 2015, Arts. 147–148): a period starts the day
//! after its trigger; one counted in days or months that ends on a day off
//! ends on the next working day instead.

use std::collections::BTreeMap;

use crate::Day;
use crate::lunar::LunarDate;
use crate::rules_file::{self, RulesError};
use crate::text::Text;

/// The years the calendar computes: the lunar computation is accurate to
/// well within a day over them. Outside them, only Saturdays and Sundays
/// rest (a deadline never reaches so far).
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2199;

/// Why a day is not worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    /// 1 January.
    NewYear,
    /// One of the five days of Tết Nguyên đán.
    Tet,
    /// Hùng Kings' day, the 10th of the 3rd lunar month.
    HungKings,
    /// 30 April.
    Reunification,
    /// 1 May.
    Labour,
    /// 2 September.
    NationalDay,
    /// The day beside 2 September.
    NationalDayBeside,
    /// In place of a holiday that fell on a Saturday or a Sunday.
    Substitute(Day),
    /// Decided by the Prime Minister, for the reason given.
    Decided(String),
}

impl From<&DayOff> for Text {
    fn from(off: &DayOff) -> Text {
        match off {
            DayOff::NewYear => Text::new("day-off-new-year"),
            DayOff::Tet => Text::new("day-off-tet"),
            DayOff::HungKings => Text::new("day-off-hung-kings"),
            DayOff::Reunification => Text::new("day-off-reunification"),
            DayOff::Labour => Text::new("day-off-labour"),
            DayOff::NationalDay => Text::new("day-off-national-day"),
            DayOff::NationalDayBeside => Text::new("day-off-national-day-beside"),
            DayOff::Substitute(for_day) => Text::new("day-off-substitute").with("for", *for_day),
            DayOff::Decided(reason) => Text::new("day-off-decided").with("reason", reason),
        }
    }
}

/// A decision on one day: off, or worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The day.
    pub date: Day,
    /// Off (true) or worked (false).
    pub off: bool,
    /// Why, as the decision says it.
    pub reason: String,
    /// The decision it comes from.
    pub source: String,
}

/// A year's days off (other than plain Saturdays and Sundays) and its
/// Saturdays and Sundays that are worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The year.
    pub year: i16,
    /// Each day off that is not a plain weekend day, with its reason.
    pub days_off: BTreeMap<Day, DayOff>,
    /// Each Saturday or Sunday worked, with the reason.
    pub working_weekend_days: BTreeMap<Day, String>,
}

impl Year {
    /// The calendar of `year`, with the decisions of that year applied; a
    /// year outside [`YEARS`] has no day off but its weekends.
    ///
    /// `tet`, if the year's decision says which five days make up Tết, is
    /// the first of them; otherwise Tết is the last day of the old lunar
    /// year and lunar days 1 to 4.
    pub fn new(year: i16, decisions: &[Decision], tet: Option<Day>) -> Year {
        if !YEARS.contains(&year) {
            return Year {
                year,
                days_off: BTreeMap::new(),
                working_weekend_days: BTreeMap::new(),
            };
        }
        let day = |m: i8, d: i8| Day::from_ymd(year, m, d).expect("a real day");
        let mut holidays: Vec<(Day, DayOff)> = vec![
            (day(1, 1), DayOff::NewYear),
            (day(4, 30), DayOff::Reunification),
            (day(5, 1), DayOff::Labour),
            (day(9, 1), DayOff::NationalDayBeside),
            (day(9, 2), DayOff::NationalDay),
        ];
        let tet = tet.unwrap_or_else(|| LunarDate::new_year(i32::from(year)).plus_days(-1));
        holidays.extend((0..5).map(|n| (tet.plus_days(n), DayOff::Tet)));
        let hung_kings = LunarDate {
            day: 10,
            month: 3,
            year: i32::from(year),
            leap: false,
        };
        holidays.push((
            hung_kings
                .to_day()
                .expect("every lunar year has a 3rd month"),
            DayOff::HungKings,
        ));
        holidays.sort_by_key(|(d, _)| *d);
        let mut days_off: BTreeMap<Day, DayOff> = holidays.iter().cloned().collect();
        // A holiday on a weekly rest day gives the next working day off.
        for (holiday, _) in holidays.iter().filter(|(d, _)| d.is_weekend()) {
            let mut substitute = holiday.plus_days(1);
            while substitute.is_weekend() || days_off.contains_key(&substitute) {
                substitute = substitute.plus_days(1);
            }
            days_off.insert(substitute, DayOff::Substitute(*holiday));
        }
        let mut working_weekend_days = BTreeMap::new();
        for decision in decisions.iter().filter(|d| d.date.year() == year) {
            if decision.off {
                days_off.insert(decision.date, DayOff::Decided(decision.reason.clone()));
            } else {
                days_off.remove(&decision.date);
                if decision.date.is_weekend() {
                    working_weekend_days.insert(decision.date, decision.reason.clone());
                }
            }
        }
        Year {
            year,
            days_off,
            working_weekend_days,
        }
    }
}

/// The working-day calendar of every year: computed, with the decisions
/// known. Each year is computed once (its lunar dates take some thousand
/// trigonometric terms), when a date of it is first asked.
#[derive(Debug, Default)]
pub struct Calendar {
    decisions: Vec<Decision>,
    /// The first of the five days of Tết, where a year's decision set them.
    tet: Vec<Decision>,
    years: std::sync::RwLock<BTreeMap<i16, std::sync::Arc<Year>>>,
}

impl Clone for Calendar {
    fn clone(&self) -> Calendar {
        Calendar {
            decisions: self.decisions.clone(),
            tet: self.tet.clone(),
            years: Default::default(),
        }
    }
}

impl Calendar {
    /// The calendar with the decisions of `rules/calendar.toml`, as thads
    /// ships them.
    pub fn shipped() -> Calendar {
        Calendar::from_rules(include_str!("../../../rules/calendar.toml"))
            .expect("the shipped rules are read by a test")
    }

    /// The calendar with the decisions of a rules file.
    pub fn from_rules(text: &str) -> Result<Calendar, RulesError> {
        const FILE: &str = "rules/calendar.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut decisions = Vec::new();
        for entry in rules_file::entries(&document, FILE, "decision")? {
            let off = match entry.text("kind")?.as_str() {
                "off" => true,
                "working" => false,
                other => {
                    return Err(
                        entry.error(format!("kind “{other}” is neither “off” nor “working”"))
                    );
                }
            };
            decisions.push(Decision {
                date: entry.day("date")?,
                off,
                reason: entry.text("reason")?,
                source: entry.text("source")?,
            });
        }
        let mut tet: Vec<Decision> = Vec::new();
        for entry in rules_file::entries(&document, FILE, "tet")? {
            let first_day = entry.day("first_day")?;
            if tet.iter().any(|t| t.date.year() == first_day.year()) {
                return Err(entry.error(format!("Tết of {} is decided twice", first_day.year())));
            }
            tet.push(Decision {
                date: first_day,
                off: true,
                reason: entry.text("reason")?,
                source: entry.text("source")?,
            });
        }
        Ok(Calendar {
            decisions,
            tet,
            ..Calendar::default()
        })
    }

    /// The same calendar with more decisions (an administrator's), which
    /// take precedence over those for the same day.
    pub fn with(mut self, decisions: impl IntoIterator<Item = Decision>) -> Calendar {
        for decision in decisions {
            self.decisions.retain(|d| d.date != decision.date);
            self.decisions.push(decision);
        }
        self.years = Default::default();
        self
    }

    /// The decisions, in the order given.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// A year of this calendar.
    pub fn year(&self, year: i16) -> std::sync::Arc<Year> {
        let known = self.years.read().unwrap_or_else(|e| e.into_inner());
        if let Some(made) = known.get(&year) {
            return made.clone();
        }
        drop(known);
        let tet = self
            .tet
            .iter()
            .find(|t| t.date.year() == year)
            .map(|t| t.date);
        let made = std::sync::Arc::new(Year::new(year, &self.decisions, tet));
        let mut known = self.years.write().unwrap_or_else(|e| e.into_inner());
        known.entry(year).or_insert(made).clone()
    }

    /// Whether `day` is worked.
    pub fn is_working(&self, day: Day) -> bool {
        let year = self.year(day.year());
        if year.days_off.contains_key(&day) {
            return false;
        }
        !day.is_weekend() || year.working_weekend_days.contains_key(&day)
    }

    /// The first working day on or after `day`.
    pub fn working_on_or_after(&self, mut day: Day) -> Day {
        while !self.is_working(day) {
            day = day.plus_days(1);
        }
        day
    }

    /// The `n`-th working day after `trigger` (`n` ≥ 1).
    pub fn plus_working_days(&self, trigger: Day, n: u32) -> Day {
        let mut day = trigger;
        for _ in 0..n {
            day = self.working_on_or_after(day.plus_days(1));
        }
        day
    }

    /// The last day of a period of `n` days after `trigger`, moved to the
    /// next working day if it is a day off.
    pub fn plus_days(&self, trigger: Day, n: u32) -> Day {
        self.working_on_or_after(trigger.plus_days(n as i32))
    }

    /// The last day of a period of `n` months after `trigger` (the same day
    /// of the month, or the month's last day), moved to the next working day
    /// if it is a day off.
    pub fn plus_months(&self, trigger: Day, n: u32) -> Day {
        self.working_on_or_after(trigger.plus_months(n as i32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn off(calendar: &Calendar, year: i16) -> Vec<String> {
        calendar
            .year(year)
            .days_off
            .keys()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn the_shipped_rules_are_read() {
        let calendar = Calendar::shipped();
        assert!(calendar.decisions().len() >= 6);
        assert!(calendar.decisions().iter().all(|d| !d.source.is_empty()));
        assert!(calendar.tet.iter().all(|d| !d.source.is_empty()));
        let twice = "[[tet]]\nfirst_day = \"2025-01-27\"\nreason = \"x\"\nsource = \"y\"\n";
        assert_eq!(
            Calendar::from_rules(&twice.repeat(2))
                .unwrap_err()
                .to_string(),
            "rules/calendar.toml, tet 2: Tết of 2025 is decided twice"
        );
    }

    /// 2026 as decided: New Year 1–2/1 with Saturday 10/1 worked, Tết
    /// 16–20/2 (the default), Hùng Kings' day on a Sunday and its substitute,
    /// 30/4–1/5, National Day 31/8–2/9 with Saturday 22/8 worked.
    #[test]
    fn the_year_2026_as_decided() {
        let calendar = Calendar::shipped();
        assert_eq!(
            off(&calendar, 2026),
            [
                "2026-01-01",
                "2026-01-02",
                "2026-02-16",
                "2026-02-17",
                "2026-02-18",
                "2026-02-19",
                "2026-02-20",
                "2026-04-26",
                "2026-04-27",
                "2026-04-30",
                "2026-05-01",
                "2026-08-31",
                "2026-09-01",
                "2026-09-02",
            ]
        );
        let year = calendar.year(2026);
        assert_eq!(
            year.days_off[&day("2026-04-27")],
            DayOff::Substitute(day("2026-04-26"))
        );
        assert_eq!(
            year.working_weekend_days
                .keys()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
            ["2026-01-10", "2026-08-22"]
        );
        assert!(calendar.is_working(day("2026-01-10")), "a Saturday worked");
        assert!(!calendar.is_working(day("2026-01-03")), "a plain Saturday");
    }

    #[test]
    fn years_outside_the_computed_ones_rest_on_weekends_only() {
        let calendar = Calendar::shipped();
        assert!(calendar.year(30_000).days_off.is_empty());
        assert!(calendar.year(1899).days_off.is_empty());
        assert!(calendar.is_working(day("2200-01-01")), "a Wednesday");
        assert!(!calendar.year(2199).days_off.is_empty());
    }

    /// 2025 as decided: Tết is 27–31/1, so Saturday 1/2 (lunar day 4) is a
    /// plain weekend day that gives no substitute; 2/5 off for Saturday 26/4.
    #[test]
    fn the_year_2025_as_decided() {
        let calendar = Calendar::shipped();
        let days_off = off(&calendar, 2025);
        for d in [
            "2025-01-27",
            "2025-01-31",
            "2025-04-07",
            "2025-05-02",
            "2025-09-01",
        ] {
            assert!(days_off.contains(&d.to_owned()), "{d}: {days_off:?}");
        }
        assert!(calendar.is_working(day("2025-02-03")));
        assert!(calendar.is_working(day("2025-04-26")));
        assert!(!days_off.contains(&"2025-02-01".to_owned()), "{days_off:?}");
        assert!(!days_off.contains(&"2025-02-03".to_owned()), "{days_off:?}");
        // Without the decision, Tết is 28/1–1/2 and Monday 3/2 its substitute.
        let computed = off(&Calendar::default(), 2025);
        assert!(computed.contains(&"2025-02-01".to_owned()), "{computed:?}");
        assert!(computed.contains(&"2025-02-03".to_owned()), "{computed:?}");
        assert!(!computed.contains(&"2025-01-27".to_owned()), "{computed:?}");
    }

    /// Without decisions: a holiday on a Saturday and one on a Sunday each
    /// give the next working day off.
    #[test]
    fn holidays_on_weekends_give_substitute_days() {
        let computed = Calendar::default();
        // 1 May 2027 is a Saturday; 30 April a Friday: Monday 3 May is off.
        let year = computed.year(2027);
        assert_eq!(
            year.days_off[&day("2027-05-03")],
            DayOff::Substitute(day("2027-05-01"))
        );
        // 1 January 2028 is a Saturday: Monday 3 January is off.
        assert_eq!(
            computed.year(2028).days_off[&day("2028-01-03")],
            DayOff::Substitute(day("2028-01-01"))
        );
        // 2 September 2029 is a Sunday (1 September a Saturday): Monday 3
        // and Tuesday 4 September are off.
        let year = computed.year(2029);
        assert_eq!(
            year.days_off[&day("2029-09-03")],
            DayOff::Substitute(day("2029-09-01"))
        );
        assert_eq!(
            year.days_off[&day("2029-09-04")],
            DayOff::Substitute(day("2029-09-02"))
        );
    }

    #[test]
    fn deadlines_count_working_days_and_roll_to_a_working_day() {
        let calendar = Calendar::shipped();
        // Three working days from Tuesday 28 April 2026: 29/4, then 30/4
        // and 1/5 are off, then the weekend: Monday 4 May, Tuesday 5 May.
        assert_eq!(
            calendar.plus_working_days(day("2026-04-28"), 3),
            day("2026-05-05")
        );
        // Across Tết 2026: five working days from Thursday 12 February.
        assert_eq!(
            calendar.plus_working_days(day("2026-02-12"), 5),
            day("2026-02-26")
        );
        // Ten days from 10 February 2026 end on Tết (20/2): they end on
        // Monday 23 February.
        assert_eq!(calendar.plus_days(day("2026-02-10"), 10), day("2026-02-23"));
        // A month from 31 January 2026 ends on 28 February, a Saturday: Monday
        // 2 March.
        assert_eq!(
            calendar.plus_months(day("2026-01-31"), 1),
            day("2026-03-02")
        );
        // Six months from 31 August 2026: 28 February 2027, a Sunday.
        assert_eq!(
            calendar.plus_months(day("2026-08-31"), 6),
            day("2027-03-01")
        );
    }
}
