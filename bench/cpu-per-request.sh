#!/usr/bin/env bash
# Where a proxied request's CPU goes, side by side in one run: wrk (c=32, the 90-byte chat
# request) against nginx as a reverse proxy, switchyard as a user runs it (default config)
# and switchyard with `history.enabled: false`, each in front of the same static nginx mock
# upstream, pinned as in proxy-overhead.sh (wrk on the first CPU, every server on the
# last). Per request: the proxy's user and system CPU (all its threads), the mock's, and
# the context switches of both (voluntary: it waited; involuntary: it was preempted).
# The targets take turns, BENCH_REPS rounds (default 3).
#
#   bench/cpu-per-request.sh [seconds-per-run]      (default 8; needs nginx, wrk, a build)
#
# Why: on one shared CPU the throughput is 1 / (mock's CPU + proxy's CPU) per request, and
# how often the proxy is preempted by the upstream it just woke changes how much each of
# them costs (docs/performance.md, "Where the CPU goes").
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-8}"
. bench/lib.sh
reps=$(bench_reps)
require "$app" nginx wrk
start_pinned_nginx_pair

targets=(nginx switchyard no-history)
declare -A port=([nginx]=$nginx_port) pid=()
upstream="http://127.0.0.1:$mock_port/v1"
start_switchyard switchyard "$app" ""; port[switchyard]=$started_port; pid[switchyard]=$spawned
start_switchyard no-history "$app" ', "history": { "enabled": false }'; port[no-history]=$started_port; pid[no-history]=$spawned
wait_http "http://127.0.0.1:$mock_port/" 15; wait_http "http://127.0.0.1:$nginx_port/" 15
wait_switchyard "${port[switchyard]}"; wait_switchyard "${port[no-history]}"
# nginx's work is done by its one worker, the master's child.
worker_of() { local w; w=$(pgrep -P "$1" | head -1); [ -n "$w" ] || { echo "no nginx worker under $1" >&2; exit 1; }; echo "$w"; }
mock_worker=$(worker_of "$mock_master"); pid[nginx]=$(worker_of "$proxy_master")

printf '%s' '{"model":"qwen-coder","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16}' > "$bench_work/small.json"
write_post_lua
export BENCH_BODY="$bench_work/small.json"

# counters PID -> "user_ticks system_ticks voluntary_switches involuntary_switches", summed
# over the process's threads (a thread that ended meanwhile is missing from both readings'
# switch counts alike; its CPU stays in the process's own stat).
counters() {
  local ticks switches
  ticks=$(awk '{print $14, $15}' "/proc/$1/stat")
  switches=$(cat /proc/"$1"/task/*/status 2>/dev/null |
             awk '/^voluntary_ctxt_switches/ {v += $2} /^nonvoluntary_ctxt_switches/ {n += $2} END {print v, n}')
  echo "$ticks $switches"
}

hz=$(getconf CLK_TCK)
echo "c=32, 90-byte body, ${duration}s per run, $reps rounds; per request (CPU in us, switches per request)"
printf '%-11s %8s %6s %7s %7s %7s %7s %9s %9s %9s\n' target req/s xnginx user sys mock-usr mock-sys preempted waited mock-wait
for round in $(seq "$reps"); do
  nginx_rps=
  for t in "${targets[@]}"; do
    # Warm-up, unmeasured: connections open, caches and the scheduler's view settle.
    timeout --foreground 40 taskset -c 0 wrk -t1 -c32 -d2s -s "$bench_work/post.lua" "http://127.0.0.1:${port[$t]}/v1/chat/completions" > /dev/null
    read -r pu0 ps0 pv0 pn0 < <(counters "${pid[$t]}"); read -r mu0 ms0 mv0 mn0 < <(counters "$mock_worker")
    out=$(timeout --foreground $((duration + 30)) taskset -c 0 wrk -t1 -c32 -d"${duration}s" -s "$bench_work/post.lua" \
          "http://127.0.0.1:${port[$t]}/v1/chat/completions" 2>&1) || { echo "$t: wrk failed or timed out" >&2; echo "$out" >&2; exit 1; }
    read -r pu1 ps1 pv1 pn1 < <(counters "${pid[$t]}"); read -r mu1 ms1 mv1 mn1 < <(counters "$mock_worker")
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$t: errors during the run" >&2; echo "$out" >&2; exit 1; fi
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    [ "$t" = nginx ] && nginx_rps=$rps
    awk -v t="$t" -v n="$n" -v rps="$rps" -v base="$nginx_rps" -v hz="$hz" \
        -v pu=$((pu1 - pu0)) -v ps=$((ps1 - ps0)) -v mu=$((mu1 - mu0)) -v ms=$((ms1 - ms0)) \
        -v pn=$((pn1 - pn0)) -v pv=$((pv1 - pv0)) -v mv=$((mv1 - mv0)) 'BEGIN {
      us = 1e6 / hz / n
      printf "%-11s %8.0f %5.2fx %7.2f %7.2f %7.2f %7.2f %9.3f %9.3f %9.3f\n", t, rps, rps / base, pu * us, ps * us, mu * us, ms * us, pn / n, pv / n, mv / n
    }'
  done
done
