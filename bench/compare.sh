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
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(hugo version | cut -d' ' -f1-2)"
