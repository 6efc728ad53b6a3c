#!/usr/bin/env bash
# Server CPU per message of two builds of jindou, alternating runs on one machine: 1:1 (100 pairs at
# 2,000 msg/s) and a group of 500 (40 msg/s), the scenarios of the earlier A/Bs in BENCHMARKS.md.
#   benchmarks/binaries-ab.sh BASE_JINDOU NEW_JINDOU OUTDIR [RUNS]
# SCENARIOS="pairs group saturation" adds 1:1 at saturation (100 pairs offered 12,000 msg/s).
# jindou-bench is $BENCH, by default the current build (.build/release/jindou-bench); give both runs
# the same one when the change also touches the client library the bench is built on.
set -euo pipefail
bench=${BENCH:-.build/release/jindou-bench}
base=${1:?base jindou binary}; new=${2:?new jindou binary}; out=${3:?output directory}; runs=${4:-3}
mkdir -p "$out"
for run in $(seq 1 "$runs"); do
    for build in base new; do
        bin=$base; [ "$build" = new ] && bin=$new
        for scenario in ${SCENARIOS:-pairs group}; do
            rm -rf /tmp/bench-binaries
            JINDOU_USER_API_RATE=0 "$bin" serve --data-dir /tmp/bench-binaries --user-send-rate 0 \
                --log-level warning >"$out/server-$build-$scenario-$run.log" 2>&1 &
            server=$!
            sleep 1.5
            if [ "$scenario" = pairs ]; then
                "$bench" pairs --pairs 100 --rate 2000 --duration 15 --warmup 3 \
                    --server-pid $server --json "$out/pairs-$build-$run.json" >"$out/bench-$build-pairs-$run.txt" 2>&1 || true
            elif [ "$scenario" = saturation ]; then
                "$bench" pairs --pairs 100 --rate 12000 --duration 15 --warmup 3 \
                    --server-pid $server --json "$out/saturation-$build-$run.json" >"$out/bench-$build-saturation-$run.txt" 2>&1 || true
            else
                "$bench" group --members 500 --rate 40 --duration 15 --warmup 3 \
                    --server-pid $server --json "$out/group-$build-$run.json" >"$out/bench-$build-group-$run.txt" 2>&1 || true
            fi
            kill -TERM $server; wait $server 2>/dev/null || true
        done
    done
done
