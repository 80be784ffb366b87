// checkLaws (loket-wasm/laws): the arithmetic's laws for a calendar a web team ships.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Calendar } from "../../target/npm/loket-wasm/node.js";
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
