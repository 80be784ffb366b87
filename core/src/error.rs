//! Errors of the core, with stable codes and messages in Bahasa Indonesia and English.

use thiserror::Error as ThisError;

use crate::lang::{Lang, Text};

/// Everything that can go wrong in the core.
///
/// Each variant has a stable machine-readable [`code`](Error::code) (for the HTTP and
/// JavaScript layers to branch on), an English [`Display`](std::fmt::Display) and a
/// [`message`](Error::message) in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// Text that is not an instant.
    #[error("invalid instant `{text}`: expected RFC 3339 (e.g. 2024-03-01T13:30:00+07:00) or whole unix seconds")]
    InvalidInstant {
        /// The text given.
        text: String,
    },
    /// Text that is not an operational duration.
    #[error("invalid duration `{text}`: {reason}; expected e.g. 90s, 45m, 3h, 8h30m or 2d, with an optional leading -")]
    InvalidDuration {
        /// The text given.
        text: String,
        /// What was wrong.
        reason: Text,
    },
    /// A calendar or policy file that could not be read as TOML or JSON.
    #[error("cannot read the {what} as {format}: {message}")]
    Syntax {
        /// `calendar` or `policy`.
        what: &'static str,
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A calendar that is well-formed but wrong.
    #[error("invalid calendar: {0}")]
    Calendar(#[from] CalendarError),
    /// A desk configuration that is well-formed but wrong.
    #[error("invalid desk configuration: {0}")]
    Desk(String),
    /// A ticket event the flow refuses.
    #[error(transparent)]
    Ticket(#[from] crate::ticket::TicketError),
    /// An instant outside the range of dates the calendar was built for.
    #[error("instant {instant} is outside the calendar's range {from} to {to} (set `horizon` in the calendar to widen it)")]
    OutsideHorizon {
        /// The instant, RFC 3339 in the calendar's zone.
        instant: String,
        /// First date of the range.
        from: String,
        /// Last date of the range.
        to: String,
    },
    /// A result that would fall outside the calendar's range of dates.
    #[error("the result of {operation} from {start} by {duration} falls beyond the calendar's range {from} to {to}: the calendar does not open often enough before then")]
    BeyondHorizon {
        /// `add` or `sub`.
        operation: &'static str,
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

/// What is wrong with a calendar.
#[derive(Clone, Debug, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum CalendarError {
    /// An unknown IANA time zone.
    #[error("unknown time zone `{0}`: expected an IANA name such as Asia/Jakarta")]
    UnknownTimezone(String),
    /// An opening interval that is not `HH:MM-HH:MM`.
    #[error("{place}: `{text}` is not an interval: {reason}; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)")]
    BadInterval {
        /// Where (`week.mon`, `override 2024-12-31`).
        place: String,
        /// The text.
        text: String,
        /// What was wrong.
        reason: Text,
    },
    /// Two intervals of one day that overlap.
    #[error("{place}: intervals {first} and {second} overlap; list each opening time once")]
    Overlap {
        /// Where.
        place: String,
        /// The first interval.
        first: String,
        /// The second interval.
        second: String,
    },
    /// A date listed twice with different meanings.
    #[error("date {date} is listed twice: as {first} and as {second}")]
    DuplicateDate {
        /// The date.
        date: String,
        /// Its first meaning.
        first: String,
        /// Its second meaning.
        second: String,
    },
    /// A date that is not `YYYY-MM-DD` or a bad range.
    #[error("{place}: {reason}")]
    BadDate {
        /// Where.
        place: String,
        /// What was wrong.
        reason: Text,
    },
    /// A calendar without any open time within its range.
    #[error(
        "the calendar never opens between {from} and {to}: give at least one weekday opening hours"
    )]
    NeverOpens {
        /// First date of the range.
        from: String,
        /// Last date of the range.
        to: String,
    },
}

impl Error {
    /// A stable machine-readable code, e.g. `calendar.overlap` or `sla.outside_horizon`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInstant { .. } => "input.invalid_instant",
            Error::InvalidDuration { .. } => "input.invalid_duration",
            Error::Syntax { .. } => "input.syntax",
            Error::Calendar(c) => match c {
                CalendarError::UnknownTimezone(_) => "calendar.unknown_timezone",
                CalendarError::BadInterval { .. } => "calendar.bad_interval",
                CalendarError::Overlap { .. } => "calendar.overlap",
                CalendarError::DuplicateDate { .. } => "calendar.duplicate_date",
                CalendarError::BadDate { .. } => "calendar.bad_date",
                CalendarError::NeverOpens { .. } => "calendar.never_opens",
            },
            Error::Desk(_) => "desk.invalid",
            Error::Ticket(t) => t.code(),
            Error::OutsideHorizon { .. } => "sla.outside_horizon",
            Error::BeyondHorizon { .. } => "sla.beyond_horizon",
        }
    }

    /// The message in `lang`. English is the [`Display`](std::fmt::Display) text.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => self.message_id(),
        }
    }

    fn message_id(&self) -> String {
        match self {
            Error::InvalidInstant { text } => format!(
                "waktu `{text}` tidak valid: gunakan RFC 3339 (mis. 2024-03-01T13:30:00+07:00) atau detik unix"
            ),
            Error::InvalidDuration { text, reason } => format!(
                "durasi `{text}` tidak valid ({}); contoh yang benar: 90s, 45m, 3h, 8h30m atau 2d, boleh diawali -",
                reason.id
            ),
            Error::Syntax { what, format, message } => {
                let what = match *what {
                    "policy" => "kebijakan SLA",
                    "desk" => "konfigurasi desk",
                    _ => "kalender",
                };
                format!("berkas {what} tidak dapat dibaca sebagai {format}: {message}")
            }
            Error::Calendar(c) => format!("kalender tidak valid: {}", calendar_id(c)),
            Error::Desk(m) => format!("konfigurasi desk tidak valid: {m}"),
            Error::Ticket(t) => t.message(Lang::Id),
            Error::OutsideHorizon { instant, from, to } => format!(
                "waktu {instant} berada di luar rentang kalender {from} sampai {to} (atur `horizon` pada kalender untuk memperluasnya)"
            ),
            Error::BeyondHorizon { operation, start, duration, from, to } => format!(
                "hasil {} dari {start} sebesar {duration} melewati rentang kalender {from} sampai {to}: kalender tidak cukup sering buka",
                if *operation == "sub" { "pengurangan" } else { "penambahan" }
            ),
        }
    }
}

fn calendar_id(c: &CalendarError) -> String {
    match c {
        CalendarError::UnknownTimezone(z) => {
            format!("zona waktu `{z}` tidak dikenal: gunakan nama IANA seperti Asia/Jakarta")
        }
        CalendarError::BadInterval { place, text, reason } => format!(
            "{place}: `{text}` bukan interval ({}); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)",
            reason.id
        ),
        CalendarError::Overlap { place, first, second } => {
            format!("{place}: interval {first} dan {second} tumpang tindih; tulis setiap jam buka sekali saja")
        }
        CalendarError::DuplicateDate { date, first, second } => {
            format!("tanggal {date} tercantum dua kali: sebagai {first} dan sebagai {second}")
        }
        CalendarError::BadDate { place, reason } => format!("{place}: {}", reason.id),
        CalendarError::NeverOpens { from, to } => format!(
            "kalender tidak pernah buka antara {from} dan {to}: berikan jam buka pada setidaknya satu hari kerja"
        ),
    }
}
