#!/usr/bin/env bash
# Many concurrent streams, side by side in one run: N streamed chat completions at once
# (default 1000) from a paced upstream (switchyard-sim: 20 tokens at 10 tokens/s, one SSE
# event per token) (1) directly, (2) through nginx (proxy_buffering off), (3) through
# switchyard with the default config except server.maxUpstreamConnections (the default 64
# would queue all but 64 streams, by design, for local model servers). Reports errors, time
# to first byte and when events arrived; "added" is the target minus direct.
#
#   bench/streams.sh [streams]      (default 1000; needs nginx, node, a build)
set -euo pipefail
cd "$(dirname "$0")/.."
streams="${1:-1000}"
. bench/lib.sh
require "$app" "$sim" nginx node
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

sim_port=$(free_port); nginx_port=$(free_port)
spawn "$bench_work/sim.log" "$sim" --port "$sim_port" --model-name qwen-coder --tokens 20 --tokens-per-s 10
proxy_conf=$(nginx_conf proxy "upstream sim { server 127.0.0.1:$sim_port; keepalive 128; }
  server { listen 127.0.0.1:$nginx_port; location / { proxy_pass http://sim; proxy_http_version 1.1;
    proxy_set_header Connection \"\"; proxy_buffering off; proxy_read_timeout 120s; } }")
spawn "$bench_work/proxy.log" nginx -c "$proxy_conf"
upstream="http://127.0.0.1:$sim_port/v1"
targets=(direct nginx switchyard)
declare -A port=([direct]=$sim_port [nginx]=$nginx_port)
start_switchyard switchyard "$app" "" ', "maxUpstreamConnections": 1100'; port[switchyard]=$started_port
for t in direct nginx; do wait_http "http://127.0.0.1:${port[$t]}/health" 15; done
wait_switchyard "${port[switchyard]}"

printf '%s' '{"model":"qwen-coder","stream":true,"messages":[{"role":"user","content":"Count to twenty."}]}' > "$bench_work/body.json"
echo "Streams — $(date -u +%F), $streams concurrent, 20 events each at 10/s, $(nproc) cores"
printf "%-12s %7s %8s %11s %11s %11s %11s %13s %13s\n" target errors events "TTFB p50" "TTFB p99" "event p50" "event p99" "added/event" "added/later"
declare -A mean later
for t in "${targets[@]}"; do
  timeout --foreground 300 node bench/stream-client.mjs "http://127.0.0.1:${port[$t]}/v1/chat/completions" "$streams" "$bench_work/body.json" > "$bench_work/$t.json"
  read -r mean[$t] later[$t] < <(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(r.eventMean, r.afterFirstMean)' "$bench_work/$t.json")
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1])); const t = process.argv[2];
    const f = (v) => v.toFixed(1) + "ms";
    const added = (v, direct) => t === "direct" ? "-" : (v - direct).toFixed(2) + "ms";
    console.log(t.padEnd(12), String(r.errors).padStart(7), String(r.events).padStart(8), f(r.firstByteP50).padStart(11),
                f(r.firstByteP99).padStart(11), f(r.eventP50).padStart(11), f(r.eventP99).padStart(11),
                added(r.eventMean, +process.argv[3]).padStart(13), added(r.afterFirstMean, +process.argv[4]).padStart(13));
  ' "$bench_work/$t.json" "$t" "${mean[direct]}" "${later[direct]}"
  sleep 1
done
echo "added/event: mean arrival time of an event (from its request being sent) minus direct's;"
echo "added/later: the same for events after a stream's first, counted from that first event"
