// The SLA-only entry `loket-wasm/sla` and the numeric fast paths, in Node.js: the
// same answers as the full entry, only what the entry promises, calendars compiled in
// proportion to use, and clear errors for bad numbers.
// Run from wasm/tests after `cargo xtask wasm`:  node --test
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { throwsLoket } from "./loket-error.mjs";
import { readFileSync } from "node:fs";
import * as full from "../../target/npm/loket-wasm/node.js";
import * as sla from "../../target/npm/loket-wasm/sla/node.js";

const { Calendar, Profile, ParsedDuration, setLanguage } = sla;

afterEach(() => setLanguage("id"));


const ms = (iso) => Date.parse(iso);
const thisYear = new Date().getUTCFullYear();

describe("the SLA-only entry", () => {
  test("exports the calendar, the profile and durations, not intake, tickets or reports", () => {
    for (const name of ["Calendar", "Profile", "ParsedDuration", "setLanguage", "getLanguage", "default", "initSync"]) {
      assert.ok(name in sla, `${name} is exported`);
    }
    for (const name of ["Ticket", "FactsArchive"]) assert.ok(!(name in sla), `${name} is not in loket-wasm/sla`);
    const p = Profile.jatengprov();
    for (const m of ["intake", "products", "contacts", "reportFromJson"]) {
      assert.equal(typeof p[m], "undefined", `Profile.${m} is not in loket-wasm/sla`);
    }
    // The package declares the entry.
    const pkg = JSON.parse(readFileSync(new URL("../../target/npm/loket-wasm/package.json", import.meta.url), "utf8"));
    assert.equal(pkg.exports["./sla"].types, "./sla/loket_sla.d.ts");
    const dts = readFileSync(new URL("../../target/npm/loket-wasm/sla/loket_sla.d.ts", import.meta.url), "utf8");
    assert.match(dts, /addMillis\(start: number, seconds: number, boundary\?: Boundary\): number;/);
    assert.doesNotMatch(dts, /export class Ticket/);
  });

  test("gives the full entry's answers: deadlines, explanations, status, text", () => {
    const a = Profile.jatengprov();
    const b = full.Profile.jatengprov();
    for (const at of ["2024-04-03T09:00:00+07:00", "2026-12-31T15:00:00+07:00", "2025-06-06T10:00:00+07:00", "2027-03-30T08:00:00+07:00"]) {
      for (const kind of ["complaint", "request", "incident"]) {
        assert.deepEqual(a.deadline(kind, at), b.deadline(kind, at), `${kind} at ${at}`);
        const d = a.deadline(kind, at).value;
        assert.equal(a.deadlineMillis(kind, ms(at)), ms(d.due), `deadlineMillis ${kind} at ${at}`);
        assert.equal(
          a.calendar.renderExplanation(d.explanation, { lang: "en" }),
          b.calendar.renderExplanation(d.explanation, { lang: "en" }),
        );
      }
      assert.deepEqual(a.calendar.status(at), b.calendar.status(at));
      assert.equal(a.calendar.formatInstant(at), b.calendar.formatInstant(at));
    }
    assert.deepEqual(a.policy(), b.policy());
    assert.deepEqual(a.calendar.holidays("2026-01-01T00:00:00+07:00", 5), b.calendar.holidays("2026-01-01T00:00:00+07:00", 5));
    const received = new Float64Array([ms("2024-04-03T09:00:00+07:00"), ms("2026-12-31T15:00:00+07:00")]);
    assert.deepEqual(
      [...a.deadlineMillisBatch("request", received)],
      [...received].map((t) => a.deadlineMillis("request", t)),
    );
  });

  test("a profile from files: calendar and policy (no desk)", () => {
    const calendar = JSON.stringify(Calendar.jatengprov().spec());
    const p = Profile.fromFiles(calendar, JSON.stringify({ complaint: "4h", request: "2d", incident: "2h" }));
    assert.equal(
      new Date(p.deadlineMillis("complaint", ms("2024-03-01T13:00:00+07:00"))).toISOString(),
      "2024-03-04T03:00:00.000Z", // Friday 13:00 + 4h: one hour on Friday, three on Monday: 10:00 WIB
    );
    throwsLoket(() => Profile.fromFiles("{", undefined), "input.syntax");
  });

  test("ships Indonesia's zones and UTC only: another zone is refused, by name", () => {
    const week = { mon: ["08:00-16:00"] };
    for (const timezone of ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura", "UTC"]) {
      assert.equal(Calendar.fromSpec({ timezone, week }).timezone, timezone);
    }
    for (const timezone of ["Europe/Berlin", "America/New_York"]) {
      const e = throwsLoket(() => Calendar.fromSpec({ timezone, week }), "calendar.unknown_timezone");
      assert.match(e.message, new RegExp(timezone));
      // The full entry has them (DST calendars compared with the native core).
      assert.equal(full.Calendar.fromSpec({ timezone, week }).timezone, timezone);
    }
  });
});

describe("calendars compile in proportion to use", () => {
  test("a new calendar compiles the years around today, and the whole horizon only when asked beyond", () => {
    const cal = Calendar.fromSpec(Calendar.jatengprov().spec());
    assert.deepEqual(cal.compiledYears, { from: thisYear - 1, to: thisYear + 1 });
    const now = Date.now();
    cal.isOpenMillis(now);
    cal.addMillis(now, 8 * 3600);
    assert.deepEqual(cal.compiledYears, { from: thisYear - 1, to: thisYear + 1 }, "questions about today stay in the window");
    // A question about 1999: the whole horizon is compiled, the answer is the same as
    // a calendar compiled whole from the start would give (the full entry's).
    const old = "1999-06-01T09:00:00+07:00";
    assert.equal(cal.add(old, "3d").value, full.Calendar.jatengprov().add(old, "3d").value);
    assert.deepEqual(cal.compiledYears, { from: 1970, to: 2100 });
    // The spec is the one given (the window is not part of it).
    assert.equal(cal.spec().horizon, undefined);
  });

  test("a question whose answer leaves the window is answered by the whole calendar", () => {
    const cal = Calendar.fromSpec(Calendar.jatengprov().spec());
    const start = ms(`${thisYear + 1}-12-28T09:00:00+07:00`);
    // 30 operational days from late next December end in the year after: outside.
    const due = cal.addDurationMillis(start, ParsedDuration.parse("30d"));
    assert.ok(new Date(due).getUTCFullYear() === thisYear + 2, new Date(due).toISOString());
    assert.deepEqual(cal.compiledYears, { from: 1970, to: 2100 });
    assert.equal(due, ms(full.Calendar.jatengprov().add(start, "30d").value));
  });

  test("errors past the horizon name the whole horizon, not the window", () => {
    const cal = Calendar.fromSpec(Calendar.jatengprov().spec());
    const e = throwsLoket(() => cal.addMillis(ms("2150-01-01T00:00:00Z"), 3600), "sla.outside_horizon");
    assert.match(e.message, /1970-01-01/);
    assert.match(e.message, /2100-12-31/);
  });
});

describe("numeric fast paths", () => {
  const cal = Calendar.jatengprov();

  test("the worked examples, as numbers", () => {
    // Friday 13:30 + 1 hour: Monday 07:30 (the weekend does not count).
    assert.equal(cal.addMillis(ms("2024-03-01T13:30:00+07:00"), 3600), ms("2024-03-04T07:30:00+07:00"));
    assert.equal(cal.addDurationMillis(ms("2024-02-29T15:00:00+07:00"), ParsedDuration.parse("1d")), ms("2024-03-01T14:00:00+07:00"));
    assert.equal(
      cal.addDurationMillis(ms("2024-02-29T15:00:00+07:00"), ParsedDuration.parse("1d"), "opening"),
      ms("2024-03-04T07:00:00+07:00"),
    );
    assert.equal(cal.betweenMillis(ms("2024-03-01T13:00:00+07:00"), ms("2024-03-04T08:00:00+07:00")), 7200);
    assert.equal(cal.betweenMillis(ms("2024-03-04T08:00:00+07:00"), ms("2024-03-01T13:00:00+07:00")), -7200);
    assert.equal(cal.subMillis(ms("2024-03-04T07:30:00+07:00"), 3600), ms("2024-03-01T13:30:00+07:00"));
    assert.equal(cal.isOpenMillis(ms("2024-03-02T10:00:00+07:00")), false);
    assert.equal(cal.nextOpeningMillis(ms("2024-03-02T10:00:00+07:00")), ms("2024-03-04T07:00:00+07:00"));
    // Milliseconds are read to the second, as every instant of the engine.
    assert.equal(cal.addMillis(ms("2024-03-04T08:00:00.999+07:00"), 0), ms("2024-03-04T08:00:00+07:00"));
  });

  test("ParsedDuration", () => {
    const d = ParsedDuration.parse("8h30m");
    assert.equal(d.seconds, 30_600);
    assert.equal(d.days, undefined);
    assert.equal(d.toString(), "8h30m");
    assert.equal(ParsedDuration.parse("2d").days, 2);
    assert.equal(ParsedDuration.ofSeconds(5400).toString(), "1h30m");
    assert.equal(ParsedDuration.ofDays(-3).toString(), "-3d");
    throwsLoket(() => ParsedDuration.parse("8 jam"), "input.invalid_duration");
    throwsLoket(() => ParsedDuration.ofDays(1.5), "input.invalid_duration");
    throwsLoket(() => ParsedDuration.ofSeconds(Infinity), "input.invalid_duration");
  });

  test("bad numbers are clear errors, in both languages", () => {
    const t = ms("2024-03-04T08:00:00+07:00");
    for (const bad of [NaN, Infinity, -Infinity, 9e15]) {
      throwsLoket(() => cal.addMillis(bad, 60), "input.invalid_instant");
      throwsLoket(() => cal.betweenMillis(t, bad), "input.invalid_instant");
    }
    const e = throwsLoket(() => cal.addMillis(t, 1.5), "input.invalid_duration");
    assert.match(e.message, /bilangan bulat detik/);
    setLanguage("en");
    assert.match(throwsLoket(() => cal.addMillis(t, NaN), "input.invalid_duration").message, /whole number of seconds/);
    throwsLoket(() => cal.addMillis(t, 60, "noon"), "input.invalid_boundary");
    throwsLoket(() => Profile.jatengprov().deadlineMillis("question", t), "input.invalid_kind");
  });

  test("a batch names the first element without an answer", () => {
    const starts = new Float64Array([ms("2024-03-04T08:00:00+07:00"), NaN, ms("2024-03-05T08:00:00+07:00")]);
    const e = throwsLoket(() => cal.addMillisBatch(starts, 60), "input.invalid_instant");
    assert.match(e.message, /^starts\[1\]: /);
    assert.equal(e.index, 1);
    throwsLoket(() => cal.betweenMillisBatch(new Float64Array(2), new Float64Array(3)), "input.invalid_argument");
    const out = cal.addMillisBatch(new Float64Array([]), 60);
    assert.ok(out instanceof Float64Array);
    assert.equal(out.length, 0);
    // A batch of a million instants in one call.
    const many = new Float64Array(1_000_000).map((_, i) => ms("2025-01-01T00:00:00+07:00") + i * 31_000);
    const due = cal.addMillisBatch(many, 8 * 3600);
    assert.equal(due.length, many.length);
    assert.equal(due[999_999], cal.addMillis(many[999_999], 8 * 3600));
  });
});
