//! Tickets: intake answers, one journey per branch of the flow chart, refusals,
//! routing, SLA clocks, and property tests over random event sequences.

use loket_core::ticket::{
    intake, Actor, Channel, ClockKind, ClockStatus, Decision, DefaultRouter, Event, EventKind,
    IntakeOutcome, Message, Reporter, RosterMember, Router, RoutingContext, Stage, State, Step,
    Ticket, Tier,
};
use loket_core::{Lang, Profile, TicketKind, Timestamp};
use proptest::prelude::*;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn message(kind: TicketKind, app: &str, at: &str) -> Message {
    Message {
        channel: Channel::Whatsapp,
        application: Some(app.to_string()),
        kind,
        subject: None,
        body: "Tidak bisa login ke aplikasi sejak pagi.".into(),
        reporter: Reporter {
            name: Some("Sri Lestari".into()),
            phone: Some("6281234567890".into()),
            email: None,
            nik: Some("3374000000000001".into()),
            proof: None,
        },
        received_at: t(at),
        about_desk: false,
    }
}

fn open(profile: &Profile, kind: TicketKind, at: &str) -> Ticket {
    let m = message(kind, "e-Penatausahaan", at);
    intake(&m, profile, m.received_at)
        .unwrap()
        .open("JTG-2024-000001")
        .expect("accepted")
}

fn ev(at: &str, by: &str, what: EventKind) -> Event {
    Event {
        at: t(at),
        by: Actor::Staff(by.into()),
        what,
        reason: None,
    }
}

fn run(profile: &Profile, ticket: &mut Ticket, steps: Vec<Event>) {
    for e in steps {
        let name = e.what.name();
        ticket
            .apply(e, &profile.context())
            .unwrap_or_else(|err| panic!("{name}: {err}"));
    }
}

fn timeline(profile: &Profile, ticket: &Ticket, at: &str) -> String {
    let id = ticket
        .render_timeline(&profile.calendar, t(at), Lang::Id)
        .unwrap();
    let en = ticket
        .render_timeline(&profile.calendar, t(at), Lang::En)
        .unwrap();
    format!("{id}\n{en}")
}

fn deliver(at: &str, by: &str) -> Event {
    ev(
        at,
        by,
        EventKind::DeliverSolution {
            solution: "Kata sandi direset.".into(),
        },
    )
}

fn forward(at: &str, by: &str, to: Tier) -> Event {
    ev(at, by, EventKind::Forward { to })
}

#[test]
fn journey_b_yes_handled_directly() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev(
                "2024-03-04T08:05:00+07:00",
                "Agen",
                EventKind::HandleDirectly,
            ),
            deliver("2024-03-04T08:30:00+07:00", "Agen"),
            ev("2024-03-04T09:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    assert_eq!(tk.state(), State::Closed(Stage::HandledDirectly));
    insta::assert_snapshot!(
        "journey_b_yes",
        timeline(&p, &tk, "2024-03-04T12:00:00+07:00")
    );
}

#[test]
fn journey_f_yes_operations() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Request, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev("2024-03-04T08:05:00+07:00", "Agen", EventKind::CreateTicket),
            ev(
                "2024-03-04T08:06:00+07:00",
                "Agen",
                EventKind::Assign {
                    to: "Petugas e-Penatausahaan 2".into(),
                },
            ),
            forward(
                "2024-03-05T10:00:00+07:00",
                "Petugas e-Penatausahaan 2",
                Tier::OperationsDesign,
            ),
            deliver("2024-03-07T14:00:00+07:00", "Tim Operasional"),
            ev("2024-03-08T08:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    assert_eq!(tk.state(), State::Closed(Stage::OperationsDesign));
    insta::assert_snapshot!(
        "journey_f_yes",
        timeline(&p, &tk, "2024-03-08T08:00:00+07:00")
    );
}

#[test]
fn journey_f_no_i_yes() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Incident, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev("2024-03-04T08:05:00+07:00", "Agen", EventKind::CreateTicket),
            forward(
                "2024-03-04T09:00:00+07:00",
                "Petugas",
                Tier::ChangeManagement,
            ),
            forward(
                "2024-03-04T10:00:00+07:00",
                "Tim Perubahan",
                Tier::OperationsDesign,
            ),
            deliver("2024-03-04T15:00:00+07:00", "Tim Operasional"),
            ev("2024-03-05T08:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    assert_eq!(tk.state(), State::Closed(Stage::OperationsDesign));
    insta::assert_snapshot!(
        "journey_f_no_i_yes",
        timeline(&p, &tk, "2024-03-05T08:00:00+07:00")
    );
}

#[test]
fn journey_f_no_i_no_k_yes() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev("2024-03-04T08:05:00+07:00", "Agen", EventKind::CreateTicket),
            forward(
                "2024-03-04T09:00:00+07:00",
                "Petugas",
                Tier::ChangeManagement,
            ),
            forward(
                "2024-03-04T10:00:00+07:00",
                "Tim Perubahan",
                Tier::InformationSecurity,
            ),
            deliver("2024-03-04T11:00:00+07:00", "Tim Keamanan"),
            ev("2024-03-04T12:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    assert_eq!(tk.state(), State::Closed(Stage::InformationSecurity));
    insta::assert_snapshot!(
        "journey_k_yes",
        timeline(&p, &tk, "2024-03-04T12:00:00+07:00")
    );
}

#[test]
fn journey_k_no_late_with_breach() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev("2024-03-04T08:05:00+07:00", "Agen", EventKind::CreateTicket),
            forward(
                "2024-03-04T09:00:00+07:00",
                "Petugas",
                Tier::ChangeManagement,
            ),
            forward(
                "2024-03-04T10:00:00+07:00",
                "Tim Perubahan",
                Tier::InformationSecurity,
            ),
            forward(
                "2024-03-04T14:00:00+07:00",
                "Tim Keamanan",
                Tier::OperationsDesign,
            ),
        ],
    );
    // 75% of 8h30m is 6h22m30s: from 08:00 that is Tue 06:52:30 operationally, i.e. Mon 14:22:30.
    let due = tk
        .due_sla_events(&p.calendar, &p.desk, t("2024-03-04T15:00:00+07:00"))
        .unwrap();
    assert_eq!(
        due,
        vec![EventKind::SlaWarning {
            clock: ClockKind::Resolution
        }]
    );
    let next = tk
        .next_sla_check(&p.calendar, t("2024-03-04T15:00:00+07:00"))
        .unwrap()
        .unwrap();
    assert_eq!(
        next.to_rfc3339(p.calendar.timezone()),
        "2024-03-04T15:00:00+07:00",
        "warning is due now"
    );
    run(
        &p,
        &mut tk,
        vec![Event {
            at: t("2024-03-04T15:00:00+07:00"),
            by: Actor::System,
            what: due[0].clone(),
            reason: None,
        }],
    );
    // The breach is due on Tuesday 08:00:01, not on Monday night.
    let next = tk
        .next_sla_check(&p.calendar, t("2024-03-04T15:00:00+07:00"))
        .unwrap()
        .unwrap();
    assert_eq!(
        next.to_rfc3339(p.calendar.timezone()),
        "2024-03-05T08:00:01+07:00"
    );
    let due = tk.due_sla_events(&p.calendar, &p.desk, next).unwrap();
    assert_eq!(due.len(), 1);
    let EventKind::SlaBreached { notify, .. } = &due[0] else {
        panic!("{due:?}")
    };
    assert_eq!(
        notify, "Kepala Seksi Layanan Service Desk",
        "no tier above operations design: the supervisor"
    );
    run(
        &p,
        &mut tk,
        vec![
            Event {
                at: next,
                by: Actor::System,
                what: due[0].clone(),
                reason: None,
            },
            deliver("2024-03-05T10:00:00+07:00", "Tim Operasional"),
            ev("2024-03-05T11:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    let c = tk
        .clock(
            ClockKind::Resolution,
            &p.calendar,
            t("2024-03-06T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(c.status, ClockStatus::Breached);
    assert!(!c.running && !c.paused);
    insta::assert_snapshot!(
        "journey_k_no_breached",
        timeline(&p, &tk, "2024-03-06T10:00:00+07:00")
    );
}

#[test]
fn journey_wait_and_reopen() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Complaint, "2024-03-01T13:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev(
                "2024-03-01T13:05:00+07:00",
                "Agen",
                EventKind::HandleDirectly,
            ),
            ev(
                "2024-03-01T13:30:00+07:00",
                "Agen",
                EventKind::WaitForReporter {
                    question: "Nama pengguna Anda?".into(),
                },
            ),
            Event {
                at: t("2024-03-04T09:00:00+07:00"),
                by: Actor::Reporter,
                what: EventKind::ReporterReplied {
                    text: "budi.s".into(),
                },
                reason: None,
            },
            deliver("2024-03-04T09:30:00+07:00", "Agen"),
        ],
    );
    // Paused from Fri 13:30 to Mon 09:00: 30m Friday + 2h Monday of operational time.
    let c = tk
        .clock(
            ClockKind::Resolution,
            &p.calendar,
            t("2024-03-04T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(
        c.elapsed,
        30 * 60 + 30 * 60,
        "13:00–13:30 Friday and 09:00–09:30 Monday"
    );
    assert_eq!(c.status, ClockStatus::Met);
    assert!(
        c.paused,
        "a delivered solution pauses the clock until closed or reopened"
    );
    run(
        &p,
        &mut tk,
        vec![Event {
            at: t("2024-03-05T08:00:00+07:00"),
            by: Actor::Reporter,
            what: EventKind::Reopen,
            reason: Some("masih tidak bisa login".into()),
        }],
    );
    assert_eq!(tk.state(), State::Working(Stage::HandledDirectly));
    run(
        &p,
        &mut tk,
        vec![
            deliver("2024-03-05T08:30:00+07:00", "Agen"),
            ev("2024-03-05T09:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    let c = tk
        .clock(
            ClockKind::Resolution,
            &p.calendar,
            t("2024-03-06T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(c.elapsed, 60 * 60 + 30 * 60);
    insta::assert_snapshot!(
        "journey_wait_reopen",
        timeline(&p, &tk, "2024-03-06T10:00:00+07:00")
    );
}

#[test]
fn journeys_reject_merge_and_feedback() {
    let p = Profile::jatengprov();
    let mut a = open(&p, TicketKind::Request, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut a,
        vec![Event {
            reason: Some("permintaan akun SIMPEG, bukan aplikasi layanan ini".into()),
            ..ev("2024-03-04T08:10:00+07:00", "Agen", EventKind::Reject)
        }],
    );
    assert_eq!(a.state(), State::Rejected);
    let mut b = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut b,
        vec![ev(
            "2024-03-04T08:10:00+07:00",
            "Agen",
            EventKind::MergeInto {
                target: "JTG-2024-000007".into(),
            },
        )],
    );
    assert_eq!(b.state(), State::Merged);
    assert_eq!(
        b.clock(
            ClockKind::Resolution,
            &p.calendar,
            t("2024-03-05T08:00:00+07:00")
        )
        .unwrap()
        .status,
        ClockStatus::Cancelled
    );
    let mut m = message(TicketKind::Complaint, "", "2024-03-04T08:00:00+07:00");
    m.about_desk = true;
    m.application = None;
    let out = intake(&m, &p, m.received_at).unwrap();
    let c = out.open("JTG-2024-000009").unwrap();
    assert_eq!(c.state(), State::Referred);
    insta::assert_snapshot!(
        "journeys_terminal",
        [
            timeline(&p, &a, "2024-03-05T08:00:00+07:00"),
            timeline(&p, &b, "2024-03-05T08:00:00+07:00"),
            timeline(&p, &c, "2024-03-05T08:00:00+07:00")
        ]
        .join("\n")
    );
}

#[test]
fn refusals_name_ticket_state_event_and_what_is_allowed() {
    let p = Profile::jatengprov();
    let ctx = p.context();
    let mut out = Vec::new();
    let mut check = |tk: &Ticket, e: Event| {
        let mut copy = tk.clone();
        let err = copy.apply(e, &ctx).expect_err("must be refused");
        assert_eq!(&copy, tk, "a refused event leaves the ticket unchanged");
        out.push(format!(
            "[{}]\n{}\n{}",
            err.code(),
            err.message(Lang::Id),
            err.message(Lang::En)
        ));
    };
    let tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    check(&tk, deliver("2024-03-04T09:00:00+07:00", "Agen"));
    check(
        &tk,
        ev("2024-03-04T09:00:00+07:00", "Agen", EventKind::Close),
    );
    check(
        &tk,
        ev("2024-03-04T07:00:00+07:00", "Agen", EventKind::CreateTicket),
    );
    let mut ex = tk.clone();
    run(
        &p,
        &mut ex,
        vec![ev(
            "2024-03-04T08:05:00+07:00",
            "Agen",
            EventKind::CreateTicket,
        )],
    );
    check(
        &ex,
        forward(
            "2024-03-04T09:00:00+07:00",
            "Petugas",
            Tier::InformationSecurity,
        ),
    );
    check(&ex, deliver("2024-03-04T09:00:00+07:00", "Petugas"));
    check(
        &ex,
        ev(
            "2024-03-04T09:00:00+07:00",
            "Petugas",
            EventKind::MergeInto {
                target: "JTG-2024-000001".into(),
            },
        ),
    );
    let mut closed = tk.clone();
    run(
        &p,
        &mut closed,
        vec![
            ev(
                "2024-03-04T08:05:00+07:00",
                "Agen",
                EventKind::HandleDirectly,
            ),
            deliver("2024-03-04T08:30:00+07:00", "Agen"),
            ev("2024-03-04T09:00:00+07:00", "Agen", EventKind::Close),
        ],
    );
    check(
        &closed,
        Event {
            at: t("2024-03-04T10:00:00+07:00"),
            by: Actor::Reporter,
            what: EventKind::ReporterReplied { text: "ok".into() },
            reason: None,
        },
    );
    // Five operational days after Mon 4 March 08:30, skipping Nyepi (11 March) and its
    // collective leave (12 March), is Wed 13 March 08:30; a minute later is too late.
    check(
        &closed,
        Event {
            at: t("2024-03-13T08:31:00+07:00"),
            by: Actor::Reporter,
            what: EventKind::Reopen,
            reason: None,
        },
    );
    let mut reopened = closed.clone();
    run(
        &p,
        &mut reopened,
        vec![Event {
            at: t("2024-03-13T08:30:00+07:00"),
            by: Actor::Reporter,
            what: EventKind::Reopen,
            reason: None,
        }],
    );
    insta::assert_snapshot!("refusals", out.join("\n\n"));
}

#[test]
fn intake_answers_in_both_languages() {
    let p = Profile::jatengprov();
    let mut cases: Vec<(&str, Message)> = Vec::new();
    cases.push((
        "in hours",
        message(
            TicketKind::Complaint,
            "e-Budgeting",
            "2024-03-04T09:00:00+07:00",
        ),
    ));
    cases.push((
        "saturday",
        message(
            TicketKind::Request,
            "LaporanGub",
            "2024-03-02T10:00:00+07:00",
        ),
    ));
    cases.push((
        "alias",
        message(
            TicketKind::Incident,
            "jatengprov.go.id",
            "2024-03-04T16:00:00+07:00",
        ),
    ));
    let mut phone = message(
        TicketKind::Complaint,
        "e-Planning",
        "2024-03-04T09:00:00+07:00",
    );
    phone.channel = Channel::Phone;
    cases.push(("phone", phone));
    let mut voice = message(
        TicketKind::Complaint,
        "e-Planning",
        "2024-03-04T09:00:00+07:00",
    );
    voice.channel = Channel::VoiceMessage;
    cases.push(("voice message", voice));
    cases.push((
        "out of scope",
        message(TicketKind::Request, "SIMPEG", "2024-03-04T09:00:00+07:00"),
    ));
    let mut none = message(TicketKind::Request, "", "2024-03-04T09:00:00+07:00");
    none.application = None;
    cases.push(("no application", none));
    let mut empty = message(
        TicketKind::Complaint,
        "Tatapraja",
        "2024-03-04T09:00:00+07:00",
    );
    empty.body = "  ".into();
    cases.push(("empty", empty));
    let mut desk = message(TicketKind::Complaint, "", "2024-03-04T09:00:00+07:00");
    desk.about_desk = true;
    cases.push(("about the desk", desk));
    cases.push((
        "uncovered year",
        message(
            TicketKind::Request,
            "e-Controlling",
            "2027-12-20T09:00:00+07:00",
        ),
    ));
    let mut s = String::new();
    for (name, m) in cases {
        let out = intake(&m, &p, m.received_at).unwrap();
        let number = out.open("JTG-2024-000123").map(|t| t.number().to_string());
        s.push_str(&format!(
            "## {name}\n{}\n{}\n\n",
            out.answer(&p, number.as_deref(), Lang::Id),
            out.answer(&p, number.as_deref(), Lang::En)
        ));
    }
    insta::assert_snapshot!("intake_answers", s);
}

#[test]
fn intake_keeps_personal_data_out_of_views() {
    let p = Profile::jatengprov();
    let tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    assert_eq!(tk.reporter().nik.as_deref(), Some("3374000000000001"));
    let view = serde_json::to_string(&tk.view(None)).unwrap();
    let public = serde_json::to_string(&tk.without_personal_data()).unwrap();
    for secret in ["Sri Lestari", "6281234567890", "3374000000000001"] {
        assert!(!view.contains(secret), "router view leaks {secret}");
        assert!(!public.contains(secret), "public copy leaks {secret}");
    }
}

#[test]
fn intake_clamps_a_received_time_in_the_future() {
    let p = Profile::jatengprov();
    let m = message(
        TicketKind::Complaint,
        "e-Planning",
        "2024-03-04T12:00:00+07:00",
    );
    let out = intake(&m, &p, t("2024-03-04T09:00:00+07:00")).unwrap();
    let IntakeOutcome::Accepted { received, .. } = out else {
        panic!()
    };
    assert_eq!(received.at, t("2024-03-04T09:00:00+07:00"));
}

#[test]
fn default_router_spreads_by_load_then_round_robin() {
    let p = Profile::jatengprov();
    let tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    let member = |n: &str, load, last: Option<&str>| RosterMember {
        name: n.into(),
        open_load: load,
        last_assigned: last.map(t),
    };
    let ctx = |roster| RoutingContext {
        now: t("2024-03-04T08:01:00+07:00"),
        desk_open: true,
        roster,
    };
    let d = DefaultRouter.route(
        &tk.view(None),
        &ctx(vec![
            member("A", 2, None),
            member("B", 1, Some("2024-03-01T08:00:00Z")),
            member("C", 1, Some("2024-02-01T08:00:00Z")),
        ]),
    );
    assert_eq!(d.step, Some(Step::CreateTicket));
    assert_eq!(
        d.assign.as_deref(),
        Some("C"),
        "least load, then the one assigned longest ago"
    );
    let d = DefaultRouter.route(
        &tk.view(None),
        &ctx(vec![
            member("A", 0, Some("2024-03-01T08:00:00Z")),
            member("B", 0, None),
        ]),
    );
    assert_eq!(d.assign.as_deref(), Some("B"), "never assigned comes first");
    let mut applied = tk.clone();
    let events = applied
        .apply_decision(
            &d,
            DefaultRouter.name(),
            t("2024-03-04T08:01:00+07:00"),
            &p.context(),
        )
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(applied.assignee(), Some("B"));
    assert_eq!(applied.tier(), Tier::ApplicationStaff);
    // Staff override the recommendation with an event of their own.
    applied
        .apply(
            ev(
                "2024-03-04T08:02:00+07:00",
                "Koordinator",
                EventKind::Assign { to: "A".into() },
            ),
            &p.context(),
        )
        .unwrap();
    assert_eq!(applied.assignee(), Some("A"));
    // A decision the flow refuses changes nothing.
    let bad = Decision {
        step: Some(Step::Forward(Tier::InformationSecurity)),
        assign: Some("X".into()),
        ..Decision::default()
    };
    let mut copy = tk.clone();
    assert!(copy
        .apply_decision(&bad, "plugin", t("2024-03-04T08:01:00+07:00"), &p.context())
        .is_err());
    assert_eq!(copy, tk);
}

#[test]
fn replay_rebuilds_the_same_ticket_and_refuses_bad_histories() {
    let p = Profile::jatengprov();
    let mut tk = open(&p, TicketKind::Complaint, "2024-03-04T08:00:00+07:00");
    run(
        &p,
        &mut tk,
        vec![
            ev("2024-03-04T08:05:00+07:00", "Agen", EventKind::CreateTicket),
            forward("2024-03-04T09:00:00+07:00", "P", Tier::ChangeManagement),
        ],
    );
    assert_eq!(Ticket::replay(tk.history()).unwrap(), tk);
    let json: Vec<String> = tk
        .history()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let back: Vec<Event> = json
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Ticket::replay(&back).unwrap(), tk, "events survive JSON");
    let err = Ticket::replay(&tk.history()[1..]).unwrap_err();
    assert_eq!(err.code(), "ticket.bad_history");
    assert_eq!(
        Ticket::replay(&[]).unwrap_err().code(),
        "ticket.bad_history"
    );
}

// ---- property tests over random event sequences ----

fn any_event() -> impl Strategy<Value = EventKind> {
    let tier = prop_oneof![
        Just(Tier::FirstLine),
        Just(Tier::ApplicationStaff),
        Just(Tier::ChangeManagement),
        Just(Tier::InformationSecurity),
        Just(Tier::OperationsDesign)
    ];
    prop_oneof![
        Just(EventKind::HandleDirectly),
        Just(EventKind::CreateTicket),
        tier.prop_map(|to| EventKind::Forward { to }),
        Just(EventKind::DeliverSolution {
            solution: "s".into()
        }),
        Just(EventKind::Close),
        Just(EventKind::Reopen),
        Just(EventKind::WaitForReporter {
            question: "q".into()
        }),
        Just(EventKind::ReporterReplied { text: "a".into() }),
        Just(EventKind::Reject),
        Just(EventKind::MergeInto {
            target: "JTG-2024-000002".into()
        }),
        Just(EventKind::Assign { to: "P".into() }),
        Just(EventKind::Respond { text: "r".into() }),
        Just(EventKind::Comment { text: "c".into() }),
        Just(EventKind::SlaWarning {
            clock: ClockKind::Resolution
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_events_apply_or_are_refused_and_replay_rebuilds(
        kind in prop_oneof![Just(TicketKind::Complaint), Just(TicketKind::Request)],
        start in 0i64..(365 * 86_400),
        steps in proptest::collection::vec((any_event(), 0i64..(2 * 86_400)), 0..30),
        probe in 0i64..(20 * 86_400),
    ) {
        let p = Profile::jatengprov();
        let received = Timestamp::from_unix(t("2024-01-01T00:00:00+07:00").unix() + start);
        let m = message(kind, "LaporanGub", &received.to_string());
        let mut tk = intake(&m, &p, received).unwrap().open("JTG-2024-000001").unwrap();
        let mut at = received.unix();
        for (what, gap) in steps {
            at += gap;
            let before = tk.clone();
            let e = Event { at: Timestamp::from_unix(at), by: Actor::Staff("P".into()), what, reason: None };
            if tk.apply(e, &p.context()).is_err() {
                prop_assert_eq!(&tk, &before, "a refused event changes nothing");
            }
        }
        // Replaying what was applied rebuilds the same ticket.
        prop_assert_eq!(Ticket::replay(tk.history()).unwrap(), tk.clone());
        let now = Timestamp::from_unix(at + probe);
        for c in tk.clocks(&p.calendar, now).unwrap() {
            // Elapsed never exceeds wall time (nor operational time) since receipt.
            prop_assert!(c.elapsed >= 0);
            prop_assert!(c.elapsed <= now.unix() - received.unix());
            prop_assert!(c.elapsed <= p.calendar.between_secs(received, now).unwrap());
            // A closed (or otherwise finished) ticket has no running clock.
            if tk.state().is_terminal() || matches!(tk.state(), State::SolutionDelivered(_)) {
                prop_assert!(!c.running);
            }
            // Paused or stopped time never counts: the clock stands still.
            if !c.running {
                let later = tk.clock(c.kind, &p.calendar, Timestamp::from_unix(now.unix() + 7 * 86_400)).unwrap();
                prop_assert_eq!(later.elapsed, c.elapsed);
            }
        }
    }
}

#[test]
fn a_calendar_edit_moves_no_old_deadline_until_reevaluated() {
    let old = Profile::jatengprov();
    let tk = open(&old, TicketKind::Request, "2026-12-28T09:00:00+07:00");
    let due_before = tk
        .clock(
            ClockKind::Resolution,
            &old.calendar,
            t("2026-12-28T10:00:00+07:00"),
        )
        .unwrap()
        .due;
    // A (hypothetical) 2027 decree arrives: it confirms New Year's Day and adds
    // collective leave on Monday 4 January.
    let mut spec = loket_core::CalendarSpec::jatengprov();
    let date = |d| chrono::NaiveDate::from_ymd_opt(2027, 1, d).unwrap();
    spec.holidays.push(loket_core::HolidaySpec {
        date: date(1),
        name: "Tahun Baru Masehi".into(),
        kind: loket_core::HolidayKind::National,
        provisional: false,
        source: Some("SKB 2027".into()),
    });
    spec.holidays.push(loket_core::HolidaySpec {
        date: date(4),
        name: "Cuti bersama Tahun Baru Masehi".into(),
        kind: loket_core::HolidayKind::CollectiveLeave,
        provisional: false,
        source: Some("SKB 2027".into()),
    });
    let new = Profile {
        calendar: loket_core::Calendar::new(spec).unwrap(),
        ..Profile::jatengprov()
    };
    let c = tk
        .clock(
            ClockKind::Resolution,
            &new.calendar,
            t("2026-12-28T10:00:00+07:00"),
        )
        .unwrap();
    assert_eq!(
        c.due, due_before,
        "the deadline kept from receipt does not move by itself"
    );
    let mut re = tk.clone();
    let what = re.reevaluation(&new).unwrap();
    re.apply(
        Event {
            at: t("2026-12-28T11:00:00+07:00"),
            by: Actor::Staff("Supervisor".into()),
            what,
            reason: Some("SKB 2027".into()),
        },
        &new.context(),
    )
    .unwrap();
    let c = re
        .clock(
            ClockKind::Resolution,
            &new.calendar,
            t("2026-12-28T11:00:00+07:00"),
        )
        .unwrap();
    assert!(c.due > due_before, "re-evaluated: one open day later");
    assert_eq!(
        new.calendar.between_secs(due_before, c.due).unwrap(),
        8 * 3600 + 1800,
        "Tuesday 12 January has 8h30m"
    );
    let why = new
        .calendar
        .render_explanation(&re.explain_deadline(&new.calendar).unwrap(), Lang::En);
    assert!(
        why.contains("Tahun Baru Masehi (national holiday)\n"),
        "the confirmed entry supersedes the provisional one: {why}"
    );
    assert!(
        why.contains("Cuti bersama Tahun Baru Masehi (collective leave)"),
        "{why}"
    );
}

#[test]
fn events_read_from_json_say_what_is_wrong() {
    let read = |s: &str| serde_json::from_str::<Event>(s).map_err(|e| e.to_string());
    let by = r#""at": "2024-03-04T09:00:00+07:00", "by": {"type": "staff", "name": "A"}"#;
    let ok = read(&format!(
        r#"{{{by}, "event": "forward", "to": "change_management", "reason": "r"}}"#
    ))
    .unwrap();
    assert_eq!(
        ok.what,
        EventKind::Forward {
            to: Tier::ChangeManagement
        }
    );
    assert_eq!(ok.reason.as_deref(), Some("r"));
    let unix = read(r#"{"at": 1709517600, "by": {"type": "system"}, "event": "close"}"#).unwrap();
    assert_eq!(unix.at, t("2024-03-04T09:00:00+07:00"));
    let err = |s: String| read(&s).unwrap_err();
    assert!(err(format!(r#"{{{by}, "event": "forward"}}"#))
        .contains("event `forward` needs the field `to`"));
    assert!(
        err(format!(r#"{{{by}, "event": "forward", "to": "helpdesk"}}"#))
            .contains("`helpdesk` is not a tier")
    );
    assert!(err(format!(r#"{{{by}, "event": "close", "text": "x"}}"#))
        .contains("event `close` has no field `text`"));
    assert!(err(format!(r#"{{{by}, "event": "teleport"}}"#)).contains("unknown event `teleport`"));
    assert!(
        err(format!(r#"{{{by}, "event": "close", "colour": "red"}}"#))
            .contains("unknown field `colour`")
    );
    assert!(
        err(r#"{"at": "yesterday", "by": {"type": "system"}, "event": "close"}"#.into())
            .contains("invalid instant `yesterday`")
    );
}
