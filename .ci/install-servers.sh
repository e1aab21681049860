#!/usr/bin/env bash
# Installs the real servers and clients that test/support/servers/ drives, from
# Debian's packages. Idempotent: when every package is already installed it
# does nothing (no apt-get update either), so CI can call it on every run.
#
#   nginx        /usr/sbin/nginx (Debian 12 also has nginx-light, but only as a
#                transitional package that pulls in nginx plus an echo module)
#   apache2-bin  /usr/sbin/apache2 and /usr/lib/apache2/modules; the fixtures
#                bring their own config, so the `apache2` package's /etc/apache2,
#                service scripts and Perl helpers are not needed
#   media-types  /etc/mime.types, read by the fixture's TypesConfig
#   curl         the reference client (curlTrace.ts)
#   openssl      the self-signed certificate (tls.ts falls back to Node's
#                crypto without it, but CI should cover the usual path)
#   python3      http.server (pythonServer.ts)
set -euo pipefail

PACKAGES=(nginx apache2-bin media-types curl openssl python3)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-servers: already installed: ${PACKAGES[*]}"
else
  echo "install-servers: installing: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-servers: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi

  # The nginx package starts a system nginx on port 80 from its postinst when
  # it can. The tests never use it; keep it from starting (as Docker images
  # do) unless the machine already has a policy of its own.
  POLICY=/usr/sbin/policy-rc.d
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 755 "$POLICY"
    trap '"${SUDO[@]}" rm -f "$POLICY"' EXIT
  fi

  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    if "${SUDO[@]}" apt-get update -q; then break; fi
    [ "$attempt" -eq 3 ] && exit 1
    sleep 5
  done
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Fail here, with a clear message, rather than in the middle of the tests.
for bin in /usr/sbin/nginx /usr/sbin/apache2 /usr/lib/apache2/modules/mod_mpm_event.so /etc/mime.types; do
  [ -e "$bin" ] || { echo "install-servers: $bin is missing after install" >&2; exit 1; }
done
for cmd in curl openssl python3; do
  command -v "$cmd" >/dev/null || { echo "install-servers: $cmd is not on PATH after install" >&2; exit 1; }
done
echo "install-servers: $(/usr/sbin/nginx -v 2>&1); $(/usr/sbin/apache2 -v | head -n1); $(curl --version | head -n1 | cut -d' ' -f1-2)"
