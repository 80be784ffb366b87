import type { Calendar } from "./loket_wasm.js";

/** One random case of a law. */
export interface LawCase {
  t: string;
  t2: string;
  d: string;
  secs: number;
  a: number;
  c: number;
  boundary: "closing" | "opening";
}

/** A law: `null` when it holds or does not apply, else what went wrong. */
export type Law = (calendar: Calendar, c: LawCase) => string | null;

/** The laws of the operational arithmetic, by name. */
export declare const LAWS: Record<string, Law>;

/** Options of `checkLaws`. */
export interface CheckOptions {
  /** Cases per law (default 200). */
  cases?: number;
  /** Seed of the random cases (default: from the clock; reported to replay a run). */
  seed?: number;
  /** First and last year to draw instants from (default: the years the holiday list covers). */
  years?: [number, number];
}

/** A failed law with its (shrunk) case. */
export interface LawFailure {
  law: string;
  case: LawCase;
  message: string;
}

/** The result of `checkLaws`. */
export interface LawReport {
  seed: number;
  passed: Record<string, number>;
  failures: LawFailure[];
  /** A readable report, with the line that replays the run. */
  summary: string;
}

/** Checks every law on `calendar` against the WebAssembly build. */
export declare function checkLaws(calendar: Calendar, options?: CheckOptions): LawReport;
