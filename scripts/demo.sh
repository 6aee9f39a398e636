#!/bin/bash
# Build nsctl, start nsctld (unless one is already running), and walk through
# a small lab: two namespaces created, listed, shown, entered, torn down.
# Run as root.  Uses the default paths (/run/nsctl, /run/netns), like
# `ip netns`; it leaves no namespace behind, and stops the daemon it started.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/deps.sh
nsctl_install_deps
if [ ! -x build/client/nsctl ] || [ ! -x build/daemon/nsctld ]; then
        echo "== building"
        if [ -f config.status ]; then
                make -j"$(nproc)" >/dev/null && bin=.
        else
                [ -x configure ] || ./autogen.sh >/dev/null 2>&1
                mkdir -p build && (cd build && ../configure --quiet) && make -C build -j"$(nproc)" >/dev/null
        fi
fi
bin=${bin:-build}
nsctl="$bin/client/nsctl"
nsctld="$bin/daemon/nsctld"

# Show a command the way one would type it, then run it.
run() {
        local a line='$'
        for a in "$@"; do
                case $a in *[[:space:]\&\;\|]*) line+=" '$a'" ;; *) line+=" $a" ;; esac
        done
        printf '\n%s\n' "$line"
        "$@"
}

started=
if ! "$nsctl" list >/dev/null 2>&1; then
        echo "== starting nsctld"
        "$nsctld" --log-level warning &
        started=$!
        for _ in $(seq 50); do "$nsctl" list >/dev/null 2>&1 && break; sleep 0.1; done
fi
cleanup() {
        "$nsctl" delete demo-a >/dev/null 2>&1 || true
        "$nsctl" delete demo-b >/dev/null 2>&1 || true
        "$nsctl" topo destroy demo-lab >/dev/null 2>&1 || true
        rm -f "${lab:-}"
        if [ -n "$started" ]; then kill "$started"; wait "$started" || true; fi
}
trap cleanup EXIT

run "$nsctl" create demo-a
run "$nsctl" create demo-b
run "$nsctl" list
run "$nsctl" show demo-a
run "$nsctl" list --json
run ip netns list
run "$nsctl" exec demo-a -- ip -o link
run "$nsctl" exec demo-a -- sh -c 'ip link set lo up && ip addr add 198.18.0.1/32 dev lo && ping -c1 -W1 198.18.0.1'
printf '\n$ echo %s | socat - UNIX-CONNECT:/run/nsctl/io.nsctl\n' "'{\"method\":\"io.nsctl.Namespace.Show\",\"parameters\":{\"name\":\"demo-b\"}}'"
if command -v socat >/dev/null; then
        echo '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"demo-b"}}' | socat - UNIX-CONNECT:/run/nsctl/io.nsctl
fi
run "$nsctl" delete demo-a
run "$nsctl" delete demo-b
run "$nsctl" list

# A lab from a topology file: two sets on a bridge, made in one
# transaction, pinged across, drawn, and removed without a trace.
lab=$(mktemp --suffix=.json)
cat >"$lab" <<'JSON'
{
  "name": "demo-lab",
  "namespaces": [ {"name": "demo-h1"}, {"name": "demo-h2", "types": ["net", "uts"], "hostname": "demo-h2"} ],
  "bridges": [ {"name": "nsdemo0"} ],
  "links": [
    {"a": {"namespace": "demo-h1", "ifname": "eth0", "addresses": ["198.18.1.1/24"]}, "b": {"bridge": "nsdemo0"}},
    {"a": {"namespace": "demo-h2", "ifname": "eth0", "addresses": ["198.18.1.2/24"]}, "b": {"bridge": "nsdemo0"}}
  ]
}
JSON
run "$nsctl" topo apply "$lab"
run "$nsctl" topo apply "$lab"
run "$nsctl" topo list
run "$nsctl" exec demo-h1 -- ping -c 2 -W 2 198.18.1.2
run "$nsctl" exec demo-h2 -- hostname
run "$nsctl" topo graph demo-lab
run "$nsctl" topo destroy demo-lab
run "$nsctl" topo list
echo
echo "demo done: namespaces and a lab created, entered and removed"
