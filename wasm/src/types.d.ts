/** An instant: a `Date`, an ISO 8601 string or epoch milliseconds (to the second). */
export type Instant = Date | string | number;

/** Language of messages for people: Bahasa Indonesia (default) or English. */
export type Lang = "id" | "en";

/** An operational duration: `"90s"`, `"45m"`, `"8h30m"` or `"2d"` (operational days), optional `-`. */
export type Duration = string;

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

/** Intake's decision, the answer to the reporter, and the ticket it opens. */
export interface IntakeResult {
  outcome: IntakeOutcome;
  /** The answer for the reporter, in the requested language. */
  answer: string;
  /** The opened ticket's events (absent when refused); pass to `Ticket.replay`. */
  events?: TicketEvent[];
}

/** Options of `Profile.intake`. */
export interface IntakeOptions extends LangOptions {
  /** When intake runs (default: now); a later `receivedAt` is taken as this. */
  now?: Instant;
  /** The number to give an accepted ticket. */
  number?: string;
}

/** Options of `FactsArchive.report` and `reportFromJson`. */
export interface ArchiveReportOptions extends LangOptions {
  /** Which tickets (every field set narrows it); all by default. */
  filter?: ReportFilter;
  /** First instant of receipt (inclusive); the export's period by default. */
  from?: Instant;
  /** Last instant of receipt (exclusive). */
  to?: Instant;
  /** List only this many breaches, the longest over first (`breached` still counts them all); all by default. */
  breaches?: number;
}

/** The errors the engine throws: a real `Error` with a stable `code`. */
export interface LoketError extends Error {
  name: "LoketError";
  /** Stable code, e.g. `"input.invalid_instant"`, `"calendar.overlap"`, `"ticket.transition_refused"`. */
  code: string;
}

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

/** One case of a law of the operational arithmetic (`Calendar.checkLaw`, `checkLaws` of `loket-wasm/laws`); a law reads the fields it needs. */
export interface LawCase {
  /** An instant (ISO 8601). */
  t: string;
  /** A second instant. */
  t2?: string;
  /** A duration. */
  d?: Duration;
  /** A second duration, of the same unit as `d`. */
  d2?: Duration;
  /** Seconds (time units), and two more for additivity. */
  secs?: number;
  a?: number;
  c?: number;
  /** Operational days. */
  days?: number;
  boundary?: Boundary;
  /** The kind of ticket whose deadline must be reachable. */
  kind?: TicketKind;
  /** The length of every open day (`Calendar.uniformDayLength`); `days_match_hours` does not apply without it. */
  dayLength?: number | null;
  /** The policy whose deadlines must be reachable (the standard's when absent). */
  policy?: SlaPolicy;
}
