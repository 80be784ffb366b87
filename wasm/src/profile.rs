//! `Profile`: a desk's calendar, SLA policy, products and teams; deadlines and intake.

use std::cell::OnceCell;
use std::rc::Rc;

#[cfg(feature = "desk")]
use loket_core::ticket::DeskConfig;
#[cfg(feature = "workflow")]
use loket_core::ticket::{intake, Message};
use loket_core::{CalendarSpec, SlaPolicy, TicketKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::calendar::{Calendar, Lazy};
use crate::convert::{self, core_error, instant};

thread_local! {
    static DEFAULT: OnceCell<Profile> = const { OnceCell::new() };
}

/// The default profile, read once per instance and shared. Its calendar compiles
/// as any other: a window of years at first (see `calendar::Lazy`).
pub(crate) fn default_profile() -> Profile {
    DEFAULT.with(|d| {
        d.get_or_init(|| {
            let cal = Lazy::new(CalendarSpec::jatengprov())
                .expect("the shipped default calendar is valid (checked by tests)");
            Profile::new(
                cal,
                SlaPolicy::jatengprov(),
                #[cfg(feature = "desk")]
                DeskConfig::from_text(loket_core::JATENGPROV_DESK_JSON)
                    .expect("the shipped default desk is valid"),
            )
        })
        .clone()
    })
}

/// A desk's operating profile: calendar, SLA policy, products in scope and teams.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Profile {
    inner: Rc<Parts>,
}

#[derive(Debug)]
struct Parts {
    cal: Rc<Lazy>,
    policy: SlaPolicy,
    #[cfg(feature = "desk")]
    desk: DeskConfig,
    /// The core's profile over the whole calendar, for intake, tickets and reports
    /// (made on first use).
    #[cfg(feature = "desk")]
    core: OnceCell<Rc<loket_core::Profile>>,
}

impl Profile {
    pub(crate) fn new(
        cal: Lazy,
        policy: SlaPolicy,
        #[cfg(feature = "desk")] desk: DeskConfig,
    ) -> Profile {
        Profile {
            inner: Rc::new(Parts {
                cal: Rc::new(cal),
                policy,
                #[cfg(feature = "desk")]
                desk,
                #[cfg(feature = "desk")]
                core: OnceCell::new(),
            }),
        }
    }

    /// A profile over a core profile (an export's), sharing it.
    #[cfg(feature = "report")]
    pub(crate) fn of_core(p: Rc<loket_core::Profile>) -> Profile {
        Profile {
            inner: Rc::new(Parts {
                cal: Rc::new(Lazy::of(p.calendar.clone())),
                policy: p.policy,
                desk: p.desk.clone(),
                core: OnceCell::from(p),
            }),
        }
    }

    /// The core's profile, over the whole calendar (compiled on first use).
    #[cfg(feature = "desk")]
    pub(crate) fn core(&self) -> Rc<loket_core::Profile> {
        let p = &self.inner;
        p.core
            .get_or_init(|| {
                Rc::new(loket_core::Profile {
                    calendar: p.cal.whole().clone(),
                    policy: p.policy,
                    desk: p.desk.clone(),
                })
            })
            .clone()
    }

    pub(crate) fn lazy(&self) -> &Rc<Lazy> {
        &self.inner.cal
    }
}

/// A ticket kind from its name.
fn kind(name: &str) -> Result<TicketKind, JsValue> {
    name.parse().map_err(|_| {
        convert::error(
            "input.invalid_kind",
            &convert::msg(
                "jenis harus \"complaint\" (aduan), \"request\" (permintaan) atau \"incident\" (insiden)",
                "kind must be \"complaint\", \"request\" or \"incident\"",
            ),
        )
    })
}

#[cfg(feature = "workflow")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntakeResult<'a> {
    outcome: &'a loket_core::ticket::IntakeOutcome,
    answer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<Vec<loket_core::ticket::Event>>,
}

#[cfg(feature = "desk")]
#[derive(Serialize)]
struct Contacts<'a> {
    name: &'a str,
    whatsapp: &'a str,
    email: &'a str,
    feedback: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsReckoning<T> {
    value: T,
    uncovered_years: Vec<i32>,
    provisional_years: Vec<i32>,
    provisional_dates: Vec<String>,
}

/// A calendar and a policy from their JSON texts (`policy` defaults to JatengProv's).
fn calendar_and_policy(
    calendar: &JsValue,
    policy: &Option<JsValue>,
) -> Result<(Lazy, SlaPolicy), JsValue> {
    let spec =
        CalendarSpec::from_text(&convert::string(calendar, "calendar")?).map_err(core_error)?;
    let policy = convert::opt_string(policy, "policy")?;
    let policy = SlaPolicy::from_text(
        policy
            .as_deref()
            .unwrap_or(loket_core::JATENGPROV_POLICY_JSON),
    )
    .map_err(core_error)?;
    Ok((Lazy::new(spec).map_err(core_error)?, policy))
}

#[wasm_bindgen]
impl Profile {
    /// The default profile of Service Desk JatengProv (read once, then shared).
    pub fn jatengprov() -> Profile {
        default_profile()
    }

    /// A profile from the JSON texts of its files (`loket calendar show --json`);
    /// `policy` and `desk` default to JatengProv's.
    #[cfg(feature = "desk")]
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] policy: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] desk: Option<JsValue>,
    ) -> Result<Profile, JsValue> {
        let (cal, policy) = calendar_and_policy(&calendar, &policy)?;
        let desk = convert::opt_string(&desk, "desk")?;
        let desk =
            DeskConfig::from_text(desk.as_deref().unwrap_or(loket_core::JATENGPROV_DESK_JSON))
                .map_err(core_error)?;
        Ok(Profile::new(cal, policy, desk))
    }

    /// A profile from the JSON texts of its calendar and SLA policy (`loket
    /// calendar show --json`); `policy` defaults to JatengProv's.
    #[cfg(not(feature = "desk"))]
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] policy: Option<JsValue>,
    ) -> Result<Profile, JsValue> {
        let (cal, policy) = calendar_and_policy(&calendar, &policy)?;
        Ok(Profile::new(cal, policy))
    }

    /// The profile's calendar (shared with the profile, not copied).
    #[wasm_bindgen(getter)]
    pub fn calendar(&self) -> Calendar {
        Calendar::of(self.inner.cal.clone())
    }

    /// The SLA policy.
    #[wasm_bindgen(unchecked_return_type = "SlaPolicy")]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.policy)
    }

    /// The products in scope with their teams.
    #[cfg(feature = "desk")]
    #[wasm_bindgen(unchecked_return_type = "Product[]")]
    pub fn products(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.desk.products)
    }

    /// The desk's written channels and where feedback about the desk goes.
    #[cfg(feature = "desk")]
    #[wasm_bindgen(unchecked_return_type = "DeskContacts")]
    pub fn contacts(&self) -> Result<JsValue, JsValue> {
        let d = &self.inner.desk;
        convert::to_js(&Contacts {
            name: &d.name,
            whatsapp: &d.whatsapp,
            email: &d.email,
            feedback: &d.feedback,
        })
    }

    /// The deadline the standard promises for a ticket of `kind` received at
    /// `receivedAt`, with when the clock starts and why.
    #[wasm_bindgen(unchecked_return_type = "Reckoning<Deadline>")]
    pub fn deadline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketKind")] kind: JsValue,
        #[wasm_bindgen(js_name = receivedAt, unchecked_param_type = "Instant")]
        received_at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let kind = self::kind(&convert::string(&kind, "kind")?)?;
        let t = instant(&received_at)?;
        let policy = &self.inner.policy;
        let r = self
            .inner
            .cal
            .ask(
                |c| policy.deadline(c, kind, t),
                |c, r| c.holds(t) && c.holds(r.value.due) && c.holds(r.value.clock_starts),
            )
            .map_err(core_error)?;
        convert::to_js(&JsReckoning {
            value: r.value,
            uncovered_years: r.uncovered_years,
            provisional_dates: super::calendar::dates(&r.provisional_dates),
            provisional_years: r.provisional_years,
        })
    }

    /// `deadline(kind, receivedAt).value.due` as epoch milliseconds, for epoch
    /// milliseconds: no explanation, no objects (the numeric fast path).
    #[wasm_bindgen(js_name = deadlineMillis)]
    pub fn deadline_millis(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketKind")] kind: &str,
        #[wasm_bindgen(js_name = receivedAt)] received_at: f64,
    ) -> Result<f64, JsValue> {
        let kind = self::kind(kind)?;
        self.due(kind, convert::millis(received_at)?)
    }

    /// `deadlineMillis` for many receipts: a `Float64Array` in and out.
    #[wasm_bindgen(js_name = deadlineMillisBatch)]
    pub fn deadline_millis_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketKind")] kind: &str,
        #[wasm_bindgen(js_name = receivedAt)] received_at: &[f64],
    ) -> Result<Vec<f64>, JsValue> {
        let kind = self::kind(kind)?;
        received_at
            .iter()
            .enumerate()
            .map(|(i, &ms)| {
                convert::millis(ms)
                    .and_then(|t| self.due(kind, t))
                    .map_err(|e| convert::at_index(e, "receivedAt", i))
            })
            .collect()
    }
}

impl Profile {
    #[inline]
    fn due(&self, kind: TicketKind, t: loket_core::Timestamp) -> Result<f64, JsValue> {
        let policy = &self.inner.policy;
        self.inner
            .cal
            .ask(|c| policy.due(c, kind, t), |c, d| c.holds(t) && c.holds(*d))
            .map(convert::to_millis)
            .map_err(core_error)
    }
}

#[cfg(feature = "workflow")]
#[wasm_bindgen]
impl Profile {
    /// Applies the standard's requirements to a message: accepted (with the deadline
    /// and why), referred (feedback about the desk) or refused (with the reason),
    /// always with the answer for the reporter. An accepted message's ticket events
    /// are in `events`, numbered `options.number`.
    #[wasm_bindgen(unchecked_return_type = "IntakeResult")]
    pub fn intake(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Message")] message: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IntakeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let msg: Message = convert::from_js(message, "Message")?;
        let now = convert::instant_or_now(Some(convert::field(&options, "now")))?;
        let lang = convert::lang(&options)?;
        let number =
            convert::opt_string(&Some(convert::field(&options, "number")), "options.number")?;
        let profile = self.core();
        let mut outcome = intake(&msg, &profile, now).map_err(core_error)?;
        if let Some(n) = &number {
            outcome.set_number(n);
        }
        let ticket = outcome.open(number.as_deref().unwrap_or(""));
        let answer = outcome.answer(&profile, number.as_deref(), lang);
        convert::to_js(&IntakeResult {
            outcome: &outcome,
            answer,
            events: ticket.map(|t| t.history().to_vec()),
        })
    }
}
