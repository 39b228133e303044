#!/usr/bin/env bash
# Installs the Debian packages the tests and the PDF export need (Redis and nginx: for the scale-out and hosted-mode
# tests); a no-op when they are already there.
set -euo pipefail

# nginx-light: the hosted-mode test runs deploy/nginx.conf in a real nginx of its own, on a loopback port.
packages=(chromium poppler-utils fonts-dejavu-core fonts-noto-color-emoji redis-server nginx-light)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
# Installed as a tool for the tests, nginx must not start as a system service holding port 80: a policy-rc.d that
# refuses every service start (the convention apt's maintainer scripts follow) stands while apt runs, unless one exists.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
