#!/usr/bin/env bash
# Runs the JMH benchmarks of the bench module. Arguments go to JMH, e.g.
#   scripts/bench.sh CpuCodecBenchmark -p bits=4 -rf json -rff cdc-out/jmh.json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/cdc-bench.jar ] || [ -n "$(find bench/src core/src native-config/src cuda-kernels/src training/src cli/src \
    -newer bench/target/cdc-bench.jar -type f -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi
exec java -cp "bench/target/cdc-bench.jar:bench/target/lib/*" org.openjdk.jmh.Main "$@"
