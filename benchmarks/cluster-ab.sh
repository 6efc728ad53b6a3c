#!/usr/bin/env bash
# 1:1 pairs and a group of 500 on PostgreSQL: one node against two nodes with the senders on node 1
# and every receiver on node 2 (each message crosses nodes), interleaved runs.
#   swift build -c release --product jindou && swift build -c release --product jindou-bench
#   benchmarks/cluster-ab.sh OUTDIR POSTGRES_URL_OF_AN_EMPTY_DB [RUNS] [PAIRS_RATE] [GROUP_RATE]
# The database is emptied (its jindou tables dropped) before each run. Server CPU is the sum over
# the nodes; the NOTIFY count comes from pg_stat (one per committed batch).
set -euo pipefail
out=${1:?output directory}; url=${2:?postgres URL}; runs=${3:-3}; rate=${4:-2000}; group_rate=${5:-40}
mkdir -p "$out"
bin=.build/release
start_node() { # id http tcp ws log
    JINDOU_USER_API_RATE=0 $bin/jindou serve --store "$url" --node-id "$1" --http-addr "127.0.0.1:$2" \
        --tcp-addr "127.0.0.1:$3" --ws-addr "127.0.0.1:$4" --data-dir "/tmp/bench-cluster-$1" \
        --user-send-rate 0 --log-level warning >"$5" 2>&1 &
    echo $!
}
for run in $(seq 1 "$runs"); do
    for nodes in 1 2; do
        for scenario in pairs group; do
            PGOPTIONS="-c client_min_messages=warning" psql "$url" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
            one=$(start_node 1 15001 15100 15200 "$out/server1-$nodes-$scenario-$run.log")
            pids=(--server-pid "$one")
            receivers=()
            sleep 1.5
            if [ "$nodes" = 2 ]; then
                two=$(start_node 2 25001 25100 25200 "$out/server2-$nodes-$scenario-$run.log")
                pids+=(--server-pid "$two")
                receivers=(--receiver-tcp 127.0.0.1:25100)
                sleep 1.5
            fi
            common=(--http 127.0.0.1:15001 --tcp 127.0.0.1:15100 "${receivers[@]}" "${pids[@]}" --duration 15 --warmup 3)
            if [ "$scenario" = pairs ]; then
                $bin/jindou-bench pairs --pairs 100 --rate "$rate" "${common[@]}" \
                    --json "$out/pairs-$nodes-$run.json" >"$out/bench-pairs-$nodes-$run.txt" 2>&1 || true
            else
                $bin/jindou-bench group --members 500 --rate "$group_rate" "${common[@]}" \
                    --json "$out/group-$nodes-$run.json" >"$out/bench-group-$nodes-$run.txt" 2>&1 || true
            fi
            # Committed batches (one NOTIFY each) over the node's life, and that life in seconds.
            echo "$(curl -s http://127.0.0.1:15001/metrics | awk '/^jindou_storage_commits_total/ {print $2}') $(ps -o etimes= -p "$one")" \
                >"$out/commits-$scenario-$nodes-$run.txt"
            kill -TERM "$one" ${two:+"$two"} 2>/dev/null || true
            wait 2>/dev/null || true
            unset two
        done
    done
done
