//! Rendering a shrunk failing case: the law and what came out, the calendar on the
//! dates involved, and the explanation of each computation with the command that
//! reproduces it.

use chrono::{Datelike, NaiveDate, TimeZone};
use loket_core::{Boundary, Calendar, HolidayKind, Interval, Lang, OpDuration, Timestamp};

pub(super) use loket_core::laws::day_intervals;

use super::range::in_horizon;
use super::runner::Failure;
use super::{CliError, Ctx};

/// Lines of an explanation printed before cutting it short.
const EXPLANATION_LINES: usize = 40;
/// Dates of the calendar excerpt printed.
const EXCERPT_DATES: usize = 12;

/// One computation a law made, explained in a counterexample.
#[derive(Clone, Copy, Debug)]
pub(super) enum Side {
    /// `add(t, d)` under a boundary convention.
    Add(Timestamp, OpDuration, Boundary),
    /// `sub(t, d)` under a boundary convention.
    Sub(Timestamp, OpDuration, Boundary),
    /// `between(a, b)`.
    Between(Timestamp, Timestamp),
}

/// A computation of a counterexample: its formula, the command reproducing it and its
/// explanation (or the error it gave).
pub(super) struct RenderedSide {
    pub(super) formula: &'static str,
    pub(super) command: String,
    pub(super) result: Result<String, String>,
}

/// A shrunk failing case, rendered.
pub(super) struct Counterexample {
    pub(super) law: &'static str,
    pub(super) statement: String,
    pub(super) facts: Vec<(String, String)>,
    /// The `Violation` as the law prints it (or the panic).
    pub(super) text: String,
    /// The calendar on the dates involved, one line a date.
    pub(super) days: Vec<String>,
    pub(super) sides: Vec<RenderedSide>,
    /// What to do about it, where the law has advice.
    pub(super) notes: Vec<String>,
}

// ---- rendering a counterexample ----

/// The counterexample of `law`: what failed and each computation of `sides`.
pub(super) fn render_case(
    ctx: &Ctx<'_>,
    law: &'static str,
    failure: Failure,
    sides: &[(&'static str, Side)],
) -> Counterexample {
    let cal = ctx.cal();
    let lang = ctx.lang;
    let (statement, facts, text) = match failure {
        Failure::Violation(v) => (v.statement.to_string(), v.facts.clone(), v.to_string()),
        Failure::Panic(m) => {
            let statement = "the engine answers without panicking".to_string();
            let text = format!("law {law}: the engine panicked: {m}\n");
            (statement, vec![("panic".into(), m)], text)
        }
    };
    let mut instants: Vec<Timestamp> = Vec::new();
    let mut rendered = Vec::new();
    for &(formula, side) in sides {
        let explanation = match side {
            Side::Add(t, d, b) => {
                instants.push(t);
                cal.explain_add(t, d, b)
            }
            Side::Sub(t, d, b) => {
                instants.push(t);
                cal.explain_sub(t, d, b)
            }
            Side::Between(a, b) => {
                instants.extend([a, b]);
                cal.explain_between(a, b)
            }
        };
        let result = match explanation {
            Ok(e) => {
                instants.push(e.end);
                Ok(cut(&cal.render_explanation(&e, lang), lang))
            }
            Err(e) => Err(CliError::from(e).render(lang)),
        };
        rendered.push(RenderedSide {
            formula,
            command: command(ctx, side),
            result,
        });
    }
    let mut dates: Vec<NaiveDate> = instants
        .iter()
        .map(|t| t.in_zone(cal.timezone()).date_naive())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let mut days: Vec<String> = dates
        .iter()
        .take(EXCERPT_DATES)
        .map(|&d| day_line(cal, d, lang))
        .collect();
    if dates.len() > EXCERPT_DATES {
        days.push(format!("… (+{})", dates.len() - EXCERPT_DATES));
    }
    let mut notes = Vec::new();
    if law == "deadline_reachable" {
        if let Some(&(_, Side::Add(t, d, _))) = sides.first() {
            notes.extend(open_time_left(cal, t, d, lang));
        }
    }
    Counterexample {
        law,
        statement,
        facts,
        text,
        days,
        sides: rendered,
        notes,
    }
}

/// The first lines of an explanation.
fn cut(text: &str, lang: Lang) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= EXPLANATION_LINES {
        return text.to_string();
    }
    let more = lines.len() - EXPLANATION_LINES;
    let mut s = lines[..EXPLANATION_LINES].join("\n");
    s.push_str(&match lang {
        Lang::Id => {
            format!("\n… ({more} baris lagi: jalankan perintah di atas untuk melihat semuanya)\n")
        }
        Lang::En => format!("\n… ({more} more lines: run the command above to see them all)\n"),
    });
    s
}

/// A word for the shell: quoted when it holds anything but plain characters.
pub(super) fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:+=,@%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The command that reproduces a computation, with its explanation.
fn command(ctx: &Ctx<'_>, side: Side) -> String {
    let tz = ctx.cal().timezone();
    let mut c = String::from("loket");
    if ctx.lang == Lang::En {
        c.push_str(" --lang en");
    }
    let boundary = |b: Boundary| match b {
        Boundary::Closing => "",
        Boundary::Opening => " --boundary opening",
    };
    let cal = shell_word(ctx.calendar_arg);
    match side {
        Side::Add(t, d, b) | Side::Sub(t, d, b) => {
            let verb = if matches!(side, Side::Add(..)) {
                "add"
            } else {
                "sub"
            };
            c.push_str(&format!(
                " sla {verb} --calendar {cal} --start {} --duration {d}{} --explain",
                t.to_rfc3339(tz),
                boundary(b)
            ));
        }
        Side::Between(a, b) => c.push_str(&format!(
            " sla between --calendar {cal} --from {} --to {} --explain",
            a.to_rfc3339(tz),
            b.to_rfc3339(tz)
        )),
    }
    c
}

// ---- the calendar on the dates involved ----

/// Intervals as `07:00-12:00, 13:00-15:30`.
pub(super) fn hours_text(ivs: &[Interval]) -> String {
    let v: Vec<String> = ivs.iter().map(Interval::to_string).collect();
    v.join(", ")
}

/// One date of the calendar excerpt: its hours, or why it is closed, and the
/// holidays and overrides listed on it.
fn day_line(cal: &Calendar, d: NaiveDate, lang: Lang) -> String {
    let spec = cal.spec();
    let head = format!("{} {d}", lang.weekday(d.weekday()));
    if !in_horizon(cal, d) {
        return format!(
            "{head}  {}",
            lang.pick("di luar rentang kalender", "outside the calendar's range")
        );
    }
    let holiday = spec.holidays.iter().find(|h| h.date == d);
    let special = spec.overrides.iter().find(|o| o.date == d);
    let mut s = match cal.closure_on(d) {
        Some(c) => format!(
            "{head}  {}: {}",
            lang.pick("tutup", "closed"),
            c.describe(lang)
        ),
        None => {
            let ivs = match special {
                Some(o) => day_intervals(&o.hours),
                None => day_intervals(spec.week.day(d.weekday())),
            };
            format!("{head}  {}", hours_text(&ivs))
        }
    };
    if let (Some(o), None) = (special, cal.closure_on(d)) {
        let name = o.name.clone().unwrap_or_default();
        s.push_str(&format!(
            "  ({}{}{name})",
            lang.pick("jam khusus", "special hours"),
            if name.is_empty() { "" } else { ": " }
        ));
        if let Some(h) = holiday {
            s.push_str(&format!(
                "; {} {} ({})",
                lang.pick("membuka", "opens"),
                h.name,
                h.kind.label(lang)
            ));
        }
    } else if let (Some(h), None) = (holiday, cal.closure_on(d)) {
        if h.kind == HolidayKind::CollectiveLeave && !spec.collective_leave_off {
            s.push_str(&format!(
                "  ({} ({}) {})",
                h.name,
                h.kind.label(lang),
                lang.pick(
                    "tidak menutup: collective_leave_off = false",
                    "does not close: collective_leave_off = false"
                )
            ));
        }
    }
    s
}

/// The last second of the calendar's range.
fn horizon_end(cal: &Calendar) -> Option<Timestamp> {
    let next = cal.horizon().1.succ_opt()?.and_hms_opt(0, 0, 0)?;
    let t = cal.timezone().from_local_datetime(&next).earliest()?;
    Some(Timestamp::from_unix(t.timestamp() - 1))
}

/// For an unreachable deadline: how much open time is left before the end of the
/// calendar's range, and what to do.
fn open_time_left(cal: &Calendar, t: Timestamp, target: OpDuration, lang: Lang) -> Vec<String> {
    let (_, last) = cal.horizon();
    let Some(end) = horizon_end(cal) else {
        return Vec::new();
    };
    let Ok(secs) = cal.between_secs(t, end) else {
        return Vec::new();
    };
    let first = t.in_zone(cal.timezone()).date_naive();
    let open_dates = first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| cal.closure_on(*d).is_none())
        .count();
    let secs = loket_core::format_seconds(secs.max(0));
    vec![
        match lang {
            Lang::Id => format!(
                "Sisa waktu buka dari {first} sampai akhir rentang kalender ({last}): {secs} pada {open_dates} tanggal buka; targetnya {target}."
            ),
            Lang::En => format!(
                "Open time left from {first} to the end of the calendar's range ({last}): {secs} on {open_dates} open dates; the target is {target}."
            ),
        },
        lang.pick(
            "Perluas `horizon` pada kalender (mis. horizon = { from = 1970, to = 2100 }, bawaan bila tidak ditulis) atau perpendek target pada kebijakan.",
            "Widen `horizon` in the calendar (e.g. horizon = { from = 1970, to = 2100 }, the default when it is left out) or shorten the target in the policy.",
        )
        .to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("my.toml"), "my.toml");
        assert_eq!(shell_word("my file.toml"), "'my file.toml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
