#!/usr/bin/env bash
# Packs the GPU self-test for a machine that has a GPU, CUDA 13 (say, in a Python environment's
# `nvidia` packages) but no Java and no network: a trimmed JRE and the few jars the kernels need
# (no LibTorch), about 45 MB, into .device/ (ignored by git). Copy .device/ there and run
#   .device/run.sh [DEVICE [MAX_PARITY_ELEMENTS [THROUGHPUT_ELEMENTS]]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f cli/target/lib/cdc-cuda-kernels-0.1.0.jar ] || mvn -B -q package -DskipTests
rm -rf .device
mkdir -p .device/lib
jlink --add-modules java.base,jdk.unsupported,java.logging --strip-debug --no-man-pages --no-header-files \
  --output .device/jre
for jar in cdc-core cdc-native-config cdc-cuda-kernels javacpp-1 cuda-1; do
  cp cli/target/lib/"$jar"*.jar .device/lib/
done
cat > .device/run.sh <<'RUN'
#!/usr/bin/env bash
# The GPU self-test with the packed JRE. CUDA's runtime and NVRTC come from LD_LIBRARY_PATH, or
# from a Python environment's nvidia packages (pip's CUDA 13 wheels), found here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extra=""
if command -v python3 >/dev/null; then
  for site in $(python3 -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null); do
    [ -d "$site/nvidia" ] || continue
    for lib in $(find "$site/nvidia" \( -name 'libcudart.so.13*' -o -name 'libnvrtc.so.13*' \) 2>/dev/null); do
      extra="$extra:$(dirname "$lib")"
    done
  done
fi
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}$extra"
exec "$here/jre/bin/java" -cp "$here/lib/*" dev.cdc.cuda.GpuSelfTestMain "$@"
RUN
chmod +x .device/run.sh
du -sh .device
