//! The journal exchange format (`journal-format.md`): one JSON object a line.
//!
//! [`parse_line`] turns a line into a [`Record`] of domain types, [`write_record`]
//! writes one back in the canonical form that `thads export` produces, and
//! [`Checker`] applies the rules that span lines (declared agencies, unique
//! case codes, the case fold).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::fault::{Fault, Faults};

use crate::agency::AgencyIndex;
use crate::event::Kind;
use crate::{
    Acceptance, Agency, AgencyCode, AgencyTree, CaseCode, CaseState, Category, Day, Event, Mode,
    Party, RuleError, Vnd,
};

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// An agency declaration.
    Agency(Agency),
    /// A case opens (thụ lý).
    Accepted {
        /// The new case.
        case: CaseCode,
        /// The date of acceptance.
        on: Day,
        /// What was accepted.
        acceptance: Box<Acceptance>,
    },
    /// Something happens to an open case.
    Event {
        /// The case.
        case: CaseCode,
        /// The date it took legal effect.
        on: Day,
        /// What happened.
        event: Event,
    },
}

/// A line that is not a well-formed journal record. The text is for a clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LineError(pub String);

/// A line as written: every field the format knows, each optional, so that
/// one pass over the text finds the fields and the rules below say which
/// belong to which type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireLine<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    parent: Option<Cow<'a, str>>,
    #[serde(borrow)]
    case: Option<Cow<'a, str>>,
    #[serde(borrow)]
    on: Option<Cow<'a, str>>,
    #[serde(borrow)]
    agency: Option<Cow<'a, str>>,
    #[serde(borrow)]
    mode: Option<Cow<'a, str>>,
    /// As written, so that a clerk hears what is wrong with it: an
    /// exponent, a fraction, a value above the ceiling.
    #[serde(borrow)]
    amount: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    categories: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    decision: Option<Cow<'a, str>>,
    #[serde(borrow)]
    judgment: Option<Cow<'a, str>>,
    #[serde(borrow)]
    debtor: Option<WireParty<'a>>,
    #[serde(borrow)]
    creditor: Option<WireParty<'a>>,
    #[serde(borrow)]
    reason: Option<Cow<'a, str>>,
    #[serde(borrow)]
    to: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireParty<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    address: Option<Cow<'a, str>>,
}

impl WireLine<'_> {
    /// The names of the fields present, in the format's order.
    fn present(&self) -> impl Iterator<Item = &'static str> {
        [
            ("code", self.code.is_some()),
            ("name", self.name.is_some()),
            ("parent", self.parent.is_some()),
            ("case", self.case.is_some()),
            ("on", self.on.is_some()),
            ("agency", self.agency.is_some()),
            ("mode", self.mode.is_some()),
            ("amount", self.amount.is_some()),
            ("categories", self.categories.is_some()),
            ("decision", self.decision.is_some()),
            ("judgment", self.judgment.is_some()),
            ("debtor", self.debtor.is_some()),
            ("creditor", self.creditor.is_some()),
            ("reason", self.reason.is_some()),
            ("to", self.to.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
    }
}

fn missing(field: &str) -> LineError {
    LineError(format!("field “{field}” is missing"))
}

fn required<'a, T>(value: &'a Option<T>, field: &str) -> Result<&'a T, LineError> {
    value.as_ref().ok_or_else(|| missing(field))
}

fn text(value: &Option<Cow<'_, str>>, field: &str) -> Result<String, LineError> {
    let s = required(value, field)?.trim();
    if s.is_empty() {
        return Err(LineError(format!("field “{field}” is empty")));
    }
    Ok(s.to_owned())
}

fn optional_text(value: &Option<Cow<'_, str>>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An amount as the line writes it: a JSON number of whole đồng, every
/// digit written, from `minimum` to [`Vnd::CEILING`].
fn money(value: &Option<&serde_json::value::RawValue>, minimum: i64) -> Result<Vnd, LineError> {
    let raw = required(value, "amount")?.get();
    let fail = |why: &str| Err(LineError(format!("amount {raw} {why}")));
    if raw.starts_with('"') {
        return fail("is text: write the number without quotes");
    }
    if raw.contains(['e', 'E']) && raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return fail("is written with an exponent: write every digit (1000, not 1e3)");
    }
    if raw.contains('.') {
        return fail("is not a whole number of đồng");
    }
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return fail("is not a number");
    }
    // 30 digits and more: far above the ceiling, too long to hold.
    if digits.len() >= 30 {
        return fail(&format!(
            "is more than a case may hold (at most {})",
            Vnd::CEILING
        ));
    }
    let amount = Vnd::within_ceiling(raw.parse().expect("at most 30 digits"))
        .map_err(|e| LineError(format!("amount {e}")))?;
    if amount.get() < minimum {
        return Err(LineError(format!(
            "amount {amount} must be at least {}",
            Vnd(minimum)
        )));
    }
    Ok(amount)
}

fn party(value: &Option<WireParty<'_>>, field: &str) -> Result<Party, LineError> {
    let p = required(value, field)?;
    let name = p.name.trim();
    if name.is_empty() {
        return Err(LineError(format!("the {field}'s name is empty")));
    }
    Ok(Party {
        name: name.to_owned(),
        id: optional_text(&p.id),
        address: optional_text(&p.address),
    })
}

/// The fields each type allows, besides `type`.
fn allowed_fields(kind: &str) -> Option<&'static [&'static str]> {
    const EVENT: &[&str] = &["case", "on"];
    Some(match kind {
        "agency" => &["code", "name", "parent"],
        "accepted" => &[
            "case",
            "on",
            "agency",
            "mode",
            "amount",
            "categories",
            "decision",
            "judgment",
            "debtor",
            "creditor",
        ],
        "collected" | "reduced" => &["case", "on", "amount"],
        "unable" | "terminated" => &["case", "on", "reason"],
        "entrusted" => &["case", "on", "to"],
        other => Kind::parse(other).map(|_| EVENT)?,
    })
}

/// Strips serde_json's position suffix: the line number is ours to give, and
/// a column means little to a clerk.
fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    }
}

/// Parses one journal line.
pub fn parse_line(line: &str) -> Result<Record, LineError> {
    let wire: WireLine<'_> = serde_json::from_str(line).map_err(|e| {
        if e.is_eof() {
            LineError("the line ends before its JSON object is complete".to_owned())
        } else {
            LineError(format!("not a valid journal line: {}", json_message(&e)))
        }
    })?;
    let allowed = allowed_fields(&wire.kind)
        .ok_or_else(|| LineError(format!("unknown type “{}”", wire.kind)))?;
    if let Some(extra) = wire.present().find(|f| !allowed.contains(f)) {
        return Err(LineError(format!(
            "“{}” lines have no field “{extra}”",
            wire.kind
        )));
    }
    if wire.kind == "agency" {
        let code = AgencyCode::parse(required(&wire.code, "code")?)
            .map_err(|e| LineError(e.to_string()))?;
        let parent = match wire.parent.as_deref() {
            None => None,
            Some(p) => Some(AgencyCode::parse(p).map_err(|e| LineError(format!("parent: {e}")))?),
        };
        return Ok(Record::Agency(Agency {
            code,
            name: text(&wire.name, "name")?,
            parent,
        }));
    }
    let case =
        CaseCode::parse(required(&wire.case, "case")?).map_err(|e| LineError(e.to_string()))?;
    let on: Day = required(&wire.on, "on")?
        .parse()
        .map_err(|e| LineError(format!("on: {e}")))?;
    let event = match &*wire.kind {
        "accepted" => {
            let agency = AgencyCode::parse(required(&wire.agency, "agency")?)
                .map_err(|e| LineError(format!("agency: {e}")))?;
            let mode_text = required(&wire.mode, "mode")?;
            let mode = Mode::parse(mode_text).ok_or_else(|| {
                LineError(format!("mode “{mode_text}” is neither “ex_officio” (chủ động) nor “on_request” (theo đơn)"))
            })?;
            let mut categories = Vec::new();
            for name in required(&wire.categories, "categories")? {
                let category = Category::parse(name).ok_or_else(|| {
                    LineError(format!(
                        "category “{name}” is unknown (use state_budget, credit_institution or corruption_economic)"
                    ))
                })?;
                if categories.contains(&category) {
                    return Err(LineError(format!("category “{name}” is listed twice")));
                }
                categories.push(category);
            }
            let acceptance = Acceptance {
                agency,
                mode,
                amount: money(&wire.amount, 0)?,
                categories,
                decision: text(&wire.decision, "decision")?,
                judgment: text(&wire.judgment, "judgment")?,
                debtor: party(&wire.debtor, "debtor")?,
                creditor: party(&wire.creditor, "creditor")?,
            };
            return Ok(Record::Accepted {
                case,
                on,
                acceptance: Box::new(acceptance),
            });
        }
        "unable" => Event::Unable {
            reason: optional_text(&wire.reason),
        },
        "terminated" => Event::Terminated {
            reason: optional_text(&wire.reason),
        },
        "collected" => Event::Collected(money(&wire.amount, 1)?),
        "reduced" => Event::Reduced(money(&wire.amount, 1)?),
        "entrusted" => Event::Entrusted {
            to: AgencyCode::parse(required(&wire.to, "to")?)
                .map_err(|e| LineError(format!("to: {e}")))?,
        },
        "able" => Event::Able,
        "postponed" => Event::Postponed,
        "suspended" => Event::Suspended,
        "resumed" => Event::Resumed,
        "completed" => Event::Completed,
        _ => unreachable!("allowed_fields knows every type"),
    };
    Ok(Record::Event { case, on, event })
}

#[derive(Serialize)]
struct OutAgency<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    code: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
}

#[derive(Serialize)]
struct OutAccepted<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    case: &'a str,
    on: String,
    agency: &'a str,
    mode: &'static str,
    amount: i64,
    categories: Vec<&'static str>,
    decision: &'a str,
    judgment: &'a str,
    debtor: WireParty<'a>,
    creditor: WireParty<'a>,
}

#[derive(Serialize)]
struct OutEvent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    case: &'a str,
    on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
}

fn out_party(p: &Party) -> WireParty<'_> {
    WireParty {
        name: Cow::Borrowed(&p.name),
        id: p.id.as_deref().map(Cow::Borrowed),
        address: p.address.as_deref().map(Cow::Borrowed),
    }
}

/// Writes a record as one canonical journal line (without the newline).
pub fn write_record(record: &Record) -> String {
    let json = match record {
        Record::Agency(a) => serde_json::to_string(&OutAgency {
            kind: "agency",
            code: a.code.as_str(),
            name: &a.name,
            parent: a.parent.as_ref().map(AgencyCode::as_str),
        }),
        Record::Accepted {
            case,
            on,
            acceptance: a,
        } => serde_json::to_string(&OutAccepted {
            kind: "accepted",
            case: case.as_str(),
            on: on.to_string(),
            agency: a.agency.as_str(),
            mode: a.mode.as_str(),
            amount: a.amount.get(),
            categories: a.categories.iter().map(|c| c.as_str()).collect(),
            decision: &a.decision,
            judgment: &a.judgment,
            debtor: out_party(&a.debtor),
            creditor: out_party(&a.creditor),
        }),
        Record::Event { case, on, event } => {
            let (reason, to) = match event {
                Event::Unable { reason } | Event::Terminated { reason } => {
                    (reason.as_deref(), None)
                }
                Event::Entrusted { to } => (None, Some(to.as_str())),
                _ => (None, None),
            };
            let amount = matches!(event, Event::Collected(_) | Event::Reduced(_))
                .then(|| event.amount().get());
            serde_json::to_string(&OutEvent {
                kind: event.kind().as_str(),
                case: case.as_str(),
                on: on.to_string(),
                amount,
                reason,
                to,
            })
        }
    };
    json.expect("journal records always serialize")
}

/// A case the checker has seen, from the file or from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCase {
    /// Its place in the ledger.
    pub id: crate::ledger::CaseId,
    /// The accepting agency.
    pub agency: AgencyIndex,
    /// Its state after every event seen so far.
    pub state: CaseState,
}

/// Why a record breaks a rule that spans lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// An agency declaration that cannot join the tree.
    #[error("{0}")]
    Agency(#[from] crate::agency::AgencyError),
    /// A case that is accepted twice.
    #[error("case {0}: this case code is already used by another case")]
    DuplicateCase(CaseCode),
    /// An `accepted` event names an unknown agency.
    #[error("case {case}: agency {agency} is not declared (declare it on an earlier line)")]
    UnknownAgency {
        /// The case.
        case: CaseCode,
        /// The agency named.
        agency: AgencyCode,
    },
    /// An event for a case that was never accepted.
    #[error("case {0}: no such case (its “accepted” line must come first)")]
    UnknownCase(CaseCode),
    /// Entrusting to an unknown agency or to the case's own agency.
    #[error("case {case}: cannot entrust to {to}: {}", why.english())]
    BadEntrustee {
        /// The case.
        case: CaseCode,
        /// The agency named.
        to: AgencyCode,
        /// What is wrong with it.
        why: NotEntrustable,
    },
    /// An event that the case's state does not allow.
    #[error("case {case}: {rule}")]
    Rule {
        /// The case.
        case: CaseCode,
        /// The rule broken.
        rule: RuleError,
    },
    /// An acceptance for more than a case may hold, or less than nothing.
    #[error("case {case}: {error}")]
    Amount {
        /// The case.
        case: CaseCode,
        /// What is wrong with the amount.
        error: crate::money::BadAmount,
    },
    /// A text holding a control character (NUL, a tab, a line break…):
    /// nothing a name, a number or a reason is typed with, and what one
    /// database stores and another refuses.
    #[error(
        "{} {code}: {} holds the control character U+{:04X}, which no text may hold",
        field.subject(), field.english(), u32::from(*character)
    )]
    ControlCharacter {
        /// The case's code, or the agency's.
        code: String,
        /// The field.
        field: TextField,
        /// The first control character in it.
        character: char,
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
}

impl TextField {
    fn subject(self) -> &'static str {
        match self {
            TextField::AgencyName => "agency",
            _ => "case",
        }
    }

    /// The field as an English sentence names it.
    pub fn english(self) -> &'static str {
        match self {
            TextField::AgencyName => "the name",
            TextField::Decision => "the decision",
            TextField::Judgment => "the judgment",
            TextField::DebtorName => "the debtor's name",
            TextField::DebtorId => "the debtor's identity number",
            TextField::DebtorAddress => "the debtor's address",
            TextField::CreditorName => "the creditor's name",
            TextField::CreditorId => "the creditor's identity number",
            TextField::CreditorAddress => "the creditor's address",
            TextField::Reason => "the reason",
        }
    }

    /// The field as a Vietnamese sentence names it.
    pub fn vietnamese(self) -> &'static str {
        match self {
            TextField::AgencyName => "tên",
            TextField::Decision => "quyết định thi hành án",
            TextField::Judgment => "bản án, quyết định",
            TextField::DebtorName => "tên người phải thi hành án",
            TextField::DebtorId => "số giấy tờ tùy thân của người phải thi hành án",
            TextField::DebtorAddress => "địa chỉ người phải thi hành án",
            TextField::CreditorName => "tên người được thi hành án",
            TextField::CreditorId => "số giấy tờ tùy thân của người được thi hành án",
            TextField::CreditorAddress => "địa chỉ người được thi hành án",
            TextField::Reason => "lý do",
        }
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
            texts
        }
        Record::Event { event, .. } => match event {
            Event::Unable { reason } | Event::Terminated { reason } => {
                vec![(TextField::Reason, reason.as_deref())]
            }
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

impl NotEntrustable {
    fn english(self) -> &'static str {
        match self {
            NotEntrustable::Unknown => "no such agency is declared",
            NotEntrustable::OwnAgency => "that is the case's own agency",
        }
    }

    fn vietnamese(self) -> &'static str {
        match self {
            NotEntrustable::Unknown => "không có đơn vị này",
            NotEntrustable::OwnAgency => "đó là chính cơ quan của việc",
        }
    }
}

impl CheckError {
    /// The error in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            CheckError::Agency(e) => e.vietnamese(),
            CheckError::DuplicateCase(case) => {
                format!("việc {case}: mã việc này đã được dùng cho một việc khác")
            }
            CheckError::UnknownAgency { case, agency } => {
                format!("việc {case}: đơn vị {agency} chưa được khai báo")
            }
            CheckError::UnknownCase(case) => {
                format!("việc {case}: không có việc này (dòng thụ lý phải có trước)")
            }
            CheckError::BadEntrustee { case, to, why } => {
                format!(
                    "việc {case}: không thể ủy thác cho {to}: {}",
                    why.vietnamese()
                )
            }
            CheckError::Rule { case, rule } => format!("việc {case}: {}", rule.vietnamese()),
            CheckError::Amount { case, error } => format!("việc {case}: {}", error.vietnamese()),
            CheckError::ControlCharacter {
                code,
                field,
                character,
            } => format!(
                "{} {code}: {} có ký tự điều khiển U+{:04X}, điều mà không văn bản nào được chứa",
                match field {
                    TextField::AgencyName => "đơn vị",
                    _ => "việc",
                },
                field.vietnamese(),
                u32::from(*character)
            ),
        }
    }
}

/// Applies the rules that span lines, record by record, in journal order.
///
/// It starts from what the store already holds (its agencies, and the cases
/// that the new records refer to) and keeps state only for what it has seen.
/// A record that breaks a rule changes nothing, so checking goes on and every
/// error of a file is found in one pass.
#[derive(Debug, Default)]
pub struct Checker {
    agencies: AgencyTree,
    cases: HashMap<CaseCode, KnownCase>,
    next_id: crate::ledger::CaseId,
}

/// What a valid record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// An agency, now in the tree.
    Agency,
    /// A case, new or stored.
    Case(KnownCase),
}

impl Checker {
    /// A checker that knows the stored agencies and the stored cases that
    /// the records refer to; new cases get ids from `next_id` on.
    pub fn new(
        agencies: AgencyTree,
        stored_cases: HashMap<CaseCode, KnownCase>,
        next_id: crate::ledger::CaseId,
    ) -> Checker {
        Checker {
            agencies,
            cases: stored_cases,
            next_id,
        }
    }

    /// Checks one record and, if it is valid, takes it into account.
    pub fn check(&mut self, record: &Record) -> Result<Checked, CheckError> {
        if let Some((field, character)) = control_character(record) {
            let code = match record {
                Record::Agency(agency) => agency.code.to_string(),
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
            Record::Accepted {
                case,
                on,
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
                let agency = self.agencies.index(&acceptance.agency).ok_or_else(|| {
                    CheckError::UnknownAgency {
                        case: case.clone(),
                        agency: acceptance.agency.clone(),
                    }
                })?;
                let known = KnownCase {
                    id: self.next_id,
                    agency,
                    state: CaseState::accepted(*on, acceptance.amount),
                };
                self.next_id += 1;
                self.cases.insert(case.clone(), known);
                Ok(Checked::Case(known))
            }
            Record::Event { case, on, event } => {
                let known = self
                    .cases
                    .get_mut(case)
                    .ok_or_else(|| CheckError::UnknownCase(case.clone()))?;
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
                known
                    .state
                    .apply(*on, event.kind(), event.amount())
                    .map_err(|rule| CheckError::Rule {
                        case: case.clone(),
                        rule,
                    })?;
                Ok(Checked::Case(*known))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back_every_record_type() {
        let lines = [
            r#"{"type":"agency","code":"SL","name":"Thi hành án dân sự tỉnh Sơn La","parent":null}"#,
            r#"{"type":"agency","code":"SL-KV1","name":"Phòng Thi hành án dân sự khu vực 1","parent":"SL"}"#,
            r#"{"type":"accepted","case":"SL/2025/00001","on":"2025-01-15","agency":"SL","mode":"on_request","amount":150000000,"categories":["credit_institution","state_budget"],"decision":"12/QĐ-THADS","judgment":"45/2024/DS-ST","debtor":{"name":"Lò Văn Hùng","id":"014123456789"},"creditor":{"name":"Ngân hàng","address":"Sơn La"}}"#,
            r#"{"type":"collected","case":"SL/2025/00001","on":"2025-03-10","amount":50000000}"#,
            r#"{"type":"reduced","case":"SL/2025/00001","on":"2025-03-10","amount":1}"#,
            r#"{"type":"unable","case":"SL/2025/00001","on":"2025-05-02","reason":"Không có tài sản"}"#,
            r#"{"type":"unable","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"able","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"postponed","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"suspended","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"resumed","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"completed","case":"SL/2025/00001","on":"2025-05-02"}"#,
            r#"{"type":"terminated","case":"SL/2025/00001","on":"2025-05-02","reason":"Miễn"}"#,
            r#"{"type":"entrusted","case":"SL/2025/00001","on":"2025-05-02","to":"SL-KV1"}"#,
        ];
        for line in lines {
            let record = parse_line(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(write_record(&record), line);
        }
    }

    #[test]
    fn explains_malformed_lines() {
        let check = |line: &str, message: &str| {
            assert_eq!(parse_line(line).unwrap_err().to_string(), message)
        };
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":1000"#,
            "the line ends before its JSON object is complete",
        );
        check(
            r#"{"type":"paid","case":"X","on":"2025-01-01"}"#,
            "unknown type “paid”",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01"}"#,
            "field “amount” is missing",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":1.5}"#,
            "amount 1.5 is not a whole number of đồng",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":0}"#,
            "amount 0 đ must be at least 1 đ",
        );
        check(
            r#"{"type":"able","case":"X","on":"2025-01-01","amount":5}"#,
            "“able” lines have no field “amount”",
        );
        check(
            r#"{"type":"able","case":"X","on":"01/01/2025"}"#,
            "on: “01/01/2025” is not a calendar date written YYYY-MM-DD",
        );
        check(
            r#"{"type":"able","case":"X","on":"2025-01-01","note":"x"}"#,
            "not a valid journal line: unknown field `note`, expected one of `type`, `code`, `name`, `parent`, `case`, `on`, `agency`, `mode`, `amount`, `categories`, `decision`, `judgment`, `debtor`, `creditor`, `reason`, `to`",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":"5000"}"#,
            "amount \"5000\" is text: write the number without quotes",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":1e3}"#,
            "amount 1e3 is written with an exponent: write every digit (1000, not 1e3)",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":1.0}"#,
            "amount 1.0 is not a whole number of đồng",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":true}"#,
            "amount true is not a number",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":-5}"#,
            "amount -5 đ is negative",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":9223372036854775808}"#,
            "amount 9.223.372.036.854.775.808 đ is more than a case may hold (at most 1.000.000.000.000.000 đ, a million billion đồng)",
        );
        check(
            r#"{"type":"reduced","case":"X","on":"2025-01-01","amount":1000000000000001}"#,
            "amount 1.000.000.000.000.001 đ is more than a case may hold (at most 1.000.000.000.000.000 đ, a million billion đồng)",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":123456789012345678901234567890123}"#,
            "amount 123456789012345678901234567890123 is more than a case may hold (at most 1.000.000.000.000.000 đ)",
        );
    }

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
            &crate::ledger::Ledger::default(),
            &HashMap::new(),
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
            faults.listed()[0].message,
            "agency SL: the name holds the control character U+000D, which no text may hold"
        );
        let reason = r#"{"type":"unable","case":"SL/1","on":"2025-02-01","reason":"không\u0007"}"#;
        let text = format!("{AGENCY}\n{}\n{reason}\n", accepted("Lò Văn Hùng"));
        let faults = check_text(&text).unwrap_err();
        assert_eq!(faults.listed()[0].line, 3);
        assert!(faults.listed()[0].message.contains("the reason"));
    }
}

/// A journal file parsed line by line: the records, and the lines that are
/// not records.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Every well-formed record with its line number, in file order.
    pub records: Vec<(usize, Record)>,
    /// The malformed lines.
    pub faults: Faults,
}

/// The longest line a journal may have: 1 MiB. A real record is under
/// 2 KiB; the limit keeps one line from taking the reader's memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

impl Fault {
    /// The fault of a line longer than [`MAX_LINE_BYTES`].
    pub fn line_too_long(line: usize) -> Fault {
        Fault {
            vietnamese: Some(
                "dòng dài hơn 1 MiB (1.048.576 byte), mức tối đa của một dòng nhật ký".to_owned(),
            ),
            ..Fault::at_line(
                line,
                "the line is longer than 1 MiB (1,048,576 bytes), the most a journal line may be",
            )
        }
    }
}

/// Parses a whole journal text.
pub fn parse_journal(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        parsed.push_line(i + 1, line);
    }
    parsed
}

/// What a checked journal adds to a store.
#[derive(Debug, Default)]
pub struct Prepared {
    /// New agencies, in file order.
    pub agencies: Vec<Agency>,
    /// Case records in file order, each with its case's id.
    pub entries: Vec<(crate::ledger::CaseId, Record)>,
    /// The ledger chunks that change.
    pub chunks: Vec<(usize, crate::ledger::Chunk)>,
    /// How many cases are new.
    pub new_cases: usize,
}

impl Parsed {
    /// Parses a line (numbered from 1), keeping its record or its fault.
    /// Blank lines are skipped, and so is the byte-order mark that some
    /// editors (Windows Notepad) put at the start of a file.
    pub fn push_line(&mut self, number: usize, line: &str) {
        let line = line.trim_end_matches(['\n', '\r']);
        let line = match number {
            1 => line.strip_prefix('\u{feff}').unwrap_or(line),
            _ => line,
        };
        if line.len() > MAX_LINE_BYTES {
            self.faults.push(Fault::line_too_long(number));
            return;
        }
        if line.trim().is_empty() {
            return;
        }
        match parse_line(line) {
            Ok(record) => self.records.push((number, record)),
            Err(e) => self.faults.push(Fault::at_line(number, e.0)),
        }
    }

    /// The codes of the cases the records refer to (each once), to look up
    /// in the store.
    pub fn case_codes(&self) -> Vec<&CaseCode> {
        let mut seen = std::collections::HashSet::with_capacity(self.records.len() / 2);
        self.records
            .iter()
            .filter_map(|(_, r)| match r {
                Record::Accepted { case, .. } | Record::Event { case, .. } => Some(case),
                Record::Agency(_) => None,
            })
            .filter(|case| seen.insert(*case))
            .collect()
    }

    /// Checks every record against the stored agencies, the stored ledger and
    /// the ids of the stored cases it refers to (from [`Parsed::case_codes`]),
    /// and prepares what to write. Returns the faults of the file, by line,
    /// if there is any.
    pub fn check(
        self,
        agencies: &AgencyTree,
        ledger: &crate::ledger::Ledger,
        stored_ids: &HashMap<CaseCode, crate::ledger::CaseId>,
    ) -> Result<Prepared, Faults> {
        use crate::ledger::{LedgerEdit, Step, Timeline};

        let mut known = HashMap::with_capacity(stored_ids.len() + self.records.len() / 2);
        for (code, id) in stored_ids {
            let timeline = ledger.timeline(*id).expect("stored case in the ledger");
            known.insert(code.clone(), timeline.known_case(*id));
        }
        let next_id = crate::ledger::CaseId::try_from(ledger.case_count())
            .expect("fewer than 4 billion cases");
        let mut checker = Checker::new(agencies.clone(), known, next_id);
        let mut edit = LedgerEdit::new(ledger);
        let (mut agencies_added, mut new_cases) = (Vec::new(), 0);
        let mut faults = self.faults;
        // Collected in place: the entries reuse the parsed records' memory.
        let entries: Vec<(crate::ledger::CaseId, Record)> = self
            .records
            .into_iter()
            .filter_map(|(line, record)| {
                let checked = checker.check(&record).map_err(|e| {
                    faults.push(Fault {
                        vietnamese: Some(e.vietnamese()),
                        ..Fault::at_line(line, e.to_string())
                    })
                });
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
                    Checked::Case(case) => case,
                };
                match &record {
                    Record::Accepted { on, acceptance, .. } => {
                        let timeline = Timeline {
                            agency: case.agency,
                            categories: crate::Categories::of(&acceptance.categories),
                            accepted_on: *on,
                            amount: acceptance.amount,
                            steps: Vec::new(),
                        };
                        edit.add_case(case.id, timeline);
                        new_cases += 1;
                    }
                    Record::Event { on, event, .. } => {
                        let step = Step {
                            on: *on,
                            kind: event.kind(),
                            amount: event.amount(),
                        };
                        edit.add_step(case.id, step);
                    }
                    Record::Agency(_) => unreachable!("the checker answers in kind"),
                }
                Some((case.id, record))
            })
            .collect();
        if !faults.is_empty() {
            return Err(faults);
        }
        Ok(Prepared {
            agencies: agencies_added,
            entries,
            chunks: edit.finish(),
            new_cases,
        })
    }
}
