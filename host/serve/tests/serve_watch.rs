//! The SLA watch over a simulated week (the clock is an input): warnings and
//! breaches are recorded at the operational instants they fall due — never on a
//! closure — exactly once, also across a restart of the service.

mod support;

use std::collections::BTreeMap;

use loket_core::{Calendar, Timestamp};
use serde_json::{json, Value};
use support::*;

/// What the script does at an instant besides the watch.
enum Act {
    Intake(&'static str, &'static str),
    Event(&'static str, Value),
    Restart,
}

fn open_ticket(s: &TestServer, label: &str, kind: &str) -> String {
    let (st, v) = s.call(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some(json!({"channel": "email", "application": "e-planning", "kind": kind,
                    "body": format!("tiket uji {label}"), "reporter": {"email": format!("{label}@contoh.go.id")}})),
    );
    assert_eq!(st, 201, "{v}");
    v["number"].as_str().unwrap().to_string()
}

#[test]
fn warnings_and_breaches_fire_at_their_operational_instants_once() {
    let cal = Calendar::jatengprov();
    // Week of Monday 2026-03-02 (no holidays until 18 March): hours Mon–Thu
    // 07:00–15:30, Fri 07:00–14:00 WIB. A complaint's target is 1 operational day.
    let script: Vec<(&str, Act)> = vec![
        ("2026-03-02T08:00:00+07:00", Act::Intake("b", "complaint")),
        ("2026-03-02T09:00:00+07:00", Act::Intake("c", "complaint")),
        ("2026-03-02T09:30:00+07:00", Act::Intake("d", "complaint")),
        (
            "2026-03-02T10:00:00+07:00",
            Act::Event(
                "c",
                json!({"event": "wait_for_reporter", "question": "Mohon kirim tangkapan layar."}),
            ),
        ),
        (
            "2026-03-02T11:00:00+07:00",
            Act::Event("d", json!({"event": "forward", "to": "operations_design"})),
        ),
        (
            "2026-03-02T11:30:00+07:00",
            Act::Event(
                "d",
                json!({"event": "deliver_solution", "solution": "Sudah diperbaiki."}),
            ),
        ),
        (
            "2026-03-03T10:00:00+07:00",
            Act::Event(
                "c",
                json!({"event": "reporter_replied", "text": "Terlampir."}),
            ),
        ),
        ("2026-03-05T14:00:00+07:00", Act::Intake("a", "complaint")),
        ("2026-03-07T10:00:00+07:00", Act::Intake("e", "complaint")),
        // The service stops and starts again on Sunday: nothing repeats, nothing is skipped.
        ("2026-03-08T12:00:00+07:00", Act::Restart),
    ];
    let expected: Vec<(&str, &str, &str)> = vec![
        // b: 30,600 s budget; warning at 75 % = 22,950 s = Mon 14:22:30; breach one
        // operational second after the due Tue 08:00.
        ("b", "sla_warning", "2026-03-02T14:22:30+07:00"),
        ("b", "sla_breached", "2026-03-03T08:00:01+07:00"),
        // c: paused a whole day (Mon 10:00 → Tue 10:00) after 1 h counted.
        ("c", "sla_warning", "2026-03-03T15:22:30+07:00"),
        ("c", "sla_breached", "2026-03-04T09:00:01+07:00"),
        // a: 1.5 h on Thursday, the rest on Friday's short day; the breach waits for
        // the next opening after Friday 14:00 — Monday 07:00:01, not the weekend.
        ("a", "sla_warning", "2026-03-06T11:52:30+07:00"),
        ("a", "sla_breached", "2026-03-09T07:00:01+07:00"),
        // e: received on Saturday, the clock starts Monday 07:00.
        ("e", "sla_warning", "2026-03-09T13:22:30+07:00"),
        ("e", "sla_breached", "2026-03-10T07:00:01+07:00"),
    ];
    let end = at("2026-03-11T00:00:00+07:00");

    let mut s = TestServer::start(temp_dir("watch-week"), at("2026-03-02T06:00:00+07:00"));
    let staff = s.token("agent", "Petugas Uji");
    let mut numbers: BTreeMap<&str, String> = BTreeMap::new();
    let mut acts = script.into_iter().peekable();
    let mut now = at("2026-03-02T06:00:00+07:00");
    let mut passes = 0;
    while now < end {
        // Everything scripted for this instant, then one watch pass.
        while let Some((t, _)) = acts.peek() {
            if at(t) > now {
                break;
            }
            let (_, act) = acts.next().unwrap();
            s.set_now(now);
            match act {
                Act::Intake(label, kind) => {
                    numbers.insert(label, open_ticket(&s, label, kind));
                }
                Act::Event(label, ev) => {
                    let (st, v) = s.call(
                        "POST",
                        &format!("/api/v1/tickets/{}/events", numbers[label]),
                        Some(&staff),
                        Some(ev),
                    );
                    assert_eq!(st, 200, "{v}");
                }
                Act::Restart => {
                    let dir = s.stop();
                    s = TestServer::start(dir, now);
                }
            }
        }
        let tick = s.tick(now);
        passes += 1;
        // The index hands the pass only the tickets that are due.
        assert!(
            tick.evaluated <= 2,
            "{} tickets evaluated at {now}",
            tick.evaluated
        );
        for (_, e) in &tick.recorded {
            assert_eq!(
                e.at,
                Timestamp::from_unix(now),
                "recorded at the pass's instant"
            );
            assert!(
                cal.is_open(e.at).unwrap(),
                "an SLA event on a closure: {e:?}"
            );
        }
        // The next instant: the watch's own next due instant, or the next scripted act.
        let next_act = acts.peek().map(|(t, _)| at(t));
        let next = [tick.next.map(Timestamp::unix), next_act]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min();
        match next {
            Some(t) => now = t,
            None => break,
        }
    }
    // Each ticket's SLA events, from its stored history.
    let mut got: Vec<(String, String, i64)> = Vec::new();
    for (label, number) in &numbers {
        let (st, v) = s.call(
            "GET",
            &format!("/api/v1/tickets/{number}"),
            Some(&s.admin),
            None,
        );
        assert_eq!(st, 200);
        for e in v["timeline"].as_array().unwrap() {
            let name = e["event"].as_str().unwrap();
            if name.starts_with("sla_") {
                let t = Timestamp::parse(e["at"].as_str().unwrap()).unwrap().unix();
                got.push((label.to_string(), name.to_string(), t));
            }
        }
    }
    got.sort_by_key(|g| g.2);
    let mut want: Vec<(String, String, i64)> = expected
        .iter()
        .map(|(l, n, t)| (l.to_string(), n.to_string(), at(t)))
        .collect();
    want.sort_by_key(|w| w.2);
    assert_eq!(got, want, "SLA events (ticket d was solved in time: none)");
    // A full pass over every open ticket finds nothing the index missed.
    assert!(s.sweep(now).recorded.is_empty());
    // The watch slept between due instants instead of polling every minute.
    assert!(passes < 60, "{passes} passes over the week");
    // Warnings go to the supervisor, breaches to the tier above and the supervisor.
    let (_, outbox) = s.call(
        "GET",
        "/api/v1/admin/outbox?limit=1000",
        Some(&s.admin),
        None,
    );
    let kinds: Vec<&str> = outbox["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["to"]["role"] == "supervisor")
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "sla_warning").count(), 4);
    assert_eq!(kinds.iter().filter(|k| **k == "sla_breach").count(), 4);
}

/// Issue 16: before the decreed holiday list runs out (31 December 2026 in the
/// default profile, 2027 provisional), `/health` and `GET /api/v1/desk` carry the
/// warning, and the SLA watch tells the supervisor once — not again on the next
/// pass, nor after a restart.
#[test]
fn the_supervisor_is_told_once_before_the_holiday_list_runs_out() {
    // 1 September 2026: the end is 121 days away, past the 60-day window.
    let early = at("2026-09-01T09:00:00+07:00");
    let s = TestServer::start(temp_dir("serve-coverage"), early);
    let (status, h) = s.call("GET", "/health", None, None);
    assert_eq!(status, 200);
    assert_eq!(h["coverage"]["lastConfirmed"], "2026-12-31", "{h}");
    assert!(h["coverage"]["warning"].is_null(), "{h}");
    s.tick(early);
    let notices = |s: &TestServer| -> Vec<Value> {
        let (_, v) = s.call(
            "GET",
            "/api/v1/admin/outbox?limit=1000",
            Some(&s.admin),
            None,
        );
        v["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "coverage_warning")
            .cloned()
            .collect()
    };
    assert!(notices(&s).is_empty());

    // 3 December 2026: 28 days left.
    let now = at("2026-12-03T09:00:00+07:00");
    s.set_now(now);
    let (_, h) = s.call("GET", "/health?lang=en", None, None);
    let w = &h["coverage"]["warning"];
    assert_eq!(w["daysLeft"], 28, "{h}");
    assert_eq!(w["provisionalYears"], json!([2027]));
    assert!(
        w["message"].as_str().unwrap().contains("31 December 2026"),
        "{w}"
    );
    let agent = s.token("agent", "Budi");
    let (status, d) = s.call("GET", "/api/v1/desk", Some(&agent), None);
    assert_eq!(status, 200);
    assert_eq!(d["coverage"]["warning"]["code"], "calendar.coverage_ending");
    s.tick(now);
    let sent = notices(&s);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["to"]["role"], "supervisor");
    s.tick(now + 3600);
    assert_eq!(notices(&s).len(), 1);
    let dir = s.stop();
    let s = TestServer::start(dir, now + 7200);
    s.sweep(now + 7200);
    s.tick(now + 86_400);
    assert_eq!(notices(&s).len(), 1, "told again after a restart");
}
