#!/usr/bin/env bash
# Time from killing a master (SIGKILL) to every Sentinel naming the new master, over real redis-server
# nodes (a master and two replicas), with three Sentinels of one kind and the same sentinel.conf
# (quorum 2, down-after-milliseconds 1000, failover-timeout 5000):
#   redis     three redis-sentinel processes
#   glassbox  three Glassbox Sentinels (./glassbox sentinel, this tree's classes: run /work/bin/wt-build first)
#   mixed     two redis-sentinel and one Glassbox Sentinel in one quorum
# Usage: bench/sentinel-failover.sh [runs] [base port] [kinds...]     (ports base .. base+12)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}; BASE=${2:-21800}; shift $(( $# > 2 ? 2 : $# )) || true
KINDS=("$@"); [ ${#KINDS[@]} -gt 0 ] || KINDS=(redis glassbox mixed)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do { kill -9 "$p"; wait "$p"; } 2>/dev/null || true; done; PIDS=(); }
trap cleanup EXIT

now_ms() { date +%s%3N; }
field() { redis-cli -p "$1" sentinel master mymaster 2>/dev/null | awk -v f="$2" 'prev==f {print; exit} {prev=$0}'; }

run_once() {
  local kind=$1 dir; dir=$(mktemp -d)
  redis-server --port "$BASE" --save '' --dir "$dir" --logfile "$dir/m.log" & PIDS+=($!); local master=$!
  for i in 1 2; do
    redis-server --port $((BASE+i)) --save '' --dir "$dir" --logfile "$dir/r$i.log" --replicaof 127.0.0.1 "$BASE" & PIDS+=($!)
  done
  for i in 0 1 2; do
    local p=$((BASE+10+i)) conf="$dir/s$i.conf"
    printf 'port %s\nsentinel monitor mymaster 127.0.0.1 %s 2\nsentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 5000\n' \
      "$p" "$BASE" > "$conf"
    if [ "$kind" = glassbox ] || { [ "$kind" = mixed ] && [ $i = 0 ]; }; then
      (cd "$dir" && GLASSBOX_NO_BUILD=1 exec "$ROOT/glassbox" sentinel "$conf" --logfile "$dir/s$i.log") & PIDS+=($!)
    else
      redis-sentinel "$conf" --logfile "$dir/s$i.log" & PIDS+=($!)
    fi
  done
  # every Sentinel knows both replicas and the two other Sentinels
  local deadline=$(( $(now_ms) + 60000 ))
  for i in 0 1 2; do
    until [ "$(field $((BASE+10+i)) num-slaves)" = 2 ] && [ "$(field $((BASE+10+i)) num-other-sentinels)" = 2 ]; do
      [ "$(now_ms)" -lt "$deadline" ] || { echo "discovery timed out ($kind)" >&2; cleanup; return 1; }
      sleep 0.1
    done
  done
  local t0; t0=$(now_ms)
  { kill -9 "$master"; wait "$master"; } 2>/dev/null || true
  local done=0
  while [ $done -lt 3 ]; do
    done=0
    for i in 0 1 2; do
      [ "$(redis-cli -p $((BASE+10+i)) sentinel get-master-addr-by-name mymaster | tail -1)" != "$BASE" ] && done=$((done+1))
    done
    [ $(( $(now_ms) - t0 )) -lt 60000 ] || { echo "failover timed out ($kind), logs kept in $dir" >&2; break; }
  done
  local took=$(( $(now_ms) - t0 ))
  echo "$kind $took"
  cleanup
  [ "$took" -ge 60000 ] || rm -rf "$dir"
  sleep 1
}

for kind in "${KINDS[@]}"; do
  for r in $(seq "$RUNS"); do run_once "$kind"; done
done
