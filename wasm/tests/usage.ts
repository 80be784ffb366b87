// How a TypeScript user calls loket-wasm, checked in strict mode against the package's
// declarations (`npx tsc -p tsconfig.json`; nothing is emitted or run). The
// `@ts-expect-error` lines prove that wrong types are rejected.
import init, {
  Calendar,
  ParsedDuration,
  Profile,
  Ticket,
  getLanguage,
  setLanguage,
  type CalendarSpec,
  type SlaReport,
  type TicketFacts,
  type ClockState,
  type Deadline,
  type Explanation,
  type HolidaySpec,
  type Instant,
  type IntakeResult,
  type Lang,
  type LoketError,
  type Message,
  type OpenStatus,
  type Product,
  type Reckoning,
  type Stretch,
  type TicketData,
  type TicketEvent,
  type TicketKind,
} from "loket-wasm";
import { FactsArchive, Profile as ReportProfile } from "loket-wasm/report";
import initSla, * as sla from "loket-wasm/sla";

/** A type guard for the engine's errors (the package declares the shape, not a class). */
function isLoketError(e: unknown): e is LoketError {
  return e instanceof Error && e.name === "LoketError" && typeof (e as { code?: unknown }).code === "string";
}

export async function usage(): Promise<string[]> {
  await init(); // browsers fetch the .wasm; the Node entry is already instantiated
  const out: string[] = [];

  // ------------------------------------------------------------ calendars
  const cal: Calendar = Calendar.jatengprov();
  const zone: string = cal.timezone;
  const name: string | undefined = cal.name;
  const starts: Instant[] = ["2024-03-01T13:30:00+07:00", new Date(), Date.now()];
  for (const start of starts) {
    const r: Reckoning<string> = cal.add(start, "1d", { boundary: "closing" });
    out.push(r.value, ...r.uncoveredYears.map(String));
  }
  const opening: string = cal.add(starts[0], "1d", { boundary: "opening" }).value;
  const back: string = cal.sub(opening, "8h30m", {}).value;
  const secs: number = cal.between(back, opening).value;
  const len: number = Calendar.durationSeconds("8h30m");
  const open: boolean = cal.isOpen(new Date());
  const next: string | undefined = cal.nextOpening(Date.now());
  const prev: string | undefined = cal.previousClosing(Date.now());
  out.push(zone, name ?? "", opening, String(secs + len), String(open), next ?? "", prev ?? "");

  const status: OpenStatus = cal.status(new Date());
  if (status.state === "open") {
    out.push(`open until ${status.until}`);
  } else {
    out.push(status.opens ? `closed, opens ${status.opens}` : "closed");
  }
  // @ts-expect-error — `until` exists only once narrowed to the open state
  out.push(status.until);

  const spec: CalendarSpec = cal.spec();
  const fri: string[] | undefined = spec.week?.fri;
  const leaveOpen = Calendar.fromSpec({ ...spec, collective_leave_off: false });
  const fromJson = Calendar.fromText(JSON.stringify(spec));
  const holidays: HolidaySpec[] = cal.holidays(new Date(), 5);
  for (const h of holidays) {
    const kind: "national" | "collective_leave" | "election" | "local" = h.kind;
    out.push(`${h.date} ${h.name} ${kind}`);
  }
  out.push(String(fri), leaveOpen.add(starts[0], "10d", {}).value, fromJson.timezone);
  leaveOpen.free();
  {
    using scoped = Calendar.jatengprov(); // freed at the end of the block
    out.push(scoped.formatInstant(0, { lang: "en" }));
  }

  // ------------------------------------------------------------ explanations
  const e: Explanation = cal.explainAdd("2024-03-02T10:00:00+07:00", "1d", { boundary: "closing" });
  const days: string[] = e.days?.countedDays ?? [];
  for (const s of e.stretches as Stretch[]) {
    if (s.type === "counted") {
      out.push(`${s.from}–${s.to}: ${s.seconds}s`);
    } else if (s.reason === "holiday") {
      out.push(`${s.name} (${s.kind})`);
    } else {
      // @ts-expect-error — only counted stretches have seconds
      out.push(String(s.seconds));
    }
  }
  out.push(days.join(","), cal.renderExplanation(e, { lang: "id" }), cal.explainBetween(0, 1).boundary);
  out.push(cal.explainSub(Date.now(), "3h", { boundary: "opening" }).start);

  // ------------------------------------------------------------ profiles and deadlines
  const profile = Profile.jatengprov();
  const products: Product[] = profile.products();
  const kinds: TicketKind[] = ["complaint", "request", "incident"];
  for (const kind of kinds) {
    const d: Reckoning<Deadline> = profile.deadline(kind, new Date());
    out.push(d.value.due, d.value.clockStarts, d.value.target);
  }
  out.push(profile.policy().complaint, products.map((p) => p.name).join(", "), profile.calendar.timezone);

  // ------------------------------------------------------------ intake and tickets
  const message: Message = {
    channel: "whatsapp",
    application: "e-Penatausahaan",
    kind: "complaint",
    body: "SP2D tidak bisa dicetak",
    reporter: { name: "Budi", phone: "0812" },
    receivedAt: new Date().toISOString(),
  };
  const result: IntakeResult = profile.intake(message, { number: "JTG-2024-000042", lang: "en" });
  const o = result.outcome;
  switch (o.outcome) {
    case "accepted":
      out.push(o.due, o.clockStarts, String(o.receivedWhileClosed), o.explanation.end);
      break;
    case "refused":
      out.push(o.refusal.reason === "not_written" ? `not written: ${o.refusal.channel}` : o.refusal.reason);
      break;
    case "referred":
      out.push(o.received.at);
      break;
  }
  out.push(result.answer);

  // @ts-expect-error — `events` is absent when refused: it must be checked first
  Ticket.replay(result.events);

  if (result.events) {
    const ticket = Ticket.replay(result.events);
    const now = new Date();
    const step: TicketEvent = { at: now.toISOString(), by: { type: "staff", name: "Petugas 1" }, event: "forward", to: "change_management" };
    try {
      ticket.apply(profile, { at: now.toISOString(), by: { type: "router", name: "default" }, event: "create_ticket" });
      ticket.apply(profile, step);
      ticket.apply(profile, { at: now.toISOString(), by: { type: "staff", name: "Petugas 1" }, event: "deliver_solution", solution: "ok" });
    } catch (err) {
      if (isLoketError(err)) out.push(`${err.code}: ${err.message}`);
      else throw err;
    }
    const clocks: ClockState[] = ticket.clocks(profile, now);
    for (const c of clocks) out.push(`${c.kind} ${c.status} ${c.elapsed}/${c.budget} due ${c.due}`);
    const data: TicketData = ticket.toJSON();
    const personal: TicketData = ticket.toJSON({ personalData: true });
    if (data.state.state === "working") out.push(data.state.stage);
    const events: TicketEvent[] = ticket.events();
    for (const ev of events) if (ev.event === "received") out.push(ev.sla.due);
    out.push(
      ticket.number,
      ticket.stateName,
      ticket.allowed().map((a) => (a.to ? `${a.event}:${a.to}` : a.event)).join(" "),
      ticket.timeline(profile, now, { lang: "id" }),
      ticket.explainDeadline(profile).end,
      ticket.nextSlaCheck(profile, now) ?? "",
      personal.reporter.name ?? "",
      JSON.stringify(ticket),
    );
    ticket.free();
  }

  // ------------------------------------------------------------ language and errors
  const lang: Lang = getLanguage();
  setLanguage(lang === "id" ? "en" : "id");
  try {
    cal.add("kemarin", "1d", {});
  } catch (err) {
    if (isLoketError(err)) out.push(err.code, err.name, err.message);
  }

  // ------------------------------------------------------------ wrong types are rejected
  // @ts-expect-error — a duration is text such as "8h30m"
  cal.add(starts[0], 30600, {});
  // @ts-expect-error — the boundary is "closing" or "opening"
  cal.add(starts[0], "1d", { boundary: "middle" });
  // @ts-expect-error — an instant is a Date, a string or epoch milliseconds
  cal.isOpen({ seconds: 0 });
  // @ts-expect-error — unknown kind
  profile.deadline("question", new Date());
  // @ts-expect-error — only "id" and "en"
  setLanguage("fr");
  // @ts-expect-error — unknown channel
  const pigeon: Message = { ...message, channel: "pigeon" };
  // @ts-expect-error — forward needs a tier the flow knows
  const nowhere: TicketEvent = { at: "2024-03-04T09:00:00Z", by: { type: "system" }, event: "forward", to: "nowhere" };
  // @ts-expect-error — deliver_solution needs its solution
  const noSolution: TicketEvent = { at: "2024-03-04T09:00:00Z", by: { type: "system" }, event: "deliver_solution" };
  // @ts-expect-error — a staff actor has a name
  const anonymous: TicketEvent = { at: "2024-03-04T09:00:00Z", by: { type: "staff" }, event: "close" };
  // @ts-expect-error — calendar specs need a time zone
  Calendar.fromSpec({ week: { mon: ["07:00-15:30"] } });
  // @ts-expect-error — Calendar has no public constructor
  new Calendar();
  out.push(String(pigeon), String(nowhere), String(noSolution), String(anonymous));

  return out;
}

// ------------------------------------------------------------ optional arguments
// Each line below is how the README and a user call the API: options and `now` may
// be left out.
export function optionalOptions(cal: Calendar, profile: Profile, ticket: Ticket, e: Explanation, m: Message): unknown[] {
  return [
    cal.add("2024-02-29T15:00:00+07:00", "1d"),
    cal.sub("2024-02-29T15:00:00+07:00", "1d"),
    cal.explainAdd(0, "1d"),
    cal.explainSub(0, "1d"),
    cal.renderExplanation(e),
    cal.formatInstant(0),
    profile.intake(m),
    ticket.clocks(profile),
    ticket.timeline(profile),
  ];
}

// Reports in the page: an export opened in place, sliced by filters; the typed report.
export function reports(bytes: Uint8Array, profile: ReportProfile): [number, number | null, string, TicketFacts[]] {
  const archive = FactsArchive.open(bytes);
  const r: SlaReport = archive.report({ filter: { application: "e-planning", kind: "incident" }, lang: "en" });
  const other: SlaReport = archive.reportOn(profile, { from: "2026-01-01T00:00:00+07:00" });
  const viaJson: SlaReport = profile.reportFromJson(JSON.stringify(archive.facts()));
  // @ts-expect-error: a filter names known fields only
  archive.report({ filter: { app: "e-planning" } });
  // @ts-expect-error: the kind is one of three
  archive.report({ filter: { kind: "question" } });
  return [r.tickets + other.breachedOpen, viaJson.compliance ?? null, archive.period.from, archive.facts()];
}

// The numeric fast paths: epoch milliseconds and seconds in, numbers out; batches over
// Float64Array. The SLA-only entry has the same calendar and deadline methods.
export async function numeric(cal: Calendar, profile: Profile): Promise<number[]> {
  const now = Date.now();
  const d = ParsedDuration.parse("2d");
  const due: number = cal.addMillis(now, 8 * 3600);
  const back: number = cal.subMillis(now, 3600, "opening");
  const days: number = cal.addDurationMillis(now, d);
  const used: number = cal.betweenMillis(now - 86_400_000, now);
  const open: boolean = cal.isOpenMillis(now);
  const next: number | undefined = cal.nextOpeningMillis(now);
  const grid: Float64Array = cal.addMillisBatch(new Float64Array([now, now + 60_000]), 3600);
  const deadline: number = profile.deadlineMillis("complaint", now);
  const years: { from: number; to: number } = cal.compiledYears;
  // @ts-expect-error: instants are numbers on the numeric path
  cal.addMillis(new Date(), 60);
  // @ts-expect-error: durations are seconds (or an ParsedDuration for addDurationMillis)
  cal.addMillis(now, "8h");
  // @ts-expect-error: the boundary is one of two
  cal.addMillis(now, 60, "noon");
  await initSla();
  const slaProfile = sla.Profile.jatengprov();
  const slaDue: number = slaProfile.deadlineMillis("request", now);
  const slaOpen: boolean = slaProfile.calendar.isOpenMillis(now);
  // @ts-expect-error: the SLA-only entry has no intake
  slaProfile.intake({});
  return [due, back, days, used, open ? 1 : 0, next ?? 0, grid[0] ?? 0, deadline, years.from, slaDue, slaOpen ? 1 : 0, d.days ?? 0];
}
