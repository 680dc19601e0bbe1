//! The demo's evidence warehouses: two a province, the items of some of
//! its criminal cases received, kept, counted each quarter of the last
//! year, and issued as the judgments decide; a few items older than five
//! years with no judgment; one council with items left to destroy; the main warehouse
//! nearly full, as the provinces' reports complain.

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thads_core::coordination::Code;
use thads_core::warehouse::{
    Council, Fact, Hundredths, Issue, Item, ItemKind, Purpose, Room, Status, Stocktake, Warehouse,
    Warehouses, quarter_end,
};
use thads_core::{AgencyCode, AgencyTree, CaseCode, Day};

/// What the demo's items are, by kind: descriptions, units, and the
/// floor each takes (hundredths of m², from, to).
const KINDS: [(ItemKind, &[&str], &str, u64, u64); 8] = [
    (
        ItemKind::Vehicle,
        &[
            "Xe mô tô Honda Wave",
            "Xe mô tô Yamaha Sirius",
            "Xe đạp điện",
            "Xe ô tô con",
        ],
        "chiếc",
        150,
        900,
    ),
    (
        ItemKind::Weapon,
        &["Dao nhọn", "Kiếm tự chế", "Súng hơi", "Côn gỗ"],
        "chiếc",
        5,
        30,
    ),
    (
        ItemKind::Cash,
        &["Tiền Việt Nam thu giữ", "Ngoại tệ thu giữ"],
        "bì niêm phong",
        1,
        2,
    ),
    (
        ItemKind::GoldValuables,
        &["Nhẫn vàng", "Dây chuyền vàng", "Đồng hồ đeo tay"],
        "chiếc",
        1,
        2,
    ),
    (
        ItemKind::Document,
        &[
            "Sổ sách kế toán",
            "Giấy chứng nhận đăng ký xe",
            "Hợp đồng vay tiền",
        ],
        "bộ",
        1,
        5,
    ),
    (
        ItemKind::Hazardous,
        &["Pháo nổ", "Xăng dầu thu giữ", "Hóa chất không rõ nguồn gốc"],
        "kg",
        20,
        120,
    ),
    (
        ItemKind::Perishable,
        &["Gỗ xẻ các loại", "Hàng nông sản"],
        "m³",
        50,
        300,
    ),
    (
        ItemKind::Other,
        &[
            "Điện thoại di động",
            "Máy tính xách tay",
            "Bao tải quần áo",
            "Máy cắt kim loại",
        ],
        "chiếc",
        5,
        150,
    ),
];

/// The demo's warehouse facts for `cases` (code, day accepted, province
/// code), criminal cases all, of the `provinces` given, up to `horizon`:
/// about `per_case` items a case.
pub fn warehouse_facts(
    seed: u64,
    provinces: &[AgencyCode],
    cases: &[(CaseCode, Day, usize)],
    per_case: f64,
    horizon: Day,
) -> Vec<Fact> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5741_5245);
    let code = |s: String| Code::parse(&s).expect("a valid code");
    let mut declared = Vec::new();
    for province in provinces {
        for (n, rooms) in [
            (1, vec![Room::Safe, Room::Weapons, Room::Hazardous]),
            (2, vec![Room::Cold]),
        ] {
            declared.push(Warehouse {
                code: code(format!("{province}-K{n}")),
                agency: province.clone(),
                name: if n == 1 {
                    "Kho vật chứng trung tâm".to_owned()
                } else {
                    "Kho vật chứng số 2".to_owned()
                },
                area: Hundredths(1),
                address: None,
                volume: None,
                rooms,
            });
        }
    }
    // Receipts and moves, each item's in its order.
    let mut moves: Vec<(Day, Fact)> = Vec::new();
    let mut numbers: std::collections::HashMap<(usize, u8, i16), u32> = Default::default();
    let mut item_code = |p: usize, k: u8, on: Day| {
        let n = numbers.entry((p, k, on.year())).or_insert(0);
        *n += 1;
        code(format!("{}-K{k}/{}/{:03}", provinces[p], on.year(), n))
    };
    let mut receive = |rng: &mut ChaCha8Rng, p: usize, case: Option<CaseCode>, on: Day| {
        let (kind, names, unit, from, to) = *KINDS.choose(rng).expect("kinds");
        let k = if rng.random_bool(0.7) { 1 } else { 2 };
        Item {
            code: item_code(p, k, on),
            case,
            on,
            warehouse: code(format!("{}-K{k}", provinces[p])),
            kind,
            description: (*names.choose(rng).expect("names")).to_owned(),
            quantity: Hundredths(100 * rng.random_range(1..4)),
            unit: unit.to_owned(),
            area: Hundredths(rng.random_range(from..=to)),
            seals: Some(format!("Niêm phong số {}", rng.random_range(100..9999))),
            place: Some(format!(
                "Khu {}, kệ {}",
                ["A", "B", "C"].choose(rng).expect("zones"),
                rng.random_range(1..20)
            )),
            pending_trial: rng.random_bool(0.03),
            discrepancy: rng
                .random_bool(0.02)
                .then(|| "Biên bản thu giữ ghi thiếu số khung".to_owned()),
        }
    };
    let issue = |item: &Code, on: Day, purpose: Purpose| {
        Fact::Issued(Issue {
            item: item.clone(),
            on,
            purpose,
            to: None,
            decision: Some(format!("{}/QĐ-THADS", on.day() as u32 * 37 % 900 + 1)),
            council: None,
            minutes: None,
        })
    };
    let mut items: Vec<Item> = Vec::new();
    for (case, accepted, p) in cases {
        let mut count = per_case;
        while count > 0.0 {
            if count < 1.0 && !rng.random_bool(count) {
                break;
            }
            count -= 1.0;
            let on = accepted.plus_days(rng.random_range(0..20));
            if on > horizon {
                continue;
            }
            let item = receive(&mut rng, *p, Some(case.clone()), on);
            let code = item.code.clone();
            let later = |rng: &mut ChaCha8Rng, days: std::ops::Range<i32>| {
                Some(on.plus_days(rng.random_range(days))).filter(|d| *d <= horizon)
            };
            moves.push((on, Fact::Received(item.clone())));
            items.push(item);
            if rng.random_bool(0.05)
                && let (Some(out), Some(back)) = (later(&mut rng, 20..40), later(&mut rng, 60..90))
            {
                moves.push((out, issue(&code, out, Purpose::Withdraw)));
                moves.push((
                    back,
                    Fact::ReturnedToStore {
                        item: code.clone(),
                        on: back,
                    },
                ));
            }
            let purpose = *[
                Purpose::Return,
                Purpose::Confiscate,
                Purpose::Sell,
                Purpose::Destroy,
            ]
            .choose(&mut rng)
            .expect("purposes");
            if rng.random_bool(0.6)
                && purpose != Purpose::Destroy
                && let Some(out) = later(&mut rng, 100..900)
            {
                moves.push((out, issue(&code, out, purpose)));
            }
        }
    }
    // Items handed over with no judgment, years ago.
    for p in 0..provinces.len() {
        for n in 0..3 {
            let on = Day::from_ymd(2019 + n, 3 + n as i8, 10).expect("a day");
            let item = receive(&mut rng, p, None, on);
            moves.push((on, Fact::Received(item.clone())));
            items.push(item);
        }
    }
    moves.sort_by_key(|(on, _)| *on);
    // The fold of what came so far tells what each count finds.
    let mut tree = AgencyTree::default();
    for province in provinces {
        tree.add(thads_core::Agency {
            code: province.clone(),
            name: province.to_string(),
            parent: None,
        })
        .expect("a new agency");
    }
    let mut fold = Warehouses::default();
    for w in &declared {
        fold.take(Fact::Warehouse(w.clone()), &tree)
            .expect("declared");
    }
    for (_, fact) in &moves {
        fold.take(fact.clone(), &tree)
            .expect("the demo follows the rules");
    }
    let mut counts = Vec::new();
    for w in &declared {
        let state = fold.get(&w.code).expect("declared");
        let Some(first) = state.first_day() else {
            continue;
        };
        // The last year's counts but the last quarter's, within their days.
        let mut end = quarter_end(first.max(horizon.plus_months(-12)));
        while quarter_end(end.plus_days(1)) < horizon {
            let on = end.plus_days(7);
            let mut counted: Vec<(Code, Hundredths)> = fold
                .items_of(state)
                .filter(|s| s.status_on(on) == Some(Status::InStore))
                .map(|s| (s.item.code.clone(), s.item.quantity))
                .collect();
            // The last count misses an item.
            if quarter_end(quarter_end(end.plus_days(1)).plus_days(1)) >= horizon
                && counted.len() > 1
            {
                counted.remove(counted.len() / 2);
            }
            counts.push(Fact::Stocktake(Stocktake {
                warehouse: w.code.clone(),
                on,
                counted,
                minutes: Some(format!("Biên bản kiểm kê ngày {}", on.dd_mm_yyyy())),
            }));
            end = quarter_end(end.plus_days(1));
        }
    }
    // A council set up ten days before the horizon, its items still held.
    let mut councils = Vec::new();
    for (p, province) in provinces.iter().enumerate() {
        let main = code(format!("{province}-K1"));
        let held: Vec<Code> = fold
            .items_of(fold.get(&main).expect("declared"))
            .filter(|s| s.status == Status::InStore && s.moves.is_empty() && s.item.case.is_some())
            .take(2)
            .map(|s| s.item.code.clone())
            .collect();
        if held.len() == 2 {
            councils.push(Fact::Council(Council {
                code: code(format!("{province}/HDTH/{}/{}", horizon.year(), p + 1)),
                warehouse: main,
                on: horizon.plus_days(-10),
                members: vec![
                    "Phó Trưởng Thi hành án dân sự tỉnh".to_owned(),
                    "Đại diện Sở Tài chính".to_owned(),
                    "Đại diện Sở Nông nghiệp và Môi trường".to_owned(),
                    "Chấp hành viên".to_owned(),
                ],
                items: held,
            }));
        }
    }
    // The floor: the main warehouse nearly full, the second well used.
    for w in &mut declared {
        let taken = fold
            .get(&w.code)
            .expect("declared")
            .stock_on(horizon)
            .area()
            .0;
        let share = if w.code.as_str().ends_with("-K1") {
            92
        } else {
            65
        };
        w.area = Hundredths((taken * 100 / share).max(10_000) / 100 * 100);
    }
    declared
        .into_iter()
        .map(Fact::Warehouse)
        .chain(moves.into_iter().map(|(_, f)| f))
        .chain(counts)
        .chain(councils)
        .collect()
}
