#!/usr/bin/env python3
"""Asks Hugo which template it picks for which page: the oracle behind tests/lookup/*.txt.

    lookup.py FILE...     rebuilds each scenario with hugo-new (0.168) and Debian's hugo
                          (0.111) and rewrites its "-- expected ... --" sections in place

A scenario names layout files, content files and config; this script builds the tiny site in a
temp dir, where every template prints its own file name, and records what Hugo wrote:

    -- config --          TOML lines added to hugo.toml
    -- layouts --         PATH ROLE, PATH relative to the site (layouts/..., themes/t/layouts/...)
                        ROLE: base  -> prints B(PATH) around {{ block "main" . }}
                              main  -> only {{ define "main" }}T(PATH ...){{ end }}
                              plain -> prints T(PATH ...) (content outside defines: no base)
                              text  -> a plain text line T(PATH) (for XML/JSON formats)
                              sc    -> a shortcode printing S(PATH)
                              hook  -> a render hook printing H(PATH)
                              partial -> a partial printing P(PATH)
                              calls -> like main, then calls each partial of -- calls --
                              inlinep -> I{{ define "partials/f.html" }}P(PATH#partials/f.html){{ end }}
    -- calls --           partial names (as a template passes them) that `calls` templates call
    -- content --         PATH [key=value ...]: front matter (layout, type, tags, outputs, title)
                        and last, body=... to the end of the line (markdown; \\n for new lines)
    -- formats --         FILENAME FORMAT: output file names of custom formats (default:
                        index.html html, index.xml rss, index.json json); a name ending
                        in / is a folder prefix (amp/ amp)

The recorded rows are `OUTPUT FORMAT KIND PATH type=.. layout=.. lang=.. => TEMPLATE [+ BASE]`,
with `<embedded>` for output Hugo made with one of its own templates, and, per page, any
shortcode (S), render hook (H) and partial (P) the page printed. `none` means Hugo wrote no
such file. The Rust tests (tests/lookup.rs) rebuild the same layouts and ask the store.
"""
import os, re, shutil, subprocess, sys, tempfile

HUGOS = [('hugo-new', 'hugo-new'), ('hugo', 'hugo')]
BASE_CONFIG = '''baseURL = "https://example.org/"
title = "T"
disableKinds = ["sitemap", "robotsTXT", "404"]
'''


def parse(path):
    sections, cur = {}, None
    order = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        m = re.match(r'^-- (.+) --$', line)
        if m:
            cur = m.group(1)
            sections[cur] = []
            order.append(cur)
            continue
        if cur is None:
            sections.setdefault('', []).append(line)
            continue
        sections[cur].append(line)
    return sections, order


# Pages print their content, so that shortcodes and render hooks show which templates ran.
CONTENT = '{{ if .IsPage }}C[{{ .Content }}]{{ end }}'


def marker_args():
    return '{{ .Kind }}|{{ .Path }}|{{ .Type }}|{{ .Layout }}|{{ .Lang }}'


def template_text(path, role, calls=()):
    name = path.split('layouts/', 1)[1] if 'layouts/' in path else path
    shown = path
    if role == 'base':
        return 'B(%s)[{{ block "main" . }}{{ end }}]\n' % shown
    if role == 'main':
        return '{{ define "main" }}T(%s|%s)%s{{ end }}\n' % (shown, marker_args(), CONTENT)
    if role in ('plain', 'text'):
        return 'T(%s|%s)%s\n' % (shown, marker_args(), CONTENT)
    if role == 'calls':
        called = ''.join('{{ partial "%s" . }}' % c for c in calls)
        return '{{ define "main" }}T(%s|%s)%s{{ end }}\n' % (shown, marker_args(), called)
    if role == 'inlinep':
        return 'I{{ define "partials/f.html" }}P(%s#partials/f.html){{ end }}\n' % shown
    if role == 'sc':
        return 'S(%s)' % shown
    if role == 'hook':
        return 'H(%s)' % shown
    if role == 'partial':
        return 'P(%s)' % shown
    raise SystemExit('unknown role %s for %s' % (role, name))


def front_matter(kv):
    out = ['---']
    body = ''
    for k, v in kv.items():
        if k == 'body':
            body = v.replace('\\n', '\n')
        elif k in ('tags', 'categories', 'outputs', 'aliases'):
            out.append('%s: [%s]' % (k, ', '.join('"%s"' % x for x in v.split(',') if x)))
        else:
            out.append('%s: "%s"' % (k, v))
    out.append('---')
    return '\n'.join(out) + '\n' + body + '\n'


def build(sc, hugo):
    d = tempfile.mkdtemp(prefix='hugotheme-lookup.')
    try:
        with open(os.path.join(d, 'hugo.toml'), 'w') as f:
            f.write(BASE_CONFIG + '\n'.join(sc.get('config', [])) + '\n')
        for line in sc.get('layouts', []):
            if not line.strip() or line.startswith('#'):
                continue
            path, role = line.split()
            p = os.path.join(d, path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w') as f:
                calls = [c.strip() for c in sc.get('calls', []) if c.strip()]
                f.write(template_text(path, role, calls))
        contents = []
        for line in sc.get('content', []):
            if not line.strip() or line.startswith('#'):
                continue
            body = None
            if ' body=' in line:
                line, body = line.split(' body=', 1)
            parts = line.split(' ', 1)
            path = parts[0]
            kv = dict(re.findall(r'(\w+)=(\S+)', parts[1] if len(parts) > 1 else ''))
            if body is not None:
                kv['body'] = body
            p = os.path.join(d, 'content', path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'w') as f:
                f.write(front_matter(kv))
            contents.append(path)
        r = subprocess.run([hugo, '-s', d, '-d', os.path.join(d, 'public')],
                           capture_output=True, text=True)
        messages = [l for l in (r.stdout + r.stderr).splitlines()
                    if l.startswith(('ERROR', 'WARN', 'Error'))]
        files = {}
        pub = os.path.join(d, 'public')
        for root, _, names in os.walk(pub):
            for n in names:
                full = os.path.join(root, n)
                rel = os.path.relpath(full, pub)
                try:
                    files[rel] = open(full, encoding='utf-8').read()
                except UnicodeDecodeError:
                    pass
        return files, contents, messages, r.returncode
    finally:
        shutil.rmtree(d)


def format_of(rel, formats):
    base = os.path.basename(rel)
    for prefix, fmt in formats.items():
        if prefix.endswith('/') and rel.startswith(prefix):
            return fmt
    if base in formats:
        return formats[base]
    return {'index.html': 'html', 'index.xml': 'rss', 'index.json': 'json'}.get(base)


def rows(files, formats):
    out = []
    for rel in sorted(files):
        fmt = format_of(rel, formats)
        if fmt is None:
            continue
        text = files[rel]
        ts = re.findall(r'T\(([^|)]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^)]*)\)', text)
        bs = re.findall(r'B\(([^)]*)\)', text)
        extra = re.findall(r'([SHP])\(([^)]*)\)', text)
        if ts:
            t, kind, path, typ, layout, lang = ts[0]
            what = t + (' + ' + bs[0] if bs else '')
            page = '%s %s type=%s layout=%s lang=%s' % (kind, path, typ, layout, lang)
        elif bs:
            what, page = 'B-only ' + bs[0], '? ?'
        else:
            what, page = '<embedded>', '? ?'
        line = '%s %s %s => %s' % (rel, fmt, page, what)
        for k, v in extra:
            line += ' %s(%s)' % (k, v)
        out.append(line)
    # Output Hugo made with its own templates prints no page: take it from the page's other
    # outputs in the same folder.
    pages = {}
    for line in out:
        rel, fmt, rest = line.split(' ', 2)
        if not rest.startswith('? ?'):
            pages.setdefault(os.path.dirname(rel), rest.split(' =>')[0])
    fixed = []
    for line in out:
        rel, fmt, rest = line.split(' ', 2)
        if rest.startswith('? ?') and os.path.dirname(rel) in pages:
            rest = pages[os.path.dirname(rel)] + rest[3:]
        fixed.append('%s %s %s' % (rel, fmt, rest))
    return fixed


def main():
    for path in sys.argv[1:]:
        sc, order = parse(path)
        formats = {}
        for line in sc.get('formats', []):
            if line.strip():
                a, b = line.split()
                formats[a] = b
        kept = [s for s in order if not s.startswith('expected')]
        results = {}
        for label, hugo in HUGOS:
            files, contents, messages, rc = build(sc, hugo)
            res = rows(files, formats)
            for c in contents:
                # A regular page with no output at all: Hugo found no template for it.
                if os.path.basename(c).startswith('_index'):
                    continue
                stem = c.rsplit('.', 1)[0]
                if stem.endswith('/index'):
                    stem = stem[:-6]
                if '.' in os.path.basename(stem):
                    continue  # a translation (a.fr.md): its URL depends on the language
                if not any(r.startswith(stem + '/index.html ') for r in res):
                    res.append('%s/index.html html ? ? => none' % stem)
            if rc != 0:
                res.append('FAILED => ' + ' / '.join(m[:300] for m in messages if m.startswith(('ERROR', 'Error'))))
            results[label] = res
        with open(path, 'w', encoding='utf-8') as f:
            for line in sc.get('', []):
                f.write(line + '\n')
            for s in kept:
                f.write('-- %s --\n' % s)
                for line in sc[s]:
                    f.write(line + '\n')
            f.write('-- expected hugo-new --\n')
            for r in results['hugo-new']:
                f.write(r + '\n')
            new_by_file = {r.split(' ', 1)[0]: r.split('=>', 1)[-1].strip() for r in results['hugo-new']}
            diffs = []
            for r in results['hugo']:
                key = r.split(' ', 1)[0]
                what = r.split('=>', 1)[-1].strip()
                if new_by_file.get(key) != what:
                    diffs.append('%s => %s' % (key, what))
            for key in new_by_file:
                if not any(r.split(' ', 1)[0] == key for r in results['hugo']):
                    diffs.append('%s => none' % key)
            f.write('-- expected hugo 0.111, where it differs --\n')
            for r in diffs:
                f.write(r + '\n')
        print(path, len(results['hugo-new']), 'rows,', len(diffs), 'differ in 0.111')


if __name__ == '__main__':
    main()
