//! WhatsApp Business Platform (Cloud API) webhooks: the verification handshake, the
//! `X-Hub-Signature-256` check and the notification body.
//!
//! What each message `type` becomes (nothing is dropped silently):
//!
//! | `type` | [`Inbound`] |
//! |---|---|
//! | `text` | `body` = the text |
//! | `image`, `video`, `document`, `sticker` | `body` = the caption (empty without one, which intake answers as empty), the media as an [`Attachment`] (media id, MIME type, file name) |
//! | `audio` (voice note or audio file) | `channel` = [`Channel::VoiceMessage`]: not a written submission, intake refuses it naming the written channels |
//! | `location` | `body` = `lokasi: <name>, <address> (<lat>, <long>)` |
//! | `reaction` | `body` = `reaksi: <emoji>` (`reaksi dihapus` when a reaction is removed), `reply_to` = the reacted message |
//! | `interactive` | `body` = the title of the `button_reply` / `list_reply` |
//! | `button` (quick reply of a template) | `body` = the button text |
//! | `system` (e.g. the user changed number) | `automatic` = the system text: no ticket, no answer |
//! | `unsupported` and any other type | `body` empty: intake answers that it could not be read |
//!
//! The sender is `reporter.phone` (`from`, digits as given) with the profile name of
//! the matching `contacts[]` entry, and `sender_id` (`from_user_id`, the
//! business-scoped user id Meta adds from 2026; `from` is withheld for users with a
//! username). Every message's `context.id` (the chat reply) goes into `reply_to`; a
//! ticket number in the body becomes `ticket_hint`. `value.statuses[]` become
//! [`WaStatus`] (delivery of the desk's own messages), never tickets. Changes whose
//! `field` is not `messages` (template, quality or account updates) carry no
//! submissions and are skipped. A message or status without its `id` or with a
//! `timestamp` that is not unix seconds makes the whole body an error (Meta never
//! sends one; the caller answers non-2xx and nothing is half-stored).

use hmac::{Hmac, Mac};
use loket_core::error::serde_message;
use loket_core::ticket::{Channel, Reporter};
use loket_core::{Lang, Timestamp};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{find_ticket_number, Attachment, Inbound};

/// Why the `GET` verification handshake is refused (answer `403`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// `hub.mode` is missing or not `subscribe`.
    #[error("hub.mode must be `subscribe`, got {0:?}")]
    Mode(Option<String>),
    /// `hub.verify_token` is missing or not the configured token.
    #[error("hub.verify_token is missing or does not match the configured token")]
    Token,
    /// `hub.challenge` is missing.
    #[error("hub.challenge is missing")]
    Challenge,
}

/// Why a notification's signature is refused (answer `401`/`403`; nothing is created).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    /// The header does not start with `sha256=`.
    #[error("X-Hub-Signature-256 must be `sha256=<hex>`, got {0:?}")]
    Scheme(String),
    /// The part after `sha256=` is not hexadecimal.
    #[error("X-Hub-Signature-256 is not hexadecimal after `sha256=`")]
    Hex,
    /// The signature is not the HMAC-SHA256 of the body with the app secret.
    #[error("X-Hub-Signature-256 does not match the body (wrong app secret or altered body)")]
    Mismatch,
}

/// Why a notification body cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WaError {
    /// Not JSON, or not the shape of a Cloud API notification.
    #[error("not a WhatsApp Cloud API notification (expected JSON {{\"object\": \"whatsapp_business_account\", \"entry\": [...]}}): {0}")]
    Json(String),
    /// `object` is not `whatsapp_business_account`.
    #[error("expected object \"whatsapp_business_account\", got {0:?}")]
    Object(String),
    /// A message or status lacks a required field or has a malformed one.
    #[error("entry[{entry}].changes[{change}]: {message}")]
    Change {
        /// Index of the entry.
        entry: usize,
        /// Index of the change in the entry.
        change: usize,
        /// What is wrong (serde's message).
        message: String,
    },
    /// A message's or status's `timestamp` is not unix seconds.
    #[error("entry[{entry}].changes[{change}]: {item} {id}: timestamp {timestamp:?} is not unix seconds")]
    Timestamp {
        /// Index of the entry.
        entry: usize,
        /// Index of the change in the entry.
        change: usize,
        /// `message` or `status`.
        item: &'static str,
        /// The message's or status's id.
        id: String,
        /// The timestamp as sent.
        timestamp: String,
    },
}

impl SignatureError {
    /// The message in `lang` (the `Display` text is the English one).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SignatureError::Missing => "header X-Hub-Signature-256 tidak ada".into(),
            SignatureError::Scheme(got) => {
                format!("X-Hub-Signature-256 harus berbentuk `sha256=<hex>`, diterima {got:?}")
            }
            SignatureError::Hex => {
                "X-Hub-Signature-256 bukan heksadesimal setelah `sha256=`".into()
            }
            SignatureError::Mismatch => {
                "X-Hub-Signature-256 tidak cocok dengan isi (app secret salah atau isi diubah)"
                    .into()
            }
        }
    }
}

impl WaError {
    /// The message in `lang` (the `Display` text is the English one).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            WaError::Json(e) => format!(
                "bukan notifikasi WhatsApp Cloud API (diharapkan JSON {{\"object\": \"whatsapp_business_account\", \"entry\": [...]}}): {}",
                serde_message(e, lang)
            ),
            WaError::Object(got) => {
                format!("object harus \"whatsapp_business_account\", diterima {got:?}")
            }
            WaError::Change {
                entry,
                change,
                message,
            } => format!(
                "entry[{entry}].changes[{change}]: {}",
                serde_message(message, lang)
            ),
            WaError::Timestamp {
                entry,
                change,
                item,
                id,
                timestamp,
            } => {
                let item = if *item == "status" { "status" } else { "pesan" };
                format!(
                    "entry[{entry}].changes[{change}]: {item} {id}: timestamp {timestamp:?} bukan detik unix"
                )
            }
        }
    }
}

/// One item of a notification.
#[derive(Clone, Debug, PartialEq)]
pub enum WaItem {
    /// A message from a WhatsApp user (boxed: much larger than a status).
    Message(Box<Inbound>),
    /// A delivery status of a message the desk sent: recorded, never a ticket.
    Status(WaStatus),
}

/// The delivery status of a message the desk sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaStatus {
    /// The desk's message, namespaced: `wa:wamid.…`.
    pub key: String,
    /// `sent`, `delivered`, `read`, `failed` (as WhatsApp names it).
    pub status: String,
    /// The recipient: the phone number digits (`recipient_id`), else the
    /// business-scoped user id (`recipient_user_id`), else empty.
    pub recipient: String,
    /// When the status changed.
    pub at: Timestamp,
    /// Why it failed: `<code> <title>: <details>` for each error.
    pub errors: Vec<String>,
}

/// Answers the verification handshake (`GET ?hub.mode=subscribe&hub.verify_token=…
/// &hub.challenge=…`): the challenge to echo as the `200` body when the token is the
/// configured one (compared in constant time).
///
/// # Errors
/// [`HandshakeError`] naming the missing or wrong parameter (answer `403`).
pub fn verify_handshake(
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&str>,
    expected_token: &str,
) -> Result<String, HandshakeError> {
    if mode != Some("subscribe") {
        return Err(HandshakeError::Mode(mode.map(str::to_string)));
    }
    // Comparing digests keeps the time independent of the tokens' contents and lengths.
    let digest = |s: &str| Sha256::digest(s.as_bytes());
    let same = token.is_some_and(|t| {
        let (a, b) = (digest(t), digest(expected_token));
        a.iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
    });
    if !same || expected_token.is_empty() {
        return Err(HandshakeError::Token);
    }
    challenge
        .map(str::to_string)
        .ok_or(HandshakeError::Challenge)
}

/// Checks `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256 of the exact raw body
/// with the app secret, compared in constant time.
///
/// # Errors
/// [`SignatureError`] saying what is wrong: missing header, another scheme, bad hex,
/// mismatch.
pub fn verify_signature(
    app_secret: &[u8],
    raw_body: &[u8],
    header: Option<&str>,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_sig = header
        .strip_prefix("sha256=")
        .ok_or_else(|| SignatureError::Scheme(header.chars().take(16).collect()))?;
    let sig = hex::decode(hex_sig).map_err(|_| SignatureError::Hex)?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(raw_body);
    mac.verify_slice(&sig).map_err(|_| SignatureError::Mismatch)
}

/// Reads a notification body: every message and status of every entry and change, in
/// order.
///
/// # Errors
/// [`WaError`] for a body that is not JSON, another `object`, or a message/status
/// without its `id`, `timestamp` (unix seconds) or `type` (`status`).
pub fn parse(raw_body: &[u8]) -> Result<Vec<WaItem>, WaError> {
    let payload: Payload =
        serde_json::from_slice(raw_body).map_err(|e| WaError::Json(e.to_string()))?;
    if payload.object != "whatsapp_business_account" {
        return Err(WaError::Object(payload.object));
    }
    let mut items = Vec::new();
    for (e, entry) in payload.entry.into_iter().enumerate() {
        for (c, change) in entry.changes.into_iter().enumerate() {
            if change.field != "messages" {
                continue;
            }
            let err = |message: String| WaError::Change {
                entry: e,
                change: c,
                message,
            };
            let value: ChangeValue =
                serde_json::from_value(change.value).map_err(|x| err(x.to_string()))?;
            for m in value.messages {
                let name = value
                    .contacts
                    .iter()
                    .find(|k| {
                        (m.from.is_some() && k.wa_id == m.from)
                            || (m.from_user_id.is_some() && k.user_id == m.from_user_id)
                    })
                    .or(value.contacts.first().filter(|_| value.contacts.len() == 1))
                    .and_then(|k| k.profile.as_ref()?.name.clone());
                let received_at = unix(&m.timestamp).ok_or_else(|| WaError::Timestamp {
                    entry: e,
                    change: c,
                    item: "message",
                    id: m.id.clone(),
                    timestamp: m.timestamp.clone(),
                })?;
                items.push(WaItem::Message(Box::new(message(m, name, received_at))));
            }
            for s in value.statuses {
                let at = unix(&s.timestamp).ok_or_else(|| WaError::Timestamp {
                    entry: e,
                    change: c,
                    item: "status",
                    id: s.id.clone(),
                    timestamp: s.timestamp.clone(),
                })?;
                items.push(WaItem::Status(WaStatus {
                    key: format!("wa:{}", s.id),
                    status: s.status,
                    recipient: s.recipient_id.or(s.recipient_user_id).unwrap_or_default(),
                    at,
                    errors: s.errors.iter().map(WaErrorInfo::describe).collect(),
                }));
            }
        }
    }
    Ok(items)
}

/// A webhook `timestamp`: unix seconds as a string of digits.
fn unix(ts: &str) -> Option<Timestamp> {
    ts.parse::<Timestamp>()
        .ok()
        .filter(|_| ts.bytes().all(|b| b.is_ascii_digit()))
}

/// Turns one message into an [`Inbound`] (see the module's table).
fn message(m: Msg, name: Option<String>, received_at: Timestamp) -> Inbound {
    let mut channel = Channel::Whatsapp;
    let mut reply_to: Vec<String> = m.context.iter().map(|c| format!("wa:{}", c.id)).collect();
    let mut attachments = Vec::new();
    let mut automatic = None;
    let body = match m.kind.as_str() {
        "text" => m.text.map(|t| t.body).unwrap_or_default(),
        "image" | "video" | "document" | "sticker" | "audio" => {
            let media = match m.kind.as_str() {
                "image" => m.image,
                "video" => m.video,
                "document" => m.document,
                "sticker" => m.sticker,
                _ => m.audio,
            }
            .unwrap_or_default();
            if m.kind == "audio" {
                channel = Channel::VoiceMessage;
            }
            attachments.push(Attachment {
                filename: media.filename,
                content_type: media
                    .mime_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
                size: None,
                id: media.id,
            });
            media.caption.unwrap_or_default()
        }
        "location" => m.location.map(|l| l.describe()).unwrap_or_default(),
        "reaction" => {
            let r = m.reaction.unwrap_or_default();
            if let Some(id) = r.message_id {
                reply_to.insert(0, format!("wa:{id}"));
            }
            match r.emoji.filter(|e| !e.is_empty()) {
                Some(e) => format!("reaksi: {e}"),
                None => "reaksi dihapus".into(),
            }
        }
        "interactive" => m
            .interactive
            .and_then(|i| i.button_reply.or(i.list_reply))
            .map(|r| r.title)
            .unwrap_or_default(),
        "button" => m.button.map(|b| b.text).unwrap_or_default(),
        "system" => {
            let text = m.system.and_then(|s| s.body).unwrap_or_default();
            automatic = Some(format!("WhatsApp system message: {text}"));
            String::new()
        }
        _ => String::new(),
    };
    reply_to.dedup();
    Inbound {
        channel,
        key: format!("wa:{}", m.id),
        received_at,
        reporter: Reporter {
            name,
            phone: m.from,
            ..Reporter::default()
        },
        sender_id: m.from_user_id,
        reply_only: matches!(m.kind.as_str(), "reaction" | "interactive" | "button"),
        subject: None,
        ticket_hint: find_ticket_number(&body),
        body,
        attachments,
        reply_to,
        automatic,
    }
}

#[derive(Deserialize)]
struct Payload {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize)]
struct ChangeValue {
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    messages: Vec<Msg>,
    #[serde(default)]
    statuses: Vec<Status>,
}

#[derive(Deserialize)]
struct Contact {
    profile: Option<Profile>,
    wa_id: Option<String>,
    user_id: Option<String>,
}

#[derive(Deserialize)]
struct Profile {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Msg {
    /// The phone number; withheld (2026 on) for a user with a username.
    from: Option<String>,
    /// The business-scoped user id (2026 on).
    from_user_id: Option<String>,
    id: String,
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    context: Option<Context>,
    text: Option<Text>,
    image: Option<Media>,
    video: Option<Media>,
    document: Option<Media>,
    sticker: Option<Media>,
    audio: Option<Media>,
    location: Option<Location>,
    reaction: Option<Reaction>,
    interactive: Option<Interactive>,
    button: Option<Button>,
    system: Option<System>,
}

#[derive(Deserialize)]
struct Context {
    id: String,
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Default, Deserialize)]
struct Media {
    id: Option<String>,
    mime_type: Option<String>,
    caption: Option<String>,
    filename: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    latitude: Option<f64>,
    longitude: Option<f64>,
    name: Option<String>,
    address: Option<String>,
}

impl Location {
    /// `lokasi: <name>, <address> (<lat>, <long>)`, leaving out what is absent.
    fn describe(&self) -> String {
        let named: Vec<&str> = [&self.name, &self.address]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let mut text = format!("lokasi: {}", named.join(", "));
        if let (Some(lat), Some(long)) = (self.latitude, self.longitude) {
            text = format!("{} ({lat}, {long})", text.trim_end());
        }
        text
    }
}

#[derive(Default, Deserialize)]
struct Reaction {
    message_id: Option<String>,
    emoji: Option<String>,
}

#[derive(Deserialize)]
struct Interactive {
    button_reply: Option<Reply>,
    list_reply: Option<Reply>,
}

#[derive(Deserialize)]
struct Reply {
    title: String,
}

#[derive(Deserialize)]
struct Button {
    text: String,
}

#[derive(Deserialize)]
struct System {
    body: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    status: String,
    timestamp: String,
    recipient_id: Option<String>,
    recipient_user_id: Option<String>,
    #[serde(default)]
    errors: Vec<WaErrorInfo>,
}

#[derive(Deserialize)]
struct WaErrorInfo {
    code: Option<i64>,
    title: Option<String>,
    message: Option<String>,
    error_data: Option<ErrorData>,
}

#[derive(Deserialize)]
struct ErrorData {
    details: Option<String>,
}

impl WaErrorInfo {
    /// `<code> <title>: <details>`, leaving out what is absent.
    fn describe(&self) -> String {
        let head = [
            self.code.map(|c| c.to_string()),
            self.title.clone().or_else(|| self.message.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        match self.error_data.as_ref().and_then(|d| d.details.as_deref()) {
            Some(d) if !head.is_empty() => format!("{head}: {d}"),
            Some(d) => d.to_string(),
            None => head,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../serve/tests/fixtures/whatsapp/", $name)).as_slice()
        };
    }

    const SECRET: &[u8] = b"8f2c1d0e9b7a6c5d4e3f2a1b0c9d8e7f";

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid instant")
    }

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    /// The only item of a notification, which must be a message.
    fn message(body: &[u8]) -> Inbound {
        match parse(body).expect("a valid notification").as_slice() {
            [WaItem::Message(m)] => (**m).clone(),
            other => panic!("expected one message, got {other:?}"),
        }
    }

    fn reporter(name: &str, phone: &str) -> Reporter {
        Reporter {
            name: Some(name.into()),
            phone: Some(phone.into()),
            ..Reporter::default()
        }
    }

    #[test]
    fn handshake_echoes_the_challenge_only_for_the_configured_token() {
        let hs = |m, t, c| verify_handshake(m, t, c, "loket-jateng-7731");
        assert_eq!(
            hs(
                Some("subscribe"),
                Some("loket-jateng-7731"),
                Some("1158201444")
            ),
            Ok("1158201444".to_string())
        );
        assert_eq!(
            hs(Some("subscribe"), Some("loket-jateng-7732"), Some("1")),
            Err(HandshakeError::Token)
        );
        assert_eq!(
            hs(Some("subscribe"), None, Some("1")),
            Err(HandshakeError::Token)
        );
        assert_eq!(
            hs(Some("unsubscribe"), Some("loket-jateng-7731"), Some("1")),
            Err(HandshakeError::Mode(Some("unsubscribe".into())))
        );
        assert_eq!(
            hs(None, Some("loket-jateng-7731"), Some("1")),
            Err(HandshakeError::Mode(None))
        );
        assert_eq!(
            hs(Some("subscribe"), Some("loket-jateng-7731"), None),
            Err(HandshakeError::Challenge)
        );
        // An unconfigured (empty) token never verifies anything.
        assert_eq!(
            verify_handshake(Some("subscribe"), Some(""), Some("1"), ""),
            Err(HandshakeError::Token)
        );
    }

    #[test]
    fn signatures_are_checked_over_the_exact_bytes() {
        let body = fixture!("text.json");
        let good = sign(SECRET, body);
        assert_eq!(verify_signature(SECRET, body, Some(&good)), Ok(()));
        assert_eq!(
            verify_signature(
                SECRET,
                body,
                Some(&good.to_uppercase().replace("SHA256=", "sha256="))
            ),
            Ok(())
        );

        let mut tampered = body.to_vec();
        let pos = tampered.iter().position(|&b| b == b'S').expect("an S");
        tampered[pos] = b's';
        assert_eq!(
            verify_signature(SECRET, &tampered, Some(&good)),
            Err(SignatureError::Mismatch)
        );
        // Re-serialising the JSON (Meta escapes `/` and non-ASCII) breaks the signature.
        let reserialised =
            serde_json::to_vec(&serde_json::from_slice::<Value>(body).expect("JSON"))
                .expect("JSON");
        assert_eq!(
            verify_signature(SECRET, &reserialised, Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(b"another app secret", body, Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(SECRET, body, None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_signature(SECRET, body, Some("sha1=0a1b")),
            Err(SignatureError::Scheme("sha1=0a1b".into()))
        );
        assert_eq!(
            verify_signature(SECRET, body, Some("sha256=not-hex")),
            Err(SignatureError::Hex)
        );
        assert_eq!(
            verify_signature(SECRET, body, Some(&good[..good.len() - 2])),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn a_text_message() {
        let m = message(fixture!("text.json"));
        assert_eq!(
            m,
            Inbound {
                channel: Channel::Whatsapp,
                key: "wa:wamid.HBgNNjI4MTIyNTU1MDEyMxUCABIYFDM3MkVBMDhDQUIzM0U3MUMwMkM2AA==".into(),
                received_at: at("2026-03-02T09:14:27+07:00"),
                reporter: reporter("Sri Wahyuni", "6281225550123"),
                sender_id: None,
                reply_only: false,
                subject: None,
                body: "Selamat pagi, saya Sri Wahyuni dari BPKAD. Aplikasi e-Penatausahaan tidak \
                       bisa mencetak SP2D sejak tadi pagi, muncul pesan \u{201c}Gagal membuat \
                       dokumen\u{201d}. Mohon dibantu. Terima kasih \u{1f64f}"
                    .into(),
                attachments: vec![],
                reply_to: vec![],
                ticket_hint: None,
                automatic: None,
            }
        );
    }

    #[test]
    fn a_user_with_a_username_is_known_by_the_business_scoped_id() {
        let m = message(fixture!("text_username.json"));
        assert_eq!(
            m.reporter,
            Reporter {
                name: Some("Rina Kusuma".into()),
                ..Reporter::default()
            }
        );
        assert_eq!(m.sender_id.as_deref(), Some("ID.1502576394655843"));
        assert_eq!(
            m.key,
            "wa:wamid.HBgTSUQuMTUwMjU3NjM5NDY1NTg0MxUCABIYFDI0OUJBMzYwMDAwMjlCQkU5NzQ5AA=="
        );
        assert_eq!(m.received_at, at("2026-03-06T09:03:51+07:00"));
        assert_eq!(
            m.body,
            "Permintaan reset password LaporanGub untuk admin Disdikbud (user: admin.disdikbud)."
        );
    }

    #[test]
    fn every_entry_of_a_post_is_read() {
        let items = parse(fixture!("two_entries.json")).expect("valid");
        let [WaItem::Message(a), WaItem::Message(b)] = items.as_slice() else {
            panic!("expected two messages, got {items:?}");
        };
        assert_eq!(
            a.key,
            "wa:wamid.HBgNNjI4NTY0MDExMjIzMxUCABIYFEM1NkE1NjhDMTM2MEQ5MDRGMUJEAA=="
        );
        assert_eq!(a.reporter, reporter("Agus Prasetyo", "6285640112233"));
        assert_eq!(a.received_at, at("2026-03-02T08:05:11+07:00"));
        assert!(a
            .body
            .starts_with("Halo admin, website jatengprov.go.id tidak bisa dibuka"));
        assert_eq!(
            b.key,
            "wa:wamid.HBgNNjI4MTM5MDQ0NTU2NhUCABIYFDRBRUY4NkFGOUU1OTRCMjYzMkFFAA=="
        );
        assert_eq!(b.reporter, reporter("Dewi Lestari", "6281390445566"));
        assert_eq!(b.received_at, at("2026-03-02T08:05:40+07:00"));
        assert!(b.body.starts_with("Mohon dibuatkan akun e-Budgeting"));
    }

    #[test]
    fn media_with_a_caption_is_written_with_an_attachment() {
        let image = message(fixture!("image_caption.json"));
        assert_eq!(image.channel, Channel::Whatsapp);
        assert_eq!(
            image.body,
            "Ini tampilan error di LaporanGub waktu unggah foto laporan warga"
        );
        assert_eq!(
            image.attachments,
            vec![Attachment {
                filename: None,
                content_type: "image/jpeg".into(),
                size: None,
                id: Some("1187340925564471".into()),
            }]
        );

        let doc = message(fixture!("document_caption.json"));
        assert_eq!(doc.channel, Channel::Whatsapp);
        assert_eq!(doc.received_at, at("2026-03-03T13:02:48+07:00"));
        assert_eq!(
            doc.body,
            "Berikut surat permohonan reset password e-Penatausahaan untuk bendahara \
             pengeluaran BPKAD"
        );
        assert_eq!(
            doc.attachments,
            vec![Attachment {
                filename: Some("Surat_Permohonan_Reset_Password_BPKAD.pdf".into()),
                content_type: "application/pdf".into(),
                size: None,
                id: Some("902184376650128".into()),
            }]
        );
    }

    #[test]
    fn media_without_a_caption_has_an_empty_body() {
        let body = String::from_utf8(fixture!("image_caption.json").to_vec())
            .expect("UTF-8")
            .replace(
                r#""caption":"Ini tampilan error di LaporanGub waktu unggah foto laporan warga","#,
                "",
            );
        let m = message(body.as_bytes());
        assert_eq!(m.body, "");
        assert_eq!(m.channel, Channel::Whatsapp);
        assert_eq!(m.attachments.len(), 1);
    }

    #[test]
    fn a_voice_note_is_a_voice_message() {
        let m = message(fixture!("audio_voice.json"));
        assert_eq!(m.channel, Channel::VoiceMessage);
        assert_eq!(m.body, "");
        assert_eq!(m.received_at, at("2026-03-03T14:40:02+07:00"));
        assert_eq!(
            m.attachments,
            vec![Attachment {
                filename: None,
                content_type: "audio/ogg; codecs=opus".into(),
                size: None,
                id: Some("1543980267312209".into()),
            }]
        );
    }

    const DESK_ANSWER: &str =
        "wa:wamid.HBgNNjI4MTIyNTU1MDEyMxUCABIYFENBNDQ5QjdDNEQ1Q0VGNDQyREFDAA==";

    #[test]
    fn a_reply_names_the_message_it_answers_and_the_ticket() {
        let m = message(fixture!("reply_context.json"));
        assert_eq!(m.reply_to, vec![DESK_ANSWER.to_string()]);
        assert_eq!(m.ticket_hint.as_deref(), Some("JTG-2026-000123"));
        assert_eq!(m.received_at, at("2026-03-04T07:48:19+07:00"));
        assert_eq!(
            m.body,
            "Sudah bisa cetak SP2D lagi, terima kasih. Tiket JTG-2026-000123 boleh ditutup."
        );
    }

    #[test]
    fn a_reaction_is_a_short_message_on_the_reacted_one() {
        let m = message(fixture!("reaction.json"));
        assert_eq!(m.body, "reaksi: \u{1f44d}");
        assert_eq!(m.reply_to, vec![DESK_ANSWER.to_string()]);
        assert_eq!(m.channel, Channel::Whatsapp);

        let removed = String::from_utf8(fixture!("reaction.json").to_vec())
            .expect("UTF-8")
            .replace(r#","emoji":"\ud83d\udc4d""#, "");
        assert_eq!(message(removed.as_bytes()).body, "reaksi dihapus");
    }

    #[test]
    fn buttons_and_lists_give_their_title() {
        let m = message(fixture!("interactive_button_reply.json"));
        assert_eq!(m.body, "Sudah selesai");
        assert_eq!(
            m.reply_to,
            vec![
                "wa:wamid.HBgNNjI4MTM5MDQ0NTU2NhUCABIYFEE2RTYxRkUxRjM4MkE4RUJBRUJDAA==".to_string()
            ]
        );
        assert_eq!(m.reporter, reporter("Dewi Lestari", "6281390445566"));

        let list = String::from_utf8(fixture!("interactive_button_reply.json").to_vec())
            .expect("UTF-8")
            .replace(
                r#""type":"button_reply","button_reply":{"id":"tiket-selesai","title":"Sudah selesai"}"#,
                r#""type":"list_reply","list_reply":{"id":"app-web","title":"Website jatengprov.go.id","description":"Portal resmi"}"#,
            );
        assert_eq!(message(list.as_bytes()).body, "Website jatengprov.go.id");

        let button = String::from_utf8(fixture!("interactive_button_reply.json").to_vec())
            .expect("UTF-8")
            .replace(
                r#""type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"tiket-selesai","title":"Sudah selesai"}}"#,
                r#""type":"button","button":{"payload":"BELUM","text":"Belum selesai"}"#,
            );
        assert_eq!(message(button.as_bytes()).body, "Belum selesai");
    }

    #[test]
    fn a_location_is_described() {
        let m = message(fixture!("location.json"));
        assert_eq!(
            m.body,
            "lokasi: Diskominfo Provinsi Jawa Tengah, Jl. Menteri Supeno I No.2, Mugassari, \
             Semarang Selatan, Kota Semarang (-6.9932, 110.4203)"
        );
        assert_eq!(m.received_at, at("2026-03-03T10:25:40+07:00"));
    }

    #[test]
    fn an_unsupported_message_is_kept_with_an_empty_body() {
        let m = message(fixture!("unsupported.json"));
        assert_eq!(
            m.key,
            "wa:wamid.HBgNNjI4OTYxMjM0Nzc4OBUCABIYFDk5NUZFRTFGMUE3RUIzQTJBOTM1AA=="
        );
        assert_eq!(m.channel, Channel::Whatsapp);
        assert_eq!(m.body, "");
        assert_eq!(m.automatic, None);
        assert_eq!(m.reporter, reporter("Budi Santoso", "6289612347788"));
    }

    #[test]
    fn a_system_message_is_automatic() {
        let body = String::from_utf8(fixture!("unsupported.json").to_vec())
            .expect("UTF-8")
            .replace(
                r#""type":"unsupported","unsupported":{"type":"poll_creation"}"#,
                r#""type":"system","system":{"body":"Budi changed their phone number","type":"user_changed_number","new_wa_id":"6281299990000"}"#,
            );
        let m = message(body.as_bytes());
        assert_eq!(
            m.automatic.as_deref(),
            Some("WhatsApp system message: Budi changed their phone number")
        );
        assert_eq!(m.body, "");
    }

    #[test]
    fn statuses_are_not_messages() {
        let items = parse(fixture!("statuses.json")).expect("valid");
        let statuses: Vec<&WaStatus> = items
            .iter()
            .map(|i| match i {
                WaItem::Status(s) => s,
                WaItem::Message(m) => panic!("a status became a message: {m:?}"),
            })
            .collect();
        let out = "wa:wamid.HBgNNjI4NTY0MDExMjIzMxUCABIYFDQ3OTY1MkJEMDlDNkExQjFDQjQxAA==";
        assert_eq!(
            statuses
                .iter()
                .map(|s| (s.key.as_str(), s.status.as_str(), s.at))
                .collect::<Vec<_>>(),
            vec![
                (out, "sent", at("2026-03-02T08:30:01+07:00")),
                (out, "delivered", at("2026-03-02T08:30:03+07:00")),
                (out, "read", at("2026-03-02T08:41:57+07:00")),
                (
                    "wa:wamid.HBgNNjI4MTM5MDQ0NTU2NhUCABIYFDhFODlFMzMwQTAyODREODRFRDc1AA==",
                    "failed",
                    at("2026-03-04T09:00:12+07:00")
                ),
            ]
        );
        assert_eq!(statuses[0].recipient, "6285640112233");
        assert!(statuses[..3].iter().all(|s| s.errors.is_empty()));
        assert_eq!(
            statuses[3].errors,
            vec![
                "131047 Re-engagement message: Message failed to send because more than 24 \
                  hours have passed since the customer last replied to this number."
                    .to_string()
            ]
        );
    }

    #[test]
    fn other_fields_carry_nothing() {
        assert_eq!(parse(fixture!("template_status_update.json")), Ok(vec![]));
    }

    #[test]
    fn malformed_bodies_are_refused_with_a_reason() {
        assert!(matches!(parse(b"not json"), Err(WaError::Json(_))));
        assert!(matches!(parse(b"{\"entry\": []}"), Err(WaError::Json(m)) if m.contains("object")));
        assert_eq!(
            parse(br#"{"object":"page","entry":[]}"#),
            Err(WaError::Object("page".into()))
        );
        let text = String::from_utf8(fixture!("text.json").to_vec()).expect("UTF-8");
        let no_id = text.replace(r#""id":"wamid."#, r#""x":"wamid."#);
        assert!(matches!(
            parse(no_id.as_bytes()),
            Err(WaError::Change { entry: 0, change: 0, message }) if message.contains("`id`")
        ));
        let bad_time = text.replace(r#""timestamp":"1772417667""#, r#""timestamp":"2026-03-02""#);
        let err = parse(bad_time.as_bytes()).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "entry[0].changes[0]: message \
             wamid.HBgNNjI4MTIyNTU1MDEyMxUCABIYFDM3MkVBMDhDQUIzM0U3MUMwMkM2AA==: \
             timestamp \"2026-03-02\" is not unix seconds"
        );
    }

    #[test]
    fn no_input_panics() {
        for body in [
            fixture!("text.json"),
            fixture!("statuses.json"),
            fixture!("location.json"),
            fixture!("reaction.json"),
        ] {
            for end in 0..body.len() {
                let _ = parse(&body[..end]);
                let _ =
                    verify_signature(SECRET, &body[..end], std::str::from_utf8(&body[..end]).ok());
            }
        }
        let _ = parse(br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":null}]}]}"#);
        let _ = parse(br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"x","timestamp":"99999999999999999999","type":"text"}]}}]}]}"#);
    }
}
