#!/usr/bin/env bash
# The image benchmark of issue 24: 200 photos of 2-4 megapixels, each resized to 480, 960
# and 1440 pixels wide as JPEG and as WebP (1,200 results), by the assets crate and by Hugo
# (hugo-new, 0.168), cold (no cache) then warm (cache kept, nothing changed).
#
#   bench/assets-images.sh [WORKDIR]      default: a new temporary folder
#
# Prints each tool's cold and warm times and the ratios. Peak memory of the cold runs with
# /usr/bin/time (Debian's `time`) when present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
hugo=${HUGO:-hugo-new}
mkdir -p "$work"
cd "$root"
cargo build --release -q -p assets --example bench_images
bin="$root/target/release/examples/bench_images"

site="$work/site"
if [ ! -d "$site/assets/photos" ]; then
    mkdir -p "$site/assets/photos" "$site/layouts"
    "$bin" gen "$site/assets/photos"
fi
cat > "$site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "section", "page"]
TOML
cat > "$site/layouts/index.html" <<'HTML'
{{- range resources.Match "photos/*.jpg" -}}
{{- $src := . -}}
{{- range slice 480 960 1440 -}}
{{- $j := $src.Resize (printf "%dx" .) -}}
{{- $w := $src.Resize (printf "%dx webp" .) -}}
{{ $j.RelPermalink }} {{ $w.RelPermalink }}
{{ end -}}
{{- end -}}
HTML


mem=""
if [ -x /usr/bin/time ]; then mem="/usr/bin/time -f %M"; fi

echo "== assets crate"
ours=$($mem "$bin" run "$site/assets/photos" "$work/cache" 2> "$work/ours.mem")
echo "$ours"
ours_cold=$(echo "$ours" | awk '/^cold/ {print $2}')
ours_warm=$(echo "$ours" | awk '/^warm/ {print $2}')
[ -n "$mem" ] && echo "peak RSS (cold+warm in one process): $(tail -1 "$work/ours.mem") KB"

echo "== hugo ($($hugo version | cut -d' ' -f2))"
rm -rf "$site/resources" "$site/public"
start=$(date +%s.%N)
(cd "$site" && $mem $hugo --quiet -d public 2> "$work/hugo.mem")
hugo_cold=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
(cd "$site" && $hugo --quiet -d public)
hugo_warm=$(echo "$(date +%s.%N) - $start" | bc)
echo "cold: $hugo_cold s, warm: $hugo_warm s"
[ -n "$mem" ] && echo "peak RSS (cold): $(tail -1 "$work/hugo.mem") KB"
echo "files: $(find "$site/public/photos" -type f | wc -l) from Hugo"

echo "== ratios (assets / hugo)"
echo "cold: $(echo "scale=2; $ours_cold / $hugo_cold" | bc)"
echo "warm: $(echo "scale=3; $ours_warm / $hugo_warm" | bc)"
