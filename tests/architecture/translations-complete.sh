#!/usr/bin/env bash
# Every string the window shows has its German translation: lupdate reads the sources as
# `update_translations` would (ui/ and the core's config checks) into a copy of the .ts,
# and no entry may be new or unfinished. A new tr() or config-check message without German
# fails here instead of showing English in the German window.
# usage: translations-complete.sh LUPDATE GENERATE_LUPDATE_PROJECT_CMAKE LUPDATE_PROJECT_CMAKE TS_FILE
# (the project .cmake is written when CMake configures, by qt_add_translations)
set -euo pipefail
lupdate=$1
generate_project=$2
project_cmake=$3
ts=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -DIN_FILE="$project_cmake" -DOUT_FILE="$work/project.json" -P "$generate_project"
cp "$ts" "$work/copy.ts"
"$lupdate" -project "$work/project.json" -no-obsolete -locations none -ts "$work/copy.ts" >"$work/lupdate.log" 2>&1 || {
    cat "$work/lupdate.log"
    exit 1
}
if grep -q 'type="unfinished"' "$work/copy.ts"; then
    echo "untranslated in $(basename "$ts") (run the update_translations target and translate them):"
    grep -B2 'type="unfinished"' "$work/copy.ts" | grep '<source>' | sed 's/^ *//' | sort -u
    exit 1
fi
echo "$(basename "$ts"): every string translated ($(grep -c '<source>' "$work/copy.ts") sources)"
