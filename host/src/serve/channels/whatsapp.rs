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
//! Every message's `context.id` (the chat reply) goes into `reply_to`. A ticket number
//! in the body becomes `ticket_hint`. `value.statuses[]` become [`WaStatus`] (delivery
//! of the desk's own messages), never tickets. Changes whose `field` is not
//! `messages` (template, quality or account updates) carry no submissions and are
//! skipped.

use hmac::{Hmac, Mac};
use loket_core::ticket::{Channel, Reporter};
use loket_core::Timestamp;
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
        /// What is wrong.
        message: String,
    },
}

/// One item of a notification.
#[derive(Clone, Debug, PartialEq)]
pub enum WaItem {
    /// A message from a WhatsApp user.
    Message(Inbound),
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
    /// The recipient's WhatsApp id (phone number digits).
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
/// without its `id`, `from`/`recipient_id`, `timestamp` (unix seconds) or `type`.
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
                    .find(|k| k.wa_id.as_deref() == Some(m.from.as_str()))
                    .or(value.contacts.first().filter(|_| value.contacts.len() == 1))
                    .and_then(|k| k.profile.as_ref()?.name.clone());
                let received_at =
                    unix(&m.timestamp).map_err(|x| err(format!("message {}: {x}", m.id)))?;
                items.push(WaItem::Message(message(m, name, received_at)));
            }
            for s in value.statuses {
                let at = unix(&s.timestamp).map_err(|x| err(format!("status {}: {x}", s.id)))?;
                items.push(WaItem::Status(WaStatus {
                    key: format!("wa:{}", s.id),
                    status: s.status,
                    recipient: s.recipient_id,
                    at,
                    errors: s.errors.iter().map(WaErrorInfo::describe).collect(),
                }));
            }
        }
    }
    Ok(items)
}

fn unix(ts: &str) -> Result<Timestamp, String> {
    ts.parse::<Timestamp>()
        .ok()
        .filter(|_| ts.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("timestamp {ts:?} is not unix seconds"))
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
            phone: Some(m.from),
            ..Reporter::default()
        },
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
}

#[derive(Deserialize)]
struct Profile {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Msg {
    from: String,
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
    recipient_id: String,
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
