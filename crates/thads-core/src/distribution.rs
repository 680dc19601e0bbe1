//! Who receives what from money collected or an asset sold (Law on Civil
//! Judgment Enforcement 2008, amended 2014, Art. 47): enforcement costs
//! first; the secured creditor from its own collateral's proceeds; then
//! the creditors rank by rank, pro rata within a rank; any remainder to the
//! debtor. Money collected under a coercion decision goes first to the
//! creditors whose requests date up to the decision, rank by rank, and
//! only then to the others.
//!
//! Amounts are whole đồng. A rank that cannot be paid in full shares what
//! is left by the largest-remainder method, so that the parts sum exactly
//! to what is distributed and no creditor is paid more than owed.

use crate::Day;

/// The ranks of creditors, in the order they are paid (Art. 47(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// Maintenance; wages and labour pay; severance; compensation for life,
    /// health and mental harm.
    AlimonyWagesInjury,
    /// Court fees.
    CourtFees,
    /// Every other obligation.
    Other,
}

impl Rank {
    /// Every rank, in the order paid.
    pub const ALL: [Rank; 3] = [Rank::AlimonyWagesInjury, Rank::CourtFees, Rank::Other];

    /// The name in the journal and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::AlimonyWagesInjury => "alimony_wages_injury",
            Rank::CourtFees => "court_fees",
            Rank::Other => "other",
        }
    }

    /// The rank named `s`.
    pub fn parse(s: &str) -> Option<Rank> {
        Rank::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A creditor still owed something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The creditor's name, as the case's `creditors` say it.
    pub name: String,
    /// Its rank.
    pub rank: Rank,
    /// What it is still owed, in đồng.
    pub owed: i64,
    /// The day its request to enforce was made (for money collected under
    /// a coercion decision).
    pub requested: Day,
}

/// A creditor whose claim is secured by the asset sold (a mortgagee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secured {
    /// The mortgagee's name.
    pub name: String,
    /// The secured amount still owed.
    pub owed: i64,
}

/// What is distributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// Money collected, or the asset's price.
    pub proceeds: i64,
    /// The enforcement costs, paid first.
    pub costs: i64,
    /// The mortgagee of the asset sold, paid from its proceeds.
    pub secured: Option<Secured>,
    /// The day of the coercion decision the money was collected under.
    pub coercion: Option<Day>,
    /// The creditors still owed, in the order of the case's `creditors`.
    pub claims: Vec<Claim>,
}

/// Who a payment goes to, and in which capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payee {
    /// Enforcement costs.
    Costs,
    /// The mortgagee, from its collateral.
    Secured,
    /// A creditor of a rank.
    Creditor(Rank),
    /// What is left, back to the debtor.
    Debtor,
}

impl Payee {
    /// The name in the JSON's `rank`.
    pub fn as_str(self) -> &'static str {
        match self {
            Payee::Costs => "costs",
            Payee::Secured => "secured",
            Payee::Creditor(rank) => rank.as_str(),
            Payee::Debtor => "debtor",
        }
    }
}

/// One payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The creditor's or the mortgagee's name, or `costs`, or `debtor`.
    pub to: String,
    /// In which capacity.
    pub rank: Payee,
    /// How much, in đồng (more than zero).
    pub amount: i64,
}

/// Why a distribution cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistributionError {
    /// A negative amount given.
    #[error("{0} is negative")]
    Negative(&'static str),
}

/// Shares `available` (less than the claims' sum) between claims in
/// proportion to what each is owed, by the largest-remainder method:
/// each gets the whole part of its share, then the đồng left over go one
/// each to the largest fractional remainders (the earlier claim on a tie).
fn pro_rata(available: i64, owed: &[i64]) -> Vec<i64> {
    let total: i128 = owed.iter().map(|o| i128::from(*o)).sum();
    if total == 0 {
        return vec![0; owed.len()];
    }
    let available = i128::from(available);
    let mut parts: Vec<(i128, i128)> = owed
        .iter()
        .map(|o| {
            let exact = available * i128::from(*o);
            (exact / total, exact % total)
        })
        .collect();
    let given: i128 = parts.iter().map(|(whole, _)| whole).sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order.into_iter().take((available - given) as usize) {
        parts[i].0 += 1;
    }
    parts
        .into_iter()
        .map(|(whole, _)| i64::try_from(whole).expect("below what was available"))
        .collect()
}

impl Distribution {
    /// The payments, in the order of priority: costs, the mortgagee, each
    /// rank's creditors in the order given, the debtor. Only payments of
    /// more than zero are listed; they sum to the proceeds exactly.
    ///
    /// A mortgagee that is itself a creditor of the decision (a bank whose
    /// loan the judgment enforces) is paid from its collateral after the
    /// decision's court fees (Law 2014 Art. 47(3)), and what it receives
    /// so is taken off its claim; a mortgagee that is not a creditor is
    /// paid before every rank.
    pub fn payments(&self) -> Result<Vec<Payment>, DistributionError> {
        if self.proceeds < 0 {
            return Err(DistributionError::Negative("proceeds"));
        }
        if self.costs < 0 {
            return Err(DistributionError::Negative("costs"));
        }
        if self.claims.iter().any(|c| c.owed < 0)
            || self.secured.as_ref().is_some_and(|s| s.owed < 0)
        {
            return Err(DistributionError::Negative("owed"));
        }
        let mut paying = Paying {
            left: self.proceeds,
            payments: Vec::new(),
        };
        let mut claims = self.claims.clone();
        paying.pay("costs", Payee::Costs, self.costs);
        if let Some(secured) = &self.secured {
            let creditor = claims.iter().position(|c| c.name == secured.name);
            let owed = match creditor {
                Some(i) => {
                    let all: Vec<usize> = (0..claims.len()).collect();
                    paying.pay_rank(&mut claims, &all, Rank::CourtFees);
                    secured.owed.min(claims[i].owed)
                }
                None => secured.owed,
            };
            let paid = paying.pay(&secured.name, Payee::Secured, owed);
            if let Some(i) = creditor {
                claims[i].owed -= paid;
            }
        }
        // Under a coercion decision, those who asked by its day first.
        let groups: Vec<Vec<usize>> = match self.coercion {
            Some(day) => {
                let (first, later) = (0..claims.len()).partition(|i| claims[*i].requested <= day);
                vec![first, later]
            }
            None => vec![(0..claims.len()).collect()],
        };
        for group in &groups {
            for rank in Rank::ALL {
                paying.pay_rank(&mut claims, group, rank);
            }
        }
        let rest = paying.left;
        paying.pay("debtor", Payee::Debtor, rest);
        Ok(paying.payments)
    }
}

/// A distribution being paid: what is left, and the payments so far.
struct Paying {
    left: i64,
    payments: Vec<Payment>,
}

impl Paying {
    /// Pays `owed`, or what is left if less; returns what was paid.
    fn pay(&mut self, to: &str, rank: Payee, owed: i64) -> i64 {
        let amount = owed.min(self.left);
        if amount > 0 {
            self.payments.push(Payment {
                to: to.to_owned(),
                rank,
                amount,
            });
            self.left -= amount;
        }
        amount.max(0)
    }

    /// Pays the claims of a rank among `group` what they are owed, or
    /// shares what is left between them pro rata; takes it off their owed.
    fn pay_rank(&mut self, claims: &mut [Claim], group: &[usize], rank: Rank) {
        let of_rank: Vec<usize> = group
            .iter()
            .copied()
            .filter(|i| claims[*i].rank == rank)
            .collect();
        let owed: Vec<i64> = of_rank.iter().map(|i| claims[*i].owed).collect();
        // Summed wide: what many claims owe may pass i64.
        let due: i128 = owed.iter().map(|o| i128::from(*o)).sum();
        let shares = if due <= i128::from(self.left) {
            owed
        } else {
            pro_rata(self.left, &owed)
        };
        for (i, share) in of_rank.into_iter().zip(shares) {
            let paid = self.pay(&claims[i].name.clone(), Payee::Creditor(rank), share);
            claims[i].owed -= paid;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn claim(name: &str, rank: Rank, owed: i64, requested: &str) -> Claim {
        Claim {
            name: name.to_owned(),
            rank,
            owed,
            requested: day(requested),
        }
    }

    fn paid(payments: &[Payment]) -> Vec<(&str, &str, i64)> {
        payments
            .iter()
            .map(|p| (p.to.as_str(), p.rank.as_str(), p.amount))
            .collect()
    }

    #[test]
    fn a_mortgagee_that_is_the_creditor_comes_after_the_court_fees_and_is_paid_once() {
        // Law 2014 Art. 47(3): the bank whose loan the judgment enforces
        // is paid from its collateral after the judgment's court fees and
        // the costs; what it receives so comes off its claim.
        let distribution = Distribution {
            proceeds: 1_000_000_000,
            costs: 20_000_000,
            secured: Some(Secured {
                name: "Ngân hàng A".into(),
                owed: 700_000_000,
            }),
            coercion: None,
            claims: vec![
                claim("Ngân hàng A", Rank::Other, 900_000_000, "2025-01-02"),
                claim("Chi cục thuế", Rank::CourtFees, 5_000_000, "2025-01-02"),
                claim("Cháu C", Rank::AlimonyWagesInjury, 60_000_000, "2025-03-01"),
            ],
        };
        assert_eq!(
            paid(&distribution.payments().unwrap()),
            [
                ("costs", "costs", 20_000_000),
                ("Chi cục thuế", "court_fees", 5_000_000),
                ("Ngân hàng A", "secured", 700_000_000),
                ("Cháu C", "alimony_wages_injury", 60_000_000),
                ("Ngân hàng A", "other", 200_000_000),
                ("debtor", "debtor", 15_000_000),
            ]
        );
    }

    #[test]
    fn costs_then_the_mortgagee_then_the_ranks_then_the_debtor() {
        let distribution = Distribution {
            proceeds: 1_000_000_000,
            costs: 20_000_000,
            secured: Some(Secured {
                name: "Ngân hàng A".into(),
                owed: 700_000_000,
            }),
            coercion: None,
            claims: vec![
                claim("Bà B", Rank::Other, 100_000_000, "2025-01-02"),
                claim("Chi cục thuế", Rank::CourtFees, 5_000_000, "2025-01-02"),
                claim("Cháu C", Rank::AlimonyWagesInjury, 60_000_000, "2025-03-01"),
            ],
        };
        assert_eq!(
            paid(&distribution.payments().unwrap()),
            [
                ("costs", "costs", 20_000_000),
                ("Ngân hàng A", "secured", 700_000_000),
                ("Cháu C", "alimony_wages_injury", 60_000_000),
                ("Chi cục thuế", "court_fees", 5_000_000),
                ("Bà B", "other", 100_000_000),
                ("debtor", "debtor", 115_000_000),
            ]
        );
    }

    #[test]
    fn a_rank_not_paid_in_full_shares_by_the_largest_remainder() {
        // 100 đồng for three creditors owed 1, 1 and 1: 34, 33, 33.
        let distribution = Distribution {
            proceeds: 100,
            costs: 0,
            secured: None,
            coercion: None,
            claims: ["A", "B", "C"]
                .map(|n| claim(n, Rank::Other, 1_000, "2025-01-01"))
                .to_vec(),
        };
        assert_eq!(
            paid(&distribution.payments().unwrap()),
            [("A", "other", 34), ("B", "other", 33), ("C", "other", 33)]
        );
        // 10 đồng for owed 5 and 15: exactly 2.5 and 7.5, the tie to the
        // earlier: 3 and 7.
        let distribution = Distribution {
            proceeds: 10,
            claims: vec![
                claim("A", Rank::Other, 5, "2025-01-01"),
                claim("B", Rank::Other, 15, "2025-01-01"),
            ],
            ..distribution
        };
        assert_eq!(
            paid(&distribution.payments().unwrap()),
            [("A", "other", 3), ("B", "other", 7)]
        );
    }

    #[test]
    fn under_a_coercion_those_who_asked_by_its_day_come_first() {
        let distribution = Distribution {
            proceeds: 150,
            costs: 0,
            secured: None,
            coercion: Some(day("2025-06-01")),
            claims: vec![
                claim(
                    "Late, first rank",
                    Rank::AlimonyWagesInjury,
                    100,
                    "2025-07-01",
                ),
                claim("Early, other", Rank::Other, 100, "2025-05-01"),
            ],
        };
        assert_eq!(
            paid(&distribution.payments().unwrap()),
            [
                ("Early, other", "other", 100),
                ("Late, first rank", "alimony_wages_injury", 50),
            ]
        );
    }

    proptest! {
        /// Whatever the claims, the payments sum to the proceeds, none is
        /// more than owed, and a rank is paid only once the ranks before it
        /// are paid in full.
        #[test]
        fn the_payments_sum_to_the_proceeds_and_follow_the_ranks(
            proceeds in 0i64..10_000_000_000,
            costs in 0i64..100_000_000,
            owed in prop::collection::vec((0usize..3, 0i64..5_000_000_000), 0..40),
        ) {
            let claims: Vec<Claim> = owed
                .iter()
                .enumerate()
                .map(|(i, (rank, owed))| claim(&format!("C{i}"), Rank::ALL[*rank], *owed, "2025-01-01"))
                .collect();
            let distribution = Distribution { proceeds, costs, secured: None, coercion: None, claims: claims.clone() };
            let payments = distribution.payments().unwrap();
            prop_assert_eq!(payments.iter().map(|p| p.amount).sum::<i64>(), proceeds);
            let mut short = None;
            for rank in Rank::ALL {
                let of_rank: Vec<&Claim> = claims.iter().filter(|c| c.rank == rank).collect();
                let got: i64 = payments.iter().filter(|p| p.rank == Payee::Creditor(rank)).map(|p| p.amount).sum();
                let owed: i64 = of_rank.iter().map(|c| c.owed).sum();
                prop_assert!(got <= owed);
                if short.is_some() {
                    prop_assert_eq!(got, 0, "a rank paid before the one above it is whole");
                }
                if got < owed {
                    short = Some(rank);
                }
                for c in of_rank {
                    let to_it: i64 = payments.iter().filter(|p| p.to == c.name).map(|p| p.amount).sum();
                    prop_assert!(to_it <= c.owed);
                }
            }
            let to_debtor: i64 = payments.iter().filter(|p| p.rank == Payee::Debtor).map(|p| p.amount).sum();
            prop_assert!(to_debtor == 0 || short.is_none());
        }
    }
}
