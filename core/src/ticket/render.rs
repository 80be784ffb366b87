//! A ticket's timeline, for people.

use std::fmt::Write as _;

use crate::calendar::Calendar;
use crate::duration::format_seconds;
use crate::error::Error;
use crate::lang::Lang;
use crate::time::Timestamp;

use super::sla::{ClockState, ClockStatus};
use super::Ticket;

impl ClockStatus {
    /// The name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockStatus::OnTrack => lang.pick("sesuai jadwal", "on track"),
            ClockStatus::Warning => lang.pick("peringatan", "warning"),
            ClockStatus::Breached => lang.pick("terlampaui", "breached"),
            ClockStatus::Met => lang.pick("terpenuhi", "met"),
            ClockStatus::Cancelled => lang.pick("dibatalkan", "cancelled"),
        }
    }
}

impl Ticket {
    /// The ticket's timeline and SLA clocks at `now`, one event a line. Personal data
    /// is not shown (the reporter appears as "reporter").
    ///
    /// # Errors
    /// Calendar errors.
    pub fn render_timeline(
        &self,
        cal: &Calendar,
        now: Timestamp,
        lang: Lang,
    ) -> Result<String, Error> {
        let mut s = String::new();
        let app = self.application.as_deref().unwrap_or("-");
        let _ = writeln!(
            s,
            "{} · {} · {} · {}",
            self.number,
            self.kind.label(lang),
            app,
            self.subject
        );
        for e in &self.history {
            let local = cal.local(e.at);
            let _ = write!(
                s,
                "  {} {}  {}: {}",
                crate::explain::ymd(&local),
                crate::calendar::hm(local),
                e.by.label(lang),
                e.what.describe(lang)
            );
            if let Some(r) = &e.reason {
                let _ = write!(s, " ({}: {r})", lang.pick("alasan", "reason"));
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{}: {} · {}: {} · {}: {}",
            lang.pick("Status", "State"),
            self.state.label(lang),
            lang.pick("tingkat", "tier"),
            self.tier.label(lang),
            lang.pick("petugas", "assignee"),
            self.assignee.as_deref().unwrap_or("-")
        );
        for c in self.clocks(cal, now)? {
            s.push_str(&render_clock(&c, cal, lang));
        }
        Ok(s)
    }
}

fn render_clock(c: &ClockState, cal: &Calendar, lang: Lang) -> String {
    let mode = if c.running {
        lang.pick("berjalan", "running")
    } else if c.paused {
        lang.pick("dijeda", "paused")
    } else {
        lang.pick("berhenti", "stopped")
    };
    format!(
        "SLA {}: {} ({mode}) · {} {} / {} · {} {}\n",
        c.kind.label(lang),
        c.status.label(lang),
        lang.pick("terpakai", "used"),
        format_seconds(c.elapsed),
        format_seconds(c.budget),
        lang.pick("tenggat", "due"),
        cal.when(c.due, lang)
    )
}
