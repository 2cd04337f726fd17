#!/usr/bin/env bash
# Runs the edge distribution (bin/cdc-edge, no LibTorch) on an arm64 JVM, a Jetson's platform,
# under qemu's user-mode emulation on this x86 machine, and checks that it encodes real images to
# the very bytes the x86 JVM writes, bit-packed and rANS-coded.
#
#   scripts/edge-arm64.sh MODEL.cdcm [IMAGES]      (default: 256 MNIST test images)
#
# Needs, besides a build (mvn -B -q package -DskipTests) and the MNIST data (bin/cdc data fetch):
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install qemu-user-static openjdk-17-jre-headless:arm64
# Exit 0: same bytes on both; 1: they differ or a run failed; 3: the emulator or the arm64 JVM is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:?usage: scripts/edge-arm64.sh MODEL.cdcm [IMAGES]}"
images="${2:-256}"
qemu=/usr/bin/qemu-aarch64-static
arm_java=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
if [ ! -x "$qemu" ] || [ ! -x "$arm_java" ]; then
  echo "edge-arm64: needs $qemu and $arm_java: apt-get install qemu-user-static openjdk-17-jre-headless:arm64 (after dpkg --add-architecture arm64)" >&2
  exit 3
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== cdc-edge info on arm64 (emulated)"
CDC_JAVA="$qemu $arm_java" "$root/bin/cdc-edge" info
status=0
for codec in packed rans; do
  "$root/bin/cdc-edge" encode --model "$model" --dataset mnist --split test --images "$images" --codec "$codec" \
    --out "$work/x86-$codec.cdc" > /dev/null
  started=$(date +%s)
  CDC_JAVA="$qemu $arm_java" "$root/bin/cdc-edge" encode --model "$model" --dataset mnist --split test --images "$images" \
    --codec "$codec" --out "$work/arm64-$codec.cdc" > /dev/null
  if cmp -s "$work/x86-$codec.cdc" "$work/arm64-$codec.cdc"; then
    echo "== $codec: arm64 and x86 wrote the same $(stat -c %s "$work/x86-$codec.cdc") bytes ($images images; arm64 took $(( $(date +%s) - started )) s emulated)"
  else
    echo "== $codec: arm64 and x86 shards DIFFER" >&2
    status=1
  fi
done
exit $status
