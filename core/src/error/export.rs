//! Errors of the report export (a period's ticket facts as one archive).

use crate::lang::Lang;

use super::say;

/// An export that cannot be written or opened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportError {
    /// Bytes that do not start with the export's signature.
    NotAnExport,
    /// An export of another format version.
    Version {
        /// The version the file carries.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The archive's structure does not check (cut short, altered, or not aligned).
    Malformed {
        /// What the check found (bytecheck's words).
        detail: String,
    },
    /// A row that names what the export does not hold.
    Inconsistent {
        /// The row (0-based), or `None` for the tables.
        row: Option<u32>,
        /// What is out of range (in English; the messages say it in their language).
        what: &'static str,
    },
    /// A ticket whose facts do not fit the format (an instant more than 136 years
    /// from another, or more than 65,535 distinct names of one kind).
    TooWide {
        /// The ticket.
        number: String,
        /// What does not fit (in English; the messages say it in their language).
        what: &'static str,
    },
}

/// The Indonesian of the parts and limits an export error names (their English is
/// the variant's `what`).
fn part(what: &'static str, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return what;
    }
    match what {
        "number series" => "seri nomor",
        "application" => "aplikasi",
        "tier path" => "jalur tingkat",
        "assignee list" => "daftar petugas",
        "assignee" => "petugas",
        "target" => "target waktu",
        "code" => "kode",
        "budget" => "anggaran waktu",
        "reopen count" => "jumlah dibuka kembali",
        "base instant" => "waktu dasar",
        "period" => "periode",
        "side" => "tabel samping",
        "side value" => "nilai tabel samping",
        "the earliest receipt is not between 1900 and 2200" => {
            "penerimaan paling awal tidak di antara tahun 1900 dan 2200"
        }
        "more than 4 billion tickets" => "lebih dari 4 miliar tiket",
        "an instant before its receipt or 136 years after" => {
            "ada waktu sebelum penerimaannya atau 136 tahun sesudahnya"
        }
        "more than 64 distinct targets" => "lebih dari 64 target berbeda",
        "a first response time out of range" => "waktu respons pertama di luar rentang",
        "an elapsed time out of range" => "waktu berjalan di luar rentang",
        "a paused time out of range" => "waktu jeda di luar rentang",
        "more than 65,535 number series" => "lebih dari 65.535 seri nomor",
        "more than 65,535 applications" => "lebih dari 65.535 aplikasi",
        "more than 65,535 tier paths" => "lebih dari 65.535 jalur tingkat",
        other => other,
    }
}

impl ExportError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::NotAnExport => "export.not_an_export",
            ExportError::Version { .. } => "export.version",
            ExportError::Malformed { .. } => "export.malformed",
            ExportError::Inconsistent { .. } => "export.inconsistent",
            ExportError::TooWide { .. } => "export.too_wide",
        }
    }

    /// What was wrong and what was expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ExportError::NotAnExport => say!(lang,
                id: "bukan ekspor fakta tiket Loket: diharapkan berkas dari `GET /api/v1/reports/export` atau `loket report export` (diawali `LOKET-FACTS`)",
                en: "not a Loket ticket-facts export: expected a file from `GET /api/v1/reports/export` or `loket report export` (starting with `LOKET-FACTS`)",
            ),
            ExportError::Version { found, expected } => say!(lang,
                id: "ekspor berformat versi {found}, sedangkan versi ini membaca versi {expected}: ekspor ulang dengan versi yang sama",
                en: "the export is format version {found}, this build reads version {expected}: export it again with the same version",
            ),
            ExportError::Malformed { detail } => say!(lang,
                id: "ekspor rusak atau terpotong (pemeriksaan struktur gagal: {detail})",
                en: "the export is damaged or cut short (its structure does not check: {detail})",
            ),
            ExportError::Inconsistent {
                row: Some(row),
                what,
            } => {
                let what = part(what, lang);
                say!(lang,
                    id: "ekspor tidak konsisten: baris {row} menyebut {what} yang tidak ada",
                    en: "the export is inconsistent: row {row} names a {what} it does not hold",
                )
            }
            ExportError::Inconsistent { row: None, what } => {
                let what = part(what, lang);
                say!(lang,
                    id: "ekspor tidak konsisten: tabel {what} tidak valid",
                    en: "the export is inconsistent: its {what} table is invalid",
                )
            }
            ExportError::TooWide { number, what } => {
                let what = part(what, lang);
                say!(lang,
                    id: "tiket {number} tidak muat dalam format ekspor: {what}",
                    en: "ticket {number} does not fit the export format: {what}",
                )
            }
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part the export's code names has its Indonesian.
    #[test]
    fn every_part_is_said_in_indonesian() {
        let source = include_str!("../report/export.rs");
        let mut named = 0;
        for pattern in [
            "what: \"",
            "too_wide(f, \"",
            "table(\"",
            "bad(\"",
            "secs(x, \"",
        ] {
            for (i, _) in source.match_indices(pattern) {
                let rest = &source[i + pattern.len()..];
                let what = &rest[..rest.find('"').unwrap()];
                let said = ALL.iter().find(|k| **k == what).copied();
                let said = said.unwrap_or_else(|| panic!("`{what}` is not in ALL"));
                assert_ne!(part(said, Lang::Id), said, "`{what}` has no Indonesian");
                named += 1;
            }
        }
        assert!(named > 15, "{named}");
    }

    const ALL: &[&str] = &[
        "number series",
        "application",
        "tier path",
        "assignee list",
        "assignee",
        "target",
        "code",
        "budget",
        "reopen count",
        "base instant",
        "period",
        "side",
        "side value",
        "the earliest receipt is not between 1900 and 2200",
        "more than 4 billion tickets",
        "an instant before its receipt or 136 years after",
        "more than 64 distinct targets",
        "a first response time out of range",
        "an elapsed time out of range",
        "a paused time out of range",
        "more than 65,535 number series",
        "more than 65,535 applications",
        "more than 65,535 tier paths",
    ];
}
