//! The payment slips (phiếu chi) of a batch's cash payments, as one Word
//! file, a slip to a page: the agency, the slip's number and day, the
//! payee, why, the amount in figures and in words, and the signatures of
//! the head of the agency, the chief accountant, the cashier, the maker
//! and the payee. The payees paid by transfer are in the transfer file.

use docx_rs::{BreakType, Paragraph, Run, Table, TableCell, TableRow, WidthType};

use crate::letter::{centered, document, run, signatures};
use crate::payouts::Batch;

/// The digits' names.
const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// A group of three digits in words; `inner` when a higher group comes
/// before it (its hundreds are then said even when zero: "không trăm").
fn hundreds(n: u64, inner: bool) -> Vec<&'static str> {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut words = Vec::new();
    if h > 0 || inner {
        words.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 && (h > 0 || inner) => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        t => words.extend([DIGITS[t], "mươi"]),
    }
    match u {
        0 => {}
        1 if t > 1 => words.push("mốt"),
        5 if t > 0 => words.push("lăm"),
        u => words.push(DIGITS[u]),
    }
    words
}

/// A whole number in words, the way amounts are written on vouchers:
/// groups of three digits with nghìn, triệu and tỷ, tỷ repeating above
/// (1.000.000.000.000 is "một nghìn tỷ").
fn words(n: u64, inner: bool) -> Vec<&'static str> {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        let mut said = words(n / BILLION, inner);
        said.push("tỷ");
        let rest = n % BILLION;
        if rest > 0 {
            said.extend(words(rest, true));
        }
        return said;
    }
    let mut said = Vec::new();
    let mut inner = inner;
    for (scale, name) in [
        (1_000_000, Some("triệu")),
        (1_000, Some("nghìn")),
        (1, None),
    ] {
        let group = n / scale % 1000;
        if group == 0 {
            continue;
        }
        said.extend(hundreds(group, inner));
        said.extend(name);
        inner = true;
    }
    said
}

/// An amount in words, capitalised, ending in "đồng":
/// 125.000.000 is "Một trăm hai mươi lăm triệu đồng".
pub fn amount_in_words(dong: i64) -> String {
    let n = dong.unsigned_abs();
    let mut said = if n == 0 {
        vec!["không"]
    } else {
        words(n, false)
    };
    if dong < 0 {
        said.insert(0, "âm");
    }
    said.push("đồng");
    let text = said.join(" ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Who issues the slips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The governing body, above the agency.
    pub governing_body: String,
    /// The paying agency.
    pub agency: String,
}

/// The slips of the batch's cash payments as the bytes of a .docx file:
/// one page each, numbered as the batch's orders. `None` when the batch
/// pays no one in cash.
pub fn payment_slips_docx(batch: &Batch, issuer: &Issuer) -> Option<Vec<u8>> {
    let cash: Vec<_> = batch
        .orders
        .iter()
        .filter(|o| o.account.is_none())
        .collect();
    if cash.is_empty() {
        return None;
    }
    let lang = thads_core::text::Lang::Vi;
    let mut docx = document();
    for (i, order) in cash.iter().enumerate() {
        let top = Table::without_borders(vec![TableRow::new(vec![
            TableCell::new()
                .width(5400, WidthType::Dxa)
                .add_paragraph(centered(vec![run(&issuer.governing_body.to_uppercase())]))
                .add_paragraph(centered(vec![run(&issuer.agency.to_uppercase()).bold()])),
            TableCell::new()
                .width(4000, WidthType::Dxa)
                .add_paragraph(centered(vec![run(&format!("Số: {}", order.reference))])),
        ])])
        .width(9400, WidthType::Dxa);
        let mut page = Paragraph::new();
        if i > 0 {
            page = page.add_run(Run::new().add_break(BreakType::Page));
        }
        let line = |label: &str, text: &str| {
            Paragraph::new()
                .add_run(run(label))
                .add_run(run(text).bold())
        };
        let why = format!(
            "Chi trả tiền thi hành án, việc thi hành án {} ({})",
            batch.case,
            lang.t(&format!("payee-{}", order.rank.as_str()))
                .to_lowercase()
        );
        docx = docx
            .add_paragraph(page)
            .add_table(top)
            .add_paragraph(Paragraph::new())
            .add_paragraph(centered(vec![
                Run::new().add_text("PHIẾU CHI").size(32).bold(),
            ]))
            .add_paragraph(centered(vec![
                run(&format!(
                    "Ngày {:02} tháng {:02} năm {}",
                    batch.on.day(),
                    batch.on.month(),
                    batch.on.year()
                ))
                .italic(),
            ]))
            .add_paragraph(Paragraph::new())
            .add_paragraph(line("Họ và tên người nhận tiền: ", &order.payee))
            .add_paragraph(line("Lý do chi: ", &why))
            .add_paragraph(line(
                "Số tiền: ",
                &format!("{} đồng", lang.count(i128::from(order.amount))),
            ))
            .add_paragraph(line("Viết bằng chữ: ", &amount_in_words(order.amount)))
            .add_paragraph(
                Paragraph::new().add_run(run("Kèm theo: quyết định thi hành án và chứng từ gốc.")),
            )
            .add_paragraph(Paragraph::new())
            .add_table(signatures(&[
                "THỦ TRƯỞNG ĐƠN VỊ",
                "KẾ TOÁN TRƯỞNG",
                "NGƯỜI LẬP PHIẾU",
                "THỦ QUỸ",
                "NGƯỜI NHẬN TIỀN",
            ]));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .expect("the slips pack into memory");
    Some(bytes.into_inner())
}

impl crate::Thads {
    /// The payment slips of the payouts of a case the actor sees on a
    /// day, issued by the case's agency (`None`: none was paid in cash).
    pub async fn payment_slips(
        &self,
        actor: &crate::Actor,
        case: &thads_core::CaseCode,
        on: thads_core::Day,
    ) -> Result<Option<Vec<u8>>, crate::payouts::DistributeError> {
        let batch = self.payouts_on(actor, case, on).await?;
        let view = self.view().await?;
        let snapshot = view.snapshot();
        let ids = self.store.case_ids(snapshot, &[case]).await?;
        let tree = &snapshot.agencies;
        let agency = ids
            .get(case)
            .and_then(|id| snapshot.ledger.agency_of(*id))
            .ok_or_else(|| crate::payouts::DistributeError::UnknownCase(case.clone()))?;
        let issuer = Issuer {
            governing_body: crate::letter::governing_body(tree, agency),
            agency: tree.get(agency).name.clone(),
        };
        Ok(payment_slips_docx(&batch, &issuer))
    }
}

#[cfg(test)]
mod tests {
    use super::amount_in_words as say;

    #[test]
    fn amounts_are_said_as_vouchers_write_them() {
        assert_eq!(say(0), "Không đồng");
        assert_eq!(say(5), "Năm đồng");
        assert_eq!(say(15), "Mười lăm đồng");
        assert_eq!(say(21), "Hai mươi mốt đồng");
        assert_eq!(say(105), "Một trăm linh năm đồng");
        assert_eq!(say(110), "Một trăm mười đồng");
        assert_eq!(say(1_000_005), "Một triệu không trăm linh năm đồng");
        assert_eq!(say(125_000_000), "Một trăm hai mươi lăm triệu đồng");
        assert_eq!(
            say(40_250_000),
            "Bốn mươi triệu hai trăm năm mươi nghìn đồng"
        );
        assert_eq!(
            say(873_070_000_000),
            "Tám trăm bảy mươi ba tỷ không trăm bảy mươi triệu đồng"
        );
        assert_eq!(say(1_000_000_000_000), "Một nghìn tỷ đồng");
        assert_eq!(
            say(2_000_000_001_011),
            "Hai nghìn tỷ không trăm linh một nghìn không trăm mười một đồng"
        );
    }
}
