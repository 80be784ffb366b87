//! Conversions between JavaScript values and the core's types, and errors.

use js_sys::{Date, Error as JsError, Reflect};
use loket_core::{Boundary, Lang, OpDuration, Timestamp};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A JavaScript `Error` named `LoketError` with a stable `code`.
pub(crate) fn error(code: &str, message: &str) -> JsValue {
    let e = JsError::new(message);
    e.set_name("LoketError");
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    e.into()
}

/// A core error as a `LoketError` in the module's language.
pub(crate) fn core_error(e: loket_core::Error) -> JsValue {
    error(e.code(), &e.message(crate::lang()))
}

/// A ticket error as a `LoketError`.
#[cfg(feature = "workflow")]
pub(crate) fn ticket_error(e: loket_core::ticket::TicketError) -> JsValue {
    error(e.code(), &e.message(crate::lang()))
}

/// An instant from a `Date`, an ISO string or epoch milliseconds.
pub(crate) fn instant(v: &JsValue) -> Result<Timestamp, JsValue> {
    if let Some(d) = v.dyn_ref::<Date>() {
        let ms = d.get_time();
        if ms.is_nan() {
            return Err(error(
                "input.invalid_instant",
                &msg(
                    "tanggal tidak valid (Invalid Date)",
                    "invalid date (Invalid Date)",
                ),
            ));
        }
        return Ok(Timestamp::from_unix((ms / 1000.0).floor() as i64));
    }
    if let Some(s) = v.as_string() {
        return Timestamp::parse(&s).map_err(core_error);
    }
    if let Some(t) = v.as_f64().and_then(from_millis) {
        return Ok(t);
    }
    Err(error(
        "input.invalid_instant",
        &msg(
            "waktu harus berupa Date, teks ISO 8601, atau milidetik epoch",
            "an instant must be a Date, an ISO 8601 string or epoch milliseconds",
        ),
    ))
}

/// An instant from epoch milliseconds (the numeric methods), read to the second.
#[inline]
pub(crate) fn millis(ms: f64) -> Result<Timestamp, JsValue> {
    from_millis(ms).ok_or_else(|| {
        error(
            "input.invalid_instant",
            &msg(
                "waktu harus berupa milidetik epoch yang terhingga (seperti Date.getTime())",
                "an instant must be finite epoch milliseconds (as Date.getTime() gives)",
            ),
        )
    })
}

/// Epoch milliseconds within `Date`'s range (±8.64e15), read to the second.
#[inline]
fn from_millis(ms: f64) -> Option<Timestamp> {
    (ms.is_finite() && ms.abs() < 8.64e15)
        .then(|| Timestamp::from_unix((ms / 1000.0).floor() as i64))
}

/// An instant as epoch milliseconds.
#[inline]
pub(crate) fn to_millis(t: Timestamp) -> f64 {
    t.unix() as f64 * 1000.0
}

/// A duration of whole seconds (the numeric methods).
#[inline]
pub(crate) fn seconds(s: f64) -> Result<OpDuration, JsValue> {
    // Whole and at most 2^53 in magnitude (every such f64 is an exact i64).
    if s.fract() == 0.0 && s.abs() <= 9_007_199_254_740_992.0 {
        return Ok(OpDuration::Seconds(s as i64));
    }
    Err(error(
        "input.invalid_duration",
        &msg(
            "durasi harus bilangan bulat detik (mis. 3600 untuk 1 jam)",
            "a duration must be a whole number of seconds (e.g. 3600 for 1 hour)",
        ),
    ))
}

/// A `boundary` argument: `undefined` is `"closing"`.
#[inline]
pub(crate) fn boundary_arg(v: Option<JsValue>) -> Result<Boundary, JsValue> {
    match v {
        None => Ok(Boundary::Closing),
        Some(v) if v.is_undefined() => Ok(Boundary::Closing),
        Some(v) => v.as_string().and_then(|s| s.parse().ok()).ok_or_else(|| {
            error(
                "input.invalid_boundary",
                &msg(
                    "boundary harus \"closing\" atau \"opening\"",
                    "boundary must be \"closing\" or \"opening\"",
                ),
            )
        }),
    }
}

/// An error of one element of a batch: its message starts with `name[i]: `.
pub(crate) fn at_index(e: JsValue, name: &str, i: usize) -> JsValue {
    if let Some(err) = e.dyn_ref::<JsError>() {
        let m: String = err.message().into();
        err.set_message(&format!("{name}[{i}]: {m}"));
        let _ = Reflect::set(err, &"index".into(), &(i as f64).into());
    }
    e
}

/// An optional instant, defaulting to now.
#[cfg(feature = "workflow")]
pub(crate) fn instant_or_now(v: Option<JsValue>) -> Result<Timestamp, JsValue> {
    match v {
        Some(v) if !v.is_undefined() && !v.is_null() => instant(&v),
        _ => Ok(Timestamp::from_unix((Date::now() / 1000.0).floor() as i64)),
    }
}

/// A string argument (`what` names it in the error): a non-string is a `LoketError`,
/// never passed on to the generated glue, which assumes strings.
pub(crate) fn string(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        error(
            "input.invalid_argument",
            &format!("{} {what}", msg("harus berupa teks:", "must be a string:")),
        )
    })
}

/// An optional string argument (`undefined` or `null` is none).
pub(crate) fn opt_string(v: &Option<JsValue>, what: &str) -> Result<Option<String>, JsValue> {
    match v {
        Some(v) if !v.is_undefined() && !v.is_null() => string(v, what).map(Some),
        _ => Ok(None),
    }
}

/// An operational duration from a string argument.
pub(crate) fn duration(v: &JsValue) -> Result<OpDuration, JsValue> {
    OpDuration::parse(&string(v, "duration")?).map_err(core_error)
}

/// A message in the module's language.
pub(crate) fn msg(id: &str, en: &str) -> String {
    crate::lang().pick(id, en).to_string()
}

/// Reads a field of an options object (`undefined` when absent or not an object).
pub(crate) fn field(options: &Option<JsValue>, name: &str) -> JsValue {
    match options {
        Some(o) if o.is_object() => Reflect::get(o, &name.into()).unwrap_or(JsValue::UNDEFINED),
        _ => JsValue::UNDEFINED,
    }
}

/// `options.boundary`: `"closing"` (default) or `"opening"`.
pub(crate) fn boundary(options: &Option<JsValue>) -> Result<Boundary, JsValue> {
    boundary_arg(Some(field(options, "boundary")))
}

/// `options.lang`, or the module's language.
pub(crate) fn lang(options: &Option<JsValue>) -> Result<Lang, JsValue> {
    let v = field(options, "lang");
    if v.is_undefined() {
        return Ok(crate::lang());
    }
    v.as_string().and_then(|s| s.parse().ok()).ok_or_else(|| {
        error(
            "input.invalid_language",
            &msg(
                "lang harus \"id\" atau \"en\"",
                "lang must be \"id\" or \"en\"",
            ),
        )
    })
}

/// A Rust value as a plain JavaScript object.
///
/// Objects cross the boundary as JSON text (`serde_json` + `JSON.parse`): one serde
/// backend for everything keeps the `.wasm` small (a second one, such as
/// serde-wasm-bindgen, would compile every (de)serializer twice), and the objects are
/// exactly the JSON of the HTTP API and the event files.
pub(crate) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| error("internal.serialize", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// A JavaScript value as a Rust value; `what` names it in the error.
pub(crate) fn from_js<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<T, JsValue> {
    let bad = |m: String| {
        error(
            "input.invalid_object",
            &format!(
                "{} {what}: {m}",
                msg("objek tidak valid untuk", "invalid object for")
            ),
        )
    };
    let text = js_sys::JSON::stringify(&v).map_err(|_| {
        bad(msg(
            "tidak dapat diubah ke JSON",
            "cannot be turned into JSON",
        ))
    })?;
    let text = text
        .as_string()
        .ok_or_else(|| bad(msg("bukan objek", "not an object")))?;
    serde_json::from_str(&text).map_err(|e| bad(e.to_string()))
}
