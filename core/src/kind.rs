//! Kinds: of ticket (complaint, request, incident) and of holiday.
//!
//! Below the errors, the calendars, the policies and the tickets, which all name
//! a kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The kinds of intake of the standard (section A2).
///
/// # Example
///
/// ```
/// use loket_core::{Lang, TicketKind};
///
/// let kind: TicketKind = "aduan".parse()?;
/// assert_eq!(kind, TicketKind::Complaint);
/// assert_eq!(kind.label(Lang::En), "complaint");
/// assert_eq!(TicketKind::Request.label(Lang::Id), "permintaan");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TicketKind {
    /// Aduan.
    #[serde(alias = "aduan")]
    Complaint,
    /// Permintaan.
    #[serde(alias = "permintaan")]
    Request,
    /// Insiden.
    #[serde(alias = "insiden")]
    Incident,
}

impl TicketKind {
    /// All kinds.
    pub const ALL: [TicketKind; 3] = [
        TicketKind::Complaint,
        TicketKind::Request,
        TicketKind::Incident,
    ];

    /// The name in `lang`: `aduan` / `complaint`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TicketKind::Complaint => lang.pick("aduan", "complaint"),
            TicketKind::Request => lang.pick("permintaan", "request"),
            TicketKind::Incident => lang.pick("insiden", "incident"),
        }
    }
}

impl FromStr for TicketKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "complaint" | "aduan" => Ok(TicketKind::Complaint),
            "request" | "permintaan" => Ok(TicketKind::Request),
            "incident" | "insiden" => Ok(TicketKind::Incident),
            _ => Err(format!("unknown kind `{s}`: expected complaint (aduan), request (permintaan) or incident (insiden)")),
        }
    }
}

impl fmt::Display for TicketKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::En))
    }
}

/// The kinds of dated closures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// Hari Libur Nasional.
    National,
    /// Cuti bersama: closes the desk only when `collective_leave_off` is set.
    CollectiveLeave,
    /// An election day declared a holiday.
    Election,
    /// A local closure of this desk.
    Local,
}

impl HolidayKind {
    /// The name files use, e.g. `collective_leave`.
    pub fn name(self) -> &'static str {
        match self {
            HolidayKind::National => "national",
            HolidayKind::CollectiveLeave => "collective_leave",
            HolidayKind::Election => "election",
            HolidayKind::Local => "local",
        }
    }

    /// Short label, e.g. `libur nasional` / `national holiday`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            HolidayKind::National => lang.pick("libur nasional", "national holiday"),
            HolidayKind::CollectiveLeave => lang.pick("cuti bersama", "collective leave"),
            HolidayKind::Election => lang.pick("hari pemilihan", "election day"),
            HolidayKind::Local => lang.pick("penutupan lokal", "local closure"),
        }
    }
}
