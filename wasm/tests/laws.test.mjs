// checkLaws (loket-wasm/laws): the arithmetic's laws for a calendar a web team ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Calendar, lawNames } from "../../target/npm/loket-wasm/node.js";
import { checkLaws, LAWS } from "../../target/npm/loket-wasm/laws.js";

test("the default calendar holds every law, and a seed replays the run", () => {
  const cal = Calendar.jatengprov();
  const a = checkLaws(cal, { cases: 150, seed: 11 });
  assert.equal(a.failures.length, 0, a.summary);
  assert.deepEqual(Object.keys(a.passed), Object.keys(LAWS));
  for (const n of Object.values(a.passed)) assert.ok(n > 0);
  const b = checkLaws(cal, { cases: 150, seed: 11 });
  assert.deepEqual(b.passed, a.passed);
  assert.match(a.summary, /seed 11 \(replay with checkLaws\(calendar, \{ seed: 11, cases: 150 \}\)\)/);
});

test("a calendar with DST holds the laws too", () => {
  const spec = { timezone: "Europe/Berlin", week: { mon: ["00:00-24:00"], tue: ["08:00-12:00", "13:00-17:00"], sat: ["01:30-03:30"], sun: ["02:00-03:00"] }, covers: { from: 2024, to: 2025 } };
  const r = checkLaws(Calendar.fromSpec(spec), { cases: 150, seed: 5 });
  assert.equal(r.failures.length, 0, r.summary);
});

test("a broken arithmetic is caught, shrunk and reported with its seed", () => {
  // A calendar whose `add` is off by one second for long durations, as a bug would be.
  const cal = Calendar.jatengprov();
  const broken = new Proxy(cal, {
    get(target, prop) {
      if (prop === "add") {
        return (t, d, o) => {
          const r = target.add(t, d, o);
          if (/^\d+h/.test(d) && Number(d.split("h")[0]) >= 3) {
            r.value = new Date(new Date(r.value).getTime() + 1000).toISOString();
          }
          return r;
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  const r = checkLaws(broken, { cases: 300, seed: 3 });
  const f = r.failures.find((x) => x.law === "between_inverts_add");
  assert.ok(f, r.summary);
  assert.ok(f.case.secs >= 3 * 3600 && f.case.secs < 6 * 3600 + 3600, `shrunk towards the smallest failing duration: ${f.case.secs}`);
  assert.match(r.summary, /FAILED between_inverts_add/);
});

test("every law of the core is checked, in the core's order", () => {
  // lawNames() is loket_core::laws::ALL: a law added to the core and not here fails.
  assert.deepEqual(Object.keys(LAWS), lawNames());
  assert.equal(lawNames().length, 11);
  const r = checkLaws(Calendar.jatengprov(), { cases: 20, seed: 7 });
  assert.deepEqual(Object.keys(r.passed), lawNames());
});

test("the laws that run inside the engine: days against hours, reachable deadlines", () => {
  const uniform = Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["08:00-16:00"], tue: ["08:00-16:00"], wed: ["08:00-16:00"], thu: ["08:00-16:00"], fri: ["08:00-16:00"] }, covers: { from: 2024, to: 2025 } });
  assert.equal(uniform.uniformDayLength(2024, 2025), 8 * 3600);
  // The standard's calendar closes earlier on Fridays: days differ, the law does not apply.
  assert.equal(Calendar.jatengprov().uniformDayLength(2026, 2026), null);
  const t = "2024-03-04T09:00:00+07:00";
  assert.equal(uniform.checkLaw("days_match_hours", { t, days: 3, dayLength: 8 * 3600, boundary: "closing" }), null);
  // A wrong day length is a counterexample the core reports.
  assert.match(uniform.checkLaw("days_match_hours", { t, days: 3, dayLength: 7 * 3600, boundary: "closing" }), /law days_match_hours does not hold/);
  assert.equal(uniform.checkLaw("deadline_reachable", { t, kind: "incident" }), null);
  assert.equal(uniform.checkLaw("add_is_monotone_in_d", { t, d: "2h", d2: "30m", boundary: "opening" }), null);
  const r = checkLaws(uniform, { cases: 100, seed: 9 });
  assert.equal(r.failures.length, 0, r.summary);
  assert.throws(() => uniform.checkLaw("no_such_law", { t }), (e) => e.code === "input.unknown_law" && /add_moves_forward/.test(e.message));
});
