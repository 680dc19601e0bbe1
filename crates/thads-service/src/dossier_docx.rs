//! The dossier as a report of the Steering Committee (a .docx in the layout
//! of Decree 30/2020/NĐ-CP): its figures written the Vietnamese way
//! (`5.675 việc`, `873,07 tỷ đồng`, `84,41%`), its lists as tables.

use docx_rs::{Paragraph, Run, Table, TableCell, TableRow, WidthType};
use thads_core::text::Lang;

use thads_core::committee::Narrative;

use crate::dossier::{CaseList, Dossier, Expected, Figures, Targets};
use crate::letter::{body, centered, document, heading, run};

const VI: Lang = Lang::Vi;

fn title(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text).bold())
}

fn cell(text: &str, width: usize, bold: bool) -> TableCell {
    let r = Run::new().add_text(text).size(22);
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(if bold { r.bold() } else { r }))
}

/// A table with a bold heading row; the widths in twentieths of a point.
fn table(widths: &[usize], head: &[&str], rows: &[Vec<String>]) -> Table {
    let row = |texts: Vec<&str>, bold: bool| {
        TableRow::new(
            texts
                .iter()
                .zip(widths)
                .map(|(t, w)| cell(t, *w, bold))
                .collect(),
        )
    };
    let mut all = vec![row(head.to_vec(), true)];
    all.extend(
        rows.iter()
            .map(|r| row(r.iter().map(String::as_str).collect(), false)),
    );
    Table::new(all).width(widths.iter().sum(), WidthType::Dxa)
}

fn money(dong: i128) -> String {
    VI.billions(dong)
}

/// `thi hành xong 4.213/4.991 việc, đạt 84,41% (chỉ tiêu 82,00%)`.
fn results_line(
    what: &str,
    f: &Figures,
    unit: &dyn Fn(i128) -> String,
    target: Option<thads_core::report::Rate>,
) -> String {
    let against = target.map_or_else(String::new, |t| {
        let verdict = if f.rate.is_some_and(|r| r >= t) {
            "đạt"
        } else {
            "chưa đạt"
        };
        format!(" ({verdict} chỉ tiêu {})", VI.percent(t))
    });
    format!(
        "Về {what}: tổng số thụ lý {}; có điều kiện thi hành {}; thi hành xong {}, đạt tỷ lệ {}{against}; còn phải thi hành {}.",
        unit(f.accepted),
        unit(f.enforceable),
        unit(f.completed),
        VI.rate(f.rate),
        unit(f.remaining),
    )
}

fn cases(n: i128) -> String {
    format!("{} việc", VI.count(n))
}

fn category_name(category: &str) -> &'static str {
    match category {
        "state_budget" => "Thu cho ngân sách nhà nước",
        "credit_institution" => "Liên quan đến tổ chức tín dụng",
        _ => "Tham nhũng, kinh tế",
    }
}

fn expected_line(what: &str, e: &Expected, unit: &dyn Fn(i128) -> String) -> String {
    let mut line = format!(
        "Về {what}: dự kiến đến 30/9 thi hành xong {} trên {} có điều kiện, đạt khoảng {}",
        unit(e.completed),
        unit(e.enforceable),
        VI.rate(e.rate)
    );
    let verdict = match e.reaches_target {
        Some(true) => ", đạt chỉ tiêu",
        Some(false) => ", chưa đạt chỉ tiêu",
        None => "",
    };
    line.push_str(verdict);
    match (e.needed, e.needed_per_month) {
        (Some(needed), Some(per_month)) => line.push_str(&format!(
            "; để đạt chỉ tiêu cần thi hành xong thêm {}, bình quân {} mỗi tháng.",
            unit(needed),
            unit(per_month)
        )),
        _ => line.push('.'),
    }
    line
}

fn case_rows(list: &CaseList) -> Vec<Vec<String>> {
    list.cases
        .iter()
        .map(|c| {
            vec![
                c.code.clone(),
                c.debtor.clone(),
                VI.date(c.accepted),
                money(c.owed),
                state_name(c.state).to_owned(),
                c.executor.clone().unwrap_or_default(),
                c.next_step
                    .map(|(step, due)| format!("{} (hạn {})", step_name(step), VI.date(due)))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

fn state_name(state: &str) -> &'static str {
    match state {
        "postponed" => "Hoãn",
        "suspended" => "Tạm đình chỉ",
        "not_enforceable" => "Chưa có điều kiện",
        _ => "Đang thi hành",
    }
}

fn step_name(step: &str) -> String {
    VI.t(&format!("step-{step}"))
}

const CASE_HEAD: [&str; 7] = [
    "Mã việc",
    "Người phải thi hành",
    "Ngày thụ lý",
    "Còn phải thi hành",
    "Trạng thái",
    "Chấp hành viên",
    "Việc tiếp theo",
];
const CASE_WIDTHS: [usize; 7] = [1500, 1700, 1100, 1400, 1100, 1300, 1300];

fn task_state(state: &str) -> &'static str {
    match state {
        "done" => "Đã hoàn thành",
        "overdue" => "Quá hạn",
        _ => "Đang thực hiện",
    }
}

fn task_table(tasks: &[crate::committee::TaskRow]) -> Table {
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            vec![
                t.id.clone(),
                t.text.clone(),
                t.responsible.clone(),
                VI.date(t.due),
                task_state(t.state).to_owned(),
                t.last_report
                    .as_ref()
                    .map(|(on, text)| format!("{}: {text}", VI.date(*on)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &[1300, 2600, 1700, 1100, 1200, 2000],
        &[
            "Số",
            "Nội dung",
            "Cơ quan thực hiện",
            "Hạn",
            "Tình trạng",
            "Báo cáo gần nhất",
        ],
        &rows,
    )
}

/// A .docx's media type.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The dossier as the bytes of a .docx file.
pub fn dossier_docx(d: &Dossier) -> Vec<u8> {
    dossier_docx_with(d, None)
}

/// The dossier with the narrative the secretariat wrote (the assessment,
/// the causes, the direction), as the bytes of a .docx file.
pub fn dossier_docx_with(d: &Dossier, narrative: Option<&Narrative>) -> Vec<u8> {
    let period = format!("từ ngày {} đến ngày {}", VI.date(d.from), VI.date(d.to));
    let mut doc = document()
        .add_table(heading(
            &format!("Ủy ban nhân dân {}", d.province.trim_start_matches("Thi hành án dân sự ")),
            "Ban Chỉ đạo thi hành án dân sự",
            "      /BC-BCĐ",
            &format!("Hồ sơ phiên họp: kết quả {period}"),
            crate::coordination::place_of(&d.province).as_str(),
            d.to,
        ))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(vec![run("BÁO CÁO").bold()]))
        .add_paragraph(centered(vec![
            run(&format!("Kết quả công tác thi hành án dân sự của {} {period}", d.name)).bold(),
        ]))
        .add_paragraph(body(&format!(
            "Số liệu được tổng hợp từ hệ thống thads tại vị trí nhật ký {}, theo Thông tư 05/2024/TT-BTP.",
            d.position
        )));

    // I. Results.
    let targets: Option<Targets> = d.targets;
    doc = doc
        .add_paragraph(title("I. KẾT QUẢ THI HÀNH ÁN DÂN SỰ"))
        .add_paragraph(body(&results_line(
            "việc",
            &d.results.cases,
            &cases,
            targets.map(|t| t.cases),
        )))
        .add_paragraph(body(&results_line(
            "tiền",
            &d.results.money,
            &money,
            targets.map(|t| t.money),
        )));
    let rows: Vec<Vec<String>> = d
        .categories
        .iter()
        .map(|c| {
            vec![
                category_name(c.category).to_owned(),
                cases(c.results.cases.accepted),
                money(c.results.money.accepted),
                format!(
                    "{} ({})",
                    VI.count(c.results.cases.completed),
                    VI.rate(c.results.cases.rate)
                ),
                format!(
                    "{} ({})",
                    money(c.results.money.completed),
                    VI.rate(c.results.money.rate)
                ),
                format!(
                    "{}; {}; {} số tiền",
                    cases(c.results.cases.remaining),
                    money(c.results.money.remaining),
                    VI.rate(c.share_money)
                ),
            ]
        })
        .collect();
    doc = doc.add_table(table(
        &[1700, 1200, 1500, 1500, 1800, 1700],
        &[
            "Nhóm việc",
            "Thụ lý",
            "Số tiền thụ lý",
            "Xong (tỷ lệ)",
            "Tiền xong (tỷ lệ)",
            "Còn phải thi hành, tỷ trọng",
        ],
        &rows,
    ));
    match &d.projection {
        Some(p) => {
            let years: Vec<String> = p.years.iter().map(|y| y.to_string()).collect();
            doc = doc
                .add_paragraph(body(&format!(
                    "Dự báo đến 30/9 (còn {} tháng), theo tiến độ cùng kỳ các năm thống kê {} trong dữ liệu:",
                    p.months_left,
                    years.join(", ")
                )))
                .add_paragraph(body(&expected_line("việc", &p.cases, &cases)))
                .add_paragraph(body(&expected_line("tiền", &p.money, &money)))
                .add_paragraph(body(
                    "Phương pháp: với mỗi năm trước, lấy số thi hành xong và số có điều kiện đến cùng ngày và đến 30/9; tỷ số cộng dồn của các năm đó nhân với số liệu năm nay cho số dự kiến đến 30/9; số cần thêm là chỉ tiêu nhân số có điều kiện dự kiến, trừ số đã xong, chia đều cho các tháng còn lại.",
                ));
        }
        None => {
            doc = doc.add_paragraph(body(
                "Không có dự báo: kỳ báo cáo không bắt đầu từ 01/10 hoặc đã hết năm thống kê, hoặc dữ liệu chưa có năm trước để so sánh.",
            ));
        }
    }

    // II. Large and long-running cases.
    doc = doc
        .add_paragraph(title("II. VIỆC CÓ GIÁ TRỊ LỚN, VIỆC PHỨC TẠP, KÉO DÀI; ĐỢT CAO ĐIỂM"))
        .add_paragraph(body(&format!(
            "Việc chưa thi hành xong có số tiền phải thi hành từ {} trở lên: {}, còn phải thi hành {}.",
            money(d.large_from),
            cases(d.large.total as i128),
            money(d.large.owed)
        )));
    if !d.large.cases.is_empty() {
        doc = doc.add_table(table(&CASE_WIDTHS, &CASE_HEAD, &case_rows(&d.large)));
    }
    doc = doc.add_paragraph(body(&format!(
        "Việc có điều kiện thi hành, thụ lý từ {} năm trở lên mà chưa xong: {}, còn phải thi hành {}.",
        d.long_years,
        cases(d.long_running.total as i128),
        money(d.long_running.owed)
    )));
    if !d.long_running.cases.is_empty() {
        doc = doc.add_table(table(&CASE_WIDTHS, &CASE_HEAD, &case_rows(&d.long_running)));
    }
    doc = doc.add_paragraph(body(&format!(
        "Việc phức tạp Ban Chỉ đạo theo dõi: {}.",
        cases(d.complex.len() as i128)
    )));
    for k in &d.complex {
        let next = match &k.next {
            Some((text, owner, due)) => {
                format!("bước tiếp theo: {text} ({owner}, hạn {})", VI.date(*due))
            }
            None => "các bước của kế hoạch đã xong".to_owned(),
        };
        doc = doc.add_paragraph(body(&format!(
            "- Việc {} ({}), còn phải thi hành {}: {}. Kế hoạch {}/{} bước đã xong; {}.",
            k.case.code,
            k.case.debtor,
            money(k.case.owed),
            k.reason,
            k.steps_done,
            k.steps,
            next
        )));
    }
    for k in &d.campaigns {
        doc = doc.add_paragraph(body(&format!(
            "Đợt cao điểm “{}” ({} – {}): {} trong đợt; thi hành xong {} trên chỉ tiêu {} ({}); thu được {} trên chỉ tiêu {} ({}).",
            k.name,
            VI.date(k.from),
            VI.date(k.to),
            cases(i128::from(k.total.selected)),
            cases(i128::from(k.total.completed)),
            cases(i128::from(k.target_cases)),
            VI.rate(k.cases_progress),
            money(k.total.collected),
            money(k.target_money),
            VI.rate(k.money_progress),
        )));
    }

    // The evidence warehouses' floor: what the province has and needs.
    let space = &d.warehouses;
    let m2 = |h: thads_core::warehouse::Hundredths| format!("{} m²", VI.hundredths(h.0));
    doc = doc.add_paragraph(body(&format!(
        "Kho vật chứng: diện tích {}, đang sử dụng {}; vật chứng dự kiến tiếp nhận của {} việc hình sự chưa nhập kho khoảng {}; diện tích cần {}, còn thiếu {}.",
        m2(space.available),
        m2(space.occupied),
        VI.count(i128::from(space.cases_to_come)),
        m2(space.expected),
        m2(space.needed),
        m2(space.shortfall),
    )));

    // The coercions that need forces: the committee coordinates them.
    doc = doc.add_paragraph(body(&format!(
        "Cưỡng chế có huy động lực lượng: {} quyết định.",
        VI.count(d.coercions.len() as i128)
    )));
    for k in &d.coercions {
        let at = match &k.at {
            Some(at) => format!("dự kiến {}", planned(at)),
            None => "chưa định thời gian".to_owned(),
        };
        let police = match &k.police {
            Some((code, stage)) => format!(
                "đề nghị công an bảo vệ {code}: {}",
                VI.t(&format!("request-stage-{stage}")).to_lowercase()
            ),
            None => "chưa đề nghị công an bảo vệ".to_owned(),
        };
        doc = doc.add_paragraph(body(&format!(
            "- Quyết định {} ({}), việc {}, {}: {}; {}.",
            k.code,
            VI.t(&format!("coercion-kind-{}", k.kind)).to_lowercase(),
            k.case,
            k.agency,
            at,
            police
        )));
    }

    // III. Coordination.
    let c = &d.coordination;
    doc = doc
        .add_paragraph(title("III. CÔNG TÁC PHỐI HỢP"))
        .add_paragraph(body(&format!(
            "Đến ngày {}, {} văn bản đề nghị quá hạn trả lời, trong đó {} đã báo cáo Ban Chỉ đạo.",
            VI.date(d.to),
            VI.count(c.overdue_total as i128),
            VI.count(c.escalated_total as i128)
        )));
    if !c.partners.is_empty() {
        let rows: Vec<Vec<String>> = c
            .partners
            .iter()
            .map(|p| {
                let days = |d: Option<u32>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
                vec![
                    p.name.clone(),
                    VI.count(p.sent as i128),
                    VI.count(p.answered as i128),
                    VI.count(p.answered_on_time as i128),
                    VI.count(p.overdue as i128),
                    days(p.median_days),
                    days(p.p90_days),
                ]
            })
            .collect();
        doc = doc.add_table(table(
            &[2800, 900, 1000, 1000, 1000, 900, 900],
            &[
                "Cơ quan",
                "Đã gửi",
                "Đã trả lời",
                "Đúng hạn",
                "Quá hạn",
                "Trung vị (ngày)",
                "P90 (ngày)",
            ],
            &rows,
        ));
    }
    if !c.overdue.is_empty() {
        let rows: Vec<Vec<String>> = c
            .overdue
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.partner_name.clone(),
                    r.case.clone().unwrap_or_default(),
                    VI.date(r.due),
                    format!("{} ngày làm việc", r.overdue_days),
                    r.escalated.map(|d| VI.date(d)).unwrap_or_default(),
                ]
            })
            .collect();
        doc = doc.add_paragraph(Paragraph::new()).add_table(table(
            &[1700, 2600, 1500, 1100, 1300, 1200],
            &[
                "Số đề nghị",
                "Cơ quan",
                "Việc",
                "Hạn trả lời",
                "Quá hạn",
                "Báo cáo BCĐ",
            ],
            &rows,
        ));
    }
    doc = doc.add_paragraph(body(&format!(
        "Vướng mắc giữa các cơ quan nêu tại Ban Chỉ đạo: {} chưa được giải quyết.",
        c.obstacles.iter().filter(|o| o.settled.is_none()).count()
    )));
    for o in &c.obstacles {
        let concerning = o
            .partner
            .as_ref()
            .map(|p| format!(" (liên quan {p})"))
            .unwrap_or_default();
        let state = match &o.settled {
            Some((on, how)) => format!("đã giải quyết ngày {}: {how}", VI.date(*on)),
            None => "chưa giải quyết".to_owned(),
        };
        doc = doc.add_paragraph(body(&format!(
            "- {} nêu ngày {}{concerning}: {} — {state}.",
            o.by,
            VI.date(o.on),
            o.text
        )));
    }
    // IV. What became of the committee's conclusions.
    let t = &d.tasks;
    doc = doc.add_paragraph(title("IV. KẾT QUẢ THỰC HIỆN KẾT LUẬN CỦA BAN CHỈ ĐẠO"));
    match &t.previous_meeting {
        None => doc = doc.add_paragraph(body("Chưa có phiên họp trước trong dữ liệu.")),
        Some(meeting) => {
            doc = doc.add_paragraph(body(&format!("Kết luận phiên họp {meeting}:")));
            if !t.previous.is_empty() {
                doc = doc.add_table(task_table(&t.previous));
            }
        }
    }
    if !t.overdue.is_empty() {
        doc = doc
            .add_paragraph(body("Nhiệm vụ của các phiên họp trước đã quá hạn:"))
            .add_table(task_table(&t.overdue));
    }
    if let Some(n) = narrative {
        for (heading, text) in [
            ("V. ĐÁNH GIÁ CHUNG", &n.assessment),
            ("VI. NGUYÊN NHÂN", &n.causes),
            ("VII. PHƯƠNG HƯỚNG, NHIỆM VỤ", &n.direction),
        ] {
            if text.is_empty() {
                continue;
            }
            doc = doc.add_paragraph(title(heading));
            for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
                doc = doc.add_paragraph(body(paragraph.trim()));
            }
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .expect("a dossier packs into memory");
    bytes.into_inner()
}

/// A planned time (`YYYY-MM-DD HH:MM`) the Vietnamese way.
fn planned(at: &str) -> String {
    thads_core::coercion::Planned::parse(at)
        .map_or_else(|| at.to_owned(), crate::coercions::vi_time)
}
