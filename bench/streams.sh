#!/usr/bin/env bash
# Streams against Redis, same run: XADD and XRANGE throughput (redis-benchmark, custom commands,
# -P 16), then the memory of a 1M-entry stream filled through redis-cli --pipe.
# Usage: bench/streams.sh   (from a worktree whose engine is compiled: mvn -o -pl engine compile;
# needs redis-server, redis-benchmark, redis-cli; ports 7610-7611 free)
set -u
cd "$(dirname "$0")/.."
CP="engine/target/classes:$(cat engine/target/glassbox.classpath 2>/dev/null || cat /work/main/engine/target/glassbox.classpath)"
mapfile -t JAVA_OPTS < <(./glassbox jvm-options)   # the launcher's, so the server runs as users run it
N=${N:-400000}
ROUNDS=${ROUNDS:-3}
start() { # name port
  if [ "$1" = redis ]; then redis-server --port "$2" --save '' --appendonly no >/dev/null 2>&1 &
  else java "${JAVA_OPTS[@]}" -cp "$CP" io.glassbox.engine.ServerMain --port "$2" --save '' --appendonly no >/dev/null 2>&1 & fi
  PID=$!
  for i in $(seq 1 150); do redis-cli -p "$2" ping >/dev/null 2>&1 && break; sleep 0.2; done
}
stop() { redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true; sleep 0.5; }
rps() { # port args... -> requests per second
  local port=$1; shift
  redis-benchmark -p "$port" -P 16 -c 50 -n "$N" -q "$@" | tr '\r' '\n' | awk '/requests per second/{v=$(NF-5)} END{print v}'
}
rss() { awk '/VmRSS/{print $2}' /proc/$1/status; }
used() { redis-cli -p "$1" info memory | tr -d '\r' | awk -F: '$1=="used_memory"{print $2}'; }

start redis 7610; start glassbox 7611
for p in 7610 7611; do redis-cli -p $p xadd warm '*' f v >/dev/null; done
# warm-up for the JIT, then alternate measured rounds
rps 7611 XADD w '*' f v >/dev/null; rps 7611 XRANGE w - + COUNT 10 >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  for p in 7610 7611; do
    redis-cli -p $p del s >/dev/null
    echo "xadd port=$p round=$r $(rps $p XADD s '*' f v)"
    echo "xrange port=$p round=$r $(rps $p XRANGE s - + COUNT 10)"
  done
done
stop 7610; stop 7611

# memory: 1M entries (`XADD s * field value:NNNNNNN`, 1000 per pipelined batch of commands)
awk 'BEGIN{ for (i = 0; i < 1000000; i++) { v = sprintf("value:%07d", i);
  printf "*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$5\r\nfield\r\n$%d\r\n%s\r\n", length(v), v } }' > "${TMPDIR:-/tmp}"/glassbox-stream-1m.resp
for name in redis glassbox; do
  start $name 7610
  # the JVM's used_memory counts garbage too: collect before each reading (jcmd GC.run)
  [ $name = glassbox ] && jcmd $PID GC.run >/dev/null
  u0=$(used 7610); r0=$(rss $PID)
  redis-cli -p 7610 --pipe < "${TMPDIR:-/tmp}"/glassbox-stream-1m.resp >/dev/null
  sleep 1
  [ $name = glassbox ] && jcmd $PID GC.run >/dev/null
  u1=$(used 7610); r1=$(rss $PID)
  echo "memory $name entries=$(redis-cli -p 7610 xlen s) used_memory_delta=$((u1-u0)) ($(( (u1-u0)/1000000 )) B/entry) rss_delta_kB=$((r1-r0)) rss_total_kB=$r1 listpack_nodes=$(redis-cli -p 7610 xinfo stream s | sed -n 4p)"
  stop 7610
done
