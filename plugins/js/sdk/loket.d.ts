// Types of a Loket routing plugin in JavaScript: the contract loket:routing@1.0.0
// (plugins/wit/routing.wit) as componentize-qjs hands it to JavaScript, and the SDK
// of loket.js. The contract's part is checked against the WIT by
// tests/tests/contracts.rs: a change to the WIT that is not made here fails it.
//
// Mapping: records are objects with camelCase fields; enums are their kebab-case
// names; a variant is `{ tag, val? }`; an option is the value or `null`/`undefined`;
// s64 and u32 are numbers (unix seconds fit exactly); `result<decision, string>`
// is the decision returned, or a string thrown.

// --- contract (generated from routing.wit; keep in the WIT's order) ---
export type TicketKind = "complaint" | "request" | "incident";
export type Channel = "whatsapp" | "email";
export type Tier = "first-line" | "application-staff" | "change-management" | "information-security" | "operations-design";
export type Priority = "low" | "normal" | "high" | "urgent";
export type ClockStatus = "on-track" | "warning" | "breached" | "met" | "cancelled";
export interface HistoryEntry { at: number; event: string }
export interface SlaState { status: ClockStatus; elapsedSeconds: number; budgetSeconds: number; due: number }
export interface Reporter { name?: string | null; phone?: string | null; email?: string | null }
export interface TicketView { number: string; kind: TicketKind; application?: string | null; channel: Channel; subject: string; body: string; receivedAt: number; state: string; tier: Tier; assignee?: string | null; category?: string | null; priority: Priority; history: HistoryEntry[]; sla?: SlaState | null; reporter?: Reporter | null }
export interface RosterMember { name: string; openLoad: number; lastAssigned?: number | null }
export interface Context { now: number; deskOpen: boolean; roster: RosterMember[] }
export type Step = { tag: "handle-directly" } | { tag: "create-ticket" } | { tag: "forward"; val: Tier };
export interface DecisionRecord { step?: Step | null; assign?: string | null; category?: string | null; priority?: Priority | null; reason?: string | null }
export interface PluginManifest { name: string; version: string; application: string; wantsPersonalData: boolean }
// --- end of contract ---

/** What a plugin's module exports as `router`. */
export interface Router {
  manifest(): PluginManifest;
  /** The decision; throw a string to refuse (the host then routes by default). */
  route(view: TicketView, ctx: Context): DecisionRecord;
}

/** States of the flow (`view.state`). */
export declare const state: Readonly<{
  RECEIVED: "received";
  HANDLED_DIRECTLY: "handled_directly";
  EXECUTING: "executing";
  CHANGE_MANAGEMENT: "change_management";
  INFORMATION_SECURITY: "information_security";
  OPERATIONS_DESIGN: "operations_design";
  WAITING_FOR_REPORTER: "waiting_for_reporter";
  SOLUTION_DELIVERED: "solution_delivered";
  CLOSED: "closed";
}>;
/** Words that say the reporter cannot work at all. */
export declare const BLOCKING: readonly string[];
export declare function rank(priority: Priority): number;
export declare function needsAssignee(view: TicketView): boolean;
export declare function leastLoaded(roster: RosterMember[]): string | null;
export declare function member(roster: RosterMember[], name: string): RosterMember | null;
export declare function text(view: TicketView): string;
export declare function mentionsAny(view: TicketView, needles: readonly string[]): boolean;
export declare function mentionsWordAny(view: TicketView, words: readonly string[]): boolean;
export declare function countMentions(view: TicketView, needles: readonly string[]): number;
export declare function firstMatch<T>(view: TicketView, rules: ReadonlyArray<readonly [readonly string[], T]>): T | null;
export declare function containsWord(haystack: string, word: string): boolean;
export declare function forward(tier: Tier): Step;
export declare function manifest(name: string, version: string, application: string): PluginManifest;

/** A decision under construction; returned from `route` as it is. */
export declare class Decision implements DecisionRecord {
  step: Step | null;
  assign: string | null;
  category: string | null;
  priority: Priority | null;
  reason: string | null;
  static intake(view: TicketView, assignee: string | null | undefined): Decision;
  isEmpty(): boolean;
  withStep(step: Step): this;
  withAssignee(name: string): this;
  withCategory(category: string): this;
  withPriority(priority: Priority): this;
  raisePriority(view: TicketView, priority: Priority): this;
  because(reason: string): this;
  andBecause(reason: string): this;
}
