#!/usr/bin/env python3
"""Deterministic pseudo-random instants spread over every second of 2025 (Asia/Jakarta).

The same generator as core/benches/sla.rs (Knuth's MMIX LCG, high 31 bits, fixed
seed), so the criterion bench, `loket sla batch` and the Python peers all see the
same instants (the bench's first 10,000 are this output's first 10,000).

    python3 benches/gen_instants.py 1000000 > instants.txt            # unix seconds
    python3 benches/gen_instants.py 1000000 --rfc3339 > instants.txt  # 2025-03-27T15:00:00+07:00
    python3 benches/gen_instants.py 1000 --seed-xor 0xB7E7            # the `between` partners
"""
import argparse
import sys
from datetime import datetime, timedelta, timezone

START_2025 = 1_735_664_400  # 2025-01-01T00:00:00+07:00
YEAR_2025 = 365 * 86_400
SEED = 0x0001_0CE7_2025
MASK = (1 << 64) - 1
# The first instant for SEED (2025-04-22T22:10:27+07:00); core/benches/sla.rs
# asserts the same value, so the two generators cannot drift apart unnoticed.
FIRST = 1_745_334_627


def instants(n, seed=SEED):
    s = seed
    out = []
    for _ in range(n):
        s = (s * 6364136223846793005 + 1442695040888963407) & MASK
        out.append(START_2025 + (s >> 33) % YEAR_2025)
    return out


JAKARTA = timezone(timedelta(hours=7))  # no DST in Asia/Jakarta since 1964


def rfc3339(u):
    return datetime.fromtimestamp(u, JAKARTA).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", type=int)
    p.add_argument("--rfc3339", action="store_true", help="RFC 3339 in +07:00 instead of unix seconds")
    p.add_argument("--seed-xor", type=lambda s: int(s, 0), default=0)
    a = p.parse_args()
    assert instants(1)[0] == FIRST
    fmt = rfc3339 if a.rfc3339 else str
    w = sys.stdout.write
    chunk = 100_000
    s = SEED ^ a.seed_xor
    done = 0
    while done < a.n:
        k = min(chunk, a.n - done)
        xs = instants(k, s)
        # Continue the LCG from where this chunk stopped.
        for _ in range(k):
            s = (s * 6364136223846793005 + 1442695040888963407) & MASK
        w("\n".join(fmt(x) for x in xs))
        w("\n")
        done += k


if __name__ == "__main__":
    main()
