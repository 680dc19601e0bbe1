//! The languages of the pages: Vietnamese first, English available. Texts
//! live in Fluent files (`locales/vi`, `locales/en`), embedded in the binary;
//! numbers, money and dates are written as each language writes them.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use thads_core::report::Rate;
use thads_core::{Day, Vnd};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // No invisible isolation marks around arguments: they would end up
        // in titles and downloaded files.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static VI: LazyLock<LanguageIdentifier> = LazyLock::new(|| "vi".parse().expect("a language tag"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("a language tag"));

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The language from its tag (`vi`, `en`).
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Its tag, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The other language, offered by the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// The text of `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The text of `key` with named arguments.
    pub fn tr(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// An integer with groups of three digits: `5.675` (`5,675`).
    pub fn count(self, value: impl Into<i128>) -> String {
        let grouped = thads_core::money::group_thousands(value);
        match self {
            Lang::Vi => grouped,
            Lang::En => grouped.replace('.', ","),
        }
    }

    /// Money to the đồng: `1.234.567 đ`.
    pub fn money(self, value: impl Borrow<Vnd>) -> String {
        format!("{} đ", self.count(value.borrow().get()))
    }

    /// A large sum of đồng in billions with two decimals, rounded half up:
    /// `873,07 tỷ đồng` (`873.07 billion đồng`).
    pub fn billions(self, dong: impl Into<i128>) -> String {
        let hundredths = (dong.into() * 100 + 500_000_000) / 1_000_000_000;
        let (whole, part) = (hundredths / 100, hundredths % 100);
        let (_, decimal) = self.separators();
        format!(
            "{}{decimal}{part:02} {}",
            self.count(whole),
            self.t("unit-billion")
        )
    }

    /// A fault of a file or a form, in this language where it is written in it.
    pub fn fault(self, fault: &thads_core::journal::Fault) -> String {
        match (&fault.vietnamese, self) {
            (Some(vietnamese), Lang::Vi) => vietnamese.clone(),
            _ => fault.message.clone(),
        }
    }

    /// A rate with two decimals: `84,41%` (`84.41%`); a dash when there is
    /// nothing to divide by.
    pub fn rate(self, rate: impl Borrow<Option<Rate>>) -> String {
        match *rate.borrow() {
            None => "—".to_owned(),
            Some(Rate(r)) => {
                let (_, decimal) = self.separators();
                format!("{}{decimal}{:02}%", r / 100, r % 100)
            }
        }
    }

    /// A rate that is always there, such as a target.
    pub fn percent(self, rate: impl Borrow<Rate>) -> String {
        self.rate(Some(*rate.borrow()))
    }

    /// The difference between a rate and its target, signed, in points:
    /// `+0,41` (`-3.20`).
    pub fn gap(self, rate: impl Borrow<Option<Rate>>, target: impl Borrow<Rate>) -> String {
        let target = *target.borrow();
        let Some(Rate(r)) = *rate.borrow() else {
            return "—".to_owned();
        };
        let gap = i64::from(r) - i64::from(target.0);
        let (_, decimal) = self.separators();
        let sign = if gap < 0 { '-' } else { '+' };
        format!("{sign}{}{decimal}{:02}", gap.abs() / 100, gap.abs() % 100)
    }

    /// A date as Vietnamese documents write it: `05/01/2026`.
    pub fn date(self, day: impl Borrow<Day>) -> String {
        let day = *day.borrow();
        format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_numbers_money_rates_and_dates_as_each_language_does() {
        let (vi, en) = (Lang::Vi, Lang::En);
        assert_eq!(vi.money(Vnd(150_000_000)), "150.000.000 đ");
        assert_eq!(en.money(Vnd(150_000_000)), "150,000,000 đ");
        assert_eq!(vi.billions(873_070_000_000_i64), "873,07 tỷ đồng");
        assert_eq!(vi.billions(873_065_000_000_i64), "873,07 tỷ đồng");
        assert_eq!(vi.billions(873_064_999_999_i64), "873,06 tỷ đồng");
        assert_eq!(vi.billions(1_234_560_000_000_i64), "1.234,56 tỷ đồng");
        assert_eq!(en.billions(280_780_000_000_i64), "280.78 billion đồng");
        // Sums of many cases pass what an i64 holds.
        assert_eq!(
            vi.billions(i128::from(i64::MAX) * 1000),
            "9.223.372.036.854,78 tỷ đồng"
        );
        assert_eq!(vi.rate(Some(Rate(8441))), "84,41%");
        assert_eq!(en.rate(Some(Rate(5961))), "59.61%");
        assert_eq!(vi.rate(Some(Rate(5))), "0,05%");
        assert_eq!(vi.rate(None), "—");
        assert_eq!(vi.gap(Some(Rate(8441)), Rate(8400)), "+0,41");
        assert_eq!(en.gap(Some(Rate(5000)), Rate(5320)), "-3.20");
        assert_eq!(vi.count(5675), "5.675");
        assert_eq!(en.count(5675), "5,675");
        assert_eq!(vi.date("2026-01-05".parse::<Day>().unwrap()), "05/01/2026");
    }

    /// Every key of one language is in the other, and every key the pages
    /// use exists.
    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |file: &str| -> std::collections::BTreeSet<String> {
            file.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .collect()
        };
        let vi = keys(include_str!("../locales/vi/main.ftl"));
        let en = keys(include_str!("../locales/en/main.ftl"));
        assert_eq!(
            vi.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "keys in one language only"
        );
        let mut used = std::collections::BTreeSet::new();
        let sources = [
            include_str!("lib.rs"),
            include_str!("pages.rs"),
            include_str!("cases.rs"),
            include_str!("reports.rs"),
            include_str!("../templates/base.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/dashboard.html"),
            include_str!("../templates/cases.html"),
            include_str!("../templates/case.html"),
            include_str!("../templates/accept.html"),
            include_str!("../templates/reports.html"),
            include_str!("../templates/report_tables.html"),
            include_str!("../templates/tables.html"),
            include_str!("../templates/targets.html"),
            include_str!("../templates/import.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/debtors.html"),
        ];
        for source in sources {
            for quote in [".t(\"", ".tr(\""] {
                for piece in source.split(quote).skip(1) {
                    used.insert(piece.split('"').next().unwrap().to_owned());
                }
            }
            // `denied(chrome, "key")`.
            for piece in source.split("denied(").skip(1) {
                if let Some(key) = piece.split('"').nth(1).filter(|_| piece.contains(", \"")) {
                    used.insert(key.to_owned());
                }
            }
        }
        // Keys made from the domain's names.
        use thads_core::event::Kind;
        use thads_core::report::Line;
        used.extend(thads_core::Status::ALL.map(|s| format!("status-{}", s.as_str())));
        used.extend(Kind::ALL.map(|k| format!("kind-{}", k.as_str())));
        used.extend(thads_core::Category::ALL.map(|c| format!("category-{}", c.as_str())));
        used.extend(thads_core::account::Role::ALL.map(|r| format!("role-{}", r.as_str())));
        used.extend(thads_core::Mode::ALL.map(|m| format!("mode-{}", m.as_str())));
        used.extend(Line::ALL.map(|l| format!("line-{}", l.key())));
        let missing: Vec<&String> = used.iter().filter(|k| !vi.contains(*k)).collect();
        assert!(missing.is_empty(), "keys used but not written: {missing:?}");
        assert!(used.len() > 50, "the pages use their texts through keys");
    }
}
