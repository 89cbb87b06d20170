#!/usr/bin/env bash
# /health while the largest accepted request is converted: 45,000 messages (~8 MB) from an
# OpenAI client to a model on an Anthropic backend (switchyard-sim), which switchyard parses,
# merges and renders off its core thread. Reports the big request's time to its response
# head and /health's latency meanwhile (asked every 5 ms), with the default config.
#
#   bench/health-while-converting.sh [messages]      (default 45000; needs node, a build)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-45000}"
. bench/lib.sh
require "$app" "$sim" node

sim_port=$(free_port)
spawn "$bench_work/sim.log" "$sim" --port "$sim_port" --tokens 4
wait_http "http://127.0.0.1:$sim_port/health" 15
upstream="http://127.0.0.1:$sim_port" upstream_protocol=anthropic
start_switchyard switchyard "$app" ''
wait_switchyard "$started_port"
echo "Health while converting — $(date -u +%F), $count messages, $(nproc) cores"
timeout --foreground 300 node bench/health-while-converting.mjs "$started_port" qwen-coder "$count"
