#!/usr/bin/env bash
# A bounded load test of `blog serve` on 127.0.0.1 (and nowhere else):
#
#   bench/serve-load.sh [POSTS]          default: 200 notes of ../shared/bench/gen_corpus.py
#
# It serves a generated site, opens CLIENTS live-reload streams at once (default 500,
# bench/sse_clients.py), then for DURATION seconds (default 20) runs wrk against pages and
# assets (THREADS x CONNECTIONS, default 2 x 64) while a note is saved SAVES times
# (default 100, every 150 ms). It prints requests per second, p50/p99 latency, wrk's errors,
# the server's peak RSS (VmHWM), how many edits were rebuilt, and whether every stream
# ended on the server's newest generation. It exits non-zero on any error or a client left
# behind. Needs: wrk, python3, curl.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
posts=${1:-200}
clients=${CLIENTS:-500}
duration=${DURATION:-20}
saves=${SAVES:-100}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-serve-load.XXXXXX")
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
trap 'echo "serve-load.sh: failed at line $LINENO" >&2' ERR

for tool in wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk python3 curl)" >&2; exit 1; }
done
. "$root/bench/serve-corpus.sh"
serve_generated_corpus

# Pages and assets to request: every page the sitemap lists, and the theme's files.
curl -sf "$base/sitemap.xml" | grep -o "<loc>[^<]*</loc>" | sed "s|<loc>http://127.0.0.1:$port||; s|</loc>||" >"$work/paths"
curl -sf "$base/" | grep -o '\(href\|src\)="/[^"]*\.\(css\|js\|png\|svg\|woff2\)"' | sed 's/.*="//; s/"$//' | sort -u >>"$work/paths"
{
  echo 'local paths = {}'
  while read -r p; do echo "table.insert(paths, \"$p\")"; done <"$work/paths"
  echo 'local i = 0'
  echo 'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end'
} >"$work/paths.lua"

python3 "$root/bench/sse_clients.py" "$port" "$clients" "$work/ready" "$work/stop" "$work/clients.json" &
sse=$!
for _ in $(seq 600); do [ -e "$work/ready" ] && break; sleep 0.1; done

note=$(find "$work/site/content" -name '*.md' ! -name '_index.md' | sort | head -1)
(
  for i in $(seq "$saves"); do
    printf '\nEdit %s under load.\n' "$i" >>"$note"
    sleep 0.15
  done
) &
saver=$!
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/paths.lua" "$base/" >"$work/wrk.txt"
wait "$saver"
sleep 2
final=$(curl -s -N --max-time 1 "$base/__blog/events" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p' | head -1 || true)
touch "$work/stop"
wait "$sse"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
wrk_errors=$(grep -E "Socket errors|Non-2xx" "$work/wrk.txt" || true)
rebuilt=$(grep -c "rebuilt in" "$work/serve.log" || true)
summary=$(python3 - "$work/clients.json" "$final" <<'PY'
import json, sys
clients = json.load(open(sys.argv[1]))
final = int(sys.argv[2])
ok = [c for c in clients if c["status"] == "HTTP/1.1 200 OK"]
current = [c for c in ok if c["generation"] == final and not c["closed"]]
reloads = sorted(c["reloads"] for c in ok)
print(f"{len(ok)} {len(current)} {reloads[0] if reloads else 0} {reloads[len(reloads)//2] if reloads else 0}")
PY
)
read -r streams_ok streams_current min_reloads median_reloads <<<"$summary"

echo "blog serve on 127.0.0.1, $posts notes, $clients live-reload streams, $saves saves"
echo "wrk -t$threads -c$connections -d${duration}s over $(wc -l <"$work/paths") pages and assets:"
echo "  requests:        $total ($rps/s)"
echo "  latency:         p50 $p50, p99 $p99"
echo "  wrk errors:      ${wrk_errors:-none}"
echo "  server peak RSS: $((rss / 1024)) MiB"
echo "  rebuilds:        $rebuilt for $saves saves (a burst within 60 ms is one rebuild)"
echo "  streams:         $streams_ok of $clients open; $streams_current on the newest generation ($final);"
echo "                   reloads per stream: min $min_reloads, median $median_reloads"
grep -i "error\|panic" "$work/serve.log" && { echo "the server reported errors" >&2; exit 1; }
[ -z "$wrk_errors" ] && [ "$streams_ok" = "$clients" ] && [ "$streams_current" = "$clients" ]
