"""Loket routing SDK for Python plugins: the helpers of the Rust SDK (plugins/sdk),
with the same semantics, so that a router written here decides as the same router
written in Rust. The types (`TicketView`, `Context`, `Decision`, `Step_*`, `Tier`,
`Priority`) are generated from plugins/wit/routing.wit by componentize-py into
`wit_world.exports.router`. No clock, no randomness, no output: use `ctx.now`.
"""

from typing import List, Optional, Sequence, Tuple, TypeVar

from wit_world.exports import router as r

RECEIVED = "received"
HANDLED_DIRECTLY = "handled_directly"
EXECUTING = "executing"
CHANGE_MANAGEMENT = "change_management"
INFORMATION_SECURITY = "information_security"
OPERATIONS_DESIGN = "operations_design"
WAITING_FOR_REPORTER = "waiting_for_reporter"
SOLUTION_DELIVERED = "solution_delivered"
CLOSED = "closed"

# Words that say the reporter cannot work at all (raise to high priority).
BLOCKING = (
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
)

_RANK = {r.Priority.LOW: 0, r.Priority.NORMAL: 1, r.Priority.HIGH: 2, r.Priority.URGENT: 3}


def rank(priority: r.Priority) -> int:
    """Priorities in order, lowest first."""
    return _RANK[priority]


def needs_assignee(view: r.TicketView) -> bool:
    """Whether the ticket waits for a person of the application's team."""
    return view.assignee is None and view.state in (RECEIVED, EXECUTING)


def least_loaded(roster: Sequence[r.RosterMember]) -> Optional[str]:
    """The member with the least open load; ties: the one assigned longest ago (never
    assigned first), then roster order. The host's default router does the same."""
    best = None
    best_key = None
    for i, m in enumerate(roster):
        never = m.last_assigned is None
        key = (m.open_load, 0 if never else 1, 0 if never else m.last_assigned, i)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return None if best is None else best.name


def member(roster: Sequence[r.RosterMember], name: str) -> Optional[r.RosterMember]:
    """The member named `name`, if on the roster."""
    return next((m for m in roster if m.name == name), None)


def text(view: r.TicketView) -> str:
    """The subject and body, lower-cased, for keyword matching."""
    return view.subject.lower() + "\n" + view.body.lower()


def mentions_any(view: r.TicketView, needles: Sequence[str]) -> bool:
    """Whether the subject or body contains any of `needles`, ignoring case."""
    t = text(view)
    return any(n.lower() in t for n in needles)


def mentions_word_any(view: r.TicketView, words: Sequence[str]) -> bool:
    """Whether the subject or body contains any of `words` as a whole word or phrase,
    ignoring case: "SPP" matches "SPP-UP" and "spp," but not "SPPD"."""
    t = text(view)
    return any(contains_word(t, w.lower()) for w in words)


def count_mentions(view: r.TicketView, needles: Sequence[str]) -> int:
    """How many of `needles` the subject or body contains, ignoring case."""
    t = text(view)
    return sum(1 for n in needles if n.lower() in t)


T = TypeVar("T")


def first_match(view: r.TicketView, rules: Sequence[Tuple[Sequence[str], T]]) -> Optional[T]:
    """The value of the first rule (keywords, value) whose keywords the ticket mentions."""
    t = text(view)
    for words, value in rules:
        if any(w.lower() in t for w in words):
            return value
    return None


def _boundary(c: Optional[str]) -> bool:
    return c is None or not c.isalnum()


def contains_word(haystack: str, word: str) -> bool:
    """Whether `word` occurs in `haystack` (both lower-case) between characters that
    are not letters or digits, or the ends."""
    if not word:
        return False
    start = haystack.find(word)
    while start >= 0:
        end = start + len(word)
        before = haystack[start - 1] if start > 0 else None
        after = haystack[end] if end < len(haystack) else None
        if _boundary(before) and _boundary(after):
            return True
        start = haystack.find(word, start + 1)
    return False


def forward(tier: r.Tier) -> r.Step:
    """Forward to a tier (diamonds F, I, K)."""
    return r.Step_Forward(tier)


def manifest(name: str, version: str, application: str) -> r.PluginManifest:
    """A manifest that asks for no personal data."""
    return r.PluginManifest(
        name=name, version=version, application=application, wants_personal_data=False
    )


class Decision:
    """A decision: every field optional. An empty decision hands the ticket to the
    host's default router. `build()` gives the contract's record."""

    def __init__(self) -> None:
        self.step: Optional[r.Step] = None
        self.assign: Optional[str] = None
        self.category: Optional[str] = None
        self.priority: Optional[r.Priority] = None
        self.reason: Optional[str] = None

    @staticmethod
    def intake(view: r.TicketView, assignee: Optional[str]) -> "Decision":
        """What the default router does, with the assignee of your choice: a received
        message becomes a ticket for the application's staff, and a ticket without an
        assignee (received, or executing) gets `assignee`."""
        d = Decision()
        if view.state == RECEIVED:
            d.step = r.Step_CreateTicket()
        if needs_assignee(view):
            d.assign = assignee
        return d

    def is_empty(self) -> bool:
        return self.step is None and self.assign is None and self.category is None and self.priority is None

    def with_step(self, step: r.Step) -> "Decision":
        self.step = step
        return self

    def with_assignee(self, name: str) -> "Decision":
        self.assign = name
        return self

    def with_category(self, category: str) -> "Decision":
        self.category = category
        return self

    def with_priority(self, priority: r.Priority) -> "Decision":
        self.priority = priority
        return self

    def raise_priority(self, view: r.TicketView, priority: r.Priority) -> "Decision":
        """Raises the priority to at least `priority` (never lowers it)."""
        current = self.priority if self.priority is not None else view.priority
        if rank(priority) > rank(current):
            self.priority = priority
        return self

    def because(self, reason: str) -> "Decision":
        """With a reason shown to staff (replaces an earlier one)."""
        self.reason = reason
        return self

    def and_because(self, reason: str) -> "Decision":
        """Adds a sentence to the reason."""
        self.reason = reason if self.reason is None else self.reason + "; " + reason
        return self

    def build(self) -> r.Decision:
        return r.Decision(
            step=self.step,
            assign=self.assign,
            category=self.category,
            priority=self.priority,
            reason=self.reason,
        )
