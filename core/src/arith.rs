//! Operational arithmetic: `add`, `sub`, `between` on a [`Calendar`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Boundary, Calendar};
use crate::duration::{format_seconds, OpDuration};
use crate::error::{Error, Operation};
use crate::time::Timestamp;

/// The result of an operational computation: a value, whether the holiday list
/// covered every year it touched, and which provisional dates it relied on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reckoning<T> {
    /// The computed value.
    pub value: T,
    /// Years touched by the computation that the calendar's holiday list does not
    /// cover (empty when fully covered). The value still honours weekly hours and
    /// any dates the calendar does list, but may miss holidays not yet decreed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub uncovered_years: Vec<i32>,
    /// Years touched whose holiday list is provisional only (estimates awaiting the
    /// decree; empty when none). The decree may move those dates or add collective
    /// leave, and with them the value.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub provisional_years: Vec<i32>,
    /// Provisional holidays the computation skipped or started on (local dates of
    /// otherwise open weekdays, in order; empty when none).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub provisional_dates: Vec<NaiveDate>,
}

impl<T> Reckoning<T> {
    /// Whether the holiday list covered every year the computation touched
    /// (provisionally or by decree).
    pub fn is_covered(&self) -> bool {
        self.uncovered_years.is_empty()
    }

    /// Whether the computation touched a provisional year or holiday: the value
    /// may move when the decree is published.
    pub fn is_provisional(&self) -> bool {
        !self.provisional_years.is_empty() || !self.provisional_dates.is_empty()
    }
}

impl Calendar {
    /// Adds an operational duration to `t`.
    ///
    /// **Time units** (`OpDuration::Seconds`): the result is the instant whose
    /// operational position is `pos(t) + d`. When that position falls on a closure
    /// (the closing of one period *is* the opening of the next, operationally), the
    /// [`Boundary`] picks the real instant: the closing (earliest) or the opening
    /// (latest), never one before `t`. A negative `d` is [`sub`](Self::sub).
    ///
    /// **Operational days** (`OpDuration::Days`): the start is first moved into hours
    /// (forward: to the next opening if closed at `t`; a closing instant counts as
    /// closed), then the result is the same wall-clock time on the N-th next open date,
    /// then moved into hours by the boundary convention (a wall-clock time after that
    /// day's closing is its closing time, or the next opening).
    ///
    /// # Example
    ///
    /// Worked examples on the default profile (Mon–Thu 07:00–15:30, Fri 07:00–14:00):
    ///
    /// ```
    /// use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
    /// let cal = Calendar::jatengprov();
    /// let t = |s: &str| s.parse::<Timestamp>().unwrap();
    /// let add = |s, d: &str, b| cal.add(t(s), d.parse().unwrap(), b).unwrap().value.to_rfc3339(cal.timezone());
    /// assert_eq!(add("2024-03-01T13:30:00+07:00", "1d", Boundary::Closing), "2024-03-04T13:30:00+07:00");
    /// assert_eq!(add("2024-02-29T15:00:00+07:00", "1d", Boundary::Closing), "2024-03-01T14:00:00+07:00");
    /// assert_eq!(add("2024-02-29T15:00:00+07:00", "1d", Boundary::Opening), "2024-03-04T07:00:00+07:00");
    /// assert_eq!(add("2024-03-02T10:00:00+07:00", "1d", Boundary::Closing), "2024-03-04T15:30:00+07:00");
    /// assert_eq!(add("2024-03-01T13:30:00+07:00", "1h", Boundary::Closing), "2024-03-04T07:30:00+07:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`] if `t` is outside the calendar's years,
    /// [`Error::BeyondHorizon`] if the result would be.
    pub fn add(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Reckoning<Timestamp>, Error> {
        let r = self.add_instant(t, d, b)?;
        Ok(self.reckon(t.unix(), r.unix(), r))
    }

    /// Subtracts an operational duration from `t`: the mirror of [`add`](Self::add).
    /// For time units the result is the instant at position `pos(t) - d` (never after
    /// `t`); for days the start is moved into hours backwards (to the previous closing
    /// if closed at `t`; an opening instant counts as closed), then the same wall-clock
    /// time N open dates earlier, then moved into hours by the boundary convention.
    ///
    /// # Example
    ///
    /// When must a request with a ten-day target have come in to be due on Thursday
    /// 25 April 2024 at 09:00 (the default profile, across the Lebaran closure)?
    ///
    /// ```
    /// use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let due: Timestamp = "2024-04-25T09:00:00+07:00".parse()?;
    /// let start = cal.sub(due, OpDuration::Days(10), Boundary::Closing)?;
    /// assert_eq!(start.value.to_rfc3339(cal.timezone()), "2024-04-03T09:00:00+07:00");
    /// // The mirror of `add`:
    /// assert_eq!(cal.add(start.value, OpDuration::Days(10), Boundary::Closing)?.value, due);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`add`](Self::add).
    pub fn sub(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Reckoning<Timestamp>, Error> {
        // `sub(t, 0)` goes backward (to the previous closing when closed), which
        // `add(t, -0)` cannot say: the direction is explicit.
        let r = self.shift(t, d, b, !d.is_negative())?;
        Ok(self.reckon(t.unix(), r.unix(), r))
    }

    /// The operational seconds from `a` to `b`: `pos(b) - pos(a)`, **signed** (negative
    /// when `b` is before `a`), so `between(a, b) == -between(b, a)` and
    /// `between(t, add(t, d)) == d` for time units.
    ///
    /// # Example
    ///
    /// The operational time a ticket has used, on the default profile:
    ///
    /// ```
    /// use loket_core::{format_elapsed, Calendar, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let received: Timestamp = "2024-03-01T13:00:00+07:00".parse()?; // Friday
    /// let now: Timestamp = "2024-03-04T08:30:00+07:00".parse()?; // Monday
    /// let used = cal.between(received, now)?;
    /// // Friday 13:00–14:00 and Monday 07:00–08:30; the weekend does not count.
    /// assert_eq!(used.value, 2 * 3600 + 1800);
    /// assert_eq!(format_elapsed(used.value), "2h30m");
    /// assert_eq!(cal.between(now, received)?.value, -used.value);
    /// assert!(used.is_covered());
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn between(&self, a: Timestamp, b: Timestamp) -> Result<Reckoning<i64>, Error> {
        let v = self.between_secs(a, b)?;
        Ok(self.reckon(a.unix(), b.unix(), v))
    }

    /// [`add`](Self::add) without the coverage check: the fast path for bulk use.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{Boundary, Calendar, OpDuration, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let t: Timestamp = "2024-03-01T13:30:00+07:00".parse()?;
    /// let d = OpDuration::Seconds(3600);
    /// assert_eq!(cal.add_instant(t, d, Boundary::Closing)?, cal.add(t, d, Boundary::Closing)?.value);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`add`](Self::add).
    #[inline]
    pub fn add_instant(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Timestamp, Error> {
        self.shift(t, d, b, d.is_negative())
    }

    /// [`sub`](Self::sub) without the coverage check.
    ///
    /// # Errors
    /// As [`sub`](Self::sub).
    #[inline]
    pub fn sub_instant(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Timestamp, Error> {
        self.shift(t, d, b, !d.is_negative())
    }

    /// Moves `t` by the magnitude of `d`, backward or forward.
    #[inline]
    fn shift(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
        backward: bool,
    ) -> Result<Timestamp, Error> {
        let u = self.check(t)?;
        let r = match (d, backward) {
            (OpDuration::Seconds(s), false) => self.add_secs(u, s.unsigned_abs() as i64, b),
            (OpDuration::Seconds(s), true) => self.sub_secs(u, s.unsigned_abs() as i64, b),
            (OpDuration::Days(n), false) => self.add_days(u, n.unsigned_abs() as usize, b),
            (OpDuration::Days(n), true) => self.sub_days(u, n.unsigned_abs() as usize, b),
        };
        r.map(Timestamp::from_unix).ok_or_else(|| {
            self.beyond(
                if backward {
                    Operation::Sub
                } else {
                    Operation::Add
                },
                t,
                &d.to_string(),
            )
        })
    }

    /// [`between`](Self::between) without the coverage check.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::{Calendar, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let a: Timestamp = "2024-03-04T07:00:00+07:00".parse()?;
    /// let b: Timestamp = "2024-03-05T07:00:00+07:00".parse()?;
    /// // A whole Monday, 07:00–15:30:
    /// assert_eq!(cal.between_secs(a, b)?, 8 * 3600 + 1800);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    #[inline]
    pub fn between_secs(&self, a: Timestamp, b: Timestamp) -> Result<i64, Error> {
        let (a, b) = (self.check(a)?, self.check(b)?);
        Ok(self.pos(b).0 - self.pos(a).0)
    }

    /// The operational position of `t`: open seconds since the start of the horizon.
    ///
    /// # Example
    ///
    /// Closing time and the next opening are the same operational instant:
    ///
    /// ```
    /// use loket_core::{Calendar, Timestamp};
    ///
    /// let cal = Calendar::jatengprov();
    /// let closing: Timestamp = "2024-03-01T14:00:00+07:00".parse()?; // Friday
    /// let opening: Timestamp = "2024-03-04T07:00:00+07:00".parse()?; // Monday
    /// assert_eq!(cal.position(closing)?, cal.position(opening)?);
    /// # Ok::<(), loket_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn position(&self, t: Timestamp) -> Result<i64, Error> {
        Ok(self.pos(self.check(t)?).0)
    }

    fn reckon<T>(&self, a: i64, b: i64, value: T) -> Reckoning<T> {
        let (provisional_years, provisional_dates) = self.provisional_between(a, b);
        Reckoning {
            value,
            uncovered_years: self.uncovered(a, b),
            provisional_years,
            provisional_dates,
        }
    }

    /// The real instant at position `p` by the convention; `None` for the opening
    /// convention at the very end of the horizon, where no period opens again.
    #[inline]
    fn rep(&self, p: i64, hint: usize, b: Boundary) -> Option<i64> {
        match b {
            Boundary::Closing => Some(self.closing_rep(p, hint)),
            Boundary::Opening => (p < self.seg().total()).then(|| self.opening_rep(p, hint)),
        }
    }

    /// `rep`, but never before `t` (for `add`): on the closure `t` is in, the closing
    /// is before `t`, so the earliest instant not before `t` is the next opening.
    #[inline]
    fn rep_not_before(&self, p: i64, hint: usize, b: Boundary, t: i64) -> Option<i64> {
        let r = self.rep(p, hint, b)?;
        if r >= t {
            return Some(r);
        }
        self.rep(p, hint, Boundary::Opening).filter(|&o| o >= t)
    }

    /// `rep`, but never after `t` (for `sub`).
    #[inline]
    fn rep_not_after(&self, p: i64, hint: usize, b: Boundary, t: i64) -> Option<i64> {
        match self.rep(p, hint, b) {
            Some(r) if r <= t => Some(r),
            _ => Some(self.closing_rep(p, hint)).filter(|&c| c <= t),
        }
    }

    #[inline]
    fn add_secs(&self, t: i64, d: i64, b: Boundary) -> Option<i64> {
        let (p0, i) = self.pos(t);
        let p = p0.checked_add(d).filter(|&p| p <= self.seg().total())?;
        self.rep_not_before(p, i, b, t)
    }

    #[inline]
    fn sub_secs(&self, t: i64, d: i64, b: Boundary) -> Option<i64> {
        let (p0, i) = self.pos(t);
        let p = p0.checked_sub(d).filter(|&p| p >= 0)?;
        self.rep_not_after(p, i, b, t)
    }

    /// Moves `t` into hours forward: `t` if open, else the next opening.
    #[inline]
    pub(crate) fn move_into_hours_forward(&self, t: i64) -> Option<i64> {
        let i = self.seg_at(t);
        self.seg().start.get(i).map(|&s| s.max(t))
    }

    /// Moves `t` into hours backward: `t` if within `(start, end]` of a period, else
    /// the previous closing.
    #[inline]
    pub(crate) fn move_into_hours_backward(&self, t: i64) -> Option<i64> {
        let i = self.seg_at(t);
        let seg = self.seg();
        if i < seg.len() && seg.start[i] < t {
            return Some(t);
        }
        i.checked_sub(1).map(|j| seg.end[j].min(t))
    }

    /// Wall-clock landing of `n` open days after `t` (before the boundary convention),
    /// with the normalized start.
    pub(crate) fn days_landing(&self, t: i64, n: usize, backward: bool) -> Option<(i64, i64)> {
        let (start, day, wall) = if !backward {
            let s = self.move_into_hours_forward(t)?;
            let (day, wall) = self.local_day(s);
            (s, day, wall)
        } else {
            // The date of the last open second, so that a 24:00 closing stays on its day.
            let s = self.move_into_hours_backward(t)?;
            let (day, wall) = self.local_day(s - 1);
            (s, day, wall + 1)
        };
        if n == 0 {
            // Zero days: the start moved into hours. (Re-reading its wall-clock time
            // could pick the other instant of a fall-back fold.)
            return Some((start, start));
        }
        let rank = self.open_rank(day);
        let target = if backward {
            rank.checked_sub(n)?
        } else {
            rank.checked_add(n)?
        };
        let &dn = self.open_days().get(target)?;
        Some((start, self.local_at(dn as usize, wall)))
    }

    fn add_days(&self, t: i64, n: usize, b: Boundary) -> Option<i64> {
        let (_, r) = self.days_landing(t, n, false)?;
        let (p, i) = self.pos(r);
        self.rep_not_before(p, i, b, t)
    }

    fn sub_days(&self, t: i64, n: usize, b: Boundary) -> Option<i64> {
        let (_, r) = self.days_landing(t, n, true)?;
        let (p, i) = self.pos(r);
        self.rep_not_after(p, i, b, t)
    }
}

/// Formats signed operational seconds as `8h30m`.
///
/// # Example
///
/// ```
/// use loket_core::format_elapsed;
///
/// assert_eq!(format_elapsed(30_600), "8h30m");
/// assert_eq!(format_elapsed(-3600), "-1h");
/// assert_eq!(format_elapsed(0), "0s");
/// ```
pub fn format_elapsed(secs: i64) -> String {
    format_seconds(secs)
}
