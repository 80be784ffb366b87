// The supervisor's dashboard (/dashboard/) as `loket serve` serves it, end to end:
// a scratch desk filled with a simulated year (`loket simulate --data`, the same
// generator the reports' tests use), survey answers through the API, the real
// service (target/debug/loket) and a real headless Chromium (Debian's, driven by
// playwright-core). The supervisor signs in and sees the compliance and the SKM
// grade; every number checked is the one `loket report` computes from the same data
// directory; and a reporter rates a finished ticket on the survey page (/survei/).
// Screenshots: target/artifacts/dashboard*.png, survey.png.
//
// Needs: cargo build -p loket-cli --bin loket; cargo xtask wasm (uPlot in
// target/npm/vendor); npm ci here.
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
// A simulated half year; the dashboard's period runs from its start to today (WIB),
// so that it holds the survey answers given now too.
const FROM = "2026-01-01";
const SIMULATED_TO = "2026-06-30";
const TO = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);

let data, service, base, browser, supervisor, agent, portal;
const log = [];
const problems = [];

function env() {
  const e = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith("LOKET_")) delete e[k];
  return e;
}

const loket = (args) => execFileSync(LOKET, args, { encoding: "utf8", env: env(), timeout: 120_000 });

function startService() {
  const args = ["serve", "--data", data, "--listen", "127.0.0.1:0", "--package", packageDir];
  service = spawn(LOKET, args, { env: env(), stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`loket serve did not start:\n${log.join("")}`)), 60_000);
    service.stderr.setEncoding("utf8");
    service.stderr.on("data", (s) => log.push(s));
    service.stdout.setEncoding("utf8");
    service.stdout.on("data", (s) => {
      log.push(s);
      buffered += s;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    service.on("exit", (code, signal) => reject(new Error(`loket serve exited (${code ?? signal})\n${log.join("")}`)));
  });
}

async function call(method, url, { token, body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json().catch(() => null) };
}

const ELEMENTS = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana"];

before(async () => {
  assert.ok(existsSync(LOKET), `no ${LOKET}: cargo build -p loket-cli --bin loket`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
  assert.ok(existsSync(path.join(root, "target/npm/vendor/uPlot.iife.min.js")), "uPlot is not vendored: cargo xtask wasm");
  mkdirSync(artifacts, { recursive: true });
  data = mkdtempSync(path.join(tmpdir(), "loket-dashboard-"));
  const said = loket(["simulate", "--from", FROM, "--to", SIMULATED_TO, "--seed", "2026", "--data", data]);
  assert.match(said, /^\d+ tiket simulasi ditulis/);
  supervisor = loket(["token", "create", "--role", "supervisor", "--name", "Kepala Seksi", "--data", data]).split("\n")[0].trim();
  agent = loket(["token", "create", "--role", "agent", "--name", "Rina Agen", "--data", data]).split("\n")[0].trim();
  portal = loket(["token", "create", "--role", "portal", "--name", "Portal Uji", "--data", data]).split("\n")[0].trim();
  base = await startService();
  // Twelve answers through the portal: four all-4, eight all-3 → 25 × (4·36 + 8·27) / 108 = 83.33, grade B.
  for (let i = 0; i < 12; i++) {
    const score = i < 4 ? 4 : 3;
    const r = await call("POST", "/api/v1/survey", {
      token: portal,
      body: { answers: Object.fromEntries(ELEMENTS.map((e) => [e, score])), comment: i === 0 ? "Pelayanan cepat, terima kasih." : undefined },
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (service && service.exitCode === null) {
    const exited = new Promise((ok) => service.once("exit", ok));
    service.kill("SIGTERM");
    await exited;
  }
  if (data) rmSync(data, { recursive: true, force: true });
});

async function open(lang = "id") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && !/status of 40[13]/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${base}/dashboard/?from=${FROM}&to=${TO}&lang=${lang}`);
  return page;
}

async function signIn(page, token) {
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("#token", token);
  await page.click("#signin-form button[type=submit]");
}

test("a supervisor sees the compliance and the SKM grade, the numbers loket report computes", async () => {
  const page = await open();
  await signIn(page, supervisor);
  await page.waitForSelector("body[data-loaded=yes]");
  // The CLI over the same data directory (the service holds it open; SQLite's WAL
  // lets the CLI read beside it).
  const cli = JSON.parse(loket(["report", "--data", data, "--from", FROM, "--to", TO, "--format", "json"]));
  assert.ok(cli.tickets > 1000, `${cli.tickets} tickets`);
  assert.equal(await page.textContent("#k-tickets"), String(cli.tickets));
  assert.equal(await page.textContent("#k-finished"), String(cli.finished));
  assert.equal(await page.textContent("#k-breached"), String(cli.breached));
  assert.equal(await page.textContent("#k-compliance"), `${(cli.compliance * 100).toFixed(1)} %`);
  // Per application: the same rows.
  const apps = await page.$$eval("#t-apps tr", (rows) => rows.slice(1).map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(apps.map((r) => r[0]), Object.keys(cli.byApplication));
  for (const r of apps) assert.equal(r[1], String(cli.byApplication[r[0]].tickets));
  assert.equal(apps.find((r) => r[0] === "e-penatausahaan")[6], "4"); // team size
  // Monthly trend: the same months and counts.
  const months = await page.$$eval("#t-monthly tr", (rows) => rows.slice(1).map((r) => r.cells[0].textContent + ":" + r.cells[1].textContent));
  assert.deepEqual(months, cli.monthly.map((m) => `${m.period}:${m.tickets}`));
  // Breaches, each with its arithmetic.
  const breaches = await page.locator("#breaches li").count();
  assert.equal(breaches, Math.min(100, cli.breaches.length));
  assert.match(await page.textContent("#breaches li"), /diterima .* tenggat/);
  // The charts are drawn (uPlot's canvases).
  for (const id of ["chart-trend", "chart-apps", "chart-skm"]) {
    assert.equal(await page.locator(`#${id} canvas`).count(), 1, `${id} has a chart`);
  }
  // SKM: the grade and the comment.
  assert.equal(await page.textContent("#k-skm"), "83.33 (B)");
  assert.match(await page.textContent("#skm-summary"), /12 responden .* mutu B \(Baik\)/);
  assert.equal(await page.locator("#t-skm tr").count(), 10);
  assert.match(await page.textContent("#skm-comments"), /Pelayanan cepat/);
  await page.screenshot({ path: path.join(artifacts, "dashboard.png"), fullPage: true });
  // Print layout: the controls are not printed.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("#period"), false);
  assert.equal(await page.isVisible("#period-label"), true);
  await page.screenshot({ path: path.join(artifacts, "dashboard-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
  // The SLA numbers were computed in the page, from the period's export.
  assert.equal(await page.getAttribute("body", "data-source"), "export");
  assert.match(await page.textContent("#source"), new RegExp(`ekspor ${cli.tickets} tiket`));
  // A filter narrows every number, the same as the CLI's filter, computed in the
  // page: no request reaches the server.
  const asked = [];
  page.on("request", (r) => r.url().includes("/api/") && asked.push(r.url()));
  for (const [field, value, flag] of [["#application", "laporangub", "--application"], ["#kind", "incident", "--kind"]]) {
    const args = ["report", "--data", data, "--from", FROM, "--to", TO, "--application", "laporangub", "--format", "json"];
    if (flag === "--kind") args.push("--kind", "incident");
    const only = JSON.parse(loket(args));
    await page.selectOption(field, value);
    await page.waitForFunction((n) => document.querySelector("#k-tickets").textContent === n, String(only.tickets));
    assert.equal(await page.textContent("#k-breached"), String(only.breached));
  }
  assert.deepEqual(asked, []);
  // A saved export opens without the server: its own period, no SKM.
  const saved = path.join(artifacts, "dashboard-q1.facts");
  loket(["report", "export", "--data", data, "--from", FROM, "--to", "2026-03-31", "--out", saved]);
  const q1 = JSON.parse(loket(["report", "--export", saved, "--format", "json"]));
  await page.selectOption("#application", "");
  await page.selectOption("#kind", "");
  await page.setInputFiles("#open-export", saved);
  await page.waitForSelector("body[data-source=offline]");
  await page.waitForFunction((n) => document.querySelector("#k-tickets").textContent === n, String(q1.tickets));
  assert.equal(await page.textContent("#k-compliance"), `${(q1.compliance * 100).toFixed(1)} %`);
  assert.equal(await page.isVisible("#skm-section"), false);
  assert.deepEqual(asked, []);
  // A file that is not an export: a clear error, nothing lost.
  await page.setInputFiles("#open-export", { name: "laporan.csv", mimeType: "text/csv", buffer: Buffer.from("tickets,met\n1,1\n") });
  await page.waitForSelector("#global-error:not([hidden])");
  assert.match(await page.textContent("#global-error"), /bukan ekspor fakta tiket Loket/);
  assert.equal(await page.textContent("#k-tickets"), String(q1.tickets));
  // English on request.
  await page.click("#lang-toggle");
  await page.waitForFunction(() => document.querySelector("#trend-h").textContent === "Weekly compliance trend");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("an agent's token does not open the dashboard", async () => {
  const page = await open();
  await signIn(page, agent);
  await page.waitForSelector("#signin-error:not([hidden])");
  assert.match(await page.textContent("#signin-error"), /supervisor dan admin/);
  assert.equal(await page.isVisible("#board"), false);
  await page.context().close();
});

test("a reporter rates a finished ticket on the survey page", async () => {
  // A complaint through the portal, solved by the desk.
  const r = await call("POST", "/api/v1/intake", {
    token: portal,
    body: { channel: "whatsapp", application: "e-penatausahaan", kind: "complaint", body: "SP2D gagal dicetak" },
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const { number, accessKey } = r.json;
  for (const e of [{ event: "forward", to: "operations_design" }, { event: "deliver_solution", solution: "Sudah diperbaiki." }]) {
    const s = await call("POST", `/api/v1/tickets/${number}/events`, { token: agent, body: e });
    assert.equal(s.status, 200, JSON.stringify(s.json));
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // The link of the closing message carries the number and key.
  await page.goto(`${base}/survei/?tiket=${encodeURIComponent(number)}&kode=${encodeURIComponent(accessKey)}`);
  assert.equal(await page.inputValue("#ticket"), number);
  assert.equal(await page.locator("fieldset.q").count(), 9);
  // Sending with questions unanswered says how many are left.
  await page.check("input[name=persyaratan][value='4']");
  await page.click("#send");
  assert.match(await page.textContent("#error"), /8 belum dijawab/);
  for (const e of ELEMENTS) await page.check(`input[name=${e}][value='4']`);
  await page.fill("#comment", "Cepat sekali, hubungi 081234567890 kalau perlu.");
  await Promise.all([page.waitForResponse((x) => x.url().includes("/api/v1/survey") && x.status() === 201), page.click("#send")]);
  assert.match(await page.textContent("#thanks"), /Terima kasih atas penilaian Anda\. Anda masih dapat mengubahnya sampai/);
  // A wrong key is refused with the API's message.
  await page.fill("#key", "bukan-kodenya");
  await page.click("#send");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.textContent("#error"), /kode akses tidak cocok/);
  await page.screenshot({ path: path.join(artifacts, "survey.png"), fullPage: true });
  // The supervisor's index counts it, the comment masked.
  const skm = await call("GET", `/api/v1/reports/skm?from=${FROM}&to=${TO}`, { token: supervisor });
  assert.equal(skm.json.respondents, 13);
  assert.equal(skm.json.withTicket, 1);
  assert.ok(skm.json.comments.some((c) => c.text.startsWith("Cepat sekali") && !c.text.includes("081234567890")));
  assert.deepEqual(problems, []);
  await context.close();
});
