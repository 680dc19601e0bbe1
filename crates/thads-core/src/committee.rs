//! The Steering Committee's meetings (phiên họp Ban Chỉ đạo): each reviews
//! a period of a province's work; its secretariat writes the narrative
//! parts of the dossier and issues it, frozen; its conclusions become tasks
//! of the organisations responsible, who report on them.
//!
//! The committee also keeps a register of directives (chỉ thị, công văn
//! chỉ đạo) whose tasks are followed as a meeting's conclusions are; runs
//! peak campaigns (đợt cao điểm) over a selection of cases; and follows
//! complex cases with a plan whose steps fall to executors.
//!
//! These are facts of the journal (version 2), kept with the facts of
//! coordination ([`crate::coordination::Fact::Committee`]).

use std::collections::HashMap;

use crate::coordination::Code;
use crate::executor::ExecutorCode;
use crate::rules_file::{self, RulesError};
use crate::text::Text;
use crate::{AgencyCode, AgencyTree, CaseCode, Category, Day, Vnd};

/// How many working days before a meeting its materials must reach the
/// members, by the rule of `rules/committee.toml` in force that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialsRule {
    /// Its name.
    pub id: String,
    /// The working days.
    pub working_days: u32,
    /// The law.
    pub law: String,
    /// The first day it holds.
    pub effective_from: Day,
    /// The last, if replaced.
    pub effective_to: Option<Day>,
    /// Whether the figure was checked against the law.
    pub confirmed: bool,
}

impl MaterialsRule {
    /// The rules thads ships.
    pub fn shipped() -> &'static [MaterialsRule] {
        static SHIPPED: std::sync::LazyLock<Vec<MaterialsRule>> = std::sync::LazyLock::new(|| {
            MaterialsRule::from_toml(include_str!("../../../rules/committee.toml"))
                .expect("the shipped rules are read by a test")
        });
        &SHIPPED
    }

    /// The rules of a file.
    pub fn from_toml(text: &str) -> Result<Vec<MaterialsRule>, RulesError> {
        const FILE: &str = "rules/committee.toml";
        let document = rules_file::parse(text, FILE)?;
        rules_file::entries(&document, FILE, "materials")?
            .into_iter()
            .map(|entry| {
                Ok(MaterialsRule {
                    id: entry.text("id")?,
                    working_days: entry
                        .maybe_count("working_days")?
                        .ok_or_else(|| entry.error("no “working_days”"))?,
                    law: entry.text("law")?,
                    effective_from: entry.day("effective_from")?,
                    effective_to: entry.maybe_day("effective_to")?,
                    confirmed: entry.flag("confirmed")?,
                })
            })
            .collect()
    }

    /// The rule in force on `day`.
    pub fn in_force(day: Day) -> Option<&'static MaterialsRule> {
        MaterialsRule::shipped()
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }
}

/// What a decision on the committee does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// Sets the committee up (thành lập).
    Establishment,
    /// Changes its members (kiện toàn).
    Change,
    /// Issues its working regulation (quy chế hoạt động).
    Regulation,
}

impl DecisionKind {
    /// Every kind.
    pub const ALL: [DecisionKind; 3] = [
        DecisionKind::Establishment,
        DecisionKind::Change,
        DecisionKind::Regulation,
    ];

    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Establishment => "establishment",
            DecisionKind::Change => "change",
            DecisionKind::Regulation => "regulation",
        }
    }

    /// The kind the journal names.
    pub fn parse(s: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A decision of the provincial People's Committee on the Steering
/// Committee: setting it up, changing its members, or its regulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Its code in thads (`SL/QD/1`).
    pub id: Code,
    /// The province.
    pub agency: AgencyCode,
    /// What it does.
    pub kind: DecisionKind,
    /// Its number and symbol (`1234/QĐ-UBND`).
    pub number: String,
    /// The day signed.
    pub on: Day,
    /// What it says.
    pub summary: String,
    /// The day it takes effect, if the decision says (a regulation's).
    pub effective: Option<Day>,
    /// The signed document, as scanned (a PDF or an image).
    pub document: Option<crate::coordination::Attachment>,
}

/// A member's place in the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberRole {
    /// Trưởng ban: a Chair or Vice-Chair of the provincial People's Committee.
    Head,
    /// Phó trưởng ban: the head of the provincial enforcement agency.
    Deputy,
    /// Thành viên.
    Member,
    /// Tổ giúp việc: the secretariat.
    Secretariat,
}

impl MemberRole {
    /// Every role, in the committee's order.
    pub const ALL: [MemberRole; 4] = [
        MemberRole::Head,
        MemberRole::Deputy,
        MemberRole::Member,
        MemberRole::Secretariat,
    ];

    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Head => "head",
            MemberRole::Deputy => "deputy",
            MemberRole::Member => "member",
            MemberRole::Secretariat => "secretariat",
        }
    }

    /// The role the journal names.
    pub fn parse(s: &str) -> Option<MemberRole> {
        MemberRole::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A member of the committee, named by a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its code in thads (`SL/TV/1`).
    pub id: Code,
    /// The province.
    pub agency: AgencyCode,
    /// The decision that names the member.
    pub decision: Code,
    /// The person.
    pub name: String,
    /// Their position (`Phó Chủ tịch Ủy ban nhân dân tỉnh`).
    pub position: String,
    /// The partner organisation they come from; `None`: the enforcement
    /// agency itself (or the People's Committee, by the position).
    pub partner: Option<Code>,
    /// Their place in the committee.
    pub role: MemberRole,
}

/// How often a meeting comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingKind {
    /// Quarterly.
    Quarterly,
    /// Six-monthly.
    SixMonthly,
    /// The year's.
    Annual,
    /// Called when needed.
    AdHoc,
}

impl MeetingKind {
    /// Every kind.
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::Quarterly,
        MeetingKind::SixMonthly,
        MeetingKind::Annual,
        MeetingKind::AdHoc,
    ];

    /// The journal's name.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Quarterly => "quarterly",
            MeetingKind::SixMonthly => "six_monthly",
            MeetingKind::Annual => "annual",
            MeetingKind::AdHoc => "ad_hoc",
        }
    }

    /// The kind the journal names.
    pub fn parse(s: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A meeting, as called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Its code (`SL/2025/4`).
    pub id: Code,
    /// The province whose committee meets.
    pub agency: AgencyCode,
    /// The day it meets.
    pub on: Day,
    /// Quarterly, six-monthly, annual, ad hoc.
    pub kind: MeetingKind,
    /// The first day of the period it reviews.
    pub from: Day,
    /// The last.
    pub to: Day,
    /// What it will discuss.
    pub agenda: String,
}

/// The parts of the dossier the secretariat writes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Narrative {
    /// Đánh giá: the assessment of the period.
    pub assessment: String,
    /// Nguyên nhân: the causes of what was not achieved.
    pub causes: String,
    /// Phương hướng: the direction for the next period.
    pub direction: String,
}

/// Where a task comes from: a meeting's conclusions or a directive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A meeting's code.
    Meeting(Code),
    /// A directive's code.
    Directive(Code),
}

impl Source {
    /// The meeting's or directive's code.
    pub fn code(&self) -> &Code {
        match self {
            Source::Meeting(code) | Source::Directive(code) => code,
        }
    }
}

/// A document that directs the work (chỉ thị, kế hoạch, công văn chỉ đạo):
/// a province's Party committee's, People's Committee's or the Steering
/// Committee's own; its tasks are followed as conclusions are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Its code in thads (`SL/CT/1`).
    pub id: Code,
    /// The province it directs.
    pub agency: AgencyCode,
    /// Its number and symbol (`446-CV/TU`).
    pub number: String,
    /// The day signed.
    pub on: Day,
    /// Who issued it (`Tỉnh ủy Sơn La`).
    pub issuer: String,
    /// What it says.
    pub summary: String,
}

/// A peak campaign (đợt cao điểm): a window in which the agencies in scope
/// push a selection of cases, against targets in cases and money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// Its code (`SL/CD/1`).
    pub id: Code,
    /// The province that runs it.
    pub agency: AgencyCode,
    /// Its name.
    pub name: String,
    /// Its first day.
    pub from: Day,
    /// Its last.
    pub to: Day,
    /// The agencies in scope, each with its subtree; empty: the province.
    pub agencies: Vec<AgencyCode>,
    /// The cases it pushes, if listed; empty: every case of the scope open
    /// on its first day (or accepted during it) that the filter keeps.
    pub cases: Vec<CaseCode>,
    /// The filter: only cases of this category.
    pub category: Option<Category>,
    /// The filter: only cases owing at least this on the first day.
    pub min_owed: Option<Vnd>,
    /// The cases to complete.
    pub target_cases: u64,
    /// The money to collect.
    pub target_money: Vnd,
}

/// A step of a complex case's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// What is to be done.
    pub text: String,
    /// The executor who does it.
    pub owner: ExecutorCode,
    /// By when.
    pub due: Day,
}

/// A case the committee follows as complex (phức tạp, kéo dài), with the
/// reason and a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexCase {
    /// The case.
    pub case: CaseCode,
    /// The province whose committee follows it.
    pub agency: AgencyCode,
    /// The day flagged (or the plan changed).
    pub on: Day,
    /// Why it is complex.
    pub reason: String,
    /// The plan's steps, in order.
    pub plan: Vec<PlanStep>,
}

/// An obstacle between agencies (vướng mắc) raised before the committee:
/// by a member, a partner or the secretariat, about an organisation's part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obstacle {
    /// Its code (`SL/VM/1`).
    pub id: Code,
    /// The province whose committee hears it.
    pub agency: AgencyCode,
    /// The day raised.
    pub on: Day,
    /// Who raised it: a person or an organisation, as they sign.
    pub by: String,
    /// The partner organisation whose part is in question, if one is.
    pub partner: Option<Code>,
    /// What is in the way.
    pub text: String,
}

/// A conclusion of a meeting or a task of a directive: a task of an
/// organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    /// Its code (`SL/2025/4/1`, `SL/CT/1/1`).
    pub id: Code,
    /// The meeting that concluded it or the directive that gives it.
    pub source: Source,
    /// What is to be done.
    pub text: String,
    /// The partner organisation responsible; `None`: the enforcement
    /// agency itself.
    pub partner: Option<Code>,
    /// By when.
    pub due: Day,
    /// The result expected.
    pub expected: String,
}

/// A fact of the committee's work: one journal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A decision on the committee.
    Decision(Decision),
    /// A member named.
    Member(Member),
    /// A member leaves, by a later decision.
    MemberLeft {
        /// The member.
        member: Code,
        /// The decision.
        decision: Code,
    },
    /// A meeting is called.
    Meeting(Meeting),
    /// The secretariat writes (or rewrites) the dossier's narrative.
    Narrative {
        /// The meeting.
        meeting: Code,
        /// What it says.
        narrative: Narrative,
    },
    /// The dossier is issued to the members: its figures frozen, as JSON.
    Issued {
        /// The meeting.
        meeting: Code,
        /// The day issued.
        on: Day,
        /// The dossier's figures (`thads_service::dossier::Dossier` as JSON).
        figures: String,
    },
    /// A conclusion of a meeting, or a directive's task.
    Conclusion(Conclusion),
    /// A directive registered.
    Directive(Directive),
    /// A peak campaign launched.
    Campaign(Campaign),
    /// A case flagged complex, or its plan changed.
    Complex(ComplexCase),
    /// A step of a complex case's plan done.
    StepDone {
        /// The case.
        case: CaseCode,
        /// The step's place in the plan, from 1.
        step: u32,
        /// The day.
        on: Day,
    },
    /// A case no longer followed as complex.
    ComplexCleared {
        /// The case.
        case: CaseCode,
        /// The day.
        on: Day,
    },
    /// Who attended a meeting (or rewrites it).
    Attended {
        /// The meeting.
        meeting: Code,
        /// The members present.
        members: Vec<Code>,
        /// Others invited, as the minutes name them.
        guests: String,
    },
    /// An obstacle raised.
    Obstacle(Obstacle),
    /// An obstacle settled.
    ObstacleSettled {
        /// The obstacle.
        obstacle: Code,
        /// The day.
        on: Day,
        /// How.
        text: String,
    },
    /// The organisation responsible reports on its task.
    Reported {
        /// The conclusion.
        conclusion: Code,
        /// The day.
        on: Day,
        /// What was done.
        text: String,
        /// Whether the task is done.
        done: bool,
    },
}

impl Fact {
    /// The line's type in the journal.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Decision(_) => "committee_decision",
            Fact::Member(_) => "committee_member",
            Fact::MemberLeft { .. } => "committee_member_left",
            Fact::Meeting(_) => "meeting",
            Fact::Narrative { .. } => "meeting_narrative",
            Fact::Issued { .. } => "dossier_issued",
            Fact::Conclusion(_) => "conclusion",
            Fact::Reported { .. } => "task_reported",
            Fact::Directive(_) => "directive",
            Fact::Campaign(_) => "campaign",
            Fact::Complex(_) => "complex_case",
            Fact::StepDone { .. } => "plan_step_done",
            Fact::ComplexCleared { .. } => "complex_cleared",
            Fact::Attended { .. } => "meeting_attended",
            Fact::Obstacle(_) => "obstacle",
            Fact::ObstacleSettled { .. } => "obstacle_settled",
        }
    }

    /// What the fact is about: a meeting's, conclusion's, directive's,
    /// campaign's or case's code.
    pub fn subject(&self) -> &str {
        match self {
            Fact::Decision(d) => d.id.as_str(),
            Fact::Member(m) => m.id.as_str(),
            Fact::MemberLeft { member, .. } => member.as_str(),
            Fact::Meeting(m) => m.id.as_str(),
            Fact::Narrative { meeting, .. } | Fact::Issued { meeting, .. } => meeting.as_str(),
            Fact::Conclusion(c) => c.id.as_str(),
            Fact::Reported { conclusion, .. } => conclusion.as_str(),
            Fact::Directive(d) => d.id.as_str(),
            Fact::Campaign(c) => c.id.as_str(),
            Fact::Complex(c) => c.case.as_str(),
            Fact::StepDone { case, .. } | Fact::ComplexCleared { case, .. } => case.as_str(),
            Fact::Attended { meeting, .. } => meeting.as_str(),
            Fact::Obstacle(o) => o.id.as_str(),
            Fact::ObstacleSettled { obstacle, .. } => obstacle.as_str(),
        }
    }

    /// The cases the fact names, which must be of its province's agencies:
    /// a campaign's list, a complex case.
    pub fn cases(&self) -> Vec<&CaseCode> {
        match self {
            Fact::Campaign(c) => c.cases.iter().collect(),
            Fact::Complex(c) => vec![&c.case],
            _ => Vec::new(),
        }
    }

    /// The texts it holds, named, for the check of control characters (the
    /// frozen figures are JSON, checked as such).
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Fact::Decision(d) => vec![("number", d.number.as_str()), ("text", d.summary.as_str())],
            Fact::Member(m) => vec![("name", m.name.as_str()), ("position", m.position.as_str())],
            Fact::MemberLeft { .. } => Vec::new(),
            Fact::Meeting(m) => vec![("agenda", m.agenda.as_str())],
            Fact::Narrative { narrative: n, .. } => vec![
                ("assessment", n.assessment.as_str()),
                ("causes", n.causes.as_str()),
                ("direction", n.direction.as_str()),
            ],
            Fact::Issued { .. } => Vec::new(),
            Fact::Conclusion(c) => {
                vec![("text", c.text.as_str()), ("expected", c.expected.as_str())]
            }
            Fact::Reported { text, .. } => vec![("text", text.as_str())],
            Fact::Directive(d) => vec![
                ("number", d.number.as_str()),
                ("issuer", d.issuer.as_str()),
                ("text", d.summary.as_str()),
            ],
            Fact::Campaign(c) => vec![("name", c.name.as_str())],
            Fact::Complex(c) => std::iter::once(("reason", c.reason.as_str()))
                .chain(c.plan.iter().map(|s| ("plan", s.text.as_str())))
                .collect(),
            Fact::StepDone { .. } | Fact::ComplexCleared { .. } => Vec::new(),
            Fact::Attended { guests, .. } => vec![("guests", guests.as_str())],
            Fact::Obstacle(o) => vec![("by", o.by.as_str()), ("text", o.text.as_str())],
            Fact::ObstacleSettled { text, .. } => vec![("text", text.as_str())],
        }
    }
}

/// A meeting with what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingState {
    /// As called.
    pub meeting: Meeting,
    /// The narrative as last written.
    pub narrative: Narrative,
    /// The day the dossier was issued, and its figures.
    pub issued: Option<(Day, String)>,
    /// Its conclusions' places, in order.
    pub conclusions: Vec<u32>,
    /// The members who attended and the guests, once recorded.
    pub attended: Option<(Vec<Code>, String)>,
}

/// An obstacle and how it was settled, if it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObstacleState {
    /// As raised.
    pub obstacle: Obstacle,
    /// The day settled and how.
    pub settled: Option<(Day, String)>,
}

impl ObstacleState {
    /// Whether it is still in the way on `day`: raised by then, not
    /// settled by then.
    pub fn open_on(&self, day: Day) -> bool {
        self.obstacle.on <= day && self.settled.as_ref().is_none_or(|(on, _)| *on > day)
    }
}

/// A conclusion with its reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    /// As concluded.
    pub conclusion: Conclusion,
    /// The reports, in order: day, text, done.
    pub reports: Vec<(Day, String, bool)>,
}

impl TaskState {
    /// The day it was reported done, if it was.
    pub fn done_on(&self) -> Option<Day> {
        self.reports
            .iter()
            .find(|(_, _, done)| *done)
            .map(|(on, ..)| *on)
    }

    /// Whether it is overdue on `day`: not done by its due date.
    pub fn overdue_on(&self, day: Day) -> bool {
        day > self.conclusion.due && self.done_on().is_none_or(|done| done > day)
    }
}

/// A directive with its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveState {
    /// As registered.
    pub directive: Directive,
    /// Its tasks' places, in order.
    pub tasks: Vec<u32>,
}

/// A complex case as followed: its latest plan and which steps are done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexState {
    /// As last flagged or planned.
    pub complex: ComplexCase,
    /// The day each step of the plan was done, if it was.
    pub done: Vec<Option<Day>>,
    /// The day the committee stopped following it, if it did.
    pub cleared: Option<Day>,
}

impl ComplexState {
    /// Whether the committee follows it on `day`.
    pub fn followed_on(&self, day: Day) -> bool {
        self.complex.on <= day && self.cleared.is_none_or(|c| c > day)
    }

    /// The plan's steps not done, with their place from 1.
    pub fn open_steps(&self) -> impl Iterator<Item = (u32, &PlanStep)> {
        self.complex
            .plan
            .iter()
            .zip(&self.done)
            .enumerate()
            .filter(|(_, (_, done))| done.is_none())
            .map(|(i, (step, _))| (i as u32 + 1, step))
    }
}

/// Why a fact of the committee cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitteeError {
    /// A meeting or conclusion code used twice.
    Duplicate(Code),
    /// A meeting or conclusion never recorded.
    Unknown(Code),
    /// A meeting of an agency that is not a province's.
    NotProvince(AgencyCode),
    /// A period that ends before it starts.
    EmptyPeriod(Code),
    /// The dossier was issued: its narrative and figures are frozen.
    Issued(Code),
    /// A conclusion for a partner of another province, or none declared.
    UnknownPartner(Code),
    /// A campaign's agency that is not of its province.
    AgencyElsewhere {
        /// The campaign.
        campaign: Code,
        /// The agency.
        agency: AgencyCode,
    },
    /// A step of a complex case's plan that the plan does not have, or
    /// one already done.
    NoSuchStep {
        /// The case.
        case: CaseCode,
        /// The step.
        step: u32,
    },
    /// A plan's step, a done step or a clearing of a case not followed as
    /// complex.
    NotComplex(CaseCode),
    /// A step marked done before the plan was made.
    StepTooEarly {
        /// The case.
        case: CaseCode,
        /// The day of the plan.
        after: Day,
    },
    /// A report dated before the conclusion's meeting.
    TooEarly {
        /// The conclusion.
        conclusion: Code,
        /// The day before which it cannot be.
        after: Day,
    },
}

impl From<&CommitteeError> for Text {
    fn from(e: &CommitteeError) -> Text {
        use CommitteeError as E;
        match e {
            E::Duplicate(code) => Text::new("committee-duplicate").with("code", code),
            E::Unknown(code) => Text::new("committee-unknown").with("code", code),
            E::NotProvince(agency) => Text::new("committee-not-province").with("agency", agency),
            E::EmptyPeriod(code) => Text::new("committee-empty-period").with("code", code),
            E::Issued(code) => Text::new("committee-issued").with("code", code),
            E::UnknownPartner(code) => Text::new("committee-unknown-partner").with("code", code),
            E::AgencyElsewhere { campaign, agency } => Text::new("committee-agency-elsewhere")
                .with("code", campaign)
                .with("agency", agency),
            E::NoSuchStep { case, step } => Text::new("committee-no-such-step")
                .with("case", case)
                .with("step", u64::from(*step)),
            E::NotComplex(case) => Text::new("committee-not-complex").with("case", case),
            E::StepTooEarly { case, after } => Text::new("committee-step-too-early")
                .with("case", case)
                .with("after", *after),
            E::TooEarly { conclusion, after } => Text::new("committee-too-early")
                .with("code", conclusion)
                .with("after", *after),
        }
    }
}

crate::said_in_english!(CommitteeError);

/// A member, and the decision by which they left, if they did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberState {
    /// As named.
    pub member: Member,
    /// The decision by which they left.
    pub left: Option<Code>,
}

/// Every decision, member, meeting and task, as the facts so far leave them.
#[derive(Debug, Clone, Default)]
pub struct Committee {
    decisions: Vec<Decision>,
    members: Vec<MemberState>,
    meetings: Vec<MeetingState>,
    meeting_index: HashMap<Code, u32>,
    tasks: Vec<TaskState>,
    task_index: HashMap<Code, u32>,
    directives: Vec<DirectiveState>,
    campaigns: Vec<Campaign>,
    complex: Vec<ComplexState>,
    complex_index: HashMap<CaseCode, u32>,
    obstacles: Vec<ObstacleState>,
}

impl Committee {
    /// Every decision on the committees, in the order recorded.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// A decision by code.
    pub fn decision(&self, code: &Code) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == *code)
    }

    /// Every member named, in the order named (those who left too).
    pub fn members(&self) -> &[MemberState] {
        &self.members
    }

    /// The next free code of a province's decisions (`SL/QD/N`), members
    /// (`SL/TV/N`), directives (`SL/CT/N`) or campaigns (`SL/CD/N`).
    pub fn next_code(&self, agency: &AgencyCode, what: &str) -> Code {
        let ids = self
            .decisions
            .iter()
            .map(|d| &d.id)
            .chain(self.members.iter().map(|m| &m.member.id))
            .chain(self.directives.iter().map(|d| &d.directive.id))
            .chain(self.campaigns.iter().map(|c| &c.id))
            .chain(self.obstacles.iter().map(|o| &o.obstacle.id));
        Code::next_in(&format!("{agency}/{what}/"), ids)
    }

    /// Every directive, in the order registered.
    pub fn directives(&self) -> &[DirectiveState] {
        &self.directives
    }

    /// A directive by code.
    pub fn directive(&self, code: &Code) -> Option<&DirectiveState> {
        self.directives.iter().find(|d| d.directive.id == *code)
    }

    /// Every obstacle raised, in order.
    pub fn obstacles(&self) -> &[ObstacleState] {
        &self.obstacles
    }

    /// An obstacle by code.
    pub fn obstacle(&self, code: &Code) -> Option<&ObstacleState> {
        self.obstacles.iter().find(|o| o.obstacle.id == *code)
    }

    /// Every campaign, in the order launched.
    pub fn campaigns(&self) -> &[Campaign] {
        &self.campaigns
    }

    /// A campaign by code.
    pub fn campaign(&self, code: &Code) -> Option<&Campaign> {
        self.campaigns.iter().find(|c| c.id == *code)
    }

    /// Every case ever flagged complex, in the order first flagged.
    pub fn complex_cases(&self) -> &[ComplexState] {
        &self.complex
    }

    /// A case's complex state, if it was ever flagged.
    pub fn complex(&self, case: &CaseCode) -> Option<&ComplexState> {
        self.complex_index
            .get(case)
            .map(|i| &self.complex[*i as usize])
    }

    /// The province of a task's meeting or directive, and its day.
    pub fn source_of(&self, source: &Source) -> Option<(&AgencyCode, Day)> {
        match source {
            Source::Meeting(code) => self
                .meeting(code)
                .map(|m| (&m.meeting.agency, m.meeting.on)),
            Source::Directive(code) => self
                .directive(code)
                .map(|d| (&d.directive.agency, d.directive.on)),
        }
    }

    /// The province whose committee a fact, already taken, is of.
    pub fn province_of<'a>(&'a self, fact: &'a Fact) -> Option<&'a AgencyCode> {
        let task_source = |code: &Code| self.task(code).map(|t| &t.conclusion.source);
        match fact {
            Fact::Decision(d) => Some(&d.agency),
            Fact::Member(m) => Some(&m.agency),
            Fact::MemberLeft { member, .. } => self
                .members
                .iter()
                .find(|m| m.member.id == *member)
                .map(|m| &m.member.agency),
            Fact::Meeting(m) => Some(&m.agency),
            Fact::Narrative { meeting, .. } | Fact::Issued { meeting, .. } => {
                self.meeting(meeting).map(|m| &m.meeting.agency)
            }
            Fact::Conclusion(c) => self.source_of(&c.source).map(|(a, _)| a),
            Fact::Reported { conclusion, .. } => {
                task_source(conclusion).and_then(|s| self.source_of(s).map(|(a, _)| a))
            }
            Fact::Directive(d) => Some(&d.agency),
            Fact::Campaign(c) => Some(&c.agency),
            Fact::Complex(c) => Some(&c.agency),
            Fact::StepDone { case, .. } | Fact::ComplexCleared { case, .. } => {
                self.complex(case).map(|c| &c.complex.agency)
            }
            Fact::Attended { meeting, .. } => self.meeting(meeting).map(|m| &m.meeting.agency),
            Fact::Obstacle(o) => Some(&o.agency),
            Fact::ObstacleSettled { obstacle, .. } => {
                self.obstacle(obstacle).map(|o| &o.obstacle.agency)
            }
        }
    }

    /// Every meeting, in the order called.
    pub fn meetings(&self) -> &[MeetingState] {
        &self.meetings
    }

    /// A meeting by code.
    pub fn meeting(&self, code: &Code) -> Option<&MeetingState> {
        self.meeting_index
            .get(code)
            .map(|i| &self.meetings[*i as usize])
    }

    /// Every task, in the order concluded.
    pub fn tasks(&self) -> &[TaskState] {
        &self.tasks
    }

    /// A task by its conclusion's code.
    pub fn task(&self, code: &Code) -> Option<&TaskState> {
        self.task_index.get(code).map(|i| &self.tasks[*i as usize])
    }

    /// The next free meeting code of a province in a year: `AGENCY/YEAR/N`.
    pub fn next_meeting_code(&self, agency: &AgencyCode, year: i16) -> Code {
        Code::next_in(
            &format!("{agency}/{year}/"),
            self.meetings.iter().map(|m| &m.meeting.id),
        )
    }

    /// The next task code of a meeting or directive: `SOURCE/N`.
    pub fn next_conclusion_code(&self, source: &Source) -> Option<Code> {
        let count = match source {
            Source::Meeting(code) => self.meeting(code)?.conclusions.len(),
            Source::Directive(code) => self.directive(code)?.tasks.len(),
        };
        Code::parse(&format!("{}/{}", source.code(), count + 1))
    }

    /// Takes a fact, checked against what came before; `agencies` are the
    /// store's and `partner_agency` tells a declared partner's agency.
    pub fn take(
        &mut self,
        fact: Fact,
        agencies: &AgencyTree,
        partner_agency: &dyn Fn(&Code) -> Option<AgencyCode>,
    ) -> Result<(), CommitteeError> {
        use CommitteeError as E;
        let meeting_of = |this: &Committee, code: &Code| {
            this.meeting_index
                .get(code)
                .copied()
                .ok_or_else(|| E::Unknown(code.clone()))
        };
        let is_province = |agency: &AgencyCode| {
            agencies
                .index(agency)
                .is_some_and(|a| agencies.get(a).parent.is_none())
        };
        let of_province = |partner: &Code, province: &AgencyCode| {
            partner_agency(partner).is_some_and(|agency| {
                let (a, p) = (agencies.index(&agency), agencies.index(province));
                a.zip(p).is_some_and(|(a, p)| agencies.root(a) == p)
            })
        };
        match fact {
            Fact::Decision(d) => {
                if self.decision(&d.id).is_some() {
                    return Err(E::Duplicate(d.id.clone()));
                }
                if !is_province(&d.agency) {
                    return Err(E::NotProvince(d.agency.clone()));
                }
                self.decisions.push(d);
            }
            Fact::Member(m) => {
                if self.members.iter().any(|s| s.member.id == m.id) {
                    return Err(E::Duplicate(m.id.clone()));
                }
                let decision = self
                    .decision(&m.decision)
                    .filter(|d| d.agency == m.agency)
                    .ok_or_else(|| E::Unknown(m.decision.clone()))?;
                debug_assert!(is_province(&decision.agency));
                if let Some(partner) = &m.partner
                    && !of_province(partner, &m.agency)
                {
                    return Err(E::UnknownPartner(partner.clone()));
                }
                self.members.push(MemberState {
                    member: m,
                    left: None,
                });
            }
            Fact::MemberLeft { member, decision } => {
                let place = self
                    .members
                    .iter()
                    .position(|s| s.member.id == member && s.left.is_none())
                    .ok_or_else(|| E::Unknown(member.clone()))?;
                let agency = &self.members[place].member.agency;
                if self.decision(&decision).is_none_or(|d| d.agency != *agency) {
                    return Err(E::Unknown(decision));
                }
                self.members[place].left = Some(decision);
            }
            Fact::Meeting(m) => {
                if self.meeting_index.contains_key(&m.id) {
                    return Err(E::Duplicate(m.id.clone()));
                }
                if !is_province(&m.agency) {
                    return Err(E::NotProvince(m.agency.clone()));
                }
                if m.to < m.from {
                    return Err(E::EmptyPeriod(m.id.clone()));
                }
                self.meeting_index
                    .insert(m.id.clone(), self.meetings.len() as u32);
                self.meetings.push(MeetingState {
                    meeting: m,
                    narrative: Narrative::default(),
                    issued: None,
                    conclusions: Vec::new(),
                    attended: None,
                });
            }
            Fact::Narrative { meeting, narrative } => {
                let i = meeting_of(self, &meeting)? as usize;
                if self.meetings[i].issued.is_some() {
                    return Err(E::Issued(meeting));
                }
                self.meetings[i].narrative = narrative;
            }
            Fact::Issued {
                meeting,
                on,
                figures,
            } => {
                let i = meeting_of(self, &meeting)? as usize;
                if self.meetings[i].issued.is_some() {
                    return Err(E::Issued(meeting));
                }
                self.meetings[i].issued = Some((on, figures));
            }
            Fact::Conclusion(c) => {
                if self.task_index.contains_key(&c.id) {
                    return Err(E::Duplicate(c.id.clone()));
                }
                let (province, _) = self
                    .source_of(&c.source)
                    .ok_or_else(|| E::Unknown(c.source.code().clone()))?;
                if let Some(partner) = &c.partner
                    && !of_province(partner, province)
                {
                    return Err(E::UnknownPartner(partner.clone()));
                }
                let place = self.tasks.len() as u32;
                let tasks = match &c.source {
                    Source::Meeting(code) => {
                        let i = meeting_of(self, code)? as usize;
                        &mut self.meetings[i].conclusions
                    }
                    Source::Directive(code) => {
                        let i = self
                            .directives
                            .iter()
                            .position(|d| d.directive.id == *code)
                            .expect("its source was found");
                        &mut self.directives[i].tasks
                    }
                };
                tasks.push(place);
                self.task_index.insert(c.id.clone(), place);
                self.tasks.push(TaskState {
                    conclusion: c,
                    reports: Vec::new(),
                });
            }
            Fact::Directive(d) => {
                if self.directive(&d.id).is_some() {
                    return Err(E::Duplicate(d.id.clone()));
                }
                if !is_province(&d.agency) {
                    return Err(E::NotProvince(d.agency.clone()));
                }
                self.directives.push(DirectiveState {
                    directive: d,
                    tasks: Vec::new(),
                });
            }
            Fact::Campaign(c) => {
                if self.campaign(&c.id).is_some() {
                    return Err(E::Duplicate(c.id.clone()));
                }
                if !is_province(&c.agency) {
                    return Err(E::NotProvince(c.agency.clone()));
                }
                if c.to < c.from {
                    return Err(E::EmptyPeriod(c.id.clone()));
                }
                let province = agencies.index(&c.agency).expect("a province");
                if let Some(agency) = c.agencies.iter().find(|a| {
                    agencies
                        .index(a)
                        .is_none_or(|a| agencies.root(a) != province)
                }) {
                    return Err(E::AgencyElsewhere {
                        campaign: c.id.clone(),
                        agency: agency.clone(),
                    });
                }
                self.campaigns.push(c);
            }
            Fact::Complex(c) => {
                if !is_province(&c.agency) {
                    return Err(E::NotProvince(c.agency.clone()));
                }
                match self.complex_index.get(&c.case) {
                    Some(i) => {
                        let state = &mut self.complex[*i as usize];
                        // A step the new plan keeps word for word stays done.
                        let done = c
                            .plan
                            .iter()
                            .map(|step| {
                                state
                                    .complex
                                    .plan
                                    .iter()
                                    .zip(&state.done)
                                    .find(|(old, _)| old.text == step.text)
                                    .and_then(|(_, done)| *done)
                            })
                            .collect();
                        *state = ComplexState {
                            done,
                            complex: c,
                            cleared: None,
                        };
                    }
                    None => {
                        self.complex_index
                            .insert(c.case.clone(), self.complex.len() as u32);
                        self.complex.push(ComplexState {
                            done: vec![None; c.plan.len()],
                            complex: c,
                            cleared: None,
                        });
                    }
                }
            }
            Fact::StepDone { case, step, on } => {
                let i = *self
                    .complex_index
                    .get(&case)
                    .ok_or_else(|| E::NotComplex(case.clone()))?;
                let state = &mut self.complex[i as usize];
                if state.cleared.is_some() {
                    return Err(E::NotComplex(case));
                }
                if on < state.complex.on {
                    return Err(E::StepTooEarly {
                        case,
                        after: state.complex.on,
                    });
                }
                match state.done.get_mut((step as usize).wrapping_sub(1)) {
                    Some(done @ None) => *done = Some(on),
                    _ => return Err(E::NoSuchStep { case, step }),
                }
            }
            Fact::Attended {
                meeting,
                members,
                guests,
            } => {
                let i = meeting_of(self, &meeting)? as usize;
                let province = &self.meetings[i].meeting.agency;
                if let Some(stranger) = members.iter().find(|m| {
                    !self
                        .members
                        .iter()
                        .any(|s| s.member.id == **m && s.member.agency == *province)
                }) {
                    return Err(E::Unknown(stranger.clone()));
                }
                self.meetings[i].attended = Some((members, guests));
            }
            Fact::Obstacle(o) => {
                if self.obstacle(&o.id).is_some() {
                    return Err(E::Duplicate(o.id.clone()));
                }
                if !is_province(&o.agency) {
                    return Err(E::NotProvince(o.agency.clone()));
                }
                if let Some(partner) = &o.partner
                    && !of_province(partner, &o.agency)
                {
                    return Err(E::UnknownPartner(partner.clone()));
                }
                self.obstacles.push(ObstacleState {
                    obstacle: o,
                    settled: None,
                });
            }
            Fact::ObstacleSettled { obstacle, on, text } => {
                let state = self
                    .obstacles
                    .iter_mut()
                    .find(|o| o.obstacle.id == obstacle && o.settled.is_none())
                    .ok_or_else(|| E::Unknown(obstacle.clone()))?;
                if on < state.obstacle.on {
                    return Err(E::TooEarly {
                        conclusion: obstacle,
                        after: state.obstacle.on,
                    });
                }
                state.settled = Some((on, text));
            }
            Fact::ComplexCleared { case, on } => {
                let state = self
                    .complex_index
                    .get(&case)
                    .map(|i| &mut self.complex[*i as usize])
                    .filter(|s| s.cleared.is_none())
                    .ok_or_else(|| E::NotComplex(case.clone()))?;
                state.cleared = Some(on);
            }
            Fact::Reported {
                conclusion,
                on,
                text,
                done,
            } => {
                let place = *self
                    .task_index
                    .get(&conclusion)
                    .ok_or_else(|| E::Unknown(conclusion.clone()))?;
                let task = &self.tasks[place as usize];
                let (_, after) = self
                    .source_of(&task.conclusion.source)
                    .expect("a task's source is kept");
                if on < after {
                    return Err(E::TooEarly { conclusion, after });
                }
                self.tasks[place as usize].reports.push((on, text, done));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agency;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn tree() -> AgencyTree {
        let mut tree = AgencyTree::default();
        for (c, parent) in [("SL", None), ("SL-KV1", Some("SL")), ("HN", None)] {
            tree.add(Agency {
                code: AgencyCode::parse(c).unwrap(),
                name: c.into(),
                parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
            })
            .unwrap();
        }
        tree
    }

    fn meeting(id: &str, agency: &str) -> Fact {
        Fact::Meeting(Meeting {
            id: code(id),
            agency: AgencyCode::parse(agency).unwrap(),
            on: day("2025-10-15"),
            kind: MeetingKind::Annual,
            from: day("2024-10-01"),
            to: day("2025-09-30"),
            agenda: "Tổng kết năm".into(),
        })
    }

    fn conclusion(id: &str, partner: Option<&str>) -> Fact {
        Fact::Conclusion(Conclusion {
            id: code(id),
            source: Source::Meeting(code("SL/2025/1")),
            text: "Phối hợp".into(),
            partner: partner.map(code),
            due: day("2025-12-31"),
            expected: "Xong".into(),
        })
    }

    #[test]
    fn members_are_named_and_leave_by_decisions_of_their_province() {
        let tree = tree();
        let partners = |c: &Code| (c.as_str() == "SL-CA").then(|| AgencyCode::parse("SL").unwrap());
        let mut committee = Committee::default();
        let sl = AgencyCode::parse("SL").unwrap();
        let decision = |id: &str, kind, agency: &str| {
            Fact::Decision(Decision {
                id: code(id),
                agency: AgencyCode::parse(agency).unwrap(),
                kind,
                number: "1234/QĐ-UBND".into(),
                on: day("2025-01-10"),
                summary: "Kiện toàn Ban Chỉ đạo".into(),
                effective: None,
                document: None,
            })
        };
        let member = |id: &str, decision: &str, partner: Option<&str>| {
            Fact::Member(Member {
                id: code(id),
                agency: sl.clone(),
                decision: code(decision),
                name: "Nguyễn Văn A".into(),
                position: "Giám đốc Công an tỉnh".into(),
                partner: partner.map(code),
                role: MemberRole::Member,
            })
        };
        let mut take = |fact: Fact| committee.take(fact, &tree, &partners);
        take(decision("SL/QD/1", DecisionKind::Establishment, "SL")).unwrap();
        assert_eq!(
            take(decision("SL-KV1/QD/1", DecisionKind::Change, "SL-KV1")),
            Err(CommitteeError::NotProvince(
                AgencyCode::parse("SL-KV1").unwrap()
            ))
        );
        take(member("SL/TV/1", "SL/QD/1", Some("SL-CA"))).unwrap();
        assert_eq!(
            take(member("SL/TV/2", "SL/QD/9", None)),
            Err(CommitteeError::Unknown(code("SL/QD/9")))
        );
        take(decision("SL/QD/2", DecisionKind::Change, "SL")).unwrap();
        let left = || Fact::MemberLeft {
            member: code("SL/TV/1"),
            decision: code("SL/QD/2"),
        };
        take(left()).unwrap();
        assert_eq!(take(left()), Err(CommitteeError::Unknown(code("SL/TV/1"))));
        assert_eq!(committee.members()[0].left, Some(code("SL/QD/2")));
        assert_eq!(committee.next_code(&sl, "QD"), code("SL/QD/3"));
        assert_eq!(committee.next_code(&sl, "TV"), code("SL/TV/2"));
    }

    #[test]
    fn the_shipped_rules_say_how_early_the_materials_come() {
        let rule = MaterialsRule::in_force(day("2026-11-20")).unwrap();
        assert_eq!((rule.working_days, rule.confirmed), (3, false));
    }

    #[test]
    fn a_meeting_is_called_issued_once_and_its_tasks_reported() {
        let tree = tree();
        let partners = |c: &Code| match c.as_str() {
            "SL-CA" => Some(AgencyCode::parse("SL").unwrap()),
            "HN-CA" => Some(AgencyCode::parse("HN").unwrap()),
            _ => None,
        };
        let mut committee = Committee::default();
        let mut take = |fact: Fact| committee.take(fact, &tree, &partners);
        take(meeting("SL/2025/1", "SL")).unwrap();
        assert_eq!(
            take(meeting("SL/2025/1", "SL")),
            Err(CommitteeError::Duplicate(code("SL/2025/1")))
        );
        assert_eq!(
            take(meeting("SL-KV1/2025/1", "SL-KV1")),
            Err(CommitteeError::NotProvince(
                AgencyCode::parse("SL-KV1").unwrap()
            ))
        );
        let narrative = |text: &str| Fact::Narrative {
            meeting: code("SL/2025/1"),
            narrative: Narrative {
                assessment: text.into(),
                ..Narrative::default()
            },
        };
        take(narrative("Bản nháp")).unwrap();
        take(Fact::Issued {
            meeting: code("SL/2025/1"),
            on: day("2025-10-08"),
            figures: "{}".into(),
        })
        .unwrap();
        assert_eq!(
            take(narrative("Sửa sau khi phát hành")),
            Err(CommitteeError::Issued(code("SL/2025/1")))
        );
        take(conclusion("SL/2025/1/1", Some("SL-CA"))).unwrap();
        take(conclusion("SL/2025/1/2", None)).unwrap();
        assert_eq!(
            take(conclusion("SL/2025/1/3", Some("HN-CA"))),
            Err(CommitteeError::UnknownPartner(code("HN-CA")))
        );
        let report = |on: &str, done: bool| Fact::Reported {
            conclusion: code("SL/2025/1/1"),
            on: day(on),
            text: "Đã bố trí lực lượng".into(),
            done,
        };
        assert!(matches!(
            take(report("2025-10-01", false)),
            Err(CommitteeError::TooEarly { .. })
        ));
        take(report("2025-11-20", false)).unwrap();
        take(report("2026-01-05", true)).unwrap();
        let task = committee.task(&code("SL/2025/1/1")).unwrap();
        assert_eq!(task.done_on(), Some(day("2026-01-05")));
        assert!(!task.overdue_on(day("2025-12-31")));
        assert!(
            task.overdue_on(day("2026-01-02")),
            "done after its due date"
        );
        assert!(!task.overdue_on(day("2026-01-05")));
        let meeting = committee.meeting(&code("SL/2025/1")).unwrap();
        assert_eq!(meeting.narrative.assessment, "Bản nháp");
        assert_eq!(meeting.conclusions, [0, 1]);
        assert_eq!(
            committee.next_meeting_code(&AgencyCode::parse("SL").unwrap(), 2025),
            code("SL/2025/2")
        );
    }
}
