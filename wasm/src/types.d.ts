/** An instant: a `Date`, an ISO 8601 string or epoch milliseconds (to the second). */
export type Instant = Date | string | number;

/** Language of messages for people: Bahasa Indonesia (default) or English. */
export type Lang = "id" | "en";

/** An operational duration: `"90s"`, `"45m"`, `"8h30m"` or `"2d"` (operational days), optional `-`. */
export type Duration = string;

/** On a closure: the closing before it (`"closing"`, default) or the next opening. */
export type Boundary = "closing" | "opening";

/** Options of `add`, `sub` and their explanations. */
export interface ArithOptions {
  /** Boundary convention, `"closing"` by default. */
  boundary?: Boundary;
}

/** Options of calls that produce text for people. */
export interface LangOptions {
  /** Language, the module's language (see `setLanguage`) by default. */
  lang?: Lang;
}

/** A computed value and whether the calendar's holiday list covered every year it touched. */
export interface Reckoning<T> {
  /** The value: an ISO 8601 string in the calendar's zone for instants, seconds for durations. */
  value: T;
  /** Years touched that the holiday list does not cover (empty when covered). */
  uncoveredYears: number[];
  /** Years touched whose holiday list is provisional only (estimates awaiting the joint decree, SKB); empty when none. The value may move when the decree is published. */
  provisionalYears: number[];
  /** Provisional holidays (`YYYY-MM-DD`) the computation skipped or started on, that close an otherwise open weekday; empty when none. */
  provisionalDates: string[];
}

/** Whether the desk is open at an instant. */
export type OpenStatus =
  | { /** Open now. */ state: "open"; /** When it closes (ISO 8601, UTC). */ until: string }
  | { /** Closed now. */ state: "closed"; /** When it opens next (ISO 8601, UTC), absent past the calendar's range. */ opens?: string };

/** The kinds of dated closures. */
export type HolidayKind = "national" | "collective_leave" | "election" | "local";

/** A dated closure of a calendar. */
export interface HolidaySpec {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Name shown in explanations. */
  name: string;
  /** Kind. */
  kind: HolidayKind;
  /** An estimate awaiting its decree (default false); a confirmed entry of the same date supersedes it. */
  provisional?: boolean;
  /** Where the date comes from (the decree, or the estimate's source). */
  source?: string;
}

/** Special hours on one date (`hours: []` closes it). */
export interface OverrideSpec {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Opening intervals `"HH:MM-HH:MM"`. */
  hours: string[];
  /** Why, shown in explanations. */
  name?: string;
}

/** Opening intervals per weekday, e.g. `mon: ["07:00-15:30"]`; a missing day is closed. */
export interface WeekSpec {
  mon?: string[];
  tue?: string[];
  wed?: string[];
  thu?: string[];
  fri?: string[];
  sat?: string[];
  sun?: string[];
}

/** An inclusive range of years. */
export interface YearRange {
  from: number;
  to: number;
}

/** An operating calendar as written in a calendar file (same fields as the TOML). */
export interface CalendarSpec {
  name?: string;
  /** IANA time zone. */
  timezone: string;
  /** Whether collective leave (cuti bersama) closes the desk; default true. */
  collective_leave_off?: boolean;
  week?: WeekSpec;
  holiday?: HolidaySpec[];
  override?: OverrideSpec[];
  /** Years the holiday list is complete for. */
  covers?: YearRange;
  /** Years the calendar computes in (default 1970–2100). */
  horizon?: YearRange;
}

/** Why a stretch of time does not count. */
export type Closure =
  | { reason: "outside_hours" }
  | { reason: "no_hours" }
  | { reason: "holiday"; name: string; kind: HolidayKind; /** The date is an estimate awaiting the joint decree. */ provisional?: boolean }
  | { reason: "override"; name?: string };

/** One stretch of an explanation: open time counted, or closed time skipped. */
export type Stretch =
  | { type: "counted"; from: string; to: string; seconds: number }
  | ({ type: "skipped"; from: string; to: string } & Closure);

/** How a day-based result was reached. */
export interface DaySteps {
  /** The start moved into hours. */
  startInHours: string;
  /** The open dates counted, `YYYY-MM-DD`. */
  countedDays: string[];
  /** The same wall-clock time on the last counted date, before the boundary convention. */
  landing: string;
}

/** Why a result is what it is. */
export interface Explanation {
  start: string;
  end: string;
  /** The duration's magnitude, when explaining add/sub. */
  duration?: Duration;
  /** Whether it was counted backwards. */
  backward: boolean;
  boundary: Boundary;
  /** Operational seconds from start to end (signed). */
  operationalSeconds: number;
  days?: DaySteps;
  stretches: Stretch[];
  uncoveredYears?: number[];
  /** Years touched whose holiday list is provisional only. */
  provisionalYears?: number[];
  /** Provisional holidays skipped or started on, `YYYY-MM-DD`. */
  provisionalDates?: string[];
}

/** Complaint (aduan), request (permintaan) or incident (insiden). */
export type TicketKind = "complaint" | "request" | "incident";

/** Resolution targets per kind. */
export interface SlaPolicy {
  complaint: Duration;
  request: Duration;
  incident: Duration;
  boundary?: Boundary;
}

/** A deadline and how it was reached. */
export interface Deadline {
  kind: TicketKind;
  received: string;
  /** When the clock starts counting (the next opening if received while closed). */
  clockStarts: string;
  target: Duration;
  due: string;
  explanation: Explanation;
}

/** A product (application) in scope and its team. */
export interface Product {
  id: string;
  name: string;
  aliases?: string[];
  team: string[];
}

/** How a message reached the desk; only WhatsApp and email are written channels. */
export type Channel = "whatsapp" | "email" | "phone" | "voice_call" | "video_call" | "voice_message";

/** Personal data of the reporter. */
export interface Reporter {
  name?: string;
  phone?: string;
  email?: string;
  /** Nomor Induk Kependudukan. */
  nik?: string;
}

/** A message as it reaches intake. */
export interface Message {
  channel: Channel;
  /** The application as the reporter named it (id, name or alias). */
  application?: string | null;
  kind: TicketKind;
  subject?: string | null;
  body: string;
  reporter?: Reporter;
  /** When the desk received it (ISO 8601). */
  receivedAt: string;
  /** Feedback about the service desk itself. */
  aboutDesk?: boolean;
}

/** Why a message was not accepted. */
export type Refusal =
  | { reason: "not_written"; channel: Channel }
  | { reason: "out_of_scope"; application?: string | null }
  | { reason: "empty" };

/** What intake decided. */
export type IntakeOutcome =
  | {
      outcome: "accepted";
      received: TicketEvent;
      clockStarts: string;
      due: string;
      receivedWhileClosed: boolean;
      explanation: Explanation;
      uncoveredYears?: number[];
    }
  | { outcome: "referred"; received: TicketEvent }
  | { outcome: "refused"; refusal: Refusal };

/** Intake's decision, the answer to the reporter, and the ticket it opens. */
export interface IntakeResult {
  outcome: IntakeOutcome;
  /** The answer for the reporter, in the requested language. */
  answer: string;
  /** The opened ticket's events (absent when refused); pass to `Ticket.replay`. */
  events?: TicketEvent[];
}

/** The tiers of the flow chart, lowest first. */
export type Tier = "first_line" | "application_staff" | "change_management" | "information_security" | "operations_design";

/** Who did something. */
export type Actor =
  | { type: "staff"; name: string }
  | { type: "reporter" }
  | { type: "router"; name: string }
  | { type: "system" };

/** Priority of a ticket. */
export type Priority = "low" | "normal" | "high" | "urgent";

/** The SLA clocks of a ticket. */
export type ClockKind = "resolution" | "first_response";

/** The SLA terms a ticket keeps from receipt. */
export interface SlaTerms {
  policy: SlaPolicy;
  target: Duration;
  clockStarts: string;
  due: string;
  /** First-response target and deadline. */
  firstResponse?: [Duration, string];
  warningRatio: number;
}

/** What happened to a ticket (the `event` field names it). */
export type EventKind =
  | {
      event: "received";
      number: string;
      kind: TicketKind;
      application: string | null;
      channel: Channel;
      subject: string;
      body: string;
      reporter: Reporter;
      sla: SlaTerms;
      aboutDesk?: boolean;
    }
  | { event: "handle_directly" }
  | { event: "create_ticket" }
  | { event: "forward"; to: Tier }
  | { event: "deliver_solution"; solution: string }
  | { event: "close" }
  | { event: "reopen" }
  | { event: "wait_for_reporter"; question: string }
  | { event: "reporter_replied"; text: string }
  | { event: "reject" }
  | { event: "merge_into"; target: string }
  | { event: "assign"; to: string }
  | { event: "classify"; category?: string; priority?: Priority }
  | { event: "respond"; text: string }
  | { event: "comment"; text: string }
  | { event: "sla_warning"; clock: ClockKind }
  | { event: "sla_breached"; clock: ClockKind; notify: string }
  | { event: "reevaluate"; sla: SlaTerms };

/** An event: who, when, what, why. */
export type TicketEvent = {
  /** When (ISO 8601). */
  at: string;
  by: Actor;
  reason?: string;
} & EventKind;

/** A working stage of the flow chart. */
export type Stage = "received" | "handled_directly" | "executing" | "change_management" | "information_security" | "operations_design";

/** Where a ticket is in the flow. */
export type TicketState =
  | { state: "working" | "waiting_for_reporter" | "solution_delivered" | "closed"; stage: Stage }
  | { state: "rejected" | "merged" | "referred" };

/** A ticket as data (no methods); personal data included only where the caller has it. */
export interface TicketData {
  number: string;
  kind: TicketKind;
  application: string | null;
  channel: Channel;
  subject: string;
  body: string;
  reporter: Reporter;
  receivedAt: string;
  state: TicketState;
  tier: Tier;
  assignee: string | null;
  category: string | null;
  priority: Priority;
  sla: SlaTerms;
  mergedInto: string | null;
  deliveredAt: string | null;
  history: TicketEvent[];
}

/** Where an SLA clock stands. */
export type ClockStatus = "on_track" | "warning" | "breached" | "met" | "cancelled";

/** One SLA clock of a ticket at an instant. */
export interface ClockState {
  kind: ClockKind;
  status: ClockStatus;
  running: boolean;
  paused: boolean;
  /** Operational seconds counted. */
  elapsed: number;
  /** Operational seconds the target allows. */
  budget: number;
  /** `budget - elapsed`. */
  remaining: number;
  /** The deadline, moved later by time spent paused. */
  due: string;
  stoppedAt?: string;
}

/** Options of `Profile.intake`. */
export interface IntakeOptions extends LangOptions {
  /** When intake runs (default: now); a later `receivedAt` is taken as this. */
  now?: Instant;
  /** The number to give an accepted ticket. */
  number?: string;
}

/** The errors the engine throws: a real `Error` with a stable `code`. */
export interface LoketError extends Error {
  name: "LoketError";
  /** Stable code, e.g. `"input.invalid_instant"`, `"calendar.overlap"`, `"ticket.transition_refused"`. */
  code: string;
}

/** An event the flow allows now (`to` for forwards). */
export interface AllowedEvent {
  event: EventKind["event"];
  to?: Tier;
}

/** The stable name of a ticket's state. */
export type StateName = Stage | "waiting_for_reporter" | "solution_delivered" | "closed" | "rejected" | "merged" | "referred";

/** Options of `Ticket.toJSON`. */
export interface ToJsonOptions {
  /** Include the reporter's personal data (default false). */
  personalData?: boolean;
}

/** The desk's written channels and where feedback about the desk goes. */
export interface DeskContacts {
  name: string;
  whatsapp: string;
  email: string;
  feedback: string;
}
