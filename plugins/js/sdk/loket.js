// Loket routing SDK for JavaScript plugins: the helpers of the Rust SDK
// (plugins/sdk), with the same semantics, so that a router written here decides as
// the same router written in Rust. The types are in loket.d.ts (generated from
// plugins/wit/routing.wit). No clock, no randomness, no output: use `ctx.now`.

/** States of the flow (`view.state`). */
export const state = Object.freeze({
  RECEIVED: "received",
  HANDLED_DIRECTLY: "handled_directly",
  EXECUTING: "executing",
  CHANGE_MANAGEMENT: "change_management",
  INFORMATION_SECURITY: "information_security",
  OPERATIONS_DESIGN: "operations_design",
  WAITING_FOR_REPORTER: "waiting_for_reporter",
  SOLUTION_DELIVERED: "solution_delivered",
  CLOSED: "closed",
});

/** Words that say the reporter cannot work at all (raise to high priority). */
export const BLOCKING = Object.freeze([
  "tidak bisa login",
  "tidak dapat login",
  "gagal login",
  "tidak bisa masuk",
  "tidak bisa diakses",
  "tidak dapat diakses",
  "error",
  "gagal",
  "tidak bisa dibuka",
  "cannot log in",
  "can't log in",
]);

const RANK = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Priorities in order, lowest first. */
export function rank(priority) {
  return RANK[priority];
}

/** Whether the ticket waits for a person of the application's team. */
export function needsAssignee(view) {
  return (
    view.assignee == null &&
    (view.state === state.RECEIVED || view.state === state.EXECUTING)
  );
}

/**
 * The member with the least open load; ties: the one assigned longest ago (never
 * assigned first), then roster order. The host's default router does the same.
 */
export function leastLoaded(roster) {
  let best = null;
  let bestKey = null;
  roster.forEach((m, i) => {
    const key = [m.openLoad, m.lastAssigned ?? -Infinity, i];
    if (bestKey === null || less(key, bestKey)) {
      best = m;
      bestKey = key;
    }
  });
  return best === null ? null : best.name;
}

function less(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

/** The member named `name`, if on the roster. */
export function member(roster, name) {
  return roster.find((m) => m.name === name) ?? null;
}

/** The subject and body, lower-cased, for keyword matching. */
export function text(view) {
  return view.subject.toLowerCase() + "\n" + view.body.toLowerCase();
}

/** Whether the subject or body contains any of `needles`, ignoring case (substring). */
export function mentionsAny(view, needles) {
  const t = text(view);
  return needles.some((n) => t.includes(n.toLowerCase()));
}

/**
 * Whether the subject or body contains any of `words` as a whole word or phrase,
 * ignoring case: "SPP" matches "SPP-UP" and "spp," but not "SPPD".
 */
export function mentionsWordAny(view, words) {
  const t = text(view);
  return words.some((w) => containsWord(t, w.toLowerCase()));
}

/** How many of `needles` the subject or body contains, ignoring case. */
export function countMentions(view, needles) {
  const t = text(view);
  return needles.filter((n) => t.includes(n.toLowerCase())).length;
}

/** The value of the first rule `[keywords, value]` whose keywords the ticket mentions. */
export function firstMatch(view, rules) {
  const t = text(view);
  const rule = rules.find(([words]) => words.some((w) => t.includes(w.toLowerCase())));
  return rule === undefined ? null : rule[1];
}

const ALNUM = /[\p{Alphabetic}\p{N}]/u;

/**
 * Whether `word` occurs in `haystack` (both lower-case) between characters that are
 * not letters or digits, or the ends.
 */
export function containsWord(haystack, word) {
  if (word.length === 0) return false;
  let from = 0;
  for (;;) {
    const start = haystack.indexOf(word, from);
    if (start < 0) return false;
    const end = start + word.length;
    const before = [...haystack.slice(Math.max(0, start - 2), start)].pop();
    const after = [...haystack.slice(end, end + 2)][0];
    const boundary = (c) => c === undefined || !ALNUM.test(c);
    if (boundary(before) && boundary(after)) return true;
    from = start + ([...word][0]?.length ?? 1);
  }
}

/**
 * A decision: every field optional. An empty decision hands the ticket to the
 * host's default router.
 */
export class Decision {
  constructor() {
    /** @type {import("./loket.js").Step | null} */
    this.step = null;
    /** @type {string | null} */
    this.assign = null;
    /** @type {string | null} */
    this.category = null;
    /** @type {import("./loket.js").Priority | null} */
    this.priority = null;
    /** @type {string | null} */
    this.reason = null;
  }

  /**
   * What the default router does, with the assignee of your choice: a received
   * message becomes a ticket for the application's staff, and a ticket without an
   * assignee (received, or executing) gets `assignee`.
   */
  static intake(view, assignee) {
    const d = new Decision();
    if (view.state === state.RECEIVED) d.step = { tag: "create-ticket" };
    if (needsAssignee(view)) d.assign = assignee ?? null;
    return d;
  }

  /** Whether the decision says nothing. */
  isEmpty() {
    return this.step == null && this.assign == null && this.category == null && this.priority == null;
  }

  withStep(step) {
    this.step = step;
    return this;
  }

  withAssignee(name) {
    this.assign = name;
    return this;
  }

  withCategory(category) {
    this.category = category;
    return this;
  }

  withPriority(priority) {
    this.priority = priority;
    return this;
  }

  /** Raises the priority to at least `priority` (never lowers it). */
  raisePriority(view, priority) {
    const current = this.priority ?? view.priority;
    if (rank(priority) > rank(current)) this.priority = priority;
    return this;
  }

  /** With a reason shown to staff (replaces an earlier one). */
  because(reason) {
    this.reason = reason;
    return this;
  }

  /** Adds a sentence to the reason. */
  andBecause(reason) {
    this.reason = this.reason == null ? reason : this.reason + "; " + reason;
    return this;
  }
}

/** Forward to a tier (diamonds F, I, K). */
export function forward(tier) {
  return { tag: "forward", val: tier };
}

/** A manifest that asks for no personal data. */
export function manifest(name, version, application) {
  return { name, version, application, wantsPersonalData: false };
}
