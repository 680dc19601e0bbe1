//! What thads says to people, and the one place it is put into their
//! language. Every word lives in the Fluent files of `locales/vi` and
//! `locales/en`, embedded in the binary: the pages' texts, the domain's
//! labels (event kinds, categories, report lines, "Toàn quốc"), and the
//! reasons of faults and refusals.
//!
//! Code says *what* it means with a [`Text`]: a message's key and the facts
//! it names (a case code, an amount, a date, another text). [`Lang::say`]
//! turns it into Vietnamese or English, writing numbers, money and dates as
//! each language writes them. An error type of the domain gives its `Text`
//! (`From<&Error> for Text`) and displays in English through it, for logs.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::report::Rate;
use crate::{Day, Vnd};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // No invisible isolation marks around arguments: they would end up
        // in titles, downloaded files and the command line's output.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static VI: LazyLock<LanguageIdentifier> = LazyLock::new(|| "vi".parse().expect("a language tag"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("a language tag"));

/// Something to say, not yet in a language: the key of a Fluent message
/// and the facts it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    key: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
}

/// A fact a [`Text`] names, written as the reader's language writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Written as it is: a code, a name, a column's heading, a line number.
    Verbatim(String),
    /// A count, with groups of three digits (`5.675`, `5,675`).
    Count(i128),
    /// A sum of đồng (`1.234.567 đ`, `1,234,567 đ`).
    Money(i128),
    /// A date: `05/01/2026` in Vietnamese, `2026-01-05` (as the journal
    /// writes it) in English.
    Date(Day),
    /// Another text, said in the same language: a label, a nested reason.
    Text(Box<Text>),
}

impl Text {
    /// The message `key`, naming no facts yet.
    pub fn new(key: impl Into<Cow<'static, str>>) -> Text {
        Text {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// The same, naming `value` as `$name`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The message's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The fact named `name`, if it is named.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// English, for logs, `?` and tests; people get [`Lang::say`].
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Lang::En.say(self))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Verbatim(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Verbatim(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Verbatim(s.clone())
    }
}

/// A line, row or position number: written as it is, as a reader finds it
/// in an editor.
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Verbatim(n.to_string())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Verbatim(n.to_string())
    }
}

/// A number as a spreadsheet's cell held it.
impl From<f64> for Arg {
    fn from(n: f64) -> Arg {
        Arg::Verbatim(n.to_string())
    }
}

impl From<char> for Arg {
    fn from(c: char) -> Arg {
        Arg::Verbatim(c.to_string())
    }
}

impl From<Vnd> for Arg {
    fn from(v: Vnd) -> Arg {
        Arg::Money(v.get().into())
    }
}

impl From<Day> for Arg {
    fn from(d: Day) -> Arg {
        Arg::Date(d)
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<&crate::CaseCode> for Arg {
    fn from(c: &crate::CaseCode) -> Arg {
        Arg::Verbatim(c.to_string())
    }
}

impl From<&crate::AgencyCode> for Arg {
    fn from(c: &crate::AgencyCode) -> Arg {
        Arg::Verbatim(c.to_string())
    }
}

impl From<&crate::executor::ExecutorCode> for Arg {
    fn from(c: &crate::executor::ExecutorCode) -> Arg {
        Arg::Verbatim(c.to_string())
    }
}

/// The domain's labels: each name the pages, the forms and the messages
/// give a kind of event, a category, a status, a mode, a role or a line of
/// the report, as the key of its Fluent message.
macro_rules! labels {
    ($($type:ty => $prefix:literal by $name:ident),* $(,)?) => {$(
        impl From<$type> for Text {
            fn from(value: $type) -> Text {
                Text::new(format!(concat!($prefix, "-{}"), value.$name()))
            }
        }
    )*};
}

labels! {
    crate::event::Kind => "kind" by as_str,
    crate::Category => "category" by as_str,
    crate::Status => "status" by as_str,
    crate::Mode => "mode" by as_str,
    crate::case::JudgmentKind => "judgment-kind" by as_str,
    crate::case::BudgetItem => "budget-item" by as_str,
    crate::account::Role => "role" by as_str,
    crate::report::Line => "line" by key,
    crate::due::Duty => "step" by as_str,
}

impl crate::Category {
    /// The category's full name, as the official forms write it.
    pub fn official(self) -> Text {
        Text::new(format!("category-official-{}", self.as_str()))
    }
}

/// Gives a domain error type its `Display` (English, through its [`Text`])
/// and `std::error::Error`, so that its words are written only in the
/// Fluent files.
#[macro_export]
macro_rules! said_in_english {
    ($($error:ty),* $(,)?) => {$(
        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$crate::text::Text::from(self), f)
            }
        }
        impl ::std::error::Error for $error {}
    )*};
}

/// A language thads speaks.
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

    /// The language of a POSIX locale (`LANG`, `LC_ALL`, `LC_MESSAGES`):
    /// Vietnamese when it starts with `vi` (`vi_VN.UTF-8`), English
    /// otherwise, unset included (the language of a server's console).
    pub fn of_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("vi") => Lang::Vi,
            _ => Lang::En,
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

    /// The text of `key` with named arguments, written as they are.
    pub fn tr(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    /// A [`Text`] in this language.
    pub fn say(self, text: &Text) -> String {
        if text.args.is_empty() {
            return self.t(&text.key);
        }
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = text
            .args
            .iter()
            .map(|(name, arg)| (Cow::Borrowed(*name), FluentValue::from(self.write(arg))))
            .collect();
        LOCALES.lookup_with_args(self.id(), &text.key, &args)
    }

    fn write(self, arg: &Arg) -> String {
        match arg {
            Arg::Verbatim(s) => s.clone(),
            Arg::Count(n) => self.count(*n),
            Arg::Money(n) => format!("{} đ", self.count(*n)),
            Arg::Date(d) => match self {
                Lang::Vi => self.date(d),
                Lang::En => d.to_string(),
            },
            Arg::Text(t) => self.say(t),
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// An integer with groups of three digits: `5.675` (`5,675`).
    pub fn count(self, value: impl Into<i128>) -> String {
        let grouped = crate::money::group_thousands(value);
        match self {
            Lang::Vi => grouped,
            Lang::En => grouped.replace('.', ","),
        }
    }

    /// A number held in hundredths, with the decimals it has: `1.234,5`
    /// (`1,234.5`), an area or a quantity.
    pub fn hundredths(self, value: u64) -> String {
        let (_, decimal) = self.separators();
        let whole = self.count(value / 100);
        match value % 100 {
            0 => whole,
            p if p % 10 == 0 => format!("{whole}{decimal}{}", p / 10),
            p => format!("{whole}{decimal}{p:02}"),
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

    /// A fault of a file or a form, with the line (or row and column) it
    /// names: `line 3: …`, `dòng 3, cột “Số tiền”: …`.
    pub fn fault(self, fault: &crate::fault::Fault) -> String {
        self.say(&fault.located())
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

/// The message keys of Fluent files.
#[doc(hidden)]
pub fn keys(files: &[&str]) -> std::collections::BTreeSet<String> {
    files
        .iter()
        .flat_map(|file| file.lines())
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_numbers_money_rates_and_dates_as_each_language_does() {
        let (vi, en) = (Lang::Vi, Lang::En);
        assert_eq!(vi.money(Vnd(150_000_000)), "150.000.000 đ");
        assert_eq!(vi.hundredths(123_450), "1.234,5");
        assert_eq!(en.hundredths(123_407), "1,234.07");
        assert_eq!(vi.hundredths(30_000), "300");
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

    #[test]
    fn a_text_names_its_facts_in_each_language() {
        let owed = crate::RuleError::StillOwed { owed: Vnd(1_500) };
        let text = Text::from(&owed);
        assert_eq!(
            Lang::Vi.say(&text),
            "thi hành xong, nhưng còn phải thi hành 1.500 đ (ghi nhận khoản thu hoặc miễn, giảm trước)"
        );
        assert_eq!(
            Lang::En.say(&text),
            "completed, but 1,500 đ is still owed (record the collection or reduction first)"
        );
        assert_eq!(owed.to_string(), Lang::En.say(&text));
        let day = "2026-01-05".parse::<Day>().unwrap();
        let late = Text::new("rule-out-of-order")
            .with("kind", Text::from(crate::event::Kind::Collected))
            .with("on", day)
            .with("previous", day);
        assert!(
            Lang::Vi.say(&late).contains("05/01/2026"),
            "{}",
            Lang::Vi.say(&late)
        );
        assert!(
            Lang::En.say(&late).contains("2026-01-05"),
            "{}",
            Lang::En.say(&late)
        );
        assert!(
            Lang::Vi.say(&late).contains("Thu được tiền"),
            "{}",
            Lang::Vi.say(&late)
        );
    }

    #[test]
    fn the_locale_chooses_the_command_lines_language() {
        assert_eq!(Lang::of_locale(Some("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(Lang::of_locale(Some("vi")), Lang::Vi);
        assert_eq!(Lang::of_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::of_locale(Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::of_locale(None), Lang::En);
    }

    /// The two languages have the same keys, in every file.
    #[test]
    fn every_key_is_in_both_languages() {
        let vi = keys(&[
            include_str!("../locales/vi/main.ftl"),
            include_str!("../locales/vi/faults.ftl"),
        ]);
        let en = keys(&[
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/faults.ftl"),
        ]);
        assert_eq!(
            vi.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "keys in one language only"
        );
    }
}
