#!/usr/bin/env bash
# Packs the edge distribution into one archive to copy to an edge (a Jetson, a small server):
# bin/cdc-edge, cdc-edge.jar and the jars it runs with (no pytorch, no openblas; the linux-x86_64
# and linux-arm64 natives of JavaCPP and the CUDA presets included), in the layout bin/cdc-edge
# expects. Then it unpacks the archive into a scratch directory and runs `cdc-edge info` from
# there, so an archive that cannot start is never left behind.
#
#   scripts/edge-pack.sh [OUT.tar.gz]      (default: cli/target/cdc-edge-VERSION.tar.gz)
#
# On the edge: tar xzf cdc-edge-VERSION.tar.gz && cdc-edge-VERSION/bin/cdc-edge info
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/cli/target/cdc-edge.jar" ]; then
  echo "edge-pack: $root/cli/target/cdc-edge.jar is not built yet; run: (cd $root && mvn -B -q package -DskipTests)" >&2
  exit 1
fi
version="$(unzip -p "$root/cli/target/cdc-edge.jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')"
name="cdc-edge-${version:-unknown}"
out="${1:-$root/cli/target/$name.tar.gz}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/cli/target/lib"
cp "$root/bin/cdc-edge" "$stage/$name/bin/"
cp "$root/cli/target/cdc-edge.jar" "$stage/$name/cli/target/"
for lib in "$root"/cli/target/lib/*.jar; do
  case "$(basename "$lib")" in
    pytorch-*|openblas-*) ;;
    *) cp "$lib" "$stage/$name/cli/target/lib/" ;;
  esac
done
cp "$root/docs/edge.md" "$stage/$name/README-edge.md"
tar -C "$stage" -czf "$out" "$name"
check="$stage/check"
mkdir -p "$check"
tar -C "$check" -xzf "$out"
if ls "$check/$name/cli/target/lib" | grep -qE '^(pytorch|openblas)-'; then
  echo "edge-pack: a LibTorch jar got into $out" >&2
  exit 1
fi
"$check/$name/bin/cdc-edge" info > "$stage/info.txt"
echo "$out: $(du -h "$out" | cut -f1) packed, $(du -sh "$check/$name" | cut -f1) unpacked, $(ls "$check/$name/cli/target/lib" | wc -l) jars, no LibTorch; cdc-edge info from the unpacked copy:"
cat "$stage/info.txt"
