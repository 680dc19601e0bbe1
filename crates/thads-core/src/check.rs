//! The rules that span the lines of a journal: declared agencies, unique
//! case codes, the case fold of every case's events, and texts without
//! control characters. [`Checker`] applies them record by record;
//! [`Parsed::check`] turns a parsed file into what a store appends.

use std::collections::HashMap;

use crate::agency::AgencyIndex;
use crate::coordination::{Catalogue, Coordination, Fact};
use crate::deadlines::Rules;
use crate::event::Kind;
use crate::executor::{Executor, ExecutorCode, ExecutorError, Executors};
use crate::grounds::{BadGround, Grounds};
use crate::journal::{Fault, Faults, Parsed, Record};
use crate::ledger::{CaseId, Timeline};
use crate::text::Text;
use crate::{
    Agency, AgencyCode, AgencyTree, CaseCode, CaseState, Day, Event, Mode, Party, RuleError, Vnd,
};

/// A case the checker has seen, from the file or from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCase {
    /// Its place in the ledger.
    pub id: crate::ledger::CaseId,
    /// The accepting agency.
    pub agency: AgencyIndex,
    /// Ex officio or on request.
    pub mode: Mode,
    /// Its state after every event seen so far.
    pub state: CaseState,
    /// The day its latest record counts in the statistics.
    pub counted: Day,
}

/// Why a record breaks a rule that spans lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// An agency declaration that cannot join the tree.
    Agency(crate::agency::AgencyError),
    /// A case that is accepted twice.
    DuplicateCase(CaseCode),
    /// An `accepted` event names an unknown agency.
    UnknownAgency {
        /// The case.
        case: CaseCode,
        /// The agency named.
        agency: AgencyCode,
    },
    /// An event for a case that was never accepted.
    UnknownCase(CaseCode),
    /// Entrusting to an unknown agency or to the case's own agency.
    BadEntrustee {
        /// The case.
        case: CaseCode,
        /// The agency named.
        to: AgencyCode,
        /// What is wrong with it.
        why: NotEntrustable,
    },
    /// An event that the case's state does not allow.
    Rule {
        /// The case.
        case: CaseCode,
        /// The rule broken.
        rule: RuleError,
    },
    /// An acceptance for more than a case may hold, or less than nothing.
    Amount {
        /// The case.
        case: CaseCode,
        /// What is wrong with the amount.
        error: crate::money::BadAmount,
    },
    /// An executor declaration that cannot be taken.
    Executor(ExecutorError),
    /// An assignment to an executor never declared.
    UnknownExecutor {
        /// The case.
        case: CaseCode,
        /// The executor named.
        executor: ExecutorCode,
    },
    /// An assignment to an executor of an agency neither the case's nor
    /// one above it.
    ExecutorElsewhere {
        /// The case.
        case: CaseCode,
        /// The executor named.
        executor: ExecutorCode,
        /// The executor's agency.
        agency: AgencyCode,
        /// The case's agency.
        case_agency: AgencyCode,
    },
    /// A ground that the grounds file does not allow for the event.
    BadGround {
        /// The case.
        case: CaseCode,
        /// The event.
        kind: Kind,
        /// The code given.
        ground: String,
        /// What is wrong with it.
        why: BadGround,
    },
    /// A request returned where the law does not allow it.
    NotReturnable {
        /// The case.
        case: CaseCode,
        /// Why.
        why: NotReturnable,
    },
    /// A fact of coordination that breaks a rule of its own.
    Coordination(crate::coordination::CoordinationError),
    /// A campaign or complex case naming a case of another province.
    CaseElsewhere {
        /// The campaign's code, or the case's.
        subject: String,
        /// The case.
        case: CaseCode,
    },
    /// A complex case's plan naming an executor not of its province.
    OwnerElsewhere {
        /// The case.
        case: CaseCode,
        /// The executor.
        executor: ExecutorCode,
    },
    /// A request about a case of an agency outside the sender's subtree.
    RequestCaseElsewhere {
        /// The request.
        request: crate::coordination::Code,
        /// The case.
        case: CaseCode,
    },
    /// A kind of state-budget collection on a case not for the state budget.
    BudgetItemOutsideStateBudget(CaseCode),
    /// A statistical day (`counted_on`) not after the record's date.
    CountedNotAfter {
        /// The case.
        case: CaseCode,
        /// The day given.
        counted: Day,
        /// The record's date.
        on: Day,
    },
    /// A record that would count before the case's previous record.
    CountedBackwards {
        /// The case.
        case: CaseCode,
        /// The day it would count.
        counted: Day,
        /// The day the previous one counts.
        previous: Day,
    },
    /// A text holding a control character (NUL, a tab, a line break…):
    /// nothing a name, a number or a reason is typed with, and what one
    /// database stores and another refuses.
    ControlCharacter {
        /// The case's code, or the agency's.
        code: String,
        /// The field.
        field: TextField,
        /// The first control character in it.
        character: char,
    },
}

/// Why a case's request cannot be returned to its creditor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReturnable {
    /// No rule allows it on that day: the law of 1 July 2026 brought it.
    NotInForce {
        /// The day given.
        on: Day,
    },
    /// Only a case enforced on request is returned (one ex officio goes
    /// to the separate register).
    ExOfficio,
    /// Not enforceable for less than the period the law requires.
    TooSoon {
        /// Not enforceable since.
        since: Day,
        /// The first day it may be returned.
        from: Day,
    },
}

/// A text field of a journal record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// An agency's name.
    AgencyName,
    /// The decision to enforce.
    Decision,
    /// The judgment enforced.
    Judgment,
    /// The debtor's name.
    DebtorName,
    /// The debtor's identity number.
    DebtorId,
    /// The debtor's address.
    DebtorAddress,
    /// The creditor's name.
    CreditorName,
    /// The creditor's identity number.
    CreditorId,
    /// The creditor's address.
    CreditorAddress,
    /// The reason of an event.
    Reason,
    /// An executor's name.
    ExecutorName,
    /// What a verification found.
    Note,
    /// The creditor a payout went to.
    Payee,
    /// A creditor's bank account number.
    Account,
    /// The bank that keeps a creditor's account.
    Bank,
    /// A text of a partner, a request or an answer, by its field's name.
    Fact(&'static str),
}

impl From<TextField> for Text {
    /// The field as a sentence names it.
    fn from(field: TextField) -> Text {
        Text::new(match field {
            TextField::AgencyName => "field-agency-name",
            TextField::Decision => "field-decision",
            TextField::Judgment => "field-judgment",
            TextField::DebtorName => "field-debtor-name",
            TextField::DebtorId => "field-debtor-id",
            TextField::DebtorAddress => "field-debtor-address",
            TextField::CreditorName => "field-creditor-name",
            TextField::CreditorId => "field-creditor-id",
            TextField::CreditorAddress => "field-creditor-address",
            TextField::Reason => "field-reason",
            TextField::ExecutorName => "field-executor-name",
            TextField::Note => "field-note",
            TextField::Payee => "field-payee",
            TextField::Account => "field-account",
            TextField::Bank => "field-bank",
            TextField::Fact(name) => return Text::new("field-named").with("field", name),
        })
    }
}

/// The first text of a record that holds a control character, with the
/// character.
fn control_character(record: &Record) -> Option<(TextField, char)> {
    fn party(p: &Party, [name, id, address]: [TextField; 3]) -> [(TextField, Option<&str>); 3] {
        [
            (name, Some(p.name.as_str())),
            (id, p.id.as_deref()),
            (address, p.address.as_deref()),
        ]
    }
    let texts: Vec<(TextField, Option<&str>)> = match record {
        Record::Agency(agency) => vec![(TextField::AgencyName, Some(agency.name.as_str()))],
        Record::Executor(e) => vec![(TextField::ExecutorName, Some(e.name.as_str()))],
        Record::Coordination(fact) => fact
            .texts()
            .into_iter()
            .map(|(field, text)| (TextField::Fact(field), Some(text)))
            .collect(),
        Record::Accepted { acceptance: a, .. } => {
            let mut texts = vec![
                (TextField::Decision, Some(a.decision.as_str())),
                (TextField::Judgment, Some(a.judgment.as_str())),
            ];
            texts.extend(party(
                &a.debtor,
                [
                    TextField::DebtorName,
                    TextField::DebtorId,
                    TextField::DebtorAddress,
                ],
            ));
            texts.extend(party(
                &a.creditor,
                [
                    TextField::CreditorName,
                    TextField::CreditorId,
                    TextField::CreditorAddress,
                ],
            ));
            for debtor in &a.debtors {
                texts.extend(party(
                    debtor,
                    [
                        TextField::DebtorName,
                        TextField::DebtorId,
                        TextField::DebtorAddress,
                    ],
                ));
            }
            for creditor in &a.creditors {
                texts.extend(party(
                    &creditor.party,
                    [
                        TextField::CreditorName,
                        TextField::CreditorId,
                        TextField::CreditorAddress,
                    ],
                ));
                if let Some(account) = &creditor.account {
                    texts.push((TextField::Account, Some(account.number.as_str())));
                    texts.push((TextField::Bank, Some(account.bank.as_str())));
                }
            }
            texts
        }
        Record::Event { event, .. } => match event {
            Event::Unable { reason, .. } | Event::Terminated { reason, .. } => {
                vec![(TextField::Reason, reason.as_deref())]
            }
            Event::Verified { note, .. } => vec![(TextField::Note, note.as_deref())],
            Event::PaidOut { to, .. } => vec![(TextField::Payee, to.as_deref())],
            _ => Vec::new(),
        },
    };
    texts
        .into_iter()
        .find_map(|(field, text)| text?.chars().find(|c| c.is_control()).map(|c| (field, c)))
}

/// Why a case cannot be entrusted to an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotEntrustable {
    /// No agency has that code.
    Unknown,
    /// It is the case's own agency.
    OwnAgency,
}

impl From<ExecutorError> for CheckError {
    fn from(e: ExecutorError) -> CheckError {
        CheckError::Executor(e)
    }
}

impl From<crate::agency::AgencyError> for CheckError {
    fn from(e: crate::agency::AgencyError) -> CheckError {
        CheckError::Agency(e)
    }
}

impl From<&CheckError> for Text {
    fn from(e: &CheckError) -> Text {
        match e {
            CheckError::Agency(e) => e.into(),
            CheckError::DuplicateCase(case) => Text::new("check-duplicate-case").with("case", case),
            CheckError::UnknownAgency { case, agency } => Text::new("check-unknown-agency")
                .with("case", case)
                .with("agency", agency),
            CheckError::UnknownCase(case) => Text::new("check-unknown-case").with("case", case),
            CheckError::BadEntrustee { case, to, why } => Text::new("check-bad-entrustee")
                .with("case", case)
                .with("to", to)
                .with(
                    "why",
                    Text::new(match why {
                        NotEntrustable::Unknown => "check-entrustee-unknown",
                        NotEntrustable::OwnAgency => "check-entrustee-own",
                    }),
                ),
            CheckError::Rule { case, rule } => Text::new("check-case")
                .with("case", case)
                .with("reason", Text::from(rule)),
            CheckError::Amount { case, error } => Text::new("check-case")
                .with("case", case)
                .with("reason", Text::from(error)),
            CheckError::Executor(e) => e.into(),
            CheckError::Coordination(e) => e.into(),
            CheckError::CaseElsewhere { subject, case } => Text::new("committee-case-elsewhere")
                .with("code", subject)
                .with("case", case),
            CheckError::OwnerElsewhere { case, executor } => Text::new("committee-owner-elsewhere")
                .with("case", case)
                .with("executor", executor),
            CheckError::RequestCaseElsewhere { request, case } => {
                Text::new("request-case-elsewhere")
                    .with("request", request)
                    .with("case", case)
            }
            CheckError::UnknownExecutor { case, executor } => Text::new("check-unknown-executor")
                .with("case", case)
                .with("executor", executor),
            CheckError::ExecutorElsewhere {
                case,
                executor,
                agency,
                case_agency,
            } => Text::new("check-executor-elsewhere")
                .with("case", case)
                .with("executor", executor)
                .with("agency", agency)
                .with("case_agency", case_agency),
            CheckError::BadGround {
                case,
                kind,
                ground,
                why,
            } => Text::new("check-case").with("case", case).with(
                "reason",
                match why {
                    BadGround::Unknown => Text::new("ground-unknown"),
                    BadGround::OtherEvent(of) => {
                        Text::new("ground-other-event").with("of", Text::from(*of))
                    }
                    BadGround::NotInForce => Text::new("ground-not-in-force"),
                }
                .with("ground", ground.as_str())
                .with("kind", Text::from(*kind)),
            ),
            CheckError::NotReturnable { case, why } => Text::new("check-case")
                .with(
                    "reason",
                    match why {
                        NotReturnable::NotInForce { on } => {
                            Text::new("returned-not-in-force").with("on", *on)
                        }
                        NotReturnable::ExOfficio => Text::new("returned-ex-officio"),
                        NotReturnable::TooSoon { since, from } => Text::new("returned-too-soon")
                            .with("since", *since)
                            .with("from", *from),
                    },
                )
                .with("case", case),
            CheckError::BudgetItemOutsideStateBudget(case) => {
                Text::new("check-budget-item-outside-state-budget").with("case", case)
            }
            CheckError::CountedNotAfter { case, counted, on } => {
                Text::new("check-case").with("case", case).with(
                    "reason",
                    Text::new("counted-not-after")
                        .with("counted", *counted)
                        .with("on", *on),
                )
            }
            CheckError::CountedBackwards {
                case,
                counted,
                previous,
            } => Text::new("check-case").with("case", case).with(
                "reason",
                Text::new("counted-backwards")
                    .with("counted", *counted)
                    .with("previous", *previous),
            ),
            CheckError::ControlCharacter {
                code,
                field,
                character,
            } => Text::new(match field {
                TextField::AgencyName | TextField::ExecutorName | TextField::Fact(_) => {
                    "check-control-character-agency"
                }
                _ => "check-control-character-case",
            })
            .with("code", code)
            .with("field", Text::from(*field))
            .with("character", format!("{:04X}", u32::from(*character))),
        }
    }
}

crate::said_in_english!(CheckError);

/// Applies the rules that span lines, record by record, in journal order.
///
/// It starts from what the store already holds (its agencies, and the cases
/// that the new records refer to) and keeps state only for what it has seen.
/// A record that breaks a rule changes nothing, so checking goes on and every
/// error of a file is found in one pass.
#[derive(Debug, Default)]
pub struct Checker {
    agencies: AgencyTree,
    executors: Executors,
    /// Partners and requests: the store's, copied on the first fact taken.
    coordination: std::sync::Arc<Coordination>,
    cases: HashMap<CaseCode, KnownCase>,
    next_id: crate::ledger::CaseId,
}

/// What a valid record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// An agency, now in the tree.
    Agency,
    /// An executor, now declared.
    Executor,
    /// A fact of coordination, now taken.
    Coordination,
    /// A case, new or stored.
    Case(KnownCase),
}

impl Checker {
    /// A checker that knows the stored agencies and the stored cases that
    /// the records refer to; new cases get ids from `next_id` on.
    pub fn new(
        agencies: AgencyTree,
        executors: Executors,
        coordination: std::sync::Arc<Coordination>,
        stored_cases: HashMap<CaseCode, KnownCase>,
        next_id: crate::ledger::CaseId,
    ) -> Checker {
        Checker {
            agencies,
            executors,
            coordination,
            cases: stored_cases,
            next_id,
        }
    }

    /// The executors known so far.
    pub fn executors(&self) -> &Executors {
        &self.executors
    }

    /// Checks one record and, if it is valid, takes it into account.
    pub fn check(&mut self, record: &Record) -> Result<Checked, CheckError> {
        if let Some((field, character)) = control_character(record) {
            let code = match record {
                Record::Agency(agency) => agency.code.to_string(),
                Record::Executor(e) => e.code.to_string(),
                Record::Coordination(fact) => fact.subject().to_string(),
                Record::Accepted { case, .. } | Record::Event { case, .. } => case.to_string(),
            };
            return Err(CheckError::ControlCharacter {
                code,
                field,
                character,
            });
        }
        match record {
            Record::Agency(agency) => {
                self.agencies.add(agency.clone())?;
                Ok(Checked::Agency)
            }
            Record::Executor(executor) => {
                self.executors.add(executor.clone(), &self.agencies)?;
                Ok(Checked::Executor)
            }
            Record::Coordination(fact) => {
                if let Fact::Request(request) = &**fact
                    && let Some(case) = &request.case
                {
                    let known = self
                        .cases
                        .get(case)
                        .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
                    let within = self
                        .agencies
                        .index(&request.agency)
                        .is_some_and(|top| self.agencies.is_within(known.agency, top));
                    if !within {
                        return Err(CheckError::RequestCaseElsewhere {
                            request: request.id.clone(),
                            case: case.clone(),
                        });
                    }
                }
                if let Fact::Committee(f) = &**fact {
                    self.check_committee(f)?;
                }
                if let Fact::Asset(f) = &**fact
                    && let Some((agency, case)) = f.declared_case()
                {
                    let known = self
                        .cases
                        .get(case)
                        .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
                    let within = self
                        .agencies
                        .index(agency)
                        .is_some_and(|top| self.agencies.is_within(known.agency, top));
                    if !within {
                        return Err(CheckError::CaseElsewhere {
                            subject: f.subject().to_owned(),
                            case: case.clone(),
                        });
                    }
                }
                if let Fact::Warehouse(f) = &**fact
                    && let Some(case) = f.case()
                {
                    let known = self
                        .cases
                        .get(case)
                        .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
                    let warehouses = self.coordination.warehouses();
                    let within = warehouses
                        .agency_of(f)
                        .and_then(|agency| self.agencies.index(agency))
                        .is_none_or(|top| self.agencies.is_within(known.agency, top));
                    if !within {
                        return Err(CheckError::CaseElsewhere {
                            subject: f.subject().to_owned(),
                            case: case.clone(),
                        });
                    }
                }
                if let Fact::Request(request) = &**fact {
                    self.coordination
                        .check_rule(request, Catalogue::shipped())
                        .map_err(CheckError::Coordination)?;
                }
                std::sync::Arc::make_mut(&mut self.coordination)
                    .apply(fact, &self.agencies)
                    .map_err(CheckError::Coordination)?;
                Ok(Checked::Coordination)
            }
            Record::Accepted {
                case,
                on,
                counted_on,
                acceptance,
            } => {
                if self.cases.contains_key(case) {
                    return Err(CheckError::DuplicateCase(case.clone()));
                }
                Vnd::within_ceiling(acceptance.amount.get().into()).map_err(|error| {
                    CheckError::Amount {
                        case: case.clone(),
                        error,
                    }
                })?;
                if acceptance.budget_item.is_some()
                    && !acceptance
                        .categories
                        .contains(&crate::Category::StateBudget)
                {
                    return Err(CheckError::BudgetItemOutsideStateBudget(case.clone()));
                }
                let agency = self.agencies.index(&acceptance.agency).ok_or_else(|| {
                    CheckError::UnknownAgency {
                        case: case.clone(),
                        agency: acceptance.agency.clone(),
                    }
                })?;
                let counted = self.counted_on(case, agency, *on, *counted_on, None)?;
                let known = KnownCase {
                    id: self.next_id,
                    agency,
                    mode: acceptance.mode,
                    state: CaseState::accepted(*on, acceptance.amount),
                    counted,
                };
                self.next_id += 1;
                self.cases.insert(case.clone(), known);
                Ok(Checked::Case(known))
            }
            Record::Event {
                case,
                on,
                counted_on,
                event,
            } => {
                let (agency, previous) = self
                    .cases
                    .get(case)
                    .map(|known| (known.agency, known.counted))
                    .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
                // Said after the case's own rules: a date out of order is
                // said as such, not as a statistical day going back.
                let counted = self.counted_on(case, agency, *on, *counted_on, Some(previous));
                let known = self.cases.get_mut(case).expect("looked up above");
                if let Event::Entrusted { to } = event {
                    let why = match self.agencies.index(to) {
                        None => Some(NotEntrustable::Unknown),
                        Some(i) if i == known.agency => Some(NotEntrustable::OwnAgency),
                        Some(_) => None,
                    };
                    if let Some(why) = why {
                        return Err(CheckError::BadEntrustee {
                            case: case.clone(),
                            to: to.clone(),
                            why,
                        });
                    }
                }
                check_v2(&self.agencies, &self.executors, case, *on, event, known)?;
                let mut state = known.state;
                state
                    .apply(*on, event.kind(), event.amount())
                    .map_err(|rule| CheckError::Rule {
                        case: case.clone(),
                        rule,
                    })?;
                known.counted = counted?;
                known.state = state;
                Ok(Checked::Case(*known))
            }
        }
    }
}

impl Checker {
    /// The day a case record counts in the statistics: the day its line
    /// states (or its date), moved to the day after the last close that
    /// covered it (statistics.md, "Statistical date"); never before the
    /// day the case's previous record counts.
    fn counted_on(
        &self,
        case: &CaseCode,
        agency: AgencyIndex,
        on: Day,
        given: Option<Day>,
        previous: Option<Day>,
    ) -> Result<Day, CheckError> {
        if let Some(counted) = given
            && counted <= on
        {
            return Err(CheckError::CountedNotAfter {
                case: case.clone(),
                counted,
                on,
            });
        }
        let counted =
            self.coordination
                .closes()
                .counted_on(&self.agencies, agency, given.unwrap_or(on));
        match previous {
            Some(previous) if counted < previous => Err(CheckError::CountedBackwards {
                case: case.clone(),
                counted,
                previous,
            }),
            _ => Ok(counted),
        }
    }

    /// The cases and executors a committee's fact names are of its
    /// province: a campaign's cases, a complex case and its plan's owners.
    fn check_committee(&self, fact: &crate::committee::Fact) -> Result<(), CheckError> {
        use crate::committee::Fact as Of;
        let province = match fact {
            Of::Campaign(c) => &c.agency,
            Of::Complex(c) => &c.agency,
            _ => return Ok(()),
        };
        let Some(province) = self.agencies.index(province) else {
            // The committee's own check names the unknown agency.
            return Ok(());
        };
        for case in fact.cases() {
            let known = self
                .cases
                .get(case)
                .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
            if self.agencies.root(known.agency) != province {
                return Err(CheckError::CaseElsewhere {
                    subject: fact.subject().to_owned(),
                    case: case.clone(),
                });
            }
        }
        if let Of::Complex(complex) = fact {
            for step in &complex.plan {
                let of_province = self
                    .executors
                    .index(&step.owner)
                    .is_some_and(|e| self.agencies.root(self.executors.agency_of(e)) == province);
                if !of_province {
                    return Err(CheckError::OwnerElsewhere {
                        case: complex.case.clone(),
                        executor: step.owner.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The rules of the format's second version that need more than the
/// case's state: an assignment's executor, a decision's ground, a returned
/// request's law and period.
fn check_v2(
    agencies: &AgencyTree,
    executors: &Executors,
    case: &CaseCode,
    on: Day,
    event: &Event,
    known: &KnownCase,
) -> Result<(), CheckError> {
    match event {
        Event::Assigned { executor } => {
            let index = executors
                .index(executor)
                .ok_or_else(|| CheckError::UnknownExecutor {
                    case: case.clone(),
                    executor: executor.clone(),
                })?;
            let of = executors.agency_of(index);
            if !agencies.is_within(known.agency, of) {
                return Err(CheckError::ExecutorElsewhere {
                    case: case.clone(),
                    executor: executor.clone(),
                    agency: agencies.get(of).code.clone(),
                    case_agency: agencies.get(known.agency).code.clone(),
                });
            }
        }
        Event::Postponed {
            ground: Some(ground),
        }
        | Event::Suspended {
            ground: Some(ground),
        }
        | Event::Terminated {
            ground: Some(ground),
            ..
        } => {
            Grounds::shipped()
                .check(ground, event.kind(), on)
                .map_err(|why| CheckError::BadGround {
                    case: case.clone(),
                    kind: event.kind(),
                    ground: ground.clone(),
                    why,
                })?;
        }
        Event::Returned => {
            let why = |why| CheckError::NotReturnable {
                case: case.clone(),
                why,
            };
            let rule = Rules::shipped()
                .in_force("return_request", "unable_on_request", on)
                .ok_or_else(|| why(NotReturnable::NotInForce { on }))?;
            if known.mode != Mode::OnRequest {
                return Err(why(NotReturnable::ExOfficio));
            }
            // While enforceable, the case's fold refuses it in words of its own.
            if !known.state.enforceable {
                let since = known.state.unable_since;
                let from = since.plus_months(rule.count as i32);
                if on < from {
                    return Err(why(NotReturnable::TooSoon { since, from }));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Where a file's case records go in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions {
    /// After this position, in order: a file appended.
    After(u64),
    /// At their line numbers: the journal read back from a store, each
    /// record's "line" its position.
    Lines,
}

/// What a checked journal adds to a store.
#[derive(Debug, Default)]
pub struct Prepared {
    /// New agencies, in file order.
    pub agencies: Vec<Agency>,
    /// New executors, in file order.
    pub executors: Vec<Executor>,
    /// New facts of coordination, in file order.
    pub facts: Vec<Fact>,
    /// Partners and requests with the new facts (the store's, shared, if
    /// there is none).
    pub coordination: std::sync::Arc<Coordination>,
    /// Case records in file order, each with its case's id.
    pub entries: Vec<(crate::ledger::CaseId, Record)>,
    /// The ledger chunks that change.
    pub chunks: Vec<(usize, crate::ledger::Chunk)>,
    /// How many cases are new.
    pub new_cases: usize,
    /// How many case records count in the statistics later than their
    /// date: recorded after a close that covered it (or saying so).
    pub late: usize,
}

impl Parsed {
    /// Checks every record against the stored agencies, the stored ledger and
    /// the ids of the stored cases it refers to (from [`Parsed::case_codes`]),
    /// and prepares what to write. Returns the faults of the file, by line,
    /// if there is any.
    ///
    /// `positions` says where its case records go in the journal.
    pub fn check(
        self,
        agencies: &AgencyTree,
        executors: &Executors,
        coordination: &std::sync::Arc<Coordination>,
        ledger: &crate::ledger::Ledger,
        stored_ids: &HashMap<CaseCode, crate::ledger::CaseId>,
        positions: Positions,
    ) -> Result<Prepared, Faults> {
        use crate::ledger::{LedgerEdit, Step, Timeline};

        let mut known = HashMap::with_capacity(stored_ids.len() + self.records.len() / 2);
        for (code, id) in stored_ids {
            let timeline = ledger.timeline(*id).expect("stored case in the ledger");
            known.insert(code.clone(), timeline.known_case(*id));
        }
        let next_id = crate::ledger::CaseId::try_from(ledger.case_count())
            .expect("fewer than 4 billion cases");
        let mut checker = Checker::new(
            agencies.clone(),
            executors.clone(),
            coordination.clone(),
            known,
            next_id,
        );
        let mut edit = LedgerEdit::new(ledger);
        let (mut agencies_added, mut executors_added, mut new_cases) = (Vec::new(), Vec::new(), 0);
        let mut facts = Vec::new();
        let mut faults = self.faults;
        let (mut next_seq, mut late) = (
            match positions {
                Positions::After(seq) => seq,
                Positions::Lines => 0,
            },
            0,
        );
        // Collected in place: the entries reuse the parsed records' memory.
        let entries: Vec<(crate::ledger::CaseId, Record)> = self
            .records
            .into_iter()
            .filter_map(|(line, mut record)| {
                let checked = checker
                    .check(&record)
                    .map_err(|e| faults.push(Fault::at_line(line, &e)));
                if !faults.is_empty() {
                    return None; // Only checking now: nothing of this file will be written.
                }
                let case = match checked.expect("no fault") {
                    Checked::Agency => {
                        if let Record::Agency(agency) = record {
                            agencies_added.push(agency);
                        }
                        return None;
                    }
                    Checked::Executor => {
                        if let Record::Executor(executor) = record {
                            executors_added.push(executor);
                        }
                        return None;
                    }
                    Checked::Coordination => {
                        if let Record::Coordination(fact) = record {
                            facts.push(*fact);
                        }
                        return None;
                    }
                    Checked::Case(case) => case,
                };
                record.set_counted_on(case.counted);
                late += usize::from(record.counted_on() != Some(record_day(&record)));
                next_seq += 1;
                let seq = match positions {
                    Positions::After(_) => next_seq,
                    Positions::Lines => line as u64,
                };
                let seq = u32::try_from(seq).expect("fewer than 4 billion journal events");
                match &record {
                    Record::Accepted { on, acceptance, .. } => {
                        let timeline = Timeline {
                            agency: case.agency,
                            mode: acceptance.mode,
                            categories: crate::Categories::of(&acceptance.categories),
                            accepted_on: *on,
                            accepted_counted: case.counted,
                            accepted_seq: seq,
                            amount: acceptance.amount,
                            judgment_kind: acceptance.judgment_kind,
                            budget_item: acceptance.budget_item,
                            steps: Vec::new(),
                        };
                        edit.add_case(case.id, timeline);
                        new_cases += 1;
                    }
                    Record::Event { on, event, .. } => {
                        let executors = checker.executors();
                        let step = Step {
                            on: *on,
                            counted: case.counted,
                            seq,
                            kind: event.kind(),
                            value: event
                                .value(|code| executors.index(code).expect("a checked assignment")),
                        };
                        edit.add_step(case.id, step);
                    }
                    Record::Agency(_) | Record::Executor(_) | Record::Coordination(_) => {
                        unreachable!("the checker answers in kind")
                    }
                }
                Some((case.id, record))
            })
            .collect();
        if !faults.is_empty() {
            return Err(faults);
        }
        Ok(Prepared {
            agencies: agencies_added,
            executors: executors_added,
            facts,
            coordination: checker.coordination,
            entries,
            chunks: edit.finish(),
            new_cases,
            late,
        })
    }
}

/// The date of a case record.
fn record_day(record: &Record) -> Day {
    match record {
        Record::Accepted { on, .. } | Record::Event { on, .. } => *on,
        _ => unreachable!("a case record"),
    }
}

impl Timeline {
    /// The case's agency and its state after every step.
    pub fn known_case(&self, id: CaseId) -> KnownCase {
        let mut state = CaseState::accepted(self.accepted_on, self.amount);
        for s in &self.steps {
            state
                .apply(s.on, s.kind, s.amount())
                .expect("the ledger holds only checked events");
        }
        KnownCase {
            id,
            agency: self.agency,
            mode: self.mode,
            state,
            counted: self
                .steps
                .last()
                .map_or(self.accepted_counted, |s| s.counted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{MAX_LINE_BYTES, parse_journal};

    const AGENCY: &str =
        r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#;

    fn accepted(debtor: &str) -> String {
        serde_json::json!({
            "type": "accepted", "case": "SL/1", "on": "2025-01-15", "agency": "SL",
            "mode": "on_request", "amount": 1000, "categories": [],
            "decision": "1/QĐ", "judgment": "2/DS",
            "debtor": {"name": debtor}, "creditor": {"name": "Ngân hàng"},
        })
        .to_string()
    }

    fn check_text(text: &str) -> Result<Prepared, Faults> {
        parse_journal(text).check(
            &AgencyTree::default(),
            &Executors::default(),
            &Default::default(),
            &crate::ledger::Ledger::default(),
            &HashMap::new(),
            Positions::After(0),
        )
    }

    #[test]
    fn a_byte_order_mark_starts_the_file_and_is_skipped() {
        let text = format!("\u{feff}{AGENCY}\n{}\n", accepted("Lò Văn Hùng"));
        let prepared = check_text(&text).unwrap();
        assert_eq!((prepared.agencies.len(), prepared.new_cases), (1, 1));
        // Elsewhere it is not a line's start, and the line is refused.
        let text = format!("{AGENCY}\n\u{feff}{}\n", accepted("Lò Văn Hùng"));
        assert_eq!(check_text(&text).unwrap_err().listed()[0].line, 2);
    }

    #[test]
    fn a_line_longer_than_the_limit_is_one_fault_at_its_line() {
        let long = format!(
            "{}{}",
            accepted(&"A".repeat(MAX_LINE_BYTES)),
            " ".repeat(10)
        );
        let text = format!("{AGENCY}\n{long}\n{}\n", accepted("x"));
        let faults = check_text(&text).unwrap_err();
        assert_eq!(faults.listed(), &[Fault::line_too_long(2)]);
        // Just within the limit, the same line is read.
        let name = "A".repeat(MAX_LINE_BYTES - accepted("").len());
        let text = format!("{AGENCY}\n{}\n", accepted(&name));
        assert_eq!(check_text(&text).unwrap().new_cases, 1);
    }

    #[test]
    fn control_characters_are_refused_in_every_text() {
        for (name, character) in [
            ("Lò\u{0}Văn", 0),
            ("Lò\tVăn", 9),
            ("Lò\u{85}Văn", 0x85),
            ("Lò\u{7f}", 0x7f),
        ] {
            let faults = check_text(&format!("{AGENCY}\n{}\n", accepted(name))).unwrap_err();
            assert_eq!(
                faults.listed()[0].to_string(),
                format!(
                    "line 2: case SL/1: the debtor's name holds the control character U+{character:04X}, which no text may hold"
                )
            );
        }
        let agency = AGENCY.replace("tỉnh Sơn La", "tỉnh\\r\\nSơn La");
        let faults = check_text(&format!("{agency}\n")).unwrap_err();
        assert_eq!(
            faults.listed()[0].reason.to_string(),
            "agency SL: the name holds the control character U+000D, which no text may hold"
        );
        let reason = r#"{"type":"unable","case":"SL/1","on":"2025-02-01","reason":"không\u0007"}"#;
        let text = format!("{AGENCY}\n{}\n{reason}\n", accepted("Lò Văn Hùng"));
        let faults = check_text(&text).unwrap_err();
        assert_eq!(faults.listed()[0].line, 3);
        assert!(faults.listed()[0].reason.to_string().contains("the reason"));
    }
}
