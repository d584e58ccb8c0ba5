#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording whose stack holds a frame: self and inclusive frames below it.
usage: jfr-under.py recording.jfr FRAME [N]   (FRAME as jfr prints it, e.g. io.tributary.ingest.IngestService.ingest)"""
import collections,re,subprocess,sys
jfr,root=sys.argv[1],sys.argv[2]; n=int(sys.argv[3]) if len(sys.argv)>3 else 30
out=subprocess.run(["jfr","print","--events","jdk.ExecutionSample","--stack-depth","96",jfr],capture_output=True,text=True).stdout
selfc=collections.Counter(); incl=collections.Counter(); tot=0
for block in out.split("jdk.ExecutionSample")[1:]:
    frames=re.findall(r"^\s+([\w$.<>]+)\(",block,re.M)
    frames=[f for f in frames if f!="stackTrace"]
    if root not in frames: continue
    tot+=1; selfc[frames[0]]+=1
    for f in set(frames[:frames.index(root)+1]): incl[f]+=1
print(tot,"samples under",root)
for f,c in selfc.most_common(n): print(f"{100*c/tot:5.1f}% {f}")
print("-- inclusive --")
for f,c in incl.most_common(n): print(f"{100*c/tot:5.1f}% {f}")
