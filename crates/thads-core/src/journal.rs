//! The journal exchange format (`journal-format.md`): one JSON object a line.
//!
//! [`parse_line`] turns a line into a [`Record`] of domain types, [`write_record`]
//! writes one back in the canonical form that `thads export` produces, and
//! [`Checker`] applies the rules that span lines (declared agencies, unique
//! case codes, the case fold).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

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
    amount: Option<serde_json::Number>,
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

fn money(value: &Option<serde_json::Number>, minimum: i64) -> Result<Vnd, LineError> {
    let number = required(value, "amount")?;
    match number.as_i64() {
        Some(n) if n >= minimum => Ok(Vnd(n)),
        Some(n) => Err(LineError(format!(
            "amount {} must be at least {}",
            Vnd(n),
            Vnd(minimum)
        ))),
        None => Err(LineError(format!(
            "amount {number} is not a whole number of đồng"
        ))),
    }
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
            "not a valid journal line: invalid type: string \"5000\", expected a JSON number",
        );
    }
}

/// An error of an imported file, at its line (or, in a spreadsheet, its
/// row and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The line number (a spreadsheet's row number), from 1.
    pub line: usize,
    /// A spreadsheet's column heading; `None` in a journal.
    pub column: Option<String>,
    /// What is wrong, for a clerk.
    pub message: String,
    /// The same in Vietnamese, where it is written (the pages show it).
    pub vietnamese: Option<String>,
}

impl Fault {
    /// A fault of a journal line.
    pub fn at_line(line: usize, message: impl Into<String>) -> Fault {
        Fault {
            line,
            column: None,
            message: message.into(),
            vietnamese: None,
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "row {}, column “{column}”: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// A journal file parsed line by line: the records, and the lines that are
/// not records.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Every well-formed record with its line number, in file order.
    pub records: Vec<(usize, Record)>,
    /// Every malformed line.
    pub faults: Vec<Fault>,
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
    /// Blank lines are skipped.
    pub fn push_line(&mut self, number: usize, line: &str) {
        let line = line.trim_end_matches(['\n', '\r']);
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
    /// and prepares what to write. Returns every fault of the file, by line,
    /// if there is any.
    pub fn check(
        self,
        agencies: &AgencyTree,
        ledger: &crate::ledger::Ledger,
        stored_ids: &HashMap<CaseCode, crate::ledger::CaseId>,
    ) -> Result<Prepared, Vec<Fault>> {
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
            faults.sort_by_key(|f| f.line);
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
