//! `GET /api/v1/reports/sla`: the SLA compliance report over a period, for
//! supervisors and administrators (see docs/reports.md for what each number means).

use std::sync::PoisonError;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use loket_core::report::{report, Filter, IntakeCounts, Period, Report, TicketFacts};
use loket_core::{Lang, Profile, TicketKind, Timestamp};
use serde::Deserialize;

use crate::api::{bad, ApiError, App, L};

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
    let tickets: Vec<_> = app
        .desk
        .shared
        .tickets
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .filter(|t| from <= t.received_at() && t.received_at() < to)
        .cloned()
        .collect();
    // Every message of the period, tickets or not (the intake log).
    let log = {
        use loket_store::Store;
        app.reads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .intake_log(from, to)
    };
    let log = log.map_err(|e| crate::survey::store_error(&e, lang))?;
    // Every ticket's clocks: off the async workers.
    let r = crate::api::off_workers(lang, move || {
        let period = Period { from, to };
        let facts: Vec<TicketFacts> = tickets
            .iter()
            .filter_map(|t| TicketFacts::of(t, &profile.calendar, now).ok())
            .collect();
        let mut r = report(&facts, &filter, period, &profile, lang);
        r.intake = Some(IntakeCounts::of(&log, period));
        r
    })
    .await?;
    Ok(Json(r))
}
