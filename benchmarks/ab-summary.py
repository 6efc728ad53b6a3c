#!/usr/bin/env python3
"""Summarise a benchmarks/binaries-ab.sh output directory: per scenario, the server's CPU per
1k messages (pairs, saturation) or deliveries (group) of every run of each build, the median of
each, their ratio (new / base), and the acknowledged rate and SENDACK p99 where they matter.

Usage: benchmarks/ab-summary.py OUTDIR
"""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]
measure = {"pairs": "ms_per1k_messages", "saturation": "ms_per1k_messages", "group": "ms_per1k_deliveries"}
for scenario, key in measure.items():
    runs = {}
    for build in ("base", "new"):
        files = sorted(glob.glob(os.path.join(out, f"{scenario}-{build}-*.json")))
        runs[build] = [json.load(open(f)) for f in files]
    if not runs["base"] or not runs["new"]:
        continue
    print(f"{scenario}: server CPU, {key.replace('_', ' ')}")
    medians = {}
    for build, results in runs.items():
        cpu = [r["server_cpu"][key] for r in results]
        medians[build] = statistics.median(cpu)
        lost = sum(r["lost"] + r["duplicated"] + r["reordered"] for r in results)
        extra = ""
        if scenario == "saturation":
            extra = "  acked/s " + " / ".join(f"{r['acked_per_second']:.0f}" for r in results)
        p99 = " / ".join(f"{r['sendack_latency']['p99']:.1f}" for r in results)
        print(f"  {build:4}  " + " / ".join(f"{c:.1f}" for c in cpu)
              + f"  median {medians[build]:.1f}  SENDACK p99 {p99} ms  lost+dup+reordered {lost}{extra}")
    print(f"  ratio of medians (new / base): {medians['new'] / medians['base']:.2f}x")
