#!/usr/bin/env bash
# Runs every test. The data-set tests need the real files, so they are fetched first (a no-op
# when they are already present and verified).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q package -DskipTests
bin/cdc data fetch
mvn -B verify
