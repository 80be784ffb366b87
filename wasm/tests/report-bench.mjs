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

/**
 * The measurements of one size, the same in Node and in the page (so it refers to
 * nothing outside itself: the page receives its source). `instance(tag)` gives a
 * fresh module instance `{ m, memory() }`; `getText()` the facts as JSON, or throws.
 */
async function measure({ instance, bytes, getText, repeat, big }) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const k = s.length >> 1;
    return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
  };
  const timed = (n, f) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    return { median: median(times), best: Math.min(...times) };
  };
  const r = { archive: {}, json: {} };
  {
    const { m, memory } = await instance("archive");
    let report, tickets;
    const fresh = (options) => () => {
      const a = m.FactsArchive.open(bytes);
      report = a.report(options);
      tickets = a.length;
      a.free();
    };
    r.archive.openReportMs = timed(repeat, fresh(undefined));
    r.check = { tickets: report.tickets, compliance: report.compliance };
    r.archive.openPageReportMs = timed(repeat, fresh({ breaches: 100 }));
    const a = m.FactsArchive.open(bytes);
    r.archive.filterMs = timed(repeat, () => a.report({ filter: { application: "e-penatausahaan", kind: "incident" }, breaches: 100 }));
    a.free();
    r.tickets = tickets;
    r.archive.memory = memory();
  }
  try {
    const text = await getText();
    const { m, memory } = await instance("json");
    const profile = m.Profile.jatengprov();
    let report;
    r.json.reportMs = timed(big ? 2 : repeat, () => (report = profile.reportFromJson(text)));
    r.json.pageReportMs = timed(big ? 2 : repeat, () => profile.reportFromJson(text, { breaches: 100 }));
    r.json.memory = memory();
    r.json.jsParseMs = timed(2, () => JSON.parse(text)).best;
    if (report.tickets !== r.check.tickets || report.compliance !== r.check.compliance) {
      throw new Error(`the JSON path disagrees: ${report.tickets} ${report.compliance} vs ${JSON.stringify(r.check)}`);
    }
  } catch (e) {
    r.json.error = String(e.message ?? e).slice(0, 200);
  }
  return r;
}

async function nodeRun(size, factsFile) {
  const bytes = new Uint8Array(readFileSync(factsFile));
  // The same facts as JSON (written once, not timed; a million tickets' pass V8's
  // longest string, 2^29 − 24 characters).
  const jsonFile = factsFile.replace(/\.facts$/, ".json");
  let unmade;
  if (!existsSync(jsonFile)) {
    const m = await import(path.join(packageDir, "report", "node.js"));
    const a = m.FactsArchive.open(bytes);
    try {
      writeFileSync(jsonFile, JSON.stringify(a.facts()));
    } catch (e) {
      unmade = `the facts as one JSON text cannot be made here: ${String(e.message ?? e).slice(0, 120)}`;
    }
    a.free();
  }
  const glue = path.join(packageDir, "report", "loket_report.js");
  const wasmBytes = readFileSync(path.join(packageDir, "report", "loket_report_bg.wasm"));
  const r = await measure({
    instance: async (tag) => {
      const m = await import(`${glue}?${tag}=${size}`);
      const exports = m.initSync({ module: wasmBytes });
      return { m, memory: () => exports.memory.buffer.byteLength };
    },
    bytes,
    getText: async () => {
      if (unmade || !existsSync(jsonFile)) throw new Error(unmade ?? "no JSON file");
      return readFileSync(jsonFile, "utf8");
    },
    repeat: REPEAT,
    big: size > 100000,
  });
  r.size = size;
  r.archive.bytes = bytes.length;
  r.archive.gzip = gzipSync(bytes).length;
  r.archive.perTicket = bytes.length / r.tickets;
  if (!r.json.error) {
    r.json.bytes = statSync(jsonFile).size;
    r.json.gzip = gzipSync(readFileSync(jsonFile)).length;
    r.json.perTicket = r.json.bytes / r.tickets;
  }
  return r;
}

async function browserRun(sizes) {
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
        async ({ source, size, repeat }) => {
          const measure = (0, eval)(`(${source})`);
          return measure({
            instance: async (tag) => {
              const m = await import(`/loket-wasm/report/loket_report.js?${tag}=${size}`);
              const exports = await m.default();
              return { m, memory: () => exports.memory.buffer.byteLength };
            },
            bytes: new Uint8Array(await (await fetch(`/bench/${size}.facts`)).arrayBuffer()),
            getText: async () => {
              const res = await fetch(`/bench/${size}.json`);
              if (!res.ok) throw new Error("the facts as one JSON text cannot be made (see the Node line)");
              return res.text();
            },
            repeat,
            big: size > 100000,
          });
        },
        { source: measure.toString(), size, repeat: REPEAT },
      );
      r.size = size;
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
for (const size of SIZES) {
  const r = await nodeRun(size, prepare(size));
  results.node.push(r);
  console.log(`Node ${r.tickets} tickets: export ${MB(r.archive.bytes)} (${r.archive.perTicket.toFixed(1)} B/ticket, gzip ${MB(r.archive.gzip)})` +
    (r.json.error ? `, JSON: ${r.json.error}` : `, JSON ${MB(r.json.bytes)} (${r.json.perTicket.toFixed(0)} B/ticket, gzip ${MB(r.json.gzip)})`));
  line("Node", r);
}
if (!process.env.SKIP_BROWSER) {
  const rs = await browserRun(SIZES);
  results.chromium = rs;
  results.chromiumVersion = rs.version;
  for (const r of rs) line(`Chromium ${rs.version}`, r);
}
writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2));
console.log(`results: ${path.join(out, "results.json")}`);
