// Benchmark of the npm package loket-wasm:
//  1. instantiation: in Node (initSync from bytes in-process; fresh node processes)
//     and in Chromium (the example page from navigation to ready; init() alone);
//  2. throughput in Node of calendar.add() / between() / profile.deadline(), in the
//     same run as moment-business-time + moment-timezone configured with the same
//     hours (Mon–Thu 07:00–15:30, Fri 07:00–14:00, Asia/Jakarta) and holidays (read
//     from core/profiles/jatengprov-calendar.toml), with a cross-check of results.
//
//   cargo xtask wasm && cd wasm/tests && npm ci && node bench.mjs
//
// Environment: N_LOKET (instants timed per Loket case, default 200000), N_PEER
// (instants per moment-business-time case, 5000), N_BETWEEN (pairs for the peer's
// workingDiff, 300), REPEAT (timed passes, best kept, 3), N_INIT (fresh in-process
// instantiations, 30), N_PROC (fresh node processes, 15), N_PAGE (Chromium page
// loads, 15), SKIP_BROWSER=1. Results: stdout and target/bench-wasm/results.json.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { root, packageDir, serve, CHROMIUM, CHROMIUM_ARGS } from "./serve.mjs";

const env = (k, d) => Number(process.env[k] ?? d);
const N_LOKET = env("N_LOKET", 200_000);
const N_PEER = env("N_PEER", 5_000);
const N_BETWEEN = env("N_BETWEEN", 300);
const REPEAT = env("REPEAT", 3);
const N_INIT = env("N_INIT", 30);
const N_PROC = env("N_PROC", 15);
const N_PAGE = env("N_PAGE", 15);
const TZ = "Asia/Jakarta";
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const results = { machine: {}, sizes: {}, init: {}, throughput: [], check: [] };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const rate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : x >= 1e4 ? `${Math.round(x / 1e3)} k/s` : `${Math.round(x).toLocaleString("en")} /s`);

// ------------------------------------------------------------------ inputs
// The instants of benches/gen_instants.py and core/benches/sla.rs: Knuth's MMIX LCG,
// high 31 bits, uniform over every second of 2025 in Jakarta.
function instants(n, seedXor = 0n) {
  let s = 0x00010ce72025n ^ seedXor;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    out[i] = (1_735_664_400 + Number((s >> 33n) % 31_536_000n)) * 1000;
  }
  return out;
}
if (instants(1)[0] !== 1_745_334_627_000) throw new Error("the instant generator drifted from benches/gen_instants.py");

// ------------------------------------------------------------------ machine
function machine() {
  const cpu = os.cpus()[0]?.model ?? "?";
  const version = (p) => JSON.parse(readFileSync(path.join(here, "node_modules", p, "package.json"), "utf8")).version;
  let chromium = "-";
  try {
    chromium = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim();
  } catch {}
  let commit = "-";
  try {
    commit = spawnSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  } catch {}
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
    commit,
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" "),
    "moment-business-time": version("moment-business-time"),
    "moment-timezone": version("moment-timezone"),
    moment: version("moment"),
  };
}

function sizes() {
  const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
  const pkg = ["loket_wasm_bg.wasm", "loket_wasm.js"].map((f) => path.join(packageDir, f));
  const entry = (dir, name) => [`${name}_bg.wasm`, `${name}.js`].map((f) => path.join(packageDir, dir, f));
  const nm = (f) => path.join(here, "node_modules", f);
  const peers = [nm("moment/min/moment.min.js"), nm("moment-timezone/builds/moment-timezone-with-data-10-year-range.min.js"), nm("moment-business-time/lib/business-hours.js"), nm("moment-business-time/locale/default.js"), nm("minimatch/minimatch.js"), nm("brace-expansion/index.js"), nm("balanced-match/index.js"), nm("concat-map/index.js")];
  const sum = (fs) => fs.filter(existsSync).reduce((a, f) => a + gz(f), 0);
  return { loket_gzip: sum(pkg), loket_sla_gzip: sum(entry("sla", "loket_sla")), loket_report_gzip: sum(entry("report", "loket_report")), loket_wasm_raw: readFileSync(pkg[0]).length, peers_gzip: sum(peers), peers_files: peers.filter(existsSync).map((f) => path.relative(path.join(here, "node_modules"), f)) };
}

// ------------------------------------------------------------------ 1. instantiation
/** The same module with a unique custom section, so V8's cache of compiled modules
 *  (keyed by the bytes) cannot serve it: every compile is a real one. */
function uniqueBytes(bytes, i) {
  const name = Buffer.from(`bench-${i}-${Math.random()}`);
  const payload = Buffer.concat([Buffer.from([name.length]), name]);
  return Buffer.concat([bytes, Buffer.from([0, payload.length]), payload]);
}

async function nodeInit() {
  const wasmFile = path.join(packageDir, "loket_wasm_bg.wasm");
  const glue = pathToFileURL(path.join(packageDir, "loket_wasm.js")).href;
  const bytes = readFileSync(wasmFile);
  const compile = [], instantiate = [], initSync = [], profile = [], firstDeadline = [];
  for (let i = 0; i < N_INIT; i++) {
    const b = uniqueBytes(bytes, i);
    let t0 = performance.now();
    const mod = new WebAssembly.Module(b);
    compile.push(performance.now() - t0);

    // a fresh copy of the glue (its own wasm instance), initialised from bytes
    const m = await import(`${glue}?fresh=${i}`);
    t0 = performance.now();
    m.initSync({ module: uniqueBytes(bytes, `s${i}`) });
    const t1 = performance.now();
    const p = m.Profile.jatengprov();
    const t2 = performance.now();
    p.deadline("complaint", 1_745_334_627_000);
    const t3 = performance.now();
    initSync.push(t1 - t0);
    profile.push(t2 - t1);
    firstDeadline.push(t3 - t2);

    // instantiate only, from an already compiled module
    const m2 = await import(`${glue}?compiled=${i}`);
    t0 = performance.now();
    m2.initSync({ module: mod });
    instantiate.push(performance.now() - t0);
  }
  return {
    runs: N_INIT,
    compile_ms: median(compile),
    instantiate_ms: median(instantiate),
    initSync_bytes_ms: median(initSync),
    first_profile_ms: median(profile),
    first_deadline_ms: median(firstDeadline),
  };
}

function nodeProcesses(dir = "") {
  const entry = pathToFileURL(path.join(packageDir, dir, "node.js")).href;
  const child = `const t0 = performance.now();
const m = await import(${JSON.stringify(entry)});
const t1 = performance.now();
const p = m.Profile.jatengprov();
p.deadline("complaint", Date.now());
const t2 = performance.now();
console.log(JSON.stringify({ start: t0, imported: t1 - t0, ready: t2 - t0, total: t2 }));`;
  const baseline = `console.log(JSON.stringify({ total: performance.now() }));`;
  const run = (code) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(r.stderr);
    return { wall, ...JSON.parse(r.stdout) };
  };
  run(child); // warm the file system cache
  const withPkg = [], without = [];
  for (let i = 0; i < N_PROC; i++) {
    withPkg.push(run(child));
    without.push(run(baseline));
  }
  return {
    runs: N_PROC,
    import_ms: median(withPkg.map((r) => r.imported)),
    import_to_first_deadline_ms: median(withPkg.map((r) => r.ready)),
    process_wall_ms: median(withPkg.map((r) => r.wall)),
    empty_process_wall_ms: median(without.map((r) => r.wall)),
  };
}

async function chromiumInit() {
  if (process.env.SKIP_BROWSER || !existsSync(CHROMIUM)) return null;
  const { chromium } = await import("playwright-core");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = [], initOnly = [], firstProfile = [];
  try {
    for (let i = 0; i < N_PAGE + 1; i++) {
      // a fresh context: empty HTTP and code caches
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${server.url}?now=2024-03-02T10:00:00%2B07:00`);
      await p.waitForSelector("body[data-ready='1']");
      const ready = await p.evaluate(() => performance.getEntriesByName("loket:ready")[0].startTime);
      await ctx.close();

      const ctx2 = await browser.newContext();
      const p2 = await ctx2.newPage();
      await p2.goto(`${server.url}README.md`); // any page of the same origin
      const t = await p2.evaluate(async () => {
        const t0 = performance.now();
        const m = await import("/loket-wasm/loket_wasm.js");
        await m.default();
        const t1 = performance.now();
        m.Profile.jatengprov().deadline("complaint", Date.now());
        return { init: t1 - t0, profile: performance.now() - t1 };
      });
      await ctx2.close();
      if (i === 0) continue; // the first load warms the server and the disk
      page.push(ready);
      initOnly.push(t.init);
      firstProfile.push(t.profile);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // The SLA-only entry, from import to the first deadline on screen: uncached (a
  // fresh context: empty HTTP, script and wasm caches) and cached (the same context
  // again, after a first load). Three times per load: the deadline computed (the
  // engine's part: import, init, the profile, the call), its text painted (the
  // Element Timing API's renderTime of the element showing it), and the paint floor:
  // the same element with a fixed text and no Loket, on the same page (what painting
  // costs this browser, with no engine at all).
  const sla = { uncached: [], cached: [], computedUncached: [], computedCached: [], floor: [], pageUncached: [], pageCached: [] };
  // (Everything the page runs is inside the function: it is serialized to the page.)
  const firstDeadline = async () => {
    const paint = (text) =>
      new Promise((ok, fail) => {
        const o = new PerformanceObserver((l) => {
          o.disconnect();
          ok(l.getEntries()[0].renderTime);
        });
        o.observe({ type: "element" });
        const out = document.createElement("div");
        out.setAttribute("elementtiming", "deadline");
        out.textContent = text;
        document.body.append(out);
        setTimeout(() => fail(new Error("no element timing entry in 5 s")), 5000);
      });
    const t0 = performance.now();
    const m = await import("/loket-wasm/sla/loket_sla.js");
    await m.default();
    const due = m.Profile.jatengprov().deadlineMillis("complaint", Date.now());
    const computed = performance.now() - t0;
    const text = new Date(due).toLocaleString("id-ID", { timeZone: "Asia/Jakarta" });
    const painted = (await paint(text)) - t0;
    // The floor, on the same page once it is idle again.
    await new Promise((r) => setTimeout(r, 50));
    const t1 = performance.now();
    const floor = (await paint("Senin, 2 Maret 2026 15.30.00")) - t1;
    return { computed, painted, floor };
  };
  const browser2 = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const server2 = await serve(0, { cache: true });
  try {
    for (let i = 0; i < N_PAGE + 1; i++) {
      const ctx = await browser2.newContext();
      const p = await ctx.newPage();
      await p.goto(`${server2.url}README.md`);
      const cold = await p.evaluate(firstDeadline);
      // The same context, a new page: the module's script and wasm come from the
      // caches (V8 caches a compiled wasm module after its first use).
      let warm = null;
      for (let k = 0; k < 2; k++) {
        const p2 = await ctx.newPage();
        await p2.goto(`${server2.url}README.md`);
        warm = await p2.evaluate(firstDeadline);
        await p2.close();
      }
      // The example page (examples/web/sla.html, with its preloads): from the start
      // of the navigation to its mark after the first deadlines are rendered.
      const mark = async (pg) => {
        await pg.goto(`${server2.url}sla.html`);
        await pg.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
        return pg.evaluate(() => performance.getEntriesByName("loket:first-deadline")[0].startTime);
      };
      const fresh = await browser2.newContext();
      const pageCold = await mark(await fresh.newPage());
      await fresh.close();
      const pageWarm = await mark(await ctx.newPage());
      await ctx.close();
      if (i === 0) continue;
      sla.pageUncached.push(pageCold);
      sla.pageCached.push(pageWarm);
      sla.uncached.push(cold.painted);
      sla.cached.push(warm.painted);
      sla.computedUncached.push(cold.computed);
      sla.computedCached.push(warm.computed);
      sla.floor.push(cold.floor, warm.floor);
    }
  } finally {
    await browser2.close();
    await server2.close();
  }
  return {
    runs: N_PAGE,
    sla_first_deadline_uncached_ms: median(sla.uncached),
    sla_first_deadline_cached_ms: median(sla.cached),
    sla_first_deadline_uncached_max_ms: Math.max(...sla.uncached),
    sla_first_deadline_cached_max_ms: Math.max(...sla.cached),
    sla_computed_uncached_ms: median(sla.computedUncached),
    sla_computed_cached_ms: median(sla.computedCached),
    sla_computed_uncached_max_ms: Math.max(...sla.computedUncached),
    sla_computed_cached_max_ms: Math.max(...sla.computedCached),
    paint_floor_ms: median(sla.floor),
    paint_floor_min_ms: Math.min(...sla.floor),
    sla_page_uncached_ms: median(sla.pageUncached),
    sla_page_cached_ms: median(sla.pageCached),
    page_ready_ms: median(page),
    page_ready_min_ms: Math.min(...page),
    page_ready_max_ms: Math.max(...page),
    init_ms: median(initOnly),
    first_profile_and_deadline_ms: median(firstProfile),
  };
}

// ------------------------------------------------------------------ 2. throughput
function time(n, fn) {
  fn(Math.min(n, 1000)); // warm up (and tier up)
  let best = Infinity;
  for (let r = 0; r < REPEAT; r++) {
    const t0 = performance.now();
    fn(n);
    best = Math.min(best, performance.now() - t0);
  }
  return n / (best / 1000);
}

function peer(holidays) {
  const moment = require("moment-timezone");
  require("moment-business-time");
  if (require("moment") !== moment) throw new Error("moment-timezone and moment-business-time see different moments");
  moment.updateLocale("en", {
    workinghours: {
      0: null,
      1: ["07:00:00", "15:30:00"],
      2: ["07:00:00", "15:30:00"],
      3: ["07:00:00", "15:30:00"],
      4: ["07:00:00", "15:30:00"],
      5: ["07:00:00", "14:00:00"],
      6: null,
    },
    holidays,
  });
  return moment;
}

/** Every holiday date that closes the desk (collective leave included, as the profile's
 *  `collective_leave_off = true`), for all years of the file: 2025 results reach 2026. */
function holidayDates() {
  const toml = readFileSync(path.join(root, "core/profiles/jatengprov-calendar.toml"), "utf8");
  const dates = [...toml.matchAll(/^date = "(\d{4}-\d{2}-\d{2})"/gm)].map((m) => m[1]);
  if (/^\[\[override\]\]/m.test(toml)) throw new Error("the calendar has overrides, which moment-business-time cannot express");
  return dates;
}

async function throughput() {
  const { Calendar, Profile, ParsedDuration } = await import(pathToFileURL(path.join(packageDir, "node.js")).href);
  const profile = Profile.jatengprov();
  const cal = profile.calendar;
  const holidays = holidayDates();
  const moment = peer(holidays);

  const xs = instants(Math.max(N_LOKET, N_PEER));
  const ys = instants(Math.max(N_LOKET, N_BETWEEN), 0xb7e7n);
  const iso = xs.slice(0, N_LOKET).map((t) => new Date(t + 7 * 3600e3).toISOString().slice(0, 19) + "+07:00");
  const rows = [];
  const loketAdd = (d) => (n) => {
    for (let i = 0; i < n; i++) cal.add(xs[i], d);
  };
  const peerAdd = (args) => (n) => {
    for (let i = 0; i < n; i++) moment.tz(xs[i], TZ).addWorkingTime(...args);
  };
  const cases = [
    ["add 8h30m", "8h30m", [8, "hours", 30, "minutes"]],
    ["add 3h", "3h", [3, "hours"]],
    ["add 1d", "1d", [1, "days"]],
    ["add 10d", "10d", [10, "days"]],
  ];
  for (const [label, d, args] of cases) {
    rows.push({ op: label, loket: time(N_LOKET, loketAdd(d)), peer: time(N_PEER, peerAdd(args)), peer_note: d.endsWith("d") ? "days: other semantics" : "" });
  }
  rows.push({
    op: "add 8h30m, ISO string in",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.add(iso[i], "8h30m");
    }),
    peer: time(N_PEER, (n) => {
      for (let i = 0; i < n; i++) moment.tz(iso[i], TZ).addWorkingTime(8, "hours", 30, "minutes");
    }),
  });
  rows.push({
    op: "between",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.between(xs[i], ys[i]);
    }),
    peer: time(N_BETWEEN, (n) => {
      for (let i = 0; i < n; i++) moment.tz(ys[i], TZ).workingDiff(moment.tz(xs[i], TZ), "seconds", true);
    }),
  });
  for (const kind of ["complaint", "request"]) {
    rows.push({
      op: `profile.deadline("${kind}") (with explanation)`,
      loket: time(N_LOKET / 4, (n) => {
        for (let i = 0; i < n; i++) profile.deadline(kind, xs[i]);
      }),
      peer: null,
    });
  }
  // The numeric fast paths: epoch milliseconds and seconds in, numbers out (the peer
  // is the same call as above: it takes epoch milliseconds too).
  const nums = new Float64Array(xs.slice(0, N_LOKET));
  const ends = new Float64Array(ys.slice(0, N_LOKET));
  const peer8h30 = time(N_PEER, peerAdd([8, "hours", 30, "minutes"]));
  rows.push({
    op: "addMillis 8h30m (numeric)",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.addMillis(nums[i], 30_600);
    }),
    peer: peer8h30,
  });
  const days10 = ParsedDuration.parse("10d");
  rows.push({
    op: "addDurationMillis 10d (numeric, parsed duration)",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.addDurationMillis(nums[i], days10);
    }),
    peer: time(N_PEER, peerAdd([10, "days"])),
    peer_note: "days: other semantics",
  });
  rows.push({
    op: "addMillisBatch 8h30m (Float64Array, per instant)",
    loket: time(N_LOKET, (n) => {
      cal.addMillisBatch(n === N_LOKET ? nums : nums.subarray(0, n), 30_600);
    }),
    peer: peer8h30,
  });
  rows.push({
    op: "betweenMillis (numeric)",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.betweenMillis(nums[i], ends[i]);
    }),
    peer: null,
  });
  rows.push({
    op: "betweenMillisBatch (per pair)",
    loket: time(N_LOKET, (n) => {
      cal.betweenMillisBatch(nums.subarray(0, n), ends.subarray(0, n));
    }),
    peer: null,
  });
  for (const kind of ["complaint", "request"]) {
    rows.push({
      op: `profile.deadlineMillis("${kind}") (no explanation)`,
      loket: time(N_LOKET, (n) => {
        for (let i = 0; i < n; i++) profile.deadlineMillis(kind, nums[i]);
      }),
      peer: null,
    });
  }
  rows.push({
    op: `profile.deadlineMillisBatch("complaint") (per receipt)`,
    loket: time(N_LOKET, (n) => {
      profile.deadlineMillisBatch("complaint", nums.subarray(0, n));
    }),
    peer: null,
  });
  rows.push({
    op: "calendar.isOpenMillis (numeric)",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.isOpenMillis(nums[i]);
    }),
    peer: null,
  });
  // The numeric and rich paths agree on every instant timed.
  for (let i = 0; i < N_LOKET; i += 97) {
    if (cal.addMillis(nums[i], 30_600) !== Date.parse(cal.add(nums[i], "8h30m").value)) throw new Error(`addMillis and add differ at ${nums[i]}`);
    if (profile.deadlineMillis("request", nums[i]) !== Date.parse(profile.deadline("request", nums[i]).value.due)) throw new Error(`deadlineMillis and deadline differ at ${nums[i]}`);
  }
  rows.push({
    op: "calendar.isOpen",
    loket: time(N_LOKET, (n) => {
      for (let i = 0; i < n; i++) cal.isOpen(xs[i]);
    }),
    peer: time(N_PEER, (n) => {
      for (let i = 0; i < n; i++) moment.tz(xs[i], TZ).isWorkingTime();
    }),
  });
  results.throughput = rows;

  // ---------------------------------------------------------------- cross-check
  const sec = (s) => Math.floor(Date.parse(s) / 1000);
  const mSec = (m) => Math.floor(m.valueOf() / 1000);
  // a grid: every half hour of 24 March – 20 April 2025 (Idul Fitri and its collective
  // leave) and the second before and after, so results land exactly on closings
  const grid = [];
  for (let t = Date.parse("2025-03-24T00:00:00+07:00"); t < Date.parse("2025-04-21T00:00:00+07:00"); t += 1800e3) grid.push(t - 1000, t, t + 1000);
  const sample = [...xs.slice(0, N_PEER), ...grid];
  for (const [label, d, args] of cases.slice(0, 2)) {
    for (const boundary of ["closing", "opening"]) {
      let equal = 0, sameOp = 0, example = null;
      for (const t of sample) {
        const l = cal.add(t, d, { boundary }).value;
        const b = moment.tz(t, TZ).addWorkingTime(...args);
        if (sec(l) === mSec(b)) equal++;
        else example ??= `${new Date(t).toISOString()}: loket ${l}, peer ${b.format()}`;
        if (cal.between(l, b.valueOf()).value === 0) sameOp++;
      }
      results.check.push({ check: `${label} (boundary ${boundary})`, compared: sample.length, equal, differ: sample.length - equal, same_operational_instant: sameOp, example });
    }
  }
  // days: moment-business-time steps working dates keeping the wall-clock time and does
  // not move a closed start into hours nor a closed landing onto a boundary; compare
  // where that cannot matter: the start is open and the peer's landing is open.
  for (const [label, d, args] of cases.slice(2)) for (const boundary of ["closing", "opening"]) {
    let compared = 0, equal = 0, sameOp = 0, example = null;
    for (const t of sample) {
      if (!cal.isOpen(t)) continue;
      const b = moment.tz(t, TZ).addWorkingTime(...args);
      if (!cal.isOpen(b.valueOf())) continue;
      compared++;
      const l = cal.add(t, d, { boundary }).value;
      if (sec(l) === mSec(b)) equal++;
      else example ??= `${new Date(t).toISOString()}: loket ${l}, peer ${b.format()}`;
      if (cal.between(l, b.valueOf()).value === 0) sameOp++;
    }
    results.check.push({ check: `${label} (boundary ${boundary}), open start and open landing`, compared, equal, differ: compared - equal, same_operational_instant: sameOp, example });
  }
  {
    let equal = 0, example = null;
    for (let i = 0; i < N_BETWEEN; i++) {
      const a = cal.between(xs[i], ys[i]).value;
      const b = Math.round(moment.tz(ys[i], TZ).workingDiff(moment.tz(xs[i], TZ), "seconds", true));
      if (a === b) equal++;
      else example ??= `${new Date(xs[i]).toISOString()} → ${new Date(ys[i]).toISOString()}: loket ${a}, peer ${b}`;
    }
    results.check.push({ check: "between (peer: workingDiff in seconds)", compared: N_BETWEEN, equal, differ: N_BETWEEN - equal, same_operational_instant: "n/a", example });
  }
}

// ------------------------------------------------------------------ run
/** Load average and compiler processes now: the machine is shared, builds skew numbers. */
function busy(phase) {
  let compilers = "?";
  try {
    const ps = spawnSync("ps", ["-eo", "comm"], { encoding: "utf8" }).stdout.split("\n");
    compilers = ps.filter((c) => /^(rustc|cargo|clippy-driver|cc1|ld|build-script|wasm-opt|tsc)/.test(c.trim())).length;
  } catch {}
  const b = { phase, loadavg: os.loadavg()[0].toFixed(2), compilers };
  (results.busy ??= []).push(b);
  console.error(`${phase}… (load ${b.loadavg}, compiler processes ${b.compilers})`);
}
if (!existsSync(path.join(packageDir, "loket_wasm_bg.wasm"))) {
  console.error("the package is not built: cargo xtask wasm");
  process.exit(1);
}
results.machine = machine();
results.sizes = sizes();
busy("instantiation in Node (in-process)");
results.init.node = await nodeInit();
busy("instantiation in Node (fresh processes)");
results.init.node_process = nodeProcesses();
results.init.node_process_sla = nodeProcesses("sla");
busy("instantiation in Chromium");
results.init.chromium = await chromiumInit();
busy("throughput and cross-check");
await throughput();
busy("end");

const out = path.join(root, "target/bench-wasm");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");

const m = results.machine;
console.log(`\n## machine\n${Object.entries(m).map(([k, v]) => `- ${k}: ${v}`).join("\n")}`);
console.log(`- load before each phase: ${results.busy.map((b) => `${b.phase}: ${b.loadavg} (${b.compilers} compiler processes)`).join("; ")}`);
const s = results.sizes;
console.log(`\n## size\n- loket-wasm (loket_wasm_bg.wasm + loket_wasm.js): ${(s.loket_gzip / 1024).toFixed(1)} KiB gzip (wasm ${(s.loket_wasm_raw / 1024).toFixed(0)} KiB raw)\n- loket-wasm/sla: ${(s.loket_sla_gzip / 1024).toFixed(1)} KiB gzip; loket-wasm/report: ${(s.loket_report_gzip / 1024).toFixed(1)} KiB gzip\n- moment + moment-timezone (10-year data) + moment-business-time + minimatch and its dependencies (unminified as published): ${(s.peers_gzip / 1024).toFixed(1)} KiB gzip`);
const n = results.init.node, p = results.init.node_process, ps = results.init.node_process_sla, c = results.init.chromium;
console.log(`\n## instantiation (medians)
| where | what | time |
| --- | --- | --- |
| Node, in-process (${n.runs} fresh) | new WebAssembly.Module(bytes) | ${ms(n.compile_ms)} |
| | instantiate a compiled module (initSync) | ${ms(n.instantiate_ms)} |
| | initSync from bytes (compile + instantiate) | ${ms(n.initSync_bytes_ms)} |
| | first Profile.jatengprov() (calendar compiled) | ${ms(n.first_profile_ms)} |
| | first deadline() | ${ms(n.first_deadline_ms)} |
| Node, fresh process (${p.runs}) | import "loket-wasm" (node.js: read + initSync) | ${ms(p.import_ms)} |
| | import to first deadline | ${ms(p.import_to_first_deadline_ms)} |
| | whole process, with / without the package | ${ms(p.process_wall_ms)} / ${ms(p.empty_process_wall_ms)} |
| Node, fresh process (${ps.runs}) | import "loket-wasm/sla" to first deadline | ${ms(ps.import_to_first_deadline_ms)} |
${c ? `| Chromium, fresh context (${c.runs}) | example page: navigation to ready | ${ms(c.page_ready_ms)} (min ${ms(c.page_ready_min_ms)}, max ${ms(c.page_ready_max_ms)}) |
| | import + await init() (fetch, compile, instantiate) | ${ms(c.init_ms)} |
| | first Profile.jatengprov() + deadline() | ${ms(c.first_profile_and_deadline_ms)} |
| Chromium, loket-wasm/sla | import to first deadline computed, uncached (fresh context) | ${ms(c.sla_computed_uncached_ms)} (max ${ms(c.sla_computed_uncached_max_ms)}) |
| | the same, cached (same context, third load) | ${ms(c.sla_computed_cached_ms)} (max ${ms(c.sla_computed_cached_max_ms)}) |
| | import to first deadline on screen (painted), uncached | ${ms(c.sla_first_deadline_uncached_ms)} (max ${ms(c.sla_first_deadline_uncached_max_ms)}) |
| | the same, cached | ${ms(c.sla_first_deadline_cached_ms)} (max ${ms(c.sla_first_deadline_cached_max_ms)}) |
| | paint floor: a fixed text appended to the idle page, no Loket | ${ms(c.paint_floor_ms)} (min ${ms(c.paint_floor_min_ms)}) |
| Chromium, examples/web/sla.html | navigation start to the first deadlines rendered (its preloads), uncached / cached | ${ms(c.sla_page_uncached_ms)} / ${ms(c.sla_page_cached_ms)} |` : "| Chromium | skipped | |"}`);
console.log(`\n## throughput in Node (best of ${REPEAT}; loket ${N_LOKET.toLocaleString("en")} instants, moment-business-time ${N_PEER.toLocaleString("en")}, workingDiff ${N_BETWEEN})
| operation | loket-wasm | moment-business-time | ratio |
| --- | --- | --- | --- |
${results.throughput.map((r) => `| ${r.op} | ${rate(r.loket)} | ${r.peer ? rate(r.peer) + (r.peer_note ? ` (${r.peer_note})` : "") : "—"} | ${r.peer ? `${Math.round(r.loket / r.peer).toLocaleString("en")}×` : ""} |`).join("\n")}`);
console.log(`\n## cross-check
| check | compared | equal | differ | same operational instant |
| --- | --- | --- | --- | --- |
${results.check.map((r) => `| ${r.check} | ${r.compared} | ${r.equal} | ${r.differ} | ${r.same_operational_instant} |`).join("\n")}`);
for (const r of results.check) if (r.example) console.log(`- first difference, ${r.check}: ${r.example}`);
console.log(`\nwritten: ${path.relative(process.cwd(), path.join(out, "results.json"))}`);
