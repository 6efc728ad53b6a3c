#!/usr/bin/env bash
# Exact heap allocations per operation of `jindou-bench micro`'s cases, counted by an LD_PRELOAD
# library written here (benchmarks/malloc-count). Counts do not depend on what else the machine is
# doing, so a change's effect shows even on a shared, noisy machine. Each case runs with N and
# with 2N operations; the difference divided by N is the cost of one operation (setup cancels).
# (valgrind 3.19 crashes on Swift's async main, and this machine's perf cannot count
# instructions; allocations are the exact count available.)
#
# Usage: benchmarks/micro-counts.sh [JINDOU_BENCH_BINARY] [N] [PAYLOAD_BYTES]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-.build/release/jindou-bench}
N=${2:-20000}
PAYLOAD=${3:-256}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -shared -fPIC -o "$WORK/malloc-count.so" "$HERE/malloc-count/malloc-count.c" -ldl

allocations() {  # iterations case -> "count bytes"
    LD_PRELOAD="$WORK/malloc-count.so" "$BIN" micro --filter "$2" --iterations "$1" --rounds 1 \
        --payload-size "$PAYLOAD" 2>&1 >/dev/null | sed -n 's/^malloc-count: allocations=\([0-9]*\) bytes=\([0-9]*\)$/\1 \2/p'
}

printf "%-16s %16s %12s\n" case allocations/op bytes/op
for name in $("$BIN" micro --list | cut -f1); do
    read -r a1 b1 <<<"$(allocations "$N" "$name")"
    read -r a2 b2 <<<"$(allocations $((2 * N)) "$name")"
    awk -v name="$name" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" -v n="$N" \
        'BEGIN { printf "%-16s %16.2f %12.0f\n", name, (a2 - a1) / n, (b2 - b1) / n }'
done
