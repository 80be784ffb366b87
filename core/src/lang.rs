//! The language of messages people read: Bahasa Indonesia by default, English on request.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Weekday};
use serde::{Deserialize, Serialize};

/// The language of a message meant for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The weekday's name, e.g. `Senin` / `Monday`.
    pub fn weekday(self, w: Weekday) -> &'static str {
        const ID: [&str; 7] = [
            "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let i = w.num_days_from_monday() as usize;
        match self {
            Lang::Id => ID[i],
            Lang::En => EN[i],
        }
    }

    /// The month's name, 1-based, e.g. `Maret` / `March`.
    pub fn month(self, m: u32) -> &'static str {
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (m.clamp(1, 12) - 1) as usize;
        match self {
            Lang::Id => ID[i],
            Lang::En => EN[i],
        }
    }

    /// A long date, e.g. `Senin, 4 Maret 2024` / `Monday, 4 March 2024`.
    pub fn long_date<D: Datelike>(self, d: &D) -> String {
        format!(
            "{}, {} {} {}",
            self.weekday(d.weekday()),
            d.day(),
            self.month(d.month()),
            d.year()
        )
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "id" | "id-id" | "indonesia" | "bahasa" => Ok(Lang::Id),
            "en" | "en-us" | "en-gb" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}`: expected id or en")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Id => "id",
            Lang::En => "en",
        })
    }
}
