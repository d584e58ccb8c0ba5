#!/usr/bin/env python3
"""Drain's grouping accuracy on the sixteen Loghub 2k sets, run here rather than quoted from its paper
(docs/patterns.md, "Drain's figures, run here"). It runs logpai/logparser's own Drain.py, its tree
search, matching and template merge unchanged, with the settings of logparser's
logparser/Drain/benchmark.py (tuned per set by Drain's authors), and scores it as logparser's
evaluator does (grouping accuracy: a line counts when its group is exactly its ground-truth group).
Only pandas is replaced (log loading and output, by plain Python), so it needs no package.
usage: drain-reference.py LOGPARSER_CHECKOUT [DATA_DIR]
  LOGPARSER_CHECKOUT  a clone of github.com/logpai/logparser (checked at db27223)
  DATA_DIR            default LOGPARSER_CHECKOUT/data/loghub_2k"""
import ast, csv, hashlib, importlib.util, os, re, sys, types
from collections import Counter, defaultdict

if len(sys.argv) < 2:
    sys.exit(__doc__)
sys.modules['regex'] = re
pd = types.ModuleType('pandas'); sys.modules['pandas'] = pd
spec = importlib.util.spec_from_file_location('Drain', os.path.join(sys.argv[1], 'logparser', 'Drain', 'Drain.py'))
D = importlib.util.module_from_spec(spec); spec.loader.exec_module(D)
bench = open(os.path.join(sys.argv[1], 'logparser', 'Drain', 'benchmark.py')).read()
settings = ast.literal_eval(bench[bench.index('benchmark_settings = {') + len('benchmark_settings = '):bench.index('bechmark_result')].strip())

def fmt_regex(logformat):
    headers = []; splitters = re.split(r'(<[^<>]+>)', logformat); rx = ''
    for k, s in enumerate(splitters):
        if k % 2 == 0: rx += re.sub(' +', lambda m: r'\s+', s)
        else:
            h = s.strip('<').strip('>'); rx += '(?P<%s>.*?)' % h; headers.append(h)
    return headers, re.compile('^' + rx + '$')

def run(indir, name, st):
    p = D.LogParser(log_format=st['log_format'], indir=indir, outdir=None, rex=st['regex'], depth=st['depth'], st=st['st'])
    headers, rx = fmt_regex(st['log_format'])
    contents = []
    with open(os.path.join(indir, name)) as f:
        for line in f.readlines():
            m = rx.search(line.strip())
            if m is None: print('skip', line); continue
            contents.append(m.group('Content'))
    root = D.Node(); clusters = []
    for i, c in enumerate(contents, 1):
        seq = p.preprocess(c).strip().split()
        mc = p.treeSearch(root, seq)
        if mc is None:
            nc = D.Logcluster(logTemplate=seq, logIDL=[i]); clusters.append(nc); p.addSeqToPrefixTree(root, nc)
        else:
            t = p.getTemplate(seq, mc.logTemplate); mc.logIDL.append(i)
            if ' '.join(t) != ' '.join(mc.logTemplate): mc.logTemplate = t
    ids = [None] * len(contents)
    for cl in clusters:
        tid = hashlib.md5(' '.join(cl.logTemplate).encode()).hexdigest()[:8]
        for i in cl.logIDL: ids[i - 1] = tid
    return ids

def accuracy(truth, parsed):
    keep = [i for i, t in enumerate(truth) if t not in (None, '')]
    truth = [truth[i] for i in keep]; parsed = [parsed[i] for i in keep]
    tsize = Counter(truth); groups = defaultdict(list)
    for t, p in zip(truth, parsed): groups[p].append(t)
    ok = 0
    for p, ts in groups.items():
        c = Counter(ts)
        if len(c) == 1 and tsize[ts[0]] == len(ts): ok += len(ts)
    return ok, len(truth)

root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(sys.argv[1], 'data', 'loghub_2k')
suffix = '_structured.csv'
for ds, st in settings.items():
    indir = os.path.join(root, os.path.dirname(st['log_file'])); name = os.path.basename(st['log_file'])
    gt = os.path.join(indir, name + suffix)
    if not os.path.exists(gt): print(ds, 'missing'); continue
    ids = run(indir, name, st)
    with open(gt, newline='') as f: truth = [r['EventId'] for r in csv.DictReader(f)]
    ok, n = accuracy(truth, ids)
    print('%-12s %5d / %5d = %.4f' % (ds, ok, n, ok / n))
