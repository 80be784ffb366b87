//! Errors of the SKM survey (Survei Kepuasan Masyarakat).

use crate::lang::Lang;

use super::say;

/// An answer to the survey that cannot be counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkmError {
    /// A key that names none of the nine elements.
    UnknownElement {
        /// The key given.
        name: String,
    },
    /// An element answered twice in one response.
    DuplicateElement {
        /// The element's key.
        element: &'static str,
    },
    /// An element not answered.
    MissingElement {
        /// The element's key.
        element: &'static str,
    },
    /// A score outside 1–4.
    Score {
        /// The element's key.
        element: &'static str,
        /// The value given, as written.
        value: String,
    },
    /// No response to compute an index from.
    NoRespondents,
    /// A grading table the desk does not know.
    UnknownTable {
        /// The id given.
        id: String,
    },
    /// A CSV file's header that does not name the nine elements.
    Header {
        /// What is wrong with it.
        reason: Box<SkmError>,
    },
    /// A CSV file's row that cannot be counted.
    Row {
        /// Its line (the header is line 1).
        line: u64,
        /// What is wrong with it.
        reason: Box<SkmError>,
    },
    /// Text the CSV reader cannot read.
    Csv {
        /// The reader's words.
        detail: String,
    },
}

impl SkmError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SkmError::UnknownElement { .. } => "skm.unknown_element",
            SkmError::DuplicateElement { .. } => "skm.duplicate_element",
            SkmError::MissingElement { .. } => "skm.missing_element",
            SkmError::Score { .. } => "skm.score",
            SkmError::NoRespondents => "skm.no_respondents",
            SkmError::UnknownTable { .. } => "skm.unknown_table",
            SkmError::Header { .. } => "skm.header",
            SkmError::Row { reason, .. } => reason.code(),
            SkmError::Csv { .. } => "skm.csv",
        }
    }

    /// What was wrong and what was expected.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SkmError::UnknownElement { name } => say!(lang,
                id: "`{name}` bukan unsur SKM: diharapkan salah satu dari persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, pengaduan, sarana (atau U1–U9)",
                en: "`{name}` is not an SKM element: expected one of persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, pengaduan, sarana (or U1–U9)",
            ),
            SkmError::DuplicateElement { element } => say!(lang,
                id: "unsur `{element}` dijawab dua kali",
                en: "element `{element}` is answered twice",
            ),
            SkmError::MissingElement { element } => say!(lang,
                id: "unsur `{element}` tidak dijawab: kesembilan unsur wajib dijawab",
                en: "element `{element}` is not answered: all nine elements are required",
            ),
            SkmError::Score { element, value } => say!(lang,
                id: "nilai unsur `{element}` tidak valid: `{value}`; diharapkan 1, 2, 3 atau 4",
                en: "invalid score for element `{element}`: `{value}`; expected 1, 2, 3 or 4",
            ),
            SkmError::NoRespondents => say!(lang,
                id: "belum ada responden: indeks tidak dapat dihitung",
                en: "no respondents yet: the index cannot be computed",
            ),
            SkmError::UnknownTable { id } => say!(lang,
                id: "tabel penilaian `{id}` tidak dikenal: diharapkan permenpanrb-14-2017 atau kepmenpan-25-2004",
                en: "unknown grading table `{id}`: expected permenpanrb-14-2017 or kepmenpan-25-2004",
            ),
            SkmError::Header { reason } => {
                let reason = reason.message(lang);
                say!(lang,
                    id: "baris 1: kepala kolom: {reason}",
                    en: "line 1: header: {reason}",
                )
            }
            SkmError::Row { line, reason } => {
                let reason = reason.message(lang);
                say!(lang, id: "baris {line}: {reason}", en: "line {line}: {reason}")
            }
            SkmError::Csv { detail } => say!(lang,
                id: "berkas CSV tidak dapat dibaca: {detail}",
                en: "cannot read the CSV file: {detail}",
            ),
        }
    }
}

impl std::fmt::Display for SkmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SkmError {}
