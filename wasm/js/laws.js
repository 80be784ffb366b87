// The laws of Loket's operational arithmetic, checked against the WebAssembly build
// for a calendar a web team ships (the same laws as `loket sla check` and
// `loket_core::laws`). Usage, e.g. in a `node --test` file:
//
//   import { Calendar } from "loket-wasm";
//   import { checkLaws } from "loket-wasm/laws";
//   const report = checkLaws(Calendar.fromText(myCalendarToml), { cases: 500, seed: 42 });
//   assert.equal(report.failures.length, 0, report.summary);
//
// Instants are drawn across the years given (default: the years the holiday list
// covers), half of them within seconds of an opening or closing; durations in both
// units and both signs; both boundary conventions. A failure is shrunk (smaller
// duration, then an instant closer to the first one that fails) and reported with the
// seed that replays the run.
//
// Every law of the core (`lawNames()`, `loket_core::laws::ALL`) is here, in its order:
// the laws stated over `add`, `sub` and `between` are checked through the package's
// JavaScript surface (conversions included); the others, which need the core's view of
// a day's length or of a policy, run inside the engine (`Calendar.checkLaw`). The
// package's test fails when the core gains a law this list lacks.

const HOUR = 3600;

/** A small seeded PRNG (mulberry32): the same seed gives the same cases. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const secondsOf = (iso) => Math.floor(new Date(iso).getTime() / 1000);
const isoOf = (s) => new Date(s * 1000).toISOString().replace(".000Z", "Z");
const fmt = (s) => {
  const a = Math.abs(s);
  const h = Math.floor(a / 3600), m = Math.floor(a / 60) % 60, r = a % 60;
  return (s < 0 ? "-" : "") + (h ? `${h}h` : "") + (m ? `${m}m` : "") + (r || !a ? `${r}s` : "");
};

function tryCall(f) {
  try {
    return { ok: f() };
  } catch (e) {
    if (e && (e.code === "sla.beyond_horizon" || e.code === "sla.outside_horizon")) return { skip: e.code };
    return { error: e };
  }
}

/** The laws: each returns null when it holds or does not apply, or what went wrong. */
export const LAWS = {
  add_moves_forward(cal, { t, d, boundary }) {
    const r = tryCall(() => cal.add(t, d, { boundary }).value);
    if (!("ok" in r)) return r.error ? `add threw ${r.error.code}: ${r.error.message}` : null;
    const back = d.startsWith("-") && !/^-0[dhms]$/.test(d); // "-0d" is zero: forward
    const ok = back ? secondsOf(r.ok) <= secondsOf(t) : secondsOf(r.ok) >= secondsOf(t);
    return ok ? null : `add(${t}, ${d}) = ${r.ok} goes ${back ? "forward" : "backward"}`;
  },
  add_is_monotone_in_t(cal, { t, t2, d, boundary }) {
    const [a, b] = secondsOf(t) <= secondsOf(t2) ? [t, t2] : [t2, t];
    const ra = tryCall(() => cal.add(a, d, { boundary }).value);
    const rb = tryCall(() => cal.add(b, d, { boundary }).value);
    if (!("ok" in ra) || !("ok" in rb)) return ra.error || rb.error ? "add threw" : null;
    return secondsOf(ra.ok) <= secondsOf(rb.ok) ? null : `t1 = ${a} <= t2 = ${b} but add(t1, ${d}) = ${ra.ok} > add(t2, ${d}) = ${rb.ok}`;
  },
  add_is_monotone_in_d: (cal, c) => cal.checkLaw("add_is_monotone_in_d", c),
  between_inverts_add(cal, { t, secs, boundary }) {
    const r = tryCall(() => cal.add(t, fmt(secs), { boundary }).value);
    if (!("ok" in r)) return r.error ? `add threw ${r.error.code}` : null;
    const e = cal.between(t, r.ok).value;
    return e === secs ? null : `between(${t}, add(${t}, ${fmt(secs)}) = ${r.ok}) = ${fmt(e)}, expected ${fmt(secs)}`;
  },
  add_is_additive(cal, { t, a, c, boundary }) {
    const r1 = tryCall(() => cal.add(t, fmt(a), { boundary }).value);
    if (!("ok" in r1)) return null;
    const r2 = tryCall(() => cal.add(r1.ok, fmt(c), { boundary }).value);
    const r3 = tryCall(() => cal.add(t, fmt(a + c), { boundary }).value);
    if (!("ok" in r2) || !("ok" in r3)) return null;
    return secondsOf(r2.ok) === secondsOf(r3.ok) ? null : `add(add(${t}, ${fmt(a)}), ${fmt(c)}) = ${r2.ok} but add(${t}, ${fmt(a + c)}) = ${r3.ok}`;
  },
  add_lands_in_hours(cal, { t, d, boundary }) {
    if (d === "0s" || d === "-0s") return null;
    const r = tryCall(() => cal.add(t, d, { boundary }).value);
    if (!("ok" in r)) return null;
    const open = cal.isOpen(r.ok);
    const ok = boundary === "opening" ? open : open || cal.isOpen(isoOf(secondsOf(r.ok) - 1));
    return ok ? null : `add(${t}, ${d}) = ${r.ok} is inside closed time (${boundary} convention)`;
  },
  sub_inverts_add(cal, { t, secs, boundary }) {
    const d = fmt(Math.abs(secs));
    const r = tryCall(() => cal.add(t, d, { boundary }).value);
    if (!("ok" in r)) return null;
    const back = tryCall(() => cal.sub(r.ok, d, { boundary }).value);
    if (!("ok" in back)) return null;
    const gap = cal.between(back.ok, t).value;
    return gap === 0 ? null : `sub(add(${t}, ${d}), ${d}) = ${back.ok} is ${fmt(gap)} of operational time from ${t}`;
  },
  between_is_antisymmetric(cal, { t, t2 }) {
    const x = cal.between(t, t2).value, y = cal.between(t2, t).value;
    return x === -y ? null : `between(${t}, ${t2}) = ${fmt(x)} but between(${t2}, ${t}) = ${fmt(y)}`;
  },
  between_within_wall_time(cal, { t, t2 }) {
    const [a, b] = secondsOf(t) <= secondsOf(t2) ? [t, t2] : [t2, t];
    const x = cal.between(a, b).value;
    return x >= 0 && x <= secondsOf(b) - secondsOf(a) ? null : `between(${a}, ${b}) = ${fmt(x)} exceeds the wall time between them`;
  },
  days_match_hours: (cal, c) => cal.checkLaw("days_match_hours", c),
  deadline_reachable: (cal, c) => cal.checkLaw("deadline_reachable", c),
};

function years(cal) {
  const spec = cal.spec();
  if (spec.covers) return [spec.covers.from, spec.covers.to];
  const ys = (spec.holiday || []).map((h) => Number(h.date.slice(0, 4)));
  if (ys.length) return [Math.min(...ys), Math.max(...ys)];
  const y = new Date().getUTCFullYear();
  return [y - 1, y + 1];
}

function edges(cal, lo, hi) {
  // Openings and closings across the range, sampled by walking nextOpening/status.
  const out = [];
  let t = isoOf(lo);
  for (let i = 0; i < 400 && secondsOf(t) < hi; i++) {
    const st = cal.status(t);
    const next = st.state === "open" ? st.until : st.opens;
    if (!next) break;
    out.push(secondsOf(next));
    t = next;
  }
  return out;
}

/**
 * Checks every law on `calendar` with `options.cases` random cases each
 * (default 200), seeded by `options.seed` (default: from the clock, reported).
 * Returns `{ seed, passed: {law: count}, failures: [{law, case, message}], summary }`.
 */
export function checkLaws(calendar, options = {}) {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const cases = options.cases ?? 200;
  const [y0, y1] = options.years ?? years(calendar);
  const lo = secondsOf(`${y0}-01-01T00:00:00Z`);
  const hi = secondsOf(`${y1}-12-31T00:00:00Z`);
  const near = edges(calendar, lo, hi);
  const dayLength = calendar.uniformDayLength(y0, y1);
  const kinds = ["complaint", "request", "incident"];
  const passed = {};
  const failures = [];
  for (const [name, law] of Object.entries(LAWS)) {
    const rand = rng(seed ^ [...name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
    const instant = () => {
      if (near.length && rand() < 0.5) return isoOf(near[Math.floor(rand() * near.length)] + Math.floor(rand() * 7) - 3);
      return isoOf(lo + Math.floor(rand() * (hi - lo)));
    };
    passed[name] = 0;
    for (let i = 0; i < cases; i++) {
      const secs = rand() < 0.5 ? Math.floor(rand() * HOUR) : Math.floor(rand() * 60 * HOUR);
      const days = Math.floor(rand() * 15);
      const neg = rand() < 0.5 ? "-" : "";
      const inSeconds = rand() < 0.5;
      const other = Math.floor(rand() * 60 * HOUR);
      const c = {
        t: instant(),
        t2: instant(),
        d: inSeconds ? `${neg}${fmt(secs)}` : `${neg}${days}d`,
        d2: inSeconds ? fmt(other) : `${Math.floor(rand() * 15)}d`,
        days,
        kind: kinds[Math.floor(rand() * kinds.length)],
        dayLength,
        ...(options.policy ? { policy: options.policy } : {}),
        secs,
        a: Math.floor(rand() * 40 * HOUR),
        c: Math.floor(rand() * 40 * HOUR),
        boundary: rand() < 0.5 ? "closing" : "opening",
      };
      const message = law(calendar, c);
      if (message === null) {
        passed[name]++;
        continue;
      }
      failures.push({ law: name, case: shrink(calendar, law, c), message });
      break;
    }
  }
  const lines = Object.entries(passed).map(([k, v]) => `${k}: ${v} passed`);
  for (const f of failures) lines.push(`FAILED ${f.law}: ${f.message}\n  case: ${JSON.stringify(f.case)}`);
  lines.push(`seed ${seed} (replay with checkLaws(calendar, { seed: ${seed}, cases: ${cases} }))`);
  return { seed, passed, failures, summary: lines.join("\n") };
}

/** Halves the durations while the law still fails. */
function shrink(cal, law, c) {
  let best = { ...c };
  for (const key of ["secs", "a", "c"]) {
    for (let i = 0; i < 40 && best[key] > 0; i++) {
      const trial = { ...best, [key]: Math.floor(best[key] / 2) };
      if (law(cal, trial) === null) break;
      best = trial;
    }
  }
  return best;
}
