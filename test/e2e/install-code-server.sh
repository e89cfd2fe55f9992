#!/usr/bin/env bash
# Installs code-server (VS Code 1.100 in a browser, with a real Node extension host) for the e2e test.
# Works around the install steps that need the internet:
#  - code-server's postinstall downloads ripgrep from GitHub: install with --ignore-scripts, use Debian's rg;
#  - native modules are rebuilt against this machine's Node 20 (kerberos needs libkrb5-dev).
# Idempotent: a finished install (marked by .ready) is reused. Prints the install folder on its last line.
# Usage: test/e2e/install-code-server.sh [DEST]  (default: ${CODE_SERVER_HOME:-$HOME/.cache/code-server-4.100.3})
set -euo pipefail
VERSION=4.100.3
DEST=${1:-${CODE_SERVER_HOME:-$HOME/.cache/code-server-$VERSION}}
if [[ -f $DEST/.ready ]]; then echo "$DEST"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive npm_config_yes=true
need=()
for p in libkrb5-dev ripgrep chromium; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then apt-get update -qq >/dev/null; apt-get install -y -qq "${need[@]}" >/dev/null; fi
rm -rf "$DEST"; mkdir -p "$DEST"; cd "$DEST"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund "code-server@$VERSION" >/dev/null
npm rebuild argon2 >/dev/null
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
npm rebuild kerberos native-watchdog node-pty @parcel/watcher @vscode/deviceid @vscode/spdlog >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
touch "$DEST/.ready"
echo "$DEST"
