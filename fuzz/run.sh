#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the repository's fixtures, then runs every target for
# SECONDS seconds (default 45). CI runs it on every change so a new panic is caught; run it
# longer by hand (`fuzz/run.sh 600`) after touching a parser. Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-45}
shift || true
# cargo-fuzz builds with nightly's -Z flags (sanitizer, coverage counters). Where no nightly
# can be had (a fresh CI machine has one stable toolchain and fetches no other), the stable
# compiler is told to accept them.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($("${fuzz[@]}" list))

seed() { # seed TARGET FILES...: copy files into the target's corpus (by content hash, so reruns add nothing)
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
  done
}
mapfile -t notes < <(find ../tests/fixtures ../content -name '*.md' | sort)
seed front_matter "${notes[@]}" ../config.toml $(find ../tests/fixtures -name 'config.*' | sort)
seed markdown "${notes[@]}"
seed shortcodes "${notes[@]}"
# Inputs at the shortcode limits (a call over 64 KB, nesting past 32), which mutation alone
# would take long to grow; the first byte of a shortcode or markdown input picks switches.
{ printf '\0{{< figure src="'; head -c 70000 /dev/zero | tr '\0' a; printf '" >}}\n'; } >corpus/shortcodes/seed-huge-param
{ printf '\0'; for i in $(seq 40); do printf '{{%% details summary="%d" %%}}\n' "$i"; done; } >corpus/shortcodes/seed-deep
{ printf '\0{{< note "'; head -c 300 /dev/zero | tr '\0' x; printf '\n\n{{< unclosed '; } >corpus/shortcodes/seed-unclosed
seed archetype $(find ../archetypes ../tests/fixtures -path '*archetypes*' -name '*.md' | sort)
mkdir -p corpus/url_lookup
printf '%s' '/post/a/' > corpus/url_lookup/seed-page
printf '%s' '/css/main.css?v=1#x' > corpus/url_lookup/seed-query
printf '%s' '/%2e%2e/etc/passwd' > corpus/url_lookup/seed-encoded
printf '%s' '/post/a' > corpus/url_lookup/seed-redirect

"${fuzz[@]}" build -O
mkdir -p logs
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s"
  # -rss_limit_mb: an input that makes a parser take gigabytes is a bug too; -timeout: so is
  # one that takes seconds.
  # The shortcode target reads inputs past its 64 KB call limit.
  max_len=65536
  [ "$t" = shortcodes ] && max_len=200000
  if ! "${fuzz[@]}" run -O "$t" "corpus/$t" -- -max_total_time="$seconds" \
      -rss_limit_mb=2048 -max_len="$max_len" -timeout=10 -print_final_stats=1 >"logs/$t.log" 2>&1; then
    tail -n 60 "logs/$t.log" >&2
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' "logs/$t.log" || true
done
echo "fuzz: all ${#targets[@]} targets ran ${seconds}s each without a failure"
