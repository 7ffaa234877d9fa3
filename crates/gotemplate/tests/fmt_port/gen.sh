#!/bin/sh
# Regenerates table.rs: Go's own fmt test tables, ported to gotemplate's Value.
#
#   sh crates/gotemplate/tests/fmt_port/gen.sh     (needs Go 1.19: /usr/lib/go-1.19)
#
# Go 1.19's fmt_test.go is copied to a temporary folder as a plain program (its test table
# variables are what gen.go reads; its tests are never run), then gen.go maps every case's
# operands to a Value, asks Go itself whether the modelled operands print the same, and
# writes table.rs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
goroot=${GOROOT:-/usr/lib/go-1.19}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e 's/^package fmt_test$/package main/' \
    -e '/"internal\/race"/d' \
    -e 's/race\.Enabled/false/' \
    "$goroot/src/fmt/fmt_test.go" > "$tmp/cases.go"
cp "$here/gen.go" "$tmp/gen.go"
(cd "$tmp" && GO111MODULE=off "$goroot/bin/go" run cases.go gen.go) > "$here/table.rs"
echo "wrote $here/table.rs"
