//! Case events after acceptance, and the case state as a fold over them.

use std::fmt;

use crate::executor::ExecutorCode;
use crate::grounds::GroundCode;
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
        /// The legal ground, if recorded (format version 2).
        ground: Option<UnableGround>,
    },
    /// Có điều kiện thi hành trở lại.
    Able,
    /// Thu được tiền, tài sản.
    Collected(Vnd),
    /// Miễn, giảm nghĩa vụ thi hành án.
    Reduced(Vnd),
    /// Hoãn thi hành án.
    Postponed {
        /// The legal ground: a code of `rules/grounds.toml`, if recorded.
        ground: Option<GroundCode>,
    },
    /// Tạm đình chỉ thi hành án.
    Suspended {
        /// The legal ground, if recorded.
        ground: Option<GroundCode>,
    },
    /// Tiếp tục thi hành án.
    Resumed,
    /// Thi hành xong.
    Completed,
    /// Đình chỉ thi hành án.
    Terminated {
        /// Why, if recorded.
        reason: Option<String>,
        /// The legal ground, if recorded.
        ground: Option<GroundCode>,
    },
    /// Ủy thác thi hành án to another agency.
    Entrusted {
        /// The receiving agency.
        to: AgencyCode,
    },
    /// The case's executor from this day on (phân công chấp hành viên).
    Assigned {
        /// The executor.
        executor: ExecutorCode,
    },
    /// The decision was served: the voluntary period starts.
    Notified,
    /// A verification of the debtor's conditions (xác minh điều kiện thi hành án).
    Verified {
        /// Whether the debtor was found to have the means.
        means: bool,
        /// What was found, if written.
        note: Option<String>,
    },
    /// The debtor without means was published (portal and commune).
    Published,
    /// Money collected was paid to a creditor (chi trả).
    PaidOut {
        /// How much.
        amount: Vnd,
        /// The creditor paid, if named.
        to: Option<String>,
    },
    /// The request was sent back (gửi lại yêu cầu thi hành án): ends the case.
    Returned,
    /// Moved to the separate tracking register (sổ theo dõi riêng).
    RegisteredApart,
}

/// The ground of a decision that a case is not enforceable (2014 law
/// Art. 44a and its successor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnableGround {
    /// The debtor has no income or assets to enforce on.
    NoMeans = 1,
    /// The item to hand over no longer exists or cannot be found.
    ItemGone = 2,
    /// The debtor's address or whereabouts are unknown.
    AddressUnknown = 3,
}

impl UnableGround {
    /// Every ground.
    pub const ALL: [UnableGround; 3] = [
        UnableGround::NoMeans,
        UnableGround::ItemGone,
        UnableGround::AddressUnknown,
    ];

    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnableGround::NoMeans => "no_means",
            UnableGround::ItemGone => "item_gone",
            UnableGround::AddressUnknown => "address_unknown",
        }
    }

    /// The ground from its journal name.
    pub fn parse(s: &str) -> Option<UnableGround> {
        UnableGround::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The ground from the number the ledger keeps (0: none recorded).
    pub fn from_value(n: i64) -> Option<UnableGround> {
        UnableGround::ALL.into_iter().find(|g| *g as i64 == n)
    }
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
    /// See [`Event::Assigned`].
    Assigned = 11,
    /// See [`Event::Notified`].
    Notified = 12,
    /// See [`Event::Verified`].
    Verified = 13,
    /// See [`Event::Published`].
    Published = 14,
    /// See [`Event::PaidOut`].
    PaidOut = 15,
    /// See [`Event::Returned`].
    Returned = 16,
    /// See [`Event::RegisteredApart`].
    RegisteredApart = 17,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 17] = [
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
        Kind::Assigned,
        Kind::Notified,
        Kind::Verified,
        Kind::Published,
        Kind::PaidOut,
        Kind::Returned,
        Kind::RegisteredApart,
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
            Kind::Assigned => "assigned",
            Kind::Notified => "notified",
            Kind::Verified => "verified",
            Kind::Published => "published",
            Kind::PaidOut => "paid_out",
            Kind::Returned => "returned",
            Kind::RegisteredApart => "registered_apart",
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
        matches!(
            self,
            Kind::Completed | Kind::Terminated | Kind::Entrusted | Kind::Returned
        )
    }

    /// Whether the event moves money: its amount is at least 1 đồng.
    pub fn moves_money(self) -> bool {
        matches!(self, Kind::Collected | Kind::Reduced | Kind::PaidOut)
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
            Event::Postponed { .. } => Kind::Postponed,
            Event::Suspended { .. } => Kind::Suspended,
            Event::Resumed => Kind::Resumed,
            Event::Completed => Kind::Completed,
            Event::Terminated { .. } => Kind::Terminated,
            Event::Entrusted { .. } => Kind::Entrusted,
            Event::Assigned { .. } => Kind::Assigned,
            Event::Notified => Kind::Notified,
            Event::Verified { .. } => Kind::Verified,
            Event::Published => Kind::Published,
            Event::PaidOut { .. } => Kind::PaidOut,
            Event::Returned => Kind::Returned,
            Event::RegisteredApart => Kind::RegisteredApart,
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
                ground: parts.unable_ground,
            },
            Kind::Able => Event::Able,
            Kind::Collected => Event::Collected(amount()?),
            Kind::Reduced => Event::Reduced(amount()?),
            Kind::Postponed => Event::Postponed {
                ground: parts.ground,
            },
            Kind::Suspended => Event::Suspended {
                ground: parts.ground,
            },
            Kind::Resumed => Event::Resumed,
            Kind::Completed => Event::Completed,
            Kind::Terminated => Event::Terminated {
                reason: parts.reason,
                ground: parts.ground,
            },
            Kind::Entrusted => Event::Entrusted {
                to: parts.to.ok_or(MissingPart::To)?,
            },
            Kind::Assigned => Event::Assigned {
                executor: parts.executor.ok_or(MissingPart::Executor)?,
            },
            Kind::Notified => Event::Notified,
            Kind::Verified => Event::Verified {
                means: parts.means.ok_or(MissingPart::Means)?,
                note: parts.reason,
            },
            Kind::Published => Event::Published,
            Kind::PaidOut => Event::PaidOut {
                amount: amount()?,
                to: parts.payee,
            },
            Kind::Returned => Event::Returned,
            Kind::RegisteredApart => Event::RegisteredApart,
        })
    }

    /// The event's details, as [`Event::from_parts`] takes them back.
    pub fn parts(&self) -> EventParts {
        let mut parts = EventParts::default();
        match self {
            Event::Unable { reason, ground } => {
                parts.reason = reason.clone();
                parts.unable_ground = *ground;
            }
            Event::Collected(a) | Event::Reduced(a) => parts.amount = Some(*a),
            Event::Postponed { ground } | Event::Suspended { ground } => {
                parts.ground = ground.clone();
            }
            Event::Terminated { reason, ground } => {
                parts.reason = reason.clone();
                parts.ground = ground.clone();
            }
            Event::Entrusted { to } => parts.to = Some(to.clone()),
            Event::Assigned { executor } => parts.executor = Some(executor.clone()),
            Event::Verified { means, note } => {
                parts.means = Some(*means);
                parts.reason = note.clone();
            }
            Event::PaidOut { amount, to } => {
                parts.amount = Some(*amount);
                parts.payee = to.clone();
            }
            Event::Able
            | Event::Resumed
            | Event::Completed
            | Event::Notified
            | Event::Published
            | Event::Returned
            | Event::RegisteredApart => {}
        }
        parts
    }

    /// The money the event moves (collected, reduced or paid out), zero for
    /// the others.
    pub fn amount(&self) -> Vnd {
        match self {
            Event::Collected(a) | Event::Reduced(a) | Event::PaidOut { amount: a, .. } => *a,
            _ => Vnd::ZERO,
        }
    }

    /// The number the ledger keeps beside the event's kind (see
    /// [`crate::ledger::Step::value`]): its money, the ground of `unable`,
    /// 1 for a verification that found means, the executor's index of
    /// `assigned` (which the caller looks up).
    pub fn value(&self, executor: impl FnOnce(&ExecutorCode) -> u32) -> i64 {
        match self {
            Event::Unable { ground, .. } => ground.map_or(0, |g| g as i64),
            Event::Verified { means, .. } => i64::from(*means),
            Event::Assigned { executor: code } => i64::from(executor(code)),
            _ => self.amount().get(),
        }
    }
}

/// The details of an event, as a journal line, a form or a stored row holds
/// them (see [`Event::from_parts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventParts {
    /// The amount moved.
    pub amount: Option<Vnd>,
    /// Why (`unable`, `terminated`), or what a verification found.
    pub reason: Option<String>,
    /// The receiving agency.
    pub to: Option<AgencyCode>,
    /// The executor assigned.
    pub executor: Option<ExecutorCode>,
    /// Whether a verification found means.
    pub means: Option<bool>,
    /// The ground of `unable`.
    pub unable_ground: Option<UnableGround>,
    /// The ground of `postponed`, `suspended` or `terminated`.
    pub ground: Option<GroundCode>,
    /// The creditor a payout went to.
    pub payee: Option<String>,
}

/// A detail an event's kind needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingPart {
    /// The amount of a collection or a reduction.
    Amount,
    /// The receiving agency of an entrustment.
    To,
    /// The executor of an assignment.
    Executor,
    /// What a verification found.
    Means,
}

impl MissingPart {
    /// The journal's name of the field.
    pub fn field(self) -> &'static str {
        match self {
            MissingPart::Amount => "amount",
            MissingPart::To => "to",
            MissingPart::Executor => "executor",
            MissingPart::Means => "means",
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
    /// Money collected and not yet paid out.
    pub unpaid: Vnd,
    /// Since when the case is not enforceable (meaningful while it is not).
    pub unable_since: Day,
    /// Whether it is in the separate tracking register.
    pub apart: bool,
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
    /// A payout cannot exceed what was collected and not yet paid out.
    MoreThanUnpaid {
        /// The amount given.
        amount: Vnd,
        /// Collected and not yet paid out.
        unpaid: Vnd,
    },
    /// Returning the request or registering apart needs a case that is not
    /// enforceable.
    NeedsUnable {
        /// Returned or registered apart.
        kind: Kind,
    },
    /// The case is in the separate register already.
    AlreadyApart,
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
            RuleError::MoreThanUnpaid { amount, unpaid } => Text::new("rule-more-than-unpaid")
                .with("amount", amount)
                .with("unpaid", unpaid),
            RuleError::NeedsUnable { kind } => {
                Text::new("rule-needs-unable").with("kind", Text::from(kind))
            }
            RuleError::AlreadyApart => Text::new("rule-already-apart"),
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
            unpaid: Vnd::ZERO,
            unable_since: on,
            apart: false,
        }
    }

    /// Applies one event, or says which rule it breaks (leaving the state as it was).
    ///
    /// `amount` is the money of `collected`, `reduced` and `paid_out`; the
    /// other kinds ignore it. Money collected stays to be paid out after the
    /// case closes, so `paid_out` alone may follow a closing event.
    pub fn apply(&mut self, on: Day, kind: Kind, amount: Vnd) -> Result<(), RuleError> {
        if let Some((closed, closed_on)) = self.closed
            && kind != Kind::PaidOut
        {
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
        if kind.moves_money() && amount.0 < 1 {
            return Err(RuleError::NoAmount { kind, amount });
        }
        match kind {
            Kind::Unable if !self.enforceable => return Err(RuleError::AlreadyUnable),
            Kind::Unable => {
                self.enforceable = false;
                self.unable_since = on;
            }
            Kind::Able if self.enforceable => return Err(RuleError::AlreadyAble),
            Kind::Able => {
                self.enforceable = true;
                self.apart = false;
            }
            Kind::Collected | Kind::Reduced => {
                if amount > self.owed {
                    return Err(RuleError::MoreThanOwed {
                        kind,
                        amount,
                        owed: self.owed,
                    });
                }
                self.owed.0 -= amount.0;
                if kind == Kind::Collected {
                    self.unpaid.0 += amount.0;
                }
            }
            Kind::PaidOut if amount > self.unpaid => {
                return Err(RuleError::MoreThanUnpaid {
                    amount,
                    unpaid: self.unpaid,
                });
            }
            Kind::PaidOut => self.unpaid.0 -= amount.0,
            Kind::Returned | Kind::RegisteredApart if self.enforceable => {
                return Err(RuleError::NeedsUnable { kind });
            }
            Kind::RegisteredApart if self.apart => return Err(RuleError::AlreadyApart),
            Kind::RegisteredApart => self.apart = true,
            Kind::Assigned | Kind::Notified | Kind::Verified | Kind::Published => {}
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
            Kind::Completed | Kind::Terminated | Kind::Entrusted | Kind::Returned => {
                self.closed = Some((kind, on))
            }
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
            (Some((Kind::Returned, _)), _) => Status::Returned,
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
    /// Closed by sending the request back: gửi lại yêu cầu thi hành án.
    Returned,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 8] = [
        Status::Enforcing,
        Status::Unable,
        Status::Postponed,
        Status::Suspended,
        Status::Completed,
        Status::Terminated,
        Status::Entrusted,
        Status::Returned,
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
            Status::Returned => "returned",
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
            Status::Completed | Status::Terminated | Status::Entrusted | Status::Returned
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
        let work = [Assigned, Notified, Verified, Published];
        let with = |kinds: &[Kind], more: &[Kind]| -> Vec<Kind> {
            let mut all = kinds.to_vec();
            all.extend(more);
            all
        };
        let open = [
            Unable, Collected, Reduced, Postponed, Suspended, Terminated, Entrusted,
        ];
        check(&[], &with(&open, &work), Status::Enforcing);
        check(
            &[("2025-01-02", Unable, 0)],
            &with(
                &[
                    Able, Collected, Reduced, Postponed, Suspended, Terminated, Entrusted,
                ],
                &[
                    Assigned,
                    Notified,
                    Verified,
                    Published,
                    Returned,
                    RegisteredApart,
                ],
            ),
            Status::Unable,
        );
        check(
            &[("2025-01-02", Suspended, 0)],
            &with(
                &[Unable, Collected, Reduced, Resumed, Terminated, Entrusted],
                &work,
            ),
            Status::Suspended,
        );
        check(
            &[("2025-01-02", Collected, 100)],
            &with(
                &[
                    Unable, Postponed, Suspended, Completed, Terminated, Entrusted,
                ],
                &[Assigned, Notified, Verified, Published, PaidOut],
            ),
            Status::Enforcing,
        );
        // Money collected is paid out after the case closes.
        check(
            &[("2025-01-02", Collected, 100), ("2025-01-03", Completed, 0)],
            &[PaidOut],
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
