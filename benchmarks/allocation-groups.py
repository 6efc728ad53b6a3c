#!/usr/bin/env python3
"""Allocations per message by where they happen, from a heaptrack flame-graph stack file.

    heaptrack_print -f FILE.zst -F stacks.txt --flamegraph-cost-type allocations
    benchmarks/allocation-groups.py stacks.txt MESSAGES

Each stack is counted under the innermost Jindou frame that names one of the groups below
(msgKey first: it calls the cipher), or under "everything else".
"""
import collections
import re
import sys

GROUPS = [
    ("msgKey (SEND check and RECV)", ["msgKey"]),
    ("SQLite append (GRDB arguments, commit)", ["BatchAppender", "MessageRows", "GroupCommitWriter"]),
    ("AES-CBC of the payload", ["SessionCipherV7encrypt", "SessionCipherV7decrypt"]),
    ("person channel ids", ["PersonChannel"]),
    ("packet decode and encode", ["PacketEncoder", "PacketDecoder", "BodyReader"]),
    ("base64 and hex elsewhere", ["Base64", "Hex"]),
    ("fan-out", ["Delivery", "SessionRegistry"]),
    ("send pipeline and gateway closures", ["SendPipeline", "GatewayConnectionHandler"]),
]


def group_of(stack):
    if "msgkey" in stack.lower():
        return GROUPS[0][0]
    frames = [f for f in stack.split(";") if re.search(r"\$s\d+[Jj]indou", f)]
    for frame in reversed(frames):
        for name, keys in GROUPS[1:]:
            if any(key in frame for key in keys):
                return name
    return "everything else"


def main():
    path, messages = sys.argv[1], int(sys.argv[2])
    counts = collections.Counter()
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        counts[group_of(stack)] += int(count)
    for name, count in counts.most_common():
        print(f"{count / messages:6.1f}  {count:9d}  {name}")
    print(f"{sum(counts.values()) / messages:6.1f}  {sum(counts.values()):9d}  total")


main()
