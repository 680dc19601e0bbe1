//! The Steering Committee (Ban Chỉ đạo): a meeting's dossier as a page, and
//! as the .docx and JSON the secretariat sends the members.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::account::Role;
use thads_core::agency::AgencyIndex;
use thads_core::committee::{DecisionKind, Meeting, MeetingKind, MemberRole, Narrative};
use thads_core::coordination::Code;
use thads_core::{AgencyCode, Day};
use thads_service::Access;
use thads_service::committee::{
    CommitteeRoll, MeetingPage, NewConclusion, NewDecision, NewMeeting, NewMember, TaskRow,
};
use thads_service::coordination::CoordinationError;
use thads_service::dossier::{CaseList, Dossier, DossierError, DossierRequest, Figures};

use crate::error::PageError;
use crate::{App, Chrome, Reading, form_status, page_with, parse_day};

impl From<DossierError> for PageError {
    fn from(error: DossierError) -> PageError {
        match error {
            DossierError::Report(e) => e.into(),
            DossierError::Coordination(e) => e.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    c: Chrome,
    d: Dossier,
    agencies: Vec<(String, String)>,
    /// The query of this dossier, for its downloads.
    query: String,
}

impl DossierPage {
    fn cases(&self, n: &i128) -> String {
        self.c.lang.count(*n)
    }

    /// The warehouses' floor, in a sentence.
    fn warehouse_line(&self) -> String {
        let space = &self.d.warehouses;
        let area = |h| crate::warehouses::area(&self.c, h);
        self.c.lang.say(
            &thads_core::text::Text::new("dossier-warehouse-line")
                .with("available", area(space.available))
                .with("occupied", area(space.occupied))
                .with("cases", self.c.lang.count(space.cases_to_come))
                .with("expected", area(space.expected))
                .with("needed", area(space.needed)),
        )
    }

    /// What the warehouses lack.
    fn shortfall(&self) -> String {
        self.c.lang.say(
            &thads_core::text::Text::new("dossier-warehouse-shortfall").with(
                "shortfall",
                crate::warehouses::area(&self.c, self.d.warehouses.shortfall),
            ),
        )
    }

    /// A planned time (`YYYY-MM-DD HH:MM`) as `08:00 01/12/2026`.
    fn planned(&self, at: &str) -> String {
        match thads_core::coercion::Planned::parse(at) {
            Some(at) => format!(
                "{:02}:{:02} {}",
                at.hour,
                at.minute,
                self.c.lang.date(at.day)
            ),
            None => at.to_owned(),
        }
    }

    fn money(&self, dong: &i128) -> String {
        self.c.lang.billions(*dong)
    }

    fn rate(&self, rate: &Option<thads_core::report::Rate>) -> String {
        self.c.lang.rate(*rate)
    }

    /// The results of a form as the table's cells: accepted, enforceable,
    /// completed, the rate, remaining.
    fn cells(&self, f: &Figures, money: bool) -> [String; 5] {
        let amount = |n: i128| {
            if money {
                self.money(&n)
            } else {
                self.cases(&n)
            }
        };
        [
            amount(f.accepted),
            amount(f.enforceable),
            amount(f.completed),
            self.rate(&f.rate),
            amount(f.remaining),
        ]
    }

    fn category(&self, category: &str) -> String {
        self.c.t(&format!("category-{category}"))
    }

    fn state(&self, state: &str) -> String {
        self.c.t(&format!("dossier-state-{state}"))
    }

    fn step(&self, step: &(&str, thads_core::Day)) -> String {
        format!(
            "{} ({})",
            self.c.t(&format!("step-{}", step.0)),
            self.c.lang.date(step.1)
        )
    }

    fn lists(&self) -> [(&'static str, &CaseList); 2] {
        [
            ("dossier-large", &self.d.large),
            ("dossier-long", &self.d.long_running),
        ]
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DossierQuery {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// In billions of đồng.
    #[serde(default)]
    large: String,
    #[serde(default)]
    format: String,
}

/// A meeting's dossier for an agency and period: a page, `?format=docx` or
/// `?format=json`.
pub(crate) async fn dossier(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<DossierQuery>,
) -> Result<Response, PageError> {
    let snapshot = reading.view.snapshot();
    let tree = &snapshot.agencies;
    let agencies = crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_none() && reading.actor.sees_reports_of(tree, a)
    });
    // Only those who read a province's reports meet in its committee.
    let Some((first, _)) = agencies.first() else {
        return Err(PageError::Denied("reports-denied"));
    };
    let agency = match query.agency.trim() {
        "" => first.clone(),
        code => code.to_owned(),
    };
    let agency = AgencyCode::parse(&agency).map_err(|_| PageError::BadRequest)?;
    let to = parse_day(&query.to).unwrap_or_else(thads_service::today_in_vietnam);
    let from = parse_day(&query.from).unwrap_or_else(|| to.statistical_year().0);
    let large_from = match query.large.trim() {
        "" => DossierRequest::LARGE_FROM,
        billions => billions
            .parse::<u32>()
            .map(|b| i128::from(b) * 1_000_000_000)
            .map_err(|_| PageError::BadRequest)?,
    };
    let request = DossierRequest {
        agency,
        from,
        to,
        large_from,
        long_years: DossierRequest::LONG_YEARS,
    };
    let d = app
        .thads
        .dossier_in_view(&reading.view, &reading.actor, &request)
        .await?;
    let name = format!("ho-so-ban-chi-dao-{}-{from}-{to}", d.agency);
    match query.format.as_str() {
        "docx" => Ok(crate::reports::download(
            &name,
            "docx",
            thads_service::dossier_docx::dossier_docx(&d),
        )),
        "json" => Ok(crate::reports::download(
            &name,
            "json",
            d.to_json().into_bytes(),
        )),
        "" => {
            let query = format!(
                "agency={}&from={from}&to={to}&large={}",
                d.agency,
                large_from / 1_000_000_000
            );
            Ok(page_with(
                StatusCode::OK,
                &DossierPage {
                    c: reading.chrome,
                    d,
                    agencies,
                    query,
                },
            ))
        }
        _ => Err(PageError::BadRequest),
    }
}

/// A province's committee on its page: the province's code, the roll, and
/// the partners a member may come from (code, name).
struct Roll {
    agency: String,
    roll: CommitteeRoll,
    partners: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "committee.html")]
struct CommitteePage {
    c: Chrome,
    meetings: Vec<Meeting>,
    tasks: Vec<TaskRow>,
    /// The provinces whose committee the actor runs (for a new meeting).
    provinces: Vec<(String, String)>,
    /// The committee of the province the actor sees.
    roll: Option<Roll>,
    /// The obstacles raised before the committees the actor sees.
    obstacles: Vec<thads_service::committee::ObstacleRow>,
    /// The provinces whose committee the actor may raise one before, and
    /// the partners one may concern (code, name, province).
    obstacle_provinces: Vec<(String, String)>,
    obstacle_partners: Vec<(String, String)>,
    form: MeetingForm,
    error: Option<String>,
}

impl CommitteePage {
    /// How many obstacles are still in the way.
    fn open_obstacles(&self) -> u64 {
        self.obstacles
            .iter()
            .filter(|o| o.settled.is_none())
            .count() as u64
    }

    /// Where a task's report comes back to.
    fn back(&self) -> &'static str {
        "/committee#tasks"
    }

    fn kind(&self, kind: &MeetingKind) -> String {
        self.c.t(&format!("meeting-kind-{}", kind.as_str()))
    }

    fn role(&self, role: &MemberRole) -> String {
        self.c.t(&format!("member-role-{}", role.as_str()))
    }

    fn decision_kind(&self, kind: &DecisionKind) -> String {
        self.c.t(&format!("decision-kind-{}", kind.as_str()))
    }

    /// Whether the actor records the committee's decisions and members.
    fn runs(&self) -> bool {
        !self.provinces.is_empty()
    }
}

/// The committee's place: its tasks, its meetings, a new meeting.
pub(crate) async fn committee(
    State(app): State<App>,
    reading: Reading,
) -> Result<Response, PageError> {
    committee_page(&app, reading, MeetingForm::default(), None).await
}

async fn committee_page(
    app: &App,
    reading: Reading,
    form: MeetingForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    // A partner's account has its tasks here; the meetings are the
    // committee's.
    let partners_own = matches!(
        reading.actor.access,
        Access::Account {
            role: Role::Partner,
            ..
        }
    );
    let meetings = if partners_own {
        Vec::new()
    } else {
        app.thads.meetings(&reading.actor).await?
    };
    let tasks = app.thads.tasks(&reading.actor).await?;
    let obstacles = app.thads.obstacles(&reading.actor).await?;
    let snapshot = reading.view.snapshot();
    let tree = &snapshot.agencies;
    let provinces = crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_none() && reading.actor.runs_committee_of(tree, a)
    });
    let obstacle_provinces = crate::agency_choices(tree, |a| {
        tree.get(a).parent.is_none() && reading.actor.sees_committee_of(tree, a)
    });
    let obstacle_partners = reading
        .view
        .partners(&reading.actor)
        .into_iter()
        .filter(|p| {
            obstacle_provinces
                .iter()
                .any(|(code, _)| *code == p.agency.as_str())
        })
        .map(|p| (p.code.to_string(), p.name))
        .collect();
    let reads_dossier = (0..tree.len()).any(|a| {
        let a = a as AgencyIndex;
        tree.get(a).parent.is_none() && reading.actor.sees_reports_of(tree, a)
    });
    if meetings.is_empty() && tasks.is_empty() && provinces.is_empty() && !reads_dossier {
        return Err(PageError::Denied("reports-denied"));
    }
    // The committee of the actor's province (the first, for the country's).
    let seen = (0..tree.len() as AgencyIndex).find(|a| {
        tree.get(*a).parent.is_none()
            && (reading.actor.runs_committee_of(tree, *a)
                || reading.actor.sees_reports_of(tree, *a))
    });
    let roll = match seen {
        Some(province) if !partners_own => {
            let code = tree.get(province).code.clone();
            let roll = app.thads.committee_roll(&reading.actor, &code).await.ok();
            let partners = reading
                .view
                .partners(&reading.actor)
                .into_iter()
                .filter(|p| p.agency == code)
                .map(|p| (p.code.to_string(), p.name))
                .collect();
            roll.map(|roll| Roll {
                agency: code.to_string(),
                roll,
                partners,
            })
        }
        _ => None,
    };
    Ok(page_with(
        form_status(error.is_some()),
        &CommitteePage {
            obstacles,
            obstacle_provinces,
            obstacle_partners,
            c: reading.chrome,
            meetings,
            tasks,
            provinces,
            roll,
            form,
            error,
        },
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RollAct {
    action: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    member: String,
}

/// The secretariat records a decision on the committee with its signed
/// document, if scanned; back to the committee's page.
pub(crate) async fn decision(
    State(app): State<App>,
    reading: Reading,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let mut posted = crate::coordination::Posted::read(multipart).await?;
    if posted.files.len() > 1 {
        return Err(PageError::BadRequest);
    }
    let effective = match posted.take("effective").trim() {
        "" => Some(None),
        text => parse_day(text).map(Some),
    };
    let (Some(on), Some(effective)) = (parse_day(&posted.take("on")), effective) else {
        let error = lang.t("field-bad-date");
        return committee_page(&app, reading, MeetingForm::default(), Some(error)).await;
    };
    let new = NewDecision {
        agency: AgencyCode::parse(posted.take("agency").trim())
            .map_err(|_| PageError::BadRequest)?,
        kind: DecisionKind::parse(&posted.take("kind")).ok_or(PageError::BadRequest)?,
        number: posted.take("number"),
        on,
        summary: posted.take("summary"),
        effective,
        document: posted.files.pop(),
    };
    match app.thads.record_decision(&reading.actor, new).await {
        Ok(_) => Ok(Redirect::to("/committee#members").into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            committee_page(&app, reading, MeetingForm::default(), Some(error)).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DocumentQuery {
    #[serde(default)]
    decision: String,
}

/// A decision's signed document, as a file to save.
pub(crate) async fn document(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<DocumentQuery>,
) -> Result<Response, PageError> {
    let decision = Code::parse(query.decision.trim()).ok_or(PageError::BadRequest)?;
    let (name, media_type, bytes) = app
        .thads
        .decision_document(&reading.actor, &decision)
        .await?;
    Ok(crate::coordination::download(&name, &media_type, bytes))
}

/// The secretariat names a member or records one's leaving; back to the
/// committee's page.
pub(crate) async fn roll(
    State(app): State<App>,
    reading: Reading,
    Form(act): Form<RollAct>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let actor = &reading.actor;
    let code = |text: &str| Code::parse(text.trim()).ok_or(PageError::BadRequest);
    let done = match act.action.as_str() {
        "member" => {
            let partner = match act.partner.trim() {
                "" => None,
                partner => Some(code(partner)?),
            };
            let new = NewMember {
                decision: code(&act.decision)?,
                name: act.name,
                position: act.position,
                partner,
                role: MemberRole::parse(&act.role).ok_or(PageError::BadRequest)?,
            };
            app.thads.name_member(actor, new).await.map(|_| ())
        }
        "leave" => {
            app.thads
                .member_leaves(actor, &code(&act.member)?, &code(&act.decision)?)
                .await
        }
        _ => return Err(PageError::BadRequest),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/committee#members").into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            committee_page(&app, reading, MeetingForm::default(), Some(error)).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ObstacleAct {
    action: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    by: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    obstacle: String,
}

/// Raises an obstacle before the committee, or settles one; back to the
/// committee's page.
pub(crate) async fn obstacle(
    State(app): State<App>,
    reading: Reading,
    Form(act): Form<ObstacleAct>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let actor = &reading.actor;
    let today = thads_service::today_in_vietnam();
    let done = match act.action.as_str() {
        "raise" => {
            let new = thads_service::committee::NewObstacle {
                agency: AgencyCode::parse(act.agency.trim()).map_err(|_| PageError::BadRequest)?,
                on: today,
                by: act.by,
                partner: match act.partner.trim() {
                    "" => None,
                    code => Some(Code::parse(code).ok_or(PageError::BadRequest)?),
                },
                text: act.text,
            };
            app.thads.raise_obstacle(actor, new).await.map(|_| ())
        }
        "settle" => {
            let obstacle = Code::parse(act.obstacle.trim()).ok_or(PageError::BadRequest)?;
            app.thads
                .settle_obstacle(actor, &obstacle, today, &act.text)
                .await
        }
        _ => return Err(PageError::BadRequest),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/committee#obstacles").into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            committee_page(&app, reading, MeetingForm::default(), Some(error)).await
        }
    }
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct MeetingForm {
    #[serde(default)]
    agency: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    agenda: String,
}

/// Calls a meeting; to its page.
pub(crate) async fn call(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<MeetingForm>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let days = (
        parse_day(&form.on),
        parse_day(&form.from),
        parse_day(&form.to),
    );
    let (Some(on), Some(from), Some(to)) = days else {
        let error = lang.t("field-bad-date");
        return committee_page(&app, reading, form, Some(error)).await;
    };
    let agency = AgencyCode::parse(form.agency.trim()).map_err(|_| PageError::BadRequest)?;
    let kind = MeetingKind::parse(&form.kind).ok_or(PageError::BadRequest)?;
    let new = NewMeeting {
        agency,
        on,
        kind,
        from,
        to,
        agenda: form.agenda.clone(),
    };
    match app.thads.call_meeting(&reading.actor, new).await {
        Ok(id) => Ok(Redirect::to(&meeting_url(id.as_str())).into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            committee_page(&app, reading, form, Some(error)).await
        }
    }
}

fn meeting_url(id: &str) -> String {
    format!("/committee/meetings/{}", crate::percent_encode(id))
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingTemplate {
    c: Chrome,
    page: MeetingPage,
    /// The partners a conclusion may name (code, name).
    partners: Vec<(String, String)>,
    today: Day,
    error: Option<String>,
}

impl MeetingTemplate {
    /// Where a task's report comes back to.
    fn back(&self) -> String {
        self.url()
    }

    fn kind(&self) -> String {
        self.c
            .t(&format!("meeting-kind-{}", self.page.meeting.kind.as_str()))
    }

    fn url(&self) -> String {
        meeting_url(self.page.meeting.id.as_str())
    }

    /// Whether the materials came later than the rule in force allows.
    fn late_materials(&self) -> bool {
        match (self.page.lead_days, self.page.materials_rule) {
            (Some(days), Some(rule)) => days < rule.working_days,
            _ => false,
        }
    }

    /// The live dossier of the meeting's period.
    fn dossier_url(&self) -> String {
        let m = &self.page.meeting;
        format!(
            "/committee/dossier?agency={}&from={}&to={}",
            m.agency, m.from, m.to
        )
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MeetingQuery {
    #[serde(default)]
    download: String,
}

async fn meeting_page(
    app: &App,
    reading: Reading,
    id: &Code,
    error: Option<String>,
) -> Result<Response, PageError> {
    let page = app.thads.meeting_page(&reading.actor, id).await?;
    let partners = reading
        .view
        .partners(&reading.actor)
        .into_iter()
        .filter(|p| p.agency == page.meeting.agency)
        .map(|p| (p.code.to_string(), p.name))
        .collect();
    Ok(page_with(
        form_status(error.is_some()),
        &MeetingTemplate {
            c: reading.chrome,
            page,
            partners,
            today: thads_service::today_in_vietnam(),
            error,
        },
    ))
}

/// A meeting's page; its frozen dossier (`?download=docx` or `json`).
pub(crate) async fn meeting(
    State(app): State<App>,
    reading: Reading,
    Path(id): Path<String>,
    Query(query): Query<MeetingQuery>,
) -> Result<Response, PageError> {
    let id = Code::parse(&id).ok_or_else(PageError::not_found)?;
    match query.download.as_str() {
        "" => meeting_page(&app, reading, &id, None).await,
        "docx" | "json" => {
            let (name, docx, figures) = app.thads.issued_dossier(&reading.actor, &id).await?;
            Ok(if query.download == "docx" {
                crate::reports::attachment(thads_service::dossier_docx::DOCX, &name, docx)
            } else {
                let name = name.trim_end_matches(".docx");
                crate::reports::download(name, "json", figures.into_bytes())
            })
        }
        _ => Err(PageError::BadRequest),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MeetingAct {
    action: String,
    /// The attendance's boxes: `present-CODE` for each member present.
    #[serde(flatten)]
    boxes: std::collections::HashMap<String, String>,
    #[serde(default)]
    guests: String,
    #[serde(default)]
    assessment: String,
    #[serde(default)]
    causes: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    expected: String,
}

/// What the secretariat and the organisations do on a meeting's page.
pub(crate) async fn act(
    State(app): State<App>,
    reading: Reading,
    Path(id): Path<String>,
    Form(act): Form<MeetingAct>,
) -> Result<Response, PageError> {
    let id = Code::parse(&id).ok_or_else(PageError::not_found)?;
    let lang = reading.chrome.lang;
    let actor = &reading.actor;
    let today = thads_service::today_in_vietnam();
    let on = if act.on.trim().is_empty() {
        Some(today)
    } else {
        parse_day(&act.on)
    };
    let done: Result<(), CoordinationError> = match (act.action.as_str(), on) {
        (_, None) => return meeting_page(&app, reading, &id, Some(lang.t("field-bad-date"))).await,
        ("narrative", _) => {
            let narrative = Narrative {
                assessment: act.assessment,
                causes: act.causes,
                direction: act.direction,
            };
            app.thads.write_narrative(actor, &id, narrative).await
        }
        ("issue", Some(on)) => match app.thads.issue_dossier(actor, &id, on).await {
            Ok(()) => Ok(()),
            Err(DossierError::Coordination(e)) => Err(e),
            Err(DossierError::Report(e)) => return Err(e.into()),
        },
        ("conclude", _) => {
            let Some(due) = parse_day(&act.due) else {
                return meeting_page(&app, reading, &id, Some(lang.t("field-bad-date"))).await;
            };
            let partner = match act.partner.trim() {
                "" => None,
                code => Some(Code::parse(code).ok_or(PageError::BadRequest)?),
            };
            let new = NewConclusion {
                text: act.text,
                partner,
                due,
                expected: act.expected,
            };
            let source = thads_core::committee::Source::Meeting(id.clone());
            app.thads.conclude(actor, &source, new).await.map(|_| ())
        }
        ("attendance", _) => {
            let members = act
                .boxes
                .keys()
                .filter_map(|k| k.strip_prefix("present-"))
                .map(|code| Code::parse(code).ok_or(PageError::BadRequest))
                .collect::<Result<Vec<_>, _>>()?;
            app.thads
                .record_attendance(actor, &id, members, &act.guests)
                .await
        }
        _ => return Err(PageError::BadRequest),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&meeting_url(id.as_str())).into_response()),
        Err(error) => {
            let error = crate::coordination::refusal(lang, error)?;
            meeting_page(&app, reading, &id, Some(error)).await
        }
    }
}
