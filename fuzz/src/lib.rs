//! The bodies of the fuzz targets, one function per target, shared by
//! `fuzz/fuzz_targets/*.rs` (libFuzzer, nightly) and by the stable regression tests
//! (`host/serve/tests/fuzz_regressions.rs` includes this file with `#[path]` and runs every
//! input kept in `fuzz/regressions/<target>/` through the same function).
//!
//! Each function takes the raw bytes an outsider controls, runs them through the
//! parser exactly as the host does and then through what the host does next with the
//! result. It must never panic; where the project states an invariant (a ticket's
//! events replay to the same ticket, a value written back reads the same, the laws of
//! the arithmetic) a violation is a panic too, so the fuzzer reports it.
//!
//! Keep this file free of crate-level attributes and of `crate::` paths: it is also a
//! module of another crate.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use loket_channels::{email, find_ticket_number, whatsapp};
use loket_core::ticket::{
    infer, intake, mask_personal_numbers, normalize_email, normalize_phone, ContactError,
    ContactProof, DeskConfig, Event, IntakeOutcome, Message, Reporter, Ticket,
};
use loket_core::{
    laws, Boundary, Calendar, CalendarSpec, Lang, OpDuration, Profile, SlaPolicy, TicketKind,
    Timestamp, YearRange,
};
use loket_plugin_host::{check_decision, wit};
use loket_serve::api::parse_intake;
use loket_serve::survey::{parse_survey, MAX_COMMENT};

/// The names of the targets, in campaign order.
pub const TARGETS: &[&str] = &[
    "whatsapp",
    "email",
    "intake_json",
    "event_json",
    "config",
    "time",
    "plugin_output",
    "survey_json",
    "skm_csv",
    "export",
];

/// Runs target `name` on `data`; `false` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "whatsapp" => whatsapp(data),
        "email" => email(data),
        "intake_json" => intake_json(data),
        "event_json" => event_json(data),
        "config" => config(data),
        "time" => time(data),
        "plugin_output" => plugin_output(data),
        "survey_json" => survey_json(data),
        "skm_csv" => skm_csv(data),
        "export" => export(data),
        _ => return false,
    }
    true
}

/// Runs `body` on `data` after the one-time set-up, timing it: each new slowest
/// execution of the process is reported on stderr (`loket-fuzz: slowest …`), and one
/// of 10 ms or more is written to `$LOKET_FUZZ_SLOW_DIR/<target>-<µs>us` when that is
/// set. libFuzzer itself measures units only in whole seconds. The fuzz targets call
/// this; the regression tests call the bodies directly.
#[allow(dead_code)]
pub fn timed(target: &str, data: &[u8], body: fn(&[u8])) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SLOWEST: AtomicU64 = AtomicU64::new(0);
    warm();
    let start = std::time::Instant::now();
    body(data);
    let us = start.elapsed().as_micros() as u64;
    if us > SLOWEST.load(Ordering::Relaxed) {
        SLOWEST.store(us, Ordering::Relaxed);
        eprintln!(
            "loket-fuzz: slowest {target} execution so far: {us} us ({} bytes)",
            data.len()
        );
        if us >= 10_000 {
            if let Some(dir) = std::env::var_os("LOKET_FUZZ_SLOW_DIR") {
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(
                    std::path::Path::new(&dir).join(format!("{target}-{us}us")),
                    data,
                );
            }
        }
    }
}

/// The one-time set-up every target shares.
fn warm() {
    let _ = fresh_ticket();
}

/// The default profile (calendar compiled once per process).
fn profile() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(Profile::jatengprov)
}

/// "Now" for every target: a fixed instant inside the default calendar's covered
/// years (Tuesday 2024-06-04 10:00 WIB).
fn now() -> Timestamp {
    Timestamp::from_unix(1_717_470_000)
}

/// An accepted ticket in state `received`, opened by intake from a fixed message.
fn fresh_ticket() -> &'static Ticket {
    static T: OnceLock<Ticket> = OnceLock::new();
    T.get_or_init(|| {
        let msg = Message {
            channel: loket_core::ticket::Channel::Whatsapp,
            application: Some("e-penatausahaan".into()),
            kind: TicketKind::Complaint,
            subject: None,
            body: "SP2D tidak bisa dicetak".into(),
            reporter: Reporter {
                phone: Some("6281200000000".into()),
                ..Reporter::default()
            },
            received_at: Timestamp::from_unix(1_717_466_400),
            about_desk: false,
        };
        intake(&msg, profile(), now())
            .expect("fixed message")
            .open("JTG-2024-000001")
            .expect("accepted")
    })
}

/// What the host does with a ticket it holds: clocks, timeline, public views, and
/// the invariant that replaying its history rebuilds it.
fn exercise_ticket(t: &Ticket) {
    let p = profile();
    let replayed = Ticket::replay(t.history());
    assert_eq!(
        replayed.as_ref(),
        Ok(t),
        "replaying a ticket's events must rebuild it"
    );
    let at = t.history().last().map_or(now(), |e| e.at).max(now());
    let clocks = t.clocks(&p.calendar, at);
    let _ = t.render_timeline(&p.calendar, at, Lang::En);
    let _ = serde_json::to_string(&t.without_personal_data());
    let _ = t.view(clocks.ok().and_then(|c| c.into_iter().next()));
    let _ = t.allowed();
    let _ = t.state().label(Lang::Id);
    for e in t.history() {
        let _ = e.what.describe(Lang::En);
        let _ = e.by.label(Lang::Id);
    }
}

/// An event written back as JSON reads as the same event (events are stored as JSON
/// and replayed at every start).
fn event_round_trips(e: &Event) {
    let text = serde_json::to_string(e).expect("an event serializes");
    let back: Event = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("an event written as {text} does not read back: {err}"));
    assert_eq!(&back, e, "an event must read back as written: {text}");
}

// ---------------------------------------------------------------------------------
// WhatsApp webhooks (POST /webhooks/whatsapp and its GET handshake)

/// The WhatsApp webhook body through `whatsapp::parse`; the same bytes as the body of
/// a signature check (header = first line) and as the handshake's four parameters
/// (first four lines).
pub fn whatsapp(data: &[u8]) {
    if let Ok(items) = whatsapp::parse(data) {
        let desk = &profile().desk;
        for item in items {
            if let whatsapp::WaItem::Message(m) = item {
                let _ = serde_json::to_string(&m);
                let _ = infer::application(&m.body, desk);
                let _ = infer::kind(&m.body);
            }
        }
    }
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let header = lines.next();
    let _ = whatsapp::verify_signature(b"fuzz-app-secret", data, header);
    let _ = whatsapp::verify_signature(b"", data, header);
    let mut l = text.split('\n');
    let (mode, token, challenge) = (l.next(), l.next(), l.next());
    let expected = l.next().unwrap_or("");
    if let Ok(c) = whatsapp::verify_handshake(mode, token, challenge, expected) {
        assert_eq!(Some(c.as_str()), challenge);
    }
}

// ---------------------------------------------------------------------------------
// Raw email (the mail server's pipe)

/// A raw RFC 5322 message through `email::parse`, then what intake does with its
/// text: the ticket number it names, the application and the kind it infers. The raw
/// bytes as text go through the same three.
pub fn email(data: &[u8]) {
    let desk = &profile().desk;
    if let Ok(m) = email::parse(data, now()) {
        let _ = serde_json::to_string(&m);
        let text = format!("{}\n{}", m.subject.as_deref().unwrap_or(""), m.body);
        let _ = find_ticket_number(&text);
        let _ = infer::application(&text, desk);
        let _ = infer::kind(&text);
    }
    let text = String::from_utf8_lossy(data);
    if let Some(n) = find_ticket_number(&text) {
        assert_eq!(n.len(), "JTG-2026-000123".len(), "{n}");
        assert_eq!(find_ticket_number(&n).as_deref(), Some(n.as_str()));
    }
    let _ = infer::application(&text, desk);
    let _ = infer::kind(&text);
}

// ---------------------------------------------------------------------------------
// The generic intake (POST /api/v1/intake) and `loket ticket intake`

/// Intake of a message as the desk does it: the outcome, its answer in both
/// languages and the ticket it opens.
fn take_in(msg: &Message, now: Timestamp) {
    let p = profile();
    let Ok(outcome) = intake(msg, p, now) else {
        return;
    };
    let _ = outcome.answer(p, Some("JTG-2024-000001"), Lang::Id);
    let _ = outcome.answer(p, None, Lang::En);
    let _ = serde_json::to_string(&outcome);
    if let IntakeOutcome::Accepted { received, .. } | IntakeOutcome::Referred { received } =
        &outcome
    {
        let t = outcome
            .open("JTG-2024-000001")
            .expect("an accepted outcome opens a ticket");
        event_round_trips(received);
        exercise_ticket(&t);
    }
}

/// A checked contact detail is in its normal form: checking it again changes nothing.
fn normal_form(what: &str, v: &str, f: fn(&str) -> Result<String, ContactError>) {
    assert_eq!(
        f(v).as_deref(),
        Ok(v),
        "a normalized {what} must stay as it is"
    );
}

/// The generic intake's JSON body through `serve::api::parse_intake` and the checks
/// of its handler (the reporter's contact details, attested by a portal, as the
/// handler does them; the inference of application and kind), then intake; the
/// same bytes as a core `Message` (`loket ticket intake`) and a `Reporter`; and as
/// text through `mask_personal_numbers`, which parser errors and subjects pass.
pub fn intake_json(data: &[u8]) {
    match parse_intake(data) {
        Ok(b) => {
            let proof = ContactProof::Portal {
                name: "Portal jatengprov.go.id".into(),
            };
            if let Ok(reporter) = b.reporter.checked(Some(proof)) {
                if let Some(phone) = &reporter.phone {
                    normal_form("phone", phone, normalize_phone);
                }
                if let Some(email) = &reporter.email {
                    normal_form("email", email, normalize_email);
                }
                let text = format!("{}\n{}", b.subject.as_deref().unwrap_or(""), b.body);
                let desk = &profile().desk;
                let msg = Message {
                    channel: b.channel,
                    application: b.application.or_else(|| infer::application(&text, desk)),
                    kind: b.kind.unwrap_or_else(|| infer::kind(&text)),
                    subject: b.subject,
                    body: b.body,
                    reporter,
                    received_at: b.received_at.unwrap_or_else(now),
                    about_desk: b.about_desk,
                };
                take_in(&msg, now());
            }
        }
        Err(e) => {
            // What the handler answers: serde's message, masked, in both languages.
            let masked = mask_personal_numbers(&e.to_string());
            let _ = loket_core::error::serde_message(&masked, Lang::Id);
        }
    }
    if let Ok(msg) = serde_json::from_slice::<Message>(data) {
        take_in(&msg, now());
        take_in(&msg, msg.received_at);
    }
    let _ = serde_json::from_slice::<Reporter>(data);
    let text = String::from_utf8_lossy(data);
    let masked = mask_personal_numbers(&text);
    assert_eq!(
        masked.chars().count(),
        text.chars().count(),
        "masking replaces digits one for one"
    );
    for line in text.lines().take(8) {
        if let Ok(p) = normalize_phone(line) {
            normal_form("phone", &p, normalize_phone);
        }
        if let Ok(e) = normalize_email(line) {
            normal_form("email", &e, normalize_email);
        }
    }
}

// ---------------------------------------------------------------------------------
// Event JSON lines (`loket ticket replay`, the store's history, staff actions)

/// Events as JSON lines: every line that reads as an event is written back and read
/// again; all of them replayed as a history (`Ticket::replay`, as the store does at
/// start); and each applied in turn with the flow's checks to a fresh ticket in
/// `received` (as staff actions are), which must then replay to itself.
pub fn event_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut events = Vec::new();
    let mut all = true;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Event>(line) {
            Ok(e) => {
                event_round_trips(&e);
                events.push(e);
            }
            Err(_) => all = false,
        }
    }
    if all && !events.is_empty() {
        if let Ok(t) = Ticket::replay(&events) {
            exercise_ticket(&t);
        }
    }
    if events.is_empty() {
        return;
    }
    let p = profile();
    let ctx = p.context();
    let mut t = fresh_ticket().clone();
    for e in events {
        let before = t.clone();
        if t.apply(e, &ctx).is_err() {
            assert_eq!(t, before, "a refused event must leave the ticket unchanged");
        }
    }
    exercise_ticket(&t);
}

// ---------------------------------------------------------------------------------
// Calendar, policy and desk files (TOML or JSON)

/// The widest horizon the target compiles a fuzzed calendar over: compiling the
/// default 1970–2100 horizon takes milliseconds, too slow per execution. A spec
/// whose horizon is wider (or absent) is compiled over its first two years.
const MAX_HORIZON_YEARS: i32 = 2;

/// The text as a calendar, a policy and a desk (each parser refuses the others'
/// fields). A calendar that parses is written back as TOML and must read the same;
/// it is then compiled over a narrow horizon and asked a few questions. A policy is
/// used with the default calendar; a desk's products are looked up.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(mut spec) = CalendarSpec::from_text(text) {
        let toml = spec.to_toml();
        let back = CalendarSpec::from_toml(&toml).unwrap_or_else(|e| {
            panic!("a calendar written as TOML does not read back: {e}\n{toml}")
        });
        assert_eq!(back, spec, "a calendar must read back as written:\n{toml}");
        let h = spec.horizon.unwrap_or(YearRange {
            from: 2024,
            to: 2025,
        });
        if h.to.saturating_sub(h.from) >= MAX_HORIZON_YEARS {
            spec.horizon = Some(YearRange {
                from: h.from,
                to: h.from.saturating_add(MAX_HORIZON_YEARS - 1),
            });
        } else {
            spec.horizon = Some(h);
        }
        if let Ok(cal) = Calendar::new(spec) {
            let (first, last) = cal.horizon();
            // Noon UTC of the first and last dates: inside the horizon in any zone.
            let (start, end) = (
                first.and_hms_opt(12, 0, 0).map(|x| x.and_utc().timestamp()),
                last.and_hms_opt(12, 0, 0).map(|x| x.and_utc().timestamp()),
            );
            let (start, end) = (
                Timestamp::from_unix(start.unwrap_or(0)),
                Timestamp::from_unix(end.unwrap_or(0)),
            );
            for t in [start, Timestamp::from_unix((start.unix() + end.unix()) / 2)] {
                let _ = cal.is_open(t);
                let _ = cal.status(t);
                let _ = cal.next_opening(t);
                let _ = cal.clock_start(t);
                for d in [OpDuration::Days(1), OpDuration::Seconds(30_600)] {
                    for b in [Boundary::Closing, Boundary::Opening] {
                        if let Ok(e) = cal.explain_add(t, d, b) {
                            let _ = cal.render_explanation(&e, Lang::En);
                        }
                        check(laws::add_moves_forward(&cal, t, d, b));
                        check(laws::add_lands_in_hours(&cal, t, d, b));
                    }
                }
            }
            let _ = cal.between(start, end);
            let _ = cal.covered_years();
            let _ = cal.holidays_from(first).count();
        }
    }
    // A plugin's limits file (`<name>.toml` beside `<name>.wasm`): read, laid over
    // every language's defaults, and checked by the host as a load would.
    if let Ok(file) = loket_plugin_host::LimitsFile::parse(text) {
        for lang in [
            loket_plugin_host::Language::Rust,
            loket_plugin_host::Language::JavaScript,
            loket_plugin_host::Language::Python,
        ] {
            let l = file.over(lang);
            let d = loket_plugin_host::Limits::for_language(lang);
            assert_eq!(l.fuel, file.fuel.unwrap_or(d.fuel));
            assert!(file.memory_mib.is_some() || l.memory == d.memory);
        }
    }
    if let Ok(policy) = SlaPolicy::from_text(text) {
        let p = profile();
        let t = now();
        for kind in [
            TicketKind::Complaint,
            TicketKind::Request,
            TicketKind::Incident,
        ] {
            let (target, b) = (policy.target(kind), policy.boundary);
            if let Ok(r) = p.calendar.add(t, target, b) {
                if explainable(t, r.value) {
                    let e = p.calendar.explain_add(t, target, b).expect("explains add");
                    let _ = p.calendar.render_explanation(&e, Lang::Id);
                }
            }
            check(
                laws::deadline_reachable(&p.calendar, &policy, kind, t).or_else(
                    // A target beyond the horizon is a fault of the policy, not a crash.
                    |v| Ok(laws::Checked::NotApplicable(v.to_string())),
                ),
            );
        }
    }
    if let Ok(desk) = DeskConfig::from_text(text) {
        for p in &desk.products {
            assert!(desk.product(&p.id).is_some(), "product {} by id", p.id);
            let _ = desk.product_by_id(&p.id);
        }
        let _ = infer::application(text, &desk);
    }
}

fn check(r: laws::LawResult) {
    if let Err(v) = r {
        panic!("{v}");
    }
}

// ---------------------------------------------------------------------------------
// Durations and instants (CLI arguments, API query parameters, JSON fields)

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants `Timestamp::parse`
/// reads.
const YEAR_0: i64 = -62_167_219_200;
const YEAR_9999_END: i64 = 253_402_300_799;

/// The longest span the targets explain (stretch by stretch): an explanation lists
/// every closure it crosses, so its cost grows with the span (SECURITY.md gives the
/// figures); the service explains only deadlines, spans of days to weeks.
const EXPLAIN_SPAN: u64 = 5 * 366 * 86_400;

/// Whether `a` to `b` is short enough to explain.
fn explainable(a: Timestamp, b: Timestamp) -> bool {
    a.unix().abs_diff(b.unix()) <= EXPLAIN_SPAN
}

/// Every line as an instant (RFC 3339 or unix seconds) and as a duration; what
/// parses must write back and read the same. The first two instants and durations
/// then go through the default calendar's arithmetic (add, sub, between, the
/// explanations of spans up to five years, status) and its laws.
pub fn time(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let p = profile();
    let cal = &p.calendar;
    let tz = cal.timezone();
    let mut instants = Vec::new();
    let mut durations = Vec::new();
    for line in text.lines() {
        if let Ok(t) = Timestamp::parse(line) {
            let s = t.to_string();
            assert_eq!(
                Timestamp::parse(&s).ok(),
                Some(t),
                "{line:?} written as {s}"
            );
            // In a zone ahead of or behind UTC, the first and last day of the years
            // 0000-9999 may be written in year -0001 or 10000, which RFC 3339 cannot.
            if (YEAR_0 + 86_400..=YEAR_9999_END - 86_400).contains(&t.unix()) {
                let r = t.to_rfc3339(tz);
                assert_eq!(
                    Timestamp::parse(&r).ok(),
                    Some(t),
                    "{line:?} written as {r}"
                );
            }
            instants.push(t);
        }
        if let Ok(d) = OpDuration::parse(line) {
            let s = d.to_string();
            assert_eq!(
                OpDuration::parse(&s).ok(),
                Some(d),
                "{line:?} written as {s}"
            );
            durations.push(d);
        }
    }
    if let Ok(d) = serde_json::from_str::<OpDuration>(text) {
        let _ = serde_json::to_string(&d);
    }
    if let Ok(t) = serde_json::from_str::<Timestamp>(text) {
        instants.push(t);
    }
    let a = instants.first().copied().unwrap_or_else(now);
    let b = instants.get(1).copied().unwrap_or(a);
    let d = durations.first().copied().unwrap_or(OpDuration::Days(1));
    let e = durations.get(1).copied().unwrap_or(d);
    let _ = loket_core::format_seconds(match d {
        OpDuration::Seconds(s) => s,
        OpDuration::Days(n) => i64::from(n),
    });
    for bd in [Boundary::Closing, Boundary::Opening] {
        if let Ok(r) = cal.add(a, d, bd) {
            if explainable(a, r.value) {
                let x = cal
                    .explain_add(a, d, bd)
                    .expect("explains what add computed");
                let _ = cal.render_explanation(&x, Lang::En);
            }
        }
        if let Ok(r) = cal.sub(a, d, bd) {
            if explainable(a, r.value) {
                let x = cal
                    .explain_sub(a, d, bd)
                    .expect("explains what sub computed");
                let _ = cal.render_explanation(&x, Lang::Id);
            }
        }
        check(laws::add_moves_forward(cal, a, d, bd));
        check(laws::add_is_monotone_in_t(cal, a, b, d, bd));
        check(laws::add_is_monotone_in_d(cal, a, d, e, bd));
        check(laws::add_lands_in_hours(cal, a, d, bd));
        if let OpDuration::Seconds(s) = d {
            check(laws::between_inverts_add(cal, a, s, bd));
            check(laws::sub_inverts_add(cal, a, s, bd));
            if let OpDuration::Seconds(s2) = e {
                check(laws::add_is_additive(cal, a, s, s2, bd));
            }
        }
    }
    if let Ok(s) = cal.between(a, b) {
        let _ = loket_core::format_elapsed(s.value);
    }
    if explainable(a, b) {
        if let Ok(x) = cal.explain_between(a, b) {
            let _ = cal.render_explanation(&x, Lang::En);
        }
    }
    check(laws::between_is_antisymmetric(cal, a, b));
    check(laws::between_within_wall_time(cal, a, b));
    let _ = cal.status(a);
    let _ = cal.next_opening(a);
    let _ = cal.previous_closing(a);
    let _ = cal.when(a, Lang::Id);
    for kind in [TicketKind::Complaint, TicketKind::Request] {
        if let Ok(r) = cal.add(a, p.policy.target(kind), p.policy.boundary) {
            if explainable(a, r.value) {
                let _ = p.deadline(kind, a);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Routing plugin output (what a sandboxed plugin returns)

fn opt_string(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    if !bool::arbitrary(u)? {
        return Ok(None);
    }
    // Mostly short strings; sometimes just past the host's limits (2 KiB reason,
    // 256 B names) to reach its refusals.
    let s = String::arbitrary(u)?;
    Ok(Some(match u8::arbitrary(u)? {
        255 => format!("{s}{}", "x".repeat(loket_plugin_host::MAX_REASON)),
        254 => format!("{s}{}", "x".repeat(loket_plugin_host::MAX_NAME)),
        _ => s,
    }))
}

fn tier(u: &mut Unstructured<'_>) -> arbitrary::Result<wit::Tier> {
    Ok(match u.int_in_range(0..=4)? {
        0 => wit::Tier::FirstLine,
        1 => wit::Tier::ApplicationStaff,
        2 => wit::Tier::ChangeManagement,
        3 => wit::Tier::InformationSecurity,
        _ => wit::Tier::OperationsDesign,
    })
}

/// An arbitrary WIT `decision`: any value a plugin can return through the contract.
fn decision(u: &mut Unstructured<'_>) -> arbitrary::Result<wit::Decision> {
    let step = match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(wit::Step::HandleDirectly),
        2 => Some(wit::Step::CreateTicket),
        _ => Some(wit::Step::Forward(tier(u)?)),
    };
    let assign = opt_string(u)?;
    let category = opt_string(u)?;
    let priority = match u.int_in_range(0..=4)? {
        0 => None,
        1 => Some(wit::Priority::Low),
        2 => Some(wit::Priority::Normal),
        3 => Some(wit::Priority::High),
        _ => Some(wit::Priority::Urgent),
    };
    let reason = opt_string(u)?;
    Ok(wit::Decision {
        step,
        assign,
        category,
        priority,
        reason,
    })
}

/// Arbitrary plugin decisions through the host's conversion (`check_decision`: size
/// and blank refusals), then through the flow on a copy of a fresh ticket, as the
/// registry does; a ticket the flow accepted must replay to itself.
pub fn plugin_output(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let p = profile();
    let ctx = p.context();
    let mut t = fresh_ticket().clone();
    let mut at = t.received_at();
    // A plugin answers once per routing; a ticket is routed a few times at most.
    for _ in 0..8 {
        if u.is_empty() {
            break;
        }
        let Ok(d) = decision(&mut u) else {
            break;
        };
        let Ok(core) = check_decision(d) else {
            continue;
        };
        for s in [&core.reason, &core.assign, &core.category]
            .into_iter()
            .flatten()
        {
            assert!(s.len() <= loket_plugin_host::MAX_REASON && !s.trim().is_empty());
        }
        let wait = u.int_in_range(0..=7200u16).unwrap_or(0);
        at = Timestamp::from_unix(at.unix() + i64::from(wait));
        let mut next = t.clone();
        if next.apply_decision(&core, "fuzz", at, &ctx).is_ok() {
            t = next;
        }
    }
    exercise_ticket(&t);
}

/// The public survey body (`POST /api/v1/survey`, reporters with a ticket's key and
/// portals): read as the service reads it. An accepted body has nine scores 1–4 that
/// read back the same and a comment of at most `MAX_COMMENT` characters, masked digit
/// for digit and otherwise as sent; a refused one has a message in both languages.
/// (Masking is not idempotent: the three digits a masked number keeps can join the
/// digits after it into a new match; see SECURITY.md.)
pub fn survey_json(data: &[u8]) {
    match parse_survey(data) {
        Ok(s) => {
            let scores = s.answers.scores();
            assert!(scores.iter().all(|x| (1..=4).contains(x)), "{scores:?}");
            assert_eq!(
                loket_core::skm::Response::from_scores(scores).ok(),
                Some(s.answers)
            );
            if let Some(c) = &s.comment {
                // Masking replaces digits one for one (`•`) and changes nothing else:
                // compare with the comment as sent.
                let sent: serde_json::Value = serde_json::from_slice(data).expect("it read");
                let sent = sent["comment"].as_str().expect("a comment").trim();
                assert!(sent.chars().count() <= MAX_COMMENT);
                assert_eq!(sent.chars().count(), c.chars().count());
                for (a, b) in sent.chars().zip(c.chars()) {
                    assert!(
                        a == b || (a.is_ascii_digit() && b == '•'),
                        "{a:?} became {b:?}"
                    );
                }
            }
            // The index over one answer is a grade.
            let r = loket_core::skm::index(
                &[s.answers],
                &loket_core::skm::GradeTable::PERMENPANRB_2017,
                None,
            )
            .expect("one respondent");
            assert!((25.0..=100.0).contains(&r.score) && "ABCD".contains(r.grade));
        }
        Err(e) => {
            let _ = (e.code(), e.message(Lang::Id), e.message(Lang::En));
        }
    }
}

/// A report export from outside (`FactsArchive::open`, what the CLI and the npm
/// package read): refused with an error, or opened and then read without failing:
/// every row decodes, the report over its period counts no row twice and equals
/// the report over the decoded facts (the same function through the other holder).
#[allow(dead_code)]
pub fn export(data: &[u8]) {
    use loket_core::report::export::{AlignedBytes, FactsArchive};
    use loket_core::report::{report, Filter};
    let bytes = AlignedBytes::copy(data);
    match FactsArchive::open(&bytes) {
        Ok(a) => {
            let facts = a.facts();
            assert_eq!(facts.len(), a.len());
            let profile = profile();
            let period = a.period();
            let r = a.report(&Filter::default(), period, profile, Lang::En);
            assert!(r.counts.tickets as usize <= a.len());
            let mut again = report(&facts, &Filter::default(), period, profile, Lang::En);
            again.intake = r.intake.clone();
            assert_eq!(format!("{r:?}"), format!("{again:?}"));
        }
        Err(e) => {
            assert!(e.code().starts_with("export."));
            let _ = (e.message(Lang::Id), e.message(Lang::En));
        }
    }
}

/// SKM answers typed into a spreadsheet (`loket skm --answers`): read as counted
/// answers, every score 1–4 and the index over them a grade, or refused with a
/// message naming the line.
#[allow(dead_code)]
pub fn skm_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match loket_core::skm::Response::read_csv(text) {
        Ok(answers) => {
            for a in &answers {
                assert!(a.scores().iter().all(|x| (1..=4).contains(x)));
            }
            if !answers.is_empty() {
                let r = loket_core::skm::index(
                    &answers,
                    &loket_core::skm::GradeTable::PERMENPANRB_2017,
                    None,
                )
                .expect("respondents");
                assert!((25.0..=100.0).contains(&r.score) && "ABCD".contains(r.grade));
                assert_eq!(r.respondents as usize, answers.len());
            }
        }
        Err(e) => {
            assert!(e.code().starts_with("skm."));
            let _ = (e.message(Lang::Id), e.message(Lang::En));
        }
    }
}
