#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, on the machine's Node 20), Debian's chromium (for
# the end-to-end tests, driven by the playwright-core devDependency) and the CJK fonts; code-server goes into
# a cache folder outside the extension's own node_modules. How and why: docs/exthost.md.
# Everything comes from Debian's archive and the npm registry; ripgrep's GitHub download is pre-seeded with Debian's rg.
set -euo pipefail
# Debian's fonts-noto-cjk comes with the browser: the seed manifests' comments are Korean, and without a CJK font
# chromium draws them as empty boxes in the editor.
DEST=${E2E_DIR:-$HOME/.cache/rollout-pilot/e2e}
have_cs() { [ -x "$DEST/cs/node_modules/.bin/code-server" ]; }
have_cjk() { dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; }
if have_cs && [ -x /usr/bin/chromium ] && have_cjk; then
  echo "cached: $DEST"; exit 0
fi
pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
have_cjk || pkgs+=(fonts-noto-cjk)
have_cs || pkgs+=(libkrb5-dev ripgrep pkg-config)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
# another apt-get may hold the lock for a while: wait for it rather than fail
apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${pkgs[@]}" >/dev/null \
  || { echo "apt-get install ${pkgs[*]} failed (run as root, or with sudo rights)" >&2; exit 1; }
if have_cs; then
  echo "installed: ${pkgs[*]} (code-server cached: $DEST)"; exit 0
fi
mkdir -p "$DEST/install-tmp/vscode-ripgrep-cache-1.15.11" "$DEST/rg"
cp /usr/bin/rg "$DEST/rg/rg"
tar -C "$DEST/rg" -czf "$DEST/install-tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
mkdir -p "$DEST/cs" && cd "$DEST/cs"
[ -f package.json ] || echo '{"name":"e2e-code-server","private":true}' > package.json
TMPDIR="$DEST/install-tmp" npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm code-server@4.100.3 >"$DEST/install.log" 2>&1 \
  || { tail -30 "$DEST/install.log"; exit 1; }
echo "installed: $DEST"
