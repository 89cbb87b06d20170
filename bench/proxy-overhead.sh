#!/usr/bin/env bash
# Proxy overhead, side by side in one run: wrk against (1) a static nginx mock upstream
# directly, (2) nginx as a reverse proxy to it, (3) switchyard as a user runs it (default
# config: request history, metrics and the feed on, log level info), (4) the same with
# `history.enabled: false`. Prints p50/p99 latency at concurrency 1, throughput at
# concurrency 32, the added latency over direct, and the ratios to nginx. Every target is
# measured BENCH_REPS times (default 3), the targets taking turns, and each figure is the
# median of its runs: on a shared machine a single run's p99 is often one noise spike.
#
#   bench/proxy-overhead.sh [seconds-per-run]      (default 10; needs nginx, wrk, a build)
#   SWITCHYARD_BIN=path  another switchyard binary as a fifth target ("other"), e.g. an
#                        older build, measured in the same run
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
. bench/lib.sh
reps=$(bench_reps)
require "$app" nginx wrk
start_pinned_nginx_pair

targets=(direct nginx switchyard no-history)
declare -A port=([direct]=$mock_port [nginx]=$nginx_port)
upstream="http://127.0.0.1:$mock_port/v1"
start_switchyard switchyard "$app" ""; port[switchyard]=$started_port
start_switchyard no-history "$app" ', "history": { "enabled": false }'; port[no-history]=$started_port
if [ -n "${SWITCHYARD_BIN:-}" ]; then
  targets+=(other)
  start_switchyard other "$SWITCHYARD_BIN" ""; port[other]=$started_port
fi
for t in "${targets[@]}"; do
  case "$t" in direct|nginx) wait_http "http://127.0.0.1:${port[$t]}/" 15 ;; *) wait_switchyard "${port[$t]}" ;; esac
done

small='{"model":"qwen-coder","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16}'
printf '%s' "$small" > "$bench_work/small.json"
cp tests/data/agent-request-40k.json "$bench_work/agent40k.json"
write_post_lua

# run <target> <connections> <body-file> [seconds] -> "p50_us p99_us req_per_s"
run() {
  local out p50 p99 rps seconds="${4:-$duration}"
  out=$(BENCH_BODY="$3" timeout --foreground $((seconds + 30)) taskset -c 0 wrk -t1 -c"$2" -d"${seconds}s" --latency \
        -s "$bench_work/post.lua" "http://127.0.0.1:${port[$1]}/v1/chat/completions" 2>&1) ||
    { echo "$1: wrk failed or timed out" >&2; echo "$out" >&2; exit 1; }
  if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$1: errors during the run" >&2; echo "$out" >&2; exit 1; fi
  p50=$(to_us "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_us "$(echo "$out" | awk '$1=="99%" {print $2}')")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  echo "$p50 $p99 $rps"
}

# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "Proxy overhead — $(date -u +%F), ${duration}s per run, median of $reps runs per figure, $(nproc) cores, wrk -t1 on CPU 0, servers on CPU $server_cpu"
for body in small agent40k; do
  file="$bench_work/$body.json"
  echo
  echo "== body: $body ($(stat -c %s "$file") bytes)"
  declare -A p50 p99 rps all50 all99 allrps
  for t in "${targets[@]}"; do run "$t" 1 "$file" 2 >/dev/null; done # warm-up, not counted
  for rep in $(seq "$reps"); do
    # The order rotates each round: on a VM that slows down within a round, a fixed order
    # would favour the first target every time.
    order=("${targets[@]:rep % ${#targets[@]}}" "${targets[@]:0:rep % ${#targets[@]}}")
    for t in "${order[@]}"; do read -r a b _ < <(run "$t" 1 "$file"); all50[$t]+=" $a"; all99[$t]+=" $b"; done
    for t in "${order[@]}"; do read -r _ _ r < <(run "$t" 32 "$file"); allrps[$t]+=" $r"; done
  done
  for t in "${targets[@]}"; do
    # shellcheck disable=SC2086 # word splitting of the lists is intended
    p50[$t]=$(median ${all50[$t]}); p99[$t]=$(median ${all99[$t]}); rps[$t]=$(median ${allrps[$t]})
  done
  printf "%-12s %10s %10s %12s %12s %12s %8s\n" target "p50 c=1" "p99 c=1" "added p50" "added p99" "req/s c=32" "x nginx"
  for t in "${targets[@]}"; do
    awk -v t="$t" -v a="${p50[$t]}" -v b="${p99[$t]}" -v r="${rps[$t]}" -v da="${p50[direct]}" -v db="${p99[direct]}" -v nr="${rps[nginx]}" 'BEGIN {
      if (t == "direct") printf "%-12s %8.1fus %8.1fus %12s %12s %12.0f %8s\n", t, a, b, "-", "-", r, "-";
      else printf "%-12s %8.1fus %8.1fus %10.1fus %10.1fus %12.0f %7.2fx\n", t, a, b, a - da, b - db, r, r / nr }'
  done
  awk -v s50="${p50[switchyard]}" -v n50="${p50[nginx]}" -v d50="${p50[direct]}" -v sr="${rps[switchyard]}" -v hr="${rps[no-history]}" 'BEGIN {
    added_n = n50 - d50; if (added_n < 1) added_n = 1
    printf "switchyard (default config): added p50 %.2fx that of nginx; history costs %.1f%% of throughput\n", (s50 - d50) / added_n, 100 * (1 - sr / hr) }'
  unset p50 p99 rps all50 all99 allrps
done
