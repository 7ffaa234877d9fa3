#!/usr/bin/env bash
# How long formulas and diagrams take to render: a site with one page of 100 display formulas
# and one of 20 mermaid diagrams (sequence, flowchart, class, state), against the same site
# with those two pages as plain prose, each built cold (a new, empty cache) and cached.
#
#   RUNS=3 bench/rich_blocks.sh
#
# The difference between the rich and the plain site is what the formulas and diagrams cost.
# Needs: hyperfine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-rich.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build --release --quiet)
blog="$root/target/release/blog"

site() { # site DIR RICH(0|1)
  mkdir -p "$1/content/post"
  printf 'baseURL = "https://example.org/"\ntitle = "Rich blocks"\n' >"$1/config.toml"
  python3 - "$1" "$2" <<'PY'
import sys
out, rich = sys.argv[1], sys.argv[2] == "1"
kinds = [
    "sequenceDiagram\n    participant W as worker{i}\n    participant A as apiserver\n"
    "    W->>A: list pods\n    A-->>W: pods\n    W->>A: update status {i}",
    "flowchart TD\n    A{i}[Reconcile] --> B{{Synced?}}\n    B -->|yes| C[syncReplicaSet]\n    B -->|no| D[requeue]",
    "classDiagram\n    class Controller{i} {{\n        +Run(workers int)\n    }}\n    Controller{i} --> Queue : uses",
    "stateDiagram-v2\n    [*] --> Pending{i}\n    Pending{i} --> Running : scheduled\n    Running --> [*]",
]
formulas, diagrams = [], []
for i in range(100):
    latex = f"T_{{{i}}}(n) = \\min\\left(T_{{max}},\\ T_0 \\cdot 2^{{n}}\\right) + \\sum_{{k=1}}^{{{i + 1}}} \\frac{{k}}{{2}}"
    formulas.append(f"$$\n{latex}\n$$" if rich else f"Formula {i} as prose.")
for i in range(20):
    src = kinds[i % 4].format(i=i)
    diagrams.append(f"```mermaid\n{src}\n```" if rich else f"Diagram {i} as prose.")
for name, blocks in [("formulas", formulas), ("diagrams", diagrams)]:
    with open(f"{out}/content/post/{name}.md", "w") as f:
        f.write(f"---\ntitle: {name}\nmath: true\n---\n\n" + "\n\n".join(blocks) + "\n")
PY
}
site "$work/rich" 1
site "$work/plain" 0
mkdir -p "$work/runs"
for s in rich plain; do
  "$blog" build -s "$work/$s" -d "$work/$s-out" --cacheDir "$work/$s-cache" >/dev/null
done
fresh="r=\$(mktemp -d -p $work/runs) &&"
hyperfine --style basic --runs "$runs" --warmup 1 \
  -n rich-cold "$fresh $blog build -s $work/rich -d \$r/out --cacheDir \$r/cache" \
  -n plain-cold "$fresh $blog build -s $work/plain -d \$r/out --cacheDir \$r/cache" \
  -n rich-cached "$fresh $blog build -s $work/rich -d \$r/out --cacheDir $work/rich-cache" \
  -n plain-cached "$fresh $blog build -s $work/plain -d \$r/out --cacheDir $work/plain-cache"
grep -o '<math' "$work/rich-out/post/formulas/index.html" | wc -l | sed 's/^/formulas page: formulas: /'
grep -o '<figure class="diagram' "$work/rich-out/post/diagrams/index.html" | wc -l | sed 's/^/diagrams page: figures: /'
