//! Reading configuration files (calendars, policies, desks) as JSON or TOML.

use crate::error::{Document, Error, Format};

/// Reads `what` from JSON when the text starts with `{`, else from TOML (with the
/// `toml` feature).
pub(crate) fn from_text<T: serde::de::DeserializeOwned>(
    text: &str,
    what: Document,
) -> Result<T, Error> {
    if text.trim_start().starts_with('{') {
        return from_json(text, what);
    }
    #[cfg(feature = "toml")]
    return from_toml(text, what);
    #[cfg(not(feature = "toml"))]
    Err(Error::Syntax {
        what,
        format: Format::Json,
        message: "expected a JSON object (this build reads JSON only)".into(),
    })
}

/// Reads `what` from JSON.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: Document,
) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        what,
        format: Format::Json,
        message: e.to_string(),
    })
}

/// Reads `what` from TOML.
#[cfg(feature = "toml")]
pub(crate) fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    what: Document,
) -> Result<T, Error> {
    toml::from_str(text).map_err(|e| Error::Syntax {
        what,
        format: Format::Toml,
        message: e.to_string().trim().to_string(),
    })
}
