//! `loket status`: the desk's state now, its hours, next holidays and the deadlines
//! the standard promises for a message sent now.

use std::io::Write;

use loket_core::{Lang, OpenStatus, Profile, TicketKind, Timestamp};

use super::util::WEEK;
use super::CliError;

/// Prints the status of the desk of `profile` at `now`.
pub(super) fn run(
    profile: &Profile,
    now: Timestamp,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let cal = &profile.calendar;
    let name = cal.spec().name.as_deref().unwrap_or("Loket");
    let state = match cal.status(now)? {
        OpenStatus::Open { until } => format!(
            "{} {}",
            lang.pick("Buka sampai", "Open until"),
            cal.when(until, lang)
        ),
        OpenStatus::Closed { opens: Some(o) } => format!(
            "{} {}",
            lang.pick("Tutup — buka", "Closed — opens"),
            cal.when(o, lang)
        ),
        OpenStatus::Closed { opens: None } => lang.pick("Tutup", "Closed").to_string(),
    };
    writeln!(out, "{name} — {state}")?;
    writeln!(
        out,
        "{} {}",
        lang.pick("Sekarang:", "Now:"),
        cal.when(now, lang)
    )?;
    writeln!(out, "{}", lang.pick("Jam layanan:", "Service hours:"))?;
    let week = &cal.spec().week;
    for day in WEEK {
        let hours = week.day(day);
        let text = if hours.is_empty() {
            lang.pick("tutup", "closed").to_string()
        } else {
            hours.join(", ")
        };
        writeln!(out, "  {:<10} {text}", lang.weekday(day))?;
    }
    let from = now.in_zone(cal.timezone()).date_naive();
    let next: Vec<_> = cal.holidays_from(from).take(5).collect();
    if !next.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick("Hari libur berikutnya:", "Next holidays:")
        )?;
        for h in next {
            writeln!(
                out,
                "  {}  {} ({}{})",
                lang.long_date(&h.date),
                h.name,
                h.kind.label(lang),
                if h.provisional {
                    lang.pick(
                        ", perkiraan, menunggu SKB",
                        ", provisional, awaiting the decree",
                    )
                } else {
                    ""
                }
            )?;
        }
    }
    for kind in [TicketKind::Complaint, TicketKind::Request] {
        let d = profile.deadline(kind, now)?;
        writeln!(
            out,
            "{} {} ({}): {}",
            lang.pick("Tenggat", "Deadline for a"),
            kind.label(lang),
            profile.policy.target(kind),
            cal.when(d.value.due, lang)
        )?;
        if !d.is_covered() {
            let years: Vec<String> = d.uncovered_years.iter().map(|y| y.to_string()).collect();
            writeln!(
                out,
                "  {} {}",
                lang.pick(
                    "perhatian: daftar hari libur belum mencakup",
                    "note: the holiday list does not cover"
                ),
                years.join(", ")
            )?;
        }
        if d.is_provisional() {
            writeln!(
                out,
                "  {}",
                lang.pick(
                    "catatan: memakai hari libur perkiraan (menunggu SKB); tenggat dapat bergeser",
                    "note: uses provisional holidays (awaiting the joint decree); the deadline may move"
                )
            )?;
        }
    }
    // The warning before the confirmed holiday list runs out.
    let today = now.in_zone(cal.timezone()).date_naive();
    if let Some(w) = cal.coverage_warning(today, profile.desk.coverage_warning_days) {
        writeln!(
            out,
            "{}: {}",
            lang.pick("Peringatan", "Warning"),
            w.message(lang)
        )?;
    }
    Ok(())
}
