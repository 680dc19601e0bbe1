//! Paying creditors out (Chi trả): a case's money collected and not yet
//! paid, the distribution of an amount in the legal order of priority
//! before anything is recorded, the batch recorded at one click, and its
//! bank transfer file.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use thads_core::coordination::Code;
use thads_core::distribution::Payee;
use thads_core::text::Text;
use thads_core::unclaimed::Stage;
use thads_core::{CaseCode, Day, Vnd};
use thads_service::RecordError;
use thads_service::payouts::{Batch, DistributeError, DistributeRequest};

use crate::cases::parse_amount;
use crate::error::PageError;
use crate::{App, Chrome, Reading, form_status, page_with, parse_day};

#[derive(Template)]
#[template(path = "payouts.html")]
struct PayoutsPage {
    c: Chrome,
    case: String,
    case_url: String,
    /// Collected and not yet paid out.
    unpaid: Vnd,
    /// What was typed.
    proceeds: String,
    costs: String,
    on: String,
    /// The asset sold, if one was chosen, and the case's assets to choose
    /// from: `(code, description)`.
    asset: String,
    assets: Vec<(String, String)>,
    /// The distribution of what was typed, in order: payee, rank, amount.
    preview: Vec<(String, String, Vnd)>,
    /// The proceeds and costs as numbers and the day, for the form that
    /// records the preview (the asset is `asset`).
    asked: Option<(i64, i64, Day)>,
    /// Whether the actor may record payouts.
    pays: bool,
    error: Option<String>,
    /// A batch recorded: its orders, and the day, for the transfer file.
    batch: Option<BatchView>,
}

/// A recorded batch as the page shows it.
struct BatchView {
    on: Day,
    /// Number, payee, amount, account. (A day's payouts are read again
    /// from the journal, which does not say that one was the mortgagee's:
    /// the rank is left out.)
    orders: Vec<(usize, String, Vnd, String)>,
    count: u64,
    transfers: u64,
    /// How many are paid in cash, each against a payment slip.
    cash: u64,
    total: Vnd,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct PayoutQuery {
    case: String,
    proceeds: String,
    costs: String,
    on: String,
    asset: String,
    /// The day of a batch just recorded.
    paid: String,
}

/// The page of a case's payouts: the form, the preview of what is typed,
/// and a batch just recorded.
pub(crate) async fn page(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<PayoutQuery>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(&query.case).map_err(|_| PageError::not_found())?;
    let lang = reading.chrome.lang;
    let mut error = None;
    let mut asked = None;
    if !query.proceeds.is_empty() {
        match request(&case, &query) {
            Ok(request) => asked = Some(request),
            Err(key) => error = Some(lang.t(key)),
        }
    }
    let mut preview = Vec::new();
    if let Some(request) = &asked {
        match app.thads.distribute(&reading.actor, request).await {
            Ok(payments) => {
                let c = &reading.chrome;
                preview = payments
                    .into_iter()
                    .map(|p| {
                        // The costs and the debtor are named by their role.
                        let to = match p.rank {
                            Payee::Costs | Payee::Debtor => rank_name(c, p.rank),
                            Payee::Secured | Payee::Creditor(_) => p.to,
                        };
                        (to, rank_name(c, p.rank), Vnd(p.amount))
                    })
                    .collect()
            }
            Err(e) => error = Some(refusal(&reading.chrome, e)?),
        }
    }
    let batch = match query.paid.parse::<Day>() {
        Ok(on) => Some(app.thads.payouts_on(&reading.actor, &case, on).await),
        Err(_) => None,
    };
    let batch = match batch {
        Some(Ok(batch)) => Some(batch_view(&reading.chrome, batch)),
        Some(Err(e)) => return Err(PageError::from(e)),
        None => None,
    };
    render(&app, reading, &case, &query, preview, asked, error, batch).await
}

/// Records the distribution shown: one payout per payee, or none.
pub(crate) async fn pay(
    State(app): State<App>,
    reading: Reading,
    Form(form): Form<PayoutQuery>,
) -> Result<Response, PageError> {
    let case = CaseCode::parse(&form.case).map_err(|_| PageError::not_found())?;
    let lang = reading.chrome.lang;
    let request = match request(&case, &form) {
        Ok(request) => request,
        Err(key) => {
            let error = Some(lang.t(key));
            return render(&app, reading, &case, &form, Vec::new(), None, error, None).await;
        }
    };
    match app.thads.pay_out(&reading.actor, &request).await {
        Ok(batch) => Ok(Redirect::to(&format!(
            "/payouts?case={}&paid={}",
            crate::percent_encode(case.as_str()),
            batch.on
        ))
        .into_response()),
        Err(e) => {
            let error = Some(refusal(&reading.chrome, e)?);
            render(&app, reading, &case, &form, Vec::new(), None, error, None).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct TransferQuery {
    case: String,
    on: String,
    format: String,
}

impl TransferQuery {
    /// The batch asked for: its case and its day.
    fn batch(&self) -> Result<(CaseCode, Day), PageError> {
        let case = CaseCode::parse(&self.case).map_err(|_| PageError::not_found())?;
        let on = self.on.parse::<Day>().map_err(|_| PageError::BadRequest)?;
        Ok((case, on))
    }
}

/// The bank transfer file of a day's payouts on a case, as Excel or CSV.
pub(crate) async fn transfers(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<TransferQuery>,
) -> Result<Response, PageError> {
    let (case, on) = query.batch()?;
    let batch = app.thads.payouts_on(&reading.actor, &case, on).await?;
    let name = format!("chuyen-khoan-{}-{on}", case.as_str().replace('/', "-"));
    match query.format.as_str() {
        "csv" => Ok(crate::reports::download(
            &name,
            "csv",
            thads_service::payouts::transfers_csv(&batch),
        )),
        _ => {
            let bytes =
                thads_service::payouts::transfers_xlsx(&batch).map_err(PageError::internal)?;
            Ok(crate::reports::download(&name, "xlsx", bytes))
        }
    }
}

/// The payment slips (phiếu chi) of a day's cash payouts on a case, as a
/// Word file.
pub(crate) async fn slips(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<TransferQuery>,
) -> Result<Response, PageError> {
    let (case, on) = query.batch()?;
    let bytes = app
        .thads
        .payment_slips(&reading.actor, &case, on)
        .await?
        .ok_or_else(PageError::not_found)?;
    let name = format!("phieu-chi-{}-{on}", case.as_str().replace('/', "-"));
    Ok(crate::reports::download(&name, "docx", bytes))
}

/// A distribution asked for by what the form holds; the message key of
/// the field that is wrong.
fn request(case: &CaseCode, form: &PayoutQuery) -> Result<DistributeRequest, &'static str> {
    let proceeds = parse_amount(&form.proceeds).ok_or("payout-bad-proceeds")?;
    let costs = match form.costs.trim() {
        "" => Vnd(0),
        text => parse_amount(text).ok_or("payout-bad-costs")?,
    };
    let on = match form.on.trim() {
        "" => thads_service::today_in_vietnam(),
        text => parse_day(text).ok_or("payout-bad-day")?,
    };
    let asset = match form.asset.as_str() {
        "" => None,
        code => Some(Code::parse(code).ok_or("payout-bad-asset")?),
    };
    Ok(DistributeRequest {
        case: case.clone(),
        proceeds: proceeds.get(),
        costs: costs.get(),
        on,
        asset,
    })
}

/// What the user is told when a distribution or a batch is refused.
fn refusal(c: &Chrome, error: DistributeError) -> Result<String, PageError> {
    match error {
        DistributeError::Invalid(e) => Ok(e.to_string()),
        DistributeError::Refused(RecordError::Refused(fault)) => Ok(c.lang.say(&fault.reason)),
        e => Err(PageError::from(e)),
    }
}

/// A payee's capacity: a creditor's rank, or costs, mortgagee, debtor.
fn rank_name(c: &Chrome, rank: Payee) -> String {
    match rank {
        Payee::Creditor(rank) => c.t(&format!("rank-{}", rank.as_str())),
        other => c.t(&format!("payee-{}", other.as_str())),
    }
}

fn batch_view(c: &Chrome, batch: Batch) -> BatchView {
    BatchView {
        on: batch.on,
        count: batch.orders.len() as u64,
        transfers: batch.transfers().count() as u64,
        cash: batch.orders.iter().filter(|o| o.account.is_none()).count() as u64,
        total: Vnd(batch.total()),
        orders: batch
            .orders
            .into_iter()
            .map(|o| {
                let account = o.account.map_or_else(
                    || c.t("payouts-cash"),
                    |a| format!("{} — {}", a.number, a.bank),
                );
                (o.number, o.payee, Vnd(o.amount), account)
            })
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    app: &App,
    reading: Reading,
    case: &CaseCode,
    form: &PayoutQuery,
    preview: Vec<(String, String, Vnd)>,
    asked: Option<DistributeRequest>,
    error: Option<String>,
    batch: Option<BatchView>,
) -> Result<Response, PageError> {
    let snapshot = reading.view.snapshot();
    let Some(file) = app.thads.case_file(snapshot, &reading.actor, case).await? else {
        return Err(PageError::not_found());
    };
    let agency = snapshot
        .agencies
        .index(&file.acceptance.agency)
        .expect("a stored case's agency");
    let pays = reading.actor.writes_cases_of(&snapshot.agencies, agency);
    let assets = snapshot
        .coordination
        .assets()
        .iter()
        .filter(|held| held.asset.case == *case)
        .map(|held| (held.asset.code.to_string(), held.asset.description.clone()))
        .collect();
    let refused = error.is_some();
    let page = PayoutsPage {
        case: case.to_string(),
        case_url: crate::cases::case_url(case.as_str()),
        unpaid: file.state.unpaid,
        proceeds: form.proceeds.clone(),
        costs: form.costs.clone(),
        on: form.on.clone(),
        asset: form.asset.clone(),
        assets,
        preview,
        asked: asked.map(|a| (a.proceeds, a.costs, a.on)),
        pays,
        error,
        batch,
        c: reading.chrome,
    };
    Ok(page_with(form_status(refused), &page))
}

/// The scope and the day of the money held.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct HeldQuery {
    agency: String,
    as_of: String,
    format: String,
}

#[derive(Template)]
#[template(path = "held.html")]
struct HeldPage {
    c: Chrome,
    agency: String,
    as_of: Day,
    agencies: Vec<(String, String)>,
    /// Per stage: its key, the cases, the money.
    totals: Vec<(&'static str, u64, String)>,
    rows: Vec<HeldView>,
    /// "The first 200 of N", when there are more.
    first: Option<String>,
}

impl HeldPage {
    /// The message key of a stage.
    fn stage_key(&self, stage: &str) -> String {
        format!("held-stage-{stage}")
    }
}

/// A case's money held as the page shows it.
struct HeldView {
    case: String,
    case_url: String,
    agency: String,
    amount: Vnd,
    since: Day,
    age: i32,
    pay_by: Day,
    stage: &'static str,
    stage_name: String,
    /// Where it is deposited, once it is to be; until then, from when.
    deposit: String,
}

/// The most cases the page lists, the oldest money first; the files hold
/// them all.
const HELD_ROWS: usize = 200;

/// Money held (Tiền chưa chi trả): each case's money collected and not paid
/// out, its age, and what is due with it, as a page, CSV or JSON.
pub(crate) async fn held(
    State(app): State<App>,
    reading: Reading,
    Query(query): Query<HeldQuery>,
) -> Result<Response, PageError> {
    let agency = match query.agency.as_str() {
        "" => None,
        code => Some(thads_core::AgencyCode::parse(code).map_err(|_| PageError::not_found())?),
    };
    let as_of = parse_day(&query.as_of).unwrap_or_else(thads_service::today_in_vietnam);
    let calendar = app.thads.calendar().await?;
    let list = reading.view.due(
        &reading.actor,
        &calendar,
        &thads_service::DueQuery {
            agency,
            executor: None,
            as_of,
        },
    )?;
    let snapshot = reading.view.snapshot();
    let tree = &snapshot.agencies;
    let held = thads_service::held::held_of(&list, &snapshot.ledger, as_of);
    let name = format!("tien-chua-chi-tra-{as_of}");
    match query.format.as_str() {
        "csv" => {
            let body = thads_service::held::held_csv(&held, tree);
            return Ok(crate::reports::download(&name, "csv", body));
        }
        "json" => {
            let body = thads_service::held::held_json(&held, tree).into_bytes();
            return Ok(crate::reports::download(&name, "json", body));
        }
        "" => {}
        _ => return Err(PageError::BadRequest),
    }
    let c = &reading.chrome;
    let totals = Stage::ALL
        .iter()
        .zip(&held.totals)
        .map(|(stage, (cases, money))| (stage.as_str(), *cases, c.lang.money(Vnd(*money as i64))))
        .collect();
    let rows = held
        .rows
        .iter()
        .take(HELD_ROWS)
        .map(|r| HeldView {
            case_url: crate::cases::case_url(&r.case),
            case: r.case.clone(),
            agency: tree.get(r.agency).name.clone(),
            amount: r.amount,
            since: r.since,
            age: r.age(as_of),
            pay_by: r.pay_by,
            stage: r.standing.stage.as_str(),
            stage_name: c.t(&format!("held-stage-{}", r.standing.stage.as_str())),
            deposit: match r.standing.stage {
                Stage::ToDeposit | Stage::ToBudget => {
                    c.t(&format!("held-deposit-{}", r.standing.deposit.as_str()))
                }
                Stage::ToPay | Stage::Overdue => c
                    .lang
                    .say(&Text::new("held-deposit-after").with("day", r.standing.deposit_after)),
            },
        })
        .collect();
    let agencies = thads_service::report_agencies(snapshot, &reading.actor)
        .unwrap_or_default()
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let first = (held.rows.len() > HELD_ROWS).then(|| {
        c.lang.say(
            &Text::new("held-first")
                .with("shown", HELD_ROWS)
                .with("count", held.rows.len()),
        )
    });
    Ok(crate::page(&HeldPage {
        c: reading.chrome,
        agency: query.agency,
        as_of,
        agencies,
        totals,
        rows,
        first,
    }))
}
