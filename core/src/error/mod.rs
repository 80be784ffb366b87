//! Errors of the core, with stable codes and messages in Bahasa Indonesia and English.
//!
//! Every error type here has a stable machine-readable `code()` (for the HTTP and
//! JavaScript layers to branch on), a `message(lang)` in the reader's language and
//! an English [`Display`](fmt::Display), which is `message(Lang::En)`. Each message
//! is written once per language, in this module tree only, one sub-module per
//! domain: [`Error`] and the reasons of bad input here and in `input`, calendars in
//! `calendar`, desk files in `desk`, tickets in `ticket`, reporters' contacts in
//! `contact`. The modules that raise them sit above: the tree uses nothing of the
//! core but [`Lang`] and the kinds ([`TicketKind`](crate::TicketKind),
//! [`HolidayKind`](crate::HolidayKind)).
//!
//! # Example
//!
//! ```
//! use loket_core::{Lang, OpDuration};
//!
//! let e = "8x".parse::<OpDuration>().unwrap_err();
//! assert_eq!(e.code(), "input.invalid_duration");
//! assert!(e.to_string().starts_with("invalid duration `8x`: `x` is not a unit"));
//! assert!(e.message(Lang::Id).starts_with("durasi `8x` tidak valid (`x` bukan satuan"));
//! assert_eq!(e.to_string(), e.message(Lang::En));
//! ```

use std::fmt;

use crate::lang::Lang;

mod calendar;
mod contact;
mod desk;
mod export;
mod input;
mod serde_text;
mod skm;
mod ticket;

pub use calendar::{CalendarError, DateReason, DateUse, IntervalReason};
pub use contact::ContactError;
pub use desk::DeskError;
pub use export::ExportError;
pub use input::{Document, DurationReason, Format};
pub use serde_text::serde_message;
pub use skm::SkmError;
pub use ticket::TicketError;

/// A message in both languages, each written once: `say!(lang, id: "…", en: "…")`.
/// Both texts are format strings that may name variables in scope.
macro_rules! say {
    ($lang:expr, id: $id:literal, en: $en:literal $(,)?) => {
        match $lang {
            $crate::lang::Lang::Id => format!($id),
            $crate::lang::Lang::En => format!($en),
        }
    };
}
pub(crate) use say;

/// `it is empty`: said of an empty duration and of an empty interval.
fn empty(lang: Lang) -> &'static str {
    lang.pick("kosong", "it is empty")
}

/// Everything that can go wrong in the core.
///
/// Each variant has a stable machine-readable [`code`](Error::code) (for the HTTP and
/// JavaScript layers to branch on), an English [`Display`](std::fmt::Display) and a
/// [`message`](Error::message) in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Text that is not an instant.
    InvalidInstant {
        /// The text given.
        text: String,
    },
    /// Text that is not an operational duration.
    InvalidDuration {
        /// The text given.
        text: String,
        /// What was wrong.
        reason: DurationReason,
    },
    /// A calendar, policy or desk file that could not be read as TOML or JSON.
    Syntax {
        /// Which file.
        what: Document,
        /// TOML or JSON.
        format: Format,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A calendar that is well-formed but wrong.
    Calendar(CalendarError),
    /// A desk configuration that is well-formed but wrong.
    Desk(DeskError),
    /// A ticket event the flow refuses.
    Ticket(TicketError),
    /// An instant outside the range of dates the calendar was built for.
    OutsideHorizon {
        /// The instant, RFC 3339 in the calendar's zone.
        instant: String,
        /// First date of the range.
        from: String,
        /// Last date of the range.
        to: String,
    },
    /// A result that would fall outside the calendar's range of dates.
    BeyondHorizon {
        /// Adding or subtracting.
        operation: Operation,
        /// The start, RFC 3339.
        start: String,
        /// The duration.
        duration: String,
        /// First date of the range.
        from: String,
        /// Last date of the range.
        to: String,
    },
}

/// An operation of the arithmetic, as named in [`Error::BeyondHorizon`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `add`.
    Add,
    /// `sub`.
    Sub,
}

impl Operation {
    /// Its name in `lang`: `penambahan` / `add`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Operation::Add => lang.pick("penambahan", "add"),
            Operation::Sub => lang.pick("pengurangan", "sub"),
        }
    }
}

impl Error {
    /// A stable machine-readable code, e.g. `calendar.overlap` or `sla.outside_horizon`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInstant { .. } => "input.invalid_instant",
            Error::InvalidDuration { .. } => "input.invalid_duration",
            Error::Syntax { .. } => "input.syntax",
            Error::Calendar(c) => c.code(),
            Error::Desk(d) => d.code(),
            Error::Ticket(t) => t.code(),
            Error::OutsideHorizon { .. } => "sla.outside_horizon",
            Error::BeyondHorizon { .. } => "sla.beyond_horizon",
        }
    }

    /// The message in `lang`. English is the [`Display`](std::fmt::Display) text.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::InvalidInstant { text } => say!(lang,
                id: "waktu `{text}` tidak valid: gunakan RFC 3339 (mis. 2024-03-01T13:30:00+07:00) atau detik unix",
                en: "invalid instant `{text}`: expected RFC 3339 (e.g. 2024-03-01T13:30:00+07:00) or whole unix seconds",
            ),
            Error::InvalidDuration { text, reason } => {
                let reason = reason.message(lang);
                say!(lang,
                    id: "durasi `{text}` tidak valid ({reason}); contoh yang benar: 90s, 45m, 3h, 8h30m atau 2d, boleh diawali -",
                    en: "invalid duration `{text}`: {reason}; expected e.g. 90s, 45m, 3h, 8h30m or 2d, with an optional leading -",
                )
            }
            Error::Syntax {
                what,
                format,
                message,
            } => {
                let what = what.label(lang);
                let message = serde_message(message, lang);
                say!(lang,
                    id: "berkas {what} tidak dapat dibaca sebagai {format}: {message}",
                    en: "cannot read the {what} as {format}: {message}",
                )
            }
            Error::Calendar(c) => {
                let c = c.message(lang);
                say!(lang, id: "kalender tidak valid: {c}", en: "invalid calendar: {c}")
            }
            Error::Desk(d) => {
                let d = d.message(lang);
                say!(lang,
                    id: "konfigurasi desk tidak valid: {d}",
                    en: "invalid desk configuration: {d}",
                )
            }
            Error::Ticket(t) => t.message(lang),
            Error::OutsideHorizon { instant, from, to } => say!(lang,
                id: "waktu {instant} berada di luar rentang kalender {from} sampai {to} (atur `horizon` pada kalender untuk memperluasnya)",
                en: "instant {instant} is outside the calendar's range {from} to {to} (set `horizon` in the calendar to widen it)",
            ),
            Error::BeyondHorizon {
                operation,
                start,
                duration,
                from,
                to,
            } => {
                let operation = operation.label(lang);
                say!(lang,
                    id: "hasil {operation} dari {start} sebesar {duration} melewati rentang kalender {from} sampai {to}: kalender tidak cukup sering buka",
                    en: "the result of {operation} from {start} by {duration} falls beyond the calendar's range {from} to {to}: the calendar does not open often enough before then",
                )
            }
        }
    }
}

impl fmt::Display for Error {
    /// The English [`message`](Error::message).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Calendar(c) => Some(c),
            Error::Desk(d) => Some(d),
            // A ticket's refusal is the whole message (shown as is, not wrapped).
            _ => None,
        }
    }
}

impl From<CalendarError> for Error {
    fn from(e: CalendarError) -> Self {
        Error::Calendar(e)
    }
}

impl From<DeskError> for Error {
    fn from(e: DeskError) -> Self {
        Error::Desk(e)
    }
}

impl From<TicketError> for Error {
    fn from(e: TicketError) -> Self {
        Error::Ticket(e)
    }
}

/// `Display` as the English `message(lang)`, for the types of this tree that have one.
macro_rules! english_display {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            /// The English message.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.message(Lang::En))
            }
        }
    )*};
}

english_display!(
    CalendarError,
    DeskError,
    TicketError,
    ContactError,
    DurationReason,
    IntervalReason,
    DateReason,
    DateUse
);

impl std::error::Error for CalendarError {}
impl std::error::Error for DeskError {}
impl std::error::Error for TicketError {}
impl std::error::Error for ContactError {}
