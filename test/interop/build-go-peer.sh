#!/usr/bin/env bash
# Builds the Go interop peer into test/interop/go/bin/peer.
#
# The build runs in GOPATH mode against the gorilla sources that Debian's golang-github-*
# packages put in /usr/share/gocode, so it downloads no modules. Set TESSERA_GOPATH to use
# another GOPATH.
#
# Exit codes: 0 built, 3 Go, the gorilla or the Echo sources are not installed, other values a failed
# build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$here/go"
output="$source_dir/bin/peer"
gopath="${TESSERA_GOPATH:-/usr/share/gocode}"
install_hint="apt-get install golang-go golang-github-gorilla-sessions-dev golang-github-gorilla-securecookie-dev golang-github-labstack-echo-dev"

if ! command -v go >/dev/null 2>&1; then
  echo "build-go-peer: go not found; install it with: $install_hint" >&2
  exit 3
fi
for package in github.com/gorilla/securecookie github.com/gorilla/sessions github.com/labstack/echo; do
  if [[ ! -d "$gopath/src/$package" ]]; then
    echo "build-go-peer: $package not found in $gopath/src; install it with: $install_hint" >&2
    exit 3
  fi
done

export GOPATH="$gopath"
export GO111MODULE=off
# GOFLAGS is cleared so that flags from the caller's environment do not change this build.
export GOFLAGS=
if [[ -z "${GOCACHE:-}" && -z "${HOME:-}" && -z "${XDG_CACHE_HOME:-}" ]]; then
  export GOCACHE="${TMPDIR:-/tmp}/tessera-go-build-cache"
fi

mkdir -p "$source_dir/bin"
# Test files run in parallel and may build at the same time, so each build writes its own
# file and renames it into place, which never leaves a half-written binary at $output.
partial="$output.partial.$$"
trap 'rm -f "$partial"' EXIT
(cd "$source_dir" && go build -o "$partial" .)
mv -f "$partial" "$output"
echo "build-go-peer: built $output ($(go version))"
