//! Coverage of the holiday list: which years it covers by decree, which only by
//! provisional estimates, and the warning before the confirmed list runs out.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::build::year_ranges;
use super::spec::YearRange;
use super::Calendar;
use crate::lang::Lang;

/// How many days before the confirmed holiday list ends a desk is warned, unless
/// its desk configuration says otherwise (`coverage_warning_days`).
pub const DEFAULT_COVERAGE_WARNING_DAYS: u32 = 60;

/// Which years a calendar's holiday list covers, and how surely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Years covered by confirmed dates (a decree), or declared complete with
    /// `covers`.
    pub confirmed: Vec<YearRange>,
    /// Years covered by provisional dates only (estimates awaiting the decree).
    pub provisional: Vec<YearRange>,
    /// The last date of the last confirmed year; `None` when nothing is confirmed.
    pub last_confirmed: Option<NaiveDate>,
}

/// Whether the confirmed list is about to end or has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CoverageState {
    /// It ends within the warning window (today included).
    Ending,
    /// It ended before today.
    Ended,
}

/// The warning that the confirmed holiday list ends soon (or has ended): from
/// [`Calendar::coverage_warning`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CoverageWarning {
    /// Ending or ended.
    pub state: CoverageState,
    /// The last date the confirmed list covers.
    pub last_confirmed: NaiveDate,
    /// Days from today to `last_confirmed`: 0 when today is the last confirmed
    /// date, negative once it has passed.
    pub days_left: i64,
    /// The warning window, in days.
    pub within_days: u32,
    /// Years after `last_confirmed` covered only by provisional dates.
    pub provisional_years: Vec<i32>,
}

impl CoverageWarning {
    /// A stable code: `calendar.coverage_ending` or `calendar.coverage_ended`.
    pub fn code(&self) -> &'static str {
        match self.state {
            CoverageState::Ending => "calendar.coverage_ending",
            CoverageState::Ended => "calendar.coverage_ended",
        }
    }

    /// The first year after the confirmed list.
    fn next_year(&self) -> i32 {
        self.last_confirmed.year() + 1
    }

    /// The warning for people, in `lang`: when the confirmed list ends, what the
    /// year after holds, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let date = lang.long_date(&self.last_confirmed);
        let n = self.days_left;
        let when = match (lang, n) {
            (Lang::Id, 0) => "hari ini".to_string(),
            (Lang::Id, n) if n > 0 => format!("{n} hari lagi"),
            (Lang::Id, n) => format!("{} hari yang lalu", -n),
            (Lang::En, 0) => "today".to_string(),
            (Lang::En, 1) => "in 1 day".to_string(),
            (Lang::En, n) if n > 0 => format!("in {n} days"),
            (Lang::En, -1) => "1 day ago".to_string(),
            (Lang::En, n) => format!("{} days ago", -n),
        };
        let head = match lang {
            Lang::Id => {
                format!("Daftar hari libur yang sudah ditetapkan berakhir {date} ({when}).")
            }
            Lang::En => format!("The confirmed holiday list ends on {date} ({when})."),
        };
        let next = self.next_year();
        let body = if self.provisional_years.first() == Some(&next) {
            let years = join_years(&self.provisional_years);
            match lang {
                Lang::Id => format!(" Tahun {years} baru berisi tanggal perkiraan (menunggu SKB): tenggat yang melewatinya dapat bergeser. Masukkan tanggal dari SKB begitu terbit."),
                Lang::En => format!(" {years} has provisional dates only (awaiting the joint decree): deadlines crossing it may move. Enter the decree's dates as soon as it is published."),
            }
        } else {
            match lang {
                Lang::Id => format!(" Tahun {next} belum dicakup daftar hari libur: tenggat yang melewatinya tidak memperhitungkan hari liburnya. Masukkan tanggal dari SKB begitu terbit."),
                Lang::En => format!(" {next} is not covered by the holiday list: deadlines crossing it ignore its holidays. Enter the decree's dates as soon as it is published."),
            }
        };
        head + &body
    }
}

/// `2027, 2028`.
fn join_years(years: &[i32]) -> String {
    let v: Vec<String> = years.iter().map(i32::to_string).collect();
    v.join(", ")
}

impl Calendar {
    /// Which years the holiday list covers by decree, which only provisionally, and
    /// the last confirmed date.
    ///
    /// ```
    /// use loket_core::Calendar;
    /// let c = Calendar::jatengprov().coverage();
    /// assert_eq!((c.confirmed[0].from, c.confirmed[0].to), (2024, 2026));
    /// assert_eq!((c.provisional[0].from, c.provisional[0].to), (2027, 2027));
    /// assert_eq!(c.last_confirmed.unwrap().to_string(), "2026-12-31");
    /// ```
    pub fn coverage(&self) -> Coverage {
        let confirmed = year_ranges(
            self.covers
                .iter()
                .flat_map(|r| r.from..=r.to)
                .filter(|y| !self.is_provisional_year(*y)),
        );
        let last_confirmed = confirmed
            .last()
            .and_then(|r| NaiveDate::from_ymd_opt(r.to, 12, 31));
        Coverage {
            confirmed,
            provisional: self.provisional.clone(),
            last_confirmed,
        }
    }

    /// The warning due on `today` (a local date): `Some` when the confirmed
    /// holiday list ends within `within_days` days of it, or ended before it.
    /// The list considered is the confirmed run of years that holds today, or
    /// else the last one before today. `None` when nothing is confirmed (such a
    /// calendar says so in every result instead) or the end is further away.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use loket_core::{Calendar, Lang};
    /// let cal = Calendar::jatengprov();
    /// let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    /// let w = cal.coverage_warning(today, 60).unwrap();
    /// assert_eq!((w.days_left, w.provisional_years.clone()), (28, vec![2027]));
    /// assert!(w.message(Lang::En).starts_with("The confirmed holiday list ends on Thursday, 31 December 2026 (in 28 days)."));
    /// assert!(cal.coverage_warning(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), 60).is_none());
    /// ```
    pub fn coverage_warning(&self, today: NaiveDate, within_days: u32) -> Option<CoverageWarning> {
        let confirmed = self.coverage().confirmed;
        let y = today.year();
        let run = confirmed
            .iter()
            .find(|r| r.from <= y && y <= r.to)
            .or_else(|| confirmed.iter().rev().find(|r| r.to < y))?;
        let last_confirmed = NaiveDate::from_ymd_opt(run.to, 12, 31)?;
        let days_left = (last_confirmed - today).num_days();
        if days_left > i64::from(within_days) {
            return None;
        }
        Some(CoverageWarning {
            state: if days_left < 0 {
                CoverageState::Ended
            } else {
                CoverageState::Ending
            },
            last_confirmed,
            days_left,
            within_days,
            provisional_years: self
                .provisional
                .iter()
                .flat_map(|r| r.from..=r.to)
                .filter(|p| *p > run.to)
                .collect(),
        })
    }

    fn is_provisional_year(&self, y: i32) -> bool {
        self.provisional.iter().any(|r| r.from <= y && y <= r.to)
    }

    /// The provisional years and the provisional holiday dates (that close an
    /// otherwise open weekday) between the local dates of `a` and `b` (unix
    /// seconds, in horizon, either order), both inclusive.
    pub(crate) fn provisional_between(&self, a: i64, b: i64) -> (Vec<i32>, Vec<NaiveDate>) {
        let (a, b) = (a.min(b), a.max(b));
        if !self.provisional_spans.iter().any(|&(s, e)| s <= b && a < e) {
            return (Vec::new(), Vec::new());
        }
        let (da, db) = (
            self.date(self.local_day(a).0),
            self.date(self.local_day(b).0),
        );
        let years = (da.year()..=db.year())
            .filter(|y| self.is_provisional_year(*y))
            .collect();
        let lo = self.provisional_dates.partition_point(|d| *d < da);
        let hi = self.provisional_dates.partition_point(|d| *d <= db);
        (years, self.provisional_dates[lo..hi].to_vec())
    }
}
