//! The HTTP API (axum): intake, channel webhooks, staff, reporter, admin.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use loket_core::error::serde_message;
use loket_core::ticket::{
    mask_personal_numbers, normalize_email, normalize_phone, Actor, Channel, ContactProof, Event,
    Message, Reporter, Ticket,
};
use loket_core::view::{PublicStatus, SlaFilter, TicketDetail, TicketPage, TicketSummary};
use loket_core::{Lang, Profile, TicketKind, Timestamp};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{token_hash, ServeConfig};
use loket_channels::{email, whatsapp, Inbound};
use loket_core::ticket::infer;
use loket_desk::desk::{Desk, DeskError, IntakeRequest};
use loket_desk::Clock;
use loket_plugin_host::Registry;
use loket_store::{Store, TokenRecord};

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    /// The desk (writer + committed view).
    pub desk: Desk,
    /// The routing plugins (the desk routes by them).
    pub registry: Arc<Registry>,
    /// A read connection for the outbox and tokens.
    pub reads: Arc<Mutex<dyn Store>>,
    /// A read connection for the long reads over history (the list's older
    /// tickets, reports, exports), so that they never hold up a token check.
    pub history: Arc<Mutex<dyn Store>>,
    /// Tokens seen, by hash, with when they were read from the store: kept for
    /// [`TOKEN_CACHE_TTL`] so that a revocation by another process (`loket token
    /// revoke`) takes effect within it; a revocation through the API at once.
    pub tokens: Arc<RwLock<HashMap<String, (TokenRecord, std::time::Instant)>>>,
    /// Rate limits of the generic intake.
    pub limits: Arc<super::limits::Limits>,
    /// Settings.
    pub config: Arc<ServeConfig>,
    /// The clock.
    pub clock: Clock,
    /// Whether this node leads the SLA watch (always, alone on SQLite).
    pub leader: loket_store::Leader,
    /// Whether other nodes share the store (a ticket this node does not have yet may
    /// have been opened on another a moment ago).
    pub shared_store: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// How long a token read from the store is trusted without reading it again.
pub const TOKEN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// An error answered as JSON in the request's language.
#[derive(Debug)]
pub struct ApiError(pub(crate) DeskError, pub(crate) Lang);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let ApiError(e, lang) = self;
        let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = match lang {
            Lang::Id => e.id,
            Lang::En => e.en,
        };
        let retry = e
            .details
            .as_ref()
            .and_then(|d| d.get("retryAfterSeconds"))
            .and_then(Value::as_u64);
        let mut body = json!({"error": {"code": e.code, "message": message}});
        if let Some(d) = e.details {
            body["error"]["details"] = d;
        }
        let mut resp = (status, Json(body)).into_response();
        if let Some(secs) = retry {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        resp
    }
}

pub(crate) fn bad(status: u16, code: &str, id: String, en: String) -> DeskError {
    DeskError::new(status, code, id, en)
}

/// The language of a request: `?lang=en` or `Accept-Language: en…`; Bahasa
/// Indonesia otherwise.
#[derive(Debug, Clone, Copy)]
pub struct L(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for L {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        if q.split('&').any(|kv| kv == "lang=en") {
            return Ok(L(Lang::En));
        }
        if q.split('&').any(|kv| kv == "lang=id") {
            return Ok(L(Lang::Id));
        }
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(L(if accept.trim_start().starts_with("en") {
            Lang::En
        } else {
            Lang::Id
        }))
    }
}

use super::Role;

/// The caller's token, checked.
#[derive(Debug, Clone)]
pub struct Caller(pub TokenRecord);

impl App {
    pub(crate) fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// A ticket by number, wherever it is: the desk's memory, or the store (a
    /// terminal ticket past its stay in memory: see `keep_closed_days`).
    pub(crate) fn stored_ticket(
        &self,
        number: &str,
        lang: Lang,
    ) -> Result<Option<Arc<Ticket>>, ApiError> {
        if let Some(t) = self.desk.shared.ticket(number) {
            return Ok(Some(t));
        }
        if self.desk.shared.kept_since(self.now()).is_none() {
            return Ok(None);
        }
        let history = self.read(lang, |s| s.history(number))?;
        if history.is_empty() {
            return Ok(None);
        }
        Ticket::replay(&history)
            .map(|t| Some(Arc::new(t)))
            .map_err(|e| {
                ApiError(
                    bad(
                        500,
                        "ticket.unreadable",
                        format!(
                            "riwayat tiket {number} yang tersimpan tidak dapat diputar ulang: {e}"
                        ),
                        format!("the stored history of ticket {number} does not replay: {e}"),
                    ),
                    lang,
                )
            })
    }

    /// Stored tickets by number (see [`App::stored_ticket`]), in the order given;
    /// a number the store does not have is left out.
    pub(crate) fn stored_tickets(
        &self,
        numbers: &[String],
        lang: Lang,
    ) -> Result<Vec<Arc<Ticket>>, ApiError> {
        let mut out = Vec::with_capacity(numbers.len());
        for n in numbers {
            if let Some(t) = self.stored_ticket(n, lang)? {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Runs `f` on the read connection; a store failure is `503 store.unavailable`.
    fn read<T>(
        &self,
        lang: Lang,
        f: impl FnOnce(&mut dyn Store) -> Result<T, loket_store::StoreError>,
    ) -> Result<T, ApiError> {
        f(&mut *self.reads.lock().unwrap_or_else(PoisonError::into_inner)).map_err(|e| {
            ApiError(
                bad(503, "store.unavailable", e.to_string(), e.to_string()),
                lang,
            )
        })
    }

    pub(crate) fn caller(
        &self,
        headers: &HeaderMap,
        need: Role,
        lang: Lang,
    ) -> Result<Caller, ApiError> {
        let err = |status, code: &str, id: &str, en: &str| {
            ApiError(bad(status, code, id.into(), en.into()), lang)
        };
        let Some(v) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return Err(err(
                401,
                "auth.missing",
                "perlu token: header `Authorization: Bearer <token>`",
                "a token is needed: header `Authorization: Bearer <token>`",
            ));
        };
        let Some(token) = v.strip_prefix("Bearer ").map(str::trim) else {
            return Err(err(
                401,
                "auth.malformed",
                "header Authorization harus berbentuk `Bearer <token>`",
                "the Authorization header must be `Bearer <token>`",
            ));
        };
        let hash = token_hash(token);
        let cached = self
            .tokens
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&hash)
            .filter(|(_, seen)| seen.elapsed() < TOKEN_CACHE_TTL)
            .map(|(r, _)| r.clone());
        let record = match cached {
            Some(r) => Some(r),
            None => {
                let found = self.read(lang, |r| r.token(&hash))?;
                let mut cache = self.tokens.write().unwrap_or_else(PoisonError::into_inner);
                match &found {
                    Some(r) => {
                        cache.insert(hash, (r.clone(), std::time::Instant::now()));
                    }
                    None => {
                        cache.remove(&hash);
                    }
                }
                found
            }
        };
        let Some(r) = record else {
            return Err(err(
                401,
                "auth.invalid",
                "token tidak dikenal",
                "unknown token",
            ));
        };
        if r.role < need {
            return Err(ApiError(
                bad(
                    403,
                    "auth.forbidden",
                    format!("peran `{}` tidak cukup: perlu `{need}`", r.role),
                    format!("role `{}` is not enough: `{need}` is needed", r.role),
                ),
                lang,
            ));
        }
        Ok(Caller(r))
    }
}

/// The routes.
pub fn router(app: App) -> Router {
    let max = app.config.max_body;
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/api/v1/intake", post(intake_json))
        .route("/webhooks/whatsapp", get(wa_verify).post(wa_notify))
        .route(
            "/webhooks/email",
            post(email_in).layer(DefaultBodyLimit::max(app.config.max_email)),
        )
        .route("/api/v1/me", get(me))
        .route("/api/v1/desk", get(desk_profile))
        .route("/api/v1/tickets", get(list))
        .route("/api/v1/tickets/{number}", get(one))
        .route("/api/v1/tickets/{number}/events", post(add_event))
        .route("/api/v1/status/{number}", get(status))
        .route("/api/v1/reports/sla", get(crate::reports::sla))
        .route("/api/v1/reports/export", get(crate::reports::export))
        .route("/api/v1/reports/skm", get(crate::survey::report))
        .route("/api/v1/survey", post(crate::survey::answer))
        .route("/api/v1/admin/profile", get(profile))
        .route("/api/v1/admin/{part}", put(set_part))
        .route("/api/v1/admin/plugins", get(plugins))
        .route(
            "/api/v1/admin/plugins/{application}",
            put(upload_plugin).layer(DefaultBodyLimit::max(32 << 20)),
        )
        .route("/api/v1/admin/plugins/reload", post(reload_plugins))
        .route("/api/v1/admin/outbox", get(outbox))
        .route("/api/v1/admin/tokens", post(new_token).get(list_tokens))
        .route(
            "/api/v1/admin/tokens/{name}",
            axum::routing::delete(revoke_token),
        )
        // Unknown addresses under the API answer JSON, never the static pages.
        .route("/api/{*rest}", axum::routing::any(no_such_address))
        .route("/webhooks/{*rest}", axum::routing::any(no_such_address))
        .layer(DefaultBodyLimit::max(max))
        .layer(axum::middleware::from_fn(json_errors))
        .with_state(app)
}

async fn no_such_address(L(lang): L) -> ApiError {
    ApiError(
        bad(
            404,
            "not_found",
            "alamat tidak ada".into(),
            "no such address".into(),
        ),
        lang,
    )
}

/// Turns the framework's own plain-text refusals (a body over the limit, a query or
/// path that does not parse, a wrong method) into the API's JSON errors.
async fn json_errors(
    L(lang): L,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if !status.is_client_error() || json || status == StatusCode::FORBIDDEN {
        return resp;
    }
    let text = axum::body::to_bytes(resp.into_body(), 64 << 10)
        .await
        .map(|b| mask_personal_numbers(&String::from_utf8_lossy(&b)))
        .unwrap_or_default();
    let (code, id, en) = match status.as_u16() {
        413 => (
            "request.too_large",
            "isi permintaan terlalu besar".to_string(),
            "the request body is too large".to_string(),
        ),
        404 => (
            "not_found",
            "alamat tidak ada".into(),
            "no such address".into(),
        ),
        405 => (
            "request.method",
            "metode HTTP ini tidak tersedia di alamat ini".into(),
            "this HTTP method is not available at this address".into(),
        ),
        415 => (
            "request.content_type",
            format!("jenis isi tidak didukung: {text}"),
            format!("unsupported content type: {text}"),
        ),
        _ => (
            "request.invalid",
            format!("permintaan tidak valid: {text}"),
            format!("invalid request: {text}"),
        ),
    };
    ApiError(DeskError::new(status.as_u16(), code, id, en), lang).into_response()
}

async fn health(State(app): State<App>, L(lang): L) -> Json<Value> {
    // Every open ticket is in memory; the closed ones may be only in the store.
    let (tickets, open) = {
        let m = app
            .desk
            .shared
            .tickets
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        (
            app.desk.shared.total().max(m.len()),
            m.values().filter(|t| !t.state().is_terminal()).count(),
        )
    };
    let pending = app
        .reads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .outbox(Some("pending"), 100_000)
        .map(|v| v.len())
        .unwrap_or(0);
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "tickets": tickets,
        "openTickets": open,
        "plugins": app.registry.applications().len(),
        "outboxPending": pending,
        // Several nodes on one database: whether this one runs the SLA watch.
        "leader": app.leader.leads(),
        // The holiday list's coverage: a warning before the decreed dates run out.
        "coverage": loket_desk::coverage::coverage_json(&app.desk.shared.profile(), app.now(), lang),
    }))
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi::document(),
    )
        .into_response()
}

async fn me(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let c = app.caller(&headers, Role::Agent, lang)?;
    Ok(Json(json!({"name": c.0.name, "role": c.0.role})))
}

// ---------------------------------------------------------------- intake

/// The generic intake's body, as a portal sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IntakeBody {
    /// The channel the citizen wrote through.
    pub channel: Channel,
    /// The application it is about (inferred from the text when missing).
    #[serde(default)]
    pub application: Option<String>,
    /// Complaint, request or incident (inferred when missing).
    #[serde(default)]
    pub kind: Option<TicketKind>,
    /// The subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// The written text.
    pub body: String,
    /// The reporter's contact details, as the portal has them.
    #[serde(default)]
    pub reporter: ReporterInput,
    /// Feedback about the desk itself (referred, not ticketed).
    #[serde(default)]
    pub about_desk: bool,
    /// Staff only: when the desk received it (e.g. typed in from a letter).
    #[serde(default)]
    pub received_at: Option<Timestamp>,
}

/// The reporter's details as a sender gives them: never how they were proved
/// (the desk decides that from the caller).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReporterInput {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Phone (E.164, or Indonesian `08…` / `62…`).
    #[serde(default)]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// NIK (16 digits).
    #[serde(default)]
    pub nik: Option<String>,
}

/// A contact detail or field of the intake that does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeInvalid {
    /// Stable code.
    pub code: &'static str,
    /// Message in Bahasa Indonesia.
    pub id: String,
    /// Message in English.
    pub en: String,
}

impl ReporterInput {
    /// The reporter with phone and email normalized (E.164; lowercased domain), NIK
    /// checked, and `proof` as given by the desk.
    ///
    /// # Errors
    /// A phone, email or NIK that does not read; a name too long.
    pub fn checked(self, proof: Option<ContactProof>) -> Result<Reporter, IntakeInvalid> {
        let invalid = |e: loket_core::ticket::ContactError| IntakeInvalid {
            code: e.code(),
            id: e.message(Lang::Id),
            en: e.message(Lang::En),
        };
        let blank = |o: Option<String>| o.filter(|v| !v.trim().is_empty());
        let phone = blank(self.phone)
            .map(|p| normalize_phone(&p))
            .transpose()
            .map_err(invalid)?;
        let email = blank(self.email)
            .map(|e| normalize_email(&e))
            .transpose()
            .map_err(invalid)?;
        let nik = blank(self.nik).map(|n| n.trim().to_string());
        if nik
            .as_deref()
            .is_some_and(|n| n.len() != 16 || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(IntakeInvalid {
                code: "reporter.nik_invalid",
                id: "NIK tidak valid: diharapkan 16 angka".into(),
                en: "invalid NIK: expected 16 digits".into(),
            });
        }
        let name = blank(self.name).map(|n| n.trim().to_string());
        if name
            .as_deref()
            .is_some_and(|n| n.chars().count() > 200 || n.chars().any(char::is_control))
        {
            return Err(IntakeInvalid {
                code: "reporter.name_invalid",
                id: "nama pelapor tidak valid: paling banyak 200 karakter, tanpa karakter kendali"
                    .into(),
                en: "invalid reporter name: at most 200 characters, no control characters".into(),
            });
        }
        let proof = proof.filter(|_| phone.is_some() || email.is_some());
        Ok(Reporter {
            name,
            phone,
            email,
            nik,
            proof,
        })
    }
}

/// Reads the generic intake's JSON body (what `POST /api/v1/intake` accepts).
///
/// # Errors
/// The JSON does not read as an intake message; the message says what was expected
/// (personal numbers in it masked).
pub fn parse_intake(bytes: &[u8]) -> Result<IntakeBody, serde_json::Error> {
    serde_json::from_slice(bytes)
}

fn json_body<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
    lang: Lang,
    what: (&str, &str),
) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| invalid_json("request.invalid", what, &e, lang))
}

/// A body that does not read: serde's message (which can quote the offending input:
/// personal numbers masked) in both languages, naming `what` (`(id, en)`).
fn invalid_json(code: &str, what: (&str, &str), e: &serde_json::Error, lang: Lang) -> ApiError {
    let e = mask_personal_numbers(&e.to_string());
    ApiError(
        bad(
            422,
            code,
            format!("{} tidak valid: {}", what.0, serde_message(&e, Lang::Id)),
            format!("invalid {}: {e}", what.1),
        ),
        lang,
    )
}

fn answer(mut v: Value, lang: Lang, app: &App, duplicate: bool) -> Value {
    for (field, en) in [("answer", "answerEn"), ("explanation", "explanationEn")] {
        if lang == Lang::En {
            if let Some(a) = v.get(en).cloned() {
                v[field] = a;
            }
        }
        if let Some(o) = v.as_object_mut() {
            o.remove(en);
        }
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("duplicate".into(), duplicate.into());
    }
    let number = v.get("number").and_then(Value::as_str).map(str::to_string);
    if let (Some(n), Some("accepted" | "referred")) =
        (number, v.get("outcome").and_then(Value::as_str))
    {
        v["accessKey"] = app.desk.shared.access_key(&n).into();
    }
    v
}

fn rate_limited(lang: Lang, wait: std::time::Duration, contact: bool) -> ApiError {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut e = if contact {
        DeskError::new(
            429,
            "request.rate_limited",
            format!("terlalu banyak pesan untuk kontak ini; coba lagi dalam {secs} detik"),
            format!("too many messages for this contact; try again in {secs} seconds"),
        )
    } else {
        DeskError::new(
            429,
            "request.rate_limited",
            format!("terlalu banyak permintaan dari klien ini; coba lagi dalam {secs} detik"),
            format!("too many requests from this client; try again in {secs} seconds"),
        )
    };
    e.details = Some(
        json!({"retryAfterSeconds": secs.max(1), "limit": if contact { "contact" } else { "client" }}),
    );
    ApiError(e, lang)
}

async fn intake_json(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    // A portal (or staff) token: the generic intake is not anonymous, so the desk
    // knows who vouches for the contact details it is given (docs/service.md).
    let caller = app.caller(&headers, Role::Portal, lang)?;
    // The client is the token's name (unique among active tokens), so a reissued
    // token keeps its client's idempotency keys and limits.
    let client = token_hash(&caller.0.name);
    // Keys are the caller's own: another client's key never finds this one's
    // answer (nor its access key), and the body must be the same to be a retry.
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => {
            let k = v.to_str().map(str::trim).unwrap_or("");
            if k.is_empty() || k.len() > 200 || !k.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(ApiError(
                    bad(
                        422,
                        "request.idempotency_key",
                        "Idempotency-Key tidak valid: 1–200 karakter ASCII terlihat".into(),
                        "invalid Idempotency-Key: 1–200 visible ASCII characters".into(),
                    ),
                    lang,
                ));
            }
            Some(format!("api:{}:{k}", &client[..16]))
        }
    };
    // A retry of a message already taken is answered as the first time, whatever
    // the limits; staff (typing in letters) are not limited.
    let retry = key
        .as_deref()
        .is_some_and(|k| app.desk.shared.has_api_key(k));
    let staff = caller.0.role != Role::Portal;
    if !retry && !staff {
        if let Err(wait) = app.limits.client(&client) {
            return Err(rate_limited(lang, wait, false));
        }
    }
    let b = parse_intake(&body)
        .map_err(|e| invalid_json("request.invalid", ("pesan", "message"), &e, lang))?;
    let now = app.now();
    let received_at = match b.received_at {
        Some(t) => {
            app.caller(&headers, Role::Agent, lang)?;
            t
        }
        None => now,
    };
    let proof = (caller.0.role == Role::Portal && caller.0.attests_contacts).then(|| {
        ContactProof::Portal {
            name: caller.0.name.clone(),
        }
    });
    let reporter = b
        .reporter
        .checked(proof)
        .map_err(|e| ApiError(DeskError::new(422, e.code, e.id, e.en), lang))?;
    for c in reporter.phone.iter().chain(reporter.email.iter()) {
        if retry || staff {
            break;
        }
        if let Err(wait) = app.limits.contact(&super::limits::contact_key(c)) {
            return Err(rate_limited(lang, wait, true));
        }
    }
    let profile = app.desk.shared.profile();
    let text = format!("{}\n{}", b.subject.as_deref().unwrap_or(""), b.body);
    let message = Message {
        channel: b.channel,
        application: b
            .application
            .or_else(|| infer::application(&text, &profile.desk)),
        kind: b.kind.unwrap_or_else(|| infer::kind(&text)),
        subject: b.subject,
        body: b.body,
        reporter,
        received_at,
        about_desk: b.about_desk,
    };
    let req = IntakeRequest {
        key,
        fingerprint: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body))),
        message,
        thread: false,
        reply_to: Vec::new(),
        ticket_hint: None,
        automatic: None,
        reply_only: false,
    };
    let r = app
        .desk
        .intake(req, now)
        .await
        .map_err(|e| ApiError(e, lang))?;
    let status = match (r.duplicate, r.record.outcome.as_str()) {
        (false, "accepted" | "referred") => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    Ok((
        status,
        Json(answer(r.record.answer, lang, &app, r.duplicate)),
    )
        .into_response())
}

/// An inbound channel message as the desk's intake request; `proof` is who proved
/// its sender's contact (the channel's own check), if anyone. A sender over the
/// channel's limit (`limits`) is recorded without a ticket or an answer.
fn request(
    i: Inbound,
    profile: &Profile,
    proof: Option<ContactProof>,
    limits: &super::limits::Limits,
) -> IntakeRequest {
    let sender = i
        .reporter
        .phone
        .clone()
        .or_else(|| i.reporter.email.clone())
        .or_else(|| i.sender_id.clone());
    let over = i.automatic.is_none() && sender.is_some_and(|s| limits.sender(&s).is_err());
    if over {
        tracing::warn!("intake: a sender is over the channel's limit; recorded without a ticket");
    }
    let automatic = if over {
        Some("rate limited: too many messages from this sender in the last hour".to_string())
    } else {
        i.automatic
    };
    let text = format!("{}\n{}", i.subject.as_deref().unwrap_or(""), i.body);
    let mut body = i.body;
    // Attachments are noted on a written message; media without any text stays empty
    // (intake answers that the message is empty).
    let written = !body.trim().is_empty();
    for a in i.attachments.iter().filter(|_| written) {
        body.push_str(&format!(
            "\n[lampiran: {} ({}{})]",
            a.filename.as_deref().unwrap_or("tanpa nama"),
            a.content_type,
            a.size.map(|s| format!(", {s} B")).unwrap_or_default()
        ));
    }
    let mut reporter = i.reporter;
    reporter.proof = proof.filter(|_| reporter.phone.is_some() || reporter.email.is_some());
    IntakeRequest {
        key: Some(i.key),
        fingerprint: None,
        message: Message {
            channel: i.channel,
            application: infer::application(&text, &profile.desk),
            kind: infer::kind(&text),
            subject: i.subject,
            body,
            reporter,
            received_at: i.received_at,
            about_desk: false,
        },
        thread: true,
        reply_to: i.reply_to,
        ticket_hint: i.ticket_hint,
        automatic,
        reply_only: i.reply_only,
    }
}

#[derive(Deserialize)]
struct Handshake {
    #[serde(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    token: Option<String>,
    #[serde(rename = "hub.challenge")]
    challenge: Option<String>,
}

async fn wa_verify(State(app): State<App>, L(lang): L, Query(q): Query<Handshake>) -> Response {
    let Some(expected) = app.config.whatsapp_verify_token.as_deref() else {
        return ApiError(
            bad(
                403,
                "whatsapp.not_configured",
                "token verifikasi webhook belum dikonfigurasi (--whatsapp-verify-token)".into(),
                "webhook verify token not configured (--whatsapp-verify-token)".into(),
            ),
            lang,
        )
        .into_response();
    };
    match whatsapp::verify_handshake(
        q.mode.as_deref(),
        q.token.as_deref(),
        q.challenge.as_deref(),
        expected,
    ) {
        // Meta expects the challenge echoed as plain text.
        Ok(c) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            c,
        )
            .into_response(),
        Err(e) => ApiError(
            bad(403, "whatsapp.handshake", e.to_string(), e.to_string()),
            lang,
        )
        .into_response(),
    }
}

/// Runs a parser on a blocking thread: parsing a large body must never hold up the
/// async workers that answer everyone else.
pub(crate) async fn off_workers<T: Send + 'static>(
    lang: Lang,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        ApiError(
            bad(
                500,
                "request.internal",
                "galat internal saat membaca pesan".into(),
                "internal error while reading the message".into(),
            ),
            lang,
        )
    })
}

async fn wa_notify(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let Some(secret) = app.config.whatsapp_app_secret.clone() else {
        return Err(ApiError(bad(503, "whatsapp.not_configured",
            "webhook WhatsApp belum dikonfigurasi: jalankan dengan --whatsapp-app-secret (atau LOKET_WHATSAPP_APP_SECRET)".into(),
            "the WhatsApp webhook is not configured: run with --whatsapp-app-secret (or LOKET_WHATSAPP_APP_SECRET)".into()), lang));
    };
    let sig = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let items = off_workers(lang, move || {
        whatsapp::verify_signature(secret.as_bytes(), &body, sig.as_deref()).map_err(|e| {
            (
                401,
                "whatsapp.signature",
                e.message(Lang::Id),
                e.message(Lang::En),
            )
        })?;
        // serde's message can quote the offending input: personal numbers masked.
        whatsapp::parse(&body).map_err(|e| {
            (
                422,
                "whatsapp.payload",
                mask_personal_numbers(&e.message(Lang::Id)),
                mask_personal_numbers(&e.message(Lang::En)),
            )
        })
    })
    .await?
    .map_err(|(status, code, id, en)| ApiError(bad(status, code, id, en), lang))?;
    let now = app.now();
    let profile = app.desk.shared.profile();
    let (mut received, mut duplicates, mut statuses) = (0, 0, Vec::new());
    for item in items {
        match item {
            whatsapp::WaItem::Message(m) => {
                // Meta's signature proves the sender's number.
                let r = app
                    .desk
                    .intake(
                        request(*m, &profile, Some(ContactProof::Whatsapp), &app.limits),
                        now,
                    )
                    .await
                    .map_err(|e| ApiError(e, lang))?;
                if r.duplicate {
                    duplicates += 1;
                } else {
                    received += 1;
                }
            }
            whatsapp::WaItem::Status(s) => statuses.push((s.key, s.status, s.at)),
        }
    }
    let n = statuses.len();
    if n > 0 {
        app.desk
            .statuses(statuses)
            .await
            .map_err(|e| ApiError(e, lang))?;
    }
    Ok(Json(
        json!({"received": received, "duplicates": duplicates, "statuses": n}),
    ))
}

async fn email_in(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Agent, lang)?;
    let now = app.now();
    let m = off_workers(lang, move || email::parse(&body, now))
        .await?
        .map_err(|e| {
            ApiError(
                bad(
                    422,
                    "email.invalid",
                    format!("email tidak dapat dibaca: {}", e.message(Lang::Id)),
                    format!("the email does not read: {e}"),
                ),
                lang,
            )
        })?;
    let profile = app.desk.shared.profile();
    // The sender is proved as far as the desk's mail server checks senders.
    let proof = app
        .config
        .email_senders_verified
        .then_some(ContactProof::Email);
    let r = app
        .desk
        .intake(request(m, &profile, proof, &app.limits), now)
        .await
        .map_err(|e| ApiError(e, lang))?;
    let mut v = answer(r.record.answer, lang, &app, r.duplicate);
    v.as_object_mut().map(|o| o.remove("accessKey"));
    Ok(Json(v))
}

// ---------------------------------------------------------------- staff

#[derive(Deserialize)]
struct ListQuery {
    state: Option<String>,
    application: Option<String>,
    tier: Option<String>,
    assignee: Option<String>,
    sla: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    #[allow(dead_code)]
    lang: Option<String>,
}

async fn list(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<TicketPage>, ApiError> {
    app.caller(&headers, Role::Agent, lang)?;
    let sla = match q.sla.as_deref() {
        None => None,
        Some(x) => Some(SlaFilter::parse(x).ok_or_else(|| {
            let expected = SlaFilter::ALL.map(SlaFilter::as_str).join(", ");
            ApiError(
                bad(
                    400,
                    "request.invalid",
                    format!("filter sla `{x}` tidak dikenal: diharapkan {expected}"),
                    format!("unknown sla filter `{x}`: expected {expected}"),
                ),
                lang,
            )
        })?),
    };
    let now = app.now();
    let profile = app.desk.shared.profile();
    // Memory answers for every open ticket and the recently closed ones; the store
    // for the terminal tickets before `since` (each ticket counted once).
    let since = app.desk.shared.kept_since(now);
    let tickets: Vec<Arc<Ticket>> = app
        .desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .filter(|t| loket_desk::desk::Shared::answers_for(t, since))
        .cloned()
        .collect();
    let needle = q.q.as_deref().map(str::to_lowercase);
    // Pages are read from the top (memory's and the store's merged): a page deep
    // down costs its offset, so the offset is bounded; narrow the filters instead.
    let offset = q.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError(
            bad(
                400,
                "request.invalid",
                format!("offset {offset} terlalu besar (paling banyak {MAX_OFFSET}): persempit penyaring"),
                format!("offset {offset} is too large (at most {MAX_OFFSET}): narrow the filters"),
            ),
            lang,
        ));
    }
    let limit = q.limit.unwrap_or(50).min(1000);
    let older = match since {
        // Only a filter that can match a terminal ticket looks in the store.
        Some(before)
            if q.state.as_deref().is_none_or(|s| {
                loket_core::ticket::StateName::ALL
                    .iter()
                    .any(|n| n.is_terminal() && serde_json::to_value(n).is_ok_and(|v| v == s))
            }) && sla.is_none_or(|f| {
                matches!(
                    f,
                    SlaFilter::Met | SlaFilter::Breached | SlaFilter::Cancelled | SlaFilter::None
                )
            }) =>
        {
            let f = loket_store::Find {
                before: Some(before),
                state: q.state.clone(),
                application: q.application.clone(),
                tier: q.tier.clone(),
                assignee: q.assignee.clone(),
                sla: sla.map(|f| f.as_str().to_string()),
                text: needle.clone(),
                limit: offset + limit,
            };
            let history = app.history.clone();
            off_workers(lang, move || {
                history
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .find_closed(&f)
            })
            .await?
            .map_err(|e| {
                ApiError(
                    bad(503, "store.unavailable", e.to_string(), e.to_string()),
                    lang,
                )
            })?
        }
        _ => loket_store::Found::default(),
    };
    let mut rows: Vec<(Arc<Ticket>, TicketSummary)> = Vec::new();
    for t in tickets {
        let tier = serde_json::to_value(t.tier()).unwrap_or_default();
        let state_matches =
            |s: &str| s == t.state().name() || (s == "open" && !t.state().is_terminal());
        if q.state.as_deref().is_some_and(|s| !state_matches(s))
            || q.application
                .as_deref()
                .is_some_and(|a| Some(a) != t.application())
            || q.tier.as_deref().is_some_and(|x| tier.as_str() != Some(x))
            || q.assignee
                .as_deref()
                .is_some_and(|a| Some(a) != t.assignee())
            || needle.as_deref().is_some_and(|n| {
                !t.number().to_lowercase().contains(n)
                    && !t.subject().to_lowercase().contains(n)
                    && !t.body().to_lowercase().contains(n)
            })
        {
            continue;
        }
        let s = TicketSummary::of(&t, &profile, now, lang);
        if sla.is_some_and(|want| SlaFilter::of(s.sla.as_ref()) != want) {
            continue;
        }
        rows.push((t, s));
    }
    let total = rows.len() + older.total;
    // Newest received first: memory's matches and the store's first ones merged,
    // then the page read; only the store's tickets on the page are read in full.
    let mut order: Vec<(Timestamp, String, Option<TicketSummary>)> = rows
        .into_iter()
        .map(|(t, s)| (t.received_at(), t.number().to_string(), Some(s)))
        .chain(older.rows.into_iter().map(|(n, at)| (at, n, None)))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let window: Vec<(Timestamp, String, Option<TicketSummary>)> =
        order.into_iter().skip(offset).take(limit).collect();
    let wanted: Vec<String> = window
        .iter()
        .filter(|w| w.2.is_none())
        .map(|w| w.1.clone())
        .collect();
    let mut read: HashMap<String, TicketSummary> = app
        .stored_tickets(&wanted, lang)?
        .iter()
        .map(|t| {
            (
                t.number().to_string(),
                TicketSummary::of(t, &profile, now, lang),
            )
        })
        .collect();
    let page: Vec<TicketSummary> = window
        .into_iter()
        .filter_map(|(_, n, s)| s.or_else(|| read.remove(&n)))
        .collect();
    Ok(Json(TicketPage {
        total,
        tickets: page,
    }))
}

/// The deepest page of the staff list (`offset`).
const MAX_OFFSET: usize = 100_000;

/// [`found`], after catching up with the other nodes when this one does not have the
/// ticket yet (several nodes: a ticket opened on another node a moment ago).
/// Then the store, for a ticket closed long ago.
async fn found_anywhere(app: &App, number: &str, lang: Lang) -> Result<Arc<Ticket>, ApiError> {
    match found(app, number, lang) {
        Err(e) => {
            if app.shared_store {
                let _ = app.desk.sync().await;
                if let Ok(t) = found(app, number, lang) {
                    return Ok(t);
                }
            }
            app.stored_ticket(number, lang)?.ok_or(e)
        }
        r => r,
    }
}

fn found(app: &App, number: &str, lang: Lang) -> Result<Arc<Ticket>, ApiError> {
    app.desk.shared.ticket(number).ok_or_else(|| {
        ApiError(
            bad(
                404,
                "ticket.not_found",
                format!("tiket {number} tidak ditemukan"),
                format!("no ticket {number}"),
            ),
            lang,
        )
    })
}

async fn one(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Result<Json<TicketDetail>, ApiError> {
    app.caller(&headers, Role::Agent, lang)?;
    let t = found_anywhere(&app, &number, lang).await?;
    Ok(Json(TicketDetail::of(
        &t,
        &app.desk.shared.profile(),
        app.now(),
        lang,
    )))
}

async fn add_event(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Path(number): Path<String>,
    body: Bytes,
) -> Result<Json<TicketDetail>, ApiError> {
    let caller = app.caller(&headers, Role::Agent, lang)?;
    let mut v: Value = json_body(&body, lang, ("peristiwa", "event"))?;
    let Some(obj) = v.as_object_mut() else {
        return Err(ApiError(
            bad(
                422,
                "request.invalid",
                "peristiwa harus berupa objek JSON".into(),
                "an event must be a JSON object".into(),
            ),
            lang,
        ));
    };
    let name = obj
        .get("event")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if matches!(name.as_str(), "received" | "sla_warning" | "sla_breached") {
        return Err(ApiError(
            bad(
                422,
                "event.system_only",
                format!("peristiwa `{name}` hanya dicatat oleh sistem"),
                format!("`{name}` events are recorded by the system only"),
            ),
            lang,
        ));
    }
    if matches!(name.as_str(), "reject" | "merge_into" | "reevaluate") {
        app.caller(&headers, Role::Supervisor, lang)?;
    }
    if obj.contains_key("at") || obj.contains_key("by") {
        return Err(ApiError(
            bad(
                422,
                "event.stamped_by_server",
                "`at` dan `by` diisi oleh server (waktu sekarang dan pemilik token)".into(),
                "`at` and `by` are set by the server (now, and the token's owner)".into(),
            ),
            lang,
        ));
    }
    let now = app.now();
    let t = found_anywhere(&app, &number, lang).await?;
    let profile = app.desk.shared.profile();
    let event = if name == "reevaluate" {
        Event {
            at: now,
            by: Actor::Staff(caller.0.name.clone()),
            what: t.reevaluation(&profile).map_err(|e| {
                ApiError(
                    DeskError::new(422, e.code(), e.message(Lang::Id), e.message(Lang::En)),
                    lang,
                )
            })?,
            reason: obj
                .get("reason")
                .and_then(Value::as_str)
                .map(str::to_string),
        }
    } else {
        obj.insert("at".into(), serde_json::to_value(now).unwrap_or_default());
        obj.insert("by".into(), json!({"type": "staff", "name": caller.0.name}));
        serde_json::from_value::<Event>(v)
            .map_err(|e| invalid_json("event.invalid", ("peristiwa", "event"), &e, lang))?
    };
    let t = app
        .desk
        .apply(&number, event)
        .await
        .map_err(|e| ApiError(e, lang))?;
    Ok(Json(TicketDetail::of(&t, &profile, now, lang)))
}

// ---------------------------------------------------------------- reporter

#[derive(Deserialize)]
struct KeyQuery {
    key: Option<String>,
}

async fn status(
    State(app): State<App>,
    L(lang): L,
    Path(number): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Json<PublicStatus>, ApiError> {
    let nope = || {
        ApiError(
            bad(
                404,
                "status.not_found",
                "nomor tiket atau kode akses tidak cocok".into(),
                "the ticket number or access key does not match".into(),
            ),
            lang,
        )
    };
    let key = q.key.ok_or_else(nope)?;
    if !app.desk.shared.check_access_key(&number, &key) {
        return Err(nope());
    }
    // With several nodes, a ticket opened on another node a moment ago (the key was
    // checked: a stranger cannot make this node look).
    if app.desk.shared.ticket(&number).is_none() && app.shared_store {
        let _ = app.desk.sync().await;
    }
    let t = app.stored_ticket(&number, lang)?.ok_or_else(nope)?;
    let profile = app.desk.shared.profile();
    let now = app.now();
    let names = app.config.show_staff_names;
    Ok(Json(PublicStatus::of(&t, &profile, now, lang, names)))
}

// ---------------------------------------------------------------- admin

fn profile_json(p: &Profile) -> Value {
    json!({
        "calendar": serde_json::to_value(p.calendar.spec()).unwrap_or_default(),
        "policy": serde_json::to_value(p.policy).unwrap_or_default(),
        "desk": serde_json::to_value(&p.desk).unwrap_or_default(),
    })
}

async fn profile(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    Ok(Json(profile_json(&app.desk.shared.profile())))
}

/// The profile for any staff role (the staff page's countdowns use its calendar).
async fn desk_profile(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Agent, lang)?;
    let profile = app.desk.shared.profile();
    let mut v = profile_json(&profile);
    v["coverage"] = loket_desk::coverage::coverage_json(&profile, app.now(), lang);
    Ok(Json(v))
}

async fn set_part(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Path(part): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let text = String::from_utf8(body.to_vec()).map_err(|_| {
        ApiError(
            bad(
                422,
                "request.not_utf8",
                "isi harus teks UTF-8 (TOML atau JSON)".into(),
                "the body must be UTF-8 text (TOML or JSON)".into(),
            ),
            lang,
        )
    })?;
    let p = app
        .desk
        .configure(&part, text)
        .await
        .map_err(|e| ApiError(e, lang))?;
    app.registry.set_profile(p.clone());
    Ok(Json(profile_json(&p)))
}

fn plugin_json(app: &App, application: &str) -> Value {
    let reg = &app.registry;
    let p = reg.get(application);
    let c = reg.counters(application);
    json!({
        "application": application,
        "name": p.as_ref().map(|p| p.manifest.name.clone()),
        "version": p.as_ref().map(|p| p.manifest.version.clone()),
        "file": p.as_ref().map(|p| p.origin.clone()),
        "language": p.as_ref().map(|p| p.language.name()),
        "limits": p.as_ref().map(|p| json!({
            "fuel": p.limits().fuel,
            "memoryBytes": p.limits().memory,
            "concurrency": p.limits().concurrency,
        })),
        "decided": c.map_or(0, |c| c.decided),
        "deferred": c.map_or(0, |c| c.deferred),
        "failures": c.map_or(0, |c| c.failures()),
        "counters": c,
    })
}

async fn plugins(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let list: Vec<Value> = app
        .registry
        .applications()
        .iter()
        .map(|a| plugin_json(&app, a))
        .collect();
    Ok(Json(json!({"plugins": list})))
}

/// An application id as it may name a plugin file: lowercase ASCII letters, digits
/// and dashes, 1–64 characters, starting with a letter or digit. The only way to
/// make one is [`AppId::parse`], so a file name built from it can never leave the
/// plugin directory (no `/`, `\\`, `..`, NUL or absolute path can be in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppId(String);

impl AppId {
    /// Checks `s`.
    pub fn parse(s: &str) -> Option<AppId> {
        let ok = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-');
        ok.then(|| AppId(s.to_string()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The plugin's file in `dir`: `dir/<id>.wasm`.
    pub fn file_in(&self, dir: &std::path::Path) -> std::path::PathBuf {
        dir.join(format!("{}.wasm", self.0))
    }
}

async fn upload_plugin(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Path(application): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let Some(id) = AppId::parse(&application) else {
        return Err(ApiError(
            bad(
                422,
                "plugin.application_id",
                "id aplikasi tidak valid: huruf kecil, angka dan tanda hubung, 1–64 karakter"
                    .into(),
                "invalid application id: lowercase letters, digits and dashes, 1–64 characters"
                    .into(),
            ),
            lang,
        ));
    };
    let reg = app.registry.clone();
    let name = format!("upload:{application}.wasm");
    let bytes = body.clone();
    // The administrator's limits for this application's plugin, if any, as a reload
    // would read them (`<plugins>/<application>.toml`).
    let limits_file = app
        .config
        .plugins_dir
        .as_ref()
        .map(|dir| id.file_in(dir).with_extension("toml"));
    let loaded = tokio::task::spawn_blocking(move || {
        let limits = match &limits_file {
            Some(f) => loket_plugin_host::read_limits(f).map_err(|error| {
                loket_plugin_host::LoadError::Limits {
                    file: name.clone(),
                    error,
                }
            })?,
            None => None,
        };
        reg.host().load_bytes_with(&bytes, &name, limits.as_ref())
    })
    .await
    .map_err(|e| {
        ApiError(
            bad(500, "plugin.internal", e.to_string(), e.to_string()),
            lang,
        )
    })?
    .map_err(|e| {
        ApiError(
            bad(422, "plugin.refused", e.to_string(), e.to_string()),
            lang,
        )
    })?;
    if loaded.manifest.application != application {
        return Err(ApiError(
            bad(
                422,
                "plugin.wrong_application",
                format!(
                    "plugin ini untuk aplikasi `{}`, bukan `{application}`",
                    loaded.manifest.application
                ),
                format!(
                    "this plugin is for application `{}`, not `{application}`",
                    loaded.manifest.application
                ),
            ),
            lang,
        ));
    }
    if let Some(dir) = &app.config.plugins_dir {
        // Kept where the next start (and reload) finds it: written aside, then
        // renamed over the old file, so a reload never reads half a file.
        let path = id.file_in(dir);
        let tmp = dir.join(format!(".{}.upload", id.as_str()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, &body))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            tracing::error!(application = id.as_str(), "plugin upload not kept: {e}");
            return Err(ApiError(
                bad(
                    503,
                    "plugin.not_kept",
                    format!("plugin tidak dapat disimpan di {}: {e}", dir.display()),
                    format!("the plugin could not be kept in {}: {e}", dir.display()),
                ),
                lang,
            ));
        }
    }
    app.registry.install(loaded);
    Ok(Json(plugin_json(&app, &application)))
}

async fn reload_plugins(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let Some(dir) = app.config.plugins_dir.clone() else {
        return Err(ApiError(
            bad(
                409,
                "plugin.no_directory",
                "tidak ada direktori plugin (--plugins)".into(),
                "no plugin directory (--plugins)".into(),
            ),
            lang,
        ));
    };
    let reg = app.registry.clone();
    let entries = tokio::task::spawn_blocking(move || reg.load_dir(&dir))
        .await
        .map_err(|e| {
            ApiError(
                bad(500, "plugin.internal", e.to_string(), e.to_string()),
                lang,
            )
        })?
        .map_err(|e| {
            ApiError(
                bad(422, "plugin.directory", e.to_string(), e.to_string()),
                lang,
            )
        })?;
    let refused: Vec<Value> = entries
        .iter()
        .filter_map(|e| {
            e.result
                .as_ref()
                .err()
                .map(|err| json!({"file": e.path.display().to_string(), "error": err.to_string()}))
        })
        .collect();
    let list: Vec<Value> = app
        .registry
        .applications()
        .iter()
        .map(|a| plugin_json(&app, a))
        .collect();
    Ok(Json(json!({"plugins": list, "refused": refused})))
}

#[derive(Deserialize)]
struct OutboxQuery {
    status: Option<String>,
    limit: Option<usize>,
}

async fn outbox(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let list = app.read(lang, |r| {
        r.outbox(q.status.as_deref(), q.limit.unwrap_or(100).min(10_000))
    })?;
    Ok(Json(json!({"notifications": list})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NewToken {
    role: String,
    name: String,
    #[serde(default)]
    attests_contacts: bool,
}

async fn list_tokens(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let list = app.read(lang, |r| r.tokens())?;
    Ok(Json(json!({"tokens": list})))
}

async fn revoke_token(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let done = app.read(lang, |r| r.revoke_token(&name, app.now()))?;
    if !done {
        return Err(ApiError(
            bad(
                404,
                "token.not_found",
                format!("tidak ada token aktif bernama `{name}`"),
                format!("no active token is named `{name}`"),
            ),
            lang,
        ));
    }
    // This process stops accepting it at once (others within the cache's life).
    app.tokens
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .retain(|_, (r, _)| r.name != name);
    Ok(Json(json!({"revoked": name})))
}

async fn new_token(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    app.caller(&headers, Role::Admin, lang)?;
    let b: NewToken = json_body(&body, lang, ("token", "token"))?;
    let mut reads = app.reads.lock().unwrap_or_else(PoisonError::into_inner);
    let token =
        super::create_token_with(&mut *reads, &b.role, &b.name, b.attests_contacts, app.now())
            .map_err(|e| {
                ApiError(
                    bad(
                        422,
                        "token.invalid",
                        e.message(Lang::Id),
                        e.message(Lang::En),
                    ),
                    lang,
                )
            })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": token, "role": b.role, "name": b.name.trim(), "attestsContacts": b.attests_contacts})),
    )
        .into_response())
}
