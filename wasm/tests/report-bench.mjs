// Benchmark of the report export (docs/reports.md): the same ticket facts as an
// export opened in place (FactsArchive) and as JSON (Profile.reportFromJson, the
// same report code after parsing), 100,000 and 1,000,000 tickets, in Node and in
// headless Chromium, in one run. Measured per size and path: bytes (raw and gzip),
// open + the whole SLA report (every section: counts, handling and first-response
// times, backlog, breaches with explanations, groups by application, kind, tier,
// channel and officer, weekly and monthly trends), a filter change on the opened
// export, and the module's linear memory afterwards (a fresh instance per path).
// Bytes already in memory: the network is not timed.
//
//   cargo build --release -p loket-cli && cargo xtask wasm
//   cd wasm/tests && npm ci && node --max-old-space-size=8192 report-bench.mjs
//
// Environment: SIZES (default "100000,1000000"), REPEAT (timed passes, median and
// best kept, default 5), SKIP_BROWSER=1, LOKET_BIN (default target/release/loket).
// Results: stdout and target/bench-report/results.json.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { root, packageDir, serve, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const SIZES = (process.env.SIZES ?? "100000,1000000").split(",").map(Number);
const REPEAT = Number(process.env.REPEAT ?? 5);
const LOKET = process.env.LOKET_BIN ?? path.join(root, "target/release/loket");
const out = path.join(root, "target/bench-report");
mkdirSync(out, { recursive: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const MB = (b) => `${(b / 1048576).toFixed(1)} MB`;

// The simulated desks: a year at ~400 messages an open day (≈100k tickets), five
// and a quarter years at 1,000 (≈1M); seeded, so every run measures the same tickets.
const DESKS = {
  100000: ["--per-day", "400", "--from", "2026-01-01", "--to", "2026-12-31"],
  1000000: ["--per-day", "1000", "--from", "2021-10-01", "--to", "2026-12-31"],
};

function prepare(size) {
  const facts = path.join(out, `${size}.facts`);
  if (!existsSync(facts)) {
    const t0 = performance.now();
    execFileSync(LOKET, ["report", "export", "--simulate", "1", ...DESKS[size], "--out", facts], { stdio: "inherit", maxBuffer: 1 << 30 });
    console.log(`  exported ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return facts;
}

/** A fresh module instance (its own linear memory). */
let instances = 0;
async function instance() {
  const glue = path.join(packageDir, "loket_wasm.js");
  const m = await import(`${glue}?i=${instances++}`);
  const exports = m.initSync({ module: readFileSync(path.join(packageDir, "loket_wasm_bg.wasm")) });
  return { m, memory: () => exports.memory.buffer.byteLength };
}

async function nodeRun(size, factsFile) {
  const bytes = new Uint8Array(readFileSync(factsFile));
  const r = { size, tickets: 0, archive: { bytes: bytes.length, gzip: gzipSync(bytes).length }, json: {} };
  // The archive path.
  {
    const { m, memory } = await instance();
    const times = [];
    let report, a;
    for (let i = 0; i < REPEAT; i++) {
      a?.free();
      const t0 = performance.now();
      a = m.FactsArchive.open(bytes);
      report = a.report();
      times.push(performance.now() - t0);
    }
    const filterTimes = [], pageTimes = [];
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now();
      a.report({ filter: { application: "e-penatausahaan", kind: "incident" }, breaches: 100 });
      filterTimes.push(performance.now() - t0);
    }
    let b;
    for (let i = 0; i < REPEAT; i++) {
      b?.free();
      const t0 = performance.now();
      b = m.FactsArchive.open(bytes);
      b.report({ breaches: 100 });
      pageTimes.push(performance.now() - t0);
    }
    b.free();
    r.tickets = a.length;
    r.archive.openPageReportMs = { median: median(pageTimes), best: Math.min(...pageTimes) };
    r.archive.perTicket = bytes.length / a.length;
    r.archive.openReportMs = { median: median(times), best: Math.min(...times) };
    r.archive.filterMs = { median: median(filterTimes), best: Math.min(...filterTimes) };
    r.archive.memory = memory();
    r.check = { tickets: report.tickets, compliance: report.compliance, breaches: report.breaches.length };
    // The same facts as JSON (written once; not timed).
    const jsonFile = factsFile.replace(/\.facts$/, ".json");
    if (!existsSync(jsonFile)) {
      try {
        writeFileSync(jsonFile, JSON.stringify(a.facts()));
      } catch (e) {
        // A million tickets' facts as JSON pass V8's longest string (2^29 − 24).
        r.json.error = `the facts as one JSON text cannot be made here: ${String(e.message ?? e).slice(0, 120)}`;
      }
    }
    a.free();
  }
  const jsonFile = factsFile.replace(/\.facts$/, ".json");
  if (r.json.error) return r;
  r.json.bytes = statSync(jsonFile).size;
  try {
    const text = readFileSync(jsonFile, "utf8");
    r.json.gzip = gzipSync(text).length;
    r.json.perTicket = r.json.bytes / r.tickets;
    const { m, memory } = await instance();
    const profile = m.Profile.jatengprov();
    const times = [];
    let report;
    for (let i = 0; i < Math.min(REPEAT, size > 100000 ? 2 : REPEAT); i++) {
      const t0 = performance.now();
      report = profile.reportFromJson(text);
      times.push(performance.now() - t0);
    }
    r.json.reportMs = { median: median(times), best: Math.min(...times) };
    const pageTimes = [];
    for (let i = 0; i < Math.min(REPEAT, size > 100000 ? 2 : REPEAT); i++) {
      const t0 = performance.now();
      profile.reportFromJson(text, { breaches: 100 });
      pageTimes.push(performance.now() - t0);
    }
    r.json.pageReportMs = { median: median(pageTimes), best: Math.min(...pageTimes) };
    r.json.memory = memory();
    const parse = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      JSON.parse(text);
      parse.push(performance.now() - t0);
    }
    r.json.jsParseMs = Math.min(...parse);
    if (report.tickets !== r.check.tickets || report.compliance !== r.check.compliance) {
      throw new Error(`the JSON path disagrees: ${report.tickets} ${report.compliance} vs ${JSON.stringify(r.check)}`);
    }
  } catch (e) {
    r.json.error = String(e.message ?? e).slice(0, 200);
  }
  return r;
}

async function browserRun(sizes, files) {
  const { chromium } = await import("playwright-core");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const results = [];
  try {
    for (const size of sizes) {
      const page = await browser.newPage();
      await page.route("**/bench/*", (route) => {
        const file = path.join(out, new URL(route.request().url()).pathname.split("/").pop());
        if (existsSync(file)) route.fulfill({ path: file, contentType: "application/octet-stream" });
        else route.fulfill({ status: 404, body: "not made" });
      });
      await page.goto(server.url);
      const r = await page.evaluate(
        async ({ size, REPEAT }) => {
          const median = (xs) => {
            const s = [...xs].sort((a, b) => a - b);
            const m = s.length >> 1;
            return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
          };
          const r = { size, archive: {}, json: {} };
          const bytes = new Uint8Array(await (await fetch(`/bench/${size}.facts`)).arrayBuffer());
          {
            const m = await import(`/loket-wasm/loket_wasm.js?a=${size}`);
            const exports = await m.default();
            const times = [];
            let a, report;
            for (let i = 0; i < REPEAT; i++) {
              a?.free();
              const t0 = performance.now();
              a = m.FactsArchive.open(bytes);
              report = a.report();
              times.push(performance.now() - t0);
            }
            const filterTimes = [], pageTimes = [];
            for (let i = 0; i < REPEAT; i++) {
              const t0 = performance.now();
              a.report({ filter: { application: "e-penatausahaan", kind: "incident" }, breaches: 100 });
              filterTimes.push(performance.now() - t0);
            }
            let b;
            for (let i = 0; i < REPEAT; i++) {
              b?.free();
              const t0 = performance.now();
              b = m.FactsArchive.open(bytes);
              b.report({ breaches: 100 });
              pageTimes.push(performance.now() - t0);
            }
            b.free();
            r.tickets = a.length;
            r.archive.openPageReportMs = { median: median(pageTimes), best: Math.min(...pageTimes) };
            r.archive.openReportMs = { median: median(times), best: Math.min(...times) };
            r.archive.filterMs = { median: median(filterTimes), best: Math.min(...filterTimes) };
            r.archive.memory = exports.memory.buffer.byteLength;
            r.check = { tickets: report.tickets, compliance: report.compliance };
            a.free();
          }
          try {
            const res = await fetch(`/bench/${size}.json`);
            if (!res.ok) throw new Error("the facts as one JSON text cannot be made (see the Node line)");
            const text = await res.text();
            const m = await import(`/loket-wasm/loket_wasm.js?j=${size}`);
            const exports = await m.default();
            const profile = m.Profile.jatengprov();
            const times = [];
            let report;
            for (let i = 0; i < (size > 100000 ? 2 : REPEAT); i++) {
              const t0 = performance.now();
              report = profile.reportFromJson(text);
              times.push(performance.now() - t0);
            }
            r.json.reportMs = { median: median(times), best: Math.min(...times) };
            const pageTimes = [];
            for (let i = 0; i < (size > 100000 ? 2 : REPEAT); i++) {
              const t0 = performance.now();
              profile.reportFromJson(text, { breaches: 100 });
              pageTimes.push(performance.now() - t0);
            }
            r.json.pageReportMs = { median: median(pageTimes), best: Math.min(...pageTimes) };
            r.json.memory = exports.memory.buffer.byteLength;
            const t0 = performance.now();
            JSON.parse(text);
            r.json.jsParseMs = performance.now() - t0;
            if (report.tickets !== r.check.tickets) throw new Error(`the JSON path disagrees: ${report.tickets}`);
          } catch (e) {
            r.json.error = String(e.message ?? e).slice(0, 200);
          }
          return r;
        },
        { size, REPEAT },
      );
      results.push(r);
      await page.close();
    }
    results.version = browser.version();
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}

/** One result line: the page's report (100 breaches listed) and the whole report. */
function line(where, r) {
  const f = (x) => `${x.median.toFixed(1)} ms (best ${x.best.toFixed(1)})`;
  const x = (j, a) => (j ? ` ×${(j.median / a.median).toFixed(1)}` : "");
  console.log(
    `  ${where} ${r.tickets}: page report: export ${f(r.archive.openPageReportMs)}` +
      (r.json.error ? ` | JSON: ${r.json.error}` : ` | JSON ${f(r.json.pageReportMs)}${x(r.json.pageReportMs, r.archive.openPageReportMs)}`) +
      `\n  ${where} ${r.tickets}: whole report (every breach explained): export ${f(r.archive.openReportMs)}` +
      (r.json.error ? "" : ` | JSON ${f(r.json.reportMs)}${x(r.json.reportMs, r.archive.openReportMs)}`) +
      `\n  ${where} ${r.tickets}: a filter on the open export ${f(r.archive.filterMs)}; memory: export ${MB(r.archive.memory)}` +
      (r.json.error ? "" : `, JSON ${MB(r.json.memory)}; JSON.parse alone (JS) ${r.json.jsParseMs.toFixed(1)} ms`),
  );
}

const results = {
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString() },
  node: [],
  chromium: [],
};
console.log(`Report export benchmark: sizes ${SIZES.join(", ")}, ${REPEAT} passes, ${os.cpus().length} cores, Node ${process.version}`);
const files = {};
for (const size of SIZES) {
  files[size] = prepare(size);
  const r = await nodeRun(size, files[size]);
  results.node.push(r);
  console.log(`Node ${r.tickets} tickets: export ${MB(r.archive.bytes)} (${r.archive.perTicket.toFixed(1)} B/ticket, gzip ${MB(r.archive.gzip)})` +
    (r.json.error ? `, JSON: ${r.json.error}` : `, JSON ${MB(r.json.bytes)} (${r.json.perTicket.toFixed(0)} B/ticket, gzip ${MB(r.json.gzip)})`));
  line("Node", r);
}
if (!process.env.SKIP_BROWSER) {
  const rs = await browserRun(SIZES, files);
  results.chromium = rs;
  results.chromiumVersion = rs.version;
  for (const r of rs) line(`Chromium ${rs.version}`, r);
}
writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
console.log(`results: ${path.join(out, "results.json")}`);
