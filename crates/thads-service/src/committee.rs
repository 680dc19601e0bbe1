//! The Steering Committee's meetings: the secretariat (the province's
//! leaders and statisticians) calls a meeting, writes the narrative of its
//! dossier and issues it, frozen; records the meeting's conclusions as
//! tasks of the organisations responsible; those organisations' accounts
//! (a partner's, or the agency's leaders for its own tasks) report on them.
//! The committee's members (`steering` accounts) read it all.

use thads_core::account::Role;
use thads_core::agency::AgencyIndex;
use thads_core::committee::{
    Conclusion, Decision, DecisionKind, Directive, Fact as CommitteeFact, Meeting, MeetingKind,
    Member, MemberRole, Narrative, Source, TaskState,
};
use thads_core::coordination::{Code, Fact};
use thads_core::{AgencyCode, AgencyTree, Day};

use crate::coordination::CoordinationError;
use crate::dossier::{DossierError, DossierRequest};
use crate::{Access, Actor, Thads};

/// A meeting as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPage {
    /// As called.
    pub meeting: Meeting,
    /// The narrative as last written.
    pub narrative: Narrative,
    /// The day the dossier was issued, if it was.
    pub issued: Option<Day>,
    /// Working days from the issue to the meeting.
    pub lead_days: Option<u32>,
    /// The rule of how many working days before the meeting its materials
    /// are due (`rules/committee.toml`), if one is in force that day.
    pub materials_rule: Option<&'static thads_core::committee::MaterialsRule>,
    /// Its conclusions, as tasks.
    pub tasks: Vec<TaskRow>,
    /// Whether the actor is of the secretariat (calls, writes, issues,
    /// concludes).
    pub may_run: bool,
    /// The members in office (code, name, position), and whether each
    /// attended, once recorded.
    pub members: Vec<(String, String, String, bool)>,
    /// Whether the attendance is recorded, and the guests.
    pub attended: Option<String>,
}

/// A task, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TaskRow {
    /// The conclusion's code.
    pub id: String,
    /// The meeting's or directive's.
    pub source: String,
    /// Whether it is a directive's task.
    pub directive: bool,
    /// What is to be done.
    pub text: String,
    /// Who does it: a partner's name, or the agency's.
    pub responsible: String,
    /// The partner's code, if a partner is responsible.
    pub partner: Option<String>,
    /// By when.
    pub due: Day,
    /// The result expected.
    pub expected: String,
    /// `done`, `overdue` or `open`, on the day asked.
    pub state: &'static str,
    /// The last report: day and text.
    pub last_report: Option<(Day, String)>,
    /// Whether the actor may report on it.
    #[serde(skip)]
    pub may_report: bool,
}

/// What a new meeting is.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    /// The province.
    pub agency: AgencyCode,
    /// The day it meets.
    pub on: Day,
    /// Its kind.
    pub kind: MeetingKind,
    /// The period it reviews.
    pub from: Day,
    /// Its last day.
    pub to: Day,
    /// Its agenda.
    pub agenda: String,
}

/// What a new conclusion is.
#[derive(Debug, Clone)]
pub struct NewConclusion {
    /// What is to be done.
    pub text: String,
    /// The partner responsible; `None`: the agency itself.
    pub partner: Option<Code>,
    /// By when.
    pub due: Day,
    /// The result expected.
    pub expected: String,
}

impl Actor {
    /// Whether this actor is of the secretariat of `agency`'s committee:
    /// leaders and statisticians whose reach covers the province, the
    /// console.
    pub fn runs_committee_of(&self, tree: &AgencyTree, province: AgencyIndex) -> bool {
        match &self.access {
            Access::Console => true,
            Access::Account {
                role: Role::Leader | Role::Statistician,
                agency,
            } => agency.as_ref().is_none_or(|top| {
                tree.index(top)
                    .is_some_and(|top| tree.is_within(province, top))
            }),
            Access::Account { .. } => false,
        }
    }

    /// Whether this actor sees `province`'s committee: its secretariat, its
    /// members (steering accounts of the province or the country), and the
    /// province's partners' accounts (for their own tasks).
    pub fn sees_committee_of(&self, tree: &AgencyTree, province: AgencyIndex) -> bool {
        let of_province = |agency: &Option<AgencyCode>| {
            agency
                .as_ref()
                .is_none_or(|a| tree.index(a).is_some_and(|a| tree.root(a) == province))
        };
        self.runs_committee_of(tree, province)
            || match &self.access {
                Access::Account {
                    role: Role::Steering,
                    agency,
                } => of_province(agency),
                Access::Account {
                    role: Role::Partner,
                    agency,
                } => self.partner.is_some() && agency.is_some() && of_province(agency),
                _ => false,
            }
    }

    /// Whether this actor reports on a task: the responsible partner's
    /// accounts; for the agency's own tasks, its leaders; the console.
    fn reports_on(&self, tree: &AgencyTree, province: AgencyIndex, task: &TaskState) -> bool {
        match (&task.conclusion.partner, &self.access) {
            (_, Access::Console) => true,
            (Some(partner), _) => self.partner.as_ref() == Some(partner),
            (
                None,
                Access::Account {
                    role: Role::Leader,
                    agency,
                },
            ) => agency.as_ref().is_none_or(|top| {
                tree.index(top)
                    .is_some_and(|top| tree.is_within(province, top))
            }),
            (None, _) => false,
        }
    }
}

fn not_found(code: &Code) -> CoordinationError {
    CoordinationError::NotFound(code.to_string())
}

fn invalid(key: &'static str, code: &Code) -> CoordinationError {
    CoordinationError::Invalid(thads_core::text::Text::new(key).with("code", code))
}

/// The rows of tasks, on `day`, for `actor`.
pub(crate) fn task_rows<'a>(
    coordination: &thads_core::coordination::Coordination,
    tree: &AgencyTree,
    actor: Option<&Actor>,
    tasks: impl Iterator<Item = &'a TaskState>,
    day: Day,
) -> Vec<TaskRow> {
    let committee = coordination.committee();
    tasks
        .map(|task| {
            let c = &task.conclusion;
            let (agency, _) = committee
                .source_of(&c.source)
                .expect("a stored task's source");
            let province = tree.index(agency).expect("a stored source's agency");
            let responsible = match &c.partner {
                Some(p) => coordination
                    .partner(p)
                    .map_or_else(|| p.to_string(), |p| p.name.clone()),
                None => tree.get(province).name.clone(),
            };
            let state = if task.done_on().is_some_and(|d| d <= day) {
                "done"
            } else if task.overdue_on(day) {
                "overdue"
            } else {
                "open"
            };
            TaskRow {
                id: c.id.to_string(),
                source: c.source.code().to_string(),
                directive: matches!(c.source, Source::Directive(_)),
                text: c.text.clone(),
                responsible,
                partner: c.partner.as_ref().map(|p| p.to_string()),
                due: c.due,
                expected: c.expected.clone(),
                state,
                last_report: task.reports.last().map(|(on, text, _)| (*on, text.clone())),
                may_report: actor.is_some_and(|a| a.reports_on(tree, province, task)),
            }
        })
        .collect()
}

impl Thads {
    /// A writer for the secretariat of `agency`'s committee: the agency is
    /// a province's, and the actor of its secretariat.
    pub(crate) async fn province_of(
        &self,
        actor: &Actor,
        agency: &AgencyCode,
    ) -> Result<thads_store::Writer, CoordinationError> {
        let writer = self.writer().await?;
        let tree = &writer.snapshot().agencies;
        let province = tree
            .index(agency)
            .filter(|a| tree.get(*a).parent.is_none())
            .ok_or_else(|| CoordinationError::NotFound(agency.to_string()))?;
        if !actor.runs_committee_of(tree, province) {
            return Err(actor.denied("run the Steering Committee").into());
        }
        Ok(writer)
    }

    /// Calls a meeting of a province's committee; returns its code
    /// (`AGENCY/YEAR/N`).
    pub async fn call_meeting(
        &self,
        actor: &Actor,
        new: NewMeeting,
    ) -> Result<Code, CoordinationError> {
        let writer = self.province_of(actor, &new.agency).await?;
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_meeting_code(&new.agency, new.on.year());
        let meeting = Meeting {
            id: id.clone(),
            agency: new.agency,
            on: new.on,
            kind: new.kind,
            from: new.from,
            to: new.to,
            agenda: new.agenda.trim().to_owned(),
        };
        let facts = vec![Fact::Committee(CommitteeFact::Meeting(meeting))];
        self.append_facts(writer, actor, "meeting.call", id.as_str(), facts, None)
            .await?;
        Ok(id)
    }

    /// The province whose committee holds a meeting.
    async fn meeting_agency(&self, meeting: &Code) -> Result<AgencyCode, CoordinationError> {
        let view = self.view().await?;
        let committee = view.snapshot().coordination.committee();
        let state = committee
            .meeting(meeting)
            .ok_or_else(|| not_found(meeting))?;
        Ok(state.meeting.agency.clone())
    }

    /// The writer and the meeting's province, for the secretariat.
    async fn secretariat_of(
        &self,
        actor: &Actor,
        meeting: &Code,
    ) -> Result<(thads_store::Writer, Meeting), CoordinationError> {
        let agency = self.meeting_agency(meeting).await?;
        let writer = self.province_of(actor, &agency).await?;
        let state = writer
            .snapshot()
            .coordination
            .committee()
            .meeting(meeting)
            .ok_or_else(|| not_found(meeting))?
            .clone();
        if state.issued.is_some() {
            return Err(invalid("committee-issued", meeting));
        }
        Ok((writer, state.meeting))
    }

    /// Writes the dossier's narrative, until it is issued.
    pub async fn write_narrative(
        &self,
        actor: &Actor,
        meeting: &Code,
        narrative: Narrative,
    ) -> Result<(), CoordinationError> {
        let (writer, _) = self.secretariat_of(actor, meeting).await?;
        let narrative = Narrative {
            assessment: narrative.assessment.trim().to_owned(),
            causes: narrative.causes.trim().to_owned(),
            direction: narrative.direction.trim().to_owned(),
        };
        let facts = vec![Fact::Committee(CommitteeFact::Narrative {
            meeting: meeting.clone(),
            narrative,
        })];
        self.append_facts(
            writer,
            actor,
            "meeting.narrative",
            meeting.as_str(),
            facts,
            None,
        )
        .await
    }

    /// Issues the dossier on `on`: its figures, from the journal as it
    /// stands, are frozen in the journal (as JSON) and its .docx, with the
    /// narrative, kept by the store; nothing of it changes after.
    pub async fn issue_dossier(
        &self,
        actor: &Actor,
        meeting: &Code,
        on: Day,
    ) -> Result<(), DossierError> {
        let (writer, called) = self.secretariat_of(actor, meeting).await?;
        drop(writer);
        let request = DossierRequest {
            agency: called.agency.clone(),
            from: called.from,
            to: called.to,
            large_from: DossierRequest::LARGE_FROM,
            long_years: DossierRequest::LONG_YEARS,
        };
        // The figures of the journal at the position the dossier names.
        let dossier = self.dossier(actor, &request).await?;
        let (mut writer, _) = self.secretariat_of(actor, meeting).await?;
        let narrative = writer
            .snapshot()
            .coordination
            .committee()
            .meeting(meeting)
            .map(|m| m.narrative.clone())
            .unwrap_or_default();
        let docx = crate::dossier_docx::dossier_docx_with(&dossier, Some(&narrative));
        let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&docx));
        writer
            .add_attachment(&sha256, crate::dossier_docx::DOCX, &docx)
            .await
            .map_err(CoordinationError::from)?;
        let mut figures = serde_json::to_value(&dossier).expect("a dossier serializes");
        figures["docx_sha256"] = sha256.into();
        let facts = vec![Fact::Committee(CommitteeFact::Issued {
            meeting: meeting.clone(),
            on,
            figures: figures.to_string(),
        })];
        self.append_facts(
            writer,
            actor,
            "meeting.issue",
            meeting.as_str(),
            facts,
            None,
        )
        .await?;
        Ok(())
    }

    /// Records a conclusion of a meeting (once its dossier is issued) or a
    /// task of a directive; returns its code.
    pub async fn conclude(
        &self,
        actor: &Actor,
        source: &Source,
        new: NewConclusion,
    ) -> Result<Code, CoordinationError> {
        let code = source.code();
        let agency = {
            let view = self.view().await?;
            let committee = view.snapshot().coordination.committee();
            let (agency, _) = committee.source_of(source).ok_or_else(|| not_found(code))?;
            agency.clone()
        };
        let writer = self.province_of(actor, &agency).await?;
        let committee = writer.snapshot().coordination.committee();
        if let Source::Meeting(meeting) = source
            && committee
                .meeting(meeting)
                .is_some_and(|m| m.issued.is_none())
        {
            return Err(invalid("committee-not-issued", meeting));
        }
        let id = committee
            .next_conclusion_code(source)
            .ok_or_else(|| not_found(code))?;
        let conclusion = Conclusion {
            id: id.clone(),
            source: source.clone(),
            text: new.text.trim().to_owned(),
            partner: new.partner,
            due: new.due,
            expected: new.expected.trim().to_owned(),
        };
        let action = match source {
            Source::Meeting(_) => "meeting.conclude",
            Source::Directive(_) => "directive.task",
        };
        let facts = vec![Fact::Committee(CommitteeFact::Conclusion(conclusion))];
        self.append_facts(writer, actor, action, id.as_str(), facts, None)
            .await?;
        Ok(id)
    }

    /// Reports on a task, by the organisation responsible.
    pub async fn report_task(
        &self,
        actor: &Actor,
        conclusion: &Code,
        on: Day,
        text: &str,
        done: bool,
    ) -> Result<(), CoordinationError> {
        let writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let tree = &snapshot.agencies;
        let committee = snapshot.coordination.committee();
        let task = committee
            .task(conclusion)
            .ok_or_else(|| not_found(conclusion))?;
        let (agency, _) = committee
            .source_of(&task.conclusion.source)
            .expect("a stored task's source");
        let province = tree.index(agency).expect("a stored source's agency");
        if !actor.sees_committee_of(tree, province) {
            return Err(not_found(conclusion));
        }
        if !actor.reports_on(tree, province, task) {
            return Err(actor.denied("report on this task").into());
        }
        let facts = vec![Fact::Committee(CommitteeFact::Reported {
            conclusion: conclusion.clone(),
            on,
            text: text.trim().to_owned(),
            done,
        })];
        self.append_facts(
            writer,
            actor,
            "task.report",
            conclusion.as_str(),
            facts,
            None,
        )
        .await
    }

    /// Registers a directive of a province; returns its code (`SL/CT/N`).
    pub async fn register_directive(
        &self,
        actor: &Actor,
        new: NewDirective,
    ) -> Result<Code, CoordinationError> {
        let writer = self.province_of(actor, &new.agency).await?;
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_code(&new.agency, "CT");
        let directive = Directive {
            id: id.clone(),
            agency: new.agency,
            number: new.number.trim().to_owned(),
            on: new.on,
            issuer: new.issuer.trim().to_owned(),
            summary: new.summary.trim().to_owned(),
        };
        let facts = vec![Fact::Committee(CommitteeFact::Directive(directive))];
        self.append_facts(
            writer,
            actor,
            "directive.register",
            id.as_str(),
            facts,
            None,
        )
        .await?;
        Ok(id)
    }

    /// The directives of the committees the actor sees, the latest first,
    /// each with its tasks (a partner's account: its own).
    pub async fn directives(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(Directive, Vec<TaskRow>)>, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let committee = snapshot.coordination.committee();
        let today = crate::today_in_vietnam();
        let mut directives: Vec<(Directive, Vec<TaskRow>)> = committee
            .directives()
            .iter()
            .filter(|d| {
                tree.index(&d.directive.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .map(|d| {
                let tasks = d
                    .tasks
                    .iter()
                    .map(|i| &committee.tasks()[*i as usize])
                    .filter(|t| actor.partner.is_none() || actor.partner == t.conclusion.partner);
                let rows = task_rows(&snapshot.coordination, tree, Some(actor), tasks, today);
                (d.directive.clone(), rows)
            })
            .collect();
        directives.sort_by(|a, b| {
            b.0.on
                .cmp(&a.0.on)
                .then(b.0.id.as_str().cmp(a.0.id.as_str()))
        });
        Ok(directives)
    }

    /// Whether the actor registers directives and gives their tasks for
    /// `agency`'s committee.
    pub async fn runs_committee(
        &self,
        actor: &Actor,
        agency: &AgencyCode,
    ) -> Result<bool, CoordinationError> {
        let view = self.view().await?;
        let tree = view.agencies();
        Ok(tree
            .index(agency)
            .is_some_and(|p| actor.runs_committee_of(tree, p)))
    }

    /// The meetings of the committees the actor sees, the latest first.
    pub async fn meetings(&self, actor: &Actor) -> Result<Vec<Meeting>, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let mut meetings: Vec<Meeting> = snapshot
            .coordination
            .committee()
            .meetings()
            .iter()
            .filter(|m| {
                tree.index(&m.meeting.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .map(|m| m.meeting.clone())
            .collect();
        meetings.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.as_str().cmp(a.id.as_str())));
        Ok(meetings)
    }

    /// A meeting's page, if the actor sees its committee.
    pub async fn meeting_page(
        &self,
        actor: &Actor,
        meeting: &Code,
    ) -> Result<MeetingPage, CoordinationError> {
        let view = self.view().await?;
        let calendar = self.calendar().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let committee = snapshot.coordination.committee();
        let state = committee
            .meeting(meeting)
            .ok_or_else(|| not_found(meeting))?;
        let province = tree
            .index(&state.meeting.agency)
            .expect("a stored meeting's agency");
        if !actor.sees_committee_of(tree, province) {
            return Err(not_found(meeting));
        }
        let issued = state.issued.as_ref().map(|(on, _)| *on);
        let tasks = state
            .conclusions
            .iter()
            .map(|i| &committee.tasks()[*i as usize]);
        Ok(MeetingPage {
            meeting: state.meeting.clone(),
            narrative: state.narrative.clone(),
            issued,
            lead_days: issued.map(|on| {
                crate::coordination::working_days_between(&calendar, on, state.meeting.on)
            }),
            materials_rule: thads_core::committee::MaterialsRule::in_force(state.meeting.on),
            tasks: task_rows(
                &snapshot.coordination,
                tree,
                Some(actor),
                tasks,
                crate::today_in_vietnam(),
            ),
            may_run: actor.runs_committee_of(tree, province),
            members: committee
                .members()
                .iter()
                .filter(|m| m.member.agency == state.meeting.agency)
                .filter(|m| {
                    m.left.is_none()
                        || state
                            .attended
                            .as_ref()
                            .is_some_and(|(present, _)| present.contains(&m.member.id))
                })
                .map(|m| {
                    let present = state
                        .attended
                        .as_ref()
                        .is_some_and(|(present, _)| present.contains(&m.member.id));
                    (
                        m.member.id.to_string(),
                        m.member.name.clone(),
                        m.member.position.clone(),
                        present,
                    )
                })
                .collect(),
            attended: state.attended.as_ref().map(|(_, guests)| guests.clone()),
        })
    }

    /// The frozen dossier of an issued meeting: its .docx's name and bytes,
    /// and its figures as JSON.
    pub async fn issued_dossier(
        &self,
        actor: &Actor,
        meeting: &Code,
    ) -> Result<(String, Vec<u8>, String), CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let state = snapshot
            .coordination
            .committee()
            .meeting(meeting)
            .filter(|m| {
                tree.index(&m.meeting.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .ok_or_else(|| not_found(meeting))?;
        let (_, figures) = state.issued.as_ref().ok_or_else(|| not_found(meeting))?;
        let digest = serde_json::from_str::<serde_json::Value>(figures)
            .ok()
            .and_then(|v| v["docx_sha256"].as_str().map(str::to_owned))
            .ok_or_else(|| not_found(meeting))?;
        let (_, bytes) = self
            .store
            .attachment(&digest)
            .await?
            .ok_or_else(|| not_found(meeting))?;
        let name = format!(
            "ho-so-phien-hop-{}.docx",
            meeting.as_str().replace('/', "-")
        );
        Ok((name, bytes, figures.clone()))
    }

    /// The tasks the actor sees (a partner's account: its organisation's),
    /// overdue first.
    pub async fn tasks(&self, actor: &Actor) -> Result<Vec<TaskRow>, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let committee = snapshot.coordination.committee();
        let seen = committee.tasks().iter().filter(|task| {
            let (agency, _) = committee
                .source_of(&task.conclusion.source)
                .expect("stored");
            let province = tree.index(agency).expect("stored");
            let partners_own = matches!(
                actor.access,
                Access::Account {
                    role: Role::Partner,
                    ..
                }
            );
            actor.sees_committee_of(tree, province)
                && (!partners_own || actor.partner == task.conclusion.partner)
        });
        let mut rows = task_rows(
            &snapshot.coordination,
            tree,
            Some(actor),
            seen,
            crate::today_in_vietnam(),
        );
        let rank = |state: &str| match state {
            "overdue" => 0,
            "open" => 1,
            _ => 2,
        };
        rows.sort_by(|a, b| rank(a.state).cmp(&rank(b.state)).then(a.due.cmp(&b.due)));
        Ok(rows)
    }
}

/// An obstacle, as a form gives it.
#[derive(Debug, Clone)]
pub struct NewObstacle {
    /// The province whose committee hears it.
    pub agency: AgencyCode,
    /// The day raised.
    pub on: Day,
    /// Who raises it.
    pub by: String,
    /// The partner whose part is in question, if one is.
    pub partner: Option<Code>,
    /// What is in the way.
    pub text: String,
}

/// An obstacle, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObstacleRow {
    /// Its code.
    pub id: String,
    /// The day raised.
    pub on: Day,
    /// Who raised it.
    pub by: String,
    /// The partner in question's name, if one is.
    pub partner: Option<String>,
    /// What is in the way.
    pub text: String,
    /// The day settled and how, if it was.
    pub settled: Option<(Day, String)>,
    /// Whether the actor settles it.
    #[serde(skip)]
    pub may_settle: bool,
}

/// The obstacles of `province` that `keep` keeps, as rows for `actor`.
pub(crate) fn obstacle_rows(
    coordination: &thads_core::coordination::Coordination,
    tree: &AgencyTree,
    actor: Option<&Actor>,
    province: &AgencyCode,
    keep: impl Fn(&thads_core::committee::ObstacleState) -> bool,
) -> Vec<ObstacleRow> {
    let runs = actor.is_some_and(|a| {
        tree.index(province)
            .is_some_and(|p| a.runs_committee_of(tree, p))
    });
    coordination
        .committee()
        .obstacles()
        .iter()
        .filter(|o| o.obstacle.agency == *province && keep(o))
        .map(|o| ObstacleRow {
            id: o.obstacle.id.to_string(),
            on: o.obstacle.on,
            by: o.obstacle.by.clone(),
            partner: o.obstacle.partner.as_ref().map(|p| {
                coordination
                    .partner(p)
                    .map_or_else(|| p.to_string(), |p| p.name.clone())
            }),
            text: o.obstacle.text.clone(),
            settled: o.settled.clone(),
            may_settle: runs && o.settled.is_none(),
        })
        .collect()
}

impl Thads {
    /// Raises an obstacle before a province's committee: its members, its
    /// partners' accounts, its secretariat. Returns its code (`SL/VM/N`).
    pub async fn raise_obstacle(
        &self,
        actor: &Actor,
        new: NewObstacle,
    ) -> Result<Code, CoordinationError> {
        let writer = self.writer().await?;
        let tree = &writer.snapshot().agencies;
        let province = tree
            .index(&new.agency)
            .filter(|p| tree.get(*p).parent.is_none())
            .ok_or_else(|| CoordinationError::NotFound(new.agency.to_string()))?;
        if !actor.sees_committee_of(tree, province) {
            return Err(actor
                .denied("raise an obstacle before the committee")
                .into());
        }
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_code(&new.agency, "VM");
        let obstacle = thads_core::committee::Obstacle {
            id: id.clone(),
            agency: new.agency,
            on: new.on,
            by: new.by.trim().to_owned(),
            partner: new.partner,
            text: new.text.trim().to_owned(),
        };
        let facts = vec![Fact::Committee(CommitteeFact::Obstacle(obstacle))];
        self.append_facts(writer, actor, "obstacle.raise", id.as_str(), facts, None)
            .await?;
        Ok(id)
    }

    /// Settles an obstacle: the secretariat's act.
    pub async fn settle_obstacle(
        &self,
        actor: &Actor,
        obstacle: &Code,
        on: Day,
        text: &str,
    ) -> Result<(), CoordinationError> {
        let agency = {
            let view = self.view().await?;
            let committee = view.snapshot().coordination.committee();
            let state = committee
                .obstacle(obstacle)
                .ok_or_else(|| not_found(obstacle))?;
            state.obstacle.agency.clone()
        };
        let writer = self.province_of(actor, &agency).await?;
        let facts = vec![Fact::Committee(CommitteeFact::ObstacleSettled {
            obstacle: obstacle.clone(),
            on,
            text: text.trim().to_owned(),
        })];
        self.append_facts(
            writer,
            actor,
            "obstacle.settle",
            obstacle.as_str(),
            facts,
            None,
        )
        .await
    }

    /// The obstacles of the committees the actor sees: those in the way
    /// first, the latest first.
    pub async fn obstacles(&self, actor: &Actor) -> Result<Vec<ObstacleRow>, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let mut rows = Vec::new();
        for province in (0..tree.len() as thads_core::agency::AgencyIndex)
            .filter(|p| tree.get(*p).parent.is_none() && actor.sees_committee_of(tree, *p))
        {
            rows.extend(obstacle_rows(
                &snapshot.coordination,
                tree,
                Some(actor),
                &tree.get(province).code,
                |_| true,
            ));
        }
        rows.sort_by(|a, b| {
            a.settled
                .is_some()
                .cmp(&b.settled.is_some())
                .then(b.on.cmp(&a.on))
        });
        Ok(rows)
    }

    /// Records who attended a meeting: members of its committee, and
    /// guests; the secretariat's act.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        meeting: &Code,
        members: Vec<Code>,
        guests: &str,
    ) -> Result<(), CoordinationError> {
        let agency = self.meeting_agency(meeting).await?;
        let writer = self.province_of(actor, &agency).await?;
        let facts = vec![Fact::Committee(CommitteeFact::Attended {
            meeting: meeting.clone(),
            members,
            guests: guests.trim().to_owned(),
        })];
        self.append_facts(
            writer,
            actor,
            "meeting.attendance",
            meeting.as_str(),
            facts,
            None,
        )
        .await
    }
}

/// A directive, as a form gives it.
#[derive(Debug, Clone)]
pub struct NewDirective {
    /// The province it directs.
    pub agency: AgencyCode,
    /// Its number and symbol.
    pub number: String,
    /// The day signed.
    pub on: Day,
    /// Who issued it.
    pub issuer: String,
    /// What it says.
    pub summary: String,
}

/// A decision on the committee, as a form gives it.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// The province.
    pub agency: AgencyCode,
    /// What it does.
    pub kind: DecisionKind,
    /// Its number and symbol.
    pub number: String,
    /// The day signed.
    pub on: Day,
    /// What it says.
    pub summary: String,
    /// The day it takes effect, if it says.
    pub effective: Option<Day>,
    /// The signed document, scanned (a PDF or an image).
    pub document: Option<crate::coordination::Upload>,
}

/// A member, as a form gives them.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// The decision naming them (its code in thads).
    pub decision: Code,
    /// The person.
    pub name: String,
    /// Their position.
    pub position: String,
    /// The partner organisation they come from, if any.
    pub partner: Option<Code>,
    /// Their role.
    pub role: MemberRole,
}

/// A member as the committee's page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// Their code.
    pub id: String,
    /// The person.
    pub name: String,
    /// Their position.
    pub position: String,
    /// The organisation they come from.
    pub organisation: String,
    /// Their role.
    pub role: MemberRole,
    /// The decision naming them: its number and day.
    pub named_by: (String, Day),
    /// The decision by which they left, if they did.
    pub left_by: Option<(String, Day)>,
}

/// A province's committee: its decisions and members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommitteeRoll {
    /// The decisions, the latest first.
    pub decisions: Vec<Decision>,
    /// The members in office, by role.
    pub members: Vec<MemberRow>,
    /// Those who left.
    pub former: Vec<MemberRow>,
}

impl Thads {
    /// Records a decision on a province's committee; returns its code.
    pub async fn record_decision(
        &self,
        actor: &Actor,
        new: NewDecision,
    ) -> Result<Code, CoordinationError> {
        let mut writer = self.province_of(actor, &new.agency).await?;
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_code(&new.agency, "QD");
        let document = match new.document {
            Some(upload) => Some(crate::coordination::keep_upload(&mut writer, upload).await?),
            None => None,
        };
        let decision = Decision {
            id: id.clone(),
            agency: new.agency,
            kind: new.kind,
            number: new.number.trim().to_owned(),
            on: new.on,
            summary: new.summary.trim().to_owned(),
            effective: new.effective,
            document,
        };
        let facts = vec![Fact::Committee(CommitteeFact::Decision(decision))];
        self.append_facts(
            writer,
            actor,
            "committee.decision",
            id.as_str(),
            facts,
            None,
        )
        .await?;
        Ok(id)
    }

    /// Names a member by a decision already recorded; returns their code.
    pub async fn name_member(
        &self,
        actor: &Actor,
        new: NewMember,
    ) -> Result<Code, CoordinationError> {
        let agency = {
            let view = self.view().await?;
            let committee = view.snapshot().coordination.committee();
            let decision = committee
                .decision(&new.decision)
                .ok_or_else(|| not_found(&new.decision))?;
            decision.agency.clone()
        };
        let writer = self.province_of(actor, &agency).await?;
        let id = writer
            .snapshot()
            .coordination
            .committee()
            .next_code(&agency, "TV");
        let member = Member {
            id: id.clone(),
            agency,
            decision: new.decision,
            name: new.name.trim().to_owned(),
            position: new.position.trim().to_owned(),
            partner: new.partner,
            role: new.role,
        };
        let facts = vec![Fact::Committee(CommitteeFact::Member(member))];
        self.append_facts(writer, actor, "committee.member", id.as_str(), facts, None)
            .await?;
        Ok(id)
    }

    /// A member leaves the committee by a decision already recorded.
    pub async fn member_leaves(
        &self,
        actor: &Actor,
        member: &Code,
        decision: &Code,
    ) -> Result<(), CoordinationError> {
        let agency = {
            let view = self.view().await?;
            let committee = view.snapshot().coordination.committee();
            let state = committee
                .members()
                .iter()
                .find(|m| m.member.id == *member)
                .ok_or_else(|| not_found(member))?;
            state.member.agency.clone()
        };
        let writer = self.province_of(actor, &agency).await?;
        let facts = vec![Fact::Committee(CommitteeFact::MemberLeft {
            member: member.clone(),
            decision: decision.clone(),
        })];
        self.append_facts(
            writer,
            actor,
            "committee.member_left",
            member.as_str(),
            facts,
            None,
        )
        .await
    }

    /// A decision's signed document, if the actor sees its committee: its
    /// name, type and bytes.
    pub async fn decision_document(
        &self,
        actor: &Actor,
        decision: &Code,
    ) -> Result<(String, String, Vec<u8>), CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let document = snapshot
            .coordination
            .committee()
            .decision(decision)
            .filter(|d| {
                tree.index(&d.agency)
                    .is_some_and(|p| actor.sees_committee_of(tree, p))
            })
            .and_then(|d| d.document.clone())
            .ok_or_else(|| not_found(decision))?;
        let (media_type, bytes) = self
            .store
            .attachment(&document.sha256)
            .await?
            .ok_or_else(|| not_found(decision))?;
        Ok((document.name, media_type, bytes))
    }

    /// A province's committee, if the actor sees it.
    pub async fn committee_roll(
        &self,
        actor: &Actor,
        agency: &AgencyCode,
    ) -> Result<CommitteeRoll, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let province = tree
            .index(agency)
            .filter(|p| actor.sees_committee_of(tree, *p))
            .ok_or_else(|| CoordinationError::NotFound(agency.to_string()))?;
        let coordination = &snapshot.coordination;
        let committee = coordination.committee();
        let decision_of = |code: &Code| {
            committee
                .decision(code)
                .map(|d| (d.number.clone(), d.on))
                .unwrap_or_else(|| (code.to_string(), Day::from_ymd(1970, 1, 1).expect("a day")))
        };
        let mut roll = CommitteeRoll {
            decisions: committee
                .decisions()
                .iter()
                .filter(|d| d.agency == *agency)
                .rev()
                .cloned()
                .collect(),
            ..CommitteeRoll::default()
        };
        for state in committee
            .members()
            .iter()
            .filter(|m| m.member.agency == *agency)
        {
            let m = &state.member;
            let row = MemberRow {
                id: m.id.to_string(),
                name: m.name.clone(),
                position: m.position.clone(),
                organisation: match &m.partner {
                    Some(p) => coordination
                        .partner(p)
                        .map_or_else(|| p.to_string(), |p| p.name.clone()),
                    None => tree.get(province).name.clone(),
                },
                role: m.role,
                named_by: decision_of(&m.decision),
                left_by: state.left.as_ref().map(decision_of),
            };
            match row.left_by {
                None => roll.members.push(row),
                Some(_) => roll.former.push(row),
            }
        }
        let rank = |role: MemberRole| MemberRole::ALL.iter().position(|r| *r == role);
        roll.members.sort_by_key(|m| rank(m.role));
        Ok(roll)
    }
}
