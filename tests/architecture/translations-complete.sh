#!/usr/bin/env bash
# Every string the window shows has its German translation: lupdate reads the sources as
# `update_translations` would (ui/ and the core's config checks), into a copy of the .ts,
# and no entry may be new or unfinished. A new tr() or config-check message without German
# fails here instead of showing English in the German window.
# usage: translations-complete.sh LUPDATE_PROJECT_CMAKE TS_FILE
set -euo pipefail
project_cmake=$1
ts=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
linguist_dir=$(dirname "$(find /usr/lib -path '*cmake/Qt6LinguistTools/GenerateLUpdateProject.cmake' -print -quit)")
cmake -DIN_FILE="$project_cmake" -DOUT_FILE="$work/project.json" -P "$linguist_dir/GenerateLUpdateProject.cmake"
cp "$ts" "$work/copy.ts"
"$lupdate" -project "$work/project.json" -no-obsolete -locations none -ts "$work/copy.ts" >"$work/lupdate.log" 2>&1 || {
    cat "$work/lupdate.log"
    exit 1
}
if grep -q 'type="unfinished"' "$work/copy.ts"; then
    echo "untranslated in $(basename "$ts") (run the update_translations target and translate them):"
    grep -B2 'type="unfinished"' "$work/copy.ts" | grep '<source>' | sed 's/^ *//'
    exit 1
fi
if ! cmp -s "$ts" "$work/copy.ts"; then
    echo "$(basename "$ts") is not up to date with the sources (run the update_translations target):"
    diff "$ts" "$work/copy.ts" | head -20
    exit 1
fi
echo "$(basename "$ts"): every string translated ($(grep -c '<source>' "$work/copy.ts") sources)"
