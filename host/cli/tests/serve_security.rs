#[path = "../../serve/tests/support/mod.rs"]
mod support;
use support::*;

// The findings of the attacker's probe of `loket serve` (issue 11), each reproduced
// over real HTTP against a real service: who can claim to be whom, what a stranger
// can make the desk send, what a slow or huge input does to everyone else, and where
// personal data may and may not go.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use loket_core::Profile;
use loket_serve::ServeConfig;
use serde_json::{json, Value};

/// Monday 2 March 2026, 09:20 WIB: the desk is open.
const MON_0920: &str = "2026-03-02T09:20:00+07:00";

/// The victim's WhatsApp number, as Meta sends it.
const VICTIM: &str = "6281225550123";

fn sign(body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(WA_SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A signed WhatsApp text message from `from` at unix `ts`.
fn wa_text(s: &TestServer, id: &str, from: &str, ts: i64, text: &str) -> Value {
    let body = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Sri Wahyuni"}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": ts.to_string(), "type": "text", "text": {"body": text}}]
        }}]}]
    })
    .to_string()
    .into_bytes();
    let (status, text) = s.raw(
        "POST",
        "/webhooks/whatsapp",
        None,
        Some(("application/json", body.clone())),
        &[("X-Hub-Signature-256", &sign(&body))],
    );
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn ticket(s: &TestServer, number: &str) -> Value {
    let (status, v) = s.call(
        "GET",
        &format!("/api/v1/tickets/{number}"),
        Some(&s.admin),
        None,
    );
    assert_eq!(status, 200, "{v}");
    v
}

fn list(s: &TestServer) -> Vec<Value> {
    let (status, v) = s.call("GET", "/api/v1/tickets?limit=1000", Some(&s.admin), None);
    assert_eq!(status, 200, "{v}");
    v["tickets"].as_array().unwrap().clone()
}

fn event(s: &TestServer, number: &str, e: Value) {
    let (status, v) = s.call(
        "POST",
        &format!("/api/v1/tickets/{number}/events"),
        Some(&s.admin),
        Some(e),
    );
    assert_eq!(status, 200, "{v}");
}

fn outbox(s: &TestServer) -> Vec<Value> {
    let (status, v) = s.call(
        "GET",
        "/api/v1/admin/outbox?limit=1000",
        Some(&s.admin),
        None,
    );
    assert_eq!(status, 200, "{v}");
    v["notifications"].as_array().unwrap().clone()
}

fn intake_as(s: &TestServer, token: Option<&str>, m: Value) -> (u16, Value) {
    s.call("POST", "/api/v1/intake", token, Some(m))
}

fn complaint(phone: &str, body: &str) -> Value {
    json!({"channel": "whatsapp", "application": "e-penatausahaan", "kind": "complaint",
           "body": body, "reporter": {"name": "Pelapor", "phone": phone}})
}

// ------------------------------------------------------------------ finding 1

#[test]
fn a_stranger_cannot_capture_a_citizens_replies() {
    let s = TestServer::start(temp_dir("sec-capture"), at(MON_0920));
    // The generic intake is not anonymous any more.
    let (status, v) = intake_as(&s, None, complaint(VICTIM, "tolong"));
    assert_eq!(status, 401, "{v}");
    assert_eq!(v["error"]["code"], "auth.missing");

    // A portal that does not authenticate citizens files a ticket naming the victim's
    // number; staff ask the reporter a question.
    let (status, stranger) = intake_as(
        &s,
        Some(&s.portal),
        complaint("0812-2555-0123", "SP2D tidak bisa dicetak"),
    );
    assert_eq!(status, 201, "{stranger}");
    let n = stranger["number"].as_str().unwrap().to_string();
    let key = stranger["accessKey"].as_str().unwrap().to_string();
    let t = ticket(&s, &n);
    assert_eq!(t["ticket"]["reporter"]["phone"], "+6281225550123");
    assert!(
        t["ticket"]["reporter"].get("proof").is_none(),
        "a portal's contact is only claimed: {t}"
    );
    event(
        &s,
        &n,
        json!({"event": "wait_for_reporter", "question": "Sejak kapan?"}),
    );

    // The real owner writes on WhatsApp (signed by Meta), with her NIK.
    let nik = "3374012345678901";
    wa_text(
        &s,
        "wamid.victim-1",
        VICTIM,
        at(MON_0920) + 60,
        &format!("Mohon reset password e-Budgeting, NIK saya {nik}"),
    );
    // Her message opened her own ticket; the stranger's ticket did not get it.
    let stranger_ticket = ticket(&s, &n);
    assert_eq!(stranger_ticket["ticket"]["state"], "waiting_for_reporter");
    assert!(
        !stranger_ticket.to_string().contains(nik),
        "the stranger's ticket holds the citizen's message: {stranger_ticket}"
    );
    let all = list(&s);
    assert_eq!(all.len(), 2, "{all:?}");
    // The stranger's access key shows nothing of hers.
    let (status, view) = s.call("GET", &format!("/api/v1/status/{n}?key={key}"), None, None);
    assert_eq!(status, 200);
    assert!(!view.to_string().contains(nik), "{view}");

    // Her own WhatsApp ticket does take her replies — and its status view, too,
    // shows no reporter's text (the key's holder may not be its writer).
    let own = all.iter().find(|t| t["number"] != n.as_str()).unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(ticket(&s, &own)["ticket"]["reporter"]["proof"], "whatsapp");
    event(
        &s,
        &own,
        json!({"event": "wait_for_reporter", "question": "Username apa?"}),
    );
    wa_text(
        &s,
        "wamid.victim-2",
        VICTIM,
        at(MON_0920) + 120,
        &format!("username saya sri.w, NIK {nik}"),
    );
    let t = ticket(&s, &own);
    assert_eq!(t["ticket"]["state"], "executing", "{t}");
    assert_eq!(list(&s).len(), 2);
    let own_key = s.app.desk.shared.access_key(&own);
    let (_, view) = s.call(
        "GET",
        &format!("/api/v1/status/{own}?key={own_key}"),
        None,
        None,
    );
    assert!(!view.to_string().contains("sri.w"), "{view}");
    assert!(
        view["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "pesan pelapor diterima"),
        "{view}"
    );
}

#[test]
fn an_attesting_portal_is_its_own_proof_never_whatsapps() {
    let s = TestServer::start(temp_dir("sec-attest"), at(MON_0920));
    let sso = {
        let (status, v) = s.call(
            "POST",
            "/api/v1/admin/tokens",
            Some(&s.admin),
            Some(json!({"role": "portal", "name": "Portal SSO", "attestsContacts": true})),
        );
        assert_eq!(status, 201, "{v}");
        v["token"].as_str().unwrap().to_string()
    };
    // Only a portal token can attest.
    let (status, v) = s.call(
        "POST",
        "/api/v1/admin/tokens",
        Some(&s.admin),
        Some(json!({"role": "agent", "name": "Agen X", "attestsContacts": true})),
    );
    assert_eq!(status, 422, "{v}");
    let (status, v) = intake_as(&s, Some(&sso), complaint(VICTIM, "SP2D gagal"));
    assert_eq!(status, 201, "{v}");
    let n = v["number"].as_str().unwrap().to_string();
    assert_eq!(
        ticket(&s, &n)["ticket"]["reporter"]["proof"],
        json!({"portal": {"name": "Portal SSO"}})
    );
    event(
        &s,
        &n,
        json!({"event": "wait_for_reporter", "question": "Sejak kapan?"}),
    );
    wa_text(
        &s,
        "wamid.x-1",
        VICTIM,
        at(MON_0920) + 60,
        "SPJ di e-Penatausahaan gagal diunggah",
    );
    assert_eq!(ticket(&s, &n)["ticket"]["state"], "waiting_for_reporter");
    assert_eq!(list(&s).len(), 2);
}

// ------------------------------------------------------------------ finding 2

#[test]
fn the_desk_never_sends_text_a_stranger_chose() {
    let s = TestServer::start(temp_dir("sec-echo"), at(MON_0920));
    let bait = "Akun anda diblokir, login di http://jateng-prov.example/verifikasi";
    let (status, v) = intake_as(
        &s,
        Some(&s.portal),
        json!({"channel": "whatsapp", "application": bait, "body": "halo",
               "reporter": {"phone": VICTIM}}),
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcome"], "refused");
    // The answer (what the reporter is sent) never repeats it.
    assert!(!v["answer"].as_str().unwrap().contains("http://"), "{v}");
    let sent = outbox(&s);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(!sent[0]["text"].as_str().unwrap().contains("diblokir"));

    // Contacts are validated: the error says what was expected, never echoes them.
    for (reporter, code) in [
        (json!({"phone": "12345"}), "reporter.phone_invalid"),
        (json!({"phone": "+62 812 abc"}), "reporter.phone_invalid"),
        (
            json!({"email": "x@y.z\r\nBcc: all@jatengprov.go.id"}),
            "reporter.email_invalid",
        ),
        (json!({"email": "sri@localhost"}), "reporter.email_invalid"),
        (json!({"nik": "33740123"}), "reporter.nik_invalid"),
    ] {
        let (status, v) = intake_as(
            &s,
            Some(&s.portal),
            json!({"channel": "email", "application": "e-planning", "body": "RKA gagal",
                   "reporter": reporter}),
        );
        assert_eq!(status, 422, "{v}");
        assert_eq!(v["error"]["code"], code, "{v}");
        let m = v["error"]["message"].as_str().unwrap();
        assert!(
            !m.contains("12345") && !m.contains("Bcc") && !m.contains("33740123"),
            "{m}"
        );
    }
    assert_eq!(list(&s).len(), 0);
}

#[test]
fn the_intake_is_rate_limited_per_client_and_per_contact() {
    let config = ServeConfig {
        intake_per_client: 3,
        intake_per_contact: 2,
        ..ServeConfig::default()
    };
    let s = TestServer::start_configured(
        temp_dir("sec-rate"),
        at(MON_0920),
        Profile::jatengprov(),
        config,
    );
    let other = s.token("portal", "Portal Kedua");
    // Per contact: the third message naming one number (from any client) waits.
    for (token, i) in [(&s.portal, 0), (&other, 1)] {
        let (status, v) = intake_as(&s, Some(token), complaint(VICTIM, &format!("aduan {i}")));
        assert_eq!(status, 201, "{v}");
    }
    let (status, text) = s.raw(
        "POST",
        "/api/v1/intake",
        Some(&other),
        Some((
            "application/json",
            complaint("+62 812 2555 0123", "aduan 3")
                .to_string()
                .into_bytes(),
        )),
        &[],
    );
    assert_eq!(status, 429, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["error"]["code"], "request.rate_limited");
    assert_eq!(v["error"]["details"]["limit"], "contact");
    let retry = v["error"]["details"]["retryAfterSeconds"].as_u64().unwrap();
    assert!(retry >= 60, "a contact's allowance comes back slowly: {v}");
    // Per client: the portal's fourth message within a minute waits (it has sent 1
    // accepted + the refused ones do not exist; send two more to other contacts).
    for i in 0..2 {
        let (status, v) = intake_as(
            &s,
            Some(&s.portal),
            complaint(&format!("08122555{:04}", 100 + i), "aduan"),
        );
        assert_eq!(status, 201, "{v}");
    }
    let resp = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .post(format!("{}/api/v1/intake", s.base))
        .header("Authorization", format!("Bearer {}", s.portal))
        .header("Content-Type", "application/json")
        .send(complaint("081225559999", "aduan").to_string().as_bytes())
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    let after: u64 = resp
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&after), "{after}");
    // Nothing was recorded for the refused ones.
    assert_eq!(list(&s).len(), 4);
    // A retry of a message taken is answered as the first time, over the limit too.
    let send = |token: &str| {
        s.raw(
            "POST",
            "/api/v1/intake",
            Some(token),
            Some((
                "application/json",
                complaint("081299998888", "aduan ulang")
                    .to_string()
                    .into_bytes(),
            )),
            &[("Idempotency-Key", "retry-1")],
        )
    };
    let (status, first) = send(&other);
    assert_eq!(status, 201, "{first}");
    for _ in 0..3 {
        let (status, again) = send(&other);
        assert_eq!(status, 200, "{again}");
        assert!(again.contains("\"duplicate\":true"), "{again}");
    }
    // Staff typing in a letter are not limited.
    let agent = s.token("agent", "Petugas Surat");
    for i in 0..3 {
        let (status, v) = intake_as(&s, Some(&agent), complaint(VICTIM, &format!("surat {i}")));
        assert_eq!(status, 201, "{v}");
    }
}

// ------------------------------------------------------------------ finding 3

#[test]
fn an_idempotency_key_is_the_callers_own() {
    let s = TestServer::start(temp_dir("sec-idem"), at(MON_0920));
    let other = s.token("portal", "Portal Lain");
    let send = |token: &str, body: &Value| {
        let (status, text) = s.raw(
            "POST",
            "/api/v1/intake",
            Some(token),
            Some(("application/json", body.to_string().into_bytes())),
            &[("Idempotency-Key", "form-0001")],
        );
        (status, serde_json::from_str::<Value>(&text).unwrap())
    };
    let first_body = complaint(VICTIM, "SP2D tidak bisa dicetak");
    let (status, first) = send(&s.portal, &first_body);
    assert_eq!(status, 201, "{first}");
    // The same key, another body: refused, no access key handed out.
    let (status, v) = send(&s.portal, &complaint("081299990000", "lain"));
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["error"]["code"], "idempotency.mismatch");
    assert!(!v.to_string().contains(first["accessKey"].as_str().unwrap()));
    // Another client with the same key and body: its own message.
    let (status, theirs) = send(&other, &first_body);
    assert_eq!(status, 201, "{theirs}");
    assert_ne!(theirs["number"], first["number"]);
    assert_ne!(theirs["accessKey"], first["accessKey"]);
    // The true retry is still answered once.
    let (status, again) = send(&s.portal, &first_body);
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["number"], first["number"]);
    assert_eq!(list(&s).len(), 2);
}

// ------------------------------------------------------------------ finding 4

#[test]
fn an_email_with_sixty_thousand_references_is_read_and_threads_by_the_nearest() {
    let s = TestServer::start(temp_dir("sec-refs"), at(MON_0920));
    let refs: String = (0..60_000)
        .map(|i| format!("<ref-{i}@mail.example>"))
        .collect::<Vec<_>>()
        .join(" ");
    let raw = format!(
        "Received: from mx by desk; Mon, 2 Mar 2026 09:14:29 +0700\r\nFrom: Sri <sri@example.go.id>\r\nTo: desk@jatengprov.go.id\r\nSubject: e-Planning gagal\r\nMessage-ID: <big@mail.example>\r\nReferences: {refs}\r\n\r\nTombol simpan RKA di e-Planning tidak berfungsi.\r\n"
    );
    assert!(raw.len() > 600_000);
    let m = loket_channels::email::parse(
        raw.as_bytes(),
        loket_core::Timestamp::from_unix(at(MON_0920)),
    )
    .expect("readable");
    assert_eq!(m.reply_to.len(), loket_channels::email::MAX_REPLY_TO);
    assert_eq!(m.reply_to[0], "email:ref-59999@mail.example");
    // Through the API, while /health keeps answering.
    let agent = s.token("agent", "Budi");
    let (status, v) = s.raw(
        "POST",
        "/webhooks/email",
        Some(&agent),
        Some(("message/rfc822", raw.into_bytes())),
        &[],
    );
    assert_eq!(status, 200, "{v}");
    let (status, _) = s.call("GET", "/health", None, None);
    assert_eq!(status, 200);
}

// ------------------------------------------------------------------ finding 5

#[cfg(unix)]
#[test]
fn personal_data_files_are_owner_only_and_keys_are_never_stored() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("sec-files");
    let s = TestServer::start(dir.clone(), at(MON_0920));
    let (status, v) = intake_as(&s, Some(&s.portal), complaint(VICTIM, "SP2D gagal"));
    assert_eq!(status, 201, "{v}");
    let key = v["accessKey"].as_str().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for f in ["loket.sqlite3", "loket.sqlite3-wal", "secret"] {
        assert_eq!(mode(&dir.join(f)), 0o600, "{f}");
    }
    // The outbox keeps the key's slot; the stored database has no key anywhere.
    let sent = outbox(&s);
    assert!(sent
        .iter()
        .all(|n| !n["text"].as_str().unwrap().contains(key)));
    let _ = s.stop();
    let db = std::fs::read(dir.join("loket.sqlite3")).unwrap();
    let wal = std::fs::read(dir.join("loket.sqlite3-wal")).unwrap_or_default();
    let has = |hay: &[u8]| hay.windows(key.len()).any(|w| w == key.as_bytes());
    assert!(!has(&db) && !has(&wal), "the access key is stored");

    // The log sender writes owner-only, and the stored text (the slot).
    use loket_desk::notify::{self, Sender};
    let log = dir.join("outbox.log");
    let sender = notify::LogSender::new(log.clone());
    let ack = sent
        .iter()
        .find(|n| n["kind"] == "acknowledgement")
        .expect("an acknowledgement");
    let mut n: loket_store::Notification = serde_json::from_value(ack.clone()).unwrap();
    n.id = 1;
    let text = notify::render(&n, |t| format!("KEY-OF-{t}"));
    assert!(
        text.contains(&format!("KEY-OF-{}", v["number"].as_str().unwrap())),
        "{text}"
    );
    sender.send(&n, &text).unwrap();
    assert_eq!(mode(&log), 0o600);
    assert!(!std::fs::read_to_string(&log).unwrap().contains("KEY-OF-"));
}

// ------------------------------------------------------------------ finding 6

#[test]
fn tokens_are_listed_revoked_at_once_and_named_once() {
    let s = TestServer::start(temp_dir("sec-tokens"), at(MON_0920));
    let budi = s.token("agent", "Budi");
    let (status, _) = s.call("GET", "/api/v1/me", Some(&budi), None);
    assert_eq!(status, 200);
    // A second active token with the same name (in any case), or a name with an
    // invisible override, is refused.
    for name in ["Budi", "BUDI", "\u{202E}idub", "Bu\u{200B}di"] {
        let (status, v) = s.call(
            "POST",
            "/api/v1/admin/tokens",
            Some(&s.admin),
            Some(json!({"role": "agent", "name": name})),
        );
        assert_eq!(status, 422, "{name:?}: {v}");
    }
    let (status, v) = s.call("DELETE", "/api/v1/admin/tokens/Budi", Some(&s.admin), None);
    assert_eq!(status, 200, "{v}");
    // Cached a moment ago, refused now.
    let (status, v) = s.call("GET", "/api/v1/me", Some(&budi), None);
    assert_eq!(status, 401, "{v}");
    assert_eq!(v["error"]["code"], "auth.invalid");
    let (status, v) = s.call("DELETE", "/api/v1/admin/tokens/Budi", Some(&s.admin), None);
    assert_eq!(status, 404, "{v}");
    // The name is free again; the list shows both, never a token.
    let budi2 = s.token("agent", "Budi");
    let (status, v) = s.call("GET", "/api/v1/admin/tokens", Some(&s.admin), None);
    assert_eq!(status, 200);
    let budis: Vec<&Value> = v["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["name"] == "Budi")
        .collect();
    assert_eq!(budis.len(), 2, "{v}");
    assert!(budis[0]["revokedAt"].is_string() && budis[1].get("revokedAt").is_none());
    assert!(!v.to_string().contains(&budi2[4..]) && !v.to_string().contains("hash"));
    // Agents cannot list or revoke.
    let (status, _) = s.call("GET", "/api/v1/admin/tokens", Some(&budi2), None);
    assert_eq!(status, 403);
}

// ------------------------------------------------------------------ finding 7

#[test]
fn pages_and_answers_carry_security_headers() {
    let s = TestServer::start(temp_dir("sec-headers"), at(MON_0920));
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let page = agent.get(format!("{}/staff/", s.base)).call().unwrap();
    let h = |r: &ureq::http::Response<ureq::Body>, k: &str| {
        r.headers()
            .get(k)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let csp = h(&page, "content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h(&page, "x-content-type-options"), "nosniff");
    assert_eq!(h(&page, "x-frame-options"), "DENY");
    assert!(!h(&page, "x-request-id").is_empty());
    let api = agent
        .get(format!("{}/api/v1/me", s.base))
        .header("Authorization", format!("Bearer {}", s.admin))
        .call()
        .unwrap();
    assert_eq!(h(&api, "cache-control"), "no-store");
    // No CORS unless configured: a preflight from another origin gets no grant.
    let pre = agent
        .options(format!("{}/api/v1/intake", s.base))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .call()
        .unwrap();
    assert!(h(&pre, "access-control-allow-origin").is_empty());
}

#[test]
fn cors_is_granted_to_configured_origins_on_public_endpoints_only() {
    let config = ServeConfig {
        cors_origins: vec!["https://jatengprov.go.id".into()],
        ..unlimited()
    };
    let s = TestServer::start_configured(
        temp_dir("sec-cors"),
        at(MON_0920),
        Profile::jatengprov(),
        config,
    );
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let preflight = |path: &str, origin: &str| {
        let r = agent
            .options(format!("{}{path}", s.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .call()
            .unwrap();
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(
        preflight("/api/v1/intake", "https://jatengprov.go.id").as_deref(),
        Some("https://jatengprov.go.id")
    );
    assert_eq!(preflight("/api/v1/intake", "https://evil.example"), None);
    assert_eq!(
        preflight("/api/v1/tickets", "https://jatengprov.go.id"),
        None
    );
}

#[test]
fn a_connection_that_sends_half_a_request_or_idles_is_closed() {
    let config = ServeConfig {
        header_timeout: Duration::from_secs(1),
        ..unlimited()
    };
    let s = TestServer::start_configured(
        temp_dir("sec-slow"),
        at(MON_0920),
        Profile::jatengprov(),
        config,
    );
    let addr = s.base.trim_start_matches("http://").to_string();
    let closed_within = |mut c: TcpStream| {
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let started = Instant::now();
        let mut buf = Vec::new();
        // EOF (or a reset) before the read timeout: the server closed it.
        let r = c.read_to_end(&mut buf);
        assert!(
            r.is_ok()
                || r.as_ref()
                    .is_err_and(|e| e.kind() != std::io::ErrorKind::WouldBlock
                        && e.kind() != std::io::ErrorKind::TimedOut),
            "{r:?}"
        );
        (started.elapsed(), buf)
    };
    // Half a request.
    let mut c = TcpStream::connect(&addr).unwrap();
    c.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let (waited, _) = closed_within(c);
    assert!(waited < Duration::from_secs(9), "{waited:?}");
    // A whole request, then idling on the kept-alive connection.
    let mut c = TcpStream::connect(&addr).unwrap();
    c.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (waited, answer) = closed_within(c);
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(waited < Duration::from_secs(9), "{waited:?}");
}

// ------------------------------------------------------------------ finding 8

#[test]
fn a_channels_claimed_time_is_believed_only_within_a_window() {
    let s = TestServer::start(temp_dir("sec-time"), at(MON_0920));
    wa_text(
        &s,
        "wamid.epoch",
        "6281299990001",
        0,
        "SP2D e-Penatausahaan gagal",
    );
    let all = list(&s);
    assert_eq!(all.len(), 1);
    let n = all[0]["number"].as_str().unwrap();
    assert!(n.starts_with("JTG-2026-"), "{n}");
    let t = ticket(&s, n);
    assert_eq!(
        t["ticket"]["receivedAt"],
        loket_core::Timestamp::from_unix(at(MON_0920)).to_string()
    );
    assert_eq!(t["ticket"]["sla"]["status"], "on_track", "{t}");
    let reason = t["timeline"][0]["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("1970-01-01"),
        "the discrepancy is recorded: {t}"
    );
    // A message of yesterday (Meta retried it) keeps its own time.
    wa_text(
        &s,
        "wamid.yesterday",
        "6281299990002",
        at("2026-02-27T10:00:00+07:00"),
        "SP2D e-Penatausahaan gagal",
    );
    let t = list(&s).into_iter().find(|t| t["number"] != n).unwrap();
    assert_eq!(
        t["receivedAt"],
        loket_core::Timestamp::from_unix(at("2026-02-27T10:00:00+07:00")).to_string()
    );
}

// ----------------------------------------------------------------- finding 10

#[test]
fn personal_numbers_are_masked_in_the_queue_notifications_and_errors() {
    let s = TestServer::start(temp_dir("sec-mask"), at(MON_0920));
    let nik = "3374012345678901";
    wa_text(
        &s,
        "wamid.nik",
        "6281299990003",
        at(MON_0920),
        &format!("NIK {nik} tidak bisa login e-Penatausahaan\nmohon dibantu"),
    );
    let all = list(&s);
    assert!(
        !all[0]["subject"].as_str().unwrap().contains(nik),
        "{all:?}"
    );
    assert!(all[0]["subject"].as_str().unwrap().contains("901"));
    let assignment: Vec<Value> = outbox(&s)
        .into_iter()
        .filter(|n| n["kind"] == "assignment")
        .collect();
    assert!(!assignment.is_empty());
    assert!(assignment
        .iter()
        .all(|n| !n["text"].as_str().unwrap().contains(nik)));
    // Staff still read the whole message on the ticket.
    let t = ticket(&s, all[0]["number"].as_str().unwrap());
    assert!(t["ticket"]["body"].as_str().unwrap().contains(nik));
    // A 422 does not echo a personal number back.
    let (status, v) = intake_as(
        &s,
        Some(&s.portal),
        json!({"channel": "email", "body": "x", "reporter": {"nik": 3374012345678901u64}}),
    );
    assert_eq!(status, 422, "{v}");
    assert!(!v.to_string().contains(nik), "{v}");
}

// ----------------------------------------------------------------- finding 11

#[test]
fn every_error_is_json_and_uploads_stay_in_their_directory() {
    let plugins = temp_dir("sec-json-plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    let s = TestServer::start_with(
        temp_dir("sec-json"),
        at(MON_0920),
        Profile::jatengprov(),
        Some(plugins.clone()),
    );
    for path in ["/api/v1/nope", "/api/v2/tickets", "/webhooks/telegram"] {
        let (status, v) = s.call("GET", path, None, None);
        assert_eq!(status, 404, "{path}");
        assert_eq!(v["error"]["code"], "not_found", "{path}: {v}");
    }
    // Too many headers: 431 with a JSON body.
    let many: Vec<(String, String)> = (0..150)
        .map(|i| (format!("x-h{i}"), "v".to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, text) = s.raw("GET", "/health", None, None, &refs);
    assert_eq!(status, 431);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["error"]["code"], "request.headers_too_large");
    // The handshake's refusals are JSON.
    let (status, v) = s.call(
        "GET",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
        None,
        None,
    );
    assert_eq!(status, 403);
    assert_eq!(v["error"]["code"], "whatsapp.handshake", "{v}");
    // An upload named with a path goes nowhere.
    for name in ["..%2F..%2Fevil", "..", "A", "x%00y", "%2Ftmp%2Fevil"] {
        let (status, text) = s.raw(
            "PUT",
            &format!("/api/v1/admin/plugins/{name}"),
            Some(&s.admin),
            Some(("application/wasm", b"\0asm\x01\0\0\0".to_vec())),
            &[],
        );
        assert!(status == 422 || status == 404, "{name}: {status} {text}");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert!(v["error"]["code"].is_string(), "{v}");
    }
    let parent = plugins.parent().unwrap();
    assert!(!parent.join("evil.wasm").exists());
    assert_eq!(std::fs::read_dir(&plugins).unwrap().count(), 0);
}

// ------------------------------------------------- found by the attacker's review

/// Another process opening the store (`loket token create` while the service runs,
/// or `sqlite3 .backup`) must not make the service's later writes vanish: opening
/// and closing the database file beside a live connection once dropped the
/// service's locks, so the other process deleted the WAL the service kept writing.
#[test]
fn another_connection_to_the_store_loses_nothing_the_service_answered() {
    use loket_store::{SqliteStore, Store};
    let dir = temp_dir("sec-wal");
    let s = TestServer::start(dir.clone(), at(MON_0920));
    // What `loket token create` does, in this process and in another.
    drop(SqliteStore::open(&dir).unwrap());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args([
            "token", "create", "--role", "agent", "--name", "Lain", "--data",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut numbers = Vec::new();
    for i in 0..3 {
        let (status, v) = intake_as(
            &s,
            Some(&s.portal),
            complaint(&format!("08122555{:04}", 200 + i), "SP2D gagal"),
        );
        assert_eq!(status, 201, "{v}");
        numbers.push(v["number"].as_str().unwrap().to_string());
    }
    assert!(
        dir.join("loket.sqlite3-wal").exists(),
        "the WAL was deleted"
    );
    // A fresh reader (as after a crash) sees every answered ticket.
    let loaded = SqliteStore::open(&dir).unwrap().load(None).unwrap();
    let stored: Vec<&String> = loaded.tickets.iter().map(|(n, _)| n).collect();
    for n in &numbers {
        assert!(stored.contains(&n), "{n} is not in the store: {stored:?}");
    }
}

/// Ten thousand messages nested in one email (440 KB, under the 25 MiB limit) once
/// overflowed the stack while the parsed message was dropped, aborting the service.
#[test]
fn an_email_of_nested_messages_is_refused_not_fatal() {
    let s = TestServer::start(temp_dir("sec-nested"), at(MON_0920));
    let agent = s.token("agent", "Pipa Email");
    let mut raw = String::from(
        "From: Ani <ani@example.com>\r\nSubject: e-planning\r\nMessage-ID: <nest@x>\r\nMIME-Version: 1.0\r\n",
    );
    for _ in 0..10_000 {
        raw.push_str("Content-Type: message/rfc822\r\n\r\nSubject: x\r\n");
    }
    raw.push_str("Content-Type: text/plain\r\n\r\ne-planning error\r\n");
    let (status, text) = s.raw(
        "POST",
        "/webhooks/email?lang=en",
        Some(&agent),
        Some(("message/rfc822", raw.into_bytes())),
        &[],
    );
    assert_eq!(status, 422, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["error"]["code"], "email.invalid");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("encloses more than"));
    // The same refusal under the default language says it in Bahasa Indonesia.
    let mut raw = String::from("From: a@example.com\r\nSubject: x\r\n");
    for _ in 0..20 {
        raw.push_str("Content-Type: message/rfc822\r\n\r\nSubject: x\r\n");
    }
    let (status, text) = s.raw(
        "POST",
        "/webhooks/email",
        Some(&agent),
        Some(("message/rfc822", raw.into_bytes())),
        &[],
    );
    assert_eq!(status, 422, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("lebih dari 16 pesan terlampir"),
        "{text}"
    );
    let (status, _) = s.call("GET", "/health", None, None);
    assert_eq!(status, 200);
    // A message with an attachment that is itself a message still reads.
    let fwd = "From: Ani <ani@example.com>\r\nSubject: e-Planning error diteruskan\r\nMessage-ID: <fwd@x>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nRKA di e-Planning gagal disimpan, lihat pesan terlampir.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@example.com\r\nSubject: galat\r\n\r\nerror 500\r\n--b--\r\n";
    let (status, text) = s.raw(
        "POST",
        "/webhooks/email",
        Some(&agent),
        Some(("message/rfc822", fwd.as_bytes().to_vec())),
        &[],
    );
    assert_eq!(status, 200, "{text}");
}

/// A body trickled in one byte at a time (each gap under the body timeout) is cut
/// off by the whole request's deadline.
#[test]
fn a_body_trickled_slowly_is_cut_off() {
    let config = ServeConfig {
        request_timeout: Duration::from_secs(1),
        ..unlimited()
    };
    let s = TestServer::start_configured(
        temp_dir("sec-trickle"),
        at(MON_0920),
        Profile::jatengprov(),
        config,
    );
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut c = TcpStream::connect(&addr).unwrap();
    c.write_all(
        format!(
            "POST /api/v1/intake HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
            s.portal
        )
        .as_bytes(),
    )
    .unwrap();
    let started = Instant::now();
    c.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut answer = Vec::new();
    // One byte every 100 ms, until the service answers or closes (at most 8 s).
    while started.elapsed() < Duration::from_secs(8) {
        if c.write_all(b" ").is_err() {
            break;
        }
        let mut buf = [0u8; 512];
        match c.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            Err(_) => {}
        }
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 408") || answer.is_empty(),
        "{text}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
}

/// WhatsApp and email senders are limited per hour too: past the limit a message is
/// recorded (a retry is still a duplicate) but opens no ticket and gets no answer.
#[test]
fn a_channel_sender_over_the_limit_gets_no_ticket_and_no_answer() {
    let config = ServeConfig {
        channel_per_sender: 2,
        ..unlimited()
    };
    let s = TestServer::start_configured(
        temp_dir("sec-sender"),
        at(MON_0920),
        Profile::jatengprov(),
        config,
    );
    for i in 0..3 {
        let v = wa_text(
            &s,
            &format!("wamid.flood-{i}"),
            "6281299997777",
            at(MON_0920) + i,
            "SP2D e-Penatausahaan gagal",
        );
        assert_eq!(v["received"], 1, "{v}");
    }
    assert_eq!(list(&s).len(), 2);
    let acks = outbox(&s)
        .into_iter()
        .filter(|n| n["kind"] == "acknowledgement")
        .count();
    assert_eq!(acks, 2);
    // Another sender is not held back.
    wa_text(
        &s,
        "wamid.other",
        "6281299996666",
        at(MON_0920),
        "SPJ e-Penatausahaan gagal",
    );
    assert_eq!(list(&s).len(), 3);
}
