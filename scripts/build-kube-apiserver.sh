#!/usr/bin/env bash
# Builds kube-apiserver v1.20.2 from Debian bookworm's own "kubernetes" source package, once, and caches it.
# Why: no prebuilt kube-apiserver is reachable from these machines (no Debian binary package, nothing on npm),
# and the cluster tests must face a real API server. How it is used: docs/cluster.md, "The test cluster".
# Uses Debian's archive only, through a private apt config (the system's apt config is untouched).
set -euo pipefail
WORK=${KAPI_WORK:-$HOME/.cache/kube-apiserver-debian}
OUT=$WORK/bin/kube-apiserver
need_pkgs=()
command -v etcd >/dev/null 2>&1 || need_pkgs+=(etcd-server)
if [ -x "$OUT" ]; then
  if [ ${#need_pkgs[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >/dev/null 2>&1 || true
    apt-get install -y --no-install-recommends "${need_pkgs[@]}" >/dev/null
  fi
  echo "cached: $OUT"; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update >/dev/null 2>&1 || true
apt-get install -y --no-install-recommends golang-go etcd-server rsync dpkg-dev \
  golang-github-modern-go-reflect2-dev >/dev/null
mkdir -p "$WORK/apt/lists/partial" && cd "$WORK"
URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $URI bookworm main" > apt/sources.list
APTO=(-o Dir::Etc::SourceList="$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache::pkgcache="$WORK/apt/pkgcache.bin"
      -o Dir::Cache::srcpkgcache="$WORK/apt/srcpkgcache.bin")
apt-get "${APTO[@]}" update >/dev/null
rm -rf src && mkdir src && cd src
apt-get "${APTO[@]}" source kubernetes >/dev/null 2>&1
cd kubernetes-*/
# Go >= 1.18 crashes the vendored reflect2 v1.0.1 (fatal error: fault in mapiterinit): use Debian's 1.0.2
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
rm -f vendor/github.com/modern-go/reflect2/go.mod
mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
env GOPATH="$PWD/.go" GOPROXY=off GOFLAGS=-mod=vendor CGO_ENABLED=0 HOME="$WORK/home" \
  make WHAT=cmd/kube-apiserver >"$WORK/build.log" 2>&1
install -D _output/bin/kube-apiserver "$OUT"
# the 1.8 GB source tree is not needed once the binary exists
cd "$WORK" && rm -rf src
echo "built: $OUT ($("$OUT" --version))"
