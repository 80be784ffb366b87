//! `Calendar`: operating hours, holidays and the operational arithmetic.

use std::cell::OnceCell;
use std::rc::Rc;

use chrono::Datelike;
use loket_core::{CalendarSpec, OpDuration, OpenStatus, Reckoning, Timestamp, YearRange};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{self, core_error, instant};

/// An operating calendar: weekly hours, holidays, overrides, in one time zone.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Calendar {
    pub(crate) inner: Rc<Lazy>,
}

/// A calendar compiled in proportion to use. At first only a window of years around
/// the page's own (the year before to the year after, `Calendar::window`) is
/// compiled: a few milliseconds, where the whole horizon (1970–2100 by default)
/// takes tens. A question whose answer the window does not hold
/// (`Calendar::holds`: an instant before its first opening or after its last
/// closing) compiles the whole horizon once, and every later question goes there.
/// Either way the answer is the whole calendar's (`tests/tests/windows.rs`).
///
/// Shared, never copied, between a profile and the calendars handed out for it.
#[derive(Debug)]
pub(crate) struct Lazy {
    window: Option<loket_core::Calendar>,
    whole: OnceCell<loket_core::Calendar>,
}

impl Lazy {
    /// Checks `spec` and compiles the window around the current year.
    pub(crate) fn new(spec: CalendarSpec) -> Result<Lazy, loket_core::Error> {
        let year = this_year();
        let window = loket_core::Calendar::window(
            spec,
            YearRange {
                from: year - 1,
                to: year + 1,
            },
        )?;
        Ok(Lazy::of(window))
    }

    /// A compiled calendar (a window or the whole).
    pub(crate) fn of(cal: loket_core::Calendar) -> Lazy {
        if cal.is_whole() {
            Lazy {
                window: None,
                whole: OnceCell::from(cal),
            }
        } else {
            Lazy {
                window: Some(cal),
                whole: OnceCell::new(),
            }
        }
    }

    /// The whole calendar, compiled on first use.
    pub(crate) fn whole(&self) -> &loket_core::Calendar {
        self.whole.get_or_init(|| {
            let window = self
                .window
                .as_ref()
                .expect("a lazy calendar has one of the two");
            // The spec compiled as a window, so it compiles whole; should it not, the
            // window keeps answering (its errors name its own years).
            loket_core::Calendar::new(window.spec().clone()).unwrap_or_else(|_| window.clone())
        })
    }

    /// What is the same in a window and the whole: the spec, the zone, the holidays.
    pub(crate) fn any(&self) -> &loket_core::Calendar {
        match (self.whole.get(), &self.window) {
            (Some(c), _) | (None, Some(c)) => c,
            (None, None) => self.whole(),
        }
    }

    /// Asks the window, and keeps its answer when `held` says the window holds it
    /// (every instant the answer is about is inside the window's open periods);
    /// otherwise, or on an error, asks the whole calendar.
    #[inline]
    pub(crate) fn ask<T>(
        &self,
        run: impl Fn(&loket_core::Calendar) -> Result<T, loket_core::Error>,
        held: impl Fn(&loket_core::Calendar, &T) -> bool,
    ) -> Result<T, loket_core::Error> {
        if let (None, Some(w)) = (self.whole.get(), &self.window) {
            if let Ok(v) = run(w) {
                if held(w, &v) {
                    return Ok(v);
                }
            }
        }
        run(self.whole())
    }
}

/// The current year (UTC) of the page's clock.
fn this_year() -> i32 {
    let secs = (js_sys::Date::now() / 1000.0).floor() as i64;
    chrono::DateTime::from_timestamp(secs, 0).map_or(2026, |d| d.year())
}

impl Calendar {
    /// The calendar of a profile, shared with it.
    pub(crate) fn of(inner: Rc<Lazy>) -> Calendar {
        Calendar { inner }
    }

    fn own(spec: CalendarSpec) -> Result<Calendar, JsValue> {
        Ok(Calendar {
            inner: Rc::new(Lazy::new(spec).map_err(core_error)?),
        })
    }

    /// Asks the calendar (see [`Lazy::ask`]).
    #[inline]
    fn ask<T>(
        &self,
        run: impl Fn(&loket_core::Calendar) -> Result<T, loket_core::Error>,
        held: impl Fn(&loket_core::Calendar, &T) -> bool,
    ) -> Result<T, JsValue> {
        self.inner.ask(run, held).map_err(core_error)
    }

    /// The whole calendar (the laws read its tables directly).
    #[cfg(feature = "laws")]
    pub(crate) fn cal(&self) -> &loket_core::Calendar {
        self.inner.whole()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsReckoning<T> {
    value: T,
    uncovered_years: Vec<i32>,
    provisional_years: Vec<i32>,
    provisional_dates: Vec<String>,
}

/// Whether a window holds a status: its instant of change is inside it.
fn status_held(c: &loket_core::Calendar, s: &OpenStatus) -> bool {
    match s {
        OpenStatus::Open { until } => c.holds(*until),
        OpenStatus::Closed { opens } => opens.is_some_and(|o| c.holds(o)),
    }
}

/// The provisional dates as `YYYY-MM-DD` strings.
pub(crate) fn dates<D: ToString>(v: &[D]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

impl Calendar {
    fn iso(&self, t: Timestamp) -> String {
        t.to_rfc3339(self.inner.any().timezone())
    }

    /// `add` (or `sub` when `backward`), as a JS result.
    fn shift(
        &self,
        start: JsValue,
        duration: JsValue,
        options: Option<JsValue>,
        backward: bool,
    ) -> Result<JsValue, JsValue> {
        let (t, d, b) = (
            instant(&start)?,
            convert::duration(&duration)?,
            convert::boundary(&options)?,
        );
        let r: Reckoning<Timestamp> = self.ask(
            |c| match backward {
                true => c.sub(t, d, b),
                false => c.add(t, d, b),
            },
            |c, r| c.holds(t) && c.holds(r.value),
        )?;
        convert::to_js(&JsReckoning {
            value: self.iso(r.value),
            uncovered_years: r.uncovered_years,
            provisional_dates: dates(&r.provisional_dates),
            provisional_years: r.provisional_years,
        })
    }

    /// The explanation of `add` (or `sub` when `backward`).
    fn explain_shift(
        &self,
        start: &JsValue,
        duration: &JsValue,
        options: &Option<JsValue>,
        backward: bool,
    ) -> Result<loket_core::Explanation, JsValue> {
        let (t, d, b) = (
            instant(start)?,
            convert::duration(duration)?,
            convert::boundary(options)?,
        );
        self.ask(
            |c| match backward {
                true => c.explain_sub(t, d, b),
                false => c.explain_add(t, d, b),
            },
            |c, e| c.holds(t) && c.holds(e.end),
        )
    }

    fn explain_between_at(
        &self,
        a: Timestamp,
        b: Timestamp,
    ) -> Result<loket_core::Explanation, JsValue> {
        self.ask(|c| c.explain_between(a, b), |c, _| c.holds(a) && c.holds(b))
    }
}

#[wasm_bindgen]
impl Calendar {
    /// The default calendar of Service Desk JatengProv: Mon–Thu 07:00–15:30,
    /// Fri 07:00–14:00 (Asia/Jakarta), the national holidays, election days and
    /// collective leave of 2024–2026.
    pub fn jatengprov() -> Calendar {
        Calendar::of(crate::profile::default_profile().lazy().clone())
    }

    /// A calendar from the JSON text of a calendar file (the browser build reads no
    /// TOML: convert with `loket calendar show --calendar FILE --json`).
    ///
    /// Throws a `LoketError` (`input.syntax`, `calendar.*`) saying what is wrong.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<Calendar, JsValue> {
        Calendar::own(
            CalendarSpec::from_text(&convert::string(&text, "text")?).map_err(core_error)?,
        )
    }

    /// A calendar from a calendar object (the fields of a calendar file).
    #[wasm_bindgen(js_name = fromSpec)]
    pub fn from_spec(
        #[wasm_bindgen(unchecked_param_type = "CalendarSpec")] spec: JsValue,
    ) -> Result<Calendar, JsValue> {
        Calendar::own(convert::from_js(spec, "CalendarSpec")?)
    }

    /// The calendar as an object (the fields of a calendar file).
    #[wasm_bindgen(unchecked_return_type = "CalendarSpec")]
    pub fn spec(&self) -> Result<JsValue, JsValue> {
        convert::to_js(self.inner.any().spec())
    }

    /// The IANA time zone, e.g. `"Asia/Jakarta"`.
    #[wasm_bindgen(getter)]
    pub fn timezone(&self) -> String {
        self.inner.any().timezone().name().to_string()
    }

    /// The name of the calendar, if it has one.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> Option<String> {
        self.inner.any().spec().name.clone()
    }

    /// Whether the desk is open at `at` (open at the opening instant, closed at the closing instant).
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<bool, JsValue> {
        let t = instant(&at)?;
        self.ask(|c| c.is_open(t), |c, _| c.holds(t))
    }

    /// Open until when, or closed until when.
    #[wasm_bindgen(unchecked_return_type = "OpenStatus")]
    pub fn status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let t = instant(&at)?;
        convert::to_js(&self.ask(|c| c.status(t), |c, s| c.holds(t) && status_held(c, s))?)
    }

    /// The first opening at or after `at` (ISO 8601 in the calendar's zone); when open
    /// at `at`, the start of the *next* period. `undefined` past the calendar's range.
    #[wasm_bindgen(js_name = nextOpening)]
    pub fn next_opening(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let t = instant(&at)?;
        Ok(self
            .ask(
                |c| c.next_opening(t),
                |c, n| c.holds(t) && n.is_some_and(|n| c.holds(n)),
            )?
            .map(|t| self.iso(t)))
    }

    /// The last closing at or before `at` (ISO 8601 in the calendar's zone).
    #[wasm_bindgen(js_name = previousClosing)]
    pub fn previous_closing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let t = instant(&at)?;
        Ok(self
            .ask(
                |c| c.previous_closing(t),
                |c, p| c.holds(t) && p.is_some_and(|p| c.holds(p)),
            )?
            .map(|t| self.iso(t)))
    }

    /// `start` plus an operational duration (`"8h30m"`, `"2d"`); the result is an ISO
    /// 8601 string in the calendar's zone.
    #[wasm_bindgen(unchecked_return_type = "Reckoning<string>")]
    pub fn add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArithOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.shift(start, duration, options, false)
    }

    /// `start` minus an operational duration (never after `start`).
    #[wasm_bindgen(unchecked_return_type = "Reckoning<string>")]
    pub fn sub(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArithOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.shift(start, duration, options, true)
    }

    /// Operational seconds from `from` to `to`, signed (negative when `to` is earlier).
    #[wasm_bindgen(unchecked_return_type = "Reckoning<number>")]
    pub fn between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (a, b) = (instant(&from)?, instant(&to)?);
        let r = self.ask(|c| c.between(a, b), |c, _| c.holds(a) && c.holds(b))?;
        convert::to_js(&JsReckoning {
            value: r.value,
            uncovered_years: r.uncovered_years,
            provisional_dates: dates(&r.provisional_dates),
            provisional_years: r.provisional_years,
        })
    }

    /// Why `add(start, duration)` is what it is: counted and skipped stretches.
    #[wasm_bindgen(js_name = explainAdd, unchecked_return_type = "Explanation")]
    pub fn explain_add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArithOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        convert::to_js(&self.explain_shift(&start, &duration, &options, false)?)
    }

    /// Why `sub(start, duration)` is what it is.
    #[wasm_bindgen(js_name = explainSub, unchecked_return_type = "Explanation")]
    pub fn explain_sub(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArithOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        convert::to_js(&self.explain_shift(&start, &duration, &options, true)?)
    }

    /// Why `between(from, to)` is what it is.
    #[wasm_bindgen(js_name = explainBetween, unchecked_return_type = "Explanation")]
    pub fn explain_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        convert::to_js(&self.explain_between_at(instant(&from)?, instant(&to)?)?)
    }

    /// An explanation (from this calendar's `explainAdd`, `explainSub`,
    /// `explainBetween`, or a deadline) as readable text, one stretch a line.
    ///
    /// The text is computed again from the explanation's `start`, `end`, `duration`,
    /// `backward` and `boundary`, so it always matches this calendar.
    #[wasm_bindgen(js_name = renderExplanation)]
    pub fn render_explanation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Explanation")] explanation: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let some = Some(explanation);
        let duration = convert::field(&some, "duration");
        let e = match duration.is_string() {
            true => {
                let backward = convert::field(&some, "backward").as_bool().unwrap_or(false);
                self.explain_shift(&convert::field(&some, "start"), &duration, &some, backward)?
            }
            false => {
                let (a, b) = (
                    instant(&convert::field(&some, "start"))?,
                    instant(&convert::field(&some, "end"))?,
                );
                self.explain_between_at(a, b)?
            }
        };
        Ok(self
            .inner
            .any()
            .render_explanation(&e, convert::lang(&options)?))
    }

    /// An instant for people, e.g. `"Senin, 4 Maret 2024 13:30 WIB"`.
    #[wasm_bindgen(js_name = formatInstant)]
    pub fn format_instant(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(self
            .inner
            .any()
            .when(instant(&at)?, convert::lang(&options)?))
    }

    /// The holidays that close the desk on or after `from`'s local date, at most `limit`.
    #[wasm_bindgen(unchecked_return_type = "HolidaySpec[]")]
    pub fn holidays(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        limit: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let cal = self.inner.any();
        let date = instant(&from)?.in_zone(cal.timezone()).date_naive();
        let v: Vec<_> = cal
            .holidays_from(date)
            .take(limit.unwrap_or(u32::MAX) as usize)
            .collect();
        convert::to_js(&v)
    }

    /// The years compiled so far, `{ from, to }`: a window around the current year
    /// until a question leaves it, then the whole horizon.
    #[wasm_bindgen(getter, js_name = compiledYears, unchecked_return_type = "YearRange")]
    pub fn compiled_years(&self) -> Result<JsValue, JsValue> {
        let (from, to) = self.inner.any().horizon();
        convert::to_js(&YearRange {
            from: from.year(),
            to: to.year(),
        })
    }

    /// The operational duration as seconds, when it is in time units (`"8h30m"` →
    /// 30600); throws for days, which have no fixed length.
    #[wasm_bindgen(js_name = durationSeconds)]
    pub fn duration_seconds(
        #[wasm_bindgen(unchecked_param_type = "Duration")] duration: JsValue,
    ) -> Result<f64, JsValue> {
        match convert::duration(&duration)? {
            OpDuration::Seconds(s) => Ok(s as f64),
            OpDuration::Days(_) => Err(convert::error(
                "input.days_have_no_length",
                &convert::msg(
                    "hari operasional tidak memiliki panjang tetap dalam detik",
                    "operational days have no fixed length in seconds",
                ),
            )),
        }
    }
}

/// An operational duration parsed once (`ParsedDuration.parse("2d")`), for the numeric
/// methods that take one (`addDurationMillis`, `subDurationMillis`): no text is
/// parsed on the way.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug)]
pub struct ParsedDuration {
    d: OpDuration,
}

#[wasm_bindgen]
impl ParsedDuration {
    /// Parses `"90s"`, `"45m"`, `"8h30m"`, `"2d"` (operational days), optional `-`.
    ///
    /// Throws a `LoketError` (`input.invalid_duration`) saying what is wrong.
    pub fn parse(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<ParsedDuration, JsValue> {
        Ok(ParsedDuration {
            d: convert::duration(&text)?,
        })
    }

    /// A duration of whole seconds (negative goes backward).
    #[wasm_bindgen(js_name = ofSeconds)]
    pub fn of_seconds(seconds: f64) -> Result<ParsedDuration, JsValue> {
        Ok(ParsedDuration {
            d: convert::seconds(seconds)?,
        })
    }

    /// A duration of whole operational days (negative goes backward).
    #[wasm_bindgen(js_name = ofDays)]
    pub fn of_days(days: f64) -> Result<ParsedDuration, JsValue> {
        if days.fract() != 0.0 || !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&days) {
            return Err(convert::error(
                "input.invalid_duration",
                &convert::msg(
                    "jumlah hari harus bilangan bulat",
                    "the number of days must be a whole number",
                ),
            ));
        }
        Ok(ParsedDuration {
            d: OpDuration::Days(days as i32),
        })
    }

    /// The seconds of a duration in time units; `undefined` for days.
    #[wasm_bindgen(getter)]
    pub fn seconds(&self) -> Option<f64> {
        match self.d {
            OpDuration::Seconds(s) => Some(s as f64),
            OpDuration::Days(_) => None,
        }
    }

    /// The operational days of a duration in days; `undefined` for time units.
    #[wasm_bindgen(getter)]
    pub fn days(&self) -> Option<f64> {
        match self.d {
            OpDuration::Days(n) => Some(f64::from(n)),
            OpDuration::Seconds(_) => None,
        }
    }

    /// The duration as text, e.g. `"8h30m"`, `"2d"`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_text(&self) -> String {
        self.d.to_string()
    }
}

/// The numeric fast paths: instants as epoch milliseconds (read to the second, like
/// every instant of the engine), durations as seconds or a parsed `Duration`, results
/// as epoch milliseconds or seconds. No text, no objects on the way, no coverage
/// warnings (the rich methods give those); the same values as the rich methods.
#[wasm_bindgen]
impl Calendar {
    /// `add(start, duration).value` as epoch milliseconds, for a duration in seconds.
    #[wasm_bindgen(js_name = addMillis)]
    pub fn add_millis(
        &self,
        start: f64,
        seconds: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<f64, JsValue> {
        let (d, b) = (convert::seconds(seconds)?, convert::boundary_arg(boundary)?);
        self.shift_millis(convert::millis(start)?, d, b, false)
    }

    /// `sub(start, duration).value` as epoch milliseconds, for a duration in seconds.
    #[wasm_bindgen(js_name = subMillis)]
    pub fn sub_millis(
        &self,
        start: f64,
        seconds: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<f64, JsValue> {
        let (d, b) = (convert::seconds(seconds)?, convert::boundary_arg(boundary)?);
        self.shift_millis(convert::millis(start)?, d, b, true)
    }

    /// `add(start, duration).value` as epoch milliseconds, for a parsed duration
    /// (days included).
    #[wasm_bindgen(js_name = addDurationMillis)]
    pub fn add_duration_millis(
        &self,
        start: f64,
        duration: &ParsedDuration,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<f64, JsValue> {
        let b = convert::boundary_arg(boundary)?;
        self.shift_millis(convert::millis(start)?, duration.d, b, false)
    }

    /// `sub(start, duration).value` as epoch milliseconds, for a parsed duration.
    #[wasm_bindgen(js_name = subDurationMillis)]
    pub fn sub_duration_millis(
        &self,
        start: f64,
        duration: &ParsedDuration,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<f64, JsValue> {
        let b = convert::boundary_arg(boundary)?;
        self.shift_millis(convert::millis(start)?, duration.d, b, true)
    }

    /// `between(from, to).value`: operational seconds, signed.
    #[wasm_bindgen(js_name = betweenMillis)]
    pub fn between_millis(&self, from: f64, to: f64) -> Result<f64, JsValue> {
        let (a, b) = (convert::millis(from)?, convert::millis(to)?);
        Ok(self.between_secs(a, b)? as f64)
    }

    /// `isOpen(at)` for epoch milliseconds.
    #[wasm_bindgen(js_name = isOpenMillis)]
    pub fn is_open_millis(&self, at: f64) -> Result<bool, JsValue> {
        let t = convert::millis(at)?;
        self.ask(|c| c.is_open(t), |c, _| c.holds(t))
    }

    /// `nextOpening(at)` as epoch milliseconds (`undefined` past the horizon).
    #[wasm_bindgen(js_name = nextOpeningMillis)]
    pub fn next_opening_millis(&self, at: f64) -> Result<Option<f64>, JsValue> {
        let t = convert::millis(at)?;
        Ok(self
            .ask(
                |c| c.next_opening(t),
                |c, n| c.holds(t) && n.is_some_and(|n| c.holds(n)),
            )?
            .map(convert::to_millis))
    }

    /// `addMillis` for many instants: one call, a `Float64Array` in and out.
    ///
    /// Throws a `LoketError` naming the first instant that has no answer.
    #[wasm_bindgen(js_name = addMillisBatch)]
    pub fn add_millis_batch(
        &self,
        starts: &[f64],
        seconds: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<Vec<f64>, JsValue> {
        let (d, b) = (convert::seconds(seconds)?, convert::boundary_arg(boundary)?);
        self.shift_batch(starts, d, b, false)
    }

    /// `subMillis` for many instants.
    #[wasm_bindgen(js_name = subMillisBatch)]
    pub fn sub_millis_batch(
        &self,
        starts: &[f64],
        seconds: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<Vec<f64>, JsValue> {
        let (d, b) = (convert::seconds(seconds)?, convert::boundary_arg(boundary)?);
        self.shift_batch(starts, d, b, true)
    }

    /// `addDurationMillis` for many instants.
    #[wasm_bindgen(js_name = addDurationMillisBatch)]
    pub fn add_duration_millis_batch(
        &self,
        starts: &[f64],
        duration: &ParsedDuration,
        #[wasm_bindgen(unchecked_optional_param_type = "Boundary")] boundary: Option<JsValue>,
    ) -> Result<Vec<f64>, JsValue> {
        let b = convert::boundary_arg(boundary)?;
        self.shift_batch(starts, duration.d, b, false)
    }

    /// `betweenMillis` pairwise: `from[i]` to `to[i]` (arrays of the same length).
    #[wasm_bindgen(js_name = betweenMillisBatch)]
    pub fn between_millis_batch(&self, from: &[f64], to: &[f64]) -> Result<Vec<f64>, JsValue> {
        if from.len() != to.len() {
            return Err(convert::error(
                "input.invalid_argument",
                &format!(
                    "{} ({} ≠ {})",
                    convert::msg(
                        "from dan to harus sama panjang",
                        "from and to must have the same length"
                    ),
                    from.len(),
                    to.len()
                ),
            ));
        }
        from.iter()
            .zip(to)
            .enumerate()
            .map(|(i, (&a, &b))| {
                let (a, b) = (
                    convert::millis(a).map_err(|e| convert::at_index(e, "from", i))?,
                    convert::millis(b).map_err(|e| convert::at_index(e, "to", i))?,
                );
                self.between_secs(a, b)
                    .map(|s| s as f64)
                    .map_err(|e| convert::at_index(e, "from", i))
            })
            .collect()
    }
}

impl Calendar {
    #[inline]
    fn shift_millis(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: loket_core::Boundary,
        backward: bool,
    ) -> Result<f64, JsValue> {
        self.ask(
            |c| match backward {
                true => c.sub_instant(t, d, b),
                false => c.add_instant(t, d, b),
            },
            |c, r| c.holds(t) && c.holds(*r),
        )
        .map(convert::to_millis)
    }

    fn shift_batch(
        &self,
        starts: &[f64],
        d: OpDuration,
        b: loket_core::Boundary,
        backward: bool,
    ) -> Result<Vec<f64>, JsValue> {
        let mut out = Vec::with_capacity(starts.len());
        for (i, &ms) in starts.iter().enumerate() {
            let r = convert::millis(ms).and_then(|t| self.shift_millis(t, d, b, backward));
            out.push(r.map_err(|e| convert::at_index(e, "starts", i))?);
        }
        Ok(out)
    }

    #[inline]
    fn between_secs(&self, a: Timestamp, b: Timestamp) -> Result<i64, JsValue> {
        self.ask(|c| c.between_secs(a, b), |c, _| c.holds(a) && c.holds(b))
    }
}
