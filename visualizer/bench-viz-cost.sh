#!/bin/bash
# What the visualizer costs the engine: one redis-benchmark round against an engine in one of three
# modes, with the per-thread CPU of the engine's JVM during the measured run.
#
#   visualizer/bench-viz-cost.sh MODE PORT [redis-benchmark args...]
#     MODE  server  a plain engine (ServerMain)
#           viz     the window, rendered headless by Monocle (the frame loop runs as with a display)
#           nowin   subscribed to the hooks and drained 60 times a second, nothing drawn
#   e.g.  flock /tmp/glassbox-mvn.lock visualizer/bench-viz-cost.sh viz 7650 -P 16 -t set,get -n 500000
#
# Needs compiled classes (mvn -pl visualizer -am compile) and the dependency classpath in $VIZ_CP
# (default /tmp/viz.cp), written once by:
#   mvn -q -o -pl visualizer dependency:build-classpath -Dmdep.outputFile=/tmp/viz.cp
# CLASSES (default visualizer/target/classes:engine/target/classes): the compiled classes to run, e.g. a
# copy of an earlier build, so that builds can go on between the rounds of a before/after comparison.
# WARMUPS (default 3) discarded rounds first: the JIT and JavaFX's first frames settle, and a window
# still compiling its paint code costs the engine far more than one that has settled.
# Prints: mode, load average, requests per second per test, the window's fps samples and its health
# line from the middle of the round (viz: the render budget and what snapshots cost the command
# thread), and
# each thread's CPU during the measured round in 10 ms ticks (a name is cut to 15 characters, so the
# hooks' delivery threads add up under "glassbox-hooks-").
cd "$(dirname "$0")/.." || exit 1
mode=$1; port=$2; shift 2
# the launcher's JVM options, so both modes run as a user runs them
OPTS="$(./glassbox jvm-options | tr '\n' ' ') ${EXTRA_OPTS:-}"
CP=${CLASSES:-visualizer/target/classes:engine/target/classes}:$(cat "${VIZ_CP:-/tmp/viz.cp}")
log=$(mktemp)
case $mode in
  server) main=io.glassbox.engine.ServerMain; flags= ;;
  viz) main=io.glassbox.visualizer.VisualizerMain; flags="--headless --stats" ;;
  nowin) main=io.glassbox.visualizer.VisualizerMain; flags=--no-window ;;
  *) echo "mode: server | viz | nowin" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
java $OPTS -cp "$CP" $main $flags --port "$port" --save "" --appendonly no >"$log" 2>&1 &
pid=$!
sleep 6

threads() { # one line per thread: cpu ticks (utime + stime) and name
  for t in /proc/$pid/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    rest=${s##*) }
    read -r -a f <<<"$rest"
    echo "$(basename "$t") $((f[11] + f[12])) $(tr ' ' '_' <"$t/comm")"
  done | sort
}

for _ in $(seq "${WARMUPS:-3}"); do redis-benchmark -p "$port" "$@" -q >/dev/null 2>&1; done
lines=$(wc -l <"$log")
before=$(threads)
printf "%-6s load %s  " "$mode" "$(cut -d' ' -f1 /proc/loadavg)"
redis-benchmark -p "$port" "$@" -q 2>&1 | tr '\r' '\n' | grep "requests per second" | sed 's/ requests per second.*//' | tr '\n' ' '
after=$(threads)
kill $pid; wait $pid 2>/dev/null
echo
if [ "$mode" = viz ]; then
  tail -n +$((lines + 1)) "$log" | grep fps | awk '{print $2}' | tr '\n' ' ' | sed 's/^/   fps samples: /'; echo
  tail -n +$((lines + 1)) "$log" | grep fps | awk '{a[NR] = $0} END {print "   mid-round health line: " a[int((NR + 1) / 2)]}'
fi
join <(echo "$before") <(echo "$after") | awk '{d = $4 - $2; if (d > 0) n[$3] += d} END {for (k in n) print n[k], k}' \
  | sort -rn | head -8 | sed 's/^/   cpu ticks /'
rm -f "$log"
