//! Money collected and not yet paid out, and what the law does with it
//! when nobody comes for it: paid within the payout's deadline, then
//! deposited (a savings deposit, or a Treasury account for a small sum),
//! then, years later, handed to the State budget. The figures come from
//! `[[unclaimed]]` of `rules/payouts.toml`, by the law in force on the
//! day the money was collected.

use crate::rules_file::{self, RulesError};
use crate::{Day, Vnd};

/// Where money held stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Within the payout's deadline.
    ToPay,
    /// Past the payout's deadline, not yet to be deposited.
    Overdue,
    /// Unclaimed past the rule's days: to be deposited.
    ToDeposit,
    /// Unclaimed for the rule's years: to be handed to the State budget.
    ToBudget,
}

impl Stage {
    /// Every stage, from the youngest money to the oldest.
    pub const ALL: [Stage; 4] = [
        Stage::ToPay,
        Stage::Overdue,
        Stage::ToDeposit,
        Stage::ToBudget,
    ];

    /// Its name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::ToPay => "to_pay",
            Stage::Overdue => "overdue",
            Stage::ToDeposit => "to_deposit",
            Stage::ToBudget => "to_budget",
        }
    }
}

/// Where unclaimed money is deposited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deposit {
    /// A savings deposit without term at a commercial bank.
    Savings,
    /// An account at the State Treasury or a commercial bank (a small sum).
    Treasury,
}

impl Deposit {
    /// Its name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            Deposit::Savings => "savings",
            Deposit::Treasury => "treasury",
        }
    }
}

/// One `[[unclaimed]]` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclaimedRule {
    /// Its name in the file.
    pub id: String,
    /// The articles.
    pub law: String,
    /// The days after the payout's deadline before the money is deposited.
    pub deposit_after_days: u32,
    /// Money of at most this goes to a Treasury account, not savings.
    pub treasury_up_to: Vnd,
    /// The years after which unclaimed money goes to the State budget.
    pub budget_after_years: u32,
    /// In force from this day…
    pub effective_from: Day,
    /// …to this one, if it ended.
    pub effective_to: Option<Day>,
    /// Whether its figures were read in the law's text.
    pub confirmed: bool,
}

/// Where money held on a day stands, and what is to be done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The stage.
    pub stage: Stage,
    /// The day it is to be deposited after, if unclaimed.
    pub deposit_after: Day,
    /// Where it is deposited.
    pub deposit: Deposit,
}

impl UnclaimedRule {
    /// Where `amount`, collected on `since` and owed to its payee by
    /// `pay_by`, stands at the end of `as_of`.
    pub fn standing(&self, amount: Vnd, since: Day, pay_by: Day, as_of: Day) -> Standing {
        let deposit_after = pay_by.plus_days(self.deposit_after_days as i32);
        let to_budget = since.plus_months(12 * self.budget_after_years as i32);
        let stage = if as_of >= to_budget {
            Stage::ToBudget
        } else if as_of > deposit_after {
            Stage::ToDeposit
        } else if as_of > pay_by {
            Stage::Overdue
        } else {
            Stage::ToPay
        };
        let deposit = if amount <= self.treasury_up_to {
            Deposit::Treasury
        } else {
            Deposit::Savings
        };
        Standing {
            stage,
            deposit_after,
            deposit,
        }
    }
}

/// The rules of `[[unclaimed]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclaimedRules(Vec<UnclaimedRule>);

impl UnclaimedRules {
    /// The rules as thads ships them.
    pub fn shipped() -> &'static UnclaimedRules {
        static SHIPPED: std::sync::OnceLock<UnclaimedRules> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            UnclaimedRules::from_rules(include_str!("../../../rules/payouts.toml"))
                .expect("the shipped rules are read by a test")
        })
    }

    /// The rules of a rules file.
    pub fn from_rules(text: &str) -> Result<UnclaimedRules, RulesError> {
        const FILE: &str = "rules/payouts.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "unclaimed")? {
            let count = |name: &str| {
                entry
                    .maybe_count(name)?
                    .ok_or_else(|| entry.error(format!("no count “{name}”")))
            };
            rules.push(UnclaimedRule {
                id: entry.text("id")?,
                law: entry.text("law")?,
                deposit_after_days: count("deposit_after_days")?,
                treasury_up_to: Vnd(i64::from(count("treasury_up_to")?)),
                budget_after_years: count("budget_after_years")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(UnclaimedRules(rules))
    }

    /// The rule in force first.
    pub fn oldest(&self) -> Option<&UnclaimedRule> {
        self.0.iter().min_by_key(|r| r.effective_from)
    }

    /// The rule in force on a day.
    pub fn in_force(&self, day: Day) -> Option<&UnclaimedRule> {
        self.0
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn money_held_goes_from_payee_to_deposit_to_the_budget() {
        let rules = UnclaimedRules::shipped();
        let old = rules.in_force(day("2026-03-02")).unwrap();
        let since = day("2026-03-02");
        let pay_by = day("2026-03-12");
        let at = |as_of: &str| old.standing(Vnd(5_000_000), since, pay_by, day(as_of));
        assert_eq!(at("2026-03-12").stage, Stage::ToPay);
        assert_eq!(at("2026-03-13").stage, Stage::Overdue);
        // Fifteen days after the deadline: 27 March.
        assert_eq!(at("2026-03-27").deposit_after, day("2026-03-27"));
        assert_eq!(at("2026-03-27").stage, Stage::Overdue);
        assert_eq!(at("2026-03-28").stage, Stage::ToDeposit);
        assert_eq!(at("2031-03-01").stage, Stage::ToDeposit);
        assert_eq!(at("2031-03-02").stage, Stage::ToBudget);
        // The 2014 law deposits every sum in savings.
        assert_eq!(at("2026-03-28").deposit, Deposit::Savings);
        // From July 2026, twice the minimum wage or less to the Treasury.
        let new = rules.in_force(day("2026-07-01")).unwrap();
        let deposit = |amount: i64| {
            new.standing(Vnd(amount), since, pay_by, day("2026-08-01"))
                .deposit
        };
        assert_eq!(deposit(10_620_000), Deposit::Treasury);
        assert_eq!(deposit(10_620_001), Deposit::Savings);
    }
}
