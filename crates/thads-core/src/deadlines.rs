//! The legal steps a case owes and their deadlines, as data: the rules of
//! `rules/deadlines.toml`, each in force from one day to another. The rule
//! that applies to a step is the one in force on the day of the act that
//! opens it, so that a case straddling the law of 1 July 2026 gets each
//! step's deadline from the regime of its own trigger.

use crate::Day;
use crate::calendar::Calendar;
use crate::rules_file::{self, RulesError};

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Working days: the n-th working day after the trigger.
    WorkingDays,
    /// Days from the day after the trigger; a last day off moves on to the
    /// next working day.
    Days,
    /// Months: the same day of the month (or the month's last day), moved on
    /// to the next working day if it is a day off.
    Months,
}

impl Unit {
    /// The `unit` field of a rules file's entry.
    pub(crate) fn of(entry: &rules_file::Entry<'_>) -> Result<Unit, RulesError> {
        match entry.text("unit")?.as_str() {
            "working_days" => Ok(Unit::WorkingDays),
            "days" => Ok(Unit::Days),
            "months" => Ok(Unit::Months),
            other => Err(entry.error(format!(
                "unit “{other}” is not working_days, days or months"
            ))),
        }
    }
}

/// One rule: the step it opens, what opens it, its period, its law, and
/// when it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its name, as `thads due` gives it (`publish-2026`).
    pub id: String,
    /// The step it opens (`verify`, `publish`, …).
    pub step: String,
    /// What opens it: a journal event (`unable`), or `end:STEP`, the end of
    /// another step's period.
    pub trigger: String,
    /// How its period is counted.
    pub unit: Unit,
    /// How long it is.
    pub count: u32,
    /// For months: how long when the debtor's address is unknown.
    pub months_if_address_unknown: Option<u32>,
    /// The law and article.
    pub law: String,
    /// The first day it is in force.
    pub effective_from: Day,
    /// The last day it is in force, if it was replaced.
    pub effective_to: Option<Day>,
    /// Whether the figure was found in the law in force (`false`: an older
    /// figure kept, shown as unconfirmed).
    pub confirmed: bool,
}

impl Rule {
    /// The rule of a rules file's entry.
    pub(crate) fn of(entry: &rules_file::Entry<'_>) -> Result<Rule, RulesError> {
        let unit = Unit::of(entry)?;
        Ok(Rule {
            id: entry.text("id")?,
            step: entry.text("step")?,
            trigger: entry.text("trigger")?,
            unit,
            count: entry
                .maybe_count("count")?
                .ok_or_else(|| entry.error("no “count”"))?,
            months_if_address_unknown: entry.maybe_count("months_if_address_unknown")?,
            law: entry.text("law")?,
            effective_from: entry.day("effective_from")?,
            effective_to: entry.maybe_day("effective_to")?,
            confirmed: entry.flag("confirmed")?,
        })
    }

    /// Whether the rule is in force on `day`.
    pub fn in_force_on(&self, day: Day) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }

    /// The due date of the step opened on `trigger`.
    pub fn due(&self, calendar: &Calendar, trigger: Day, address_unknown: bool) -> Day {
        match self.unit {
            Unit::WorkingDays => calendar.plus_working_days(trigger, self.count),
            Unit::Days => calendar.plus_days(trigger, self.count),
            Unit::Months => {
                let months = match self.months_if_address_unknown {
                    Some(months) if address_unknown => months,
                    _ => self.count,
                };
                calendar.plus_months(trigger, months)
            }
        }
    }
}

/// The rules of every step, in every regime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules(Vec<Rule>);

impl Rules {
    /// The rules thads ships.
    pub fn shipped() -> &'static Rules {
        static SHIPPED: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(|| {
            Rules::from_toml(include_str!("../../../rules/deadlines.toml"))
                .expect("the shipped rules are read by a test")
        });
        &SHIPPED
    }

    /// The rules of a file; refused if two rules of one step and trigger
    /// are in force on the same day.
    pub fn from_toml(text: &str) -> Result<Rules, RulesError> {
        const FILE: &str = "rules/deadlines.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let rule = Rule::of(&entry)?;
            if rules.iter().any(|r: &Rule| r.id == rule.id) {
                return Err(entry.error(format!("id “{}” is given twice", rule.id)));
            }
            rules.push(rule);
        }
        for (i, a) in rules.iter().enumerate() {
            for b in &rules[i + 1..] {
                let overlap = a.step == b.step
                    && a.trigger == b.trigger
                    && (a.in_force_on(b.effective_from) || b.in_force_on(a.effective_from));
                if overlap {
                    return Err(RulesError::new(format!(
                        "{FILE}: two rules of step “{}” after “{}” are in force on the same days",
                        a.step, a.trigger
                    )));
                }
            }
        }
        Ok(Rules(rules))
    }

    /// Every rule.
    pub fn all(&self) -> &[Rule] {
        &self.0
    }

    /// The rule of `step` opened by `trigger` in force on `day`, if any
    /// (`return_request` has none before 1 July 2026).
    pub fn in_force(&self, step: &str, trigger: &str, day: Day) -> Option<&Rule> {
        self.0
            .iter()
            .find(|r| r.step == step && r.trigger == trigger && r.in_force_on(day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn every_step_of_the_contract_has_its_rules() {
        let rules = Rules::shipped();
        for step in [
            "verify",
            "publish",
            "reverify",
            "decide",
            "pay_out",
            "return_request",
            "register_apart",
        ] {
            assert!(rules.all().iter().any(|r| r.step == step), "{step}");
        }
        assert!(rules.all().iter().all(|r| !r.law.is_empty()));
    }

    /// An act of 30 June 2026 gets the 2014 regime's rule, one of 1 July
    /// the new law's; the new steps exist only from 1 July.
    #[test]
    fn the_rule_is_the_one_in_force_on_the_triggers_day() {
        let rules = Rules::shipped();
        let old = rules
            .in_force("publish", "unable", day("2026-06-30"))
            .unwrap();
        let new = rules
            .in_force("publish", "unable", day("2026-07-01"))
            .unwrap();
        assert!(old.law.contains("62/2015"), "{}", old.law);
        assert!(new.law.contains("152/2026"), "{}", new.law);
        assert!(
            rules
                .in_force("return_request", "unable_on_request", day("2026-06-30"))
                .is_none()
        );
        let returned = rules
            .in_force("return_request", "unable_on_request", day("2026-07-01"))
            .unwrap();
        assert_eq!((returned.unit, returned.count), (Unit::Months, 24));
        // Unconfirmed figures say so.
        assert!(
            !rules
                .in_force("verify", "end:voluntary", day("2026-07-01"))
                .unwrap()
                .confirmed
        );
    }

    #[test]
    fn due_dates_are_counted_on_the_calendar() {
        let (rules, calendar) = (Rules::shipped(), Calendar::shipped());
        // Unable on Thursday 12 February 2026: five working days across
        // Tết end on Thursday 26 February.
        let publish = rules
            .in_force("publish", "unable", day("2026-02-12"))
            .unwrap();
        assert_eq!(
            publish.due(&calendar, day("2026-02-12"), false),
            day("2026-02-26")
        );
        // Re-verify six months after 31 August 2026, or twelve when the
        // address is unknown.
        let reverify = rules
            .in_force("reverify", "unable", day("2026-08-31"))
            .unwrap();
        assert_eq!(
            reverify.due(&calendar, day("2026-08-31"), false),
            day("2027-03-01")
        );
        assert_eq!(
            reverify.due(&calendar, day("2026-08-31"), true),
            day("2027-08-31")
        );
    }

    #[test]
    fn overlapping_rules_are_refused() {
        let rule = |from: &str| {
            format!(
                "[[rule]]\nid = \"p-{from}\"\nstep = \"publish\"\ntrigger = \"unable\"\nunit = \"days\"\ncount = 5\nlaw = \"x\"\neffective_from = \"{from}\"\nconfirmed = true\n"
            )
        };
        // A rule without its unit is named by its place and field.
        let error = Rules::from_toml("[[rule]]\nid = \"p\"\nstep = \"publish\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "rules/deadlines.toml, rule 1: no text “unit”"
        );
        let both = format!("{}{}", rule("2014-07-01"), rule("2026-07-01"));
        let error = Rules::from_toml(&both).unwrap_err();
        assert!(
            error.to_string().contains("in force on the same days"),
            "{error}"
        );
    }
}
