//! Printing the run: the header, the table of laws with the findings and the
//! counterexamples, the summary and the replay command, or all of it as JSON.

use std::io::Write;

use chrono::NaiveDate;
use loket_core::{Boundary, Lang, TicketKind};

use super::counterexample::Counterexample;
use super::{CliError, Ctx, Outcome, Verdict};
use crate::util::write_pretty_json;

/// What the header says of the cases drawn (and the JSON report of the dates).
pub(super) struct Header {
    /// First local date of the instants.
    pub(super) from: NaiveDate,
    /// Last local date of the instants.
    pub(super) to: NaiveDate,
    /// The dates are the current year ±1 (the holiday list covers no year).
    pub(super) from_clock: bool,
    /// The dates were given by `--from` or `--to`.
    pub(super) explicit: bool,
    /// Largest duration in seconds.
    pub(super) max_secs: i64,
    /// Largest duration in days.
    pub(super) max_days: i32,
}

/// What the run came to, as either report prints it.
pub(super) struct Results<'a> {
    /// Every law's outcome, in the order of `laws::ALL`.
    pub(super) outcomes: &'a [Outcome],
    /// Findings: not laws, but worth knowing (they fail the run under `--strict`).
    pub(super) findings: &'a [String],
    /// Whether findings fail the run (`--strict`).
    pub(super) strict: bool,
    /// The command that replays the run.
    pub(super) replay: &'a str,
}

// ---- text ----

/// The policy's targets and boundary convention, on one line.
fn policy_text(ctx: &Ctx<'_>) -> String {
    let p = &ctx.profile.policy;
    let v: Vec<String> = TicketKind::ALL
        .iter()
        .map(|&k| format!("{} {}", k.label(ctx.lang), p.target(k)))
        .collect();
    let b = match p.boundary {
        Boundary::Closing => "closing",
        Boundary::Opening => "opening",
    };
    format!(
        "{} ({}: {b})",
        v.join(", "),
        ctx.lang.pick("konvensi batas", "boundary convention")
    )
}

/// The header of the text report: the calendar, policy, dates, durations and seed.
pub(super) fn print_header(ctx: &Ctx<'_>, h: &Header, out: &mut dyn Write) -> Result<(), CliError> {
    let lang = ctx.lang;
    let cal = ctx.cal();
    let name = cal.spec().name.as_deref().unwrap_or("-");
    let whence = if h.explicit {
        ""
    } else if h.from_clock {
        lang.pick(
            " (tahun ini ±1: daftar hari libur tidak mencakup tahun apa pun)",
            " (this year ±1: the holiday list covers no year)",
        )
    } else {
        lang.pick(
            " (tahun yang dicakup daftar hari libur)",
            " (the years the holiday list covers)",
        )
    };
    let (h0, h1) = cal.horizon();
    writeln!(
        out,
        "{}",
        lang.pick(
            "Pemeriksaan hukum aritmetika SLA",
            "Checking the laws of the SLA arithmetic"
        )
    )?;
    writeln!(
        out,
        "{}: {} ({}), {} {h0} – {h1}",
        lang.pick("kalender", "calendar"),
        name,
        cal.timezone(),
        lang.pick("rentang", "range")
    )?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("kebijakan", "policy"),
        policy_text(ctx)
    )?;
    writeln!(
        out,
        "{}: {} – {}{whence}",
        lang.pick("waktu mulai", "instants"),
        h.from,
        h.to
    )?;
    writeln!(
        out,
        "{}: {} {} {} {}d, {}",
        lang.pick("durasi", "durations"),
        lang.pick("hingga", "up to"),
        loket_core::format_seconds(h.max_secs),
        lang.pick("dan", "and"),
        h.max_days,
        lang.pick(
            "maju dan mundur, kedua konvensi batas",
            "forward and backward, both boundary conventions"
        )
    )?;
    writeln!(
        out,
        "{}: {}; seed: {}",
        lang.pick("kasus per hukum", "cases per law"),
        ctx.cases,
        ctx.seed
    )?;
    writeln!(out)?;
    Ok(())
}

/// The result column of a law's row.
fn result_text(lang: Lang, v: &Verdict) -> String {
    match v {
        Verdict::Passed {
            held,
            na,
            na_reason,
        } => match na_reason {
            Some(why) if na > held => format!(
                "ok ({}: {why})",
                lang.pick("sebagian besar tidak berlaku", "mostly not applicable")
            ),
            _ => "ok".into(),
        },
        Verdict::NotApplicable(why) => {
            format!("{}: {why}", lang.pick("tidak berlaku", "not applicable"))
        }
        Verdict::Failed { held, na, .. } => match lang {
            Lang::Id => format!("GAGAL pada kasus ke-{} (contoh di bawah)", held + na + 1),
            Lang::En => format!("FAILED at case {} (counterexample below)", held + na + 1),
        },
        Verdict::Aborted(why) => format!("{}: {why}", lang.pick("DIHENTIKAN", "ABORTED")),
    }
}

/// The text report: the table of laws, the findings, each counterexample, and the
/// summary with the replay command.
pub(super) fn print_report(
    ctx: &Ctx<'_>,
    r: &Results<'_>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let lang = ctx.lang;
    let replay = r.replay;
    let heads = [
        lang.pick("hukum", "law"),
        lang.pick("berlaku", "held"),
        lang.pick("tidak berlaku", "not applicable"),
        lang.pick("hasil", "result"),
    ];
    let w0 = r
        .outcomes
        .iter()
        .map(|o| o.law.len())
        .chain([heads[0].len()])
        .max()
        .unwrap_or(0);
    let (w1, w2) = (heads[1].len().max(6), heads[2].len().max(6));
    writeln!(
        out,
        "{:<w0$}  {:>w1$}  {:>w2$}  {}",
        heads[0], heads[1], heads[2], heads[3]
    )?;
    for o in r.outcomes {
        let (h, n) = match o.verdict {
            Verdict::Passed { held, na, .. } | Verdict::Failed { held, na, .. } => {
                (held.to_string(), na.to_string())
            }
            _ => ("-".into(), "-".into()),
        };
        writeln!(
            out,
            "{:<w0$}  {h:>w1$}  {n:>w2$}  {}",
            o.law,
            result_text(lang, &o.verdict)
        )?;
    }
    if !r.findings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            if r.strict {
                lang.pick(
                    "Temuan (gagal karena --strict):",
                    "Findings (failing: --strict):",
                )
            } else {
                lang.pick(
                    "Temuan (tidak menggagalkan; --strict untuk menggagalkan):",
                    "Findings (not failing; --strict to fail on them):",
                )
            }
        )?;
        for f in r.findings {
            writeln!(out, "  - {f}")?;
        }
    }
    let failed: Vec<&Outcome> = r.outcomes.iter().filter(|o| o.verdict.fails()).collect();
    for o in &failed {
        if let Verdict::Failed { case, .. } = &o.verdict {
            writeln!(out)?;
            print_case(lang, case, out)?;
        }
    }
    writeln!(out)?;
    let checked = r
        .outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Passed { .. }))
        .count();
    let not_applicable = r
        .outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::NotApplicable(_)))
        .count();
    if failed.is_empty() {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Id => format!(
                    "Semua hukum berlaku: {checked} diperiksa dengan {} kasus masing-masing, {not_applicable} tidak berlaku.",
                    ctx.cases
                ),
                Lang::En => format!(
                    "All laws hold: {checked} checked with {} cases each, {not_applicable} not applicable.",
                    ctx.cases
                ),
            }
        )?;
        if r.strict && !r.findings.is_empty() {
            writeln!(
                out,
                "{}: {replay}",
                lang.pick("ulangi dengan", "replay with")
            )?;
        }
    } else {
        let names: Vec<&str> = failed.iter().map(|o| o.law).collect();
        writeln!(
            out,
            "{}: {}",
            lang.pick("Hukum yang TIDAK berlaku", "Laws that do NOT hold"),
            names.join(", ")
        )?;
        writeln!(
            out,
            "{}: {replay}",
            lang.pick("ulangi dengan", "replay with")
        )?;
    }
    Ok(())
}

/// A counterexample in the text report.
fn print_case(lang: Lang, c: &Counterexample, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(
        out,
        "{} {} ({})",
        lang.pick("CONTOH PENYANGKAL:", "COUNTEREXAMPLE:"),
        c.law,
        lang.pick("diperkecil oleh proptest", "shrunk by proptest")
    )?;
    out.write_all(c.text.as_bytes())?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "Kalender pada tanggal yang terlibat:",
            "The calendar on the dates involved:"
        )
    )?;
    for d in &c.days {
        writeln!(out, "  {d}")?;
    }
    for s in &c.sides {
        writeln!(out)?;
        writeln!(out, "{}:", s.formula)?;
        writeln!(out, "  $ {}", s.command)?;
        match &s.result {
            Ok(text) => {
                for line in text.lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            Err(e) => writeln!(out, "  {}: {e}", lang.pick("galat", "error"))?,
        }
    }
    if !c.notes.is_empty() {
        writeln!(out)?;
        for n in &c.notes {
            writeln!(out, "{n}")?;
        }
    }
    Ok(())
}

// ---- JSON ----

/// The report as one JSON object.
pub(super) fn print_json(
    ctx: &Ctx<'_>,
    h: &Header,
    r: &Results<'_>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use serde_json::json;
    let cal = ctx.cal();
    let laws: Vec<serde_json::Value> = r.outcomes
        .iter()
        .map(|o| match &o.verdict {
            Verdict::Passed { held, na, na_reason } => json!({
                "law": o.law, "result": "held", "held": held, "not_applicable": na,
                "reason": na_reason,
            }),
            Verdict::NotApplicable(why) => json!({
                "law": o.law, "result": "not_applicable", "reason": why,
            }),
            Verdict::Failed { held, na, case } => json!({
                "law": o.law, "result": "failed", "held": held, "not_applicable": na,
                "counterexample": {
                    "statement": case.statement,
                    "facts": case.facts.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    "dates": case.days,
                    "computations": case.sides.iter().map(|s| match &s.result {
                        Ok(e) => json!({"formula": s.formula, "command": s.command, "explanation": e}),
                        Err(e) => json!({"formula": s.formula, "command": s.command, "error": e}),
                    }).collect::<Vec<_>>(),
                    "notes": case.notes,
                },
            }),
            Verdict::Aborted(why) => json!({"law": o.law, "result": "aborted", "reason": why}),
        })
        .collect();
    let failed = r.outcomes.iter().any(|o| o.verdict.fails());
    let v = json!({
        "calendar": cal.spec().name,
        "timezone": cal.timezone().to_string(),
        "from": h.from.to_string(),
        "to": h.to.to_string(),
        "cases": ctx.cases,
        "seed": ctx.seed,
        "laws": laws,
        "findings": r.findings,
        "ok": !failed && (!r.strict || r.findings.is_empty()),
        "replay": r.replay,
    });
    write_pretty_json(out, &v)
}
