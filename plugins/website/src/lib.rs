//! Routing plugin for the website jatengprov.go.id. One staff member for content and
//! hosting; a report of a defacement, phishing, malware or gambling (judi online)
//! content is a security incident and goes straight to Information Security along
//! the flow chart, one step per routing call:
//!
//! - `received`: create the ticket (no assignee: it is not the web team's to work);
//! - `executing`: forward to Change Management (the only way on from there, besides
//!   Operations & System Design);
//! - `change_management`: forward to Information Security (diamond I = no);
//!
//! each step urgent and categorised `keamanan`, so the host applies the next one as
//! soon as the previous one is recorded.

use loket_plugin_sdk::{
    first_match, least_loaded, mentions_any, state, Context, Decision, Manifest, Plugin, Priority,
    Step, TicketView, Tier, BLOCKING,
};

/// The website router.
#[derive(Debug)]
pub struct Website;

/// Words of a security incident on the website (substrings, any case).
const SECURITY: &[&str] = &[
    "deface",
    "diretas",
    "peretas",
    "hacked",
    "di-hack",
    "dihack",
    "phishing",
    "malware",
    "webshell",
    "backdoor",
    "virus",
    "judi",
    "judol",
    "slot gacor",
    "gacor",
    "togel",
    "casino",
    "kasino",
];

/// Categories of ordinary tickets, first match wins.
const CATEGORIES: &[(&[&str], &str)] = &[
    (&["ssl", "https", "sertifikat"], "sertifikat-ssl"),
    (&["domain", "subdomain", "dns"], "domain"),
    (
        &[
            "down",
            "lambat",
            "tidak bisa diakses",
            "tidak dapat diakses",
            "503",
            "502",
        ],
        "ketersediaan",
    ),
    (
        &[
            "berita",
            "konten",
            "artikel",
            "halaman",
            "foto",
            "banner",
            "pengumuman",
        ],
        "konten",
    ),
    (
        &["akun", "login", "password", "kata sandi", "cms"],
        "akun-cms",
    ),
];

/// The category of security incidents.
pub const SECURITY_CATEGORY: &str = "keamanan";

fn security(view: &TicketView) -> Decision {
    let d = Decision::default()
        .with_category(SECURITY_CATEGORY)
        .raise_priority(view, Priority::Urgent);
    match view.state.as_str() {
        state::RECEIVED => d
            .with_step(Step::CreateTicket)
            .because("insiden keamanan (defacement/phishing/malware/judi): tiket dibuat untuk diteruskan ke Keamanan Informasi"),
        state::EXECUTING => d
            .with_step(Step::Forward(Tier::ChangeManagement))
            .because("insiden keamanan: diteruskan melalui Change Management ke Keamanan Informasi"),
        state::CHANGE_MANAGEMENT => d
            .with_step(Step::Forward(Tier::InformationSecurity))
            .because("insiden keamanan: diteruskan ke Keamanan Informasi"),
        _ => d.because("insiden keamanan"),
    }
}

impl Plugin for Website {
    fn manifest() -> Manifest {
        Manifest::new("website-router", env!("CARGO_PKG_VERSION"), "website")
    }

    fn route(view: &TicketView, ctx: &Context) -> Result<Decision, String> {
        if mentions_any(view, SECURITY) {
            return Ok(security(view));
        }
        let mut d = Decision::intake(view, least_loaded(&ctx.roster));
        let category = first_match(view, CATEGORIES).copied();
        if let Some(c) = category {
            d = d.with_category(c);
        }
        if category == Some("ketersediaan") || mentions_any(view, BLOCKING) {
            d = d
                .raise_priority(view, Priority::High)
                .and_because("situs atau CMS tidak dapat dipakai");
        }
        Ok(d)
    }
}

loket_plugin_sdk::export!(Website);

#[cfg(test)]
mod tests {
    use super::*;
    use loket_plugin_sdk::testing::{context, in_state, view, MONDAY_MORNING};

    fn ctx() -> Context {
        context(MONDAY_MORNING, &[("Petugas Website", 0, None)])
    }

    #[test]
    fn manifest_names_the_application() {
        let m = Website::manifest();
        assert_eq!(m.application, "website");
        assert!(!m.wants_personal_data);
    }

    #[test]
    fn defacement_walks_the_flow_to_information_security() {
        let v = view(
            "website",
            "Website diretas",
            "Halaman depan jatengprov.go.id di-DEFACE",
        );
        let d = Website::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign, None);
        assert_eq!(d.category.as_deref(), Some(SECURITY_CATEGORY));
        assert_eq!(d.priority, Some(Priority::Urgent));

        let v = in_state(v, state::EXECUTING, Tier::ApplicationStaff);
        let d = Website::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, Some(Step::Forward(Tier::ChangeManagement)));
        assert_eq!(d.assign, None);

        let v = in_state(v, state::CHANGE_MANAGEMENT, Tier::ChangeManagement);
        let d = Website::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, Some(Step::Forward(Tier::InformationSecurity)));

        let mut v = in_state(v, state::INFORMATION_SECURITY, Tier::InformationSecurity);
        v.priority = Priority::Urgent;
        let d = Website::route(&v, &ctx()).unwrap();
        assert_eq!(d.step, None);
        assert_eq!(d.priority, None);
    }

    #[test]
    fn gambling_and_phishing_are_security() {
        for body in [
            "muncul iklan SLOT GACOR di subdomain",
            "ada halaman phishing login",
            "situs judi online",
        ] {
            let d = Website::route(&view("website", "Laporan", body), &ctx()).unwrap();
            assert_eq!(d.category.as_deref(), Some(SECURITY_CATEGORY), "{body}");
        }
    }

    #[test]
    fn ordinary_tickets_go_to_the_web_team() {
        let d = Website::route(
            &view("website", "Berita", "mohon ganti foto berita"),
            &ctx(),
        )
        .unwrap();
        assert_eq!(d.step, Some(Step::CreateTicket));
        assert_eq!(d.assign.as_deref(), Some("Petugas Website"));
        assert_eq!(d.category.as_deref(), Some("konten"));
        assert_eq!(d.priority, None);
        let d = Website::route(&view("website", "Website down", "503"), &ctx()).unwrap();
        assert_eq!(d.priority, Some(Priority::High));
    }
}
