//! `Ticket`: the standard's flow as an event-sourced state machine.

use loket_core::ticket::Event;
use wasm_bindgen::prelude::*;

use crate::convert::{self, core_error, instant, ticket_error};
use crate::profile::Profile;

/// A ticket: the fold of its events. Every event is checked against the flow chart.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct Ticket {
    inner: loket_core::ticket::Ticket,
}

#[wasm_bindgen]
impl Ticket {
    /// Rebuilds a ticket from its events (the first one `received`, e.g. from
    /// `Profile.intake(...).events`). Throws a `LoketError` for a refused event.
    pub fn replay(
        #[wasm_bindgen(unchecked_param_type = "TicketEvent[]")] events: JsValue,
    ) -> Result<Ticket, JsValue> {
        let events: Vec<Event> = convert::from_js(events, "TicketEvent[]")?;
        loket_core::ticket::Ticket::replay(&events)
            .map(|inner| Ticket { inner })
            .map_err(ticket_error)
    }

    /// Checks `event` against the flow and appends it; throws a `LoketError`
    /// (`ticket.transition_refused` naming the state and what is allowed,
    /// `ticket.out_of_order`, `ticket.reopen_window_closed`) and changes nothing if refused.
    pub fn apply(
        &mut self,
        profile: &Profile,
        #[wasm_bindgen(unchecked_param_type = "TicketEvent")] event: JsValue,
    ) -> Result<(), JsValue> {
        let e: Event = convert::from_js(event, "TicketEvent")?;
        self.inner
            .apply(e, &profile.core().context())
            .map_err(ticket_error)
    }

    /// The ticket's number.
    #[wasm_bindgen(getter)]
    pub fn number(&self) -> String {
        self.inner.number().to_string()
    }

    /// The state's stable name, e.g. `"change_management"`, `"waiting_for_reporter"`.
    #[wasm_bindgen(getter, js_name = stateName, unchecked_return_type = "StateName")]
    pub fn state_name(&self) -> String {
        self.inner.state().name().to_string()
    }

    /// The events the flow allows now, e.g. `{event: "forward", to: "change_management"}`.
    #[wasm_bindgen(unchecked_return_type = "AllowedEvent[]")]
    pub fn allowed(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.allowed())
    }

    /// The ticket as data. `options.personalData` (default false) includes the
    /// reporter's personal data; otherwise it is removed.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TicketData")]
    pub fn to_json(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ToJsonOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let personal = convert::field(&options, "personalData")
            .as_bool()
            .unwrap_or(false);
        if personal {
            convert::to_js(&self.inner)
        } else {
            convert::to_js(&self.inner.without_personal_data())
        }
    }

    /// The events, in order (with personal data: store them where the desk's data goes).
    #[wasm_bindgen(unchecked_return_type = "TicketEvent[]")]
    pub fn events(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.inner.history())
    }

    /// The SLA clocks at `now` (default: now): resolution, and first response when
    /// the desk has a target.
    #[wasm_bindgen(unchecked_return_type = "ClockState[]")]
    pub fn clocks(
        &self,
        profile: &Profile,
        #[wasm_bindgen(unchecked_optional_param_type = "Instant")] now: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let now = convert::instant_or_now(now)?;
        convert::to_js(
            &self
                .inner
                .clocks(&profile.core().calendar, now)
                .map_err(core_error)?,
        )
    }

    /// The timeline and SLA clocks as text, without personal data.
    pub fn timeline(
        &self,
        profile: &Profile,
        #[wasm_bindgen(unchecked_optional_param_type = "Instant")] now: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let now = convert::instant_or_now(now)?;
        self.inner
            .render_timeline(&profile.core().calendar, now, convert::lang(&options)?)
            .map_err(core_error)
    }

    /// Why the resolution deadline is what it is.
    #[wasm_bindgen(js_name = explainDeadline, unchecked_return_type = "Explanation")]
    pub fn explain_deadline(&self, profile: &Profile) -> Result<JsValue, JsValue> {
        convert::to_js(
            &self
                .inner
                .explain_deadline(&profile.core().calendar)
                .map_err(core_error)?,
        )
    }

    /// The instant of the next SLA warning or breach if nothing else happens
    /// (ISO 8601, UTC), or `undefined`.
    #[wasm_bindgen(js_name = nextSlaCheck)]
    pub fn next_sla_check(
        &self,
        profile: &Profile,
        #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let t = self
            .inner
            .next_sla_check(&profile.core().calendar, instant(&now)?)
            .map_err(core_error)?;
        Ok(t.map(|t| t.to_string()))
    }
}
