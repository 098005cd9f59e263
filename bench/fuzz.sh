#!/usr/bin/env bash
# The engine's coverage-guided fuzzers (Jazzer, docs/fuzzing.md), one at a time and for as long as
# you like; mvn test only replays their committed seeds and findings.
# Usage: bench/fuzz.sh TARGET [SECONDS]   TARGET: parser | rdb | restore | aof   (SECONDS: 300)
#        bench/fuzz.sh all [SECONDS]      each target in turn
#        bench/fuzz.sh seeds              rewrites the seed corpora from Glassbox and redis-server
# MVN_FLAGS (e.g. "-o") go to every mvn call. A finding stops the run: its input is written as
# crash-<sha1> in the target's seed directory (engine/src/test/resources/.../<Test>Inputs/<method>/),
# where mvn test replays it from then on. The corpus a run grows stays in engine/.cifuzz-corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/fuzz.sh parser|rdb|restore|aof|all|seeds [SECONDS]}
seconds=${2:-300}
class_of() {
  case "$1" in
    parser) echo RequestParserFuzzTest ;;
    rdb) echo RdbLoadFuzzTest ;;
    restore) echo RestorePayloadFuzzTest ;;
    aof) echo AofLoadFuzzTest ;;
    *) echo "unknown target $1 (parser, rdb, restore, aof)" >&2; exit 2 ;;
  esac
}
run() { # target
  local class
  class=$(class_of "$1")
  echo "== $1 ($class), ${seconds}s"
  # the ordinary test run finds no test (it leaves @FuzzTest out); the "fuzz" execution fuzzes this one
  mvn -B ${MVN_FLAGS:-} -pl engine test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.on=1 -Dfuzz.seconds="${seconds}s" -Dfuzz.workdir="$PWD/engine" 2>&1 \
    | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|crash-|Finding|Tests run:.*in io|BUILD|ERROR\]' || true
}
case "$target" in
  seeds)
    mvn -B -q ${MVN_FLAGS:-} -pl engine test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/fuzz-seeds.classpath
    java -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/fuzz-seeds.classpath)" \
        io.glassbox.persistence.rdb.FuzzSeeds engine/src/test/resources
    python3 bench/fuzz-seeds-redis.py "${PORT:-7650}"
    ;;
  all) for t in parser rdb restore aof; do run "$t"; done ;;
  *) run "$target" ;;
esac
