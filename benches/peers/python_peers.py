#!/usr/bin/env python3
"""Peer libraries a user would otherwise pick for SLA arithmetic, timed and checked
against `loket` on the same instants (issue 2).

Peers:
- businesstimedelta (PyPI): `Rules([WorkDayRule per distinct hours, HolidayRule])`.
  It can express the JatengProv calendar *exactly* (Mon-Thu 07:00-15:30, Fri
  07:00-14:00, every holiday and collective-leave date of the calendar file), so its
  results are compared one by one with `loket sla batch` on the real calendar.
- pandas `CustomBusinessHour` / `CustomBusinessDay`: one opening and one closing
  time for every working weekday, and whole hours only (`n` is an integer number of
  hours). It cannot express the short Friday nor 8h30m, so it is timed with
  Mon-Fri 07:00-15:30 and 3h / 8h (the approximation a user would make), and checked
  *exactly* against `loket` run on that same approximated calendar (written to a
  temporary JSON calendar file), plus a count of how often the approximation gives a
  different deadline from the real calendar.

Timing covers only the addition (or difference) itself: instants are turned into
the peer's datetime type before the clock starts, results back to unix seconds after
it stops. Everything runs on one core in this process.

    python3 benches/peers/python_peers.py --instants instants.txt --n 20000 \
        --loket target/release/loket

Needs Python >= 3.11 (tomllib), `pip install businesstimedelta pandas`.
"""
import argparse
import datetime as dt
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen_instants  # noqa: E402  (benches/gen_instants.py: the shared LCG)

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UTC = dt.timezone.utc


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- the calendar


class CalendarFile:
    """The parts of a loket calendar file the peers can use."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.raw = tomllib.load(f)
        self.tz_name = self.raw["timezone"]
        self.week = {d: self.raw["week"].get(d, []) for d in WEEKDAYS}
        off = self.raw.get("collective_leave_off", True)
        self.holidays = sorted(
            {
                dt.date.fromisoformat(str(h["date"]))
                for h in self.raw.get("holiday", [])
                if h.get("kind") != "collective_leave" or off
            }
        )
        if self.raw.get("override"):
            raise SystemExit("overrides are not supported by this script")

    @staticmethod
    def hm(s):
        h, m = s.split(":")
        return int(h), int(m)

    def groups(self):
        """{("07:00", "15:30"): [0, 1, 2, 3], ("07:00", "14:00"): [4]}"""
        g = {}
        for i, d in enumerate(WEEKDAYS):
            for iv in self.week[d]:
                a, b = iv.split("-")
                g.setdefault((a, b), []).append(i)
        return g

    def to_json(self, week=None):
        """The calendar as loket JSON, optionally with other weekly hours."""
        spec = dict(self.raw)
        spec["week"] = week or self.raw["week"]
        return json.dumps(spec, default=str)


def edge_instants(cal, year=2025):
    """Every half hour of every day of `year` (local time), each with the second
    before and after: 52,560 instants. Every opening, closing and duration here is a
    multiple of 30 minutes, so this grid includes every start whose result lands
    exactly on a closing or an opening, which random seconds almost never do: where
    the conventions of two libraries differ, if anywhere."""
    from zoneinfo import ZoneInfo

    z = ZoneInfo(cal.tz_name)
    out = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        for half in range(48):
            base = int(dt.datetime(day.year, day.month, day.day, half // 2, 30 * (half % 2),
                                   tzinfo=z).timestamp())
            out.extend((base - 1, base, base + 1))
        day += dt.timedelta(days=1)
    return out


# ---------------------------------------------------------------- loket


class Loket:
    def __init__(self, exe):
        self.exe = exe

    def batch(self, instants, duration, calendar="default", boundary="closing"):
        text = "\n".join(map(str, instants)) + "\n"
        p = subprocess.run(
            [self.exe, "sla", "batch", "--format", "unix", "--duration", duration,
             "--calendar", calendar, "--boundary", boundary],
            input=text, capture_output=True, text=True, check=True,
        )
        return [int(x) for x in p.stdout.split("\n")[: len(instants)]]

    def between(self, a, b, calendar="default"):
        p = subprocess.run(
            [self.exe, "sla", "between", "--format", "unix", "--from", str(a),
             "--to", str(b), "--calendar", calendar],
            capture_output=True, text=True, check=True,
        )
        return int(p.stdout.strip())


def show(u, tz):
    return dt.datetime.fromtimestamp(u, tz).strftime("%a %Y-%m-%d %H:%M:%S%z")


def compare(name, instants, peer, ref, tz, results, limit=5):
    bad = [(t, p, r) for t, p, r in zip(instants, peer, ref) if p != r]
    status = "OK" if not bad else "MISMATCH"
    log(f"CHECK {name}: {len(instants) - len(bad)}/{len(instants)} equal to loket ({status})")
    for t, p, r in bad[:limit]:
        log(f"    start {show(t, tz)} [{t}]: peer {show(p, tz)} [{p}], loket {show(r, tz)} [{r}]")
    results.append({"check": name, "n": len(instants), "mismatches": len(bad),
                    "examples": [list(x) for x in bad[:limit]]})
    return bad


def rate_line(results, peer, op, n, secs, note=""):
    r = n / secs
    log(f"PEER {peer:<34} {op:<24} {n:>8} ops in {secs:8.3f} s = {r:>10,.0f} /s {note}")
    results.append({"peer": peer, "op": op, "n": n, "seconds": secs, "per_second": r, "note": note})


# ---------------------------------------------------------------- businesstimedelta


def run_btd(cal, instants, pairs, loket, results, durations):
    import businesstimedelta as btd
    import pytz

    tz = pytz.timezone(cal.tz_name)
    rules = []
    for (a, b), days in cal.groups().items():
        rules.append(btd.WorkDayRule(start_time=dt.time(*cal.hm(a)), end_time=dt.time(*cal.hm(b)),
                                     working_days=days, tz=tz))
    # A set rather than the list of the README: membership is what HolidayRule tests,
    # day by day, so this is the fastest input it accepts.
    rules.append(btd.HolidayRule(set(cal.holidays), tz=tz))
    rule = btd.Rules(rules)
    zone = dt.timezone(dt.timedelta(hours=7)) if cal.tz_name == "Asia/Jakarta" else tz

    starts = [dt.datetime.fromtimestamp(u, UTC) for u in instants]
    for label, secs in durations:
        delta = btd.BusinessTimeDelta(rule, seconds=secs)
        t0 = time.perf_counter()
        out = [s + delta for s in starts]
        el = time.perf_counter() - t0
        rate_line(results, "businesstimedelta", f"add {label}", len(starts), el, "(exact calendar)")
        got = [int(x.timestamp()) for x in out]
        if loket:
            compare(f"businesstimedelta add {label} vs loket (closing)", instants, got,
                    loket.batch(instants, label), zone, results)
    # For scale: the same weekly hours without the HolidayRule (not the real calendar;
    # HolidayRule walks day by day to the next holiday on every period it yields).
    label, secs = durations[0]
    delta = btd.BusinessTimeDelta(btd.Rules(rules[:-1]), seconds=secs)
    t0 = time.perf_counter()
    _ = [s + delta for s in starts]
    el = time.perf_counter() - t0
    rate_line(results, "businesstimedelta, no holidays", f"add {label}", len(starts), el,
              "(weekly hours only: NOT the real calendar)")

    if loket:
        edges = edge_instants(cal)
        for label, secs in durations:
            delta = btd.BusinessTimeDelta(rule, seconds=secs)
            got = [int((dt.datetime.fromtimestamp(u, UTC) + delta).timestamp()) for u in edges]
            compare(f"businesstimedelta add {label} vs loket (closing), half-hour grid", edges, got,
                    loket.batch(edges, label), zone, results)
            other = loket.batch(edges, label, boundary="opening")
            diff = sum(1 for p, r in zip(got, other) if p != r)
            log(f"CONVENTION businesstimedelta add {label}: {diff}/{len(edges)} grid results differ from "
                f"loket --boundary opening (a result on a closing stays there: the closing convention)")

    # between: Rule.difference on pairs of 2025 instants (cost grows with the span).
    a_dt = [(dt.datetime.fromtimestamp(a, UTC), dt.datetime.fromtimestamp(b, UTC)) for a, b in pairs]
    t0 = time.perf_counter()
    diffs = [rule.difference(a, b) for a, b in a_dt]
    el = time.perf_counter() - t0
    rate_line(results, "businesstimedelta", "between (random 2025 pairs)", len(pairs), el,
              f"(mean span {sum(abs(b - a) for a, b in pairs) / len(pairs) / 86400:.0f} days)")
    got = [d.hours * 3600 + d.seconds for d in diffs]  # unsigned: it sorts its arguments
    if loket:
        k = min(len(pairs), 200)  # one `loket sla between` process per pair
        ref = [abs(loket.between(a, b)) for a, b in pairs[:k]]
        compare("businesstimedelta between vs |loket sla between|", [a for a, _ in pairs[:k]],
                got[:k], ref, zone, results)


# ---------------------------------------------------------------- pandas


def run_pandas(cal, instants, loket, results, hour_ns, day_ns, workdir):
    import pandas as pd

    # One interval for every working weekday: the earliest opening and latest closing
    # of the real calendar (Mon-Thu 07:00-15:30), Fri treated like Mon-Thu.
    opens = [iv.split("-")[0] for d in WEEKDAYS for iv in cal.week[d]]
    closes = [iv.split("-")[1] for d in WEEKDAYS for iv in cal.week[d]]
    start, end = min(opens), max(closes)
    working = [d for d in WEEKDAYS if cal.week[d]]
    weekmask = " ".join(d.capitalize() for d in working)
    approx_week = {d: ([f"{start}-{end}"] if cal.week[d] else []) for d in WEEKDAYS}
    approx_path = os.path.join(workdir, "pandas-approx-calendar.json")
    with open(approx_path, "w") as f:
        f.write(cal.to_json(approx_week))
    real = "; ".join(f"{'/'.join(WEEKDAYS[i] for i in days)} {a}-{b}" for (a, b), days in cal.groups().items())
    log(f"pandas calendar: {weekmask} {start}-{end} (real: {real}), "
        f"{len(cal.holidays)} holidays; loket compared with {approx_path}")
    zone = dt.timezone(dt.timedelta(hours=7)) if cal.tz_name == "Asia/Jakarta" else None

    stamps = [pd.Timestamp(u, unit="s", tz=cal.tz_name) for u in instants]
    hol = [str(h) for h in cal.holidays]
    for n in hour_ns:
        off = pd.offsets.CustomBusinessHour(n=n, start=start, end=end, weekmask=weekmask, holidays=hol)
        t0 = time.perf_counter()
        out = [s + off for s in stamps]
        el = time.perf_counter() - t0
        rate_line(results, "pandas CustomBusinessHour", f"add {n}h", len(stamps), el,
                  f"(approx: Mon-Fri {start}-{end})")
        got = [int(x.timestamp()) for x in out]
        if loket:
            # pandas puts a result that lands on a closing at the next opening.
            compare(f"pandas CBH add {n}h vs loket on the same approx calendar (opening)",
                    instants, got, loket.batch(instants, f"{n}h", approx_path, "opening"), zone, results)
            edges = edge_instants(cal)
            got_e = [int((pd.Timestamp(u, unit="s", tz=cal.tz_name) + off).timestamp()) for u in edges]
            compare(f"pandas CBH add {n}h vs loket on the same approx calendar (opening), half-hour grid",
                    edges, got_e, loket.batch(edges, f"{n}h", approx_path, "opening"), zone, results)
            other = loket.batch(edges, f"{n}h", approx_path, "closing")
            diff = sum(1 for p, r in zip(got_e, other) if p != r)
            log(f"CONVENTION pandas CBH add {n}h: {diff}/{len(edges)} grid results differ from loket's "
                f"default --boundary closing (a result on a closing moves to the next opening)")
            real = loket.batch(instants, f"{n}h", "default", "opening")
            diff = sum(1 for p, r in zip(got, real) if p != r)
            log(f"APPROX pandas CBH add {n}h vs loket on the real calendar: {diff}/{len(got)} "
                f"({100 * diff / len(got):.1f}%) deadlines differ (the short Friday)")
            results.append({"approx": f"pandas CBH {n}h", "n": len(got), "differ": diff})

    # Also the vectorised spelling a pandas user writes (it falls back to a Python
    # loop with a PerformanceWarning), on the first 10% of the instants.
    k = max(1, len(stamps) // 10)
    idx = pd.DatetimeIndex(stamps[:k])
    off = pd.offsets.CustomBusinessHour(n=hour_ns[0], start=start, end=end, weekmask=weekmask, holidays=hol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        _ = idx + off
        el = time.perf_counter() - t0
    rate_line(results, "pandas CustomBusinessHour", f"DatetimeIndex + {hour_ns[0]}h", k, el, "(same, vectorised spelling)")

    for n in day_ns:
        off = pd.offsets.CustomBusinessDay(n=n, weekmask=weekmask, holidays=hol)
        t0 = time.perf_counter()
        out = [s + off for s in stamps]
        el = time.perf_counter() - t0
        rate_line(results, "pandas CustomBusinessDay", f"add {n}d", len(stamps), el,
                  "(business dates only: no hours)")
        got = [int(x.timestamp()) for x in out]
        if loket:
            # Same semantics only for a start inside open hours (a closed start rolls to
            # the next business day *as one of the n* in pandas, to the next opening
            # and then n days in loket) and on the approx calendar.
            ref = loket.batch(instants, f"{n}d", approx_path, "closing")
            sh, sm = cal.hm(start)
            eh, em = cal.hm(end)
            holset = set(hol)
            opened = [i for i, s in enumerate(stamps)
                      if s.weekday() < 5 and s.strftime("%Y-%m-%d") not in holset
                      and sh * 3600 + sm * 60 <= s.hour * 3600 + s.minute * 60 + s.second < eh * 3600 + em * 60]
            compare(f"pandas CBD add {n}d vs loket, approx calendar, starts in open hours",
                    [instants[i] for i in opened], [got[i] for i in opened], [ref[i] for i in opened],
                    zone, results)


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description="Time peer libraries and check them against loket.")
    p.add_argument("--instants", help="file of unix seconds, one per line (default: generate)")
    p.add_argument("--n", type=int, default=20_000, help="instants per peer timing (default 20000)")
    p.add_argument("--between-n", type=int, default=500, help="pairs for between (default 500)")
    p.add_argument("--loket", help="path of the loket binary, to check results (omit to only time)")
    p.add_argument("--calendar", default=os.path.join(ROOT, "core/profiles/jatengprov-calendar.toml"))
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--strict", action="store_true", help="exit 1 when a check finds a mismatch")
    p.add_argument("--only", choices=["businesstimedelta", "pandas"], action="append")
    a = p.parse_args()

    cal = CalendarFile(a.calendar)
    if a.instants:
        with open(a.instants) as f:
            instants = [int(next(f)) for _ in range(a.n)]
    else:
        instants = gen_instants.instants(a.n)
    m = a.between_n
    pairs = list(zip(gen_instants.instants(m), gen_instants.instants(m, gen_instants.SEED ^ 0xB7E7)))
    loket = Loket(a.loket) if a.loket else None
    log(f"python {sys.version.split()[0]}, {len(instants)} instants over 2025, calendar {a.calendar}")

    results = []
    only = a.only or ["businesstimedelta", "pandas"]
    with tempfile.TemporaryDirectory() as work:
        if "businesstimedelta" in only:
            log(f"businesstimedelta {importlib.metadata.version('businesstimedelta')}")
            run_btd(cal, instants, pairs, loket, results, [("8h30m", 8 * 3600 + 1800), ("3h", 3 * 3600)])
        if "pandas" in only:
            import pandas
            log(f"pandas {pandas.__version__}")
            run_pandas(cal, instants, loket, results, [3, 8], [1, 10], work)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    bad = [r for r in results if r.get("mismatches")]
    log(f"{len(bad)} check(s) with mismatches" if bad else "all checks equal to loket")
    sys.exit(1 if bad and a.strict else 0)


if __name__ == "__main__":
    main()
