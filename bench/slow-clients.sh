#!/usr/bin/env bash
# A bounded slow-client (slowloris) test of `blog serve` on 127.0.0.1 (and nowhere else):
#
#   bench/slow-clients.sh [POSTS]        default: 50 notes of ../shared/bench/gen_corpus.py
#
# It serves a generated site, presses CLIENTS slow connections against it (default 10,000,
# bench/slow_clients.py: half stall, half trickle a request head a byte a second, each
# reopened as soon as the server closes it), and while they press, for DURATION seconds
# (default 30), a normal client fetches a page and the stylesheet every 200 ms with curl.
# It prints how many of those fetches succeeded, their p50/p99/max time, what the slow
# clients saw, and the server's peak RSS and threads. It exits non-zero if any fetch failed
# or took longer than BOUND seconds (default 2). Needs: python3, curl.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
posts=${1:-50}
clients=${CLIENTS:-10000}
duration=${DURATION:-30}
bound=${BOUND:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/blog-slow-clients.XXXXXX")
server=
slow=
trap '[ -n "$slow" ] && kill "$slow" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
trap 'echo "slow-clients.sh: failed at line $LINENO" >&2' ERR

for tool in python3 curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install python3 curl)" >&2; exit 1; }
done
# Both sides need a descriptor per connection: the clients CLIENTS, the server its cap.
. "$root/bench/serve-corpus.sh"
serve_generated_corpus
[ "$(ulimit -n)" -gt $((clients + 200)) ] || { echo "need $((clients + 200)) descriptors, have $(ulimit -n)" >&2; exit 1; }
page=$(curl -sf "$base/sitemap.xml" | grep -o "<loc>[^<]*/post/[^<]\+/</loc>" | head -1 | sed "s|<loc>$base||; s|</loc>||")
css=$(curl -sf "$base/" | grep -o 'href="/[^"]*\.css[^"]*"' | head -1 | sed 's/href="//; s/"$//')

python3 "$root/bench/slow_clients.py" "$port" "$clients" "$work/ready" "$work/stop" "$work/slow.json" &
slow=$!
for _ in $(seq 1200); do [ -e "$work/ready" ] && break; kill -0 "$slow"; sleep 0.1; done
[ -e "$work/ready" ] || { echo "the slow clients did not all connect within 120 s" >&2; exit 1; }

threads=0
end=$((SECONDS + duration))
while [ $SECONDS -lt $end ]; do
  for target in "$page" "$css"; do
    curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}\n' "$base$target" >>"$work/fetches" || echo "000 10" >>"$work/fetches"
  done
  t=$(awk '/^Threads/ {print $2}' "/proc/$server/status")
  [ "$t" -gt "$threads" ] && threads=$t
  sleep 0.2
done
touch "$work/stop"
wait "$slow"
slow=
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

read -r fetched ok p50 p99 max < <(sort -k2 -g "$work/fetches" | awk '
  { t[NR] = $2; if ($1 == "200") ok++ }
  END { q = int(NR * 0.99) + 1; if (q > NR) q = NR
        printf "%d %d %.3f %.3f %.3f\n", NR, ok, t[int(NR * 0.5) + 1], t[q], t[NR] }')
read -r opened refused closed open_min open_max < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["opened"], s["refused"], s["closed_by_server"], s["open_min"], s["open_max"])' "$work/slow.json")

echo "blog serve on 127.0.0.1, $posts notes, $clients slow clients for ${duration}s"
echo "  normal client:   $ok of $fetched fetches of $page and $css answered 200"
echo "                   time p50 ${p50}s, p99 ${p99}s, max ${max}s (bound ${bound}s)"
echo "  slow clients:    $opened connections opened, $open_min to $open_max open at once;"
echo "                   $closed closed by the server ($refused of them with a 503)"
echo "  server:          peak RSS $((rss / 1024)) MiB, at most $threads threads"
grep -i "panic" "$work/serve.log" && { echo "the server panicked" >&2; exit 1; }
[ "$ok" = "$fetched" ] && awk -v m="$max" -v b="$bound" 'BEGIN { exit !(m <= b) }'
