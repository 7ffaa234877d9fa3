#!/usr/bin/env bash
# Renders the example page with gotemplate and with Go, in text and html mode, and prints each
# median time per page and gotemplate's time as a fraction of Go's (below 1: faster than Go).
# The four programs take turns, three times, and each figure is the median of its three
# medians, so that a burst of load on a shared machine skews no single one.
#   crates/gotemplate/examples/page/compare.sh [RUNS]   (RUNS renders a round, 1,000 by default)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-1000}
(cd ../../../.. && cargo build --release -q -p gotemplate --example render_page)
rust=../../../../target/release/examples/render_page
(cd go && go build -o ../../../../../target/release/examples/render_page_go .)
go_bin=../../../../target/release/examples/render_page_go
ns() { sed -n 's/.*: \([0-9]*\) ns per page$/\1/p'; }
declare -A times=()
for _ in 1 2 3; do
  for mode in text html; do
    times[rust_$mode]+="$("$rust" "$mode" "$runs" | ns) "
    times[go_$mode]+="$( (cd go && "../$go_bin" "$mode" "$runs") | ns) "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | sed -n 2p; }
for mode in text html; do
  r=$(echo "${times[rust_$mode]}" | median)
  g=$(echo "${times[go_$mode]}" | median)
  awk -v m="$mode" -v r="$r" -v g="$g" 'BEGIN {
    printf "%s: gotemplate %.1f us, Go %.1f us per page: %.2f of Go'"'"'s time\n", m, r / 1000, g / 1000, r / g }'
done
