//! The warehouse's slips, as Word files: the receipt slip (phiếu nhập
//! kho, C04) of an item taken into custody or brought back, and the issue
//! slip (phiếu xuất kho, C05) of an item issued: the agency, the slip's
//! number and day, the warehouse, what moves (its label, description,
//! unit, quantity, seals and place), why and to whom, and the signatures.

use docx_rs::{Paragraph, Run, Table, TableCell, TableRow, WidthType};
use thads_core::coordination::Code;
use thads_core::text::Lang;
use thads_core::warehouse::{ItemState, Move, Warehouses};

use crate::letter::{centered, document, run, signatures};

/// A slip: which move of which item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    /// C04: the receipt (move 0) or a return to the store.
    Receipt,
    /// C05: an issue.
    Issue,
}

/// The slip of an item's move (0: its receipt; n: its n-th move after),
/// as a .docx, issued by `agency` under `governing_body`; `None` if the
/// item has no such move.
pub fn slip_docx(
    warehouses: &Warehouses,
    item: &Code,
    number: usize,
    governing_body: &str,
    agency: &str,
) -> Option<(Slip, Vec<u8>)> {
    let held = warehouses.item(item)?;
    let i = &held.item;
    let vi = Lang::Vi;
    let (slip, on, why) = match number {
        0 => (
            Slip::Receipt,
            i.on,
            match &i.case {
                Some(case) => {
                    format!("Nhập kho vật chứng, tài sản tạm giữ của việc thi hành án {case}")
                }
                None => "Nhập kho vật chứng, tài sản tạm giữ chưa xác định được bản án".to_owned(),
            },
        ),
        n => match held.moves.get(n - 1)? {
            Move::Issued(issue) => (
                Slip::Issue,
                issue.on,
                [
                    Some(format!(
                        "Xuất kho: {}",
                        vi.t(&format!("purpose-{}", issue.purpose.as_str()))
                            .to_lowercase()
                    )),
                    issue.decision.as_ref().map(|d| format!("theo {d}")),
                    issue.to.as_ref().map(|t| format!("giao cho {t}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            ),
            Move::Returned(on) => (
                Slip::Receipt,
                *on,
                "Nhập lại kho vật chứng sau khi tạm xuất phục vụ tố tụng".to_owned(),
            ),
        },
    };
    let (title, code, giver) = match slip {
        Slip::Receipt => ("PHIẾU NHẬP KHO", "C04", "NGƯỜI GIAO"),
        Slip::Issue => ("PHIẾU XUẤT KHO", "C05", "NGƯỜI NHẬN"),
    };
    let top = Table::without_borders(vec![TableRow::new(vec![
        TableCell::new()
            .width(5400, WidthType::Dxa)
            .add_paragraph(centered(vec![run(&governing_body.to_uppercase())]))
            .add_paragraph(centered(vec![run(&agency.to_uppercase()).bold()])),
        TableCell::new()
            .width(4000, WidthType::Dxa)
            .add_paragraph(centered(vec![run(&format!("Mẫu số {code}"))]))
            .add_paragraph(centered(vec![run(&format!("Số: {}/{number}", i.code))])),
    ])])
    .width(9400, WidthType::Dxa);
    let line = |label: &str, text: &str| {
        Paragraph::new()
            .add_run(run(label))
            .add_run(run(text).bold())
    };
    let warehouse = warehouses.get(&i.warehouse).map_or_else(String::new, |w| {
        format!("{} — {}", w.warehouse.code, w.warehouse.name)
    });
    let docx = document()
        .add_table(top)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(vec![Run::new().add_text(title).size(32).bold()]))
        .add_paragraph(centered(vec![
            run(&format!(
                "Ngày {:02} tháng {:02} năm {}",
                on.day(),
                on.month(),
                on.year()
            ))
            .italic(),
        ]))
        .add_paragraph(Paragraph::new())
        .add_paragraph(line("Kho: ", &warehouse))
        .add_paragraph(line("Lý do: ", &why))
        .add_paragraph(Paragraph::new())
        .add_table(items_table(held))
        .add_paragraph(Paragraph::new())
        .add_table(signatures(&[
            "NGƯỜI LẬP PHIẾU",
            giver,
            "THỦ KHO",
            "THỦ TRƯỞNG ĐƠN VỊ",
        ]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .expect("a slip packs into memory");
    Some((slip, bytes.into_inner()))
}

/// The table of what moves: one item, with its label and seals.
fn items_table(held: &ItemState) -> Table {
    let i = &held.item;
    let cell = |text: &str, width: usize, bold: bool| {
        let r = run(text);
        TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(centered(vec![if bold { r.bold() } else { r }]))
    };
    let columns = [
        ("STT", 600),
        ("Số hiệu", 1900),
        ("Tên vật chứng, tài sản", 2800),
        ("Đơn vị tính", 1000),
        ("Số lượng", 1000),
        ("Niêm phong, vị trí", 2100),
    ];
    let seals = [i.seals.as_deref(), i.place.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    let values = [
        "1".to_owned(),
        i.code.to_string(),
        i.description.clone(),
        i.unit.clone(),
        Lang::Vi.hundredths(i.quantity.0),
        seals,
    ];
    Table::new(vec![
        TableRow::new(
            columns
                .iter()
                .map(|(name, width)| cell(name, *width, true))
                .collect(),
        ),
        TableRow::new(
            columns
                .iter()
                .zip(&values)
                .map(|((_, width), value)| cell(value, *width, false))
                .collect(),
        ),
    ])
    .width(9400, WidthType::Dxa)
}
