//! The case list with its search and filters, a case's page with the forms
//! of the events its state allows, and accepting a new case.

use crate::error::{Message, PageError};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::PartnerKind;
use thads_core::event::{Kind, UnableGround};
use thads_core::executor::ExecutorCode;
use thads_core::{
    Acceptance, AgencyCode, CaseCode, CaseState, Category, Day, Event, EventParts, Mode, Party,
    RuleError, Status, Vnd,
};
use thads_service::{CaseFile, CaseListing, CaseQuery, ListError, RecordError};

use crate::{App, Chrome, Lang, Reading, page_with, parse_day, percent_encode};

/// The list's filters as the form sends them: every field text, so that
/// what was typed comes back as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Filters {
    q: String,
    agency: String,
    status: String,
    category: String,
    enforceable: String,
    min: String,
    max: String,
    from: String,
    to: String,
    page: String,
}

impl Filters {
    /// The query string of these filters on another page.
    fn on_page(&self, page: usize) -> String {
        let pairs = [
            ("q", &self.q),
            ("agency", &self.agency),
            ("status", &self.status),
            ("category", &self.category),
            ("enforceable", &self.enforceable),
            ("min", &self.min),
            ("max", &self.max),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let mut query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        query.push(format!("page={page}"));
        format!("/cases?{}", query.join("&"))
    }
}

/// A field the user typed wrongly, and what is wrong with it.
#[derive(Debug, Clone)]
struct FieldError {
    field: &'static str,
    message: String,
}

/// Field errors of a form, shown next to their fields.
#[derive(Debug, Clone, Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &'static str, message: String) {
        self.0.push(FieldError { field, message });
    }

    /// The message for a field, if it has one.
    fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An amount as a clerk types it: `150.000.000`, `150 000 000` or
/// `150000000` đồng.
pub(crate) fn parse_amount(text: &str) -> Option<Vnd> {
    let digits: String = text
        .trim()
        .trim_end_matches(['đ', 'd'])
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || digits.len() > 30 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Vnd::within_ceiling(digits.parse().ok()?).ok()
}

fn optional<T>(
    errors: &mut Errors,
    field: &'static str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    message: String,
) -> Option<T> {
    if text.trim().is_empty() {
        return None;
    }
    let parsed = parse(text);
    if parsed.is_none() {
        errors.add(field, message);
    }
    parsed
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    c: Chrome,
    filters: Filters,
    errors: Errors,
    listing: Option<CaseListing>,
    agencies: Vec<(String, String)>,
    statuses: Vec<(&'static str, String)>,
    categories: Vec<(&'static str, String)>,
}

impl CasesPage {
    fn page_url(&self, page: usize) -> String {
        self.filters.on_page(page)
    }

    fn count_text(&self, listing: &CaseListing) -> String {
        let lang = self.c.lang;
        lang.tr(
            "cases-count",
            &[("count", lang.count(listing.total as i128))],
        )
    }

    fn page_of(&self, listing: &CaseListing) -> String {
        let pages = [
            ("page", listing.page.to_string()),
            ("pages", listing.pages.to_string()),
        ];
        self.c.lang.tr("page-of", &pages)
    }

    fn status_of(&self, row: &thads_service::CaseRow) -> String {
        status_name(self.c.lang, row.state.status())
    }
}

fn status_name(lang: Lang, status: Status) -> String {
    lang.say(&status.into())
}

fn category_name(lang: Lang, category: Category) -> String {
    lang.say(&category.into())
}

fn kind_name(lang: Lang, kind: Kind) -> String {
    lang.say(&kind.into())
}

/// The address of a case's page.
pub(crate) fn case_url(code: &str) -> String {
    format!("/cases/{}", percent_encode(code))
}

pub(crate) async fn list(
    reading: Reading,
    Query(filters): Query<Filters>,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let mut errors = Errors::default();
    let bad_amount = lang.t("field-bad-amount");
    let bad_date = lang.t("field-bad-date");
    let query = CaseQuery {
        text: filters.q.clone(),
        agency: optional(
            &mut errors,
            "agency",
            &filters.agency,
            |a| AgencyCode::parse(a).ok(),
            lang.t("field-bad-agency"),
        ),
        status: Status::parse(&filters.status),
        category: Category::parse(&filters.category),
        enforceable: match filters.enforceable.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        min_amount: optional(
            &mut errors,
            "min",
            &filters.min,
            parse_amount,
            bad_amount.clone(),
        ),
        max_amount: optional(&mut errors, "max", &filters.max, parse_amount, bad_amount),
        accepted_from: optional(
            &mut errors,
            "from",
            &filters.from,
            parse_day,
            bad_date.clone(),
        ),
        accepted_to: optional(&mut errors, "to", &filters.to, parse_day, bad_date),
        page: filters.page.parse().unwrap_or(1),
    };
    let agencies = view.agencies();
    let listing = if errors.is_empty() {
        match view.cases(&actor, &query) {
            Ok(listing) => Some(listing),
            Err(ListError::UnknownAgency(_)) => {
                errors.add("agency", lang.t("field-unknown-agency"));
                None
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let choices = crate::agency_choices(agencies, |a| actor.sees_cases_of(agencies, a));
    let status = crate::form_status(!errors.is_empty());
    Ok(page_with(
        status,
        &CasesPage {
            c: chrome,
            filters,
            errors,
            listing,
            agencies: choices,
            statuses: Status::ALL
                .iter()
                .map(|s| (s.as_str(), status_name(lang, *s)))
                .collect(),
            categories: Category::ALL
                .iter()
                .map(|c| (c.as_str(), category_name(lang, *c)))
                .collect(),
        },
    ))
}

/// The form of one event kind, with what was typed if it was refused.
#[derive(Debug, Clone)]
struct EventForm {
    kind: Kind,
    name: String,
    on: String,
    amount: String,
    reason: String,
    to: String,
    errors: Errors,
}

impl EventForm {
    fn blank(lang: Lang, kind: Kind, today: Day) -> EventForm {
        EventForm {
            kind,
            name: kind_name(lang, kind),
            on: lang.date(today),
            amount: String::new(),
            reason: String::new(),
            to: String::new(),
            errors: Errors::default(),
        }
    }

    fn kind_str(&self) -> &'static str {
        self.kind.as_str()
    }

    fn has_amount(&self) -> bool {
        self.kind.moves_money()
    }

    fn has_reason(&self) -> bool {
        matches!(self.kind, Kind::Unable | Kind::Terminated | Kind::Verified)
    }

    fn has_means(&self) -> bool {
        self.kind == Kind::Verified
    }

    /// The grounds the form offers: the three of `unable`, or those of the
    /// grounds file for the event, in force on the form's day.
    fn grounds(&self, lang: Lang, today: Day) -> Vec<(String, String)> {
        match self.kind {
            Kind::Unable => UnableGround::ALL
                .iter()
                .map(|g| {
                    (
                        g.as_str().to_owned(),
                        lang.t(&format!("ground-{}", g.as_str())),
                    )
                })
                .collect(),
            Kind::Postponed | Kind::Suspended | Kind::Terminated => {
                let grounds = thads_core::grounds::Grounds::shipped();
                grounds
                    .all()
                    .iter()
                    .filter(|g| grounds.check(&g.code, self.kind, today).is_ok())
                    .map(|g| (g.code.clone(), g.law.clone()))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    fn has_to(&self) -> bool {
        self.kind == Kind::Entrusted
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    c: Chrome,
    file: CaseFile,
    url: String,
    forms: Vec<EventForm>,
    /// A message for the whole page (the case changed meanwhile).
    notice: Option<String>,
    agencies: Vec<(String, String)>,
    today: Day,
    /// The requests to partners about the case.
    requests: Vec<thads_service::coordination::RequestRow>,
    /// Whether the account may send one.
    sends_requests: bool,
    /// Why the Steering Committee follows the case as complex, and its
    /// plan, if it does.
    complex: Option<(String, Vec<thads_service::complex::PlanStepRow>)>,
    /// The debtor's assets found on the case.
    rows: Vec<crate::assets::AssetRow>,
    /// The decisions to coerce on the case.
    coercions: Vec<crate::assets::CoercionRow>,
    /// The police partners that may be asked to protect a coercion,
    /// `(code, name)`.
    police: Vec<(String, String)>,
}

impl CasePage {
    /// The kinds of asset, `(journal name, name shown)`.
    fn asset_kinds(&self) -> Vec<(&'static str, String)> {
        thads_core::asset::AssetKind::ALL
            .map(|k| (k.as_str(), self.c.t(&format!("asset-kind-{}", k.as_str()))))
            .to_vec()
    }

    /// The steps of an asset, `(journal name, name shown)`.
    fn asset_actions(&self) -> Vec<(&'static str, String)> {
        thads_core::asset::Action::ALL
            .map(|a| {
                (
                    a.as_str(),
                    self.c.t(&format!("asset-action-{}", a.as_str())),
                )
            })
            .to_vec()
    }

    /// The kinds of coercion, `(journal name, name shown)`.
    fn coercion_kinds(&self) -> Vec<(&'static str, String)> {
        thads_core::coercion::CoercionKind::ALL
            .map(|k| {
                (
                    k.as_str(),
                    self.c.t(&format!("coercion-kind-{}", k.as_str())),
                )
            })
            .to_vec()
    }

    /// The security measures, `(journal name, name shown)`.
    fn measures(&self) -> Vec<(&'static str, String)> {
        thads_core::asset::Measure::ALL
            .map(|m| (m.as_str(), self.c.t(&format!("measure-{}", m.as_str()))))
            .to_vec()
    }

    fn status(&self) -> String {
        status_name(self.c.lang, self.file.state.status())
    }

    fn event_name(&self, event: &Event) -> String {
        kind_name(self.c.lang, event.kind())
    }

    /// The day a record counts in the statistics, when later than its date
    /// (recorded after a close): `None` for the acceptance's, `Some(i)` for
    /// the `i`-th event's.
    fn counted_note(&self, event: Option<&usize>) -> Option<String> {
        let day = match event {
            None => self.file.accepted_counted,
            Some(i) => self.file.counted.get(*i).copied().flatten(),
        }?;
        let lang = self.c.lang;
        Some(lang.tr("case-counted-on", &[("day", lang.date(day))]))
    }

    /// Said above the forms when the case's agency has closed periods: an
    /// event dated in one counts in the current period.
    fn closed_notice(&self) -> Option<String> {
        let through = self.file.closed_through?;
        let lang = self.c.lang;
        Some(lang.tr(
            "case-closed-notice",
            &[
                ("through", lang.date(through)),
                ("from", lang.date(through.plus_days(1))),
            ],
        ))
    }

    fn event_detail(&self, event: &Event) -> String {
        let lang = self.c.lang;
        match event {
            Event::Collected(a) | Event::Reduced(a) => lang.money(*a),
            Event::PaidOut { amount, .. } => lang.money(*amount),
            Event::Unable {
                reason: Some(r), ..
            }
            | Event::Terminated {
                reason: Some(r), ..
            }
            | Event::Verified { note: Some(r), .. } => r.clone(),
            Event::Assigned { executor } => executor.to_string(),
            Event::Entrusted { to } => lang.tr("event-entrusted-to", &[("agency", to.to_string())]),
            _ => String::new(),
        }
    }

    fn step_name(&self, duty: &thads_core::due::Duty) -> String {
        self.c.lang.say(&(*duty).into())
    }

    /// Each verification, with what it found.
    fn verifications(&self) -> Vec<(String, String)> {
        let lang = self.c.lang;
        self.file
            .events
            .iter()
            .filter_map(|(on, event)| match event {
                Event::Verified { means, note } => {
                    let found = lang.t(if *means {
                        "case-means-yes"
                    } else {
                        "case-means-no"
                    });
                    let what = match note {
                        Some(note) => format!("{found}: {note}"),
                        None => found,
                    };
                    Some((lang.date(*on), what))
                }
                _ => None,
            })
            .collect()
    }

    fn mode(&self) -> String {
        self.c.lang.say(&self.file.acceptance.mode.into())
    }

    fn categories(&self) -> String {
        let names: Vec<String> = self
            .file
            .acceptance
            .categories
            .iter()
            .map(|c| category_name(self.c.lang, *c))
            .collect();
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(", ")
        }
    }
}

async fn case_page_with(
    app: &App,
    reading: Reading,
    code: &str,
    refused: Option<EventForm>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let not_found = || PageError::NotFound(Message::new("case-not-found").with("code", code));
    let case = CaseCode::parse(code).map_err(|_| not_found())?;
    let calendar = app.thads.calendar().await?;
    let file = app
        .thads
        .case_file_on(view.snapshot(), &actor, &case, &calendar)
        .await?
        .ok_or_else(not_found)?;
    let today = thads_service::today_in_vietnam().max(file.state.last_on);
    let mut status = StatusCode::OK;
    let forms = if file.writable {
        file.state
            .allowed()
            .into_iter()
            // A leader assigns cases, from the leaders' view; only a debtor
            // without means is published.
            .filter(|kind| *kind != Kind::Assigned)
            .filter(|kind| *kind != Kind::Published || !file.state.enforceable)
            .map(|kind| match &refused {
                Some(form) if form.kind == kind => {
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                    form.clone()
                }
                _ => EventForm::blank(lang, kind, today),
            })
            .collect()
    } else {
        Vec::new()
    };
    if notice.is_some() {
        status = StatusCode::CONFLICT;
    }
    let agencies = view
        .agencies()
        .iter()
        .filter(|a| a.code != file.agency.code)
        .map(|a| (a.code.to_string(), a.name.clone()))
        .collect();
    let requests = view
        .requests(
            &actor,
            &calendar,
            &thads_service::coordination::RequestQuery {
                case: Some(case.clone()),
                as_of: Some(thads_service::today_in_vietnam()),
                ..Default::default()
            },
            usize::MAX,
        )?
        .rows;
    let complex = view.complex_of(&actor, None, &case, today);
    let snapshot = view.snapshot();
    let agency = snapshot.agencies.index(&file.agency.code);
    let sends_requests = agency.is_some_and(|a| {
        actor.writes_cases_of(&snapshot.agencies, a)
            || actor.assigns_cases_of(&snapshot.agencies, a)
    });
    let rows = snapshot
        .coordination
        .assets()
        .iter()
        .filter(|held| held.asset.case == case)
        .map(|held| crate::assets::AssetRow::of(&chrome, held))
        .collect();
    let coercions = thads_service::coercions::coercions_of(&snapshot.coordination, &case)
        .map(|c| crate::assets::CoercionRow::of(&chrome, c))
        .collect();
    let police = view
        .partners(&actor)
        .into_iter()
        .filter(|p| {
            matches!(
                p.kind,
                PartnerKind::PoliceCommune | PartnerKind::PoliceProvince
            )
        })
        .map(|p| (p.code.to_string(), p.name))
        .collect();
    Ok(page_with(
        status,
        &CasePage {
            c: chrome,
            url: case_url(code),
            file,
            forms,
            notice,
            agencies,
            today,
            requests,
            sends_requests,
            complex,
            rows,
            coercions,
            police,
        },
    ))
}

/// A case's page with a notice above it (a form of another page refused).
pub(crate) async fn case_page_noting(
    app: &App,
    reading: Reading,
    code: &str,
    notice: String,
) -> Result<Response, PageError> {
    case_page_with(app, reading, code, None, Some(notice)).await
}

pub(crate) async fn case_page(
    State(app): State<App>,
    reading: Reading,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    case_page_with(&app, reading, &code, None, None).await
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct EventFields {
    kind: String,
    version: u32,
    #[serde(default)]
    on: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    executor: String,
    #[serde(default)]
    means: String,
    #[serde(default)]
    ground: String,
}

/// What a rule of the journal says, in the page's language.
fn rule_message(lang: Lang, error: &RuleError) -> (&'static str, String) {
    match error {
        RuleError::OutOfOrder { previous, .. } => (
            "on",
            lang.tr(
                "form-rule-out-of-order",
                &[("previous", lang.date(*previous))],
            ),
        ),
        RuleError::MoreThanOwed { owed, .. } => (
            "amount",
            lang.tr("form-rule-more-than-owed", &[("owed", lang.money(*owed))]),
        ),
        RuleError::NoAmount { .. } => ("amount", lang.t("form-rule-no-amount")),
        RuleError::StillOwed { owed } => (
            "on",
            lang.tr("form-rule-still-owed", &[("owed", lang.money(*owed))]),
        ),
        RuleError::MoreThanUnpaid { unpaid, .. } => (
            "amount",
            lang.tr(
                "form-rule-more-than-unpaid",
                &[("unpaid", lang.money(*unpaid))],
            ),
        ),
        // The form offers only what the state allows: these mean the case
        // changed, which the version check catches first.
        RuleError::AfterClose { .. }
        | RuleError::AlreadyUnable
        | RuleError::AlreadyAble
        | RuleError::AlreadyPaused { .. }
        | RuleError::NotPaused
        | RuleError::NeedsUnable { .. }
        | RuleError::AlreadyApart => ("on", lang.t("form-rule-not-allowed-now")),
    }
}

/// The event a form describes, or what is wrong with each field.
fn event_of(
    lang: Lang,
    fields: &EventFields,
    kind: Kind,
    state: &CaseState,
) -> Result<(Day, Event), Errors> {
    let mut errors = Errors::default();
    let on = parse_day(&fields.on);
    if on.is_none() {
        errors.add("on", lang.t("field-bad-date"));
    }
    let amount = if kind.moves_money() {
        let amount = parse_amount(&fields.amount);
        if amount.is_none() {
            errors.add("amount", lang.t("field-bad-amount"));
        }
        amount
    } else {
        None
    };
    let reason = Some(fields.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let to = if kind == Kind::Entrusted {
        let to = AgencyCode::parse(fields.to.trim()).ok();
        if to.is_none() {
            errors.add("to", lang.t("field-bad-agency"));
        }
        to
    } else {
        None
    };
    let executor = if kind == Kind::Assigned {
        let executor = ExecutorCode::parse(fields.executor.trim()).ok();
        if executor.is_none() {
            errors.add("executor", lang.t("field-required"));
        }
        executor
    } else {
        None
    };
    let means = match (kind, fields.means.as_str()) {
        (Kind::Verified, "yes") => Some(true),
        (Kind::Verified, "no") => Some(false),
        (Kind::Verified, _) => {
            errors.add("means", lang.t("field-required"));
            None
        }
        _ => None,
    };
    let ground = Some(fields.ground.trim()).filter(|g| !g.is_empty());
    let unable_ground = ground
        .filter(|_| kind == Kind::Unable)
        .and_then(UnableGround::parse);
    let ground = ground
        .filter(|_| matches!(kind, Kind::Postponed | Kind::Suspended | Kind::Terminated))
        .map(str::to_owned);
    let Some(on) = on else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let parts = EventParts {
        amount,
        reason,
        to,
        executor,
        means,
        unable_ground,
        ground,
        payee: None,
    };
    let event = Event::from_parts(kind, parts).expect("every part the kind needs is checked above");
    // The journal's rules, checked here to say which field breaks them; the
    // service checks them again under the write lock.
    let mut next = *state;
    if let Err(rule) = next.apply(on, kind, event.amount()) {
        let (field, message) = rule_message(lang, &rule);
        errors.add(field, message);
        return Err(errors);
    }
    Ok((on, event))
}

/// Records an event from a case page's form.
pub(crate) async fn record(
    State(app): State<App>,
    reading: Reading,
    Path(code): Path<String>,
    Form(fields): Form<EventFields>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let Ok(case) = CaseCode::parse(&code) else {
        return case_page_with(&app, reading, &code, None, None).await;
    };
    let file = match app
        .thads
        .case_file(reading.view.snapshot(), &reading.actor, &case)
        .await
    {
        Ok(Some(file)) => file,
        Ok(None) | Err(ListError::Denied(_) | ListError::UnknownAgency(_)) => {
            return case_page_with(&app, reading, &code, None, None).await;
        }
        Err(e) => return Err(e.into()),
    };
    let kind = Kind::parse(&fields.kind).ok_or(PageError::BadRequest)?;
    let refused = |errors: Errors| EventForm {
        kind,
        name: kind_name(lang, kind),
        on: fields.on.clone(),
        amount: fields.amount.clone(),
        reason: fields.reason.clone(),
        to: fields.to.clone(),
        errors,
    };
    if fields.version != file.version {
        let notice = lang.t("case-changed");
        return case_page_with(&app, reading, &code, None, Some(notice)).await;
    }
    let (on, event) = match event_of(lang, &fields, kind, &file.state) {
        Ok(event) => event,
        Err(errors) => {
            return case_page_with(&app, reading, &code, Some(refused(errors)), None).await;
        }
    };
    match app
        .thads
        .record(&reading.actor, &case, on, event, fields.version)
        .await
    {
        Ok(_) => Ok(Redirect::to(&case_url(&code)).into_response()),
        Err(RecordError::Stale { .. }) => {
            let notice = lang.t("case-changed");
            case_page_with(&app, reading, &code, None, Some(notice)).await
        }
        Err(RecordError::UnknownCase(_) | RecordError::UnknownAgency(_)) => {
            case_page_with(&app, reading, &code, None, None).await
        }
        Err(RecordError::Refused(fault)) => {
            let mut errors = Errors::default();
            let field = match kind {
                Kind::Entrusted => "to",
                Kind::Assigned => "executor",
                _ => "on",
            };
            errors.add(field, lang.say(&fault.reason));
            case_page_with(&app, reading, &code, Some(refused(errors)), None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The acceptance form's fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct AcceptFields {
    code: String,
    agency: String,
    on: String,
    mode: String,
    amount: String,
    state_budget: String,
    credit_institution: String,
    corruption_economic: String,
    state_compensation: String,
    judgment_kind: String,
    budget_item: String,
    decision: String,
    judgment: String,
    debtor_name: String,
    debtor_id: String,
    debtor_address: String,
    creditor_name: String,
    creditor_id: String,
    creditor_address: String,
}

#[derive(Template)]
#[template(path = "accept.html")]
struct AcceptPage {
    c: Chrome,
    fields: AcceptFields,
    errors: Errors,
    agencies: Vec<(String, String)>,
    /// The kinds of judgment and of state-budget collection offered.
    judgment_kinds: Vec<(&'static str, String)>,
    budget_items: Vec<(&'static str, String)>,
}

async fn accept_page_with(
    reading: Reading,
    fields: AcceptFields,
    errors: Errors,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let agencies = view.agencies();
    let writable = crate::agency_choices(agencies, |a| actor.writes_cases_of(agencies, a));
    if writable.is_empty() {
        return Err(PageError::Denied("record-denied"));
    }
    let status = crate::form_status(!errors.is_empty());
    let mut fields = fields;
    if fields.agency.is_empty() {
        fields.agency = writable[0].0.clone();
    }
    if fields.on.is_empty() {
        fields.on = lang.date(thads_service::today_in_vietnam());
    }
    Ok(page_with(
        status,
        &AcceptPage {
            c: chrome,
            fields,
            errors,
            agencies: writable,
            judgment_kinds: thads_core::JudgmentKind::ALL
                .iter()
                .map(|k| (k.as_str(), lang.say(&(*k).into())))
                .collect(),
            budget_items: thads_core::BudgetItem::ALL
                .iter()
                .map(|b| (b.as_str(), lang.say(&(*b).into())))
                .collect(),
        },
    ))
}

pub(crate) async fn accept_page(reading: Reading) -> Result<Response, PageError> {
    accept_page_with(reading, AcceptFields::default(), Errors::default()).await
}

/// An identity number: a CCCD of 12 digits, or a tax code of 10 digits
/// (13 with a branch: `0101234567-001`).
fn valid_identity(id: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    digits(id, 12)
        || digits(id, 10)
        || id
            .split_once('-')
            .is_some_and(|(a, b)| digits(a, 10) && digits(b, 3))
}

/// The acceptance a form describes, or what is wrong with each field.
fn acceptance_of(lang: Lang, f: &AcceptFields) -> Result<(CaseCode, Day, Acceptance), Errors> {
    let mut errors = Errors::default();
    let code = CaseCode::parse(f.code.trim()).ok();
    if code.is_none() {
        errors.add("code", lang.t("field-bad-code"));
    }
    let agency = AgencyCode::parse(&f.agency).ok();
    if agency.is_none() {
        errors.add("agency", lang.t("field-bad-agency"));
    }
    let on = parse_day(&f.on);
    if on.is_none() {
        errors.add("on", lang.t("field-bad-date"));
    }
    let mode = Mode::parse(&f.mode);
    if mode.is_none() {
        errors.add("mode", lang.t("field-choose-mode"));
    }
    let amount = parse_amount(&f.amount);
    if amount.is_none() {
        errors.add("amount", lang.t("field-bad-amount"));
    }
    let mut required = |field: &'static str, value: &str| {
        if value.trim().is_empty() {
            errors.add(field, lang.t("field-required"));
        }
    };
    required("decision", &f.decision);
    required("judgment", &f.judgment);
    required("debtor_name", &f.debtor_name);
    required("creditor_name", &f.creditor_name);
    for (field, id) in [("debtor_id", &f.debtor_id), ("creditor_id", &f.creditor_id)] {
        if !id.trim().is_empty() && !valid_identity(id.trim()) {
            errors.add(field, lang.t("field-bad-identity"));
        }
    }
    let (Some(code), Some(agency), Some(on), Some(mode), Some(amount)) =
        (code, agency, on, mode, amount)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let categories = [
        (Category::StateBudget, &f.state_budget),
        (Category::CreditInstitution, &f.credit_institution),
        (Category::CorruptionEconomic, &f.corruption_economic),
        (Category::StateCompensation, &f.state_compensation),
    ]
    .into_iter()
    .filter(|(_, checked)| !checked.is_empty())
    .map(|(c, _)| c)
    .collect::<Vec<_>>();
    let budget_item = thads_core::BudgetItem::parse(&f.budget_item);
    if budget_item.is_some() && !categories.contains(&Category::StateBudget) {
        errors.add(
            "budget_item",
            lang.t("field-budget-item-needs-state-budget"),
        );
        return Err(errors);
    }
    let acceptance = Acceptance {
        agency,
        mode,
        amount,
        categories,
        decision: f.decision.trim().to_owned(),
        judgment: f.judgment.trim().to_owned(),
        debtor: Party {
            name: f.debtor_name.trim().to_owned(),
            id: text(&f.debtor_id),
            address: text(&f.debtor_address),
        },
        creditor: Party {
            name: f.creditor_name.trim().to_owned(),
            id: text(&f.creditor_id),
            address: text(&f.creditor_address),
        },
        judgment_kind: thads_core::JudgmentKind::parse(&f.judgment_kind),
        budget_item,
        creditors: Vec::new(),
        debtors: Vec::new(),
    };
    Ok((code, on, acceptance))
}

pub(crate) async fn accept(
    State(app): State<App>,
    reading: Reading,
    Form(fields): Form<AcceptFields>,
) -> Result<Response, PageError> {
    let lang = reading.chrome.lang;
    let (code, on, acceptance) = match acceptance_of(lang, &fields) {
        Ok(accepted) => accepted,
        Err(errors) => return accept_page_with(reading, fields, errors).await,
    };
    let mut errors = Errors::default();
    match app
        .thads
        .accept(&reading.actor, &code, on, acceptance)
        .await
    {
        Ok(()) => return Ok(Redirect::to(&case_url(code.as_str())).into_response()),
        Err(RecordError::Duplicate(_)) => errors.add("code", lang.t("field-duplicate-code")),
        Err(RecordError::UnknownAgency(_)) => errors.add("agency", lang.t("field-unknown-agency")),
        Err(RecordError::Refused(fault)) => errors.add("on", lang.say(&fault.reason)),
        Err(e) => return Err(e.into()),
    }
    accept_page_with(reading, fields, errors).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_dates_and_identities_as_clerks_type_them() {
        assert_eq!(parse_amount("150.000.000"), Some(Vnd(150_000_000)));
        assert_eq!(parse_amount(" 150 000 000 đ"), Some(Vnd(150_000_000)));
        assert_eq!(parse_amount("150000000"), Some(Vnd(150_000_000)));
        assert_eq!(parse_amount("0"), Some(Vnd(0)));
        assert_eq!(parse_amount("150,5"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("mười"), None);
        assert_eq!(parse_amount("1.000.000.000.000.000"), Some(Vnd::CEILING));
        assert_eq!(parse_amount("1.000.000.000.000.001"), None);
        assert_eq!(parse_amount("9223372036854775808"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_day("2026-01-05"), Some("2026-01-05".parse().unwrap()));
        assert_eq!(parse_day("05/01/2026"), Some("2026-01-05".parse().unwrap()));
        assert_eq!(parse_day("31/02/2026"), None);
        assert_eq!(parse_day("hôm qua"), None);
        assert!(valid_identity("001190012345"));
        assert!(valid_identity("0101234567"));
        assert!(valid_identity("0101234567-001"));
        assert!(!valid_identity("00119001234"));
        assert!(!valid_identity("00119001234a"));
    }
}
