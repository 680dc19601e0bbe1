//! A request's letter (công văn) as a Word file, in the layout of
//! administrative documents of Decree 30/2020/NĐ-CP: A4, Times New Roman,
//! margins of 20 mm top and bottom, 30 mm left, 15 mm right; at the top the
//! issuing body under its governing body on the left, the national motto on
//! the right; the number and symbol, the summary (V/v …), the place and
//! date; the recipient, the body, the recipients' list and the signer's
//! title.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow, WidthType,
};
use thads_core::Day;

/// What a letter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The governing body (CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ, or the
    /// provincial agency above an office).
    pub governing_body: String,
    /// The issuing agency.
    pub agency: String,
    /// `17/CV-THADS`.
    pub number: String,
    /// The summary under the number: `V/v đề nghị …`.
    pub summary: String,
    /// The place (the province), for the date line.
    pub place: String,
    /// The day sent.
    pub date: Day,
    /// The recipient.
    pub recipient: String,
    /// The body's paragraphs.
    pub body: Vec<String>,
}

/// The body an agency's documents name above it: its parent agency, or,
/// for a province's, the national department.
pub fn governing_body(
    tree: &thads_core::AgencyTree,
    agency: thads_core::agency::AgencyIndex,
) -> String {
    match &tree.get(agency).parent {
        Some(parent) => tree
            .get(tree.index(parent).expect("a stored parent"))
            .name
            .clone(),
        None => "Cục Quản lý thi hành án dân sự".to_owned(),
    }
}

/// Half-points: 13 pt for the body and the headings, 12 pt for the
/// recipients' list, 14 pt for the motto's first line's size class.
const BODY: usize = 26;
const SMALL: usize = 24;

pub(crate) fn run(text: &str) -> Run {
    Run::new().add_text(text).size(BODY)
}

pub(crate) fn centered(runs: Vec<Run>) -> Paragraph {
    runs.into_iter()
        .fold(Paragraph::new().align(AlignmentType::Center), |p, r| {
            p.add_run(r)
        })
}

/// The date line: `Sơn La, ngày 02 tháng 07 năm 2026`.
pub fn date_line(place: &str, date: Day) -> String {
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

/// The top of a document of Decree 30: the issuing body under its
/// governing body on the left, the national motto on the right; then the
/// number and summary, and the place and date.
pub(crate) fn heading(
    governing_body: &str,
    agency: &str,
    number: &str,
    summary: &str,
    place: &str,
    date: Day,
) -> Table {
    Table::without_borders(vec![
        TableRow::new(vec![
            TableCell::new()
                .width(3600, WidthType::Dxa)
                .add_paragraph(centered(vec![run(&governing_body.to_uppercase())]))
                .add_paragraph(centered(vec![run(&agency.to_uppercase()).bold()]))
                .add_paragraph(centered(vec![run("―――――")])),
            TableCell::new()
                .width(5800, WidthType::Dxa)
                .add_paragraph(centered(vec![
                    run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold(),
                ]))
                .add_paragraph(centered(vec![
                    Run::new()
                        .add_text("Độc lập - Tự do - Hạnh phúc")
                        .size(28)
                        .bold(),
                ]))
                .add_paragraph(centered(vec![run("―――――――――――――――")])),
        ]),
        TableRow::new(vec![
            TableCell::new()
                .width(3600, WidthType::Dxa)
                .add_paragraph(centered(vec![run(&format!("Số: {number}"))]))
                .add_paragraph(centered(vec![Run::new().add_text(summary).size(SMALL)])),
            TableCell::new()
                .width(5800, WidthType::Dxa)
                .add_paragraph(centered(vec![run(&date_line(place, date)).italic()])),
        ]),
    ])
    .width(9400, WidthType::Dxa)
}

/// An A4 page with Decree 30's margins (20 mm top and bottom, 30 mm left,
/// 15 mm right) in Times New Roman, 13 pt.
pub(crate) fn document() -> Docx {
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman")
                .east_asia("Times New Roman"),
        )
        .default_size(BODY)
}

/// A paragraph of body text: justified, its first line indented.
pub(crate) fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(567)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(120).after(120))
        .add_run(run(text))
}

impl Letter {
    /// The letter as the bytes of a .docx file.
    pub fn to_docx(&self) -> Vec<u8> {
        let header = heading(
            &self.governing_body,
            &self.agency,
            &self.number,
            &self.summary,
            &self.place,
            self.date,
        );
        let mut docx = document()
            .add_table(header)
            .add_paragraph(Paragraph::new())
            .add_paragraph(centered(vec![
                run("Kính gửi: "),
                run(&format!("{}.", self.recipient)),
            ]));
        for paragraph in &self.body {
            docx = docx.add_paragraph(body(paragraph));
        }
        let footer = Table::without_borders(vec![TableRow::new(vec![
            TableCell::new()
                .width(4400, WidthType::Dxa)
                .add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text("Nơi nhận:").size(SMALL).bold().italic()),
                )
                .add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text("- Như trên;").size(22)),
                )
                .add_paragraph(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text("- Lưu: VT, hồ sơ thi hành án.")
                            .size(22),
                    ),
                ),
            TableCell::new()
                .width(5000, WidthType::Dxa)
                .add_paragraph(centered(vec![run("THỦ TRƯỞNG CƠ QUAN").bold()]))
                .add_paragraph(centered(vec![
                    Run::new()
                        .add_text("(Ký, ghi rõ họ tên, đóng dấu)")
                        .size(SMALL)
                        .italic(),
                ])),
        ])])
        .width(9400, WidthType::Dxa);
        let docx = docx.add_paragraph(Paragraph::new()).add_table(footer);
        let mut bytes = std::io::Cursor::new(Vec::new());
        docx.build()
            .pack(&mut bytes)
            .expect("a letter packs into memory");
        bytes.into_inner()
    }
}

/// The signatures under a voucher or a slip: each title over "(Ký, họ
/// tên)", side by side across the page.
pub(crate) fn signatures(titles: &[&str]) -> Table {
    let width = 9400 / titles.len().max(1);
    let signer = |title: &str| {
        TableCell::new()
            .width(width, WidthType::Dxa)
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(title).size(20).bold()),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("(Ký, họ tên)").size(20).italic()),
            )
    };
    Table::without_borders(vec![TableRow::new(
        titles.iter().map(|t| signer(t)).collect(),
    )])
    .width(9400, WidthType::Dxa)
}
