//! Paying creditors out: who receives what from money collected or an
//! asset sold on a case (`thads distribute`), in the legal order of
//! priority that `thads_core::distribution` computes, and the batch that
//! pays it (`thads pay-out`): one `paid_out` per payee, recorded
//! together or not at all, with the payment orders and the bank transfer
//! file. What each creditor is still owed is its share of the decision
//! less what was paid out to it.

use std::collections::HashMap;

use thads_core::coordination::Code;
use thads_core::distribution::{
    Claim, Distribution, DistributionError, Payee, Payment, Rank, Secured,
};
use thads_core::journal::Record;
use thads_core::{AgencyTree, BankAccount, CaseCode, Day, Event, Vnd};
use thads_store::StoreError;

use crate::csv_cells::CsvOut;
use crate::render::vi_date;
use crate::{Actor, Denied, RecordError, Thads};

/// Whom the journal names as paid the enforcement costs of a batch.
pub const COSTS_PAYEE: &str = "Chi phí cưỡng chế thi hành án";

/// Why a distribution cannot be computed or paid.
#[derive(Debug, thiserror::Error)]
pub enum DistributeError {
    /// The actor's role sees no cases.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such case (or none the actor sees).
    #[error("case {0} is not known")]
    UnknownCase(CaseCode),
    /// The asset sold is not one of the case's.
    #[error("asset {asset} is not an asset of case {case}")]
    UnknownAsset {
        /// The asset named.
        asset: Code,
        /// The case.
        case: CaseCode,
    },
    /// An amount given is wrong.
    #[error(transparent)]
    Invalid(#[from] DistributionError),
    /// The payouts break a rule of the journal (more than was collected
    /// and not yet paid out, say); nothing was recorded.
    #[error(transparent)]
    Refused(#[from] RecordError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a distribution is asked for.
#[derive(Debug, Clone)]
pub struct DistributeRequest {
    /// The case.
    pub case: CaseCode,
    /// Money collected, or an asset's price, in đồng.
    pub proceeds: i64,
    /// Enforcement costs paid first, in đồng.
    pub costs: i64,
    /// The day: payouts recorded up to it are taken off what is owed (and
    /// a batch's payouts are dated).
    pub on: Day,
    /// The asset sold, whose mortgagee is paid first from its price.
    pub asset: Option<Code>,
}

/// A batch of payouts recorded on a case: the payments in the order of
/// priority, each with its order (phiếu chi or bank transfer).
#[derive(Debug, Clone)]
pub struct Batch {
    /// The case.
    pub case: CaseCode,
    /// The day the payouts are dated.
    pub on: Day,
    /// One order per payment, numbered from 1.
    pub orders: Vec<Order>,
}

/// One payment of a batch as the accountant pays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Its number in the batch, from 1.
    pub number: usize,
    /// The payee as the journal names it (`paid_out.to`).
    pub payee: String,
    /// In which capacity: as the distribution paid it; for a day's
    /// payouts read again ([`Thads::payouts_on`]), a listed creditor's
    /// rank, since the journal does not say that a payout was the
    /// mortgagee's.
    pub rank: Payee,
    /// How much, in đồng.
    pub amount: i64,
    /// The account it is transferred to; `None` is paid in cash, against
    /// a payment slip.
    pub account: Option<BankAccount>,
    /// The transfer's reference: the case, the day and the number.
    pub reference: String,
}

impl Batch {
    /// The orders paid by bank transfer.
    pub fn transfers(&self) -> impl Iterator<Item = &Order> {
        self.orders.iter().filter(|o| o.account.is_some())
    }

    /// The total paid, in đồng.
    pub fn total(&self) -> i64 {
        self.orders.iter().map(|o| o.amount).sum()
    }
}

/// A case's claims as a distribution needs them.
struct Claims {
    claims: Vec<Claim>,
    accounts: HashMap<String, BankAccount>,
    debtor: String,
    /// The payouts already recorded on the day asked, in journal order:
    /// a batch's orders are numbered after them.
    that_day: Vec<(String, i64)>,
    /// Each creditor's rank, by name.
    ranks: HashMap<String, Rank>,
    /// The mortgagee of the asset sold, and what it is still owed.
    secured: Option<Secured>,
}

impl Claims {
    /// In which capacity the journal's payee was paid.
    fn payee(&self, name: &str) -> Payee {
        match self.ranks.get(name) {
            Some(rank) => Payee::Creditor(*rank),
            None if name == COSTS_PAYEE => Payee::Costs,
            None if name == self.debtor => Payee::Debtor,
            // A payee the decision does not list (a version-1 payout
            // named freely) is a creditor of the common rank.
            None => Payee::Creditor(Rank::Other),
        }
    }

    /// The order of a payout, numbered `number` in its day.
    fn order(&self, case: &CaseCode, on: Day, number: usize, payee: String, amount: i64) -> Order {
        Order {
            number,
            rank: self.payee(&payee),
            account: self.accounts.get(&payee).cloned(),
            reference: format!("THA {case} {} {number}", vi_date(on)),
            payee,
            amount,
        }
    }
}

impl Thads {
    /// The payments of a distribution on a case the actor sees: each
    /// creditor's share of the decision (a single creditor of rank
    /// `other` for a case that lists none) less what was paid out to it by
    /// the day, in the order of priority. Records nothing.
    pub async fn distribute(
        &self,
        actor: &Actor,
        asked: &DistributeRequest,
    ) -> Result<Vec<Payment>, DistributeError> {
        actor.may_see_cases()?;
        // The agencies alone, not the view: the command line would build
        // the view of every case for one case's distribution.
        let agencies = self.store.agencies().await?;
        let claims = self.claims(actor, asked, &agencies, false).await?;
        Ok(distribution(asked, claims.claims, claims.secured).payments()?)
    }

    /// Pays a distribution out: records one `paid_out` per payment, dated
    /// `asked.on` (the costs to [`COSTS_PAYEE`], the rest to the debtor by
    /// name), all of them or none, with one audit record; returns the
    /// batch's orders. The journal's rules refuse paying out more than was
    /// collected and not yet paid out.
    pub async fn pay_out(
        &self,
        actor: &Actor,
        asked: &DistributeRequest,
    ) -> Result<Batch, DistributeError> {
        actor.may_write_cases().map_err(RecordError::from)?;
        // The writer's lock is taken first, so that what is owed cannot
        // change between reading it and paying it.
        let mut writer = self.writer().await?;
        let mut claims = self
            .claims(actor, asked, &writer.snapshot().agencies, true)
            .await?;
        let payments = distribution(
            asked,
            std::mem::take(&mut claims.claims),
            claims.secured.take(),
        )
        .payments()?;
        let before = claims.that_day.len();
        let batch = Batch {
            case: asked.case.clone(),
            on: asked.on,
            orders: payments
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    let payee = match p.rank {
                        Payee::Costs => COSTS_PAYEE.to_owned(),
                        Payee::Debtor => claims.debtor.clone(),
                        Payee::Secured | Payee::Creditor(_) => p.to,
                    };
                    claims.order(&asked.case, asked.on, before + i + 1, payee, p.amount)
                })
                .collect(),
        };
        // The creditors' accounts and ranks are in the orders now: at
        // 50,000 creditors, what they take is better given back before
        // the write.
        drop(claims);
        let records: Vec<(usize, Record)> = batch
            .orders
            .iter()
            .map(|o| {
                let record = Record::Event {
                    case: asked.case.clone(),
                    on: asked.on,
                    counted_on: None,
                    event: Event::PaidOut {
                        amount: Vnd(o.amount),
                        to: Some(o.payee.clone()),
                    },
                };
                (o.number, record)
            })
            .collect();
        let ids = writer.case_ids(&[&asked.case]).await?;
        let prepared = crate::check_records(writer.snapshot(), records, &ids)?;
        let audit = actor.entry(
            "pay_out",
            asked.case.as_str(),
            serde_json::json!({
                "on": asked.on.to_string(),
                "proceeds": asked.proceeds,
                "costs": asked.costs,
                "payouts": batch.orders.len(),
                "total": batch.total(),
            }),
        );
        let written = writer
            .append(&prepared, &audit, &mut |_| {})
            .await
            .map_err(RecordError::from)?;
        self.written(written).await;
        Ok(batch)
    }

    /// The payouts recorded on a case on a day, as the orders of one batch
    /// (the transfer file of that day, again).
    pub async fn payouts_on(
        &self,
        actor: &Actor,
        case: &CaseCode,
        on: Day,
    ) -> Result<Batch, DistributeError> {
        actor.may_see_cases()?;
        let agencies = self.store.agencies().await?;
        let asked = DistributeRequest {
            case: case.clone(),
            proceeds: 0,
            costs: 0,
            on,
            asset: None,
        };
        let claims = self.claims(actor, &asked, &agencies, false).await?;
        let orders = claims
            .that_day
            .iter()
            .enumerate()
            .map(|(i, (payee, amount))| claims.order(case, on, i + 1, payee.clone(), *amount))
            .collect();
        Ok(Batch {
            case: case.clone(),
            on,
            orders,
        })
    }

    /// The claims on a case the actor sees (writes, with `writing`), each
    /// owed its share less what was paid out to it up to the day.
    async fn claims(
        &self,
        actor: &Actor,
        asked: &DistributeRequest,
        agencies: &AgencyTree,
        writing: bool,
    ) -> Result<Claims, DistributeError> {
        let unknown = || DistributeError::UnknownCase(asked.case.clone());
        let records = self.store.case_journal(&asked.case).await?;
        let Some((
            Record::Accepted {
                on: accepted,
                acceptance,
                ..
            },
            events,
        )) = records.split_first()
        else {
            return Err(unknown());
        };
        let agency = agencies.index(&acceptance.agency).ok_or_else(unknown)?;
        let allowed = match writing {
            true => actor.writes_cases_of(agencies, agency),
            false => actor.sees_cases_of(agencies, agency),
        };
        if !allowed {
            return Err(unknown());
        }
        let mut accounts = HashMap::new();
        let mut ranks = HashMap::new();
        let mut that_day = Vec::new();
        let mut claims: Vec<Claim> = if acceptance.creditors.is_empty() {
            vec![Claim {
                name: acceptance.creditor.name.clone(),
                rank: Rank::Other,
                owed: acceptance.amount.get(),
                requested: *accepted,
            }]
        } else {
            acceptance
                .creditors
                .iter()
                .map(|c| {
                    if let Some(account) = &c.account {
                        accounts.insert(c.party.name.clone(), account.clone());
                    }
                    ranks.insert(c.party.name.clone(), c.rank);
                    Claim {
                        name: c.party.name.clone(),
                        rank: c.rank,
                        owed: c.amount.get(),
                        requested: *accepted,
                    }
                })
                .collect()
        };
        let mut secured = match &asked.asset {
            Some(code) => self.secured(&asked.case, code).await?,
            None => None,
        };
        let single = claims.len() == 1;
        let index: HashMap<String, usize> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), i))
            .collect();
        for record in events {
            let Record::Event {
                on,
                event: Event::PaidOut { amount, to },
                ..
            } = record
            else {
                continue;
            };
            if *on > asked.on {
                continue;
            }
            if *on == asked.on {
                let payee = to.clone().unwrap_or_else(|| claims[0].name.clone());
                that_day.push((payee, amount.get()));
            }
            // A payout names its creditor; an unnamed one (version 1) is
            // the single creditor's.
            let paid = match to {
                Some(name) => index.get(name).copied(),
                None => single.then_some(0),
            };
            if let Some(i) = paid {
                claims[i].owed = (claims[i].owed - amount.get()).max(0);
            }
            if let Some(secured) = secured.as_mut().filter(|s| to.as_ref() == Some(&s.name)) {
                secured.owed = (secured.owed - amount.get()).max(0);
            }
        }
        if acceptance.creditors.is_empty() {
            ranks.insert(acceptance.creditor.name.clone(), Rank::Other);
        }
        Ok(Claims {
            claims,
            accounts,
            debtor: acceptance.debtor.name.clone(),
            that_day,
            ranks,
            secured,
        })
    }

    /// The mortgagee of an asset of the case, owed its secured amount
    /// (less what was paid out to it, taken off by the caller); `None` for
    /// an asset without a mortgage.
    async fn secured(
        &self,
        case: &CaseCode,
        code: &Code,
    ) -> Result<Option<Secured>, DistributeError> {
        let (_, coordination) = self.store.coordination().await?;
        let held = coordination
            .assets()
            .get(code)
            .filter(|held| held.asset.case == *case)
            .ok_or_else(|| DistributeError::UnknownAsset {
                asset: code.clone(),
                case: case.clone(),
            })?;
        Ok(held.asset.mortgage.as_ref().map(|m| Secured {
            name: m.to.clone(),
            owed: m.amount.get(),
        }))
    }
}

fn distribution(
    asked: &DistributeRequest,
    claims: Vec<Claim>,
    secured: Option<Secured>,
) -> Distribution {
    Distribution {
        proceeds: asked.proceeds,
        costs: asked.costs,
        secured,
        coercion: None,
        claims,
    }
}

/// The payments as the command line's JSON: `{"payments": [{"to", "rank",
/// "amount"}…]}`.
pub fn payments_json(payments: &[Payment]) -> String {
    let rows: Vec<serde_json::Value> = payments
        .iter()
        .map(|p| serde_json::json!({"to": p.to, "rank": p.rank.as_str(), "amount": p.amount}))
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "payments": rows }))
        .expect("payments serialize");
    text.push('\n');
    text
}

/// The columns of the bank transfer file.
const TRANSFER_COLUMNS: [&str; 6] = [
    "STT",
    "Số tài khoản",
    "Ngân hàng",
    "Tên người nhận",
    "Số tiền",
    "Nội dung",
];

/// The batch's bank transfers as CSV (UTF-8 with a byte-order mark, for
/// Excel): account, bank, name, amount in đồng, reference.
pub fn transfers_csv(batch: &Batch) -> Vec<u8> {
    let mut out = CsvOut::new(true);
    out.row(TRANSFER_COLUMNS);
    for (i, o) in batch.transfers().enumerate() {
        let account = o.account.as_ref().expect("a transfer's account");
        out.row([
            (i + 1).to_string(),
            account.number.clone(),
            account.bank.clone(),
            o.payee.clone(),
            o.amount.to_string(),
            o.reference.clone(),
        ]);
    }
    out.finish()
}

/// The batch's bank transfers as an Excel workbook: the case and the day
/// above the columns, the account number as text (its leading zeros
/// kept), amounts as numbers, the total below.
pub fn transfers_xlsx(batch: &Batch) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};

    // Constant memory: rows go to a temporary file as they are written,
    // so that 50,000 transfers do not sit in memory as cells.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Chuyển khoản")?;
    let title = Style::new().set_bold().set_align(FormatAlign::Center);
    let heading = Style::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = Style::new().set_border(FormatBorder::Thin);
    let money = Style::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let last = TRANSFER_COLUMNS.len() as u16 - 1;
    let heading_text = format!(
        "DANH SÁCH CHUYỂN KHOẢN CHI TRẢ TIỀN THI HÀNH ÁN — VIỆC {} — NGÀY {}",
        batch.case,
        vi_date(batch.on)
    );
    sheet.merge_range(0, 0, 0, last, &heading_text, &title)?;
    for (col, width) in [6, 22, 32, 36, 18, 40].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (col, name) in TRANSFER_COLUMNS.iter().enumerate() {
        sheet.write_with_format(2, col as u16, *name, &heading)?;
    }
    let mut row = 3;
    let mut total = 0i64;
    for (i, o) in batch.transfers().enumerate() {
        let account = o.account.as_ref().expect("a transfer's account");
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        sheet.write_string_with_format(row, 1, &account.number, &cell)?;
        sheet.write_string_with_format(row, 2, &account.bank, &cell)?;
        sheet.write_string_with_format(row, 3, &o.payee, &cell)?;
        // Whole đồng below 2^53 are exact in a spreadsheet's number.
        sheet.write_number_with_format(row, 4, o.amount as f64, &money)?;
        sheet.write_string_with_format(row, 5, &o.reference, &cell)?;
        total += o.amount;
        row += 1;
    }
    sheet.write_string_with_format(row, 3, "Tổng cộng", &heading)?;
    sheet.write_number_with_format(row, 4, total as f64, &money)?;
    workbook.save_to_buffer()
}
