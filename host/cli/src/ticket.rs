//! `loket ticket …`: tickets from event files, for testers.

use std::io::Write;

use clap::Subcommand;
use loket_core::ticket::{intake, Event, Message, Ticket};
use loket_core::{Lang, Profile, Timestamp};
use serde::Deserialize;

use super::{load_profile, CliError};

#[derive(Debug, Subcommand)]
pub(super) enum TicketCommand {
    /// Print a ticket's timeline and SLA clocks from an event file (JSON lines).
    ///
    /// Each line is an event (`{"at": "...", "by": {"type": "staff", "name": "Budi"},
    /// "event": "create_ticket"}`); the first line may instead be an intake line
    /// `{"number": "JTG-2026-000001", "intake": {message}}`, which runs intake on the
    /// message to make the `received` event. Every event is checked against the flow.
    Replay {
        /// The event file (JSON lines), `-` for stdin.
        file: String,
        /// Calendar file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        calendar: String,
        /// Policy file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        policy: String,
        /// Evaluate the SLA clocks at this instant (default: the last event's time).
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
        /// Print JSON (the ticket without personal data, and its clocks).
        #[arg(long)]
        json: bool,
    },
    /// Run intake on a message (JSON) and print the answer the reporter gets.
    Intake {
        /// The message file (JSON), `-` for stdin.
        file: String,
        /// Calendar file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        calendar: String,
        /// Policy file (TOML or JSON), or `default`.
        #[arg(long, default_value = "default")]
        policy: String,
        /// Print the whole outcome as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntakeLine {
    number: String,
    intake: Message,
}

pub(super) fn read(file: &str, stdin: &mut dyn std::io::BufRead) -> Result<String, CliError> {
    if file == "-" {
        let mut s = String::new();
        stdin.read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(file).map_err(|e| CliError::Io(format!("cannot read {file}: {e}")))
}

pub(super) fn run(
    cmd: TicketCommand,
    lang: Lang,
    stdin: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match cmd {
        TicketCommand::Replay {
            file,
            calendar,
            policy,
            at,
            json,
        } => {
            let profile = load_profile(&calendar, Some(&policy))?;
            let text = read(&file, stdin)?;
            let ticket = replay(&profile, &text, lang)?;
            let now = match at {
                Some(t) => Timestamp::parse(&t)?,
                None => ticket
                    .history()
                    .last()
                    .map_or(ticket.received_at(), |e| e.at),
            };
            if json {
                // The API's ticket object (`GET /api/v1/tickets/{number}`), without
                // the reporter's personal data.
                let v = loket_core::view::TicketDetail::of(
                    &ticket.without_personal_data(),
                    &profile,
                    now,
                    lang,
                );
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&v).unwrap_or_default()
                )?;
            } else {
                out.write_all(
                    ticket
                        .render_timeline(&profile.calendar, now, lang)?
                        .as_bytes(),
                )?;
            }
            Ok(())
        }
        TicketCommand::Intake {
            file,
            calendar,
            policy,
            json,
        } => {
            let profile = load_profile(&calendar, Some(&policy))?;
            let text = read(&file, stdin)?;
            let msg: Message = serde_json::from_str(&text)
                .map_err(|e| CliError::Io(format!("{file}: not a message: {e}")))?;
            let outcome = intake(&msg, &profile, msg.received_at)?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&outcome).unwrap_or_default()
                )?;
            } else {
                writeln!(out, "{}", outcome.answer(&profile, None, lang))?;
            }
            Ok(())
        }
    }
}

/// Builds a ticket from JSON lines, applying every event with the profile's checks.
pub(super) fn replay(profile: &Profile, text: &str, lang: Lang) -> Result<Ticket, CliError> {
    let mut ticket: Option<Ticket> = None;
    let ctx = profile.context();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: String| CliError::Io(format!("{} {n}: {m}", lang.pick("baris", "line")));
        match ticket.as_mut() {
            None => {
                let t = if let Ok(il) = serde_json::from_str::<IntakeLine>(line) {
                    let outcome = intake(&il.intake, profile, il.intake.received_at)?;
                    match outcome.open(&il.number) {
                        Some(t) => t,
                        None => {
                            return Err(bad(format!(
                                "{}: {}",
                                lang.pick("intake menolak pesan", "intake refused the message"),
                                outcome.answer(profile, None, lang)
                            )))
                        }
                    }
                } else {
                    let e: Event = serde_json::from_str(line).map_err(|e| {
                        bad(format!(
                            "{}: {e}",
                            lang.pick(
                                "bukan baris peristiwa atau intake",
                                "not an event or intake line"
                            )
                        ))
                    })?;
                    Ticket::replay(&[e]).map_err(|e| bad(e.to_string()))?
                };
                ticket = Some(t);
            }
            Some(t) => {
                let e: Event = serde_json::from_str(line).map_err(|e| {
                    bad(format!(
                        "{}: {e}",
                        lang.pick("bukan peristiwa", "not an event")
                    ))
                })?;
                t.apply(e, &ctx)
                    .map_err(|e| bad(format!("{} [{}]", e.message(lang), e.code())))?;
            }
        }
    }
    ticket.ok_or_else(|| {
        CliError::Io(
            lang.pick("berkas peristiwa kosong", "the event file is empty")
                .into(),
        )
    })
}
