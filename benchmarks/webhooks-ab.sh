#!/usr/bin/env bash
# Server CPU per message with webhooks off and on (a fast local receiver), interleaved runs.
#   swift build -c release --product jindou && swift build -c release --product jindou-bench
#   benchmarks/webhooks-ab.sh OUTDIR [RUNS] [RATE]
set -euo pipefail
out=${1:?output directory}; runs=${2:-3}; rate=${3:-5000}
mkdir -p "$out"
bin=.build/release
for run in $(seq 1 "$runs"); do
    for mode in off on; do
        rm -rf /tmp/bench-webhooks
        extra=()
        if [ "$mode" = on ]; then
            python3 benchmarks/webhook_receiver.py --port 8099 --report "$out/receiver-$mode-$run.json" >/dev/null &
            receiver=$!
            sleep 0.5
            extra=(--webhook-url http://127.0.0.1:8099/hook)
        fi
        JINDOU_USER_API_RATE=0 $bin/jindou serve --data-dir /tmp/bench-webhooks --user-send-rate 0 \
            --log-level warning "${extra[@]}" >"$out/server-$mode-$run.log" 2>&1 &
        server=$!
        sleep 1
        $bin/jindou-bench pairs --pairs 100 --rate "$rate" --duration 15 --warmup 3 --server-pid $server \
            --json "$out/pairs-$mode-$run.json" >"$out/bench-$mode-$run.txt" 2>&1 || true
        if [ "$mode" = on ]; then
            curl -s http://127.0.0.1:5001/webhooks >"$out/webhooks-$mode-$run.json" || true
            sleep 2   # let the stream catch up before the receiver reports
            kill -INT $receiver; wait $receiver 2>/dev/null || true
        fi
        kill -TERM $server; wait $server 2>/dev/null || true
    done
done
