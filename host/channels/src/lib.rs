//! The two written channels of the standard, as their services deliver them
//! (WhatsApp Business Cloud API webhooks, raw RFC 5322 email), turned into
//! [`Inbound`] messages the desk takes in. Parsing only: no IO, no store.

use loket_core::ticket::{Channel, Reporter};
use loket_core::Timestamp;
use serde::Serialize;

pub mod email;
pub mod whatsapp;

/// The prefix of the desk's ticket numbers (`JTG-2026-000123`).
pub const NUMBER_PREFIX: &str = "JTG";

/// The first ticket number named in `text`, in its canonical form
/// (`JTG-<4 digits>-<6 digits>`, prefix [`NUMBER_PREFIX`]).
///
/// The prefix is matched without regard to case (`jtg-2026-000123` is found too); the
/// number must stand on its own: no letter or digit right before it, no digit right
/// after (`[JTG-2026-000123]`, `JTG-2026-000123.` and `#JTG-2026-000123` are found,
/// `XJTG-2026-000123` and `JTG-2026-0001234` are not).
pub fn find_ticket_number(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let p = NUMBER_PREFIX.len();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    (0..b.len()).find_map(|i| {
        let c = b.get(i..i + p + 12)?;
        let fits = c[..p].eq_ignore_ascii_case(NUMBER_PREFIX.as_bytes())
            && c[p] == b'-'
            && digits(&c[p + 1..p + 5])
            && c[p + 5] == b'-'
            && digits(&c[p + 6..])
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && !b.get(i + p + 12).is_some_and(u8::is_ascii_digit);
        if !fits {
            return None;
        }
        let number = std::str::from_utf8(&c[p..]).ok()?;
        Some(format!("{NUMBER_PREFIX}{number}"))
    })
}

/// A message as a channel delivered it, before intake.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inbound {
    /// `Whatsapp` or `Email` for written messages; `VoiceMessage` for a WhatsApp
    /// audio/voice note (refused by intake with the written channels named).
    pub channel: Channel,
    /// The channel's message id, namespaced: `wa:wamid.…` or `email:<message-id>`.
    /// The idempotency key: a retried delivery never makes a second ticket.
    pub key: String,
    /// When the desk received it (WhatsApp `timestamp`; email `Received` trace).
    pub received_at: Timestamp,
    /// Personal data of the sender (name, phone / email).
    pub reporter: Reporter,
    /// The sender's stable id on the channel when it is not in `reporter`: the
    /// WhatsApp business-scoped user id (`from_user_id`, e.g. `ID.1502576394655843`),
    /// which Meta sends from 2026 on and which is the only address of a user who
    /// adopted a username and withholds the phone number. `None` for email.
    pub sender_id: Option<String>,
    /// A reaction or a quick-reply button: it means something only on the message it
    /// answers, so when it joins no open ticket it is recorded and not answered.
    pub reply_only: bool,
    /// Email subject (none for WhatsApp).
    pub subject: Option<String>,
    /// The written text (caption for media; quoted replies stripped).
    pub body: String,
    /// Attachments (metadata only).
    pub attachments: Vec<Attachment>,
    /// Namespaced keys of earlier messages this one replies to (WhatsApp
    /// `context.id`; email `In-Reply-To` and `References`), nearest first.
    pub reply_to: Vec<String>,
    /// A ticket number named in the subject or body (e.g. `[JTG-2026-000123]`).
    pub ticket_hint: Option<String>,
    /// Why this is an automatic message (auto-reply, out-of-office, bounce): it opens
    /// no ticket and gets no answer.
    pub automatic: Option<String>,
}

/// An attachment's metadata (the content stays with the channel).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// File name, if given.
    pub filename: Option<String>,
    /// MIME type, e.g. `application/pdf`.
    pub content_type: String,
    /// Size in bytes when known.
    pub size: Option<u64>,
    /// The channel's id for it (WhatsApp media id), if any.
    pub id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::find_ticket_number;

    #[test]
    fn ticket_numbers_are_found_on_their_own_only() {
        let found = |t: &str| find_ticket_number(t);
        assert_eq!(
            found("Re: [JTG-2026-000123] SP2D").as_deref(),
            Some("JTG-2026-000123")
        );
        assert_eq!(
            found("tiket jtg-2026-000045.").as_deref(),
            Some("JTG-2026-000045")
        );
        assert_eq!(
            found("JTG-2026-00012 lalu JTG-2025-999999").as_deref(),
            Some("JTG-2025-999999")
        );
        assert_eq!(found("XJTG-2026-000123"), None);
        assert_eq!(found("JTG-2026-0001234"), None);
        assert_eq!(found("JTG-26-000123"), None);
        assert_eq!(found("JTG-2026-00012"), None);
        assert_eq!(
            found("é JTG-2026-000001é").as_deref(),
            Some("JTG-2026-000001")
        );
        assert_eq!(found(""), None);
    }
}
