#!/usr/bin/env bash
# For machines WITH Docker: a kind cluster with ingress-nginx, the platform image built and loaded
# into it, and charts/platform installed with values-local.yaml. Stores are then served at
# http://<store>.127.0.0.1.nip.io (nip.io needs DNS that reaches the internet).
#
# Not run on the development machine (no Docker there): it is kept simple and conventional.
# Needs docker, kind, kubectl and helm on PATH. k3d works the same way: create the cluster with
# `k3d cluster create urumi -p 80:80@loadbalancer -p 443:443@loadbalancer --k3s-arg
# "--disable=traefik@server:0"`, install ingress-nginx, and `k3d image import` instead of `kind load`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cluster="${KIND_CLUSTER:-urumi}"
image="urumi/platform:dev"   # the tag values-local.yaml names (pullPolicy Never: loaded, not pulled)

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { echo "scripts/kind-up.sh needs $tool on PATH" >&2; exit 1; }
done

if ! kind get clusters | grep -qx "$cluster"; then
  # Ports 80 and 443 of the host reach the ingress controller on the node labelled ingress-ready.
  kind create cluster --name "$cluster" --config - <<'YAML'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    kubeadmConfigPatches:
      - |
        kind: InitConfiguration
        nodeRegistration:
          kubeletExtraArgs:
            node-labels: "ingress-ready=true"
    extraPortMappings:
      - containerPort: 80
        hostPort: 80
      - containerPort: 443
        hostPort: 443
YAML
fi
kubectl config use-context "kind-$cluster"

# ingress-nginx as the kind documentation deploys it; its IngressClass is "nginx".
kubectl apply -f https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml
kubectl -n ingress-nginx wait --for=condition=Ready pod -l app.kubernetes.io/component=controller --timeout=300s

docker build -t "$image" "$repo"
kind load docker-image "$image" --name "$cluster"

helm upgrade --install urumi "$repo/charts/platform" --namespace urumi-system --create-namespace \
  --values "$repo/charts/platform/values-local.yaml" --wait --timeout 5m

echo
echo "Urumi: http://urumi.127.0.0.1.nip.io/"
echo "Admin bootstrap password:"
echo "  kubectl -n urumi-system get secret urumi-admin -o jsonpath='{.data.password}' | base64 -d; echo"
