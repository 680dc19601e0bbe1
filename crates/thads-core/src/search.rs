//! Finding cases by what a clerk types: a case code, a name, a decision or
//! judgment number, with or without Vietnamese diacritics.
//!
//! Text is *folded* before it is compared: decomposed (NFD), stripped of its
//! combining marks, `đ` turned into `d` (it does not decompose), and
//! lowercased, so that "nguyen van an" finds "Nguyễn Văn An". The index maps
//! every folded word to the cases holding it; a query's words must each
//! begin a word of the case, so that results narrow as the clerk types.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::ledger::CaseId;

/// `text` folded for search: no diacritics, `đ` as `d`, lowercase.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'đ' | 'Đ' => folded.push('d'),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// The words of a folded text: its runs of letters and digits.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Every case's words, for finding cases by any of them.
#[derive(Debug, Default)]
pub struct TextIndex {
    /// Each folded word, with the cases holding it in increasing order.
    postings: BTreeMap<Box<str>, Vec<CaseId>>,
    /// One past the largest case id added.
    end: CaseId,
}

/// A set of cases as one bit per case id: quick to fill from long lists.
struct Marks(Vec<u64>);

impl Marks {
    fn new(end: CaseId) -> Marks {
        Marks(vec![0; (end as usize).div_ceil(64)])
    }

    fn insert(&mut self, id: CaseId) {
        self.0[id as usize / 64] |= 1 << (id % 64);
    }

    fn contains(&self, id: CaseId) -> bool {
        self.0[id as usize / 64] & (1 << (id % 64)) != 0
    }

    /// The cases, in increasing order.
    fn ids(&self) -> Vec<CaseId> {
        let mut ids = Vec::new();
        for (i, mut word) in self.0.iter().copied().enumerate() {
            while word != 0 {
                ids.push(i as CaseId * 64 + word.trailing_zeros());
                word &= word - 1;
            }
        }
        ids
    }
}

impl TextIndex {
    /// Adds a case's texts. Cases must be added in increasing id order.
    pub fn add<'t>(&mut self, id: CaseId, texts: impl IntoIterator<Item = &'t str>) {
        self.end = self.end.max(id + 1);
        for text in texts {
            for word in words(&fold(text)) {
                let ids = match self.postings.get_mut(word) {
                    Some(ids) => ids,
                    None => self.postings.entry(word.into()).or_default(),
                };
                if ids.last() != Some(&id) {
                    debug_assert!(ids.last().is_none_or(|last| *last < id));
                    ids.push(id);
                }
            }
        }
    }

    /// Adds the cases of another index, all of whose ids follow this one's.
    pub fn append(&mut self, other: TextIndex) {
        self.end = self.end.max(other.end);
        for (word, ids) in other.postings {
            self.postings.entry(word).or_default().extend(ids);
        }
    }

    /// The cases, in increasing id order, having for every word of `query`
    /// a word that begins with it; `None` if the query has no words (it
    /// then narrows nothing).
    pub fn search(&self, query: &str) -> Option<Vec<CaseId>> {
        let folded = fold(query);
        // For each word of the query, the lists of the words it begins.
        let mut matches: Vec<Vec<&[CaseId]>> =
            words(&folded).map(|w| self.starting_with(w)).collect();
        if matches.is_empty() {
            return None;
        }
        let total = |lists: &Vec<&[CaseId]>| lists.iter().map(|l| l.len()).sum::<usize>();
        matches.sort_by_key(total);
        let mut found = self.union(&matches[0]);
        for lists in &matches[1..] {
            if found.is_empty() {
                break;
            }
            // Few candidates against long lists: look each up; otherwise
            // mark the lists' cases once.
            if found.len() * lists.len() * 16 < total(lists) {
                found.retain(|id| lists.iter().any(|l| l.binary_search(id).is_ok()));
            } else {
                let marked = self.marks(lists);
                found.retain(|id| marked.contains(*id));
            }
        }
        Some(found)
    }

    /// The cases of any of `lists`, in increasing order.
    fn union(&self, lists: &[&[CaseId]]) -> Vec<CaseId> {
        match lists {
            [] => Vec::new(),
            [one] => one.to_vec(),
            _ => self.marks(lists).ids(),
        }
    }

    /// The cases of `lists`, as one bit per case.
    fn marks(&self, lists: &[&[CaseId]]) -> Marks {
        let mut marks = Marks::new(self.end);
        lists
            .iter()
            .flat_map(|l| l.iter())
            .for_each(|id| marks.insert(*id));
        marks
    }

    /// The lists of the words that begin with `prefix`.
    fn starting_with(&self, prefix: &str) -> Vec<&[CaseId]> {
        self.postings
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(word, _)| word.starts_with(prefix))
            .map(|(_, ids)| ids.as_slice())
            .collect()
    }

    /// How many distinct words it holds.
    pub fn word_count(&self) -> usize {
        self.postings.len()
    }
}

/// Orders two names as a Vietnamese reader expects: by the Vietnamese
/// alphabet (`Đ` after `D`, `Ă` and `Â` after `A`…), then by the tones in
/// their order (ngang, huyền, hỏi, ngã, sắc, nặng), by ICU's `vi` collation.
/// Folding the diacritics away, as search does, would mix `Đ` with `D`.
pub fn vietnamese_order(a: &str, b: &str) -> std::cmp::Ordering {
    use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
    static COLLATOR: std::sync::LazyLock<CollatorBorrowed<'static>> =
        std::sync::LazyLock::new(|| {
            Collator::try_new(
                icu_locale_core::locale!("vi").into(),
                CollatorOptions::default(),
            )
            .expect("ICU's compiled data has the vi collation")
        });
    COLLATOR.compare(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_diacritics_and_case() {
        let check = |text: &str, expected: &str| assert_eq!(fold(text), expected, "{text}");
        check("Nguyễn Văn An", "nguyen van an");
        check("ĐỖ THỊ HƯƠNG", "do thi huong");
        check("Đặng Đình Ước", "dang dinh uoc");
        check("12/QĐ-THADS", "12/qd-thads");
        // Precomposed and decomposed input fold alike.
        check("Nguye\u{0302}\u{0303}n", "nguyen");
        check("SL/2025/00017", "sl/2025/00017");
    }

    fn index() -> TextIndex {
        let mut index = TextIndex::default();
        index.add(
            0,
            ["SL/2025/00001", "Nguyễn Văn An", "Ngân hàng Nông nghiệp"],
        );
        index.add(1, ["SL/2025/00002", "Nguyễn Văn Anh", "Lò Thị Hoa"]);
        index.add(2, ["HN/2025/00003", "Trần Đức Anh", "12/QĐ-THADS"]);
        index.add(3, ["HN/2025/00004", "Đỗ Văn Bình", "45/2024/DS-ST"]);
        index
    }

    #[test]
    fn finds_cases_by_words_without_diacritics() {
        let index = index();
        let check = |query: &str, expected: Option<Vec<CaseId>>| {
            assert_eq!(index.search(query), expected, "{query}");
        };
        check("nguyen van an", Some(vec![0, 1]));
        check("NGUYỄN VĂN AN", Some(vec![0, 1]));
        check("nguyen van anh", Some(vec![1]));
        check("anh", Some(vec![1, 2]));
        check("duc anh", Some(vec![2]));
        check("do binh", Some(vec![3]));
        check("qd-thads", Some(vec![2]));
        check("SL/2025/00002", Some(vec![1]));
        check("sl 2025", Some(vec![0, 1]));
        check("45/2024", Some(vec![3]));
        check("nong nghiep", Some(vec![0]));
        check("nguyen binh", Some(vec![]));
        check("xyz", Some(vec![]));
        check("  ", None);
        check("", None);
    }

    proptest::proptest! {
        /// Whatever way the lists are combined, the answer is the cases
        /// whose words begin with each word of the query.
        #[test]
        fn search_agrees_with_looking_at_every_case(
            cases in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(VOCABULARY.to_vec()), 0..6),
                0..300,
            ),
            query in proptest::collection::vec(proptest::sample::select(PREFIXES.to_vec()), 1..4),
        ) {
            let mut index = TextIndex::default();
            for (id, words) in cases.iter().enumerate() {
                index.add(id as CaseId, words.iter().copied());
            }
            let expected: Vec<CaseId> = cases
                .iter()
                .enumerate()
                .filter(|(_, words)| {
                    query.iter().all(|q| words.iter().any(|w| fold(w).starts_with(&fold(q))))
                })
                .map(|(id, _)| id as CaseId)
                .collect();
            proptest::prop_assert_eq!(index.search(&query.join(" ")), Some(expected));
        }
    }

    const VOCABULARY: [&str; 12] = [
        "Nguyễn", "Nguyên", "Văn", "Vân", "An", "Anh", "Ánh", "Thị", "Thịnh", "Lê", "2025", "KV1",
    ];
    const PREFIXES: [&str; 10] = [
        "nguyen", "ng", "van", "v", "an", "anh", "thi", "le", "2025", "k",
    ];

    #[test]
    fn a_word_is_indexed_once_per_case() {
        let mut index = TextIndex::default();
        index.add(7, ["An An", "an"]);
        assert_eq!(index.search("an"), Some(vec![7]));
        assert_eq!(index.word_count(), 1);
    }

    #[test]
    fn names_sort_in_vietnamese_order() {
        let expected = [
            "An", "Anh", "Ân", "Bà", "Bá", "Bảo", "Bình", "Cường", "Dung", "Dũng", "Đào", "Đức",
            "Em", "Giang", "Hà", "Hạ", "Hải", "Hùng", "Ơn", "Ưng",
        ];
        let mut names = expected.to_vec();
        names.reverse();
        names.sort_by(|a, b| vietnamese_order(a, b));
        assert_eq!(names, expected);
        // The tones in their order: ngang, huyền, hỏi, ngã, sắc, nặng.
        let tones = ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"];
        let mut sorted = tones.to_vec();
        sorted.sort_by(|a, b| vietnamese_order(a, b));
        assert_eq!(sorted, tones);
    }
}
