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
use loket_core::{Lang, Timestamp};
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
    /// More messages inside messages than a desk's mail ever has.
    #[error("the message encloses more than {MAX_ENCLOSED} messages (message/rfc822 parts)")]
    TooDeep,
}

impl EmailError {
    /// The message in `lang` (the `Display` text is the English one).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            EmailError::NotAMessage => {
                "bukan pesan email: tidak ada kolom header RFC 5322 yang dapat dibaca".into()
            }
            EmailError::NoFrom => "pesan tidak memiliki alamat From".into(),
            EmailError::TooDeep => format!(
                "pesan memuat lebih dari {MAX_ENCLOSED} pesan terlampir (bagian message/rfc822)"
            ),
        }
    }
}

/// The most enclosed messages (`message/rfc822`, `message/global` parts, however
/// nested) a message may carry. `mail-parser` reads and drops nested messages
/// recursively: thousands nested overflow the stack and abort the process.
pub const MAX_ENCLOSED: usize = 16;

/// How many enclosed-message parts `raw` declares (case-insensitive, wherever
/// they are): a bound on the nesting, counted without parsing.
fn enclosed_messages(raw: &[u8]) -> usize {
    const NEEDLES: [&[u8]; 2] = [b"message/rfc822", b"message/global"];
    raw.windows(14)
        .filter(|w| NEEDLES.iter().any(|n| w.eq_ignore_ascii_case(n)))
        .count()
}

/// Reads a raw message (see the module documentation for each field).
///
/// # Errors
/// [`EmailError::NotAMessage`] for bytes without headers, [`EmailError::NoFrom`] when
/// no sender address can be read, [`EmailError::TooDeep`] for more than
/// [`MAX_ENCLOSED`] enclosed messages.
pub fn parse(raw: &[u8], fallback_received: Timestamp) -> Result<Inbound, EmailError> {
    if enclosed_messages(raw) > MAX_ENCLOSED {
        return Err(EmailError::TooDeep);
    }
    // mail-parser checks its own state with debug assertions that malformed input can
    // reach (0.11.9: "Invalid part ID, could not find multipart." for an enclosed
    // message whose boundaries are broken; found by the email fuzz target). A release
    // build compiles them out and reads on; a parser panic in any build is a message
    // that cannot be read, never a failed request.
    let msg = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        MessageParser::default().parse(raw)
    }))
    .ok()
    .flatten()
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
    // Nearest first, each once, at most MAX_REPLY_TO: linear in the header's size
    // (a References field of 60,000 ids must not cost seconds), and a thread is
    // found by its nearest messages anyway.
    let mut reply_to: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let references = ids(msg.references());
    for id in ids(msg.in_reply_to())
        .into_iter()
        .chain(references.into_iter().rev())
    {
        if reply_to.len() == MAX_REPLY_TO {
            break;
        }
        if seen.insert(id) {
            reply_to.push(format!("email:{id}"));
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
        received_at: top_received(&msg, raw).unwrap_or(fallback_received),
        automatic: automatic(&msg, reporter.email.as_deref(), subject.as_deref()),
        reporter,
        sender_id: None,
        reply_only: false,
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

/// The most earlier messages an email's `In-Reply-To` and `References` may name
/// for threading (the nearest ones).
pub const MAX_REPLY_TO: usize = 64;

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

/// The date of the top-most `Received:` field: the text after its last `;` read as an
/// RFC 2822 date (obsolete forms included: two-digit years, `UT`/`GMT`/US zone
/// names), else as `mail-parser` reads it (lenient, but it takes `26` for 1926).
fn top_received(msg: &Message<'_>, raw: &[u8]) -> Option<Timestamp> {
    let header = msg
        .headers()
        .iter()
        .find(|h| h.name == HeaderName::Received)?;
    let text = raw
        .get(header.offset_start() as usize..header.offset_end() as usize)
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let lenient = || {
        header
            .value()
            .as_received()?
            .date()
            .filter(|d| d.is_valid() && d.year >= 1970)
            .map(|d| Timestamp::from_unix(d.to_timestamp()))
    };
    text.rsplit_once(';')
        .and_then(|(_, date)| rfc2822_date(date))
        .or_else(lenient)
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
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../serve/tests/fixtures/email/", $name)).as_slice()
        };
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid instant")
    }

    /// When the desk's pipe took the message in (used only without a `Received:`).
    fn taken_in() -> Timestamp {
        at("2026-03-09T08:00:00+07:00")
    }

    fn read(raw: &[u8]) -> Inbound {
        parse(raw, taken_in()).expect("a readable message")
    }

    fn reporter(name: &str, email: &str) -> Reporter {
        Reporter {
            name: Some(name.into()),
            email: Some(email.into()),
            ..Reporter::default()
        }
    }

    #[test]
    fn a_plain_complaint_is_received_when_the_desk_received_it() {
        let m = read(fixture!("plain_complaint.eml"));
        assert_eq!(
            m,
            Inbound {
                channel: Channel::Email,
                key: "email:6c1f2e8a-4b7d-4e2a-9f3b-1d2c3e4f5a6b@gmail.com".into(),
                // The top-most Received (the desk's LMTP delivery), not `Date: 08:55:03`.
                received_at: at("2026-03-02T09:14:29+07:00"),
                reporter: reporter("Sri Wahyuni", "sri.wahyuni.bpkad@gmail.com"),
                sender_id: None,
                reply_only: false,
                subject: Some("SP2D tidak bisa dicetak di e-Penatausahaan".into()),
                body: "Selamat pagi Bapak/Ibu Service Desk,\n\n\
                       Sejak pagi ini kami tidak bisa mencetak SP2D di aplikasi e-Penatausahaan.\n\
                       Setiap kali tombol \"Cetak SP2D\" ditekan muncul pesan \"Gagal membuat\n\
                       dokumen\" dan berkas PDF tidak terunduh. Sudah dicoba di Chrome dan\n\
                       Firefox, hasilnya sama. Ada 14 SP2D gaji yang harus terbit hari ini.\n\n\
                       Mohon bantuannya. Terima kasih."
                    .into(),
                attachments: vec![],
                reply_to: vec![],
                ticket_hint: None,
                automatic: None,
            }
        );
    }

    #[test]
    fn an_html_only_message_is_read_as_text() {
        let m = read(fixture!("html_only.eml"));
        assert_eq!(
            m.reporter,
            reporter("Humas Diskominfo Kendal", "humas@kendalkab.go.id")
        );
        assert_eq!(m.received_at, at("2026-03-03T13:40:12+07:00"));
        assert_eq!(
            m.body,
            "Yth. Service Desk Pemprov Jateng,\n\
             Sejak kemarin sore admin OPD kami tidak bisa membalas laporan warga di LaporanGub. \
             Tombol Kirim Tanggapan tidak merespons, dan laporan nomor 2026/03/1187 masih \
             berstatus \"Menunggu\".\n\
             Mohon dicek. Terima kasih."
        );
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn a_reply_threads_into_its_ticket_without_the_quote() {
        let m = read(fixture!("reply_quoted.eml"));
        assert_eq!(
            m.key,
            "email:CAK3rW9pXy7bqTz0Gm5h2VnRfJ4sD8eL1uA6oQ0cN3kH9tYxWmQ@mail.gmail.com"
        );
        assert_eq!(
            m.reply_to,
            vec![
                "email:JTG-2026-000123.1772420700.answer@servicedesk.jatengprov.go.id".to_string(),
                "email:6c1f2e8a-4b7d-4e2a-9f3b-1d2c3e4f5a6b@gmail.com".to_string(),
            ]
        );
        assert_eq!(m.ticket_hint.as_deref(), Some("JTG-2026-000123"));
        assert_eq!(
            m.subject.as_deref(),
            Some("Re: [JTG-2026-000123] SP2D tidak bisa dicetak di e-Penatausahaan")
        );
        assert_eq!(
            m.body,
            "Sudah bisa dicetak lagi sejak tadi pagi, ke-14 SP2D gaji sudah terbit.\n\
             Terima kasih banyak atas bantuannya."
        );
        assert_eq!(m.received_at, at("2026-03-04T07:52:08+07:00"));
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn encoded_words_and_latin1_are_decoded() {
        let m = read(fixture!("encoded_latin1.eml"));
        assert_eq!(
            m.subject.as_deref(),
            Some("Permohonan hak akses e-Budgeting \u{2013} Bappeda Provinsi Jawa Tengah")
        );
        assert_eq!(
            m.reporter,
            reporter("Andr\u{e9} Wijaya", "andre.wijaya@bappeda.jatengprov.go.id")
        );
        assert!(m
            .body
            .contains("1. Andr\u{e9} Wijaya, NIP 199103152019031004\n"));
        assert!(m.body.contains("3. Yohanes \u{c9}ko Prasetyo"));
        assert!(m.body.contains("diinput \u{b1} Rp 12,5 miliar"));
        assert!(m
            .body
            .ends_with("Hormat kami,\nAndr\u{e9} Wijaya\nBappeda Provinsi Jawa Tengah"));
        assert_eq!(m.received_at, at("2026-03-05T10:31:44+07:00"));
    }

    #[test]
    fn attachments_are_listed() {
        let m = read(fixture!("attachment_pdf.eml"));
        assert_eq!(
            m.attachments,
            vec![Attachment {
                filename: Some("Surat_Permohonan_Reset_Password_BPKAD.pdf".into()),
                content_type: "application/pdf".into(),
                size: Some(628),
                id: None,
            }]
        );
        assert_eq!(
            m.body,
            "Yth. Service Desk JatengProv,\n\n\
             Mohon reset password akun bendahara pengeluaran BPKAD pada\n\
             e-Penatausahaan (user: bp.bpkad.01). Surat permohonan yang ditandatangani\n\
             Kepala BPKAD kami lampirkan.\n\n\
             Terima kasih."
        );
        assert_eq!(
            m.reporter,
            reporter(
                "Bendahara Pengeluaran BPKAD",
                "bendahara.bpkad.jateng@gmail.com"
            )
        );
        assert_eq!(m.received_at, at("2026-03-03T13:03:15+07:00"));
    }

    #[test]
    fn an_out_of_office_reply_is_automatic() {
        let m = read(fixture!("auto_reply.eml"));
        assert_eq!(
            m.automatic.as_deref(),
            Some("Auto-Submitted: auto-replied (vacation)")
        );
        assert_eq!(
            m.reply_to,
            vec![
                "email:JTG-2026-000123.1772420700.answer@servicedesk.jatengprov.go.id".to_string()
            ]
        );
        assert_eq!(m.ticket_hint.as_deref(), Some("JTG-2026-000123"));
    }

    #[test]
    fn a_bounce_is_automatic() {
        let m = read(fixture!("dsn_bounce.eml"));
        assert_eq!(
            m.automatic.as_deref(),
            Some("delivery report (Content-Type: multipart/report)")
        );
        assert_eq!(
            m.reporter.email.as_deref(),
            Some("MAILER-DAEMON@mx1.jatengprov.go.id")
        );
        assert_eq!(m.received_at, at("2026-03-05T11:02:16+07:00"));
        assert_eq!(
            m.attachments
                .iter()
                .map(|a| a.content_type.as_str())
                .collect::<Vec<_>>(),
            vec!["message/delivery-status", "text/rfc822-headers"]
        );
    }

    /// A minimal message with `headers` and a one-line body.
    fn minimal(headers: &str) -> Vec<u8> {
        format!("{headers}\r\nContent-Type: text/plain\r\n\r\nSP2D belum bisa dicetak.\r\n")
            .into_bytes()
    }

    #[test]
    fn each_automatic_sign_is_recognised() {
        let from = "From: Sri <sri@example.go.id>";
        let reason = |extra: &str| read(&minimal(&format!("{from}\r\n{extra}"))).automatic;
        assert_eq!(reason("Subject: SP2D"), None);
        assert_eq!(reason("Auto-Submitted: no"), None);
        assert_eq!(reason("Precedence: first-class"), None);
        assert_eq!(
            reason("Auto-Submitted: auto-generated").as_deref(),
            Some("Auto-Submitted: auto-generated")
        );
        assert_eq!(
            reason("X-Autoreply: yes").as_deref(),
            Some("X-Autoreply: yes")
        );
        assert_eq!(
            reason("X-Autorespond: 1").as_deref(),
            Some("X-Autorespond: 1")
        );
        assert_eq!(
            reason("Precedence: Junk").as_deref(),
            Some("Precedence: Junk")
        );
        assert_eq!(
            reason("Precedence: list").as_deref(),
            Some("Precedence: list")
        );
        assert_eq!(
            reason("Return-Path: <>").as_deref(),
            Some("empty Return-Path <> (a bounce)")
        );
        for subject in [
            "Automatic reply: SP2D",
            "Balasan Otomatis: SP2D",
            "Undeliverable: [JTG-2026-000123] SP2D",
            "Delivery Status Notification (Failure)",
            "Out of Office - cuti",
        ] {
            assert_eq!(
                reason(&format!("Subject: {subject}")),
                Some(format!("auto-reply subject: {subject}")),
                "{subject}"
            );
        }
        let postmaster = read(&minimal("From: postmaster@kendalkab.go.id")).automatic;
        assert_eq!(
            postmaster.as_deref(),
            Some("sent by the mail system (postmaster@kendalkab.go.id)")
        );
    }

    #[test]
    fn without_a_message_id_the_key_is_the_hash_of_the_bytes() {
        let raw = minimal("From: Sri <sri@example.go.id>\r\nSubject: SP2D");
        let m = read(&raw);
        assert_eq!(
            m.key,
            format!("email:sha256:{}", hex::encode(Sha256::digest(&raw)))
        );
        assert_eq!(m.key.len(), "email:sha256:".len() + 64);
        // Nor a Received field: the instant the desk took it in.
        assert_eq!(m.received_at, taken_in());
        assert_eq!(m.body, "SP2D belum bisa dicetak.");
    }

    #[test]
    fn received_dates_are_read_in_their_obsolete_forms_too() {
        assert_eq!(
            rfc2822_date(" Mon,  2 Mar 2026 09:14:27 +0700 (WIB)"),
            Some(at("2026-03-02T09:14:27+07:00"))
        );
        assert_eq!(
            rfc2822_date("\r\n\tSun, 01 Mar 2026 18:14:25 -0800 (PST)\r\n"),
            Some(at("2026-03-02T09:14:25+07:00"))
        );
        assert_eq!(rfc2822_date(" yesterday"), None);
        let top = |received: &str| {
            let raw = minimal(&format!("Received: {received}\r\nFrom: a@b.go.id"));
            read(&raw).received_at
        };
        // A two-digit year is 2026 (RFC 5322 4.3), not 1926.
        assert_eq!(
            top("from x by y; Mon, 2 Mar 26 09:14:27 +0700"),
            at("2026-03-02T09:14:27+07:00")
        );
        assert_eq!(
            top("(qmail 12345 invoked by uid 89); 2 Mar 2026 02:14:27 -0000"),
            at("2026-03-02T09:14:27+07:00")
        );
        // Unknown zone names count as UTC (RFC 5322 4.3), as mail-parser reads them.
        assert_eq!(
            top("from x by y with SMTP; Mon,\r\n 2 Mar 2026 09:14:27 WIB"),
            at("2026-03-02T09:14:27Z")
        );
        // No date at all: the instant the desk took the message in.
        assert_eq!(top("from x by y; kemarin"), taken_in());
        let raw = minimal(
            "Received: from x by mx1.jatengprov.go.id; Mon, 2 Mar 2026 09:14:27 +0700\r\n\
             Received: from y by z; Mon, 2 Mar 2026 09:00:00 +0700\r\n\
             From: a@b.go.id",
        );
        assert_eq!(read(&raw).received_at, at("2026-03-02T09:14:27+07:00"));
    }

    #[test]
    fn quotes_and_signatures_are_stripped() {
        let strip = |lines: &[&str]| strip_quoted(&lines.join("\r\n"));
        assert_eq!(
            strip(&[
                "Masih error.",
                "",
                "On Mon, Mar 2, 2026 at 10:05 AM Service Desk <servicedesk@jatengprov.go.id> wrote:",
                "> Sudah kami perbaiki.",
            ]),
            "Masih error."
        );
        assert_eq!(
            strip(&[
                "Masih error.",
                "",
                "________________________________",
                "From: Service Desk JatengProv <servicedesk@jatengprov.go.id>",
                "Sent: Monday, March 2, 2026 10:05 AM",
                "Subject: [JTG-2026-000123] SP2D",
            ]),
            "Masih error."
        );
        assert_eq!(
            strip(&["Masih error.", "-----Pesan Asli-----", "Dari: Service Desk"]),
            "Masih error."
        );
        assert_eq!(
            strip(&["Masih error.", "-----Original Message-----", "From: x"]),
            "Masih error."
        );
        assert_eq!(
            strip(&[
                "Soal poin ini:",
                "> SP2D nomor 12",
                "masih gagal.",
                "-- ",
                "Sri",
            ]),
            "Soal poin ini:\nmasih gagal."
        );
        // An ordinary line ending in a colon is kept.
        assert_eq!(
            strip(&["Langkah yang saya lakukan menulis:", "1. login"]),
            "Langkah yang saya lakukan menulis:\n1. login"
        );
        assert_eq!(strip(&["> semua dikutip"]), "");
    }

    #[test]
    fn unreadable_input_is_refused() {
        assert_eq!(parse(b"", taken_in()), Err(EmailError::NotAMessage));
        assert_eq!(
            parse(&minimal("Subject: tanpa pengirim"), taken_in()),
            Err(EmailError::NoFrom)
        );
        assert_eq!(
            parse(&minimal("From: Service Desk"), taken_in()),
            Err(EmailError::NoFrom)
        );
        assert_eq!(
            EmailError::NoFrom.to_string(),
            "the message has no From address"
        );
    }

    #[test]
    fn no_input_panics() {
        for raw in [
            fixture!("reply_quoted.eml"),
            fixture!("attachment_pdf.eml"),
            fixture!("dsn_bounce.eml"),
            fixture!("encoded_latin1.eml"),
        ] {
            for end in (0..raw.len()).step_by(7) {
                let _ = parse(&raw[..end], taken_in());
            }
        }
        let _ = parse(&[0xff, 0xfe, 0x00, b'\n', b':', b'\n'], taken_in());
        let _ = parse("\u{1f64f}: \u{1f64f}\n\n".as_bytes(), taken_in());
    }
}
