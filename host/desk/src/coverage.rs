//! The holiday list's coverage for the running desk: the warning shown on
//! `/health`, `GET /api/v1/desk` and the staff page's header before the confirmed
//! holiday list (the decreed dates) runs out, and the once-only outbox notice to
//! the desk's supervisor.
//!
//! The computation is the core's ([`loket_core::Calendar::coverage_warning`]); this
//! module shapes it for the service. The window is the desk setting
//! `coverage_warning_days` (default 60). The JSON object, under the field
//! `coverage`:
//!
//! ```json
//! {"confirmed": [{"from": 2024, "to": 2026}], "provisional": [{"from": 2027, "to": 2027}],
//!  "lastConfirmed": "2026-12-31",
//!  "warning": {"code": "calendar.coverage_ending", "state": "ending",
//!              "lastConfirmed": "2026-12-31", "daysLeft": 28, "withinDays": 60,
//!              "provisionalYears": [2027], "message": "…", "messageId": "…",
//!              "messageEn": "…"}}
//! ```
//!
//! `warning` is `null` when the end is further away than the window (or nothing
//! is confirmed at all). `message` is in the request's language; `messageId` and
//! `messageEn` in Bahasa Indonesia and English (the staff page switches language
//! without asking again).

use loket_core::view::CoverageAlert;
use loket_core::{CoverageWarning, Lang, Profile, Timestamp};
use serde_json::Value;

use loket_store::{InboundRecord, Notification, Recipient};

/// The warning due at `now` for the profile in force, if any.
pub fn warning(profile: &Profile, now: Timestamp) -> Option<CoverageWarning> {
    let cal = &profile.calendar;
    let today = now.in_zone(cal.timezone()).date_naive();
    cal.coverage_warning(today, profile.desk.coverage_warning_days)
}

/// The `coverage` object of `/health` and `GET /api/v1/desk` (see the module docs).
pub fn coverage_json(profile: &Profile, now: Timestamp, lang: Lang) -> Value {
    serde_json::to_value(loket_core::view::CoverageStatus::of(profile, now, lang))
        .unwrap_or_default()
}

/// The once-only notice to the desk's supervisor: the notification to queue and
/// the idempotency record that marks it queued, under [`NoticeKey`]'s key.
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageNotice {
    /// `coverage:<last confirmed date>`, e.g. `coverage:2026-12-31`: one notice
    /// per end of the confirmed list, whatever the day it is first due.
    pub key: String,
    /// To the supervisor, by the desk's internal log, kind `coverage_warning`.
    pub notification: Notification,
    /// The record to store under `key` in the same batch (outcome `automatic`, the
    /// warning as its answer), so that the notice is never queued twice.
    pub record: InboundRecord,
}

/// The idempotency key of the notice for a confirmed list ending on `w`'s date.
pub fn notice_key(w: &CoverageWarning) -> String {
    format!("coverage:{}", w.last_confirmed)
}

/// The notice due at `now`, if a warning is due: the caller queues it unless an
/// idempotency record with its `key` exists already (then it was sent before).
pub fn supervisor_notice(profile: &Profile, now: Timestamp) -> Option<CoverageNotice> {
    let w = warning(profile, now)?;
    let key = notice_key(&w);
    let text = format!("{}\n\n{}", w.message(Lang::Id), w.message(Lang::En));
    let notification = crate::notify::note(
        None,
        "coverage_warning",
        Recipient {
            role: "supervisor".into(),
            name: Some(profile.desk.supervisor.clone()),
            channel: "log".into(),
            address: None,
        },
        text,
        now,
    );
    let record = InboundRecord {
        key: key.clone(),
        ticket: None,
        outcome: "automatic".into(),
        answer: serde_json::to_value(CoverageAlert::of(w.clone(), Lang::Id)).unwrap_or_default(),
        at: now,
        fingerprint: None,
    };
    Some(CoverageNotice {
        key,
        notification,
        record,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("an instant")
    }

    #[test]
    fn the_default_profile_warns_in_december_2026_and_not_in_june() {
        let p = Profile::jatengprov();
        let v = coverage_json(&p, at("2026-12-03T09:00:00+07:00"), Lang::En);
        assert_eq!(v["lastConfirmed"], "2026-12-31");
        assert_eq!(v["provisional"][0]["from"], 2027);
        assert_eq!(v["warning"]["code"], "calendar.coverage_ending");
        assert_eq!(v["warning"]["daysLeft"], 28);
        assert_eq!(v["warning"]["withinDays"], 60);
        assert!(v["warning"]["message"].as_str().is_some_and(
            |m| m.starts_with("The confirmed holiday list ends on Thursday, 31 December 2026")
        ));
        assert!(v["warning"]["messageEn"].is_string());
        assert!(v["warning"]["messageId"]
            .as_str()
            .is_some_and(|m| m.contains("menunggu SKB")));
        let v = coverage_json(&p, at("2026-06-01T09:00:00+07:00"), Lang::Id);
        assert!(v["warning"].is_null(), "{v}");
    }

    #[test]
    fn the_window_is_the_desk_setting_and_the_day_is_local() {
        let mut p = Profile::jatengprov();
        p.desk.coverage_warning_days = 10;
        assert!(warning(&p, at("2026-12-03T09:00:00+07:00")).is_none());
        // 20 Dec 2026 17:30 UTC is already 21 Dec in Jakarta: 10 days left, due.
        let w = warning(&p, at("2026-12-20T17:30:00Z")).expect("due");
        assert_eq!(w.days_left, 10);
        // An hour earlier it is 20 Dec in Jakarta: 11 days left, not yet.
        assert!(warning(&p, at("2026-12-20T16:30:00Z")).is_none());
    }

    #[test]
    fn one_notice_key_per_end_date() {
        let p = Profile::jatengprov();
        let a = supervisor_notice(&p, at("2026-11-02T09:00:00+07:00")).expect("due");
        let b = supervisor_notice(&p, at("2026-12-30T09:00:00+07:00")).expect("due");
        let c = supervisor_notice(&p, at("2027-01-05T09:00:00+07:00")).expect("ended");
        assert_eq!(a.key, "coverage:2026-12-31");
        assert_eq!(
            (b.key.as_str(), c.key.as_str()),
            (a.key.as_str(), a.key.as_str())
        );
        assert_eq!(a.record.key, a.key);
        assert_eq!(a.notification.to.role, "supervisor");
        assert_eq!(
            a.notification.to.name.as_deref(),
            Some(p.desk.supervisor.as_str())
        );
        assert_eq!(a.notification.kind, "coverage_warning");
        assert!(
            a.notification.text.contains("menunggu SKB"),
            "{}",
            a.notification.text
        );
        assert!(supervisor_notice(&p, at("2026-10-01T09:00:00+07:00")).is_none());
        // Once the 2027 decree is entered, the end moves and the key with it.
        let mut spec = p.calendar.spec().clone();
        for h in &mut spec.holidays {
            h.provisional = false;
        }
        let confirmed = Profile {
            calendar: loket_core::Calendar::new(spec).expect("valid"),
            ..Profile::jatengprov()
        };
        assert!(supervisor_notice(&confirmed, at("2026-12-30T09:00:00+07:00")).is_none());
        let n = supervisor_notice(&confirmed, at("2027-12-01T09:00:00+07:00")).expect("due");
        assert_eq!(n.key, "coverage:2027-12-31");
    }
}
