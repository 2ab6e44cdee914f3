#!/usr/bin/env bash
# Builds the Go reference solutions of stages (testers/references/STAGE/go) offline, with
# Debian's golang-go and golang-github-gomodule-redigo-dev: GOPATH mode, no module proxy.
#
#   scripts/build-go-reference.sh OUTDIR STAGE...   builds each STAGE into OUTDIR/STAGE
#   scripts/build-go-reference.sh --check           exits 0 when go and redigo are installed
#
# The references import redigo from /usr/share/gocode and the packages they share, each a
# folder of a reference (testers/references/STAGE/go/PACKAGE, e.g. day2-cache/go/itemcache),
# by the folder's name through a temporary GOPATH; the build cache is temporary too, and
# removed at the end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
debian_gopath=/usr/share/gocode
redigo="$debian_gopath/src/github.com/gomodule/redigo/redis"

missing() {
  if ! command -v go >/dev/null 2>&1; then
    echo "go is not installed: install golang-go (make deps installs it)"
  elif [ ! -d "$redigo" ]; then
    echo "redigo is not in $debian_gopath: install golang-github-gomodule-redigo-dev (make deps installs it)"
  fi
}

if [ "${1:-}" = "--check" ]; then
  reason="$(missing)"
  [ -z "$reason" ] && exit 0
  echo "$reason" >&2
  exit 1
fi
if [ $# -lt 2 ]; then
  echo "usage: scripts/build-go-reference.sh OUTDIR STAGE... (or --check)" >&2
  exit 64
fi
reason="$(missing)"
if [ -n "$reason" ]; then
  echo "cannot build the Go references: $reason" >&2
  exit 1
fi

outdir="$1"
shift
for stage in "$@"; do
  if [ ! -f "$root/testers/references/$stage/go/main.go" ]; then
    echo "no Go reference for stage $stage: testers/references/$stage/go/main.go does not exist" >&2
    exit 1
  fi
done
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/gopath/src"
for package in "$root"/testers/references/*/go/*/; do
  ln -s "${package%/}" "$work/gopath/src/$(basename "$package")"
done

for stage in "$@"; do
  source="$root/testers/references/$stage/go"
  (cd "$source" &&
    GO111MODULE=off GOFLAGS= GOPATH="$work/gopath:$debian_gopath" GOCACHE="$work/cache" \
      GOPROXY=off go build -o "$outdir/$stage" .) || {
    echo "go build failed for the $stage reference ($source)" >&2
    exit 1
  }
done
