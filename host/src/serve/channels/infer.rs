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

use loket_core::ticket::DeskConfig;
use loket_core::TicketKind;

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
    let mut w = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        match COURTESY
            .iter()
            .find_map(|c| mention_at(&all[i..], &joined(c)))
        {
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

/// Lowercase words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
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
    let mut acc = String::new();
    for (n, w) in words.iter().enumerate() {
        acc.push_str(w);
        if let Some(rest) = acc.strip_prefix(name) {
            return SUFFIXES.contains(&rest).then_some(n + 1);
        }
        if !name.starts_with(acc.as_str()) {
            return None;
        }
    }
    None
}
