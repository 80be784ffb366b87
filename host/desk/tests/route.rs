//! The desk without the plugin sandbox: it routes through [`Route`], so a test plugs
//! in any router (here the core's default router) and nothing here compiles wasmtime.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use loket_core::ticket::{
    Channel, DefaultRouter, Message, Reporter, Router, RoutingContext, Ticket,
};
use loket_core::{Profile, TicketKind, Timestamp};
use loket_desk::desk::{Desk, IntakeRequest};
use loket_desk::Route;
use loket_store::SqliteStore;

/// The core's default router, remembering each ticket it was given and what it
/// answered.
struct ByDefault {
    profile: Profile,
    routed: Mutex<Vec<(Ticket, Ticket)>>,
}

impl Route for ByDefault {
    fn route(&self, ticket: &Ticket, ctx: &RoutingContext) -> Ticket {
        let decision = DefaultRouter.route(&ticket.view(None), ctx);
        let mut next = ticket.clone();
        let flow = self.profile.context();
        if next
            .apply_decision(&decision, DefaultRouter.name(), ctx.now, &flow)
            .is_err()
        {
            next = ticket.clone();
        }
        self.routed
            .lock()
            .unwrap()
            .push((ticket.clone(), next.clone()));
        next
    }
}

#[test]
fn the_desk_routes_through_the_route_it_is_given() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("desk-route-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let profile = Profile::jatengprov();
    let router = Arc::new(ByDefault {
        profile: profile.clone(),
        routed: Mutex::new(Vec::new()),
    });
    let store = SqliteStore::open(&dir).expect("store");
    let desk = Desk::start(Box::new(store), profile, router.clone(), [7; 32]).expect("desk");
    // Monday 2 March 2026, 09:00 WIB: the desk is open.
    let now: Timestamp = "2026-03-02T09:00:00+07:00".parse().expect("instant");
    let message = Message {
        channel: Channel::Email,
        application: Some("e-planning".into()),
        kind: TicketKind::Complaint,
        subject: Some("Kendala e-Planning".into()),
        body: "Data kegiatan tidak tersimpan di e-Planning. Mohon bantuannya.".into(),
        reporter: Reporter {
            name: Some("Ani".into()),
            email: Some("ani@opd.jatengprov.go.id".into()),
            phone: None,
            nik: None,
            proof: None,
        },
        received_at: now,
        about_desk: false,
    };
    let request = IntakeRequest {
        key: Some("api:route-test".into()),
        fingerprint: None,
        message,
        thread: false,
        reply_to: Vec::new(),
        ticket_hint: None,
        automatic: None,
        reply_only: false,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let reply = rt.block_on(desk.intake(request, now)).expect("intake");
    assert_eq!(reply.record.outcome, "accepted");
    let number = reply.record.ticket.clone().expect("a ticket");
    let routed = router.routed.lock().unwrap();
    assert_eq!(routed.len(), 1, "routed once, at intake");
    let (given, answered) = &routed[0];
    assert_ne!(given, answered, "the default router decides a new ticket");
    // What the desk committed is what the router answered.
    assert_eq!(*desk.shared.ticket(&number).expect("committed"), *answered);
    let _ = std::fs::remove_dir_all(&dir);
}
