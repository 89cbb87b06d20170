#!/usr/bin/env bash
# Fails when a file in core/ includes a part it must not depend on (docs/architecture.md,
# "Parts and their dependencies"). Each rule: a directory, then the directories its files
# may not include. Also: client/ and ui/ reach the core only over HTTP, so they include
# nothing of it, and the core includes nothing of client/. Run by ctest as tst_include_rules.
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
# The clients of the core's API.
parts="util|record|protocol|http|routing|pool|store|ingress|api|metrics"
root="$core/.."
for dir in client ui; do
  if hits=$(grep -rnE "^#include \"(($parts)/|core\.h|corehost\.h)" "$root/$dir" --include='*.h' --include='*.cpp'); then
    echo "$dir/ must not include the core (it talks to it over HTTP):"
    echo "$hits" | sed "s#^$root/#  #"
    status=1
  fi
done
if hits=$(grep -rnE "^#include \"restclient\.h\"" "$core" --include='*.h' --include='*.cpp'); then
  echo "core/ must not include client/:"
  echo "$hits" | sed "s#^$core/#  core/#"
  status=1
fi
[ "$status" -eq 0 ] && echo "include rules hold (${#rules[@]} parts of core/, and client/ and ui/ checked)"
exit "$status"
