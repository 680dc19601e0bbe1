//! When a coercion may be carried out: never at night, on a rest day or a
//! holiday, and, under the 2026 law, not within 15 days of Tết when forces
//! are mobilised (Law 2014 Art. 46(2); Decree 152/2026 Art. 42(2)). The
//! hours and days come from `rules/coercion.toml`, by the day's law; the
//! rest days from the working-day calendar; Tết from the lunar calendar.
//!
//! And the decisions to coerce (quyết định cưỡng chế, Law 2014 Art. 71):
//! their kinds, and the share of a wage that may be deducted (Art. 78(2):
//! at most 30% unless the parties agreed otherwise), from the same file.

use crate::Day;
use crate::calendar::Calendar;
use crate::coordination::Code;
use crate::lunar::LunarDate;
use crate::rules_file::{self, RulesError};
use crate::{AgencyCode, CaseCode};

/// The kind of a decision to coerce (Law 2014 Art. 71).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CoercionKind {
    /// Khấu trừ tiền trong tài khoản; thu hồi, xử lý tiền, giấy tờ có giá.
    AccountDeduction,
    /// Trừ vào thu nhập: a share of the wage, pension or allowance.
    WageDeduction,
    /// Kê biên, xử lý tài sản.
    Seizure,
    /// Khai thác tài sản.
    Exploitation,
    /// Buộc chuyển giao vật, quyền tài sản, giấy tờ.
    HandOver,
    /// Buộc thực hiện hoặc không được thực hiện công việc nhất định.
    CompelAct,
}

impl CoercionKind {
    /// Every kind, in the article's order.
    pub const ALL: [CoercionKind; 6] = [
        CoercionKind::AccountDeduction,
        CoercionKind::WageDeduction,
        CoercionKind::Seizure,
        CoercionKind::Exploitation,
        CoercionKind::HandOver,
        CoercionKind::CompelAct,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            CoercionKind::AccountDeduction => "account_deduction",
            CoercionKind::WageDeduction => "wage_deduction",
            CoercionKind::Seizure => "seizure",
            CoercionKind::Exploitation => "exploitation",
            CoercionKind::HandOver => "hand_over",
            CoercionKind::CompelAct => "compel_act",
        }
    }

    /// The kind of a journal name.
    pub fn parse(s: &str) -> Option<CoercionKind> {
        CoercionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// When a coercion is to be carried out: a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planned {
    /// The day.
    pub day: Day,
    /// The hour (0 to 23).
    pub hour: u8,
    /// The minute.
    pub minute: u8,
}

impl Planned {
    /// A time as the journal writes it, `YYYY-MM-DD HH:MM`.
    pub fn parse(s: &str) -> Option<Planned> {
        let (day, time) = s.split_once(' ')?;
        let (hour, minute) = time.split_once(':')?;
        let two = |s: &str| (s.len() == 2).then(|| s.parse::<u8>().ok()).flatten();
        let (hour, minute) = (two(hour)?, two(minute)?);
        (hour < 24 && minute < 60).then_some(Planned {
            day: day.parse().ok()?,
            hour,
            minute,
        })
    }
}

impl std::fmt::Display for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:02}:{:02}", self.day, self.hour, self.minute)
    }
}

/// A decision to coerce (`coercion` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coercion {
    /// Its code, unique in the journal (`AGENCY/CC/YEAR/N`).
    pub code: Code,
    /// The agency enforcing the case.
    pub agency: AgencyCode,
    /// The case.
    pub case: CaseCode,
    /// The day of the decision.
    pub on: Day,
    /// What it coerces.
    pub kind: CoercionKind,
    /// The asset it bears on, if any (one of the case's).
    pub asset: Option<Code>,
    /// For a wage deduction, the share of each month's pay, in percent.
    pub percent: Option<u32>,
    /// Whether the parties agreed to that share (it may then exceed the
    /// rule's).
    pub agreed: bool,
    /// When it is to be carried out, if planned.
    pub at: Option<Planned>,
    /// Whether it mobilises forces (the police, several agencies).
    pub forces: bool,
}

/// One `[[deduction]]` of `rules/coercion.toml`: the largest share of a
/// wage that may be deducted without the parties' agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductionRule {
    /// Its name in the file.
    pub id: String,
    /// The article.
    pub law: String,
    /// The largest share, in percent.
    pub max_percent: u32,
    /// In force from this day…
    pub effective_from: Day,
    /// …to this one, if it ended.
    pub effective_to: Option<Day>,
    /// Whether its figure was read in the law's text.
    pub confirmed: bool,
}

/// The `[[deduction]]` rules of `rules/coercion.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeductionRules(Vec<DeductionRule>);

impl DeductionRules {
    /// The rules as thads ships them.
    pub fn shipped() -> &'static DeductionRules {
        static SHIPPED: std::sync::OnceLock<DeductionRules> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            DeductionRules::from_rules(include_str!("../../../rules/coercion.toml"))
                .expect("the shipped rules are read by a test")
        })
    }

    /// The rules of a rules file.
    pub fn from_rules(text: &str) -> Result<DeductionRules, RulesError> {
        const FILE: &str = "rules/coercion.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "deduction")? {
            let percent = entry
                .maybe_count("max_percent")?
                .filter(|p| (1..=100).contains(p))
                .ok_or_else(|| entry.error("“max_percent” is not a percentage (1 to 100)"))?;
            rules.push(DeductionRule {
                id: entry.text("id")?,
                law: entry.text("law")?,
                max_percent: percent,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(DeductionRules(rules))
    }

    /// The rule in force on a day.
    pub fn in_force(&self, day: Day) -> Option<&DeductionRule> {
        self.0
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }
}

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

    #[test]
    fn a_planned_time_is_read_as_the_journal_writes_it() {
        let at = Planned::parse("2026-12-01 08:30").unwrap();
        assert_eq!((at.day, at.hour, at.minute), (day("2026-12-01"), 8, 30));
        assert_eq!(at.to_string(), "2026-12-01 08:30");
        for wrong in [
            "2026-12-01",
            "2026-12-01 24:00",
            "2026-12-01 8:30",
            "2026-13-01 08:00",
        ] {
            assert_eq!(Planned::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_shipped_deduction_rules_keep_thirty_percent() {
        let rules = DeductionRules::shipped();
        assert_eq!(rules.in_force(day("2020-01-01")).unwrap().max_percent, 30);
        let new = rules.in_force(day("2026-07-01")).unwrap();
        assert_eq!((new.max_percent, new.confirmed), (30, false));
    }
}
