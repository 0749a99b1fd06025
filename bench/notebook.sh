#!/usr/bin/env bash
# Notebook benchmark at a chosen scale, on SQLite (default) or on an existing,
# empty PostgreSQL database given as the argument: generates the data with
# bench/gen/notebook.{sqlite,postgresql}.sql (REGIONS, PROS, PATIENTS, POSTS;
# two read receipts per post), then measures with wrk at 64 connections, against
# GET /healthz in the same run:
#   my patient list with unread counts (a professional on 40+ teams),
#   a timeline page of 50 posts with read state, search, and posting.
# Usage: POSTS=500000 bench/notebook.sh [postgresql://...]    (defaults: the issue's prefecture scale
#        REGIONS=50 PROS=15000 PATIENTS=50000 POSTS=5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null && command -v sqlite3 >/dev/null || { echo "needs wrk and sqlite3 (tools/setup)"; exit 1; }
bin=${TSUNAGU_BIN:-build/tsunagu}
[ -x "$bin" ] || tools/setup
REGIONS=${REGIONS:-50} PROS=${PROS:-15000} PATIENTS=${PATIENTS:-50000} POSTS=${POSTS:-5000000}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
work=${BENCH_DIR:-$(mktemp -d /tmp/tsunagu-notebook-bench.XXXXXX)}
db="$work/notebook-$POSTS.db"
port=18556

url=${1:-}
if [ -n "$url" ]; then  # an existing, empty PostgreSQL database
  command -v psql >/dev/null || { echo "needs psql"; exit 1; }
  dbname="PostgreSQL"
  if [ "$(psql "$url" -tAc "SELECT to_regclass('posts') IS NOT NULL")" != t ] ||
    [ "$(psql "$url" -tAc "SELECT EXISTS (SELECT 1 FROM posts)")" != t ]; then
    "$bin" migrate --db "$url" >/dev/null
    echo "bench-password" | "$bin" admin create --db "$url" --login bench-admin --name bench >/dev/null
    hash=$(psql "$url" -tAc "SELECT password_hash FROM users WHERE login = 'bench-admin'")
    start=$(date +%s)
    psql "$url" -q -v regions="$REGIONS" -v pros="$PROS" -v patients="$PATIENTS" -v posts="$POSTS" -v hash="$hash" \
      -f bench/gen/notebook.postgresql.sql >/dev/null
    echo "generated $POSTS posts for $PATIENTS patients in $(($(date +%s) - start)) s ($(psql "$url" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))"))"
  fi
else
  url="sqlite:$db"
  dbname="SQLite"
  if [ ! -f "$db" ]; then
    "$bin" migrate --db "$url" >/dev/null
    echo "bench-password" | "$bin" admin create --db "$url" --login bench-admin --name bench >/dev/null
    hash=$(sqlite3 "$db" "SELECT password_hash FROM users WHERE login = 'bench-admin'")
    start=$(date +%s)
    sqlite3 "$db" -cmd ".parameter set @regions $REGIONS" -cmd ".parameter set @pros $PROS" \
      -cmd ".parameter set @patients $PATIENTS" -cmd ".parameter set @posts $POSTS" \
      -cmd ".parameter set @hash '$hash'" <bench/gen/notebook.sqlite.sql >/dev/null
    echo "generated $POSTS posts for $PATIENTS patients in $(($(date +%s) - start)) s ($(du -h "$db" | cut -f1))"
  fi
fi

"$bin" serve --db "$url" --listen 127.0.0.1:$port --threads 256 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 200); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
if [ "$dbname" = SQLite ]; then  # the server's indexer builds the search index file on first start
  start=$(date +%s)
  last=$(sqlite3 "$db" "SELECT COALESCE(MAX(rowid), 0) FROM posts")
  until [ "$(sqlite3 "$db.search" "SELECT indexed_through FROM search_state" 2>/dev/null || echo 0)" -ge "$last" ]; do sleep 1; done
  echo "search index up to date after $(($(date +%s) - start)) s ($(du -h "$db.search" | cut -f1))"
fi
sign_in() {  # login -> "cookie csrf"
  local session
  session=$(curl -sf -c "$work/cookies-$1" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"bench-password\"}" http://127.0.0.1:$port/api/v1/session)
  echo "$(awk '$6 == "tsunagu_session" {print $6 "=" $7}' "$work/cookies-$1") $(echo "$session" | sed -E 's/.*"csrf_token":"([^"]+)".*/\1/')"
}
read -r cookie _ <<<"$(sign_in bench-pro)"
read -r writer_cookie writer_csrf <<<"$(sign_in bench-writer)"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"category":"observation","body":"ベンチマークの投稿：夕食は全量摂取","urgent":false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-CSRF-Token"] = "$writer_csrf"
wrk.headers["Cookie"] = "$writer_cookie"
-- bench-writer's 40 patients in turn, as a day's posts are spread over a
-- caseload (posts on one patient are serialised by that patient's row lock);
-- none of them is bench-pro's, so reads measured later find what they found.
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, string.format("/api/v1/patients/p%06d/posts", 40 + n % 40))
end
LUA

to_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'
}
# Waits until the server is idle (requests still running after wrk stopped,
# a slow search say, would otherwise be billed to the next measurement).
settle() {
  local before after
  for _ in $(seq 60); do
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sleep 0.5
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    [ $((after - before)) -le 2 ] && return
  done
}
measure() {  # name, wrk args...   (BENCH_CONNECTIONS_NOW overrides the connections)
  local name=$1
  shift
  local out
  settle
  out=$(wrk -t2 -c"${BENCH_CONNECTIONS_NOW:-$conns}" -d"${duration}s" --timeout 5s --latency "$@")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-28s %10s %9s %9s %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:+non-2xx $non2xx}"
  echo "$rps" >"$work/rps-$name"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $dbname; $POSTS posts; wrk 2 threads, $conns connections, ${duration}s each"
printf '%-28s %10s %9s %9s\n' request "req/s" "p50(ms)" "p99(ms)"
base=http://127.0.0.1:$port
measure healthz "$base/healthz"
measure patient-list -H "Cookie: $cookie" "$base/api/v1/patients?limit=50"
measure timeline-50 -H "Cookie: $cookie" "$base/api/v1/patients/p000000/posts?limit=50"
measure search -H "Cookie: $cookie" "$base/api/v1/posts?q=%E8%A1%80%E5%9C%A7%20120&limit=20"
measure posting -s "$work/post.lua" "$base/"
health=$(cat "$work/rps-healthz")
for name in patient-list timeline-50 search posting; do
  awk -v a="$(cat "$work/rps-$name")" -v b="$health" -v n="$name" 'BEGIN { printf "ratio %s : healthz = %.2f\n", n, a / b }'
done
# The two real peers in ../shared/STACK.md were measured at 8 connections.
echo "at 8 connections (the peers' measurement):"
export BENCH_CONNECTIONS_NOW=8
measure patient-list-8 -H "Cookie: $cookie" "$base/api/v1/patients?limit=50"
measure timeline-50-8 -H "Cookie: $cookie" "$base/api/v1/patients/p000000/posts?limit=50"
measure posting-8 -s "$work/post.lua" "$base/"
unset BENCH_CONNECTIONS_NOW
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
