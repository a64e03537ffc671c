#!/usr/bin/env bash
# Prints how fast the store list is served with 1,000 stores (p50/p95/p99 over loopback HTTP).
# Usage: scripts/bench-pages.sh [requests per route, default 500] [stores, default 1000]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

mvn -B -ntp -q -pl app test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench.classpath)" \
  io.urumi.ui.PageRenderBenchmark "$@"
