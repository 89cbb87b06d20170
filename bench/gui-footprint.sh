#!/usr/bin/env bash
# The control center's footprint next to the same core without a window, in one run:
# time until the endpoint answers (and, for the GUI, until the window was shown), RSS
# after settling, and CPU used over an idle stretch, with 50 models configured (remote,
# so nothing else runs). Needs scripts/build dev, xvfb-run and curl.
#   bench/gui-footprint.sh [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
idle="${1:-20}"
bin="$PWD/build/dev/app/switchyard/switchyard"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work/config.json" <<'PY'
import json, sys
models = [{"id": f"model-{i:02d}", "backend": "cloud", "upstreamModel": f"vendor/model-{i:02d}",
           "capabilities": ["tools"], "contextTokens": 32768} for i in range(50)]
json.dump({"version": 1, "server": {"host": "127.0.0.1", "port": 0},
           "backends": [{"id": "cloud", "protocol": "openai", "baseUrl": "http://127.0.0.1:9/v1"}],
           "models": models, "agents": {"default": {"models": ["model-00", "model-01"]}}},
          open(sys.argv[1], "w"), indent=1)
PY

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

measure() { # name, then the command
  local name="$1"; shift
  export XDG_CONFIG_HOME="$work/$name/config" XDG_DATA_HOME="$work/$name/data" XDG_STATE_HOME="$work/$name/state" XDG_CACHE_HOME="$work/$name/cache"
  local log="$work/$name.log" start end pid port pid_app t0 t1 ready shown
  start=$(now_ms)
  "$@" --config "$work/config.json" --no-demo --log-level info >"$log" 2>&1 &
  pid=$!
  local deadline=$(( SECONDS + 30 ))
  until port=$(grep -m1 -oP 'listening on http://127.0.0.1:\K[0-9]+' "$log" 2>/dev/null); do
    [ "$SECONDS" -lt "$deadline" ] || { echo "$name did not start within 30 s:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.005
  done
  until curl -fs --max-time 1 "http://127.0.0.1:$port/health" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "$name did not answer /health within 30 s" >&2; exit 1; }
    sleep 0.005
  done
  ready=$(( $(now_ms) - start ))
  shown=$(grep -oP 'window shown \K[0-9]+' "$log" || true)
  for _ in $(seq 200); do shown=$(grep -oP 'window shown \K[0-9]+' "$log" || true); [ -n "$shown" ] || [ "$name" = headless ] && break; sleep 0.01; done
  pid_app=$(pgrep -f -n "^$bin .*--config $work/config.json") || pid_app=$pid
  sleep 5 # settle: snapshot, first counters, history page
  t0=$(ticks "$pid_app")
  sleep "$idle"
  t1=$(ticks "$pid_app")
  printf "%-10s %10s %12s %10s %18s\n" "$name" "${ready} ms" "${shown:--} ms" "$(rss_mib "$pid_app") MiB" \
    "$(awk -v t=$((t1 - t0)) -v s="$idle" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f%%", 100 * t / hz / s}')"
  kill "$pid_app"; wait "$pid" 2>/dev/null || true
}

printf "%-10s %10s %12s %10s %18s\n" target "endpoint" "window" "RSS" "CPU while idle"
measure headless "$bin" --headless
measure gui xvfb-run -a -s "-screen 0 1400x900x24" "$bin"
