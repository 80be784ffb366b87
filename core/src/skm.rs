//! The public satisfaction survey (Survei Kepuasan Masyarakat, SKM) of PermenPANRB
//! 14/2017, which section B8 of the standard opens to users at any time.
//!
//! Nine elements (unsur), each answered 1–4, keyed by the element's name (some
//! forms swap the 8th and 9th: a response names its elements, the position is not
//! trusted). Per element the value is NRR = Σ scores ÷ respondents; the index is
//! IKM = Σ NRR ÷ 9, computed exactly (no rounded weight 0.111), converted ×25 and
//! rounded once, to two decimals, half up. The grade comes from half-open bands on
//! the converted value, kept as versioned data: [`GradeTable::PERMENPANRB_2017`]
//! and, for historical reports, [`GradeTable::KEPMENPAN_2004`].
//!
//! Every respondent answers all nine elements (a response with one missing is
//! refused), so every NRR has the same denominator and the index is exact:
//! score = round(2500 · Σ all scores ÷ (9 · respondents)) ÷ 100.
//!
//! # Example
//!
//! ```
//! use loket_core::skm::{index, Element, GradeTable, Response};
//!
//! let all = |score: u8| Response::new(Element::ALL.map(|e| (e.key(), score))).unwrap();
//! // Three respondents: all 4, all 3, all 3.
//! let r = index(&[all(4), all(3), all(3)], &GradeTable::PERMENPANRB_2017, Some(3))?;
//! assert_eq!(r.respondents, 3);
//! assert_eq!(r.elements[0].nrr, 10.0 / 3.0);
//! assert_eq!(r.score, 83.33); // 25 × 10/3, rounded once
//! assert_eq!(r.grade, 'B');
//! assert_eq!(r.performance, "Baik");
//! assert!(r.sample.enough); // a population of 3 needs all 3
//! # Ok::<(), loket_core::error::SkmError>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::SkmError;
use crate::lang::Lang;

/// One of the nine elements (unsur) of PermenPANRB 14/2017, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SkmElement"))]
#[cfg_attr(feature = "schema", schemars(rename = "SkmElement"))]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// U1 Persyaratan (requirements).
    #[serde(rename = "persyaratan")]
    Requirements,
    /// U2 Sistem, mekanisme, dan prosedur.
    #[serde(rename = "prosedur")]
    Procedure,
    /// U3 Waktu penyelesaian (completion time).
    #[serde(rename = "waktu")]
    CompletionTime,
    /// U4 Biaya/tarif (cost).
    #[serde(rename = "biaya")]
    Cost,
    /// U5 Produk spesifikasi jenis pelayanan (product).
    #[serde(rename = "produk")]
    Product,
    /// U6 Kompetensi pelaksana (staff competence).
    #[serde(rename = "kompetensi")]
    Competence,
    /// U7 Perilaku pelaksana (staff behaviour).
    #[serde(rename = "perilaku")]
    Behaviour,
    /// U8 Penanganan pengaduan, saran dan masukan (complaints and feedback).
    #[serde(rename = "pengaduan")]
    Complaints,
    /// U9 Sarana dan prasarana (facilities).
    #[serde(rename = "sarana")]
    Facilities,
}

impl Element {
    /// The nine elements in the regulation's order (U1 … U9).
    pub const ALL: [Element; 9] = [
        Element::Requirements,
        Element::Procedure,
        Element::CompletionTime,
        Element::Cost,
        Element::Product,
        Element::Competence,
        Element::Behaviour,
        Element::Complaints,
        Element::Facilities,
    ];

    /// Its position, 0-based (U1 is 0).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The key answers use: `persyaratan`, `prosedur`, `waktu`, `biaya`, `produk`,
    /// `kompetensi`, `perilaku`, `pengaduan`, `sarana`.
    pub fn key(self) -> &'static str {
        const KEYS: [&str; 9] = [
            "persyaratan",
            "prosedur",
            "waktu",
            "biaya",
            "produk",
            "kompetensi",
            "perilaku",
            "pengaduan",
            "sarana",
        ];
        KEYS[self.index()]
    }

    /// Its code in published reports: `U1` … `U9`.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 9] = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];
        CODES[self.index()]
    }

    /// Its full name in `lang`, as printed on questionnaires and reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Element::Requirements => lang.pick("Persyaratan", "Requirements"),
            Element::Procedure => lang.pick(
                "Sistem, mekanisme, dan prosedur",
                "System, mechanism and procedure",
            ),
            Element::CompletionTime => lang.pick("Waktu penyelesaian", "Completion time"),
            Element::Cost => lang.pick("Biaya/tarif", "Cost/fee"),
            Element::Product => lang.pick(
                "Produk spesifikasi jenis pelayanan",
                "Product specification of the service",
            ),
            Element::Competence => lang.pick("Kompetensi pelaksana", "Staff competence"),
            Element::Behaviour => lang.pick("Perilaku pelaksana", "Staff behaviour"),
            Element::Complaints => lang.pick(
                "Penanganan pengaduan, saran dan masukan",
                "Handling of complaints, suggestions and feedback",
            ),
            Element::Facilities => lang.pick("Sarana dan prasarana", "Facilities"),
        }
    }

    /// The element a name means: its key, its code (`U1`…`U9`) or its full name in
    /// either language, case and surrounding space ignored.
    ///
    /// # Errors
    /// [`SkmError::UnknownElement`].
    pub fn from_name(name: &str) -> Result<Element, SkmError> {
        let n = name.trim().to_lowercase();
        Element::ALL
            .into_iter()
            .find(|e| {
                n == e.key()
                    || n == e.code().to_lowercase()
                    || n == e.label(Lang::Id).to_lowercase()
                    || n == e.label(Lang::En).to_lowercase()
            })
            .ok_or_else(|| SkmError::UnknownElement {
                name: name.chars().take(64).collect(),
            })
    }
}

/// One respondent's answers: a score 1–4 for each of the nine elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Response {
    scores: [u8; 9],
}

impl Response {
    /// A response from `(element name, score)` pairs, naming each element once (by
    /// anything [`Element::from_name`] reads).
    ///
    /// # Errors
    /// An unknown or repeated element, a score outside 1–4, an element missing.
    pub fn new<'a>(answers: impl IntoIterator<Item = (&'a str, u8)>) -> Result<Response, SkmError> {
        Response::from_text(answers.into_iter().map(|(k, v)| (k, v.to_string())))
    }

    /// As [`Response::new`], with the scores as written (a spreadsheet's cells):
    /// `1` … `4`, surrounding space ignored.
    ///
    /// # Errors
    /// As [`Response::new`].
    pub fn from_text<K: AsRef<str>, V: AsRef<str>>(
        answers: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Response, SkmError> {
        let mut scores = [0u8; 9];
        for (k, v) in answers {
            let e = Element::from_name(k.as_ref())?;
            if scores[e.index()] != 0 {
                return Err(SkmError::DuplicateElement { element: e.key() });
            }
            let v = v.as_ref().trim();
            scores[e.index()] = match v.parse::<u8>() {
                Ok(s @ 1..=4) => s,
                _ => {
                    return Err(SkmError::Score {
                        element: e.key(),
                        value: v.chars().take(16).collect(),
                    })
                }
            };
        }
        if let Some(e) = Element::ALL.into_iter().find(|e| scores[e.index()] == 0) {
            return Err(SkmError::MissingElement { element: e.key() });
        }
        Ok(Response { scores })
    }

    /// The answers of a CSV text, as paper questionnaires are typed into a
    /// spreadsheet: a header naming the nine elements (by key, by their names in the
    /// regulation, or `U1`…`U9`; other columns such as a number or a date are
    /// ignored), comma or semicolon (a spreadsheet saved under an Indonesian
    /// locale), one row per respondent with values 1–4; empty rows are skipped.
    ///
    /// # Errors
    /// [`SkmError::Header`] for a header without the nine elements,
    /// [`SkmError::Row`] naming the first row that cannot be counted,
    /// [`SkmError::Csv`] for text the CSV reader refuses.
    ///
    /// # Example
    ///
    /// ```
    /// use loket_core::skm::Response;
    ///
    /// let text = "No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;4;4;4;4;3\n";
    /// let answers = Response::read_csv(text)?;
    /// assert_eq!(answers[0].scores(), [4, 4, 4, 4, 4, 4, 4, 4, 3]);
    /// let e = Response::read_csv("U1;U2\n4;4\n").unwrap_err();
    /// assert!(e.to_string().starts_with("line 1: header: element `waktu` is not answered"));
    /// # Ok::<(), loket_core::error::SkmError>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn read_csv(text: &str) -> Result<Vec<Response>, SkmError> {
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.contains(';') && !first.contains(',') {
            b';'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| SkmError::Csv {
            detail: e.to_string(),
        };
        let headers = rdr.headers().map_err(csv_error)?.clone();
        // Columns that name an element; other columns (number, date, …) are ignored.
        let columns: Vec<(usize, &str)> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| Element::from_name(h).is_ok())
            .collect();
        Response::from_text(columns.iter().map(|(_, h)| (*h, "1"))).map_err(|e| {
            SkmError::Header {
                reason: Box::new(e),
            }
        })?;
        let mut out = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(csv_error)?;
            let line = rec.position().map_or(0, csv::Position::line);
            if rec.iter().all(str::is_empty) {
                continue;
            }
            let cells = columns.iter().map(|(i, h)| (*h, rec.get(*i).unwrap_or("")));
            out.push(Response::from_text(cells).map_err(|e| SkmError::Row {
                line,
                reason: Box::new(e),
            })?);
        }
        Ok(out)
    }

    /// A response from the nine scores in the regulation's order (U1 … U9).
    ///
    /// # Errors
    /// [`SkmError::Score`] for a score outside 1–4.
    pub fn from_scores(scores: [u8; 9]) -> Result<Response, SkmError> {
        match Element::ALL
            .into_iter()
            .find(|e| !(1..=4).contains(&scores[e.index()]))
        {
            Some(e) => Err(SkmError::Score {
                element: e.key(),
                value: scores[e.index()].to_string(),
            }),
            None => Ok(Response { scores }),
        }
    }

    /// The nine scores in the regulation's order (U1 … U9).
    pub fn scores(&self) -> [u8; 9] {
        self.scores
    }

    /// The score given to `element`.
    pub fn score(&self, element: Element) -> u8 {
        self.scores[element.index()]
    }
}

impl Serialize for Response {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(9))?;
        for e in Element::ALL {
            m.serialize_entry(e.key(), &self.score(e))?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Response {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = BTreeMap::<String, u8>::deserialize(d)?;
        Response::new(m.iter().map(|(k, v)| (k.as_str(), *v)))
            .map_err(|e| serde::de::Error::custom(e.message(Lang::En)))
    }
}

/// One band of a grading table: from `min` (hundredths of the 25–100 value,
/// inclusive) up to the next band's `min` (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// The lowest converted value of the band, in hundredths (8831 is 88.31).
    pub min: u32,
    /// The grade (mutu pelayanan): `A` … `D`.
    pub grade: char,
    /// The performance (kinerja unit pelayanan) in Bahasa Indonesia.
    pub performance_id: &'static str,
    /// The performance in English.
    pub performance_en: &'static str,
}

/// The bands that grade an index, as one regulation sets them (versioned data:
/// reports say which table graded them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeTable {
    /// A stable id, e.g. `permenpanrb-14-2017`.
    pub id: &'static str,
    /// The regulation, as cited.
    pub regulation: &'static str,
    /// Bands from the highest down; the last starts at 25.00.
    pub bands: &'static [Band],
}

impl GradeTable {
    /// PermenPANRB 14/2017 (in force): ≥ 88.31 A, ≥ 76.61 B, ≥ 65.00 C, else D.
    pub const PERMENPANRB_2017: GradeTable = GradeTable {
        id: "permenpanrb-14-2017",
        regulation: "Peraturan Menteri PANRB Nomor 14 Tahun 2017",
        bands: &[
            Band {
                min: 8831,
                grade: 'A',
                performance_id: "Sangat Baik",
                performance_en: "Very good",
            },
            Band {
                min: 7661,
                grade: 'B',
                performance_id: "Baik",
                performance_en: "Good",
            },
            Band {
                min: 6500,
                grade: 'C',
                performance_id: "Kurang Baik",
                performance_en: "Poor",
            },
            Band {
                min: 2500,
                grade: 'D',
                performance_id: "Tidak Baik",
                performance_en: "Not good",
            },
        ],
    };

    /// KepMenPAN 25/2004 (replaced in 2014, for reports of those years): ≥ 81.26 A,
    /// ≥ 62.51 B, ≥ 43.76 C, else D.
    pub const KEPMENPAN_2004: GradeTable = GradeTable {
        id: "kepmenpan-25-2004",
        regulation: "Keputusan Menteri PAN Nomor KEP/25/M.PAN/2/2004",
        bands: &[
            Band {
                min: 8126,
                grade: 'A',
                performance_id: "Sangat Baik",
                performance_en: "Very good",
            },
            Band {
                min: 6251,
                grade: 'B',
                performance_id: "Baik",
                performance_en: "Good",
            },
            Band {
                min: 4376,
                grade: 'C',
                performance_id: "Kurang Baik",
                performance_en: "Poor",
            },
            Band {
                min: 2500,
                grade: 'D',
                performance_id: "Tidak Baik",
                performance_en: "Not good",
            },
        ],
    };

    /// Every table the desk knows, the one in force first.
    pub const ALL: [GradeTable; 2] = [GradeTable::PERMENPANRB_2017, GradeTable::KEPMENPAN_2004];

    /// The table with this id.
    ///
    /// # Errors
    /// [`SkmError::UnknownTable`].
    pub fn by_id(id: &str) -> Result<GradeTable, SkmError> {
        GradeTable::ALL
            .into_iter()
            .find(|t| t.id == id.trim())
            .ok_or_else(|| SkmError::UnknownTable {
                id: id.chars().take(64).collect(),
            })
    }

    /// The band a converted value (in hundredths, 2500–10000) falls in.
    pub fn band(&self, hundredths: u32) -> Band {
        self.bands
            .iter()
            .copied()
            .find(|b| hundredths >= b.min)
            .unwrap_or(self.bands[self.bands.len() - 1])
    }
}

/// The Krejcie–Morgan sample size for a population (95 % confidence, 5 % margin,
/// p = 0.5): s = χ²·N·p(1−p) ÷ (d²(N−1) + χ²·p(1−p)), χ² = 3.841, rounded to the
/// nearest respondent as their table is (100 → 80, 1,000 → 278, 10,000 → 370,
/// 1,000,000 → 384). Exact integer arithmetic.
pub fn krejcie_morgan(population: u64) -> u64 {
    if population == 0 {
        return 0;
    }
    // Multiplied through by 40,000: s = 38,410·N ÷ (100·(N−1) + 38,410).
    let n = u128::from(population);
    let num = 38_410 * n;
    let den = 100 * (n - 1) + 38_410;
    u64::try_from((2 * num + den) / (2 * den)).unwrap_or(u64::MAX)
}

/// One element's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ElementScore {
    /// Which element.
    pub element: Element,
    /// `U1` … `U9`.
    pub code: String,
    /// Its full name in the report's language.
    pub label: String,
    /// Σ scores.
    pub total: u64,
    /// NRR (nilai rata-rata): Σ scores ÷ respondents, 1–4, unrounded.
    pub nrr: f64,
    /// NRR ÷ 9 (the weighted NRR published tables show, exact).
    pub weighted: f64,
    /// Respondents who gave 1, 2, 3 and 4.
    pub distribution: [u64; 4],
}

/// Whether the respondents are enough for the population the period served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// The population (service users in the period), when known.
    pub population: Option<u64>,
    /// The Krejcie–Morgan sample size for it.
    pub target: Option<u64>,
    /// Respondents ≥ target (true when the population is not known).
    pub enough: bool,
    /// Why the sample is too small, in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub warning: Option<String>,
}

/// The index over a set of responses, as Indonesian agencies publish it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SkmReport"))]
#[cfg_attr(feature = "schema", schemars(rename = "SkmReport"))]
#[serde(rename_all = "camelCase")]
pub struct SkmReport {
    /// How many responses were counted.
    pub respondents: u64,
    /// The nine elements in order.
    pub elements: Vec<ElementScore>,
    /// IKM on the 1–4 scale: Σ NRR ÷ 9, unrounded.
    pub ikm: f64,
    /// IKM × 25, rounded once to two decimals (half up): 25.00–100.00.
    pub score: f64,
    /// The grade (mutu pelayanan), `A` … `D`.
    pub grade: char,
    /// The performance (kinerja unit pelayanan) in the report's language.
    pub performance: String,
    /// The grading table's id.
    pub table: String,
    /// The regulation that set the table.
    pub regulation: String,
    /// The respondents against the sample the population needs.
    pub sample: Sample,
}

/// A comment left with a survey answer (masked for personal numbers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SkmComment"))]
#[cfg_attr(feature = "schema", schemars(rename = "SkmComment"))]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    /// When it was given.
    pub at: crate::time::Timestamp,
    /// Whether it came with a ticket (from the reporter's invitation).
    pub with_ticket: bool,
    /// The text.
    pub text: String,
}

/// The survey over a period, as the desk reports it: the index when there are
/// respondents, and the comments.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SkmSummary {
    /// First instant of the period (answers given from it).
    pub from: crate::time::Timestamp,
    /// End of the period (excluded).
    pub to: crate::time::Timestamp,
    /// Answers counted.
    pub respondents: u64,
    /// Of them, answers that came with a ticket.
    pub with_ticket: u64,
    /// Tickets received in the period: the population the sample is checked against.
    pub population: u64,
    /// The index; `None` without respondents.
    pub report: Option<SkmReport>,
    /// The comments, newest first.
    pub comments: Vec<Comment>,
}

/// The index over `responses`, graded by `table`, with the sample checked against
/// `population` when it is known. Messages in Bahasa Indonesia (see
/// [`index_in`] for another language).
///
/// # Errors
/// [`SkmError::NoRespondents`] when `responses` is empty.
pub fn index(
    responses: &[Response],
    table: &GradeTable,
    population: Option<u64>,
) -> Result<SkmReport, SkmError> {
    index_in(responses, table, population, Lang::Id)
}

/// [`index`] with labels and the sample warning in `lang`.
///
/// # Errors
/// [`SkmError::NoRespondents`] when `responses` is empty.
pub fn index_in(
    responses: &[Response],
    table: &GradeTable,
    population: Option<u64>,
    lang: Lang,
) -> Result<SkmReport, SkmError> {
    let n = responses.len() as u64;
    if n == 0 {
        return Err(SkmError::NoRespondents);
    }
    let mut totals = [0u64; 9];
    let mut distribution = [[0u64; 4]; 9];
    for r in responses {
        for (i, s) in r.scores.iter().enumerate() {
            totals[i] += u64::from(*s);
            distribution[i][usize::from(*s) - 1] += 1;
        }
    }
    let all: u128 = totals.iter().map(|t| u128::from(*t)).sum();
    // 25 · all ÷ (9n), in hundredths, rounded half up: one rounding, exact.
    let den = 9 * u128::from(n);
    let hundredths = u32::try_from((2 * 2500 * all + den) / (2 * den)).unwrap_or(10_000);
    let band = table.band(hundredths);
    let elements = Element::ALL
        .into_iter()
        .map(|e| {
            let nrr = totals[e.index()] as f64 / n as f64;
            ElementScore {
                element: e,
                code: e.code().into(),
                label: e.label(lang).into(),
                total: totals[e.index()],
                nrr,
                weighted: totals[e.index()] as f64 / (9 * n) as f64,
                distribution: distribution[e.index()],
            }
        })
        .collect();
    let target = population.map(krejcie_morgan);
    let enough = target.is_none_or(|t| n >= t);
    let warning = match (population, target) {
        (Some(p), Some(t)) if !enough => Some(crate::error::say!(lang,
            id: "responden ({n}) di bawah ukuran sampel Krejcie–Morgan ({t}) untuk populasi {p}: hasil belum mewakili pengguna layanan",
            en: "respondents ({n}) below the Krejcie–Morgan sample size ({t}) for a population of {p}: the result does not yet represent the service's users",
        )),
        _ => None,
    };
    Ok(SkmReport {
        respondents: n,
        elements,
        ikm: all as f64 / den as f64,
        score: f64::from(hundredths) / 100.0,
        grade: band.grade,
        performance: lang
            .pick(band.performance_id, band.performance_en)
            .to_string(),
        table: table.id.into(),
        regulation: table.regulation.into(),
        sample: Sample {
            population,
            target,
            enough,
            warning,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(score: u8) -> Response {
        Response::new(Element::ALL.map(|e| (e.key(), score))).unwrap()
    }

    #[test]
    fn krejcie_morgan_matches_their_table() {
        // Krejcie & Morgan (1970), Table 1: population → sample. (Their 100,000 → 384
        // is one their own formula does not give: 382.6 rounds to 383.)
        let table = [
            (10, 10),
            (15, 14),
            (20, 19),
            (25, 24),
            (30, 28),
            (50, 44),
            (75, 63),
            (100, 80),
            (150, 108),
            (200, 132),
            (300, 169),
            (500, 217),
            (750, 254),
            (1000, 278),
            (2000, 322),
            (5000, 357),
            (10_000, 370),
            (50_000, 381),
            (75_000, 382),
            (1_000_000, 384),
        ];
        for (population, sample) in table {
            assert_eq!(krejcie_morgan(population), sample, "N = {population}");
        }
        assert_eq!(krejcie_morgan(0), 0);
        assert_eq!(krejcie_morgan(1), 1);
        assert!(krejcie_morgan(u64::MAX) <= 385);
    }

    #[test]
    fn bands_are_half_open_on_the_rounded_value() {
        let t = GradeTable::PERMENPANRB_2017;
        for (h, g) in [
            (10_000, 'A'),
            (8831, 'A'),
            (8830, 'B'),
            (7661, 'B'),
            (7660, 'C'),
            (6500, 'C'),
            (6499, 'D'),
            (2500, 'D'),
        ] {
            assert_eq!(t.band(h).grade, g, "{h}");
        }
        let old = GradeTable::KEPMENPAN_2004;
        assert_eq!(old.band(8126).grade, 'A');
        assert_eq!(old.band(8125).grade, 'B');
        assert_eq!(old.band(4375).grade, 'D');
        assert_eq!(GradeTable::by_id("kepmenpan-25-2004").unwrap(), old);
        assert_eq!(
            GradeTable::by_id("2019").unwrap_err().code(),
            "skm.unknown_table"
        );
    }

    #[test]
    fn the_score_is_rounded_once_from_the_exact_index() {
        // 2 × all-4 and 1 × all-3 and 3 × (eight 3s and one 4): Σ = 72 + 27 + 3·28
        // = 183 over 54 answers; 25 × 183/54 = 84.7222… → 84.72.
        let mut mixed = Element::ALL.map(|e| (e.key(), 3));
        mixed[8].1 = 4;
        let mixed = Response::new(mixed).unwrap();
        let r = index(
            &[uniform(4), uniform(4), uniform(3), mixed, mixed, mixed],
            &GradeTable::PERMENPANRB_2017,
            None,
        )
        .unwrap();
        assert_eq!(r.score, 84.72);
        assert_eq!(r.ikm, 183.0 / 54.0);
        assert_eq!(r.elements[8].nrr, 23.0 / 6.0);
        assert_eq!(r.elements[8].distribution, [0, 0, 1, 5]);
        assert_eq!(r.grade, 'B');
        // A value whose rounding by a rounded weight (0.111) would change the grade:
        // the exact value of all-4 is 100.00, not 99.90.
        let r = index(&[uniform(4)], &GradeTable::PERMENPANRB_2017, None).unwrap();
        assert_eq!((r.score, r.grade), (100.0, 'A'));
        let r = index(&[uniform(1)], &GradeTable::PERMENPANRB_2017, None).unwrap();
        assert_eq!((r.score, r.grade), (25.0, 'D'));
    }

    #[test]
    fn half_up_at_the_band_edge() {
        // 100 respondents, Σ = 3179: 2500 · 3179 / 900 = 8830.55… → 8831, grade A
        // (88.3055… truncated would be 88.30, grade B).
        let mut responses = vec![uniform(4); 53]; // 53 × 36 = 1908
        responses.extend(std::iter::repeat_n(uniform(3), 46)); // 46 × 27 = 1242
        let mut r29 = Element::ALL.map(|e| (e.key(), 3));
        r29[0].1 = 4;
        r29[1].1 = 4;
        responses.push(Response::new(r29).unwrap()); // 29
        let total: u64 = responses
            .iter()
            .map(|r| {
                Element::ALL
                    .iter()
                    .map(|e| u64::from(r.score(*e)))
                    .sum::<u64>()
            })
            .sum();
        assert_eq!((responses.len(), total), (100, 3179));
        let r = index(&responses, &GradeTable::PERMENPANRB_2017, Some(100)).unwrap();
        assert_eq!((r.score, r.grade), (88.31, 'A'));
        assert!(r.sample.enough && r.sample.warning.is_none());
    }

    #[test]
    fn answers_are_keyed_by_name_not_position() {
        let mut pairs: Vec<(&str, u8)> = Element::ALL.iter().map(|e| (e.code(), 1)).collect();
        pairs[7] = ("Sarana dan prasarana", 4);
        pairs[8] = ("u8", 2);
        let r = Response::from_text(pairs.iter().map(|(k, v)| (*k, v.to_string()))).unwrap();
        assert_eq!(r.score(Element::Facilities), 4);
        assert_eq!(r.score(Element::Complaints), 2);
        let json = serde_json::to_value(r).unwrap();
        assert_eq!(json["sarana"], 4);
        let back: Response = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn bad_responses_say_what_was_expected() {
        let e = Response::new([("persyaratan", 5)]).unwrap_err();
        assert_eq!(e.code(), "skm.score");
        assert!(e.message(Lang::Id).contains("diharapkan 1, 2, 3 atau 4"));
        let e = Response::new([("persyaratan", 4)]).unwrap_err();
        assert_eq!(
            e,
            SkmError::MissingElement {
                element: "prosedur"
            }
        );
        let e = Response::new([("persyaratan", 4), ("U1", 3)]).unwrap_err();
        assert_eq!(e.code(), "skm.duplicate_element");
        let e = Response::new([("kecepatan", 4)]).unwrap_err();
        assert_eq!(e.code(), "skm.unknown_element");
        assert_eq!(
            index(&[], &GradeTable::PERMENPANRB_2017, None).unwrap_err(),
            SkmError::NoRespondents
        );
    }

    #[test]
    fn a_small_sample_is_flagged() {
        let r = index_in(
            &[uniform(3); 12],
            &GradeTable::PERMENPANRB_2017,
            Some(100),
            Lang::En,
        )
        .unwrap();
        assert_eq!(r.sample.target, Some(80));
        assert!(!r.sample.enough);
        assert!(r
            .sample
            .warning
            .unwrap()
            .contains("below the Krejcie–Morgan"));
        assert_eq!(r.performance, "Poor"); // 75.00
    }
}
