#!/bin/bash
# Install what building and testing nsctl needs, on Debian or Ubuntu, if any
# of it is missing.  Sourced by demo.sh and test.sh; also runs on its own.
nsctl_deps_debian=(
        build-essential autoconf automake libtool pkg-config
        libevent-dev libjson-c-dev libsystemd-dev libnl-3-dev libnl-route-3-dev libnftables-dev libcmocka-dev
        clang libbpf-dev
        iproute2 iputils-ping socat python3 util-linux procps tmux nftables strace
)

nsctl_deps_missing() {
        local tool
        for tool in gcc clang make autoreconf pkg-config ip ping socat python3 unshare tmux strace; do
                command -v "$tool" >/dev/null 2>&1 || return 0
        done
        pkg-config --exists libevent json-c libsystemd libnl-route-3.0 libnftables cmocka 'libbpf >= 1.0' 2>/dev/null || return 0
        return 1
}

nsctl_install_deps() {
        nsctl_deps_missing || return 0
        if ! command -v apt-get >/dev/null 2>&1; then
                echo "nsctl: missing build dependencies; install: ${nsctl_deps_debian[*]}" >&2
                return 1
        fi
        echo "== installing build dependencies with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${nsctl_deps_debian[@]}" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
        set -euo pipefail
        if [ "${1:-}" = --force ]; then
                apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${nsctl_deps_debian[@]}"
        else
                nsctl_install_deps
        fi
fi
