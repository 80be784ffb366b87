//! `Calendar`: operating hours, holidays and the operational arithmetic.

use std::rc::Rc;

use loket_core::{CalendarSpec, OpDuration, Reckoning, Timestamp};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{self, core_error, instant};

/// An operating calendar: weekly hours, holidays, overrides, in one time zone.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Calendar {
    inner: Shared,
}

/// A compiled calendar is large (a table per date from 1970 to 2100): it is shared,
/// never copied, between a profile and the calendars handed out for it.
#[derive(Clone, Debug)]
enum Shared {
    Own(Rc<loket_core::Calendar>),
    Of(Rc<loket_core::Profile>),
}

impl Calendar {
    /// The calendar of `profile`, shared with it.
    pub(crate) fn of(profile: Rc<loket_core::Profile>) -> Calendar {
        Calendar {
            inner: Shared::Of(profile),
        }
    }

    fn own(cal: loket_core::Calendar) -> Calendar {
        Calendar {
            inner: Shared::Own(Rc::new(cal)),
        }
    }

    pub(crate) fn cal(&self) -> &loket_core::Calendar {
        match &self.inner {
            Shared::Own(c) => c,
            Shared::Of(p) => &p.calendar,
        }
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

/// The provisional dates as `YYYY-MM-DD` strings.
pub(crate) fn dates<D: ToString>(v: &[D]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

impl Calendar {
    fn iso(&self, t: Timestamp) -> String {
        t.to_rfc3339(self.cal().timezone())
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
        let r: Reckoning<Timestamp> = if backward {
            self.cal().sub(t, d, b)
        } else {
            self.cal().add(t, d, b)
        }
        .map_err(core_error)?;
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
        if backward {
            self.cal().explain_sub(t, d, b)
        } else {
            self.cal().explain_add(t, d, b)
        }
        .map_err(core_error)
    }
}

#[wasm_bindgen]
impl Calendar {
    /// The default calendar of Service Desk JatengProv: Mon–Thu 07:00–15:30,
    /// Fri 07:00–14:00 (Asia/Jakarta), the national holidays, election days and
    /// collective leave of 2024–2026.
    pub fn jatengprov() -> Calendar {
        Calendar::of(crate::profile::default_profile())
    }

    /// A calendar from the JSON text of a calendar file (the browser build reads no
    /// TOML: convert with `loket calendar show --calendar FILE --json`).
    ///
    /// Throws a `LoketError` (`input.syntax`, `calendar.*`) saying what is wrong.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<Calendar, JsValue> {
        loket_core::Calendar::from_text(&convert::string(&text, "text")?)
            .map(Calendar::own)
            .map_err(core_error)
    }

    /// A calendar from a calendar object (the fields of a calendar file).
    #[wasm_bindgen(js_name = fromSpec)]
    pub fn from_spec(
        #[wasm_bindgen(unchecked_param_type = "CalendarSpec")] spec: JsValue,
    ) -> Result<Calendar, JsValue> {
        let spec: CalendarSpec = convert::from_js(spec, "CalendarSpec")?;
        loket_core::Calendar::new(spec)
            .map(Calendar::own)
            .map_err(core_error)
    }

    /// The calendar as an object (the fields of a calendar file).
    #[wasm_bindgen(unchecked_return_type = "CalendarSpec")]
    pub fn spec(&self) -> Result<JsValue, JsValue> {
        convert::to_js(self.cal().spec())
    }

    /// The IANA time zone, e.g. `"Asia/Jakarta"`.
    #[wasm_bindgen(getter)]
    pub fn timezone(&self) -> String {
        self.cal().timezone().name().to_string()
    }

    /// The name of the calendar, if it has one.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> Option<String> {
        self.cal().spec().name.clone()
    }

    /// Whether the desk is open at `at` (open at the opening instant, closed at the closing instant).
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<bool, JsValue> {
        self.cal().is_open(instant(&at)?).map_err(core_error)
    }

    /// Open until when, or closed until when.
    #[wasm_bindgen(unchecked_return_type = "OpenStatus")]
    pub fn status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        convert::to_js(&self.cal().status(instant(&at)?).map_err(core_error)?)
    }

    /// The first opening at or after `at` (ISO 8601 in the calendar's zone); when open
    /// at `at`, the start of the *next* period. `undefined` past the calendar's range.
    #[wasm_bindgen(js_name = nextOpening)]
    pub fn next_opening(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<Option<String>, JsValue> {
        Ok(self
            .cal()
            .next_opening(instant(&at)?)
            .map_err(core_error)?
            .map(|t| self.iso(t)))
    }

    /// The last closing at or before `at` (ISO 8601 in the calendar's zone).
    #[wasm_bindgen(js_name = previousClosing)]
    pub fn previous_closing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Result<Option<String>, JsValue> {
        Ok(self
            .cal()
            .previous_closing(instant(&at)?)
            .map_err(core_error)?
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
        let r = self
            .cal()
            .between(instant(&from)?, instant(&to)?)
            .map_err(core_error)?;
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
        convert::to_js(
            &self
                .cal()
                .explain_between(instant(&from)?, instant(&to)?)
                .map_err(core_error)?,
        )
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
                self.cal().explain_between(a, b).map_err(core_error)?
            }
        };
        Ok(self.cal().render_explanation(&e, convert::lang(&options)?))
    }

    /// An instant for people, e.g. `"Senin, 4 Maret 2024 13:30 WIB"`.
    #[wasm_bindgen(js_name = formatInstant)]
    pub fn format_instant(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        Ok(self.cal().when(instant(&at)?, convert::lang(&options)?))
    }

    /// The holidays that close the desk on or after `from`'s local date, at most `limit`.
    #[wasm_bindgen(unchecked_return_type = "HolidaySpec[]")]
    pub fn holidays(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        limit: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        let date = instant(&from)?.in_zone(self.cal().timezone()).date_naive();
        let v: Vec<_> = self
            .cal()
            .holidays_from(date)
            .take(limit.unwrap_or(u32::MAX) as usize)
            .collect();
        convert::to_js(&v)
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
