//! The desk's configuration: products in scope, teams, workflow settings.
//!
//! Below the profile and the tickets, which both read it.

use serde::{Deserialize, Serialize};

use crate::calendar::DEFAULT_COVERAGE_WARNING_DAYS;
use crate::duration::OpDuration;
use crate::error::{DeskError, Document, Error};

/// A desk's products, teams and workflow settings (TOML or JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    /// The desk's name.
    pub name: String,
    /// How long after a solution is delivered the reporter may reopen (operational).
    pub reopen_window: OpDuration,
    /// Share of the resolution target after which the clock is in warning (0–1).
    #[serde(default = "default_warning")]
    pub warning_ratio: f64,
    /// First-response target, or `off`.
    #[serde(default, with = "first_response")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub first_response: Option<OpDuration>,
    /// How many days before the confirmed holiday list ends the desk warns its staff
    /// and supervisor (see [`Calendar::coverage_warning`](crate::Calendar::coverage_warning)).
    /// Default 60.
    #[serde(default = "default_coverage_warning_days")]
    pub coverage_warning_days: u32,
    /// The direct superior who supervises the desk and receives breaches.
    pub supervisor: String,
    /// The WhatsApp number of the desk.
    pub whatsapp: String,
    /// The email address of the desk.
    pub email: String,
    /// Where complaints about the desk itself go (section A6).
    pub feedback: String,
    /// The products in scope, each with its responsible team.
    #[serde(rename = "product")]
    pub products: Vec<Product>,
}

fn default_warning() -> f64 {
    0.75
}

fn default_coverage_warning_days() -> u32 {
    DEFAULT_COVERAGE_WARNING_DAYS
}

mod first_response {
    use super::OpDuration;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<OpDuration>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => d.serialize(s),
            None => s.serialize_str("off"),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OpDuration>, D::Error> {
        let text = String::deserialize(d)?;
        if text == "off" {
            return Ok(None);
        }
        OpDuration::parse(&text)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

/// A product (application) in scope and its responsible team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable identifier, e.g. `e-penatausahaan`.
    pub id: String,
    /// Name for people, e.g. `e-Penatausahaan`.
    pub name: String,
    /// Other names a reporter may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The responsible staff, in roster order.
    pub team: Vec<String>,
}

/// Lowercase letters and digits only: `"E-Planning "` → `eplanning`.
fn normalize(s: &str) -> String {
    s.chars()
        // ASCII folding only (product names are ASCII; non-ASCII letters are kept as
        // they are): full Unicode case tables would add 30 KB to the browser build.
        .filter(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl DeskConfig {
    /// Reads a desk configuration from TOML or JSON text (JSON when it starts with `{`).
    ///
    /// # Errors
    /// [`Error::Syntax`] for malformed text or unknown fields, [`Error::Desk`] for a
    /// product without staff, a duplicate product or a warning ratio outside 0–1.
    pub fn from_text(text: &str) -> Result<Self, Error> {
        let d: DeskConfig = crate::read::from_text(text, Document::Desk)?;
        d.validate()?;
        Ok(d)
    }

    fn validate(&self) -> Result<(), DeskError> {
        if !(self.warning_ratio > 0.0 && self.warning_ratio <= 1.0) {
            return Err(DeskError::WarningRatio);
        }
        if self.reopen_window.is_negative() {
            return Err(DeskError::NegativeReopenWindow);
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut ids = std::collections::BTreeSet::new();
        for p in &self.products {
            // An id names the product's plugin file and is how tickets and the API
            // refer to it: lowercase letters, digits and dashes (`e-planning`).
            let id_ok = (1..=64).contains(&p.id.len())
                && p.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !p.id.starts_with('-');
            if !id_ok {
                return Err(DeskError::BadProductId { id: p.id.clone() });
            }
            if !ids.insert(p.id.as_str()) {
                return Err(DeskError::DuplicateProductId { id: p.id.clone() });
            }
            if p.team.is_empty() {
                return Err(DeskError::EmptyTeam {
                    product: p.id.clone(),
                });
            }
            for key in std::iter::once(&p.id)
                .chain(std::iter::once(&p.name))
                .chain(&p.aliases)
            {
                if normalize(key).is_empty() {
                    return Err(DeskError::NamelessProduct {
                        name: key.clone(),
                        product: p.id.clone(),
                    });
                }
                if !seen.insert(normalize(key)) && normalize(key) != normalize(&p.id) {
                    return Err(DeskError::DuplicateProductName { name: key.clone() });
                }
            }
        }
        Ok(())
    }

    /// The product a reporter's text names (id, name or alias; case, spaces and
    /// punctuation ignored).
    pub fn product(&self, text: &str) -> Option<&Product> {
        let key = normalize(text);
        if key.is_empty() {
            return None;
        }
        self.products.iter().find(|p| {
            normalize(&p.id) == key
                || normalize(&p.name) == key
                || p.aliases.iter().any(|a| normalize(a) == key)
        })
    }

    /// The product with this id.
    pub fn product_by_id(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
}
