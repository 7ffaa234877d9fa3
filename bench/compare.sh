#!/usr/bin/env bash
# Side-by-side benchmark of `blog build` against Hugo on the shared corpus of code-heavy notes.
#
#   bench/compare.sh [POSTS...]        default: 1000
#   RICH=1 bench/compare.sh [POSTS...] the --rich corpus: a third of the notes also carry
#                                      shortcodes, a formula, a mermaid diagram and an alert
#
# For each size it generates the same notes for both tools (../shared/bench/gen_corpus.py),
# then runs, alternating round by round (RUNS rounds, default 5), with hyperfine:
#   hugo        Debian's hugo, into a new output folder each run
#   blog-cold   a new, empty highlight cache and a new output folder each run
#   blog-warm   cache kept, output kept, nothing changed
# Every run writes into a folder that never existed (nothing is deleted until the end) and
# starts after `sync`: on ext4, creating thousands of files just after deleting thousands
# made file creation several times slower, for both tools, and swamped the comparison.
# It prints the medians, the ratios to Hugo, and the peak memory (max RSS, /usr/bin/time -f %M,
# median of 3 runs). Needs: hyperfine, hugo, /usr/bin/time (Debian packages of those names).
#
# Search (SEARCH=1, the default; SEARCH=0 skips it): the standalone Pagefind CLI (npm package
# `pagefind`, installed into the work folder with npm) indexes Hugo's output of the notes, as
# a Hugo user would run it, and the script reports the budgets of issue 12 as ratios:
#   hugo+pagefind   Hugo's cold build followed by `pagefind --site`
#   blog-edit       a warm build after appending a line to one note
#   blog-nosearch   a cold build with `[params.search] enable = false`
# with the index size and the bytes each engine's first query for `replicaset` downloads.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
runs=${RUNS:-5}
sizes=("${@:-1000}")
rich=()
[ "${RICH:-0}" = 1 ] && rich=(--rich)
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

for tool in hyperfine hugo /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install hyperfine hugo time)" >&2; exit 1; }
done
(cd "$root" && cargo build --release --quiet)
blog="$root/target/release/blog"

peak_kib() { # median max RSS of three runs of a command, in KiB
  for _ in 1 2 3; do
    eval "$2" >/dev/null 2>&1 || true
    /usr/bin/time -f %M -o "$work/rss" bash -c "$1" >/dev/null 2>&1
    cat "$work/rss"
  done | sort -n | sed -n 2p
}

printf '%-7s %-10s %10s %10s %12s %10s\n' posts tool median_s ratio peak_MiB rss_ratio
for n in "${sizes[@]}"; do
  d="$work/$n"
  python3 "$shared/bench/gen_corpus.py" "$d/blog" --posts "$n" --flavor blog "${rich[@]}" >/dev/null
  python3 "$shared/bench/gen_corpus.py" "$d/hugo" --posts "$n" --flavor hugo "${rich[@]}" >/dev/null
  mkdir -p "$d/runs"
  fresh="r=\$(mktemp -d -p $d/runs) &&"
  hugo_cmd="$fresh hugo --quiet -s $d/hugo -d \$r/out --cacheDir \$r/cache"
  cold_cmd="$fresh $blog build -s $d/blog -d \$r/out --cacheDir \$r/cache"
  warm_cmd="$blog build -s $d/blog -d $d/warm-out --cacheDir $d/warm-cache"
  $warm_cmd >/dev/null  # fill the warm cache and output once
  # Rounds of one run each, alternating the three, so drift on the machine hits all alike.
  hf() { hyperfine --style none --runs 1 --export-json "$1" \
    --prepare sync -n hugo "$hugo_cmd" -n blog-cold "$cold_cmd" -n blog-warm "$warm_cmd" >/dev/null; }
  hf "$d/warmup.json"
  for r in $(seq "$runs"); do hf "$d/round-$r.json"; done
  hugo_rss=$(peak_kib "$hugo_cmd" sync)
  cold_rss=$(peak_kib "$cold_cmd" sync)
  warm_rss=$(peak_kib "$warm_cmd" sync)
  python3 - "$d" "$n" "$hugo_rss" "$cold_rss" "$warm_rss" <<'PY'
import glob, json, statistics, sys
runs = {}
for f in glob.glob(f"{sys.argv[1]}/round-*.json"):
    for r in json.load(open(f))["results"]:
        runs.setdefault(r["command"], []).extend(r["times"])
times = {cmd: statistics.median(t) for cmd, t in runs.items()}
n, rss = sys.argv[2], dict(zip(["hugo", "blog-cold", "blog-warm"], map(int, sys.argv[3:6])))
for tool in ["hugo", "blog-cold", "blog-warm"]:
    print(f"{n:<7} {tool:<10} {times[tool]:10.3f} {times[tool] / times['hugo']:9.3f}x {rss[tool] / 1024:12.1f} {rss[tool] / rss['hugo']:9.3f}x")
PY
done
if [ "${SEARCH:-1}" = 1 ]; then
  command -v npm >/dev/null || { echo "missing npm (for the pagefind CLI)" >&2; exit 1; }
  (cd "$work" && npm install --silent --no-audit --no-fund pagefind >/dev/null)
  pagefind="$work/node_modules/.bin/pagefind"
  for n in "${sizes[@]}"; do
    d="$work/$n"
    cp -r "$d/blog" "$d/nosearch"
    printf '\n[params.search]\nenable = false\n' >>"$d/nosearch/config.toml"
    note=$(find "$d/blog/content" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
    pf_cmd="$fresh hugo --quiet -s $d/hugo -d \$r/out --cacheDir \$r/cache && $pagefind --site \$r/out --glob 'post/**/*.html' >/dev/null"
    edit_cmd="echo 'edited line' >> $note && $blog build -s $d/blog -d $d/warm-out --cacheDir $d/warm-cache"
    nos_cmd="$fresh $blog build -s $d/nosearch -d \$r/out --cacheDir \$r/cache"
    sf() { hyperfine --style none --runs 1 --export-json "$1" --prepare sync \
      -n hugo "$hugo_cmd" -n hugo+pagefind "$pf_cmd" -n blog-cold "$cold_cmd" \
      -n blog-warm "$warm_cmd" -n blog-edit "$edit_cmd" -n blog-nosearch "$nos_cmd" >/dev/null; }
    for r in $(seq "$runs"); do sf "$d/search-$r.json"; done
    pf_rss=$(peak_kib "$pf_cmd" sync)
    cold_rss=$(peak_kib "$cold_cmd" sync)
    r=$(mktemp -d -p "$d/runs"); hugo --quiet -s "$d/hugo" -d "$r/out" --cacheDir "$r/cache"
    /usr/bin/time -f %M -o "$work/pf-only" "$pagefind" --site "$r/out" --glob 'post/**/*.html' >/dev/null
    python3 - "$d" "$n" "$pf_rss" "$cold_rss" "$r/out/pagefind" "$d/warm-out/search" "$(cat "$work/pf-only")" <<'PY'
import glob, gzip, json, os, statistics, sys
d, n, pf_rss, cold_rss, pf_dir, blog_dir, pf_only_rss = sys.argv[1:8]
runs = {}
for f in glob.glob(f"{d}/search-*.json"):
    for r in json.load(open(f))["results"]:
        runs.setdefault(r["command"], []).extend(r["times"])
t = {cmd: statistics.median(v) for cmd, v in runs.items()}
def size(root):
    return sum(os.path.getsize(os.path.join(a, f)) for a, _, fs in os.walk(root) for f in fs)
def gz(path):
    return len(gzip.compress(open(path, "rb").read()))
# blog's first query for `replicaset`: index.json, the chunk holding the term, the fragments
# of the 8 results shown (raw and gzip, as a static host sends JSON).
idx = json.load(open(f"{blog_dir}/index.json"))
first = max(i for i, c in enumerate(idx["chunks"]) if c <= "replicaset")
chunk = json.load(open(f"{blog_dir}/c/{first}.json"))
def posting_notes(l):  # src/search/mod.rs: note step, section, or -1 - section and weight
    i, note, out = 0, 0, set()
    while i < len(l):
        note += l[i]; out.add(note); i += 3 if l[i + 1] < 0 else 2
    return out
notes = sorted(posting_notes(chunk.get("replicaset", [])))[:8]
files = [f"{blog_dir}/index.json", f"{blog_dir}/c/{first}.json"] + [f"{blog_dir}/f/{i}.json" for i in notes]
blog_q = sum(os.path.getsize(f) for f in files), sum(gz(f) for f in files)
# Pagefind's first query: its JS and wasm, the entry, the meta, one index chunk, 8 fragments
# (already gzip-compressed files; sizes as stored).
pf = lambda pat: sorted(glob.glob(f"{pf_dir}/{pat}"), key=os.path.getsize)
pf_files = pf("pagefind.js") + pf("wasm.*.pagefind")[:1] + pf("pagefind-entry.json") + pf("pagefind.*.pf_meta")[:1] + pf("index/*.pf_index")[-1:] + pf("fragment/*.pf_fragment")[:8]
pf_q = sum(os.path.getsize(f) for f in pf_files)
h = t["hugo"]
print(f"\nsearch budgets, {n} notes (median wall s, ratio; budget in brackets)")
print(f"  warm build, nothing changed   {t['blog-warm']:.3f}  {t['blog-warm'] / h:.3f}x of hugo  [search adds <= 0.05x]")
print(f"  warm build, one note edited   {t['blog-edit']:.3f}  {t['blog-edit'] / h:.3f}x of hugo  [<= 0.10x more than warm]")
print(f"  cold build with search        {t['blog-cold']:.3f}  {t['blog-cold'] / t['hugo+pagefind']:.3f}x of hugo+pagefind {t['hugo+pagefind']:.3f}  [<= 0.5x]")
print(f"  cold build without search     {t['blog-nosearch']:.3f}  {t['blog-nosearch'] / h:.3f}x of hugo  [<= 0.30x]")
print(f"  peak memory, cold with search {int(cold_rss) / 1024:.0f} MiB  {int(cold_rss) / int(pf_rss):.3f}x of hugo+pagefind {int(pf_rss) / 1024:.0f} MiB  [<= 0.5x]")
print(f"  pagefind alone: {t['hugo+pagefind'] - h:.3f} s, {int(pf_only_rss) / 1024:.0f} MiB peak")
print(f"  index size: blog {size(blog_dir) / 1e6:.1f} MB, pagefind {size(pf_dir) / 1e6:.1f} MB")
print(f"  first query 'replicaset' downloads: blog {blog_q[0] / 1e3:.0f} kB ({blog_q[1] / 1e3:.0f} kB gzip), pagefind {pf_q / 1e3:.0f} kB")
PY
  done
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(hugo version | cut -d' ' -f1-2)"
