#!/usr/bin/env bash
# Installs code-server (a real VS Code build served to a browser) into a cache
# folder for the end-to-end tests.
#
# Usage: scripts/e2e/install-code-server.sh
#   CODE_SERVER_CACHE    cache folder (default: <repo>/.cache/code-server)
#   CODE_SERVER_VERSION  npm version of code-server (default: 4.99.4 = VS Code 1.99)
#   CODE_SERVER_FORCE=1  throw the cache away and install again
#
# Needs Node/npm and the Debian packages libkrb5-dev (kerberos headers),
# ripgrep and chromium. Every step is recorded in a stamp so a rerun only does
# what is missing; the stamps are keyed on everything that makes the native
# modules valid (code-server version, Node ABI, platform), so a Node upgrade
# reinstalls instead of leaving modules that crash when loaded.
#
# Everything is installed with --ignore-scripts and the useful part of the
# install scripts is done here by hand: npm 11 warns about (and may refuse)
# dependency scripts that are not allow-listed, code-server's own postinstall
# insists on running as a non-root user or with --unsafe-perm, and
# @vscode/ripgrep's downloads rg from GitHub, which this network does not
# reach. The native modules are then compiled from source with node-gyp by
# naming them to `npm rebuild`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="${CODE_SERVER_VERSION:-4.99.4}"
cache="${CODE_SERVER_CACHE:-$repo_root/.cache/code-server}"

current_step="setup"
reported=0
fail() {
  echo "install-code-server: FAILED at step '$current_step': $*" >&2
  reported=1
  exit 1
}
# Catches what set -e stops on outside fail(), so no failure goes unnamed.
trap 'rc=$?; if [ $rc -ne 0 ] && [ $reported = 0 ]; then echo "install-code-server: FAILED at step '\''$current_step'\'' (exit $rc)" >&2; fi' EXIT

now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- prerequisites
current_step="check prerequisites"
command -v node >/dev/null || fail "node is not on PATH"
command -v npm >/dev/null || fail "npm is not on PATH"
# code-server 4.99 is built for Node 20 (its postinstall refuses others).
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || fail "code-server $version needs Node 20, this is $(node --version)"
rg_bin="$(command -v rg || true)"
[ -n "$rg_bin" ] || fail "ripgrep (rg) is missing: apt-get install ripgrep"
# kerberos is one of the native modules; without the headers node-gyp fails
# deep inside a long log, so say it up front.
command -v krb5-config >/dev/null || fail "Kerberos headers missing: apt-get install libkrb5-dev"
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || fail "$tool is needed to compile native modules"
done
command -v chromium >/dev/null || echo "install-code-server: warning: chromium not found; the e2e tests will need it (apt-get install chromium)" >&2

# node-gyp would otherwise try to download Node headers, which this network
# refuses; the Debian/NodeSource node ships them under <prefix>/include/node.
node_prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi
# npm rebuild asks before running scripts when the user config says yes=false,
# which would hang with no stdin in CI.
export npm_config_yes=true
# node-gyp compiles one file at a time unless told; on 2 cores this cut the
# native-module step from about 61 s to 53 s.
export JOBS="${JOBS:-max}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

fingerprint="code-server=$version node-abi=$(node -p process.versions.modules) $(node -p 'process.platform + "-" + process.arch')"
stamp_dir="$cache/.stamps"
done_stamp="$cache/.installed"

if [ "${CODE_SERVER_FORCE:-}" = "1" ]; then
  echo "install-code-server: CODE_SERVER_FORCE=1, removing $cache"
  rm -rf "$cache"
fi

mkdir -p "$cache" || fail "cannot create $cache"
cache="$(cd "$cache" && pwd)"
stamp_dir="$cache/.stamps"
done_stamp="$cache/.installed"

# Two test runs starting together must not both write node_modules.
exec 9>"$cache/.lock"
if command -v flock >/dev/null; then
  flock 9 || fail "cannot lock $cache/.lock"
fi

if [ -f "$done_stamp" ] && [ "$(cat "$done_stamp")" = "$fingerprint" ] \
  && [ -f "$cache/node_modules/code-server/out/node/entry.js" ]; then
  echo "install-code-server: already installed ($fingerprint) in $cache"
  exit 0
fi

# Stamps from another fingerprint describe modules built for something else.
if [ -d "$stamp_dir" ] && [ "$(cat "$stamp_dir/fingerprint" 2>/dev/null || true)" != "$fingerprint" ]; then
  echo "install-code-server: cache was built for '$(cat "$stamp_dir/fingerprint" 2>/dev/null || echo unknown)', reinstalling"
  rm -rf "$stamp_dir" "$done_stamp" "$cache/node_modules" "$cache/package.json" "$cache/package-lock.json"
fi
mkdir -p "$stamp_dir"
echo "$fingerprint" >"$stamp_dir/fingerprint"

total_start="$(now_ms)"
# step NAME CMD...: runs CMD unless NAME's stamp exists; prints the duration.
# CMD runs in a subshell with errexit on, called outside any `||` list: bash
# ignores set -e for everything run from such a list, which would let a failed
# cd inside a step go unnoticed.
step() {
  local name="$1"; shift
  local key="${name//[^A-Za-z0-9]/_}"
  current_step="$name"
  # Once a step has run again, the steps after it built on something older.
  if [ "$redo_rest" = 0 ] && [ -f "$stamp_dir/$key" ]; then
    echo "install-code-server: [skip] $name (done before)"
    return 0
  fi
  echo "install-code-server: [run ] $name"
  local start; start="$(now_ms)"
  local rc
  set +e
  ( set -e; "$@" )
  rc=$?
  set -e
  [ "$rc" -eq 0 ] || fail "command failed (exit $rc): $*"
  local ms=$(( $(now_ms) - start ))
  printf 'install-code-server: [done] %s in %d.%03ds\n' "$name" $((ms / 1000)) $((ms % 1000))
  touch "$stamp_dir/$key"
  redo_rest=1
}
redo_rest=0

vscode_dir="$cache/node_modules/code-server/lib/vscode"

install_code_server() {
  cd "$cache"
  # A package.json of our own keeps npm from walking up into the repo's.
  [ -f package.json ] || echo '{ "name": "code-server-cache", "private": true }' >package.json
  npm install --no-save --ignore-scripts --no-package-lock "code-server@$version"
}

install_vscode_deps() {
  cd "$vscode_dir"
  npm install --omit=dev --ignore-scripts
}

rebuild_vscode_native() {
  cd "$vscode_dir"
  npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty
}

link_ripgrep() {
  # @vscode/ripgrep's postinstall downloads rg from GitHub; the Debian one
  # serves search (Ctrl+Shift+F, Quick Open file listing) just as well.
  mkdir -p "$vscode_dir/node_modules/@vscode/ripgrep/bin"
  ln -sfn "$rg_bin" "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"
}

link_asar() {
  # VS Code's server resolves some modules through node_modules.asar, which a
  # packaged build has but an npm install does not.
  cd "$vscode_dir"
  ln -sfn node_modules node_modules.asar
}

rebuild_argon2() {
  # code-server loads argon2 for password auth even when run with --auth none.
  cd "$cache"
  npm rebuild argon2
}

verify() {
  local out
  # An explicit --config and XDG folders of its own keep code-server from
  # writing a default config (with a generated password) and its logs into
  # the user's home.
  local state="$cache/.verify-state"
  mkdir -p "$state"
  printf 'auth: none\n' >"$state/config.yaml"
  out="$(XDG_DATA_HOME="$state/data" XDG_CONFIG_HOME="$state/config" \
    node "$cache/node_modules/code-server/out/node/entry.js" --config "$state/config.yaml" --version 2>&1)" || {
    echo "$out" >&2
    return 1
  }
  local line
  line="$(printf '%s\n' "$out" | grep -m1 "^$version " || true)"
  if [ -z "$line" ]; then
    printf '%s\n' "$out" >&2
    echo "expected a line starting with version $version" >&2
    return 1
  fi
  echo "install-code-server: code-server --version: $line"
  # Load every native module once with this Node so a broken build fails here
  # rather than as an obscure server crash in the middle of a test.
  (cd "$vscode_dir" && node -e '
    for (const m of ["@parcel/watcher", "@vscode/spdlog", "kerberos", "native-watchdog", "node-pty"]) require(m);
  ') || return 1
  (cd "$cache/node_modules/code-server" && node -e 'require("argon2")') || return 1
}

step "npm install code-server@$version" install_code_server
step "npm install VS Code server dependencies" install_vscode_deps
step "compile VS Code native modules" rebuild_vscode_native
step "link Debian ripgrep" link_ripgrep
step "link node_modules.asar" link_asar
step "compile argon2" rebuild_argon2
current_step="verify"
start="$(now_ms)"
verify || fail "installed code-server does not run"
ms=$(( $(now_ms) - start ))
printf 'install-code-server: [done] verify in %d.%03ds\n' $((ms / 1000)) $((ms % 1000))

echo "$fingerprint" >"$done_stamp"
ms=$(( $(now_ms) - total_start ))
printf 'install-code-server: installed %s in %s in %d.%03ds\n' "$fingerprint" "$cache" $((ms / 1000)) $((ms % 1000))
