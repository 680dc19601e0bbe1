//! The period report of `statistics.md`: results in cases and in money.

use std::fmt;

/// The base figures of one form (cases or money), as summed over cases.
/// Every other line of the form is derived from these.
///
/// Figures are `i128`: a case holds at most [`Vnd::CEILING`] (10^15 đồng)
/// and a ledger at most 2^32 cases, so no sum of them comes near
/// `i128::MAX` (1.7 × 10^38), while an `i64` would wrap after 9,224 cases
/// at the ceiling.
///
/// [`Vnd::CEILING`]: crate::Vnd::CEILING
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Năm trước chuyển sang.
    pub carried_in: i128,
    /// Thụ lý mới.
    pub new: i128,
    /// Ủy thác.
    pub entrusted_out: i128,
    /// Thi hành xong (cases completed; money collected in the period).
    pub completed: i128,
    /// Đình chỉ thi hành án.
    pub terminated: i128,
    /// Giảm thi hành án (money only; zero in the cases form).
    pub reduced: i128,
    /// Đang thi hành.
    pub in_progress: i128,
    /// Hoãn thi hành án.
    pub postponed: i128,
    /// Tạm đình chỉ thi hành án.
    pub suspended: i128,
    /// Chưa có điều kiện thi hành.
    pub not_enforceable: i128,
    /// Gửi lại yêu cầu thi hành án (format version 2): cases that left the
    /// agency's count as an entrustment does, and what they still owed.
    pub returned: i128,
    /// Of `not_enforceable`, those in the separate tracking register at
    /// the period's end (a memo line, format version 2).
    pub registered_apart: i128,
}

impl Tally {
    /// Adds another tally to this one.
    pub fn add(&mut self, other: &Tally) {
        self.carried_in += other.carried_in;
        self.new += other.new;
        self.entrusted_out += other.entrusted_out;
        self.completed += other.completed;
        self.terminated += other.terminated;
        self.reduced += other.reduced;
        self.in_progress += other.in_progress;
        self.postponed += other.postponed;
        self.suspended += other.suspended;
        self.not_enforceable += other.not_enforceable;
        self.returned += other.returned;
        self.registered_apart += other.registered_apart;
    }

    /// The value of a line of the form.
    pub fn line(&self, line: Line) -> i128 {
        match line {
            Line::Total => self.carried_in + self.new,
            Line::CarriedIn => self.carried_in,
            Line::New => self.new,
            Line::EntrustedOut => self.entrusted_out,
            Line::ToEnforce => self.line(Line::Total) - self.entrusted_out - self.returned,
            Line::Enforceable => self.line(Line::ToEnforce) - self.not_enforceable,
            Line::Completed => self.completed,
            Line::Terminated => self.terminated,
            Line::Reduced => self.reduced,
            Line::InProgress => self.in_progress,
            Line::Postponed => self.postponed,
            Line::Suspended => self.suspended,
            Line::NotEnforceable => self.not_enforceable,
            Line::CarriedOut => {
                self.line(Line::ToEnforce) - self.completed - self.reduced - self.terminated
            }
        }
    }

    /// Tỷ lệ thi hành xong: (completed + reduced + terminated) / enforceable;
    /// `None` when nothing is enforceable.
    pub fn rate(&self) -> Option<Rate> {
        Rate::of(
            self.completed + self.reduced + self.terminated,
            self.line(Line::Enforceable),
        )
    }
}

/// A line of the two forms (the rate, line 15, is [`Tally::rate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Line {
    /// 1. Tổng số thụ lý.
    Total,
    /// 2. Năm trước chuyển sang.
    CarriedIn,
    /// 3. Thụ lý mới.
    New,
    /// 4. Ủy thác.
    EntrustedOut,
    /// 5. Tổng số phải thi hành.
    ToEnforce,
    /// 6. Có điều kiện thi hành.
    Enforceable,
    /// 7. Thi hành xong.
    Completed,
    /// 8. Đình chỉ thi hành án.
    Terminated,
    /// 9. Giảm thi hành án (money only).
    Reduced,
    /// 10. Đang thi hành.
    InProgress,
    /// 11. Hoãn thi hành án.
    Postponed,
    /// 12. Tạm đình chỉ thi hành án.
    Suspended,
    /// 13. Chưa có điều kiện thi hành.
    NotEnforceable,
    /// 14. Chuyển kỳ sau.
    CarriedOut,
}

impl Line {
    /// Every line, in the order of the forms.
    pub const ALL: [Line; 14] = [
        Line::Total,
        Line::CarriedIn,
        Line::New,
        Line::EntrustedOut,
        Line::ToEnforce,
        Line::Enforceable,
        Line::Completed,
        Line::Terminated,
        Line::Reduced,
        Line::InProgress,
        Line::Postponed,
        Line::Suspended,
        Line::NotEnforceable,
        Line::CarriedOut,
    ];

    /// The lines of the cases form (all but `reduced`).
    pub fn of_cases() -> impl Iterator<Item = Line> {
        Line::ALL.into_iter().filter(|l| *l != Line::Reduced)
    }

    /// The line's number on the official form.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Line::Total => "total",
            Line::CarriedIn => "carried_in",
            Line::New => "new",
            Line::EntrustedOut => "entrusted_out",
            Line::ToEnforce => "to_enforce",
            Line::Enforceable => "enforceable",
            Line::Completed => "completed",
            Line::Terminated => "terminated",
            Line::Reduced => "reduced",
            Line::InProgress => "in_progress",
            Line::Postponed => "postponed",
            Line::Suspended => "suspended",
            Line::NotEnforceable => "not_enforceable",
            Line::CarriedOut => "carried_out",
        }
    }
}

/// A percentage with two decimals, held as an integer number of hundredths
/// (basis points): 84.41 % is `Rate(8441)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub u32);

impl Rate {
    /// `part / whole` as a percentage rounded half-up to two decimals, in
    /// integer arithmetic; `None` when `whole` is 0.
    pub fn of(part: i128, whole: i128) -> Option<Rate> {
        if whole <= 0 {
            return None;
        }
        let part = part.max(0);
        let hundredths = (part * 20_000 + whole) / (2 * whole);
        Some(Rate(
            u32::try_from(hundredths).expect("a part never exceeds its whole by that much"),
        ))
    }
}

/// `84.41`, `50.00`.
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The two forms for one scope and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    /// Results in cases (counts).
    pub cases: Tally,
    /// Results in money (đồng).
    pub money: Tally,
}

/// A part's share of what is still to enforce at a report's end (line
/// 14, carried out): of a category within the whole, in cases and money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    /// The part's cases carried out.
    pub cases: i128,
    /// The part's money carried out.
    pub money: i128,
    /// Its share of the whole's cases, `None` if the whole carries none.
    pub cases_share: Option<Rate>,
    /// Its share of the whole's money.
    pub money_share: Option<Rate>,
}

impl Share {
    /// `part`'s share of `whole`, both reports of the same period and scope.
    pub fn of(part: &Report, whole: &Report) -> Share {
        let (cases, money) = (
            part.cases.line(Line::CarriedOut),
            part.money.line(Line::CarriedOut),
        );
        Share {
            cases,
            money,
            cases_share: Rate::of(cases, whole.cases.line(Line::CarriedOut)),
            money_share: Rate::of(money, whole.money.line(Line::CarriedOut)),
        }
    }
}

impl Report {
    /// Adds another report to this one.
    pub fn add(&mut self, other: &Report) {
        self.cases.add(&other.cases);
        self.money.add(&other.money);
    }

    /// The identities of `statistics.md` that do not hold (none, for a
    /// correct report): tests check them on every report they compute.
    pub fn broken_identities(&self) -> Vec<String> {
        let mut broken = Vec::new();
        for (form, t) in [("cases", &self.cases), ("money", &self.money)] {
            let enforceable = t.line(Line::Enforceable);
            let parts =
                t.completed + t.reduced + t.terminated + t.in_progress + t.postponed + t.suspended;
            if enforceable != parts {
                broken.push(format!("{form}: enforceable {enforceable} ≠ completed + reduced + terminated + open {parts}"));
            }
            let carried_out = t.line(Line::CarriedOut);
            let open = t.in_progress + t.postponed + t.suspended + t.not_enforceable;
            if carried_out != open {
                broken.push(format!("{form}: carried_out {carried_out} ≠ in_progress + postponed + suspended + not_enforceable {open}"));
            }
            if Line::ALL.iter().any(|l| t.line(*l) < 0) {
                broken.push(format!("{form}: a line is negative"));
            }
        }
        // Money: what the cases bring into the period is what leaves it.
        let m = &self.money;
        let brought = m.carried_in + m.new;
        let left = m.completed
            + m.reduced
            + m.entrusted_out
            + m.returned
            + m.terminated
            + m.in_progress
            + m.postponed
            + m.suspended
            + m.not_enforceable;
        if brought != left {
            broken.push(format!(
                "money: {brought} brought in ≠ {left} collected, reduced, closed or still owed"
            ));
        }
        for (form, t) in [("cases", &self.cases), ("money", &self.money)] {
            if t.registered_apart > t.not_enforceable {
                broken.push(format!(
                    "{form}: registered_apart {} > not_enforceable {}",
                    t.registered_apart, t.not_enforceable
                ));
            }
        }
        if self.cases.reduced != 0 {
            broken.push("cases: reduced is a money-only line".to_owned());
        }
        broken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_in_integers() {
        let check = |part: i128, whole: i128, expected: Option<&str>| {
            assert_eq!(
                Rate::of(part, whole).map(|r| r.to_string()).as_deref(),
                expected,
                "{part}/{whole}"
            );
        };
        check(1, 2, Some("50.00"));
        check(75, 90, Some("83.33"));
        check(84_405, 100_000, Some("84.41"));
        check(84_404, 100_000, Some("84.40"));
        check(2, 3, Some("66.67"));
        check(0, 5, Some("0.00"));
        check(5, 5, Some("100.00"));
        check(3, 0, None);
        check(
            686_000_000_000_000_000,
            686_000_000_000_000_001,
            Some("100.00"),
        );
    }

    #[test]
    fn the_worked_example_lines_derive_from_the_tally() {
        let cases = Tally {
            carried_in: 1,
            new: 2,
            completed: 1,
            postponed: 1,
            not_enforceable: 1,
            ..Tally::default()
        };
        let money = Tally {
            carried_in: 70_000_000,
            new: 70_000_000,
            completed: 75_000_000,
            postponed: 15_000_000,
            not_enforceable: 50_000_000,
            ..Tally::default()
        };
        assert_eq!(
            [
                Line::Total,
                Line::ToEnforce,
                Line::Enforceable,
                Line::CarriedOut
            ]
            .map(|l| cases.line(l)),
            [3, 3, 2, 2]
        );
        assert_eq!(money.line(Line::Enforceable), 90_000_000);
        assert_eq!(money.line(Line::CarriedOut), 65_000_000);
        assert_eq!(
            (cases.rate(), money.rate()),
            (Some(Rate(5000)), Some(Rate(8333)))
        );
        assert!(Report { cases, money }.broken_identities().is_empty());
    }
}
