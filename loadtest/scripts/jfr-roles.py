#!/usr/bin/env python3
"""Where a server's sampled CPU went, by role of the sampled thread (as loadtest ServerThreads names
them: ingest, processing, compaction, archive, other), Java and native samples together, and the top
inclusive frames of each role. JIT and GC threads are not sampled by JFR: read them from the
harness's server_cpu_cores_by_role.
Only Java samples by default: a native sample is as often a thread blocked in epoll_wait or fsync as
one inflating (--native adds them).
usage: jfr-roles.py recording.jfr [N] [--from SECONDS] [--to SECONDS] [--native]   (seconds after the first sample)"""
import collections, datetime, re, subprocess, sys

args = [a for a in sys.argv[1:]]
def opt(name, default):
    if name in args:
        i = args.index(name); v = float(args[i + 1]); del args[i:i + 2]; return v
    return default
t_from, t_to = opt("--from", None), opt("--to", None)
native = "--native" in args
if native:
    args.remove("--native")
jfr, n = args[0], int(args[1]) if len(args) > 1 else 12

def role(name):
    for prefix, r in (("function-", "ingest"), ("epollEventLoop", "ingest"), ("nioEventLoop", "ingest"),
                      ("journal-sync", "ingest"), ("trigger-Process", "processing"),
                      ("block-compaction", "compaction"), ("archive-compaction", "archive")):
        if name.startswith(prefix):
            return r
    return "other"

out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample" if native else "jdk.ExecutionSample", "--stack-depth", "64",
                      jfr], capture_output=True, text=True).stdout
samples = []
for block in re.split(r"^jdk\.(?:ExecutionSample|NativeMethodSample) \{", out, flags=re.M)[1:]:
    t = re.search(r"startTime = (\d+):(\d+):(\d+)\.(\d+)", block)
    th = re.search(r'sampledThread = "([^"]*)"', block)
    frames = [f for f in re.findall(r"^\s+([\w$.<>]+)\(", block, re.M) if f != "stackTrace"]
    if not (t and th and frames):
        continue
    secs = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + int(t.group(3)) + int(t.group(4)) / 1000
    samples.append((secs, role(th.group(1)), frames))
if not samples:
    sys.exit("no samples")
t0 = min(s[0] for s in samples)
samples = [s for s in samples if (t_from is None or s[0] - t0 >= t_from) and (t_to is None or s[0] - t0 < t_to)]
total = len(samples)
by_role = collections.Counter(s[1] for s in samples)
print(f"{total} samples" + (" (Java and native)" if native else " (Java)"))
for r, c in by_role.most_common():
    print(f"{100.0 * c / total:5.1f}%  {r}")
for r, _ in by_role.most_common():
    incl = collections.Counter()
    for _, rr, frames in samples:
        if rr == r:
            for f in set(frames):
                incl[f] += 1
    print(f"-- {r}: inclusive, % of all samples --")
    for f, c in incl.most_common(n):
        print(f"{100.0 * c / total:5.1f}%  {f}")
