#!/usr/bin/env python3
"""Records which layout and base template Hugo used for every HTML page of a real theme site:
the oracle behind tests/themes/*.txt.

    themes.py SITE_DIR OUT_TABLE [HUGO]

Copies the site to a temp dir, puts a visible marker into every page layout of the site and
its themes (at the top of a template, or inside its first `define` when the template fills a
base) and into every base template, builds with HUGO (default hugo-new), and writes one row
per HTML page:  OUTPUT kind=.. path=.. section=.. type=.. layout=.. lang=.. => TEMPLATE [+ BASE]
"""
import os, re, shutil, subprocess, sys, tempfile

SKIP = ('partials', '_partials', 'shortcodes', '_shortcodes', '_markup', '_internal')
ARGS = '{{ .Kind }}|{{ .Path }}|{{ .Section }}|{{ .Type }}|{{ .Layout }}|{{ .Lang }}'
DEFINES = re.compile(r'\{\{-?\s*define\s+"[^"]+"\s*-?\}\}')
DEFINE = re.compile(r'^(\s*(\{\{-?\s*/\*.*?\*/\s*-?\}\}\s*)*)(\{\{-?\s*define\s+"[^"]+"\s*-?\}\})', re.S)


def instrument(layouts, label):
    for root, _, names in os.walk(layouts):
        rel_root = os.path.relpath(root, layouts)
        parts = [] if rel_root == '.' else rel_root.split(os.sep)
        if any(p in SKIP or '_markup' in p for p in parts):
            continue
        for n in names:
            if not n.endswith('.html'):
                continue
            p = os.path.join(root, n)
            rel = os.path.relpath(p, layouts)
            shown = '%s/%s' % (label, rel)
            text = open(p, encoding='utf-8').read()
            if 'baseof' in n:
                text = 'BASE[%s]' % shown + text
            else:
                marker = 'TPL[%s|%s]' % (shown, ARGS)
                if DEFINE.match(text):
                    # Every definition, as the one the base calls is not always the first.
                    text = DEFINES.sub(lambda m: m.group(0) + marker, text)
                else:
                    text = marker + text
            open(p, 'w', encoding='utf-8').write(text)


def main():
    site, out = sys.argv[1], sys.argv[2]
    hugo = sys.argv[3] if len(sys.argv) > 3 else 'hugo-new'
    d = tempfile.mkdtemp(prefix='hugotheme-themes.')
    try:
        work = os.path.join(d, 'site')
        shutil.copytree(site, work)
        subprocess.run(['chmod', '-R', 'u+w', work])
        if os.path.isdir(os.path.join(work, 'layouts')):
            instrument(os.path.join(work, 'layouts'), 'layouts')
        themes = os.path.join(work, 'themes')
        for t in sorted(os.listdir(themes)) if os.path.isdir(themes) else []:
            if os.path.isdir(os.path.join(themes, t, 'layouts')):
                instrument(os.path.join(themes, t, 'layouts'), 'themes/%s/layouts' % t)
        subprocess.run(['git', 'init', '-q'], cwd=work)
        subprocess.run(['git', 'add', '-A'], cwd=work)
        subprocess.run(['git', '-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-qm', 'x'], cwd=work)
        pub = os.path.join(d, 'public')
        r = subprocess.run([hugo, '-s', work, '-d', pub, '--quiet'], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stderr[-2000:])
        rows, missing = [], []
        for root, _, names in os.walk(pub):
            for n in names:
                if not n.endswith('.html'):
                    continue
                rel = os.path.relpath(os.path.join(root, n), pub)
                text = open(os.path.join(root, n), encoding='utf-8', errors='replace').read()
                t = re.search(r'TPL\[([^|\]]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|([^\]]*)\]', text)
                b = re.search(r'BASE\[([^\]]*)\]', text)
                if not t:
                    missing.append(rel)
                    continue
                tpl, kind, path, section, typ, layout, lang = t.groups()
                # The first marker after the base's is the layout's.
                what = tpl + (' + ' + b.group(1) if b and text.index(b.group(0)) < text.index(t.group(0)) else '')
                rows.append('%s kind=%s path=%s section=%s type=%s layout=%s lang=%s => %s' % (
                    rel, kind, path, section, typ, layout, lang, what))
        with open(out, 'w', encoding='utf-8') as f:
            f.write('# %s built by %s: the layout (and base) of each HTML page. Made by oracle/themes.py.\n'
                    % (os.path.basename(site.rstrip('/')), hugo))
            for row in sorted(rows):
                f.write(row + '\n')
        print(out, len(rows), 'rows;', len(missing), 'HTML files without a marker:', ' '.join(sorted(missing)[:8]))
    finally:
        shutil.rmtree(d)


if __name__ == '__main__':
    main()
