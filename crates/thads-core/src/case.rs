//! A case (việc thi hành án): one decision to enforce, against one debtor.

use std::fmt;

use crate::{AgencyCode, Vnd};

/// The code of a case (`SL/2025/00017`): unique across the whole system;
/// 1–64 characters, no spaces or control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseCode(String);

/// A text that cannot be a case code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCaseCode(pub String);

impl From<&BadCaseCode> for crate::text::Text {
    fn from(e: &BadCaseCode) -> crate::text::Text {
        crate::text::Text::new("bad-case-code").with("code", &e.0)
    }
}

crate::said_in_english!(BadCaseCode);

impl CaseCode {
    /// Parses a case code.
    pub fn parse(s: &str) -> Result<CaseCode, BadCaseCode> {
        let ok = (1..=64).contains(&s.chars().count())
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(CaseCode(s.to_owned()))
        } else {
            Err(BadCaseCode(s.to_owned()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the case was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Chủ động: the agency acts without a request (fines, fees, state money).
    ExOfficio,
    /// Theo đơn: the creditor filed a request.
    OnRequest,
}

impl Mode {
    /// Both modes.
    pub const ALL: [Mode; 2] = [Mode::ExOfficio, Mode::OnRequest];

    /// The journal's name for the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::ExOfficio => "ex_officio",
            Mode::OnRequest => "on_request",
        }
    }

    /// The mode from its journal name.
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "ex_officio" => Some(Mode::ExOfficio),
            "on_request" => Some(Mode::OnRequest),
            _ => None,
        }
    }
}

/// A category the leadership tracks separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Thu cho ngân sách nhà nước.
    StateBudget,
    /// Liên quan đến tổ chức tín dụng.
    CreditInstitution,
    /// Dân sự trong bản án hình sự về tham nhũng, kinh tế.
    CorruptionEconomic,
    /// Bồi thường của Nhà nước (format version 2): the State's liability
    /// to compensate, enforced against the State's budget.
    StateCompensation,
}

impl Category {
    /// Every category, in the order of the journal format.
    pub const ALL: [Category; 4] = [
        Category::StateBudget,
        Category::CreditInstitution,
        Category::CorruptionEconomic,
        Category::StateCompensation,
    ];

    /// The journal's name for the category.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::StateBudget => "state_budget",
            Category::CreditInstitution => "credit_institution",
            Category::CorruptionEconomic => "corruption_economic",
            Category::StateCompensation => "state_compensation",
        }
    }

    /// The category from its journal name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The kind of judgment a case enforces (format version 2,
/// `judgment_kind`): a breakdown of the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JudgmentKind {
    /// Dân sự.
    Civil,
    /// Hình sự.
    Criminal,
    /// Hành chính.
    Administrative,
    /// Hôn nhân và gia đình.
    MarriageFamily,
    /// Kinh doanh, thương mại.
    Business,
    /// Lao động.
    Labour,
    /// Phá sản.
    Bankruptcy,
    /// Trọng tài thương mại.
    Arbitration,
    /// Khác.
    Other,
}

impl JudgmentKind {
    /// Every kind, in the order of the journal format.
    pub const ALL: [JudgmentKind; 9] = [
        JudgmentKind::Civil,
        JudgmentKind::Criminal,
        JudgmentKind::Administrative,
        JudgmentKind::MarriageFamily,
        JudgmentKind::Business,
        JudgmentKind::Labour,
        JudgmentKind::Bankruptcy,
        JudgmentKind::Arbitration,
        JudgmentKind::Other,
    ];

    /// The journal's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            JudgmentKind::Civil => "civil",
            JudgmentKind::Criminal => "criminal",
            JudgmentKind::Administrative => "administrative",
            JudgmentKind::MarriageFamily => "marriage_family",
            JudgmentKind::Business => "business",
            JudgmentKind::Labour => "labour",
            JudgmentKind::Bankruptcy => "bankruptcy",
            JudgmentKind::Arbitration => "arbitration",
            JudgmentKind::Other => "other",
        }
    }

    /// The kind from its journal name.
    pub fn parse(s: &str) -> Option<JudgmentKind> {
        JudgmentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Its code in the ledger: 1 and up (0 is none).
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// The kind of a ledger code (`None` for 0 or an unknown code).
    pub fn of_code(code: u8) -> Option<JudgmentKind> {
        JudgmentKind::ALL
            .get(usize::from(code).checked_sub(1)?)
            .copied()
    }
}

/// The kind of a state-budget collection (format version 2,
/// `budget_item`): the lines of Form 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BudgetItem {
    /// Tiền phạt.
    Fine,
    /// Án phí, lệ phí tòa án.
    CourtFee,
    /// Tịch thu sung công quỹ nhà nước.
    Confiscation,
    /// Truy thu tiền, tài sản thu lợi bất chính.
    IllicitGain,
    /// Khoản thu khác.
    Other,
}

impl BudgetItem {
    /// Every item, in the order of the journal format.
    pub const ALL: [BudgetItem; 5] = [
        BudgetItem::Fine,
        BudgetItem::CourtFee,
        BudgetItem::Confiscation,
        BudgetItem::IllicitGain,
        BudgetItem::Other,
    ];

    /// The journal's name for the item.
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetItem::Fine => "fine",
            BudgetItem::CourtFee => "court_fee",
            BudgetItem::Confiscation => "confiscation",
            BudgetItem::IllicitGain => "illicit_gain",
            BudgetItem::Other => "other",
        }
    }

    /// The item from its journal name.
    pub fn parse(s: &str) -> Option<BudgetItem> {
        BudgetItem::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Its code in the ledger: 1 and up (0 is none).
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// The item of a ledger code (`None` for 0 or an unknown code).
    pub fn of_code(code: u8) -> Option<BudgetItem> {
        BudgetItem::ALL
            .get(usize::from(code).checked_sub(1)?)
            .copied()
    }
}

/// A set of categories, as a bit mask (what the ledger and the store keep).
///
/// The order of the journal's `categories` list is kept apart in
/// [`Acceptance::categories`]; this set is what reports filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Categories(u8);

impl Categories {
    /// The set holding the given categories.
    pub fn of(categories: &[Category]) -> Categories {
        Categories(categories.iter().fold(0, |bits, c| bits | c.bit()))
    }

    /// Whether the set holds a category.
    pub fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    /// The bit mask.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The set from its bit mask; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Categories {
        Categories(bits & 0b1111)
    }
}

/// A party to a case: the debtor or the creditor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Party {
    /// Full name of a person or an organisation.
    pub name: String,
    /// Identity number (CCCD) or tax code, if known.
    pub id: Option<String>,
    /// Address, if known.
    pub address: Option<String>,
}

/// The facts of an `accepted` event (thụ lý): everything that opens a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// The accepting agency; the case belongs to it in every report.
    pub agency: AgencyCode,
    /// Ex officio or on request.
    pub mode: Mode,
    /// Money to be enforced (0 for a case with no money value).
    pub amount: Vnd,
    /// Categories, in the order they were written.
    pub categories: Vec<Category>,
    /// Number of the decision to enforce.
    pub decision: String,
    /// Number of the judgment or decision being enforced.
    pub judgment: String,
    /// Người phải thi hành án.
    pub debtor: Party,
    /// Người được thi hành án.
    pub creditor: Party,
    /// The kind of judgment enforced, if the journal says.
    pub judgment_kind: Option<JudgmentKind>,
    /// The kind of collection, for a state-budget case, if said.
    pub budget_item: Option<BudgetItem>,
    /// The creditors of a decision with several (format version 2), each
    /// with its share of `amount` and its priority rank; empty for one
    /// creditor, `creditor`, of rank `other`.
    pub creditors: Vec<Creditor>,
    /// The debtors of a joint obligation (format version 2), `debtor` the
    /// first of them; empty for one debtor.
    pub debtors: Vec<Party>,
}

/// One creditor of a decision with several (Law 2014 Art. 47).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Creditor {
    /// Who.
    pub party: Party,
    /// Its share of the case's amount.
    pub amount: Vnd,
    /// Its rank in the order of payment.
    pub rank: crate::distribution::Rank,
    /// The bank account its payouts are transferred to, if known.
    pub account: Option<BankAccount>,
}

/// A bank account money is transferred to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    /// The account's number.
    pub number: String,
    /// The bank (and branch) that keeps it.
    pub bank: String,
}
