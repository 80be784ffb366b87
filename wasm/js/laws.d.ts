import type { Calendar, LawCase, SlaPolicy } from "./loket_wasm.js";

export type { LawCase };

/** A law: `null` when it holds or does not apply, else what went wrong. */
export type Law = (calendar: Calendar, c: LawCase) => string | null;

/** The laws of the operational arithmetic, by name: every law of the core
 * (`lawNames()`), in its order. */
export declare const LAWS: Record<string, Law>;

/** Options of `checkLaws`. */
export interface CheckOptions {
  /** Cases per law (default 200). */
  cases?: number;
  /** Seed of the random cases (default: from the clock; reported to replay a run). */
  seed?: number;
  /** First and last year to draw instants from (default: the years the holiday list covers). */
  years?: [number, number];
  /** The policy whose deadlines must be reachable (default: the standard's). */
  policy?: SlaPolicy;
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
