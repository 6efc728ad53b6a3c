#!/usr/bin/env bash
# 1:1 pairs and a group of 500 against `jindou serve` on SQLite and on PostgreSQL, interleaved runs.
#   swift build -c release --product jindou && swift build -c release --product jindou-bench
#   benchmarks/stores-ab.sh OUTDIR POSTGRES_URL_OF_AN_EMPTY_DB [RUNS] [PAIRS_RATES] [GROUP_RATE]
# PAIRS_RATES is a comma-separated list of total send rates (msg/s) for `pairs`.
# The database is emptied (its jindou tables dropped) before each PostgreSQL run.
set -euo pipefail
out=${1:?output directory}; url=${2:?postgres URL}; runs=${3:-3}; rates=${4:-5000}; group_rate=${5:-100}
mkdir -p "$out"
bin=.build/release
for run in $(seq 1 "$runs"); do
    for store in sqlite postgres; do
        scenarios=()
        for rate in ${rates//,/ }; do scenarios+=("pairs-$rate"); done
        scenarios+=(group)
        for scenario in "${scenarios[@]}"; do
            rm -rf /tmp/bench-stores
            extra=()
            if [ "$store" = postgres ]; then
                psql "$url" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
                extra=(--store "$url")
            fi
            JINDOU_USER_API_RATE=0 $bin/jindou serve --data-dir /tmp/bench-stores --user-send-rate 0 \
                --log-level warning "${extra[@]}" >"$out/server-$store-$scenario-$run.log" 2>&1 &
            server=$!
            sleep 1.5
            if [ "$scenario" != group ]; then
                $bin/jindou-bench pairs --pairs 100 --rate "${scenario#pairs-}" --duration 15 --warmup 3 \
                    --server-pid $server --json "$out/$scenario-$store-$run.json" \
                    >"$out/bench-$store-$scenario-$run.txt" 2>&1 || true
            else
                $bin/jindou-bench group --members 500 --rate "$group_rate" --duration 15 --warmup 3 \
                    --server-pid $server --json "$out/group-$store-$run.json" \
                    >"$out/bench-$store-group-$run.txt" 2>&1 || true
            fi
            kill -TERM $server; wait $server 2>/dev/null || true
        done
    done
done
