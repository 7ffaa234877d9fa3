#!/usr/bin/env python3
"""Asks Hugo what template expressions evaluate to: the oracle behind tests/cases/*.txt.

    ev.py FILE    one template expression per line -> "expr => %T value" or "expr => ERR msg"

Each expression runs under `try` in the home template of a tiny site built by run.sh (with
hugo-new, the newest Hugo, unless HUGO says otherwise; see run.sh for the other settings).
"""
import os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
lines = [l.rstrip('\n') for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
template = ''.join(
    '@@%d@@{{ with try (%s) }}{{ with .Err }}ERR {{ . }}{{ else }}{{ printf "%%T" .Value }} {{ .Value }}{{ end }}{{ end }}@@END@@\n' % (i, l)
    for i, l in enumerate(lines))
with tempfile.NamedTemporaryFile('w', suffix='.html', delete=False) as f:
    f.write(template)
try:
    args = [os.path.join(here, 'run.sh'), f.name] + ([os.environ['HUGO']] if 'HUGO' in os.environ else [])
    out = subprocess.run(args, capture_output=True, text=True).stdout
finally:
    os.unlink(f.name)
results = {}
for m in re.finditer(r'@@(\d+)@@(.*?)@@END@@', out, re.S):
    results[int(m.group(1))] = re.sub(r'^ERR .*?error calling [^:]+: ', 'ERR ', m.group(2))
if not results:
    print(out)
for i, l in enumerate(lines):
    print(l, '=>', results.get(i, '??'))
