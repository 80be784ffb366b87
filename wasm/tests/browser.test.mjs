// The example page (examples/web) in a real headless Chromium, driven by
// playwright-core. Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM); never
// downloads a browser. Serves the page and target/npm/loket-wasm from node:http.
// Screenshots go to target/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve, root, packageDir, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";
import * as full from "../../target/npm/loket-wasm/node.js";

const artifacts = path.join(root, "target/artifacts");
// Saturday 2 March 2024, 10:00 WIB: the desk is closed until Monday 07:00.
const FIXED = "?now=2024-03-02T10:00:00%2B07:00";

let server, browser, page;
const problems = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (or set CHROMIUM)`);
  assert.ok(existsSync(path.join(packageDir, "loket_wasm_bg.wasm")), "the package is not built: cargo xtask wasm");
  mkdirSync(artifacts, { recursive: true });
  server = await serve();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: "id-ID" });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const text = async (sel) => (await page.innerText(sel)).replace(/\s+/g, " ").trim();

test("the page: status, form with live deadline, English, refusal, ticket and clock", { timeout: 120_000 }, async () => {
  await page.goto(server.url + FIXED);
  await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 });

  // every form control has a label
  const unlabelled = await page.$$eval("input, select, textarea", (xs) => xs.filter((x) => x.labels.length === 0).map((x) => x.id));
  assert.deepEqual(unlabelled, []);

  // status now, weekly hours, next holidays — in Bahasa Indonesia
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.equal(await text("#status"), "Tutup — buka Senin 07:00");
  assert.equal(await text("#status-detail"), "Senin, 4 Maret 2024 07:00 WIB");
  assert.equal(await page.inputValue("#now"), "2024-03-02T10:00");
  const hours = await text("#hours");
  assert.match(hours, /Senin 07:00–15:30/);
  assert.match(hours, /Jumat 07:00–14:00/);
  assert.match(hours, /Sabtu Tutup/);
  assert.equal(await page.locator("#holidays li").count(), 5);
  assert.match(await text("#holidays li:first-child"), /Senin, 11 Maret 2024 — Hari Suci Nyepi libur nasional/);

  // the form shows the deadline and why, before sending
  await page.selectOption("#channel", "whatsapp");
  await page.selectOption("#application", "e-penatausahaan");
  await page.selectOption("#kind", "complaint");
  await page.fill("#body", "SP2D tidak bisa dicetak sejak pagi");
  await page.fill("#name", "Budi Santoso");
  await page.fill("#email", "budi@example.go.id");
  assert.equal(
    await text("#preview-due"),
    "Aduan yang dikirim sekarang ditangani paling lambat Senin, 4 Maret 2024 15:30 WIB (1 hari operasional).",
  );
  assert.match(await text("#preview-start"), /mulai dihitung pada Senin, 4 Maret 2024 07:00 WIB/);
  const why = await text("#preview-why");
  assert.match(why, /tidak ada jam layanan/);
  assert.match(why, /Sen 4 Mar 07:00 – Sen 4 Mar 15:30: 8 jam 30 menit dihitung/);
  assert.match(why, /Hari operasional dihitung: Selasa, 5 Maret 2024/);
  assert.match(await page.textContent("#preview-text"), /Mulai Sabtu, 2 Maret 2024 10:00 WIB \+ 1d = Senin, 4 Maret 2024 15:30 WIB/);
  await page.selectOption("#kind", "request");
  assert.match(await text("#preview-due"), /Selasa, 19 Maret 2024 15:30 WIB \(10 hari operasional\)/);
  assert.match(await text("#preview-why"), /Hari Suci Nyepi \(libur nasional\)/);
  await page.selectOption("#kind", "complaint");
  await page.screenshot({ path: path.join(artifacts, "web-page-id.png"), fullPage: true });

  // switch to English: lang attribute, UI strings and the engine's texts
  await page.click("#lang-toggle");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await text("#lang-toggle"), "Bahasa Indonesia");
  assert.equal(await text("#status"), "Closed — opens Monday 07:00");
  assert.equal(await text("label[for=channel]"), "Channel");
  assert.equal(await text("#preview-due"), "A complaint sent now is handled by Monday, 4 March 2024 15:30 WIB (1 operational day).");
  assert.match(await page.textContent("#preview-text"), /Start Saturday, 2 March 2024 10:00 WIB \+ 1d = Monday, 4 March 2024 15:30 WIB/);
  assert.equal(await page.inputValue("#body"), "SP2D tidak bisa dicetak sejak pagi", "the form keeps its input");

  // a phone complaint is refused, naming the written channels
  await page.selectOption("#channel", "phone");
  await page.click("#send");
  await page.waitForSelector("#answer.refused");
  assert.match(await text("#answer h3"), /^Refused — only written messages are accepted$/);
  const refusal = await text("#answer p");
  assert.match(refusal, /WhatsApp/);
  assert.match(refusal, /email/i);
  assert.equal(await page.isHidden("#ticket"), true, "no ticket for a refused message");

  // an application outside the seven is refused as out of scope
  await page.selectOption("#channel", "email");
  await page.selectOption("#application", "");
  await page.fill("#application-other", "SIMPEG");
  await page.click("#send");
  assert.match(await text("#answer h3"), /^Refused — out of scope$/);
  // The answer never repeats what the sender typed (the desk would carry it to the
  // reporter's number): it names the desk's products instead.
  const outOfScope = await text("#answer p");
  assert.doesNotMatch(outOfScope, /SIMPEG/);
  assert.match(outOfScope, /e-Penatausahaan/);
  await page.selectOption("#application", "e-penatausahaan");

  // a WhatsApp complaint is accepted: number, deadline, ticket and its clock
  await page.selectOption("#channel", "whatsapp");
  await page.click("#send");
  await page.waitForSelector("#answer.accepted");
  const answer = await text("#answer");
  assert.match(answer, /^Accepted/);
  assert.match(answer, /JTG-2024-000001/);
  assert.match(answer, /Monday, 4 March 2024 15:30 WIB/);
  assert.equal(await page.isVisible("#ticket"), true);
  assert.equal(await text("#ticket-h"), "Ticket JTG-2024-000001");
  assert.match(await text("#ticket-state"), /State: received · Tier: First line/);
  const clock = await text("[data-clock=resolution]");
  assert.match(clock, /Resolution SLA: on track \(running\)/);
  assert.match(clock, /0 min used of 8 h 30 min/);
  assert.match(clock, /Due: Monday, 4 March 2024 15:30 WIB/);
  assert.match(await text("#events"), /reporter · received: Complaint · WhatsApp/);
  const timeline = await page.textContent("#timeline-text");
  assert.match(timeline, /JTG-2024-000001/);
  assert.doesNotMatch(timeline, /Budi|budi@example/, "no personal data in the timeline");

  // a refused flow step shows the engine's message; allowed steps move the ticket
  await page.click("[data-step=close]");
  await page.waitForSelector("#step-error:not([hidden])");
  assert.match(await text("#step-error"), /cannot record `close` on ticket JTG-2024-000001: it is in state `received`/);
  await page.click("[data-step=create_ticket]");
  assert.equal(await page.isHidden("#step-error"), true);
  assert.match(await text("#ticket-state"), /State: with application staff · Tier: Application staff/);
  await page.selectOption("#forward-to", "change_management");
  await page.click("[data-step=forward]");
  assert.match(await text("#ticket-state"), /at Change Management/);
  await page.click("[data-step=deliver_solution]");
  assert.match(await text("#step-error"), /cannot record `deliver_solution`/);

  // move the clock: Monday 10:00 WIB — the desk is open and the SLA clock has run 3 h
  await page.fill("#now", "2024-03-04T10:00");
  await page.dispatchEvent("#now", "change");
  assert.equal(await text("#status"), "Open until 15:30");
  assert.match(await text("[data-clock=resolution]"), /3 h used of 8 h 30 min · 5 h 30 min left/);
  await page.selectOption("#forward-to", "operations_design");
  await page.click("[data-step=forward]");
  await page.click("[data-step=deliver_solution]");
  await page.click("[data-step=close]");
  assert.equal(await page.isHidden("#step-error"), true);
  assert.match(await text("#ticket-state"), /State: closed/);
  assert.match(await text("[data-clock=resolution]"), /Resolution SLA: met \(stopped\)/);
  assert.equal(await page.locator("#events li").count(), 6);
  await page.screenshot({ path: path.join(artifacts, "web-page-en.png"), fullPage: true });

  // back to Indonesian: everything re-rendered, the answer too
  await page.click("#lang-toggle");
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.match(await text("#answer"), /^Diterima/);
  assert.match(await text("#ticket-state"), /Status: ditutup/);

  assert.deepEqual(problems, []);
});

test("the page says how to install the package when it is missing", { timeout: 60_000 }, async () => {
  const p = await browser.newPage();
  await p.route("**/loket-wasm/**", (r) => r.fulfill({ status: 404, body: "not found" }));
  await p.goto(server.url);
  await p.waitForSelector("body[data-ready='error']", { timeout: 20_000 });
  assert.match(await p.textContent("#load-error"), /cp -r target\/npm\/loket-wasm examples\/web\//);
  await p.close();
});

test("a time outside the calendar's range shows the engine's error instead of breaking the page", { timeout: 60_000 }, async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(`${server.url}?now=2200-01-01T00:00:00Z`);
  await p.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
  assert.match(await p.innerText("#load-error"), /2100-12-31/);
  assert.deepEqual(errors, []);
  await p.close();
});

test("the SLA-only page: status, deadlines and why, from loket-wasm/sla alone", { timeout: 60_000 }, async () => {
  const p = await browser.newPage({ viewport: { width: 900, height: 800 }, locale: "id-ID" });
  const errors = [];
  const requested = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  // A preload the page does not use, or cannot (credentials mode), is a warning.
  p.on("console", (m) => /preload/i.test(m.text()) && errors.push(`console: ${m.text()}`));
  p.on("request", (r) => requested.push(new URL(r.url()).pathname));
  // Saturday 2 March 2024, 10:00 WIB: closed until Monday 07:00.
  const at = "2024-03-02T10:00:00+07:00";
  await p.goto(`${server.url}sla.html?now=${encodeURIComponent(at)}`);
  await p.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
  const fp = full.Profile.jatengprov();
  const fmt = (iso, lang) => fp.calendar.formatInstant(iso, { lang });
  assert.equal(await p.innerText("#status"), `Tutup — buka ${fmt("2024-03-04T07:00:00+07:00", "id")}`);
  for (const kind of ["complaint", "request", "incident"]) {
    const due = fp.deadline(kind, at).value.due;
    const row = (await p.innerText(`tr[data-kind='${kind}']`)).split("\t").map((x) => x.trim());
    assert.equal(row[2], fmt(due, "id"), `${kind}: the full entry's deadline`);
  }
  assert.match(await p.innerText("tr[data-kind='request']"), /10 hari kerja/);
  assert.match(await p.textContent("#why"), /tidak ada jam layanan/);
  assert.ok((await p.locator("#holidays li").count()) === 5);
  // Only the SLA entry was loaded: not the full package's module.
  assert.ok(requested.includes("/loket-wasm/sla/loket_sla_bg.wasm"), requested.join(" "));
  assert.ok(!requested.some((r) => r.startsWith("/loket-wasm/loket_wasm")), requested.join(" "));
  // The preloads are what the module and init() use: each file fetched once.
  for (const f of ["/loket-wasm/sla/loket_sla.js", "/loket-wasm/sla/loket_sla_bg.wasm"]) {
    assert.equal(requested.filter((r) => r === f).length, 1, `${f} once: ${requested.join(" ")}`);
  }
  // The calendar compiled only the years around the page's clock.
  const years = await p.evaluate(async () => (await import("/loket-wasm/sla/loket_sla.js")).Calendar.jatengprov().compiledYears);
  const y = new Date().getUTCFullYear();
  assert.deepEqual(years, { from: 1970, to: 2100 }, "asked about 2024, it compiled the whole horizon");
  assert.ok(y >= 2026);
  await p.screenshot({ path: path.join(artifacts, "sla-page-id.png"), fullPage: true });
  await p.click("#lang-toggle");
  assert.equal(await p.innerText("#status"), `Closed — opens ${fmt("2024-03-04T07:00:00+07:00", "en")}`);
  assert.match(await p.textContent("#why"), /no service hours/);
  await p.screenshot({ path: path.join(artifacts, "sla-page-en.png"), fullPage: true });
  // Today, the window is enough: a page about now compiles a few years only.
  const q = await browser.newPage();
  await q.goto(`${server.url}sla.html`);
  await q.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
  const now = await q.evaluate(async () => (await import("/loket-wasm/sla/loket_sla.js")).Calendar.jatengprov().compiledYears);
  assert.deepEqual(now, { from: y - 1, to: y + 1 });
  await q.close();
  assert.deepEqual(errors, []);
  await p.close();
});
