//! The outbox's notifications: what a change of a ticket tells whom, and by which
//! channel (including WhatsApp's 24-hour rule), and the senders that deliver them.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

use loket_core::ticket::{
    mask_personal_numbers, Actor, Channel, ClockKind, EventKind, Reporter, Ticket,
};
use loket_core::{Lang, Profile, Timestamp};

use loket_store::{Notification, Recipient};

/// WhatsApp allows free-form messages only within 24 hours of the reporter's last
/// message; after that only a pre-approved template.
pub const WHATSAPP_WINDOW_SECS: i64 = 24 * 3600;

/// The pre-approved template used outside the window: `{{1}}` ticket number,
/// `{{2}}` the update.
pub const WHATSAPP_TEMPLATE: &str = "loket_pembaruan_tiket";

/// A pending notification of `kind` to `to`.
pub(crate) fn note(
    ticket: Option<&str>,
    kind: &str,
    to: Recipient,
    text: String,
    now: Timestamp,
) -> Notification {
    Notification {
        id: 0,
        created_at: now,
        ticket: ticket.map(str::to_string),
        kind: kind.into(),
        to,
        text,
        template: None,
        status: "pending".into(),
        attempts: 0,
        sent_at: None,
        error: None,
        external_id: None,
    }
}

/// A message to a reporter by the channel they wrote from. On WhatsApp past the
/// 24-hour window since `last_heard`, it falls back to email when the reporter gave
/// one, else to the pre-approved template. Nothing when there is no contact.
pub fn to_reporter(
    reporter: &Reporter,
    channel: Channel,
    ticket: Option<&str>,
    kind: &str,
    text: String,
    now: Timestamp,
    last_heard: Option<Timestamp>,
) -> Vec<Notification> {
    let whatsapp = |template: bool| {
        let mut n = note(
            ticket,
            kind,
            Recipient {
                role: "reporter".into(),
                name: None,
                channel: "whatsapp".into(),
                address: reporter.phone.clone(),
            },
            text.clone(),
            now,
        );
        n.template = template.then(|| WHATSAPP_TEMPLATE.to_string());
        n
    };
    let email = || {
        note(
            ticket,
            kind,
            Recipient {
                role: "reporter".into(),
                name: None,
                channel: "email".into(),
                address: reporter.email.clone(),
            },
            text.clone(),
            now,
        )
    };
    let outside_window = last_heard.is_some_and(|t| now.unix() - t.unix() > WHATSAPP_WINDOW_SECS);
    let by_whatsapp =
        matches!(channel, Channel::Whatsapp | Channel::VoiceMessage) || reporter.email.is_none();
    match (reporter.phone.is_some(), reporter.email.is_some()) {
        (true, _) if by_whatsapp && !outside_window => vec![whatsapp(false)],
        (true, true) if by_whatsapp => vec![email()],
        (true, false) => vec![whatsapp(true)],
        (_, true) => vec![email()],
        (false, false) => Vec::new(),
    }
}

fn staff(name: &str, role: &str) -> Recipient {
    Recipient {
        role: role.into(),
        name: Some(name.to_string()),
        channel: "log".into(),
        address: None,
    }
}

/// The answer to a message that joined an open ticket.
pub fn threaded_answer(t: &Ticket, lang: Lang) -> String {
    match lang {
        Lang::Id => format!(
            "Terima kasih. Pesan Anda telah kami tambahkan ke tiket {} (status: {}).",
            t.number(),
            t.state().label(lang)
        ),
        Lang::En => format!(
            "Thank you. Your message was added to ticket {} (status: {}).",
            t.number(),
            t.state().label(lang)
        ),
    }
}

/// Where a stored notification's text takes the ticket's access key: the key is
/// never stored, it is put in by [`render`] when the message is sent.
pub const ACCESS_KEY_SLOT: &str = "{kode-akses}";

/// The acknowledgement with (the slot of) the access key for the status page.
pub fn with_access_key(answer: &str, number: &str) -> String {
    format!("{answer} Untuk melihat status tiket {number}, gunakan kode akses {ACCESS_KEY_SLOT}.")
}

/// The text to deliver: the stored text with the ticket's access key (from
/// `access_key`) in its slot.
pub fn render(n: &Notification, access_key: impl Fn(&str) -> String) -> String {
    match &n.ticket {
        Some(t) if n.text.contains(ACCESS_KEY_SLOT) => {
            n.text.replace(ACCESS_KEY_SLOT, &access_key(t))
        }
        _ => n.text.clone(),
    }
}

/// The notifications a change of a ticket from `before` (none: new) to `after` makes:
/// assignments to staff, solutions, questions and answers to the reporter, warnings
/// and breaches to the supervisor (and the tier above, as the breach names).
pub fn for_change(
    before: Option<&Ticket>,
    after: &Ticket,
    profile: &Profile,
    now: Timestamp,
) -> Vec<Notification> {
    let from = before.map_or(0, |b| b.history().len());
    let number = Some(after.number());
    let cal = &profile.calendar;
    // A clock's deadline in force: the one at receipt, moved by the time spent paused.
    let due = |kind: ClockKind| {
        after
            .clock(kind, cal, now)
            .map_or(after.sla().due, |c| c.due)
    };
    let last_heard = after
        .history()
        .iter()
        .rev()
        .find(|e| e.by == Actor::Reporter)
        .map(|e| e.at);
    let reporter = |kind: &str, text: String| {
        to_reporter(
            after.reporter(),
            after.channel(),
            number,
            kind,
            text,
            now,
            last_heard,
        )
    };
    let app = after
        .application()
        .and_then(|a| profile.desk.product_by_id(a))
        .map_or("-", |p| p.name.as_str());
    let mut out = Vec::new();
    for e in after.history().iter().skip(from) {
        match &e.what {
            EventKind::Assign { to } => out.push(note(
                number,
                "assignment",
                staff(to, "staff"),
                format!(
                    "Tiket {} ({app}, {}) ditugaskan kepada Anda: \"{}\". Tenggat: {}.",
                    after.number(),
                    after.kind().label(Lang::Id),
                    mask_personal_numbers(after.subject()),
                    cal.when(due(ClockKind::Resolution), Lang::Id)
                ),
                now,
            )),
            EventKind::DeliverSolution { solution } => out.extend(reporter(
                "answer",
                format!(
                    "Solusi untuk tiket {}: {solution} Jika masalah belum selesai, balas pesan ini untuk membuka kembali tiket.",
                    after.number()
                ),
            )),
            EventKind::WaitForReporter { question } => out.extend(reporter(
                "answer",
                format!(
                    "Untuk melanjutkan tiket {}, mohon informasi berikut: {question}",
                    after.number()
                ),
            )),
            EventKind::Respond { text } => {
                out.extend(reporter("answer", format!("Tiket {}: {text}", after.number())))
            }
            EventKind::ReporterReplied { .. } if e.by == Actor::Reporter && before.is_some() => {
                out.extend(reporter("acknowledgement", threaded_answer(after, Lang::Id)))
            }
            // The closing message invites the reporter to the SKM survey (B8), with
            // (the slot of) the access key that opens it.
            EventKind::Close => out.extend(reporter(
                "answer",
                format!(
                    "Tiket {n} telah ditutup. Terima kasih. Mohon nilai layanan kami: survei kepuasan (9 pertanyaan, tanpa data pribadi) di halaman Survei Service Desk (/survei/) dengan nomor {n} dan kode akses {ACCESS_KEY_SLOT}.",
                    n = after.number()
                ),
            )),
            EventKind::SlaWarning { clock } => {
                let text = format!(
                    "Peringatan SLA: tiket {} ({app}) telah melewati {}% waktu {} dan jatuh tempo {}.",
                    after.number(),
                    (after.sla().warning_ratio * 100.0).round(),
                    clock.label(Lang::Id),
                    cal.when(due(*clock), Lang::Id)
                );
                if let Some(a) = after.assignee() {
                    out.push(note(number, "sla_warning", staff(a, "staff"), text.clone(), now));
                }
                out.push(note(
                    number,
                    "sla_warning",
                    staff(&profile.desk.supervisor, "supervisor"),
                    text,
                    now,
                ));
            }
            EventKind::SlaBreached { clock, notify } => {
                let text = format!(
                    "Pelanggaran SLA: tiket {} ({app}, {}) melewati tenggat {} ({}). Sedang di: {}; petugas: {}.",
                    after.number(),
                    after.kind().label(Lang::Id),
                    clock.label(Lang::Id),
                    cal.when(due(*clock), Lang::Id),
                    after.tier().label(Lang::Id),
                    after.assignee().unwrap_or("-")
                );
                for who in notify.split("; ").filter(|w| !w.is_empty()) {
                    let role = if who == profile.desk.supervisor { "supervisor" } else { "tier" };
                    out.push(note(number, "sla_breach", staff(who, role), text.clone(), now));
                }
            }
            _ => {}
        }
    }
    out
}

/// Delivers notifications. A real deployment plugs in a WhatsApp Business / SMTP
/// gateway; the default writes them to a log the administrator can read.
pub trait Sender: Send + Sync + std::fmt::Debug {
    /// Sends `n` with the text `text` (its stored text with the access key put in,
    /// see [`render`]); `Ok` with the channel's id of the sent message, if any.
    ///
    /// # Errors
    /// Why it could not be sent (it stays in the outbox as failed).
    fn send(&self, n: &Notification, text: &str) -> Result<Option<String>, String>;
}

/// The default sender: appends each notification as one JSON line to a file
/// (owner-only, 0600). It records the notification as stored — the access key left
/// as its slot — since a log file is a store, not a delivery.
#[derive(Debug)]
pub struct LogSender {
    path: PathBuf,
    lock: Mutex<()>,
}

impl LogSender {
    /// Writes to `path` (created if missing).
    pub fn new(path: PathBuf) -> Self {
        LogSender {
            path,
            lock: Mutex::new(()),
        }
    }
}

impl Sender for LogSender {
    fn send(&self, n: &Notification, _text: &str) -> Result<Option<String>, String> {
        let _guard = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loket_store::private_file(&self.path).map_err(|e| e.to_string())?;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(|e| format!("cannot open {}: {e}", self.path.display()))?;
        // The ids a gateway would return: replies quoting them thread into the ticket.
        let id = match n.to.channel.as_str() {
            "whatsapp" => Some(format!("wa:wamid.loket-{}", n.id)),
            "email" => Some(format!("email:loket-{}@loket.invalid", n.id)),
            _ => None,
        };
        // One write per line: `writeln!(f, "{value}")` on an unbuffered file makes a
        // write syscall per JSON token.
        let mut line = serde_json::json!({"notification": n, "externalId": id}).to_string();
        line.push('\n');
        f.write_all(line.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        Ok(id)
    }
}
