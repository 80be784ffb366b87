// Reports in the npm package: an export written by the CLI (`loket report export`,
// the same bytes the service serves) opened in place with FactsArchive; every
// report equal to the one the CLI computes natively from the same export; the JSON
// path (Profile.reportFromJson) equal too; damaged and foreign bytes refused with
// LoketError codes, never a crash.
//
// Needs: cargo build -p loket-cli --bin loket; cargo xtask wasm. Run: node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FactsArchive, Profile, setLanguage } from "../../target/npm/loket-wasm/report/node.js";
import { root } from "./serve.mjs";

const LOKET = process.env.LOKET_BIN ?? path.join(root, "target/debug/loket");
let dir, file, bytes;

const loket = (args) => execFileSync(LOKET, args, { encoding: "utf8", timeout: 120_000 });

before(() => {
  assert.ok(existsSync(LOKET), `no ${LOKET}: cargo build -p loket-cli --bin loket`);
  dir = mkdtempSync(path.join(tmpdir(), "loket-report-"));
  file = path.join(dir, "q1.facts");
  loket(["report", "export", "--simulate", "7", "--from", "2026-01-01", "--to", "2026-03-31", "--out", file]);
  bytes = new Uint8Array(readFileSync(file));
});

after(() => {
  setLanguage("id");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (...args) => JSON.parse(loket(["report", "--export", file, "--format", "json", ...args]));

test("an export opens in place and reports what the CLI reports", () => {
  const a = FactsArchive.open(bytes);
  const native = cli();
  assert.equal(a.length, native.tickets);
  assert.equal(a.byteLength, bytes.length);
  assert.deepEqual(a.period, native.period);
  assert.equal(a.asOf, native.asOf);
  assert.deepEqual(a.report(), native);
  // Filters and a shorter period, computed in the page.
  assert.deepEqual(
    a.report({ filter: { application: "e-penatausahaan", kind: "incident" } }),
    cli("--application", "e-penatausahaan", "--kind", "incident"),
  );
  assert.deepEqual(
    a.report({ from: "2026-02-01T00:00:00+07:00", to: "2026-03-01T00:00:00+07:00", filter: { tier: "application_staff" } }),
    cli("--from", "2026-02-01", "--to", "2026-02-28", "--tier", "application_staff"),
  );
  // English on request; the explanation speaks it.
  const en = a.report({ lang: "en" });
  assert.equal(en.tickets, native.tickets);
  assert.match(en.breaches[0].explanation, /^received /);
  assert.match(native.breaches[0].explanation, /^diterima /);
  // The longest breaches only, as a page lists them: the same report, its list cut.
  const top = a.report({ breaches: 3 });
  assert.deepEqual(top, { ...native, breaches: native.breaches.slice(0, 3) });
  assert.throws(() => a.report({ breaches: -1 }), (e) => e.code === "input.invalid_object");
  // On the profile it carries, or another.
  assert.deepEqual(a.reportOn(Profile.jatengprov()), native);
  assert.equal(a.profile().products().length, 7);
  a.free();
});

test("the JSON path gives the same report", () => {
  const a = FactsArchive.open(bytes);
  const facts = a.facts();
  assert.equal(facts.length, a.length);
  assert.match(facts[0].number, /^JTG-2026-\d{6}$/);
  // No personal data in the facts: no names of reporters, no contacts, no text.
  assert.ok(!/reporter|phone|email|body|solution/.test(Object.keys(facts[0]).join(" ")));
  const viaJson = Profile.jatengprov().reportFromJson(JSON.stringify(facts), { from: a.period.from, to: a.period.to });
  const { intake: _, ...inPlace } = a.report();
  assert.deepEqual(viaJson, inPlace);
});

test("damaged or foreign bytes are refused with a code, never a crash", () => {
  const refused = (b, code) =>
    assert.throws(() => FactsArchive.open(b), (e) => e.name === "LoketError" && e.code === code, code);
  refused(new TextEncoder().encode("tickets,met\n1,1\n"), "export.not_an_export");
  refused(new Uint8Array(0), "export.not_an_export");
  refused(bytes.slice(0, bytes.length >> 1), "export.malformed");
  const v2 = bytes.slice();
  v2[12] = 2;
  refused(v2, "export.version");
  // Flipped bytes anywhere: an error or a consistent report, never a trap.
  let opened = 0;
  for (let i = 0; i < 200; i++) {
    const b = bytes.slice();
    const at = 16 + ((i * 7919 + 104729) % (b.length - 16));
    b[at] ^= 0x5a;
    try {
      const a = FactsArchive.open(b);
      const r = a.report();
      assert.ok(r.tickets <= a.length);
      a.free();
      opened++;
    } catch (e) {
      // The archive's checks, or the carried profile's when it is compiled.
      assert.equal(e.name, "LoketError", String(e));
      assert.match(e.code, /^(export|input|calendar|desk)\./, e.message);
    }
  }
  assert.ok(opened < 200);
  setLanguage("en");
  assert.throws(() => FactsArchive.open(new Uint8Array(3)), /not a Loket ticket-facts export/);
  setLanguage("id");
  assert.throws(() => FactsArchive.open(new Uint8Array(3)), /bukan ekspor fakta tiket Loket/);
});
