#!/usr/bin/env python3
"""Where a server's CPU went, native code and the kernel included (JFR sees Java frames only):
the samples of a `perf record` by thread group, and one group's by library and by symbol.
usage: perf-threads.py perf.data [GROUP] [N]   (GROUP: a thread name without its number, e.g. function, trigger-Process)
Record with the server JVM given -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit
(Java frames get names from /tmp/perf-PID.map, written when the server exits):
  perf record -e cpu-clock -F 999 -g -p PID -o perf.data -- sleep 15"""
import collections,re,subprocess,sys
data=sys.argv[1]; group=sys.argv[2] if len(sys.argv)>2 else "function"; n=int(sys.argv[3]) if len(sys.argv)>3 else 15
out=subprocess.run(["perf","report","-i",data,"--no-children","--sort","comm,dso,sym","-n","--stdio","-g","none"],
                   capture_output=True,text=True).stdout
groups=collections.Counter(); libs=collections.Counter(); syms=collections.Counter(); total=0
for line in out.splitlines():
    m=re.match(r"\s*[\d.]+%\s+(\d+)\s+(\S+(?: \S+)?)\s{2,}(.+?)\s{2,}\[.\]\s+(.*)",line)
    if not m: continue
    count,comm,dso,sym=int(m.group(1)),m.group(2),m.group(3),m.group(4)
    name=re.sub(r"[-#]\d+$","",comm.strip())
    lib="Java (JIT)" if "[JIT]" in dso else dso.split(".so")[0]
    groups[name]+=count; total+=count
    if name==group:
        libs[lib]+=count; syms[re.sub(r"\(.*","",sym)[-90:]]+=count
print(total,"samples")
for g,c in groups.most_common(12): print(f"{100*c/total:5.1f}% {g}")
print(f"-- {group}: by library --")
for l,c in libs.most_common(8): print(f"{100*c/max(1,groups[group]):5.1f}% {l}")
print(f"-- {group}: by symbol --")
for s,c in syms.most_common(n): print(f"{100*c/max(1,groups[group]):5.1f}% {s}")
