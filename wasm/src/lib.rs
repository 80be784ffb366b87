//! WebAssembly bindings of `loket-core` for web pages.
//!
//! This crate is conversions only; every rule lives in the core. It currently
//! exposes the SLA calendar; the npm package with exact TypeScript types is built
//! from it by the `xtask` (see ARCHITECTURE.md).

use loket_core::{Boundary, Lang, OpDuration, Timestamp};
use wasm_bindgen::prelude::*;

fn js_error(e: loket_core::Error) -> JsError {
    JsError::new(&format!("{}: {}", e.code(), e.message(Lang::Id)))
}

/// An operating calendar.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Calendar {
    inner: loket_core::Calendar,
}

#[wasm_bindgen]
impl Calendar {
    /// The default calendar of Service Desk JatengProv.
    #[wasm_bindgen(js_name = jatengprov)]
    pub fn jatengprov() -> Calendar {
        Calendar {
            inner: loket_core::Calendar::jatengprov(),
        }
    }

    /// A calendar from TOML or JSON text.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(text: &str) -> Result<Calendar, JsError> {
        loket_core::Calendar::from_text(text)
            .map(|inner| Calendar { inner })
            .map_err(js_error)
    }

    /// Whether the desk is open at an instant (RFC 3339 or unix seconds).
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(&self, at: &str) -> Result<bool, JsError> {
        let t = Timestamp::parse(at).map_err(js_error)?;
        self.inner.is_open(t).map_err(js_error)
    }

    /// `start` plus an operational duration (`8h30m`, `2d`), as RFC 3339 in the
    /// calendar's zone; `boundary` is `closing` (default) or `opening`.
    pub fn add(
        &self,
        start: &str,
        duration: &str,
        boundary: Option<String>,
    ) -> Result<String, JsError> {
        let t = Timestamp::parse(start).map_err(js_error)?;
        let d = OpDuration::parse(duration).map_err(js_error)?;
        let b = match boundary.as_deref() {
            None => Boundary::Closing,
            Some(s) => s.parse::<Boundary>().map_err(|e| JsError::new(&e))?,
        };
        let r = self.inner.add(t, d, b).map_err(js_error)?;
        Ok(r.value.to_rfc3339(self.inner.timezone()))
    }
}
