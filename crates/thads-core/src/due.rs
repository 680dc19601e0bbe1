//! The steps a case still owes on a day, each with its due date and the
//! rule it comes from: a fold of the case's timeline against the rules of
//! `rules/deadlines.toml` and the working-day calendar.
//!
//! Each step is opened by an event and done by another:
//!
//! | step | opened by | done by |
//! |---|---|---|
//! | `verify` | `notified` (after the voluntary period) | a `verified` after it |
//! | `publish` | `unable` | a `published` after it |
//! | `reverify` | `unable`, or the last `verified` since | a `verified` (again and again while not enforceable) |
//! | `decide` | a `verified` without means, while enforceable | `unable` |
//! | `pay_out` | `collected` | `paid_out` of what was collected, oldest first |
//! | `return_request` | not enforceable, on request, for the rule's period | `returned` |
//! | `register_apart` | not enforceable, ex officio, for the rule's period | `registered_apart` |
//!
//! The rule of a step is the one in force on the day of the act that opens
//! it (for `verify`, the voluntary period's last day), so that a case
//! straddling the law of 1 July 2026 gets each deadline from its own regime.
//!
//! A case postponed or suspended owes no step but paying out what was
//! collected: no act of enforcement may be done while it is paused. When it
//! resumes, its steps come back, the time paused not counted: each act
//! that opened one before the pause counts as done that many days later,
//! and one recorded during the pause as done on the day it resumed. The
//! steps given back carry that day ([`OpenStep::resumed_on`]), so that the
//! to-do list can say what resumed the case (a court's explanation, say).

use std::collections::VecDeque;

use crate::calendar::Calendar;
use crate::deadlines::{Rule, Rules};
use crate::event::{Kind, UnableGround};
use crate::executor::ExecutorIndex;
use crate::ledger::Timeline;
use crate::{Day, Mode, Vnd};

/// A legal step a case owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duty {
    /// Verify the debtor's conditions after the voluntary period.
    Verify,
    /// Publish a debtor without means.
    Publish,
    /// Verify again a case that is not enforceable.
    Reverify,
    /// Decide that the case is not enforceable, after a verification
    /// without means.
    Decide,
    /// Pay the money collected to the creditor.
    PayOut,
    /// Return the request of a case on request without means (from 2026-07-01).
    ReturnRequest,
    /// Move a case ex officio without means to the separate register.
    RegisterApart,
}

impl Duty {
    /// Every duty.
    pub const ALL: [Duty; 7] = [
        Duty::Verify,
        Duty::Publish,
        Duty::Reverify,
        Duty::Decide,
        Duty::PayOut,
        Duty::ReturnRequest,
        Duty::RegisterApart,
    ];

    /// The step's id, as the rules file and `thads due` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Verify => "verify",
            Duty::Publish => "publish",
            Duty::Reverify => "reverify",
            Duty::Decide => "decide",
            Duty::PayOut => "pay_out",
            Duty::ReturnRequest => "return_request",
            Duty::RegisterApart => "register_apart",
        }
    }

    /// The duty from its id.
    pub fn parse(s: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The event that fulfils it.
    pub fn done_by(self) -> Kind {
        match self {
            Duty::Verify | Duty::Reverify => Kind::Verified,
            Duty::Publish => Kind::Published,
            Duty::Decide => Kind::Unable,
            Duty::PayOut => Kind::PaidOut,
            Duty::ReturnRequest => Kind::Returned,
            Duty::RegisterApart => Kind::RegisteredApart,
        }
    }
}

/// A step a case still owes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenStep {
    /// What is owed.
    pub duty: Duty,
    /// The last day to do it.
    pub due: Day,
    /// The day of the act that opened it (moved by the time the case was
    /// paused since, if it was).
    pub opened_on: Day,
    /// The rule it comes from.
    pub rule: &'static Rule,
    /// The day the case resumed, if the step was owed before and paused.
    pub resumed_on: Option<Day>,
}

impl OpenStep {
    /// Whether it is late on `day`.
    pub fn overdue_on(&self, day: Day) -> bool {
        self.due < day
    }
}

/// What a case owes on a day, and who holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owed {
    /// The steps still open, by due date.
    pub steps: Vec<OpenStep>,
    /// The executor assigned last, if any.
    pub executor: Option<ExecutorIndex>,
}

/// The steps a case owes at the end of `as_of`, from its events up to that
/// day, by the shipped rules.
pub fn owed(timeline: &Timeline, as_of: Day, calendar: &Calendar) -> Owed {
    owed_by(timeline, as_of, calendar, Rules::shipped())
}

/// The same, by the given rules.
pub fn owed_by(
    timeline: &Timeline,
    as_of: Day,
    calendar: &Calendar,
    rules: &'static Rules,
) -> Owed {
    let mut owed = Owed::default();
    if timeline.accepted_on > as_of {
        return owed;
    }
    let mut closed = false;
    let mut enforceable = true;
    let mut apart = false;
    // The last notice not yet followed by a verification.
    let mut notified: Option<Day> = None;
    // The last `unable`, its ground, whether it was published, and the last
    // verification since.
    let mut unable: Option<(Day, Option<UnableGround>)> = None;
    let mut published = false;
    let mut verified_since_unable: Option<Day> = None;
    // A verification without means awaiting the decision.
    let mut without_means: Option<Day> = None;
    // Collections not yet paid out, oldest first.
    let mut unpaid: VecDeque<(Day, Vnd)> = VecDeque::new();
    // The day a postponement or suspension began, while it lasts, and the
    // day the case last resumed.
    let mut paused: Option<Day> = None;
    let mut resumed: Option<Day> = None;
    for step in timeline.steps.iter().take_while(|s| s.on <= as_of) {
        match step.kind {
            Kind::Postponed | Kind::Suspended => {
                paused.get_or_insert(step.on);
            }
            Kind::Resumed => {
                if let Some(since) = paused.take() {
                    let moved = |day: Day| {
                        if day < since {
                            day.plus_days(since.days_until(step.on))
                        } else {
                            step.on
                        }
                    };
                    notified = notified.map(moved);
                    without_means = without_means.map(moved);
                    unable = unable.map(|(day, ground)| (moved(day), ground));
                    verified_since_unable = verified_since_unable.map(moved);
                    resumed = Some(step.on);
                }
            }
            Kind::Assigned => owed.executor = Some(step.value as ExecutorIndex),
            Kind::Notified => notified = Some(step.on),
            Kind::Verified => {
                notified = None;
                let means = step.value == 1;
                if enforceable {
                    without_means = (!means).then_some(step.on);
                } else {
                    verified_since_unable = Some(step.on);
                }
            }
            Kind::Unable => {
                enforceable = false;
                unable = Some((step.on, UnableGround::from_value(step.value)));
                published = false;
                verified_since_unable = None;
                without_means = None;
            }
            Kind::Able => {
                enforceable = true;
                apart = false;
                unable = None;
            }
            Kind::Published => published = true,
            Kind::Collected => unpaid.push_back((step.on, step.amount())),
            Kind::PaidOut => {
                let mut left = step.amount().get();
                while left > 0 {
                    let Some(front) = unpaid.front_mut() else {
                        break;
                    };
                    let take = left.min(front.1.get());
                    front.1 = Vnd(front.1.get() - take);
                    left -= take;
                    if front.1.get() == 0 {
                        unpaid.pop_front();
                    }
                }
            }
            Kind::RegisteredApart => apart = true,
            kind if kind.closes() => closed = true,
            _ => {}
        }
    }
    // A step is given back by the last resumption if the act behind it
    // (for `verify`, the notice) came before it.
    let given_back = |act: Day| resumed.filter(|day| act <= *day);
    let mut open = |duty: Duty, opened_on: Day, rule: Option<&'static Rule>, due: Option<Day>| {
        if let Some(rule) = rule {
            let due = due.unwrap_or_else(|| rule.due(calendar, opened_on, false));
            let resumed_on = match duty {
                Duty::PayOut => None,
                Duty::Verify => notified.and_then(given_back),
                _ => given_back(opened_on),
            };
            owed.steps.push(OpenStep {
                duty,
                due,
                opened_on,
                rule,
                resumed_on,
            });
        }
    };
    if let Some(&(collected_on, _)) = unpaid.front() {
        open(
            Duty::PayOut,
            collected_on,
            rules.in_force(Duty::PayOut.as_str(), "collected", collected_on),
            None,
        );
    }
    if !closed && paused.is_none() {
        if let Some(on) = notified
            && let Some(voluntary) = rules.in_force("voluntary", "notified", on)
        {
            let end = voluntary.due(calendar, on, false);
            open(
                Duty::Verify,
                end,
                rules.in_force(Duty::Verify.as_str(), "end:voluntary", end),
                None,
            );
        }
        if let Some(on) = without_means {
            open(
                Duty::Decide,
                on,
                rules.in_force(Duty::Decide.as_str(), "verified_without_means", on),
                None,
            );
        }
        if let Some((on, ground)) = unable {
            if !published {
                open(
                    Duty::Publish,
                    on,
                    rules.in_force(Duty::Publish.as_str(), "unable", on),
                    None,
                );
            }
            if !apart {
                let last = verified_since_unable.unwrap_or(on);
                let rule = rules.in_force(Duty::Reverify.as_str(), "unable", last);
                let address_unknown = ground == Some(UnableGround::AddressUnknown);
                let due = rule.map(|r| r.due(calendar, last, address_unknown));
                open(Duty::Reverify, last, rule, due);
                let (duty, trigger) = match timeline.mode {
                    Mode::OnRequest => (Duty::ReturnRequest, "unable_on_request"),
                    Mode::ExOfficio => (Duty::RegisterApart, "unable_ex_officio"),
                };
                if let Some((rule, due)) = first_day_allowed(rules, duty, trigger, on) {
                    open(duty, on, Some(rule), Some(due));
                }
            }
        }
    }
    owed.steps.sort_by_key(|s| (s.due, s.duty));
    owed
}

/// The executor a case is assigned to at the end of `as_of`, if any.
pub fn holder(timeline: &Timeline, as_of: Day) -> Option<ExecutorIndex> {
    timeline
        .steps
        .iter()
        .take_while(|s| s.on <= as_of)
        .filter(|s| s.kind == Kind::Assigned)
        .last()
        .map(|s| s.value as ExecutorIndex)
}

/// The first day a case not enforceable since `since` may be returned or
/// registered apart, and the rule that allows it: the period's end, or the
/// day the rule came into force if later.
fn first_day_allowed(
    rules: &'static Rules,
    duty: Duty,
    trigger: &str,
    since: Day,
) -> Option<(&'static Rule, Day)> {
    rules
        .all()
        .iter()
        .filter(|r| r.step == duty.as_str() && r.trigger == trigger)
        .find_map(|rule| {
            let day = since
                .plus_months(rule.count as i32)
                .max(rule.effective_from);
            rule.in_force_on(day).then_some((rule, day))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Categories;
    use crate::ledger::Step;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn case(mode: Mode, accepted: &str, steps: &[(&str, Kind, i64)]) -> Timeline {
        Timeline {
            agency: 0,
            mode,
            categories: Categories::default(),
            accepted_on: day(accepted),
            accepted_counted: day(accepted),
            accepted_seq: 0,
            amount: Vnd(1_000),
            steps: steps
                .iter()
                .map(|(on, kind, value)| Step::new(day(on), *kind, *value))
                .collect(),
            judgment_kind: None,
            budget_item: None,
        }
    }

    fn steps(t: &Timeline, as_of: &str) -> Vec<(&'static str, String, String)> {
        owed(t, day(as_of), &Calendar::shipped())
            .steps
            .iter()
            .map(|s| (s.duty.as_str(), s.due.to_string(), s.rule.id.clone()))
            .collect()
    }

    fn one(duty: &'static str, due: &str, rule: &str) -> (&'static str, String, String) {
        (duty, due.to_owned(), rule.to_owned())
    }

    /// Postponed for 28 days before its verification: while postponed the
    /// case owes only the payout of what it collected; resumed, its
    /// verification is due as if it had been notified 28 days later, and
    /// says the day it was given back.
    #[test]
    fn a_pause_holds_the_steps_and_the_time_paused_is_not_counted() {
        let paused = case(
            Mode::OnRequest,
            "2026-02-02",
            &[
                ("2026-02-09", Kind::Notified, 0),
                ("2026-02-20", Kind::Postponed, 0),
                ("2026-03-02", Kind::Collected, 500),
                ("2026-03-20", Kind::Resumed, 0),
            ],
        );
        let on_pause = owed(&paused, day("2026-03-10"), &Calendar::shipped());
        assert_eq!(
            on_pause.steps.iter().map(|s| s.duty).collect::<Vec<_>>(),
            [Duty::PayOut]
        );
        let later = case(
            Mode::OnRequest,
            "2026-02-02",
            &[("2026-03-09", Kind::Notified, 0)],
        );
        let verify = |t: &Timeline| {
            *owed(t, day("2026-03-21"), &Calendar::shipped())
                .steps
                .iter()
                .find(|s| s.duty == Duty::Verify)
                .expect("a verification owed")
        };
        let given_back = verify(&paused);
        assert_eq!(given_back.due, verify(&later).due);
        // Notice counted on Monday 9 March: the voluntary period ends on
        // Thursday 19 March, ten days more end on Sunday 29 March, a day
        // off, so Monday 30 March.
        assert_eq!(given_back.due, day("2026-03-30"));
        assert_eq!(given_back.resumed_on, Some(day("2026-03-20")));
        assert_eq!(verify(&later).resumed_on, None);
        let payout = owed(&paused, day("2026-03-21"), &Calendar::shipped())
            .steps
            .into_iter()
            .find(|s| s.duty == Duty::PayOut)
            .unwrap();
        assert_eq!(payout.resumed_on, None, "the payout was never paused");
    }

    /// Notified on Monday 9 February 2026: the voluntary period ends on
    /// 19 February, in Tết, so on Monday 23 February; verification is due
    /// ten days after, on 5 March.
    #[test]
    fn verification_follows_the_voluntary_period() {
        let t = case(
            Mode::OnRequest,
            "2026-02-02",
            &[("2026-02-09", Kind::Notified, 0)],
        );
        assert_eq!(
            steps(&t, "2026-02-10"),
            [one("verify", "2026-03-05", "verify-2014")]
        );
        let done = case(
            Mode::OnRequest,
            "2026-02-02",
            &[
                ("2026-02-09", Kind::Notified, 0),
                ("2026-03-02", Kind::Verified, 1),
            ],
        );
        assert_eq!(steps(&done, "2026-03-10"), []);
    }

    /// The same step opened on 30 June and on 1 July 2026 takes the rule
    /// of its own regime.
    #[test]
    fn each_trigger_gets_the_rule_of_its_day() {
        for (on, rule, due) in [
            ("2026-06-30", "publish-2014", "2026-07-07"),
            ("2026-07-01", "publish-2026", "2026-07-08"),
        ] {
            let t = case(
                Mode::OnRequest,
                "2026-01-05",
                &[(on, Kind::Unable, UnableGround::NoMeans as i64)],
            );
            let open = steps(&t, on);
            assert_eq!(open[0], one("publish", due, rule), "{on}");
        }
    }

    #[test]
    fn a_case_without_means_is_published_reverified_and_returned() {
        let t = case(
            Mode::OnRequest,
            "2025-01-06",
            &[
                ("2025-03-03", Kind::Unable, UnableGround::NoMeans as i64),
                ("2025-03-05", Kind::Published, 0),
                ("2025-09-01", Kind::Verified, 0),
            ],
        );
        assert_eq!(
            steps(&t, "2025-09-02"),
            [
                one("reverify", "2026-03-02", "reverify-2014"),
                one("return_request", "2027-03-03", "return_request-2026"),
            ]
        );
        // Ex officio, with the address unknown: a year between verifications,
        // and the separate register instead.
        let t = case(
            Mode::ExOfficio,
            "2025-01-06",
            &[(
                "2025-03-03",
                Kind::Unable,
                UnableGround::AddressUnknown as i64,
            )],
        );
        assert_eq!(
            steps(&t, "2025-03-03"),
            [
                one("publish", "2025-03-10", "publish-2014"),
                one("reverify", "2026-03-03", "reverify-2014"),
                one("register_apart", "2027-03-03", "register_apart-2026"),
            ]
        );
    }

    #[test]
    fn a_verification_without_means_calls_for_the_decision() {
        let t = case(
            Mode::OnRequest,
            "2025-01-06",
            &[("2025-02-06", Kind::Verified, 0)],
        );
        assert_eq!(
            steps(&t, "2025-02-06"),
            [one("decide", "2025-02-13", "decide-2014")]
        );
    }

    /// Money collected is paid out oldest first; a closed case still owes it.
    #[test]
    fn collections_are_paid_out_oldest_first() {
        let t = case(
            Mode::OnRequest,
            "2025-01-06",
            &[
                ("2025-02-03", Kind::Collected, 600),
                ("2025-02-10", Kind::Collected, 400),
                ("2025-02-11", Kind::Completed, 0),
                ("2025-02-12", Kind::PaidOut, 600),
            ],
        );
        // Ten days after 10 February: Thursday 20 February.
        assert_eq!(
            steps(&t, "2025-03-01"),
            [one("pay_out", "2025-02-20", "pay_out-2014")]
        );
        let open = owed(&t, day("2025-03-01"), &Calendar::shipped()).steps;
        assert!(open[0].overdue_on(day("2025-03-01")));
        assert!(!open[0].overdue_on(day("2025-02-20")));
        // Before the payout, the first collection's deadline counts.
        assert_eq!(
            steps(&t, "2025-02-11"),
            [one("pay_out", "2025-02-13", "pay_out-2014")]
        );
    }

    #[test]
    fn the_executor_is_the_last_assigned() {
        let t = case(
            Mode::OnRequest,
            "2025-01-06",
            &[
                ("2025-01-07", Kind::Assigned, 3),
                ("2025-05-07", Kind::Assigned, 5),
            ],
        );
        let calendar = &Calendar::shipped();
        assert_eq!(owed(&t, day("2025-03-01"), calendar).executor, Some(3));
        assert_eq!(owed(&t, day("2025-06-01"), calendar).executor, Some(5));
        assert_eq!(owed(&t, day("2025-01-01"), calendar).executor, None);
    }
}
