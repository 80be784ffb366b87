//! WebAssembly bindings of `loket-core` for web pages: conversions only, one file per
//! exported class ([`calendar`], [`profile`], [`ticket`]). Every rule lives in the core.
//!
//! Built into an npm package by `cargo xtask wasm` (see `wasm/README.md`), three
//! times, with different features, into the package's three entries:
//! - `loket-wasm/sla` (no feature): calendars, the arithmetic, deadlines and their
//!   explanations, the SLA policy: what a page that shows "open until" and "due by"
//!   needs, and nothing else linked;
//! - `loket-wasm` (`workflow` and `laws`): that, and intake, tickets, the desk's
//!   products and teams, and `Calendar.checkLaw` for `loket-wasm/laws`;
//! - `loket-wasm/report` (`report`): that of `sla`, the desk, and `FactsArchive`,
//!   the reports from a desk's export.
//!
//! The TypeScript types of the wire objects (tickets, events, clocks, calendars…) are
//! generated from the core's Rust types into `wire.d.ts` (checked by
//! `tests/tests/contracts.rs`); `types.d.ts` declares by hand only what exists on
//! the JavaScript side (instants as `Date | string | number`, options, results).
//! Both are included in the generated `.d.ts`.

mod calendar;
mod convert;
#[cfg(feature = "laws")]
mod laws;
mod profile;
#[cfg(feature = "report")]
mod report;
#[cfg(feature = "workflow")]
mod ticket;

use std::cell::Cell;

use loket_core::Lang;
use wasm_bindgen::prelude::*;

pub use calendar::{Calendar, ParsedDuration};
pub use profile::Profile;
#[cfg(feature = "report")]
pub use report::FactsArchive;
#[cfg(feature = "workflow")]
pub use ticket::Ticket;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const WIRE_TYPES: &str = include_str!("wire.d.ts");

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Id) };
}

/// The module's language for messages and errors.
pub(crate) fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Sets the language of messages and errors: `"id"` (Bahasa Indonesia, the default)
/// or `"en"`.
#[wasm_bindgen(js_name = setLanguage)]
pub fn set_language(
    #[wasm_bindgen(unchecked_param_type = "Lang")] lang: JsValue,
) -> Result<(), JsValue> {
    let l = convert::string(&lang, "lang")?
        .parse::<Lang>()
        .map_err(|_| {
            convert::error(
                "input.invalid_language",
                &convert::msg(
                    "bahasa harus \"id\" atau \"en\"",
                    "language must be \"id\" or \"en\"",
                ),
            )
        })?;
    LANG.with(|c| c.set(l));
    Ok(())
}

/// The module's language.
#[wasm_bindgen(js_name = getLanguage, unchecked_return_type = "Lang")]
pub fn get_language() -> String {
    lang().to_string()
}
