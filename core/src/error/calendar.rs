//! Errors of calendars that are well-formed but wrong.

use crate::kind::HolidayKind;
use crate::lang::Lang;

use super::say;

/// What is wrong with a calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarError {
    /// An unknown IANA time zone.
    UnknownTimezone(String),
    /// An opening interval that is not `HH:MM-HH:MM`.
    BadInterval {
        /// Where (`week.mon`, `override 2024-12-31`).
        place: String,
        /// The text.
        text: String,
        /// What was wrong.
        reason: IntervalReason,
    },
    /// Two intervals of one day that overlap.
    Overlap {
        /// Where.
        place: String,
        /// The first interval.
        first: String,
        /// The second interval.
        second: String,
    },
    /// A date listed twice with different meanings.
    DuplicateDate {
        /// The date.
        date: String,
        /// Its first meaning.
        first: DateUse,
        /// Its second meaning.
        second: DateUse,
    },
    /// A date that is not `YYYY-MM-DD` or a bad range.
    BadDate {
        /// Where.
        place: String,
        /// What was wrong.
        reason: DateReason,
    },
    /// A calendar without any open time within its range.
    NeverOpens {
        /// First date of the range.
        from: String,
        /// Last date of the range.
        to: String,
    },
}

/// What is wrong with an opening interval.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntervalReason {
    /// No `-` between start and end.
    NoDash,
    /// A time that is not `HH:MM`.
    NotHhMm(String),
    /// A time of day past 24:00.
    NotTimeOfDay(String),
    /// 24:00 as a start.
    StartsAt24,
    /// An end before the start.
    EndsBeforeStart,
    /// An end equal to the start.
    Empty,
}

/// What is wrong with a date or a range of years.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateReason {
    /// Years that are not a range within the years a calendar can have.
    YearsNotARange {
        /// The first year given.
        from: i32,
        /// The last year given.
        to: i32,
        /// The first year a calendar can have.
        min: i32,
        /// The last year a calendar can have.
        max: i32,
    },
}

/// A meaning of a date in a calendar file, as the file writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateUse {
    /// A holiday.
    Holiday {
        /// Its name.
        name: String,
        /// Its kind.
        kind: HolidayKind,
        /// Whether it is provisional.
        provisional: bool,
    },
    /// An override.
    Override {
        /// Its hours as written in the file, e.g. `["07:00-12:00"]`.
        hours: String,
    },
}

impl CalendarError {
    /// The stable code, e.g. `calendar.overlap`.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::UnknownTimezone(_) => "calendar.unknown_timezone",
            CalendarError::BadInterval { .. } => "calendar.bad_interval",
            CalendarError::Overlap { .. } => "calendar.overlap",
            CalendarError::DuplicateDate { .. } => "calendar.duplicate_date",
            CalendarError::BadDate { .. } => "calendar.bad_date",
            CalendarError::NeverOpens { .. } => "calendar.never_opens",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CalendarError::UnknownTimezone(z) => say!(lang,
                id: "zona waktu `{z}` tidak dikenal: gunakan nama IANA seperti Asia/Jakarta",
                en: "unknown time zone `{z}`: expected an IANA name such as Asia/Jakarta",
            ),
            CalendarError::BadInterval {
                place,
                text,
                reason,
            } => {
                let reason = reason.message(lang);
                say!(lang,
                    id: "{place}: `{text}` bukan interval ({reason}); gunakan JJ:MM-JJ:MM seperti 07:00-15:30 (24:00 boleh sebagai akhir)",
                    en: "{place}: `{text}` is not an interval: {reason}; expected HH:MM-HH:MM such as 07:00-15:30 (24:00 allowed as an end)",
                )
            }
            CalendarError::Overlap {
                place,
                first,
                second,
            } => say!(lang,
                id: "{place}: interval {first} dan {second} tumpang tindih; tulis setiap jam buka sekali saja",
                en: "{place}: intervals {first} and {second} overlap; list each opening time once",
            ),
            CalendarError::DuplicateDate {
                date,
                first,
                second,
            } => {
                let (first, second) = (first.message(lang), second.message(lang));
                say!(lang,
                    id: "tanggal {date} tercantum dua kali: sebagai {first} dan sebagai {second}",
                    en: "date {date} is listed twice: as {first} and as {second}",
                )
            }
            CalendarError::BadDate { place, reason } => {
                format!("{place}: {}", reason.message(lang))
            }
            CalendarError::NeverOpens { from, to } => say!(lang,
                id: "kalender tidak pernah buka antara {from} dan {to}: berikan jam buka pada setidaknya satu hari kerja",
                en: "the calendar never opens between {from} and {to}: give at least one weekday opening hours",
            ),
        }
    }
}

impl IntervalReason {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            IntervalReason::NoDash => say!(lang,
                id: "tidak ada `-` di antara awal dan akhir",
                en: "there is no `-` between start and end",
            ),
            IntervalReason::NotHhMm(s) => say!(lang,
                id: "`{s}` bukan JJ:MM",
                en: "`{s}` is not HH:MM",
            ),
            IntervalReason::NotTimeOfDay(s) => say!(lang,
                id: "`{s}` bukan jam antara 00:00 dan 24:00",
                en: "`{s}` is not a time of day between 00:00 and 24:00",
            ),
            IntervalReason::StartsAt24 => say!(lang,
                id: "24:00 hanya boleh sebagai akhir interval",
                en: "24:00 can only end an interval",
            ),
            IntervalReason::EndsBeforeStart => say!(lang,
                id: "akhirnya sebelum awalnya (interval tidak dapat melewati tengah malam; pisahkan menjadi dua hari)",
                en: "it ends before it starts (an interval cannot cross midnight; split it in two days)",
            ),
            IntervalReason::Empty => super::empty(lang).into(),
        }
    }
}

impl DateReason {
    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DateReason::YearsNotARange { from, to, min, max } => say!(lang,
                id: "tahun {from} sampai {to} bukan rentang di antara {min} dan {max} (from tidak boleh setelah to)",
                en: "years {from} to {to} are not a range within {min} to {max} (from must not be after to)",
            ),
        }
    }
}

impl DateUse {
    /// The meaning in `lang`, e.g. `Idul Fitri 1448 H (national, provisional)` or
    /// `an override with hours ["07:00-12:00"]`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DateUse::Holiday {
                name,
                kind,
                provisional,
            } => {
                let provisional = if *provisional {
                    lang.pick(", perkiraan", ", provisional")
                } else {
                    ""
                };
                // The kind as files write it (`collective_leave`), in both languages.
                format!("{name} ({}{provisional})", kind.name())
            }
            DateUse::Override { hours } => say!(lang,
                id: "pengecualian dengan jam {hours}",
                en: "an override with hours {hours}",
            ),
        }
    }
}
