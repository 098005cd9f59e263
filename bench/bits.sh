#!/usr/bin/env bash
# Bitmaps and HyperLogLog against Redis, same run (issue 9): SETBIT, GETBIT, BITCOUNT and PFADD,
# PFCOUNT throughput with redis-benchmark custom commands at -P 16, alternating servers.
# SETBIT's offset is fixed: redis-benchmark's __rand_int__ is zero-padded to 12 digits, which both
# servers reject as a bit offset, so the randomness goes into the key (100k bitmaps) instead.
# Usage: bench/bits.sh   (engine compiled: mvn -o -pl engine compile; needs redis-server,
# redis-benchmark, redis-cli; ports 7620-7621 free). ROUNDS=3 N=400000 by default.
set -u
cd "$(dirname "$0")/.."
CP="engine/target/classes:$(cat engine/target/glassbox.classpath 2>/dev/null || cat /work/main/engine/target/glassbox.classpath)"
mapfile -t JAVA_OPTS < <(./glassbox jvm-options)   # the launcher's, so the server runs as users run it
N=${N:-400000}
ROUNDS=${ROUNDS:-3}
start() { # name port
  if [ "$1" = redis ]; then redis-server --port "$2" --save '' --appendonly no >/dev/null 2>&1 &
  else java "${JAVA_OPTS[@]}" -cp "$CP" io.glassbox.engine.ServerMain --port "$2" --save '' --appendonly no >/dev/null 2>&1 & fi
  for i in $(seq 1 150); do redis-cli -p "$2" ping >/dev/null 2>&1 && break; sleep 0.2; done
}
stop() { redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true; sleep 0.5; }
rps() { # port args... -> requests per second
  local port=$1; shift
  redis-benchmark -p "$port" -P 16 -c 50 -n "$N" -r 100000 -q "$@" | tr '\r' '\n' | awk '/requests per second/{v=$(NF-5)} END{print v}'
}
workloads=(
  "setbit|SETBIT bm:__rand_int__ 4711 1"
  "getbit|GETBIT bm:__rand_int__ 4711"
  "bitcount|BITCOUNT bm:__rand_int__"
  "pfadd|PFADD hll el:__rand_int__"
  "pfcount|PFCOUNT hll"
)
start redis 7620; start glassbox 7621
# warm-up (the JIT) on both, which also creates the keys the reads use
for w in "${workloads[@]}"; do for p in 7620 7621; do rps $p ${w#*|} >/dev/null; done; done
echo "load: $(uptime)"
for r in $(seq 1 "$ROUNDS"); do
  for w in "${workloads[@]}"; do
    for p in 7620 7621; do
      echo "${w%%|*} port=$p round=$r $(rps $p ${w#*|})"
    done
  done
done
for p in 7620 7621; do echo "port=$p pfcount=$(redis-cli -p $p pfcount hll) bitmaps=$(redis-cli -p $p dbsize)"; done
stop 7620; stop 7621
