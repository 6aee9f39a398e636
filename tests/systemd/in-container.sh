#!/bin/bash
# Runs inside the booted container (systemd is PID 1) as a oneshot service.
# Each check appends "ok NAME" or "not ok NAME: why" to the results file.
set -u
out=$1
: >"$out"
ok() { echo "ok $1" >>"$out"; }
fail() { echo "not ok $1: $2" >>"$out"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name" "$*"; fi; }

state() { systemctl is-active "$1" 2>/dev/null; }
main_pid() { systemctl show -p MainPID --value nsctld.service; }
wait_for() { # wait_for SECONDS COMMAND...: until COMMAND succeeds
        local deadline=$((SECONDS + $1)); shift
        until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.2; done
}
holder_of() { nsctl show "$1" --json | sed -n 's/.*"holderPid": *\([0-9]*\).*/\1/p'; }

# Socket activation: the socket is listening, the service starts on the
# first connection.
check socket-listening test "$(state nsctld.socket)" = active
check service-idle-before-first-call test "$(state nsctld.service)" = inactive
check first-list-succeeds nsctl list
check service-started-by-socket test "$(state nsctld.service)" = active
check socket-mode-0660-group-nsctl test "$(stat -c %a:%G /run/nsctl/io.nsctl)" = 660:nsctl

# Namespaces made by the service are visible on the host (no private mounts).
nsctl create lab1
# A mount namespace too: inside a container nsctld runs in a non-initial
# mount namespace, where Linux 6.18's per-CPU namespace ids need the
# daemon's ELOOP workaround (daemon/mntns-order.c).
nsctl create pidset --type net,pid,mnt,uts --hostname inside
check netns-visible-to-ip ip netns list | grep -qx 'lab1\( (id: [0-9]*)\)\?'
check exec-in-set test "$(nsctl exec pidset -- hostname)" = inside
holder=$(holder_of pidset)
check holder-running test -n "$holder" -a -d "/proc/$holder"

# Restart keeps namespaces and holders.
old=$(main_pid)
systemctl restart nsctld.service
check restarted wait_for 10 test "$(state nsctld.service)" = active
check new-main-pid test "$(main_pid)" != "$old"
check lab1-survives-restart nsctl show lab1
check pidset-ok-after-restart sh -c "nsctl show pidset --json | grep -q '\"state\": *\"ok\"'"
check holder-survives-restart test "$(holder_of pidset)" = "$holder" -a -d "/proc/$holder"
check netns-still-visible ip netns list | grep -q lab1

# A topology made by the service survives a restart, and its journal
# entries carry NSCTL_TOPOLOGY.
cat >/tmp/lab.json <<'JSON'
{"name": "tlab", "namespaces": [{"name": "t1"}, {"name": "t2"}],
 "links": [{"a": {"namespace": "t1", "addresses": ["198.18.1.1/30"]}, "b": {"namespace": "t2", "addresses": ["198.18.1.2/30"]}}]}
JSON
check topo-apply nsctl topo apply /tmp/lab.json
systemctl restart nsctld.service
check topo-survives-restart wait_for 10 nsctl topo show tlab
check topo-ping-after-restart ip netns exec t1 ping -c 1 -W 2 198.18.1.2
journalctl --sync 2>/dev/null || true
check journal-topology-field sh -c "journalctl -o verbose NSCTL_TOPOLOGY=tlab | grep -q 'NSCTL_METHOD=io.nsctl.Topology.Apply'"
check topo-destroy nsctl topo destroy tlab

# Watchdog: a stopped daemon is killed and restarted by systemd.
old=$(main_pid)
kill -STOP "$old"
check watchdog-restarts wait_for 40 sh -c "p=\$(systemctl show -p MainPID --value nsctld.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $old ] && nsctl list >/dev/null 2>&1"
check nrestarts-counted test "$(systemctl show -p NRestarts --value nsctld.service)" -ge 1
check lab1-survives-watchdog nsctl show lab1
check holder-survives-watchdog test -d "/proc/$holder"

# Structured journal fields.
journalctl --sync 2>/dev/null || true
check journal-namespace-field sh -c "journalctl -o verbose NSCTL_NAMESPACE=lab1 | grep -q 'NSCTL_METHOD=io.nsctl.Namespace.Create'"
check journal-peer-uid sh -c "journalctl -o verbose NSCTL_NAMESPACE=lab1 | grep -q 'NSCTL_PEER_UID=0'"

# Clean up: nothing of ours is left.
nsctl delete pidset
nsctl delete lab1
check nothing-left sh -c "! ip netns list | grep -q . && ! grep -q nsfs /proc/self/mountinfo"
check status-healthy sh -c "nsctl status | grep -q '^Health  *ok'"
