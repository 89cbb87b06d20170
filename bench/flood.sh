#!/usr/bin/env bash
# A sustained flood against switchyard as a user runs it (default config: history, metrics,
# feed on) routing to a static nginx upstream: wrk at concurrency 32 for D seconds (default
# 60). Meanwhile the history is queried once a second (it must stay answerable). Reports
# RSS idle / at the end of the flood / 10 s after, requests sent vs rows kept (and rows shed
# as /metrics counts them), and the history query latency during the flood.
#
#   bench/flood.sh [seconds]      (default 60; needs nginx, wrk, a build)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60}"
. bench/lib.sh
require "$app" nginx wrk

mock_port=$(free_port)
mock_conf=$(mock_upstream_conf "$mock_port")
spawn "$bench_work/mock.log" nginx -c "$mock_conf"
upstream="http://127.0.0.1:$mock_port/v1"
start_switchyard switchyard "$app" ""
port=$started_port pid=$spawned
base="http://127.0.0.1:$port"
wait_switchyard "$port"
token=$(cat "$bench_work/switchyard/admin-token" 2>/dev/null || cat "$bench_work/switchyard/cfg/switchyard/admin-token")

printf '%s' '{"model":"qwen-coder","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16}' > "$bench_work/small.json"
write_post_lua
rows() { curl -s --max-time 10 -H "Authorization: Bearer $token" "$base/api/v1/requests?limit=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))'; }
metric() { curl -s --max-time 10 "$base/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# Warm up (pools, caches, the history file), then settle and take the idle figure.
BENCH_BODY="$bench_work/small.json" timeout --foreground 30 wrk -t1 -c4 -d2s -s "$bench_work/post.lua" "$base/v1/chat/completions" > /dev/null
sleep 3
before_rows=$(rows)
idle=$(rss_kib "$pid")

# The history, queried once a second while the flood runs.
( while :; do curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    "$base/api/v1/requests?limit=50"; sleep 1; done ) > "$bench_work/queries.txt" &
bench_pids+=($!)
querier=$!
out=$(BENCH_BODY="$bench_work/small.json" timeout --foreground $((duration + 30)) wrk -t1 -c32 -d"${duration}s" -s "$bench_work/post.lua" "$base/v1/chat/completions")
peak=$(rss_kib "$pid")
kill "$querier" 2>/dev/null || true
sent=$(echo "$out" | awk '/requests in/ {print $1}')
errors=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr -s ' ')
sleep 10
after=$(rss_kib "$pid")
kept=$(( $(rows) - before_rows ))
shed=$(metric switchyard_history_rows_shed_total)

echo "Flood — $(date -u +%F), ${duration}s at c=32, default config, $(nproc) cores"
echo "requests completed: $sent ($(awk -v n="$sent" -v d="$duration" 'BEGIN{printf "%.0f", n/d}') req/s)${errors:+, errors: $errors}"
echo "history rows kept:  $kept of $sent (wrk does not count requests in flight when it stops); shed (counted in /metrics): ${shed:-0}"
sort -k2 -g "$bench_work/queries.txt" | awk '{ n++; if ($1 != 200) bad++; t[n] = $2 * 1000 } END {
  printf "history queries during the flood: %d, failed %d, p50 %.1f ms, max %.1f ms\n", n, bad, t[int((n + 1) / 2)], t[n] }'
awk -v i="$idle" -v p="$peak" -v a="$after" 'BEGIN {
  printf "RSS: idle %.1f MiB, end of flood %.1f MiB, 10 s after %.1f MiB (%+.0f%% of idle)\n", i/1024, p/1024, a/1024, 100*(a-i)/i }'
