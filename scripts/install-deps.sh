#!/usr/bin/env bash
# Installs the Debian packages redis-tutor needs, only those that are missing.
# Uses sudo when not root; says what to do when it cannot install.
set -euo pipefail

packages=(libhiredis-dev libedit-dev libcmark-dev libsqlite3-dev redis-server redis-tools tmux asciinema wrk curl python3-redis golang-go golang-github-gomodule-redigo-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "redis-tutor: installing missing packages: ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-tutor: apt-get not found; install these packages with your package manager: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "redis-tutor: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || {
    echo "redis-tutor: apt-get could not install ${missing[*]}; run it by hand to see why" >&2
    exit 1
  }
fi
