//! Errors of input: durations, and which file could not be read as what.

use std::fmt;

use crate::kind::TicketKind;
use crate::lang::Lang;

use super::say;

/// What is wrong with a duration ([`Error::InvalidDuration`](super::Error::InvalidDuration)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationReason {
    /// Nothing but a sign.
    Empty,
    /// A character that is not a unit.
    NotAUnit(char),
    /// A unit without a number before it.
    NoNumberBefore(char),
    /// Units repeated or out of order.
    UnitOrder,
    /// A number too large.
    NumberTooLarge,
    /// A total too large.
    DurationTooLarge,
    /// A number at the end, without its unit.
    MissingUnit,
    /// Days mixed with hours, minutes or seconds.
    MixedDays,
    /// Too many days.
    TooManyDays,
    /// A policy's target that is negative.
    NegativeTarget(TicketKind),
}

impl DurationReason {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DurationReason::Empty => super::empty(lang).into(),
            DurationReason::NotAUnit(c) => say!(lang,
                id: "`{c}` bukan satuan (gunakan d, h, m atau s)",
                en: "`{c}` is not a unit (use d, h, m or s)",
            ),
            DurationReason::NoNumberBefore(c) => say!(lang,
                id: "satuan `{c}` tidak diawali angka",
                en: "unit `{c}` has no number before it",
            ),
            DurationReason::UnitOrder => say!(lang,
                id: "setiap satuan hanya sekali, dari yang terbesar (d, h, m, s)",
                en: "units must appear once each, largest first (d, h, m, s)",
            ),
            DurationReason::NumberTooLarge => say!(lang,
                id: "angkanya terlalu besar",
                en: "the number is too large",
            ),
            DurationReason::DurationTooLarge => say!(lang,
                id: "durasinya terlalu besar",
                en: "the duration is too large",
            ),
            DurationReason::MissingUnit => say!(lang,
                id: "angka harus diikuti satuannya (d, h, m atau s)",
                en: "a number must be followed by its unit (d, h, m or s)",
            ),
            DurationReason::MixedDays => say!(lang,
                id: "hari operasional tidak dapat dicampur dengan jam, menit atau detik",
                en: "operational days cannot be mixed with hours, minutes or seconds",
            ),
            DurationReason::TooManyDays => say!(lang,
                id: "jumlah harinya terlalu besar",
                en: "the number of days is too large",
            ),
            DurationReason::NegativeTarget(kind) => {
                let kind = kind.label(lang);
                say!(lang,
                    id: "target untuk {kind} tidak boleh negatif",
                    en: "the target for {kind} must not be negative",
                )
            }
        }
    }
}

/// Which file could not be read ([`Error::Syntax`](super::Error::Syntax)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Document {
    /// A calendar.
    Calendar,
    /// An SLA policy.
    Policy,
    /// A desk configuration.
    Desk,
}

impl Document {
    /// Its name in `lang`: `kebijakan SLA` / `policy`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Document::Calendar => lang.pick("kalender", "calendar"),
            Document::Policy => lang.pick("kebijakan SLA", "policy"),
            Document::Desk => lang.pick("konfigurasi desk", "desk"),
        }
    }
}

/// The format a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl fmt::Display for Format {
    /// `TOML` or `JSON`, in every language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Toml => "TOML",
            Format::Json => "JSON",
        })
    }
}
