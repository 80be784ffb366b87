//! `Profile`: a desk's calendar, SLA policy, products and teams; deadlines and intake.

use loket_core::ticket::{intake, DeskConfig, Message};
use loket_core::{SlaPolicy, TicketKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::calendar::Calendar;
use crate::convert::{self, core_error, instant};

/// A desk's operating profile: calendar, SLA policy, products in scope and teams.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Profile {
    pub(crate) inner: loket_core::Profile,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntakeResult<'a> {
    outcome: &'a loket_core::ticket::IntakeOutcome,
    answer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<Vec<loket_core::ticket::Event>>,
}

#[wasm_bindgen]
impl Profile {
    /// The default profile of Service Desk JatengProv.
    pub fn jatengprov() -> Profile {
        Profile {
            inner: loket_core::Profile::jatengprov(),
        }
    }

    /// A profile from the texts of its files (TOML or JSON); `policy` and `desk`
    /// default to JatengProv's.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        calendar: &str,
        policy: Option<String>,
        desk: Option<String>,
    ) -> Result<Profile, JsValue> {
        let calendar = loket_core::Calendar::from_text(calendar).map_err(core_error)?;
        let policy =
            SlaPolicy::from_text(policy.as_deref().unwrap_or(loket_core::JATENGPROV_POLICY))
                .map_err(core_error)?;
        let desk = DeskConfig::from_text(desk.as_deref().unwrap_or(loket_core::JATENGPROV_DESK))
            .map_err(core_error)?;
        Ok(Profile {
            inner: loket_core::Profile {
                calendar,
                policy,
                desk,
            },
        })
    }

    /// The profile's calendar.
    #[wasm_bindgen(getter)]
    pub fn calendar(&self) -> Calendar {
        Calendar {
            inner: self.inner.calendar.clone(),
        }
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

    /// The deadline the standard promises for a ticket of `kind` received at
    /// `receivedAt`, with when the clock starts and why.
    #[wasm_bindgen(unchecked_return_type = "Reckoning<Deadline>")]
    pub fn deadline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketKind")] kind: &str,
        #[wasm_bindgen(js_name = receivedAt, unchecked_param_type = "Instant")]
        received_at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let kind: TicketKind = kind
            .parse()
            .map_err(|m: String| convert::error("input.invalid_kind", &m))?;
        convert::to_js(
            &self
                .inner
                .deadline(kind, instant(&received_at)?)
                .map_err(core_error)?,
        )
    }

    /// Applies the standard's requirements to a message: accepted (with the deadline
    /// and why), referred (feedback about the desk) or refused (with the reason),
    /// always with the answer for the reporter. An accepted message's ticket events
    /// are in `events` (numbered `options.number`).
    #[wasm_bindgen(unchecked_return_type = "IntakeResult")]
    pub fn intake(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Message")] message: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IntakeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let msg: Message = convert::from_js(message, "Message")?;
        let now = convert::instant_or_now(Some(convert::field(&options, "now")))?;
        let lang = convert::lang(&options)?;
        let number = convert::field(&options, "number").as_string();
        let outcome = intake(&msg, &self.inner, now).map_err(core_error)?;
        let ticket = outcome.open(number.as_deref().unwrap_or(""));
        let answer = outcome.answer(&self.inner, number.as_deref(), lang);
        convert::to_js(&IntakeResult {
            outcome: &outcome,
            answer,
            events: ticket.map(|t| t.history),
        })
    }
}
