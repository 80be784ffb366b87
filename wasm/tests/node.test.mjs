// The npm package loket-wasm in Node.js: the worked examples of docs/sla-arithmetic.md,
// input conversions, deadlines, intake, a ticket journey, errors, and robustness.
// Run from wasm/tests after `cargo xtask wasm`:  node --test
import { test, describe, afterEach } from "node:test";
import assert from "node:assert/strict";
import { throwsLoket } from "./loket-error.mjs";
import {
  Calendar,
  Profile,
  Ticket,
  setLanguage,
  getLanguage,
} from "../../target/npm/loket-wasm/node.js";

const cal = Calendar.jatengprov();
const profile = Profile.jatengprov();

afterEach(() => setLanguage("id"));


const staff = (at, e) => ({ at, by: { type: "staff", name: "Petugas 1" }, ...e });

describe("worked examples (docs/sla-arithmetic.md §6)", () => {
  const cases = [
    // start, duration, closing, opening
    ["2024-03-01T13:30:00+07:00", "1d", "2024-03-04T13:30:00+07:00", "2024-03-04T13:30:00+07:00"],
    ["2024-02-29T15:00:00+07:00", "1d", "2024-03-01T14:00:00+07:00", "2024-03-04T07:00:00+07:00"],
    ["2024-03-02T10:00:00+07:00", "1d", "2024-03-04T15:30:00+07:00", "2024-03-05T07:00:00+07:00"],
    ["2024-04-03T09:00:00+07:00", "10d", "2024-04-25T09:00:00+07:00", "2024-04-25T09:00:00+07:00"],
  ];
  for (const [start, d, closing, opening] of cases) {
    test(`${start} + ${d}`, () => {
      assert.deepEqual(cal.add(start, d), { value: closing, uncoveredYears: [], provisionalYears: [], provisionalDates: [] });
      assert.deepEqual(cal.add(start, d, { boundary: "closing" }).value, closing);
      assert.deepEqual(cal.add(start, d, { boundary: "opening" }).value, opening);
    });
  }

  test("collective leave open: Wed 2024-04-03 09:00 + 10d = Fri 2024-04-19 09:00", () => {
    const open = Calendar.fromSpec({ ...cal.spec(), collective_leave_off: false });
    assert.equal(open.add("2024-04-03T09:00:00+07:00", "10d").value, "2024-04-19T09:00:00+07:00");
    // the original calendar is unchanged
    assert.equal(cal.add("2024-04-03T09:00:00+07:00", "10d").value, "2024-04-25T09:00:00+07:00");
    open.free();
  });

  test("between is signed (§3)", () => {
    const a = "2024-03-01T13:00:00+07:00";
    const b = "2024-03-04T08:00:00+07:00";
    assert.deepEqual(cal.between(a, b), { value: 7200, uncoveredYears: [], provisionalYears: [], provisionalDates: [] });
    assert.equal(cal.between(b, a).value, -7200);
    assert.equal(cal.between(a, a).value, 0);
    // closing time and the next opening are the same operational instant
    assert.equal(cal.between("2024-03-01T14:00:00+07:00", "2024-03-04T07:00:00+07:00").value, 0);
  });

  test("hours: Fri 13:00 + 3h = Mon 09:00; sub mirrors add", () => {
    assert.equal(cal.add("2024-03-01T13:00:00+07:00", "3h").value, "2024-03-04T09:00:00+07:00");
    assert.equal(cal.sub("2024-03-04T09:00:00+07:00", "3h").value, "2024-03-01T13:00:00+07:00");
    assert.equal(cal.add("2024-03-04T07:00:00+07:00", "8h30m").value, "2024-03-04T15:30:00+07:00");
    assert.equal(cal.add("2024-03-04T07:00:00+07:00", "8h30m", { boundary: "opening" }).value, "2024-03-05T07:00:00+07:00");
    assert.equal(cal.add("2024-03-04T07:00:00+07:00", "-1h").value, cal.sub("2024-03-04T07:00:00+07:00", "1h").value);
  });

  test("explanation of Sat 10:00 + 1d, in both languages", () => {
    const e = cal.explainAdd("2024-03-02T10:00:00+07:00", "1d");
    assert.equal(Date.parse(e.end), Date.parse("2024-03-04T15:30:00+07:00"));
    assert.equal(e.operationalSeconds, 30600);
    assert.equal(e.boundary, "closing");
    assert.equal(e.backward, false);
    assert.deepEqual(e.days.countedDays, ["2024-03-05"]);
    assert.equal(Date.parse(e.days.startInHours), Date.parse("2024-03-04T07:00:00+07:00"));
    assert.equal(Date.parse(e.days.landing), Date.parse("2024-03-05T07:00:00+07:00"));
    const counted = e.stretches.filter((s) => s.type === "counted");
    assert.deepEqual(counted.map((s) => s.seconds), [30600]);
    assert.ok(e.stretches.some((s) => s.type === "skipped" && s.reason === "no_hours"));
    const id = cal.renderExplanation(e);
    assert.match(id, /Senin, 4 Maret 2024 15:30 WIB/);
    const en = cal.renderExplanation(e, { lang: "en" });
    assert.match(en, /Monday, 4 March 2024 15:30 WIB/);
    assert.match(en, /no service hours/);
  });

  test("explanation names the holidays skipped (Idul Fitri 2024)", () => {
    const e = cal.explainAdd("2024-04-03T09:00:00+07:00", "10d");
    const names = e.stretches.filter((s) => s.type === "skipped" && s.reason === "holiday").map((s) => `${s.name}/${s.kind}`);
    assert.ok(names.includes("Idul Fitri 1445 H/national"), names.join(", "));
    assert.ok(names.includes("Cuti bersama Idul Fitri/collective_leave"), names.join(", "));
    const b = cal.explainBetween("2024-03-01T13:00:00+07:00", "2024-03-04T08:00:00+07:00");
    assert.equal(b.operationalSeconds, 7200);
    const s = cal.explainSub("2024-03-04T09:00:00+07:00", "3h");
    assert.equal(s.backward, true);
  });
});

describe("instants in", () => {
  const iso = "2024-03-01T13:30:00+07:00";
  const ms = Date.parse(iso);
  test("Date, ISO string (any offset) and epoch ms give the same result", () => {
    const want = "2024-03-04T13:30:00+07:00";
    for (const start of [iso, "2024-03-01T06:30:00Z", "2024-03-01T15:30:00+09:00", new Date(ms), ms]) {
      assert.equal(cal.add(start, "1d").value, want, String(start));
    }
  });
  test("fractions of a second are truncated", () => {
    assert.equal(cal.add(ms + 999, "1h").value, cal.add(ms, "1h").value);
    assert.equal(cal.add(new Date(ms + 500), "1h").value, cal.add(ms, "1h").value);
    assert.equal(cal.add("2024-03-01T06:30:00.750Z", "1h").value, cal.add(ms, "1h").value);
  });
  test("invalid instants are refused with input.invalid_instant", () => {
    for (const bad of ["", "yesterday", "2024-13-01T00:00:00Z", "2024-03-01", new Date("nope"), NaN, Infinity, 1e300, null, undefined, {}, [], true]) {
      throwsLoket(() => cal.add(bad, "1h"), "input.invalid_instant");
      throwsLoket(() => cal.isOpen(bad), "input.invalid_instant");
    }
  });
  test("instants outside the horizon are refused", () => {
    throwsLoket(() => cal.add("1960-01-01T00:00:00Z", "1h"), "sla.outside_horizon");
    throwsLoket(() => cal.add("2100-12-31T00:00:00Z", "100d"), "sla.beyond_horizon");
  });
  test("durations: bad text is refused with input.invalid_duration", () => {
    for (const bad of ["", "-", "1x", "1e9d", "1d2d", "99999999999d", "1.5h"]) {
      throwsLoket(() => cal.add(ms, bad), "input.invalid_duration");
    }
    assert.equal(Calendar.durationSeconds("8h30m"), 30600);
    assert.equal(Calendar.durationSeconds("90s"), 90);
    throwsLoket(() => Calendar.durationSeconds("1d"), "input.days_have_no_length");
  });
  test("boundary option is checked", () => {
    throwsLoket(() => cal.add(ms, "1d", { boundary: "middle" }), "input.invalid_boundary");
  });
});

describe("the calendar", () => {
  test("open at the opening instant, closed at the closing instant", () => {
    assert.equal(cal.isOpen("2024-03-04T07:00:00+07:00"), true);
    assert.equal(cal.isOpen("2024-03-04T15:29:59+07:00"), true);
    assert.equal(cal.isOpen("2024-03-04T15:30:00+07:00"), false);
    assert.equal(cal.isOpen("2024-03-11T10:00:00+07:00"), false); // Nyepi
  });
  test("status, nextOpening, previousClosing", () => {
    assert.deepEqual(cal.status("2024-03-02T10:00:00+07:00"), { state: "closed", opens: "2024-03-04T00:00:00Z" });
    assert.deepEqual(cal.status("2024-03-04T10:00:00+07:00"), { state: "open", until: "2024-03-04T08:30:00Z" });
    assert.equal(cal.nextOpening("2024-03-02T10:00:00+07:00"), "2024-03-04T07:00:00+07:00");
    assert.equal(cal.previousClosing("2024-03-04T10:00:00+07:00"), "2024-03-01T14:00:00+07:00");
  });
  test("spec, name, timezone, weekly hours, holidays", () => {
    assert.equal(cal.timezone, "Asia/Jakarta");
    assert.equal(cal.name, "Service Desk JatengProv");
    const spec = cal.spec();
    assert.deepEqual(spec.week.mon, ["07:00-15:30"]);
    assert.deepEqual(spec.week.fri, ["07:00-14:00"]);
    assert.deepEqual(spec.week.sat ?? [], []);
    const h = cal.holidays("2024-03-02T10:00:00+07:00", 2);
    assert.deepEqual(h, [
      { date: "2024-03-11", name: "Hari Suci Nyepi", kind: "national" },
      { date: "2024-03-12", name: "Cuti bersama Nyepi", kind: "collective_leave" },
    ]);
    assert.ok(cal.holidays(new Date("2024-01-01T00:00:00+07:00")).length >= 60);
  });
  test("formatInstant in both languages", () => {
    assert.equal(cal.formatInstant("2024-03-04T00:00:00Z"), "Senin, 4 Maret 2024 07:00 WIB");
    assert.equal(cal.formatInstant("2024-03-04T00:00:00Z", { lang: "en" }), "Monday, 4 March 2024 07:00 WIB");
  });
  test("fromSpec and fromText (JSON) build calendars; bad ones are refused with a code", () => {
    const c = Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["08:00-12:00"] } });
    assert.equal(c.add("2024-03-04T11:00:00+07:00", "2h").value, "2024-03-11T09:00:00+07:00");
    const j = Calendar.fromText(JSON.stringify({ timezone: "Asia/Jakarta", week: { mon: ["08:00-12:00"] } }));
    assert.equal(j.add("2024-03-04T11:00:00+07:00", "2h").value, "2024-03-11T09:00:00+07:00");
    throwsLoket(() => Calendar.fromSpec({ timezone: "Mars/Olympus" }), "calendar.unknown_timezone");
    throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["07:00-15:30", "15:00-16:00"] } }), "calendar.overlap");
    throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["16:00-15:00"] } }), "calendar.bad_interval");
    throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: {} }), "calendar.never_opens");
    throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", bogus: 1 }));
    throwsLoket(() => Calendar.fromText("{ not json"), "input.syntax");
  });
  test("a year the holiday list does not cover is reported", () => {
    assert.deepEqual(cal.add("2028-03-02T10:00:00+07:00", "1d").uncoveredYears, [2028]);
    assert.deepEqual(cal.between("2027-12-30T10:00:00+07:00", "2028-01-05T10:00:00+07:00").uncoveredYears, [2028]);
  });
  test("provisional 2027 dates are reported (estimates awaiting the joint decree)", () => {
    // Fri 2027-03-05 + 1d skips the provisional Nyepi of Mon 2027-03-08.
    const r = cal.add("2027-03-05T10:00:00+07:00", "1d");
    assert.equal(r.value, "2027-03-09T10:00:00+07:00");
    assert.deepEqual(r.uncoveredYears, []);
    assert.deepEqual(r.provisionalYears, [2027]);
    assert.deepEqual(r.provisionalDates, ["2027-03-08"]);
    const nyepi = cal.spec().holiday.find((h) => h.date === "2027-03-08");
    assert.equal(nyepi.provisional, true);
    assert.equal(typeof nyepi.source, "string");
  });
  test("laws on random 2025 instants: add ≥ start, between(t, add(t, 8h30m)) = 8h30m", () => {
    let s = 0x00010ce72025n;
    for (let i = 0; i < 2000; i++) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      const t = (1_735_664_400 + Number((s >> 33n) % 31_536_000n)) * 1000;
      const r = cal.add(t, "8h30m").value;
      assert.ok(Date.parse(r) >= t);
      assert.equal(cal.between(t, r).value, 30600);
      const back = cal.sub(r, "8h30m").value;
      assert.equal(cal.between(back, t).value, 0);
    }
  });
});

describe("deadlines", () => {
  test("request received Wed 2024-04-03 09:00 is due Thu 2024-04-25 09:00", () => {
    const d = profile.deadline("request", "2024-04-03T09:00:00+07:00");
    assert.equal(d.value.kind, "request");
    assert.equal(d.value.target, "10d");
    assert.equal(d.value.due, "2024-04-25T02:00:00Z");
    assert.equal(d.value.clockStarts, "2024-04-03T02:00:00Z");
    assert.match(cal.renderExplanation(d.value.explanation), /Kamis, 25 April 2024 09:00 WIB/);
  });
  test("complaint received Sunday night starts Monday 07:00, due Monday 15:30", () => {
    const d = profile.deadline("complaint", new Date("2026-11-29T22:29:00+07:00")).value;
    assert.equal(d.clockStarts, "2026-11-30T00:00:00Z");
    assert.equal(d.due, "2026-11-30T08:30:00Z");
    assert.equal(profile.deadline("incident", Date.parse("2026-11-29T22:29:00+07:00")).value.due, d.due);
  });
  test("policy and products", () => {
    assert.deepEqual(profile.policy(), { complaint: "1d", request: "10d", incident: "1d", boundary: "closing" });
    const ids = profile.products().map((p) => p.id);
    assert.deepEqual(ids, ["e-planning", "e-budgeting", "e-penatausahaan", "e-controlling", "laporangub", "tatapraja", "website"]);
    assert.equal(profile.calendar.timezone, "Asia/Jakarta");
  });
  test("unknown kind is refused", () => {
    throwsLoket(() => profile.deadline("question", Date.now()), "input.invalid_kind");
  });
  test("an uncovered year is reported", () => {
    assert.deepEqual(profile.deadline("complaint", "2028-03-02T10:00:00+07:00").uncoveredYears, [2028]);
  });
  test("a request received 2027-03-01 skips the provisional Idul Fitri and says so", () => {
    const d = profile.deadline("request", "2027-03-01T09:00:00+07:00");
    assert.equal(d.value.due, "2027-03-18T02:00:00Z");
    assert.deepEqual(d.provisionalDates, ["2027-03-08", "2027-03-10", "2027-03-11"]);
    const fitri = d.value.explanation.stretches.find((s) => s.reason === "holiday" && s.name === "Idul Fitri 1448 H");
    assert.equal(fitri.provisional, true);
    assert.match(cal.renderExplanation(d.value.explanation), /perkiraan, menunggu SKB/);
  });
  test(
    "Reckoning<Deadline> has uncoveredYears (declared required) when every year is covered",
    () => {
      assert.deepEqual(profile.deadline("complaint", "2024-03-02T10:00:00+07:00").uncoveredYears, []);
    },
  );
});

describe("intake", () => {
  const at = "2024-03-04T08:15:00+07:00";
  const msg = (m) => ({ channel: "whatsapp", application: "e-Penatausahaan", kind: "complaint", body: "SP2D tidak bisa dicetak", receivedAt: at, ...m });

  test("accepted: ticket events, deadline, answer with the number", () => {
    const r = profile.intake(msg({ reporter: { name: "Budi", phone: "0812-0000" } }), { number: "JTG-2024-000042", now: at });
    assert.equal(r.outcome.outcome, "accepted");
    assert.equal(r.outcome.due, "2024-03-05T01:15:00Z");
    assert.equal(r.outcome.clockStarts, "2024-03-04T01:15:00Z");
    assert.equal(r.outcome.receivedWhileClosed, false);
    assert.match(r.answer, /JTG-2024-000042/);
    assert.match(r.answer, /Selasa, 5 Maret 2024 08:15 WIB/);
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0].event, "received");
    assert.equal(r.events[0].number, "JTG-2024-000042");
    assert.equal(r.events[0].application, "e-penatausahaan");
    const en = profile.intake(msg({}), { number: "JTG-1", now: at, lang: "en" });
    assert.match(en.answer, /Tuesday, 5 March 2024 08:15 WIB/);
  });
  test("accepted while closed: the clock starts at the next opening", () => {
    const sat = "2024-03-02T10:00:00+07:00";
    const r = profile.intake(msg({ channel: "email", application: "jatengprov.go.id", receivedAt: sat }), { number: "JTG-2", now: sat });
    assert.equal(r.outcome.outcome, "accepted");
    assert.equal(r.outcome.receivedWhileClosed, true);
    assert.equal(r.outcome.clockStarts, "2024-03-04T00:00:00Z");
    assert.equal(r.outcome.due, "2024-03-04T08:30:00Z");
  });
  test("refused: phone and the other spoken channels, naming the written ones", () => {
    for (const channel of ["phone", "voice_call", "video_call", "voice_message"]) {
      const r = profile.intake(msg({ channel }), { number: "X", now: at });
      assert.equal(r.outcome.outcome, "refused", channel);
      assert.deepEqual(r.outcome.refusal, { reason: "not_written", channel });
      assert.equal(r.events, undefined);
      assert.match(r.answer, /WhatsApp/);
      assert.match(r.answer, /email/i);
    }
    const en = profile.intake(msg({ channel: "phone" }), { now: at, lang: "en" });
    assert.match(en.answer, /writing|written/i);
  });
  test("refused: out of scope, or no application named", () => {
    const r = profile.intake(msg({ application: "SIMPEG" }), { now: at });
    assert.deepEqual(r.outcome, { outcome: "refused", refusal: { reason: "out_of_scope", application: "SIMPEG" } });
    assert.match(r.answer, /e-Penatausahaan/);
    const none = profile.intake(msg({ application: null }), { now: at });
    assert.equal(none.outcome.outcome, "refused");
    assert.equal(none.outcome.refusal.reason, "out_of_scope");
  });
  test("refused: empty message", () => {
    const r = profile.intake(msg({ body: "  " }), { now: at });
    assert.deepEqual(r.outcome, { outcome: "refused", refusal: { reason: "empty" } });
  });
  test("referred: feedback about the desk itself", () => {
    const r = profile.intake(msg({ application: null, aboutDesk: true, body: "Petugas lambat membalas" }), { number: "JTG-7", now: at });
    assert.equal(r.outcome.outcome, "referred");
    assert.match(r.answer, /Kepala Dinas Komunikasi dan Informatika/);
    assert.equal(r.events.length, 1);
    const t = Ticket.replay(r.events);
    assert.equal(t.stateName, "referred");
    t.free();
  });
  test("a message received after `now` is taken as `now`", () => {
    const r = profile.intake(msg({ receivedAt: "2024-03-05T08:15:00+07:00" }), { number: "N", now: at });
    assert.equal(r.outcome.clockStarts, "2024-03-04T01:15:00Z");
  });
  test("a malformed message is refused with input.invalid_object", () => {
    throwsLoket(() => profile.intake({}), "input.invalid_object");
    throwsLoket(() => profile.intake(null), "input.invalid_object");
    throwsLoket(() => profile.intake(msg({ channel: "pigeon" })), "input.invalid_object");
    throwsLoket(() => profile.intake(msg({}), { now: "garbage" }), "input.invalid_instant");
  });
});

describe("a ticket's journey", () => {
  test("received → executing → change management → information security → solution → closed", () => {
    const at = "2024-03-04T08:15:00+07:00";
    const r = profile.intake(
      { channel: "email", application: "lapor gub", kind: "complaint", body: "Laporan tidak tersimpan", receivedAt: at, reporter: { name: "Siti", phone: "0812" } },
      { number: "JTG-2024-000100", now: at },
    );
    const t = Ticket.replay(r.events);
    assert.equal(t.number, "JTG-2024-000100");
    assert.equal(t.stateName, "received");
    assert.ok(t.allowed().some((a) => a.event === "create_ticket"));

    t.apply(profile, staff("2024-03-04T08:20:00+07:00", { event: "create_ticket" }));
    assert.equal(t.stateName, "executing");
    assert.equal(t.toJSON().tier, "application_staff");

    // refused transition: application staff do not deliver solutions themselves
    const before = t.events().length;
    const e = throwsLoket(() => t.apply(profile, staff("2024-03-04T08:30:00+07:00", { event: "deliver_solution", solution: "x" })), "ticket.transition_refused");
    assert.match(e.message, /JTG-2024-000100/);
    assert.match(e.message, /executing/);
    assert.equal(t.events().length, before, "a refused event changes nothing");
    assert.equal(t.stateName, "executing");
    // out of order
    throwsLoket(() => t.apply(profile, staff("2024-03-04T08:00:00+07:00", { event: "forward", to: "change_management" })), "ticket.out_of_order");

    t.apply(profile, staff("2024-03-04T09:00:00+07:00", { event: "forward", to: "change_management" }));
    t.apply(profile, staff("2024-03-04T10:00:00+07:00", { event: "forward", to: "information_security" }));
    assert.equal(t.stateName, "information_security");
    const running = t.clocks(profile, "2024-03-04T10:00:00+07:00");
    assert.equal(running[0].kind, "resolution");
    assert.equal(running[0].status, "on_track");
    assert.equal(running[0].running, true);
    assert.equal(running[0].elapsed, 6300);
    assert.equal(running[0].budget, 30600);
    assert.equal(running[0].remaining, 30600 - 6300);

    t.apply(profile, staff("2024-03-04T11:00:00+07:00", { event: "deliver_solution", solution: "Konfigurasi diperbaiki" }));
    assert.equal(t.stateName, "solution_delivered");
    t.apply(profile, staff("2024-03-04T12:00:00+07:00", { event: "close" }));
    assert.equal(t.stateName, "closed");
    const [clock] = t.clocks(profile, "2024-03-06T12:00:00+07:00");
    assert.equal(clock.status, "met");
    assert.equal(clock.running, false);
    assert.equal(clock.elapsed, 9900);
    assert.equal(t.nextSlaCheck(profile, "2024-03-04T12:00:00+07:00"), undefined);

    // personal data only on request
    assert.deepEqual(t.toJSON().reporter, {});
    assert.deepEqual(t.toJSON({ personalData: true }).reporter, { name: "Siti", phone: "0812" });
    assert.equal(JSON.parse(JSON.stringify(t)).number, "JTG-2024-000100");
    const text = t.timeline(profile, "2024-03-04T12:00:00+07:00", { lang: "en" });
    assert.match(text, /JTG-2024-000100/);
    assert.match(text, /closed/);
    assert.doesNotMatch(text, /Siti|0812/);

    // replaying the events rebuilds the same ticket
    const again = Ticket.replay(t.events());
    assert.deepEqual(again.toJSON({ personalData: true }), t.toJSON({ personalData: true }));
    assert.equal(Date.parse(t.explainDeadline(profile).end), Date.parse("2024-03-05T08:15:00+07:00"));
    again.free();
    t.free();
  });
  test("SLA clock breaches in operational time; nextSlaCheck names when", () => {
    const at = "2024-03-01T13:00:00+07:00"; // Friday; 1d → Monday 13:00
    const r = profile.intake({ channel: "whatsapp", application: "tatapraja", kind: "complaint", body: "x", receivedAt: at }, { number: "B", now: at });
    const t = Ticket.replay(r.events);
    const next = t.nextSlaCheck(profile, at);
    assert.ok(next, "a warning or breach is scheduled");
    const [c] = t.clocks(profile, "2024-03-05T10:00:00+07:00");
    assert.equal(c.status, "breached");
    assert.ok(c.remaining < 0);
    t.free();
  });
  test("replay refuses a history that does not start with received", () => {
    throwsLoket(() => Ticket.replay([]), "ticket.bad_history");
    throwsLoket(() => Ticket.replay([staff("2024-03-04T08:20:00+07:00", { event: "create_ticket" })]));
    throwsLoket(() => Ticket.replay(null), "input.invalid_object");
  });
});

describe("errors", () => {
  test("LoketError: an Error with a stable code, Indonesian by default", () => {
    assert.equal(getLanguage(), "id");
    const e = throwsLoket(() => cal.add("kemarin", "1d"), "input.invalid_instant");
    assert.match(e.message, /tidak valid/);
    assert.ok(e.stack);
  });
  test("English after setLanguage('en'), back to Indonesian after setLanguage('id')", () => {
    setLanguage("en");
    assert.equal(getLanguage(), "en");
    const en = throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["07:00-15:30", "15:00-16:00"] } }), "calendar.overlap");
    assert.match(en.message, /overlap/);
    assert.equal(cal.formatInstant("2024-03-04T00:00:00Z"), "Monday, 4 March 2024 07:00 WIB");
    assert.match(profile.intake({ channel: "phone", application: "tatapraja", kind: "complaint", body: "x", receivedAt: "2024-03-04T08:15:00+07:00" }).answer, /WhatsApp/);
    setLanguage("id");
    const id = throwsLoket(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["07:00-15:30", "15:00-16:00"] } }), "calendar.overlap");
    assert.match(id.message, /tumpang tindih/);
  });
  test("an unknown language is refused and the language is kept", () => {
    throwsLoket(() => setLanguage("fr"), "input.invalid_language");
    assert.equal(getLanguage(), "id");
    throwsLoket(() => cal.formatInstant(0, { lang: "fr" }), "input.invalid_language");
  });
  test(
    "messages are entirely in the chosen language",
    () => {
      for (const [fn, english] of [
        [() => cal.add(0, "1x"), /is not a unit/],
        [() => profile.deadline("question", 0), /unknown kind/],
        [() => setLanguage("fr"), /unknown language/],
      ]) {
        assert.doesNotMatch(throwsLoket(fn).message, english);
      }
    },
  );
});

describe("robustness: bad input never kills the instance", () => {
  // A Rust panic would surface as `RuntimeError: unreachable` and leave the instance dead.
  const good = () => {
    assert.equal(cal.add("2024-02-29T15:00:00+07:00", "1d").value, "2024-03-01T14:00:00+07:00");
    assert.equal(profile.deadline("request", "2024-04-03T09:00:00+07:00").value.due, "2024-04-25T02:00:00Z");
  };

  test("thousands of bad calls of the declared types, then good calls", () => {
    const strings = ["", " ", "-", "0", "-0s", "1", "1d", "99999999999999999999d", "9223372036854775807s", "-9223372036854775808s", "24:00", "\u0000", "𝟙d", "😀", "2024-02-30T00:00:00Z", "0000-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "2024-03-01T25:00:00+07:00", "2024-03-01T10:00:00+99:00", "x".repeat(10000)];
    const instants = [...strings, -8.64e15, 8.64e15, -1, 0, 2 ** 53, -(2 ** 53), 4102444799000, new Date(8.64e15), new Date(-8.64e15)];
    let thrown = 0;
    const attempt = (fn) => {
      try {
        fn();
      } catch (e) {
        thrown++;
        assert.ok(e instanceof Error);
        assert.equal(e.name, "LoketError", `${e.name}: ${e.message}`);
        assert.ok(typeof e.code === "string" && /^[a-z_]+\.[a-z_]+$/.test(e.code), e.code);
      }
    };
    for (const a of instants) {
      for (const d of strings) {
        attempt(() => cal.add(a, d));
        attempt(() => cal.sub(a, d, { boundary: "opening" }));
        attempt(() => cal.explainAdd(a, d));
      }
      for (const b of instants) attempt(() => cal.between(a, b));
      attempt(() => cal.status(a));
      attempt(() => cal.nextOpening(a));
      attempt(() => cal.previousClosing(a));
      attempt(() => cal.holidays(a, 3));
      attempt(() => cal.formatInstant(a));
      for (const k of ["complaint", "request", "incident", "", "x"]) attempt(() => profile.deadline(k, a));
    }
    for (const d of strings) attempt(() => Calendar.durationSeconds(d));
    for (const s of strings) {
      attempt(() => Calendar.fromText(s));
      attempt(() => setLanguage(s));
      attempt(() => Calendar.fromSpec({ timezone: s, week: { mon: [s] }, holiday: [{ date: s, name: s, kind: "national" }] }));
      attempt(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: [s] } }));
      attempt(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", horizon: { from: Number(s.length) * 1e6, to: -1 } }));
      attempt(() => profile.intake({ channel: "email", application: s, kind: "request", body: s, receivedAt: s }, { now: "2024-03-04T08:15:00+07:00", number: s }));
    }
    attempt(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["07:00-15:30"] }, horizon: { from: -300000, to: 300000 } }));
    attempt(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["07:00-15:30"] }, horizon: { from: 2100, to: 1970 } }));
    attempt(() => Calendar.fromSpec({ timezone: "Asia/Jakarta", week: { mon: ["00:00-24:00"] }, override: [{ date: "2024-03-04", hours: ["23:00-24:01"] }] }));
    // tickets: histories and events of the wrong shape
    const r = profile.intake({ channel: "email", application: "website", kind: "complaint", body: "x", receivedAt: "2024-03-04T08:15:00+07:00" }, { number: "R", now: "2024-03-04T08:15:00+07:00" });
    const t = Ticket.replay(r.events);
    for (const ev of [{}, { event: "close" }, { at: "x", by: { type: "staff", name: "a" }, event: "close" }, staff("2024-03-04T09:00:00+07:00", { event: "forward", to: "nowhere" }), staff("2024-03-04T09:00:00+07:00", { event: "reopen" }), staff("1900-01-01T00:00:00Z", { event: "comment", text: "x" }), staff("2024-03-04T09:00:00+07:00", { event: "sla_breached", clock: "resolution", notify: "x" }), staff("2024-03-04T09:00:00+07:00", { event: "sla_breached", clock: "resolution", notify: "x" })]) {
      attempt(() => t.apply(profile, ev));
    }
    attempt(() => Ticket.replay([...r.events, ...r.events]));
    attempt(() => Ticket.replay([{ ...r.events[0], sla: { ...r.events[0].sla, due: "x" } }]));
    attempt(() => t.clocks(profile, "x"));
    attempt(() => t.timeline(profile, 8.64e15));
    attempt(() => cal.renderExplanation({ stretches: "no" }));
    attempt(() => cal.renderExplanation({ ...cal.explainAdd(0, "1h"), stretches: [{ type: "counted", from: "x", to: "y", seconds: -1 }] }));
    assert.ok(thrown > 1000, `only ${thrown} calls were refused`);
    t.free();
    good();
  });

  test("values of the wrong JavaScript type throw, and the instance survives", () => {
    const weird = [undefined, null, 5, 5n, true, {}, [], () => 1, Symbol("s")];
    for (const w of weird) {
      for (const fn of [
        () => cal.add(0, w),
        () => profile.deadline(w, 0),
        () => Calendar.fromText(w),
        () => setLanguage(w),
        () => cal.holidays(0, w),
        () => Ticket.replay(w),
        () => cal.add(0, "1h", w),
        () => profile.intake(w, w),
      ]) {
        try {
          fn();
        } catch (e) {
          assert.doesNotMatch(String(e && e.message), /unreachable/);
        }
      }
    }
    good();
  });

  test(
    "values of the wrong JavaScript type are refused with a LoketError",
    () => {
      for (const w of [undefined, null, 5, true, {}]) {
        throwsLoket(() => cal.add(0, w));
        throwsLoket(() => profile.deadline(w, 0));
        throwsLoket(() => Calendar.fromText(w));
        throwsLoket(() => setLanguage(w));
      }
    },
  );

  test("objects used after free() throw instead of crashing", () => {
    const c = Calendar.jatengprov();
    c.free();
    assert.throws(() => c.add(0, "1h"));
    good();
  });
});
