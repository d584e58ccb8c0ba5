#!/usr/bin/env python3
"""Summarises CPU samples of a JFR recording: top self frames and top inclusive frames.
usage: jfr-top.py recording.jfr [N]"""
import collections, re, subprocess, sys

jfr, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr],
                     capture_output=True, text=True).stdout
self_counts, incl_counts, total = collections.Counter(), collections.Counter(), 0
for block in out.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", block, re.M)
    frames = [f for f in frames if f != "stackTrace"]
    if not frames:
        continue
    total += 1
    self_counts[frames[0]] += 1
    for f in set(frames):
        incl_counts[f] += 1
print(f"{total} samples")
print("-- self --")
for f, c in self_counts.most_common(n):
    print(f"{100.0*c/total:5.1f}%  {f}")
print("-- inclusive --")
for f, c in incl_counts.most_common(n * 2):
    print(f"{100.0*c/total:5.1f}%  {f}")
