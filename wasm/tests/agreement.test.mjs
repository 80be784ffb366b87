// The WebAssembly build and the native core agree: the same random calendars and
// instants give the same answers through both. The cases and the native answers are
// written by `cargo xtask wasm-cases` (from loket_core::testing's generators) into
// target/npm/agreement-cases.json; `cargo xtask test` writes them before this runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { Calendar } from "../../target/npm/loket-wasm/node.js";

const path = new URL("../../target/npm/agreement-cases.json", import.meta.url);

function wasm(f) {
  try {
    return { ok: f() };
  } catch (e) {
    if (!(e instanceof Error) || e.name !== "LoketError") throw e;
    return { error: e.code };
  }
}

test("wasm and native agree on random calendars and instants", () => {
  assert.ok(existsSync(path), "target/npm/agreement-cases.json is missing: run `cargo xtask wasm-cases` first");
  const doc = JSON.parse(readFileSync(path, "utf8"));
  let checked = 0;
  for (const { calendar, cases } of doc.calendars) {
    const cal = Calendar.fromSpec(calendar);
    for (const c of cases) {
      const where = `seed ${doc.seed}, zone ${calendar.timezone}, case ${JSON.stringify({ a: c.a, b: c.b, d: c.duration, boundary: c.boundary })}`;
      assert.deepEqual(wasm(() => cal.add(c.a, c.duration, { boundary: c.boundary }).value), c.add, `add: ${where}`);
      assert.deepEqual(wasm(() => cal.sub(c.a, c.duration, { boundary: c.boundary }).value), c.sub, `sub: ${where}`);
      assert.deepEqual(wasm(() => cal.between(c.a, c.b).value), c.between, `between: ${where}`);
      assert.deepEqual(wasm(() => cal.isOpen(c.a)), c.isOpen, `isOpen: ${where}`);
      const next = wasm(() => cal.nextOpening(c.a) ?? null);
      assert.deepEqual(next, c.nextOpening, `nextOpening: ${where}`);
      checked++;
    }
  }
  assert.ok(checked >= 1000, `only ${checked} cases`);
});
