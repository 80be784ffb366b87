mod support;
use support::*;

// `loket serve` over real HTTP against a real SQLite file: intake, every journey of
// the flow chart, refusals, auth, the reporter's view, admin, restarts, the OpenAPI
// document and the two channels (recorded WhatsApp and email fixtures).
//
// The clock is an input: every test sets it explicitly, nothing sleeps.

use loket_core::Timestamp;
use serde_json::{json, Value};

/// Monday 2 March 2026, 08:00 WIB: the desk is open (07:00–15:30).
const MON_0800: &str = "2026-03-02T08:00:00+07:00";

/// The instant of a local time as the API writes it (UTC RFC 3339).
fn utc(local: &str) -> String {
    Timestamp::from_unix(at(local)).to_string()
}

/// A written complaint about e-Penatausahaan by WhatsApp, with the reporter's data.
fn complaint(body: &str) -> Value {
    json!({
        "channel": "whatsapp",
        "application": "e-penatausahaan",
        "kind": "complaint",
        "body": body,
        "reporter": {"name": "Sri Wahyuni", "phone": "6281225550123"},
    })
}

/// Takes `message` in through the generic endpoint; asserts it was accepted.
fn intake(s: &TestServer, message: Value) -> Value {
    let (status, v) = s.call("POST", "/api/v1/intake", Some(&s.portal), Some(message));
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["outcome"], "accepted", "{v}");
    v
}

/// A new complaint, received now: its number.
fn new_ticket(s: &TestServer) -> String {
    let v = intake(
        s,
        complaint("SP2D tidak bisa dicetak, muncul pesan gagal membuat dokumen"),
    );
    v["number"].as_str().expect("a number").to_string()
}

/// A ticket as staff see it (`ticket`, `allowed`, `clocks`, `timeline`).
fn get_ticket(s: &TestServer, token: &str, number: &str) -> Value {
    let (status, v) = s.call(
        "GET",
        &format!("/api/v1/tickets/{number}"),
        Some(token),
        None,
    );
    assert_eq!(status, 200, "{v}");
    v
}

fn post_event(s: &TestServer, token: &str, number: &str, event: Value) -> (u16, Value) {
    s.call(
        "POST",
        &format!("/api/v1/tickets/{number}/events"),
        Some(token),
        Some(event),
    )
}

/// Applies `event`: it must be accepted, add exactly one event to the timeline and
/// leave the ticket in `state`. Returns the answer.
fn step(s: &TestServer, token: &str, number: &str, event: Value, state: &str) -> Value {
    let before = timeline(&get_ticket(s, token, number)).len();
    let (status, v) = post_event(s, token, number, event.clone());
    assert_eq!(status, 200, "{event} on {number}: {v}");
    assert_eq!(v["ticket"]["state"], state, "{event} on {number}: {v}");
    assert_eq!(timeline(&v).len(), before + 1, "{event}: {v}");
    assert_eq!(timeline(&v).last().unwrap()["event"], event["event"], "{v}");
    v
}

/// Applies `event`, which must be refused with `status` and `code`, leaving the
/// ticket unchanged. Returns the error.
fn refused(
    s: &TestServer,
    token: &str,
    number: &str,
    event: Value,
    status: u16,
    code: &str,
) -> Value {
    let before = get_ticket(s, &s.admin, number);
    let (got, v) = post_event(s, token, number, event.clone());
    assert_eq!(got, status, "{event} on {number}: {v}");
    assert_eq!(v["error"]["code"], code, "{event} on {number}: {v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    let after = get_ticket(s, &s.admin, number);
    assert_eq!(
        timeline(&after).len(),
        timeline(&before).len(),
        "{event} changed {number}"
    );
    assert_eq!(
        after["ticket"], before["ticket"],
        "{event} changed {number}"
    );
    v["error"].clone()
}

fn timeline(v: &Value) -> &Vec<Value> {
    v["timeline"].as_array().expect("a timeline")
}

/// The event names of a ticket's timeline, in order.
fn event_names(v: &Value) -> Vec<String> {
    timeline(v)
        .iter()
        .map(|e| e["event"].as_str().expect("an event name").to_string())
        .collect()
}

/// The names of the staff who recorded the timeline's events, in order.
fn staff_names(v: &Value) -> Vec<String> {
    timeline(v)
        .iter()
        .filter(|e| e["by"]["type"] == "staff")
        .map(|e| e["by"]["name"].as_str().expect("a staff name").to_string())
        .collect()
}

/// The start of every ticket: received, then the default router's decision (ticket
/// for the application's staff, assigned to the least loaded member).
const ROUTED: [&str; 3] = ["received", "create_ticket", "assign"];

fn names(routed_then: &[&str]) -> Vec<String> {
    ROUTED
        .iter()
        .chain(routed_then)
        .map(|s| s.to_string())
        .collect()
}

fn outbox(s: &TestServer) -> Vec<Value> {
    let (status, v) = s.call("GET", "/api/v1/admin/outbox", Some(&s.admin), None);
    assert_eq!(status, 200, "{v}");
    v["notifications"]
        .as_array()
        .expect("notifications")
        .clone()
}

fn ticket_count(s: &TestServer) -> u64 {
    let (status, v) = s.call("GET", "/api/v1/tickets", Some(&s.admin), None);
    assert_eq!(status, 200, "{v}");
    v["total"].as_u64().expect("a total")
}

/// The ticket numbers of the desk, oldest first.
fn numbers(s: &TestServer) -> Vec<String> {
    let (_, v) = s.call("GET", "/api/v1/tickets", Some(&s.admin), None);
    let mut n: Vec<String> = v["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

fn assert_error(status: u16, v: &Value, want_status: u16, code: &str) {
    assert_eq!(status, want_status, "{v}");
    assert_eq!(v["error"]["code"], code, "{v}");
}

// ------------------------------------------------------------------------ intake

/// What `allowed` holds for steps written as refusal messages show them:
/// `forward to X` is `{"event": "forward", "to": "X"}`, `reopen (within the window)`
/// is `{"event": "reopen"}`, any other name `{"event": name}`.
fn allowed_json(steps: &[&str]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|s| match s.strip_prefix("forward to ") {
                Some(to) => json!({"event": "forward", "to": to}),
                None => json!({"event": s.split(' ').next().unwrap()}),
            })
            .collect(),
    )
}

#[test]
fn intake_accepts_numbers_and_answers_with_the_deadline() {
    let s = TestServer::start(temp_dir("serve-intake"), at(MON_0800));
    let first = intake(&s, complaint("SP2D tidak bisa dicetak"));
    let number = first["number"].as_str().unwrap();
    let pattern = |n: &str| {
        n.len() == 15 && n.starts_with("JTG-2026-") && n[9..].bytes().all(|b| b.is_ascii_digit())
    };
    assert!(pattern(number), "{number}");
    assert_eq!(number, "JTG-2026-000001");
    assert_eq!(first["duplicate"], false);
    // A complaint: 1 operational day, received while open: same time the next day.
    assert_eq!(first["clockStarts"], utc(MON_0800));
    assert_eq!(first["due"], utc("2026-03-03T08:00:00+07:00"));
    assert_eq!(first["receivedWhileClosed"], false);
    let key = first["accessKey"].as_str().unwrap();
    assert!(
        key.len() == 24 && key.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
    // Bahasa Indonesia by default.
    let answer = first["answer"].as_str().unwrap();
    assert!(
        answer.starts_with("Terima kasih. Aduan Anda tentang e-Penatausahaan"),
        "{answer}"
    );
    assert!(answer.contains("nomor tiket JTG-2026-000001"), "{answer}");
    assert!(
        answer.ends_with(
            "Sesuai standar pelayanan, aduan ditangani paling lambat 1 hari waktu operasional, \
             yaitu hingga Selasa, 3 Maret 2026 08:00 WIB."
        ),
        "{answer}"
    );
    assert!(first.get("answerEn").is_none(), "{first}");
    assert!(first.get("explanationEn").is_none(), "{first}");
    let why = first["explanation"].as_str().unwrap();
    assert!(why.contains("Selasa, 3 Maret 2026 08:00 WIB"), "{why}");

    // English on request; numbers increase.
    let (status, second) = s.call(
        "POST",
        "/api/v1/intake?lang=en",
        Some(&s.portal),
        Some(complaint("SP2D gagal lagi")),
    );
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["number"], "JTG-2026-000002");
    let answer = second["answer"].as_str().unwrap();
    assert!(answer.starts_with("Thank you. Your complaint about e-Penatausahaan has been received as ticket JTG-2026-000002."), "{answer}");
    assert_ne!(second["accessKey"], first["accessKey"]);
    let why = second["explanation"].as_str().unwrap();
    assert!(
        why.contains("+ 1d = Tuesday, 3 March 2026 08:00 WIB"),
        "{why}"
    );

    // Received on Saturday: the clock starts at Monday's opening and the deadline is
    // Monday's closing (the closing convention for "Tuesday 07:00").
    s.set_now(at("2026-03-07T10:00:00+07:00"));
    let sat = intake(&s, complaint("SP2D tidak bisa dicetak sejak pagi"));
    assert_eq!(sat["number"], "JTG-2026-000003");
    assert_eq!(sat["receivedWhileClosed"], true);
    assert_eq!(sat["clockStarts"], utc("2026-03-09T07:00:00+07:00"));
    assert_eq!(sat["due"], utc("2026-03-09T15:30:00+07:00"));
    let answer = sat["answer"].as_str().unwrap();
    assert!(answer.contains("di luar jam layanan"), "{answer}");
    assert_eq!(ticket_count(&s), 3);
    // The ticket keeps the same deadline.
    let t = get_ticket(&s, &s.admin, "JTG-2026-000003");
    assert_eq!(
        t["ticket"]["sla"]["due"],
        utc("2026-03-09T15:30:00+07:00"),
        "{t}"
    );
    assert_eq!(t["ticket"]["receivedAt"], utc("2026-03-07T10:00:00+07:00"));
}

#[test]
fn a_new_ticket_is_routed_to_the_application_staff() {
    let s = TestServer::start(temp_dir("serve-routed"), at(MON_0800));
    let n = new_ticket(&s);
    let t = get_ticket(&s, &s.admin, &n);
    assert_eq!(t["ticket"]["state"], "executing", "{t}");
    assert_eq!(t["ticket"]["tier"], "application_staff", "{t}");
    assert_eq!(t["ticket"]["assignee"], "Petugas e-Penatausahaan 1", "{t}");
    assert_eq!(t["ticket"]["application"], "e-penatausahaan");
    assert_eq!(t["ticket"]["kind"], "complaint");
    assert_eq!(event_names(&t), names(&[]));
    assert_eq!(
        timeline(&t)[1]["by"],
        json!({"type": "router", "name": "default"})
    );
    assert_eq!(
        t["allowed"],
        allowed_json(&[
            "forward to operations_design",
            "forward to change_management",
            "wait_for_reporter",
            "reject",
            "merge_into",
            "assign",
            "classify",
            "respond",
            "comment"
        ])
    );
    // The next one goes to the next least loaded member.
    let t2 = get_ticket(&s, &s.admin, &new_ticket(&s));
    assert_eq!(
        t2["ticket"]["assignee"], "Petugas e-Penatausahaan 2",
        "{t2}"
    );
}

#[test]
fn intake_infers_the_application_and_kind_from_the_text() {
    let s = TestServer::start(temp_dir("serve-infer"), at(MON_0800));
    let v = intake(
        &s,
        json!({"channel": "email", "subject": "Permohonan reset password",
               "body": "Mohon reset password akun e-Budgeting operator Dinas Pendidikan.",
               "reporter": {"email": "op@disdik.example.go.id"}}),
    );
    let t = get_ticket(&s, &s.admin, v["number"].as_str().unwrap());
    assert_eq!(t["ticket"]["application"], "e-budgeting", "{t}");
    assert_eq!(t["ticket"]["kind"], "request", "{t}");
    // A request: 10 operational days.
    assert_eq!(v["due"], utc("2026-03-16T08:00:00+07:00"), "{v}");
    // Staff typing in a letter say when it arrived.
    let agent = s.token("agent", "Budi Agen");
    let mut m = complaint("Surat: SP2D tidak bisa dicetak");
    m["channel"] = json!("email");
    m["receivedAt"] = json!("2026-02-27T13:00:00+07:00");
    let (status, v) = s.call("POST", "/api/v1/intake", Some(&agent), Some(m));
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["clockStarts"], utc("2026-02-27T13:00:00+07:00"));
    assert_eq!(
        v["due"],
        utc("2026-03-02T13:00:00+07:00"),
        "Friday + 1 day = Monday: {v}"
    );
}

#[test]
fn concurrent_retries_make_one_ticket_each() {
    let s = TestServer::start(temp_dir("serve-concurrent"), at(MON_0800));
    let answers: Vec<(String, u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let s = &s;
                scope.spawn(move || {
                    let key = format!("k-{}", i % 6);
                    let (status, text) = s.raw(
                        "POST",
                        "/api/v1/intake",
                        Some(&s.portal),
                        Some((
                            "application/json",
                            complaint("SP2D tidak bisa dicetak")
                                .to_string()
                                .into_bytes(),
                        )),
                        &[("Idempotency-Key", key.as_str())],
                    );
                    (key, status, serde_json::from_str::<Value>(&text).unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut by_key: std::collections::BTreeMap<String, Vec<(u16, Value)>> = Default::default();
    for (k, status, v) in answers {
        by_key.entry(k).or_default().push((status, v));
    }
    let mut numbers = Vec::new();
    for (k, v) in &by_key {
        assert_eq!(v.len(), 4);
        let created: Vec<_> = v.iter().filter(|(st, _)| *st == 201).collect();
        assert_eq!(created.len(), 1, "{k}: {v:?}");
        assert_eq!(created[0].1["duplicate"], false);
        for (st, a) in v {
            assert!(
                *st == 201 || (*st == 200 && a["duplicate"] == true),
                "{k}: {a}"
            );
            assert_eq!(a["number"], created[0].1["number"], "{k}");
        }
        numbers.push(created[0].1["number"].as_str().unwrap().to_string());
    }
    numbers.sort();
    let want: Vec<String> = (1..=6).map(|i| format!("JTG-2026-{i:06}")).collect();
    assert_eq!(numbers, want);
    assert_eq!(ticket_count(&s), 6);
}

#[test]
fn an_idempotent_retry_is_answered_once() {
    let s = TestServer::start(temp_dir("serve-idem"), at(MON_0800));
    let send = || {
        s.raw(
            "POST",
            "/api/v1/intake",
            Some(&s.portal),
            Some((
                "application/json",
                complaint("SP2D tidak bisa dicetak")
                    .to_string()
                    .into_bytes(),
            )),
            &[("Idempotency-Key", "form-7f3a-0001")],
        )
    };
    let (status, first) = send();
    assert_eq!(status, 201, "{first}");
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["duplicate"], false);
    let (status, again) = send();
    assert_eq!(status, 200, "{again}");
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["number"], first["number"]);
    assert_eq!(again["due"], first["due"]);
    assert_eq!(again["accessKey"], first["accessKey"]);
    assert_eq!(again["answer"], first["answer"]);
    assert_eq!(ticket_count(&s), 1);
    assert_eq!(
        timeline(&get_ticket(&s, &s.admin, first["number"].as_str().unwrap())).len(),
        3
    );
    // Another key is another message.
    let (status, _) = s.raw(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some((
            "application/json",
            complaint("SP2D tidak bisa dicetak")
                .to_string()
                .into_bytes(),
        )),
        &[("Idempotency-Key", "form-7f3a-0002")],
    );
    assert_eq!(status, 201);
    assert_eq!(ticket_count(&s), 2);
}

#[test]
fn intake_refuses_and_refers() {
    let s = TestServer::start(temp_dir("serve-refuse"), at(MON_0800));
    // An application outside the seven: refused, where to go, no ticket.
    let mut m = complaint("Gaji saya belum masuk bulan ini");
    m["application"] = json!("SIMPEG");
    let (status, v) = s.call("POST", "/api/v1/intake", Some(&s.portal), Some(m));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "refused");
    assert_eq!(v["refusal"]["reason"], "out_of_scope");
    assert_eq!(v["refusal"]["application"], "SIMPEG");
    assert!(
        v.get("number").is_none() && v.get("accessKey").is_none(),
        "{v}"
    );
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("di luar lingkup layanan"),
        "{v}"
    );

    // By phone: not written; the answer names the written channels.
    let mut m = complaint("SP2D tidak bisa dicetak");
    m["channel"] = json!("phone");
    let (status, v) = s.call("POST", "/api/v1/intake?lang=en", Some(&s.portal), Some(m));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["refusal"]["reason"], "not_written");
    assert_eq!(v["refusal"]["channel"], "phone");
    let answer = v["answer"].as_str().unwrap();
    assert!(
        answer.contains("in writing")
            && answer.contains("WhatsApp 0851-7964-7855")
            && answer.contains("servicedesk@jatengprov.go.id"),
        "{answer}"
    );

    // Empty text.
    let (status, v) = s.call(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some(complaint("   ")),
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "refused");
    assert_eq!(v["refusal"]["reason"], "empty");
    assert_eq!(ticket_count(&s), 0);

    // Feedback about the desk itself: referred to the Head of Dinas Kominfo, recorded.
    let (status, v) = s.call(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some(
            json!({"channel": "email", "body": "Petugas lambat membalas", "aboutDesk": true,
                    "reporter": {"email": "warga@example.com"}}),
        ),
    );
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["outcome"], "referred");
    assert_eq!(v["number"], "JTG-2026-000001");
    assert!(v["accessKey"].is_string(), "{v}");
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("Kepala Dinas Komunikasi dan Informatika"),
        "{v}"
    );
    let t = get_ticket(&s, &s.admin, "JTG-2026-000001");
    assert_eq!(t["ticket"]["state"], "referred", "{t}");
    assert_eq!(event_names(&t), ["received"]);
    assert_eq!(ticket_count(&s), 1);
}

#[test]
fn intake_rejects_bad_requests() {
    let s = TestServer::start(temp_dir("serve-badreq"), at(MON_0800));
    let post = |body: &str| {
        let (status, text) = s.raw(
            "POST",
            "/api/v1/intake",
            Some(&s.portal),
            Some(("application/json", body.as_bytes().to_vec())),
            &[],
        );
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
        )
    };
    let (status, v) = post("{\"channel\": \"whatsapp\", \"body\": ");
    assert_error(status, &v, 422, "request.invalid");
    let (status, v) =
        post(r#"{"channel": "whatsapp", "body": "SP2D e-Penatausahaan", "priority": "high"}"#);
    assert_error(status, &v, 422, "request.invalid");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("priority"),
        "{v}"
    );
    let (status, v) = post(r#"{"channel": "fax", "body": "SP2D e-Penatausahaan"}"#);
    assert_error(status, &v, 422, "request.invalid");
    let (status, v) = post(r#"{"channel": "whatsapp"}"#);
    assert_error(status, &v, 422, "request.invalid");
    // A body over the limit (256 KiB).
    let big = json!({"channel": "whatsapp", "body": "x".repeat(300 << 10)}).to_string();
    let (status, text) = s.raw(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some(("application/json", big.into_bytes())),
        &[],
    );
    // Like every 4xx answer (OpenAPI `Error`), JSON with a stable code.
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert_error(status, &v, 413, "request.too_large");
    // Query parameters that cannot be read, and a method a route does not serve.
    let admin = s.admin.clone();
    let (status, v) = s.call("GET", "/api/v1/tickets?limit=many", Some(&admin), None);
    assert_error(status, &v, 400, "request.invalid");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("limit"),
        "{v}"
    );
    let (status, v) = s.call(
        "GET",
        "/api/v1/tickets?limit=many&lang=en",
        Some(&admin),
        None,
    );
    assert_error(status, &v, 400, "request.invalid");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid request: "),
        "{v}"
    );
    let (status, v) = s.call("DELETE", "/api/v1/tickets", Some(&admin), None);
    assert_error(status, &v, 405, "request.method");
    // An Idempotency-Key longer than the documented 200 characters.
    let long = "k".repeat(201);
    let (status, text) = s.raw(
        "POST",
        "/api/v1/intake",
        Some(&s.portal),
        Some((
            "application/json",
            complaint("SP2D").to_string().into_bytes(),
        )),
        &[("Idempotency-Key", &long)],
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_error(status, &v, 422, "request.idempotency_key");
    // A staff-only field from a portal.
    let mut m = complaint("SP2D tidak bisa dicetak");
    m["receivedAt"] = json!("2026-03-01T10:00:00+07:00");
    let (status, v) = s.call("POST", "/api/v1/intake", Some(&s.portal), Some(m.clone()));
    assert_error(status, &v, 403, "auth.forbidden");
    // The generic intake is not anonymous.
    let (status, v) = s.call("POST", "/api/v1/intake", None, Some(m));
    assert_error(status, &v, 401, "auth.missing");
    assert_eq!(ticket_count(&s), 0);
}

// ----------------------------------------------------------------------- journeys

/// The staff of the journeys.
struct Staff {
    agent: String,
    supervisor: String,
}

fn staff(s: &TestServer) -> Staff {
    Staff {
        agent: s.token("agent", "Budi Agen"),
        supervisor: s.token("supervisor", "Sari Supervisor"),
    }
}

fn deliver() -> Value {
    json!({"event": "deliver_solution", "solution": "Templat cetak SP2D sudah diperbaiki."})
}

fn forward(to: &str) -> Value {
    json!({"event": "forward", "to": to, "reason": "perlu penanganan lanjutan"})
}

fn close() -> Value {
    json!({"event": "close"})
}

/// Checks the whole timeline at the end: names in order and who did each staff step.
fn assert_journey(s: &TestServer, number: &str, state: &str, steps: &[&str], by: &[&str]) {
    let t = get_ticket(s, &s.admin, number);
    assert_eq!(t["ticket"]["state"], state, "{t}");
    assert_eq!(event_names(&t), names(steps), "{t}");
    assert_eq!(staff_names(&t), by, "{t}");
    let ats: Vec<&str> = timeline(&t)
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert!(ats.windows(2).all(|w| at(w[0]) <= at(w[1])), "{ats:?}");
}

#[test]
fn journey_c_handled_directly_is_not_reachable_once_routed() {
    // The default router makes diamond B (create_ticket) for every new ticket, so the
    // first line's "handle directly" is no longer offered: it is refused with what is
    // allowed instead, and the ticket is unchanged.
    let s = TestServer::start(temp_dir("serve-journey-c"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let e = refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "handle_directly"}),
        409,
        "ticket.transition_refused",
    );
    assert_eq!(e["details"]["state"], "executing");
    assert_eq!(e["details"]["attempted"], "handle_directly");
    assert!(
        !e["details"]["allowed"]
            .as_array()
            .unwrap()
            .contains(&json!("handle_directly")),
        "{e}"
    );
}

#[test]
fn journey_c_with_first_line_triage() {
    // With first-line triage the first line answers diamond B itself: C handles
    // directly and delivers; D creates a ticket, which the router then assigns.
    let s = TestServer::start_triage(temp_dir("serve-journey-c-triage"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let t = get_ticket(&s, &st.agent, &n);
    assert_eq!(t["ticket"]["state"], "received", "{t}");
    assert_eq!(t["ticket"]["assignee"], Value::Null, "{t}");
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "handle_directly"}),
        "handled_directly",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    let steps = ["received", "handle_directly", "deliver_solution", "close"];
    assert_eq!(event_names(&get_ticket(&s, &st.agent, &n)), steps);
    let m = new_ticket(&s);
    let (status, v) = post_event(&s, &st.agent, &m, json!({"event": "create_ticket"}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["ticket"]["state"], "executing", "{v}");
    assert_eq!(v["ticket"]["assignee"], "Petugas e-Penatausahaan 1", "{v}");
    // The router assigns after the first line's triage.
    assert_eq!(event_names(&v), ["received", "create_ticket", "assign"]);
}

#[test]
fn journey_d_e_g_operations_design_delivers() {
    let s = TestServer::start(temp_dir("serve-journey-deg"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let v = step(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    assert_eq!(v["ticket"]["tier"], "operations_design");
    assert_eq!(
        v["ticket"]["assignee"],
        Value::Null,
        "a new tier picks its own: {v}"
    );
    s.set_now(at("2026-03-02T10:00:00+07:00"));
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "assign", "to": "Tim Desain Sistem"}),
        "operations_design",
    );
    let v = step(&s, &st.agent, &n, deliver(), "solution_delivered");
    assert_eq!(v["ticket"]["deliveredAt"], utc("2026-03-02T10:00:00+07:00"));
    assert_eq!(v["clocks"][0]["paused"], true, "{v}");
    s.set_now(at("2026-03-02T11:00:00+07:00"));
    let v = step(&s, &st.agent, &n, close(), "closed");
    assert_eq!(v["clocks"][0]["status"], "met", "{v}");
    assert_eq!(
        v["allowed"],
        allowed_json(&["reopen (within the window)", "comment"])
    );
    assert_journey(
        &s,
        &n,
        "closed",
        &["forward", "assign", "deliver_solution", "close"],
        &["Budi Agen"; 4],
    );
}

#[test]
fn journey_e_h_g_change_management_then_operations_design() {
    let s = TestServer::start(temp_dir("serve-journey-ehg"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let v = step(
        &s,
        &st.agent,
        &n,
        forward("change_management"),
        "change_management",
    );
    assert_eq!(v["ticket"]["tier"], "change_management");
    assert_eq!(
        v["allowed"],
        allowed_json(&[
            "forward to operations_design",
            "forward to information_security",
            "wait_for_reporter",
            "reject",
            "merge_into",
            "assign",
            "classify",
            "respond",
            "comment"
        ])
    );
    step(
        &s,
        &st.supervisor,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    assert_journey(
        &s,
        &n,
        "closed",
        &["forward", "forward", "deliver_solution", "close"],
        &["Budi Agen", "Sari Supervisor", "Budi Agen", "Budi Agen"],
    );
}

#[test]
fn journey_e_h_j_g_information_security_forwards_to_operations_design() {
    let s = TestServer::start(temp_dir("serve-journey-ehjg"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    step(
        &s,
        &st.agent,
        &n,
        forward("change_management"),
        "change_management",
    );
    let v = step(
        &s,
        &st.agent,
        &n,
        forward("information_security"),
        "information_security",
    );
    assert_eq!(v["ticket"]["tier"], "information_security");
    step(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    assert_journey(
        &s,
        &n,
        "closed",
        &["forward", "forward", "forward", "deliver_solution", "close"],
        &["Budi Agen"; 5],
    );
}

#[test]
fn journey_e_h_j_information_security_delivers() {
    let s = TestServer::start(temp_dir("serve-journey-ehj"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    step(
        &s,
        &st.agent,
        &n,
        forward("change_management"),
        "change_management",
    );
    step(
        &s,
        &st.agent,
        &n,
        forward("information_security"),
        "information_security",
    );
    let v = step(&s, &st.agent, &n, deliver(), "solution_delivered");
    assert_eq!(v["ticket"]["tier"], "information_security");
    step(&s, &st.supervisor, &n, close(), "closed");
    assert_journey(
        &s,
        &n,
        "closed",
        &["forward", "forward", "deliver_solution", "close"],
        &["Budi Agen", "Budi Agen", "Budi Agen", "Sari Supervisor"],
    );
}

#[test]
fn journey_waiting_for_the_reporter_pauses_and_resumes() {
    let s = TestServer::start(temp_dir("serve-journey-wait"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let v = step(
        &s,
        &st.agent,
        &n,
        json!({"event": "wait_for_reporter", "question": "Mohon kirim tangkapan layar."}),
        "waiting_for_reporter",
    );
    assert_eq!(v["clocks"][0]["paused"], true, "{v}");
    assert_eq!(
        v["allowed"],
        allowed_json(&[
            "reporter_replied",
            "reject",
            "merge_into",
            "assign",
            "classify",
            "respond",
            "comment"
        ])
    );
    // A forward while waiting is refused.
    let e = refused(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        409,
        "ticket.transition_refused",
    );
    assert_eq!(e["details"]["state"], "waiting_for_reporter");
    assert_eq!(e["details"]["attempted"], "forward to operations_design");
    // Two operational hours later the reporter answers: back to the same stage, and the
    // deadline moved by the pause.
    s.set_now(at("2026-03-02T10:00:00+07:00"));
    let v = step(
        &s,
        &st.agent,
        &n,
        json!({"event": "reporter_replied", "text": "Terlampir."}),
        "executing",
    );
    assert_eq!(
        v["ticket"]["assignee"], "Petugas e-Penatausahaan 1",
        "same tier, same assignee: {v}"
    );
    assert_eq!(
        v["clocks"][0]["due"],
        utc("2026-03-03T10:00:00+07:00"),
        "{v}"
    );
    assert_eq!(v["clocks"][0]["running"], true, "{v}");
    step(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    assert_journey(
        &s,
        &n,
        "closed",
        &[
            "wait_for_reporter",
            "reporter_replied",
            "forward",
            "deliver_solution",
            "close",
        ],
        &["Budi Agen"; 5],
    );
}

#[test]
fn journey_reopen_goes_back_to_the_stage_that_delivered() {
    let s = TestServer::start(temp_dir("serve-journey-reopen"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    step(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    s.set_now(at("2026-03-03T09:00:00+07:00"));
    let v = step(
        &s,
        &st.agent,
        &n,
        json!({"event": "reopen", "reason": "masih gagal"}),
        "operations_design",
    );
    assert_eq!(v["clocks"][0]["running"], true, "{v}");
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    // Closed, still within the window: it reopens again.
    step(
        &s,
        &st.supervisor,
        &n,
        json!({"event": "reopen"}),
        "operations_design",
    );
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    step(&s, &st.agent, &n, close(), "closed");
    assert_journey(
        &s,
        &n,
        "closed",
        &[
            "forward",
            "deliver_solution",
            "reopen",
            "deliver_solution",
            "close",
            "reopen",
            "deliver_solution",
            "close",
        ],
        &[
            "Budi Agen",
            "Budi Agen",
            "Budi Agen",
            "Budi Agen",
            "Budi Agen",
            "Sari Supervisor",
            "Budi Agen",
            "Budi Agen",
        ],
    );
}

#[test]
fn journey_reject_needs_a_supervisor() {
    let s = TestServer::start(temp_dir("serve-journey-reject"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    let reject = json!({"event": "reject", "reason": "bukan aplikasi layanan"});
    refused(&s, &st.agent, &n, reject.clone(), 403, "auth.forbidden");
    let v = step(&s, &st.supervisor, &n, reject, "rejected");
    assert_eq!(v["clocks"][0]["status"], "cancelled", "{v}");
    assert_eq!(v["allowed"], allowed_json(&["comment"]));
    // Nothing but notes afterwards.
    refused(
        &s,
        &st.supervisor,
        &n,
        deliver(),
        409,
        "ticket.transition_refused",
    );
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment", "text": "pelapor diarahkan ke BKD"}),
        "rejected",
    );
    assert_journey(
        &s,
        &n,
        "rejected",
        &["reject", "comment"],
        &["Sari Supervisor", "Budi Agen"],
    );
    assert_eq!(
        timeline(&get_ticket(&s, &s.admin, &n))[3]["reason"],
        "bukan aplikasi layanan"
    );
}

#[test]
fn journey_merge_into_another_ticket() {
    let s = TestServer::start(temp_dir("serve-journey-merge"), at(MON_0800));
    let st = staff(&s);
    let target = new_ticket(&s);
    let n = new_ticket(&s);
    let merge = |to: &str| json!({"event": "merge_into", "target": to});
    refused(&s, &st.agent, &n, merge(&target), 403, "auth.forbidden");
    refused(
        &s,
        &st.supervisor,
        &n,
        merge("JTG-2026-999999"),
        422,
        "ticket.merge_target",
    );
    refused(
        &s,
        &st.supervisor,
        &n,
        merge(&n),
        422,
        "ticket.merge_target",
    );
    let v = step(&s, &st.supervisor, &n, merge(&target), "merged");
    assert_eq!(v["ticket"]["mergedInto"], target.as_str());
    assert_journey(&s, &n, "merged", &["merge_into"], &["Sari Supervisor"]);
    // The target is untouched.
    let t = get_ticket(&s, &s.admin, &target);
    assert_eq!(t["ticket"]["state"], "executing");
    assert_eq!(event_names(&t), names(&[]));
}

// ----------------------------------------------------------------------- refusals

#[test]
fn refused_events_leave_the_ticket_unchanged() {
    let s = TestServer::start(temp_dir("serve-refusals"), at(MON_0800));
    let st = staff(&s);
    let n = new_ticket(&s);
    // The flow refuses: 409 with what is allowed now.
    let e = refused(&s, &st.agent, &n, close(), 409, "ticket.transition_refused");
    assert_eq!(e["details"]["state"], "executing");
    assert_eq!(e["details"]["attempted"], "close");
    assert_eq!(
        e["details"]["allowed"],
        allowed_json(&[
            "forward to operations_design",
            "forward to change_management",
            "wait_for_reporter",
            "reject",
            "merge_into",
            "assign",
            "classify",
            "respond",
            "comment"
        ])
    );
    // Application staff do not deliver (the chart goes through H or G).
    refused(
        &s,
        &st.agent,
        &n,
        deliver(),
        409,
        "ticket.transition_refused",
    );
    let e = refused(
        &s,
        &st.agent,
        &n,
        forward("information_security"),
        409,
        "ticket.transition_refused",
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("forward to information_security"),
        "{e}"
    );
    // In English on request.
    let (status, v) = s.call(
        "POST",
        &format!("/api/v1/tickets/{n}/events?lang=en"),
        Some(&st.agent),
        Some(close()),
    );
    assert_error(status, &v, 409, "ticket.transition_refused");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot record `close`"),
        "{v}"
    );

    // Events only the system records.
    for name in ["sla_breached", "sla_warning", "received"] {
        refused(
            &s,
            &st.supervisor,
            &n,
            json!({"event": name, "clock": "resolution", "notify": "x"}),
            422,
            "event.system_only",
        );
    }
    // `at` and `by` are the server's.
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment", "text": "x", "at": "2026-03-01T08:00:00+07:00"}),
        422,
        "event.stamped_by_server",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment", "text": "x", "by": {"type": "staff", "name": "Orang Lain"}}),
        422,
        "event.stamped_by_server",
    );
    // Unknown events, missing or unknown fields.
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "escalate"}),
        422,
        "event.invalid",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment"}),
        422,
        "event.invalid",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "forward", "to": "helpdesk"}),
        422,
        "event.invalid",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment", "text": "x", "colour": "red"}),
        422,
        "event.invalid",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!({"text": "no event"}),
        422,
        "event.invalid",
    );
    refused(
        &s,
        &st.agent,
        &n,
        json!(["comment"]),
        422,
        "request.invalid",
    );
    let (status, text) = s.raw(
        "POST",
        &format!("/api/v1/tickets/{n}/events"),
        Some(&st.agent),
        Some(("application/json", b"{not json".to_vec())),
        &[],
    );
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("request.invalid"), "{text}");

    // An unknown ticket.
    let (status, v) = post_event(
        &s,
        &st.agent,
        "JTG-2026-999999",
        json!({"event": "comment", "text": "x"}),
    );
    assert_error(status, &v, 404, "ticket.not_found");
    let (status, v) = s.call(
        "GET",
        "/api/v1/tickets/JTG-2026-999999",
        Some(&st.agent),
        None,
    );
    assert_error(status, &v, 404, "ticket.not_found");
    assert_eq!(ticket_count(&s), 1);
}

#[test]
fn reopen_is_refused_after_the_window() {
    let s = TestServer::start(temp_dir("serve-window"), at(MON_0800));
    let st = staff(&s);
    let (late, on_time) = (new_ticket(&s), new_ticket(&s));
    for n in [&late, &on_time] {
        step(
            &s,
            &st.agent,
            n,
            forward("operations_design"),
            "operations_design",
        );
        step(&s, &st.agent, n, deliver(), "solution_delivered");
        step(&s, &st.agent, n, close(), "closed");
    }
    // Five operational days after Monday 08:00 is the next Monday 08:00 (the weekend
    // does not count): still within the window then, not a minute later.
    s.set_now(at("2026-03-09T08:00:00+07:00"));
    step(
        &s,
        &st.agent,
        &on_time,
        json!({"event": "reopen"}),
        "operations_design",
    );
    s.set_now(at("2026-03-09T08:01:00+07:00"));
    let e = refused(
        &s,
        &st.agent,
        &late,
        json!({"event": "reopen"}),
        409,
        "ticket.reopen_window_closed",
    );
    assert!(e["message"].as_str().unwrap().contains(&late), "{e}");
    s.set_now(at("2026-03-16T10:00:00+07:00"));
    refused(
        &s,
        &st.supervisor,
        &late,
        json!({"event": "reopen"}),
        409,
        "ticket.reopen_window_closed",
    );
    assert_eq!(get_ticket(&s, &s.admin, &late)["ticket"]["state"], "closed");
}

// --------------------------------------------------------------------------- auth

#[test]
fn staff_calls_need_a_token_of_the_right_role() {
    let s = TestServer::start(temp_dir("serve-auth"), at(MON_0800));
    let n = new_ticket(&s);
    let agent = s.token("agent", "Budi Agen");
    for (method, path) in [
        ("GET", "/api/v1/me".to_string()),
        ("GET", "/api/v1/desk".to_string()),
        ("GET", "/api/v1/tickets".to_string()),
        ("GET", format!("/api/v1/tickets/{n}")),
    ] {
        let (status, v) = s.call(method, &path, None, None);
        assert_error(status, &v, 401, "auth.missing");
        let (status, v) = s.call(method, &path, Some("lkt_0000000000000000"), None);
        assert_error(status, &v, 401, "auth.invalid");
        let (status, v) = s.call(method, &path, Some(&agent), None);
        assert_eq!(status, 200, "{path}: {v}");
    }
    let (status, v) = post_event(&s, "lkt_nope", &n, json!({"event": "comment", "text": "x"}));
    assert_error(status, &v, 401, "auth.invalid");
    let (status, text) = s.raw(
        "GET",
        "/api/v1/me",
        None,
        None,
        &[("Authorization", "Basic YWRtaW46YWRtaW4=")],
    );
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("auth.malformed"), "{text}");

    let (status, v) = s.call("GET", "/api/v1/me", Some(&agent), None);
    assert_eq!(status, 200);
    assert_eq!(v, json!({"name": "Budi Agen", "role": "agent"}));
    let (_, v) = s.call("GET", "/api/v1/me", Some(&s.admin), None);
    assert_eq!(v, json!({"name": "Admin Uji", "role": "admin"}));

    // Admin endpoints: an agent and a supervisor are forbidden.
    let supervisor = s.token("supervisor", "Sari Supervisor");
    for token in [&agent, &supervisor] {
        for (method, path) in [
            ("GET", "/api/v1/admin/profile"),
            ("GET", "/api/v1/admin/outbox"),
            ("GET", "/api/v1/admin/plugins"),
        ] {
            let (status, v) = s.call(method, path, Some(token), None);
            assert_error(status, &v, 403, "auth.forbidden");
        }
        let (status, v) = s.call(
            "POST",
            "/api/v1/admin/tokens",
            Some(token),
            Some(json!({"role": "admin", "name": "Saya"})),
        );
        assert_error(status, &v, 403, "auth.forbidden");
        let (status, text) = s.raw(
            "PUT",
            "/api/v1/admin/policy",
            Some(token),
            Some(("text/plain", b"complaint = \"9d\"".to_vec())),
            &[],
        );
        assert_eq!(status, 403, "{text}");
    }
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        None,
        Some(json!({"role": "agent", "name": "X"})),
    );
    assert_error(status, &v, 401, "auth.missing");

    // The admin creates tokens; the role must be known and the name given.
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        Some(&s.admin),
        Some(json!({"role": "supervisor", "name": "Rina"})),
    );
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["role"], "supervisor");
    assert_eq!(v["name"], "Rina");
    let token = v["token"].as_str().unwrap();
    assert!(token.starts_with("lkt_"), "{token}");
    let (_, me) = s.call("GET", "/api/v1/me", Some(token), None);
    assert_eq!(me, json!({"name": "Rina", "role": "supervisor"}));
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        Some(&s.admin),
        Some(json!({"role": "root", "name": "Eve"})),
    );
    assert_error(status, &v, 422, "token.invalid");
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        Some(&s.admin),
        Some(json!({"role": "agent", "name": "  "})),
    );
    assert_error(status, &v, 422, "token.invalid");
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        Some(&s.admin),
        Some(json!({"role": "agent"})),
    );
    assert_error(status, &v, 422, "request.invalid");
}

// ----------------------------------------------------------------------- reporter

#[test]
fn the_reporter_sees_the_status_without_personal_data_or_staff() {
    let s = TestServer::start(temp_dir("serve-status"), at(MON_0800));
    let st = staff(&s);
    let m = json!({
        "channel": "email",
        "application": "e-penatausahaan",
        "kind": "complaint",
        "subject": "SP2D tidak bisa dicetak",
        "body": "Tombol cetak SP2D memberi pesan gagal membuat dokumen.",
        "reporter": {"name": "Sri Wahyuni", "phone": "6281225550123", "email": "sri.wahyuni@bpkad.example.go.id", "nik": "3374015507800001"},
    });
    let v = intake(&s, m);
    let n = v["number"].as_str().unwrap().to_string();
    let key = v["accessKey"].as_str().unwrap().to_string();
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "comment", "text": "Catatan internal: server db-07 penuh"}),
        "executing",
    );
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "wait_for_reporter", "question": "Sejak jam berapa?"}),
        "waiting_for_reporter",
    );
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "reporter_replied", "text": "Sejak jam 7 pagi."}),
        "executing",
    );
    step(
        &s,
        &st.agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    step(
        &s,
        &st.agent,
        &n,
        json!({"event": "assign", "to": "Andi Operasional"}),
        "operations_design",
    );
    // Staff see the reporter.
    let staff_view = get_ticket(&s, &st.agent, &n);
    assert_eq!(staff_view["ticket"]["reporter"]["nik"], "3374015507800001");

    let (status, text) = s.raw(
        "GET",
        &format!("/api/v1/status/{n}?key={key}"),
        None,
        None,
        &[],
    );
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["number"], n.as_str());
    assert_eq!(v["state"], "operations_design");
    assert_eq!(
        v["stateLabel"],
        "dikerjakan oleh Manajemen Operasional & Desain Sistem"
    );
    assert_eq!(v["applicationName"], "e-Penatausahaan");
    assert_eq!(v["due"], utc("2026-03-03T08:00:00+07:00"));
    let texts: Vec<&str> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "diterima: aduan melalui email",
            "tiket dibuat untuk penanggung jawab aplikasi",
            "ditangani petugas",
            "menunggu pelapor: Sejak jam berapa?",
            "pesan pelapor diterima",
            "diteruskan ke Manajemen Operasional & Desain Sistem",
            "ditangani petugas",
        ]
    );
    for secret in [
        "Sri Wahyuni",
        "6281225550123",
        "sri.wahyuni@bpkad.example.go.id",
        "3374015507800001",
        "db-07",
        "Catatan internal",
        "Petugas e-Penatausahaan",
        "Andi Operasional",
        "Budi Agen",
        "Sari Supervisor",
        "reporter",
        "assignee",
    ] {
        assert!(
            !text.contains(secret),
            "the status view shows {secret:?}: {text}"
        );
    }
    // English on request.
    let (_, en) = s.call(
        "GET",
        &format!("/api/v1/status/{n}?key={key}&lang=en"),
        None,
        None,
    );
    assert_eq!(
        en["stateLabel"],
        "worked by Operations Management & System Design"
    );
    assert_eq!(en["timeline"][2]["text"], "assigned to staff");

    // A wrong key answers exactly like an unknown number.
    let (s1, wrong) = s.raw(
        "GET",
        &format!("/api/v1/status/{n}?key=000000000000000000000000"),
        None,
        None,
        &[],
    );
    let (s2, unknown) = s.raw(
        "GET",
        &format!("/api/v1/status/JTG-2026-999999?key={key}"),
        None,
        None,
        &[],
    );
    let (s3, missing) = s.raw("GET", &format!("/api/v1/status/{n}"), None, None, &[]);
    let (s4, other) = s.raw(
        "GET",
        &format!("/api/v1/status/{n}?key={}", &key[..key.len() - 1]),
        None,
        None,
        &[],
    );
    assert_eq!((s1, s2, s3, s4), (404, 404, 404, 404));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, missing);
    assert_eq!(wrong, other);
    let v: Value = serde_json::from_str(&wrong).unwrap();
    assert_eq!(v["error"]["code"], "status.not_found");
    // Another ticket's key does not open this one.
    let other_key = intake(&s, complaint("SP2D lagi"))["accessKey"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = s.raw(
        "GET",
        &format!("/api/v1/status/{n}?key={other_key}"),
        None,
        None,
        &[],
    );
    assert_eq!(status, 404);

    // The solution is shown once delivered.
    step(&s, &st.agent, &n, deliver(), "solution_delivered");
    let (_, v) = s.call("GET", &format!("/api/v1/status/{n}?key={key}"), None, None);
    assert_eq!(v["solution"], "Templat cetak SP2D sudah diperbaiki.");
    assert_eq!(v["stateLabel"], "solusi disampaikan");
}

// -------------------------------------------------------------------------- admin

#[test]
fn admin_replaces_the_policy_for_new_tickets_only() {
    let dir = temp_dir("serve-admin");
    let s = TestServer::start(dir, at(MON_0800));
    let (status, p) = s.call("GET", "/api/v1/admin/profile", Some(&s.admin), None);
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["policy"]["complaint"], "1d", "{p}");
    assert_eq!(p["policy"]["request"], "10d", "{p}");
    assert_eq!(p["calendar"]["timezone"], "Asia/Jakarta", "{p}");
    assert_eq!(p["desk"]["product"].as_array().unwrap().len(), 7, "{p}");
    let old = new_ticket(&s);

    let put = |s: &TestServer, part: &str, body: &str| {
        let (status, text) = s.raw(
            "PUT",
            &format!("/api/v1/admin/{part}"),
            Some(&s.admin),
            Some(("application/toml", body.as_bytes().to_vec())),
            &[],
        );
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
        )
    };
    // Invalid text: refused, nothing changes.
    let (status, v) = put(&s, "policy", "complaint = \"2d\nrequest = ");
    assert_error(status, &v, 422, "input.syntax");
    let (status, v) = put(
        &s,
        "policy",
        "complaint = \"-2d\"\nrequest = \"10d\"\nincident = \"1d\"",
    );
    assert_eq!(status, 422, "{v}");
    let (status, v) = put(
        &s,
        "policy",
        "complaint = \"2d\"\nrequest = \"10d\"\nincident = \"1d\"\ncolour = \"red\"",
    );
    assert_eq!(status, 422, "{v}");
    let (status, v) = put(&s, "weather", "sunny = true");
    assert_error(status, &v, 404, "admin.unknown_part");
    let (_, unchanged) = s.call("GET", "/api/v1/admin/profile", Some(&s.admin), None);
    assert_eq!(unchanged, p);

    // A valid policy: for tickets received from now on.
    let (status, v) = put(
        &s,
        "policy",
        "complaint = \"2d\"\nrequest = \"10d\"\nincident = \"1d\"\nboundary = \"closing\"\n",
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["policy"]["complaint"], "2d", "{v}");
    let (_, p2) = s.call("GET", "/api/v1/admin/profile", Some(&s.admin), None);
    assert_eq!(p2["policy"]["complaint"], "2d");
    let new = intake(&s, complaint("SP2D tidak bisa dicetak"));
    assert_eq!(new["due"], utc("2026-03-04T08:00:00+07:00"));
    assert!(new["answer"].as_str().unwrap().contains("2 hari"), "{new}");
    let t = get_ticket(&s, &s.admin, &old);
    assert_eq!(
        t["ticket"]["sla"]["due"],
        utc("2026-03-03T08:00:00+07:00"),
        "the old ticket keeps its terms: {t}"
    );

    // It survives a restart.
    let dir = s.stop();
    let s = TestServer::start(dir, at("2026-03-02T09:00:00+07:00"));
    let (_, p3) = s.call("GET", "/api/v1/admin/profile", Some(&s.admin), None);
    assert_eq!(p3["policy"]["complaint"], "2d", "{p3}");
    let after = intake(&s, complaint("SP2D tidak bisa dicetak"));
    assert_eq!(after["due"], utc("2026-03-04T09:00:00+07:00"));
    let t = get_ticket(&s, &s.admin, &old);
    assert_eq!(
        t["ticket"]["sla"]["due"],
        utc("2026-03-03T08:00:00+07:00"),
        "{t}"
    );
    // Re-evaluation under the new policy is explicit, and a supervisor's call.
    let agent = s.token("agent", "Budi Agen");
    let supervisor = s.token("supervisor", "Sari Supervisor");
    refused(
        &s,
        &agent,
        &old,
        json!({"event": "reevaluate"}),
        403,
        "auth.forbidden",
    );
    let v = step(
        &s,
        &supervisor,
        &old,
        json!({"event": "reevaluate", "reason": "kebijakan baru"}),
        "executing",
    );
    assert_eq!(
        v["ticket"]["sla"]["due"],
        utc("2026-03-04T08:00:00+07:00"),
        "{v}"
    );
    assert_eq!(
        v["clocks"][0]["due"],
        utc("2026-03-04T08:00:00+07:00"),
        "{v}"
    );
}

#[test]
fn admin_reads_the_outbox_and_the_plugins() {
    let s = TestServer::start(temp_dir("serve-outbox"), at(MON_0800));
    let wa = intake(&s, complaint("SP2D tidak bisa dicetak"));
    let n1 = wa["number"].as_str().unwrap();
    let mut m = complaint("Mohon dibuatkan akun e-Budgeting untuk operator baru");
    m["channel"] = json!("email");
    m["application"] = json!("e-budgeting");
    m["kind"] = json!("request");
    m["reporter"] = json!({"name": "Dewi Lestari", "email": "dewi@disdik.example.go.id"});
    let em = intake(&s, m);
    let n2 = em["number"].as_str().unwrap();

    let list = outbox(&s);
    let about = |n: &str, kind: &str| -> Vec<Value> {
        list.iter()
            .filter(|x| x["ticket"] == n && x["kind"] == kind)
            .cloned()
            .collect()
    };
    let ack = about(n1, "acknowledgement");
    assert_eq!(ack.len(), 1, "{list:?}");
    assert_eq!(
        ack[0]["to"],
        json!({"role": "reporter", "channel": "whatsapp", "address": "+6281225550123"})
    );
    assert_eq!(ack[0]["status"], "pending");
    let text = ack[0]["text"].as_str().unwrap();
    assert!(text.starts_with("Terima kasih. Aduan Anda tentang e-Penatausahaan telah kami terima dengan nomor tiket JTG-2026-000001."), "{text}");
    // The acknowledgement gives the access key when it is sent; the outbox keeps
    // only its slot.
    assert!(
        text.ends_with("gunakan kode akses {kode-akses}.")
            && !text.contains(wa["accessKey"].as_str().unwrap()),
        "the stored acknowledgement has the key's slot, not the key: {text}"
    );
    let ack = about(n2, "acknowledgement");
    assert_eq!(ack.len(), 1, "{list:?}");
    assert_eq!(
        ack[0]["to"],
        json!({"role": "reporter", "channel": "email", "address": "dewi@disdik.example.go.id"})
    );
    let assigned = about(n1, "assignment");
    assert_eq!(assigned.len(), 1, "{list:?}");
    assert_eq!(
        assigned[0]["to"],
        json!({"role": "staff", "name": "Petugas e-Penatausahaan 1", "channel": "log"})
    );
    assert!(assigned[0]["text"].as_str().unwrap().contains(n1));
    assert_eq!(
        about(n2, "assignment")[0]["to"]["name"],
        "Petugas e-Budgeting"
    );
    assert_eq!(list.len(), 4, "{list:?}");

    // A solution goes to the reporter by the channel they wrote from.
    let agent = s.token("agent", "Budi Agen");
    step(
        &s,
        &agent,
        n1,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &agent, n1, deliver(), "solution_delivered");
    let list = outbox(&s);
    let answers: Vec<&Value> = list
        .iter()
        .filter(|x| x["ticket"] == n1 && x["kind"] == "answer")
        .collect();
    assert_eq!(answers.len(), 1, "{list:?}");
    assert_eq!(answers[0]["to"]["channel"], "whatsapp");
    assert!(answers[0]["text"]
        .as_str()
        .unwrap()
        .contains("Templat cetak SP2D sudah diperbaiki."));
    let (status, v) = s.call(
        "GET",
        "/api/v1/admin/outbox?status=sent",
        Some(&s.admin),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(v["notifications"], json!([]));

    let (status, v) = s.call("GET", "/api/v1/admin/plugins", Some(&s.admin), None);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v, json!({"plugins": []}));
    let (status, v) = s.call("POST", "/api/v1/admin/plugins/reload", Some(&s.admin), None);
    assert_error(status, &v, 409, "plugin.no_directory");
}

#[test]
fn an_assignment_names_the_deadline_in_force() {
    let s = TestServer::start(temp_dir("serve-assign-due"), at(MON_0800));
    let agent = s.token("agent", "Budi Agen");
    let n = new_ticket(&s);
    step(
        &s,
        &agent,
        &n,
        json!({"event": "wait_for_reporter", "question": "Sejak kapan?"}),
        "waiting_for_reporter",
    );
    // Paused for two operational hours: the deadline moves from Tuesday 08:00 to 10:00.
    s.set_now(at("2026-03-02T10:00:00+07:00"));
    step(
        &s,
        &agent,
        &n,
        json!({"event": "reporter_replied", "text": "Sejak tadi pagi."}),
        "executing",
    );
    step(
        &s,
        &agent,
        &n,
        forward("operations_design"),
        "operations_design",
    );
    let v = step(
        &s,
        &agent,
        &n,
        json!({"event": "assign", "to": "Andi Operasional"}),
        "operations_design",
    );
    assert_eq!(
        v["clocks"][0]["due"],
        utc("2026-03-03T10:00:00+07:00"),
        "{v}"
    );
    let assigned: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|x| x["kind"] == "assignment" && x["to"]["name"] == "Andi Operasional")
        .collect();
    assert_eq!(assigned.len(), 1, "{assigned:?}");
    let text = assigned[0]["text"].as_str().unwrap();
    assert!(
        text.ends_with("Tenggat: Selasa, 3 Maret 2026 10:00 WIB."),
        "{text}"
    );
}

#[test]
fn sla_notifications_name_the_deadline_of_their_clock() {
    let s = TestServer::start(temp_dir("serve-sla-text"), at(MON_0800));
    // A desk with a first-response target of one operational hour.
    let desk = include_str!("../../../core/profiles/jatengprov-desk.toml")
        .replace("first_response = \"off\"", "first_response = \"1h\"");
    assert!(desk.contains("first_response = \"1h\""));
    let (status, text) = s.raw(
        "PUT",
        "/api/v1/admin/desk",
        Some(&s.admin),
        Some(("application/toml", desk.into_bytes())),
        &[],
    );
    assert_eq!(status, 200, "{text}");
    let n = new_ticket(&s);
    let t = get_ticket(&s, &s.admin, &n);
    assert_eq!(t["clocks"][1]["kind"], "first_response", "{t}");
    assert_eq!(
        t["clocks"][1]["due"],
        utc("2026-03-02T09:00:00+07:00"),
        "{t}"
    );
    // The SLA watch's pass just after the first-response deadline.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let now = at("2026-03-02T09:00:01+07:00");
    s.set_now(now);
    let tick = rt
        .block_on(s.app.desk.tick(Timestamp::from_unix(now)))
        .expect("a pass");
    let names: Vec<&str> = tick.recorded.iter().map(|(_, e)| e.what.name()).collect();
    // (The first-response clock has no warning share: it breaches only.)
    assert_eq!(names, ["sla_breached"], "{tick:?}");
    let list = outbox(&s);
    for kind in ["sla_breach"] {
        let texts: Vec<&str> = list
            .iter()
            .filter(|x| x["kind"] == kind)
            .map(|x| x["text"].as_str().unwrap())
            .collect();
        assert!(!texts.is_empty(), "{kind}: {list:?}");
        for text in texts {
            assert!(
                text.contains("Senin, 2 Maret 2026 09:00 WIB"),
                "{kind} names the first-response deadline: {text}"
            );
            assert!(!text.contains("Selasa, 3 Maret 2026 08:00 WIB"), "{text}");
        }
    }
}

#[test]
fn staff_list_and_filter_tickets() {
    let s = TestServer::start(temp_dir("serve-list"), at(MON_0800));
    let agent = s.token("agent", "Budi Agen");
    let a = new_ticket(&s);
    let mut m = complaint("Website tidak bisa dibuka");
    m["application"] = json!("website");
    let b = intake(&s, m)["number"].as_str().unwrap().to_string();
    step(
        &s,
        &agent,
        &a,
        forward("operations_design"),
        "operations_design",
    );
    let list = |q: &str| {
        let (status, v) = s.call("GET", &format!("/api/v1/tickets{q}"), Some(&agent), None);
        assert_eq!(status, 200, "{v}");
        let numbers: Vec<String> = v["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_str().unwrap().to_string())
            .collect();
        let total = v["total"].as_u64().unwrap() as usize;
        if !q.contains("limit") {
            assert_eq!(total, numbers.len(), "{v}");
        }
        numbers
    };
    assert_eq!(list(""), [b.as_str(), a.as_str()]);
    assert_eq!(list("?state=executing"), [b.as_str()]);
    assert_eq!(list("?state=open"), [b.as_str(), a.as_str()]);
    assert_eq!(list("?application=e-penatausahaan"), [a.as_str()]);
    assert_eq!(list("?assignee=Petugas%20Website"), [b.as_str()]);
    assert_eq!(list("?tier=operations_design"), [a.as_str()]);
    assert_eq!(list("?sla=on_track"), [b.as_str(), a.as_str()]);
    // `ok`, the name before the clock objects were the core's, is read the same.
    assert_eq!(list("?sla=ok"), [b.as_str(), a.as_str()]);
    assert_eq!(list("?sla=breached"), Vec::<String>::new());
    assert_eq!(list("?q=website"), [b.as_str()]);
    assert_eq!(list("?limit=1&offset=1"), [a.as_str()]);
    let (_, v) = s.call("GET", "/api/v1/tickets?limit=1", Some(&agent), None);
    assert_eq!(v["total"], 2, "the total counts every match: {v}");
    // An unknown SLA status is a refusal naming the accepted ones, not an empty list.
    let (status, v) = s.call("GET", "/api/v1/tickets?sla=zzz&lang=en", Some(&agent), None);
    assert_error(status, &v, 400, "request.invalid");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("on_track, warning, breached, paused, met, cancelled, none"),
        "{v}"
    );
}

// ------------------------------------------------------------------------ restart

#[test]
fn tickets_keys_and_numbers_survive_a_restart() {
    let s = TestServer::start(temp_dir("serve-restart"), at(MON_0800));
    let agent = s.token("agent", "Budi Agen");
    let send = |s: &TestServer, key: &str| {
        let (status, text) = s.raw(
            "POST",
            "/api/v1/intake",
            Some(&s.portal),
            Some((
                "application/json",
                complaint("SP2D tidak bisa dicetak")
                    .to_string()
                    .into_bytes(),
            )),
            &[("Idempotency-Key", key)],
        );
        (status, serde_json::from_str::<Value>(&text).unwrap())
    };
    let (status, first) = send(&s, "k-1");
    assert_eq!(status, 201);
    let n1 = first["number"].as_str().unwrap().to_string();
    let n2 = new_ticket(&s);
    let n3 = new_ticket(&s);
    assert_eq!(
        [n1.as_str(), n2.as_str(), n3.as_str()],
        ["JTG-2026-000001", "JTG-2026-000002", "JTG-2026-000003"]
    );
    step(
        &s,
        &agent,
        &n1,
        forward("change_management"),
        "change_management",
    );
    step(
        &s,
        &agent,
        &n1,
        json!({"event": "comment", "text": "dicek tim"}),
        "change_management",
    );
    step(
        &s,
        &agent,
        &n2,
        forward("operations_design"),
        "operations_design",
    );
    step(&s, &agent, &n2, deliver(), "solution_delivered");
    let before: Vec<Value> = [&n1, &n2, &n3]
        .iter()
        .map(|n| get_ticket(&s, &agent, n))
        .collect();
    let status_before = s.raw(
        "GET",
        &format!(
            "/api/v1/status/{n1}?key={}",
            first["accessKey"].as_str().unwrap()
        ),
        None,
        None,
        &[],
    );
    let outbox_before = outbox(&s);

    let dir = s.stop();
    let s = TestServer::start(dir, at(MON_0800));
    // The same tickets, with the same timelines; the old token still works.
    let after: Vec<Value> = [&n1, &n2, &n3]
        .iter()
        .map(|n| get_ticket(&s, &agent, n))
        .collect();
    assert_eq!(after, before);
    assert_eq!(ticket_count(&s), 3);
    // The access key still opens the status.
    let status_after = s.raw(
        "GET",
        &format!(
            "/api/v1/status/{n1}?key={}",
            first["accessKey"].as_str().unwrap()
        ),
        None,
        None,
        &[],
    );
    assert_eq!(status_after, status_before);
    assert_eq!(status_after.0, 200);
    assert_eq!(outbox(&s), outbox_before);
    // A retry after the restart is still a duplicate.
    let (status, again) = send(&s, "k-1");
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["number"], n1.as_str());
    assert_eq!(ticket_count(&s), 3);
    // Numbering continues, never reuses.
    let n4 = new_ticket(&s);
    assert_eq!(n4, "JTG-2026-000004");
    // And the desk goes on from where it was.
    step(&s, &agent, &n2, close(), "closed");
    step(
        &s,
        &agent,
        &n1,
        forward("operations_design"),
        "operations_design",
    );

    // Once more: everything written after the first restart is there too.
    let dir = s.stop();
    let s = TestServer::start(dir, at(MON_0800));
    assert_eq!(get_ticket(&s, &agent, &n2)["ticket"]["state"], "closed");
    assert_eq!(
        event_names(&get_ticket(&s, &agent, &n1)),
        names(&["forward", "comment", "forward"])
    );
    assert_eq!(new_ticket(&s), "JTG-2026-000005");
}

// ---------------------------------------------------------------- health, OpenAPI

#[test]
fn health_answers() {
    let s = TestServer::start(temp_dir("serve-health"), at(MON_0800));
    new_ticket(&s);
    let (status, v) = s.call("GET", "/health", None, None);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["tickets"], 1);
    assert_eq!(v["openTickets"], 1);
    assert_eq!(v["plugins"], 0);
    assert_eq!(v["outboxPending"], 2);
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
}

/// The routes of `api::router()`: path and methods, read from the source so that a
/// new route fails [`every_route_is_documented`] until it is documented.
fn routes() -> Vec<(String, Vec<String>)> {
    let src = include_str!("../src/api.rs");
    let start = src.find("pub fn router(").expect("api::router");
    let body = &src[start..];
    let body = &body[..body.find("\n}\n").expect("the end of router()")];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(".route(") {
        rest = &rest[i + ".route(".len()..];
        let open = rest.find('"').expect("a route path");
        let close = open + 1 + rest[open + 1..].find('"').expect("the path's end");
        let path = rest[open + 1..close].to_string();
        // The handler expression, up to the `)` that closes `.route(`.
        let mut depth = 1;
        let mut end = close;
        for (j, c) in rest[close..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = close + j;
                break;
            }
        }
        let handler = &rest[close + 1..end];
        // The catch-all that answers unknown API addresses in JSON is not a route
        // of the API.
        if handler.contains("no_such_address") {
            rest = &rest[end..];
            continue;
        }
        let methods: Vec<String> = ["get", "post", "put", "delete", "patch"]
            .iter()
            .filter(|m| {
                handler.match_indices(&format!("{m}(")).any(|(k, _)| {
                    k == 0
                        || !handler.as_bytes()[k - 1].is_ascii_alphanumeric()
                            && handler.as_bytes()[k - 1] != b'_'
                })
            })
            .map(|m| m.to_string())
            .collect();
        assert!(!methods.is_empty(), "no method found for {path}: {handler}");
        out.push((path, methods));
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_route_is_documented() {
    let s = TestServer::start(temp_dir("serve-openapi"), at(MON_0800));
    let (status, text) = s.raw("GET", "/openapi.json", None, None, &[]);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&text).expect("the OpenAPI document is JSON");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    let routes = routes();
    assert!(routes.len() >= 15, "{routes:?}");
    // `/api/v1/admin/{part}` serves the parts of the profile `desk::with_part` knows,
    // documented one by one.
    let concrete = |path: &str| -> Vec<String> {
        match path {
            "/api/v1/admin/{part}" => ["calendar", "policy", "desk"]
                .iter()
                .map(|p| format!("/api/v1/admin/{p}"))
                .collect(),
            p => vec![p.to_string()],
        }
    };
    let mut documented = std::collections::BTreeSet::new();
    for (path, methods) in &routes {
        for p in concrete(path) {
            let entry = paths
                .get(&p)
                .unwrap_or_else(|| panic!("route {p} is not in the OpenAPI document"));
            for m in methods {
                assert!(
                    entry.get(m).is_some(),
                    "{} {p} is not in the OpenAPI document",
                    m.to_uppercase()
                );
            }
            documented.insert(p);
        }
    }
    // And nothing is documented that is not served.
    for p in paths.keys() {
        assert!(
            documented.contains(p),
            "the OpenAPI document has {p}, which no route serves"
        );
    }
    // The concrete parts are really served.
    for part in ["calendar", "policy", "desk"] {
        let (status, v) = s.call(
            "PUT",
            &format!("/api/v1/admin/{part}"),
            Some(&s.admin),
            Some(json!({"nonsense": 1})),
        );
        assert_eq!(status, 422, "{part}: {v}");
    }
}

// ----------------------------------------------------------------------- WhatsApp

macro_rules! wa_fixture {
    ($name:literal) => {
        include_bytes!(concat!("fixtures/whatsapp/", $name)).as_slice()
    };
}

/// `X-Hub-Signature-256` of `body` under the test app secret.
fn sign(body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(WA_SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn wa_post(s: &TestServer, body: &[u8], signature: &str) -> (u16, Value) {
    let (status, text) = s.raw(
        "POST",
        "/webhooks/whatsapp",
        None,
        Some(("application/json", body.to_vec())),
        &[("X-Hub-Signature-256", signature)],
    );
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn wa(s: &TestServer, body: &[u8]) -> Value {
    let (status, v) = wa_post(s, body, &sign(body));
    assert_eq!(status, 200, "{v}");
    v
}

#[test]
fn whatsapp_handshake() {
    let s = TestServer::start(temp_dir("serve-wa-hs"), at(MON_0800));
    let (status, body) = s.raw(
        "GET",
        &format!("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={WA_VERIFY}&hub.challenge=1158201444"),
        None,
        None,
        &[],
    );
    assert_eq!((status, body.as_str()), (200, "1158201444"));
    let (status, _) = s.raw(
        "GET",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
        None,
        None,
        &[],
    );
    assert_eq!(status, 403);
    let (status, _) = s.raw(
        "GET",
        &format!(
            "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token={WA_VERIFY}&hub.challenge=1"
        ),
        None,
        None,
        &[],
    );
    assert_eq!(status, 403);
    let (status, _) = s.raw("GET", "/webhooks/whatsapp", None, None, &[]);
    assert_eq!(status, 403);
}

#[test]
fn whatsapp_text_creates_one_ticket_once() {
    let s = TestServer::start(temp_dir("serve-wa-text"), at("2026-03-02T09:20:00+07:00"));
    let body = wa_fixture!("text.json");
    // Tampered or unsigned: nothing.
    let mut tampered = body.to_vec();
    let i = tampered.iter().position(|b| *b == b'S').unwrap();
    tampered[i] = b's';
    let (status, v) = wa_post(&s, &tampered, &sign(body));
    assert_error(status, &v, 401, "whatsapp.signature");
    let (status, v) = wa_post(&s, body, "sha256=00");
    assert_error(status, &v, 401, "whatsapp.signature");
    // Said in Bahasa Indonesia by default, not in the parser's English.
    let said = v["error"]["message"].as_str().unwrap();
    assert!(said.contains("tidak cocok dengan isi"), "{said}");
    let (status, text) = s.raw(
        "POST",
        "/webhooks/whatsapp",
        None,
        Some(("application/json", body.to_vec())),
        &[],
    );
    assert_eq!(status, 401, "{text}");
    assert_eq!(ticket_count(&s), 0);

    let v = wa(&s, body);
    assert_eq!(v, json!({"received": 1, "duplicates": 0, "statuses": 0}));
    assert_eq!(numbers(&s), ["JTG-2026-000001"]);
    let t = get_ticket(&s, &s.admin, "JTG-2026-000001");
    assert_eq!(t["ticket"]["channel"], "whatsapp");
    assert_eq!(t["ticket"]["application"], "e-penatausahaan");
    assert_eq!(
        t["ticket"]["receivedAt"],
        utc("2026-03-02T09:14:27+07:00"),
        "the message's timestamp: {t}"
    );
    assert_eq!(
        t["ticket"]["reporter"],
        json!({"name": "Sri Wahyuni", "phone": "6281225550123", "proof": "whatsapp"})
    );
    assert!(t["ticket"]["body"]
        .as_str()
        .unwrap()
        .contains("tidak bisa mencetak SP2D"));
    assert_eq!(t["ticket"]["state"], "executing");
    // The same delivery again (WhatsApp retries): nothing new.
    let v = wa(&s, body);
    assert_eq!(v, json!({"received": 0, "duplicates": 1, "statuses": 0}));
    assert_eq!(ticket_count(&s), 1);
    // The acknowledgement goes back by WhatsApp.
    let acks: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|n| n["kind"] == "acknowledgement")
        .collect();
    assert_eq!(acks.len(), 1, "{acks:?}");
    assert_eq!(acks[0]["to"]["channel"], "whatsapp");
    assert_eq!(acks[0]["to"]["address"], "6281225550123");
    assert_eq!(acks[0]["ticket"], "JTG-2026-000001");

    // Two messages in one delivery: two tickets.
    let v = wa(&s, wa_fixture!("two_entries.json"));
    assert_eq!(v, json!({"received": 2, "duplicates": 0, "statuses": 0}));
    assert_eq!(ticket_count(&s), 3);
    assert_eq!(
        get_ticket(&s, &s.admin, "JTG-2026-000002")["ticket"]["application"],
        "website"
    );
    assert_eq!(
        get_ticket(&s, &s.admin, "JTG-2026-000003")["ticket"]["application"],
        "e-budgeting"
    );
}

#[test]
fn whatsapp_statuses_voice_notes_and_other_changes_make_no_ticket() {
    let s = TestServer::start(temp_dir("serve-wa-none"), at("2026-03-03T15:00:00+07:00"));
    let v = wa(&s, wa_fixture!("statuses.json"));
    assert_eq!(v, json!({"received": 0, "duplicates": 0, "statuses": 4}));
    let v = wa(&s, wa_fixture!("template_status_update.json"));
    assert_eq!(v, json!({"received": 0, "duplicates": 0, "statuses": 0}));
    assert_eq!(ticket_count(&s), 0);
    assert_eq!(outbox(&s), Vec::<Value>::new());

    // A voice note: refused, and the sender is told to write, by WhatsApp.
    let v = wa(&s, wa_fixture!("audio_voice.json"));
    assert_eq!(v["duplicates"], 0);
    assert_eq!(ticket_count(&s), 0);
    let list = outbox(&s);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "acknowledgement");
    assert_eq!(list[0]["ticket"], Value::Null);
    assert_eq!(
        list[0]["to"],
        json!({"role": "reporter", "channel": "whatsapp", "address": "6285640112233"})
    );
    let text = list[0]["text"].as_str().unwrap();
    assert!(
        text.contains("secara tertulis")
            && text.contains("WhatsApp 0851-7964-7855")
            && text.contains("email servicedesk@jatengprov.go.id"),
        "{text}"
    );
    // Retried: still one notification.
    let v = wa(&s, wa_fixture!("audio_voice.json"));
    assert_eq!(v["duplicates"], 1);
    assert_eq!(outbox(&s).len(), 1);

    // Not a notification at all.
    let body = br#"{"object": "page", "entry": []}"#;
    let (status, v) = wa_post(&s, body, &sign(body));
    assert_error(status, &v, 422, "whatsapp.payload");
    let said = v["error"]["message"].as_str().unwrap();
    assert!(
        said.contains("object harus \"whatsapp_business_account\"") && !said.contains("expected"),
        "{said}"
    );
    // Not JSON: serde's message said in Bahasa Indonesia too.
    let body = br#"{"object": "whatsapp_business_account", "entry": [}"#;
    let (status, v) = wa_post(&s, body, &sign(body));
    assert_error(status, &v, 422, "whatsapp.payload");
    let said = v["error"]["message"].as_str().unwrap();
    assert!(
        said.contains("bukan notifikasi WhatsApp") && said.contains("baris 1"),
        "{said}"
    );
}

#[test]
fn whatsapp_answer_to_a_question_resumes_the_waiting_ticket() {
    let s = TestServer::start(temp_dir("serve-wa-wait"), at("2026-03-02T09:20:00+07:00"));
    let agent = s.token("agent", "Budi Agen");
    wa(&s, wa_fixture!("text.json"));
    let n = "JTG-2026-000001";
    step(
        &s,
        &agent,
        n,
        json!({"event": "wait_for_reporter", "question": "Mohon kirim surat permohonannya."}),
        "waiting_for_reporter",
    );
    let question: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|x| x["kind"] == "answer")
        .collect();
    assert_eq!(question.len(), 1, "{question:?}");
    assert_eq!(question[0]["to"]["address"], "6281225550123");
    // The same reporter writes again (no reply context), after a restart: it answers
    // the question.
    let dir = s.stop();
    let s = TestServer::start(dir, at("2026-03-02T13:00:00+07:00"));
    let v = wa(&s, wa_fixture!("document_caption.json"));
    assert_eq!(v["received"], 1);
    assert_eq!(numbers(&s), [n]);
    let t = get_ticket(&s, &agent, n);
    assert_eq!(t["ticket"]["state"], "executing", "{t}");
    let last = timeline(&t).last().unwrap();
    assert_eq!(last["event"], "reporter_replied");
    assert!(
        last["text"]
            .as_str()
            .unwrap()
            .contains("Surat_Permohonan_Reset_Password_BPKAD.pdf"),
        "the attachment is named: {last}"
    );
    assert_eq!(
        event_names(&t),
        names(&["wait_for_reporter", "reporter_replied"])
    );
    // Someone else's message is their own ticket.
    wa(&s, wa_fixture!("image_caption.json"));
    assert_eq!(numbers(&s), [n, "JTG-2026-000002"]);
    assert_eq!(
        get_ticket(&s, &agent, "JTG-2026-000002")["ticket"]["application"],
        "laporangub"
    );
}

#[test]
fn whatsapp_answers_after_24_hours_use_the_template() {
    let s = TestServer::start(temp_dir("serve-wa-window"), at("2026-03-02T09:20:00+07:00"));
    let agent = s.token("agent", "Budi Agen");
    wa(&s, wa_fixture!("text.json"));
    let n = "JTG-2026-000001";
    step(
        &s,
        &agent,
        n,
        forward("operations_design"),
        "operations_design",
    );
    // Within 24 hours of the reporter's message: free text.
    s.set_now(at("2026-03-03T09:00:00+07:00"));
    step(
        &s,
        &agent,
        n,
        json!({"event": "respond", "text": "Sedang kami periksa."}),
        "operations_design",
    );
    // Later: the pre-approved template (no email to fall back to).
    s.set_now(at("2026-03-03T09:30:00+07:00"));
    step(&s, &agent, n, deliver(), "solution_delivered");
    let answers: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|x| x["kind"] == "answer")
        .collect();
    assert_eq!(answers.len(), 2, "{answers:?}");
    let (solution, respond) = (&answers[0], &answers[1]);
    assert!(
        solution["text"].as_str().unwrap().contains("Templat cetak"),
        "{solution}"
    );
    assert_eq!(solution["to"]["channel"], "whatsapp");
    assert_eq!(solution["template"], "loket_pembaruan_tiket");
    assert_eq!(respond["to"]["channel"], "whatsapp");
    assert!(respond.get("template").is_none(), "{respond}");
}

#[test]
fn whatsapp_reply_joins_the_open_ticket() {
    let s = TestServer::start(temp_dir("serve-wa-reply"), at("2026-03-02T09:20:00+07:00"));
    wa(&s, wa_fixture!("text.json"));
    let n = "JTG-2026-000001";
    // The desk's acknowledgement was sent by the outbox; WhatsApp gave it this id,
    // which the reporter's reply (reply_context.json) quotes.
    let ack = outbox(&s)
        .into_iter()
        .find(|x| x["kind"] == "acknowledgement")
        .expect("an acknowledgement");
    let sent_id = "wa:wamid.HBgNNjI4MTIyNTU1MDEyMxUCABIYFENBNDQ5QjdDNEQ1Q0VGNDQyREFDAA==";
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(s.app.desk.delivered(
        vec![(
            ack["id"].as_i64().unwrap(),
            Ok(Some(sent_id.to_string())),
            Some(n.to_string()),
        )],
        Timestamp::from_unix(at("2026-03-02T09:21:00+07:00")),
    ))
    .expect("delivery recorded");
    let (_, sent) = s.call(
        "GET",
        "/api/v1/admin/outbox?status=sent",
        Some(&s.admin),
        None,
    );
    assert_eq!(sent["notifications"][0]["externalId"], sent_id, "{sent}");

    // The desk restarts in between: the sent message's id is remembered.
    let dir = s.stop();
    let s = TestServer::start(dir, at("2026-03-04T08:00:00+07:00"));
    let before = timeline(&get_ticket(&s, &s.admin, n)).len();
    let v = wa(&s, wa_fixture!("reply_context.json"));
    assert_eq!(v, json!({"received": 1, "duplicates": 0, "statuses": 0}));
    assert_eq!(numbers(&s), [n]);
    let t = get_ticket(&s, &s.admin, n);
    assert_eq!(timeline(&t).len(), before + 1);
    let last = timeline(&t).last().unwrap();
    assert_eq!(last["event"], "reporter_replied");
    assert_eq!(last["by"], json!({"type": "reporter"}));
    assert_eq!(last["at"], utc("2026-03-04T07:48:19+07:00"));
    assert!(
        last["text"]
            .as_str()
            .unwrap()
            .contains("Sudah bisa cetak SP2D lagi"),
        "{last}"
    );
    assert_eq!(t["ticket"]["state"], "executing");
    // The reporter is told their message joined the ticket.
    let joined: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|x| x["ticket"] == n && x["kind"] == "acknowledgement" && x["status"] == "pending")
        .collect();
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert!(
        joined[0]["text"]
            .as_str()
            .unwrap()
            .contains("telah kami tambahkan ke tiket JTG-2026-000001"),
        "{joined:?}"
    );
    // Retried: nothing more.
    let v = wa(&s, wa_fixture!("reply_context.json"));
    assert_eq!(v["duplicates"], 1);
    assert_eq!(timeline(&get_ticket(&s, &s.admin, n)).len(), before + 1);
    // A reaction to the same message of the desk joins the ticket too.
    let v = wa(&s, wa_fixture!("reaction.json"));
    assert_eq!(v, json!({"received": 1, "duplicates": 0, "statuses": 0}));
    assert_eq!(numbers(&s), [n]);
    let t = get_ticket(&s, &s.admin, n);
    assert_eq!(timeline(&t).len(), before + 2);
    assert_eq!(
        timeline(&t).last().unwrap()["text"],
        "pelapor menjawab: reaksi: 👍"
    );
}

// -------------------------------------------------------------------------- email

fn email(s: &TestServer, token: &str, raw: &[u8]) -> (u16, Value) {
    let (status, text) = s.raw(
        "POST",
        "/webhooks/email",
        Some(token),
        Some(("message/rfc822", raw.to_vec())),
        &[],
    );
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

const PLAIN_COMPLAINT: &[u8] = include_bytes!("fixtures/email/plain_complaint.eml");
const AUTO_REPLY: &[u8] = include_bytes!("fixtures/email/auto_reply.eml");
const REPLY_QUOTED: &[u8] = include_bytes!("fixtures/email/reply_quoted.eml");

#[test]
fn email_complaint_creates_a_ticket_once() {
    let s = TestServer::start(temp_dir("serve-email"), at("2026-03-02T09:30:00+07:00"));
    let (status, v) = email(&s, "", PLAIN_COMPLAINT);
    assert_eq!(status, 401, "{v}");
    let agent = s.token("agent", "Budi Agen");
    let (status, v) = email(&s, &agent, PLAIN_COMPLAINT);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "accepted");
    assert_eq!(v["number"], "JTG-2026-000001");
    assert_eq!(v["duplicate"], false);
    assert!(
        v.get("accessKey").is_none(),
        "the access key goes to the reporter only: {v}"
    );
    // Received: the top-most Received trace, not the sender's Date.
    assert_eq!(v["clockStarts"], utc("2026-03-02T09:14:29+07:00"));
    assert_eq!(v["due"], utc("2026-03-03T09:14:29+07:00"));
    let t = get_ticket(&s, &agent, "JTG-2026-000001");
    assert_eq!(t["ticket"]["receivedAt"], utc("2026-03-02T09:14:29+07:00"));
    assert_eq!(t["ticket"]["channel"], "email");
    assert_eq!(t["ticket"]["application"], "e-penatausahaan");
    assert_eq!(
        t["ticket"]["subject"],
        "SP2D tidak bisa dicetak di e-Penatausahaan"
    );
    assert_eq!(
        t["ticket"]["reporter"],
        json!({"name": "Sri Wahyuni", "email": "sri.wahyuni.bpkad@gmail.com", "proof": "email"})
    );
    let body = t["ticket"]["body"].as_str().unwrap();
    assert!(
        body.contains("Ada 14 SP2D gaji") && !body.contains("Telp. 024-8311174"),
        "signature stripped: {body}"
    );
    let acks: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|x| x["kind"] == "acknowledgement")
        .collect();
    assert_eq!(acks.len(), 1);
    assert_eq!(
        acks[0]["to"],
        json!({"role": "reporter", "channel": "email", "address": "sri.wahyuni.bpkad@gmail.com"})
    );

    // The same message again (the mail server retried).
    let (status, v) = email(&s, &agent, PLAIN_COMPLAINT);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["duplicate"], true);
    assert_eq!(v["number"], "JTG-2026-000001");
    assert_eq!(ticket_count(&s), 1);
    assert_eq!(outbox(&s).len(), 2, "acknowledgement and assignment, once");

    // Not an email at all.
    let (status, v) = email(&s, &agent, b"\x00\x01 not a message");
    assert_eq!(status, 422, "{v}");
}

#[test]
fn a_large_email_is_taken_in() {
    // Emails have their own limit (25 MiB), far above the JSON limit (256 KiB).
    let s = TestServer::start(
        temp_dir("serve-email-large"),
        at("2026-03-02T09:30:00+07:00"),
    );
    let agent = s.token("agent", "Budi Agen");
    let mut raw = String::from_utf8(PLAIN_COMPLAINT.to_vec()).unwrap();
    let filler = "Rincian log aplikasi e-Penatausahaan baris demi baris.\n".repeat(8000);
    raw = raw.replace("Mohon bantuannya.", &format!("{filler}Mohon bantuannya."));
    assert!(raw.len() > 400 << 10, "{}", raw.len());
    let (status, v) = email(&s, &agent, raw.as_bytes());
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "accepted", "{v}");
    // Over the email limit.
    let huge = vec![b'a'; (25 << 20) + 1024];
    let (status, text) = s.raw(
        "POST",
        "/webhooks/email",
        Some(&agent),
        Some(("message/rfc822", huge)),
        &[],
    );
    assert_error(
        status,
        &serde_json::from_str(&text).unwrap_or(Value::Null),
        413,
        "request.too_large",
    );
    assert_eq!(ticket_count(&s), 1);
}

#[test]
fn email_fixtures_through_the_api() {
    let s = TestServer::start(
        temp_dir("serve-email-fixtures"),
        at("2026-03-05T12:00:00+07:00"),
    );
    let agent = s.token("agent", "Budi Agen");
    let take = |raw: &[u8]| {
        let (status, v) = email(&s, &agent, raw);
        assert_eq!(status, 200, "{v}");
        v
    };
    // A request with a PDF: the attachment is named on the ticket; 10 operational
    // days from the Received instant.
    let v = take(include_bytes!("fixtures/email/attachment_pdf.eml"));
    assert_eq!(v["outcome"], "accepted", "{v}");
    assert_eq!(v["due"], utc("2026-03-17T13:03:15+07:00"), "{v}");
    let t = get_ticket(&s, &agent, v["number"].as_str().unwrap());
    assert_eq!(t["ticket"]["kind"], "request");
    assert_eq!(t["ticket"]["application"], "e-penatausahaan");
    assert_eq!(t["ticket"]["receivedAt"], utc("2026-03-03T13:03:15+07:00"));
    let body = t["ticket"]["body"].as_str().unwrap();
    assert!(
        body.contains("[lampiran: Surat_Permohonan_Reset_Password_BPKAD.pdf (application/pdf"),
        "{body}"
    );
    // A bounce of the desk's own answer: nothing.
    let v = take(include_bytes!("fixtures/email/dsn_bounce.eml"));
    assert_eq!(v["outcome"], "automatic", "{v}");
    // Encoded words and Latin-1.
    let v = take(include_bytes!("fixtures/email/encoded_latin1.eml"));
    assert_eq!(v["outcome"], "accepted", "{v}");
    let t = get_ticket(&s, &agent, v["number"].as_str().unwrap());
    assert_eq!(t["ticket"]["reporter"]["name"], "André Wijaya");
    assert_eq!(t["ticket"]["application"], "e-budgeting");
    // HTML only.
    let v = take(include_bytes!("fixtures/email/html_only.eml"));
    assert_eq!(v["outcome"], "accepted", "{v}");
    let t = get_ticket(&s, &agent, v["number"].as_str().unwrap());
    assert_eq!(t["ticket"]["application"], "laporangub");
    assert!(!t["ticket"]["body"].as_str().unwrap().contains('<'), "{t}");
    assert_eq!(
        numbers(&s),
        ["JTG-2026-000001", "JTG-2026-000002", "JTG-2026-000003"]
    );
}

#[test]
fn email_auto_reply_is_ignored() {
    let s = TestServer::start(
        temp_dir("serve-email-auto"),
        at("2026-03-02T10:10:00+07:00"),
    );
    let agent = s.token("agent", "Budi Agen");
    let (status, v) = email(&s, &agent, AUTO_REPLY);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "automatic");
    assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "{v}");
    assert!(v.get("number").is_none(), "{v}");
    assert_eq!(ticket_count(&s), 0);
    assert_eq!(outbox(&s), Vec::<Value>::new());
    let (_, v) = email(&s, &agent, AUTO_REPLY);
    assert_eq!(v["duplicate"], true);
    assert_eq!(ticket_count(&s), 0);
}

#[test]
fn email_replies_thread_into_the_ticket() {
    let s = TestServer::start(
        temp_dir("serve-email-reply"),
        at("2026-03-02T09:30:00+07:00"),
    );
    let agent = s.token("agent", "Budi Agen");
    let (_, v) = email(&s, &agent, PLAIN_COMPLAINT);
    let n = v["number"].as_str().unwrap().to_string();
    let before = timeline(&get_ticket(&s, &agent, &n)).len();

    // A reply whose References name the complaint's Message-ID.
    s.set_now(at("2026-03-04T08:00:00+07:00"));
    let (status, v) = email(&s, &agent, REPLY_QUOTED);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "threaded", "{v}");
    assert_eq!(v["number"], n.as_str());
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains(&format!("telah kami tambahkan ke tiket {n}")),
        "{v}"
    );
    let t = get_ticket(&s, &agent, &n);
    assert_eq!(timeline(&t).len(), before + 1);
    let last = timeline(&t).last().unwrap();
    assert_eq!(last["event"], "reporter_replied");
    assert_eq!(last["at"], utc("2026-03-04T07:52:08+07:00"));
    let text = last["text"].as_str().unwrap();
    assert!(
        text.contains("Sudah bisa dicetak lagi") && !text.contains("Templat cetak"),
        "quote stripped: {text}"
    );
    assert_eq!(ticket_count(&s), 1);

    // A reply naming the ticket in the subject only (no References), same sender.
    let reply = String::from_utf8(REPLY_QUOTED.to_vec()).unwrap();
    let by_subject = without_threading(&reply, &n, "<subject-only-1@mail.gmail.com>");
    let (status, v) = email(&s, &agent, by_subject.as_bytes());
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "threaded", "{v}");
    assert_eq!(v["number"], n.as_str());
    assert_eq!(timeline(&get_ticket(&s, &agent, &n)).len(), before + 2);
    assert_eq!(ticket_count(&s), 1);

    // The same subject from someone else: not their ticket, a new one.
    let stranger = without_threading(&reply, &n, "<subject-only-2@mail.gmail.com>")
        .replace("sri.wahyuni.bpkad@gmail.com", "orang.lain@example.com");
    let (status, v) = email(&s, &agent, stranger.as_bytes());
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "accepted", "{v}");
    assert_eq!(v["number"], "JTG-2026-000002");
    assert_eq!(timeline(&get_ticket(&s, &agent, &n)).len(), before + 2);
}

/// `reply` without its threading headers (`In-Reply-To`, `References`), with
/// `number` in the subject and another Message-ID.
fn without_threading(reply: &str, number: &str, message_id: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    let mut in_header = true;
    for line in reply.split_inclusive('\n') {
        if in_header && line.trim_end().is_empty() {
            in_header = false;
        }
        if in_header {
            if line.starts_with(' ') || line.starts_with('\t') {
                if skipping {
                    continue;
                }
            } else {
                skipping = line.starts_with("References:") || line.starts_with("In-Reply-To:");
                if skipping {
                    continue;
                }
                if line.starts_with("Message-ID:") {
                    out.push_str(&format!("Message-ID: {message_id}\r\n"));
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    assert!(
        !out.contains("In-Reply-To") && !out.contains("6c1f2e8a"),
        "{out}"
    );
    out.replace("JTG-2026-000123", number)
}

#[test]
fn a_reaction_to_no_open_ticket_is_recorded_without_an_answer() {
    // A 👍 on an old message (no open ticket behind it) is neither a complaint nor a
    // refusal: recorded under its key, no ticket, nothing sent back.
    let s = TestServer::start(temp_dir("serve-wa-reaction"), at(MON_0800));
    let body = include_bytes!("fixtures/whatsapp/reaction.json");
    let v = wa(&s, body);
    assert_eq!(v["received"], 1, "{v}");
    assert_eq!(ticket_count(&s), 0);
    assert!(outbox(&s).is_empty(), "{:?}", outbox(&s));
    assert_eq!(wa(&s, body)["duplicates"], 1);
}

// ----------------------------------------------------------------------- reports

#[test]
fn the_sla_report_counts_what_the_tickets_say() {
    let s = TestServer::start(temp_dir("serve-report"), at(MON_0800));
    let agent = s.token("agent", "Budi Agen");
    let boss = s.token("supervisor", "Kepala Seksi");
    // Two complaints on Monday 2 March 2026 08:00; one solved at 10:00.
    let solved = new_ticket(&s);
    let late = new_ticket(&s);
    // Two messages that make no ticket still count: about another application, and
    // a phone call.
    for m in [
        json!({"channel": "whatsapp", "application": "SIMPEG", "kind": "complaint", "body": "Tidak bisa login SIMPEG"}),
        json!({"channel": "phone", "application": "e-planning", "kind": "complaint", "body": "Telepon dari Budi"}),
    ] {
        let (st, v) = s.call("POST", "/api/v1/intake", Some(&s.portal), Some(m));
        assert!(st < 300 && v["outcome"] == "refused", "{st} {v}");
    }
    s.set_now(at("2026-03-02T08:05:00+07:00"));
    let step = |n: &str, e: Value| {
        let (st, v) = s.call(
            "POST",
            &format!("/api/v1/tickets/{n}/events"),
            Some(&agent),
            Some(e),
        );
        assert_eq!(st, 200, "{v}");
    };
    // The router made it a ticket for the application's staff (executing).
    step(
        &solved,
        json!({"event": "forward", "to": "operations_design"}),
    );
    s.set_now(at("2026-03-02T10:00:00+07:00"));
    step(
        &solved,
        json!({"event": "deliver_solution", "solution": "Sudah diperbaiki."}),
    );
    // Wednesday: the other is an open breach.
    s.set_now(at("2026-03-04T09:00:00+07:00"));
    let (st, r) = s.call(
        "GET",
        "/api/v1/reports/sla?from=2026-03-01&to=2026-03-31",
        Some(&boss),
        None,
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["tickets"], 2);
    assert_eq!(r["met"], 1);
    assert_eq!(r["breachedOpen"], 1);
    assert_eq!(r["compliance"], 0.5);
    assert_eq!(r["byApplication"]["e-penatausahaan"]["tickets"], 2);
    assert_eq!(r["load"]["e-penatausahaan"]["teamSize"], 4);
    assert_eq!(r["breaches"][0]["number"], late.as_str());
    let why = r["breaches"][0]["explanation"].as_str().unwrap();
    assert!(
        why.starts_with("diterima Senin, 2 Maret 2026 08:00 WIB"),
        "{why}"
    );
    // Every message of the period, tickets or not.
    assert_eq!(r["intake"]["received"], 4, "{}", r["intake"]);
    assert_eq!(r["intake"]["byOutcome"]["accepted"], 2);
    assert_eq!(r["intake"]["byOutcome"]["refused"], 2);
    assert_eq!(r["intake"]["refusedBy"]["out_of_scope"], 1);
    assert_eq!(r["intake"]["refusedBy"]["not_written"], 1);
    assert_eq!(r["intake"]["outOfScope"]["SIMPEG"], 1);
    assert_eq!(r["intake"]["byChannel"]["phone"], 1);
    // No personal data in a report.
    assert!(!r.to_string().contains("Sri Wahyuni") && !r.to_string().contains("6281225550123"));
    // The same numbers as the core computes over the same tickets (the default
    // period: this month up to now).
    let (_, d) = s.call("GET", "/api/v1/reports/sla?lang=en", Some(&boss), None);
    assert_eq!(
        (d["tickets"].clone(), d["compliance"].clone()),
        (json!(2), json!(0.5))
    );
    assert!(d["breaches"][0]["explanation"]
        .as_str()
        .unwrap()
        .starts_with("received Monday"));
    // Filters, and refusals that name what is accepted.
    let (_, f) = s.call(
        "GET",
        "/api/v1/reports/sla?from=2026-03-01&kind=request",
        Some(&boss),
        None,
    );
    assert_eq!(f["tickets"], 0);
    assert_eq!(f["compliance"], Value::Null);
    let (st, e) = s.call(
        "GET",
        "/api/v1/reports/sla?tier=lantai_dua",
        Some(&boss),
        None,
    );
    assert_error(st, &e, 400, "request.invalid");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("operations_design"),
        "{e}"
    );
    let (st, e) = s.call("GET", "/api/v1/reports/sla?from=kemarin", Some(&boss), None);
    assert_error(st, &e, 400, "request.invalid");
    let (st, e) = s.call(
        "GET",
        "/api/v1/reports/sla?from=2026-03-05&to=2026-03-01",
        Some(&boss),
        None,
    );
    assert_error(st, &e, 400, "request.invalid");
    // Supervisors and admins only.
    let (st, e) = s.call("GET", "/api/v1/reports/sla", Some(&agent), None);
    assert_error(st, &e, 403, "auth.forbidden");
    let (st, _) = s.call("GET", "/api/v1/reports/sla", None, None);
    assert_eq!(st, 401);
    // The export: the same tickets read in place give the same report.
    let (st, ct, bytes) = s.get_bytes(
        "/api/v1/reports/export?from=2026-03-01&to=2026-03-31",
        Some(&boss),
    );
    assert_eq!((st, ct.as_str()), (200, "application/vnd.loket.facts"));
    let bytes = loket_core::report::export::AlignedBytes::copy(&bytes);
    let archive = loket_core::report::export::FactsArchive::open(&bytes).unwrap();
    assert_eq!(archive.len(), 2);
    let profile = archive.profile().unwrap();
    let offline = archive.report(
        &Default::default(),
        archive.period(),
        &profile,
        loket_core::Lang::Id,
    );
    assert_eq!(serde_json::to_value(offline).unwrap(), r);
    // No personal data in it either.
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Sri Wahyuni") && !text.contains("6281225550123"));
    for token in [Some(&agent), None] {
        let (st, _, _) = s.get_bytes("/api/v1/reports/export", token.map(String::as_str));
        assert_eq!(st, if token.is_some() { 403 } else { 401 });
    }
    let (st, _, body) = s.get_bytes("/api/v1/reports/export?from=kemarin", Some(&boss));
    assert_eq!(st, 400, "{}", String::from_utf8_lossy(&body));
}

// ------------------------------------------------------------------------ survey

fn all_answers(score: u8) -> Value {
    json!({"persyaratan": score, "prosedur": score, "waktu": score, "biaya": score,
           "produk": score, "kompetensi": score, "perilaku": score, "pengaduan": score,
           "sarana": score})
}

#[test]
fn the_reporter_rates_a_finished_ticket_once_and_the_supervisor_sees_the_index() {
    let s = TestServer::start(temp_dir("serve-survey"), at(MON_0800));
    let agent = s.token("agent", "Budi Agen");
    let boss = s.token("supervisor", "Kepala Seksi");
    let v = intake(&s, complaint("SP2D tidak bisa dicetak"));
    let number = v["number"].as_str().unwrap().to_string();
    let key = v["accessKey"].as_str().unwrap().to_string();
    let survey =
        |body: Value, token: Option<&str>| s.call("POST", "/api/v1/survey", token, Some(body));
    let mine =
        |score: u8| json!({"ticket": number, "accessKey": key, "answers": all_answers(score)});
    // Not before a solution.
    let (st, e) = survey(mine(4), None);
    assert_error(st, &e, 409, "survey.not_finished");
    let step = |e: Value| {
        let (st, v) = s.call(
            "POST",
            &format!("/api/v1/tickets/{number}/events"),
            Some(&agent),
            Some(e),
        );
        assert_eq!(st, 200, "{v}");
    };
    step(json!({"event": "forward", "to": "operations_design"}));
    step(json!({"event": "deliver_solution", "solution": "Sudah diperbaiki."}));
    step(json!({"event": "close"}));
    // The closing message invites the reporter, with the key put in only when sent.
    let invite = outbox(&s)
        .into_iter()
        .find(|n| n["text"].as_str().unwrap_or("").contains("survei kepuasan"))
        .expect("an invitation in the outbox");
    assert!(
        invite["text"].as_str().unwrap().contains("{kode-akses}"),
        "{invite}"
    );
    // A wrong key is a stranger.
    let mut wrong = mine(1);
    wrong["accessKey"] = json!("bukan-kodenya");
    let (st, e) = survey(wrong, None);
    assert_error(st, &e, 404, "status.not_found");
    // Bad answers say what was expected.
    let mut five = mine(4);
    five["answers"]["waktu"] = json!(5);
    let (st, e) = survey(five, None);
    assert_error(st, &e, 422, "survey.invalid");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("diharapkan 1, 2, 3 atau 4"),
        "{e}"
    );
    let mut eight = mine(4);
    eight["answers"].as_object_mut().unwrap().remove("sarana");
    let (st, e) = survey(eight, None);
    assert_error(st, &e, 422, "survey.invalid");
    // The reporter's answer, then a change of mind within the window.
    let (st, v) = survey(mine(2), None);
    assert_eq!((st, v["replaced"].clone()), (201, json!(false)), "{v}");
    let mut again = mine(4);
    again["comment"] = json!("Cepat. Hubungi saya di 081234567890.");
    let (st, v) = survey(again, None);
    assert_eq!((st, v["replaced"].clone()), (200, json!(true)), "{v}");
    // Three days later it is locked.
    s.set_now(at("2026-03-05T09:00:00+07:00"));
    let (st, e) = survey(mine(1), None);
    assert_error(st, &e, 409, "survey.locked");
    // Without a ticket: only through a portal.
    let (st, _) = survey(json!({"answers": all_answers(3)}), None);
    assert_eq!(st, 401);
    let (st, _) = survey(json!({"answers": all_answers(3)}), Some(&s.portal));
    assert_eq!(st, 201);
    let (st, e) = survey(
        json!({"ticket": number, "answers": all_answers(3)}),
        Some(&s.portal),
    );
    assert_error(st, &e, 422, "survey.invalid");
    // The supervisor's index: (9·4 + 9·3) / 18 × 25 = 87.50, grade B; the comment
    // masked; the sample checked against the month's one ticket.
    let (st, r) = s.call(
        "GET",
        "/api/v1/reports/skm?from=2026-03-01&to=2026-03-31",
        Some(&boss),
        None,
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["respondents"], 2);
    assert_eq!(r["withTicket"], 1);
    assert_eq!(r["population"], 1);
    assert_eq!(r["report"]["score"], 87.5);
    assert_eq!(r["report"]["grade"], "B");
    assert_eq!(r["report"]["elements"].as_array().unwrap().len(), 9);
    let comment = r["comments"][0]["text"].as_str().unwrap();
    assert!(
        comment.starts_with("Cepat.") && !comment.contains("081234567890"),
        "{comment}"
    );
    let (_, old) = s.call(
        "GET",
        "/api/v1/reports/skm?from=2026-03-01&table=kepmenpan-25-2004",
        Some(&boss),
        None,
    );
    assert_eq!(old["report"]["grade"], "A");
    let (_, none) = s.call(
        "GET",
        "/api/v1/reports/skm?from=2026-01-01&to=2026-01-31",
        Some(&boss),
        None,
    );
    assert_eq!(
        (none["respondents"].clone(), none["report"].clone()),
        (json!(0), Value::Null)
    );
    let (st, e) = s.call("GET", "/api/v1/reports/skm?table=2019", Some(&boss), None);
    assert_error(st, &e, 400, "skm.unknown_table");
    let (st, _) = s.call("GET", "/api/v1/reports/skm", Some(&agent), None);
    assert_eq!(st, 403);
}

/// Terminal tickets leave the desk's memory 30 days after their last event
/// (`keep_closed_days`); the staff list, the ticket, the reporter's status and the
/// reports still find them in the store, and answer exactly as a desk that kept
/// every ticket in memory.
#[test]
fn tickets_out_of_memory_are_listed_reported_and_shown_as_before() {
    let data = temp_dir("serve-history");
    let t0 = at(MON_0800);
    let s = TestServer::start(data.clone(), t0);
    let agent = s.token("agent", "Budi");
    let boss = s.token("supervisor", "Sari");
    let mut numbers = Vec::new();
    let mut keys = Vec::new();
    for (i, body) in [
        "printer SP2D macet",
        "lupa kata sandi",
        "printer rusak di bidang anggaran",
        "menu laporan kosong",
        "printer tidak terdeteksi",
    ]
    .iter()
    .enumerate()
    {
        s.set_now(t0 + 60 * i as i64);
        let v = intake(&s, complaint(body));
        numbers.push(v["number"].as_str().unwrap().to_string());
        keys.push(v["accessKey"].as_str().unwrap().to_string());
    }
    // Three rejected at once; two stay open.
    for n in [&numbers[0], &numbers[2], &numbers[3]] {
        let (st, v) = post_event(
            &s,
            &boss,
            n,
            json!({"event": "reject", "reason": "di luar cakupan"}),
        );
        assert_eq!(st, 200, "{v}");
    }
    // Forty days on, a watch pass: the rejected ones leave memory.
    let later = t0 + 40 * 86_400;
    s.tick(later);
    for n in [&numbers[0], &numbers[2], &numbers[3]] {
        assert!(s.app.desk.shared.ticket(n).is_none(), "{n} left memory");
    }
    assert!(s.app.desk.shared.ticket(&numbers[1]).is_some());
    let lists = [
        "/api/v1/tickets",
        "/api/v1/tickets?limit=2",
        "/api/v1/tickets?limit=2&offset=2",
        "/api/v1/tickets?offset=4",
        "/api/v1/tickets?state=rejected",
        "/api/v1/tickets?state=open",
        "/api/v1/tickets?q=printer",
        "/api/v1/tickets?q=PRINTER&state=rejected&limit=1&offset=1",
        "/api/v1/tickets?sla=cancelled",
        "/api/v1/tickets?application=e-penatausahaan&tier=first_line",
    ];
    let reports = [
        "/api/v1/reports/sla?from=2026-03-01&to=2026-03-31",
        "/api/v1/reports/skm?from=2026-03-01&to=2026-03-31",
        "/health",
    ];
    let read = |s: &TestServer| {
        let mut out = Vec::new();
        for path in lists.iter().chain(&reports) {
            let token = if path.contains("reports") {
                &boss
            } else {
                &agent
            };
            let (st, v) = s.call("GET", path, Some(token), None);
            assert_eq!(st, 200, "{path}: {v}");
            out.push((path.to_string(), v));
        }
        for n in &numbers {
            out.push((n.clone(), get_ticket(s, &agent, n)));
        }
        for (n, k) in numbers.iter().zip(&keys) {
            let (st, v) = s.call("GET", &format!("/api/v1/status/{n}?key={k}"), None, None);
            assert_eq!(st, 200, "{n}: {v}");
            out.push((format!("status {n}"), v));
        }
        out
    };
    let split = read(&s);
    let all = |path: &str| split.iter().find(|(p, _)| p == path).unwrap().1.clone();
    assert_eq!(all("/api/v1/tickets")["total"], 5);
    let list = all("/api/v1/tickets");
    let listed: Vec<&str> = list["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap())
        .collect();
    let newest_first: Vec<&str> = numbers.iter().rev().map(String::as_str).collect();
    assert_eq!(
        listed, newest_first,
        "memory's and the store's merged in order"
    );
    assert_eq!(all("/api/v1/tickets?state=rejected")["total"], 3);
    assert_eq!(all("/api/v1/tickets?q=printer")["total"], 3);
    assert_eq!(all("/health")["tickets"], 5);
    assert_eq!(all("/health")["openTickets"], 2);
    let report = all("/api/v1/reports/sla?from=2026-03-01&to=2026-03-31");
    assert_eq!(report["tickets"], 5, "{report}");
    // A page deeper than the bound is refused with what to do, not read.
    let (st, v) = s.call(
        "GET",
        "/api/v1/tickets?offset=9223372036854775800",
        Some(&agent),
        None,
    );
    assert_eq!(st, 400, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("offset"),
        "{v}"
    );
    // The same reads from a desk that keeps every ticket in memory.
    s.stop();
    let whole = TestServer::start_configured(
        data,
        later,
        loket_core::Profile::jatengprov(),
        loket_serve::ServeConfig {
            keep_closed_days: None,
            ..unlimited()
        },
    );
    assert!(whole.app.desk.shared.ticket(&numbers[0]).is_some());
    let kept = read(&whole);
    for ((path, a), (_, b)) in split.iter().zip(&kept) {
        assert_eq!(a, b, "{path}");
    }
}
