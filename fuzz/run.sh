#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the repository's fixtures and from past failures
# (`regressions/<target>/` of the target's project), then runs every target. The targets live
# in two cargo-fuzz projects: this one (blog's parsers) and `crates/gotemplate/fuzz/` (the
# Go-template engine alone, so fuzzing it does not build all of blog with the sanitizer);
# only the projects of the targets asked for are built. Corpora and logs stay here.
#   fuzz/run.sh [SECONDS] [TARGET...]   each target for SECONDS (default 45): by hand, after
#                                       touching a parser (`fuzz/run.sh 600`)
#   fuzz/run.sh --ci [TARGET...]        each target for a fixed number of inputs (about 30 s
#                                       on a CI machine), capped at FUZZ_CAP seconds (120)
# Both use a fixed seed (FUZZ_SEED, 1 by default; 0 picks a fresh one), so the same commit
# meets the same inputs in the same order: CI passes or fails the same way on every run, and
# `--ci` with FUZZ_CAP=100000 checks by hand exactly the inputs CI will meet.
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")"
ci=false
if [ "${1:-}" = --ci ]; then
  ci=true
  seconds=${FUZZ_CAP:-120}
else
  seconds=${1:-45}
fi
shift || true
# --ci: inputs per target, about 30 s each on a CI machine (the targets differ 200-fold in speed).
declare -A ci_runs=([archetype]=8000 [front_matter]=100000 [markdown]=12000 [shortcodes]=6000 [url_lookup]=1000000)
# The engine's targets: inputs per CPU second measured with `--ci` on a loaded machine
# (CPU time, which the load does not inflate; CI ran gotemplate_escape at ~17 a second).
ci_runs[gotemplate_escape]=600   # ~21 a second
ci_runs[gotemplate_parse]=60000  # ~2,250 a second
ci_runs[gotemplate_html]=40000   # ~1,450 a second
# cargo-fuzz builds with nightly's -Z flags (sanitizer, coverage counters). A fresh CI machine
# has one stable toolchain and fetches no other, so the stable compiler is told to accept them;
# by hand too, so the instrumented code, and with it each input the fixed seed leads to, is
# the one CI runs.
export RUSTC_BOOTSTRAP=1
fuzz=(cargo fuzz)
# The fuzz project of each target.
projects=("$PWD" "$(cd ../crates/gotemplate/fuzz && pwd)")
declare -A project_of=()
for p in "${projects[@]}"; do
  for t in $("${fuzz[@]}" list --fuzz-dir "$p"); do project_of[$t]=$p; done
done
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for p in "${projects[@]}"; do targets+=($("${fuzz[@]}" list --fuzz-dir "$p")); done
fi
for t in "${targets[@]}"; do
  [ -n "${project_of[$t]:-}" ] || { echo "fuzz: no target $t" >&2; exit 2; }
done

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
# Inputs that once failed a target stay in its corpus, so they are run first every time.
for p in "${projects[@]}"; do
  for dir in "$p"/regressions/*/; do
    [ -d "$dir" ] || continue
    t=$(basename "$dir")
    seed "$t" "$dir"*
  done
done
seed archetype $(find ../archetypes ../tests/fixtures -path '*archetypes*' -name '*.md' | sort)
# Go templates: the fixture themes' layouts, and a few forms that mutation would be slow to
# reach (definitions and blocks, trim markers, else-with chains, deep nesting).
seed gotemplate_parse $(find ../tests/fixtures -path '*layouts*' -name '*.html' | sort)
mkdir -p corpus/gotemplate_parse
printf '%s' '{{ define "x" }}{{ range $i, $e := .List }}{{- if eq $i 0 }}{{ $e }}{{ else if gt $i 1 }}{{ break }}{{ end -}}{{ end }}{{ end }}{{ template "x" . }}{{ block "b" .Page }}{{ .Title | printf "%q" }}{{ end }}' >corpus/gotemplate_parse/seed-controls
printf '%s' '{{ with .Missing }}{{ . }}{{ else with .Page }}{{ .Param "author" }}{{ else }}none{{ end }}{{ $x := 1 }}{{ $x = 2 }}{{ partial "page" . }}{{ return $x }}' >corpus/gotemplate_parse/seed-with
{ for i in $(seq 99); do printf '{{if .N}}'; done; printf '{{ print %s1%s }}' "$(head -c 99 /dev/zero | tr '\0' '(')" "$(head -c 99 /dev/zero | tr '\0' ')')"; for i in $(seq 99); do printf '{{end}}'; done; } >corpus/gotemplate_parse/seed-deep
printf '%s' '{{ 0x1F }}{{ 0o17 }}{{ 0b101 }}{{ 1_000 }}{{ '"'"'a'"'"' }}{{ 1e3 }}{{ 0x1p-2 }}{{ `raw` }}{{ "\n" }}{{ print nil }}{{ index .List 1 }}{{ slice "abc" 1 }}{{ len .List }}' >corpus/gotemplate_parse/seed-literals
# html/template sets: the same layouts and forms, escaped by the tree pass before they run, and
# the branches and calls whose contexts it joins.
seed gotemplate_html corpus/gotemplate_parse/seed-*
printf '%s' '<a href="{{if .N}}/x?a={{.Title}}{{else}}/y{{end}}" onclick="f({{.List}})">{{range .List}}<b title={{.}}>{{break}}{{end}}</b>{{end}}' >corpus/gotemplate_html/seed-branches
printf '%s' '{{define "t"}}{{if .}}<i>{{template "t" .Empty}}</i>{{end}}{{end}}<script>var x = {{template "t" .N}}/{{.F}};</script><style>a{b:{{template "t"}}}</style>' >corpus/gotemplate_html/seed-calls
mkdir -p corpus/url_lookup
printf '%s' '/post/a/' > corpus/url_lookup/seed-page
printf '%s' '/css/main.css?v=1#x' > corpus/url_lookup/seed-query
printf '%s' '/%2e%2e/etc/passwd' > corpus/url_lookup/seed-encoded
printf '%s' '/post/a' > corpus/url_lookup/seed-redirect
# html/template escaping: the themes' HTML templates, and text that reaches each context.
seed gotemplate_escape $(find ../themes ../tests/fixtures -name '*.html' | sort)
printf '%s' '<a href="/x?q=1" onclick="f(`${a}`)" style="b:url(/c)">t</a><script>var a = /x/;</script>' > corpus/gotemplate_escape/seed-contexts

for p in "${projects[@]}"; do
  for t in "${targets[@]}"; do
    if [ "${project_of[$t]}" = "$p" ]; then "${fuzz[@]}" build -O --fuzz-dir "$p"; break; fi
  done
done
mkdir -p logs
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s$($ci && echo " or ${ci_runs[$t]:-10000} inputs")"
  # -rss_limit_mb: an input that makes a parser take gigabytes is a bug too; -timeout: so is
  # one that takes seconds.
  # The shortcode target reads inputs past its 64 KB call limit.
  max_len=65536
  [ "$t" = shortcodes ] && max_len=200000
  # -seed: the same mutations in the same order on every run, so CI passes or fails the same
  # way on the same commit (a failure is repeatable); FUZZ_SEED=0 picks a fresh one.
  runs=()
  $ci && runs=(-runs="${ci_runs[$t]:-10000}")
  p=${project_of[$t]}
  if ! "${fuzz[@]}" run -O --fuzz-dir "$p" "$t" "$PWD/corpus/$t" -- "${runs[@]}" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" \
      -rss_limit_mb=2048 -max_len="$max_len" -timeout=10 -print_final_stats=1 >"logs/$t.log" 2>&1; then
    tail -n 60 "logs/$t.log" >&2
    echo "fuzz: $t failed; the input is in $(realpath --relative-to=.. "$p")/artifacts/$t" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' "logs/$t.log" || true
done
echo "fuzz: all ${#targets[@]} targets ran without a failure"
