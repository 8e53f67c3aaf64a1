#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, on the machine's Node 20) and Debian's chromium (for
# the end-to-end tests, driven by the playwright-core devDependency); code-server goes into
# a cache folder outside the extension's own node_modules. Recipe: ../shared/research/vscode-e2e-feasibility.md §2, §5.
# Everything comes from Debian's archive and the npm registry; ripgrep's GitHub download is pre-seeded with Debian's rg.
set -euo pipefail
DEST=${E2E_DIR:-$HOME/.cache/rollout-pilot/e2e}
if [ -x "$DEST/cs/node_modules/.bin/code-server" ] && [ -x /usr/bin/chromium ]; then
  echo "cached: $DEST"; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends chromium libkrb5-dev ripgrep pkg-config >/dev/null
mkdir -p "$DEST/install-tmp/vscode-ripgrep-cache-1.15.11" "$DEST/rg"
cp /usr/bin/rg "$DEST/rg/rg"
tar -C "$DEST/rg" -czf "$DEST/install-tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
mkdir -p "$DEST/cs" && cd "$DEST/cs"
[ -f package.json ] || echo '{"name":"e2e-code-server","private":true}' > package.json
TMPDIR="$DEST/install-tmp" npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm code-server@4.100.3 >"$DEST/install.log" 2>&1 \
  || { tail -30 "$DEST/install.log"; exit 1; }
echo "installed: $DEST"
