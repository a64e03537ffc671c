#!/usr/bin/env bash
# Benchmark (not a test): creates N stores through the platform's API on the local control plane and prints
# time-to-READY p50/p95, as seen by the client and as recorded by the platform. Stores are created one after
# another (each waits for READY) unless CONCURRENT=1, then all at once. Everything is deleted afterwards.
#   usage: scripts/bench-provisioning.sh [N]      (default 10)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
n="${1:-10}"
concurrent="${CONCURRENT:-0}"

bash scripts/cluster.sh prepare >/dev/null
mvn -B -ntp -q -DskipTests package
export URUMI_CLUSTER_DIR="$repo/data/bench-cluster"
bash scripts/cluster.sh up >/dev/null
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
KUBECONFIG="$URUMI_CLUSTER_DIR/kubeconfig" URUMI_PORT="$port" URUMI_JDBC_URL="jdbc:h2:file:$work/urumi" \
  URUMI_LOG_LEVEL=WARN java -jar app/target/urumi.jar >"$work/platform.log" 2>&1 &
pid=$!
# The benchmark's own cluster stops with it, so nothing keeps running after the figures are printed.
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"; bash scripts/cluster.sh down >/dev/null' EXIT
api="http://127.0.0.1:$port/api/stores"
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.5; done

now_ms() { date +%s%3N; }
wait_state() { # id, wanted state; prints elapsed ms
  local id=$1 want=$2 start state
  start=$(now_ms)
  while :; do
    state=$(curl -sf "$api/$id" | jq -r .state)
    [[ $state == "$want" ]] && break
    [[ $state == FAILED ]] && { echo "store $id FAILED: $(curl -sf "$api/$id" | jq -r .failure.reason)" >&2; exit 1; }
    sleep 0.1
  done
}
create() {
  curl -sf -X POST "$api" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"engine\":\"woocommerce\",\"adminEmail\":\"bench@example.com\"}" >/dev/null
}

run_id="b$(date +%s | tail -c 6)"
declare -a client_ms
t0=$(now_ms)
if [[ $concurrent == 1 ]]; then
  for i in $(seq 1 "$n"); do create "$run_id-$i"; done
  for i in $(seq 1 "$n"); do wait_state "$run_id-$i" READY; done
  total=$(( $(now_ms) - t0 ))
else
  for i in $(seq 1 "$n"); do
    s=$(now_ms); create "$run_id-$i"; wait_state "$run_id-$i" READY; client_ms+=($(( $(now_ms) - s )))
  done
  total=$(( $(now_ms) - t0 ))
fi
server_s=$(for i in $(seq 1 "$n"); do curl -sf "$api/$run_id-$i" | jq -r .provisioningSeconds; done)

python3 - "$n" "$concurrent" "$total" "${client_ms[*]:-}" "$server_s" <<'PY'
import sys, statistics
n, conc, total = int(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3])
client = [int(x) / 1000 for x in sys.argv[4].split()] if sys.argv[4].strip() else []
server = [float(x) for x in sys.argv[5].split()]
def pct(xs, p):
    xs = sorted(xs); k = max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1)); return xs[k]
print(f"stores: {n}  mode: {'concurrent' if conc else 'one after another'}  wall: {total/1000:.1f} s  "
      f"throughput: {n / (total / 60000):.1f} stores/min")
print(f"{'measure':<36}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
if client:
    print(f"{'client: POST to READY seen by poll':<36}{pct(client,50):>8.2f}{pct(client,95):>8.2f}{max(client):>8.2f}")
print(f"{'platform: provisioningSeconds':<36}{pct(server,50):>8.2f}{pct(server,95):>8.2f}{max(server):>8.2f}")
PY

for i in $(seq 1 "$n"); do curl -sf -X DELETE "$api/$run_id-$i" >/dev/null; done
for i in $(seq 1 "$n"); do wait_state "$run_id-$i" DELETED; done
echo "all $n stores deleted"
