#!/usr/bin/env python3
"""A fast local webhook endpoint for benchmarks: answers 200 at once and reports, every second and
at exit, the msg.notify messages received per second and their lag (arrival time minus the time in
the message's snowflake id, i.e. when it was stored).

    python3 benchmarks/webhook_receiver.py --port 8099 --report receiver.json
    JINDOU_WEBHOOK_URL=http://127.0.0.1:8099/hook jindou serve ...
"""
import argparse, json, signal, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EPOCH_MS = 1_288_834_974_657  # the snowflake epoch of Jindou's message ids
lock = threading.Lock()
stats = {"requests": 0, "messages": 0, "lags": [], "per_second": []}

class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.time() * 1000
        event = self.path.partition("event=")[2]
        with lock:
            stats["requests"] += 1
            if event == "msg.notify":
                for item in json.loads(body):
                    stats["messages"] += 1
                    stats["lags"].append(now - ((item["message_id"] >> 22) + EPOCH_MS))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--report", default="")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    def finish(*_):
        with lock:
            lags = stats["lags"]
            report = {"requests": stats["requests"], "messages": stats["messages"],
                      "messages_per_second": stats["per_second"],
                      "lag_ms": {"p50": percentile(lags, 0.5), "p99": percentile(lags, 0.99), "max": max(lags or [0])}}
        print(json.dumps(report), flush=True)
        if args.report:
            with open(args.report, "w") as f:
                json.dump(report, f, indent=2)
        sys.exit(0)
    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    last = 0
    while True:
        time.sleep(1)
        with lock:
            count = stats["messages"]
        if count != last:
            stats["per_second"].append(count - last)
        last = count

if __name__ == "__main__":
    main()
