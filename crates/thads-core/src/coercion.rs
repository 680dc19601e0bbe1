//! When a coercion may be carried out: never at night, on a rest day or a
//! holiday, and, under the 2026 law, not within 15 days of Tết when forces
//! are mobilised (Law 2014 Art. 46(2); Decree 152/2026 Art. 42(2)). The
//! hours and days come from `rules/coercion.toml`, by the day's law; the
//! rest days from the working-day calendar; Tết from the lunar calendar.

use crate::Day;
use crate::calendar::Calendar;
use crate::lunar::LunarDate;
use crate::rules_file::{self, RulesError};

/// One rule of `rules/coercion.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlackoutRule {
    /// Its name in the file.
    pub id: String,
    /// The article, as the page shows it.
    pub law: String,
    /// The night: from this hour…
    pub night_from: u8,
    /// …to this hour of the next morning.
    pub night_to: u8,
    /// Days before and after Tết without coercion when forces are
    /// mobilised; `None` where the law has no such window.
    pub tet_days: Option<u32>,
    /// In force from this day…
    pub effective_from: Day,
    /// …to this one, if it ended.
    pub effective_to: Option<Day>,
    /// Whether its figures were read in the law's text.
    pub confirmed: bool,
}

/// Why a coercion may not be carried out at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blackout {
    /// At night.
    Night,
    /// On a rest day or a holiday.
    DayOff,
    /// Within the rule's days of Tết (lunar new year's day), forces being
    /// mobilised.
    Tet(Day),
}

impl Blackout {
    /// The name in the command line's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Blackout::Night => "night",
            Blackout::DayOff => "day_off",
            Blackout::Tet(_) => "tet",
        }
    }
}

/// The rules of `rules/coercion.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlackoutRules(Vec<BlackoutRule>);

impl BlackoutRules {
    /// The rules as thads ships them.
    pub fn shipped() -> BlackoutRules {
        BlackoutRules::from_rules(include_str!("../../../rules/coercion.toml"))
            .expect("the shipped rules are read by a test")
    }

    /// The rules of a rules file.
    pub fn from_rules(text: &str) -> Result<BlackoutRules, RulesError> {
        const FILE: &str = "rules/coercion.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let hour = |name: &str| {
                entry
                    .maybe_count(name)?
                    .filter(|h| *h < 24)
                    .map(|h| h as u8)
                    .ok_or_else(|| entry.error(format!("“{name}” is not an hour (0 to 23)")))
            };
            rules.push(BlackoutRule {
                id: entry.text("id")?,
                law: entry.text("law")?,
                night_from: hour("night_from")?,
                night_to: hour("night_to")?,
                tet_days: entry.maybe_count("tet_days")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(BlackoutRules(rules))
    }

    /// The rule in force on a day.
    pub fn in_force(&self, day: Day) -> Option<&BlackoutRule> {
        self.0
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }

    /// Why a coercion may not start at `hour`:`minute` of `day`, under the
    /// rule in force that day (none: it may); `mobilised` if it needs
    /// forces mobilised (police, several agencies).
    pub fn check(
        &self,
        calendar: &Calendar,
        day: Day,
        (hour, minute): (u8, u8),
        mobilised: bool,
    ) -> Option<(&BlackoutRule, Vec<Blackout>)> {
        let rule = self.in_force(day)?;
        let mut why = Vec::new();
        let minutes = u32::from(hour) * 60 + u32::from(minute);
        let (from, to) = (
            u32::from(rule.night_from) * 60,
            u32::from(rule.night_to) * 60,
        );
        // 22:00 to 06:00: the night spans midnight.
        let night = if from > to {
            minutes >= from || minutes < to
        } else {
            (from..to).contains(&minutes)
        };
        if night {
            why.push(Blackout::Night);
        }
        if !calendar.is_working(day) {
            why.push(Blackout::DayOff);
        }
        if let (Some(days), true) = (rule.tet_days, mobilised) {
            // The Tết nearest the day: the lunar year it falls in, or the
            // next one's.
            let year = LunarDate::of(day).year;
            let nearest = [year, year + 1]
                .map(LunarDate::new_year)
                .into_iter()
                .find(|tet| tet.days_until(day).unsigned_abs() <= days);
            if let Some(tet) = nearest {
                why.push(Blackout::Tet(tet));
            }
        }
        Some((rule, why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn why(at: &str, hour: u8, mobilised: bool) -> Vec<Blackout> {
        let rules = BlackoutRules::shipped();
        let (_, why) = rules
            .check(&Calendar::shipped(), day(at), (hour, 0), mobilised)
            .expect("a rule in force");
        why
    }

    #[test]
    fn nights_rest_days_and_holidays_are_out() {
        // Tuesday 1 December 2026, 08:00: allowed.
        assert_eq!(why("2026-12-01", 8, true), []);
        assert_eq!(why("2026-12-01", 21, false), []);
        assert_eq!(why("2026-12-01", 22, false), [Blackout::Night]);
        assert_eq!(why("2026-12-01", 5, false), [Blackout::Night]);
        assert_eq!(why("2026-12-01", 6, false), []);
        // A Sunday, and National Day.
        assert_eq!(why("2026-11-29", 9, false), [Blackout::DayOff]);
        assert_eq!(why("2026-09-02", 9, false), [Blackout::DayOff]);
    }

    #[test]
    fn the_days_around_tet_are_out_under_the_2026_law_when_forces_are_mobilised() {
        // Tết Đinh Mùi falls on 6 February 2027.
        let tet = LunarDate::new_year(2027);
        assert_eq!(tet, day("2027-02-06"));
        // 15 days before: Friday 22 January 2027; 16 days before is out
        // of the window.
        assert_eq!(why("2027-01-22", 9, true), [Blackout::Tet(tet)]);
        assert_eq!(why("2027-01-21", 9, true), []);
        assert_eq!(why("2027-01-22", 9, false), []);
        // 15 days after: Sunday 21 February is a rest day too; Monday 22nd
        // is out of the window.
        assert_eq!(
            why("2027-02-21", 9, true),
            [Blackout::DayOff, Blackout::Tet(tet)]
        );
        assert_eq!(why("2027-02-22", 9, true), []);
        // Under the 2014 law there was no such window: Tết 2026 was on
        // 17 February, and 2 February 2026 (a Monday) was open.
        assert_eq!(why("2026-02-02", 9, true), []);
    }

    #[test]
    fn a_rules_file_with_a_wrong_hour_is_refused_by_its_entry() {
        let text =
            include_str!("../../../rules/coercion.toml").replace("night_to = 6", "night_to = 30");
        let e = BlackoutRules::from_rules(&text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rules/coercion.toml, rule 1: “night_to” is not an hour (0 to 23)"
        );
    }
}
