//! Reports in the page: an export opened in place (`FactsArchive`), and the same
//! reports from facts as JSON (`reportFromJson`, the slower path).

use std::cell::OnceCell;
use std::rc::Rc;

use loket_core::report::export::{profile_texts, AlignedBytes, FactsArchive as Archive};
use loket_core::report::{report_top, Filter, Period, TicketFacts};
use wasm_bindgen::prelude::*;

use crate::convert::{self, core_error, instant};
use crate::profile::{default_profile, Profile};

thread_local! {
    /// The default profile's texts, to know an export made on it.
    static DEFAULT_TEXTS: OnceCell<[String; 3]> = const { OnceCell::new() };
}

/// A desk's export (`GET /api/v1/reports/export`, `loket report export`) opened in
/// the module: its bytes are copied once into the module's memory and checked
/// (structure, then every row against its tables), never parsed into objects; each
/// report reads the rows where they lie, with the same code as the service.
#[wasm_bindgen]
#[derive(Debug)]
pub struct FactsArchive {
    bytes: AlignedBytes,
    profile: OnceCell<Profile>,
    // Read once at open: the getters do not check every row again.
    len: u32,
    period: Period,
    as_of: loket_core::Timestamp,
}

fn export_error(e: loket_core::error::ExportError) -> JsValue {
    convert::error(e.code(), &e.message(crate::lang()))
}

impl FactsArchive {
    fn report_with(
        &self,
        profile: &loket_core::Profile,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let a = self.archive()?;
        let o = read_options(&options, a.period())?;
        convert::to_js(&a.report_top(&o.filter, o.period, profile, o.lang, o.breaches))
    }

    fn archive(&self) -> Result<Archive<'_>, JsValue> {
        Archive::open(&self.bytes).map_err(export_error)
    }

    /// The profile the export carries, compiled once (the default profile's, shared,
    /// when it is the default).
    fn own_profile(&self) -> Result<Profile, JsValue> {
        if let Some(p) = self.profile.get() {
            return Ok(p.clone());
        }
        let a = self.archive()?;
        let is_default = DEFAULT_TEXTS.with(|d| {
            let d = d.get_or_init(|| profile_texts(&default_profile().core()));
            a.profile_texts()
                .iter()
                .zip(d.iter())
                .all(|(x, y)| *x == y.as_str())
        });
        let p = if is_default {
            default_profile()
        } else {
            Profile::of_core(Rc::new(a.profile().map_err(core_error)?))
        };
        Ok(self.profile.get_or_init(|| p).clone())
    }
}

/// A report's filter, period and language from its options.
struct Options {
    filter: Filter,
    period: Period,
    lang: loket_core::Lang,
    breaches: Option<usize>,
}

fn read_options(options: &Option<JsValue>, default: Period) -> Result<Options, JsValue> {
    let filter = match convert::field(options, "filter") {
        v if v.is_undefined() || v.is_null() => Filter::default(),
        v => convert::from_js(v, "ReportFilter")?,
    };
    let bound = |name: &str, d| match convert::field(options, name) {
        v if v.is_undefined() || v.is_null() => Ok(d),
        v => instant(&v),
    };
    let period = Period {
        from: bound("from", default.from)?,
        to: bound("to", default.to)?,
    };
    let breaches = match convert::field(options, "breaches") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Some(n.min(u32::MAX as f64) as usize),
            _ => {
                return Err(convert::error(
                    "input.invalid_object",
                    &convert::msg(
                        "`breaches` harus bilangan bulat 0 atau lebih",
                        "`breaches` must be a whole number, 0 or more",
                    ),
                ))
            }
        },
    };
    Ok(Options {
        filter,
        period,
        lang: convert::lang(options)?,
        breaches,
    })
}

#[wasm_bindgen]
impl FactsArchive {
    /// Opens an export's bytes; throws a `LoketError` (`export.not_an_export`,
    /// `export.version`, `export.malformed`, `export.inconsistent`) for bytes that
    /// are not a whole, consistent export of this format.
    pub fn open(bytes: &js_sys::Uint8Array) -> Result<FactsArchive, JsValue> {
        let mut aligned = AlignedBytes::zeroed(bytes.length() as usize);
        bytes.copy_to(&mut aligned);
        let a = Archive::open(&aligned).map_err(export_error)?;
        let (len, period, as_of) = (a.len() as u32, a.period(), a.as_of());
        Ok(FactsArchive {
            bytes: aligned,
            profile: OnceCell::new(),
            len,
            period,
            as_of,
        })
    }

    /// How many tickets it holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.len
    }

    /// Its size in bytes.
    #[wasm_bindgen(getter, js_name = byteLength)]
    pub fn byte_length(&self) -> u32 {
        self.bytes.len() as u32
    }

    /// The period it was exported for.
    #[wasm_bindgen(getter, unchecked_return_type = "ReportPeriod")]
    pub fn period(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.period)
    }

    /// The instant its tickets were read at (ISO 8601, UTC).
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> String {
        self.as_of.to_string()
    }

    /// The desk's profile it carries (its calendar, policy and teams).
    pub fn profile(&self) -> Result<Profile, JsValue> {
        self.own_profile()
    }

    /// The SLA report over the tickets received in `options.from`–`options.to`
    /// (by default the export's period) that pass `options.filter`, read on the
    /// profile the export carries.
    #[wasm_bindgen(unchecked_return_type = "SlaReport")]
    pub fn report(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ArchiveReportOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let profile = self.own_profile()?;
        self.report_with(&profile.core(), options)
    }

    /// `report`, read on another profile (e.g. a corrected calendar).
    #[wasm_bindgen(js_name = reportOn, unchecked_return_type = "SlaReport")]
    pub fn report_on(
        &self,
        profile: &Profile,
        #[wasm_bindgen(unchecked_optional_param_type = "ArchiveReportOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        self.report_with(&profile.core(), options)
    }

    /// Every ticket's facts as objects (for inspection; reports do not need them).
    #[wasm_bindgen(unchecked_return_type = "TicketFacts[]")]
    pub fn facts(&self) -> Result<JsValue, JsValue> {
        convert::to_js(&self.archive()?.facts())
    }
}

#[wasm_bindgen]
impl Profile {
    /// The SLA report from ticket facts as JSON text (`TicketFacts[]`, e.g.
    /// `JSON.stringify(archive.facts())`), read on this profile: the same report as
    /// `FactsArchive.report`, parsing every ticket first. Options as there; the
    /// period defaults to the facts' receipts.
    #[wasm_bindgen(js_name = reportFromJson, unchecked_return_type = "SlaReport")]
    pub fn report_from_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] facts: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ArchiveReportOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let text = convert::string(&facts, "facts")?;
        let facts: Vec<TicketFacts> = serde_json::from_str(&text).map_err(|e| {
            convert::error(
                "input.invalid_object",
                &format!(
                    "{}: {}",
                    convert::msg(
                        "fakta tiket tidak valid (diharapkan TicketFacts[])",
                        "invalid ticket facts (expected TicketFacts[])"
                    ),
                    loket_core::error::serde_message(&e.to_string(), crate::lang())
                ),
            )
        })?;
        let received = facts.iter().map(|f| f.received);
        let default = Period {
            from: received
                .clone()
                .min()
                .unwrap_or(loket_core::Timestamp::from_unix(0)),
            to: received
                .max()
                .map_or(loket_core::Timestamp::from_unix(1), |t| {
                    loket_core::Timestamp::from_unix(t.unix() + 1)
                }),
        };
        let o = read_options(&options, default)?;
        convert::to_js(&report_top(
            &facts,
            &o.filter,
            o.period,
            &self.core(),
            o.lang,
            o.breaches,
        ))
    }
}
