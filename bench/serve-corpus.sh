# Sourced by the serve benchmarks (serve-load.sh, slow-clients.sh): builds blog, generates
# POSTS notes into $work/site, starts `blog serve` on a free port of 127.0.0.1 and waits
# until it listens. Expects root, shared, posts and work; sets server (its pid), port, base.
serve_generated_corpus() {
  (cd "$root" && cargo build --release --quiet)
  python3 "$shared/bench/gen_corpus.py" --posts "$posts" --flavor blog "$work/site" >/dev/null
  ulimit -n "$(ulimit -Hn)"
  "$root/target/release/blog" serve --bind 127.0.0.1 -p 0 --source "$work/site" \
    --cacheDir "$work/cache" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    grep -q "Web Server is available" "$work/serve.log" && break
    kill -0 "$server" || { cat "$work/serve.log"; exit 1; }
    sleep 0.1
  done
  port=$(sed -n 's|.*available at http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  base="http://127.0.0.1:$port"
}
