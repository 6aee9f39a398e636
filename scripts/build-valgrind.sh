#!/bin/bash
# Build valgrind 3.24.0 for `make check-valgrind`, into PREFIX (default
# /opt/valgrind-3.24.0), unless it is there already; prints the path of the
# valgrind binary.
#
# Why not the distribution's: Debian 12 ships valgrind 3.19, which does not
# know pidfd_open(2), and nsctld refers to every holder, set process and
# session by pidfd; the cases with PID namespaces or sessions cannot run
# under it.  3.24.0 knows pidfd_open (not yet pidfd_send_signal, where
# nsctld falls back to kill(2): daemon/pidfd-util.c).  The source is
# Debian 13's, from the Debian archive, checked against a pinned SHA-256.
#
#   scripts/build-valgrind.sh [PREFIX]
set -euo pipefail

version=3.24.0
sha256=71aee202bdef1ae73898ccf7e9c315134fa7db6c246063afc503aef702ec03bd
url=http://deb.debian.org/debian/pool/main/v/valgrind/valgrind_$version.orig.tar.bz2
prefix=${1:-/opt/valgrind-$version}

if [ "$("$prefix/bin/valgrind" --version 2>/dev/null)" = "valgrind-$version" ]; then
        echo "$prefix/bin/valgrind"
        exit 0
fi
for tool in curl bzip2 gcc make; do
        command -v "$tool" >/dev/null 2>&1 || { echo "build-valgrind: $tool is missing" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== building valgrind $version into $prefix" >&2
curl -fsSL -o "$work/src.tar.bz2" "$url"
echo "$sha256  $work/src.tar.bz2" | sha256sum -c --quiet -
tar -C "$work" -xjf "$work/src.tar.bz2"
(
        cd "$work/valgrind-$version"
        ./configure --quiet --prefix="$prefix" --enable-only64bit >/dev/null
        make -j"$(nproc)" --quiet >/dev/null 2>&1
        make --quiet install >/dev/null
)
echo "$prefix/bin/valgrind"
