//! Email: a raw RFC 5322 message (as a mail server pipes it, or as fetched from the
//! mailbox) read with `mail-parser`, which decodes encoded words and any charset.
//!
//! - `key`: `email:<Message-ID without angle brackets>`; a message without one gets
//!   `email:sha256:<hex of the raw bytes>`, so a redelivery of the same bytes is still
//!   recognised.
//! - `received_at`: the date of the top-most `Received:` trace field (added by the
//!   desk's own mail server last), else the caller's `fallback_received` (when the
//!   desk took the message in). Never the sender's `Date:`.
//! - `reply_to`: `In-Reply-To`, then `References` from the newest back, as
//!   `email:<id>`.
//! - `body`: the first text/plain body, else the HTML body as text; quoted lines
//!   (`>`), everything from a reply header (`On … wrote:`, `Pada … menulis:`,
//!   `-----Original Message-----`, `-----Pesan Asli-----`, an Outlook `From:`/`Sent:`
//!   block) and a signature after `-- ` are removed.
//! - `ticket_hint`: a ticket number in the subject, else in the (stripped) body.
//! - `automatic`: why the message is machine-sent (delivery report, mailer daemon,
//!   empty `Return-Path`, `Auto-Submitted`, `X-Autoreply`/`X-Autorespond`,
//!   `Precedence`, an auto-reply subject): it opens no ticket and gets no answer.

use chrono::DateTime;
use loket_core::ticket::{Channel, Reporter};
use loket_core::Timestamp;
use mail_parser::{HeaderName, HeaderValue, Message, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

use super::{find_ticket_number, Attachment, Inbound};

/// Why a raw message cannot be taken in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// No RFC 5322 header could be read.
    #[error("not an email message: no RFC 5322 header fields could be read")]
    NotAMessage,
    /// There is no `From` address to answer.
    #[error("the message has no From address")]
    NoFrom,
}

/// Reads a raw message (see the module documentation for each field).
///
/// # Errors
/// [`EmailError::NotAMessage`] for bytes without headers, [`EmailError::NoFrom`] when
/// no sender address can be read.
pub fn parse(raw: &[u8], fallback_received: Timestamp) -> Result<Inbound, EmailError> {
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(EmailError::NotAMessage)?;
    let from = msg
        .from()
        .and_then(|a| a.iter().find(|a| a.address().is_some()))
        .ok_or(EmailError::NoFrom)?;
    let reporter = Reporter {
        name: from
            .name()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        email: from.address().map(str::to_string),
        ..Reporter::default()
    };
    let subject = msg
        .subject()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let key = match msg.message_id().filter(|id| !id.trim().is_empty()) {
        Some(id) => format!("email:{}", id.trim()),
        None => format!("email:sha256:{}", hex::encode(Sha256::digest(raw))),
    };
    let mut reply_to: Vec<String> = Vec::new();
    let references = ids(msg.references());
    for id in ids(msg.in_reply_to())
        .into_iter()
        .chain(references.into_iter().rev())
    {
        let k = format!("email:{id}");
        if !reply_to.contains(&k) {
            reply_to.push(k);
        }
    }
    let body = strip_quoted(&msg.body_text(0).unwrap_or_default());
    let attachments = msg
        .attachments()
        .map(|part| Attachment {
            filename: part.attachment_name().map(str::to_string),
            content_type: part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(sub) => format!("{}/{sub}", c.ctype()),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase(),
            size: u64::try_from(part.len()).ok(),
            id: None,
        })
        .collect();
    Ok(Inbound {
        channel: Channel::Email,
        key,
        received_at: top_received(&msg).unwrap_or(fallback_received),
        automatic: automatic(&msg, reporter.email.as_deref(), subject.as_deref()),
        reporter,
        ticket_hint: subject
            .as_deref()
            .and_then(find_ticket_number)
            .or_else(|| find_ticket_number(&body)),
        subject,
        body,
        attachments,
        reply_to,
    })
}

/// The message ids of an `In-Reply-To` / `References` field.
fn ids<'a>(v: &'a HeaderValue<'_>) -> Vec<&'a str> {
    match v {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.as_ref()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(str::trim)
    .filter(|id| !id.is_empty())
    .collect()
}

/// The date of the top-most `Received:` field: as `mail-parser` read it, else the text
/// after its last `;` read as an RFC 2822 date.
fn top_received(msg: &Message<'_>) -> Option<Timestamp> {
    let parsed = msg
        .header_values(HeaderName::Received)
        .next()?
        .as_received()
        .and_then(|r| r.date())
        .filter(|d| d.is_valid())
        .map(|d| Timestamp::from_unix(d.to_timestamp()));
    parsed.or_else(|| {
        let (_, raw) = msg
            .headers_raw()
            .find(|(name, _)| name.eq_ignore_ascii_case("Received"))?;
        rfc2822_date(raw.rsplit_once(';')?.1)
    })
}

/// An RFC 2822 date such as `Mon,  2 Mar 2026 09:14:27 +0700 (WIB)`: folding and
/// repeated spaces collapsed, a trailing comment ignored.
fn rfc2822_date(text: &str) -> Option<Timestamp> {
    let text = text.split('(').next()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    DateTime::parse_from_rfc2822(&text)
        .ok()
        .map(Timestamp::from)
}

/// Why the message is machine-sent, if it is.
fn automatic(msg: &Message<'_>, from: Option<&str>, subject: Option<&str>) -> Option<String> {
    let raw = |name: &str| {
        msg.header_raw(name)
            .map(str::trim)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let root_type = msg.root_part().content_type();
    if root_type.is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    }) {
        return Some("delivery report (Content-Type: multipart/report)".into());
    }
    if let Some(addr) = from {
        let local = addr
            .split('@')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if local == "mailer-daemon" || local == "postmaster" {
            return Some(format!("sent by the mail system ({addr})"));
        }
    }
    if raw("Return-Path").is_some_and(|r| r == "<>") {
        return Some("empty Return-Path <> (a bounce)".into());
    }
    if let Some(v) = raw("Auto-Submitted").filter(|v| !v.eq_ignore_ascii_case("no")) {
        return Some(format!("Auto-Submitted: {v}"));
    }
    for name in ["X-Autoreply", "X-Autorespond"] {
        if let Some(v) = raw(name) {
            return Some(format!("{name}: {v}"));
        }
    }
    if let Some(v) = raw("Precedence").filter(|v| {
        ["bulk", "junk", "auto_reply", "list"].contains(&v.to_ascii_lowercase().as_str())
    }) {
        return Some(format!("Precedence: {v}"));
    }
    const AUTO_SUBJECTS: [&str; 12] = [
        "automatic reply:",
        "auto:",
        "autoreply:",
        "auto-reply:",
        "out of office",
        "balasan otomatis",
        "undeliverable:",
        "undelivered mail",
        "tidak terkirim:",
        "delivery status notification",
        "mail delivery failed",
        "returned mail:",
    ];
    let s = subject?.to_lowercase();
    AUTO_SUBJECTS
        .iter()
        .any(|p| s.starts_with(p))
        .then(|| format!("auto-reply subject: {}", subject.unwrap_or_default()))
}

/// Lines that start a quoted earlier message (lowercase, trimmed); the quote runs to
/// the end.
const REPLY_SEPARATORS: [&str; 4] = [
    "-----original message-----",
    "----- original message -----",
    "-----pesan asli-----",
    "----- pesan asli -----",
];

/// The reporter's own text: quoted lines, the quoted earlier message and the
/// signature removed, trimmed.
fn strip_quoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let low: Vec<String> = lines.iter().map(|l| l.trim().to_lowercase()).collect();
    let at = |i: usize| low.get(i).map_or("", String::as_str);
    let intro = |l: &str| l.starts_with("on ") || l.starts_with("pada ");
    let header_block = |i: usize| {
        (at(i).starts_with("from:") || at(i).starts_with("dari:"))
            && ["sent:", "date:", "dikirim:", "terkirim:", "tanggal:"]
                .iter()
                .any(|p| at(i + 1).starts_with(p))
    };
    let cut = (0..lines.len())
        .find_map(|i| {
            let l = at(i);
            if l == "--" || REPLY_SEPARATORS.contains(&l) || header_block(i) {
                Some(i)
            } else if l.ends_with("wrote:") || l.ends_with("menulis:") {
                // Gmail wraps a long "On …, <name> <\naddress> wrote:" over two lines.
                (intro(l).then_some(i)).or((i > 0 && intro(at(i - 1))).then(|| i - 1))
            } else {
                None
            }
        })
        .unwrap_or(lines.len());
    let kept: Vec<&str> = lines[..cut]
        .iter()
        .copied()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    // An Outlook rule (`____`) left above a cut block is not the reporter's text.
    let end = kept
        .iter()
        .rposition(|l| !l.trim().is_empty() && !l.trim().chars().all(|c| c == '_'))
        .map_or(0, |p| p + 1);
    kept[..end].join("\n").trim().to_string()
}

#[cfg(test)]
mod scratch {
    #[test]
    fn dump() {
        for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/email")).unwrap() {
            let p = f.unwrap().path();
            let raw = std::fs::read(&p).unwrap();
            println!("== {p:?}\n{:#?}", super::parse(&raw, loket_core::Timestamp::from_unix(0)));
        }
        for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/whatsapp")).unwrap() {
            let p = f.unwrap().path();
            let raw = std::fs::read(&p).unwrap();
            println!("== {p:?}\n{:#?}", super::super::whatsapp::parse(&raw));
        }
    }
}
