//! Partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) and the windows of days an assertion holds.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// A date as written in a claim set: a year, a month or a day.
///
/// A partial date stands for all of its days: as the start of a window it means its first day,
/// as the end its last day.
///
/// ```
/// use claimgraph::PartialDate;
/// let month: PartialDate = "2025-02".parse()?;
/// assert_eq!(month.first_day().to_string(), "2025-02-01");
/// assert_eq!(month.last_day().to_string(), "2025-02-28");
/// assert_eq!(month.to_string(), "2025-02");
/// # Ok::<(), claimgraph::DateError>(())
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct PartialDate {
    first_day: Date,
    precision: Precision,
}

/// How much of a [`PartialDate`] was written.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
    /// `YYYY-MM-DD`
    Day,
}

/// Why a text is not a date of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("bad date {text:?}: {reason}")]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl PartialDate {
    /// The first day the date covers.
    pub fn first_day(self) -> Date {
        self.first_day
    }

    /// The last day the date covers.
    pub fn last_day(self) -> Date {
        match self.precision {
            Precision::Day => self.first_day,
            Precision::Month => self.first_day.last_of_month(),
            // December always has 31 days, so this date always exists.
            Precision::Year => Date::new(self.first_day.year(), 12, 31).unwrap_or(self.first_day),
        }
    }

    /// How much of the date was written.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// All the days the date covers, as a window.
    pub fn window(self) -> Window {
        Window::between(Some(self.first_day()), Some(self.last_day()))
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let error = |reason| DateError { text: text.to_owned(), reason };
        let mut parts = text.split('-');
        let year = parse_part(parts.next(), 4).ok_or_else(|| error("expected YYYY, YYYY-MM or YYYY-MM-DD"))?;
        let month = parts.next().map(|part| parse_part(Some(part), 2));
        let day = parts.next().map(|part| parse_part(Some(part), 2));
        if parts.next().is_some() {
            return Err(error("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let (month, day, precision) = match (month, day) {
            (None, _) => (1, 1, Precision::Year),
            (Some(Some(month)), None) => (month, 1, Precision::Month),
            (Some(Some(month)), Some(Some(day))) => (month, day, Precision::Day),
            _ => return Err(error("expected YYYY, YYYY-MM or YYYY-MM-DD")),
        };
        if !(1..=12).contains(&month) {
            return Err(error("month must be 01 to 12"));
        }
        let year = i16::try_from(year).map_err(|_| error("year out of range"))?;
        let month = i8::try_from(month).map_err(|_| error("month must be 01 to 12"))?;
        let day = i8::try_from(day).map_err(|_| error("no such day in that month"))?;
        let first_day = Date::new(year, month, day).map_err(|_| error("no such day in that month"))?;
        Ok(PartialDate { first_day, precision })
    }
}

/// Digits only, exactly `width` of them.
fn parse_part(part: Option<&str>, width: usize) -> Option<u32> {
    let part = part?;
    if part.len() != width || !part.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.first_day;
        match self.precision {
            Precision::Year => write!(f, "{:04}", date.year()),
            Precision::Month => write!(f, "{:04}-{:02}", date.year(), date.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
        }
    }
}

/// A range of days, both ends inclusive; a missing end is unbounded.
///
/// ```
/// use claimgraph::{PartialDate, Window};
/// let august: PartialDate = "2025-08".parse()?;
/// let from_the_15th = Window::between(Some("2025-08-15".parse::<PartialDate>()?.first_day()), None);
/// let common = august.window().intersection(from_the_15th);
/// assert_eq!(common.to_string(), "2025-08-15 to 2025-08-31");
/// assert!(!common.is_empty());
/// # Ok::<(), claimgraph::DateError>(())
/// ```
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Window {
    from: Option<Date>,
    to: Option<Date>,
}

impl Window {
    /// Every day.
    pub const ALWAYS: Window = Window { from: None, to: None };

    /// The days from `from` to `to`, both inclusive; `None` is unbounded.
    pub fn between(from: Option<Date>, to: Option<Date>) -> Window {
        Window { from, to }
    }

    /// The first day, or `None` when unbounded.
    pub fn from(self) -> Option<Date> {
        self.from
    }

    /// The last day, or `None` when unbounded.
    pub fn to(self) -> Option<Date> {
        self.to
    }

    /// The days common to both windows.
    pub fn intersection(self, other: Window) -> Window {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Window { from, to }
    }

    /// Whether the window holds no day at all.
    pub fn is_empty(self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }

    /// Writes the window as its `Display` does, into any text sink: a report writes millions of
    /// windows, straight into the sentences that show them.
    pub(crate) fn write_to<W: fmt::Write + ?Sized>(self, out: &mut W) -> fmt::Result {
        match (self.from, self.to) {
            (None, None) => out.write_str("always"),
            (Some(from), None) => {
                out.write_str("from ")?;
                write_day(out, from)
            }
            (None, Some(to)) => {
                out.write_str("until ")?;
                write_day(out, to)
            }
            (Some(from), Some(to)) if from == to => write_day(out, from),
            (Some(from), Some(to)) => {
                write_day(out, from)?;
                out.write_str(" to ")?;
                write_day(out, to)
            }
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// Writes a day as `YYYY-MM-DD`, as jiff's `Display` does, digit by digit for the years a claim
/// set can hold (`0000` to `9999`) rather than through the general formatter.
pub(crate) fn write_day<W: fmt::Write + ?Sized>(out: &mut W, day: Date) -> fmt::Result {
    let (Ok(year), Ok(month), Ok(day_of_month)) =
        (u16::try_from(day.year()), u8::try_from(day.month()), u8::try_from(day.day()))
    else {
        return write!(out, "{day}");
    };
    if year > 9999 {
        return write!(out, "{day}");
    }
    let digit = |value: u16| b'0' + u8::try_from(value % 10).unwrap_or(0);
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(u16::from(month) / 10),
        digit(u16::from(month)),
        b'-',
        digit(u16::from(day_of_month) / 10),
        digit(u16::from(day_of_month)),
    ];
    out.write_str(std::str::from_utf8(&text).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;
    use proptest::prelude::*;
    use proptest::test_runner::{RngAlgorithm, RngSeed};

    use super::{Window, write_day};

    fn any_day() -> impl Strategy<Value = Date> {
        (-9999i16..=9999, 1i8..=12, 1i8..=31).prop_map(|(year, month, day)| {
            // Days past the end of a short month are moved back into it.
            let first = Date::new(year, month, 1).unwrap_or_default();
            Date::new(year, month, day.min(first.days_in_month())).unwrap_or(first)
        })
    }

    /// Deterministic runs that write nothing next to the sources.
    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            rng_algorithm: RngAlgorithm::ChaCha,
            rng_seed: RngSeed::Fixed(0x6461_7973),
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// Days are written as jiff writes them, in and out of the years written digit by digit.
        #[test]
        fn days_are_written_as_jiff_writes_them(day in any_day()) {
            let mut written = String::new();
            prop_assert!(write_day(&mut written, day).is_ok());
            prop_assert_eq!(written, day.to_string());
        }

        /// Each shape of window reads as the contract's examples do, with jiff's days.
        #[test]
        fn windows_are_written_with_jiff_days(from in proptest::option::of(any_day()), to in proptest::option::of(any_day())) {
            let expected = match (from, to) {
                (None, None) => "always".to_owned(),
                (Some(from), None) => format!("from {from}"),
                (None, Some(to)) => format!("until {to}"),
                (Some(from), Some(to)) if from == to => format!("{from}"),
                (Some(from), Some(to)) => format!("{from} to {to}"),
            };
            prop_assert_eq!(Window::between(from, to).to_string(), expected);
        }
    }
}
