#!/usr/bin/env bash
# Time and memory against input size for the inputs that once grew much faster than they
# (issue 25, item 6): each is built as the only note of a site, at a base size and then
# doubled four times (x1, x2, x4, x8, x16), cold (--ignoreCache, a new output folder).
# Linear growth shows as a time ratio near 2 from one row to the next.
#
#   bench/linear.sh                 # every input
#   bench/linear.sh emphasis links  # some of them
#   BASE=2 bench/linear.sh          # twice the base sizes
#
# Inputs: emphasis (`*a **b ` repeated), links (`[a](<` repeated), goat (an ASCII diagram
# of N lines, up to the diagram cap), mermaid (a flowchart of N edges), brackets (`[`
# repeated), note (an ordinary note: prose, lists, code, a table, N sections).
# Prints one line per run: input, bytes, seconds, peak RSS (MiB), and the ratios to the
# run before. Needs: python3, /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
base=${BASE:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-linear.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build --release --quiet)
blog="$root/target/release/blog"
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(emphasis links brackets goat mermaid note)

# note KIND N: writes the body of a note of that kind and size to stdout.
note() {
  python3 - "$1" "$2" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
if kind == "emphasis":
    body = "*a **b " * n
elif kind == "links":
    body = "[a](<" * n
elif kind == "brackets":
    body = "[" * n
elif kind == "goat":
    rows = ["+----+    +----+   .---.  ", "| a  |--->| b  |--/  c  \\ ", "+----+    +----+  '-----' "]
    body = "```goat\n" + "\n".join(rows[i % 3] for i in range(n)) + "\n```\n"
elif kind == "mermaid":
    body = "```mermaid\nflowchart TD\n" + "\n".join(f"    n{i}[step {i}] --> n{i+1}" for i in range(n)) + "\n```\n"
else:  # an ordinary note
    section = (
        "## Section {i}\n\nThe scheduler keeps *run queues* per processor and **steals** work; "
        "see [the source](https://go.dev/src/runtime/proc.go) and `findRunnable`.\n\n"
        "- one item\n- another item with `code`\n\n"
        "```go\nfunc schedule() {{\n\tgp := findRunnable()\n\texecute(gp, false)\n}}\n```\n\n"
        "| field | meaning |\n| --- | --- |\n| runq | local queue |\n\n"
    )
    body = "".join(section.format(i=i) for i in range(n))
sys.stdout.write("---\ntitle: input\ndate: 2024-01-01\n---\n" + body + "\n")
PY
}

base_size() {
  case $1 in
    emphasis | links | brackets) echo $((12500 * base)) ;;
    goat) echo $((250 * base)) ;;
    mermaid) echo $((25 * base)) ;;
    note) echo $((2000 * base)) ;;
    *) echo "unknown input $1" >&2; exit 2 ;;
  esac
}

printf '%-9s %10s %8s %8s %8s %8s\n' input bytes seconds MiB t-ratio m-ratio
for kind in "${inputs[@]}"; do
  n=$(base_size "$kind")
  prev_t="" prev_m=""
  for step in 1 2 3 4 5; do
    site="$work/$kind-$step"
    mkdir -p "$site/content/post"
    printf 'baseURL = "https://example.org/"\ntitle = "Linear"\n[params.search]\nenable = true\n' >"$site/config.toml"
    note "$kind" "$n" >"$site/content/post/input.md"
    bytes=$(stat -c %s "$site/content/post/input.md")
    /usr/bin/time -f '%e %M' -o "$work/time" "$blog" build -s "$site" --ignoreCache >/dev/null 2>"$work/err" ||
      { echo "$kind x$n: the build failed:" >&2; cat "$work/err" >&2; exit 1; }
    read -r secs kib <"$work/time"
    mib=$((kib / 1024))
    if [ -n "$prev_t" ]; then
      tr=$(python3 -c "print(f'{max($secs, 0.01) / max($prev_t, 0.01):.2f}')")
      mr=$(python3 -c "print(f'{$mib / max($prev_m, 1):.2f}')")
    else
      tr="" mr=""
    fi
    printf '%-9s %10d %8s %8d %8s %8s\n' "$kind" "$bytes" "$secs" "$mib" "$tr" "$mr"
    prev_t=$secs prev_m=$mib
    rm -rf "$site"
    n=$((n * 2))
  done
done
