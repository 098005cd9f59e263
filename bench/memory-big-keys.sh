#!/usr/bin/env bash
# Memory of one 1M-member sorted set and one 1M-field hash, Redis vs Glassbox (fresh instances).
# Usage: bench/memory-big-keys.sh   (needs redis-server, redis-cli, ss; ports 22201-22202 free)
set -u
gen() { # $1 = zset|hash
  awk -v kind="$1" 'BEGIN{
    for (b = 0; b < 1000; b++) {
      n = 2 + 2*1000
      printf "*%d\r\n", n
      if (kind == "zset") { printf "$4\r\nZADD\r\n$1\r\nz\r\n" } else { printf "$4\r\nHSET\r\n$1\r\nh\r\n" }
      for (i = 0; i < 1000; i++) {
        k = b*1000 + i
        if (kind == "zset") { s = sprintf("%d", k * 7 % 1000003); m = sprintf("member:%07d", k) }
        else { s = sprintf("field:%07d", k); m = sprintf("value:%07d", k) }
        if (kind == "zset") { printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(s), s, length(m), m }
        else { printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(s), s, length(m), m }
      }
    }}' > "${TMPDIR:-/tmp}"/glassbox-mem-$1.resp
}
gen zset; gen hash
rss() { awk '/VmRSS/{print $2}' /proc/$1/status; }
used() { redis-cli -p $1 info memory | tr -d '\r' | awk -F: '$1=="used_memory"{print $2}'; }
run() { # name cmd port kind
  local name=$1 cmd=$2 port=$3 kind=$4
  bash -c "$cmd" >/dev/null 2>&1 &
  for i in $(seq 1 100); do redis-cli -p $port ping >/dev/null 2>&1 && break; sleep 0.2; done
  local pid; pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  sleep 1; local r0 u0; r0=$(rss $pid); u0=$(used $port)
  redis-cli -p $port --pipe < "${TMPDIR:-/tmp}"/glassbox-mem-$kind.resp >/dev/null
  # RSS is read twice: 2 s after the load, and 8 s after it, once the JVM's native-heap trimmer
  # (launcher: every second) and jemalloc's background purge have handed freed memory back.
  sleep 2; local r1 u1 r2; r1=$(rss $pid); u1=$(used $port)
  sleep 6; r2=$(rss $pid)
  local card; if [ $kind = zset ]; then card=$(redis-cli -p $port zcard z); else card=$(redis-cli -p $port hlen h); fi
  echo "$kind $name members=$card used_memory_delta=$((u1-u0)) ($(( (u1-u0)/card )) B/member) rss_delta_kB=$((r1-r0)) ($(( (r1-r0)*1024/card )) B/member) rss_total_kB=$r1 (after 8 s: $r2)"
  kill $pid; sleep 1
}
cd "$(dirname "$0")/.."
for kind in zset hash; do
  run redis "exec redis-server --port 22201 --save '' --appendonly no" 22201 $kind
  run glassbox "GLASSBOX_NO_BUILD=1 exec ./glassbox server --port 22202 --save '' --appendonly no" 22202 $kind
done
