#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100 as a server + web UI) for the editor tests, offline
# apart from the npm registry. Skips itself when the install is complete. Each step below fixes
# one pitfall recorded in the project's EDITOR-E2E design note.
set -euo pipefail
cd "$(dirname "$0")"

stamp=node_modules/.faultline-setup-done
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" ]]; then
  echo "editor tests: code-server already installed"
  exit 0
fi

if [[ ! -f /usr/include/gssapi/gssapi.h ]]; then
  echo "editor tests: the kerberos module needs gssapi headers: apt-get install -y libkrb5-dev" >&2
  exit 1
fi

# Fetch the packages without running their install scripts: the ripgrep tarball (below) has
# to exist before code-server's own postinstall runs.
npm ci --ignore-scripts --no-audit --no-fund

# code-server's inner @vscode/ripgrep@1.15.11 downloads rg from GitHub unless it finds this
# tarball in its cache under $TMPDIR; build it from the binary in @vscode/ripgrep-linux-x64.
export TMPDIR="$PWD/.tmp"
cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C node_modules/@vscode/ripgrep-linux-x64/bin rg

# As root, code-server's postinstall refuses to run without unsafe-perm; node-pty's postinstall
# runs `npx node-gyp` (npm_config_yes answers its prompt) and must use the local Node headers.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_nodedir=/usr
npm rebuild --no-audit --no-fund

test -f node_modules/code-server/lib/vscode/node_modules/node-pty/package.json
echo "$lock_hash" > "$stamp"
echo "editor tests: code-server installed"
