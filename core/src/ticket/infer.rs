//! Guesses from free text: WhatsApp and email carry no form fields, so the application
//! and the kind of a submission are read from what the reporter wrote. A guess only:
//! the desk can correct both.
//!
//! Text is compared as lowercase words (runs of letters and digits): a name matches
//! where a word starts and its words, joined, equal the text's words joined, so
//! `e-Penatausahaan`, `epenatausahaan` and `e penatausahaan` are one name, and
//! `Website jatengprov.go.id` is found in `website jatengprov.go.id`. A name may end
//! inside a word only before an Indonesian enclitic or particle (`websitenya`,
//! `aplikasinya`), so `download` does not mention `down`.

use crate::desk::DeskConfig;
use crate::kind::TicketKind;

/// What may follow a name in the same word (`-nya`, `-ku`, `-mu`, `-lah`, `-kah`,
/// `-pun`).
const SUFFIXES: [&str; 7] = ["", "nya", "ku", "mu", "lah", "kah", "pun"];

/// Words of an incident: a security event or an outage.
const INCIDENT: &[&str] = &[
    "insiden",
    "diretas",
    "peretasan",
    "hack",
    "hacked",
    "deface",
    "defaced",
    "phishing",
    "malware",
    "ransomware",
    "virus",
    "down",
    "outage",
    "tidak bisa diakses",
    "tidak dapat diakses",
    "mati total",
];

/// Words of a request for something new (an account, access, a reset).
const REQUEST: &[&str] = &[
    "mohon dibuatkan",
    "mohon ditambahkan",
    "permintaan",
    "permohonan",
    "minta",
    "request",
    "reset password",
    "reset kata sandi",
    "tambah akun",
    "buat akun",
    "pembuatan",
    "hak akses",
    "new account",
    "create account",
];

/// Courtesy phrases that name no request ("minta tolong dicek", "mohon maaf").
const COURTESY: &[&str] = &["minta tolong", "minta maaf", "mohon maaf"];

/// The id of the product the text names first (its id, name or an alias), if any.
pub fn application(text: &str, desk: &DeskConfig) -> Option<String> {
    let names: Vec<(&str, String)> = desk
        .products
        .iter()
        .flat_map(|p| {
            [&p.id, &p.name]
                .into_iter()
                .chain(&p.aliases)
                .map(move |n| (p.id.as_str(), joined(n)))
        })
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let w = words(text);
    (0..w.len()).find_map(|i| {
        names
            .iter()
            .find(|(_, n)| mention_at(&w[i..], n).is_some())
            .map(|(id, _)| id.to_string())
    })
}

/// The kind the text reads as: [`TicketKind::Incident`] when it names a security
/// event or an outage, else [`TicketKind::Request`] when it asks for something
/// (courtesy phrases such as "minta tolong" do not count), else
/// [`TicketKind::Complaint`], the standard's default for a report of a problem.
pub fn kind(text: &str) -> TicketKind {
    let all = words(text);
    let courtesy: Vec<String> = COURTESY.iter().map(|c| joined(c)).collect();
    let mut w = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        match courtesy.iter().find_map(|c| mention_at(&all[i..], c)) {
            Some(n) => i += n,
            None => {
                w.push(all[i].clone());
                i += 1;
            }
        }
    }
    let mentions = |table: &[&str]| {
        table
            .iter()
            .map(|k| joined(k))
            .any(|k| (0..w.len()).any(|i| mention_at(&w[i..], &k).is_some()))
    };
    if mentions(INCIDENT) {
        TicketKind::Incident
    } else if mentions(REQUEST) {
        TicketKind::Request
    } else {
        TicketKind::Complaint
    }
}

/// How many words of a text a guess reads: the cost of a guess is words × names, and
/// a text may be megabytes long (an email); what a reporter names first is near the
/// start.
const MAX_WORDS: usize = 2000;

/// Lowercase words: runs of letters and digits (the first [`MAX_WORDS`]).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// A name as its words joined: `e-Penatausahaan` → `epenatausahaan`.
fn joined(name: &str) -> String {
    words(name).concat()
}

/// How many of the leading `words` spell `name` (joined), the last one possibly
/// followed by a [`SUFFIXES`] entry.
fn mention_at(words: &[String], name: &str) -> Option<usize> {
    // `rest`: what of `name` the words so far have not spelled (no allocation: this
    // runs for every word of the text and every name).
    let mut rest = name;
    for (n, w) in words.iter().enumerate() {
        if let Some(after) = w.strip_prefix(rest) {
            return SUFFIXES.contains(&after).then_some(n + 1);
        }
        rest = rest.strip_prefix(w.as_str())?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> DeskConfig {
        DeskConfig::from_text(include_str!("../../profiles/jatengprov-desk.toml"))
            .expect("the shipped desk")
    }

    #[test]
    fn products_are_found_by_id_name_or_alias_in_any_spelling() {
        let desk = desk();
        let app = |t: &str| application(t, &desk);
        assert_eq!(
            app("SP2D di e-Penatausahaan gagal").as_deref(),
            Some("e-penatausahaan")
        );
        assert_eq!(
            app("aplikasi EPENATAUSAHAAN error").as_deref(),
            Some("e-penatausahaan")
        );
        assert_eq!(
            app("e penatausahaan tidak bisa login").as_deref(),
            Some("e-penatausahaan")
        );
        assert_eq!(app("Hak akses e-Budgeting").as_deref(), Some("e-budgeting"));
        assert_eq!(
            app("laporan gubernur tidak terkirim").as_deref(),
            Some("laporangub")
        );
        assert_eq!(
            app("di LaporanGub, tombol kirim").as_deref(),
            Some("laporangub")
        );
        assert_eq!(app("Lapor Gub error").as_deref(), Some("laporangub"));
        assert_eq!(
            app("website jatengprov.go.id lambat").as_deref(),
            Some("website")
        );
        assert_eq!(
            app("https://jatengprov.go.id/berita").as_deref(),
            Some("website")
        );
        assert_eq!(
            app("websitenya tidak bisa dibuka").as_deref(),
            Some("website")
        );
        assert_eq!(
            app("data Tatapraja belum muncul").as_deref(),
            Some("tatapraja")
        );
        // The first product mentioned wins.
        assert_eq!(
            app("e-Budgeting sudah, tapi e-Penatausahaan belum sinkron").as_deref(),
            Some("e-budgeting")
        );
        assert_eq!(
            app("e-Penatausahaan belum sinkron dengan e-Budgeting").as_deref(),
            Some("e-penatausahaan")
        );
    }

    #[test]
    fn no_silly_substring_hits() {
        let desk = desk();
        let app = |t: &str| application(t, &desk);
        assert_eq!(app("planning kegiatan tahun depan"), None);
        assert_eq!(app("laporan gubernuran"), None);
        assert_eq!(app("websites lain"), None);
        assert_eq!(app("mye-budgeting"), None);
        assert_eq!(app("printer kantor rusak"), None);
        assert_eq!(app(""), None);
    }

    #[test]
    fn the_kind_is_read_from_keywords() {
        assert_eq!(
            kind("Mohon dibuatkan akun e-Budgeting untuk operator baru"),
            TicketKind::Request
        );
        assert_eq!(
            kind("Permohonan reset password akun bendahara"),
            TicketKind::Request
        );
        assert_eq!(kind("minta reset kata sandi"), TicketKind::Request);
        assert_eq!(
            kind("Request new account for e-Planning"),
            TicketKind::Request
        );
        assert_eq!(
            kind("Website jatengprov.go.id diretas, ada halaman judi"),
            TicketKind::Incident
        );
        assert_eq!(kind("situs kena deface"), TicketKind::Incident);
        assert_eq!(kind("LaporanGub DOWN sejak jam 8"), TicketKind::Incident);
        assert_eq!(
            kind("e-Planning tidak bisa diakses dari semua OPD"),
            TicketKind::Incident
        );
        assert_eq!(
            kind("email phishing mengatasnamakan BPKAD"),
            TicketKind::Incident
        );
        // An incident outranks a request in the same message.
        assert_eq!(
            kind("akun di-hack, minta reset password"),
            TicketKind::Incident
        );
        assert_eq!(
            kind("SP2D tidak bisa dicetak, muncul pesan gagal"),
            TicketKind::Complaint
        );
        // Courtesy is not a request; a download is not an outage.
        assert_eq!(
            kind("Minta tolong dicek, SP2D gagal dicetak"),
            TicketKind::Complaint
        );
        assert_eq!(
            kind("mohon maaf, laporan tidak bisa diunduh (download)"),
            TicketKind::Complaint
        );
        assert_eq!(kind(""), TicketKind::Complaint);
    }
}
