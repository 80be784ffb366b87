//! Routing plugin for e-Penatausahaan (budget administration: SPD, SPP, SPM, SP2D and
//! accounting). Four staff members, each the specialist of one group of sub-modules
//! by roster position (the desk file lists them in this order); a ticket goes to the
//! specialist of the sub-module it mentions unless they carry clearly more open work
//! than the least-loaded colleague, and to the least-loaded member otherwise.

use loket_plugin_sdk::{
    least_loaded, mentions_any, mentions_word_any, Context, Decision, Manifest, Plugin, Priority,
    RosterMember, TicketView, BLOCKING,
};

/// The e-Penatausahaan router.
#[derive(Debug)]
pub struct EPenatausahaan;

/// Sub-modules: (whole words, category, roster position of the specialist).
const SUB_MODULES: &[(&[&str], &str, usize)] = &[
    (
        &["sp2d", "pencairan", "bku", "bendahara umum daerah"],
        "sp2d",
        2,
    ),
    (&["spm", "spm-ls", "spm-up", "spm-gu", "spm-tu"], "spm", 1),
    (&["spp", "spp-ls", "spp-up", "spp-gu", "spp-tu"], "spp", 1),
    (&["spd", "anggaran kas", "penyediaan dana"], "spd", 0),
    (
        &[
            "akuntansi",
            "accounting",
            "jurnal",
            "neraca",
            "lra",
            "laporan keuangan",
        ],
        "akuntansi",
        3,
    ),
];

/// How many more open tickets than the least-loaded member a specialist may carry
/// before the ticket goes to someone else.
const MAX_EXTRA_LOAD: u32 = 2;

/// Built with the `v2` feature, this is the plugin's next release, 2.0.0: the same
/// routing, plus the category `akses` for a ticket that blocks work and names no
/// sub-module. The host's hot-reload test swaps the two versions.
const V2: bool = cfg!(feature = "v2");

/// The plugin's version.
const VERSION: &str = if V2 {
    "2.0.0"
} else {
    env!("CARGO_PKG_VERSION")
};

/// The specialist for the first sub-module the ticket mentions, with its category.
fn sub_module(view: &TicketView) -> Option<(&'static str, usize)> {
    SUB_MODULES
        .iter()
        .find(|(words, _, _)| mentions_word_any(view, words))
        .map(|(_, c, i)| (*c, *i))
}

fn pick(roster: &[RosterMember], specialist: Option<usize>) -> (Option<String>, String) {
    let least = roster.iter().map(|m| m.open_load).min().unwrap_or(0);
    match specialist.and_then(|i| roster.get(i)) {
        Some(m) if m.open_load <= least + MAX_EXTRA_LOAD => (
            Some(m.name.clone()),
            format!("spesialis sub-modul: {}", m.name),
        ),
        Some(m) => {
            let other = least_loaded(roster);
            let why = format!(
                "spesialis {} sedang menangani {} tiket; beban paling ringan: {}",
                m.name,
                m.open_load,
                other.as_deref().unwrap_or("-")
            );
            (other, why)
        }
        None => {
            let other = least_loaded(roster);
            let why = format!("beban paling ringan: {}", other.as_deref().unwrap_or("-"));
            (other, why)
        }
    }
}

impl Plugin for EPenatausahaan {
    fn manifest() -> Manifest {
        Manifest::new("e-penatausahaan-router", VERSION, "e-penatausahaan")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        let module = sub_module(view);
        let (assignee, why) = pick(&ctx.roster, module.map(|(_, i)| i));
        let mut d = Decision::intake(view, assignee);
        if d.assign.is_some() {
            d = d.and_because(why);
        }
        if let Some((category, _)) = module {
            d = d.with_category(category);
        }
        if mentions_any(view, BLOCKING) {
            d = d
                .raise_priority(view, Priority::High)
                .and_because("pelapor tidak bisa bekerja");
            if V2 && module.is_none() {
                d = d.with_category("akses");
            }
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(EPenatausahaan);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, in_state, view, MONDAY_MORNING};
    use loket_plugin_sdk::{state, Step, Tier};

    const TEAM: [&str; 4] = [
        "Petugas e-Penatausahaan 1",
        "Petugas e-Penatausahaan 2",
        "Petugas e-Penatausahaan 3",
        "Petugas e-Penatausahaan 4",
    ];

    fn ctx(loads: [u32; 4]) -> Context {
        let roster: Vec<_> = TEAM.iter().zip(loads).map(|(n, l)| (*n, l, None)).collect();
        context(MONDAY_MORNING, &roster)
    }

    fn route(subject: &str, body: &str, loads: [u32; 4]) -> Decision {
        EPenatausahaan::route(&view("e-penatausahaan", subject, body), &ctx(loads)).unwrap()
    }

    #[test]
    fn manifest_names_the_application() {
        let m = EPenatausahaan::manifest();
        assert_eq!(m.application, "e-penatausahaan");
        assert_eq!(m.version, if V2 { "2.0.0" } else { "1.0.0" });
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn sub_modules_go_to_their_specialists() {
        let d = route("SP2D tidak bisa dicetak", "", [0, 0, 0, 0]);
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some(TEAM[2]));
        assert_eq!(d.category.as_deref(), Some("sp2d"));
        assert_eq!(
            route("SPD belum terbit", "", [1, 1, 1, 1])
                .assign
                .as_deref(),
            Some(TEAM[0])
        );
        assert_eq!(
            route("Pengajuan SPP-UP", "", [0, 0, 0, 0])
                .assign
                .as_deref(),
            Some(TEAM[1])
        );
        assert_eq!(
            route("SPM ditolak", "", [0, 0, 0, 0]).category.as_deref(),
            Some("spm")
        );
        let d = route("Jurnal penyesuaian", "Neraca tidak balance", [0, 0, 0, 0]);
        assert_eq!(d.assign.as_deref(), Some(TEAM[3]));
        assert_eq!(d.category.as_deref(), Some("akuntansi"));
    }

    #[test]
    fn an_overloaded_specialist_is_spared() {
        // Within two tickets of the lightest load: still the specialist.
        assert_eq!(
            route("SP2D", "", [1, 1, 3, 1]).assign.as_deref(),
            Some(TEAM[2])
        );
        // Beyond: the least-loaded colleague.
        assert_eq!(
            route("SP2D", "", [2, 1, 4, 3]).assign.as_deref(),
            Some(TEAM[1])
        );
    }

    #[test]
    fn no_sub_module_means_least_load() {
        let d = route("Aplikasi lambat", "", [3, 2, 1, 2]);
        assert_eq!(d.assign.as_deref(), Some(TEAM[2]));
        assert_eq!(d.category, None);
    }

    #[test]
    fn sppd_is_not_spp_and_blocking_is_high() {
        let d = route("SPPD", "tidak bisa login", [0, 5, 5, 5]);
        // Version 2.0.0 files it under `akses`.
        assert_eq!(d.category.as_deref(), V2.then_some("akses"));
        assert_eq!(d.assign.as_deref(), Some(TEAM[0]));
        assert_eq!(d.priority, Some(Priority::High));
    }

    #[test]
    fn assigned_tickets_keep_their_assignee() {
        let mut v = in_state(
            view("e-penatausahaan", "SP2D", ""),
            state::EXECUTING,
            Tier::ApplicationStaff,
        );
        v.assignee = Some(TEAM[0].into());
        let d = EPenatausahaan::route(&v, &ctx([0, 0, 0, 0])).unwrap();
        assert_eq!(d.assign, None);
        assert_eq!(d.step, None);
    }
}
