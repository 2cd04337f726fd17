#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of the readers of untrusted files: .npy arrays, .cdc shards,
# model files (whole archives, and model.json inside a valid one), rANS tables and streams. Each target runs for its
# @FuzzTest maxDuration in a JVM of 256 MiB, so an input that makes a reader allocate beyond a
# small multiple of itself fails as an out-of-memory finding. Findings (the input that failed)
# land next to the committed inputs under src/test/resources/.../*FuzzTestInputs/, where the test
# command then replays them; the corpus grows in .cifuzz-corpus/ (ignored by git).
# Usage: scripts/fuzz.sh [TARGET...]   TARGET as module:Class#method, default all five.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    core:dev.cdc.core.npy.NpyReaderFuzzTest#readsOrRefuses
    core:dev.cdc.core.shard.ShardReaderCoverageFuzzTest#readsOrRefuses
    core:dev.cdc.core.entropy.RansDecoderFuzzTest#decodesOrRefuses
    training:dev.cdc.training.store.ModelFileFuzzTest#wholeFileLoadsOrIsRefused
    training:dev.cdc.training.store.ModelFileFuzzTest#modelJsonLoadsOrIsRefused
  )
fi
mvn -B -q install -DskipTests
mkdir -p cdc-out/fuzz
status=0
for target in "${targets[@]}"; do
  module=${target%%:*}
  test=${target#*:}
  log="cdc-out/fuzz/${test//[#.]/-}.log"
  echo "== fuzzing $test (log: $log)"
  if JAZZER_FUZZ=1 mvn -B -o -pl "$module" test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.instrument='dev.cdc.**' -DargLine="-Xmx256m -XX:-OmitStackTraceInFastThrow" > "$log" 2>&1; then
    echo "   no finding"
  else
    echo "   FINDING or failure: see $log"
    status=1
  fi
  # libFuzzer's last status line: inputs tried (#N), coverage, corpus size.
  grep -E '^#[0-9]+' "$log" | tail -n 1 || true
done
exit $status
