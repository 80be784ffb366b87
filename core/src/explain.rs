//! Explanations: which time counted and which closures were skipped, and why.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{hm, Boundary, Calendar, Closure};
use crate::duration::{format_seconds, OpDuration};
use crate::error::{Error, Operation};
use crate::lang::Lang;
use crate::time::Timestamp;

/// One stretch of an explanation, in time order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Stretch {
    /// Open time that counted.
    Counted {
        /// Start.
        from: Timestamp,
        /// End.
        to: Timestamp,
        /// Operational seconds (= `to - from`).
        seconds: i64,
    },
    /// Closed time that was skipped.
    Skipped {
        /// Start.
        from: Timestamp,
        /// End.
        to: Timestamp,
        /// Why it was closed.
        #[serde(flatten)]
        closure: Closure,
    },
}

/// How a day-based result was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DaySteps {
    /// The start moved into hours (equal to the start when it was open).
    pub start_in_hours: Timestamp,
    /// The open dates counted, in order of counting.
    pub counted_days: Vec<NaiveDate>,
    /// The same wall-clock time on the last counted date, before the boundary convention.
    pub landing: Timestamp,
}

/// Why a result is what it is: the counted and skipped stretches between two
/// instants, plus the day steps for a day-based computation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The computation's start.
    pub start: Timestamp,
    /// The computation's result.
    pub end: Timestamp,
    /// The duration asked for (its magnitude), when explaining `add`/`sub`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duration: Option<OpDuration>,
    /// Whether the duration was counted backwards (`sub`, or `add` of a negative).
    #[serde(default)]
    pub backward: bool,
    /// The boundary convention used.
    pub boundary: Boundary,
    /// Operational seconds from `start` to `end` (signed).
    pub operational_seconds: i64,
    /// Day steps, for operational days.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub days: Option<DaySteps>,
    /// Counted and skipped stretches from the earlier to the later instant.
    pub stretches: Vec<Stretch>,
    /// Years touched that the holiday list does not cover.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub uncovered_years: Vec<i32>,
    /// Years touched whose holiday list is provisional only.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub provisional_years: Vec<i32>,
    /// Provisional holidays skipped (or started on), local dates.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub provisional_dates: Vec<NaiveDate>,
}

impl Calendar {
    /// Explains `add(t, d, b)`: its result with the stretches counted and skipped.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    pub fn explain_add(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Explanation, Error> {
        let r = self.add(t, d, b)?.value;
        self.explain_shift(t, d, b, d.is_negative(), r)
    }

    /// Explains `sub(t, d, b)`.
    ///
    /// # Errors
    /// As [`Calendar::sub`].
    pub fn explain_sub(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
    ) -> Result<Explanation, Error> {
        let r = self.sub(t, d, b)?.value;
        self.explain_shift(t, d, b, !d.is_negative(), r)
    }

    fn explain_shift(
        &self,
        t: Timestamp,
        d: OpDuration,
        b: Boundary,
        backward: bool,
        r: Timestamp,
    ) -> Result<Explanation, Error> {
        let magnitude = if d.is_negative() { d.negated() } else { d };
        let days = match magnitude {
            OpDuration::Days(n) => {
                let n = n as usize;
                let op = if backward {
                    Operation::Sub
                } else {
                    Operation::Add
                };
                let (start, landing) = self
                    .days_landing(t.unix(), n, backward)
                    .ok_or_else(|| self.beyond(op, t, &d.to_string()))?;
                let (day, _) = self.local_day(if backward { start - 1 } else { start });
                let rank = self.open_rank(day);
                let counted: Vec<usize> = if backward {
                    (rank - n..rank).rev().collect()
                } else {
                    (rank + 1..=rank + n).collect()
                };
                Some(DaySteps {
                    start_in_hours: Timestamp::from_unix(start),
                    counted_days: counted
                        .into_iter()
                        .map(|k| self.date(self.open_days()[k] as usize))
                        .collect(),
                    landing: Timestamp::from_unix(landing),
                })
            }
            OpDuration::Seconds(_) => None,
        };
        let mut e = self.explain_between(t, r)?;
        e.duration = Some(magnitude);
        e.backward = backward;
        e.boundary = b;
        e.days = days;
        Ok(e)
    }

    /// Explains `between(a, b)`: the stretches from the earlier to the later instant.
    ///
    /// # Errors
    /// [`Error::OutsideHorizon`].
    pub fn explain_between(&self, a: Timestamp, b: Timestamp) -> Result<Explanation, Error> {
        let secs = self.between(a, b)?;
        let (lo, hi) = (a.unix().min(b.unix()), a.unix().max(b.unix()));
        Ok(Explanation {
            start: a,
            end: b,
            duration: None,
            backward: false,
            boundary: Boundary::Closing,
            operational_seconds: secs.value,
            days: None,
            stretches: self.stretches(lo, hi),
            uncovered_years: secs.uncovered_years,
            provisional_years: secs.provisional_years,
            provisional_dates: secs.provisional_dates,
        })
    }

    fn stretches(&self, lo: i64, hi: i64) -> Vec<Stretch> {
        let seg = self.seg();
        let mut out = Vec::new();
        let mut cur = lo;
        let mut i = self.seg_at(lo);
        while cur < hi {
            let next_open = seg.start.get(i).copied().unwrap_or(hi).min(hi);
            if next_open > cur {
                self.push_gap(&mut out, cur, next_open);
                cur = next_open;
                continue;
            }
            let to = seg.end[i].min(hi);
            self.push_counted(&mut out, cur, to);
            cur = to;
            i += 1;
        }
        out
    }

    /// Counted time, split at local midnights so each line is one date.
    fn push_counted(&self, out: &mut Vec<Stretch>, from: i64, to: i64) {
        let mut a = from;
        while a < to {
            let (day, _) = self.local_day(a);
            let b = self.midnight(day + 1).min(to);
            out.push(Stretch::Counted {
                from: Timestamp::from_unix(a),
                to: Timestamp::from_unix(b),
                seconds: b - a,
            });
            a = b;
        }
    }

    /// Closed time, split by date and merged while the reason stays the same.
    fn push_gap(&self, out: &mut Vec<Stretch>, from: i64, to: i64) {
        let mut a = from;
        while a < to {
            let (day, _) = self.local_day(a);
            let b = self.midnight(day + 1).min(to);
            let closure = self
                .day_closure(self.day(day).status)
                .unwrap_or(Closure::OutsideHours);
            match out.last_mut() {
                Some(Stretch::Skipped {
                    to: last_to,
                    closure: c,
                    ..
                }) if *c == closure && last_to.unix() == a => {
                    *last_to = Timestamp::from_unix(b);
                }
                _ => out.push(Stretch::Skipped {
                    from: Timestamp::from_unix(a),
                    to: Timestamp::from_unix(b),
                    closure,
                }),
            }
            a = b;
        }
    }

    /// A readable rendering of an explanation, one stretch a line.
    pub fn render_explanation(&self, e: &Explanation, lang: Lang) -> String {
        let mut s = String::new();
        let when = |t: Timestamp| self.when(t, lang);
        match e.duration {
            Some(d) => {
                let _ = writeln!(
                    s,
                    "{} {} {} {d} = {}",
                    lang.pick("Mulai", "Start"),
                    when(e.start),
                    if e.backward { "-" } else { "+" },
                    when(e.end)
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "{} {} → {}",
                    lang.pick("Dari", "From"),
                    when(e.start),
                    when(e.end)
                );
            }
        }
        let _ = writeln!(
            s,
            "{}: {}",
            lang.pick("Waktu operasional", "Operational time"),
            format_seconds(e.operational_seconds)
        );
        if let Some(days) = &e.days {
            if days.start_in_hours != e.start {
                let _ = writeln!(
                    s,
                    "{} {}",
                    match (e.backward, lang) {
                        (false, _) => lang.pick(
                            "Mulai dihitung pada jam layanan berikutnya:",
                            "Counting starts at the next service hours:"
                        ),
                        (true, _) => lang.pick(
                            "Dihitung mundur dari akhir jam layanan sebelumnya:",
                            "Counting back from the end of the previous service hours:"
                        ),
                    },
                    when(days.start_in_hours)
                );
            }
            let list: Vec<String> = days
                .counted_days
                .iter()
                .map(|d| lang.long_date(d))
                .collect();
            let _ = writeln!(
                s,
                "{}: {}",
                lang.pick("Hari operasional dihitung", "Operational days counted"),
                list.join("; ")
            );
            if days.landing != e.end {
                let side = match e.boundary {
                    Boundary::Closing => {
                        lang.pick("konvensi batas: jam tutup", "boundary convention: closing")
                    }
                    Boundary::Opening => {
                        lang.pick("konvensi batas: jam buka", "boundary convention: opening")
                    }
                };
                let _ = writeln!(
                    s,
                    "{} {}; {} ({side}): {}",
                    lang.pick(
                        "Jam yang sama pada hari terakhir:",
                        "The same wall-clock time on the last day:"
                    ),
                    when(days.landing),
                    lang.pick(
                        "itu di luar atau di batas jam layanan, sama dengan",
                        "that is outside or on the edge of service hours, the same as"
                    ),
                    when(e.end)
                );
            }
        }
        let mut k = 0;
        while k < e.stretches.len() {
            match &e.stretches[k] {
                Stretch::Counted { from, to, seconds } => {
                    let _ = writeln!(
                        s,
                        "  + {} {}–{}  {}",
                        self.short_day(*from, lang),
                        hm(self.local(*from)),
                        hm(self.local(*to)),
                        format_seconds(*seconds)
                    );
                    k += 1;
                }
                Stretch::Skipped { from, .. } => {
                    let run = e.stretches[k..]
                        .iter()
                        .take_while(|x| matches!(x, Stretch::Skipped { .. }))
                        .count();
                    let block = &e.stretches[k..k + run];
                    let to = match block.last() {
                        Some(Stretch::Skipped { to, .. }) => *to,
                        _ => *from,
                    };
                    let days: Vec<&Stretch> = block
                        .iter()
                        .filter(|x| {
                            !matches!(
                                x,
                                Stretch::Skipped {
                                    closure: Closure::OutsideHours,
                                    ..
                                }
                            )
                        })
                        .collect();
                    let head = format!(
                        "  - {} {} – {} {}",
                        self.short_day(*from, lang),
                        hm(self.local(*from)),
                        self.short_day(to, lang),
                        hm(self.local(to))
                    );
                    if days.is_empty() {
                        let _ = writeln!(s, "{head}  {}", Closure::OutsideHours.describe(lang));
                    } else {
                        let _ = writeln!(s, "{head}  {}:", lang.pick("tutup", "closed"));
                        for d in days {
                            if let Stretch::Skipped { from, to, closure } = d {
                                let _ = writeln!(
                                    s,
                                    "      {}  {}",
                                    self.date_span(*from, *to, lang),
                                    closure.describe(lang)
                                );
                            }
                        }
                    }
                    k += run;
                }
            }
        }
        if !e.uncovered_years.is_empty() {
            let years: Vec<String> = e.uncovered_years.iter().map(|y| y.to_string()).collect();
            let _ = writeln!(
                s,
                "{} {}",
                lang.pick(
                    "Perhatian: daftar hari libur kalender belum mencakup tahun",
                    "Note: the calendar's holiday list does not cover"
                ),
                years.join(", ")
            );
        }
        if !e.provisional_years.is_empty() || !e.provisional_dates.is_empty() {
            let _ = writeln!(s, "{}", provisional_note(e, lang));
        }
        s
    }

    /// `Senin, 4 Maret 2024 13:30 WIB`.
    pub fn when(&self, t: Timestamp, lang: Lang) -> String {
        let d = self.local(t);
        format!("{} {} {}", lang.long_date(&d), hm(d), zone_abbreviation(&d))
    }

    /// [`when`](Calendar::when) for many instants: each local day's name and zone
    /// are formatted once (reports explain thousands of deadlines).
    pub(crate) fn whens(&self, lang: Lang) -> Whens<'_> {
        Whens {
            cal: self,
            lang,
            days: std::collections::BTreeMap::new(),
        }
    }

    /// `Sab 2024-04-06 – Min 2024-04-07` for whole closed dates `[from, to)`.
    fn date_span(&self, from: Timestamp, to: Timestamp, lang: Lang) -> String {
        let first = self.short_day(from, lang);
        let last = self.short_day(Timestamp::from_unix(to.unix() - 1), lang);
        if first == last {
            first
        } else {
            format!("{first} – {last}")
        }
    }

    fn short_day(&self, t: Timestamp, lang: Lang) -> String {
        use chrono::Datelike;
        let d = self.local(t);
        format!("{} {}", &lang.weekday(d.weekday())[..3], ymd(&d))
    }
}

/// [`Calendar::when`] with each local day's text kept (see [`Calendar::whens`]):
/// an instant on a day already met is written from the day's start, without
/// converting it again.
pub(crate) struct Whens<'a> {
    cal: &'a Calendar,
    lang: Lang,
    /// By the day's first instant (unix): its end, its name and its zone's, when the
    /// zone's offset is the same all day (otherwise each instant is converted).
    days: std::collections::BTreeMap<i64, (i64, String, String)>,
}

impl Whens<'_> {
    /// `Senin, 4 Maret 2024 13:30 WIB`, as [`Calendar::when`] writes it.
    #[cfg(test)]
    pub(crate) fn when(&mut self, t: Timestamp) -> String {
        let mut s = String::new();
        self.push(&mut s, t);
        s
    }

    /// Appends [`Calendar::when`]'s text of `t` to `out`.
    pub(crate) fn push(&mut self, out: &mut String, t: Timestamp) {
        let u = t.unix();
        let known = self
            .days
            .range(..=u)
            .next_back()
            .filter(|(_, (end, _, _))| u < *end);
        let (start, day, zone) = match known {
            Some((start, (_, day, zone))) => (*start, day.as_str(), zone.as_str()),
            None => {
                use chrono::Offset;
                let d = self.cal.local(t);
                let tz = self.cal.timezone();
                let midnight = |x: NaiveDate| {
                    x.and_hms_opt(0, 0, 0)
                        .and_then(|x| x.and_local_timezone(tz).earliest())
                };
                let date = d.date_naive();
                let bounds = midnight(date).zip(date.succ_opt().and_then(midnight));
                match bounds {
                    // One offset all day: the day's text serves every instant of it.
                    // (An instant chrono cannot hold reads as another day: not kept.)
                    Some((s0, s1))
                        if s0.offset().fix() == d.offset().fix()
                            && s1.offset().fix() == d.offset().fix()
                            && s0.timestamp() <= u
                            && u < s1.timestamp() =>
                    {
                        let entry = self.days.entry(s0.timestamp()).or_insert((
                            s1.timestamp(),
                            self.lang.long_date(&d),
                            zone_abbreviation(&d),
                        ));
                        (s0.timestamp(), entry.1.as_str(), entry.2.as_str())
                    }
                    _ => {
                        out.push_str(&self.cal.when(t, self.lang));
                        return;
                    }
                }
            }
        };
        let since = u - start;
        let (h, m) = (since / 3600, since / 60 % 60);
        out.push_str(day);
        out.push(' ');
        for digit in [h / 10, h % 10] {
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(':');
        for digit in [m / 10, m % 10] {
            out.push(char::from(b'0' + digit as u8));
        }
        out.push(' ');
        out.push_str(zone);
    }
}

/// The note under an explanation that touched provisional dates or years.
fn provisional_note(e: &Explanation, lang: Lang) -> String {
    let mut years: Vec<i32> = e.provisional_years.clone();
    years.extend(e.provisional_dates.iter().map(chrono::Datelike::year));
    years.sort_unstable();
    years.dedup();
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    let years = years.join(", ");
    match (lang, e.provisional_dates.is_empty()) {
        (Lang::Id, false) => format!("Perhatian: hari libur {years} yang dipakai masih perkiraan, menunggu SKB; hasilnya dapat bergeser bila SKB menetapkan lain"),
        (Lang::Id, true) => format!("Perhatian: daftar hari libur {years} masih perkiraan, menunggu SKB; hasilnya dapat bergeser bila SKB menetapkan lain"),
        (Lang::En, false) => format!("Note: the {years} holidays used are provisional, awaiting the joint decree; the result may move if the decree says otherwise"),
        (Lang::En, true) => format!("Note: the {years} holiday list is provisional, awaiting the joint decree; the result may move if the decree says otherwise"),
    }
}

/// `2024-03-04`.
pub(crate) fn ymd<D: chrono::Datelike>(d: &D) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The zone's abbreviation at `d` (`WIB`), or its UTC offset when it has none.
fn zone_abbreviation(d: &chrono::DateTime<chrono_tz::Tz>) -> String {
    use chrono::Offset;
    use chrono_tz::OffsetName;
    match d.offset().abbreviation() {
        Some(a) if !a.starts_with(['+', '-']) => a.to_string(),
        _ => {
            let off = d.offset().fix().local_minus_utc();
            let (sign, a) = if off < 0 { ('-', -off) } else { ('+', off) };
            format!("UTC{sign}{:02}:{:02}", a / 3600, a / 60 % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept day texts write what `Calendar::when` writes, on a zone without
    /// daylight saving and on one with it (its changes fall inside days).
    #[test]
    fn whens_write_what_when_writes() {
        let berlin =
            Calendar::from_text("timezone = \"Europe/Berlin\"\n[week]\nmon = [\"08:00-16:00\"]\n")
                .unwrap();
        for cal in [Calendar::jatengprov(), berlin] {
            for lang in [Lang::Id, Lang::En] {
                let mut w = cal.whens(lang);
                let mut x: u64 = 0x2545_F491_4F6C_DD1D;
                for _ in 0..3000 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // 2024–2026, to the second (both DST changes of each year in).
                    let t = Timestamp::from_unix(1_704_067_200 + (x % 94_694_400) as i64);
                    assert_eq!(w.when(t), cal.when(t, lang), "{t:?}");
                }
                // Instants chrono cannot hold: what `when` writes, no panic (found
                // by the export fuzz target: the fast path took another day's start).
                for u in [i64::MAX / 2, i64::MIN / 2, 1 << 45] {
                    let t = Timestamp::from_unix(u);
                    assert_eq!(w.when(t), cal.when(t, lang));
                }
                // Around Berlin's spring change (31 March 2024, 02:00 → 03:00).
                for u in (1_711_843_200..1_711_929_600).step_by(600) {
                    let t = Timestamp::from_unix(u);
                    assert_eq!(w.when(t), cal.when(t, lang));
                }
            }
        }
    }
}
