//! A debtor's assets on a case and what becomes of them (domain.md §2.9–
//! 2.11): found with a kind, an estimated value and any mortgage; measures
//! applied and lifted; seized, valued, put to auction round after round,
//! sold, handed to the creditor, or released. Folded from the journal's
//! `asset` and `asset_step` lines, kept with the facts of coordination.
//!
//! The rules that span the steps are checked here: a step follows the
//! asset's finding and the step before it, nothing follows a sale, a
//! hand-over or a release; a mortgaged asset is seized only while its value
//! exceeds the secured debt; each auction round's starting price is at
//! most the rules' percentage below the round before it; the creditor
//! takes the asset only after the rules' number of reductions. The figures
//! come from `rules/assets.toml`, by the law in force on the step's day.
//!
//! The decisions to coerce (`coercion` lines) are kept beside them: one
//! bears on an asset of its own case, a wage deduction takes at most the
//! share of `rules/coercion.toml` unless the parties agreed, and a coercion
//! is planned on or after its decision. Whether the planned time falls in
//! the blackout is checked when it is planned, on the calendar of that day
//! ([`crate::coercion::BlackoutRules`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::agency::AgencyTree;
use crate::coercion::{Coercion, CoercionKind, DeductionRules};
use crate::coordination::Code;
use crate::rules_file::{self, RulesError};
use crate::text::Text;
use crate::{AgencyCode, CaseCode, Day, Vnd};

/// What an asset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetKind {
    /// Quyền sử dụng đất: a land-use right (certificate, parcel, map sheet,
    /// area, address).
    LandUseRight,
    /// A house or other building.
    House,
    /// A vehicle (plate).
    Vehicle,
    /// A bank account.
    Account,
    /// Shares, bonds and other securities.
    Securities,
    /// Other movables.
    Movable,
}

impl AssetKind {
    /// Every kind, in the register's order.
    pub const ALL: [AssetKind; 6] = [
        AssetKind::LandUseRight,
        AssetKind::House,
        AssetKind::Vehicle,
        AssetKind::Account,
        AssetKind::Securities,
        AssetKind::Movable,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            AssetKind::LandUseRight => "land_use_right",
            AssetKind::House => "house",
            AssetKind::Vehicle => "vehicle",
            AssetKind::Account => "account",
            AssetKind::Securities => "securities",
            AssetKind::Movable => "movable",
        }
    }

    /// The kind of a journal name.
    pub fn parse(s: &str) -> Option<AssetKind> {
        AssetKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The details an asset may state, besides its description: the land
/// register's and the vehicle register's identifiers, the bank's.
pub const DETAILS: [&str; 8] = [
    "certificate",
    "parcel",
    "map_sheet",
    "area_m2",
    "address",
    "plate",
    "bank",
    "account",
];

/// A mortgage on an asset: a credit institution's secured debt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mortgage {
    /// The mortgagee.
    pub to: String,
    /// The secured amount.
    pub amount: Vnd,
}

/// An asset as found (`asset` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its code, unique in the journal.
    pub code: Code,
    /// The agency enforcing the case.
    pub agency: AgencyCode,
    /// The case whose debtor owns it.
    pub case: CaseCode,
    /// The day it was found (verification).
    pub on: Day,
    /// What it is.
    pub kind: AssetKind,
    /// What it is, in words.
    pub description: String,
    /// Its estimated value.
    pub value: Vnd,
    /// Its mortgage, if any.
    pub mortgage: Option<Mortgage>,
    /// Its identifiers ([`DETAILS`]), by name.
    pub details: BTreeMap<String, String>,
    /// Whether it is perishable (fresh goods, goods near their use-by
    /// date, seasonal goods): sold without auction whatever its value.
    pub perishable: bool,
}

/// A security measure on an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Phong tỏa tài khoản.
    FreezeAccount,
    /// Tạm dừng việc chuyển dịch, thay đổi hiện trạng, đăng ký.
    BlockTransfer,
    /// Tạm hoãn xuất cảnh (the debtor's, recorded on the asset it secures).
    ExitBan,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 3] = [
        Measure::FreezeAccount,
        Measure::BlockTransfer,
        Measure::ExitBan,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::FreezeAccount => "freeze_account",
            Measure::BlockTransfer => "block_transfer",
            Measure::ExitBan => "exit_ban",
        }
    }

    /// The measure of a journal name.
    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What a step does to an asset (`asset_step.action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A measure applied (`measure` says which).
    MeasureApplied,
    /// A measure lifted.
    MeasureLifted,
    /// Kê biên: seized.
    Seized,
    /// Valued (`amount`: the price fixed).
    Valued,
    /// Put to auction (`amount`: the round's starting price).
    AuctionRound,
    /// Sold (`amount`: the price).
    Sold,
    /// Handed to the creditor against the debt.
    HandedOver,
    /// Released (giải tỏa): back to the debtor.
    Released,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::MeasureApplied,
        Action::MeasureLifted,
        Action::Seized,
        Action::Valued,
        Action::AuctionRound,
        Action::Sold,
        Action::HandedOver,
        Action::Released,
    ];

    /// The name in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::MeasureApplied => "measure_applied",
            Action::MeasureLifted => "measure_lifted",
            Action::Seized => "seized",
            Action::Valued => "valued",
            Action::AuctionRound => "auction_round",
            Action::Sold => "sold",
            Action::HandedOver => "handed_over",
            Action::Released => "released",
        }
    }

    /// The action of a journal name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the step carries an amount (a price).
    pub fn has_amount(self) -> bool {
        matches!(self, Action::Valued | Action::AuctionRound | Action::Sold)
    }

    /// Whether the step names a measure.
    pub fn has_measure(self) -> bool {
        matches!(self, Action::MeasureApplied | Action::MeasureLifted)
    }

    /// Whether nothing may follow it.
    fn is_final(self) -> bool {
        matches!(self, Action::Sold | Action::HandedOver | Action::Released)
    }
}

/// A step of an asset (`asset_step` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The asset.
    pub asset: Code,
    /// The day.
    pub on: Day,
    /// What was done.
    pub action: Action,
    /// The price, for a valuation, an auction round or a sale.
    pub amount: Option<Vnd>,
    /// The measure, for a measure applied or lifted.
    pub measure: Option<Measure>,
    /// For a sale: bought by a co-owner or the holder of a right of first
    /// purchase, at the starting price, without auction.
    pub co_owner: bool,
}

/// A fact about assets and the measures that bear on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// An asset found.
    Found(Asset),
    /// A step of an asset.
    Step(Step),
    /// A decision to coerce.
    Coercion(Coercion),
}

impl Fact {
    /// The line's type in the journal.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Found(_) => "asset",
            Fact::Step(_) => "asset_step",
            Fact::Coercion(_) => "coercion",
        }
    }

    /// The code of what it is about: the asset, or the decision to coerce.
    pub fn code(&self) -> &Code {
        match self {
            Fact::Found(a) => &a.code,
            Fact::Step(s) => &s.asset,
            Fact::Coercion(c) => &c.code,
        }
    }

    /// The same, for a message.
    pub fn subject(&self) -> &str {
        self.code().as_str()
    }

    /// The case it was declared on, for a fact that declares one.
    pub fn declared_case(&self) -> Option<(&AgencyCode, &CaseCode)> {
        match self {
            Fact::Found(a) => Some((&a.agency, &a.case)),
            Fact::Coercion(c) => Some((&c.agency, &c.case)),
            Fact::Step(_) => None,
        }
    }

    /// The texts it holds, named, for the check of control characters.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Fact::Found(a) => {
                let mut texts = vec![("description", a.description.as_str())];
                if let Some(m) = &a.mortgage {
                    texts.push(("mortgage", m.to.as_str()));
                }
                texts.extend(a.details.values().map(|v| ("details", v.as_str())));
                texts
            }
            Fact::Step(_) | Fact::Coercion(_) => Vec::new(),
        }
    }
}

/// Where an asset stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Found, nothing done yet.
    Found,
    /// Under a security measure.
    Secured,
    /// Seized.
    Seized,
    /// Valued.
    Valued,
    /// Put to auction.
    UnderAuction,
    /// Sold.
    Sold,
    /// Handed to the creditor.
    HandedOver,
    /// Released.
    Released,
}

impl State {
    /// The name in the command line's JSON and the page's key.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Found => "found",
            State::Secured => "secured",
            State::Seized => "seized",
            State::Valued => "valued",
            State::UnderAuction => "under_auction",
            State::Sold => "sold",
            State::HandedOver => "handed_over",
            State::Released => "released",
        }
    }
}

/// An asset and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetState {
    /// The asset as found.
    pub asset: Asset,
    /// Where it stands.
    pub state: State,
    /// Its value now: the estimate, then the valuation, the last round's
    /// starting price, the price it was sold at.
    pub value: Vnd,
    /// Its auction rounds: the day and the starting price.
    pub rounds: Vec<(Day, Vnd)>,
    /// Its last valuation's price, and the rounds before it (a
    /// revaluation starts the rounds anew).
    pub valuation: Option<(Vnd, usize)>,
    /// Its revaluations at a party's request.
    pub requested_revaluations: u32,
    /// The measures in force.
    pub measures: Vec<(Measure, Day)>,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

impl AssetState {
    /// The day of its last fact.
    pub fn last_day(&self) -> Day {
        self.steps.last().map_or(self.asset.on, |s| s.on)
    }

    /// Its auction rounds since its last valuation.
    pub fn current_rounds(&self) -> &[(Day, Vnd)] {
        let from = self.valuation.map_or(0, |(_, before)| before);
        &self.rounds[from..]
    }

    /// How many times its starting price was reduced since its last
    /// valuation.
    pub fn reductions(&self) -> usize {
        self.current_rounds().len().saturating_sub(1)
    }

    /// Whether it was seized and not yet sold, handed over or released.
    fn seized(&self) -> bool {
        self.steps.iter().any(|s| s.action == Action::Seized)
    }
}

/// Why an asset's fact is refused. `asset` is the asset's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetError {
    /// An asset code declared twice.
    Duplicate(Code),
    /// A step of an asset never found.
    Unknown(Code),
    /// The agency is not declared.
    UnknownAgency(AgencyCode),
    /// A step dated before the asset's last fact.
    OutOfOrder {
        /// The asset.
        asset: Code,
        /// The step's day.
        on: Day,
        /// The day of the asset's last fact.
        last: Day,
    },
    /// A step after the asset was sold, handed over or released.
    Ended {
        /// The asset.
        asset: Code,
        /// Where it ended.
        state: State,
    },
    /// A step without the amount or measure its action needs, or with one
    /// it does not take.
    Incomplete {
        /// The asset.
        asset: Code,
        /// The step's action.
        action: Action,
    },
    /// A mortgaged asset seized while its value does not exceed the
    /// secured debt.
    Underwater {
        /// The asset.
        asset: Code,
        /// Its value now.
        value: Vnd,
        /// The debt its mortgage secures.
        secured: Vnd,
    },
    /// An auction round or a sale before the asset was valued.
    NotValued(Code),
    /// A seized mortgaged asset's price reduced to its secured debt or
    /// below: the seizure is to be released.
    ToRelease {
        /// The asset.
        asset: Code,
        /// The round's starting price.
        price: Vnd,
        /// The debt its mortgage secures.
        secured: Vnd,
    },
    /// A reduction of more than the rules allow.
    Reduction {
        /// The asset.
        asset: Code,
        /// The round's starting price.
        price: Vnd,
        /// The lowest it may be.
        lowest: Vnd,
        /// The most a reduction may be, in percent.
        percent: u32,
        /// The rule's article.
        law: String,
    },
    /// Handed to the creditor before the reductions the rules require.
    TooEarly {
        /// The asset.
        asset: Code,
        /// The reductions so far.
        reductions: usize,
        /// The reductions required.
        required: u32,
        /// The rule's article.
        law: String,
    },
    /// A measure lifted that is not in force.
    NotInForce {
        /// The asset.
        asset: Code,
        /// The measure.
        measure: Measure,
    },
    /// A step on a day no rule of `rules/assets.toml` covers.
    NoRule(Day),
    /// A decision to coerce that bears on an asset of another case.
    OtherCase {
        /// The decision.
        coercion: Code,
        /// The asset.
        asset: Code,
    },
    /// A wage deduction without its share.
    NoPercent(Code),
    /// A wage deduction of more than the rule allows, the parties not
    /// having agreed to it.
    Deduction {
        /// The decision.
        coercion: Code,
        /// Its share, in percent.
        percent: u32,
        /// The most the rule allows.
        max: u32,
        /// The rule's article.
        law: String,
    },
    /// A share given for a decision that deducts no wage, or of more than
    /// 100%.
    NotAShare(Code),
    /// A coercion planned before its decision.
    PlannedBefore {
        /// The decision.
        coercion: Code,
        /// The day of the decision.
        on: Day,
    },
    /// A valuation again that the rules do not allow: a party's request
    /// once, before the auction, or a change of price by the rules'
    /// percentage or more.
    Revaluation {
        /// The asset.
        asset: Code,
        /// The last valuation's price.
        previous: Vnd,
        /// The new price.
        price: Vnd,
        /// The change of price that allows it, in percent.
        percent: u32,
        /// The rule's article.
        law: String,
    },
    /// A sale without auction of an asset that must be auctioned.
    NeedsAuction {
        /// The asset.
        asset: Code,
        /// Its value.
        value: Vnd,
        /// The most a movable sold without auction may be worth.
        limit: Vnd,
        /// The rule's article.
        law: String,
    },
    /// A sale to a co-owner below the starting price.
    BelowStartingPrice {
        /// The asset.
        asset: Code,
        /// The price.
        price: Vnd,
        /// The starting price.
        starting: Vnd,
    },
}

impl From<&AssetError> for Text {
    fn from(error: &AssetError) -> Text {
        use AssetError as E;
        match error {
            E::Duplicate(code) => Text::new("asset-duplicate").with("asset", code),
            E::Unknown(code) => Text::new("asset-unknown").with("asset", code),
            E::UnknownAgency(code) => Text::new("asset-unknown-agency").with("agency", code),
            E::OutOfOrder { asset, on, last } => Text::new("asset-out-of-order")
                .with("asset", asset)
                .with("on", *on)
                .with("last", *last),
            E::Ended { asset, state } => Text::new("asset-ended").with("asset", asset).with(
                "state",
                Text::new(format!("asset-state-{}", state.as_str())),
            ),
            E::Incomplete { asset, action } => Text::new("asset-incomplete")
                .with("asset", asset)
                .with("action", action.as_str()),
            E::Underwater {
                asset,
                value,
                secured,
            } => Text::new("asset-underwater")
                .with("asset", asset)
                .with("value", *value)
                .with("secured", *secured),
            E::NotValued(asset) => Text::new("asset-not-valued").with("asset", asset),
            E::ToRelease {
                asset,
                price,
                secured,
            } => Text::new("asset-to-release")
                .with("asset", asset)
                .with("price", *price)
                .with("secured", *secured),
            E::Reduction {
                asset,
                price,
                lowest,
                percent,
                law,
            } => Text::new("asset-reduction")
                .with("asset", asset)
                .with("price", *price)
                .with("lowest", *lowest)
                .with("percent", u64::from(*percent))
                .with("law", law.as_str()),
            E::TooEarly {
                asset,
                reductions,
                required,
                law,
            } => Text::new("asset-too-early")
                .with("asset", asset)
                .with("reductions", *reductions)
                .with("required", u64::from(*required))
                .with("law", law.as_str()),
            E::NotInForce { asset, measure } => Text::new("asset-not-in-force")
                .with("asset", asset)
                .with("measure", measure.as_str()),
            E::NoRule(on) => Text::new("asset-no-rule").with("on", *on),
            E::OtherCase { coercion, asset } => Text::new("coercion-other-case")
                .with("coercion", coercion)
                .with("asset", asset),
            E::NoPercent(coercion) => Text::new("coercion-no-percent").with("coercion", coercion),
            E::Deduction {
                coercion,
                percent,
                max,
                law,
            } => Text::new("coercion-deduction")
                .with("coercion", coercion)
                .with("percent", u64::from(*percent))
                .with("max", u64::from(*max))
                .with("law", law.as_str()),
            E::NotAShare(coercion) => Text::new("coercion-not-a-share").with("coercion", coercion),
            E::PlannedBefore { coercion, on } => Text::new("coercion-planned-before")
                .with("coercion", coercion)
                .with("on", *on),
            E::Revaluation {
                asset,
                previous,
                price,
                percent,
                law,
            } => Text::new("asset-revaluation")
                .with("asset", asset)
                .with("previous", *previous)
                .with("price", *price)
                .with("percent", u64::from(*percent))
                .with("law", law.as_str()),
            E::NeedsAuction {
                asset,
                value,
                limit,
                law,
            } => Text::new("asset-needs-auction")
                .with("asset", asset)
                .with("value", *value)
                .with("limit", *limit)
                .with("law", law.as_str()),
            E::BelowStartingPrice {
                asset,
                price,
                starting,
            } => Text::new("asset-below-starting-price")
                .with("asset", asset)
                .with("price", *price)
                .with("starting", *starting),
        }
    }
}

/// One rule of `rules/assets.toml`: the auction's reductions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuctionRule {
    /// Its name in the file.
    pub id: String,
    /// The article.
    pub law: String,
    /// The most a round's starting price may fall below the round
    /// before's, in percent.
    pub max_reduction_percent: u32,
    /// The reductions after which the creditor may take the asset.
    pub handover_after_reductions: u32,
    /// The most a movable may be worth to be sold without auction.
    pub sell_without_auction_up_to: Vnd,
    /// How many times a party may have the asset valued again before its
    /// auction.
    pub revaluations_on_request: u32,
    /// The change of price, in percent either way, that calls for a
    /// valuation again at any time before the sale.
    pub revaluation_price_change_percent: u32,
    /// In force from this day…
    pub effective_from: Day,
    /// …to this one, if it ended.
    pub effective_to: Option<Day>,
    /// Whether its figures were read in the law's text.
    pub confirmed: bool,
}

/// The rules of `rules/assets.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuctionRules(Vec<AuctionRule>);

impl AuctionRules {
    /// The rules as thads ships them.
    pub fn shipped() -> &'static AuctionRules {
        static SHIPPED: std::sync::OnceLock<AuctionRules> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            AuctionRules::from_rules(include_str!("../../../rules/assets.toml"))
                .expect("the shipped rules are read by a test")
        })
    }

    /// The rules of a rules file.
    pub fn from_rules(text: &str) -> Result<AuctionRules, RulesError> {
        const FILE: &str = "rules/assets.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "rule")? {
            let count = |name: &str| {
                entry
                    .maybe_count(name)?
                    .ok_or_else(|| entry.error(format!("no count “{name}”")))
            };
            let percent = |name: &str| {
                let percent = count(name)?;
                if !(1..=100).contains(&percent) {
                    return Err(entry.error(format!("“{name}” is not a percentage (1 to 100)")));
                }
                Ok(percent)
            };
            let up_to = count("sell_without_auction_up_to")?;
            rules.push(AuctionRule {
                id: entry.text("id")?,
                law: entry.text("law")?,
                max_reduction_percent: percent("max_reduction_percent")?,
                handover_after_reductions: count("handover_after_reductions")?,
                sell_without_auction_up_to: Vnd(i64::from(up_to)),
                revaluations_on_request: count("revaluations_on_request")?,
                revaluation_price_change_percent: percent("revaluation_price_change_percent")?,
                effective_from: entry.day("effective_from")?,
                effective_to: entry.maybe_day("effective_to")?,
                confirmed: entry.flag("confirmed")?,
            });
        }
        Ok(AuctionRules(rules))
    }

    /// The rule in force on a day.
    pub fn in_force(&self, day: Day) -> Option<&AuctionRule> {
        self.0
            .iter()
            .find(|r| r.effective_from <= day && r.effective_to.is_none_or(|to| day <= to))
    }
}

/// The deadlines of an asset's steps (`[[deadline]]` of
/// `rules/assets.toml`): each rule's `trigger` is a step's action, and the
/// asset owes the rule's step within its period from that step's day,
/// under the rule in force that day. Any later step of the asset does it;
/// after a sale, the buyer's payment is the case's collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetDeadlines(Vec<crate::deadlines::Rule>);

impl AssetDeadlines {
    /// The deadlines as thads ships them.
    pub fn shipped() -> &'static AssetDeadlines {
        static SHIPPED: std::sync::OnceLock<AssetDeadlines> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| {
            AssetDeadlines::from_rules(include_str!("../../../rules/assets.toml"))
                .expect("the shipped rules are read by a test")
        })
    }

    /// The deadlines of a rules file.
    pub fn from_rules(text: &str) -> Result<AssetDeadlines, RulesError> {
        const FILE: &str = "rules/assets.toml";
        let document = rules_file::parse(text, FILE)?;
        let mut rules = Vec::new();
        for entry in rules_file::entries(&document, FILE, "deadline")? {
            let rule = crate::deadlines::Rule::of(&entry)?;
            if Action::parse(&rule.trigger).is_none() {
                return Err(entry.error(format!(
                    "trigger “{}” is not a step of an asset",
                    rule.trigger
                )));
            }
            rules.push(rule);
        }
        Ok(AssetDeadlines(rules))
    }

    /// Every rule.
    pub fn rules(&self) -> &[crate::deadlines::Rule] {
        &self.0
    }

    /// What an asset owes after its last step: the rule, and the step's
    /// due date on `calendar` (none after a step that opens no rule).
    pub fn owed(
        &self,
        held: &AssetState,
        calendar: &crate::calendar::Calendar,
    ) -> Option<(&crate::deadlines::Rule, Day)> {
        let last = held.steps.last()?;
        let rule = self
            .0
            .iter()
            .find(|r| r.trigger == last.action.as_str() && r.in_force_on(last.on))?;
        Some((rule, rule.due(calendar, last.on, false)))
    }
}

/// Every asset of the journal, in the order found, and the decisions to
/// coerce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assets {
    assets: Vec<AssetState>,
    index: HashMap<Code, u32>,
    coercions: Vec<Coercion>,
    /// The decisions' codes, for the check that each is new.
    coercion_codes: HashSet<Code>,
}

impl Assets {
    /// The decisions to coerce, in the journal's order.
    pub fn coercions(&self) -> &[Coercion] {
        &self.coercions
    }

    /// The agency of what a fact is about (`None`: unknown).
    pub fn agency_of<'a>(&'a self, fact: &'a Fact) -> Option<&'a AgencyCode> {
        match fact {
            Fact::Found(a) => Some(&a.agency),
            Fact::Coercion(c) => Some(&c.agency),
            Fact::Step(s) => self.get(&s.asset).map(|held| &held.asset.agency),
        }
    }

    /// An asset by code.
    pub fn get(&self, code: &Code) -> Option<&AssetState> {
        self.index.get(code).map(|i| &self.assets[*i as usize])
    }

    /// Every asset, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &AssetState> {
        self.assets.iter()
    }

    /// How many assets there are.
    pub fn len(&self) -> usize {
        self.assets.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }

    /// Takes a fact, checked against what came before (`agencies`: the
    /// store's and the file's so far; whether a found asset's case is of
    /// its agency is the journal check's).
    pub fn take(&mut self, fact: Fact, agencies: &AgencyTree) -> Result<(), AssetError> {
        match fact {
            Fact::Found(asset) => {
                if self.index.contains_key(&asset.code) {
                    return Err(AssetError::Duplicate(asset.code));
                }
                if agencies.index(&asset.agency).is_none() {
                    return Err(AssetError::UnknownAgency(asset.agency));
                }
                self.index
                    .insert(asset.code.clone(), self.assets.len() as u32);
                self.assets.push(AssetState {
                    value: asset.value,
                    asset,
                    state: State::Found,
                    rounds: Vec::new(),
                    valuation: None,
                    requested_revaluations: 0,
                    measures: Vec::new(),
                    steps: Vec::new(),
                });
                Ok(())
            }
            Fact::Step(step) => {
                let i = *self
                    .index
                    .get(&step.asset)
                    .ok_or_else(|| AssetError::Unknown(step.asset.clone()))?;
                let held = &mut self.assets[i as usize];
                apply(held, step)
            }
            Fact::Coercion(coercion) => {
                self.check_coercion(&coercion, agencies)?;
                self.coercion_codes.insert(coercion.code.clone());
                self.coercions.push(coercion);
                Ok(())
            }
        }
    }

    /// A decision to coerce checked against the assets and the rules.
    fn check_coercion(&self, c: &Coercion, agencies: &AgencyTree) -> Result<(), AssetError> {
        use AssetError as E;
        let taken = self.index.contains_key(&c.code) || self.coercion_codes.contains(&c.code);
        if taken {
            return Err(E::Duplicate(c.code.clone()));
        }
        if agencies.index(&c.agency).is_none() {
            return Err(E::UnknownAgency(c.agency.clone()));
        }
        if let Some(asset) = &c.asset {
            let held = self.get(asset).ok_or_else(|| E::Unknown(asset.clone()))?;
            if held.asset.case != c.case {
                return Err(E::OtherCase {
                    coercion: c.code.clone(),
                    asset: asset.clone(),
                });
            }
        }
        match (c.kind, c.percent) {
            (CoercionKind::WageDeduction, None) => return Err(E::NoPercent(c.code.clone())),
            (CoercionKind::WageDeduction, Some(percent)) if (1..=100).contains(&percent) => {
                let rule = DeductionRules::shipped()
                    .in_force(c.on)
                    .ok_or(E::NoRule(c.on))?;
                if percent > rule.max_percent && !c.agreed {
                    return Err(E::Deduction {
                        coercion: c.code.clone(),
                        percent,
                        max: rule.max_percent,
                        law: rule.law.clone(),
                    });
                }
            }
            (_, None) => {}
            (_, Some(_)) => return Err(E::NotAShare(c.code.clone())),
        }
        if let Some(at) = c.at
            && at.day < c.on
        {
            return Err(E::PlannedBefore {
                coercion: c.code.clone(),
                on: c.on,
            });
        }
        Ok(())
    }
}

/// A step applied to an asset, checked.
fn apply(held: &mut AssetState, step: Step) -> Result<(), AssetError> {
    use AssetError as E;
    let asset = step.asset.clone();
    if step.on < held.last_day() {
        return Err(E::OutOfOrder {
            asset,
            on: step.on,
            last: held.last_day(),
        });
    }
    if let Some(last) = held.steps.last()
        && last.action.is_final()
    {
        return Err(E::Ended {
            asset,
            state: held.state,
        });
    }
    let complete = step.amount.is_some() == step.action.has_amount()
        && step.measure.is_some() == step.action.has_measure()
        && (!step.co_owner || step.action == Action::Sold);
    if !complete {
        return Err(E::Incomplete {
            asset,
            action: step.action,
        });
    }
    let rule = || {
        AuctionRules::shipped()
            .in_force(step.on)
            .ok_or(E::NoRule(step.on))
    };
    match step.action {
        Action::MeasureApplied => {
            held.measures
                .push((step.measure.expect("checked"), step.on));
            if held.state == State::Found {
                held.state = State::Secured;
            }
        }
        Action::MeasureLifted => {
            let measure = step.measure.expect("checked");
            let at = held
                .measures
                .iter()
                .position(|(m, _)| *m == measure)
                .ok_or(E::NotInForce { asset, measure })?;
            held.measures.remove(at);
            if held.state == State::Secured && held.measures.is_empty() {
                held.state = State::Found;
            }
        }
        Action::Seized => {
            // Law 2014 Art. 90(1): a mortgaged asset
            // is seized only while it is worth more than what it secures.
            if let Some(mortgage) = &held.asset.mortgage
                && held.value <= mortgage.amount
            {
                return Err(E::Underwater {
                    asset,
                    value: held.value,
                    secured: mortgage.amount,
                });
            }
            held.state = State::Seized;
        }
        Action::Valued => {
            let price = step.amount.expect("checked");
            if let Some((previous, _)) = held.valuation {
                revalue(held, previous, price, rule()?)?;
            }
            held.value = price;
            held.valuation = Some((price, held.rounds.len()));
            held.state = State::Valued;
        }
        Action::AuctionRound => {
            if !matches!(held.state, State::Valued | State::UnderAuction) {
                return Err(E::NotValued(asset));
            }
            let price = step.amount.expect("checked");
            if let Some((_, previous)) = held.current_rounds().last() {
                let rule = rule()?;
                let percent = i128::from(rule.max_reduction_percent);
                let lowest = i128::from(previous.get()) * (100 - percent);
                // At most the percentage below the round before: the
                // lowest price allowed is rounded up to the đồng.
                let lowest = Vnd(((lowest + 99) / 100) as i64);
                if price < lowest {
                    return Err(E::Reduction {
                        asset,
                        price,
                        lowest,
                        percent: rule.max_reduction_percent,
                        law: rule.law.clone(),
                    });
                }
            }
            // Law 2014 Art. 90(1) again: reduced to the secured debt or
            // below, the mortgaged asset is no longer worth seizing; the
            // seizure is to be released, not the price reduced further.
            if let Some(mortgage) = &held.asset.mortgage
                && held.seized()
                && price <= mortgage.amount
            {
                return Err(E::ToRelease {
                    asset,
                    price,
                    secured: mortgage.amount,
                });
            }
            held.rounds.push((step.on, price));
            held.value = price;
            held.state = State::UnderAuction;
        }
        Action::Sold => {
            if !matches!(held.state, State::Valued | State::UnderAuction) {
                return Err(E::NotValued(asset));
            }
            let price = step.amount.expect("checked");
            if step.co_owner {
                // At the starting price: the valuation's, or the round's.
                if price < held.value {
                    return Err(E::BelowStartingPrice {
                        asset,
                        price,
                        starting: held.value,
                    });
                }
            } else if held.current_rounds().is_empty() {
                sold_without_auction(held, rule()?)?;
            }
            held.value = price;
            held.state = State::Sold;
        }
        Action::HandedOver => {
            let rule = rule()?;
            if held.reductions() < rule.handover_after_reductions as usize {
                return Err(E::TooEarly {
                    asset,
                    reductions: held.reductions(),
                    required: rule.handover_after_reductions,
                    law: rule.law.clone(),
                });
            }
            held.state = State::HandedOver;
        }
        Action::Released => held.state = State::Released,
    }
    // A seized asset keeps being seized under its measures' lifting.
    if held.state == State::Found && held.seized() {
        held.state = State::Seized;
    }
    held.steps.push(step);
    Ok(())
}

/// A valuation again of a valued asset, checked: allowed when the price
/// changed by the rule's percentage or more (Law 2014 Art. 59, Decree 62
/// Art. 17(1)(c); Decree 152 Art. 62(1)), or at a party's request the
/// rule's number of times before any auction round (Law 2014 Art.
/// 99(1)(b)).
fn revalue(
    held: &mut AssetState,
    previous: Vnd,
    price: Vnd,
    rule: &AuctionRule,
) -> Result<(), AssetError> {
    let change = (i128::from(price.get()) - i128::from(previous.get())).abs();
    let moved = change * 100
        >= i128::from(previous.get()) * i128::from(rule.revaluation_price_change_percent);
    if moved {
        return Ok(());
    }
    if held.current_rounds().is_empty()
        && held.requested_revaluations < rule.revaluations_on_request
    {
        held.requested_revaluations += 1;
        return Ok(());
    }
    Err(AssetError::Revaluation {
        asset: held.asset.code.clone(),
        previous,
        price,
        percent: rule.revaluation_price_change_percent,
        law: rule.law.clone(),
    })
}

/// A sale without an auction round, checked: only perishables, and
/// movables worth at most the rule's figure (Law 2014 Art. 101(4); Decree
/// 152 Arts. 60(4)–(5) and 64).
fn sold_without_auction(held: &AssetState, rule: &AuctionRule) -> Result<(), AssetError> {
    let movable = !matches!(held.asset.kind, AssetKind::LandUseRight | AssetKind::House);
    let small = movable && held.value <= rule.sell_without_auction_up_to;
    if held.asset.perishable || small {
        return Ok(());
    }
    Err(AssetError::NeedsAuction {
        asset: held.asset.code.clone(),
        value: held.value,
        limit: rule.sell_without_auction_up_to,
        law: rule.law.clone(),
    })
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

    fn agencies() -> AgencyTree {
        let mut tree = AgencyTree::default();
        tree.add(Agency {
            code: AgencyCode::parse("SL").unwrap(),
            name: "Sơn La".to_owned(),
            parent: None,
        })
        .unwrap();
        tree
    }

    fn land(mortgage: Option<i64>) -> Fact {
        Fact::Found(Asset {
            code: code("SL/TS/1"),
            agency: AgencyCode::parse("SL").unwrap(),
            case: CaseCode::parse("SL/2026/00009").unwrap(),
            on: day("2026-04-01"),
            kind: AssetKind::LandUseRight,
            description: "Thửa đất số 45, tờ bản đồ số 12".to_owned(),
            value: Vnd(1_000_000_000),
            mortgage: mortgage.map(|amount| Mortgage {
                to: "Ngân hàng A".to_owned(),
                amount: Vnd(amount),
            }),
            details: BTreeMap::new(),
            perishable: false,
        })
    }

    /// A movable of SL/2026/00009, valued on 1 April 2026.
    fn movable(value: i64, perishable: bool) -> [Fact; 2] {
        let Fact::Found(land) = land(None) else {
            unreachable!()
        };
        let asset = Asset {
            kind: AssetKind::Movable,
            description: "Lô hàng".to_owned(),
            value: Vnd(value),
            perishable,
            ..land
        };
        [
            Fact::Found(asset),
            step("2026-04-02", Action::Valued, Some(value)),
        ]
    }

    fn step(on: &str, action: Action, amount: Option<i64>) -> Fact {
        Fact::Step(Step {
            asset: code("SL/TS/1"),
            on: day(on),
            action,
            amount: amount.map(Vnd),
            measure: None,
            co_owner: false,
        })
    }

    #[test]
    fn an_asset_goes_from_seizure_through_three_rounds_to_the_creditor() {
        let mut assets = Assets::default();
        let tree = agencies();
        assets.take(land(Some(600_000_000)), &tree).unwrap();
        for fact in [
            step("2026-04-10", Action::Seized, None),
            step("2026-04-20", Action::Valued, Some(900_000_000)),
            step("2026-05-10", Action::AuctionRound, Some(900_000_000)),
            step("2026-06-10", Action::AuctionRound, Some(810_000_000)),
        ] {
            assets.take(fact, &tree).unwrap();
        }
        // One reduction only: the creditor may not take it yet.
        let early = assets.take(step("2026-06-20", Action::HandedOver, None), &tree);
        assert!(
            matches!(
                early,
                Err(AssetError::TooEarly {
                    reductions: 1,
                    required: 2,
                    ..
                })
            ),
            "{early:?}"
        );
        // 10% below 810 million is 729 million: 728 is too low.
        let deep = assets.take(
            step("2026-07-10", Action::AuctionRound, Some(728_999_999)),
            &tree,
        );
        assert!(
            matches!(
                deep,
                Err(AssetError::Reduction {
                    lowest: Vnd(729_000_000),
                    ..
                })
            ),
            "{deep:?}"
        );
        assets
            .take(
                step("2026-07-10", Action::AuctionRound, Some(729_000_000)),
                &tree,
            )
            .unwrap();
        assets
            .take(step("2026-07-20", Action::HandedOver, None), &tree)
            .unwrap();
        let held = assets.get(&code("SL/TS/1")).unwrap();
        assert_eq!(held.state, State::HandedOver);
        assert_eq!(held.reductions(), 2);
        assert_eq!(held.value, Vnd(729_000_000));
        // Nothing follows.
        assert!(matches!(
            assets.take(step("2026-07-21", Action::Released, None), &tree),
            Err(AssetError::Ended { .. })
        ));
    }

    #[test]
    fn a_seized_mortgaged_asset_reduced_to_its_debt_is_released_not_sold_lower() {
        let mut assets = Assets::default();
        let tree = agencies();
        assets.take(land(Some(800_000_000)), &tree).unwrap();
        for fact in [
            step("2026-04-10", Action::Seized, None),
            step("2026-04-20", Action::Valued, Some(880_000_000)),
            step("2026-05-10", Action::AuctionRound, Some(880_000_000)),
        ] {
            assets.take(fact, &tree).unwrap();
        }
        let lower = assets.take(
            step("2026-06-10", Action::AuctionRound, Some(800_000_000)),
            &tree,
        );
        assert!(
            matches!(
                lower,
                Err(AssetError::ToRelease {
                    secured: Vnd(800_000_000),
                    ..
                })
            ),
            "{lower:?}"
        );
        assets
            .take(step("2026-06-10", Action::Released, None), &tree)
            .unwrap();
        assert_eq!(assets.get(&code("SL/TS/1")).unwrap().state, State::Released);
    }

    #[test]
    fn a_mortgaged_asset_worth_less_than_its_debt_is_not_seized() {
        let mut assets = Assets::default();
        let tree = agencies();
        assets.take(land(Some(1_000_000_000)), &tree).unwrap();
        assert!(matches!(
            assets.take(step("2026-04-10", Action::Seized, None), &tree),
            Err(AssetError::Underwater { .. })
        ));
        // Steps keep their order, need their amount, and come after a
        // valuation where they sell.
        assert!(matches!(
            assets.take(step("2026-03-10", Action::Released, None), &tree),
            Err(AssetError::OutOfOrder { .. })
        ));
        assert!(matches!(
            assets.take(step("2026-04-10", Action::Valued, None), &tree),
            Err(AssetError::Incomplete { .. })
        ));
        assert!(matches!(
            assets.take(step("2026-04-10", Action::Sold, Some(5)), &tree),
            Err(AssetError::NotValued(_))
        ));
        assert!(matches!(
            assets.take(land(None), &tree),
            Err(AssetError::Duplicate(_))
        ));
    }

    #[test]
    fn measures_are_applied_and_lifted() {
        let mut assets = Assets::default();
        let tree = agencies();
        assets.take(land(None), &tree).unwrap();
        let measure = |on: &str, action, measure| {
            Fact::Step(Step {
                asset: code("SL/TS/1"),
                on: day(on),
                action,
                amount: None,
                measure: Some(measure),
                co_owner: false,
            })
        };
        assets
            .take(
                measure("2026-04-02", Action::MeasureApplied, Measure::BlockTransfer),
                &tree,
            )
            .unwrap();
        assert_eq!(assets.get(&code("SL/TS/1")).unwrap().state, State::Secured);
        assert!(matches!(
            assets.take(
                measure("2026-04-03", Action::MeasureLifted, Measure::FreezeAccount),
                &tree
            ),
            Err(AssetError::NotInForce { .. })
        ));
        assets
            .take(
                measure("2026-04-03", Action::MeasureLifted, Measure::BlockTransfer),
                &tree,
            )
            .unwrap();
        assert_eq!(assets.get(&code("SL/TS/1")).unwrap().state, State::Found);
    }

    #[test]
    fn only_perishables_and_small_movables_are_sold_without_auction() {
        let tree = agencies();
        // Before 1 July 2026, below 2,000,000 đồng (Law 2014 Art. 101(4)).
        let sell = |value: i64, perishable: bool| {
            let mut assets = Assets::default();
            for fact in movable(value, perishable) {
                assets.take(fact, &tree).unwrap();
            }
            assets.take(step("2026-04-03", Action::Sold, Some(value)), &tree)
        };
        assert_eq!(sell(1_999_999, false), Ok(()));
        let Err(AssetError::NeedsAuction { value, limit, .. }) = sell(2_000_000, false) else {
            panic!("2,000,000 đồng is sold by auction");
        };
        assert_eq!((value, limit), (Vnd(2_000_000), Vnd(1_999_999)));
        assert_eq!(sell(50_000_000, true), Ok(()));
        // Land is never sold without auction, however cheap.
        let mut assets = Assets::default();
        assets.take(land(None), &tree).unwrap();
        assets
            .take(step("2026-04-02", Action::Valued, Some(1_000_000)), &tree)
            .unwrap();
        assert!(matches!(
            assets.take(step("2026-04-03", Action::Sold, Some(1_000_000)), &tree),
            Err(AssetError::NeedsAuction { .. })
        ));
        // After a round, it is a sale at auction.
        assets
            .take(
                step("2026-04-10", Action::AuctionRound, Some(1_000_000)),
                &tree,
            )
            .unwrap();
        assert_eq!(
            assets.take(step("2026-04-20", Action::Sold, Some(1_000_000)), &tree),
            Ok(())
        );
    }

    #[test]
    fn from_july_2026_a_movable_up_to_five_minimum_wages_is_sold_without_auction() {
        let tree = agencies();
        let sell = |value: i64| {
            let mut assets = Assets::default();
            let [found, _] = movable(value, false);
            assets.take(found, &tree).unwrap();
            assets
                .take(step("2026-07-02", Action::Valued, Some(value)), &tree)
                .unwrap();
            assets.take(step("2026-07-03", Action::Sold, Some(value)), &tree)
        };
        // 5 × 5,310,000 (region I, Decree 293/2025).
        assert_eq!(sell(26_550_000), Ok(()));
        assert!(matches!(
            sell(26_550_001),
            Err(AssetError::NeedsAuction {
                limit: Vnd(26_550_000),
                ..
            })
        ));
    }

    #[test]
    fn a_co_owner_buys_without_auction_at_the_starting_price() {
        let tree = agencies();
        let mut assets = Assets::default();
        assets.take(land(None), &tree).unwrap();
        assets
            .take(step("2026-04-02", Action::Valued, Some(900_000_000)), &tree)
            .unwrap();
        let to_co_owner = |price: i64| {
            Fact::Step(Step {
                co_owner: true,
                ..match step("2026-04-05", Action::Sold, Some(price)) {
                    Fact::Step(s) => s,
                    _ => unreachable!(),
                }
            })
        };
        assert_eq!(
            assets.clone().take(to_co_owner(899_999_999), &tree),
            Err(AssetError::BelowStartingPrice {
                asset: code("SL/TS/1"),
                price: Vnd(899_999_999),
                starting: Vnd(900_000_000),
            })
        );
        assert_eq!(assets.take(to_co_owner(900_000_000), &tree), Ok(()));
        // Only a sale is a co-owner's.
        let mut other = Assets::default();
        other.take(land(None), &tree).unwrap();
        let seized = Fact::Step(Step {
            co_owner: true,
            ..match step("2026-04-02", Action::Seized, None) {
                Fact::Step(s) => s,
                _ => unreachable!(),
            }
        });
        assert!(matches!(
            other.take(seized, &tree),
            Err(AssetError::Incomplete { .. })
        ));
    }

    #[test]
    fn an_asset_is_valued_again_once_on_request_or_when_its_price_moves_a_fifth() {
        let tree = agencies();
        let mut assets = Assets::default();
        assets.take(land(None), &tree).unwrap();
        for fact in [
            step("2026-04-02", Action::Valued, Some(1_000_000_000)),
            // A party's request, before the auction: 5% higher.
            step("2026-04-09", Action::Valued, Some(1_050_000_000)),
        ] {
            assets.take(fact, &tree).unwrap();
        }
        // A second request is refused: the price moved less than 20%.
        let again = assets.take(
            step("2026-04-12", Action::Valued, Some(1_200_000_000)),
            &tree,
        );
        assert!(
            matches!(
                again,
                Err(AssetError::Revaluation {
                    previous: Vnd(1_050_000_000),
                    price: Vnd(1_200_000_000),
                    percent: 20,
                    ..
                })
            ),
            "{again:?}"
        );
        for fact in [
            step("2026-05-10", Action::AuctionRound, Some(1_050_000_000)),
            step("2026-06-10", Action::AuctionRound, Some(945_000_000)),
        ] {
            assets.take(fact, &tree).unwrap();
        }
        assert_eq!(assets.get(&code("SL/TS/1")).unwrap().reductions(), 1);
        // Prices fell: 756,000,000 is 28% below the last valuation, which
        // allows a new one; the rounds start again from it.
        assets
            .take(step("2026-06-20", Action::Valued, Some(756_000_000)), &tree)
            .unwrap();
        let held = assets.get(&code("SL/TS/1")).unwrap();
        assert_eq!((held.reductions(), held.current_rounds().len()), (0, 0));
        assert_eq!(held.rounds.len(), 2);
        // Its first round is not a reduction of the rounds before.
        assets
            .take(
                step("2026-07-10", Action::AuctionRound, Some(756_000_000)),
                &tree,
            )
            .unwrap();
        // And 19.99% lower is no reason to value it again.
        assert!(matches!(
            assets.take(step("2026-07-20", Action::Valued, Some(604_800_001)), &tree),
            Err(AssetError::Revaluation { .. })
        ));
    }

    #[test]
    fn the_shipped_rules_are_read() {
        let rules = AuctionRules::shipped();
        let old = rules.in_force(day("2026-06-30")).unwrap();
        assert_eq!(
            (old.max_reduction_percent, old.handover_after_reductions),
            (10, 2)
        );
        assert!(rules.in_force(day("2026-07-01")).is_some());
    }

    fn coercion(kind: CoercionKind, percent: Option<u32>, agreed: bool) -> Coercion {
        Coercion {
            code: code("SL/CC/2026/1"),
            agency: AgencyCode::parse("SL").unwrap(),
            case: CaseCode::parse("SL/2026/00009").unwrap(),
            on: day("2026-11-20"),
            kind,
            asset: None,
            percent,
            agreed,
            at: None,
            forces: false,
        }
    }

    #[test]
    fn a_wage_deduction_takes_at_most_the_rules_share_unless_the_parties_agreed() {
        let tree = agencies();
        let take = |c: Coercion| Assets::default().take(Fact::Coercion(c), &tree);
        assert_eq!(
            take(coercion(CoercionKind::WageDeduction, Some(30), false)),
            Ok(())
        );
        let Err(AssetError::Deduction { percent, max, .. }) =
            take(coercion(CoercionKind::WageDeduction, Some(35), false))
        else {
            panic!("35% without agreement is refused");
        };
        assert_eq!((percent, max), (35, 30));
        assert_eq!(
            take(coercion(CoercionKind::WageDeduction, Some(35), true)),
            Ok(())
        );
        assert_eq!(
            take(coercion(CoercionKind::WageDeduction, None, false)),
            Err(AssetError::NoPercent(code("SL/CC/2026/1")))
        );
        assert_eq!(
            take(coercion(CoercionKind::Seizure, Some(10), false)),
            Err(AssetError::NotAShare(code("SL/CC/2026/1")))
        );
    }

    #[test]
    fn a_coercion_bears_on_its_own_cases_asset_and_is_planned_after_its_decision() {
        let tree = agencies();
        let mut assets = Assets::default();
        assets.take(land(None), &tree).unwrap();
        let mut seize = coercion(CoercionKind::Seizure, None, false);
        seize.asset = Some(code("SL/TS/1"));
        seize.at = crate::coercion::Planned::parse("2026-11-19 08:00");
        assert_eq!(
            assets.clone().take(Fact::Coercion(seize.clone()), &tree),
            Err(AssetError::PlannedBefore {
                coercion: code("SL/CC/2026/1"),
                on: day("2026-11-20"),
            })
        );
        seize.at = crate::coercion::Planned::parse("2026-12-01 08:00");
        let mut elsewhere = seize.clone();
        elsewhere.case = CaseCode::parse("SL/2026/00010").unwrap();
        assert!(matches!(
            assets.clone().take(Fact::Coercion(elsewhere), &tree),
            Err(AssetError::OtherCase { .. })
        ));
        assets.take(Fact::Coercion(seize.clone()), &tree).unwrap();
        assert_eq!(assets.coercions(), [seize.clone()]);
        assert_eq!(
            assets.take(Fact::Coercion(seize), &tree),
            Err(AssetError::Duplicate(code("SL/CC/2026/1")))
        );
    }

    #[test]
    fn each_step_opens_the_next_ones_deadline_on_the_working_day_calendar() {
        let tree = agencies();
        let calendar = crate::calendar::Calendar::shipped();
        let deadlines = AssetDeadlines::shipped();
        let mut assets = Assets::default();
        assets.take(land(None), &tree).unwrap();
        let owed = |assets: &Assets| {
            deadlines
                .owed(assets.get(&code("SL/TS/1")).unwrap(), &calendar)
                .map(|(rule, due)| (rule.step.clone(), due))
        };
        assert_eq!(owed(&assets), None);
        // Seized on Friday 27 November 2026: the appraiser by the fifth
        // working day after, Friday 4 December.
        assets
            .take(step("2026-11-27", Action::Seized, None), &tree)
            .unwrap();
        assert_eq!(
            owed(&assets),
            Some(("appraise".to_owned(), day("2026-12-04")))
        );
        // Valued on 7 December: the auction house within 10 days.
        assets
            .take(step("2026-12-07", Action::Valued, Some(900_000_000)), &tree)
            .unwrap();
        assert_eq!(
            owed(&assets),
            Some(("auction".to_owned(), day("2026-12-17")))
        );
        assets
            .take(
                step("2026-12-15", Action::AuctionRound, Some(900_000_000)),
                &tree,
            )
            .unwrap();
        assert_eq!(owed(&assets), None);
        assets
            .take(step("2026-12-28", Action::Sold, Some(900_000_000)), &tree)
            .unwrap();
        assert_eq!(
            owed(&assets),
            Some(("buyer_pays".to_owned(), day("2027-01-27")))
        );
    }

    #[test]
    fn a_deadline_after_no_step_of_an_asset_is_refused() {
        let text = include_str!("../../../rules/assets.toml")
            .replace("trigger = \"seized\"", "trigger = \"found\"");
        let e = AssetDeadlines::from_rules(&text).unwrap_err();
        assert!(
            e.to_string()
                .contains("trigger “found” is not a step of an asset"),
            "{e}"
        );
    }
}
