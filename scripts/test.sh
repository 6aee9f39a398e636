#!/bin/bash
# Build nsctl and run the whole test suite, unit and integration, twice: a
# plain -Werror build in build/, and an ASan+UBSan build in build-asan/.
# Run as root (the integration tests drive the real daemon against the real
# kernel, each case inside a throwaway mount+network+pid namespace).
#   scripts/test.sh               both builds
#   scripts/test.sh --no-sanitize the plain build only
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/deps.sh
nsctl_install_deps
sanitize=yes
[ "${1:-}" = --no-sanitize ] && sanitize=no

if [ -f config.status ]; then
        echo "test.sh: $top is configured in-tree; run 'make distclean' there first" >&2
        exit 2
fi
[ -x configure ] || ./autogen.sh >/dev/null 2>&1

jobs=$(nproc 2>/dev/null || echo 2)
passed=0 failed=0 skipped=0 status=0

# build DIR CONFIGURE-ARGS...: configure, build and `make check` in DIR,
# adding its closing "N passed, N failed[, N skipped]" line to the totals.
build() {
        local dir=$1 line t0=$SECONDS
        shift
        mkdir -p "$dir"
        echo "== $dir: configure $*"
        (cd "$dir" && "$top/configure" --quiet "$@")
        echo "== $dir: build"
        make -C "$dir" -j"$jobs" >/dev/null
        echo "== $dir: make check"
        make -C "$dir" -j"$jobs" check 2>&1 | tee "$dir/check.out" || status=1
        echo "== $dir: built and checked in $((SECONDS - t0)) s"
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/check.out" | tail -n 1)
        if [ -z "$line" ]; then
                echo "test.sh: $dir: no result line from make check" >&2
                status=1
                return
        fi
        set -- $(echo "$line" | tr -cs '0-9' ' ')
        passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + ${3:-0}))
}

build build
if [ "$sanitize" = yes ]; then
        san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
        # The crash loops with fewer iterations (36: 60 of 200, 63: 24 of
        # 60): the plain run covers crash consistency, this one the memory
        # of the restart and reconcile paths (240 s and 211 s with the
        # full counts, near their limits with four cases on two cores).
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
                NSCTL_CRASH_ITERATIONS=60 NSCTL_TOPO_CRASH_ITERATIONS=24 \
                build build-asan CFLAGS="-O1 -g $san" LDFLAGS="$san"
fi

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
