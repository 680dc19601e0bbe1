//! Exemption and reduction of state-budget debts (miễn, giảm): which cases
//! the rules of `rules/exemption.toml` (the 2014 law's Art. 61, Joint
//! Circular 12/2015) let the agency propose to the court, read from a
//! case's timeline, with why each qualifies or not.

use crate::ledger::Timeline;
use crate::rules_file::{self, RulesError};
use crate::text::Text;
use crate::{Category, Day, Vnd};

/// What the court may decide for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Exempt the whole obligation (Art. 61(1)).
    Exempt,
    /// Exempt what is left (Art. 61(2)).
    ExemptRemainder,
    /// Reduce by at most a share of what is left (Art. 61(3)).
    Reduce,
}

impl Decision {
    /// Its name in the rules file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Exempt => "exempt",
            Decision::ExemptRemainder => "exempt_remainder",
            Decision::Reduce => "reduce",
        }
    }
}

/// One rule of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its name (`a61-3-a`).
    pub id: String,
    /// What it lets the court decide.
    pub decision: Decision,
    /// Whether it is for a debtor who paid a part (at least the settings'
    /// share of the amount), or for one who paid nothing (or less).
    pub paid: bool,
    /// Years since the first decision to enforce.
    pub years: u32,
    /// What is still owed: from (inclusive)…
    pub owed_from: Vnd,
    /// …below (exclusive), if bounded.
    pub owed_below: Option<Vnd>,
    /// A reduction's largest share of what is left: numerator, denominator.
    pub share: Option<(i64, i64)>,
    /// A reduction's largest amount.
    pub cap: Option<Vnd>,
    /// The law and article.
    pub law: String,
    /// The first day it is in force.
    pub effective_from: Day,
    /// The last day, if replaced.
    pub effective_to: Option<Day>,
    /// Whether its figures were found in the law in force.
    pub confirmed: bool,
}

impl Rule {
    fn in_force_on(&self, day: Day) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }

    fn fits(&self, owed: Vnd) -> bool {
        owed >= self.owed_from && self.owed_below.is_none_or(|below| owed < below)
    }

    /// The largest reduction of what is left (`owed`), for a reduction.
    pub fn largest_reduction(&self, owed: Vnd) -> Option<Vnd> {
        let (num, den) = self.share?;
        let share = Vnd(owed.get() * num / den);
        Some(self.cap.map_or(share, |cap| share.min(cap)))
    }
}

/// The table and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    rules: Vec<Rule>,
    /// The share of the amount that makes a part paid (1/50).
    part_paid: (i64, i64),
    /// How old the verification filed may be, in months (3).
    verification_months: i32,
    /// How long between two decisions on one judgment, in months (12).
    once_per_months: i32,
    /// The termination grounds that record an exemption.
    pub exemption_grounds: Vec<String>,
}

impl Table {
    /// The table thads ships.
    pub fn shipped() -> &'static Table {
        static SHIPPED: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| {
            Table::from_toml(include_str!("../../../rules/exemption.toml"))
                .expect("the shipped table is read by a test")
        });
        &SHIPPED
    }

    /// The table of a file.
    pub fn from_toml(text: &str) -> Result<Table, RulesError> {
        const FILE: &str = "rules/exemption.toml";
        let document = rules_file::parse(text, FILE)?;
        let settings = document
            .get("settings")
            .and_then(|s| s.as_table())
            .ok_or_else(|| RulesError::new(format!("{FILE}: no [settings]")))?;
        let setting = |name: &str| -> Result<i64, RulesError> {
            settings
                .get(name)
                .and_then(|v| v.as_integer())
                .filter(|n| *n > 0)
                .ok_or_else(|| RulesError::new(format!("{FILE}: [settings] has no “{name}”")))
        };
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let decision = match entry.text("decision")?.as_str() {
                "exempt" => Decision::Exempt,
                "exempt_remainder" => Decision::ExemptRemainder,
                "reduce" => Decision::Reduce,
                other => {
                    return Err(entry.error(format!(
                        "decision “{other}” is not exempt, exempt_remainder or reduce"
                    )));
                }
            };
            let count = |name: &str| entry.maybe_count(name);
            let share = match (count("share_num")?, count("share_den")?) {
                (Some(num), Some(den)) if den > 0 => Some((i64::from(num), i64::from(den))),
                (None, None) => None,
                _ => return Err(entry.error("share_num and share_den go together")),
            };
            if (decision == Decision::Reduce) != share.is_some() {
                return Err(entry.error("a reduction, and only a reduction, has a share"));
            }
            rules.push(Rule {
                id: entry.text("id")?,
                decision,
                paid: entry.flag("paid")?,
                years: count("years")?.ok_or_else(|| entry.error("no “years”"))?,
                owed_from: Vnd(i64::from(
                    count("owed_from")?.ok_or_else(|| entry.error("no “owed_from”"))?,
                )),
                owed_below: count("owed_below")?.map(|n| Vnd(i64::from(n))),
                share,
                cap: count("cap")?.map(|n| Vnd(i64::from(n))),
                law: entry.text("law")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(Table {
            rules,
            part_paid: (setting("part_paid_num")?, setting("part_paid_den")?),
            verification_months: setting("verification_months")? as i32,
            once_per_months: setting("once_per_months")? as i32,
            exemption_grounds: settings
                .get("exemption_grounds")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|g| g.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Every rule.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether a case may be proposed on `day`, and why (or why not); `None`
    /// for a case that is not a state-budget debt of a debtor without means
    /// still owing (the candidates).
    pub fn assess(&self, timeline: &Timeline, day: Day) -> Option<Assessment> {
        use crate::event::Kind;
        if !timeline.categories.contains(Category::StateBudget) {
            return None;
        }
        let (mut collected, mut last_reduced, mut last_verified) = (0i64, None, None);
        let mut state = crate::CaseState::accepted(timeline.accepted_on, timeline.amount);
        for step in timeline.steps.iter().filter(|s| s.on <= day) {
            state
                .apply(step.on, step.kind, step.amount())
                .expect("the ledger holds only checked events");
            match step.kind {
                Kind::Collected => collected += step.amount().get(),
                Kind::Reduced => last_reduced = Some(step.on),
                Kind::Verified => last_verified = Some(step.on),
                _ => {}
            }
        }
        if state.enforceable || state.closed.is_some() || state.owed.get() == 0 {
            return None;
        }
        let owed = state.owed;
        let (num, den) = self.part_paid;
        let paid = collected * den >= timeline.amount.get() * num && collected > 0;
        let mut reasons = vec![Reason::WithoutMeans {
            since: state.unable_since,
        }];
        reasons.push(Reason::Paid {
            collected: Vnd(collected),
            amount: timeline.amount,
            part: paid,
        });
        let in_force: Vec<&Rule> = self.rules.iter().filter(|r| r.in_force_on(day)).collect();
        let banded: Vec<&&Rule> = in_force
            .iter()
            .filter(|r| r.paid == paid && r.fits(owed))
            .collect();
        let eligible_from = |r: &Rule| timeline.accepted_on.plus_months(12 * r.years as i32);
        let rule = banded.iter().find(|r| eligible_from(r) <= day).map(|r| **r);
        match (rule, banded.first()) {
            (Some(rule), _) => reasons.push(Reason::Waited {
                since: timeline.accepted_on,
                years: rule.years,
                met: true,
                from: eligible_from(rule),
            }),
            (None, Some(nearest)) => reasons.push(Reason::Waited {
                since: timeline.accepted_on,
                years: nearest.years,
                met: false,
                from: eligible_from(nearest),
            }),
            (None, None) => reasons.push(Reason::OutsideBands { owed, part: paid }),
        }
        let again_from = last_reduced.map(|on| on.plus_months(self.once_per_months));
        let once_a_year = again_from.is_none_or(|from| from <= day);
        if let Some(from) = again_from {
            reasons.push(Reason::OncePerYear {
                last: last_reduced.expect("a reduction"),
                from,
                met: once_a_year,
            });
        }
        let fresh_from = day.plus_months(-self.verification_months);
        let verified = last_verified.is_some_and(|on| on >= fresh_from);
        reasons.push(Reason::Verified {
            on: last_verified,
            fresh: verified,
        });
        let rule = rule.filter(|_| once_a_year).cloned();
        Some(Assessment {
            largest_reduction: rule.as_ref().and_then(|r| r.largest_reduction(owed)),
            file_ready: rule.is_some() && verified,
            rule,
            owed,
            reasons,
        })
    }
}

/// Why a case qualifies or not, condition by condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The debtor has no means (the case is not enforceable) since.
    WithoutMeans {
        /// Since.
        since: Day,
    },
    /// What was paid against the amount: a part (at least the settings'
    /// share) or not.
    Paid {
        /// Collected so far.
        collected: Vnd,
        /// The amount of the decision.
        amount: Vnd,
        /// Whether it is a part in the law's sense.
        part: bool,
    },
    /// The years waited since the first decision.
    Waited {
        /// The first decision.
        since: Day,
        /// The years the rule asks.
        years: u32,
        /// Whether they have passed.
        met: bool,
        /// The first day they have.
        from: Day,
    },
    /// What is owed fits no rule for a debtor who paid (or did not).
    OutsideBands {
        /// What is owed.
        owed: Vnd,
        /// Whether a part was paid.
        part: bool,
    },
    /// A decision on this judgment less than a year ago.
    OncePerYear {
        /// The last decision.
        last: Day,
        /// The first day of the next.
        from: Day,
        /// Whether it has come.
        met: bool,
    },
    /// The last verification, and whether it is recent enough to file.
    Verified {
        /// Its day.
        on: Option<Day>,
        /// Whether it is less than the settings' months old.
        fresh: bool,
    },
}

impl Reason {
    /// Whether the condition is met.
    pub fn met(&self) -> bool {
        match self {
            Reason::WithoutMeans { .. } | Reason::Paid { .. } => true,
            Reason::Waited { met, .. } | Reason::OncePerYear { met, .. } => *met,
            Reason::OutsideBands { .. } => false,
            Reason::Verified { fresh, .. } => *fresh,
        }
    }
}

impl From<&Reason> for Text {
    fn from(reason: &Reason) -> Text {
        match reason {
            Reason::WithoutMeans { since } => {
                Text::new("exemption-without-means").with("since", *since)
            }
            Reason::Paid {
                collected,
                amount,
                part,
            } => Text::new(if *part {
                "exemption-paid-part"
            } else {
                "exemption-paid-none"
            })
            .with("collected", *collected)
            .with("amount", *amount),
            Reason::Waited {
                since,
                years,
                met,
                from,
            } => Text::new(if *met {
                "exemption-waited"
            } else {
                "exemption-not-waited"
            })
            .with("since", *since)
            .with("years", *years as u64)
            .with("from", *from),
            Reason::OutsideBands { owed, part } => Text::new(if *part {
                "exemption-outside-bands-part"
            } else {
                "exemption-outside-bands-none"
            })
            .with("owed", *owed),
            Reason::OncePerYear { last, from, met } => Text::new(if *met {
                "exemption-once-a-year"
            } else {
                "exemption-not-once-a-year"
            })
            .with("last", *last)
            .with("from", *from),
            Reason::Verified {
                on: Some(on),
                fresh,
            } => Text::new(if *fresh {
                "exemption-verified"
            } else {
                "exemption-verification-old"
            })
            .with("on", *on),
            Reason::Verified { on: None, .. } => Text::new("exemption-never-verified"),
        }
    }
}

/// A candidate case's assessment on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The rule that fits, if the case qualifies.
    pub rule: Option<Rule>,
    /// What is still owed.
    pub owed: Vnd,
    /// For a reduction, the most it may be.
    pub largest_reduction: Option<Vnd>,
    /// Whether the file may go now: it qualifies and its verification is
    /// recent enough.
    pub file_ready: bool,
    /// Condition by condition.
    pub reasons: Vec<Reason>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Kind;
    use crate::ledger::Step;
    use crate::{Categories, Mode};

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// A state-budget case accepted on `accepted` for `amount`, with steps.
    fn case(accepted: &str, amount: i64, steps: &[(&str, Kind, i64)]) -> Timeline {
        // "unable": a month after the first payment, or after acceptance.
        let unable_on = steps
            .iter()
            .find(|(on, kind, _)| *kind == Kind::Collected && *on != "unable")
            .map_or(day(accepted), |(on, ..)| day(on))
            .plus_months(1);
        let mut steps: Vec<(Day, Kind, i64)> = steps
            .iter()
            .map(|(on, kind, value)| {
                let on = if *on == "unable" { unable_on } else { day(on) };
                (on, *kind, *value)
            })
            .collect();
        steps.sort_by_key(|s| s.0);
        Timeline {
            agency: 0,
            mode: Mode::ExOfficio,
            categories: Categories::of(&[Category::StateBudget]),
            accepted_on: day(accepted),
            accepted_counted: day(accepted),
            accepted_seq: 0,
            amount: Vnd(amount),
            steps: steps
                .into_iter()
                .map(|(on, kind, value)| Step::new(on, kind, value))
                .collect(),
            judgment_kind: None,
            budget_item: None,
        }
    }

    fn decide(timeline: &Timeline, on: &str) -> (Option<&'static str>, Option<i64>, bool) {
        let a = Table::shipped()
            .assess(timeline, day(on))
            .expect("a candidate");
        let id = a.rule.as_ref().map(|r| {
            Table::shipped()
                .rules()
                .iter()
                .find(|s| s.id == r.id)
                .unwrap()
                .id
                .as_str()
        });
        (id, a.largest_reduction.map(Vnd::get), a.file_ready)
    }

    /// Without means a month after its first payment (or its acceptance),
    /// verified again on 1/4/2026.
    fn unable(extra: &[(&'static str, Kind, i64)]) -> Vec<(&'static str, Kind, i64)> {
        let mut steps = extra.to_vec();
        steps.push(("unable", Kind::Unable, 0));
        steps.push(("2026-04-01", Kind::Verified, 0));
        steps
    }

    #[test]
    fn each_row_of_article_61_on_hand_made_cases() {
        // Nothing paid, 1.500.000 đ, 5 years: exempt (61(1), 5 years).
        let t = case("2016-01-15", 1_500_000, &unable(&[]));
        assert_eq!(decide(&t, "2026-06-01"), (Some("a61-1-5y"), None, true));
        // Nothing paid, 3.000.000 đ: 10 years needed; after 15/01/2026, yes.
        let t = case("2016-01-15", 3_000_000, &unable(&[]));
        assert_eq!(decide(&t, "2026-06-01"), (Some("a61-1-10y"), None, true));
        let t = case("2017-01-15", 3_000_000, &unable(&[]));
        let a = Table::shipped().assess(&t, day("2026-06-01")).unwrap();
        assert!(a.rule.is_none());
        assert!(a.reasons.contains(&Reason::Waited {
            since: day("2017-01-15"),
            years: 10,
            met: false,
            from: day("2027-01-15")
        }));
        // Nothing paid, 6.000.000 đ: no row of (1) fits.
        let t = case("2010-01-15", 6_000_000, &unable(&[]));
        let a = Table::shipped().assess(&t, day("2026-06-01")).unwrap();
        assert!(
            a.rule.is_none()
                && a.reasons
                    .iter()
                    .any(|r| matches!(r, Reason::OutsideBands { part: false, .. }))
        );
        // Paid 1/50 (200.000 of 10.000.000): a part; 9.800.000 left, 10
        // years: the remainder exempted (61(2), 10 years).
        let t = case(
            "2016-01-15",
            10_000_000,
            &unable(&[("2016-02-01", Kind::Collected, 200_000)]),
        );
        assert_eq!(decide(&t, "2026-06-01"), (Some("a61-2-10y"), None, true));
        // Paid less than 1/50 is no part: 9.900.000 left fits no row of (1).
        let t = case(
            "2016-01-15",
            10_000_000,
            &unable(&[("2016-02-01", Kind::Collected, 100_000)]),
        );
        assert_eq!(decide(&t, "2026-06-01").0, None);
        // A part paid, 4.000.000 left, 5 years: the remainder (61(2), 5 years).
        let t = case(
            "2020-01-15",
            5_000_000,
            &unable(&[("2020-02-01", Kind::Collected, 1_000_000)]),
        );
        assert_eq!(decide(&t, "2026-06-01"), (Some("a61-2-5y"), None, true));
        // A part paid, 60.000.000 left, 5 years: reduce by at most 1/4.
        let t = case(
            "2020-01-15",
            80_000_000,
            &unable(&[("2020-02-01", Kind::Collected, 20_000_000)]),
        );
        assert_eq!(
            decide(&t, "2026-06-01"),
            (Some("a61-3-a"), Some(15_000_000), true)
        );
        // 100.000.000 left is still (3)(a); 100.000.001 needs 10 years.
        let t = case(
            "2020-01-15",
            120_000_000,
            &unable(&[("2020-02-01", Kind::Collected, 20_000_000)]),
        );
        assert_eq!(
            decide(&t, "2026-06-01"),
            (Some("a61-3-a"), Some(25_000_000), true)
        );
        let t = case(
            "2020-01-15",
            120_000_001,
            &unable(&[("2020-02-01", Kind::Collected, 20_000_000)]),
        );
        assert_eq!(decide(&t, "2026-06-01").0, None);
        // 10 years, 300.000.000 left: 1/5 is 60.000.000, capped at 50.000.000.
        let t = case(
            "2015-01-15",
            400_000_000,
            &unable(&[("2015-02-01", Kind::Collected, 100_000_000)]),
        );
        assert_eq!(
            decide(&t, "2026-06-01"),
            (Some("a61-3-b"), Some(50_000_000), true)
        );
        // 1/5 of 150.000.000 is 30.000.000, under the cap.
        let t = case(
            "2015-01-15",
            250_000_000,
            &unable(&[("2015-02-01", Kind::Collected, 100_000_000)]),
        );
        assert_eq!(
            decide(&t, "2026-06-01"),
            (Some("a61-3-b"), Some(30_000_000), true)
        );
    }

    #[test]
    fn once_a_year_a_fresh_verification_and_the_regime_of_the_day() {
        // Reduced on 1/10/2025: not again before 1/10/2026.
        let steps = unable(&[
            ("2020-02-01", Kind::Collected, 20_000_000),
            ("2025-10-01", Kind::Reduced, 15_000_000),
        ]);
        let t = case("2020-01-15", 80_000_000, &steps);
        let a = Table::shipped().assess(&t, day("2026-06-01")).unwrap();
        assert!(a.rule.is_none());
        assert!(a.reasons.contains(&Reason::OncePerYear {
            last: day("2025-10-01"),
            from: day("2026-10-01"),
            met: false
        }));
        // The verification of 1/4/2026 is older than 3 months on 2/7/2026:
        // the case qualifies, its file waits for a new verification; the
        // rule is the one in force on the day, unconfirmed after 1/7/2026.
        let t = case("2016-01-15", 1_500_000, &unable(&[]));
        let a = Table::shipped().assess(&t, day("2026-07-02")).unwrap();
        let rule = a.rule.unwrap();
        assert_eq!((rule.id.as_str(), rule.confirmed), ("a61-1-5y-2026", false));
        assert!(!a.file_ready);
        // Not a candidate: enforceable, or not of the state budget.
        let t = case("2016-01-15", 1_500_000, &[]);
        assert!(Table::shipped().assess(&t, day("2026-06-01")).is_none());
        let mut t = case("2016-01-15", 1_500_000, &unable(&[]));
        t.categories = Categories::of(&[]);
        assert!(Table::shipped().assess(&t, day("2026-06-01")).is_none());
    }
}
