//! The Vietnamese lunar calendar (âm lịch), computed astronomically at
//! Vietnam's time (UTC+7): a month starts on the day of a new moon, and the
//! 11th month is the one holding the winter solstice; a year of 13 months
//! repeats the first month that holds no major solar term. Tết, Hùng Kings'
//! day and the deadlines around them follow from it.
//!
//! Computed, not tabled: Vietnam's lunar new year is not China's (UTC+8),
//! and differs from it in years such as 1985 (21 January against 20
//! February) and 2007 (17 February against 18 February).
//!
//! The new moon and the sun's longitude follow Jean Meeus, *Astronomical
//! Algorithms* (1998), chapters 25 and 49, in the abridged form that Hồ
//! Ngọc Đức published for the Vietnamese calendar ("Lịch Việt Nam",
//! <https://www.informatik.uni-leipzig.de/~duc/amlich/>): accurate to well
//! within a day for 1800–2199. Astronomy, not money: floating point is
//! right here.

use std::f64::consts::PI;

use crate::Day;

/// Vietnam's time zone, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;

/// The mean length of a lunation, in days.
const SYNODIC_MONTH: f64 = 29.530588853;

/// The Julian day of the new moon of 1900-01-01, from which lunations are
/// counted.
const EPOCH_NEW_MOON: f64 = 2415021.076998695;

/// A date of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// The day of the month, 1–30.
    pub day: u8,
    /// The month, 1–12.
    pub month: u8,
    /// The lunar year, named by the solar year in which it mostly falls.
    pub year: i32,
    /// Whether the month is the leap (repeated) one (tháng nhuận).
    pub leap: bool,
}

/// The Julian day number of a day (noon of that day).
fn julian_day(day: Day) -> i64 {
    const JD_2000_01_01: i64 = 2_451_545;
    let reference = Day::from_ymd(2000, 1, 1).expect("a real day");
    JD_2000_01_01 + i64::from(reference.days_until(day))
}

/// The day of a Julian day number.
fn from_julian_day(jd: i64) -> Day {
    let reference = Day::from_ymd(2000, 1, 1).expect("a real day");
    reference.plus_days((jd - 2_451_545) as i32)
}

/// The Julian day number, in Vietnam, of the `k`-th new moon after that of
/// 1900-01-01.
fn new_moon_day(k: i64) -> i64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries since 1900-01-01
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    // The sun's and the moon's mean anomalies, and the moon's argument of latitude.
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin()
        - 0.4068 * (mpr * dr).sin()
        + 0.0161 * (dr * 2.0 * mpr).sin()
        - 0.0004 * (dr * 3.0 * mpr).sin()
        + 0.0104 * (dr * 2.0 * f).sin()
        - 0.0051 * (dr * (m + mpr)).sin()
        - 0.0074 * (dr * (m - mpr)).sin()
        + 0.0004 * (dr * (2.0 * f + m)).sin()
        - 0.0004 * (dr * (2.0 * f - m)).sin()
        - 0.0006 * (dr * (2.0 * f + mpr)).sin()
        + 0.0010 * (dr * (2.0 * f - mpr)).sin()
        + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    // Terrestrial time less universal time (ΔT), in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    let jd_new = jd1 + c1 - delta_t;
    (jd_new + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors of the ecliptic the sun is in at the
/// start of a day in Vietnam: 0 from the spring equinox, 9 from the winter
/// solstice. A major solar term (trung khí) begins each sector.
fn sun_sector(jd: i64) -> i64 {
    let t = (jd as f64 - 2451545.5 - TIME_ZONE / 24.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let longitude = ((l0 + dl) * dr).rem_euclid(2.0 * PI);
    (longitude / PI * 6.0).floor() as i64
}

/// The lunation count `k` of the new moon at or before a Julian day, give
/// or take one.
fn lunation(jd: i64) -> i64 {
    ((jd as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH).floor() as i64
}

/// The first day of the 11th lunar month of the lunar year that ends in
/// solar year `year`: the month that holds the winter solstice.
fn month_11(year: i32) -> i64 {
    let end = Day::from_ymd(year as i16, 12, 31).expect("a real day");
    let k = lunation(julian_day(end));
    let new_moon = new_moon_day(k);
    if sun_sector(new_moon) >= 9 {
        new_moon_day(k - 1)
    } else {
        new_moon
    }
}

/// In a year of 13 months that starts (with its 11th month) on `a11`, how
/// many months after it the leap month comes: the first month whose start
/// sees the sun in the same sector as the month before, having had no
/// major term of its own.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut sector = sun_sector(new_moon_day(k + i));
    loop {
        let last = sector;
        i += 1;
        sector = sun_sector(new_moon_day(k + i));
        if sector == last || i >= 14 {
            return i - 1;
        }
    }
}

impl LunarDate {
    /// The lunar date of a day.
    pub fn of(day: Day) -> LunarDate {
        let jd = julian_day(day);
        let k = lunation(jd);
        let mut month_start = new_moon_day(k + 1);
        if month_start > jd {
            month_start = new_moon_day(k);
        }
        // The lunar year runs from one 11th month to the next.
        let solar_year = i32::from(day.year());
        let this_11 = month_11(solar_year);
        let (a11, b11, mut year) = if this_11 >= month_start {
            (month_11(solar_year - 1), this_11, solar_year)
        } else {
            (this_11, month_11(solar_year + 1), solar_year + 1)
        };
        let day_of_month = (jd - month_start + 1) as u8;
        let diff = (month_start - a11) / 29;
        let (mut month, mut leap) = (diff + 11, false);
        if b11 - a11 > 365 {
            let leap_offset = leap_month_offset(a11);
            if diff >= leap_offset {
                month = diff + 10;
                leap = diff == leap_offset;
            }
        }
        if month > 12 {
            month -= 12;
        }
        if month >= 11 && diff < 4 {
            year -= 1;
        }
        LunarDate {
            day: day_of_month,
            month: month as u8,
            year,
            leap,
        }
    }

    /// The day of this lunar date; `None` if there is no such date (a leap
    /// month the year does not have, a 30th in a month of 29 days).
    pub fn to_day(self) -> Option<Day> {
        let LunarDate {
            day,
            month,
            year,
            leap,
        } = self;
        if !(1..=30).contains(&day) || !(1..=12).contains(&month) {
            return None;
        }
        let (a11, b11) = if month < 11 {
            (month_11(year - 1), month_11(year))
        } else {
            (month_11(year), month_11(year + 1))
        };
        let k = ((a11 as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5).floor() as i64;
        let mut offset = (i64::from(month) - 11).rem_euclid(12);
        if b11 - a11 > 365 {
            let leap_offset = leap_month_offset(a11);
            let leap_month = (leap_offset - 2).rem_euclid(12);
            if leap && i64::from(month) != leap_month {
                return None;
            }
            if leap || offset >= leap_offset {
                offset += 1;
            }
        } else if leap {
            return None;
        }
        let start = new_moon_day(k + offset);
        let found = from_julian_day(start + i64::from(day) - 1);
        // A 30th that is the next month's 1st does not exist.
        (LunarDate::of(found) == self).then_some(found)
    }

    /// The first day of the lunar year `year` (Tết Nguyên Đán).
    pub fn new_year(year: i32) -> Day {
        LunarDate {
            day: 1,
            month: 1,
            year,
            leap: false,
        }
        .to_day()
        .expect("every lunar year has a first day")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn lunar(day: u8, month: u8, year: i32, leap: bool) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap,
        }
    }

    /// Tết as Vietnam kept it, including the years where China's differs
    /// (1985, 2007) and a range across the two centuries.
    #[test]
    fn tet_falls_on_vietnams_days() {
        for (year, tet) in [
            (1968, "1968-01-29"),
            (1985, "1985-01-21"), // China: 20 February
            (2000, "2000-02-05"),
            (2007, "2007-02-17"), // China: 18 February
            (2020, "2020-01-25"),
            (2023, "2023-01-22"),
            (2024, "2024-02-10"),
            (2025, "2025-01-29"),
            (2026, "2026-02-17"),
            (2027, "2027-02-06"),
            (2030, "2030-02-02"), // China: 3 February (new moon at 23:07 in Hà Nội)
        ] {
            assert_eq!(LunarDate::new_year(year), day(tet), "Tết {year}");
            assert_eq!(LunarDate::of(day(tet)), lunar(1, 1, year, false), "{tet}");
        }
    }

    #[test]
    fn leap_months_are_found() {
        // 2020 repeated the 4th month, 2023 the 2nd, 2025 the 6th.
        assert_eq!(LunarDate::of(day("2020-05-23")), lunar(1, 4, 2020, true));
        assert_eq!(LunarDate::of(day("2020-04-23")), lunar(1, 4, 2020, false));
        assert_eq!(LunarDate::of(day("2023-03-22")), lunar(1, 2, 2023, true));
        assert_eq!(LunarDate::of(day("2025-07-25")), lunar(1, 6, 2025, true));
        assert_eq!(lunar(1, 6, 2025, true).to_day(), Some(day("2025-07-25")));
        assert_eq!(
            lunar(1, 5, 2025, true).to_day(),
            None,
            "2025 has no leap 5th month"
        );
        assert_eq!(
            lunar(1, 6, 2026, true).to_day(),
            None,
            "2026 has no leap month"
        );
    }

    #[test]
    fn hung_kings_day_is_the_10th_of_the_3rd_month() {
        for (year, on) in [
            (2024, "2024-04-18"),
            (2025, "2025-04-07"),
            (2026, "2026-04-26"),
        ] {
            assert_eq!(lunar(10, 3, year, false).to_day(), Some(day(on)), "{year}");
        }
    }

    #[test]
    fn every_day_goes_there_and_back() {
        let mut d = day("1990-01-01");
        while d < day("2040-01-01") {
            let l = LunarDate::of(d);
            assert_eq!(l.to_day(), Some(d), "{d}: {l:?}");
            d = d.plus_days(1);
        }
        // Before Tết, the year is the old one: 2007-02-16 is the 29th of
        // the 12th month of 2006.
        assert_eq!(LunarDate::of(day("2007-02-16")), lunar(29, 12, 2006, false));
    }
}
