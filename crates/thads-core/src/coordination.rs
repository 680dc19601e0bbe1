//! Coordination with partner agencies (format version 2): the partners of
//! a province (courts, procuracies, police, land offices, banks, communes…),
//! the requests an agency sends them with their legal reply deadlines from
//! `rules/requests.toml`, and what happens to each request: received,
//! answered, reminded, escalated to the Steering Committee, withdrawn.
//!
//! Every one of these facts is a journal line. [`Coordination`] folds them
//! into each partner and each request's state, checking the rules that span
//! lines; it holds a province's requests in chunks shared between states, so
//! that a write copies only what it changes.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::calendar::Calendar;
use crate::deadlines::Unit;
use crate::rules_file::{self, RulesError};
use crate::text::Text;
use crate::{AgencyCode, AgencyTree, CaseCode, Day};

/// The kinds of partner organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnerKind {
    /// Tòa án.
    Court,
    /// Viện kiểm sát.
    Procuracy,
    /// Công an tỉnh.
    PoliceProvince,
    /// Công an xã, phường.
    PoliceCommune,
    /// Sở Tài chính.
    Finance,
    /// Sở Nông nghiệp và Môi trường, văn phòng đăng ký đất đai.
    Land,
    /// Sở Xây dựng.
    Construction,
    /// Bảo hiểm xã hội.
    SocialInsurance,
    /// Ngân hàng, tổ chức tín dụng.
    Bank,
    /// Kho bạc Nhà nước.
    Treasury,
    /// Ủy ban nhân dân xã, phường.
    Commune,
    /// Người sử dụng lao động.
    Employer,
    /// Trại giam.
    Prison,
    /// Another province's enforcement agency (delegated verification).
    EnforcementAgency,
    /// Khác.
    Other,
}

impl PartnerKind {
    /// Every kind.
    pub const ALL: [PartnerKind; 15] = [
        PartnerKind::Court,
        PartnerKind::Procuracy,
        PartnerKind::PoliceProvince,
        PartnerKind::PoliceCommune,
        PartnerKind::Finance,
        PartnerKind::Land,
        PartnerKind::Construction,
        PartnerKind::SocialInsurance,
        PartnerKind::Bank,
        PartnerKind::Treasury,
        PartnerKind::Commune,
        PartnerKind::Employer,
        PartnerKind::Prison,
        PartnerKind::EnforcementAgency,
        PartnerKind::Other,
    ];

    /// The name in the journal and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::Court => "court",
            PartnerKind::Procuracy => "procuracy",
            PartnerKind::PoliceProvince => "police_province",
            PartnerKind::PoliceCommune => "police_commune",
            PartnerKind::Finance => "finance",
            PartnerKind::Land => "land",
            PartnerKind::Construction => "construction",
            PartnerKind::SocialInsurance => "social_insurance",
            PartnerKind::Bank => "bank",
            PartnerKind::Treasury => "treasury",
            PartnerKind::Commune => "commune",
            PartnerKind::Employer => "employer",
            PartnerKind::Prison => "prison",
            PartnerKind::EnforcementAgency => "enforcement_agency",
            PartnerKind::Other => "other",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<PartnerKind> {
        PartnerKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The code of a partner organisation (`HN-TAND`), or of a request
/// (`HN-KV1/2026/17`): 1–64 letters, digits, `-`, `_`, `.` or `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(String);

impl Code {
    /// Parses a code; `None` if it is not one.
    pub fn parse(s: &str) -> Option<Code> {
        let ok = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
        ok.then(|| Code(s.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The next free code of a numbered series (`HN-KV1/2026/` →
    /// `HN-KV1/2026/N`, N one more than the highest of `taken`).
    pub fn next_in<'a>(prefix: &str, taken: impl Iterator<Item = &'a Code>) -> Code {
        let highest = taken
            .filter_map(|code| code.as_str().strip_prefix(prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        Code::parse(&format!("{prefix}{}", highest + 1)).expect("a well-formed code")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Code> for crate::text::Arg {
    fn from(code: &Code) -> crate::text::Arg {
        code.as_str().into()
    }
}

/// A partner organisation of a province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Unique code.
    pub code: Code,
    /// What it is.
    pub kind: PartnerKind,
    /// Its name (Tòa án nhân dân thành phố Hà Nội).
    pub name: String,
    /// The province's enforcement agency it works with.
    pub agency: AgencyCode,
    /// The organisation it belongs to, if any (a land registration office
    /// of the department).
    pub parent: Option<Code>,
    /// Where letters go.
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// The kinds of file a request or an answer may attach: documents and
/// pictures that a browser shows and never runs.
pub const MEDIA_TYPES: [&str; 3] = ["application/pdf", "image/png", "image/jpeg"];

/// A file attached to a request or an answer: named in the journal by its
/// digest, kept by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file's name as uploaded.
    pub name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, in hex.
    pub sha256: String,
}

/// A request sent to a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Unique code (`HN-KV1/2026/17`); its last part is the letter's number.
    pub id: Code,
    /// The agency that sends it.
    pub agency: AgencyCode,
    /// The partner it goes to.
    pub partner: Code,
    /// What is asked, an id of the catalogue (`police_protection`).
    pub kind: String,
    /// The day sent.
    pub on: Day,
    /// The case it is about, if any.
    pub case: Option<CaseCode>,
    /// Verification of real estate or registered movables (a longer period).
    pub real_estate: bool,
    /// A complex matter (a longer period where the law gives one).
    pub complex: bool,
    /// What is asked, in words.
    pub text: String,
    /// The files sent with it (the judgment, minutes, the file to review).
    pub attachments: Vec<Attachment>,
    /// For a co-signing request ([`COSIGN_KIND`]): the last day of the
    /// closed period whose report the procuracy is asked to sign.
    pub report: Option<Day>,
}

/// The kind of request that sends a closed period's report to the
/// procuracy for its signature (form 01/TKLN of the interagency rules).
pub const COSIGN_KIND: &str = "cosign_statistics";

/// The procuracy's word on a report sent for co-signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// Signed: the figures are agreed.
    Signed,
    /// Not signed: the answer's text says what is disputed.
    Disputed,
}

impl Signature {
    /// The name in the journal and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Signature::Signed => "signed",
            Signature::Disputed => "disputed",
        }
    }

    /// The signature named `s`.
    pub fn parse(s: &str) -> Option<Signature> {
        [Signature::Signed, Signature::Disputed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A fact of coordination: one journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A partner is declared.
    Partner(Partner),
    /// A request is sent.
    Request(Request),
    /// The partner has received it.
    Received {
        /// The request.
        request: Code,
        /// The day.
        on: Day,
    },
    /// The partner answered.
    Answered {
        /// The request.
        request: Code,
        /// The day.
        on: Day,
        /// The answer.
        text: String,
        /// A file sent with it.
        attachment: Option<Attachment>,
        /// The procuracy's signature, on a co-signing request only.
        signature: Option<Signature>,
    },
    /// The agency reminded the partner of an overdue request.
    Reminded {
        /// The request.
        request: Code,
        /// The day.
        on: Day,
    },
    /// Overdue after the second reminder: brought to the Steering Committee.
    Escalated {
        /// The request.
        request: Code,
        /// The day.
        on: Day,
    },
    /// The agency withdrew the request.
    Withdrawn {
        /// The request.
        request: Code,
        /// The day.
        on: Day,
    },
    /// A fact of the Steering Committee's work: its meetings and tasks.
    Committee(crate::committee::Fact),
    /// A statistical period closed (chốt số liệu).
    Closed(crate::close::Close),
    /// A debtor's asset found, or a step of it.
    Asset(crate::asset::Fact),
    /// A fact of the evidence warehouse.
    Warehouse(crate::warehouse::Fact),
}

impl Fact {
    /// The line's type in the journal.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Partner(_) => "partner",
            Fact::Request(_) => "request",
            Fact::Received { .. } => "request_received",
            Fact::Answered { .. } => "request_answered",
            Fact::Reminded { .. } => "request_reminded",
            Fact::Escalated { .. } => "request_escalated",
            Fact::Withdrawn { .. } => "request_withdrawn",
            Fact::Committee(f) => f.kind(),
            Fact::Closed(_) => "period_closed",
            Fact::Asset(f) => f.kind(),
            Fact::Warehouse(f) => f.kind(),
        }
    }

    /// What the fact is about, for a message: a partner's, request's,
    /// meeting's or conclusion's code.
    pub fn subject(&self) -> &str {
        match self {
            Fact::Partner(p) => p.code.as_str(),
            Fact::Committee(f) => f.subject(),
            Fact::Closed(c) => c.agency.as_ref().map_or("", |a| a.as_str()),
            Fact::Asset(f) => f.subject(),
            Fact::Warehouse(f) => f.subject(),
            fact => fact.request().expect("a request's fact").as_str(),
        }
    }

    /// The request a fact is about (`None` for a partner).
    pub fn request(&self) -> Option<&Code> {
        match self {
            Fact::Partner(_)
            | Fact::Committee(_)
            | Fact::Closed(_)
            | Fact::Asset(_)
            | Fact::Warehouse(_) => None,
            Fact::Request(r) => Some(&r.id),
            Fact::Received { request, .. }
            | Fact::Answered { request, .. }
            | Fact::Reminded { request, .. }
            | Fact::Escalated { request, .. }
            | Fact::Withdrawn { request, .. } => Some(request),
        }
    }

    /// The texts it holds, named, for the check of control characters.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Fact::Partner(p) => [
                ("name", Some(p.name.as_str())),
                ("address", p.address.as_deref()),
                ("phone", p.phone.as_deref()),
                ("email", p.email.as_deref()),
            ]
            .into_iter()
            .filter_map(|(field, text)| Some((field, text?)))
            .collect(),
            Fact::Request(r) => std::iter::once(("text", r.text.as_str()))
                .chain(
                    r.attachments
                        .iter()
                        .map(|a| ("attachments", a.name.as_str())),
                )
                .collect(),
            Fact::Answered {
                text, attachment, ..
            } => {
                let mut texts = vec![("text", text.as_str())];
                if let Some(a) = attachment {
                    texts.push(("attachment", a.name.as_str()));
                }
                texts
            }
            Fact::Committee(f) => f.texts(),
            Fact::Closed(c) => vec![("by", c.by.as_str())],
            Fact::Asset(f) => f.texts(),
            Fact::Warehouse(f) => f.texts(),
            _ => Vec::new(),
        }
    }
}

/// One rule of the catalogue: a kind of request to a kind of partner, its
/// reply period, its law and when it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its name (`police-province-2026`).
    pub id: String,
    /// The kind of request.
    pub kind: String,
    /// The kind of partner it goes to.
    pub partner: PartnerKind,
    /// `Some("real_estate")` or `Some("complex")`: the rule of requests
    /// marked so.
    pub case: Option<String>,
    /// How the period is counted.
    pub unit: Unit,
    /// How long it is.
    pub count: u32,
    /// The law and article.
    pub law: String,
    /// The first day it is in force.
    pub effective_from: Day,
    /// The last day, if replaced.
    pub effective_to: Option<Day>,
    /// Whether the figure was found in the law in force.
    pub confirmed: bool,
    /// The postponement grounds an answer ends.
    pub resumes: Vec<String>,
}

impl Rule {
    /// Whether the rule is in force on `day`.
    pub fn in_force_on(&self, day: Day) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }

    /// The reply's due date for a request sent on `sent`.
    pub fn due(&self, calendar: &Calendar, sent: Day) -> Day {
        match self.unit {
            Unit::WorkingDays => calendar.plus_working_days(sent, self.count),
            Unit::Days => calendar.plus_days(sent, self.count),
            Unit::Months => calendar.plus_months(sent, self.count),
        }
    }
}

/// The catalogue of request kinds of `rules/requests.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue(Vec<Rule>);

impl Catalogue {
    /// The catalogue thads ships.
    pub fn shipped() -> &'static Catalogue {
        static SHIPPED: std::sync::LazyLock<Catalogue> = std::sync::LazyLock::new(|| {
            Catalogue::from_toml(include_str!("../../../rules/requests.toml"))
                .expect("the shipped catalogue is read by a test")
        });
        &SHIPPED
    }

    /// The rules of a file; refused if two rules of one kind, partner kind
    /// and case are in force on the same day.
    pub fn from_toml(text: &str) -> Result<Catalogue, RulesError> {
        const FILE: &str = "rules/requests.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules: Vec<Rule> = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let unit = Unit::of(&entry)?;
            let partner = entry.text("partner")?;
            let partner = PartnerKind::parse(&partner)
                .ok_or_else(|| entry.error(format!("“{partner}” is not a kind of partner")))?;
            let case = entry.maybe_text("case")?;
            if let Some(case) = case
                .as_deref()
                .filter(|c| !["real_estate", "complex"].contains(c))
            {
                return Err(entry.error(format!("case “{case}” is not real_estate or complex")));
            }
            let id = entry.text("id")?;
            if rules.iter().any(|r| r.id == id) {
                return Err(entry.error(format!("id “{id}” is given twice")));
            }
            rules.push(Rule {
                id,
                kind: entry.text("kind")?,
                partner,
                case,
                unit,
                count: entry
                    .maybe_count("count")?
                    .ok_or_else(|| entry.error("no “count”"))?,
                law: entry.text("law")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
                resumes: entry.texts("resumes")?,
            });
        }
        for (i, a) in rules.iter().enumerate() {
            for b in &rules[i + 1..] {
                let overlap = a.kind == b.kind
                    && a.partner == b.partner
                    && a.case == b.case
                    && (a.in_force_on(b.effective_from) || b.in_force_on(a.effective_from));
                if overlap {
                    return Err(RulesError::new(format!(
                        "{FILE}: rules “{}” and “{}” are in force on the same days",
                        a.id, b.id
                    )));
                }
            }
        }
        Ok(Catalogue(rules))
    }

    /// Every rule.
    pub fn all(&self) -> &[Rule] {
        &self.0
    }

    /// The kinds of request, each once, in the file's order.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = Vec::new();
        for rule in &self.0 {
            if !kinds.contains(&rule.kind.as_str()) {
                kinds.push(&rule.kind);
            }
        }
        kinds
    }

    /// The rule of a request of `kind` to a partner of kind `partner`, sent
    /// on `day`: a rule for complex matters or real estate if the request is
    /// marked so and one is in force, else the plain one.
    pub fn rule(
        &self,
        kind: &str,
        partner: PartnerKind,
        day: Day,
        real_estate: bool,
        complex: bool,
    ) -> Option<&Rule> {
        let of = |case: Option<&str>| {
            self.0.iter().find(|r| {
                r.kind == kind
                    && r.partner == partner
                    && r.case.as_deref() == case
                    && r.in_force_on(day)
            })
        };
        complex
            .then(|| of(Some("complex")))
            .flatten()
            .or_else(|| real_estate.then(|| of(Some("real_estate"))).flatten())
            .or_else(|| of(None))
    }

    /// The rule of a request.
    pub fn rule_of(&self, request: &Request, partner: PartnerKind) -> Option<&Rule> {
        self.rule(
            &request.kind,
            partner,
            request.on,
            request.real_estate,
            request.complex,
        )
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Sent, no news.
    Sent,
    /// The partner has it.
    Received,
    /// Answered.
    Answered,
    /// Withdrawn.
    Withdrawn,
}

impl Stage {
    /// The name in JSON and on pages' keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Sent => "sent",
            Stage::Received => "received",
            Stage::Answered => "answered",
            Stage::Withdrawn => "withdrawn",
        }
    }

    /// Whether the request still waits on the partner.
    pub fn is_open(self) -> bool {
        matches!(self, Stage::Sent | Stage::Received)
    }
}

/// A request and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestState {
    /// The request as sent.
    pub request: Request,
    /// The partner's place in [`Coordination::partners`].
    pub partner: u32,
    /// Where it stands.
    pub stage: Stage,
    /// The day received, if recorded.
    pub received: Option<Day>,
    /// The answer's day, text and file.
    pub answer: Option<(Day, String, Option<Attachment>)>,
    /// The answer's signature, for a co-signing request.
    pub signature: Option<Signature>,
    /// The reminders' days (at most two).
    pub reminders: Vec<Day>,
    /// The day brought to the Steering Committee.
    pub escalated: Option<Day>,
    /// The day withdrawn.
    pub withdrawn: Option<Day>,
}

impl RequestState {
    /// The day it stopped waiting (answered or withdrawn).
    pub fn closed_on(&self) -> Option<Day> {
        self.answer.as_ref().map(|(on, ..)| *on).or(self.withdrawn)
    }
}

/// Why a fact of coordination cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoordinationError {
    /// A partner code declared twice.
    DuplicatePartner(Code),
    /// A partner or request of an agency not declared.
    UnknownAgency(AgencyCode),
    /// A partner named that was never declared.
    UnknownPartner(Code),
    /// A request code used twice.
    DuplicateRequest(Code),
    /// A fact about a request never sent.
    UnknownRequest(Code),
    /// A request to a partner of another province.
    OtherProvince {
        /// The request.
        request: Code,
        /// The partner.
        partner: Code,
    },
    /// No rule of the catalogue for this kind, partner and day.
    NoRule {
        /// The kind asked.
        kind: String,
        /// The partner's kind.
        partner: PartnerKind,
        /// The day sent.
        on: Day,
    },
    /// A fact about a request already answered or withdrawn.
    Closed(Code),
    /// Dated before the request was sent, or before an earlier fact.
    TooEarly {
        /// The request.
        request: Code,
        /// The day before which it cannot be.
        after: Day,
    },
    /// A request received twice.
    AlreadyReceived(Code),
    /// A third reminder.
    RemindedTwice(Code),
    /// Escalated before its second reminder, or twice.
    NotEscalable(Code),
    /// A fact of the committee's work that its rules refuse.
    Committee(crate::committee::CommitteeError),
    /// A close that the rules of closes refuse.
    Close(crate::close::CloseError),
    /// An asset's fact that the rules of assets refuse.
    Asset(crate::asset::AssetError),
    /// A fact of the evidence warehouse that its rules refuse.
    Warehouse(crate::warehouse::WarehouseError),
    /// A co-signing request whose period is not closed for its agency
    /// (or that names none).
    ReportNotClosed {
        /// The request.
        request: Code,
        /// The last day of the period it names.
        report: Option<Day>,
    },
    /// A report or a signature on a request that is not for co-signing.
    NotCosigning(Code),
    /// An answer to a co-signing request that neither signs nor says what
    /// it disputes.
    NoSignature(Code),
}

impl From<&CoordinationError> for Text {
    fn from(e: &CoordinationError) -> Text {
        use CoordinationError as E;
        match e {
            E::DuplicatePartner(code) => Text::new("partner-duplicate").with("code", code),
            E::UnknownAgency(agency) => {
                Text::new("coordination-unknown-agency").with("agency", agency)
            }
            E::UnknownPartner(code) => Text::new("partner-unknown").with("code", code),
            E::DuplicateRequest(code) => Text::new("request-duplicate").with("request", code),
            E::UnknownRequest(code) => Text::new("request-unknown").with("request", code),
            E::OtherProvince { request, partner } => Text::new("request-other-province")
                .with("request", request)
                .with("partner", partner),
            E::NoRule { kind, partner, on } => Text::new("request-no-rule")
                .with("kind", kind.as_str())
                .with("partner", partner.as_str())
                .with("on", *on),
            E::Closed(code) => Text::new("request-closed").with("request", code),
            E::TooEarly { request, after } => Text::new("request-too-early")
                .with("request", request)
                .with("after", *after),
            E::AlreadyReceived(code) => Text::new("request-received-twice").with("request", code),
            E::RemindedTwice(code) => Text::new("request-reminded-twice").with("request", code),
            E::NotEscalable(code) => Text::new("request-not-escalable").with("request", code),
            E::Committee(e) => e.into(),
            E::Close(e) => e.into(),
            E::Asset(e) => e.into(),
            E::Warehouse(e) => e.into(),
            E::ReportNotClosed { request, report } => match report {
                Some(report) => Text::new("request-report-not-closed")
                    .with("request", request)
                    .with("report", *report),
                None => Text::new("request-report-missing").with("request", request),
            },
            E::NotCosigning(code) => Text::new("request-not-cosigning").with("request", code),
            E::NoSignature(code) => Text::new("request-no-signature").with("request", code),
        }
    }
}

crate::said_in_english!(CoordinationError);

/// How many requests a chunk holds: a write copies one chunk it changes.
const CHUNK: usize = 1024;

/// Every partner and every request, as the facts so far leave them.
#[derive(Debug, Clone, Default)]
pub struct Coordination {
    partners: Vec<Partner>,
    partner_index: HashMap<Code, u32>,
    /// The requests in the order sent, in chunks shared between states.
    chunks: Vec<Arc<Vec<RequestState>>>,
    /// Each request's place by its code's hash (a copy of plain numbers is
    /// cheap); the rare code whose hash another has is in `overflow`.
    by_hash: HashMap<u64, u32>,
    overflow: HashMap<Code, u32>,
    /// The Steering Committee's meetings and tasks (shared between states
    /// until one of their facts comes).
    committee: Arc<crate::committee::Committee>,
    /// The closed periods.
    closes: Arc<crate::close::Closes>,
    /// The debtors' assets.
    assets: Arc<crate::asset::Assets>,
    /// The evidence warehouses and their items.
    warehouses: Arc<crate::warehouse::Warehouses>,
    /// How many facts it has taken.
    facts: usize,
}

fn hash_of(code: &Code) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(code)
}

impl Coordination {
    /// Every partner, in declaration order.
    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }

    /// A partner's place by code.
    pub fn partner_index(&self, code: &Code) -> Option<u32> {
        self.partner_index.get(code).copied()
    }

    /// A partner by code.
    pub fn partner(&self, code: &Code) -> Option<&Partner> {
        self.partner_index(code).map(|i| &self.partners[i as usize])
    }

    /// The Steering Committee's meetings and tasks.
    pub fn committee(&self) -> &crate::committee::Committee {
        &self.committee
    }

    /// The closed periods.
    pub fn closes(&self) -> &crate::close::Closes {
        &self.closes
    }

    /// The debtors' assets.
    pub fn assets(&self) -> &crate::asset::Assets {
        &self.assets
    }

    /// The evidence warehouses and their items.
    pub fn warehouses(&self) -> &crate::warehouse::Warehouses {
        &self.warehouses
    }

    /// The request that sent an agency's report closed through `report`
    /// for co-signing: the latest not withdrawn.
    pub fn cosigning(&self, agency: &AgencyCode, report: Day) -> Option<&RequestState> {
        self.requests()
            .filter(|s| {
                s.request.kind == COSIGN_KIND
                    && s.request.agency == *agency
                    && s.request.report == Some(report)
                    && s.stage != Stage::Withdrawn
            })
            .last()
    }

    /// How many facts it has taken (its position in the journal's
    /// coordination lines).
    pub fn fact_count(&self) -> usize {
        self.facts
    }

    /// How many requests there are.
    pub fn request_count(&self) -> usize {
        self.chunks.iter().map(|c| c.len()).sum()
    }

    /// Every request, in the order sent.
    pub fn requests(&self) -> impl Iterator<Item = &RequestState> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The place of a request by code.
    pub fn request_index(&self, code: &Code) -> Option<u32> {
        if let Some(i) = self.overflow.get(code) {
            return Some(*i);
        }
        let i = *self.by_hash.get(&hash_of(code))?;
        (self.get(i).request.id == *code).then_some(i)
    }

    /// The request at a place.
    pub fn get(&self, index: u32) -> &RequestState {
        let i = index as usize;
        &self.chunks[i / CHUNK][i % CHUNK]
    }

    /// A request by code.
    pub fn request(&self, code: &Code) -> Option<&RequestState> {
        self.request_index(code).map(|i| self.get(i))
    }

    fn get_mut(&mut self, index: u32) -> &mut RequestState {
        let i = index as usize;
        &mut Arc::make_mut(&mut self.chunks[i / CHUNK])[i % CHUNK]
    }

    /// The next free request code of an agency in a year:
    /// `AGENCY/YEAR/N`, N one more than the highest used.
    pub fn next_request_code(&self, agency: &AgencyCode, year: i16) -> Code {
        Code::next_in(
            &format!("{agency}/{year}/"),
            self.requests().map(|r| &r.request.id),
        )
    }

    /// Checks that the catalogue has a rule for a new request: the rule in
    /// force the day it is sent, for its kind and its partner's.
    pub fn check_rule(
        &self,
        request: &Request,
        catalogue: &Catalogue,
    ) -> Result<(), CoordinationError> {
        let partner = self
            .partner(&request.partner)
            .ok_or_else(|| CoordinationError::UnknownPartner(request.partner.clone()))?;
        match catalogue.rule_of(request, partner.kind) {
            Some(_) => Ok(()),
            None => Err(CoordinationError::NoRule {
                kind: request.kind.clone(),
                partner: partner.kind,
                on: request.on,
            }),
        }
    }

    /// Takes a fact, checked against what came before; `agencies` are the
    /// store's (and the file's so far). A new request's rule is checked
    /// apart ([`Coordination::check_rule`]): a stored request keeps its
    /// place whatever the catalogue becomes.
    pub fn apply(&mut self, fact: &Fact, agencies: &AgencyTree) -> Result<(), CoordinationError> {
        self.take(fact.clone(), agencies)
    }

    /// Takes a fact as [`Coordination::apply`] does, keeping it without a
    /// copy.
    pub fn take(&mut self, fact: Fact, agencies: &AgencyTree) -> Result<(), CoordinationError> {
        use CoordinationError as E;
        match fact {
            Fact::Closed(close) => {
                Arc::make_mut(&mut self.closes)
                    .take(close, agencies)
                    .map_err(E::Close)?;
            }
            Fact::Asset(f) => {
                Arc::make_mut(&mut self.assets)
                    .take(f, agencies)
                    .map_err(E::Asset)?;
            }
            Fact::Warehouse(f) => {
                Arc::make_mut(&mut self.warehouses)
                    .take(f, agencies)
                    .map_err(E::Warehouse)?;
            }
            Fact::Committee(f) => {
                let (index, partners) = (&self.partner_index, &self.partners);
                let agency_of = |code: &Code| {
                    index
                        .get(code)
                        .map(|i| partners[*i as usize].agency.clone())
                };
                Arc::make_mut(&mut self.committee)
                    .take(f, agencies, &agency_of)
                    .map_err(E::Committee)?;
            }
            Fact::Partner(p) => {
                if self.partner_index.contains_key(&p.code) {
                    return Err(E::DuplicatePartner(p.code.clone()));
                }
                if agencies.index(&p.agency).is_none() {
                    return Err(E::UnknownAgency(p.agency.clone()));
                }
                if let Some(parent) = &p.parent
                    && !self.partner_index.contains_key(parent)
                {
                    return Err(E::UnknownPartner(parent.clone()));
                }
                self.partner_index
                    .insert(p.code.clone(), self.partners.len() as u32);
                self.partners.push(p);
            }
            Fact::Request(r) => {
                if self.request_index(&r.id).is_some() {
                    return Err(E::DuplicateRequest(r.id.clone()));
                }
                let agency = agencies
                    .index(&r.agency)
                    .ok_or_else(|| E::UnknownAgency(r.agency.clone()))?;
                let partner = self
                    .partner_index(&r.partner)
                    .ok_or_else(|| E::UnknownPartner(r.partner.clone()))?;
                let partner_agency = agencies
                    .index(&self.partners[partner as usize].agency)
                    .expect("a checked partner");
                if agencies.root(agency) != agencies.root(partner_agency) {
                    return Err(E::OtherProvince {
                        request: r.id.clone(),
                        partner: r.partner.clone(),
                    });
                }
                if r.kind == COSIGN_KIND {
                    let closed = r.report.is_some_and(|report| {
                        self.closes
                            .through(agencies, agency)
                            .is_some_and(|through| report <= through)
                            && report == report.month_end()
                    });
                    if !closed {
                        return Err(E::ReportNotClosed {
                            request: r.id.clone(),
                            report: r.report,
                        });
                    }
                } else if r.report.is_some() {
                    return Err(E::NotCosigning(r.id.clone()));
                }
                let index = u32::try_from(self.request_count()).expect("fewer than 4 billion");
                let hash = hash_of(&r.id);
                let overflow = self.by_hash.contains_key(&hash).then(|| r.id.clone());
                let state = RequestState {
                    request: r,
                    partner,
                    stage: Stage::Sent,
                    received: None,
                    answer: None,
                    signature: None,
                    reminders: Vec::new(),
                    escalated: None,
                    withdrawn: None,
                };
                match self.chunks.last_mut() {
                    Some(chunk) if chunk.len() < CHUNK => Arc::make_mut(chunk).push(state),
                    _ => self.chunks.push(Arc::new(vec![state])),
                }
                match overflow {
                    Some(id) => {
                        self.overflow.insert(id, index);
                    }
                    None => {
                        self.by_hash.insert(hash, index);
                    }
                }
            }
            Fact::Received { ref request, on }
            | Fact::Answered {
                ref request, on, ..
            }
            | Fact::Reminded { ref request, on }
            | Fact::Escalated { ref request, on }
            | Fact::Withdrawn { ref request, on } => {
                let index = self
                    .request_index(request)
                    .ok_or_else(|| E::UnknownRequest(request.clone()))?;
                let state = self.get(index);
                if !state.stage.is_open() {
                    return Err(E::Closed(request.clone()));
                }
                let after = state
                    .reminders
                    .last()
                    .copied()
                    .filter(|_| matches!(fact, Fact::Reminded { .. } | Fact::Escalated { .. }))
                    .unwrap_or(state.request.on);
                if on < after {
                    return Err(E::TooEarly {
                        request: request.clone(),
                        after,
                    });
                }
                match fact {
                    Fact::Received { .. } if state.received.is_some() => {
                        return Err(E::AlreadyReceived(request.clone()));
                    }
                    Fact::Reminded { .. } if state.reminders.len() >= 2 => {
                        return Err(E::RemindedTwice(request.clone()));
                    }
                    Fact::Escalated { .. }
                        if state.reminders.len() < 2 || state.escalated.is_some() =>
                    {
                        return Err(E::NotEscalable(request.clone()));
                    }
                    Fact::Answered {
                        signature,
                        ref text,
                        ..
                    } => {
                        let cosigning = state.request.kind == COSIGN_KIND;
                        match signature {
                            Some(_) if !cosigning => {
                                return Err(E::NotCosigning(request.clone()));
                            }
                            None if cosigning => return Err(E::NoSignature(request.clone())),
                            Some(Signature::Disputed) if text.trim().is_empty() => {
                                return Err(E::NoSignature(request.clone()));
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
                let state = self.get_mut(index);
                match fact {
                    Fact::Received { on, .. } => {
                        state.received = Some(on);
                        state.stage = Stage::Received;
                    }
                    Fact::Answered {
                        on,
                        text,
                        attachment,
                        signature,
                        ..
                    } => {
                        state.answer = Some((on, text, attachment));
                        state.signature = signature;
                        state.stage = Stage::Answered;
                    }
                    Fact::Reminded { on, .. } => state.reminders.push(on),
                    Fact::Escalated { on, .. } => state.escalated = Some(on),
                    Fact::Withdrawn { on, .. } => {
                        state.withdrawn = Some(on);
                        state.stage = Stage::Withdrawn;
                    }
                    Fact::Partner(_)
                    | Fact::Request(_)
                    | Fact::Committee(_)
                    | Fact::Closed(_)
                    | Fact::Asset(_)
                    | Fact::Warehouse(_) => unreachable!("matched above"),
                }
            }
        }
        self.facts += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agency;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn tree() -> AgencyTree {
        let mut tree = AgencyTree::default();
        for (c, parent) in [("HN", None), ("HN-KV1", Some("HN")), ("SL", None)] {
            tree.add(Agency {
                code: AgencyCode::parse(c).unwrap(),
                name: c.into(),
                parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
            })
            .unwrap();
        }
        tree
    }

    fn partner(c: &str, kind: PartnerKind, agency: &str) -> Fact {
        Fact::Partner(Partner {
            code: code(c),
            kind,
            name: c.into(),
            agency: AgencyCode::parse(agency).unwrap(),
            parent: None,
            address: None,
            phone: None,
            email: None,
        })
    }

    fn request(id: &str, partner: &str, kind: &str, on: &str) -> Fact {
        Fact::Request(Request {
            id: code(id),
            agency: AgencyCode::parse("HN-KV1").unwrap(),
            partner: code(partner),
            kind: kind.into(),
            on: day(on),
            case: None,
            real_estate: false,
            complex: false,
            text: "Đề nghị".into(),
            attachments: Vec::new(),
            report: None,
        })
    }

    #[test]
    fn the_shipped_catalogue_has_every_kind_of_the_contract() {
        let catalogue = Catalogue::shipped();
        assert_eq!(
            catalogue.kinds(),
            [
                "explain_judgment",
                "exemption_review",
                "police_protection",
                "account_info",
                "delegated_verification",
                "land_opinion",
                "insurance_income",
                "commune_signature",
                "cosign_statistics"
            ]
        );
    }

    #[test]
    fn the_rule_is_the_one_in_force_on_the_day_sent_and_the_marks_choose_the_longer_period() {
        let catalogue = Catalogue::shipped();
        let rule = |kind, partner, on, real_estate, complex| {
            catalogue
                .rule(kind, partner, day(on), real_estate, complex)
                .map(|r| r.id.as_str())
        };
        use PartnerKind::*;
        assert_eq!(
            rule(
                "police_protection",
                PoliceProvince,
                "2026-06-30",
                false,
                false
            ),
            Some("police-2014")
        );
        assert_eq!(
            rule(
                "police_protection",
                PoliceProvince,
                "2026-07-01",
                false,
                false
            ),
            Some("police-province-2026")
        );
        assert_eq!(
            rule(
                "delegated_verification",
                EnforcementAgency,
                "2026-07-01",
                true,
                false
            ),
            Some("delegated-real-estate-2026")
        );
        assert_eq!(
            rule(
                "delegated_verification",
                EnforcementAgency,
                "2026-07-01",
                true,
                true
            ),
            Some("delegated-complex-2026")
        );
        // No complex rule for the police: the plain one.
        assert_eq!(
            rule(
                "police_protection",
                PoliceCommune,
                "2026-07-01",
                false,
                true
            ),
            Some("police-commune-2026")
        );
        assert_eq!(
            rule("police_protection", Bank, "2026-07-01", false, false),
            None
        );
        // The employer's 3 working days come with Decree 152 only.
        assert_eq!(
            rule("insurance_income", Employer, "2026-06-30", false, false),
            None
        );
    }

    #[test]
    fn overlapping_rules_are_refused() {
        let text = r#"
[[rule]]
id = "a"
kind = "k"
partner = "court"
unit = "days"
count = 1
law = "x"
effective_from = "2020-01-01"
confirmed = true

[[rule]]
id = "b"
kind = "k"
partner = "court"
unit = "days"
count = 2
law = "x"
effective_from = "2021-01-01"
confirmed = true
"#;
        let error = Catalogue::from_toml(text).unwrap_err().to_string();
        assert!(error.contains("“a” and “b”"), "{error}");
    }

    #[test]
    fn a_request_goes_to_a_declared_partner_of_its_province_through_its_stages() {
        let (tree, catalogue) = (tree(), Catalogue::shipped());
        let mut c = Coordination::default();
        let mut take = |fact: Fact| {
            if let Fact::Request(r) = &fact {
                c.check_rule(r, catalogue)?;
            }
            c.apply(&fact, &tree)
        };
        take(partner("HN-CA", PartnerKind::PoliceProvince, "HN")).unwrap();
        take(partner("SL-CA", PartnerKind::PoliceProvince, "SL")).unwrap();
        assert_eq!(
            take(partner("HN-CA", PartnerKind::Court, "HN")),
            Err(CoordinationError::DuplicatePartner(code("HN-CA")))
        );
        assert!(matches!(
            take(request("R/1", "SL-CA", "police_protection", "2026-07-02")),
            Err(CoordinationError::OtherProvince { .. })
        ));
        assert!(matches!(
            take(request("R/1", "HN-CA", "account_info", "2026-07-02")),
            Err(CoordinationError::NoRule { .. })
        ));
        take(request("R/1", "HN-CA", "police_protection", "2026-07-02")).unwrap();
        let on = |s: &str| day(s);
        assert!(matches!(
            take(Fact::Received {
                request: code("R/1"),
                on: on("2026-07-01")
            }),
            Err(CoordinationError::TooEarly { .. })
        ));
        take(Fact::Received {
            request: code("R/1"),
            on: on("2026-07-03"),
        })
        .unwrap();
        assert!(matches!(
            take(Fact::Escalated {
                request: code("R/1"),
                on: on("2026-07-20")
            }),
            Err(CoordinationError::NotEscalable(_))
        ));
        take(Fact::Reminded {
            request: code("R/1"),
            on: on("2026-07-10"),
        })
        .unwrap();
        take(Fact::Reminded {
            request: code("R/1"),
            on: on("2026-07-15"),
        })
        .unwrap();
        assert!(matches!(
            take(Fact::Reminded {
                request: code("R/1"),
                on: on("2026-07-16")
            }),
            Err(CoordinationError::RemindedTwice(_))
        ));
        take(Fact::Escalated {
            request: code("R/1"),
            on: on("2026-07-20"),
        })
        .unwrap();
        take(Fact::Answered {
            request: code("R/1"),
            on: on("2026-07-21"),
            text: "Đồng ý bảo vệ".into(),
            attachment: None,
            signature: None,
        })
        .unwrap();
        assert_eq!(
            take(Fact::Withdrawn {
                request: code("R/1"),
                on: on("2026-07-22")
            }),
            Err(CoordinationError::Closed(code("R/1")))
        );
        let state = c.request(&code("R/1")).unwrap();
        assert_eq!(state.stage, Stage::Answered);
        assert_eq!(state.reminders, [on("2026-07-10"), on("2026-07-15")]);
        assert_eq!(c.fact_count(), 8);
        assert_eq!(
            c.next_request_code(&AgencyCode::parse("HN-KV1").unwrap(), 2026)
                .as_str(),
            "HN-KV1/2026/1"
        );
    }

    #[test]
    fn states_share_the_chunks_no_fact_changed() {
        let tree = tree();
        let mut c = Coordination::default();
        c.apply(&partner("HN-CA", PartnerKind::PoliceProvince, "HN"), &tree)
            .unwrap();
        for i in 0..(CHUNK + 10) {
            let id = format!("HN-KV1/2026/{i}");
            c.apply(
                &request(&id, "HN-CA", "police_protection", "2026-07-02"),
                &tree,
            )
            .unwrap();
        }
        let before = c.clone();
        c.apply(
            &Fact::Withdrawn {
                request: code("HN-KV1/2026/5"),
                on: day("2026-07-03"),
            },
            &tree,
        )
        .unwrap();
        assert!(!Arc::ptr_eq(&before.chunks[0], &c.chunks[0]));
        assert!(Arc::ptr_eq(&before.chunks[1], &c.chunks[1]));
        assert_eq!(
            before.request(&code("HN-KV1/2026/5")).unwrap().stage,
            Stage::Sent
        );
        assert_eq!(
            c.request(&code("HN-KV1/2026/5")).unwrap().stage,
            Stage::Withdrawn
        );
        assert_eq!(
            c.request(&code("HN-KV1/2026/1033")).unwrap().request.on,
            day("2026-07-02")
        );
        assert_eq!(
            c.next_request_code(&AgencyCode::parse("HN-KV1").unwrap(), 2026)
                .as_str(),
            "HN-KV1/2026/1034"
        );
    }

    #[test]
    fn a_closed_periods_report_goes_to_the_procuracy_which_signs_it_or_says_what_it_disputes() {
        let (tree, catalogue) = (tree(), Catalogue::shipped());
        let mut c = Coordination::default();
        let mut take = |fact: Fact| {
            if let Fact::Request(r) = &fact {
                c.check_rule(r, catalogue)?;
            }
            c.apply(&fact, &tree)
        };
        take(partner("HN-VKS", PartnerKind::Procuracy, "HN")).unwrap();
        take(partner("HN-CA", PartnerKind::PoliceProvince, "HN")).unwrap();
        let cosign =
            |id: &str, report: Option<&str>| match request(id, "HN-VKS", COSIGN_KIND, "2026-10-02")
            {
                Fact::Request(r) => Fact::Request(Request {
                    report: report.map(day),
                    ..r
                }),
                _ => unreachable!(),
            };
        // Not closed yet, or no period named: refused.
        assert!(matches!(
            take(cosign("R/1", Some("2026-09-30"))),
            Err(CoordinationError::ReportNotClosed {
                report: Some(_),
                ..
            })
        ));
        take(Fact::Closed(crate::close::Close {
            agency: Some(AgencyCode::parse("HN").unwrap()),
            to: day("2026-09-30"),
            at: "2026-10-01T02:00:00Z".parse().unwrap(),
            by: "thongke".into(),
            journal: 0,
            sha256: "0".repeat(64),
        }))
        .unwrap();
        assert!(matches!(
            take(cosign("R/1", None)),
            Err(CoordinationError::ReportNotClosed { report: None, .. })
        ));
        // A later period, or a day that ends no month, is not closed.
        for report in ["2026-10-31", "2026-09-15"] {
            assert!(matches!(
                take(cosign("R/1", Some(report))),
                Err(CoordinationError::ReportNotClosed { .. })
            ));
        }
        // Another kind of request sends no report.
        let police = match request("R/2", "HN-CA", "police_protection", "2026-10-02") {
            Fact::Request(r) => Request {
                report: Some(day("2026-09-30")),
                ..r
            },
            _ => unreachable!(),
        };
        assert_eq!(
            take(Fact::Request(police.clone())),
            Err(CoordinationError::NotCosigning(code("R/2")))
        );
        take(Fact::Request(Request {
            report: None,
            ..police
        }))
        .unwrap();
        take(cosign("R/1", Some("2026-09-30"))).unwrap();
        let answer = |id: &str, text: &str, signature| Fact::Answered {
            request: code(id),
            on: day("2026-10-05"),
            text: text.into(),
            attachment: None,
            signature,
        };
        assert_eq!(
            take(answer("R/1", "Đồng ý", None)),
            Err(CoordinationError::NoSignature(code("R/1")))
        );
        assert_eq!(
            take(answer("R/1", " ", Some(Signature::Disputed))),
            Err(CoordinationError::NoSignature(code("R/1")))
        );
        assert_eq!(
            take(answer("R/2", "Đã bố trí", Some(Signature::Signed))),
            Err(CoordinationError::NotCosigning(code("R/2")))
        );
        take(answer(
            "R/1",
            "Số việc thụ lý mới chênh 2 việc",
            Some(Signature::Disputed),
        ))
        .unwrap();
        let hn_kv1 = AgencyCode::parse("HN-KV1").unwrap();
        let sent = c.cosigning(&hn_kv1, day("2026-09-30")).unwrap();
        assert_eq!(sent.signature, Some(Signature::Disputed));
        assert_eq!(sent.stage, Stage::Answered);
        assert!(c.cosigning(&hn_kv1, day("2026-08-31")).is_none());
    }
}
