//! What changed between two calendars, and which deadlines a change would move.
//!
//! When a holiday decree is published, an administrator replaces the provisional
//! dates with the decree's. [`diff`] lists what the new calendar changes (holidays
//! added, removed, renamed, confirmed; weekly hours; overrides; settings), and
//! [`deadline_move`](crate::ticket::deadline_move) (with the tickets) what
//! re-evaluating an open ticket on the new calendar would do to its deadline. Old
//! tickets keep their terms until re-evaluated: this is for deciding knowingly, it
//! changes nothing.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::spec::{CalendarSpec, HolidaySpec, OverrideSpec};
use crate::lang::Lang;

/// One difference between two calendars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A holiday only the new calendar has.
    HolidayAdded {
        /// The new entry.
        holiday: HolidaySpec,
    },
    /// A holiday only the old calendar has.
    HolidayRemoved {
        /// The old entry.
        holiday: HolidaySpec,
    },
    /// The same date with another name, kind, status or source.
    HolidayChanged {
        /// The old entry.
        old: HolidaySpec,
        /// The new entry.
        new: HolidaySpec,
        /// What changed: `name`, `kind`, `confirmed` (provisional → confirmed),
        /// `provisional` (confirmed → provisional), `source`.
        what: Vec<String>,
    },
    /// Other weekly hours on a weekday (`mon` … `sun`).
    HoursChanged {
        /// The weekday, as written in the file.
        day: String,
        /// Old intervals.
        old: Vec<String>,
        /// New intervals.
        new: Vec<String>,
    },
    /// An override only the new calendar has.
    OverrideAdded {
        /// The new entry.
        #[serde(rename = "override")]
        entry: OverrideSpec,
    },
    /// An override only the old calendar has.
    OverrideRemoved {
        /// The old entry.
        #[serde(rename = "override")]
        entry: OverrideSpec,
    },
    /// An override of the same date with other hours or note.
    OverrideChanged {
        /// The old entry.
        old: OverrideSpec,
        /// The new entry.
        new: OverrideSpec,
    },
    /// A setting: `name`, `timezone`, `collective_leave_off`, `covers`, `horizon`.
    SettingChanged {
        /// The setting, as written in the file.
        setting: String,
        /// Old value, as JSON text (`null` when unset).
        old: String,
        /// New value, as JSON text.
        new: String,
    },
}

/// The differences from `old` to `new`: settings, weekly hours, then holidays and
/// overrides in date order. Entries listed twice in one file count once.
pub fn diff(old: &CalendarSpec, new: &CalendarSpec) -> Vec<Change> {
    let mut out = Vec::new();
    let settings = |s: &CalendarSpec| {
        let j =
            |v: serde_json::Result<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
        [
            ("name", j(serde_json::to_value(&s.name))),
            ("timezone", j(serde_json::to_value(&s.timezone))),
            (
                "collective_leave_off",
                j(serde_json::to_value(s.collective_leave_off)),
            ),
            ("covers", j(serde_json::to_value(s.covers))),
            ("horizon", j(serde_json::to_value(s.horizon))),
        ]
    };
    for ((setting, a), (_, b)) in settings(old).into_iter().zip(settings(new)) {
        if a != b {
            out.push(Change::SettingChanged {
                setting: setting.into(),
                old: a,
                new: b,
            });
        }
    }
    for (day, name) in WEEKDAYS {
        let (a, b) = (old.week.day(day), new.week.day(day));
        if a != b {
            out.push(Change::HoursChanged {
                day: name.into(),
                old: a.to_vec(),
                new: b.to_vec(),
            });
        }
    }
    let by_date = |v: &[HolidaySpec]| -> BTreeMap<NaiveDate, HolidaySpec> {
        let mut m = BTreeMap::new();
        for h in v {
            m.entry(h.date).or_insert_with(|| h.clone());
        }
        m
    };
    let (a, b) = (by_date(&old.holidays), by_date(&new.holidays));
    let mut dated: Vec<(NaiveDate, Change)> = Vec::new();
    for (d, h) in &a {
        match b.get(d) {
            None => dated.push((*d, Change::HolidayRemoved { holiday: h.clone() })),
            Some(n) if n != h => dated.push((
                *d,
                Change::HolidayChanged {
                    old: h.clone(),
                    new: n.clone(),
                    what: holiday_fields(h, n),
                },
            )),
            Some(_) => {}
        }
    }
    for (d, h) in &b {
        if !a.contains_key(d) {
            dated.push((*d, Change::HolidayAdded { holiday: h.clone() }));
        }
    }
    let by_date = |v: &[OverrideSpec]| -> BTreeMap<NaiveDate, OverrideSpec> {
        let mut m = BTreeMap::new();
        for o in v {
            m.entry(o.date).or_insert_with(|| o.clone());
        }
        m
    };
    let (a, b) = (by_date(&old.overrides), by_date(&new.overrides));
    for (d, o) in &a {
        match b.get(d) {
            None => dated.push((*d, Change::OverrideRemoved { entry: o.clone() })),
            Some(n) if n != o => dated.push((
                *d,
                Change::OverrideChanged {
                    old: o.clone(),
                    new: n.clone(),
                },
            )),
            Some(_) => {}
        }
    }
    for (d, o) in &b {
        if !a.contains_key(d) {
            dated.push((*d, Change::OverrideAdded { entry: o.clone() }));
        }
    }
    dated.sort_by_key(|(d, _)| *d);
    out.extend(dated.into_iter().map(|(_, c)| c));
    out
}

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "mon"),
    (Weekday::Tue, "tue"),
    (Weekday::Wed, "wed"),
    (Weekday::Thu, "thu"),
    (Weekday::Fri, "fri"),
    (Weekday::Sat, "sat"),
    (Weekday::Sun, "sun"),
];

fn holiday_fields(a: &HolidaySpec, b: &HolidaySpec) -> Vec<String> {
    let mut v = Vec::new();
    if a.name != b.name {
        v.push("name");
    }
    if a.kind != b.kind {
        v.push("kind");
    }
    match (a.provisional, b.provisional) {
        (true, false) => v.push("confirmed"),
        (false, true) => v.push("provisional"),
        _ => {}
    }
    if a.source != b.source {
        v.push("source");
    }
    v.into_iter().map(String::from).collect()
}

impl Change {
    /// One line for people, e.g. `+ 2027-03-09  Cuti bersama Idul Fitri (cuti bersama)`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Change::HolidayAdded { holiday } => format!("+ {}", holiday_line(holiday, lang)),
            Change::HolidayRemoved { holiday } => format!("- {}", holiday_line(holiday, lang)),
            Change::HolidayChanged { old, new, what } => {
                let mut parts = Vec::new();
                for w in what {
                    parts.push(match w.as_str() {
                        "name" => format!("{} → {}", old.name, new.name),
                        "kind" => format!("{} → {}", old.kind.label(lang), new.kind.label(lang)),
                        "confirmed" => lang
                            .pick("perkiraan → ditetapkan", "provisional → confirmed")
                            .into(),
                        "provisional" => lang
                            .pick("ditetapkan → perkiraan", "confirmed → provisional")
                            .into(),
                        _ => format!(
                            "{}: {} → {}",
                            lang.pick("sumber", "source"),
                            old.source.as_deref().unwrap_or("-"),
                            new.source.as_deref().unwrap_or("-")
                        ),
                    });
                }
                format!("~ {}: {}", holiday_line(new, lang), parts.join("; "))
            }
            Change::HoursChanged { day, old, new } => format!(
                "~ {} {day}: {} → {}",
                lang.pick("jam layanan", "hours"),
                hours(old, lang),
                hours(new, lang)
            ),
            Change::OverrideAdded { entry } => format!("+ {}", override_line(entry, lang)),
            Change::OverrideRemoved { entry } => format!("- {}", override_line(entry, lang)),
            Change::OverrideChanged { old, new } => format!(
                "~ {} → {}",
                override_line(old, lang),
                hours(&new.hours, lang)
            ),
            Change::SettingChanged { setting, old, new } => {
                format!("~ {setting}: {old} → {new}")
            }
        }
    }
}

fn holiday_line(h: &HolidaySpec, lang: Lang) -> String {
    let mut s = format!(
        "{} {}  {} ({}",
        h.date,
        &lang.weekday(chrono::Datelike::weekday(&h.date))[..3],
        h.name,
        h.kind.label(lang)
    );
    if h.provisional {
        s.push_str(lang.pick(", perkiraan", ", provisional"));
    }
    s.push(')');
    s
}

fn override_line(o: &OverrideSpec, lang: Lang) -> String {
    format!(
        "{} {}  {}{}",
        o.date,
        lang.pick("pengecualian", "override"),
        hours(&o.hours, lang),
        o.name
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    )
}

fn hours(v: &[String], lang: Lang) -> String {
    if v.is_empty() {
        lang.pick("tutup", "closed").into()
    } else {
        v.join(", ")
    }
}
