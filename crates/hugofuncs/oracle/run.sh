#!/bin/bash
# usage: run.sh TEMPLATEFILE [hugo-binary] [extra config lines]  -> prints rendered home page
T=$1; H=${2:-hugo-new}
D=$(mktemp -d "${TMPDIR:-/tmp}/oracle-site.XXXX")
mkdir -p $D/layouts $D/content
cat > $D/hugo.toml <<CFG
baseURL = "${BASEURL:-https://example.org/}"
locale = "${LANGCODE:-en-us}"
defaultContentLanguage = "${LANG_:-en}"
title = "T"
disableKinds = ["taxonomy","term","RSS","sitemap","robotsTXT","404","section","page"]
timeZone = "${TZ_:-UTC}"
$EXTRA
[outputs]
home = ["txt"]
[outputFormats.txt]
mediaType = "text/plain"
baseName = "index"
isPlainText = true
CFG
cp $T $D/layouts/index.txt
[ "$H" = hugo-new ] && mv $D/layouts/index.txt $D/layouts/home.txt
(cd $D && $H -d out 2>&1 >/dev/null | grep -v -E "^(Start|Built|Total|$| +\||---|Pages|Paginator|Non-page|Static|Processed|Aliases|Cleaned|Watching|Web Server|Press|Running|Environment|Serving| *EN|  )" | head -30)
F=$D/out/index.txt; [ -f $D/out/${LANG_:-en}/index.txt ] && F=$D/out/${LANG_:-en}/index.txt; cat $F 2>/dev/null
rm -rf $D
