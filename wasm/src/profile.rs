//! `Profile`: a desk's calendar, SLA policy, products and teams; deadlines and intake.

use std::cell::OnceCell;
use std::rc::Rc;

use loket_core::ticket::{intake, DeskConfig, Message};
use loket_core::{SlaPolicy, TicketKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::calendar::Calendar;
use crate::convert::{self, core_error, instant};

thread_local! {
    static DEFAULT: OnceCell<Rc<loket_core::Profile>> = const { OnceCell::new() };
}

/// The default profile, compiled once per instance and shared.
pub(crate) fn default_profile() -> Rc<loket_core::Profile> {
    DEFAULT.with(|d| {
        d.get_or_init(|| Rc::new(loket_core::Profile::jatengprov()))
            .clone()
    })
}

/// A desk's operating profile: calendar, SLA policy, products in scope and teams.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Profile {
    pub(crate) inner: Rc<loket_core::Profile>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntakeResult<'a> {
    outcome: &'a loket_core::ticket::IntakeOutcome,
    answer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<Vec<loket_core::ticket::Event>>,
}

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

#[wasm_bindgen]
impl Profile {
    /// The default profile of Service Desk JatengProv (compiled once, then shared).
    pub fn jatengprov() -> Profile {
        Profile {
            inner: default_profile(),
        }
    }

    /// A profile from the JSON texts of its files (`loket calendar show --json`);
    /// `policy` and `desk` default to JatengProv's.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] policy: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] desk: Option<JsValue>,
    ) -> Result<Profile, JsValue> {
        let calendar = loket_core::Calendar::from_text(&convert::string(&calendar, "calendar")?)
            .map_err(core_error)?;
        let policy = convert::opt_string(&policy, "policy")?;
        let policy = SlaPolicy::from_text(
            policy
                .as_deref()
                .unwrap_or(loket_core::JATENGPROV_POLICY_JSON),
        )
        .map_err(core_error)?;
        let desk = convert::opt_string(&desk, "desk")?;
        let desk =
            DeskConfig::from_text(desk.as_deref().unwrap_or(loket_core::JATENGPROV_DESK_JSON))
                .map_err(core_error)?;
        Ok(Profile {
            inner: Rc::new(loket_core::Profile {
                calendar,
                policy,
                desk,
            }),
        })
    }

    /// The profile's calendar (shared with the profile, not copied).
    #[wasm_bindgen(getter)]
    pub fn calendar(&self) -> Calendar {
        Calendar::of(self.inner.clone())
    }

    /// The SLA policy.
    #[wasm_bindgen(unchecked_return_type = "SlaPolicy")]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.policy)
    }

    /// The products in scope with their teams.
    #[wasm_bindgen(unchecked_return_type = "Product[]")]
    pub fn products(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.desk.products)
    }

    /// The desk's written channels and where feedback about the desk goes.
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
        let kind: TicketKind = convert::string(&kind, "kind")?.parse().map_err(|_| {
            convert::error(
                "input.invalid_kind",
                &convert::msg(
                    "jenis harus \"complaint\" (aduan), \"request\" (permintaan) atau \"incident\" (insiden)",
                    "kind must be \"complaint\", \"request\" or \"incident\"",
                ),
            )
        })?;
        let r = self
            .inner
            .deadline(kind, instant(&received_at)?)
            .map_err(core_error)?;
        convert::to_js(&JsReckoning {
            value: r.value,
            uncovered_years: r.uncovered_years,
            provisional_dates: super::calendar::dates(&r.provisional_dates),
            provisional_years: r.provisional_years,
        })
    }

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
        let mut outcome = intake(&msg, &self.inner, now).map_err(core_error)?;
        if let Some(n) = &number {
            outcome.set_number(n);
        }
        let ticket = outcome.open(number.as_deref().unwrap_or(""));
        let answer = outcome.answer(&self.inner, number.as_deref(), lang);
        convert::to_js(&IntakeResult {
            outcome: &outcome,
            answer,
            events: ticket.map(|t| t.history().to_vec()),
        })
    }
}
