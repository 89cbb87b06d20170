#!/usr/bin/env bash
# /health while the core has large work in hand, with the default config:
# - the largest accepted request converted: 45,000 messages (~4.5 MB) from an OpenAI client
#   to a model on an Anthropic backend (switchyard-sim), parsed, merged and rendered off the
#   core thread;
# - a config of 100,000 more models checked, applied, and taken back (PUT /api/v1/config),
#   checked off the core thread.
# Reports each piece's time to its response head and /health's latency meanwhile (asked
# every 5 ms).
#
#   bench/health-while-converting.sh [messages] [models]      (default 45000 100000; needs node, a build)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-45000}"
models="${2:-100000}"
. bench/lib.sh
require "$app" "$sim" node

sim_port=$(free_port)
spawn "$bench_work/sim.log" "$sim" --port "$sim_port" --tokens 4
wait_http "http://127.0.0.1:$sim_port/health" 15
upstream="http://127.0.0.1:$sim_port" upstream_protocol=anthropic
export SWITCHYARD_ADMIN_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_switchyard switchyard "$app" ''
wait_switchyard "$started_port"
echo "Health while busy — $(date -u +%F), $count messages, $models models, $(nproc) cores"
timeout --foreground 300 node bench/health-while-converting.mjs "$started_port" convert qwen-coder "$count"
timeout --foreground 300 node bench/health-while-converting.mjs "$started_port" config mock "$models"
