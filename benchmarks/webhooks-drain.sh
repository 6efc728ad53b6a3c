#!/usr/bin/env bash
# msg.notify throughput while draining a backlog: the endpoint is down while the bench stores
# messages, then comes up; the receiver reports messages per second as it catches up.
#   benchmarks/webhooks-drain.sh OUTDIR [RATE]
set -euo pipefail
out=${1:?output directory}; rate=${2:-5000}
mkdir -p "$out"
bin=.build/release
rm -rf /tmp/bench-webhooks
JINDOU_USER_API_RATE=0 $bin/jindou serve --data-dir /tmp/bench-webhooks --user-send-rate 0 --log-level error \
    --webhook-url http://127.0.0.1:8099/hook --webhook-events msg.notify --webhook-retry-max 1 \
    >"$out/server-drain.log" 2>&1 &
server=$!
sleep 1
$bin/jindou-bench pairs --pairs 100 --rate "$rate" --duration 15 --warmup 3 --server-pid $server \
    --json "$out/pairs-drain.json" >"$out/bench-drain.txt" 2>&1 || true
curl -s http://127.0.0.1:5001/webhooks >"$out/webhooks-before-drain.json"
python3 benchmarks/webhook_receiver.py --port 8099 --report "$out/receiver-drain.json" >/dev/null &
receiver=$!
for _ in $(seq 1 60); do
    sleep 1
    depth=$(curl -s http://127.0.0.1:5001/webhooks | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"]["msg.notify"]["queue_depth"])')
    [ "$depth" -le 100 ] && break
done
sleep 2
kill -INT $receiver; wait $receiver 2>/dev/null || true
kill -TERM $server; wait $server 2>/dev/null || true
