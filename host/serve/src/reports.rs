//! `GET /api/v1/reports/sla`: the SLA compliance report over a period, for
//! supervisors and administrators (see docs/reports.md for what each number means);
//! `GET /api/v1/reports/export`: the period's ticket facts as one export, for the
//! dashboard to compute every report in the browser.

use std::sync::{Arc, PoisonError};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use loket_core::report::export;
use loket_core::report::{report, Filter, IntakeCounts, Period, Report, TicketFacts};
use loket_core::ticket::Ticket;
use loket_core::{Lang, Profile, TicketKind, Timestamp};
use serde::Deserialize;

use crate::api::{bad, ApiError, App, L};
use loket_desk::desk::Shared;

/// The query of `GET /api/v1/reports/sla`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportQuery {
    from: Option<String>,
    to: Option<String>,
    application: Option<String>,
    kind: Option<String>,
    tier: Option<String>,
    officer: Option<String>,
    channel: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
}

/// A query value that is not one of the accepted names: 400 naming them.
fn invalid(what: &str, value: &str, expected: &str, lang: Lang) -> ApiError {
    ApiError(
        bad(
            400,
            "request.invalid",
            format!("{what} `{value}` tidak dikenal: diharapkan {expected}"),
            format!("unknown {what} `{value}`: expected {expected}"),
        ),
        lang,
    )
}

fn named<T: serde::de::DeserializeOwned>(
    value: Option<&str>,
    what: &str,
    expected: &str,
    lang: Lang,
) -> Result<Option<T>, ApiError> {
    value
        .map(|v| {
            serde_json::from_value(serde_json::Value::String(v.to_string()))
                .map_err(|_| invalid(what, v, expected, lang))
        })
        .transpose()
}

/// A report's period from its query: days (`YYYY-MM-DD`, both included) or RFC 3339
/// instants (`to` excluded); by default the current month up to `now`.
pub(crate) fn period(
    from: Option<&str>,
    to: Option<&str>,
    profile: &Profile,
    now: Timestamp,
    lang: Lang,
) -> Result<(Timestamp, Timestamp), ApiError> {
    let cal = &profile.calendar;
    let bound = |text: &str, end: bool| {
        Period::bound(text, cal, end).map_err(|_| {
            invalid(
                if end { "to" } else { "from" },
                text,
                "YYYY-MM-DD atau/or RFC 3339",
                lang,
            )
        })
    };
    let from = match from {
        Some(t) => bound(t, false)?,
        None => bound(
            &now.in_zone(cal.timezone()).format("%Y-%m-01").to_string(),
            false,
        )?,
    };
    let to = match to {
        Some(t) => bound(t, true)?,
        None => Timestamp::from_unix(now.unix() + 1),
    };
    if to <= from {
        return Err(ApiError(
            bad(
                400,
                "request.invalid",
                "`to` harus setelah `from`".into(),
                "`to` must come after `from`".into(),
            ),
            lang,
        ));
    }
    Ok((from, to))
}

/// `GET /api/v1/reports/sla?from&to&application&kind&tier&officer&channel`: `from`
/// and `to` are days (`YYYY-MM-DD`, both included) or RFC 3339 instants (`to`
/// excluded); by default the current month up to now.
pub(crate) async fn sla(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Result<Json<Report>, ApiError> {
    app.caller(&headers, crate::Role::Supervisor, lang)?;
    let now = app.now();
    let profile = app.desk.shared.profile();
    let (from, to) = period(q.from.as_deref(), q.to.as_deref(), &profile, now, lang)?;
    let filter = Filter {
        application: q.application,
        kind: named::<TicketKind>(
            q.kind.as_deref(),
            "kind",
            "complaint, request, incident",
            lang,
        )?,
        tier: named(
            q.tier.as_deref(),
            "tier",
            "first_line, application_staff, change_management, information_security, operations_design",
            lang,
        )?,
        officer: q.officer,
        channel: named(q.channel.as_deref(), "channel", "whatsapp, email", lang)?,
    };
    let log = intake_log(&app, from, to, lang)?;
    // Every ticket's clocks (and the store's older tickets): off the async workers.
    let r = crate::api::off_workers(lang, move || {
        let tickets = received_in(&app, from, to, lang)?;
        let period = Period { from, to };
        let facts = facts_of(&tickets, &profile, now);
        let mut r = report(&facts, &filter, period, &profile, lang);
        r.intake = Some(IntakeCounts::of(&log, period));
        Ok::<_, ApiError>(r)
    })
    .await??;
    Ok(Json(r))
}

/// Every message of the period, tickets or not (the intake log).
fn intake_log(
    app: &App,
    from: Timestamp,
    to: Timestamp,
    lang: Lang,
) -> Result<Vec<loket_core::report::IntakeEntry>, ApiError> {
    let log = app
        .reads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .intake_log(from, to);
    log.map_err(|e| crate::survey::store_error(&e, lang))
}

/// The tickets received in `from`–`to` (a copy: the reports run off the lock):
/// memory's, and the terminal ones only the store still has (read and replayed).
fn received_in(
    app: &App,
    from: Timestamp,
    to: Timestamp,
    lang: Lang,
) -> Result<Vec<Arc<Ticket>>, ApiError> {
    let since = app.desk.shared.kept_since(app.now());
    let mut out: Vec<Arc<Ticket>> = app
        .desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .filter(|t| {
            Shared::answers_for(t, since) && from <= t.received_at() && t.received_at() < to
        })
        .cloned()
        .collect();
    if let Some(before) = since {
        let stored = app
            .history
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed_received(from, to, before)
            .map_err(|e| crate::survey::store_error(&e, lang))?;
        for (number, events) in stored {
            match Ticket::replay(&events) {
                Ok(t) => out.push(Arc::new(t)),
                Err(e) => tracing::error!("report: stored ticket {number} does not replay: {e}"),
            }
        }
    }
    Ok(out)
}

/// Every ticket's facts, read at `now`.
fn facts_of(tickets: &[Arc<Ticket>], profile: &Profile, now: Timestamp) -> Vec<TicketFacts> {
    tickets
        .iter()
        .filter_map(|t| TicketFacts::of(t, &profile.calendar, now).ok())
        .collect()
}

/// The query of `GET /api/v1/reports/export`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
}

/// The media type of an export.
pub const EXPORT_TYPE: &str = "application/vnd.loket.facts";

/// `GET /api/v1/reports/export?from&to`: the tickets received in the period, read
/// now, as one export (docs/reports.md): no personal data, no free text; the npm
/// package's `FactsArchive` computes every report from it.
pub(crate) async fn export(
    State(app): State<App>,
    L(lang): L,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    app.caller(&headers, crate::Role::Supervisor, lang)?;
    let now = app.now();
    let profile = app.desk.shared.profile();
    let (from, to) = period(q.from.as_deref(), q.to.as_deref(), &profile, now, lang)?;
    let log = intake_log(&app, from, to, lang)?;
    let bytes = crate::api::off_workers(lang, move || {
        let tickets = received_in(&app, from, to, lang)?;
        let period = Period { from, to };
        let facts = facts_of(&tickets, &profile, now);
        let intake = IntakeCounts::of(&log, period);
        export::write(&facts, period, now, &profile, Some(&intake)).map_err(|e| {
            ApiError(
                bad(500, e.code(), e.message(Lang::Id), e.message(Lang::En)),
                lang,
            )
        })
    })
    .await??;
    let name = format!(
        "attachment; filename=\"loket-{}-{}.facts\"",
        from.unix(),
        to.unix()
    );
    Ok((
        [
            (header::CONTENT_TYPE, EXPORT_TYPE.to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}
