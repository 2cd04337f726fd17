#!/usr/bin/env bash
# What a user runs on a GPU workstation or a Jetson: kernel parity with the Java codec and
# throughput. Needs the NVIDIA driver and CUDA 13 (runtime and NVRTC) on the library path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f cli/target/cdc.jar ] || mvn -B -q package -DskipTests
exec bin/cdc selftest --gpu "$@"
