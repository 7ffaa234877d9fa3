#!/usr/bin/env bash
# Search in the browser, blog against Pagefind on the same notes: the time from a query to
# its first 8 results (title and snippet) and the bytes that first query downloads, measured
# in headless Chromium by the ignored test `search::bench_query_time`.
#
#   bench/search_query.sh [POSTS]      default: 1000
#
# blog builds the generated notes with its own index (in the test, for the port it serves); Hugo builds the same notes and the
# standalone Pagefind CLI (npm package `pagefind`) indexes Hugo's notes, as a Hugo user would
# run it. The test's static server sends files as they are (no gzip), so blog's JSON counts
# at full size; Pagefind's files are gzip inside. Needs: hugo, npm, chromium, python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
n=${1:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-search-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$shared/bench/gen_corpus.py" "$work/blog" --posts "$n" --flavor blog >/dev/null
python3 "$shared/bench/gen_corpus.py" "$work/hugo" --posts "$n" --flavor hugo >/dev/null
(cd "$root" && cargo build --release --quiet)
hugo --quiet -s "$work/hugo" -d "$work/hugo-out" --cacheDir "$work/hugo-cache"
(cd "$work" && npm install --silent --no-audit --no-fund pagefind >/dev/null)
"$work/node_modules/.bin/pagefind" --site "$work/hugo-out" --glob 'post/**/*.html' >/dev/null
cd "$root"
BLOG_BENCH_BLOG="$work/blog" BLOG_BENCH_PAGEFIND="$work/hugo-out" \
  cargo test --release --quiet --test it search::bench_query_time -- --ignored --nocapture
