//! The core's laws of the operational arithmetic, run inside the engine on cases
//! drawn in JavaScript (`loket-wasm/laws`, `checkLaws`): the package checks every
//! law of `loket_core::laws::ALL`, the same ones `loket sla check` runs.

use loket_core::laws::{self, Checked};
use loket_core::{Boundary, Lang, OpDuration, SlaPolicy, TicketKind, Timestamp};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::calendar::Calendar;
use crate::convert;

/// One case of a law, as `checkLaws` draws it (fields a law does not use are ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LawCase {
    t: Timestamp,
    #[serde(default)]
    t2: Option<Timestamp>,
    #[serde(default)]
    d: Option<OpDuration>,
    #[serde(default)]
    d2: Option<OpDuration>,
    #[serde(default)]
    secs: i64,
    #[serde(default)]
    a: i64,
    #[serde(default)]
    c: i64,
    #[serde(default)]
    days: i32,
    #[serde(default)]
    boundary: Boundary,
    #[serde(default)]
    kind: Option<TicketKind>,
    /// The length of every open day (`uniformDayLength`), for `days_match_hours`.
    #[serde(default)]
    day_length: Option<i64>,
    /// The SLA policy for `deadline_reachable` (the standard's when absent).
    #[serde(default)]
    policy: Option<SlaPolicy>,
}

/// The names of the core's laws, in the order `loket sla check` runs them.
#[wasm_bindgen(js_name = lawNames)]
pub fn law_names() -> Vec<String> {
    laws::ALL.iter().map(|s| s.to_string()).collect()
}

#[wasm_bindgen]
impl Calendar {
    /// Checks the core's law `name` on one case: `null` when it holds or does not
    /// apply to the case, else the counterexample as text. Throws for an unknown law
    /// or a case that does not read.
    #[wasm_bindgen(js_name = checkLaw, unchecked_return_type = "string | null")]
    pub fn check_law(
        &self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "LawCase")] case: JsValue,
    ) -> Result<JsValue, JsValue> {
        let c: LawCase = convert::from_js(case, "LawCase")?;
        let cal = self.cal();
        let (t, b) = (c.t, c.boundary);
        let t2 = c.t2.unwrap_or(t);
        let d = c.d.unwrap_or(OpDuration::Seconds(c.secs));
        let result = match name {
            "add_moves_forward" => laws::add_moves_forward(cal, t, d, b),
            "add_is_monotone_in_t" => laws::add_is_monotone_in_t(cal, t, t2, d, b),
            "add_is_monotone_in_d" => laws::add_is_monotone_in_d(cal, t, d, c.d2.unwrap_or(d), b),
            "between_inverts_add" => laws::between_inverts_add(cal, t, c.secs, b),
            "add_is_additive" => laws::add_is_additive(cal, t, c.a, c.c, b),
            "add_lands_in_hours" => laws::add_lands_in_hours(cal, t, d, b),
            "sub_inverts_add" => laws::sub_inverts_add(cal, t, c.secs, b),
            "between_is_antisymmetric" => laws::between_is_antisymmetric(cal, t, t2),
            "between_within_wall_time" => laws::between_within_wall_time(cal, t, t2),
            "days_match_hours" => match c.day_length {
                Some(len) => laws::days_match_hours(cal, t, c.days, len, b),
                None => Ok(Checked::NotApplicable("days differ in length".into())),
            },
            "deadline_reachable" => laws::deadline_reachable(
                cal,
                &c.policy.unwrap_or_else(SlaPolicy::jatengprov),
                c.kind.unwrap_or(TicketKind::Complaint),
                t,
            ),
            other => {
                return Err(convert::error(
                    "input.unknown_law",
                    &convert::msg(
                        &format!(
                            "hukum `{other}` tidak dikenal: diharapkan salah satu dari {}",
                            laws::ALL.join(", ")
                        ),
                        &format!(
                            "unknown law `{other}`: expected one of {}",
                            laws::ALL.join(", ")
                        ),
                    ),
                ))
            }
        };
        Ok(match result {
            Ok(_) => JsValue::NULL,
            Err(v) => JsValue::from_str(&v.to_string()),
        })
    }

    /// The length in seconds of the one interval every open day has from January 1st
    /// of `fromYear` to a year after December 31st of `toYear` (for the law
    /// `days_match_hours`), or `null` when days differ (several intervals, different
    /// hours, a clock change during opening hours).
    #[wasm_bindgen(js_name = uniformDayLength, unchecked_return_type = "number | null")]
    pub fn uniform_day_length(&self, from_year: i32, to_year: i32) -> JsValue {
        chrono::NaiveDate::from_ymd_opt(from_year, 1, 1)
            .zip(chrono::NaiveDate::from_ymd_opt(to_year, 12, 31))
            .and_then(|(from, to)| laws::uniform_day_length(self.cal(), from, to, Lang::En).ok())
            .map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64))
    }
}
