//! The legal grounds of a decision to postpone, suspend or terminate
//! enforcement, as data: `rules/grounds.toml`, each ground of one event and
//! in force from one day to another.

use std::sync::LazyLock;

use crate::Day;
use crate::event::Kind;
use crate::rules_file::{self, RulesError};

/// A ground's code as the journal writes it (`l2014-a48-1-c`).
pub type GroundCode = String;

/// One ground: its code, the event it grounds, its law and its days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ground {
    /// The code the journal names it by.
    pub code: GroundCode,
    /// `postponed`, `suspended` or `terminated`.
    pub event: Kind,
    /// The law, article and clause, with what it says.
    pub law: String,
    /// The first day it is in force.
    pub effective_from: Day,
    /// The last, if it was replaced.
    pub effective_to: Option<Day>,
    /// Whether the clause was found in the law in force.
    pub confirmed: bool,
}

/// Why an event cannot name a ground.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadGround {
    /// No ground has that code.
    Unknown,
    /// The ground is of another event.
    OtherEvent(Kind),
    /// The ground is not in force on the event's day.
    NotInForce,
}

/// Every ground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grounds(Vec<Ground>);

static SHIPPED: LazyLock<Grounds> = LazyLock::new(|| {
    Grounds::from_toml(include_str!("../../../rules/grounds.toml"))
        .expect("the shipped grounds are read by a test")
});

impl Grounds {
    /// The grounds thads ships.
    pub fn shipped() -> &'static Grounds {
        &SHIPPED
    }

    /// The grounds of a file.
    pub fn from_toml(text: &str) -> Result<Grounds, RulesError> {
        const FILE: &str = "rules/grounds.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut grounds: Vec<Ground> = Vec::new();
        for entry in rules_file::entries(&document, FILE, "ground")? {
            let event = match entry.text("event")?.as_str() {
                "postponed" => Kind::Postponed,
                "suspended" => Kind::Suspended,
                "terminated" => Kind::Terminated,
                other => {
                    return Err(entry.error(format!(
                        "event “{other}” is not postponed, suspended or terminated"
                    )));
                }
            };
            let code = entry.text("code")?;
            if grounds.iter().any(|g| g.code == code) {
                return Err(entry.error(format!("code “{code}” is given twice")));
            }
            grounds.push(Ground {
                code,
                event,
                law: entry.text("law")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(Grounds(grounds))
    }

    /// Every ground.
    pub fn all(&self) -> &[Ground] {
        &self.0
    }

    /// The ground of `code`, if it may ground `event` on `day`.
    pub fn check(&self, code: &str, event: Kind, day: Day) -> Result<&Ground, BadGround> {
        let ground = self
            .0
            .iter()
            .find(|g| g.code == code)
            .ok_or(BadGround::Unknown)?;
        if ground.event != event {
            return Err(BadGround::OtherEvent(ground.event));
        }
        let in_force =
            ground.effective_from <= day && ground.effective_to.is_none_or(|to| day <= to);
        if !in_force {
            return Err(BadGround::NotInForce);
        }
        Ok(ground)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn a_ground_grounds_its_own_event_while_in_force() {
        let grounds = Grounds::shipped();
        let c = grounds
            .check("l2014-a48-1-c", Kind::Postponed, day("2025-03-01"))
            .unwrap();
        assert!(c.law.contains("48(1)(c)"));
        assert_eq!(
            grounds.check("l2014-a48-1-c", Kind::Terminated, day("2025-03-01")),
            Err(BadGround::OtherEvent(Kind::Postponed))
        );
        assert_eq!(
            grounds.check("l2014-a48-1-c", Kind::Postponed, day("2026-07-01")),
            Err(BadGround::NotInForce)
        );
        assert_eq!(
            grounds.check("48c", Kind::Postponed, day("2025-03-01")),
            Err(BadGround::Unknown)
        );
        // Each of the three events has a ground in each regime.
        for kind in [Kind::Postponed, Kind::Suspended, Kind::Terminated] {
            for on in ["2026-06-30", "2026-07-01"] {
                assert!(
                    grounds
                        .all()
                        .iter()
                        .any(|g| grounds.check(&g.code, kind, day(on)).is_ok()),
                    "{kind} {on}"
                );
            }
        }
    }

    #[test]
    fn a_code_given_twice_is_refused() {
        let entry = "[[ground]]\ncode = \"x\"\nevent = \"postponed\"\nlaw = \"y\"\neffective_from = \"2014-07-01\"\nconfirmed = true\n";
        let error = Grounds::from_toml(&entry.repeat(2)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "rules/grounds.toml, ground 2: code “x” is given twice"
        );
    }
}
