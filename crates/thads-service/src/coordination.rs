//! Coordination with partner agencies: declaring partners, sending them
//! requests, recording what they answer, reminding and escalating those
//! overdue, and measuring who is late on what.
//!
//! Who sees a request: the accounts whose reach covers the agency that sent
//! it, and the partner's own accounts. A partner sees only the requests
//! addressed to it, with the least of each case: its code, the parties'
//! names, the decision and what is asked. Anything else is "not found".

use std::sync::Arc;

use thads_core::account::Role;
use thads_core::calendar::Calendar;
use thads_core::coordination::{
    Attachment, COSIGN_KIND, Catalogue, Code, Coordination, Fact, MEDIA_TYPES, Partner, Request,
    RequestState, Rule, Signature,
};
use thads_core::journal::Record;
use thads_core::{AgencyCode, AgencyTree, CaseCode, Day, Event};
use thads_store::StoreError;

use crate::{Actor, Denied, RecordError, Thads};

/// The largest file a request or an answer may attach: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 << 20;

/// The most files a request may attach.
pub const MAX_REQUEST_ATTACHMENTS: usize = 5;

/// A request as a list or a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequestRow {
    /// Its code.
    pub id: String,
    /// The agency that sent it.
    pub agency: String,
    /// The partner's code and name.
    pub partner: String,
    /// The partner's name.
    pub partner_name: String,
    /// What is asked (the catalogue's kind).
    pub kind: String,
    /// The case, if any.
    pub case: Option<String>,
    /// The day sent.
    pub sent: Day,
    /// The reply's due date.
    pub due: Day,
    /// The rule that gives it.
    pub rule: String,
    /// Whether the rule's figure is confirmed in the law in force.
    pub confirmed: bool,
    /// Where it stands: sent, received, answered, withdrawn.
    pub stage: &'static str,
    /// Whether it waits on the partner past its due date, on the day asked.
    pub overdue: bool,
    /// How many working days past due (0 over the weekend after it).
    pub overdue_days: u32,
    /// The day answered, if it was.
    pub answered: Option<Day>,
    /// How many reminders were sent.
    pub reminders: usize,
    /// The day brought to the Steering Committee, if it was.
    pub escalated: Option<Day>,
    /// What is asked, in words.
    pub text: String,
}

/// A request with everything a page shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPage {
    /// The row.
    pub row: RequestRow,
    /// The rule's law.
    pub law: String,
    /// The files sent with the request.
    pub attachments: Vec<Attachment>,
    /// The answer's text and file.
    pub answer: Option<(String, Option<Attachment>)>,
    /// The reminders' days.
    pub reminder_days: Vec<Day>,
    /// The case's parties and decision, if the request names a case.
    pub case: Option<CaseSummary>,
    /// Whether the actor may answer it, remind, escalate or withdraw.
    pub may_answer: bool,
    /// Whether the actor may remind, escalate or withdraw it.
    pub may_chase: bool,
    /// For a co-signing request: the closed report it sends, as the close
    /// fixed it, for the procuracy to read before it signs.
    pub report: Option<crate::report::PeriodReport>,
    /// The answer's signature, for a co-signing request.
    pub signature: Option<Signature>,
}

/// The least of a case a partner needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// Its code.
    pub code: String,
    /// The debtor's name.
    pub debtor: String,
    /// The creditor's name.
    pub creditor: String,
    /// The decision to enforce.
    pub decision: String,
}

/// What a list of requests asks for.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    /// Only requests of this agency's subtree.
    pub agency: Option<AgencyCode>,
    /// Only requests to this partner.
    pub partner: Option<Code>,
    /// Only requests about this case.
    pub case: Option<CaseCode>,
    /// The day the list is as of (overdue on it).
    pub as_of: Option<Day>,
    /// Only requests overdue on that day.
    pub overdue: bool,
}

/// One row of the table of coordination: a partner's figures over a period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartnerFigures {
    /// The partner's code.
    pub partner: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: &'static str,
    /// The kind of request, or `None` for the partner's total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_kind: Option<String>,
    /// Requests sent in the period.
    pub sent: usize,
    /// Of them, answered by the period's end.
    pub answered: usize,
    /// Of them, answered by their due date.
    pub answered_on_time: usize,
    /// Requests (sent by the period's end) overdue on its last day.
    pub overdue: usize,
    /// The median reply time, in working days, of those answered.
    pub median_days: Option<u32>,
    /// The 90th percentile reply time, in working days.
    pub p90_days: Option<u32>,
    /// The rows per kind of request (only in the partner's total).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<PartnerFigures>,
}

/// Why coordination cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CoordinationError {
    /// The actor's role may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such request, partner, case or agency (or none the actor sees).
    #[error("{0}: not found")]
    NotFound(String),
    /// What was given is wrong, in words for the person who gave it.
    #[error("{0}")]
    Invalid(thads_core::text::Text),
    /// The journal's rules refuse it.
    #[error(transparent)]
    Refused(#[from] RecordError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new request, as a form or the command line gives it.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The sending agency; the case's if not given.
    pub agency: Option<AgencyCode>,
    /// The case, if any.
    pub case: Option<CaseCode>,
    /// The partner.
    pub partner: Code,
    /// The kind of request.
    pub kind: String,
    /// The day sent.
    pub on: Day,
    /// Real estate (a longer period).
    pub real_estate: bool,
    /// A complex matter (a longer period).
    pub complex: bool,
    /// What is asked.
    pub text: String,
    /// The files sent with it.
    pub attachments: Vec<Upload>,
    /// For a co-signing request: the last day of the closed period whose
    /// report it sends.
    pub report: Option<Day>,
}

/// A file a request or an answer attaches, as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What a chasing act does to an open request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chase {
    /// The partner has it.
    Received,
    /// A reminder.
    Remind,
    /// Brought to the Steering Committee.
    Escalate,
    /// Withdrawn.
    Withdraw,
}

/// The type of a file, from its first bytes: a PDF, PNG or JPEG, whatever
/// its name says; `None` for anything else (HTML, SVG, scripts…).
pub fn sniff_media_type(bytes: &[u8]) -> Option<&'static str> {
    let media_type = if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        return None;
    };
    debug_assert!(MEDIA_TYPES.contains(&media_type));
    Some(media_type)
}

/// Checks an uploaded file (its size, and its type from its bytes) and
/// keeps it in the write's transaction: it lands with the fact naming it,
/// or not at all.
pub(crate) async fn keep_upload(
    writer: &mut thads_store::Writer,
    upload: Upload,
) -> Result<Attachment, CoordinationError> {
    let name = clean_file_name(&upload.name);
    if upload.bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(CoordinationError::Invalid(
            thads_core::text::Text::new("attachment-too-large")
                .with("file", &name)
                .with("max", MAX_ATTACHMENT_BYTES / (1 << 20)),
        ));
    }
    let media_type = sniff_media_type(&upload.bytes).ok_or_else(|| {
        CoordinationError::Invalid(
            thads_core::text::Text::new("attachment-bad-type").with("file", &name),
        )
    })?;
    let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&upload.bytes));
    writer
        .add_attachment(&sha256, media_type, &upload.bytes)
        .await?;
    Ok(Attachment {
        name,
        media_type: media_type.to_owned(),
        size: upload.bytes.len() as u64,
        sha256,
    })
}

/// Working days from `from` (excluded) to `to` (included).
pub fn working_days_between(calendar: &Calendar, from: Day, to: Day) -> u32 {
    let mut day = from;
    let mut n = 0;
    while day < to {
        day = day.plus_days(1);
        if calendar.is_working(day) {
            n += 1;
        }
    }
    n
}

/// The rule of a stored request: in force the day it was sent. A request
/// whose rule the catalogue no longer has (an edited file) keeps its place
/// and is due the day it was sent.
fn rule_of(state: &RequestState, coordination: &Coordination) -> Option<&'static Rule> {
    let partner = &coordination.partners()[state.partner as usize];
    Catalogue::shipped().rule_of(&state.request, partner.kind)
}

fn due_of(state: &RequestState, coordination: &Coordination, calendar: &Calendar) -> Day {
    rule_of(state, coordination).map_or(state.request.on, |r| r.due(calendar, state.request.on))
}

/// A request as a row, on `as_of`.
fn row_of(
    state: &RequestState,
    coordination: &Coordination,
    calendar: &Calendar,
    as_of: Day,
) -> RequestRow {
    let partner = &coordination.partners()[state.partner as usize];
    let rule = rule_of(state, coordination);
    let due = due_of(state, coordination, calendar);
    let overdue = state.stage.is_open() && as_of > due;
    let overdue_days = if overdue {
        working_days_between(calendar, due, as_of)
    } else {
        0
    };
    RequestRow {
        id: state.request.id.to_string(),
        agency: state.request.agency.to_string(),
        partner: partner.code.to_string(),
        partner_name: partner.name.clone(),
        kind: state.request.kind.clone(),
        case: state.request.case.as_ref().map(|c| c.to_string()),
        sent: state.request.on,
        due,
        rule: rule.map_or_else(String::new, |r| r.id.clone()),
        confirmed: rule.is_some_and(|r| r.confirmed),
        stage: state.stage.as_str(),
        overdue,
        overdue_days,
        answered: state.answer.as_ref().map(|(on, ..)| *on),
        reminders: state.reminders.len(),
        escalated: state.escalated,
        text: state.request.text.clone(),
    }
}

impl Actor {
    /// Whether this actor sees a request: its partner's accounts, and the
    /// accounts (but administrators) whose reach covers the sending agency.
    fn sees_request(&self, tree: &AgencyTree, state: &RequestState) -> bool {
        match &self.access {
            crate::Access::Console => true,
            crate::Access::Account {
                role: Role::Partner,
                ..
            } => self.partner.as_ref() == Some(&state.request.partner),
            crate::Access::Account {
                role: Role::Admin, ..
            } => false,
            crate::Access::Account { agency, .. } => {
                match (agency, tree.index(&state.request.agency)) {
                    (None, _) => true,
                    (Some(top), Some(sender)) => tree
                        .index(top)
                        .is_some_and(|top| tree.is_within(sender, top)),
                    (Some(_), None) => false,
                }
            }
        }
    }

    /// Whether this actor acts for the agency that sent a request: sends,
    /// chases, records a paper answer. Executors of the agency, leaders
    /// above it, the console.
    fn acts_for(&self, tree: &AgencyTree, agency: &AgencyCode) -> bool {
        let Some(index) = tree.index(agency) else {
            return false;
        };
        self.writes_cases_of(tree, index) || self.assigns_cases_of(tree, index)
    }

    /// Whether this actor sends or records the answers of `agency`'s
    /// requests of `kind`: a co-signing request is the act of those who
    /// close the agency's periods, any other of those who act for it.
    fn sends(&self, tree: &AgencyTree, agency: &AgencyCode, kind: &str) -> bool {
        if kind != COSIGN_KIND {
            return self.acts_for(tree, agency);
        }
        tree.index(agency)
            .is_some_and(|index| self.may_close(tree, Some(index)).unwrap_or(false))
    }

    /// May this actor declare partners of `agency`'s province: the national
    /// administrator, a province's administrator or leader, the console.
    fn may_declare_partners(&self, tree: &AgencyTree, agency: &AgencyCode) -> bool {
        let Some(index) = tree.index(agency) else {
            return false;
        };
        match &self.access {
            crate::Access::Console => true,
            crate::Access::Account {
                role: Role::Admin | Role::Leader,
                agency: None,
            } => true,
            crate::Access::Account {
                role: Role::Admin | Role::Leader,
                agency: Some(top),
            } => tree
                .index(top)
                .is_some_and(|top| tree.is_within(index, top)),
            _ => false,
        }
    }
}

impl Thads {
    /// Declares a partner organisation, audited.
    pub async fn add_partner(
        &self,
        actor: &Actor,
        partner: Partner,
    ) -> Result<(), CoordinationError> {
        let writer = self.writer().await?;
        if !actor.may_declare_partners(&writer.snapshot().agencies, &partner.agency) {
            return Err(actor.denied("declare partners").into());
        }
        let subject = partner.code.to_string();
        self.append_facts(
            writer,
            actor,
            "partner.add",
            &subject,
            vec![Fact::Partner(partner)],
            None,
        )
        .await
    }

    /// The partners the actor works with, read afresh from the store (the
    /// command line; pages read [`View::partners`]).
    pub async fn partners(&self, actor: &Actor) -> Result<Vec<Partner>, CoordinationError> {
        let (tree, coordination) = self.store.coordination().await?;
        Ok(partners_of(&tree, &coordination, actor))
    }

    /// Sends a request: checks it, gives it the agency's next number of the
    /// year, and returns its row (with its due date and rule).
    pub async fn open_request(
        &self,
        actor: &Actor,
        new: NewRequest,
    ) -> Result<RequestRow, CoordinationError> {
        let calendar = self.calendar().await?;
        let mut writer = self.writer().await?;
        let agency = match (&new.agency, &new.case) {
            (Some(agency), _) => agency.clone(),
            (None, Some(case)) => {
                let ids = writer.case_ids(&[case]).await?;
                let id = ids
                    .get(case)
                    .ok_or_else(|| CoordinationError::NotFound(case.to_string()))?;
                let snapshot = writer.snapshot();
                let agency = snapshot.ledger.agency_of(*id).expect("a stored case");
                snapshot.agencies.get(agency).code.clone()
            }
            (None, None) => {
                return Err(CoordinationError::Invalid(thads_core::text::Text::new(
                    "request-needs-agency",
                )));
            }
        };
        let snapshot = writer.snapshot();
        if !actor.sends(&snapshot.agencies, &agency, &new.kind) {
            return Err(CoordinationError::NotFound(agency.to_string()));
        }
        if let Some(case) = &new.case {
            // A case outside the actor's reach does not exist for it.
            let ids = writer.case_ids(&[case]).await?;
            let snapshot = writer.snapshot();
            let seen = ids.get(case).is_some_and(|id| {
                let agency = snapshot.ledger.agency_of(*id).expect("a stored case");
                actor.sees_cases_of(&snapshot.agencies, agency)
            });
            if !seen {
                return Err(CoordinationError::NotFound(case.to_string()));
            }
        }
        if new.attachments.len() > MAX_REQUEST_ATTACHMENTS {
            return Err(CoordinationError::Invalid(
                thads_core::text::Text::new("attachments-too-many")
                    .with("max", MAX_REQUEST_ATTACHMENTS),
            ));
        }
        let mut attachments = Vec::with_capacity(new.attachments.len());
        for upload in new.attachments {
            attachments.push(keep_upload(&mut writer, upload).await?);
        }
        let snapshot = writer.snapshot();
        let id = snapshot
            .coordination
            .next_request_code(&agency, new.on.year());
        let mut text = new.text.trim().to_owned();
        if text.is_empty()
            && new.kind == COSIGN_KIND
            && let Some(report) = new.report
        {
            // The letter names the report and its digest, which the
            // procuracy can check against what it is shown.
            let close = snapshot.agencies.index(&agency).and_then(|index| {
                let closes = snapshot.coordination.closes();
                closes.covering(&snapshot.agencies, Some(index), report, None)
            });
            text = thads_core::text::Lang::Vi.say(
                &thads_core::text::Text::new("cosign-request-text")
                    .with("report", report)
                    .with("sha256", close.map_or("", |c| c.sha256.as_str())),
            );
        }
        let request = Request {
            id: id.clone(),
            agency,
            partner: new.partner,
            kind: new.kind,
            on: new.on,
            case: new.case,
            real_estate: new.real_estate,
            complex: new.complex,
            text,
            attachments,
            report: new.report,
        };
        let ids = match &request.case {
            Some(case) => writer.case_ids(&[case]).await?,
            None => Default::default(),
        };
        let fact = Fact::Request(request);
        let prepared = self.check_facts(&writer, vec![fact], &ids)?;
        let coordination = prepared.coordination.clone();
        let audit = actor.entry("request.open", id.as_str(), detail_of(&prepared.facts));
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        let state = coordination.request(&id).expect("just sent");
        Ok(row_of(state, &coordination, &calendar, new.on))
    }

    /// Records a partner's answer: by the partner's account, or, received
    /// on paper, by the sending agency. An answer to a request whose rule
    /// ends a postponement waiting on it resumes the case the same day, in
    /// the same write.
    pub async fn answer_request(
        &self,
        actor: &Actor,
        id: &Code,
        on: Day,
        text: &str,
        signature: Option<Signature>,
        upload: Option<Upload>,
    ) -> Result<(), CoordinationError> {
        let mut writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let state = snapshot
            .coordination
            .request(id)
            .filter(|s| actor.sees_request(&snapshot.agencies, s))
            .ok_or_else(|| CoordinationError::NotFound(id.to_string()))?
            .clone();
        let may = actor.partner.as_ref() == Some(&state.request.partner)
            || actor.sends(
                &snapshot.agencies,
                &state.request.agency,
                &state.request.kind,
            );
        if !may {
            return Err(actor.denied("answer this request").into());
        }
        let rule = rule_of(&state, &snapshot.coordination);
        // A signature may come without words; any other answer says
        // something (a journal line never holds an empty text).
        let text = match (text.trim(), signature) {
            ("", Some(Signature::Signed)) => thads_core::text::Lang::Vi.t("cosign-signed-text"),
            ("", _) => {
                return Err(CoordinationError::Invalid(thads_core::text::Text::new(
                    "request-answer-empty",
                )));
            }
            (text, _) => text.to_owned(),
        };
        let attachment = match upload {
            None => None,
            Some(upload) => Some(keep_upload(&mut writer, upload).await?),
        };
        let mut records = vec![(
            1,
            Record::Coordination(Box::new(Fact::Answered {
                request: id.clone(),
                on,
                text,
                attachment,
                signature,
            })),
        )];
        let mut ids = Default::default();
        if let Some(case) = &state.request.case
            && let Some(rule) = rule
            && !rule.resumes.is_empty()
        {
            let journal = self.store.case_journal(case).await?;
            if postponed_on(&journal).is_some_and(|ground| rule.resumes.contains(&ground)) {
                ids = writer.case_ids(&[case]).await?;
                records.push((
                    2,
                    Record::Event {
                        case: case.clone(),
                        on,
                        counted_on: None,
                        event: Event::Resumed,
                    },
                ));
            }
        }
        let prepared = crate::check_records(writer.snapshot(), records, &ids)?;
        let audit = actor.entry("request.answer", id.as_str(), detail_of(&prepared.facts));
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        Ok(())
    }

    /// Records a chasing act on an open request by the sending agency.
    /// Reminders and escalation are for overdue requests only.
    pub async fn chase_request(
        &self,
        actor: &Actor,
        id: &Code,
        chase: Chase,
        on: Day,
    ) -> Result<(), CoordinationError> {
        let calendar = self.calendar().await?;
        let writer = self.writer().await?;
        let snapshot = writer.snapshot();
        let state = snapshot
            .coordination
            .request(id)
            .filter(|s| actor.sees_request(&snapshot.agencies, s))
            .ok_or_else(|| CoordinationError::NotFound(id.to_string()))?;
        let is_partner = actor.partner.as_ref() == Some(&state.request.partner);
        let sender = actor.sends(
            &snapshot.agencies,
            &state.request.agency,
            &state.request.kind,
        );
        let may = match chase {
            Chase::Received => is_partner || sender,
            _ => sender,
        };
        if !may {
            return Err(actor.denied("chase this request").into());
        }
        if matches!(chase, Chase::Remind | Chase::Escalate)
            && on <= due_of(state, &snapshot.coordination, &calendar)
        {
            return Err(CoordinationError::Invalid(
                thads_core::text::Text::new("request-not-overdue")
                    .with("request", id)
                    .with("due", due_of(state, &snapshot.coordination, &calendar)),
            ));
        }
        let request = id.clone();
        let (fact, action) = match chase {
            Chase::Received => (Fact::Received { request, on }, "request.receive"),
            Chase::Remind => (Fact::Reminded { request, on }, "request.remind"),
            Chase::Escalate => (Fact::Escalated { request, on }, "request.escalate"),
            Chase::Withdraw => (Fact::Withdrawn { request, on }, "request.withdraw"),
        };
        let subject = id.to_string();
        self.append_facts(writer, actor, action, &subject, vec![fact], None)
            .await
    }

    /// The requests the actor sees, read afresh from the store (the
    /// command line; pages read [`View::requests`]): those waiting on the
    /// partner first (the most overdue first, then by due date), then those
    /// answered or withdrawn, the latest sent first.
    pub async fn requests(
        &self,
        actor: &Actor,
        query: &RequestQuery,
    ) -> Result<Vec<RequestRow>, CoordinationError> {
        let (tree, coordination) = self.store.coordination().await?;
        let calendar = self.calendar().await?;
        request_rows(&tree, &coordination, &calendar, actor, query)
    }

    /// A request's page, if the actor sees it.
    pub async fn request_page(
        &self,
        actor: &Actor,
        id: &Code,
    ) -> Result<RequestPage, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let calendar = self.calendar().await?;
        let coordination = &snapshot.coordination;
        let state = coordination
            .request(id)
            .filter(|s| actor.sees_request(&snapshot.agencies, s))
            .ok_or_else(|| CoordinationError::NotFound(id.to_string()))?;
        let case = match &state.request.case {
            None => None,
            Some(code) => match self.store.case_journal(code).await?.first() {
                Some(Record::Accepted { acceptance, .. }) => Some(CaseSummary {
                    code: code.to_string(),
                    debtor: acceptance.debtor.name.clone(),
                    creditor: acceptance.creditor.name.clone(),
                    decision: acceptance.decision.clone(),
                }),
                _ => None,
            },
        };
        let sends = actor.sends(
            &snapshot.agencies,
            &state.request.agency,
            &state.request.kind,
        );
        let open = state.stage.is_open();
        let report = state.request.report.and_then(|to| {
            let scope = snapshot.agencies.index(&state.request.agency)?;
            let mut report = crate::report::closed_report(snapshot, Some(scope), to);
            report.closed = snapshot
                .coordination
                .closes()
                .covering(&snapshot.agencies, Some(scope), to, None)
                .cloned();
            Some(report)
        });
        Ok(RequestPage {
            row: row_of(state, coordination, &calendar, crate::today_in_vietnam()),
            law: rule_of(state, coordination).map_or_else(String::new, |r| r.law.clone()),
            attachments: state.request.attachments.clone(),
            answer: state
                .answer
                .as_ref()
                .map(|(_, text, file)| (text.clone(), file.clone())),
            reminder_days: state.reminders.clone(),
            case,
            may_answer: open && (sends || actor.partner.as_ref() == Some(&state.request.partner)),
            may_chase: open && sends,
            report,
            signature: state.signature,
        })
    }

    /// A file the request or its answer attached, by its digest, if the
    /// actor sees the request: its name, type and bytes.
    pub async fn request_attachment(
        &self,
        actor: &Actor,
        id: &Code,
        sha256: &str,
    ) -> Result<(String, String, Vec<u8>), CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let attachment = snapshot
            .coordination
            .request(id)
            .filter(|s| actor.sees_request(&snapshot.agencies, s))
            .and_then(|s| {
                let answered = s.answer.as_ref().and_then(|(.., file)| file.as_ref());
                s.request
                    .attachments
                    .iter()
                    .chain(answered)
                    .find(|a| a.sha256 == sha256)
                    .cloned()
            })
            .ok_or_else(|| CoordinationError::NotFound(id.to_string()))?;
        let (media_type, bytes) = self
            .store
            .attachment(&attachment.sha256)
            .await?
            .ok_or_else(|| CoordinationError::NotFound(attachment.sha256.clone()))?;
        Ok((attachment.name, media_type, bytes))
    }

    /// A request's letter, as a .docx (Decree 30/2020/NĐ-CP's layout), with
    /// its file name, if the actor sees the request.
    pub async fn request_letter(
        &self,
        actor: &Actor,
        id: &Code,
    ) -> Result<(String, Vec<u8>), CoordinationError> {
        let page = self.request_page(actor, id).await?;
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let state = snapshot.coordination.request(id).expect("seen above");
        let partner = &snapshot.coordination.partners()[state.partner as usize];
        let sender = tree
            .index(&state.request.agency)
            .expect("a stored request's agency");
        let agency = tree.get(sender);
        let province = tree.get(tree.root(sender));
        let governing_body = crate::letter::governing_body(tree, sender);
        let lang = thads_core::text::Lang::Vi;
        let kind = lang.t(&format!("request-kind-{}", state.request.kind));
        let mut body = Vec::new();
        if let Some(case) = &page.case {
            body.push(format!(
                "{} đang tổ chức thi hành Quyết định thi hành án số {} (mã việc {}), người phải thi hành án: {}; người được thi hành án: {}.",
                agency.name, case.decision, case.code, case.debtor, case.creditor
            ));
        }
        body.push(state.request.text.clone());
        if !state.request.attachments.is_empty() {
            let names: Vec<&str> = state
                .request
                .attachments
                .iter()
                .map(|a| a.name.as_str())
                .collect();
            body.push(format!("Tài liệu gửi kèm: {}.", names.join("; ")));
        }
        body.push(format!(
            "Đề nghị {} trả lời bằng văn bản trước ngày {} ({}).",
            partner.name,
            page.row.due.dd_mm_yyyy(),
            page.law
        ));
        let number = id.as_str().rsplit('/').next().unwrap_or(id.as_str());
        let letter = crate::letter::Letter {
            governing_body,
            agency: agency.name.clone(),
            number: format!("{number}/CV-THADS"),
            summary: format!("V/v {}", lower_first(&kind)),
            place: place_of(&province.name),
            date: state.request.on,
            recipient: partner.name.clone(),
            body,
        };
        let file = format!("cong-van-{}.docx", id.as_str().replace('/', "-"));
        Ok((file, letter.to_docx()))
    }

    /// Per partner (and per kind of request), the figures of the requests
    /// sent from `from` to `to` by the agencies the actor sees, read afresh
    /// from the store (the command line; pages read
    /// [`View::requests_by_partner`]).
    pub async fn requests_by_partner(
        &self,
        actor: &Actor,
        agency: Option<&AgencyCode>,
        from: Day,
        to: Day,
    ) -> Result<Vec<PartnerFigures>, CoordinationError> {
        let (tree, coordination) = self.store.coordination().await?;
        let calendar = self.calendar().await?;
        partner_table(&tree, &coordination, &calendar, actor, agency, from, to)
    }

    /// Checks facts against a writer's snapshot.
    fn check_facts(
        &self,
        writer: &thads_store::Writer,
        facts: Vec<Fact>,
        ids: &std::collections::HashMap<CaseCode, thads_core::ledger::CaseId>,
    ) -> Result<thads_core::check::Prepared, RecordError> {
        let records = facts
            .into_iter()
            .enumerate()
            .map(|(i, f)| (i + 1, Record::Coordination(Box::new(f))))
            .collect();
        crate::check_records(writer.snapshot(), records, ids)
    }

    /// Checks and appends facts, audited.
    pub(crate) async fn append_facts(
        &self,
        writer: thads_store::Writer,
        actor: &Actor,
        action: &str,
        subject: &str,
        facts: Vec<Fact>,
        ids: Option<&std::collections::HashMap<CaseCode, thads_core::ledger::CaseId>>,
    ) -> Result<(), CoordinationError> {
        let prepared = self.check_facts(&writer, facts, ids.unwrap_or(&Default::default()))?;
        let audit = actor.entry(action, subject, detail_of(&prepared.facts));
        let written = writer.append(&prepared, &audit, &mut |_| {}).await?;
        self.written(written).await;
        Ok(())
    }
}

/// A text with its first letter in lower case (a kind's name after "V/v").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The place a province's letters are dated from: its name without the
/// agency's words (`Thi hành án dân sự tỉnh Sơn La` → `Sơn La`).
pub(crate) fn place_of(province: &str) -> String {
    let name = province
        .strip_prefix("Thi hành án dân sự ")
        .unwrap_or(province);
    ["tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name)
        .to_owned()
}

/// The ground of the postponement a case's journal is in, if it is in one.
fn postponed_on(journal: &[Record]) -> Option<String> {
    let mut ground = None;
    for record in journal {
        if let Record::Event { event, .. } = record {
            match event {
                Event::Postponed { ground: g } => ground = g.clone(),
                Event::Resumed
                | Event::Suspended { .. }
                | Event::Completed
                | Event::Terminated { .. }
                | Event::Entrusted { .. } => ground = None,
                _ => {}
            }
        }
    }
    ground
}

/// What a list of requests depends on besides the view: the calendar (by
/// identity), what the actor sees (a partner's organisation, or a reach of
/// agencies), and the day.
pub(crate) type ListKey = (usize, (u8, u32), Day);

/// What a table by partner depends on besides the view: a list's key, the
/// agency asked and the period.
pub(crate) type TableKey = (ListKey, Option<u32>, Day, Day);

/// Every request a sight sees on a day, sorted (those overdue first), with
/// how many are overdue and where each case's are.
#[derive(Debug)]
pub struct RequestList {
    rows: Vec<RequestRow>,
    /// The first `overdue` rows are those overdue.
    overdue: usize,
    by_case: std::collections::HashMap<String, Vec<u32>>,
}

impl RequestList {
    fn of(rows: Vec<RequestRow>) -> RequestList {
        let overdue = rows.iter().take_while(|r| r.overdue).count();
        debug_assert!(rows[overdue..].iter().all(|r| !r.overdue), "overdue first");
        let mut by_case: std::collections::HashMap<String, Vec<u32>> = Default::default();
        for (i, row) in rows.iter().enumerate() {
            if let Some(case) = &row.case {
                by_case.entry(case.clone()).or_default().push(i as u32);
            }
        }
        RequestList {
            rows,
            overdue,
            by_case,
        }
    }
}

/// Some of a list of requests: how many it holds, how many are overdue,
/// and its first rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSlice {
    /// How many requests the query finds.
    pub total: usize,
    /// How many of them are overdue.
    pub overdue: usize,
    /// The first of them, as many as asked.
    pub rows: Vec<RequestRow>,
}

impl Actor {
    /// What of the requests this actor sees, as a key: actors with the
    /// same key see the same requests.
    fn request_sight(&self, tree: &AgencyTree, coordination: &Coordination) -> (u8, u32) {
        match &self.access {
            crate::Access::Account {
                role: Role::Partner,
                ..
            } => (
                4,
                self.partner
                    .as_ref()
                    .and_then(|p| coordination.partner_index(p))
                    .unwrap_or(u32::MAX),
            ),
            _ => {
                let (kind, agency) = self.sight(tree);
                (kind, u32::from(agency))
            }
        }
    }
}

impl crate::View {
    /// The partners the actor works with (see [`Thads::partners`]), of
    /// this view.
    pub fn partners(&self, actor: &Actor) -> Vec<Partner> {
        let snapshot = self.snapshot();
        partners_of(&snapshot.agencies, &snapshot.coordination, actor)
    }

    /// Every request the actor sees on `as_of`, sorted (see
    /// [`Thads::requests`]): made once a view for each sight and day.
    fn request_list(
        &self,
        actor: &Actor,
        calendar: &Arc<Calendar>,
        as_of: Day,
    ) -> Result<Arc<RequestList>, CoordinationError> {
        let snapshot = self.snapshot();
        let sight = actor.request_sight(&snapshot.agencies, &snapshot.coordination);
        let key = (Arc::as_ptr(calendar) as usize, sight, as_of);
        if let Some(list) = self.request_lists.lock().expect("not poisoned").get(&key) {
            return Ok(list.clone());
        }
        let query = RequestQuery {
            as_of: Some(as_of),
            ..RequestQuery::default()
        };
        let rows = request_rows(
            &snapshot.agencies,
            &snapshot.coordination,
            calendar,
            actor,
            &query,
        )?;
        let list = Arc::new(RequestList::of(rows));
        self.request_lists
            .lock()
            .expect("not poisoned")
            .insert(key, list.clone());
        Ok(list)
    }

    /// The requests the actor sees that `query` asks for (see
    /// [`Thads::requests`]), of this view: how many, how many overdue, and
    /// the first `limit`. A case's requests, those overdue, and all of
    /// them are found without reading the others.
    pub fn requests(
        &self,
        actor: &Actor,
        calendar: &Arc<Calendar>,
        query: &RequestQuery,
        limit: usize,
    ) -> Result<RequestSlice, CoordinationError> {
        let as_of = query.as_of.unwrap_or_else(crate::today_in_vietnam);
        let list = self.request_list(actor, calendar, as_of)?;
        let tree = &self.snapshot().agencies;
        let within = match &query.agency {
            None => None,
            Some(code) => Some(
                tree.index(code)
                    .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?,
            ),
        };
        let candidates: Box<dyn Iterator<Item = &RequestRow>> = match &query.case {
            Some(case) => Box::new(
                list.by_case
                    .get(case.as_str())
                    .into_iter()
                    .flatten()
                    .map(|i| &list.rows[*i as usize]),
            ),
            None if query.overdue => Box::new(list.rows[..list.overdue].iter()),
            None => Box::new(list.rows.iter()),
        };
        let plain = query.case.is_none() && query.partner.is_none() && within.is_none();
        if plain {
            // All of them, or those overdue: counted already.
            let total = if query.overdue {
                list.overdue
            } else {
                list.rows.len()
            };
            return Ok(RequestSlice {
                total,
                overdue: list.overdue,
                rows: candidates.take(limit).cloned().collect(),
            });
        }
        let wanted = |r: &&RequestRow| {
            (!query.overdue || r.overdue)
                && query
                    .partner
                    .as_ref()
                    .is_none_or(|p| r.partner == p.as_str())
                && within.is_none_or(|top| {
                    AgencyCode::parse(&r.agency)
                        .ok()
                        .and_then(|a| tree.index(&a))
                        .is_some_and(|a| tree.is_within(a, top))
                })
        };
        let mut slice = RequestSlice {
            total: 0,
            overdue: 0,
            rows: Vec::new(),
        };
        for row in candidates.filter(wanted) {
            slice.total += 1;
            slice.overdue += usize::from(row.overdue);
            if slice.rows.len() < limit {
                slice.rows.push(row.clone());
            }
        }
        Ok(slice)
    }

    /// The answer that resumed a case on a day, if one did: a request about
    /// the case whose rule ends a postponement (the court's explanation),
    /// answered that day. The to-do list names it beside the steps the
    /// resumption gave back.
    pub fn answer_that_resumed(
        &self,
        actor: &Actor,
        calendar: &Arc<Calendar>,
        case: &str,
        resumed_on: Day,
    ) -> Result<Option<RequestRow>, CoordinationError> {
        let list = self.request_list(actor, calendar, crate::today_in_vietnam())?;
        let coordination = &self.snapshot().coordination;
        let resumes = |row: &RequestRow| {
            Code::parse(&row.id)
                .and_then(|id| coordination.request(&id))
                .and_then(|state| rule_of(state, coordination))
                .is_some_and(|rule| !rule.resumes.is_empty())
        };
        Ok(list
            .by_case
            .get(case)
            .into_iter()
            .flatten()
            .map(|i| &list.rows[*i as usize])
            .find(|row| row.answered == Some(resumed_on) && resumes(row))
            .cloned())
    }

    /// The table by partner (see [`Thads::requests_by_partner`]), of this
    /// view: made once a view for each sight, agency and period.
    pub fn requests_by_partner(
        &self,
        actor: &Actor,
        calendar: &Arc<Calendar>,
        agency: Option<&AgencyCode>,
        from: Day,
        to: Day,
    ) -> Result<Arc<Vec<PartnerFigures>>, CoordinationError> {
        let snapshot = self.snapshot();
        let sight = actor.request_sight(&snapshot.agencies, &snapshot.coordination);
        let asked = match agency {
            None => None,
            Some(code) => {
                Some(u32::from(snapshot.agencies.index(code).ok_or_else(
                    || CoordinationError::NotFound(code.to_string()),
                )?))
            }
        };
        let key = ((Arc::as_ptr(calendar) as usize, sight, to), asked, from, to);
        if let Some(table) = self.partner_tables.lock().expect("not poisoned").get(&key) {
            return Ok(table.clone());
        }
        let table = Arc::new(partner_table(
            &snapshot.agencies,
            &snapshot.coordination,
            calendar,
            actor,
            agency,
            from,
            to,
        )?);
        self.partner_tables
            .lock()
            .expect("not poisoned")
            .insert(key, table.clone());
        Ok(table)
    }
}

/// The partners of the actor's province (all, for national accounts and
/// the console), by code.
fn partners_of(tree: &AgencyTree, coordination: &Coordination, actor: &Actor) -> Vec<Partner> {
    let province = match &actor.access {
        crate::Access::Account {
            agency: Some(code), ..
        } => Some(tree.index(code).map(|i| tree.root(i))),
        _ => None,
    };
    let mut partners: Vec<Partner> = coordination
        .partners()
        .iter()
        .filter(|p| match province {
            None => true,
            Some(province) => tree.index(&p.agency).map(|i| tree.root(i)) == province,
        })
        .cloned()
        .collect();
    partners.sort_by(|a, b| a.code.cmp(&b.code));
    partners
}

/// The rows of the requests `actor` sees that `query` asks for, sorted.
pub(crate) fn request_rows(
    tree: &AgencyTree,
    coordination: &Coordination,
    calendar: &Calendar,
    actor: &Actor,
    query: &RequestQuery,
) -> Result<Vec<RequestRow>, CoordinationError> {
    if matches!(
        actor.access,
        crate::Access::Account {
            role: Role::Admin,
            ..
        }
    ) {
        return Err(actor.denied("see requests").into());
    }
    let as_of = query.as_of.unwrap_or_else(crate::today_in_vietnam);
    let within = match &query.agency {
        None => None,
        Some(code) => Some(
            tree.index(code)
                .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?,
        ),
    };
    let partner = match &query.partner {
        None => None,
        Some(code) => Some(
            coordination
                .partner_index(code)
                .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?,
        ),
    };
    let mut rows: Vec<RequestRow> = coordination
        .requests()
        .filter(|s| partner.is_none_or(|p| s.partner == p))
        .filter(|s| {
            query
                .case
                .as_ref()
                .is_none_or(|c| s.request.case.as_ref() == Some(c))
        })
        .filter(|s| s.request.on <= as_of)
        .filter(|s| {
            within.is_none_or(|top| {
                tree.index(&s.request.agency)
                    .is_some_and(|a| tree.is_within(a, top))
            })
        })
        .filter(|s| actor.sees_request(tree, s))
        .map(|s| row_of(s, coordination, calendar, as_of))
        .filter(|r| !query.overdue || r.overdue)
        .collect();
    // Those waiting first, the most overdue first, then by due date; then
    // those closed, the latest sent first.
    let waiting = |r: &RequestRow| matches!(r.stage, "sent" | "received");
    rows.sort_by(|a, b| {
        waiting(b).cmp(&waiting(a)).then_with(|| {
            if waiting(a) {
                (b.overdue, b.overdue_days)
                    .cmp(&(a.overdue, a.overdue_days))
                    .then(a.due.cmp(&b.due))
            } else {
                b.sent.cmp(&a.sent)
            }
            .then(a.id.cmp(&b.id))
        })
    });
    Ok(rows)
}

/// Per partner and kind of request, the figures of the requests sent from
/// `from` to `to` that the actor sees (of `agency`'s subtree), the latest
/// partner first: most overdue now, then the fewest answered on time.
pub(crate) fn partner_table(
    tree: &AgencyTree,
    coordination: &Coordination,
    calendar: &Calendar,
    actor: &Actor,
    agency: Option<&AgencyCode>,
    from: Day,
    to: Day,
) -> Result<Vec<PartnerFigures>, CoordinationError> {
    if matches!(
        actor.access,
        crate::Access::Account {
            role: Role::Admin,
            ..
        }
    ) {
        return Err(actor.denied("see requests").into());
    }
    let within = match agency {
        None => None,
        Some(code) => Some(
            tree.index(code)
                .ok_or_else(|| CoordinationError::NotFound(code.to_string()))?,
        ),
    };
    // Each partner's requests, by the partner's place.
    let mut by_partner: Vec<Vec<Reply<'_>>> = Vec::new();
    by_partner.resize_with(coordination.partners().len(), Vec::new);
    for state in coordination.requests() {
        let request = &state.request;
        let ours = request.on <= to
            && within.is_none_or(|top| {
                tree.index(&request.agency)
                    .is_some_and(|a| tree.is_within(a, top))
            })
            && actor.sees_request(tree, state);
        if !ours {
            continue;
        }
        let due = due_of(state, coordination, calendar);
        let answered = state.closed_on().filter(|_| state.answer.is_some());
        let open_on_to = state.closed_on().is_none_or(|closed| closed > to);
        by_partner[state.partner as usize].push(Reply {
            kind: &request.kind,
            sent: request.on,
            due,
            answered,
            overdue: open_on_to && to > due,
        });
    }
    let mut table: Vec<PartnerFigures> = by_partner
        .iter()
        .enumerate()
        .filter(|(_, replies)| !replies.is_empty())
        .map(|(index, replies)| {
            let partner = &coordination.partners()[index];
            let all: Vec<&Reply<'_>> = replies.iter().collect();
            let mut kinds: std::collections::BTreeMap<&str, Vec<&Reply<'_>>> = Default::default();
            for reply in replies {
                kinds.entry(reply.kind).or_default().push(reply);
            }
            let mut total = figures(partner, None, &all, calendar, from, to);
            total.kinds = kinds
                .into_iter()
                .map(|(kind, replies)| figures(partner, Some(kind), &replies, calendar, from, to))
                .collect();
            total
        })
        .filter(|f| f.sent > 0 || f.overdue > 0)
        .collect();
    table.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(late_share(b).cmp(&late_share(a)))
            .then(a.partner.cmp(&b.partner))
    });
    Ok(table)
}

/// The audit detail of facts: their lines.
fn detail_of(facts: &[Fact]) -> serde_json::Value {
    let lines: Vec<String> = facts
        .iter()
        .map(|f| thads_core::journal::write_record(&Record::Coordination(Box::new(f.clone()))))
        .collect();
    serde_json::json!({ "facts": lines })
}

/// A file's name without folders or control characters, at most 120
/// characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() {
        "tep-dinh-kem".to_owned()
    } else {
        clean
    }
}

/// The share of requests not answered on time, in ten-thousandths, for
/// sorting the latest first.
fn late_share(f: &PartnerFigures) -> usize {
    ((f.sent - f.answered_on_time) * 10_000)
        .checked_div(f.sent)
        .unwrap_or(0)
}

/// What the table by partner reads of a request.
struct Reply<'a> {
    kind: &'a str,
    sent: Day,
    due: Day,
    answered: Option<Day>,
    overdue: bool,
}

/// The figures of one partner's requests (of one kind, or all).
fn figures(
    partner: &Partner,
    kind: Option<&str>,
    replies: &[&Reply<'_>],
    calendar: &Calendar,
    from: Day,
    to: Day,
) -> PartnerFigures {
    let sent: Vec<&&Reply<'_>> = replies.iter().filter(|r| r.sent >= from).collect();
    let answered: Vec<(Day, &&Reply<'_>)> = sent
        .iter()
        .filter_map(|r| Some((r.answered.filter(|a| *a <= to)?, *r)))
        .collect();
    let answered_on_time = answered.iter().filter(|(on, r)| *on <= r.due).count();
    let mut days: Vec<u32> = answered
        .iter()
        .map(|(on, r)| working_days_between(calendar, r.sent, *on))
        .collect();
    days.sort_unstable();
    let percentile = |p: usize| -> Option<u32> {
        // The nearest-rank percentile.
        (!days.is_empty()).then(|| days[(p * days.len()).div_ceil(100).max(1) - 1])
    };
    PartnerFigures {
        partner: partner.code.to_string(),
        name: partner.name.clone(),
        kind: partner.kind.as_str(),
        request_kind: kind.map(str::to_owned),
        sent: sent.len(),
        answered: answered.len(),
        answered_on_time,
        overdue: replies.iter().filter(|r| r.overdue).count(),
        median_days: percentile(50),
        p90_days: percentile(90),
        kinds: Vec::new(),
    }
}

/// The catalogue's kinds of request, for forms.
pub fn request_kinds() -> Vec<&'static str> {
    Catalogue::shipped().kinds()
}
