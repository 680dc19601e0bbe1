//! The report page: the two forms for a period, scope and category, as the
//! official tables (a row per office and a total row), downloadable as CSV
//! and JSON and printable; and the dashboard's chart.

use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use thads_core::report::{Line, Rate, Report, Tally};
use thads_core::{AgencyCode, Category, Day};
use thads_service::dashboard::MonthRates;
use thads_service::debtors::DebtorList;
use thads_service::report::Dimension;
use thads_service::{PeriodReport, ReportError, ReportRequest, Target, render};

use crate::error::PageError;
use crate::{App, Chrome, Lang, Reading, page, page_with};

/// The media type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to download, named `name.extension`, of the type its extension
/// says (`csv`, `json`, `xlsx`).
pub(crate) fn download(name: &str, extension: &str, body: Vec<u8>) -> Response {
    let content_type = match extension {
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xlsx" => XLSX,
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };
    attachment(content_type, &format!("{name}.{extension}"), body)
}

/// A file to download.
pub(crate) fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// The report page's choices, as the form sends them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct ReportChoice {
    year: String,
    period: String,
    from: String,
    to: String,
    agency: String,
    category: String,
    /// `executor`: a row per executor (forms 4 and 5); `mode`,
    /// `judgment_kind`, `budget_item`: a row per part; else per agency.
    rows: String,
    /// Only cases of this mode (its journal name).
    mode: String,
    /// Only cases of this kind of judgment (its journal name).
    judgment: String,
    format: String,
}

/// The periods a report offers, in a statistical year ending in `year`:
/// to date, each month (cumulative from 1 October), 3, 6, 10 and 12
/// months, or chosen dates.
fn period(year: i16, preset: &str, today: Day) -> Option<(Day, Day)> {
    let from = Day::from_ymd(year - 1, 10, 1)?;
    let end_of = |y: i16, m: i8| Day::from_ymd(y, m, 1).map(Day::month_end);
    let to = match preset {
        "" | "to-date" => today.min(Day::from_ymd(year, 9, 30)?),
        "3m" => end_of(year - 1, 12)?,
        "6m" => end_of(year, 3)?,
        "10m" => end_of(year, 7)?,
        "12m" => end_of(year, 9)?,
        month => {
            let m: i8 = month.strip_prefix("month-")?.parse().ok()?;
            match m {
                10..=12 => end_of(year - 1, m)?,
                1..=9 => end_of(year, m)?,
                _ => return None,
            }
        }
    };
    Some((from, to))
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    c: Chrome,
    choice: ReportChoice,
    year: i16,
    presets: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    categories: Vec<(&'static str, String)>,
    tables: Option<Tables>,
    error: Option<String>,
    query: String,
    /// Whether the account closes periods (the link to the closing page).
    closes: bool,
    /// The modes and kinds of judgment to filter by: journal name, name.
    modes: Vec<(&'static str, String)>,
    judgment_kinds: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "report_tables.html")]
struct PrintPage {
    c: Chrome,
    tables: Tables,
}

/// The two forms as tables.
pub(crate) struct Tables {
    pub(crate) title: String,
    pub(crate) scope: String,
    pub(crate) period: String,
    pub(crate) category: Option<String>,
    pub(crate) cases: Table,
    pub(crate) money: Table,
    /// The lines of the journal's second version, when a case is on them.
    pub(crate) notes: Vec<String>,
    /// That the figures are closed: through when, when and by whom.
    pub(crate) closed: Option<String>,
    /// Where the closed report stands with the procuracy.
    pub(crate) cosigning: Option<String>,
    /// The forms' titles: 1 and 2, or 4 and 5 by executor.
    pub(crate) form_titles: (String, String),
}

pub(crate) struct Table {
    /// The heading of the rows: the agency, or the executor.
    pub(crate) heading: String,
    /// Column numbers and headings.
    pub(crate) columns: Vec<(u8, String)>,
    /// A row per agency, then the total.
    pub(crate) rows: Vec<(String, Vec<String>)>,
    pub(crate) total: Vec<String>,
}

impl Table {
    fn of(lang: Lang, report: &PeriodReport, money: bool) -> Table {
        let lines: Vec<Line> = if money {
            Line::ALL.to_vec()
        } else {
            Line::of_cases().collect()
        };
        let mut columns: Vec<(u8, String)> = lines
            .iter()
            .map(|l| (l.number(), lang.say(&(*l).into())))
            .collect();
        columns.push((15, lang.t("line-rate")));
        let cells = |tally: &Tally| -> Vec<String> {
            let mut cells: Vec<String> = lines.iter().map(|l| lang.count(tally.line(*l))).collect();
            cells.push(lang.rate(tally.rate()));
            cells
        };
        let pick = |r: &Report| if money { r.money } else { r.cases };
        Table {
            heading: lang.t(match report.request.by {
                Some(Dimension::Mode) => "report-rows-mode",
                Some(Dimension::JudgmentKind) => "report-rows-judgment-kind",
                Some(Dimension::BudgetItem) => "report-rows-budget-item",
                None if report.request.by_executor => "report-rows-executor",
                None => "agency",
            }),
            columns,
            rows: if report.request.by.is_some() {
                report
                    .parts
                    .iter()
                    .map(|(part, r)| (lang.say(&part.name()), cells(&pick(r))))
                    .collect()
            } else if report.request.by_executor {
                report
                    .executors
                    .iter()
                    .map(|(e, r)| (render::executor_label(e.as_ref()), cells(&pick(r))))
                    .collect()
            } else {
                report
                    .rows
                    .iter()
                    .map(|(agency, r)| (agency.name.clone(), cells(&pick(r))))
                    .collect()
            },
            total: cells(&pick(&report.total)),
        }
    }
}

/// The report page, its print version and its downloads (CSV, JSON and
/// the official workbook), all from the request's one view.
impl ReportChoice {
    /// The statistical year chosen (by the year it ends), or today's.
    fn year(&self, today: Day) -> i16 {
        self.year
            .parse()
            .unwrap_or_else(|_| today.statistical_year().1.year())
    }

    /// The report asked for; `Err` with the key of what is wrong with the
    /// dates typed; `None` for a preset that does not exist.
    fn request(&self, today: Day) -> Result<Option<ReportRequest>, &'static str> {
        let dates = if self.period == "custom" {
            match (crate::parse_day(&self.from), crate::parse_day(&self.to)) {
                (Some(from), Some(to)) => Some((from, to)),
                _ => return Err("field-bad-date"),
            }
        } else {
            period(self.year(today), &self.period, today)
        };
        Ok(dates.map(|(from, to)| ReportRequest {
            agency: AgencyCode::parse(&self.agency).ok(),
            category: Category::parse(&self.category),
            by_agency: true,
            // The official workbook holds every category, and forms 4
            // and 5 by executor.
            by_category: self.format == "xlsx",
            by_executor: self.rows == "executor" || self.format == "xlsx",
            by: match self.rows.as_str() {
                "mode" => Some(Dimension::Mode),
                "judgment_kind" => Some(Dimension::JudgmentKind),
                "budget_item" => Some(Dimension::BudgetItem),
                _ => None,
            },
            mode: thads_core::Mode::parse(&self.mode),
            judgment_kind: thads_core::JudgmentKind::parse(&self.judgment),
            ..ReportRequest::period(from, to)
        }))
    }

    /// The choices as a query string, for the download and print links.
    fn query(&self, year: i16) -> String {
        let mut query = format!(
            "year={year}&period={}&agency={}&category={}&rows={}&mode={}&judgment={}",
            crate::percent_encode(&self.period),
            crate::percent_encode(&self.agency),
            crate::percent_encode(&self.category),
            crate::percent_encode(&self.rows),
            crate::percent_encode(&self.mode),
            crate::percent_encode(&self.judgment)
        );
        if self.period == "custom" {
            let _ = write!(
                query,
                "&from={}&to={}",
                crate::percent_encode(&self.from),
                crate::percent_encode(&self.to)
            );
        }
        query
    }
}

/// The periods the form offers: to date, each month, 3, 6, 10 and 12
/// months, or chosen dates.
fn presets(lang: Lang) -> Vec<(String, String)> {
    let mut presets = vec![("to-date".to_owned(), lang.t("period-to-date"))];
    for m in [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9] {
        presets.push((
            format!("month-{m}"),
            lang.tr("period-month", &[("month", m.to_string())]),
        ));
    }
    for n in [3, 6, 10, 12] {
        presets.push((
            format!("{n}m"),
            lang.tr("period-months", &[("months", n.to_string())]),
        ));
    }
    presets.push(("custom".to_owned(), lang.t("period-custom")));
    presets
}

impl Tables {
    /// The two forms of a report, with their title, scope and period.
    pub(crate) fn of(lang: Lang, report: &PeriodReport) -> Tables {
        let request = &report.request;
        Tables {
            title: lang.t("report-title"),
            scope: report
                .scope
                .as_ref()
                .map_or_else(|| lang.t("scope-national"), |a| a.name.clone()),
            period: lang.tr(
                "report-period",
                &[
                    ("from", lang.date(request.from)),
                    ("to", lang.date(request.to)),
                ],
            ),
            category: request.category.map(|c| lang.say(&c.into())),
            cases: Table::of(lang, report, false),
            money: Table::of(lang, report, true),
            notes: Tables::notes(lang, &report.total),
            form_titles: if request.by_executor {
                (lang.t("form-cases-executor"), lang.t("form-money-executor"))
            } else {
                (lang.t("form-cases"), lang.t("form-money"))
            },
            closed: report
                .closed
                .as_ref()
                .map(|close| render::closed_line(lang, close)),
            cosigning: report
                .cosigning
                .as_ref()
                .map(|cosigning| render::cosigning_line(lang, cosigning)),
        }
    }

    /// Returned requests (which leave the count as entrustments do) and the
    /// separate register (of the cases not enforceable), said under the forms.
    fn notes(lang: Lang, total: &Report) -> Vec<String> {
        [
            (
                "report-note-returned",
                total.cases.returned,
                total.money.returned,
            ),
            (
                "report-note-apart",
                total.cases.registered_apart,
                total.money.registered_apart,
            ),
        ]
        .into_iter()
        .filter(|(_, cases, _)| *cases != 0)
        .map(|(key, cases, money)| {
            lang.tr(
                key,
                &[
                    ("cases", lang.count(cases)),
                    ("money", lang.billions(money)),
                ],
            )
        })
        .collect()
    }
}

/// The report as a file in `format` (csv, json, xlsx), if it is one.
/// The workbook ends with Forms 6 (exemption and reduction) and 7
/// (security measures and coercion) of the same period and scope.
async fn report_file(
    app: &App,
    actor: &thads_service::Actor,
    report: &PeriodReport,
    format: &str,
) -> Result<Option<Response>, PageError> {
    let body = match format {
        "csv" => ("csv", render::csv(report).into_bytes()),
        "json" => ("json", render::json(report).into_bytes()),
        "xlsx" => {
            let request = &report.request;
            let form6 = app
                .thads
                .form6(actor, request.agency.as_ref(), request.from, request.to)
                .await?;
            let form7 = app
                .thads
                .form7(actor, request.agency.as_ref(), request.from, request.to)
                .await?;
            let annexes = render::Annexes {
                form6: Some(&form6),
                form7: Some(&form7),
            };
            let bytes = render::xlsx_with(report, annexes).map_err(PageError::internal)?;
            ("xlsx", bytes)
        }
        _ => return Ok(None),
    };
    let request = &report.request;
    let scope = request.agency.as_ref().map_or("all", AgencyCode::as_str);
    let name = format!("thads-{scope}-{}-{}", request.from, request.to);
    Ok(Some(download(&name, body.0, body.1)))
}

/// The report page, its print version and its downloads (CSV, JSON and
/// the official workbook), all from the request's one view.
pub(crate) async fn reports(
    State(app): State<App>,
    reading: Reading,
    Query(choice): Query<ReportChoice>,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let today = thads_service::today_in_vietnam();
    let year = choice.year(today);
    let (mut report, mut error) = (None, None);
    match choice.request(today) {
        Ok(None) => {}
        Ok(Some(request)) => match thads_service::period_report(view.snapshot(), &actor, request) {
            Ok(made) => report = Some(made),
            Err(ReportError::EmptyPeriod { .. }) => error = Some(lang.t("report-empty-period")),
            Err(e) => return Err(e.into()),
        },
        Err(key) => error = Some(lang.t(key)),
    }
    if let Some(report) = &report
        && let Some(file) = report_file(&app, &actor, report, &choice.format).await?
    {
        return Ok(file);
    }
    let tables = report.as_ref().map(|r| Tables::of(lang, r));
    if choice.format == "print"
        && let Some(tables) = tables
    {
        return Ok(page(&PrintPage { c: chrome, tables }));
    }
    let visible = thads_service::report_agencies(view.snapshot(), &actor)?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    Ok(page_with(
        crate::form_status(error.is_some()),
        &ReportsPage {
            c: chrome,
            query: choice.query(year),
            choice,
            year,
            presets: presets(lang),
            agencies: visible,
            categories: Category::ALL
                .iter()
                .map(|c| (c.as_str(), lang.say(&(*c).into())))
                .collect(),
            tables,
            error,
            closes: actor.closes_periods(),
            modes: thads_core::Mode::ALL
                .iter()
                .map(|m| (m.as_str(), lang.say(&(*m).into())))
                .collect(),
            judgment_kinds: thads_core::JudgmentKind::ALL
                .iter()
                .map(|k| (k.as_str(), lang.say(&(*k).into())))
                .collect(),
        },
    ))
}

/// The cumulative rates month by month, as an SVG drawn here: a few lines
/// and labels need no charting library, and it prints and scales.
pub(crate) struct Chart {
    pub(crate) svg: String,
}

impl Chart {
    pub(crate) fn of_months(lang: Lang, months: &[MonthRates], target: Option<&Target>) -> Chart {
        const W: i64 = 640;
        const H: i64 = 240;
        const LEFT: i64 = 44;
        const TOP: i64 = 12;
        const BOTTOM: i64 = 28;
        let plot_w = W - LEFT - 12;
        let plot_h = H - TOP - BOTTOM;
        // Twelve months from October.
        let x = |i: usize| LEFT + plot_w * i as i64 / 11;
        let y = |rate: u32| TOP + plot_h - plot_h * i64::from(rate.min(10_000)) / 10_000;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
            lang.t("chart-label")
        );
        for pct in [0u32, 25, 50, 75, 100] {
            let yy = y(pct * 100);
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{LEFT}" y1="{yy}" x2="{}" y2="{yy}"/><text class="axis" x="{}" y="{}" text-anchor="end">{pct}%</text>"#,
                W - 12,
                LEFT - 6,
                yy + 4
            );
        }
        for (i, m) in [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9].iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                x(i),
                H - 8,
                lang.tr("chart-month", &[("month", m.to_string())])
            );
        }
        let mut series =
            |class: &str, rate: &dyn Fn(&MonthRates) -> Option<Rate>, goal: Option<Rate>| {
                if let Some(goal) = goal {
                    let yy = y(goal.0);
                    let _ = write!(
                        svg,
                        r#"<line class="target {class}" x1="{LEFT}" y1="{yy}" x2="{}" y2="{yy}"/>"#,
                        W - 12
                    );
                }
                let points: Vec<String> = months
                    .iter()
                    .enumerate()
                    .filter_map(|(i, m)| rate(m).map(|r| format!("{},{}", x(i), y(r.0))))
                    .collect();
                let _ = write!(
                    svg,
                    r#"<polyline class="{class}" points="{}"/>"#,
                    points.join(" ")
                );
            };
        series("cases", &|m| m.cases, target.map(|t| t.cases));
        series("money", &|m| m.money, target.map(|t| t.money));
        svg.push_str("</svg>");
        Chart { svg }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_cover_the_statistical_year() {
        let day = |s: &str| s.parse::<Day>().unwrap();
        let today = day("2026-11-23");
        let check = |preset: &str, expected: Option<(&str, &str)>| {
            assert_eq!(
                period(2026, preset, today),
                expected.map(|(f, t)| (day(f), day(t))),
                "{preset}"
            );
        };
        check("month-10", Some(("2025-10-01", "2025-10-31")));
        check("month-2", Some(("2025-10-01", "2026-02-28")));
        check("3m", Some(("2025-10-01", "2025-12-31")));
        check("6m", Some(("2025-10-01", "2026-03-31")));
        check("10m", Some(("2025-10-01", "2026-07-31")));
        check("12m", Some(("2025-10-01", "2026-09-30")));
        // A past year's "to date" is the whole year.
        check("to-date", Some(("2025-10-01", "2026-09-30")));
        assert_eq!(period(2027, "", today), Some((day("2026-10-01"), today)));
        check("month-13", None);
        check("nonsense", None);
    }
}

/// The public list's choices, as the form sends them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct DebtorsChoice {
    agency: String,
    as_of: String,
    format: String,
}

#[derive(Template)]
#[template(path = "debtors.html")]
struct DebtorsPage {
    c: Chrome,
    agency: String,
    as_of: String,
    error: Option<String>,
    agencies: Vec<(String, String)>,
    list: Option<DebtorList>,
    query: String,
}

impl DebtorsPage {
    fn count_text(&self, list: &DebtorList) -> String {
        let lang = self.c.lang;
        let args = [
            ("count", lang.count(list.debtors.len() as i128)),
            ("scope", list.scope.clone()),
            ("day", lang.date(list.as_of)),
        ];
        lang.tr("debtors-count", &args)
    }
}

/// The public list of debtors without means: a page showing it, and its
/// CSV and Excel files.
pub(crate) async fn debtors(
    State(app): State<App>,
    reading: Reading,
    Query(choice): Query<DebtorsChoice>,
) -> Result<Response, PageError> {
    let (actor, chrome, view) = reading.into_parts();
    let lang = chrome.lang;
    let agencies = view.agencies();
    let choices = crate::agency_choices(agencies, |a| actor.sees_cases_of(agencies, a));
    let typed = (!choice.as_of.trim().is_empty()).then(|| crate::parse_day(&choice.as_of));
    let (as_of, error) = match typed {
        None => (Some(thads_service::today_in_vietnam()), None),
        Some(Some(day)) => (Some(day), None),
        Some(None) => (None, Some(lang.t("field-bad-date"))),
    };
    let agency = AgencyCode::parse(&choice.agency).ok();
    let list = match as_of {
        None => None,
        Some(as_of) => Some(
            app.thads
                .debtors_without_means(view.snapshot(), &actor, agency.as_ref(), as_of)
                .await?,
        ),
    };
    if let Some(list) = &list {
        let name = format!("danh-sach-chua-co-dieu-kien-{}", list.as_of);
        let file = match choice.format.as_str() {
            "csv" => Some(("csv", render::debtors_csv(list).into_bytes())),
            "xlsx" => Some((
                "xlsx",
                render::debtors_xlsx(list).map_err(PageError::internal)?,
            )),
            _ => None,
        };
        if let Some((extension, body)) = file {
            return Ok(download(&name, extension, body));
        }
    }
    let as_of_text = as_of.map_or_else(|| choice.as_of.clone(), |d| lang.date(d));
    let query = format!(
        "agency={}&as_of={}",
        crate::percent_encode(&choice.agency),
        crate::percent_encode(&as_of_text)
    );
    let status = crate::form_status(error.is_some());
    Ok(page_with(
        status,
        &DebtorsPage {
            c: chrome,
            agency: choice.agency,
            as_of: as_of_text,
            error,
            agencies: choices,
            list,
            query,
        },
    ))
}
