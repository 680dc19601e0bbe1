//! The journal exchange format (`journal-format.md`): one JSON object a line.
//!
//! [`parse_line`] turns a line into a [`Record`] of domain types, and
//! [`write_record`] writes one back in the canonical form that `thads
//! export` produces; [`Parsed`] is a file parsed line by line. The rules that
//! span lines are [`crate::check`]'s.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use crate::fault::{Fault, Faults};

use crate::event::{Kind, UnableGround};
use crate::executor::{Executor, ExecutorCode};
use crate::text::Text;
use crate::{
    Acceptance, Agency, AgencyCode, BankAccount, BudgetItem, CaseCode, Category, Creditor, Day,
    Event, EventParts, JudgmentKind, Mode, Party, Vnd,
};

/// One line of a journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// An agency declaration.
    Agency(Agency),
    /// An executor declaration (format version 2).
    Executor(Executor),
    /// A case opens (thụ lý).
    Accepted {
        /// The new case.
        case: CaseCode,
        /// The date of acceptance.
        on: Day,
        /// The day it counts in the statistics, when that is later than
        /// `on`: recorded after a close that covered `on` (statistics.md,
        /// "Statistical date").
        counted_on: Option<Day>,
        /// What was accepted.
        acceptance: Box<Acceptance>,
    },
    /// A fact of coordination with partner agencies (format version 2).
    Coordination(Box<crate::coordination::Fact>),
    /// Something happens to an open case.
    Event {
        /// The case.
        case: CaseCode,
        /// The date it took legal effect.
        on: Day,
        /// The day it counts in the statistics, when later than `on`.
        counted_on: Option<Day>,
        /// What happened.
        event: Event,
    },
}

impl Record {
    /// The day a case record counts in the statistics: its `counted_on`,
    /// or its date (`None` for a record that is not a case's).
    pub fn counted_on(&self) -> Option<Day> {
        match self {
            Record::Accepted { on, counted_on, .. } | Record::Event { on, counted_on, .. } => {
                Some(counted_on.unwrap_or(*on))
            }
            _ => None,
        }
    }

    /// Says the day a case record counts in the statistics: kept only when
    /// it is later than the record's date.
    pub(crate) fn set_counted_on(&mut self, day: Day) {
        if let Record::Accepted { on, counted_on, .. } | Record::Event { on, counted_on, .. } = self
        {
            *counted_on = (day != *on).then_some(day);
        }
    }
}

/// A line that is not a well-formed journal record: what is wrong, for a
/// clerk, with the facts it names (the field, the value as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError(pub Text);

impl LineError {
    fn new(key: &'static str) -> LineError {
        LineError(Text::new(key))
    }

    fn with(self, name: &'static str, value: impl Into<crate::text::Arg>) -> LineError {
        LineError(self.0.with(name, value))
    }

    /// The reason of a field's value: `on: “…” is not a calendar date`.
    fn in_field(field: &'static str, reason: impl Into<Text>) -> LineError {
        LineError::new("line-field")
            .with("field", field)
            .with("reason", reason.into())
    }
}

impl From<&LineError> for Text {
    fn from(e: &LineError) -> Text {
        e.0.clone()
    }
}

crate::said_in_english!(LineError);

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
    #[serde(borrow)]
    ground: Option<Cow<'a, str>>,
    #[serde(borrow)]
    executor: Option<Cow<'a, str>>,
    means: Option<bool>,
    #[serde(borrow)]
    note: Option<Cow<'a, str>>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "kind")]
    request_kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    partner: Option<Cow<'a, str>>,
    #[serde(borrow)]
    request: Option<Cow<'a, str>>,
    real_estate: Option<bool>,
    complex: Option<bool>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    phone: Option<Cow<'a, str>>,
    #[serde(borrow)]
    email: Option<Cow<'a, str>>,
    #[serde(borrow)]
    attachment: Option<WireAttachment<'a>>,
    #[serde(borrow)]
    attachments: Option<Vec<WireAttachment<'a>>>,
    #[serde(borrow)]
    from: Option<Cow<'a, str>>,
    #[serde(borrow)]
    agenda: Option<Cow<'a, str>>,
    #[serde(borrow)]
    meeting: Option<Cow<'a, str>>,
    #[serde(borrow)]
    assessment: Option<Cow<'a, str>>,
    #[serde(borrow)]
    causes: Option<Cow<'a, str>>,
    #[serde(borrow)]
    direction: Option<Cow<'a, str>>,
    #[serde(borrow)]
    figures: Option<Cow<'a, str>>,
    #[serde(borrow)]
    conclusion: Option<Cow<'a, str>>,
    #[serde(borrow)]
    due: Option<Cow<'a, str>>,
    #[serde(borrow)]
    expected: Option<Cow<'a, str>>,
    done: Option<bool>,
    #[serde(borrow)]
    number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    position: Option<Cow<'a, str>>,
    #[serde(borrow)]
    role: Option<Cow<'a, str>>,
    #[serde(borrow)]
    member: Option<Cow<'a, str>>,
    #[serde(borrow)]
    directive: Option<Cow<'a, str>>,
    #[serde(borrow)]
    issuer: Option<Cow<'a, str>>,
    #[serde(borrow)]
    agencies: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    cases: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    category: Option<Cow<'a, str>>,
    #[serde(borrow)]
    min_owed: Option<&'a serde_json::value::RawValue>,
    target_cases: Option<u64>,
    #[serde(borrow)]
    target_money: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    plan: Option<Vec<WirePlanStep<'a>>>,
    step: Option<u32>,
    #[serde(borrow)]
    members: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    guests: Option<Cow<'a, str>>,
    #[serde(borrow)]
    by: Option<Cow<'a, str>>,
    #[serde(borrow)]
    obstacle: Option<Cow<'a, str>>,
    #[serde(borrow)]
    effective: Option<Cow<'a, str>>,
    #[serde(borrow)]
    counted_on: Option<Cow<'a, str>>,
    #[serde(borrow)]
    judgment_kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    budget_item: Option<Cow<'a, str>>,
    #[serde(borrow)]
    at: Option<Cow<'a, str>>,
    journal: Option<u64>,
    #[serde(borrow)]
    sha256: Option<Cow<'a, str>>,
    #[serde(borrow)]
    report: Option<Cow<'a, str>>,
    #[serde(borrow)]
    creditors: Option<Vec<WireCreditor<'a>>>,
    #[serde(borrow)]
    debtors: Option<Vec<WireParty<'a>>>,
    #[serde(borrow)]
    signature: Option<Cow<'a, str>>,
    #[serde(borrow)]
    description: Option<Cow<'a, str>>,
    #[serde(borrow)]
    value: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    mortgage: Option<WireMortgage<'a>>,
    details: Option<std::collections::BTreeMap<String, String>>,
    #[serde(borrow)]
    asset: Option<Cow<'a, str>>,
    #[serde(borrow)]
    action: Option<Cow<'a, str>>,
    #[serde(borrow)]
    measure: Option<Cow<'a, str>>,
    percent: Option<u32>,
    agreed: Option<bool>,
    forces: Option<bool>,
    perishable: Option<bool>,
    co_owner: Option<bool>,
    #[serde(borrow)]
    area_m2: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    volume_m3: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    rooms: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    item: Option<Cow<'a, str>>,
    #[serde(borrow)]
    warehouse: Option<Cow<'a, str>>,
    #[serde(borrow)]
    quantity: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    unit: Option<Cow<'a, str>>,
    #[serde(borrow)]
    seals: Option<Cow<'a, str>>,
    #[serde(borrow)]
    place: Option<Cow<'a, str>>,
    pending_trial: Option<bool>,
    #[serde(borrow)]
    discrepancy: Option<Cow<'a, str>>,
    #[serde(borrow)]
    purpose: Option<Cow<'a, str>>,
    #[serde(borrow)]
    council: Option<Cow<'a, str>>,
    #[serde(borrow)]
    minutes: Option<Cow<'a, str>>,
    #[serde(borrow)]
    counted: Option<Vec<WireCount<'a>>>,
    #[serde(borrow)]
    items: Option<Vec<Cow<'a, str>>>,
}

/// An item counted at a stocktake (`stocktake.counted`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCount<'a> {
    #[serde(borrow)]
    item: Cow<'a, str>,
    #[serde(borrow)]
    quantity: &'a serde_json::value::RawValue,
}

/// An asset's mortgage (`asset.mortgage`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireMortgage<'a> {
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(borrow)]
    amount: &'a serde_json::value::RawValue,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WirePlanStep<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    owner: Cow<'a, str>,
    #[serde(borrow)]
    due: Cow<'a, str>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireAttachment<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    media_type: Cow<'a, str>,
    size: u64,
    #[serde(borrow)]
    sha256: Cow<'a, str>,
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

/// One creditor of `accepted.creditors`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireCreditor<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    amount: &'a serde_json::value::RawValue,
    #[serde(borrow)]
    rank: Cow<'a, str>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    account: Option<Cow<'a, str>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    bank: Option<Cow<'a, str>>,
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
            ("ground", self.ground.is_some()),
            ("executor", self.executor.is_some()),
            ("means", self.means.is_some()),
            ("note", self.note.is_some()),
            ("id", self.id.is_some()),
            ("kind", self.request_kind.is_some()),
            ("partner", self.partner.is_some()),
            ("request", self.request.is_some()),
            ("real_estate", self.real_estate.is_some()),
            ("complex", self.complex.is_some()),
            ("text", self.text.is_some()),
            ("address", self.address.is_some()),
            ("phone", self.phone.is_some()),
            ("email", self.email.is_some()),
            ("attachment", self.attachment.is_some()),
            ("attachments", self.attachments.is_some()),
            ("from", self.from.is_some()),
            ("agenda", self.agenda.is_some()),
            ("meeting", self.meeting.is_some()),
            ("assessment", self.assessment.is_some()),
            ("causes", self.causes.is_some()),
            ("direction", self.direction.is_some()),
            ("figures", self.figures.is_some()),
            ("conclusion", self.conclusion.is_some()),
            ("due", self.due.is_some()),
            ("expected", self.expected.is_some()),
            ("done", self.done.is_some()),
            ("number", self.number.is_some()),
            ("position", self.position.is_some()),
            ("role", self.role.is_some()),
            ("member", self.member.is_some()),
            ("directive", self.directive.is_some()),
            ("issuer", self.issuer.is_some()),
            ("agencies", self.agencies.is_some()),
            ("cases", self.cases.is_some()),
            ("category", self.category.is_some()),
            ("min_owed", self.min_owed.is_some()),
            ("target_cases", self.target_cases.is_some()),
            ("target_money", self.target_money.is_some()),
            ("plan", self.plan.is_some()),
            ("step", self.step.is_some()),
            ("members", self.members.is_some()),
            ("guests", self.guests.is_some()),
            ("by", self.by.is_some()),
            ("obstacle", self.obstacle.is_some()),
            ("effective", self.effective.is_some()),
            ("counted_on", self.counted_on.is_some()),
            ("judgment_kind", self.judgment_kind.is_some()),
            ("budget_item", self.budget_item.is_some()),
            ("at", self.at.is_some()),
            ("journal", self.journal.is_some()),
            ("sha256", self.sha256.is_some()),
            ("report", self.report.is_some()),
            ("creditors", self.creditors.is_some()),
            ("debtors", self.debtors.is_some()),
            ("signature", self.signature.is_some()),
            ("description", self.description.is_some()),
            ("value", self.value.is_some()),
            ("mortgage", self.mortgage.is_some()),
            ("details", self.details.is_some()),
            ("asset", self.asset.is_some()),
            ("action", self.action.is_some()),
            ("measure", self.measure.is_some()),
            ("percent", self.percent.is_some()),
            ("agreed", self.agreed.is_some()),
            ("forces", self.forces.is_some()),
            ("perishable", self.perishable.is_some()),
            ("co_owner", self.co_owner.is_some()),
            ("area_m2", self.area_m2.is_some()),
            ("volume_m3", self.volume_m3.is_some()),
            ("rooms", self.rooms.is_some()),
            ("item", self.item.is_some()),
            ("warehouse", self.warehouse.is_some()),
            ("quantity", self.quantity.is_some()),
            ("unit", self.unit.is_some()),
            ("seals", self.seals.is_some()),
            ("place", self.place.is_some()),
            ("pending_trial", self.pending_trial.is_some()),
            ("discrepancy", self.discrepancy.is_some()),
            ("purpose", self.purpose.is_some()),
            ("council", self.council.is_some()),
            ("minutes", self.minutes.is_some()),
            ("counted", self.counted.is_some()),
            ("items", self.items.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
    }
}

fn missing(field: &str) -> LineError {
    LineError::new("line-missing-field").with("field", field)
}

fn required<'a, T>(value: &'a Option<T>, field: &str) -> Result<&'a T, LineError> {
    value.as_ref().ok_or_else(|| missing(field))
}

fn text(value: &Option<Cow<'_, str>>, field: &str) -> Result<String, LineError> {
    let s = required(value, field)?.trim();
    if s.is_empty() {
        return Err(LineError::new("line-empty-field").with("field", field));
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
    money_in("amount", value, minimum)
}

/// An amount of a field named otherwise, as [`money`] reads it.
fn money_in(
    field: &str,
    value: &Option<&serde_json::value::RawValue>,
    minimum: i64,
) -> Result<Vnd, LineError> {
    let raw = required(value, field)?.get();
    let fail = |why: &'static str| Err(LineError::new(why).with("raw", raw));
    if raw.starts_with('"') {
        return fail("line-amount-quoted");
    }
    if raw.contains(['e', 'E']) && raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return fail("line-amount-exponent");
    }
    if raw.contains('.') {
        return fail("line-amount-fraction");
    }
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return fail("line-amount-not-number");
    }
    // 30 digits and more: far above the ceiling, too long to hold.
    if digits.len() >= 30 {
        return Err(LineError::new("line-amount-huge")
            .with("raw", raw)
            .with("ceiling", Vnd::CEILING));
    }
    let amount = Vnd::within_ceiling(raw.parse().expect("at most 30 digits"))
        .map_err(|e| LineError::new("line-amount").with("reason", Text::from(&e)))?;
    if amount.get() < minimum {
        return Err(LineError::new("line-amount-below")
            .with("amount", amount)
            .with("minimum", Vnd(minimum)));
    }
    Ok(amount)
}

/// The creditors of an acceptance as the journal writes them (a JSON
/// array), for a store to keep beside the case.
pub fn creditors_to_json(creditors: &[Creditor]) -> String {
    let out: Vec<OutCreditor<'_>> = creditors.iter().map(out_creditor).collect();
    serde_json::to_string(&out).expect("creditors serialize")
}

/// Creditors a store kept with [`creditors_to_json`].
pub fn creditors_from_json(text: &str) -> Result<Vec<Creditor>, LineError> {
    let wire: Vec<WireCreditor<'_>> = serde_json::from_str(text)
        .map_err(|e| LineError::new("line-not-json").with("detail", json_message(&e)))?;
    creditors_of(&Some(wire))
}

/// The debtors of a joint obligation as the journal writes them.
pub fn debtors_to_json(debtors: &[Party]) -> String {
    let out: Vec<WireParty<'_>> = debtors.iter().map(out_party).collect();
    serde_json::to_string(&out).expect("debtors serialize")
}

/// Debtors a store kept with [`debtors_to_json`].
pub fn debtors_from_json(text: &str) -> Result<Vec<Party>, LineError> {
    let wire: Vec<WireParty<'_>> = serde_json::from_str(text)
        .map_err(|e| LineError::new("line-not-json").with("detail", json_message(&e)))?;
    wire.iter()
        .map(|p| party(&Some(clone_party(p)), "debtors"))
        .collect()
}

fn out_creditor(c: &Creditor) -> OutCreditor<'_> {
    OutCreditor {
        name: &c.party.name,
        id: c.party.id.as_deref(),
        address: c.party.address.as_deref(),
        amount: c.amount.get(),
        rank: c.rank.as_str(),
        account: c.account.as_ref().map(|a| a.number.as_str()),
        bank: c.account.as_ref().map(|a| a.bank.as_str()),
    }
}

/// A party of a list, as [`party`] reads one.
fn clone_party<'a>(p: &WireParty<'a>) -> WireParty<'a> {
    WireParty {
        name: p.name.clone(),
        id: p.id.clone(),
        address: p.address.clone(),
    }
}

/// `accepted.creditors`: each a party with its share and rank.
fn creditors_of(value: &Option<Vec<WireCreditor<'_>>>) -> Result<Vec<Creditor>, LineError> {
    let Some(list) = value else {
        return Ok(Vec::new());
    };
    if list.is_empty() {
        return Err(LineError::new("line-creditors-empty"));
    }
    list.iter()
        .map(|c| {
            let party = party(
                &Some(WireParty {
                    name: c.name.clone(),
                    id: c.id.clone(),
                    address: c.address.clone(),
                }),
                "creditors",
            )?;
            let rank = crate::distribution::Rank::parse(&c.rank)
                .ok_or_else(|| LineError::new("line-bad-rank").with("rank", &*c.rank))?;
            let account = match (optional_text(&c.account), optional_text(&c.bank)) {
                (Some(number), Some(bank)) => Some(BankAccount { number, bank }),
                (None, None) => None,
                _ => {
                    return Err(LineError::new("line-account-without-bank")
                        .with("creditor", party.name.as_str()));
                }
            };
            Ok(Creditor {
                party,
                amount: money_in("creditors.amount", &Some(c.amount), 0)?,
                rank,
                account,
            })
        })
        .collect()
}

fn party(value: &Option<WireParty<'_>>, field: &'static str) -> Result<Party, LineError> {
    let p = required(value, field)?;
    let name = p.name.trim();
    if name.is_empty() {
        let party = Text::new(if field.starts_with("debtor") {
            "party-debtor"
        } else {
            "party-creditor"
        });
        return Err(LineError::new("line-party-name-empty").with("party", party));
    }
    Ok(Party {
        name: name.to_owned(),
        id: optional_text(&p.id),
        address: optional_text(&p.address),
    })
}

/// The fields each type allows, besides `type`.
fn allowed_fields(kind: &str) -> Option<&'static [&'static str]> {
    const EVENT: &[&str] = &["case", "on", "counted_on"];
    Some(match kind {
        "agency" => &["code", "name", "parent"],
        "accepted" => &[
            "case",
            "on",
            "counted_on",
            "agency",
            "mode",
            "amount",
            "categories",
            "decision",
            "judgment",
            "debtor",
            "creditor",
            "judgment_kind",
            "budget_item",
            "creditors",
            "debtors",
        ],
        "executor" => &["code", "name", "agency"],
        "collected" | "reduced" => &["case", "on", "counted_on", "amount"],
        "unable" | "terminated" => &["case", "on", "counted_on", "reason", "ground"],
        "postponed" | "suspended" => &["case", "on", "counted_on", "ground"],
        "entrusted" => &["case", "on", "counted_on", "to"],
        "assigned" => &["case", "on", "counted_on", "executor"],
        "verified" => &["case", "on", "counted_on", "means", "note"],
        "paid_out" => &["case", "on", "counted_on", "amount", "to"],
        "partner" => &[
            "code", "kind", "name", "agency", "parent", "address", "phone", "email",
        ],
        "request" => &[
            "id",
            "agency",
            "partner",
            "kind",
            "on",
            "case",
            "real_estate",
            "complex",
            "text",
            "attachments",
            "report",
        ],
        "request_answered" => &["request", "on", "text", "attachment", "signature"],
        "request_received" | "request_reminded" | "request_escalated" | "request_withdrawn" => {
            &["request", "on"]
        }
        "committee_decision" => &[
            "id",
            "agency",
            "kind",
            "number",
            "on",
            "text",
            "effective",
            "attachment",
        ],
        "committee_member" => &[
            "id", "agency", "decision", "name", "position", "partner", "role",
        ],
        "committee_member_left" => &["member", "decision"],
        "meeting" => &["id", "agency", "on", "kind", "from", "to", "agenda"],
        "meeting_narrative" => &["meeting", "assessment", "causes", "direction"],
        "dossier_issued" => &["meeting", "on", "figures"],
        "conclusion" => &[
            "id",
            "meeting",
            "directive",
            "text",
            "partner",
            "due",
            "expected",
        ],
        "directive" => &["id", "agency", "number", "on", "issuer", "text"],
        "campaign" => &[
            "id",
            "agency",
            "name",
            "from",
            "to",
            "agencies",
            "cases",
            "category",
            "min_owed",
            "target_cases",
            "target_money",
        ],
        "complex_case" => &["case", "agency", "on", "reason", "plan"],
        "plan_step_done" => &["case", "step", "on"],
        "complex_cleared" => &["case", "on"],
        "meeting_attended" => &["meeting", "members", "guests"],
        "obstacle" => &["id", "agency", "on", "by", "partner", "text"],
        "obstacle_settled" => &["obstacle", "on", "text"],
        "task_reported" => &["conclusion", "on", "text", "done"],
        "period_closed" => &["agency", "to", "at", "by", "journal", "sha256"],
        "asset" => &[
            "code",
            "agency",
            "case",
            "on",
            "kind",
            "description",
            "value",
            "mortgage",
            "details",
            "perishable",
        ],
        "asset_step" => &["asset", "on", "action", "amount", "measure", "co_owner"],
        "coercion" => &[
            "code", "agency", "case", "on", "kind", "asset", "percent", "agreed", "at", "forces",
        ],
        "warehouse" => &[
            "code",
            "agency",
            "name",
            "area_m2",
            "address",
            "volume_m3",
            "rooms",
        ],
        "received" => &[
            "case",
            "on",
            "item",
            "warehouse",
            "kind",
            "description",
            "quantity",
            "unit",
            "area_m2",
            "seals",
            "place",
            "pending_trial",
            "discrepancy",
        ],
        "issued" => &[
            "item", "on", "purpose", "to", "decision", "council", "minutes",
        ],
        "returned_to_store" => &["item", "on"],
        "stocktake" => &["warehouse", "on", "counted", "minutes"],
        "destruction_council" => &["code", "warehouse", "on", "members", "items"],
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
            LineError::new("line-incomplete")
        } else {
            LineError::new("line-not-json").with("detail", json_message(&e))
        }
    })?;
    let allowed = allowed_fields(&wire.kind)
        .ok_or_else(|| LineError::new("line-unknown-type").with("kind", &*wire.kind))?;
    if let Some(extra) = wire.present().find(|f| !allowed.contains(f)) {
        return Err(LineError::new("line-no-such-field")
            .with("kind", &*wire.kind)
            .with("field", extra));
    }
    if wire.kind == "agency" {
        let code = AgencyCode::parse(required(&wire.code, "code")?)
            .map_err(|e| LineError(Text::from(&e)))?;
        let parent = match wire.parent.as_deref() {
            None => None,
            Some(p) => Some(AgencyCode::parse(p).map_err(|e| LineError::in_field("parent", &e))?),
        };
        return Ok(Record::Agency(Agency {
            code,
            name: text(&wire.name, "name")?,
            parent,
        }));
    }
    if wire.kind == "executor" {
        let code = ExecutorCode::parse(required(&wire.code, "code")?)
            .map_err(|e| LineError::in_field("code", &e))?;
        let agency = AgencyCode::parse(required(&wire.agency, "agency")?)
            .map_err(|e| LineError::in_field("agency", &e))?;
        return Ok(Record::Executor(Executor {
            code,
            name: text(&wire.name, "name")?,
            agency,
        }));
    }
    if let Some(fact) = coordination_fact(&wire)? {
        return Ok(Record::Coordination(Box::new(fact)));
    }
    let case =
        CaseCode::parse(required(&wire.case, "case")?).map_err(|e| LineError(Text::from(&e)))?;
    let on: Day = required(&wire.on, "on")?
        .parse()
        .map_err(|e| LineError::in_field("on", &e))?;
    let counted_on = match wire.counted_on.as_deref() {
        None => None,
        Some(day) => Some(
            day.parse::<Day>()
                .map_err(|e| LineError::in_field("counted_on", &e))?,
        ),
    };
    let event = match &*wire.kind {
        "accepted" => {
            let agency = AgencyCode::parse(required(&wire.agency, "agency")?)
                .map_err(|e| LineError::in_field("agency", &e))?;
            let mode_text = required(&wire.mode, "mode")?;
            let mode = Mode::parse(mode_text)
                .ok_or_else(|| LineError::new("line-bad-mode").with("mode", &**mode_text))?;
            let mut categories = Vec::new();
            for name in required(&wire.categories, "categories")? {
                let category = Category::parse(name)
                    .ok_or_else(|| LineError::new("line-unknown-category").with("name", &**name))?;
                if categories.contains(&category) {
                    return Err(LineError::new("line-category-twice").with("name", &**name));
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
                judgment_kind: match wire.judgment_kind.as_deref() {
                    None => None,
                    Some(kind) => Some(JudgmentKind::parse(kind).ok_or_else(|| {
                        LineError::new("line-bad-judgment-kind").with("kind", kind)
                    })?),
                },
                budget_item: match wire.budget_item.as_deref() {
                    None => None,
                    Some(item) => Some(BudgetItem::parse(item).ok_or_else(|| {
                        LineError::new("line-bad-budget-item").with("item", item)
                    })?),
                },
                creditors: creditors_of(&wire.creditors)?,
                debtors: match &wire.debtors {
                    None => Vec::new(),
                    Some(list) => list
                        .iter()
                        .map(|p| party(&Some(clone_party(p)), "debtors"))
                        .collect::<Result<_, _>>()?,
                },
            };
            let shares: i128 = acceptance
                .creditors
                .iter()
                .map(|c| i128::from(c.amount.get()))
                .sum();
            // A payout names its creditor (`paid_out.to`): two creditors
            // of one name could not be told apart.
            let mut names = std::collections::HashSet::with_capacity(acceptance.creditors.len());
            if let Some(twice) = acceptance
                .creditors
                .iter()
                .find(|c| !names.insert(c.party.name.as_str()))
            {
                return Err(LineError::new("line-creditor-twice")
                    .with("creditor", twice.party.name.as_str()));
            }
            if !acceptance.creditors.is_empty() && shares != i128::from(acceptance.amount.get()) {
                let sum = Vnd(i64::try_from(shares).unwrap_or(i64::MAX));
                return Err(LineError::new("line-creditors-sum")
                    .with("sum", sum)
                    .with("amount", acceptance.amount));
            }
            return Ok(Record::Accepted {
                case,
                on,
                counted_on,
                acceptance: Box::new(acceptance),
            });
        }
        other => {
            let kind = Kind::parse(other).expect("allowed_fields knows every type");
            let unable_ground =
                match (kind, wire.ground.as_deref()) {
                    (Kind::Unable, Some(g)) => Some(UnableGround::parse(g).ok_or_else(|| {
                        LineError::new("line-bad-unable-ground").with("ground", g)
                    })?),
                    _ => None,
                };
            let ground = match kind {
                Kind::Unable => None,
                _ if wire.ground.is_some() => Some(text(&wire.ground, "ground")?),
                _ => None,
            };
            let (to, payee) = match kind {
                Kind::PaidOut => (None, optional_text(&wire.to)),
                _ => (
                    wire.to
                        .as_deref()
                        .map(|to| AgencyCode::parse(to).map_err(|e| LineError::in_field("to", &e)))
                        .transpose()?,
                    None,
                ),
            };
            let parts = EventParts {
                amount: kind
                    .moves_money()
                    .then(|| money(&wire.amount, 1))
                    .transpose()?,
                reason: optional_text(if kind == Kind::Verified {
                    &wire.note
                } else {
                    &wire.reason
                }),
                to,
                executor: wire
                    .executor
                    .as_deref()
                    .map(|e| {
                        ExecutorCode::parse(e).map_err(|e| LineError::in_field("executor", &e))
                    })
                    .transpose()?,
                means: wire.means,
                unable_ground,
                ground,
                payee,
            };
            Event::from_parts(kind, parts).map_err(|part| missing(part.field()))?
        }
    };
    Ok(Record::Event {
        case,
        on,
        counted_on,
        event,
    })
}

/// A code of a partner or request in `field`.
fn coordination_code(
    value: &Option<Cow<'_, str>>,
    field: &'static str,
) -> Result<crate::coordination::Code, LineError> {
    let text = required(value, field)?;
    crate::coordination::Code::parse(text).ok_or_else(|| {
        LineError::new("line-bad-code")
            .with("field", field)
            .with("code", &**text)
    })
}

/// The fact of an `asset`, `asset_step` or `coercion` line (`None` for
/// other types).
fn asset_fact(wire: &WireLine<'_>) -> Result<Option<crate::asset::Fact>, LineError> {
    use crate::asset::{Action, Asset, AssetKind, DETAILS, Fact, Measure, Mortgage, Step};
    use crate::coercion::{Coercion, CoercionKind, Planned};
    let on = || -> Result<Day, LineError> {
        required(&wire.on, "on")?
            .parse()
            .map_err(|e| LineError::in_field("on", &e))
    };
    // The agency and the case an asset or a decision is declared on.
    let agency = || {
        AgencyCode::parse(required(&wire.agency, "agency")?)
            .map_err(|e| LineError::in_field("agency", &e))
    };
    let case =
        || CaseCode::parse(required(&wire.case, "case")?).map_err(|e| LineError(Text::from(&e)));
    let fact = match &*wire.kind {
        "asset" => {
            let kind = required(&wire.request_kind, "kind")?;
            let details = wire.details.clone().unwrap_or_default();
            if let Some(name) = details.keys().find(|k| !DETAILS.contains(&k.as_str())) {
                return Err(LineError::new("line-bad-asset-detail")
                    .with("detail", name.as_str())
                    .with("known", DETAILS.join(", ")));
            }
            Fact::Found(Asset {
                code: coordination_code(&wire.code, "code")?,
                agency: agency()?,
                case: case()?,
                on: on()?,
                kind: AssetKind::parse(kind)
                    .ok_or_else(|| LineError::new("line-bad-asset-kind").with("kind", &**kind))?,
                description: text(&wire.description, "description")?,
                value: money_in("value", &wire.value, 0)?,
                mortgage: match &wire.mortgage {
                    None => None,
                    Some(m) => Some(Mortgage {
                        to: text(&Some(m.to.clone()), "mortgage.to")?,
                        amount: money_in("mortgage.amount", &Some(m.amount), 1)?,
                    }),
                },
                details: details
                    .into_iter()
                    .map(|(k, v)| (k, v.trim().to_owned()))
                    .filter(|(_, v)| !v.is_empty())
                    .collect(),
                perishable: wire.perishable.unwrap_or(false),
            })
        }
        "asset_step" => {
            let action = required(&wire.action, "action")?;
            Fact::Step(Step {
                asset: coordination_code(&wire.asset, "asset")?,
                on: on()?,
                action: Action::parse(action).ok_or_else(|| {
                    LineError::new("line-bad-asset-action").with("action", &**action)
                })?,
                amount: match wire.amount {
                    None => None,
                    Some(_) => Some(money(&wire.amount, 1)?),
                },
                measure: match wire.measure.as_deref() {
                    None => None,
                    Some(m) => Some(
                        Measure::parse(m)
                            .ok_or_else(|| LineError::new("line-bad-measure").with("measure", m))?,
                    ),
                },
                co_owner: wire.co_owner.unwrap_or(false),
            })
        }
        "coercion" => {
            let kind = required(&wire.request_kind, "kind")?;
            Fact::Coercion(Coercion {
                code: coordination_code(&wire.code, "code")?,
                agency: agency()?,
                case: case()?,
                on: on()?,
                kind: CoercionKind::parse(kind).ok_or_else(|| {
                    LineError::new("line-bad-coercion-kind").with("kind", &**kind)
                })?,
                asset: match &wire.asset {
                    None => None,
                    Some(_) => Some(coordination_code(&wire.asset, "asset")?),
                },
                percent: wire.percent,
                agreed: wire.agreed.unwrap_or(false),
                at: match wire.at.as_deref() {
                    None => None,
                    Some(at) => Some(
                        Planned::parse(at)
                            .ok_or_else(|| LineError::new("line-bad-planned").with("at", at))?,
                    ),
                },
                forces: wire.forces.unwrap_or(false),
            })
        }
        _ => return Ok(None),
    };
    Ok(Some(fact))
}

/// A quantity or an area of `field`, as written: a number with at most
/// two decimals.
fn hundredths(
    field: &'static str,
    value: Option<&serde_json::value::RawValue>,
) -> Result<crate::warehouse::Hundredths, LineError> {
    let raw = value.ok_or_else(|| missing(field))?.get();
    crate::warehouse::Hundredths::parse(raw).ok_or_else(|| {
        LineError::new("line-bad-hundredths")
            .with("field", field)
            .with("raw", raw)
    })
}

/// The fact of a line of the evidence warehouse (`None` for other types).
fn warehouse_fact(wire: &WireLine<'_>) -> Result<Option<crate::warehouse::Fact>, LineError> {
    use crate::warehouse::{
        Council, Fact, Issue, Item, ItemKind, Purpose, Room, Stocktake, Warehouse,
    };
    let on = || -> Result<Day, LineError> {
        required(&wire.on, "on")?
            .parse()
            .map_err(|e| LineError::in_field("on", &e))
    };
    let code_in = |value: &str, field: &'static str| {
        crate::coordination::Code::parse(value).ok_or_else(|| {
            LineError::new("line-bad-code")
                .with("field", field)
                .with("code", value)
        })
    };
    let fact = match &*wire.kind {
        "warehouse" => {
            let mut rooms = Vec::new();
            for name in wire.rooms.iter().flatten() {
                let room = Room::parse(name)
                    .ok_or_else(|| LineError::new("line-bad-room").with("room", &**name))?;
                if !rooms.contains(&room) {
                    rooms.push(room);
                }
            }
            Fact::Warehouse(Warehouse {
                code: coordination_code(&wire.code, "code")?,
                agency: AgencyCode::parse(required(&wire.agency, "agency")?)
                    .map_err(|e| LineError::in_field("agency", &e))?,
                name: text(&wire.name, "name")?,
                area: hundredths("area_m2", wire.area_m2)?,
                address: optional_text(&wire.address),
                volume: wire
                    .volume_m3
                    .map(|v| hundredths("volume_m3", Some(v)))
                    .transpose()?,
                rooms,
            })
        }
        "received" => {
            let kind = required(&wire.request_kind, "kind")?;
            Fact::Received(Item {
                code: coordination_code(&wire.item, "item")?,
                case: wire
                    .case
                    .as_deref()
                    .map(|c| CaseCode::parse(c).map_err(|e| LineError(Text::from(&e))))
                    .transpose()?,
                on: on()?,
                warehouse: coordination_code(&wire.warehouse, "warehouse")?,
                kind: ItemKind::parse(kind)
                    .ok_or_else(|| LineError::new("line-bad-item-kind").with("kind", &**kind))?,
                description: text(&wire.description, "description")?,
                quantity: hundredths("quantity", wire.quantity)?,
                unit: text(&wire.unit, "unit")?,
                area: hundredths("area_m2", wire.area_m2)?,
                seals: optional_text(&wire.seals),
                place: optional_text(&wire.place),
                pending_trial: wire.pending_trial.unwrap_or(false),
                discrepancy: optional_text(&wire.discrepancy),
            })
        }
        "issued" => {
            let purpose = required(&wire.purpose, "purpose")?;
            Fact::Issued(Issue {
                item: coordination_code(&wire.item, "item")?,
                on: on()?,
                purpose: Purpose::parse(purpose).ok_or_else(|| {
                    LineError::new("line-bad-purpose").with("purpose", &**purpose)
                })?,
                to: optional_text(&wire.to),
                decision: optional_text(&wire.decision),
                council: wire
                    .council
                    .as_deref()
                    .map(|c| code_in(c, "council"))
                    .transpose()?,
                minutes: optional_text(&wire.minutes),
            })
        }
        "returned_to_store" => Fact::ReturnedToStore {
            item: coordination_code(&wire.item, "item")?,
            on: on()?,
        },
        "stocktake" => Fact::Stocktake(Stocktake {
            warehouse: coordination_code(&wire.warehouse, "warehouse")?,
            on: on()?,
            counted: required(&wire.counted, "counted")?
                .iter()
                .map(|c| {
                    Ok((
                        code_in(&c.item, "counted.item")?,
                        hundredths("counted.quantity", Some(c.quantity))?,
                    ))
                })
                .collect::<Result<_, LineError>>()?,
            minutes: optional_text(&wire.minutes),
        }),
        "destruction_council" => Fact::Council(Council {
            code: coordination_code(&wire.code, "code")?,
            warehouse: coordination_code(&wire.warehouse, "warehouse")?,
            on: on()?,
            members: required(&wire.members, "members")?
                .iter()
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect(),
            items: required(&wire.items, "items")?
                .iter()
                .map(|i| code_in(i, "items"))
                .collect::<Result<_, _>>()?,
        }),
        _ => return Ok(None),
    };
    Ok(Some(fact))
}

/// The fact of a coordination line (`None` for other types).
fn coordination_fact(wire: &WireLine<'_>) -> Result<Option<crate::coordination::Fact>, LineError> {
    use crate::coordination::{Fact, Partner, PartnerKind, Request, Signature};
    let day = |field: &'static str, value: &Option<Cow<'_, str>>| -> Result<Day, LineError> {
        required(value, field)?
            .parse()
            .map_err(|e| LineError::in_field(field, &e))
    };
    let agency = || {
        AgencyCode::parse(required(&wire.agency, "agency")?)
            .map_err(|e| LineError::in_field("agency", &e))
    };
    if let Some(fact) = committee_fact(wire)? {
        return Ok(Some(Fact::Committee(fact)));
    }
    if let Some(fact) = asset_fact(wire)? {
        return Ok(Some(Fact::Asset(fact)));
    }
    if let Some(fact) = warehouse_fact(wire)? {
        return Ok(Some(Fact::Warehouse(fact)));
    }
    if wire.kind == "period_closed" {
        let agency = match wire.agency {
            None => None,
            Some(_) => Some(agency()?),
        };
        let at = required(&wire.at, "at")?;
        return Ok(Some(Fact::Closed(crate::close::Close {
            agency,
            to: day("to", &wire.to)?,
            at: at.parse().map_err(|_| {
                LineError::new("line-bad-timestamp")
                    .with("field", "at")
                    .with("value", &**at)
            })?,
            by: text(&wire.by, "by")?,
            journal: *required(&wire.journal, "journal")?,
            sha256: text(&wire.sha256, "sha256")?,
        })));
    }
    let fact = match &*wire.kind {
        "partner" => {
            let kind = required(&wire.request_kind, "kind")?;
            Fact::Partner(Partner {
                code: coordination_code(&wire.code, "code")?,
                kind: PartnerKind::parse(kind)
                    .ok_or_else(|| LineError::new("line-bad-partner-kind").with("kind", &**kind))?,
                name: text(&wire.name, "name")?,
                agency: agency()?,
                parent: match wire.parent {
                    None => None,
                    Some(_) => Some(coordination_code(&wire.parent, "parent")?),
                },
                address: optional_text(&wire.address),
                phone: optional_text(&wire.phone),
                email: optional_text(&wire.email),
            })
        }
        "request" => Fact::Request(Request {
            id: coordination_code(&wire.id, "id")?,
            agency: agency()?,
            partner: coordination_code(&wire.partner, "partner")?,
            kind: text(&wire.request_kind, "kind")?,
            on: day("on", &wire.on)?,
            case: wire
                .case
                .as_deref()
                .map(|c| CaseCode::parse(c).map_err(|e| LineError(Text::from(&e))))
                .transpose()?,
            real_estate: wire.real_estate.unwrap_or(false),
            complex: wire.complex.unwrap_or(false),
            text: text(&wire.text, "text")?,
            attachments: wire
                .attachments
                .iter()
                .flatten()
                .map(attachment_of)
                .collect::<Result<_, _>>()?,
            report: wire
                .report
                .is_some()
                .then(|| day("report", &wire.report))
                .transpose()?,
        }),
        other => {
            let Some(what) = other.strip_prefix("request_") else {
                return Ok(None);
            };
            let request = coordination_code(&wire.request, "request")?;
            let on = day("on", &wire.on)?;
            match what {
                "received" => Fact::Received { request, on },
                "answered" => Fact::Answered {
                    request,
                    on,
                    text: text(&wire.text, "text")?,
                    attachment: wire.attachment.as_ref().map(attachment_of).transpose()?,
                    signature: wire
                        .signature
                        .as_deref()
                        .map(|s| {
                            Signature::parse(s).ok_or_else(|| {
                                LineError::new("line-bad-signature").with("signature", s)
                            })
                        })
                        .transpose()?,
                },
                "reminded" => Fact::Reminded { request, on },
                "escalated" => Fact::Escalated { request, on },
                _ => Fact::Withdrawn { request, on },
            }
        }
    };
    Ok(Some(fact))
}

/// The fact of a line of the Steering Committee's work (`None` for other
/// types).
fn committee_fact(wire: &WireLine<'_>) -> Result<Option<crate::committee::Fact>, LineError> {
    use crate::committee::{
        Campaign, ComplexCase, Conclusion, Decision, DecisionKind, Directive, Fact, Meeting,
        MeetingKind, Member, MemberRole, Narrative, Obstacle, PlanStep, Source,
    };
    use crate::coordination::Code;
    use crate::executor::ExecutorCode;
    let agency = || {
        AgencyCode::parse(required(&wire.agency, "agency")?)
            .map_err(|e| LineError::in_field("agency", &e))
    };
    let day = |field: &'static str, value: &Option<Cow<'_, str>>| -> Result<Day, LineError> {
        required(value, field)?
            .parse()
            .map_err(|e| LineError::in_field(field, &e))
    };
    let free_text = |value: &Option<Cow<'_, str>>| value.as_deref().unwrap_or("").trim().to_owned();
    let case_code = |value: &Option<Cow<'_, str>>| {
        CaseCode::parse(required(value, "case")?).map_err(|e| LineError(Text::from(&e)))
    };
    Ok(Some(match &*wire.kind {
        "committee_decision" => {
            let kind = required(&wire.request_kind, "kind")?;
            Fact::Decision(Decision {
                id: coordination_code(&wire.id, "id")?,
                agency: agency()?,
                kind: DecisionKind::parse(kind).ok_or_else(|| {
                    LineError::new("line-bad-decision-kind").with("kind", &**kind)
                })?,
                number: text(&wire.number, "number")?,
                on: day("on", &wire.on)?,
                summary: free_text(&wire.text),
                effective: match wire.effective {
                    None => None,
                    Some(_) => Some(day("effective", &wire.effective)?),
                },
                document: wire.attachment.as_ref().map(attachment_of).transpose()?,
            })
        }
        "committee_member" => {
            let role = required(&wire.role, "role")?;
            Fact::Member(Member {
                id: coordination_code(&wire.id, "id")?,
                agency: agency()?,
                decision: coordination_code(&wire.decision, "decision")?,
                name: text(&wire.name, "name")?,
                position: free_text(&wire.position),
                partner: match wire.partner {
                    None => None,
                    Some(_) => Some(coordination_code(&wire.partner, "partner")?),
                },
                role: MemberRole::parse(role)
                    .ok_or_else(|| LineError::new("line-bad-member-role").with("role", &**role))?,
            })
        }
        "committee_member_left" => Fact::MemberLeft {
            member: coordination_code(&wire.member, "member")?,
            decision: coordination_code(&wire.decision, "decision")?,
        },
        "meeting" => {
            let kind = required(&wire.request_kind, "kind")?;
            Fact::Meeting(Meeting {
                id: coordination_code(&wire.id, "id")?,
                agency: agency()?,
                on: day("on", &wire.on)?,
                kind: MeetingKind::parse(kind)
                    .ok_or_else(|| LineError::new("line-bad-meeting-kind").with("kind", &**kind))?,
                from: day("from", &wire.from)?,
                to: day("to", &wire.to)?,
                agenda: free_text(&wire.agenda),
            })
        }
        "meeting_narrative" => Fact::Narrative {
            meeting: coordination_code(&wire.meeting, "meeting")?,
            narrative: Narrative {
                assessment: free_text(&wire.assessment),
                causes: free_text(&wire.causes),
                direction: free_text(&wire.direction),
            },
        },
        "dossier_issued" => {
            let figures = text(&wire.figures, "figures")?;
            if serde_json::from_str::<serde::de::IgnoredAny>(&figures).is_err() {
                return Err(LineError::new("line-bad-figures"));
            }
            Fact::Issued {
                meeting: coordination_code(&wire.meeting, "meeting")?,
                on: day("on", &wire.on)?,
                figures,
            }
        }
        "conclusion" => Fact::Conclusion(Conclusion {
            id: coordination_code(&wire.id, "id")?,
            source: match (&wire.meeting, &wire.directive) {
                (Some(_), None) => Source::Meeting(coordination_code(&wire.meeting, "meeting")?),
                (None, Some(_)) => {
                    Source::Directive(coordination_code(&wire.directive, "directive")?)
                }
                (None, None) => return Err(missing("meeting")),
                (Some(_), Some(_)) => return Err(LineError::new("line-meeting-and-directive")),
            },
            text: text(&wire.text, "text")?,
            partner: match wire.partner {
                None => None,
                Some(_) => Some(coordination_code(&wire.partner, "partner")?),
            },
            due: day("due", &wire.due)?,
            expected: free_text(&wire.expected),
        }),
        "task_reported" => Fact::Reported {
            conclusion: coordination_code(&wire.conclusion, "conclusion")?,
            on: day("on", &wire.on)?,
            text: text(&wire.text, "text")?,
            done: wire.done.unwrap_or(false),
        },
        "directive" => Fact::Directive(Directive {
            id: coordination_code(&wire.id, "id")?,
            agency: agency()?,
            number: text(&wire.number, "number")?,
            on: day("on", &wire.on)?,
            issuer: text(&wire.issuer, "issuer")?,
            summary: free_text(&wire.text),
        }),
        "campaign" => {
            let agencies = wire.agencies.as_deref().unwrap_or_default();
            let cases = wire.cases.as_deref().unwrap_or_default();
            Fact::Campaign(Campaign {
                id: coordination_code(&wire.id, "id")?,
                agency: agency()?,
                name: text(&wire.name, "name")?,
                from: day("from", &wire.from)?,
                to: day("to", &wire.to)?,
                agencies: agencies
                    .iter()
                    .map(|a| AgencyCode::parse(a).map_err(|e| LineError::in_field("agencies", &e)))
                    .collect::<Result<_, _>>()?,
                cases: cases
                    .iter()
                    .map(|c| CaseCode::parse(c).map_err(|e| LineError::in_field("cases", &e)))
                    .collect::<Result<_, _>>()?,
                category: wire
                    .category
                    .as_deref()
                    .map(|c| {
                        Category::parse(c)
                            .ok_or_else(|| LineError::new("line-unknown-category").with("name", c))
                    })
                    .transpose()?,
                min_owed: wire
                    .min_owed
                    .is_some()
                    .then(|| money_in("min_owed", &wire.min_owed, 0))
                    .transpose()?,
                target_cases: wire.target_cases.unwrap_or(0),
                target_money: match wire.target_money {
                    Some(_) => money_in("target_money", &wire.target_money, 0)?,
                    None => Vnd::ZERO,
                },
            })
        }
        "complex_case" => Fact::Complex(ComplexCase {
            case: case_code(&wire.case)?,
            agency: agency()?,
            on: day("on", &wire.on)?,
            reason: text(&wire.reason, "reason")?,
            plan: wire
                .plan
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|step| {
                    let text = step.text.trim();
                    if text.is_empty() {
                        return Err(LineError::new("line-empty-field").with("field", "plan"));
                    }
                    Ok(PlanStep {
                        text: text.to_owned(),
                        owner: ExecutorCode::parse(&step.owner)
                            .map_err(|e| LineError::in_field("plan", &e))?,
                        due: step
                            .due
                            .parse()
                            .map_err(|e| LineError::in_field("plan", &e))?,
                    })
                })
                .collect::<Result<_, _>>()?,
        }),
        "plan_step_done" => Fact::StepDone {
            case: case_code(&wire.case)?,
            step: *required(&wire.step, "step")?,
            on: day("on", &wire.on)?,
        },
        "complex_cleared" => Fact::ComplexCleared {
            case: case_code(&wire.case)?,
            on: day("on", &wire.on)?,
        },
        "meeting_attended" => Fact::Attended {
            meeting: coordination_code(&wire.meeting, "meeting")?,
            members: wire
                .members
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|m| {
                    Code::parse(m).ok_or_else(|| {
                        LineError::new("line-bad-code")
                            .with("field", "members")
                            .with("code", &**m)
                    })
                })
                .collect::<Result<_, _>>()?,
            guests: free_text(&wire.guests),
        },
        "obstacle" => Fact::Obstacle(Obstacle {
            id: coordination_code(&wire.id, "id")?,
            agency: agency()?,
            on: day("on", &wire.on)?,
            by: text(&wire.by, "by")?,
            partner: match wire.partner {
                None => None,
                Some(_) => Some(coordination_code(&wire.partner, "partner")?),
            },
            text: text(&wire.text, "text")?,
        }),
        "obstacle_settled" => Fact::ObstacleSettled {
            obstacle: coordination_code(&wire.obstacle, "obstacle")?,
            on: day("on", &wire.on)?,
            text: text(&wire.text, "text")?,
        },
        _ => return Ok(None),
    }))
}

/// A committee fact's fields, in the format's order.
fn write_committee_fact(
    fact: &crate::committee::Fact,
    put: &mut dyn FnMut(&str, serde_json::Value),
) {
    use crate::committee::{Fact, Source};
    match fact {
        Fact::Decision(d) => {
            put("id", d.id.as_str().into());
            put("agency", d.agency.as_str().into());
            put("kind", d.kind.as_str().into());
            put("number", d.number.as_str().into());
            put("on", d.on.to_string().into());
            put("text", d.summary.as_str().into());
            if let Some(effective) = d.effective {
                put("effective", effective.to_string().into());
            }
            if let Some(document) = &d.document {
                put(
                    "attachment",
                    serde_json::to_value(wire_attachment(document)).expect("serializes"),
                );
            }
        }
        Fact::Member(m) => {
            put("id", m.id.as_str().into());
            put("agency", m.agency.as_str().into());
            put("decision", m.decision.as_str().into());
            put("name", m.name.as_str().into());
            put("position", m.position.as_str().into());
            if let Some(partner) = &m.partner {
                put("partner", partner.as_str().into());
            }
            put("role", m.role.as_str().into());
        }
        Fact::MemberLeft { member, decision } => {
            put("member", member.as_str().into());
            put("decision", decision.as_str().into());
        }
        Fact::Meeting(m) => {
            put("id", m.id.as_str().into());
            put("agency", m.agency.as_str().into());
            put("on", m.on.to_string().into());
            put("kind", m.kind.as_str().into());
            put("from", m.from.to_string().into());
            put("to", m.to.to_string().into());
            put("agenda", m.agenda.as_str().into());
        }
        Fact::Narrative { meeting, narrative } => {
            put("meeting", meeting.as_str().into());
            put("assessment", narrative.assessment.as_str().into());
            put("causes", narrative.causes.as_str().into());
            put("direction", narrative.direction.as_str().into());
        }
        Fact::Issued {
            meeting,
            on,
            figures,
        } => {
            put("meeting", meeting.as_str().into());
            put("on", on.to_string().into());
            put("figures", figures.as_str().into());
        }
        Fact::Conclusion(c) => {
            put("id", c.id.as_str().into());
            match &c.source {
                Source::Meeting(code) => put("meeting", code.as_str().into()),
                Source::Directive(code) => put("directive", code.as_str().into()),
            }
            put("text", c.text.as_str().into());
            if let Some(partner) = &c.partner {
                put("partner", partner.as_str().into());
            }
            put("due", c.due.to_string().into());
            put("expected", c.expected.as_str().into());
        }
        Fact::Reported {
            conclusion,
            on,
            text,
            done,
        } => {
            put("conclusion", conclusion.as_str().into());
            put("on", on.to_string().into());
            put("text", text.as_str().into());
            put("done", (*done).into());
        }
        Fact::Directive(d) => {
            put("id", d.id.as_str().into());
            put("agency", d.agency.as_str().into());
            put("number", d.number.as_str().into());
            put("on", d.on.to_string().into());
            put("issuer", d.issuer.as_str().into());
            put("text", d.summary.as_str().into());
        }
        Fact::Campaign(c) => {
            put("id", c.id.as_str().into());
            put("agency", c.agency.as_str().into());
            put("name", c.name.as_str().into());
            put("from", c.from.to_string().into());
            put("to", c.to.to_string().into());
            if !c.agencies.is_empty() {
                put("agencies", c.agencies.iter().map(|a| a.as_str()).collect());
            }
            if !c.cases.is_empty() {
                put("cases", c.cases.iter().map(|a| a.as_str()).collect());
            }
            if let Some(category) = c.category {
                put("category", category.as_str().into());
            }
            if let Some(min) = c.min_owed {
                put("min_owed", min.get().into());
            }
            put("target_cases", c.target_cases.into());
            put("target_money", c.target_money.get().into());
        }
        Fact::Complex(c) => {
            put("case", c.case.as_str().into());
            put("agency", c.agency.as_str().into());
            put("on", c.on.to_string().into());
            put("reason", c.reason.as_str().into());
            let plan = c
                .plan
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "text": s.text,
                        "owner": s.owner.as_str(),
                        "due": s.due.to_string(),
                    })
                })
                .collect();
            put("plan", serde_json::Value::Array(plan));
        }
        Fact::StepDone { case, step, on } => {
            put("case", case.as_str().into());
            put("step", (*step).into());
            put("on", on.to_string().into());
        }
        Fact::ComplexCleared { case, on } => {
            put("case", case.as_str().into());
            put("on", on.to_string().into());
        }
        Fact::Attended {
            meeting,
            members,
            guests,
        } => {
            put("meeting", meeting.as_str().into());
            put("members", members.iter().map(|m| m.as_str()).collect());
            put("guests", guests.as_str().into());
        }
        Fact::Obstacle(o) => {
            put("id", o.id.as_str().into());
            put("agency", o.agency.as_str().into());
            put("on", o.on.to_string().into());
            put("by", o.by.as_str().into());
            if let Some(partner) = &o.partner {
                put("partner", partner.as_str().into());
            }
            put("text", o.text.as_str().into());
        }
        Fact::ObstacleSettled { obstacle, on, text } => {
            put("obstacle", obstacle.as_str().into());
            put("on", on.to_string().into());
            put("text", text.as_str().into());
        }
    }
}

/// A file named by a line: its digest is SHA-256 in lower-case hex, its
/// type one a browser shows and never runs.
fn attachment_of(wire: &WireAttachment<'_>) -> Result<crate::coordination::Attachment, LineError> {
    let digest_ok = wire.sha256.len() == 64
        && wire
            .sha256
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    if !digest_ok {
        return Err(LineError::new("line-bad-digest").with("digest", &*wire.sha256));
    }
    if !crate::coordination::MEDIA_TYPES.contains(&&*wire.media_type) {
        return Err(LineError::new("line-bad-media-type").with("media_type", &*wire.media_type));
    }
    Ok(crate::coordination::Attachment {
        name: wire.name.trim().to_owned(),
        media_type: wire.media_type.to_string(),
        size: wire.size,
        sha256: wire.sha256.to_string(),
    })
}

fn wire_attachment(a: &crate::coordination::Attachment) -> WireAttachment<'_> {
    WireAttachment {
        name: Cow::Borrowed(&a.name),
        media_type: Cow::Borrowed(&a.media_type),
        size: a.size,
        sha256: Cow::Borrowed(&a.sha256),
    }
}

/// A fact of the evidence warehouse's fields, in the format's order.
fn write_warehouse_fact(
    fact: &crate::warehouse::Fact,
    put: &mut impl FnMut(&str, serde_json::Value),
) {
    use crate::warehouse::Fact;
    fn some(put: &mut impl FnMut(&str, serde_json::Value), name: &str, text: &Option<String>) {
        if let Some(text) = text {
            put(name, text.as_str().into());
        }
    }
    match fact {
        Fact::Warehouse(w) => {
            put("code", w.code.as_str().into());
            put("agency", w.agency.as_str().into());
            put("name", w.name.as_str().into());
            put("area_m2", w.area.to_json());
            some(put, "address", &w.address);
            if let Some(volume) = w.volume {
                put("volume_m3", volume.to_json());
            }
            if !w.rooms.is_empty() {
                put(
                    "rooms",
                    w.rooms
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .into(),
                );
            }
        }
        Fact::Received(i) => {
            if let Some(case) = &i.case {
                put("case", case.as_str().into());
            }
            put("on", i.on.to_string().into());
            put("item", i.code.as_str().into());
            put("warehouse", i.warehouse.as_str().into());
            put("kind", i.kind.as_str().into());
            put("description", i.description.as_str().into());
            put("quantity", i.quantity.to_json());
            put("unit", i.unit.as_str().into());
            put("area_m2", i.area.to_json());
            some(put, "seals", &i.seals);
            some(put, "place", &i.place);
            if i.pending_trial {
                put("pending_trial", true.into());
            }
            some(put, "discrepancy", &i.discrepancy);
        }
        Fact::Issued(i) => {
            put("item", i.item.as_str().into());
            put("on", i.on.to_string().into());
            put("purpose", i.purpose.as_str().into());
            some(put, "to", &i.to);
            some(put, "decision", &i.decision);
            if let Some(council) = &i.council {
                put("council", council.as_str().into());
            }
            some(put, "minutes", &i.minutes);
        }
        Fact::ReturnedToStore { item, on } => {
            put("item", item.as_str().into());
            put("on", on.to_string().into());
        }
        Fact::Stocktake(s) => {
            put("warehouse", s.warehouse.as_str().into());
            put("on", s.on.to_string().into());
            let counted: Vec<serde_json::Value> = s
                .counted
                .iter()
                .map(
                    |(item, q)| serde_json::json!({"item": item.as_str(), "quantity": q.to_json()}),
                )
                .collect();
            put("counted", counted.into());
            some(put, "minutes", &s.minutes);
        }
        Fact::Council(c) => {
            put("code", c.code.as_str().into());
            put("warehouse", c.warehouse.as_str().into());
            put("on", c.on.to_string().into());
            put("members", c.members.clone().into());
            put(
                "items",
                c.items
                    .iter()
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
    }
}

/// A coordination fact as its canonical line.
fn write_fact(fact: &crate::coordination::Fact) -> serde_json::Result<String> {
    use crate::coordination::Fact;
    use serde_json::{Map, Value};
    let mut line = Map::new();
    line.insert("type".into(), fact.kind().into());
    let mut put = |name: &str, value: Value| {
        line.insert(name.into(), value);
    };
    let some = |text: &Option<String>| text.as_deref().map(Value::from);
    match fact {
        Fact::Committee(f) => write_committee_fact(f, &mut put),
        Fact::Closed(c) => {
            if let Some(agency) = &c.agency {
                put("agency", agency.as_str().into());
            }
            put("to", c.to.to_string().into());
            put("at", c.at.to_string().into());
            put("by", c.by.as_str().into());
            put("journal", c.journal.into());
            put("sha256", c.sha256.as_str().into());
        }
        Fact::Asset(crate::asset::Fact::Found(a)) => {
            put("code", a.code.as_str().into());
            put("agency", a.agency.as_str().into());
            put("case", a.case.as_str().into());
            put("on", a.on.to_string().into());
            put("kind", a.kind.as_str().into());
            put("description", a.description.as_str().into());
            put("value", a.value.get().into());
            if let Some(m) = &a.mortgage {
                put(
                    "mortgage",
                    serde_json::json!({"to": m.to, "amount": m.amount.get()}),
                );
            }
            if !a.details.is_empty() {
                put("details", serde_json::to_value(&a.details)?);
            }
            if a.perishable {
                put("perishable", true.into());
            }
        }
        Fact::Asset(crate::asset::Fact::Step(step)) => {
            put("asset", step.asset.as_str().into());
            put("on", step.on.to_string().into());
            put("action", step.action.as_str().into());
            if let Some(amount) = step.amount {
                put("amount", amount.get().into());
            }
            if let Some(measure) = step.measure {
                put("measure", measure.as_str().into());
            }
            if step.co_owner {
                put("co_owner", true.into());
            }
        }
        Fact::Asset(crate::asset::Fact::Coercion(c)) => {
            put("code", c.code.as_str().into());
            put("agency", c.agency.as_str().into());
            put("case", c.case.as_str().into());
            put("on", c.on.to_string().into());
            put("kind", c.kind.as_str().into());
            if let Some(asset) = &c.asset {
                put("asset", asset.as_str().into());
            }
            if let Some(percent) = c.percent {
                put("percent", percent.into());
            }
            if c.agreed {
                put("agreed", true.into());
            }
            if let Some(at) = c.at {
                put("at", at.to_string().into());
            }
            if c.forces {
                put("forces", true.into());
            }
        }
        Fact::Warehouse(f) => write_warehouse_fact(f, &mut put),
        Fact::Partner(p) => {
            put("code", p.code.as_str().into());
            put("kind", p.kind.as_str().into());
            put("name", p.name.as_str().into());
            put("agency", p.agency.as_str().into());
            put("parent", p.parent.as_ref().map(|c| c.as_str()).into());
            for (name, value) in [
                ("address", &p.address),
                ("phone", &p.phone),
                ("email", &p.email),
            ] {
                if let Some(value) = some(value) {
                    put(name, value);
                }
            }
        }
        Fact::Request(r) => {
            put("id", r.id.as_str().into());
            put("agency", r.agency.as_str().into());
            put("partner", r.partner.as_str().into());
            put("kind", r.kind.as_str().into());
            put("on", r.on.to_string().into());
            if let Some(case) = &r.case {
                put("case", case.as_str().into());
            }
            if r.real_estate {
                put("real_estate", true.into());
            }
            if r.complex {
                put("complex", true.into());
            }
            put("text", r.text.as_str().into());
            if !r.attachments.is_empty() {
                let files: Vec<_> = r.attachments.iter().map(wire_attachment).collect();
                put("attachments", serde_json::to_value(files)?);
            }
            if let Some(report) = r.report {
                put("report", report.to_string().into());
            }
        }
        Fact::Received { request, on }
        | Fact::Reminded { request, on }
        | Fact::Escalated { request, on }
        | Fact::Withdrawn { request, on } => {
            put("request", request.as_str().into());
            put("on", on.to_string().into());
        }
        Fact::Answered {
            request,
            on,
            text,
            attachment,
            signature,
        } => {
            put("request", request.as_str().into());
            put("on", on.to_string().into());
            put("text", text.as_str().into());
            if let Some(a) = attachment {
                put("attachment", serde_json::to_value(wire_attachment(a))?);
            }
            if let Some(signature) = signature {
                put("signature", signature.as_str().into());
            }
        }
    }
    serde_json::to_string(&line)
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
struct OutExecutor<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    code: &'a str,
    name: &'a str,
    agency: &'a str,
}

#[derive(Serialize)]
struct OutAccepted<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    case: &'a str,
    on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    counted_on: Option<String>,
    agency: &'a str,
    mode: &'static str,
    amount: i64,
    categories: Vec<&'static str>,
    decision: &'a str,
    judgment: &'a str,
    debtor: WireParty<'a>,
    creditor: WireParty<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    judgment_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_item: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    creditors: Vec<OutCreditor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    debtors: Vec<WireParty<'a>>,
}

#[derive(Serialize)]
struct OutCreditor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    amount: i64,
    rank: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank: Option<&'a str>,
}

#[derive(Serialize)]
struct OutEvent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    case: &'a str,
    on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    counted_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ground: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    executor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    means: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
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
        Record::Executor(e) => serde_json::to_string(&OutExecutor {
            kind: "executor",
            code: e.code.as_str(),
            name: &e.name,
            agency: e.agency.as_str(),
        }),
        Record::Coordination(fact) => write_fact(fact),
        Record::Accepted {
            case,
            on,
            counted_on,
            acceptance: a,
        } => serde_json::to_string(&OutAccepted {
            kind: "accepted",
            case: case.as_str(),
            on: on.to_string(),
            counted_on: counted_on.map(|d| d.to_string()),
            agency: a.agency.as_str(),
            mode: a.mode.as_str(),
            amount: a.amount.get(),
            categories: a.categories.iter().map(|c| c.as_str()).collect(),
            decision: &a.decision,
            judgment: &a.judgment,
            debtor: out_party(&a.debtor),
            creditor: out_party(&a.creditor),
            judgment_kind: a.judgment_kind.map(JudgmentKind::as_str),
            budget_item: a.budget_item.map(BudgetItem::as_str),
            creditors: a.creditors.iter().map(out_creditor).collect(),
            debtors: a.debtors.iter().map(out_party).collect(),
        }),
        Record::Event {
            case,
            on,
            counted_on,
            event,
        } => {
            let kind = event.kind();
            let (reason, note) = match event {
                Event::Unable { reason, .. } | Event::Terminated { reason, .. } => {
                    (reason.as_deref(), None)
                }
                Event::Verified { note, .. } => (None, note.as_deref()),
                _ => (None, None),
            };
            let ground = match event {
                Event::Unable { ground, .. } => ground.map(UnableGround::as_str),
                Event::Postponed { ground }
                | Event::Suspended { ground }
                | Event::Terminated { ground, .. } => ground.as_deref(),
                _ => None,
            };
            let to = match event {
                Event::Entrusted { to } => Some(to.as_str()),
                Event::PaidOut { to, .. } => to.as_deref(),
                _ => None,
            };
            serde_json::to_string(&OutEvent {
                kind: kind.as_str(),
                case: case.as_str(),
                on: on.to_string(),
                counted_on: counted_on.map(|d| d.to_string()),
                amount: kind.moves_money().then(|| event.amount().get()),
                reason,
                ground,
                to,
                executor: match event {
                    Event::Assigned { executor } => Some(executor.as_str()),
                    _ => None,
                },
                means: match event {
                    Event::Verified { means, .. } => Some(*means),
                    _ => None,
                },
                note,
            })
        }
    };
    json.expect("journal records always serialize")
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

/// The longest line a journal may have: 16 MiB. A record is under 2 KiB,
/// but for an acceptance that lists its creditors: the largest known
/// decision (2025) paid more than 40,000 of them, and a creditor with its
/// identity number and bank account takes about 200 bytes, so 50,000 take
/// about 10 MB. The limit keeps one line from taking the reader's memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Parses a whole journal text.
pub fn parse_journal(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        parsed.push_line(i + 1, line);
    }
    parsed
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
            .flat_map(|(_, r)| match r {
                Record::Accepted { case, .. } | Record::Event { case, .. } => vec![case],
                Record::Coordination(fact) => match &**fact {
                    crate::coordination::Fact::Request(r) => r.case.iter().collect(),
                    crate::coordination::Fact::Committee(f) => f.cases(),
                    crate::coordination::Fact::Asset(f) => f
                        .declared_case()
                        .map(|(_, case)| case)
                        .into_iter()
                        .collect(),
                    crate::coordination::Fact::Warehouse(f) => f.case().into_iter().collect(),
                    _ => Vec::new(),
                },
                Record::Agency(_) | Record::Executor(_) => Vec::new(),
            })
            .filter(|case| seen.insert(*case))
            .collect()
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
            r#"{"type":"executor","code":"SL-CHV-001","name":"Lò Thị Mai","agency":"SL-KV1"}"#,
            r#"{"type":"assigned","case":"SL/2025/00001","on":"2025-01-16","executor":"SL-CHV-001"}"#,
            r#"{"type":"notified","case":"SL/2025/00001","on":"2025-01-20"}"#,
            r#"{"type":"verified","case":"SL/2025/00001","on":"2025-02-10","means":false,"note":"Không có tài sản"}"#,
            r#"{"type":"verified","case":"SL/2025/00001","on":"2025-02-10","means":true}"#,
            r#"{"type":"published","case":"SL/2025/00001","on":"2025-05-06"}"#,
            r#"{"type":"paid_out","case":"SL/2025/00001","on":"2025-03-12","amount":50000000,"to":"Ngân hàng"}"#,
            r#"{"type":"paid_out","case":"SL/2025/00001","on":"2025-03-12","amount":1}"#,
            r#"{"type":"returned","case":"SL/2025/00001","on":"2027-05-02"}"#,
            r#"{"type":"registered_apart","case":"SL/2025/00001","on":"2027-05-02"}"#,
            r#"{"type":"unable","case":"SL/2025/00001","on":"2025-05-02","reason":"Không có tài sản","ground":"no_means"}"#,
            r#"{"type":"postponed","case":"SL/2025/00001","on":"2025-05-02","ground":"l2014-a48-1-c"}"#,
            r#"{"type":"suspended","case":"SL/2025/00001","on":"2025-05-02","ground":"l2014-a49-2"}"#,
            r#"{"type":"terminated","case":"SL/2025/00001","on":"2025-05-02","reason":"Miễn","ground":"l2014-a50-1-e"}"#,
            r#"{"type":"partner","code":"SL-TAND","kind":"court","name":"Tòa án nhân dân tỉnh Sơn La","agency":"SL","parent":null}"#,
            r#"{"type":"partner","code":"SL-TAND-KV1","kind":"court","name":"Tòa án nhân dân khu vực 1","agency":"SL","parent":"SL-TAND","address":"Sơn La","phone":"0212 3852 111","email":"tand@sonla.gov.vn"}"#,
            r#"{"type":"request","id":"SL-KV1/2026/7","agency":"SL-KV1","partner":"SL-TAND","kind":"explain_judgment","on":"2026-07-02","case":"SL/2025/00001","complex":true,"text":"Đề nghị giải thích"}"#,
            r#"{"type":"request","id":"SL-KV1/2026/8","agency":"SL-KV1","partner":"SL-XM","kind":"delegated_verification","on":"2026-07-02","real_estate":true,"text":"Ủy quyền xác minh"}"#,
            r#"{"type":"request","id":"SL-KV1/2026/9","agency":"SL-KV1","partner":"SL-VKS","kind":"exemption_review","on":"2026-07-02","text":"Đề nghị xem xét hồ sơ","attachments":[{"name":"bien-ban-xac-minh.pdf","media_type":"application/pdf","size":2048,"sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},{"name":"anh.jpg","media_type":"image/jpeg","size":10,"sha256":"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"}]}"#,
            r#"{"type":"request_received","request":"SL-KV1/2026/7","on":"2026-07-03"}"#,
            r#"{"type":"request_answered","request":"SL-KV1/2026/7","on":"2026-07-10","text":"Đã giải thích","attachment":{"name":"tra-loi.pdf","media_type":"application/pdf","size":1024,"sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}"#,
            r#"{"type":"request_answered","request":"SL-KV1/2026/7","on":"2026-07-10","text":"Đã giải thích"}"#,
            r#"{"type":"request","id":"SL/2026/9","agency":"SL","partner":"SL-VKS","kind":"cosign_statistics","on":"2026-10-02","text":"Đề nghị ký xác nhận","report":"2026-09-30"}"#,
            r#"{"type":"accepted","case":"SL/2026/00009","on":"2026-03-02","agency":"SL","mode":"on_request","amount":900000000,"categories":["credit_institution"],"decision":"9/QĐ-THADS","judgment":"9/2025/KDTM-ST","debtor":{"name":"Công ty TNHH A"},"creditor":{"name":"Ngân hàng B"},"creditors":[{"name":"Ngân hàng B","amount":850000000,"rank":"other"},{"name":"Lò Thị C","id":"014123456789","amount":40000000,"rank":"alimony_wages_injury"},{"name":"Chi cục Thuế","amount":10000000,"rank":"court_fees"}],"debtors":[{"name":"Công ty TNHH A"},{"name":"Lò Văn D","address":"Sơn La"}]}"#,
            r#"{"type":"request_answered","request":"SL/2026/9","on":"2026-10-05","text":"Chênh 2 việc","signature":"disputed"}"#,
            r#"{"type":"request_reminded","request":"SL-KV1/2026/8","on":"2026-08-10"}"#,
            r#"{"type":"request_escalated","request":"SL-KV1/2026/8","on":"2026-08-20"}"#,
            r#"{"type":"request_withdrawn","request":"SL-KV1/2026/8","on":"2026-08-21"}"#,
            r#"{"type":"committee_decision","id":"SL/QD/1","agency":"SL","kind":"change","number":"1234/QĐ-UBND","on":"2025-01-10","text":"Kiện toàn Ban Chỉ đạo"}"#,
            r#"{"type":"committee_member","id":"SL/TV/1","agency":"SL","decision":"SL/QD/1","name":"Nguyễn Văn A","position":"Giám đốc Công an tỉnh","partner":"SL-CA","role":"member"}"#,
            r#"{"type":"committee_member","id":"SL/TV/2","agency":"SL","decision":"SL/QD/1","name":"Lò Thị B","position":"Cục trưởng","role":"deputy"}"#,
            r#"{"type":"committee_member_left","member":"SL/TV/1","decision":"SL/QD/1"}"#,
            r#"{"type":"meeting","id":"SL/2025/1","agency":"SL","on":"2025-10-15","kind":"annual","from":"2024-10-01","to":"2025-09-30","agenda":"Tổng kết năm 2025"}"#,
            r#"{"type":"meeting_narrative","meeting":"SL/2025/1","assessment":"Đạt chỉ tiêu về việc","causes":"","direction":"Tập trung việc tín dụng"}"#,
            r#"{"type":"dossier_issued","meeting":"SL/2025/1","on":"2025-10-08","figures":"{\"agency\":\"SL\"}"}"#,
            r#"{"type":"conclusion","id":"SL/2025/1/1","meeting":"SL/2025/1","text":"Bảo vệ cưỡng chế","partner":"SL-CA","due":"2025-12-31","expected":"Hoàn thành"}"#,
            r#"{"type":"conclusion","id":"SL/2025/1/2","meeting":"SL/2025/1","text":"Rà soát việc lớn","due":"2025-11-30","expected":""}"#,
            r#"{"type":"task_reported","conclusion":"SL/2025/1/1","on":"2025-11-20","text":"Đã bố trí lực lượng","done":true}"#,
            r#"{"type":"warehouse","code":"SL-K1","agency":"SL","name":"Kho vật chứng","area_m2":300}"#,
            r#"{"type":"warehouse","code":"SL-K2","agency":"SL","name":"Kho 2","area_m2":120.5,"address":"Tổ 3, phường Chiềng Lề","volume_m3":480.25,"rooms":["safe","cold"]}"#,
            r#"{"type":"received","case":"SL/2025/00001","on":"2026-08-01","item":"SL-K1/2026/001","warehouse":"SL-K1","kind":"vehicle","description":"Xe máy Honda","quantity":1,"unit":"chiếc","area_m2":4.5}"#,
            r#"{"type":"received","on":"2026-08-01","item":"SL-K1/2026/002","warehouse":"SL-K1","kind":"other","description":"Bao tải","quantity":2.75,"unit":"kg","area_m2":0.07,"seals":"Niêm phong số 12","place":"Khu A, kệ 3","pending_trial":true,"discrepancy":"Biên bản thu giữ ghi 3 kg"}"#,
            r#"{"type":"issued","item":"SL-K1/2026/001","on":"2026-09-01","purpose":"return"}"#,
            r#"{"type":"issued","item":"SL-K1/2026/002","on":"2026-09-01","purpose":"destroy","to":"Hội đồng","decision":"15/QĐ-THADS","council":"SL/HD/1","minutes":"BB 3"}"#,
            r#"{"type":"returned_to_store","item":"SL-K1/2026/002","on":"2026-09-02"}"#,
            r#"{"type":"stocktake","warehouse":"SL-K1","on":"2026-09-30","counted":[{"item":"SL-K1/2026/002","quantity":2.5}],"minutes":"BB kiểm kê quý III"}"#,
            r#"{"type":"destruction_council","code":"SL/HD/1","warehouse":"SL-K1","on":"2026-08-20","members":["A","B","C"],"items":["SL-K1/2026/002"]}"#,
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
        let several = |creditors: &str| {
            format!(
                r#"{{"type":"accepted","case":"SL/2026/9","on":"2026-03-02","agency":"SL","mode":"on_request","amount":100,"categories":[],"decision":"9","judgment":"9","debtor":{{"name":"A"}},"creditor":{{"name":"B"}},"creditors":{creditors}}}"#
            )
        };
        check(
            &several(
                r#"[{"name":"B","amount":60,"rank":"other"},{"name":"C","amount":30,"rank":"other"}]"#,
            ),
            "the creditors' shares sum to 90 đ, not the case's amount of 100 đ",
        );
        check(
            &several(r#"[{"name":"B","amount":100,"rank":"first"}]"#),
            "“first” is not a creditor's rank (alimony_wages_injury, court_fees, other)",
        );
        check(
            &several("[]"),
            "“creditors” lists no creditor: leave it out for a single creditor",
        );
        check(
            &several(r#"[{"name":" ","amount":100,"rank":"other"}]"#),
            "the creditor's name is empty",
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
            "“able” lines have no field “note”",
        );
        check(
            r#"{"type":"able","case":"X","on":"2025-01-01","memo":"x"}"#,
            "not a valid journal line: unknown field `memo`, expected one of `type`, `code`, `name`, `parent`, `case`, `on`, `agency`, `mode`, `amount`, `categories`, `decision`, `judgment`, `debtor`, `creditor`, `reason`, `to`, `ground`, `executor`, `means`, `note`, `id`, `kind`, `partner`, `request`, `real_estate`, `complex`, `text`, `address`, `phone`, `email`, `attachment`, `attachments`, `from`, `agenda`, `meeting`, `assessment`, `causes`, `direction`, `figures`, `conclusion`, `due`, `expected`, `done`, `number`, `position`, `role`, `member`, `directive`, `issuer`, `agencies`, `cases`, `category`, `min_owed`, `target_cases`, `target_money`, `plan`, `step`, `members`, `guests`, `by`, `obstacle`, `effective`, `counted_on`, `judgment_kind`, `budget_item`, `at`, `journal`, `sha256`, `report`, `creditors`, `debtors`, `signature`, `description`, `value`, `mortgage`, `details`, `asset`, `action`, `measure`, `percent`, `agreed`, `forces`, `perishable`, `co_owner`, `area_m2`, `volume_m3`, `rooms`, `item`, `warehouse`, `quantity`, `unit`, `seals`, `place`, `pending_trial`, `discrepancy`, `purpose`, `council`, `minutes`, `counted`, `items`",
        );
        check(
            r#"{"type":"unable","case":"X","on":"2025-01-01","ground":"poor"}"#,
            "ground “poor” of “unable” is not no_means, item_gone or address_unknown",
        );
        check(
            r#"{"type":"verified","case":"X","on":"2025-01-01"}"#,
            "field “means” is missing",
        );
        check(
            r#"{"type":"assigned","case":"X","on":"2025-01-01","executor":"A B"}"#,
            "executor: “A B” is not an executor code (1–32 letters, digits, “-”, “_” or “.”)",
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
            "amount 9,223,372,036,854,775,808 đ is more than a case may hold (at most 1,000,000,000,000,000 đ, a million billion đồng)",
        );
        check(
            r#"{"type":"reduced","case":"X","on":"2025-01-01","amount":1000000000000001}"#,
            "amount 1,000,000,000,000,001 đ is more than a case may hold (at most 1,000,000,000,000,000 đ, a million billion đồng)",
        );
        check(
            r#"{"type":"collected","case":"X","on":"2025-01-01","amount":123456789012345678901234567890123}"#,
            "amount 123456789012345678901234567890123 is more than a case may hold (at most 1,000,000,000,000,000 đ)",
        );
    }
}
