# shellcheck shell=bash
# Credentials of a dev cluster: a CA and serving cert for the API server, the ServiceAccount signing
# key pair, a static admin token and the kubeconfig. Source this file; needs STATE_DIR.

# ensure_credentials: creates whatever is missing; existing files are kept so a restarted cluster
# keeps trusting the same CA and tokens.
ensure_credentials() {
  local certs=$STATE_DIR/certs
  mkdir -p "$certs"
  # Certificates from before the real node lack its address: start over with a new CA (kubeconfigs are rewritten).
  if [[ -f $certs/apiserver.crt ]] && ! openssl x509 -in "$certs/apiserver.crt" -noout -text | grep -q 'IP Address:10.244.0.1'; then
    rm -f "$certs"/*
  fi
  if [[ ! -f $certs/apiserver.crt ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=urumi-dev-ca" \
      -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
      -keyout "$certs/apiserver.key" -out "$certs/apiserver.csr" 2>/dev/null
    # Names a client may use: loopback from the host, the host's pod-bridge address (a real node and its
    # pods), the in-cluster service names and IP.
    openssl x509 -req -in "$certs/apiserver.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
      -set_serial "0x$(openssl rand -hex 8)" -days 3650 -out "$certs/apiserver.crt" \
      -extfile <(printf '%s\n' \
        "subjectAltName=IP:127.0.0.1,IP:10.244.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
        "extendedKeyUsage=serverAuth" \
        "keyUsage=critical,digitalSignature,keyEncipherment") 2>/dev/null
    rm -f "$certs/apiserver.csr"
  fi
  if [[ ! -f $certs/apiserver-kubelet-client.crt ]]; then
    # How the API server proves itself to a real kubelet (logs, exec): a client of the cluster CA in system:masters.
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" \
      -keyout "$certs/apiserver-kubelet-client.key" -out "$certs/kubelet-client.csr" 2>/dev/null
    openssl x509 -req -in "$certs/kubelet-client.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
      -set_serial "0x$(openssl rand -hex 8)" -days 3650 -out "$certs/apiserver-kubelet-client.crt" \
      -extfile <(printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment") \
      2>/dev/null
    rm -f "$certs/kubelet-client.csr"
  fi
  if [[ ! -f $STATE_DIR/sa.key ]]; then
    openssl genrsa -out "$STATE_DIR/sa.key" 2048 2>/dev/null
    openssl rsa -in "$STATE_DIR/sa.key" -pubout -out "$STATE_DIR/sa.pub" 2>/dev/null
  fi
  if [[ ! -f $STATE_DIR/tokens.csv ]]; then
    # token,user,uid,"groups": the admin is in system:masters, so RBAC lets it do anything.
    (umask 077 && echo "$(openssl rand -hex 24),admin,admin,\"system:masters\"" >"$STATE_DIR/tokens.csv")
  fi
  # A real node's kubelet (authorized by the Node authorizer) and kube-proxy (bound to system:node-proxier).
  grep -q ',system:node:urumi-node,' "$STATE_DIR/tokens.csv" \
    || echo "$(openssl rand -hex 24),system:node:urumi-node,kubelet,\"system:nodes\"" >>"$STATE_DIR/tokens.csv"
  grep -q ',system:kube-proxy,' "$STATE_DIR/tokens.csv" \
    || echo "$(openssl rand -hex 24),system:kube-proxy,kube-proxy" >>"$STATE_DIR/tokens.csv"
}

# node_token kubelet|kube-proxy: the static token of a real node's component.
node_token() {
  awk -F, -v uid="$1" '$3 == uid {print $1}' "$STATE_DIR/tokens.csv"
}

admin_token() {
  cut -d, -f1 <"$STATE_DIR/tokens.csv" | head -n 1
}

# write_kubeconfig PATH API_HOST API_PORT: an admin kubeconfig that trusts the cluster's own CA.
write_kubeconfig() {
  local path=$1 host=$2 port=$3
  (umask 077 && cat >"$path.tmp") <<KC
apiVersion: v1
kind: Config
clusters:
- name: urumi-dev
  cluster:
    server: https://$host:$port
    certificate-authority-data: $(base64 -w0 <"$STATE_DIR/certs/ca.crt")
users:
- name: urumi-dev-admin
  user:
    token: $(admin_token)
contexts:
- name: urumi-dev
  context:
    cluster: urumi-dev
    user: urumi-dev-admin
    namespace: default
current-context: urumi-dev
KC
  mv "$path.tmp" "$path"
}
