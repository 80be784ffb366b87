// The staff page (/staff/) and the citizen page (/) as `loket serve` serves them, end
// to end: the real service (target/debug/loket) on a fresh data directory, tickets
// made through the API, and a real headless Chromium (Debian's /usr/bin/chromium or
// $CHROMIUM, driven by playwright-core; never a browser download) that signs in,
// reads the queue, filters it, opens a ticket and walks it through the flow with the
// page's own buttons. Every step is checked on the page and through the API.
// Screenshots: target/artifacts/staff-*.png, citizen-served.png.
//
// Needs: cargo build -p loket-cli --bin loket; cargo xtask wasm; npm ci here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { root, packageDir, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const artifacts = path.join(root, "target/artifacts");
const LOKET = process.env.LOKET_BIN ?? path.join(root, "target/debug/loket");
const WEB = path.join(root, "examples/web");
const SUPERVISOR = "Sari Supervisor";
const AGENT = "Rina Agen";
const NIK = "3374010101010001";
const REPORTER = { name: "Budi", email: "budi@contoh.go.id", nik: NIK };
const SOLUTION = "Silakan terbitkan ulang SP2D setelah sinkronisasi data selesai.";

let data, plugins, service, base, browser;
let supervisorToken, agentToken, portalToken;
const serviceLog = [];
const problems = [];
// What Chromium logs for the two refusals the test provokes: the unknown token (401
// of /api/v1/me) and the refused step (409 of the events call).
const expectedConsole = /Failed to load resource: the server responded with a status of (401|409)/;
let ticketA, ticketB; // intake answers: e-Penatausahaan and LaporanGub

// ---------------------------------------------------------------- helpers
// Without LOKET_* variables of the caller's shell (our options are explicit anyway).
function env() {
  const e = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith("LOKET_")) delete e[k];
  return e;
}

function createToken(role, name) {
  const out = execFileSync(LOKET, ["token", "create", "--role", role, "--name", name, "--data", data], {
    encoding: "utf8",
    env: env(),
    timeout: 30_000,
  });
  const token = out.split("\n")[0].trim();
  assert.match(token, /^\S{20,}$/, `token create printed: ${out}`);
  return token;
}

// Starts `loket serve`; resolves to its base URL once it prints where it listens.
function startService() {
  const args = ["serve", "--data", data, "--listen", "127.0.0.1:0", "--plugins", plugins, "--web", WEB, "--package", packageDir];
  service = spawn(LOKET, args, { env: env(), stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${why}\n--- loket serve output ---\n${serviceLog.join("")}`));
    };
    const timer = setTimeout(() => fail("loket serve did not print its address within 60 s"), 60_000);
    service.stderr.setEncoding("utf8");
    service.stderr.on("data", (s) => serviceLog.push(s));
    service.stdout.setEncoding("utf8");
    service.stdout.on("data", (s) => {
      serviceLog.push(s);
      buffered += s;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(buffered);
      if (m) {
        clearTimeout(timer);
        buffered = "";
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    service.on("error", (e) => fail(`loket serve could not start: ${e.message}`));
    service.on("exit", (code, signal) => fail(`loket serve exited (${code ?? signal})`));
  });
}

async function stopService() {
  if (!service || service.exitCode !== null || service.signalCode !== null) return;
  const exited = new Promise((ok) => service.once("exit", ok));
  service.kill("SIGTERM");
  const timer = setTimeout(() => service.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function call(method, url, { token, body, lang } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (lang) headers["Accept-Language"] = lang;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

const ticketPath = (n) => `/api/v1/tickets/${encodeURIComponent(n)}`;
const getTicket = async (n, lang) => {
  const r = await call("GET", ticketPath(n), { token: supervisorToken, lang });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && !expectedConsole.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  return page;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const squash = (s) => s.replace(/\s+/g, " ").trim();
const text = async (page, sel) => squash(await page.innerText(sel));

async function signIn(page, token) {
  await page.goto(`${base}/staff/`);
  await page.waitForSelector("body[data-ready]");
  assert.equal(await page.getAttribute("body", "data-ready"), "1", "the staff page loaded loket-wasm from /loket-wasm/");
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("#token", token);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/me") && r.status() === 200),
    page.click("#signin-form button[type=submit]"),
  ]);
  await page.waitForSelector("#queue:not([hidden])");
}

// A <dl> as { term: value } (textContent: the terms are upper-cased by CSS).
const fields = (page, sel) =>
  page.$$eval(`${sel} dt`, (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent.trim(), dt.nextElementSibling?.textContent.replace(/\s+/g, " ").trim()])));
// The state label shown (the first field of the ticket's list).
const shownState = async (page) => squash(await page.textContent("#ticket-fields dd:first-of-type"));
const timelineLength = (page) => page.locator("#timeline li").count();

// Clicks a step button, fills its form, sends it; waits for the answer and the page's
// re-render. Returns the API's answer (the ticket view after the step).
async function step(page, key, fill = {}) {
  const before = await timelineLength(page);
  await page.click(`#actions [data-step="${key}"]`);
  await page.waitForSelector("#action-panel form.step-form");
  for (const [name, value] of Object.entries(fill)) await page.fill(`#step-${name}`, value);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/events") && r.request().method() === "POST"),
    page.click("#action-panel button[type=submit]"),
  ]);
  const body = await res.json();
  assert.equal(res.status(), 200, JSON.stringify(body));
  await page.waitForSelector("#action-panel form", { state: "detached" });
  await page.waitForFunction((n) => document.querySelectorAll("#timeline li").length > n, before);
  assert.equal(await timelineLength(page), body.timeline.length);
  assert.equal(await shownState(page), body.ticket.stateLabel);
  assert.match(await text(page, "#actions-note"), /^Tercatat: /);
  return body;
}

// The last event of the ticket, read back through the API: what, and by whom.
async function lastEvent(n) {
  const v = await getTicket(n);
  return v.timeline.at(-1);
}

// ---------------------------------------------------------------- setup
before(async () => {
  assert.ok(existsSync(LOKET), `no ${LOKET}: cargo build -p loket-cli --bin loket`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM)`);
  assert.ok(existsSync(path.join(packageDir, "loket_wasm_bg.wasm")), "the package is not built: cargo xtask wasm");
  mkdirSync(artifacts, { recursive: true });
  data = mkdtempSync(path.join(tmpdir(), "loket-staff-data-"));
  plugins = mkdtempSync(path.join(tmpdir(), "loket-staff-plugins-"));
  // `reject` (and merge, re-evaluate) need the supervisor role; the agent is the
  // colleague whose concurrent step makes the page's step refused.
  supervisorToken = createToken("supervisor", SUPERVISOR);
  agentToken = createToken("agent", AGENT);
  // The generic intake is a portal's (issue 11): a portal token takes messages in.
  portalToken = createToken("portal", "Portal Uji");
  base = await startService();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await stopService();
  for (const d of [data, plugins]) if (d) rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests
test("intake through the API: two tickets, with access keys", async () => {
  const health = await call("GET", "/health");
  assert.equal(health.status, 200);
  assert.equal(health.json.status, "ok");

  assert.equal((await call("POST", "/api/v1/intake", { body: { channel: "email", body: "x" } })).status, 401);
  const a = await call("POST", "/api/v1/intake", {
    token: portalToken,
    body: { channel: "email", application: "e-penatausahaan", body: "SP2D gagal terbit", reporter: REPORTER },
  });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.outcome, "accepted");
  assert.match(a.json.number, /^JTG-\d{4}-\d{6}$/);
  assert.match(a.json.accessKey, /^\w{16,}$/);
  const b = await call("POST", "/api/v1/intake", {
    token: portalToken,
    body: { channel: "email", application: "laporangub", body: "Laporan tidak bisa dikirim", reporter: { name: "Ani", email: "ani@contoh.go.id" } },
  });
  assert.equal(b.status, 201, b.text);
  assert.notEqual(b.json.number, a.json.number);
  ticketA = a.json;
  ticketB = b.json;

  // The queue holds no personal data; staff tokens are needed.
  assert.equal((await call("GET", "/api/v1/tickets")).status, 401);
  const q = await call("GET", "/api/v1/tickets", { token: agentToken });
  assert.equal(q.status, 200);
  assert.equal(q.json.total, 2);
  assert.doesNotMatch(q.text, new RegExp(`Budi|budi@contoh|${NIK}`));
});

test("the staff page: queue, filter, ticket, the flow with a refused step, English", { timeout: 180_000 }, async () => {
  assert.ok(ticketA && ticketB, "the intake test ran first");
  const A = ticketA.number;
  const B = ticketB.number;
  const context = await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: "id-ID" });
  const page = await newPage(context);
  try {
    // ------------------------------------------------ sign in
    await page.goto(`${base}/staff/`);
    await page.waitForSelector("body[data-ready]");
    await page.fill("#token", "lkt_not_a_token");
    await page.click("#signin-form button[type=submit]");
    await page.waitForSelector("#signin-error:not([hidden])");
    assert.equal(await text(page, "#signin-error"), "Token tidak dikenal atau sudah tidak berlaku. Silakan masuk lagi.");
    await signIn(page, supervisorToken);
    assert.equal(await text(page, "#who"), `${SUPERVISOR} · supervisor`);
    assert.equal(await page.isVisible("#notice"), false, "no loket-wasm warning");
    assert.match(await text(page, "#desk-status"), /^Layanan (buka|tutup)/);

    // ------------------------------------------------ the queue: both tickets, SLA clocks
    const row = (n) => page.locator("#tickets tbody tr", { has: page.locator(`a[data-number="${n}"]`) });
    await page.waitForSelector(`#tickets a[data-number="${A}"]`);
    await page.waitForSelector(`#tickets a[data-number="${B}"]`);
    assert.equal(await page.locator("#tickets tbody tr").count(), 2);
    assert.match(await text(page, "#queue-meta"), /^2 tiket · diperbarui \d\d:\d\d:\d\d$/);
    for (const n of [A, B]) {
      const r = row(n);
      assert.equal(squash(await r.locator("a[data-number]").innerText()), n);
      assert.match(squash(await r.locator(".sla .count").innerText()), /^sisa \d+:\d\d:\d\d$/, "a remaining time");
      assert.equal(squash(await r.locator(".sla-badge").innerText()), "sesuai jadwal");
    }
    assert.match(squash(await row(A).innerText()), /e-Penatausahaan/);
    assert.match(squash(await row(B).innerText()), /LaporanGub/);
    assert.doesNotMatch(await page.innerText("#tickets"), /Budi|budi@contoh/, "no reporter in the queue");
    await page.screenshot({ path: path.join(artifacts, "staff-queue.png"), fullPage: true });

    // filter by application: only A is left
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/v1/tickets?") && r.url().includes("application=e-penatausahaan")),
      page.click('#apps [data-app="e-penatausahaan"]'),
    ]);
    await page.waitForSelector(`#tickets a[data-number="${B}"]`, { state: "detached" });
    assert.equal(await page.locator("#tickets tbody tr").count(), 1);
    assert.equal(await page.locator(`#tickets a[data-number="${A}"]`).count(), 1);
    assert.equal(await page.getAttribute('#apps [data-app="e-penatausahaan"]', "aria-pressed"), "true");
    assert.match(await text(page, "#queue-meta"), /^1 tiket/);
    await page.screenshot({ path: path.join(artifacts, "staff-queue-filtered.png"), fullPage: true });

    // ------------------------------------------------ one ticket: reporter, clocks, timeline
    const first = await getTicket(A);
    await page.click(`#tickets a[data-number="${A}"]`);
    await page.waitForFunction(() => document.querySelectorAll("#timeline li").length > 0);
    assert.equal(page.url(), `${base}/staff/#/t/${A}`);
    assert.equal(await text(page, "#ticket-h"), `Tiket ${A}`);
    assert.equal(await shownState(page), first.ticket.stateLabel);
    assert.equal(await timelineLength(page), first.timeline.length);
    assert.match(await text(page, "#ticket-body"), /SP2D gagal terbit/);
    const reporter = await fields(page, "#reporter");
    assert.equal(reporter.Nama, "Budi");
    assert.equal(reporter.Email, "budi@contoh.go.id");
    // A portal that does not authenticate citizens proves nothing: staff are told.
    assert.equal(reporter.Kontak, "hanya dinyatakan pengirim (belum terbukti)");
    assert.equal(reporter.NIK, "3374••••••••••01 Tampilkan NIK", "the NIK is masked until asked for");
    assert.equal(await page.getAttribute("#reporter a[href^=mailto]", "href"), "mailto:budi@contoh.go.id");
    await page.click("#reporter button");
    assert.equal(await text(page, "#reporter .nik"), NIK);
    assert.match(await text(page, "[data-clock=resolution]"), /^SLA penyelesaian: /);
    assert.match(await text(page, "[data-clock=resolution]"), /sisa \d+:\d\d:\d\d · tenggat /);
    assert.match(await text(page, "#timeline li:first-child"), /pelapor · diterima/);
    // A supervisor may reject: the button is there and enabled.
    assert.equal(await page.isEnabled('#actions [data-step="reject"]'), true);
    assert.equal(await text(page, "#actions-note"), "");

    // ------------------------------------------------ the flow, with the page's buttons
    // What `allowed` offers after the default router decides the first steps: take the
    // flow chart's steps until a solution may be delivered.
    const flow = ["handle_directly", "create_ticket", "forward to operations_design", "forward to change_management"];
    // `allowed` lists `{event, to?}`; written here as refusal messages show them.
    const steps = (v) => v.allowed.map((a) => (a.to ? `${a.event} to ${a.to}` : a.event));
    let view = first;
    for (let i = 0; i < 4 && !steps(view).includes("deliver_solution"); i++) {
      const next = flow.find((s) => steps(view).includes(s));
      assert.ok(next, `no way forward from ${view.ticket.state}: ${steps(view)}`);
      const [event, , to] = next.split(" ");
      assert.equal(await page.isVisible(`#actions [data-step="${to ? `forward:${to}` : event}"]`), true);
      view = await step(page, to ? `forward:${to}` : event);
      const last = await lastEvent(A);
      assert.equal(last.event, event);
      assert.deepEqual(last.by, { type: "staff", name: SUPERVISOR });
      assert.match(await text(page, "#timeline li:last-child"), new RegExp(`${SUPERVISOR} · ${escape(last.text)}`));
    }
    assert.ok(steps(view).includes("deliver_solution"), `deliver_solution allowed in ${view.ticket.state}`);
    assert.ok(!steps(view).includes("close"));
    const workingState = view.ticket.state;

    // A refused step: the solution is typed, a colleague asks the reporter meanwhile,
    // then the page sends it. The page shows the refusal, keeps the text, and offers
    // the steps of the new state.
    await page.click('#actions [data-step="deliver_solution"]');
    await page.fill("#step-solution", SOLUTION);
    await page.fill("#step-reason", "sudah diuji");
    const asked = await call("POST", `${ticketPath(A)}/events`, {
      token: agentToken,
      body: { event: "wait_for_reporter", question: "Mohon kirim tangkapan layar galatnya." },
    });
    assert.equal(asked.status, 200, asked.text);
    const beforeRefusal = await timelineLength(page);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/events") && r.request().method() === "POST"),
      page.click("#action-panel button[type=submit]"),
    ]);
    assert.equal(refused.status(), 409);
    assert.equal((await refused.json()).error.code, "ticket.transition_refused");
    await page.waitForSelector("#step-error:not([hidden])");
    assert.match(await text(page, "#step-error"), new RegExp(`tidak dapat mencatat \`deliver_solution\` pada tiket ${A}: statusnya \`waiting_for_reporter\``));
    assert.match(await text(page, "#step-error"), /Isian Anda tetap tersimpan di formulir ini\.$/);
    assert.equal(await page.inputValue("#step-solution"), SOLUTION, "the typed solution is kept");
    assert.equal(await page.inputValue("#step-reason"), "sudah diuji");
    // the page fetched the ticket again: the colleague's step and the new buttons
    await page.waitForSelector('#actions [data-step="reporter_replied"]');
    await page.waitForFunction((n) => document.querySelectorAll("#timeline li").length > n, beforeRefusal);
    const waiting = await getTicket(A);
    assert.equal(waiting.ticket.state, "waiting_for_reporter");
    assert.equal(await shownState(page), waiting.ticket.stateLabel);
    assert.match(await text(page, "#timeline li:last-child"), new RegExp(`${AGENT} · `));
    assert.equal(await page.locator('#actions [data-step="deliver_solution"]').count(), 0);
    assert.match(await text(page, "[data-clock=resolution]"), /dijeda/, "the clock pauses while waiting");
    await page.screenshot({ path: path.join(artifacts, "staff-ticket-refused.png"), fullPage: true });

    // record the reporter's reply: back to work; the solution's draft is offered meanwhile
    await page.click('#actions [data-step="reporter_replied"]');
    await page.waitForSelector("#drafts:not([hidden])");
    assert.match(await text(page, "#drafts"), /Kirim solusi/);
    view = await step(page, "reporter_replied", { text: "Tangkapan layar sudah dikirim lewat email." });
    assert.equal(view.ticket.state, workingState);
    assert.deepEqual((await lastEvent(A)).by, { type: "staff", name: SUPERVISOR });
    assert.equal((await lastEvent(A)).event, "reporter_replied");

    // deliver the solution: the form still holds what was typed before the refusal
    await page.click('#actions [data-step="deliver_solution"]');
    assert.equal(await page.inputValue("#step-solution"), SOLUTION);
    await page.click("#action-panel button.outline"); // cancel: the draft stays
    view = await step(page, "deliver_solution");
    assert.equal(view.ticket.state, "solution_delivered");
    assert.ok((await fields(page, "#ticket-fields"))["Solusi dikirim"], "the delivery instant is shown");
    let last = await lastEvent(A);
    assert.equal(last.event, "deliver_solution");
    assert.equal(last.reason, "sudah diuji");
    assert.deepEqual(last.by, { type: "staff", name: SUPERVISOR });
    assert.match(await text(page, "#timeline li:last-child"), new RegExp(`${SUPERVISOR} · .*\\(alasan: sudah diuji\\)`));

    // close — while a refresh the page sent before (fetched from the server, its answer
    // held back) arrives only after the step: it must not show the ticket as it was.
    const isTicketGet = (r) => r.method() === "GET" && new URL(r.url()).pathname === ticketPath(A);
    let release;
    const held = new Promise((ok) => (release = ok));
    let stale;
    const staleFetched = new Promise((ok) => (stale = ok));
    const hold = async (route) => {
      if (!isTicketGet(route.request())) return route.fallback();
      const response = await route.fetch();
      stale();
      await held;
      await route.fulfill({ response });
    };
    await page.route(`${base}/api/v1/tickets/**`, hold);
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange"))); // the page refreshes
    await staleFetched;
    view = await step(page, "close");
    const staleDone = page.waitForEvent("requestfinished", isTicketGet);
    release();
    await staleDone;
    await page.unroute(`${base}/api/v1/tickets/**`, hold);
    await page.waitForTimeout(150); // the page parses the stale answer (and must drop it)
    assert.equal(await shownState(page), view.ticket.stateLabel, "a stale refresh does not undo the step on the page");
    assert.equal(view.ticket.state, "closed");
    last = await lastEvent(A);
    assert.equal(last.event, "close");
    assert.deepEqual(last.by, { type: "staff", name: SUPERVISOR });
    assert.match(await text(page, "[data-clock=resolution]"), /terpenuhi/);
    assert.doesNotMatch(await text(page, "#actions"), /Kirim solusi|Tutup tiket/);

    // everything recorded, in order, by whom
    const final = await getTicket(A);
    const staffEvents = final.timeline.filter((e) => e.by?.type === "staff").map((e) => [e.event, e.by.name]);
    const mine = staffEvents.filter(([, who]) => who === SUPERVISOR).map(([e]) => e);
    assert.deepEqual(mine.slice(-3), ["reporter_replied", "deliver_solution", "close"]);
    assert.deepEqual(staffEvents.filter(([, who]) => who === AGENT), [["wait_for_reporter", AGENT]]);
    assert.equal(await timelineLength(page), final.timeline.length);
    await page.screenshot({ path: path.join(artifacts, "staff-ticket-closed.png"), fullPage: true });

    // ------------------------------------------------ English
    const english = await getTicket(A, "en");
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(ticketPath(A)) && r.request().headers()["accept-language"] === "en"),
      page.click("#lang-toggle"),
    ]);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await text(page, "#lang-toggle"), "Bahasa Indonesia");
    assert.equal(await text(page, "#actions-h"), "Steps allowed now");
    assert.equal(await text(page, "#ticket-h"), `Ticket ${A}`);
    await page.waitForFunction((label) => document.querySelector("#ticket-fields dd")?.textContent === label, english.ticket.stateLabel);
    assert.match(await text(page, "[data-clock=resolution]"), /^Resolution SLA: met/);
    assert.equal(await text(page, "#timeline li:last-child .text"), english.timeline.at(-1).text);
    await page.screenshot({ path: path.join(artifacts, "staff-ticket-en.png"), fullPage: true });
    // back to the queue, in English, still filtered
    await page.click("#ticket a.back");
    await page.waitForSelector("#queue:not([hidden])");
    assert.equal(await text(page, "#queue-h"), "Ticket queue");
    await page.waitForFunction(() => /^0 tickets ·/.test(document.querySelector("#queue-meta")?.textContent ?? ""));
    assert.equal(await page.locator(`#tickets a[data-number="${A}"]`).count(), 0, "a closed ticket leaves the open queue");
    assert.equal(await text(page, "#tickets tbody"), "No tickets match the filters.");
  } finally {
    await context.close();
  }
});

test("an agent sees the supervisor-only steps disabled, and the API refuses them", { timeout: 60_000 }, async () => {
  const B = ticketB.number;
  const r = await call("POST", `${ticketPath(B)}/events`, { token: agentToken, body: { event: "reject", reason: "di luar lingkup" } });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, "auth.forbidden");
  assert.match(r.json.error.message, /supervisor/);
  assert.equal((await lastEvent(B)).event === "reject", false, "nothing recorded");

  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: "id-ID" });
  const page = await newPage(context);
  try {
    await signIn(page, agentToken);
    assert.equal(await text(page, "#who"), `${AGENT} · petugas`);
    await page.goto(`${base}/staff/#/t/${B}`);
    await page.waitForSelector('#actions [data-step="reject"]');
    assert.equal(await page.isDisabled('#actions [data-step="reject"]'), true);
    assert.equal(await page.isDisabled('#actions [data-step="merge_into"]'), true);
    assert.equal(await text(page, "#actions-note"), "Langkah yang dinonaktifkan memerlukan peran supervisor.");
    assert.equal((await fields(page, "#reporter")).Nama, "Ani");
    await page.screenshot({ path: path.join(artifacts, "staff-agent.png"), fullPage: true });
  } finally {
    await context.close();
  }
});

test("the citizen page at / loads loket-wasm from /loket-wasm/ and shows the desk's status", { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: "id-ID" });
  const page = await newPage(context);
  try {
    const wasm = page.waitForResponse((r) => r.url() === `${base}/loket-wasm/loket_wasm_bg.wasm`);
    await page.goto(`${base}/`);
    assert.equal((await wasm).status(), 200);
    await page.waitForSelector("body[data-ready]");
    assert.equal(await page.getAttribute("body", "data-ready"), "1");
    assert.equal(await page.isHidden("#load-error"), true, "no load error");
    assert.match(await text(page, "#status"), /^(Buka|Tutup)/);
    assert.ok((await page.locator("#hours tr").count()) >= 5, "the weekly hours");
    await page.screenshot({ path: path.join(artifacts, "citizen-served.png"), fullPage: true });
  } finally {
    await context.close();
  }
});

test("the reporter's status: the key opens it, without personal data or staff names", async () => {
  const A = ticketA.number;
  const nope = await call("GET", `/api/v1/status/${A}?key=${ticketB.accessKey}`);
  assert.equal(nope.status, 404);
  assert.equal(nope.json.error.code, "status.not_found");

  const r = await call("GET", `/api/v1/status/${A}?key=${ticketA.accessKey}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.number, A);
  assert.equal(r.json.state, "closed");
  assert.equal(r.json.solution, SOLUTION);
  assert.ok(!("reporter" in r.json));
  for (const secret of ["Budi", "budi@contoh.go.id", NIK, SUPERVISOR, AGENT, "sudah diuji"]) {
    assert.ok(!r.text.includes(secret), `the status view shows ${secret}`);
  }
});

test("no page errors", () => {
  assert.deepEqual(problems, []);
});
