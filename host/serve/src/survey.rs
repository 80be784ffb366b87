//! The SKM survey (PermenPANRB 14/2017; the standard's B8: users evaluate the
//! service at any time): `POST /api/v1/survey` takes an answer, `GET
//! /api/v1/reports/skm` computes the index over a period.
//!
//! Who may answer: the reporter of a finished ticket, with its number and access
//! key (the closing message invites them); one answer per ticket, replaced by a
//! second one within [`EDIT_WINDOW_SECS`] of the first, then locked. Without a
//! ticket, through a portal (a `portal` token, rate-limited per portal like the
//! intake): the standard opens the survey at any time, and an anonymous endpoint
//! would let anyone vote as often as they like. No personal data is asked; the
//! optional comment is masked for NIK and phone numbers like all free text.

use std::sync::PoisonError;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use loket_core::report::Period;
use loket_core::skm::{index_in, Comment, GradeTable, Response as Answer, SkmSummary};
use loket_core::ticket::{mask_personal_numbers, State as TicketState};
use loket_core::{Lang, Timestamp};
use loket_store::SurveyRecord;
use serde::Deserialize;
use serde_json::json;

use crate::api::{bad, ApiError, App, L};
use loket_desk::desk::Shared;

/// How long after the first answer for a ticket a second one replaces it: three
/// days.
pub const EDIT_WINDOW_SECS: i64 = 3 * 86_400;

/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SurveyBody {
    ticket: Option<String>,
    access_key: Option<String>,
    /// Scores by element, read by [`Answer::from_text`] so that a wrong one is named
    /// in the reader's language.
    answers: std::collections::BTreeMap<String, serde_json::Value>,
    comment: Option<String>,
}

/// A survey answer as sent, read and checked: nine scores 1–4, the comment trimmed,
/// at most [`MAX_COMMENT`] characters, personal numbers masked.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyInput {
    /// The ticket it rates, with its access key (both or neither).
    pub ticket: Option<(String, String)>,
    /// The scores.
    pub answers: Answer,
    /// The comment, masked; `None` when empty.
    pub comment: Option<String>,
}

/// Why a survey body was refused (answered `422`).
#[derive(Debug)]
pub enum SurveyInvalid {
    /// Not the JSON shape (serde's message, personal numbers masked).
    Json(String),
    /// The answers: an element unknown, repeated or missing, or a score outside 1–4.
    Answers(loket_core::error::SkmError),
    /// `ticket` without `accessKey` or the other way round.
    TicketWithoutKey,
    /// A comment over [`MAX_COMMENT`] characters.
    CommentTooLong,
}

impl SurveyInvalid {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SurveyInvalid::CommentTooLong => "survey.comment_too_long",
            _ => "survey.invalid",
        }
    }

    /// What was wrong and what was expected, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let expected = "{\"answers\": {\"persyaratan\": 1–4, …, \"sarana\": 1–4}, \"ticket\"?, \"accessKey\"?, \"comment\"?}";
        match (self, lang) {
            (SurveyInvalid::Json(e), Lang::Id) => format!(
                "jawaban survei tidak valid: {}; diharapkan {expected}",
                loket_core::error::serde_message(e, Lang::Id)
            ),
            (SurveyInvalid::Json(e), Lang::En) => {
                format!("invalid survey answer: {e}; expected {expected}")
            }
            (SurveyInvalid::Answers(e), Lang::Id) => {
                format!("jawaban survei tidak valid: {}", e.message(Lang::Id))
            }
            (SurveyInvalid::Answers(e), Lang::En) => {
                format!("invalid survey answer: {}", e.message(Lang::En))
            }
            (SurveyInvalid::TicketWithoutKey, _) => lang
                .pick(
                    "sebutkan `ticket` dan `accessKey` bersama-sama, atau tidak keduanya",
                    "give `ticket` and `accessKey` together, or neither",
                )
                .into(),
            (SurveyInvalid::CommentTooLong, Lang::Id) => {
                format!("komentar terlalu panjang: paling banyak {MAX_COMMENT} karakter")
            }
            (SurveyInvalid::CommentTooLong, Lang::En) => {
                format!("the comment is too long: at most {MAX_COMMENT} characters")
            }
        }
    }
}

/// Reads a survey body (`POST /api/v1/survey`).
///
/// # Errors
/// [`SurveyInvalid`].
pub fn parse_survey(bytes: &[u8]) -> Result<SurveyInput, SurveyInvalid> {
    let b: SurveyBody = serde_json::from_slice(bytes)
        .map_err(|e| SurveyInvalid::Json(mask_personal_numbers(&e.to_string())))?;
    let answers = Answer::from_text(b.answers.iter().map(|(k, v)| {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        (k.as_str(), text)
    }))
    .map_err(SurveyInvalid::Answers)?;
    let comment = match b.comment.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) if c.chars().count() > MAX_COMMENT => return Err(SurveyInvalid::CommentTooLong),
        Some(c) => Some(mask_personal_numbers(c)),
    };
    let ticket = match (b.ticket, b.access_key) {
        (Some(t), Some(k)) => Some((t, k)),
        (None, None) => None,
        _ => return Err(SurveyInvalid::TicketWithoutKey),
    };
    Ok(SurveyInput {
        ticket,
        answers,
        comment,
    })
}

fn err(status: u16, code: &str, id: String, en: String, lang: Lang) -> ApiError {
    ApiError(bad(status, code, id, en), lang)
}

/// `POST /api/v1/survey`.
pub(crate) async fn answer(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input = parse_survey(&body).map_err(|e| {
        err(
            422,
            e.code(),
            e.message(Lang::Id),
            e.message(Lang::En),
            lang,
        )
    })?;
    let (answers, comment) = (input.answers, input.comment);
    let now = app.now();
    let scores = answers.scores();
    let (record, editable_until) = match input.ticket {
        Some((number, key)) => {
            let nope = || {
                err(
                    404,
                    "status.not_found",
                    "nomor tiket atau kode akses tidak cocok".into(),
                    "the ticket number or access key does not match".into(),
                    lang,
                )
            };
            if !app.desk.shared.check_access_key(&number, &key) {
                return Err(nope());
            }
            let t = app.stored_ticket(&number, lang)?.ok_or_else(nope)?;
            if !matches!(
                t.state(),
                TicketState::SolutionDelivered(_) | TicketState::Closed(_)
            ) {
                return Err(err(
                    409,
                    "survey.not_finished",
                    format!("tiket {number} belum selesai: survei dibuka setelah solusi disampaikan"),
                    format!("ticket {number} is not finished: the survey opens once a solution is delivered"),
                    lang,
                ));
            }
            let earlier = app
                .reads
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .survey_of(&number)
                .map_err(|e| store_error(&e, lang))?;
            let first_at = earlier.as_ref().map_or(now, |r| r.first_at);
            let until = Timestamp::from_unix(first_at.unix() + EDIT_WINDOW_SECS);
            if now >= until {
                return Err(err(
                    409,
                    "survey.locked",
                    format!("survei untuk tiket {number} sudah dikunci: jawaban dapat diubah dalam 3 hari sejak jawaban pertama"),
                    format!("the survey for ticket {number} is locked: an answer can be changed within 3 days of the first"),
                    lang,
                ));
            }
            (
                SurveyRecord {
                    ticket: Some(number),
                    at: now,
                    first_at,
                    scores,
                    comment,
                },
                Some(until),
            )
        }
        None => {
            // Without a ticket: a portal vouches for its users, within its limits.
            let caller = app.caller(&headers, crate::Role::Portal, lang)?;
            if caller.0.role == crate::Role::Portal {
                if let Err(wait) = app
                    .limits
                    .client(&format!("survey:{}", crate::token_hash(&caller.0.name)))
                {
                    let secs = wait.as_secs().max(1);
                    let mut e = bad(
                        429,
                        "request.rate_limited",
                        format!("terlalu banyak jawaban: coba lagi dalam {secs} detik"),
                        format!("too many answers: try again in {secs} seconds"),
                    );
                    e.details = Some(json!({"retryAfterSeconds": secs}));
                    return Err(ApiError(e, lang));
                }
            }
            (
                SurveyRecord {
                    ticket: None,
                    at: now,
                    first_at: now,
                    scores,
                    comment,
                },
                None,
            )
        }
    };
    let replaced = app
        .reads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .put_survey(&record)
        .map_err(|e| store_error(&e, lang))?;
    let status = if replaced {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(json!({
            "replaced": replaced,
            "editableUntil": editable_until,
            "message": lang.pick(
                "Terima kasih atas penilaian Anda.",
                "Thank you for your evaluation.",
            ),
        })),
    )
        .into_response())
}

/// A store failure, answered 503 (and logged).
pub(crate) fn store_error(e: &loket_store::StoreError, lang: Lang) -> ApiError {
    tracing::error!(target: "loket_serve", error = %e, "survey store");
    err(
        503,
        "store.unavailable",
        "penyimpanan tidak tersedia; coba lagi".into(),
        "the store is unavailable; try again".into(),
        lang,
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkmQuery {
    from: Option<String>,
    to: Option<String>,
    table: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
}

/// `GET /api/v1/reports/skm?from&to&table`: answers given in the period (default:
/// the current month up to now), the index graded by `table` (default
/// PermenPANRB 14/2017), the sample checked against the tickets received in the
/// period.
pub(crate) async fn report(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Query(q): Query<SkmQuery>,
) -> Result<Json<SkmSummary>, ApiError> {
    app.caller(&headers, crate::Role::Supervisor, lang)?;
    let now = app.now();
    let profile = app.desk.shared.profile();
    let (from, to) =
        crate::reports::period(q.from.as_deref(), q.to.as_deref(), &profile, now, lang)?;
    let table = match q.table.as_deref() {
        None => GradeTable::PERMENPANRB_2017,
        Some(t) => GradeTable::by_id(t).map_err(|e| {
            err(
                400,
                e.code(),
                e.message(Lang::Id),
                e.message(Lang::En),
                lang,
            )
        })?,
    };
    let rows = app
        .reads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .surveys(from, to)
        .map_err(|e| store_error(&e, lang))?;
    // Memory's tickets, and the terminal ones only the store still has.
    let since = app.desk.shared.kept_since(app.now());
    let kept = app
        .desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .filter(|t| Shared::answers_for(t, since) && Period { from, to }.contains(t.received_at()))
        .count();
    let older = match since {
        Some(before) => app
            .history
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .count_closed_received(from, to, before)
            .map_err(|e| store_error(&e, lang))?,
        None => 0,
    };
    let population = (kept + older) as u64;
    let answers: Vec<Answer> = rows
        .iter()
        .filter_map(|r| Answer::from_scores(r.scores).ok())
        .collect();
    let report = index_in(
        &answers,
        &table,
        (population > 0).then_some(population),
        lang,
    )
    .ok();
    let mut comments: Vec<Comment> = rows
        .iter()
        .filter_map(|r| {
            r.comment.as_ref().map(|c| Comment {
                at: r.at,
                with_ticket: r.ticket.is_some(),
                text: c.clone(),
            })
        })
        .collect();
    comments.reverse();
    Ok(Json(SkmSummary {
        from,
        to,
        respondents: answers.len() as u64,
        with_ticket: rows.iter().filter(|r| r.ticket.is_some()).count() as u64,
        population,
        report,
        comments,
    }))
}
