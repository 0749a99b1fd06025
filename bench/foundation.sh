#!/usr/bin/env bash
# Foundation benchmark: GET /healthz against an authenticated GET /api/v1/me
# at 1, 64 and 512 keep-alive connections (wrk on the same machine), the
# server's peak RSS, and the cost of one sign-in. Prints the figures and the
# ratio of /api/v1/me to /healthz measured in the same run.
# Usage: bench/foundation.sh [DB_URL]   (default: a fresh SQLite file)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
[ -x build/tsunagu ] || tools/setup
duration=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/tsunagu-bench.XXXXXX)
db=${1:-sqlite:$work/bench.db}
port=18555
build/tsunagu demo --db "$db" >/dev/null
build/tsunagu serve --db "$db" --listen 127.0.0.1:$port --threads 1024 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done

# One sign-in: Argon2id verification dominates.
start=$(date +%s%N)
for _ in $(seq 10); do
  curl -sf -o /dev/null -c "$work/cookies" -H 'content-type: application/json' \
    -d '{"login":"ito","password":"tsunagu-demo"}' http://127.0.0.1:$port/api/v1/session
done
signin_ms=$(( ($(date +%s%N) - start) / 10000000 ))
cookie=$(awk '$6 == "tsunagu_session" {print $6 "=" $7}' "$work/cookies")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "database: $db; wrk ${duration}s per run, 2 threads, keep-alive"
echo "sign-in (Argon2id verify + session insert + audit record): ${signin_ms} ms each, sequential"
printf '%-14s %6s %10s %9s %9s %s\n' endpoint conns "req/s" "p50(ms)" "p99(ms)" errors

to_ms() { # wrk latency like 1.23ms, 450.00us, 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}
declare -A rps
for conns in 1 64 512; do
  for endpoint in /healthz /api/v1/me; do
    threads=$(( conns < 2 ? 1 : 2 ))
    out=$(wrk -t$threads -c$conns -d${duration}s --timeout 5s --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$endpoint")
    r=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    errs=$(echo "$out" | awk '/Socket errors/ {print $0}' | sed 's/^ *Socket errors: //')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    printf '%-14s %6s %10s %9s %9s %s\n' "$endpoint" "$conns" "$r" "$p50" "$p99" "${errs:-none}${non2xx:+, non-2xx $non2xx}"
    rps["$endpoint/$conns"]=$r
  done
  awk -v a="${rps[/api/v1/me/$conns]}" -v b="${rps[/healthz/$conns]}" -v c="$conns" \
    'BEGIN { printf "ratio /api/v1/me : /healthz at %s connections = %.2f\n", c, a / b }'
done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
