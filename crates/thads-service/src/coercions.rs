//! Decisions to coerce (quyết định cưỡng chế): planned against the
//! blackout on the working-day calendar, opening the police's protection
//! request when forces are mobilised, all in one write; and Form 7, the
//! security measures and coercions of a period and their results.

use thads_core::agency::AgencyIndex;
use thads_core::asset::{Action, Fact};
use thads_core::coercion::{Blackout, BlackoutRules, Coercion, CoercionKind, Planned};
use thads_core::coordination::{Code, Fact as CoordinationFact, PartnerKind, Request};
use thads_core::text::Text;
use thads_core::{CaseCode, Day};

use crate::coordination::CoordinationError;
use crate::{Actor, Thads};

/// The kind of request that asks the police to protect a coercion.
pub const POLICE_PROTECTION: &str = "police_protection";

/// A decision to coerce as a form gives it; thads gives its code.
#[derive(Debug, Clone)]
pub struct NewCoercion {
    /// The case.
    pub case: CaseCode,
    /// The day of the decision.
    pub on: Day,
    /// What it coerces.
    pub kind: CoercionKind,
    /// The asset it bears on, if any.
    pub asset: Option<Code>,
    /// For a wage deduction, the share in percent.
    pub percent: Option<u32>,
    /// Whether the parties agreed to that share.
    pub agreed: bool,
    /// When it is to be carried out.
    pub at: Option<Planned>,
    /// Whether it mobilises forces.
    pub forces: bool,
    /// The police asked to protect it (needed when forces are mobilised).
    pub police: Option<Code>,
}

/// A decision recorded: its code, and the police's request it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The decision's code (`AGENCY/CC/YEAR/N`).
    pub code: Code,
    /// The request to the police, if forces are mobilised.
    pub request: Option<Code>,
}

/// A planned time the Vietnamese way: `08:00 ngày 03/12/2026`.
pub fn vi_time(at: Planned) -> String {
    format!(
        "{:02}:{:02} ngày {}",
        at.hour,
        at.minute,
        crate::render::vi_date(at.day)
    )
}

/// Why a coercion may not be carried out at its planned time, in words
/// (`None`: it may).
pub fn blackout_text(
    calendar: &thads_core::calendar::Calendar,
    at: Planned,
    forces: bool,
) -> Option<Text> {
    let rules = BlackoutRules::shipped();
    let Some((rule, why)) = rules.check(calendar, at.day, (at.hour, at.minute), forces) else {
        return Some(Text::new("coercion-no-rule").with("on", at.day));
    };
    if why.is_empty() {
        return None;
    }
    let reasons: Vec<String> = why
        .iter()
        .map(|b| {
            thads_core::text::Lang::Vi.say(&match b {
                Blackout::Night => Text::new("blackout-night")
                    .with("from", u64::from(rule.night_from))
                    .with("to", u64::from(rule.night_to)),
                Blackout::DayOff => Text::new("blackout-day-off"),
                Blackout::Tet(tet) => Text::new("blackout-tet")
                    .with("days", u64::from(rule.tet_days.unwrap_or_default()))
                    .with("tet", *tet),
            })
        })
        .collect();
    Some(
        Text::new("coercion-blackout")
            .with("at", vi_time(at))
            .with("reasons", reasons.join("; "))
            // The article, without its words the page has just said.
            .with("law", rule.law.split(':').next().unwrap_or_default().trim()),
    )
}

impl Thads {
    /// Records a decision to coerce on a case the actor writes, coded
    /// `AGENCY/CC/YEAR/N`. A planned time in the blackout is refused;
    /// with forces mobilised, the police partner is asked to protect it
    /// by a request opened in the same write.
    pub async fn decide_coercion(
        &self,
        actor: &Actor,
        new: NewCoercion,
    ) -> Result<Decided, CoordinationError> {
        actor.may_write_cases()?;
        let calendar = self.calendar().await?;
        if let Some(at) = new.at
            && let Some(why) = blackout_text(&calendar, at, new.forces)
        {
            return Err(CoordinationError::Invalid(why));
        }
        if new.forces && new.police.is_none() {
            return Err(CoordinationError::Invalid(Text::new(
                "coercion-needs-police",
            )));
        }
        let mut writer = self.writer().await?;
        let (agency, ids) = crate::assets::written_case(&mut writer, actor, &new.case).await?;
        let coordination = &writer.snapshot().coordination;
        let code = Code::next_in(
            &format!("{agency}/CC/{}/", new.on.year()),
            coordination.assets().coercions().iter().map(|c| &c.code),
        );
        let coercion = Coercion {
            code: code.clone(),
            agency: agency.clone(),
            case: new.case.clone(),
            on: new.on,
            kind: new.kind,
            asset: new.asset,
            percent: new.percent,
            agreed: new.agreed,
            at: new.at,
            forces: new.forces,
        };
        let mut facts = vec![CoordinationFact::Asset(Fact::Coercion(coercion))];
        let mut request = None;
        if let Some(police) = new.police.filter(|_| new.forces) {
            let is_police = coordination.partner(&police).is_some_and(|p| {
                matches!(
                    p.kind,
                    PartnerKind::PoliceCommune | PartnerKind::PoliceProvince
                )
            });
            if !is_police {
                return Err(CoordinationError::Invalid(
                    Text::new("coercion-not-police").with("partner", &police),
                ));
            }
            let id = coordination.next_request_code(&agency, new.on.year());
            let text = thads_core::text::Lang::Vi.say(
                &Text::new("coercion-police-text")
                    .with("coercion", &code)
                    .with("at", new.at.map(vi_time).unwrap_or_default()),
            );
            facts.push(CoordinationFact::Request(Request {
                id: id.clone(),
                agency,
                partner: police,
                kind: POLICE_PROTECTION.to_owned(),
                on: new.on,
                case: Some(new.case),
                real_estate: false,
                complex: false,
                text,
                attachments: Vec::new(),
                report: None,
            }));
            request = Some(id);
        }
        let subject = code.to_string();
        self.append_facts(writer, actor, "coercion", &subject, facts, Some(&ids))
            .await?;
        Ok(Decided { code, request })
    }
}

/// The decisions to coerce of a case, in the journal's order.
pub fn coercions_of<'a>(
    coordination: &'a thads_core::coordination::Coordination,
    case: &'a CaseCode,
) -> impl Iterator<Item = &'a Coercion> {
    coordination
        .assets()
        .coercions()
        .iter()
        .filter(move |c| &c.case == case)
}

/// One row of Form 7: an agency's figures (or the total).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Form7Row {
    /// The agency's code (`None`: the total).
    pub agency: Option<String>,
    /// Its name.
    pub name: String,
    /// Security measures applied in the period.
    pub measures_applied: u64,
    /// …and lifted.
    pub measures_lifted: u64,
    /// Decisions to coerce of the period.
    pub coercions: u64,
    /// …of each kind, in the order of [`CoercionKind::ALL`].
    pub account_deduction: u64,
    /// Wage deductions.
    pub wage_deduction: u64,
    /// Seizures.
    pub seizure: u64,
    /// Exploitation of an asset.
    pub exploitation: u64,
    /// Hand-overs compelled.
    pub hand_over: u64,
    /// Acts compelled.
    pub compel_act: u64,
    /// Decisions that mobilise forces.
    pub with_forces: u64,
    /// Assets seized in the period…
    pub seized: u64,
    /// …at their estimated value.
    pub seized_value: i64,
    /// Assets sold in the period…
    pub sold: u64,
    /// …for this money.
    pub sold_money: i64,
    /// Assets handed to the creditor against the debt.
    pub handed_over: u64,
    /// Seizures released.
    pub released: u64,
}

impl Form7Row {
    fn add(&mut self, o: &Form7Row) {
        self.measures_applied += o.measures_applied;
        self.measures_lifted += o.measures_lifted;
        self.coercions += o.coercions;
        self.account_deduction += o.account_deduction;
        self.wage_deduction += o.wage_deduction;
        self.seizure += o.seizure;
        self.exploitation += o.exploitation;
        self.hand_over += o.hand_over;
        self.compel_act += o.compel_act;
        self.with_forces += o.with_forces;
        self.seized += o.seized;
        self.seized_value += o.seized_value;
        self.sold += o.sold;
        self.sold_money += o.sold_money;
        self.handed_over += o.handed_over;
        self.released += o.released;
    }

    fn count_kind(&mut self, kind: CoercionKind) {
        *match kind {
            CoercionKind::AccountDeduction => &mut self.account_deduction,
            CoercionKind::WageDeduction => &mut self.wage_deduction,
            CoercionKind::Seizure => &mut self.seizure,
            CoercionKind::Exploitation => &mut self.exploitation,
            CoercionKind::HandOver => &mut self.hand_over,
            CoercionKind::CompelAct => &mut self.compel_act,
        } += 1;
    }
}

/// The fields of Form 7, in the form's order: the name the layout's
/// columns give each, its heading, and how a row reads it.
pub const FORM7_FIELDS: [crate::render::FormField<Form7Row>; 16] = [
    (
        "measures_applied",
        "Số lượt áp dụng biện pháp bảo đảm",
        |r| r.measures_applied as i64,
    ),
    (
        "measures_lifted",
        "Số lượt chấm dứt biện pháp bảo đảm",
        |r| r.measures_lifted as i64,
    ),
    ("coercions", "Số quyết định cưỡng chế", |r| {
        r.coercions as i64
    }),
    (
        "account_deduction",
        "Khấu trừ tiền trong tài khoản",
        |r| r.account_deduction as i64,
    ),
    ("wage_deduction", "Trừ vào thu nhập", |r| {
        r.wage_deduction as i64
    }),
    ("seizure", "Kê biên, xử lý tài sản", |r| {
        r.seizure as i64
    }),
    ("exploitation", "Khai thác tài sản", |r| {
        r.exploitation as i64
    }),
    (
        "hand_over",
        "Buộc chuyển giao vật, giấy tờ",
        |r| r.hand_over as i64,
    ),
    ("compel_act", "Buộc thực hiện công việc", |r| {
        r.compel_act as i64
    }),
    ("with_forces", "Có huy động lực lượng", |r| {
        r.with_forces as i64
    }),
    ("seized", "Số tài sản kê biên", |r| r.seized as i64),
    (
        "seized_value",
        "Giá trị tài sản kê biên (đồng)",
        |r| r.seized_value,
    ),
    ("sold", "Số tài sản đã bán", |r| r.sold as i64),
    ("sold_money", "Số tiền bán tài sản (đồng)", |r| {
        r.sold_money
    }),
    (
        "handed_over",
        "Số tài sản giao người được thi hành án",
        |r| r.handed_over as i64,
    ),
    ("released", "Số tài sản giải tỏa kê biên", |r| {
        r.released as i64
    }),
];

/// Form 7: security measures and coercion, and their results, for a
/// period and a scope.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Form7 {
    /// The first day of the period.
    pub from: Day,
    /// The last day.
    pub to: Day,
    /// The scope's agency (`None`: the country).
    pub agency: Option<String>,
    /// One row per agency of the scope that has any figure.
    pub rows: Vec<Form7Row>,
    /// The total.
    pub total: Form7Row,
}

impl Thads {
    /// Form 7 for the period `from`–`to` and the actor's scope (or
    /// `agency`'s): the facts of the period, each counted on the agency of
    /// its case; one row per agency with any figure, then the total.
    pub async fn form7(
        &self,
        actor: &Actor,
        agency: Option<&thads_core::AgencyCode>,
        from: Day,
        to: Day,
    ) -> Result<Form7, CoordinationError> {
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let tree = &snapshot.agencies;
        let top = crate::exemption::form_scope(tree, actor, agency)?;
        Ok(form7_of(tree, &snapshot.coordination, top, from, to))
    }
}

/// Form 7 of the facts of `coordination`, for the period and the subtree
/// of `top` (`None`: every agency).
pub fn form7_of(
    tree: &thads_core::AgencyTree,
    coordination: &thads_core::coordination::Coordination,
    top: Option<AgencyIndex>,
    from: Day,
    to: Day,
) -> Form7 {
    let mut rows: Vec<Form7Row> = vec![Form7Row::default(); tree.len()];
    let period = from..=to;
    let row_of = |agency: &thads_core::AgencyCode| {
        tree.index(agency)
            .filter(|a| top.is_none_or(|top| tree.is_within(*a, top)))
            .map(|a| a as usize)
    };
    let assets = coordination.assets();
    for c in assets.coercions().iter().filter(|c| period.contains(&c.on)) {
        let Some(i) = row_of(&c.agency) else { continue };
        let row = &mut rows[i];
        row.coercions += 1;
        row.count_kind(c.kind);
        row.with_forces += u64::from(c.forces);
    }
    for held in assets.iter() {
        let Some(i) = row_of(&held.asset.agency) else {
            continue;
        };
        let row = &mut rows[i];
        for step in held.steps.iter().filter(|s| period.contains(&s.on)) {
            match step.action {
                Action::MeasureApplied => row.measures_applied += 1,
                Action::MeasureLifted => row.measures_lifted += 1,
                Action::Seized => {
                    row.seized += 1;
                    row.seized_value += held.asset.value.get();
                }
                Action::Sold => {
                    row.sold += 1;
                    row.sold_money += step.amount.map_or(0, |a| a.get());
                }
                Action::HandedOver => row.handed_over += 1,
                Action::Released => row.released += 1,
                Action::Valued | Action::AuctionRound => {}
            }
        }
    }
    let mut total = Form7Row {
        name: top.map_or_else(|| "Toàn quốc".to_owned(), |t| tree.get(t).name.clone()),
        agency: top.map(|t| tree.get(t).code.to_string()),
        ..Form7Row::default()
    };
    let mut listed = Vec::new();
    for (index, mut row) in rows.into_iter().enumerate() {
        if row == Form7Row::default() {
            continue;
        }
        let agency = tree.get(index as AgencyIndex);
        row.agency = Some(agency.code.to_string());
        row.name = agency.name.clone();
        total.add(&row);
        listed.push(row);
    }
    Form7 {
        from,
        to,
        agency: top.map(|t| tree.get(t).code.to_string()),
        rows: listed,
        total,
    }
}
