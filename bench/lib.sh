# Shared by the benchmark scripts (sourced): a scratch dir, processes that are cleaned up on
# any exit (also Ctrl-C and kill), bounded waits, free ports, nginx configs, wrk parsing.
# Every process a benchmark starts goes through `spawn`, so the trap can find it.

# The build under test (SWITCHYARD_BUILD_DIR, default build/dev).
build="${SWITCHYARD_BUILD_DIR:-build/dev}"
app="$build/app/switchyard/switchyard"
sim="$build/app/sim/switchyard-sim"

# require PROGRAM...: each built (app, sim: paths) or installed (a command name), else exit.
require() {
  local p
  for p in "$@"; do
    case "$p" in
      */*) [ -x "$p" ] || { echo "build first: scripts/build dev ($p is missing)" >&2; exit 1; } ;;
      *) command -v "$p" >/dev/null || { echo "needs $p (scripts/setup)" >&2; exit 1; } ;;
    esac
  done
}

bench_work="$(mktemp -d /tmp/switchyard-bench.XXXXXX)"
bench_pids=()
bench_cleanup() {
  local p
  for p in "${bench_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${bench_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# spawn LOGFILE CMD...: runs CMD in the background, remembered for cleanup; sets $spawned.
# CMD must be a program (not a shell function): then $spawned is the server itself, and
# killing it does not leave an orphan behind a subshell.
spawn() {
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  spawned=$!
  bench_pids+=("$spawned")
}

# A port nobody listens on now (checked, not reserved) and not handed out before in this
# run: a server started a moment ago may not listen yet. Recorded in a file because
# callers run this in $(...).
free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    grep -qx "$p" "$bench_work/ports" 2>/dev/null && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p" >> "$bench_work/ports"
      echo "$p"
      return 0
    fi
  done
  echo "bench: no free port found" >&2; return 1
}

# wait_http URL [SECONDS]: until URL answers (any status), at most SECONDS (default 10).
wait_http() {
  local deadline=$(( SECONDS + ${2:-10} ))
  until curl -s -o /dev/null --max-time 1 "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "bench: $1 did not answer within ${2:-10} s" >&2; return 1; }
    sleep 0.05
  done
}

# nginx_conf NAME BLOCK: a config with one worker under the scratch dir; prints its path.
nginx_conf() {
  mkdir -p "$bench_work/$1"
  cat > "$bench_work/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $bench_work/$1/nginx.pid;
error_log $bench_work/$1/error.log warn;
events { worker_connections 8192; }
worker_rlimit_nofile 20000;
http {
  access_log off;
  client_body_temp_path $bench_work/$1/body; proxy_temp_path $bench_work/$1/proxy;
  fastcgi_temp_path $bench_work/$1/fcgi; uwsgi_temp_path $bench_work/$1/uwsgi; scgi_temp_path $bench_work/$1/scgi;
  keepalive_requests 1000000;
  client_max_body_size 64m;
  client_body_buffer_size 1m;
  $2
}
CONF
  echo "$bench_work/$1/nginx.conf"
}

# wait_switchyard PORT [SECONDS]: until a switchyard (not some other server) answers /health
# on PORT, at most SECONDS (default 15).
wait_switchyard() {
  local deadline=$(( SECONDS + ${2:-15} ))
  until curl -s --max-time 1 "http://127.0.0.1:$1/health" 2>/dev/null | grep -q '"uptimeS"'; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "bench: no switchyard answered on port $1 within ${2:-15} s" >&2; return 1; }
    sleep 0.05
  done
}

# "123.45us" / "1.20ms" / "1.00s" -> microseconds
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n }'
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# start_switchyard NAME BINARY EXTRA_JSON [SERVER_JSON]: a headless switchyard with the
# default settings plus EXTRA_JSON (top-level members) and SERVER_JSON (members of "server"),
# in its own XDG home, with one backend at $upstream (a base URL of protocol
# $upstream_protocol, default openai) serving "qwen-coder"; sets $started_port (and $spawned). Not in $(...): a subshell's
# spawn would not be remembered for cleanup. Runs under $pin_cmd (a command that execs
# its arguments, such as taskset) if the script sets one.
start_switchyard() {
  local name="$1" bin="$2" extra="$3" server="${4:-}" port
  port=$(free_port)
  started_port=$port
  mkdir -p "$bench_work/$name"
  cat > "$bench_work/$name/config.json" <<CONF
{ "version": 1,
  "server": { "port": $port$server },
  "backends": [ { "id": "mock", "protocol": "${upstream_protocol:-openai}", "baseUrl": "$upstream" } ],
  "models": [ { "id": "qwen-coder", "backend": "mock" } ]$extra }
CONF
  XDG_STATE_HOME="$bench_work/$name/state" XDG_DATA_HOME="$bench_work/$name/data" XDG_CONFIG_HOME="$bench_work/$name/cfg" \
    spawn "$bench_work/$name.log" ${pin_cmd:-} "$bin" --headless --config "$bench_work/$name/config.json"
}

# mock_upstream_conf PORT: an nginx config answering every request on PORT with the same
# canned chat completion, as a fast upstream would; prints its path.
mock_upstream_conf() {
  local response='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"qwen-coder","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}'
  nginx_conf mock "server { listen 127.0.0.1:$1; location / { default_type application/json; return 200 '$response'; } }"
}

# start_pinned_nginx_pair: a static nginx mock upstream (mock_upstream_conf) and nginx as a
# reverse proxy to it with keep-alive upstream connections, both pinned to the last CPU.
# wrk is run on the first: each request then crosses CPUs the same way for every target,
# and a server's helper threads (switchyard's history writer, the logger) share its CPU,
# so their cost shows. Unpinned, the scheduler sometimes puts a proxy on wrk's CPU, which
# saves it a cross-CPU wake-up and makes comparisons meaningless. Sets mock_port,
# nginx_port, server_cpu, pin_cmd (for start_switchyard), mock_master and proxy_master
# (the nginx masters).
start_pinned_nginx_pair() {
  local mock_conf proxy_conf
  mock_port=$(free_port); nginx_port=$(free_port)
  mock_conf=$(mock_upstream_conf "$mock_port")
  proxy_conf=$(nginx_conf proxy "upstream mock { server 127.0.0.1:$mock_port; keepalive 128; }
  server { listen 127.0.0.1:$nginx_port; location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }")
  server_cpu=$(( $(nproc) - 1 ))
  pin_cmd="taskset -c $server_cpu" # a program, not a function: spawn must record the server's own pid
  spawn "$bench_work/mock.log" $pin_cmd nginx -c "$mock_conf"; mock_master=$spawned
  spawn "$bench_work/proxy.log" $pin_cmd nginx -c "$proxy_conf"; proxy_master=$spawned
}

# bench_reps: BENCH_REPS (default 3), checked.
bench_reps() {
  local reps="${BENCH_REPS:-3}"
  [[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_REPS must be a positive number" >&2; exit 2; }
  echo "$reps"
}

# write_post_lua: $bench_work/post.lua, a wrk script POSTing the JSON file named by $BENCH_BODY.
write_post_lua() {
  cat > "$bench_work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA
}
