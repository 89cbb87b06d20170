#!/usr/bin/env bash
# Proxy overhead, side by side in one run: wrk against (1) a static nginx mock upstream
# directly, (2) nginx as a reverse proxy to it, (3) switchyard routing to it. Prints
# p50/p99 latency at concurrency 1, throughput at concurrency 32, and the differences.
#
#   bench/proxy-overhead.sh [seconds-per-run]      (default 10; needs nginx, wrk, a build)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
build="${SWITCHYARD_BUILD_DIR:-build/dev}"
app="$build/app/switchyard/switchyard"
[ -x "$app" ] || { echo "build first: scripts/build dev" >&2; exit 1; }
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk (scripts/setup)" >&2; exit 1; }

work="$(mktemp -d /tmp/switchyard-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mock_port=$(free_port); nginx_port=$(free_port); sy_port=$(free_port)

# The same canned completion for every request, as a fast upstream would send it.
response='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"qwen-coder","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}'

nginx_conf() { # $1 = name, $2 = server block
  mkdir -p "$work/$1"
  cat > "$work/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/$1/body; proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fcgi; uwsgi_temp_path $work/$1/uwsgi; scgi_temp_path $work/$1/scgi;
  keepalive_requests 1000000;
  client_max_body_size 64m;
  client_body_buffer_size 1m;
  $2
}
CONF
}
nginx_conf mock "server { listen 127.0.0.1:$mock_port; location / { default_type application/json; return 200 '$response'; } }"
nginx_conf proxy "upstream mock { server 127.0.0.1:$mock_port; keepalive 128; }
  server { listen 127.0.0.1:$nginx_port; location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
# Every server on the last CPU, wrk on the first: each request then crosses CPUs the same
# way for every target. Unpinned, the scheduler sometimes puts a proxy on wrk's CPU, which
# saves it a cross-CPU wake-up (costly in a VM) and makes comparisons meaningless.
server_cpu=$(( $(nproc) - 1 ))
pin() { taskset -c "$server_cpu" "$@"; }
pin nginx -c "$work/mock/nginx.conf" & pids+=($!)
pin nginx -c "$work/proxy/nginx.conf" & pids+=($!)

cat > "$work/config.json" <<CONF
{ "version": 1,
  "server": { "maxUpstreamConnections": 128 },
  "backends": [ { "id": "mock", "protocol": "openai", "baseUrl": "http://127.0.0.1:$mock_port/v1" } ],
  "models": [ { "id": "qwen-coder", "backend": "mock" } ] }
CONF
XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/cfg" pin "$app" --headless --port "$sy_port" \
  --config "$work/config.json" --log-level warn > "$work/switchyard.log" 2>&1 & pids+=($!)

for port in $mock_port $nginx_port $sy_port; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
done

small='{"model":"qwen-coder","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16}'
printf '%s' "$small" > "$work/small.json"
cp tests/data/agent-request-40k.json "$work/agent40k.json"
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA

to_us() { # "123.45us" / "1.20ms" / "1.00s" -> microseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n }'
}
# run <label> <port> <connections> <body-file> -> "p50_us p99_us req_per_s"
run() {
  local out
  out=$(BENCH_BODY="$4" taskset -c 0 wrk -t1 -c"$3" -d"${duration}s" --latency -s "$work/post.lua" \
        "http://127.0.0.1:$2/v1/chat/completions" 2>&1)
  if echo "$out" | grep -q "Non-2xx"; then echo "$1: errors during the run" >&2; echo "$out" >&2; exit 1; fi
  local p50 p99 rps
  p50=$(to_us "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(to_us "$(echo "$out" | awk '$1=="99%" {print $2}')")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  echo "$p50 $p99 $rps"
}

echo "Proxy overhead — $(date -u +%F), ${duration}s per run, $(nproc) cores, wrk -t1 on CPU 0, servers on CPU $server_cpu"
for body in small agent40k; do
  file="$work/$body.json"
  echo
  echo "== body: $body ($(stat -c %s "$file") bytes)"
  read -r d50 d99 _ < <(run direct "$mock_port" 1 "$file")
  read -r n50 n99 _ < <(run nginx "$nginx_port" 1 "$file")
  read -r s50 s99 _ < <(run switchyard "$sy_port" 1 "$file")
  read -r _ _ drps < <(run direct "$mock_port" 32 "$file")
  read -r _ _ nrps < <(run nginx "$nginx_port" 32 "$file")
  read -r _ _ srps < <(run switchyard "$sy_port" 32 "$file")
  awk -v d50="$d50" -v d99="$d99" -v n50="$n50" -v n99="$n99" -v s50="$s50" -v s99="$s99" \
      -v drps="$drps" -v nrps="$nrps" -v srps="$srps" 'BEGIN {
    printf "%-12s %10s %10s %14s %14s %12s\n", "target", "p50 c=1", "p99 c=1", "added p50", "added p99", "req/s c=32"
    printf "%-12s %8.1fus %8.1fus %14s %14s %12.0f\n", "direct", d50, d99, "-", "-", drps
    printf "%-12s %8.1fus %8.1fus %12.1fus %12.1fus %12.0f\n", "nginx", n50, n99, n50 - d50, n99 - d99, nrps
    printf "%-12s %8.1fus %8.1fus %12.1fus %12.1fus %12.0f\n", "switchyard", s50, s99, s50 - d50, s99 - d99, srps
    added_n = n50 - d50; if (added_n < 1) added_n = 1
    printf "switchyard vs nginx: added p50 %.2fx that of nginx, throughput %.2fx that of nginx\n", (s50 - d50) / added_n, srps / nrps
  }'
done
