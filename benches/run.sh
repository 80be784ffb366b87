#!/usr/bin/env bash
# SLA-arithmetic benchmark of issue 2: loket (native and `loket sla batch`) and peer
# libraries, in one run on this machine. Results are summarised at the end and
# written under target/bench-sla/. See BENCHMARKS.md.
#
#   bash benches/run.sh
#
# Knobs (environment): N (instants for the batch, default 1000000), PEER_N (instants
# per peer timing, default 20000), BETWEEN_N (pairs for the peers' between, default
# 500), REPEAT (batch runs per case, the best is kept, default 5), SKIP_CRITERION=1,
# SKIP_PEERS=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-1000000}
PEER_N=${PEER_N:-20000}
BETWEEN_N=${BETWEEN_N:-500}
REPEAT=${REPEAT:-5}
OUT=$ROOT/target/bench-sla
mkdir -p "$OUT"
PY=${PYTHON:-python3}

say() { printf '\n== %s\n' "$*"; }
# The machine has 2 cores: anything else running (a build, a test suite) halves the
# numbers. Say so next to each phase.
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); busy: $(ps -eo comm= | grep -cE '^(rustc|cargo|cc|ld|python3?)$' || true) rustc/cargo/cc/ld/python processes"; }

say "machine"
{
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "kernel: $(uname -sr)"
  echo "rustc: $(rustc --version)"
  echo "python: $($PY --version 2>&1)"
} | tee "$OUT/machine.txt"

say "build loket (release)"
cargo build --release -p loket-cli --bin loket
LOKET=$ROOT/target/release/loket

say "generate $N instants over 2025"
$PY benches/gen_instants.py "$N" > "$OUT/instants-unix.txt"
$PY benches/gen_instants.py "$N" --rfc3339 > "$OUT/instants-rfc3339.txt"
wc -l "$OUT/instants-unix.txt" "$OUT/instants-rfc3339.txt"

# best-of-REPEAT wall time (seconds) of: loket sla batch ARGS < INPUT > OUTPUT
time_batch() {
  local input=$1 output=$2
  shift 2
  local best="" i s e t
  for ((i = 0; i < REPEAT; i++)); do
    s=$(date +%s%N)
    "$LOKET" sla batch "$@" < "$input" > "$output"
    e=$(date +%s%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
    if [[ -z $best ]] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

load | tee "$OUT/load.txt"
say "loket sla batch over $N instants (best of $REPEAT, wall clock, includes process start, calendar compile, parsing and formatting)"
: > "$OUT/batch.txt"
batch_case() {
  local label=$1 input=$2
  shift 2
  local secs lines
  secs=$(time_batch "$input" "$OUT/out.txt" "$@")
  lines=$(grep -c . "$OUT/out.txt" || true)
  if [[ $lines != "$N" ]]; then
    echo "expected $N results, got $lines for: $*" >&2
    exit 1
  fi
  printf '%-40s %7s s  %6s M/s\n' "$label" "$secs" \
    "$(awk -v n="$N" -v s="$secs" 'BEGIN { printf "%.2f", n / s / 1e6 }')" | tee -a "$OUT/batch.txt"
}
batch_case "batch unix -> unix, add 8h30m" "$OUT/instants-unix.txt" --format unix --duration 8h30m
batch_case "batch unix -> unix, add 3h" "$OUT/instants-unix.txt" --format unix --duration 3h
batch_case "batch unix -> unix, add 10d" "$OUT/instants-unix.txt" --format unix --duration 10d
batch_case "batch unix -> unix, add 1d" "$OUT/instants-unix.txt" --format unix --duration 1d
batch_case "batch unix -> rfc3339, add 8h30m" "$OUT/instants-unix.txt" --format rfc3339 --duration 8h30m
batch_case "batch rfc3339 -> unix, add 8h30m" "$OUT/instants-rfc3339.txt" --format unix --duration 8h30m
batch_case "batch rfc3339 -> rfc3339, add 8h30m" "$OUT/instants-rfc3339.txt" --duration 8h30m
batch_case "batch rfc3339 -> rfc3339, add 10d" "$OUT/instants-rfc3339.txt" --duration 10d
# Baseline: the same process doing almost nothing per line (the empty-line path
# still reads and writes each line), to show the fixed cost.
: > "$OUT/empty.txt"
s=$(date +%s%N); "$LOKET" sla batch --format unix --duration 1h < "$OUT/empty.txt" > /dev/null; e=$(date +%s%N)
echo "startup (empty input, incl. calendar compile): $(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) / 1e9 }') s" | tee -a "$OUT/batch.txt"

if [[ ${SKIP_CRITERION:-0} != 1 ]]; then
  say "criterion: cargo bench -p loket-core --bench sla"
  cargo bench -p loket-core --bench sla --no-run
  load | tee -a "$OUT/load.txt"
  cargo bench -p loket-core --bench sla 2>&1 | tee "$OUT/criterion.txt"
fi

if [[ ${SKIP_PEERS:-0} != 1 ]]; then
  say "peers (Python)"
  if ! $PY -c 'import businesstimedelta, pandas' 2>/dev/null; then
    echo "installing businesstimedelta and pandas"
    if ! $PY -m pip install --quiet businesstimedelta pandas; then
      # An externally managed Python (PEP 668): use a venv under target/.
      $PY -m venv "$OUT/venv"
      "$OUT/venv/bin/python" -m pip install --quiet businesstimedelta pandas
      PY=$OUT/venv/bin/python
    fi
  fi
  load | tee -a "$OUT/load.txt"
  $PY benches/peers/python_peers.py --instants "$OUT/instants-unix.txt" --n "$PEER_N" \
    --between-n "$BETWEEN_N" --loket "$LOKET" --json "$OUT/peers.json" 2>&1 | tee "$OUT/peers.txt"
fi

say "summary"
cat "$OUT/machine.txt"
echo "before each phase (batch, criterion, peers):"
sed 's/^/  /' "$OUT/load.txt"
echo
echo "native (criterion, one core, median throughput [95% interval]):"
if [[ -f $OUT/criterion.txt ]]; then
  # "add_hours/8h30m  time: [...]" (a long name stands alone on the line before),
  # then "thrpt: [lo MID hi]"; a later "change:" block has its own thrpt: skip it.
  awk '/^[^ ]/ && !/^(Benchmarking|Found|Running|Gnuplot|WARNING)/ && !/time:/ { cand = $1 }
       /change:/ { skip = 1 }
       /time:/ && !skip { name = ($1 == "time:") ? cand : $1 }
       /thrpt:/ && !skip { hi = $7; sub(/\]$/, "", hi); printf "  %-24s %s %s   [%s .. %s %s]\n", name, $4, $5, substr($2, 2), $6, hi }
       /^Benchmarking/ { skip = 0 }' "$OUT/criterion.txt"
fi
echo
echo "loket sla batch, $N instants, end to end:"
sed 's/^/  /' "$OUT/batch.txt"
if [[ -f $OUT/peers.txt ]]; then
  echo
  echo "peers ($PEER_N instants each; between on $BETWEEN_N pairs):"
  grep -E '^(PEER|CHECK|APPROX|CONVENTION)' "$OUT/peers.txt" | sed 's/^/  /'
fi
echo
echo "raw output: $OUT"
