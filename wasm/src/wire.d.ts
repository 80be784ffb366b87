// Generated from the Rust types of loket-core (feature `ts`) by
// `LOKET_BLESS=1 cargo test -p loket-tests --test contracts`: do not edit.

/**
 * An instant in real time: whole seconds since the Unix epoch (UTC).
 *
 * All arithmetic of the engine is exact to the second; an instant given with a
 * fraction of a second is truncated towards the past (`12:00:00.9` is `12:00:00`).
 *
 * Parsing accepts RFC 3339 (`2024-03-01T13:30:00+07:00`, `2024-03-01T06:30:00Z`)
 * or whole Unix seconds (`1709274600`).
 */
export type Timestamp = string;

/**
 * A span of *operational* time: either an exact number of operational seconds
 * (written `90s`, `45m`, `3h`, `8h30m`) or a number of operational days (`2d`).
 *
 * The two are different units, not multiples of each other: an operational day is
 * "the same wall-clock time on the N-th next open day" (see
 * [`Calendar::add`](crate::Calendar::add)), and its length in seconds depends on the
 * day (a Friday of the default profile is 7 hours, Monday 8½). Mixing them in one
 * value (`1d2h`) is refused.
 */
export type OpDuration = string;

/**
 * The kinds of intake of the standard (section A2).
 */
export type TicketKind = "complaint" | "request" | "incident";

/**
 * The tiers of the standard's flow chart (section A2), lowest first.
 */
export type Tier = "first_line" | "application_staff" | "change_management" | "information_security" | "operations_design";

/**
 * A working stage of the flow chart.
 */
export type Stage = "received" | "handled_directly" | "executing" | "change_management" | "information_security" | "operations_design";

/**
 * Where a ticket is in the flow.
 */
export type TicketState = { "state": "working", "stage": Stage } | { "state": "waiting_for_reporter", "stage": Stage } | { "state": "solution_delivered", "stage": Stage } | { "state": "closed", "stage": Stage } | { "state": "rejected" } | { "state": "merged" } | { "state": "referred" };

/**
 * The stable name of a state, as serialized (`snake_case`): a working stage's
 * name, or where the ticket waits or ended.
 */
export type StateName = "received" | "handled_directly" | "executing" | "change_management" | "information_security" | "operations_design" | "waiting_for_reporter" | "solution_delivered" | "closed" | "rejected" | "merged" | "referred";

/**
 * The stable name of an event, as serialized (`snake_case`): the `type` of an
 * [`EventKind`](crate::ticket::EventKind) in event files and the API.
 */
export type EventName = "received" | "handle_directly" | "create_ticket" | "forward" | "deliver_solution" | "close" | "reopen" | "wait_for_reporter" | "reporter_replied" | "reject" | "merge_into" | "assign" | "classify" | "respond" | "comment" | "sla_warning" | "sla_breached" | "reevaluate";

/**
 * An event the flow allows now: its name, and for a forward the tier it goes to.
 *
 * Displayed as in refusal messages: `forward to change_management`, `close`,
 * `reopen (within the window)`.
 */
export type AllowedEvent = { 
/**
 * The event.
 */
event: EventName, 
/**
 * The tier a forward goes to (absent for other events).
 */
to?: Tier, };

/**
 * How a message reached the desk.
 */
export type Channel = "whatsapp" | "email" | "phone" | "voice_call" | "video_call" | "voice_message";

/**
 * Who proved a reporter's contact details.
 */
export type ContactProof = "whatsapp" | "email" | { "portal": { 
/**
 * The portal token's name.
 */
name: string, } };

/**
 * The reporter's personal data: kept on the ticket, shown only where needed.
 */
export type Reporter = { 
/**
 * Name as given.
 */
name?: string | null, 
/**
 * Phone / WhatsApp number.
 */
phone?: string | null, 
/**
 * Email address.
 */
email?: string | null, 
/**
 * Nomor Induk Kependudukan, if given.
 */
nik?: string | null, 
/**
 * Who proved `phone` / `email` (none: only claimed by the sender). Set by the
 * desk from the channel, never taken from the sender's own input.
 */
proof?: ContactProof | null, };

/**
 * A message as it reaches intake.
 */
export type Message = { 
/**
 * The channel.
 */
channel: Channel, 
/**
 * The application it is about, as the reporter named it; `None` when unknown.
 */
application?: string | null, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * Subject (email subject); the first line of the body when absent.
 */
subject?: string | null, 
/**
 * The message text.
 */
body: string, 
/**
 * Who wrote.
 */
reporter?: Reporter, 
/**
 * When the desk received it.
 */
receivedAt: Timestamp, 
/**
 * The message is feedback or a complaint about the service desk itself.
 */
aboutDesk?: boolean, };

/**
 * Why a message was not accepted as a ticket.
 */
export type Refusal = { "reason": "not_written", 
/**
 * The channel used.
 */
channel: Channel, } | { "reason": "out_of_scope", 
/**
 * What the reporter named, if anything.
 */
application: string | null, } | { "reason": "empty" };

/**
 * What the desk answers, and what it records.
 */
export type IntakeOutcome = { "outcome": "accepted", 
/**
 * The first event of the ticket.
 */
received: TicketEvent, 
/**
 * When the SLA clock starts.
 */
clockStarts: Timestamp, 
/**
 * The deadline the standard promises.
 */
due: Timestamp, 
/**
 * Whether the desk was closed when the message arrived.
 */
receivedWhileClosed: boolean, 
/**
 * Why the deadline is what it is.
 */
explanation: Explanation, 
/**
 * Years the deadline touches that the holiday list does not cover.
 */
uncoveredYears?: Array<number>, } | { "outcome": "referred", 
/**
 * The first (and terminal) event of the record.
 */
received: TicketEvent, } | { "outcome": "refused", 
/**
 * Why.
 */
refusal: Refusal, };

/**
 * Who did something: `{"type": "staff", "name": "Budi"}`, `{"type": "reporter"}`.
 */
export type Actor = { "type": "staff", "name": string } | { "type": "reporter" } | { "type": "router", "name": string } | { "type": "system" };

/**
 * Priority of a ticket.
 */
export type Priority = "low" | "normal" | "high" | "urgent";

/**
 * The SLA clocks of a ticket.
 */
export type ClockKind = "resolution" | "first_response";

/**
 * Which real instant stands for an operational instant that a closure makes
 * ambiguous: the closing of the period before it or the opening of the period after.
 *
 * Both are the same operational instant; `Closing` is the default for deadlines
 * shown to people ("by Friday 14:00" rather than "by Monday 07:00").
 */
export type Boundary = "closing" | "opening";

/**
 * Resolution targets per kind, in operational time, and the boundary convention of
 * the deadlines shown to people.
 */
export type SlaPolicy = { 
/**
 * Target for complaints (aduan).
 */
complaint: OpDuration, 
/**
 * Target for requests (permintaan).
 */
request: OpDuration, 
/**
 * Target for incidents (insiden).
 */
incident: OpDuration, 
/**
 * Which real instant a deadline on a closure shows.
 */
boundary: Boundary, };

/**
 * The SLA terms a ticket keeps from the moment it was received: a later change of
 * calendar or policy does not move them unless the ticket is re-evaluated.
 */
export type SlaTerms = { 
/**
 * The policy in force.
 */
policy: SlaPolicy, 
/**
 * Resolution target for this ticket's kind.
 */
target: OpDuration, 
/**
 * When the clock started (the next opening if received while closed).
 */
clockStarts: Timestamp, 
/**
 * The resolution deadline computed at receipt (before any pause).
 */
due: Timestamp, 
/**
 * First-response target and deadline, if the desk has one.
 */
firstResponse?: [OpDuration, Timestamp] | null, 
/**
 * Share of the target after which the clock warns.
 */
warningRatio: number, };

/**
 * What happened to a ticket.
 */
export type EventKind = { "event": "received", 
/**
 * The ticket's number (e.g. `JTG-2026-000123`).
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The product id, `None` for feedback about the desk itself.
 */
application: string | null, 
/**
 * The written channel it came by.
 */
channel: Channel, 
/**
 * Subject line (email subject, or the first line).
 */
subject: string, 
/**
 * The message.
 */
body: string, 
/**
 * The reporter's personal data (boxed: the largest field of the largest
 * event, kept off every other event's size).
 */
reporter: Reporter, 
/**
 * The SLA terms in force at receipt.
 */
sla: SlaTerms, 
/**
 * Feedback about the desk itself, referred to the standard's channel (A6).
 */
aboutDesk: boolean, } | { "event": "handle_directly" } | { "event": "create_ticket" } | { "event": "forward", 
/**
 * The tier it goes to.
 */
to: Tier, } | { "event": "deliver_solution", 
/**
 * The solution, as told to the reporter.
 */
solution: string, } | { "event": "close" } | { "event": "reopen" } | { "event": "wait_for_reporter", 
/**
 * What the reporter is asked.
 */
question: string, } | { "event": "reporter_replied", 
/**
 * The answer.
 */
text: string, } | { "event": "reject" } | { "event": "merge_into", 
/**
 * The number of the ticket it duplicates.
 */
target: string, } | { "event": "assign", 
/**
 * The assignee.
 */
to: string, } | { "event": "classify", 
/**
 * Category, free text (e.g. `SP2D`).
 */
category?: string | null, 
/**
 * Priority.
 */
priority?: Priority | null, } | { "event": "respond", 
/**
 * The text.
 */
text: string, } | { "event": "comment", 
/**
 * The text.
 */
text: string, } | { "event": "sla_warning", 
/**
 * Which clock.
 */
clock: ClockKind, } | { "event": "sla_breached", 
/**
 * Which clock.
 */
clock: ClockKind, 
/**
 * Who is notified.
 */
notify: string, } | { "event": "reevaluate", 
/**
 * The new terms.
 */
sla: SlaTerms, };

/**
 * An event: who, when, what, why. In JSON one flat object:
 * `{"at": "…", "by": {"type": "staff", "name": "…"}, "event": "forward", "to": "change_management", "reason": "…"}`.
 */
export type TicketEvent = { 
/**
 * When it happened.
 */
at: Timestamp, 
/**
 * Who did it.
 */
by: Actor, 
/**
 * Why, as written by the actor.
 */
reason?: string | null, } & ({ "event": "received", 
/**
 * The ticket's number (e.g. `JTG-2026-000123`).
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The product id, `None` for feedback about the desk itself.
 */
application: string | null, 
/**
 * The written channel it came by.
 */
channel: Channel, 
/**
 * Subject line (email subject, or the first line).
 */
subject: string, 
/**
 * The message.
 */
body: string, 
/**
 * The reporter's personal data (boxed: the largest field of the largest
 * event, kept off every other event's size).
 */
reporter: Reporter, 
/**
 * The SLA terms in force at receipt.
 */
sla: SlaTerms, 
/**
 * Feedback about the desk itself, referred to the standard's channel (A6).
 */
aboutDesk: boolean, } | { "event": "handle_directly" } | { "event": "create_ticket" } | { "event": "forward", 
/**
 * The tier it goes to.
 */
to: Tier, } | { "event": "deliver_solution", 
/**
 * The solution, as told to the reporter.
 */
solution: string, } | { "event": "close" } | { "event": "reopen" } | { "event": "wait_for_reporter", 
/**
 * What the reporter is asked.
 */
question: string, } | { "event": "reporter_replied", 
/**
 * The answer.
 */
text: string, } | { "event": "reject" } | { "event": "merge_into", 
/**
 * The number of the ticket it duplicates.
 */
target: string, } | { "event": "assign", 
/**
 * The assignee.
 */
to: string, } | { "event": "classify", 
/**
 * Category, free text (e.g. `SP2D`).
 */
category?: string | null, 
/**
 * Priority.
 */
priority?: Priority | null, } | { "event": "respond", 
/**
 * The text.
 */
text: string, } | { "event": "comment", 
/**
 * The text.
 */
text: string, } | { "event": "sla_warning", 
/**
 * Which clock.
 */
clock: ClockKind, } | { "event": "sla_breached", 
/**
 * Which clock.
 */
clock: ClockKind, 
/**
 * Who is notified.
 */
notify: string, } | { "event": "reevaluate", 
/**
 * The new terms.
 */
sla: SlaTerms, });

/**
 * A ticket: the fold of its events.
 *
 * A ticket is read, never written: every field is a projection of its history,
 * so it changes only by [`apply`](Ticket::apply) (one more event, checked against
 * the flow) and is built only from events ([`replay`](Ticket::replay),
 * [`IntakeOutcome::open`]). Its JSON form carries every field and the history.
 */
export type TicketData = { 
/**
 * Its number, e.g. `JTG-2026-000123`.
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The product id (`None` for feedback about the desk).
 */
application: string | null, 
/**
 * The channel it came by.
 */
channel: Channel, 
/**
 * Subject.
 */
subject: string, 
/**
 * The message.
 */
body: string, 
/**
 * Personal data of the reporter.
 */
reporter: Reporter, 
/**
 * When it was received.
 */
receivedAt: Timestamp, 
/**
 * Where it is in the flow.
 */
state: TicketState, 
/**
 * The tier working it.
 */
tier: Tier, 
/**
 * Who works it.
 */
assignee: string | null, 
/**
 * Category.
 */
category: string | null, 
/**
 * Priority.
 */
priority: Priority, 
/**
 * The SLA terms (kept from receipt; changed only by `reevaluate`).
 */
sla: SlaTerms, 
/**
 * The ticket it was merged into.
 */
mergedInto: string | null, 
/**
 * When the last solution was delivered.
 */
deliveredAt: Timestamp | null, 
/**
 * Every event, in order.
 */
history: Array<TicketEvent>, };

/**
 * Where a clock stands.
 */
export type ClockStatus = "on_track" | "warning" | "breached" | "met" | "cancelled";

/**
 * One SLA clock of a ticket at an instant.
 */
export type ClockState = { 
/**
 * Which clock.
 */
kind: ClockKind, 
/**
 * Where it stands.
 */
status: ClockStatus, 
/**
 * Counting now.
 */
running: boolean, 
/**
 * Paused (waiting for the reporter, or a solution delivered and not yet closed).
 */
paused: boolean, 
/**
 * Operational seconds counted (paused time never counts).
 */
elapsed: number, 
/**
 * Operational seconds the target allows (from the clock start to the deadline).
 */
budget: number, 
/**
 * `budget - elapsed` (negative once breached).
 */
remaining: number, 
/**
 * The deadline, moved later by the operational time spent paused.
 */
due: Timestamp, 
/**
 * When the clock stopped, if it has.
 */
stoppedAt?: Timestamp, 
/**
 * The instant the clock was read at: a page counting down from `remaining`
 * counts from here.
 */
asOf: Timestamp, };

/**
 * A deadline and how it was reached.
 */
export type Deadline = { 
/**
 * The kind of ticket.
 */
kind: TicketKind, 
/**
 * When the message was received.
 */
received: Timestamp, 
/**
 * When the clock starts counting (the next opening if received while closed).
 */
clockStarts: Timestamp, 
/**
 * The target applied.
 */
target: OpDuration, 
/**
 * The deadline.
 */
due: Timestamp, 
/**
 * Why: the counted and skipped stretches.
 */
explanation: Explanation, };

/**
 * Why a result is what it is: the counted and skipped stretches between two
 * instants, plus the day steps for a day-based computation.
 */
export type Explanation = { 
/**
 * The computation's start.
 */
start: Timestamp, 
/**
 * The computation's result.
 */
end: Timestamp, 
/**
 * The duration asked for (its magnitude), when explaining `add`/`sub`.
 */
duration?: OpDuration | null, 
/**
 * Whether the duration was counted backwards (`sub`, or `add` of a negative).
 */
backward: boolean, 
/**
 * The boundary convention used.
 */
boundary: Boundary, 
/**
 * Operational seconds from `start` to `end` (signed).
 */
operationalSeconds: number, 
/**
 * Day steps, for operational days.
 */
days?: DaySteps | null, 
/**
 * Counted and skipped stretches from the earlier to the later instant.
 */
stretches: Array<Stretch>, 
/**
 * Years touched that the holiday list does not cover.
 */
uncoveredYears?: Array<number>, 
/**
 * Years touched whose holiday list is provisional only.
 */
provisionalYears?: Array<number>, 
/**
 * Provisional holidays skipped (or started on), local dates.
 */
provisionalDates?: Array<string>, };

/**
 * How a day-based result was reached.
 */
export type DaySteps = { 
/**
 * The start moved into hours (equal to the start when it was open).
 */
startInHours: Timestamp, 
/**
 * The open dates counted, in order of counting.
 */
countedDays: Array<string>, 
/**
 * The same wall-clock time on the last counted date, before the boundary convention.
 */
landing: Timestamp, };

/**
 * One stretch of an explanation, in time order.
 */
export type Stretch = { "type": "counted", 
/**
 * Start.
 */
from: Timestamp, 
/**
 * End.
 */
to: Timestamp, 
/**
 * Operational seconds (= `to - from`).
 */
seconds: number, } | { "type": "skipped", 
/**
 * Start.
 */
from: Timestamp, 
/**
 * End.
 */
to: Timestamp, } & ({ "reason": "outside_hours" } | { "reason": "no_hours" } | { "reason": "holiday", 
/**
 * Its name.
 */
name: string, 
/**
 * Its kind.
 */
kind: HolidayKind, 
/**
 * Whether its date is an estimate awaiting the decree.
 */
provisional?: boolean, } | { "reason": "override", 
/**
 * Its note, if any.
 */
name: string | null, });

/**
 * Why a stretch of time does not count.
 */
export type Closure = { "reason": "outside_hours" } | { "reason": "no_hours" } | { "reason": "holiday", 
/**
 * Its name.
 */
name: string, 
/**
 * Its kind.
 */
kind: HolidayKind, 
/**
 * Whether its date is an estimate awaiting the decree.
 */
provisional?: boolean, } | { "reason": "override", 
/**
 * Its note, if any.
 */
name: string | null, };

/**
 * The kinds of dated closures.
 */
export type HolidayKind = "national" | "collective_leave" | "election" | "local";

/**
 * A dated closure.
 */
export type HolidaySpec = { 
/**
 * The local date.
 */
date: string, 
/**
 * Its name, shown in explanations (e.g. `Idul Fitri 1445 H`).
 */
name: string, 
/**
 * What kind of day it is.
 */
kind: HolidayKind, 
/**
 * Whether the date is an estimate awaiting its decree (e.g. next year's Idul
 * Fitri before the joint decree, SKB, is signed). Default `false`. It closes
 * the desk like any holiday, but results that touch it say it is provisional.
 * A confirmed entry of the same date supersedes it.
 */
provisional?: boolean, 
/**
 * Where the date comes from: the decree, or the estimate's source.
 */
source?: string | null, };

/**
 * Special hours on one date.
 */
export type OverrideSpec = { 
/**
 * The local date.
 */
date: string, 
/**
 * Its opening intervals; `[]` closes the date.
 */
hours: Array<string>, 
/**
 * Why, shown in explanations.
 */
name?: string | null, };

/**
 * Opening intervals per weekday, e.g. `mon = ["07:00-12:00", "13:00-15:30"]`.
 */
export type WeekSpec = { mon: Array<string>, tue: Array<string>, wed: Array<string>, thu: Array<string>, fri: Array<string>, sat: Array<string>, sun: Array<string>, };

/**
 * An inclusive range of years, `{ from = 2024, to = 2026 }`.
 */
export type YearRange = { 
/**
 * First year.
 */
from: number, 
/**
 * Last year (inclusive).
 */
to: number, };

/**
 * An operating calendar as written in a file (TOML or JSON, same fields).
 *
 *
 * Unknown fields are an error. Compile it with
 * [`Calendar::new`](crate::Calendar::new) to compute with it.
 */
export type CalendarSpec = { 
/**
 * A name for people, e.g. `Service Desk JatengProv`.
 */
name?: string | null, 
/**
 * IANA time zone; all civil times of the calendar are local to it.
 */
timezone: string, 
/**
 * Whether collective leave (cuti bersama) closes the desk. Default `true`.
 */
collective_leave_off: boolean, 
/**
 * Opening hours per weekday.
 */
week: WeekSpec, 
/**
 * Dated closures.
 */
holiday?: Array<HolidaySpec>, 
/**
 * Dates with special hours (`[]` closes the date, hours open a normally closed one).
 */
override?: Array<OverrideSpec>, 
/**
 * Years the holiday list is complete for. Default: every year with at least one
 * holiday entry. Results touching other years say the list did not cover them.
 */
covers?: YearRange | null, 
/**
 * Years the calendar can compute in. Default 1970 to 2100.
 */
horizon?: YearRange | null, };

/**
 * A product (application) in scope and its responsible team.
 */
export type Product = { 
/**
 * Stable identifier, e.g. `e-penatausahaan`.
 */
id: string, 
/**
 * Name for people, e.g. `e-Penatausahaan`.
 */
name: string, 
/**
 * Other names a reporter may use.
 */
aliases?: Array<string>, 
/**
 * The responsible staff, in roster order.
 */
team: Array<string>, };

/**
 * A desk's products, teams and workflow settings (TOML or JSON).
 */
export type DeskConfig = { 
/**
 * The desk's name.
 */
name: string, 
/**
 * How long after a solution is delivered the reporter may reopen (operational).
 */
reopen_window: OpDuration, 
/**
 * Share of the resolution target after which the clock is in warning (0–1).
 */
warning_ratio: number, 
/**
 * First-response target, or `off`.
 */
first_response: string, 
/**
 * How many days before the confirmed holiday list ends the desk warns its staff
 * and supervisor (see [`Calendar::coverage_warning`](crate::Calendar::coverage_warning)).
 * Default 60.
 */
coverage_warning_days: number, 
/**
 * The direct superior who supervises the desk and receives breaches.
 */
supervisor: string, 
/**
 * The WhatsApp number of the desk.
 */
whatsapp: string, 
/**
 * The email address of the desk.
 */
email: string, 
/**
 * Where complaints about the desk itself go (section A6).
 */
feedback: string, 
/**
 * The products in scope, each with its responsible team.
 */
product: Array<Product>, };

/**
 * Which years a calendar's holiday list covers, and how surely.
 */
export type Coverage = { 
/**
 * Years covered by confirmed dates (a decree), or declared complete with
 * `covers`.
 */
confirmed: Array<YearRange>, 
/**
 * Years covered by provisional dates only (estimates awaiting the decree).
 */
provisional: Array<YearRange>, 
/**
 * The last date of the last confirmed year; `None` when nothing is confirmed.
 */
lastConfirmed: string | null, };

/**
 * Whether the confirmed list is about to end or has ended.
 */
export type CoverageState = "ending" | "ended";

/**
 * The warning that the confirmed holiday list ends soon (or has ended): from
 * [`Calendar::coverage_warning`].
 */
export type CoverageWarning = { 
/**
 * Ending or ended.
 */
state: CoverageState, 
/**
 * The last date the confirmed list covers.
 */
lastConfirmed: string, 
/**
 * Days from today to `last_confirmed`: 0 when today is the last confirmed
 * date, negative once it has passed.
 */
daysLeft: number, 
/**
 * The warning window, in days.
 */
withinDays: number, 
/**
 * Years after `last_confirmed` covered only by provisional dates.
 */
provisionalYears: Array<number>, };

/**
 * How far the calendar's holiday list reaches, with the warning staff see before
 * the decreed dates run out (`/health`, `GET /api/v1/desk`).
 */
export type CoverageStatus = { 
/**
 * The warning, when the confirmed list ends within the desk's warning days.
 */
warning: CoverageAlert | null, 
/**
 * Years covered by confirmed dates (a decree), or declared complete with
 * `covers`.
 */
confirmed: Array<YearRange>, 
/**
 * Years covered by provisional dates only (estimates awaiting the decree).
 */
provisional: Array<YearRange>, 
/**
 * The last date of the last confirmed year; `None` when nothing is confirmed.
 */
lastConfirmed: string | null, };

/**
 * A coverage warning with its message.
 */
export type CoverageAlert = { 
/**
 * `calendar.coverage_ending` or `calendar.coverage_ended`.
 */
code: string, 
/**
 * The message in the request's language.
 */
message: string, 
/**
 * The message in Bahasa Indonesia.
 */
messageId: string, 
/**
 * The message in English.
 */
messageEn: string, 
/**
 * Ending or ended.
 */
state: CoverageState, 
/**
 * The last date the confirmed list covers.
 */
lastConfirmed: string, 
/**
 * Days from today to `last_confirmed`: 0 when today is the last confirmed
 * date, negative once it has passed.
 */
daysLeft: number, 
/**
 * The warning window, in days.
 */
withinDays: number, 
/**
 * Years after `last_confirmed` covered only by provisional dates.
 */
provisionalYears: Array<number>, };

/**
 * A ticket in a list: what staff need to pick one, with its resolution clock.
 */
export type TicketSummary = { 
/**
 * Its number, e.g. `JTG-2026-000123`.
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The product id (`null` for feedback about the desk).
 */
application: string | null, 
/**
 * The product's name for people, when the desk knows the product.
 */
applicationName: string | null, 
/**
 * The channel it came by.
 */
channel: Channel, 
/**
 * Subject, with long digit runs (phone numbers, NIK) masked.
 */
subject: string, 
/**
 * Where it is in the flow.
 */
state: StateName, 
/**
 * The state's name for people, in the request's language.
 */
stateLabel: string, 
/**
 * The tier working it.
 */
tier: Tier, 
/**
 * The tier's name for people.
 */
tierLabel: string, 
/**
 * Who works it.
 */
assignee: string | null, 
/**
 * Priority.
 */
priority: Priority, 
/**
 * When it was received.
 */
receivedAt: Timestamp, 
/**
 * The resolution clock (`null` when it cannot be computed).
 */
sla: ClockState | null, };

/**
 * A ticket as staff see it: the summary with the message, the reporter and the
 * outcome fields.
 */
export type TicketRecord = { 
/**
 * The message.
 */
body: string, 
/**
 * The reporter (personal data: staff views only).
 */
reporter: Reporter, 
/**
 * Category.
 */
category: string | null, 
/**
 * The ticket it was merged into.
 */
mergedInto: string | null, 
/**
 * When the last solution was delivered.
 */
deliveredAt: Timestamp | null, 
/**
 * Its number, e.g. `JTG-2026-000123`.
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The product id (`null` for feedback about the desk).
 */
application: string | null, 
/**
 * The product's name for people, when the desk knows the product.
 */
applicationName: string | null, 
/**
 * The channel it came by.
 */
channel: Channel, 
/**
 * Subject, with long digit runs (phone numbers, NIK) masked.
 */
subject: string, 
/**
 * Where it is in the flow.
 */
state: StateName, 
/**
 * The state's name for people, in the request's language.
 */
stateLabel: string, 
/**
 * The tier working it.
 */
tier: Tier, 
/**
 * The tier's name for people.
 */
tierLabel: string, 
/**
 * Who works it.
 */
assignee: string | null, 
/**
 * Priority.
 */
priority: Priority, 
/**
 * When it was received.
 */
receivedAt: Timestamp, 
/**
 * The resolution clock (`null` when it cannot be computed).
 */
sla: ClockState | null, };

/**
 * One line of a ticket's timeline.
 */
export type TimelineEntry = { 
/**
 * When.
 */
at: Timestamp, 
/**
 * Who.
 */
by: Actor, 
/**
 * The event's name.
 */
event: EventName, 
/**
 * What happened, for people, in the request's language.
 */
text: string, 
/**
 * Why, as recorded.
 */
reason: string | null, };

/**
 * A ticket with what staff can do next, its clocks and its timeline.
 */
export type TicketDetail = { 
/**
 * The ticket.
 */
ticket: TicketRecord, 
/**
 * The events the flow allows now.
 */
allowed: Array<AllowedEvent>, 
/**
 * Its clocks: resolution, and first response when the desk has that target.
 */
clocks: Array<ClockState>, 
/**
 * Every event, oldest first.
 */
timeline: Array<TimelineEntry>, };

/**
 * A page of a ticket list.
 */
export type TicketPage = { 
/**
 * How many tickets match the filters (on every page).
 */
total: number, 
/**
 * This page's tickets, newest first.
 */
tickets: Array<TicketSummary>, };

/**
 * Where a ticket's resolution clock stands, for filtering lists: a clock's status,
 * `paused` for a paused clock whatever its status, `none` without a clock.
 */
export type SlaFilter = "on_track" | "warning" | "breached" | "paused" | "met" | "cancelled" | "none";

/**
 * Where a ticket's resolution clock stands, for the reporter.
 */
export type PublicClock = { 
/**
 * Where it stands.
 */
status: ClockStatus, 
/**
 * Paused (waiting for the reporter, or a solution delivered).
 */
paused: boolean, 
/**
 * The deadline.
 */
due: Timestamp, };

/**
 * One line of the reporter's timeline.
 */
export type PublicEvent = { 
/**
 * When.
 */
at: Timestamp, 
/**
 * What happened, for people.
 */
text: string, };

/**
 * What the holder of a ticket's access key sees (the citizen's status page): no
 * personal data, no internal notes, and never what a reporter wrote.
 */
export type PublicStatus = { 
/**
 * The ticket's number.
 */
number: string, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The kind's name for people.
 */
kindLabel: string, 
/**
 * The application's name for people, when the desk knows it.
 */
applicationName: string | null, 
/**
 * Where it is in the flow.
 */
state: StateName, 
/**
 * The state's name for people.
 */
stateLabel: string, 
/**
 * When it was received.
 */
receivedAt: Timestamp, 
/**
 * When it is due (the resolution clock's deadline).
 */
due: Timestamp | null, 
/**
 * The resolution clock: where it stands and when it is due.
 */
sla: PublicClock | null, 
/**
 * The solution delivered last (absent once reopened).
 */
solution: string | null, 
/**
 * What happened, oldest first, in the request's language.
 */
timeline: Array<PublicEvent>, };

/**
 * Where a ticket stands for a report, as of the report's instant.
 */
export type Outcome = "open" | "open_breached" | "met" | "breached" | "cancelled";

/**
 * Who was assigned while a tier worked the ticket.
 */
export type StageAssignee = { 
/**
 * The tier working the ticket when it was assigned.
 */
tier: Tier, 
/**
 * The officer.
 */
officer: string, };

/**
 * One ticket as reports see it: no personal data, no free text.
 *
 * Operational times are seconds of the desk's calendar (the hours it is open).
 */
export type TicketFacts = { 
/**
 * The ticket's number.
 */
number: string, 
/**
 * The product id; `None` for feedback about the desk itself.
 */
application: string | null, 
/**
 * Complaint, request or incident.
 */
kind: TicketKind, 
/**
 * The channel it came by.
 */
channel: Channel, 
/**
 * Its priority at the report's instant.
 */
priority: Priority, 
/**
 * When the desk received it.
 */
received: Timestamp, 
/**
 * When the resolution clock started (the next opening if received while closed).
 */
clockStarts: Timestamp, 
/**
 * The first answer to the reporter (a reply, a question or a solution).
 */
firstResponse: Timestamp | null, 
/**
 * Operational seconds from the clock's start to the first response.
 */
firstResponseElapsed: number | null, 
/**
 * The last solution delivered (after a reopen, the later one).
 */
delivered: Timestamp | null, 
/**
 * When it was closed.
 */
closed: Timestamp | null, 
/**
 * The tiers that worked it, in order (consecutive repeats once).
 */
tiers: Array<Tier>, 
/**
 * Who was assigned at each stage, in order.
 */
assignees: Array<StageAssignee>, 
/**
 * The resolution target for its kind.
 */
target: OpDuration, 
/**
 * The operational seconds the target allows.
 */
budget: number, 
/**
 * The deadline at receipt.
 */
dueAtReceipt: Timestamp, 
/**
 * The deadline in force (moved later by the time spent paused); for a finished
 * ticket, as it stood when the solution was delivered.
 */
due: Timestamp, 
/**
 * Operational seconds counted on the resolution clock.
 */
elapsed: number, 
/**
 * Operational seconds the resolution clock spent paused (waiting for the
 * reporter, or a solution delivered and then reopened); for a finished ticket,
 * up to the delivery.
 */
paused: number, 
/**
 * Where it stands.
 */
outcome: Outcome, 
/**
 * Operational seconds past the target (0 unless breached).
 */
overBy: number, 
/**
 * How many times it was reopened.
 */
reopened: number, 
/**
 * The instant the facts were read at.
 */
asOf: Timestamp, };

/**
 * A half-open period of receipt: `from` ≤ received < `to`.
 */
export type ReportPeriod = { 
/**
 * First instant (inclusive).
 */
from: Timestamp, 
/**
 * Last instant (exclusive).
 */
to: Timestamp, };

/**
 * Which tickets a report looks at; every field set narrows it.
 */
export type ReportFilter = { 
/**
 * A product id; `desk` means feedback about the desk itself.
 */
application?: string, 
/**
 * One kind.
 */
kind?: TicketKind, 
/**
 * Tickets that reached this tier.
 */
tier?: Tier, 
/**
 * Tickets this officer was assigned at any stage.
 */
officer?: string, 
/**
 * One channel.
 */
channel?: Channel, };

/**
 * Counts over a set of tickets: the additive part of a report.
 */
export type ReportCounts = { 
/**
 * Tickets received.
 */
tickets: number, 
/**
 * Still open (breached or not).
 */
open: number, 
/**
 * Solution delivered or closed.
 */
finished: number, 
/**
 * Finished within the target.
 */
met: number, 
/**
 * Past the target: finished late plus open breaches.
 */
breached: number, 
/**
 * Open and already past the target.
 */
breachedOpen: number, 
/**
 * Rejected, merged or referred.
 */
cancelled: number, 
/**
 * Reopened at least once.
 */
reopened: number, 
/**
 * Operational seconds paused, all tickets together.
 */
paused: number, 
/**
 * met ÷ (finished + breachedOpen), 0–1; `None` with nothing to judge.
 */
compliance: number | null, };

/**
 * A distribution of operational durations (seconds).
 */
export type DurationStats = { 
/**
 * How many durations.
 */
count: number, 
/**
 * The median (nearest rank), `None` when there are none.
 */
median: number | null, 
/**
 * The 90th percentile (nearest rank).
 */
p90: number | null, 
/**
 * The longest.
 */
max: number | null, };

/**
 * Open tickets by age, in operational days since their clock started.
 */
export type AgeBucket = { 
/**
 * At least this many operational days old.
 */
fromDays: number, 
/**
 * Fewer than this many (`None`: no upper bound).
 */
toDays: number | null, 
/**
 * How many open tickets.
 */
count: number, };

/**
 * A ticket past its target, and why its deadline was that instant.
 */
export type Breach = { 
/**
 * The ticket.
 */
number: string, 
/**
 * Its product id.
 */
application: string | null, 
/**
 * Its kind.
 */
kind: TicketKind, 
/**
 * The tier it is at (or finished at).
 */
tier: Tier, 
/**
 * The officer assigned last.
 */
officer: string | null, 
/**
 * The deadline in force.
 */
due: Timestamp, 
/**
 * Operational seconds past the target.
 */
overBy: number, 
/**
 * Finished late (`true`) or still open.
 */
finished: boolean, 
/**
 * The arithmetic behind the deadline, in the report's language.
 */
explanation: string, };

/**
 * One officer's load.
 */
export type OfficerLoad = { 
/**
 * The officer.
 */
officer: string, 
/**
 * The applications whose team lists the officer.
 */
teams: Array<string>, 
/**
 * Counts over the tickets the officer was assigned at any stage.
 */
counts: ReportCounts, };

/**
 * One application's figures against its team.
 */
export type ApplicationLoad = { 
/**
 * Its name for people.
 */
name: string, 
/**
 * The team size the desk configuration lists (the standard's A5).
 */
teamSize: number, 
/**
 * Tickets per team member.
 */
perMember: number, 
/**
 * Open tickets per team member.
 */
openPerMember: number, };

/**
 * A period of a trend: an ISO week or a month.
 */
export type TrendPoint = { 
/**
 * `2026-W14` or `2026-03`.
 */
period: string, 
/**
 * Its first day (local date).
 */
start: string, 
/**
 * Tickets received.
 */
tickets: number, 
/**
 * Still open (breached or not).
 */
open: number, 
/**
 * Solution delivered or closed.
 */
finished: number, 
/**
 * Finished within the target.
 */
met: number, 
/**
 * Past the target: finished late plus open breaches.
 */
breached: number, 
/**
 * Open and already past the target.
 */
breachedOpen: number, 
/**
 * Rejected, merged or referred.
 */
cancelled: number, 
/**
 * Reopened at least once.
 */
reopened: number, 
/**
 * Operational seconds paused, all tickets together.
 */
paused: number, 
/**
 * met ÷ (finished + breachedOpen), 0–1; `None` with nothing to judge.
 */
compliance: number | null, };

/**
 * The messages of a period, counted.
 */
export type IntakeCounts = { 
/**
 * Every message received.
 */
received: number, 
/**
 * By what it led to (`accepted`, `referred`, `refused`, `threaded`, `automatic`).
 */
byOutcome: { [key in string]?: number }, 
/**
 * Refusals by reason (`not_written`, `empty`, `out_of_scope`).
 */
refusedBy: { [key in string]?: number }, 
/**
 * By channel.
 */
byChannel: { [key in string]?: number }, 
/**
 * Out of scope, by the application named (`-` when none was named): demand
 * outside the desk's applications.
 */
outOfScope: { [key in string]?: number }, };

/**
 * Everything a supervisor asks of a period.
 */
export type SlaReport = { 
/**
 * The period of receipt.
 */
period: ReportPeriod, 
/**
 * The filter applied.
 */
filter: ReportFilter, 
/**
 * The instant the tickets were read at.
 */
asOf: Timestamp, 
/**
 * Operational handling time of finished tickets (clock start to solution,
 * pauses excluded).
 */
handling: DurationStats, 
/**
 * Operational time to the first answer, for tickets that have one.
 */
firstResponse: DurationStats, 
/**
 * Open tickets by operational age.
 */
backlog: Array<AgeBucket>, 
/**
 * Breaches, the longest over first.
 */
breaches: Array<Breach>, 
/**
 * reopened ÷ finished, `None` when nothing finished.
 */
reopenRate: number | null, 
/**
 * Counts per product id (`desk` for feedback about the desk).
 */
byApplication: { [key in string]?: ReportCounts }, 
/**
 * Each application's load against its team size.
 */
load: { [key in string]?: ApplicationLoad }, 
/**
 * Counts per kind.
 */
byKind: { [key in string]?: ReportCounts }, 
/**
 * Counts per tier the ticket is at (or finished at).
 */
byTier: { [key in string]?: ReportCounts }, 
/**
 * Counts per channel.
 */
byChannel: { [key in string]?: ReportCounts }, 
/**
 * Counts per officer (tickets assigned at any stage).
 */
officers: Array<OfficerLoad>, 
/**
 * Counts per ISO week of receipt.
 */
weekly: Array<TrendPoint>, 
/**
 * Counts per month of receipt.
 */
monthly: Array<TrendPoint>, 
/**
 * Every message the desk received in the period, tickets or not (the whole
 * desk, not narrowed by the filter); present where the intake log is known (a
 * desk's data, not event files).
 */
intake?: IntakeCounts, 
/**
 * Tickets received.
 */
tickets: number, 
/**
 * Still open (breached or not).
 */
open: number, 
/**
 * Solution delivered or closed.
 */
finished: number, 
/**
 * Finished within the target.
 */
met: number, 
/**
 * Past the target: finished late plus open breaches.
 */
breached: number, 
/**
 * Open and already past the target.
 */
breachedOpen: number, 
/**
 * Rejected, merged or referred.
 */
cancelled: number, 
/**
 * Reopened at least once.
 */
reopened: number, 
/**
 * Operational seconds paused, all tickets together.
 */
paused: number, 
/**
 * met ÷ (finished + breachedOpen), 0–1; `None` with nothing to judge.
 */
compliance: number | null, };

