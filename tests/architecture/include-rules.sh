#!/usr/bin/env bash
# Fails when a file in core/ includes a part it must not depend on (docs/architecture.md,
# "Parts and their dependencies"). Each rule: a directory, then the directories its files
# may not include. Run by ctest as tst_include_rules.
set -euo pipefail
core="${1:-$(dirname "$0")/../../core}"

rules=(
  "util:http protocol record routing pool store ingress api metrics"
  "record:http protocol routing pool store ingress api metrics"
  "protocol:http routing pool store ingress api metrics"
  "http:routing pool store ingress api metrics"
  "store:http routing pool ingress api metrics"
  "pool:routing ingress api metrics"
  "routing:ingress api metrics"
  "metrics:ingress api"
  "ingress:api"
)

status=0
for rule in "${rules[@]}"; do
  dir=${rule%%:*}
  for forbidden in ${rule#*:}; do
    if hits=$(grep -rnE "^#include \"$forbidden/" "$core/$dir" --include='*.h' --include='*.cpp'); then
      echo "core/$dir must not include $forbidden/:"
      echo "$hits" | sed "s#^$core/#  core/#"
      status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "include rules hold (${#rules[@]} parts checked)"
exit "$status"
