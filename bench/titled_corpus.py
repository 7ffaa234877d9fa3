#!/usr/bin/env python3
"""Turn a corpus of gen_corpus.py into one for `blog check`'s snippet pass.

Every fenced block of every note gets a source title `notes/note-NNNNN.EXT:LINE`, and a git
repository (tag v1) is written whose files hold those blocks at those lines, separated by
filler; one block in 50 gets a title 3 lines off, so the search for the right line runs too.
The site's config pins [params.source] to that repository.

    gen_corpus.py /tmp/c --posts 1000 --flavor blog
    bench/titled_corpus.py /tmp/c /tmp/c-upstream
    blog check -s /tmp/c        # prints the moved titles; --fix rewrites them
"""
import os, re, subprocess, sys

EXT = {"go": "go", "rust": "rs", "yaml": "yaml", "bash": "sh", "json": "json"}
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def main(site, upstream):
    files, n = {}, 0
    post_dir = os.path.join(site, "content", "post")
    for name in sorted(os.listdir(post_dir)):
        path = os.path.join(post_dir, name)
        text = open(path, encoding="utf-8").read()
        stem = name[:-3]
        out, last = [], 0
        for m in FENCE.finditer(text):
            lang, code = m.group(1), m.group(2)
            if lang not in EXT:
                continue
            rel = f"notes/{stem}.{EXT[lang]}"
            lines = files.setdefault(rel, [])
            lines += ["// filler"] * 3
            start = len(lines) + 1
            lines += code.rstrip("\n").split("\n")
            n += 1
            shown = start + 3 if n % 50 == 0 else start
            out.append(text[last:m.start()] + f"```{lang}\n{rel}:{shown}\n{code}```")
            last = m.end()
        out.append(text[last:])
        open(path, "w", encoding="utf-8").write("".join(out))
    os.makedirs(upstream, exist_ok=True)
    for rel, lines in files.items():
        os.makedirs(os.path.join(upstream, os.path.dirname(rel)), exist_ok=True)
        open(os.path.join(upstream, rel), "w", encoding="utf-8").write("\n".join(lines) + "\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b")
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "v1"], ["tag", "v1"]):
        subprocess.run(["git", "-C", upstream] + cmd, check=True, env=env)
    with open(os.path.join(site, "config.toml"), "a", encoding="utf-8") as f:
        f.write(f'\n[params.source]\nrepo = "https://example.com/notes"\nref = "v1"\npath = "{os.path.abspath(upstream)}"\n')
    print(f"{n} titled blocks in {len(files)} upstream files")


if __name__ == "__main__":
    main(*sys.argv[1:3])
