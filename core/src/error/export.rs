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
        /// What is out of range.
        what: &'static str,
    },
    /// A ticket whose facts do not fit the format (an instant more than 136 years
    /// from another, or more than 65,535 distinct names of one kind).
    TooWide {
        /// The ticket.
        number: String,
        /// What does not fit.
        what: &'static str,
    },
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
            } => say!(lang,
                id: "ekspor tidak konsisten: baris {row} menyebut {what} yang tidak ada",
                en: "the export is inconsistent: row {row} names a {what} it does not hold",
            ),
            ExportError::Inconsistent { row: None, what } => say!(lang,
                id: "ekspor tidak konsisten: tabel {what} tidak valid",
                en: "the export is inconsistent: its {what} table is invalid",
            ),
            ExportError::TooWide { number, what } => say!(lang,
                id: "tiket {number} tidak muat dalam format ekspor: {what}",
                en: "ticket {number} does not fit the export format: {what}",
            ),
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}
