//! Case events after acceptance, and the case state as a fold over them.

use std::fmt;

use crate::text::Text;
use crate::{AgencyCode, Day, Vnd};

/// Something that happened to an open case (every event type of the journal
/// but `accepted`, which opens the case and is an [`crate::Acceptance`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Quyết định về việc chưa có điều kiện thi hành.
    Unable {
        /// Why, if recorded.
        reason: Option<String>,
    },
    /// Có điều kiện thi hành trở lại.
    Able,
    /// Thu được tiền, tài sản.
    Collected(Vnd),
    /// Miễn, giảm nghĩa vụ thi hành án.
    Reduced(Vnd),
    /// Hoãn thi hành án.
    Postponed,
    /// Tạm đình chỉ thi hành án.
    Suspended,
    /// Tiếp tục thi hành án.
    Resumed,
    /// Thi hành xong.
    Completed,
    /// Đình chỉ thi hành án.
    Terminated {
        /// Why, if recorded.
        reason: Option<String>,
    },
    /// Ủy thác thi hành án to another agency.
    Entrusted {
        /// The receiving agency.
        to: AgencyCode,
    },
}

/// The kind of an event, without its details: what the fold and the ledger need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Kind {
    /// See [`Event::Unable`].
    Unable = 1,
    /// See [`Event::Able`].
    Able = 2,
    /// See [`Event::Collected`].
    Collected = 3,
    /// See [`Event::Reduced`].
    Reduced = 4,
    /// See [`Event::Postponed`].
    Postponed = 5,
    /// See [`Event::Suspended`].
    Suspended = 6,
    /// See [`Event::Resumed`].
    Resumed = 7,
    /// See [`Event::Completed`].
    Completed = 8,
    /// See [`Event::Terminated`].
    Terminated = 9,
    /// See [`Event::Entrusted`].
    Entrusted = 10,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 10] = [
        Kind::Unable,
        Kind::Able,
        Kind::Collected,
        Kind::Reduced,
        Kind::Postponed,
        Kind::Suspended,
        Kind::Resumed,
        Kind::Completed,
        Kind::Terminated,
        Kind::Entrusted,
    ];

    /// The journal's `type` for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Unable => "unable",
            Kind::Able => "able",
            Kind::Collected => "collected",
            Kind::Reduced => "reduced",
            Kind::Postponed => "postponed",
            Kind::Suspended => "suspended",
            Kind::Resumed => "resumed",
            Kind::Completed => "completed",
            Kind::Terminated => "terminated",
            Kind::Entrusted => "entrusted",
        }
    }

    /// The kind from its journal `type`.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind from its compact number, as the ledger stores it.
    pub fn from_u8(n: u8) -> Option<Kind> {
        Kind::ALL.get(usize::from(n).wrapping_sub(1)).copied()
    }

    /// Whether the event closes the case.
    pub fn closes(self) -> bool {
        matches!(self, Kind::Completed | Kind::Terminated | Kind::Entrusted)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Event {
    /// The kind of the event.
    pub fn kind(&self) -> Kind {
        match self {
            Event::Unable { .. } => Kind::Unable,
            Event::Able => Kind::Able,
            Event::Collected(_) => Kind::Collected,
            Event::Reduced(_) => Kind::Reduced,
            Event::Postponed => Kind::Postponed,
            Event::Suspended => Kind::Suspended,
            Event::Resumed => Kind::Resumed,
            Event::Completed => Kind::Completed,
            Event::Terminated { .. } => Kind::Terminated,
            Event::Entrusted { .. } => Kind::Entrusted,
        }
    }

    /// The event of `kind` with its details: the amount of a collection or
    /// a reduction, the reason of `unable` or `terminated` (if any), the
    /// receiving agency of `entrusted`. Details the kind has no use for are
    /// dropped; one it needs and lacks is named.
    pub fn from_parts(kind: Kind, parts: EventParts) -> Result<Event, MissingPart> {
        let amount = || parts.amount.ok_or(MissingPart::Amount);
        Ok(match kind {
            Kind::Unable => Event::Unable {
                reason: parts.reason,
            },
            Kind::Able => Event::Able,
            Kind::Collected => Event::Collected(amount()?),
            Kind::Reduced => Event::Reduced(amount()?),
            Kind::Postponed => Event::Postponed,
            Kind::Suspended => Event::Suspended,
            Kind::Resumed => Event::Resumed,
            Kind::Completed => Event::Completed,
            Kind::Terminated => Event::Terminated {
                reason: parts.reason,
            },
            Kind::Entrusted => Event::Entrusted {
                to: parts.to.ok_or(MissingPart::To)?,
            },
        })
    }

    /// The money the event moves (collected or reduced), zero for the others.
    pub fn amount(&self) -> Vnd {
        match self {
            Event::Collected(a) | Event::Reduced(a) => *a,
            _ => Vnd::ZERO,
        }
    }
}

/// The details of an event, as a journal line, a form or a stored row holds
/// them (see [`Event::from_parts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventParts {
    /// The amount moved.
    pub amount: Option<Vnd>,
    /// Why.
    pub reason: Option<String>,
    /// The receiving agency.
    pub to: Option<AgencyCode>,
}

/// A detail an event's kind needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingPart {
    /// The amount of a collection or a reduction.
    Amount,
    /// The receiving agency of an entrustment.
    To,
}

impl MissingPart {
    /// The journal's name of the field.
    pub fn field(self) -> &'static str {
        match self {
            MissingPart::Amount => "amount",
            MissingPart::To => "to",
        }
    }
}

/// Why an open case is on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    /// Hoãn.
    Postponed,
    /// Tạm đình chỉ.
    Suspended,
}

/// The state of a case after some of its events: the fold of the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    /// Money still owed: the accepted amount less every collection and reduction.
    pub owed: Vnd,
    /// Có điều kiện thi hành.
    pub enforceable: bool,
    /// Postponed or suspended, if so.
    pub pause: Option<Pause>,
    /// How and when the case was closed, if it was.
    pub closed: Option<(Kind, Day)>,
    /// The date of the latest event.
    pub last_on: Day,
}

/// An event that the journal's rules do not allow at this point of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// Events of a case must be in date order.
    OutOfOrder {
        /// The event.
        kind: Kind,
        /// Its date.
        on: Day,
        /// The date of the event before it.
        previous: Day,
    },
    /// Nothing may follow a closing event.
    AfterClose {
        /// The event.
        kind: Kind,
        /// Its date.
        on: Day,
        /// How the case was closed.
        closed: Kind,
        /// When.
        closed_on: Day,
    },
    /// `unable` needs an enforceable case.
    AlreadyUnable,
    /// `able` needs a case that is not enforceable.
    AlreadyAble,
    /// Money events move at least 1 đồng.
    NoAmount {
        /// Collected or reduced.
        kind: Kind,
        /// The amount given.
        amount: Vnd,
    },
    /// Money events cannot exceed what is still owed.
    MoreThanOwed {
        /// Collected or reduced.
        kind: Kind,
        /// The amount given.
        amount: Vnd,
        /// What is still owed.
        owed: Vnd,
    },
    /// Postponing or suspending needs a case that is not on hold already.
    AlreadyPaused {
        /// Postponed or suspended.
        kind: Kind,
        /// The hold in force.
        pause: Pause,
    },
    /// Resuming needs a case on hold.
    NotPaused,
    /// Completing needs nothing still owed.
    StillOwed {
        /// What is still owed.
        owed: Vnd,
    },
}

impl From<Pause> for Text {
    fn from(pause: Pause) -> Text {
        Text::new(match pause {
            Pause::Postponed => "pause-postponed",
            Pause::Suspended => "pause-suspended",
        })
    }
}

impl From<&RuleError> for Text {
    fn from(e: &RuleError) -> Text {
        match *e {
            RuleError::OutOfOrder { kind, on, previous } => Text::new("rule-out-of-order")
                .with("kind", Text::from(kind))
                .with("on", on)
                .with("previous", previous),
            RuleError::AfterClose {
                kind,
                on,
                closed,
                closed_on,
            } => Text::new("rule-after-close")
                .with("kind", Text::from(kind))
                .with("on", on)
                .with("closed", Text::from(closed))
                .with("closed_on", closed_on),
            RuleError::AlreadyUnable => Text::new("rule-already-unable"),
            RuleError::AlreadyAble => Text::new("rule-already-able"),
            RuleError::NoAmount { kind, amount } => Text::new("rule-no-amount")
                .with("kind", Text::from(kind))
                .with("amount", amount),
            RuleError::MoreThanOwed { kind, amount, owed } => Text::new("rule-more-than-owed")
                .with("kind", Text::from(kind))
                .with("amount", amount)
                .with("owed", owed),
            RuleError::AlreadyPaused { kind, pause } => Text::new("rule-already-paused")
                .with("kind", Text::from(kind))
                .with("pause", Text::from(pause)),
            RuleError::NotPaused => Text::new("rule-not-paused"),
            RuleError::StillOwed { owed } => Text::new("rule-still-owed").with("owed", owed),
        }
    }
}

crate::said_in_english!(RuleError);

impl CaseState {
    /// A case just accepted: enforceable, owing its full amount.
    pub fn accepted(on: Day, amount: Vnd) -> CaseState {
        CaseState {
            owed: amount,
            enforceable: true,
            pause: None,
            closed: None,
            last_on: on,
        }
    }

    /// Applies one event, or says which rule it breaks (leaving the state as it was).
    pub fn apply(&mut self, on: Day, kind: Kind, amount: Vnd) -> Result<(), RuleError> {
        if let Some((closed, closed_on)) = self.closed {
            return Err(RuleError::AfterClose {
                kind,
                on,
                closed,
                closed_on,
            });
        }
        if on < self.last_on {
            return Err(RuleError::OutOfOrder {
                kind,
                on,
                previous: self.last_on,
            });
        }
        match kind {
            Kind::Unable if !self.enforceable => return Err(RuleError::AlreadyUnable),
            Kind::Unable => self.enforceable = false,
            Kind::Able if self.enforceable => return Err(RuleError::AlreadyAble),
            Kind::Able => self.enforceable = true,
            Kind::Collected | Kind::Reduced => {
                if amount.0 < 1 {
                    return Err(RuleError::NoAmount { kind, amount });
                }
                if amount > self.owed {
                    return Err(RuleError::MoreThanOwed {
                        kind,
                        amount,
                        owed: self.owed,
                    });
                }
                self.owed.0 -= amount.0;
            }
            Kind::Postponed | Kind::Suspended => {
                if let Some(pause) = self.pause {
                    return Err(RuleError::AlreadyPaused { kind, pause });
                }
                self.pause = Some(if kind == Kind::Postponed {
                    Pause::Postponed
                } else {
                    Pause::Suspended
                });
            }
            Kind::Resumed if self.pause.is_none() => return Err(RuleError::NotPaused),
            Kind::Resumed => self.pause = None,
            Kind::Completed if self.owed.0 != 0 => {
                return Err(RuleError::StillOwed { owed: self.owed });
            }
            Kind::Completed | Kind::Terminated | Kind::Entrusted => self.closed = Some((kind, on)),
        }
        self.last_on = on;
        Ok(())
    }

    /// The kinds of event the rules allow next (on the date of the latest
    /// event or later): what the fold itself accepts, money events for at
    /// least 1 đ.
    pub fn allowed(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|kind| {
                let mut next = *self;
                next.apply(self.last_on, *kind, Vnd(1)).is_ok()
            })
            .collect()
    }

    /// Where the case stands.
    pub fn status(&self) -> Status {
        match (self.closed, self.pause) {
            (Some((Kind::Completed, _)), _) => Status::Completed,
            (Some((Kind::Entrusted, _)), _) => Status::Entrusted,
            (Some(_), _) => Status::Terminated,
            (None, Some(Pause::Postponed)) => Status::Postponed,
            (None, Some(Pause::Suspended)) => Status::Suspended,
            (None, None) if !self.enforceable => Status::Unable,
            (None, None) => Status::Enforcing,
        }
    }
}

/// Where a case stands, as lists and filters name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Open, enforceable and not on hold: đang thi hành.
    Enforcing,
    /// Open but not enforceable: chưa có điều kiện thi hành.
    Unable,
    /// Open and postponed: hoãn.
    Postponed,
    /// Open and suspended: tạm đình chỉ.
    Suspended,
    /// Closed, fully enforced: thi hành xong.
    Completed,
    /// Closed by termination: đình chỉ.
    Terminated,
    /// Closed by entrusting it to another agency: ủy thác.
    Entrusted,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 7] = [
        Status::Enforcing,
        Status::Unable,
        Status::Postponed,
        Status::Suspended,
        Status::Completed,
        Status::Terminated,
        Status::Entrusted,
    ];

    /// A stable name, for URLs and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Enforcing => "enforcing",
            Status::Unable => "unable",
            Status::Postponed => "postponed",
            Status::Suspended => "suspended",
            Status::Completed => "completed",
            Status::Terminated => "terminated",
            Status::Entrusted => "entrusted",
        }
    }

    /// The status from its name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the case is still open.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Status::Completed | Status::Terminated | Status::Entrusted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// Folds `(date, kind, amount)` steps over a case of 100 đ accepted on 2025-01-01.
    fn fold(steps: &[(&str, Kind, i64)]) -> Result<CaseState, RuleError> {
        let mut state = CaseState::accepted(day("2025-01-01"), Vnd(100));
        for (on, kind, amount) in steps {
            state.apply(day(on), *kind, Vnd(*amount))?;
        }
        Ok(state)
    }

    #[test]
    fn allows_what_the_fold_accepts() {
        use Kind::*;
        let check = |steps: &[(&str, Kind, i64)], allowed: &[Kind], status: Status| {
            let state = fold(steps).unwrap();
            assert_eq!(state.allowed(), allowed, "{steps:?}");
            assert_eq!(state.status(), status, "{steps:?}");
        };
        let open = [
            Unable, Collected, Reduced, Postponed, Suspended, Terminated, Entrusted,
        ];
        check(&[], &open, Status::Enforcing);
        check(
            &[("2025-01-02", Unable, 0)],
            &[
                Able, Collected, Reduced, Postponed, Suspended, Terminated, Entrusted,
            ],
            Status::Unable,
        );
        check(
            &[("2025-01-02", Suspended, 0)],
            &[Unable, Collected, Reduced, Resumed, Terminated, Entrusted],
            Status::Suspended,
        );
        check(
            &[("2025-01-02", Collected, 100)],
            &[
                Unable, Postponed, Suspended, Completed, Terminated, Entrusted,
            ],
            Status::Enforcing,
        );
        check(
            &[("2025-01-02", Collected, 100), ("2025-01-03", Completed, 0)],
            &[],
            Status::Completed,
        );
        check(&[("2025-01-02", Entrusted, 0)], &[], Status::Entrusted);
    }

    #[test]
    fn folds_money_enforceability_and_holds() {
        let s = fold(&[
            ("2025-01-02", Kind::Collected, 30),
            ("2025-01-03", Kind::Unable, 0),
            ("2025-01-03", Kind::Postponed, 0),
            ("2025-01-04", Kind::Reduced, 20),
        ])
        .unwrap();
        assert_eq!(
            (s.owed, s.enforceable, s.pause, s.closed),
            (Vnd(50), false, Some(Pause::Postponed), None)
        );
        let s = fold(&[
            ("2025-01-02", Kind::Collected, 100),
            ("2025-02-01", Kind::Completed, 0),
        ])
        .unwrap();
        assert_eq!(s.closed, Some((Kind::Completed, day("2025-02-01"))));
    }

    #[test]
    fn every_rule_is_enforced() {
        let check = |steps: &[(&str, Kind, i64)], message: &str| {
            assert_eq!(fold(steps).unwrap_err().to_string(), message);
        };
        check(
            &[("2024-12-31", Kind::Able, 0)],
            "“Enforceable again” is dated 2024-12-31, before the case's previous event (2025-01-01)",
        );
        check(
            &[("2025-01-02", Kind::Able, 0)],
            "able, but the case is already enforceable",
        );
        check(
            &[
                ("2025-01-02", Kind::Unable, 0),
                ("2025-01-02", Kind::Unable, 0),
            ],
            "unable, but the case is already not enforceable",
        );
        check(
            &[("2025-01-02", Kind::Collected, 0)],
            "“Money or assets collected” of 0 đ: the amount must be at least 1 đ",
        );
        check(
            &[("2025-01-02", Kind::Reduced, 101)],
            "“Obligation reduced or waived” of 101 đ, but only 100 đ is still owed",
        );
        check(
            &[
                ("2025-01-02", Kind::Suspended, 0),
                ("2025-01-02", Kind::Postponed, 0),
            ],
            "“Enforcement postponed”, but the case is already suspended",
        );
        check(
            &[("2025-01-02", Kind::Resumed, 0)],
            "resumed, but the case is neither postponed nor suspended",
        );
        check(
            &[("2025-01-02", Kind::Completed, 0)],
            "completed, but 100 đ is still owed (record the collection or reduction first)",
        );
        check(
            &[
                ("2025-01-02", Kind::Terminated, 0),
                ("2025-01-03", Kind::Collected, 1),
            ],
            "“Money or assets collected” on 2025-01-03, but the case was already closed (“Enforcement terminated” on 2025-01-02)",
        );
    }

    #[test]
    fn a_rejected_event_leaves_the_state_unchanged() {
        let mut state = CaseState::accepted(day("2025-01-01"), Vnd(100));
        let before = state;
        assert!(
            state
                .apply(day("2025-01-02"), Kind::Collected, Vnd(101))
                .is_err()
        );
        assert_eq!(state, before);
    }
}
