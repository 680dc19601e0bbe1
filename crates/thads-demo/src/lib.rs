//! Demo journals: Vietnamese names, provinces with their regional offices,
//! every event type in plausible proportions, amounts from a few hundred
//! thousand to tens of billions of đồng. The same seed gives the same file.
//!
//! Every event is checked by the case fold as it is made, so a demo journal
//! always imports. It is of the format's second version: each office has its
//! executors, each case is assigned to one and its decision served; debtors
//! are verified, those without means published and verified again every six
//! months, collections paid out, decisions grounded, and after 1 July 2026
//! requests without means for two years returned (or, ex officio, moved to
//! the separate register). Now and then a step is late or not done yet, as
//! in an office, so that the to-do lists have something to say.
//!
//! Each province has its partners (courts, procuracy, police, departments,
//! banks, communes, another province's agency), and about one case in
//! five has requests sent to them: most answered in time, some late,
//! reminded and brought to the Steering Committee, some still waiting.

use std::io::{self, Write};

mod warehouse;

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thads_core::coordination::{Code, Fact, Partner, PartnerKind, Request};
use thads_core::event::{Kind, UnableGround};
use thads_core::executor::{Executor, ExecutorCode};
use thads_core::journal::{Record, write_record};
use thads_core::{
    Acceptance, Agency, AgencyCode, BankAccount, BudgetItem, CaseCode, CaseState, Category,
    Creditor, Day, Event, EventParts, JudgmentKind, Mode, Party, Vnd,
};

/// The 34 provinces (since 1 July 2025): code, name, share of the country's cases (‰).
const PROVINCES: [(&str, &str, u32); 34] = [
    ("HCM", "Thành phố Hồ Chí Minh", 170),
    ("HN", "Thành phố Hà Nội", 100),
    ("HP", "Thành phố Hải Phòng", 40),
    ("DNG", "Thành phố Đà Nẵng", 35),
    ("CT", "Thành phố Cần Thơ", 35),
    ("HUE", "Thành phố Huế", 15),
    ("DNA", "tỉnh Đồng Nai", 45),
    ("BN", "tỉnh Bắc Ninh", 30),
    ("QN", "tỉnh Quảng Ninh", 20),
    ("TH", "tỉnh Thanh Hóa", 30),
    ("NA", "tỉnh Nghệ An", 30),
    ("HT", "tỉnh Hà Tĩnh", 15),
    ("KH", "tỉnh Khánh Hòa", 25),
    ("LD", "tỉnh Lâm Đồng", 25),
    ("DLK", "tỉnh Đắk Lắk", 25),
    ("GL", "tỉnh Gia Lai", 20),
    ("TNI", "tỉnh Tây Ninh", 30),
    ("VL", "tỉnh Vĩnh Long", 25),
    ("DT", "tỉnh Đồng Tháp", 25),
    ("AG", "tỉnh An Giang", 30),
    ("CM", "tỉnh Cà Mau", 20),
    ("HY", "tỉnh Hưng Yên", 20),
    ("NB", "tỉnh Ninh Bình", 20),
    ("PT", "tỉnh Phú Thọ", 20),
    ("TNG", "tỉnh Thái Nguyên", 15),
    ("QT", "tỉnh Quảng Trị", 12),
    ("QNG", "tỉnh Quảng Ngãi", 15),
    ("TQ", "tỉnh Tuyên Quang", 10),
    ("LCA", "tỉnh Lào Cai", 10),
    ("LS", "tỉnh Lạng Sơn", 8),
    ("CB", "tỉnh Cao Bằng", 6),
    ("SL", "tỉnh Sơn La", 10),
    ("DB", "tỉnh Điện Biên", 6),
    ("LCH", "tỉnh Lai Châu", 5),
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Lò", "Quàng", "Giàng", "Tòng", "Cầm", "Đinh", "Trịnh", "Mai",
];
const MIDDLE_MEN: &[&str] = &["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"];
const MIDDLE_WOMEN: &[&str] = &["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng"];
const GIVEN_MEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Sơn", "Tuấn", "Phong", "Khoa",
    "Quang",
];
const GIVEN_WOMEN: &[&str] = &[
    "Hà", "Hạnh", "Lan", "Mai", "Phương", "Yến", "Linh", "Hoa", "Thảo", "Trang", "Hương", "Nhung",
];
const BANKS: &[&str] = &[
    "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
    "Ngân hàng TMCP Ngoại thương Việt Nam",
    "Ngân hàng TMCP Công thương Việt Nam",
    "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
    "Ngân hàng Chính sách xã hội",
    "Ngân hàng TMCP Sài Gòn Thương Tín",
];
const STREETS: &[&str] = &[
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
];

/// The last day a demo journal records anything on.
fn horizon() -> Day {
    Day::from_ymd(2026, 10, 31).expect("valid")
}

/// The first day a demo case may be accepted on.
fn beginning() -> Day {
    Day::from_ymd(2019, 10, 1).expect("valid")
}

/// A demo journal's shape.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    /// How many cases.
    pub cases: usize,
    /// The random seed: the same seed gives the same journal.
    pub seed: u64,
}

/// An agency of the demo.
struct Office {
    code: AgencyCode,
    /// Its province's position in [`PROVINCES`].
    province: usize,
}

/// One case record before it is written: a compact stand-in, so that a
/// million cases fit in memory while the journal is put in date order.
#[derive(Clone, Copy)]
struct Pending {
    on: Day,
    case: u32,
    /// `None` for the acceptance, which is drawn again when written.
    kind: Option<Kind>,
    amount: i64,
    /// The receiving office of an entrustment, or the executor assigned.
    to: u32,
}

/// The first day of the law of 2025 (Law 106/2025/QH15).
fn new_law() -> Day {
    Day::from_ymd(2026, 7, 1).expect("valid")
}

/// Each case draws from its own generator, so that its acceptance can be
/// drawn again when it is written instead of being kept in memory.
fn case_rng(seed: u64, case: u32) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ u64::from(case).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn person(rng: &mut ChaCha8Rng, province: usize) -> Party {
    let woman = rng.random_bool(0.45);
    let (middles, givens) = if woman {
        (MIDDLE_WOMEN, GIVEN_WOMEN)
    } else {
        (MIDDLE_MEN, GIVEN_MEN)
    };
    let name = format!(
        "{} {} {}",
        FAMILY.choose(rng).expect("names"),
        middles.choose(rng).expect("names"),
        givens.choose(rng).expect("names")
    );
    // A CCCD starts with the code of the province of birth.
    let id = rng.random_bool(0.8).then(|| {
        format!(
            "{:03}{:09}",
            1 + province * 2,
            rng.random_range(0..1_000_000_000u32)
        )
    });
    let address = rng.random_bool(0.5).then(|| {
        format!(
            "Số {} đường {}, {}",
            rng.random_range(1..300),
            STREETS.choose(rng).expect("streets"),
            PROVINCES[province].1
        )
    });
    Party { name, id, address }
}

/// Money to enforce: mostly a few hundred thousand to a few hundred million
/// đồng, now and then billions, rarely tens of billions.
fn amount(rng: &mut ChaCha8Rng) -> Vnd {
    if rng.random_bool(0.01) {
        return Vnd(0); // e.g. handing over a house
    }
    const POWERS: [(i64, u32); 6] = [
        (1_000, 28),
        (10_000, 30),
        (100_000, 22),
        (1_000_000, 12),
        (10_000_000, 6),
        (100_000_000, 2),
    ];
    let mut pick = rng.random_range(0..100);
    let power = POWERS
        .iter()
        .find(|(_, w)| {
            pick < *w || {
                pick -= w;
                false
            }
        })
        .expect("weights")
        .0;
    Vnd(rng.random_range(100..1000) * power)
}

/// Draws a case's acceptance: its office, date, code and details.
fn accept(
    rng: &mut ChaCha8Rng,
    offices: &[Office],
    by_province: &[Vec<usize>],
    case: u32,
) -> (usize, Day, CaseCode, Acceptance) {
    let weights: u32 = by_province
        .iter()
        .enumerate()
        .map(|(p, _)| PROVINCES[p].2)
        .sum();
    let mut pick = rng.random_range(0..weights);
    let province = (0..by_province.len())
        .find(|p| {
            pick < PROVINCES[*p].2 || {
                pick -= PROVINCES[*p].2;
                false
            }
        })
        .expect("weights");
    let members = &by_province[province];
    // One case in ten is accepted by the province itself.
    let office = if rng.random_bool(0.1) {
        members[0]
    } else {
        *members[1..].choose(rng).expect("offices")
    };
    // More cases in recent years: the backlog grows.
    let span = beginning().days_until(horizon());
    let on = beginning().plus_days((rng.random::<f64>().powf(0.85) * f64::from(span)) as i32);
    let code = CaseCode::parse(&format!(
        "{}/{}/{:07}",
        offices[office].code,
        on.year(),
        case + 1
    ))
    .expect("valid code");

    let mode = if rng.random_bool(0.55) {
        Mode::ExOfficio
    } else {
        Mode::OnRequest
    };
    let mut categories = Vec::new();
    if mode == Mode::ExOfficio && rng.random_bool(0.85) {
        categories.push(Category::StateBudget);
    }
    if mode == Mode::OnRequest && rng.random_bool(0.12) {
        categories.push(Category::CreditInstitution);
    }
    if rng.random_bool(0.03) {
        categories.push(Category::CorruptionEconomic);
    }
    let (creditor, judgment_kind) = if categories.contains(&Category::StateBudget) {
        (
            Party {
                name: "Ngân sách nhà nước".to_owned(),
                id: None,
                address: None,
            },
            "HS-ST",
        )
    } else if categories.contains(&Category::CreditInstitution) {
        (
            Party {
                name: (*BANKS.choose(rng).expect("banks")).to_owned(),
                id: None,
                address: None,
            },
            "KDTM-ST",
        )
    } else {
        (
            person(rng, province),
            *["DS-ST", "DS-PT", "HNGĐ-ST", "KDTM-ST"]
                .choose(rng)
                .expect("kinds"),
        )
    };
    let acceptance = Acceptance {
        agency: offices[office].code.clone(),
        mode,
        amount: amount(rng),
        categories,
        decision: format!("{}/QĐ-THADS", rng.random_range(1..3000)),
        judgment: format!(
            "{}/{}/{}",
            rng.random_range(1..500),
            on.year() - 1,
            judgment_kind
        ),
        debtor: person(rng, province),
        creditor,
        judgment_kind: None,
        budget_item: None,
        creditors: Vec::new(),
        debtors: Vec::new(),
    };
    // Said from what was drawn, without drawing again: the same seed gives
    // the same journal as before the journal's second version had them.
    let mut acceptance = acceptance;
    acceptance.judgment_kind = Some(match judgment_kind {
        "HS-ST" => JudgmentKind::Criminal,
        "KDTM-ST" => JudgmentKind::Business,
        "HNGĐ-ST" => JudgmentKind::MarriageFamily,
        _ => JudgmentKind::Civil,
    });
    // About one civil case on request in a hundred enforces the State's
    // liability to compensate (an administrative judgment), said from the
    // amount drawn.
    if mode == Mode::OnRequest
        && acceptance.categories.is_empty()
        && acceptance.amount.get() / 1000 % 97 == 3
    {
        acceptance.categories.push(Category::StateCompensation);
        acceptance.judgment_kind = Some(JudgmentKind::Administrative);
        if let Some((number, _)) = acceptance.judgment.rsplit_once('/') {
            acceptance.judgment = format!("{number}/HC-ST");
        }
    }
    // About one credit-institution case in eleven also owes the debtor
    // company's workers their wages and the court fees (Law 2014 Art. 47:
    // paid before the bank), said from the amount drawn; the bank and the
    // workers gave their accounts.
    if acceptance.categories.contains(&Category::CreditInstitution)
        && acceptance.amount.get() / 1000 % 11 == 4
    {
        acceptance.creditors = several_creditors(&acceptance);
    }
    if acceptance.categories.contains(&Category::StateBudget) {
        let which = (acceptance.amount.get() / 1000 % 10) as usize;
        acceptance.budget_item = Some(
            [
                BudgetItem::Fine,
                BudgetItem::Fine,
                BudgetItem::Fine,
                BudgetItem::CourtFee,
                BudgetItem::CourtFee,
                BudgetItem::CourtFee,
                BudgetItem::Confiscation,
                BudgetItem::IllicitGain,
                BudgetItem::IllicitGain,
                BudgetItem::Other,
            ][which],
        );
    }
    (office, on, code, acceptance)
}

/// The creditors of a bank's case that also owes wages and court fees:
/// a tenth of the amount to two workers, a hundredth to the tax office,
/// the rest to the bank.
fn several_creditors(acceptance: &Acceptance) -> Vec<Creditor> {
    use thads_core::distribution::Rank;
    let amount = acceptance.amount.get();
    let number = amount / 1000 % 1_000_000;
    let account = |bank: &str, prefix: i64| {
        Some(BankAccount {
            number: format!("{prefix}{number:07}"),
            bank: bank.to_owned(),
        })
    };
    let party = |name: &str| Party {
        name: name.to_owned(),
        id: None,
        address: None,
    };
    let wages = amount / 20;
    let fees = (amount / 100).max(1);
    vec![
        Creditor {
            party: acceptance.creditor.clone(),
            amount: Vnd(amount - 2 * wages - fees),
            rank: Rank::Other,
            account: account(&acceptance.creditor.name, 10_100),
        },
        Creditor {
            party: party("Nguyễn Thị Hằng"),
            amount: Vnd(wages),
            rank: Rank::AlimonyWagesInjury,
            account: account("Agribank", 72_010),
        },
        Creditor {
            party: party("Trần Văn Bình"),
            amount: Vnd(wages),
            rank: Rank::AlimonyWagesInjury,
            account: account("Vietcombank", 10_200),
        },
        Creditor {
            party: party("Chi cục Thuế khu vực"),
            amount: Vnd(fees),
            rank: Rank::CourtFees,
            account: None,
        },
    ]
}

/// A share of what is owed, rounded down to thousands, at least 1 đ.
fn part_of(owed: Vnd, percent: std::ops::Range<i64>, rng: &mut ChaCha8Rng) -> Vnd {
    let part = owed.get() * rng.random_range(percent) / 100 / 1000 * 1000;
    Vnd(part.clamp(1, owed.get()))
}

/// The next event of a case in `state`, with the days until it; `None` when
/// the case stays as it is (on hold, or without means for years).
///
/// Shaped on the national figures: most enforceable cases are paid off in
/// instalments within months; about a third of cases have no means, large
/// debts more often than small ones, and most of those stay without means
/// for years.
fn next_step(
    rng: &mut ChaCha8Rng,
    state: &CaseState,
    first: bool,
    amount: Vnd,
) -> Option<(i32, Kind, Vnd)> {
    let days = |rng: &mut ChaCha8Rng, range: std::ops::Range<i32>| rng.random_range(range);
    let roll: u32 = rng.random_range(0..100);
    if state.owed == Vnd::ZERO {
        return Some((days(rng, 0..10), Kind::Completed, Vnd::ZERO));
    }
    if state.pause.is_some() {
        return match roll {
            0..85 => Some((days(rng, 30..150), Kind::Resumed, Vnd::ZERO)),
            85..90 => Some((days(rng, 60..400), Kind::Terminated, Vnd::ZERO)),
            _ => None,
        };
    }
    if !state.enforceable {
        return match roll {
            0..30 => Some((days(rng, 180..900), Kind::Able, Vnd::ZERO)),
            30..36 => Some((
                days(rng, 365..1800),
                Kind::Reduced,
                part_of(state.owed, 10..50, rng),
            )),
            // Exempted, or the debtor died without an estate.
            36..55 => Some((days(rng, 365..1500), Kind::Terminated, Vnd::ZERO)),
            // Checked again every six months, and still without means.
            _ => None,
        };
    }
    if first {
        let without_means = match amount.get() {
            a if a >= 1_000_000_000 => 55,
            a if a >= 100_000_000 => 35,
            _ => 15,
        };
        if roll < without_means {
            return Some((days(rng, 20..90), Kind::Unable, Vnd::ZERO));
        }
    }
    Some(match rng.random_range(0..100) {
        // Mostly paid in a few instalments; large debts slowly, through
        // seizures and auctions.
        0..80 => {
            let (full, gap) = match amount.get() {
                a if a >= 1_000_000_000 => (0.2, 90..400),
                a if a >= 100_000_000 => (0.35, 30..200),
                _ => (0.65, 5..40),
            };
            let paid = if rng.random_bool(full) {
                state.owed
            } else {
                part_of(state.owed, 10..60, rng)
            };
            (days(rng, gap), Kind::Collected, paid)
        }
        80..85 => (days(rng, 30..200), Kind::Unable, Vnd::ZERO),
        85..89 => (days(rng, 30..200), Kind::Postponed, Vnd::ZERO),
        89..92 => (days(rng, 30..200), Kind::Suspended, Vnd::ZERO),
        92..94 => (
            days(rng, 60..300),
            Kind::Reduced,
            part_of(state.owed, 5..30, rng),
        ),
        94..97 => (days(rng, 30..400), Kind::Terminated, Vnd::ZERO),
        _ => (days(rng, 20..120), Kind::Entrusted, Vnd::ZERO),
    })
}

const UNABLE_REASONS: &[&str] = &[
    "Người phải thi hành án không có tài sản",
    "Không xác định được địa chỉ",
    "Người phải thi hành án đang chấp hành án phạt tù",
];
/// The ground of each of [`UNABLE_REASONS`].
const UNABLE_GROUNDS: [UnableGround; 3] = [
    UnableGround::NoMeans,
    UnableGround::AddressUnknown,
    UnableGround::NoMeans,
];
const VERIFICATION_NOTES: &[&str] = &[
    "Xác minh tại UBND xã: không có tài sản, thu nhập",
    "Không có mặt tại địa phương, chưa xác định được nơi ở mới",
    "Đang chấp hành án phạt tù, không có tài sản riêng",
];

/// A ground of `rules/grounds.toml` for a postponement, a suspension or a
/// termination on `on` (the `which`-th reason), by the law then in force.
fn ground(kind: Kind, on: Day, which: usize) -> Option<String> {
    let old = on < new_law();
    let code = match kind {
        Kind::Postponed if old => ["l2014-a48-1-a", "l2014-a48-1-b", "l2014-a48-1-c"][which],
        Kind::Suspended if old => "l2014-a49-2",
        Kind::Terminated if old => ["l2014-a50-1-a", "l2014-a50-1-c", "l2014-a50-1-e"][which],
        Kind::Postponed => "l106-postponed",
        Kind::Suspended => "l106-suspended",
        Kind::Terminated => "l106-a48",
        _ => return None,
    };
    Some(code.to_owned())
}

const TERMINATION_REASONS: &[&str] = &[
    "Người phải thi hành án chết không để lại di sản",
    "Người được thi hành án từ bỏ quyền",
    "Miễn nghĩa vụ thi hành án",
];

/// Writes a demo journal; returns how many lines were written.
pub fn write_demo(spec: DemoSpec, out: &mut dyn Write) -> io::Result<usize> {
    let mut lines = 0;
    let mut write = |out: &mut dyn Write, record: &Record| -> io::Result<()> {
        lines += 1;
        writeln!(out, "{}", write_record(record))
    };

    // Agencies: each province, then its regional offices (5 to 16 of them).
    let province_count = (spec.cases / 30_000).clamp(3, PROVINCES.len());
    let mut offices: Vec<Office> = Vec::new();
    let mut by_province: Vec<Vec<usize>> = Vec::new();
    for (p, (code, name, _)) in PROVINCES[..province_count].iter().enumerate() {
        let province_code = AgencyCode::parse(code).expect("valid code");
        let mut members = vec![offices.len()];
        write(
            out,
            &Record::Agency(Agency {
                code: province_code.clone(),
                name: format!("Thi hành án dân sự {name}"),
                parent: None,
            }),
        )?;
        offices.push(Office {
            code: province_code.clone(),
            province: p,
        });
        for k in 1..=(5 + (p * 7) % 12) {
            let code = AgencyCode::parse(&format!("{code}-KV{k}")).expect("valid code");
            let name = format!("Phòng Thi hành án dân sự khu vực {k} - {name}");
            write(
                out,
                &Record::Agency(Agency {
                    code: code.clone(),
                    name,
                    parent: Some(province_code.clone()),
                }),
            )?;
            members.push(offices.len());
            offices.push(Office { code, province: p });
        }
        by_province.push(members);
    }
    // Executors: two to seven an office, numbered within it.
    let mut executors: Vec<Vec<u32>> = vec![Vec::new(); offices.len()];
    let mut executor_count = 0u32;
    for (o, office) in offices.iter().enumerate() {
        let mut rng = case_rng(spec.seed ^ 0xE0E0, o as u32);
        for n in 1..=rng.random_range(2..8) {
            let code =
                ExecutorCode::parse(&format!("{}-CHV{n:02}", office.code)).expect("valid code");
            let name = person(&mut rng, office.province).name;
            write(
                out,
                &Record::Executor(Executor {
                    code,
                    name,
                    agency: office.code.clone(),
                }),
            )?;
            executors[o].push(executor_count);
            executor_count += 1;
        }
    }
    let executor_codes: Vec<ExecutorCode> = offices
        .iter()
        .zip(&executors)
        .flat_map(|(office, list)| {
            (1..=list.len()).map(move |n| {
                ExecutorCode::parse(&format!("{}-CHV{n:02}", office.code)).expect("valid code")
            })
        })
        .collect();

    // Every case's records, then all of them in date order (a case's own
    // records keep their order: the sort is stable).
    let mut pending: Vec<Pending> = Vec::with_capacity(spec.cases * 4);
    for case in 0..u32::try_from(spec.cases).expect("fewer than 4 billion cases") {
        let mut rng = case_rng(spec.seed, case);
        let (office, on, _, acceptance) = accept(&mut rng, &offices, &by_province, case);
        pending.push(Pending {
            on,
            case,
            kind: None,
            amount: 0,
            to: 0,
        });
        let mut state = CaseState::accepted(on, acceptance.amount);
        let mut push = |state: &mut CaseState, on: Day, kind: Kind, amount: i64, to: u32| {
            if on > horizon() {
                return false;
            }
            state
                .apply(on, kind, Vnd(amount))
                .expect("the demo follows the journal's rules");
            pending.push(Pending {
                on,
                case,
                kind: Some(kind),
                amount,
                to,
            });
            true
        };
        // Assigned and served within days; nearly always verified in time.
        let staff = &executors[office];
        let executor = staff[rng.random_range(0..staff.len())];
        push(
            &mut state,
            on.plus_days(rng.random_range(0..3)),
            Kind::Assigned,
            0,
            executor,
        );
        let served = state.last_on.plus_days(rng.random_range(1..8));
        push(&mut state, served, Kind::Notified, 0, 0);
        let mut verified_on: Option<Day> = None;
        let mut first = true;
        while let Some((gap, kind, amount)) = next_step(&mut rng, &state, first, acceptance.amount)
        {
            let day = state.last_on.plus_days(gap);
            if first && kind != Kind::Unable && rng.random_bool(0.9) {
                // The verification after the voluntary period found means.
                let check = served.plus_days(rng.random_range(15..30)).min(day);
                push(&mut state, check, Kind::Verified, 1, 0);
            }
            first = false;
            if !state.enforceable {
                // Verified again every six months or so, still without means.
                let mut last = verified_on.unwrap_or(state.last_on).max(state.last_on);
                loop {
                    let next = last.plus_days(rng.random_range(150..200));
                    if next >= day || next > horizon() {
                        break;
                    }
                    if rng.random_bool(0.92) {
                        push(&mut state, next, Kind::Verified, 0, 0);
                    }
                    last = next;
                }
            }
            if day > horizon() {
                break;
            }
            if kind == Kind::Unable {
                // A verification without means, then the decision.
                push(&mut state, day, Kind::Verified, 0, 0);
                let decided = day.plus_days(rng.random_range(1..8));
                if !push(&mut state, decided, Kind::Unable, 0, 0) {
                    break;
                }
                verified_on = Some(decided);
                if rng.random_bool(0.9) {
                    let published = decided.plus_days(rng.random_range(1..7));
                    push(&mut state, published, Kind::Published, 0, 0);
                }
                continue;
            }
            let to = if kind == Kind::Entrusted {
                // Mostly to another province, where the debtor's assets are.
                let other = loop {
                    let o = rng.random_range(0..offices.len());
                    if o != office
                        && (offices[o].province != offices[office].province || rng.random_bool(0.2))
                    {
                        break o;
                    }
                };
                other as u32
            } else {
                0
            };
            push(&mut state, day, kind, amount.get(), to);
            if kind == Kind::Collected && rng.random_bool(0.93) {
                let paid = day.plus_days(rng.random_range(2..13));
                push(&mut state, paid, Kind::PaidOut, amount.get(), 0);
            }
            if kind == Kind::Able {
                verified_on = None;
            }
            if rng.random_bool(0.03) && state.closed.is_none() {
                // Reassigned within the office.
                let other = staff[rng.random_range(0..staff.len())];
                let on = state.last_on;
                push(&mut state, on, Kind::Assigned, 0, other);
            }
            if state.closed.is_some() {
                break;
            }
        }
        // Without means for two years under the new law: the request
        // returned, or the case moved to the separate register.
        if state.closed.is_none() && !state.enforceable && !state.apart {
            let from = state.unable_since.plus_months(24).max(new_law());
            let on = from.max(state.last_on).plus_days(rng.random_range(0..90));
            let returned = rng.random_bool(0.6);
            // Until then verified every six months or so.
            let mut last = verified_on.unwrap_or(state.last_on).max(state.last_on);
            loop {
                let next = last.plus_days(rng.random_range(150..200));
                if (returned && next >= on) || next > horizon() {
                    break;
                }
                if rng.random_bool(0.92) {
                    push(&mut state, next, Kind::Verified, 0, 0);
                }
                last = next;
            }
            if returned {
                let kind = match acceptance.mode {
                    Mode::OnRequest => Kind::Returned,
                    Mode::ExOfficio => Kind::RegisteredApart,
                };
                push(&mut state, on, kind, 0, 0);
            }
        }
    }
    pending.sort_by_key(|p| p.on);

    let mut codes: Vec<Option<CaseCode>> = vec![None; spec.cases];
    let mut opened: Vec<(CaseCode, Day, usize)> = Vec::new();
    // The criminal cases whose evidence a province's warehouse keeps.
    let mut criminal: Vec<(CaseCode, Day, usize)> = Vec::new();
    for p in pending {
        let record = match p.kind {
            None => {
                let mut rng = case_rng(spec.seed, p.case);
                let (office, on, code, acceptance) =
                    accept(&mut rng, &offices, &by_province, p.case);
                codes[p.case as usize] = Some(code.clone());
                if p.case % 5 == 2 {
                    opened.push((code.clone(), on, office));
                }
                if acceptance.judgment_kind == Some(JudgmentKind::Criminal) && p.case % 3 == 1 {
                    criminal.push((code.clone(), on, offices[office].province));
                }
                Record::Accepted {
                    case: code,
                    on,
                    counted_on: None,
                    acceptance: Box::new(acceptance),
                }
            }
            Some(kind) => {
                let reasons = match kind {
                    Kind::Unable => UNABLE_REASONS,
                    Kind::Verified => VERIFICATION_NOTES,
                    _ => TERMINATION_REASONS,
                };
                let which = p.case as usize % reasons.len();
                let parts = EventParts {
                    amount: Some(Vnd(p.amount)),
                    reason: matches!(kind, Kind::Unable | Kind::Terminated)
                        .then(|| reasons[which].to_owned())
                        .or_else(|| {
                            (kind == Kind::Verified && p.amount == 0)
                                .then(|| VERIFICATION_NOTES[which % 3].to_owned())
                        }),
                    to: (kind == Kind::Entrusted).then(|| offices[p.to as usize].code.clone()),
                    executor: (kind == Kind::Assigned)
                        .then(|| executor_codes[p.to as usize].clone()),
                    means: Some(p.amount == 1),
                    unable_ground: Some(UNABLE_GROUNDS[which % 3]),
                    ground: ground(kind, p.on, which),
                    payee: None,
                };
                let event = Event::from_parts(kind, parts).expect("every part is given");
                let case = codes[p.case as usize].clone().expect("accepted first");
                Record::Event {
                    case,
                    on: p.on,
                    counted_on: None,
                    event,
                }
            }
        };
        write(out, &record)?;
    }
    for fact in coordination(spec.seed, &offices, province_count, &opened) {
        write(out, &Record::Coordination(Box::new(fact)))?;
    }
    let provinces: Vec<AgencyCode> = PROVINCES[..province_count]
        .iter()
        .map(|(code, _, _)| AgencyCode::parse(code).expect("valid code"))
        .collect();
    // One and a half items a case, but 10,000 at most in all: a national
    // demo's memory is measured against the payouts' target, and the
    // warehouse's scale has a benchmark of its own.
    let per_case = (10_000.0 / criminal.len().max(1) as f64).min(1.5);
    for fact in warehouse::warehouse_facts(spec.seed, &provinces, &criminal, per_case, horizon()) {
        write(out, &Record::Coordination(Box::new(Fact::Warehouse(fact))))?;
    }
    Ok(lines)
}

/// A journal for the warehouse's benchmark: one province whose criminal
/// cases of ten years, to the demo's horizon, bring `items` items into
/// its two warehouses.
pub fn write_warehouse_bench(items: usize, out: &mut dyn Write) -> io::Result<usize> {
    let province = AgencyCode::parse("SL").expect("valid code");
    let mut records = vec![Record::Agency(Agency {
        code: province.clone(),
        name: "Thi hành án dân sự tỉnh Sơn La".to_owned(),
        parent: None,
    })];
    let cases = items / 2;
    let first = horizon().plus_months(-120);
    let span = first.days_until(horizon()) - 30;
    let mut criminal = Vec::with_capacity(cases);
    for n in 0..cases {
        let on = first.plus_days((n as i64 * i64::from(span) / cases as i64) as i32);
        let code = CaseCode::parse(&format!("SL/{}/{:06}", on.year(), n + 1)).expect("valid");
        let mut rng = case_rng(7, n as u32);
        records.push(Record::Accepted {
            case: code.clone(),
            on,
            counted_on: None,
            acceptance: Box::new(Acceptance {
                agency: province.clone(),
                mode: Mode::ExOfficio,
                amount: amount(&mut rng),
                categories: vec![Category::StateBudget],
                decision: format!("{}/QĐ-THADS", n % 3000 + 1),
                judgment: format!("{}/{}/HS-ST", n % 500 + 1, on.year() - 1),
                debtor: person(&mut rng, 0),
                creditor: Party {
                    name: "Ngân sách nhà nước".to_owned(),
                    id: None,
                    address: None,
                },
                judgment_kind: Some(JudgmentKind::Criminal),
                budget_item: Some(BudgetItem::Confiscation),
                creditors: Vec::new(),
                debtors: Vec::new(),
            }),
        });
        criminal.push((code, on, 0));
    }
    let facts = warehouse::warehouse_facts(7, &[province], &criminal, 2.0, horizon());
    records.extend(
        facts
            .into_iter()
            .map(|f| Record::Coordination(Box::new(Fact::Warehouse(f)))),
    );
    for record in &records {
        writeln!(out, "{}", write_record(record))?;
    }
    Ok(records.len())
}

/// A partner of the demo.
fn partner(code: String, kind: PartnerKind, name: String, agency: &AgencyCode) -> Fact {
    Fact::Partner(Partner {
        code: Code::parse(&code).expect("a valid code"),
        kind,
        name,
        agency: agency.clone(),
        parent: None,
        address: None,
        phone: None,
        email: None,
    })
}

/// Each province's partners, then the requests of the `opened` cases (code,
/// day accepted, office): what is asked, how long the partner takes, the
/// reminders and escalations of those late.
fn coordination(
    seed: u64,
    offices: &[Office],
    province_count: usize,
    opened: &[(CaseCode, Day, usize)],
) -> Vec<Fact> {
    use PartnerKind as K;
    let mut facts = Vec::new();
    // The partners each request of a province may go to: (code, kind, what
    // is asked, reply period in days, how many days it takes at most).
    let mut asked: Vec<Vec<(Code, &'static str, u32, u32)>> = Vec::new();
    for (p, (code, name, _)) in PROVINCES[..province_count].iter().enumerate() {
        let agency = AgencyCode::parse(code).expect("a valid code");
        let other = PROVINCES[(p + 1) % province_count];
        let list = [
            (
                "TAND",
                K::Court,
                format!("Tòa án nhân dân {name}"),
                "explain_judgment",
                15,
                45,
            ),
            // The procuracy gets exemption files from the month's batch.
            (
                "VKSND",
                K::Procuracy,
                format!("Viện kiểm sát nhân dân {name}"),
                "",
                0,
                0,
            ),
            (
                "CA",
                K::PoliceProvince,
                format!("Công an {name}"),
                "police_protection",
                7,
                12,
            ),
            (
                "CAX1",
                K::PoliceCommune,
                format!("Công an phường Trung tâm - {name}"),
                "police_protection",
                5,
                6,
            ),
            ("STC", K::Finance, format!("Sở Tài chính {name}"), "", 0, 0),
            (
                "VPDKDD",
                K::Land,
                format!("Văn phòng đăng ký đất đai {name}"),
                "land_opinion",
                15,
                40,
            ),
            (
                "BHXH",
                K::SocialInsurance,
                format!("Bảo hiểm xã hội {name}"),
                "insurance_income",
                5,
                9,
            ),
            (
                "NH-VCB",
                K::Bank,
                format!("Ngân hàng TMCP Ngoại thương Việt Nam - Chi nhánh {name}"),
                "account_info",
                1,
                3,
            ),
            (
                "NH-AGR",
                K::Bank,
                format!("Ngân hàng Nông nghiệp và Phát triển Nông thôn - Chi nhánh {name}"),
                "account_info",
                1,
                4,
            ),
            (
                "KBNN",
                K::Treasury,
                format!("Kho bạc Nhà nước khu vực {name}"),
                "account_info",
                1,
                2,
            ),
            (
                "UBND-X1",
                K::Commune,
                format!("Ủy ban nhân dân phường Trung tâm - {name}"),
                "commune_signature",
                5,
                10,
            ),
            (
                "THADS-XM",
                K::EnforcementAgency,
                format!("Thi hành án dân sự {}", other.1),
                "delegated_verification",
                15,
                35,
            ),
        ];
        let mut kinds = Vec::new();
        for (suffix, kind, name, what, period, longest) in list {
            let code = format!("{code}-{suffix}");
            facts.push(partner(code.clone(), kind, name, &agency));
            if !what.is_empty() {
                kinds.push((Code::parse(&code).expect("valid"), what, period, longest));
            }
        }
        // A regional court beside each regional office, under the
        // province's court: it explains the judgments of its office's cases.
        for office in offices
            .iter()
            .filter(|o| o.province == p && o.code != agency)
        {
            let region = office.code.as_str().rsplit('-').next().unwrap_or_default();
            facts.push(Fact::Partner(Partner {
                code: Code::parse(&format!("{}-TAND", office.code)).expect("valid"),
                kind: K::Court,
                name: format!("Tòa án nhân dân khu vực {} - {name}", &region[2..]),
                agency: agency.clone(),
                parent: Code::parse(&format!("{code}-TAND")),
                address: None,
                phone: None,
                email: None,
            }));
        }
        asked.push(kinds);
    }
    let mut numbers: std::collections::HashMap<(usize, i16), u32> = Default::default();
    let mut requests = Vec::new();
    for (i, (case, accepted, office)) in opened.iter().enumerate() {
        let mut rng = case_rng(seed ^ 0xC0_0D, i as u32);
        let province = offices[*office].province;
        let (mut partner, kind, period, longest) =
            asked[province].choose(&mut rng).expect("partners").clone();
        if kind == "explain_judgment" && offices[*office].code.as_str().contains("-KV") {
            partner = Code::parse(&format!("{}-TAND", offices[*office].code)).expect("valid");
        }
        let sent = accepted.plus_days(rng.random_range(5..120));
        if sent > horizon() {
            continue;
        }
        let number = numbers.entry((*office, sent.year())).or_insert(0);
        *number += 1;
        let agency = &offices[*office].code;
        let id = Code::parse(&format!("{agency}/{}/{number}", sent.year())).expect("valid");
        requests.push((sent, id.clone()));
        let mut these = vec![Fact::Request(Request {
            id: id.clone(),
            agency: agency.clone(),
            partner,
            kind: kind.to_owned(),
            on: sent,
            case: Some(case.clone()),
            real_estate: kind == "delegated_verification" && rng.random_bool(0.3),
            complex: false,
            text: REQUEST_TEXTS[i % REQUEST_TEXTS.len()].to_owned(),
            attachments: Vec::new(),
            report: None,
        })];
        // Most reply within their period; some partners are often late.
        let late = rng.random_bool(0.25);
        let takes = if late {
            rng.random_range(period..=longest.max(period) + 20)
        } else {
            rng.random_range(0..=period.saturating_sub(1))
        };
        let answered = sent.plus_days(takes as i32);
        let mut chased = sent.plus_days(period as i32 + 4);
        let mut reminders = 0;
        while reminders < 2 && chased < answered && chased <= horizon() {
            these.push(Fact::Reminded {
                request: id.clone(),
                on: chased,
            });
            reminders += 1;
            chased = chased.plus_days(7);
        }
        if reminders == 2 && chased < answered && chased <= horizon() && rng.random_bool(0.6) {
            these.push(Fact::Escalated {
                request: id.clone(),
                on: chased,
            });
        }
        if answered <= horizon() {
            these.push(Fact::Answered {
                request: id,
                on: answered,
                text: ANSWER_TEXTS[i % ANSWER_TEXTS.len()].to_owned(),
                attachment: None,
                signature: None,
            });
        }
        facts.extend(these);
    }
    facts.extend(assets(seed, offices, opened, &mut numbers));
    facts
}

/// The debtors' assets of some of the `opened` cases, and what became of
/// them: a land-use right (often mortgaged to a bank) found after the
/// verification, its transfer blocked, then for most seized under a
/// decision to coerce (with the province's police asked to protect it when
/// forces are mobilised), valued, put to auction round after round at
/// most 10% lower each, and some sold; and some wage deductions.
/// `numbers` are the offices' request numbers so far, by year.
fn assets(
    seed: u64,
    offices: &[Office],
    opened: &[(CaseCode, Day, usize)],
    numbers: &mut std::collections::HashMap<(usize, i16), u32>,
) -> Vec<Fact> {
    use thads_core::asset::{Action, Asset, AssetKind, Fact as AssetFact, Measure, Mortgage, Step};
    use thads_core::coercion::{Coercion, CoercionKind, Planned};
    let mut facts = Vec::new();
    let mut counts: std::collections::HashMap<(usize, &str, i16), u32> = Default::default();
    let mut code = |office: usize, what: &'static str, year: i16| {
        let n = counts.entry((office, what, year)).or_insert(0);
        *n += 1;
        Code::parse(&format!("{}/{what}/{year}/{n}", offices[office].code)).expect("valid")
    };
    // A working day on or after `day`: Saturdays and Sundays moved on.
    let weekday = |day: Day| match day.days_since_monday() {
        5 => day.plus_days(2),
        6 => day.plus_days(1),
        _ => day,
    };
    for (i, (case, accepted, office)) in opened.iter().enumerate() {
        let mut rng = case_rng(seed ^ 0xA55E7, i as u32);
        let agency = offices[*office].code.clone();
        let province = PROVINCES[offices[*office].province].0;
        let coerce = |rng: &mut ChaCha8Rng,
                      on: Day,
                      kind: CoercionKind,
                      asset: Option<Code>,
                      percent: Option<u32>,
                      at: Option<Planned>,
                      code: Code| {
            let forces = at.is_some() && rng.random_bool(0.6);
            Coercion {
                code,
                agency: agency.clone(),
                case: case.clone(),
                on,
                kind,
                asset,
                percent,
                agreed: false,
                at,
                forces,
            }
        };
        if i % 9 == 4 {
            let on = accepted.plus_days(rng.random_range(40..120));
            if on <= horizon() {
                let percent = rng.random_range(15..=30);
                let c = coerce(
                    &mut rng,
                    on,
                    CoercionKind::WageDeduction,
                    None,
                    Some(percent),
                    None,
                    code(*office, "CC", on.year()),
                );
                facts.push(Fact::Asset(AssetFact::Coercion(c)));
            }
            continue;
        }
        if i % 6 != 1 {
            continue;
        }
        let found = accepted.plus_days(rng.random_range(20..60));
        if found > horizon() {
            continue;
        }
        let value = rng.random_range(3..30) * 100_000_000;
        let mortgage = rng.random_bool(0.5).then(|| Mortgage {
            to: BANKS[i % BANKS.len()].to_owned(),
            amount: Vnd(value / 100 * rng.random_range(40..70)),
        });
        let asset = code(*office, "TS", found.year());
        let parcel = rng.random_range(10..400);
        facts.push(Fact::Asset(AssetFact::Found(Asset {
            code: asset.clone(),
            agency: agency.clone(),
            case: case.clone(),
            on: found,
            kind: AssetKind::LandUseRight,
            description: format!(
                "Quyền sử dụng đất thửa số {parcel}, tờ bản đồ số {}",
                parcel / 25 + 1
            ),
            value: Vnd(value),
            mortgage: mortgage.clone(),
            details: [
                ("parcel".to_owned(), parcel.to_string()),
                (
                    "area_m2".to_owned(),
                    format!("{}", rng.random_range(60..600)),
                ),
            ]
            .into(),
            perishable: false,
        })));
        let mut steps = Vec::new();
        // A step, if the journal reaches its day.
        let step = |steps: &mut Vec<Step>, on: Day, action: Action, amount: Option<i64>| {
            let recorded = on <= horizon();
            if recorded {
                steps.push(Step {
                    asset: asset.clone(),
                    on,
                    action,
                    amount: amount.map(Vnd),
                    measure: matches!(action, Action::MeasureApplied)
                        .then_some(Measure::BlockTransfer),
                    co_owner: false,
                });
            }
            recorded
        };
        let blocked = found.plus_days(rng.random_range(1..5));
        if !step(&mut steps, blocked, Action::MeasureApplied, None) || rng.random_bool(0.3) {
            facts.extend(steps.into_iter().map(|s| Fact::Asset(AssetFact::Step(s))));
            continue;
        }
        // Seized on a working day at eight, under a decision days before.
        let seized = weekday(blocked.plus_days(rng.random_range(10..40)));
        let decided = seized.plus_days(-rng.random_range(3..10));
        if seized > horizon() {
            facts.extend(steps.into_iter().map(|s| Fact::Asset(AssetFact::Step(s))));
            continue;
        }
        let at = Planned {
            day: seized,
            hour: 8,
            minute: 0,
        };
        let decision = coerce(
            &mut rng,
            decided,
            CoercionKind::Seizure,
            Some(asset.clone()),
            None,
            Some(at),
            code(*office, "CC", decided.year()),
        );
        let police = decision.forces.then(|| {
            let number = numbers.entry((*office, decided.year())).or_insert(0);
            *number += 1;
            Fact::Request(Request {
                id: Code::parse(&format!("{agency}/{}/{number}", decided.year())).expect("valid"),
                agency: agency.clone(),
                partner: Code::parse(&format!("{province}-CA")).expect("valid"),
                kind: "police_protection".to_owned(),
                on: decided,
                case: Some(case.clone()),
                real_estate: false,
                complex: false,
                text: format!(
                    "Đề nghị phối hợp bảo vệ cưỡng chế thi hành án theo quyết định cưỡng chế {}, dự kiến tổ chức vào 08:00 ngày {:02}/{:02}/{}.",
                    decision.code,
                    seized.day(),
                    seized.month(),
                    seized.year()
                ),
                attachments: Vec::new(),
                report: None,
            })
        });
        step(&mut steps, seized, Action::Seized, None);
        let mut price = value / 100 * rng.random_range(90..110);
        let secured = mortgage.as_ref().map_or(0, |m| m.amount.get());
        let mut day = seized.plus_days(rng.random_range(4..9));
        step(&mut steps, day, Action::Valued, Some(price));
        let rounds = rng.random_range(1..=4);
        for round in 0..rounds {
            day = day.plus_days(rng.random_range(20..45));
            if round > 0 {
                let reduced = price / 100 * (100 - rng.random_range(5..=10));
                if reduced <= secured {
                    step(&mut steps, day, Action::Released, None);
                    break;
                }
                price = reduced;
            }
            step(&mut steps, day, Action::AuctionRound, Some(price));
        }
        if rng.random_bool(0.4)
            && steps
                .last()
                .is_some_and(|s| s.action == Action::AuctionRound)
        {
            let sold = day.plus_days(rng.random_range(7..20));
            step(&mut steps, sold, Action::Sold, Some(price));
        }
        facts.push(Fact::Asset(AssetFact::Coercion(decision)));
        facts.extend(police);
        facts.extend(steps.into_iter().map(|s| Fact::Asset(AssetFact::Step(s))));
    }
    facts
}

const REQUEST_TEXTS: [&str; 3] = [
    "Đề nghị Quý cơ quan phối hợp, cung cấp thông tin theo quy định để tổ chức thi hành án.",
    "Đề nghị Quý cơ quan xem xét, trả lời bằng văn bản để cơ quan thi hành án có căn cứ giải quyết.",
    "Đề nghị Quý cơ quan phối hợp thực hiện trong thời hạn luật định.",
];

const ANSWER_TEXTS: [&str; 3] = [
    "Đã xem xét và trả lời theo đề nghị.",
    "Thống nhất phối hợp; gửi kèm văn bản trả lời.",
    "Đã cung cấp thông tin theo yêu cầu.",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(cases: usize, seed: u64) -> String {
        let mut out = Vec::new();
        write_demo(DemoSpec { cases, seed }, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_journal() {
        assert_eq!(demo(300, 7), demo(300, 7));
        assert_ne!(demo(300, 7), demo(300, 8));
    }

    #[test]
    fn a_demo_journal_has_every_event_type_and_is_valid() {
        let text = demo(3000, 1);
        for kind in Kind::ALL {
            assert!(
                text.contains(&format!(r#""type":"{kind}""#)),
                "no {kind} event"
            );
        }
        // Assets through their steps, decisions to coerce, the police.
        for fact in [
            r#""type":"asset""#,
            r#""action":"seized""#,
            r#""action":"auction_round""#,
            r#""action":"sold""#,
            r#""kind":"wage_deduction""#,
            r#""forces":true"#,
            r#""kind":"police_protection""#,
        ] {
            assert!(text.contains(fact), "no {fact}");
        }
        let parsed = thads_core::journal::parse_journal(&text);
        let prepared = parsed
            .check(
                &Default::default(),
                &Default::default(),
                &Default::default(),
                &Default::default(),
                &Default::default(),
                thads_core::check::Positions::After(0),
            )
            .unwrap();
        assert_eq!(prepared.new_cases, 3000);
    }
}
