# shellcheck shell=bash
# Credentials of a dev cluster: a CA and serving cert for the API server, the ServiceAccount signing
# key pair, a static admin token and the kubeconfig. Source this file; needs STATE_DIR.

# ensure_credentials: creates whatever is missing; existing files are kept so a restarted cluster
# keeps trusting the same CA and tokens.
ensure_credentials() {
  local certs=$STATE_DIR/certs
  mkdir -p "$certs"
  if [[ ! -f $certs/apiserver.crt ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=urumi-dev-ca" \
      -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
      -keyout "$certs/apiserver.key" -out "$certs/apiserver.csr" 2>/dev/null
    # Names a client may use: loopback from the host, the in-cluster service names and IP.
    openssl x509 -req -in "$certs/apiserver.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
      -set_serial "0x$(openssl rand -hex 8)" -days 3650 -out "$certs/apiserver.crt" \
      -extfile <(printf '%s\n' \
        "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
        "extendedKeyUsage=serverAuth" \
        "keyUsage=critical,digitalSignature,keyEncipherment") 2>/dev/null
    rm -f "$certs/apiserver.csr"
  fi
  if [[ ! -f $STATE_DIR/sa.key ]]; then
    openssl genrsa -out "$STATE_DIR/sa.key" 2048 2>/dev/null
    openssl rsa -in "$STATE_DIR/sa.key" -pubout -out "$STATE_DIR/sa.pub" 2>/dev/null
  fi
  if [[ ! -f $STATE_DIR/tokens.csv ]]; then
    # token,user,uid,"groups": the admin is in system:masters, so RBAC lets it do anything.
    (umask 077 && echo "$(openssl rand -hex 24),admin,admin,\"system:masters\"" >"$STATE_DIR/tokens.csv")
  fi
}

admin_token() {
  cut -d, -f1 <"$STATE_DIR/tokens.csv" | head -n 1
}

# write_kubeconfig PATH API_PORT: an admin kubeconfig that trusts the cluster's own CA.
write_kubeconfig() {
  local path=$1 port=$2
  (umask 077 && cat >"$path.tmp") <<KC
apiVersion: v1
kind: Config
clusters:
- name: urumi-dev
  cluster:
    server: https://127.0.0.1:$port
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
