#!/bin/bash
# sandbox.sh CASE-FILE: run one integration case in a throwaway sandbox.
#
# The sandbox is a new mount, network, pid, uts and ipc namespace with its
# own /run (tmpfs), so nothing the daemon or the case does can touch the
# host's interfaces, mounts or /run; it all disappears when the sandbox's
# last process exits.  Inside, a fresh nsctld runs with a temporary state
# directory; after the case, the sandbox is checked for leftovers (mounts,
# interfaces, network namespaces, namespace sets in the runtime directory,
# holder processes, persisted sets, other processes) and the daemon must
# still be alive and then exit 0 on SIGTERM.  A case may restart the daemon
# (restart_daemon in lib.sh); the checks then apply to the one running at
# the end.
#
# A case may ask for daemon options with a line
#   # nsctld-args: --max-message-size 1024
#
# Environment: NSCTLD (default $builddir/daemon/nsctld), NSCTL (default
# $builddir/client/nsctl), builddir (default .), srcdir (default the
# directory above tests/), NSCTL_SANDBOX_CPU (the CPU the sandbox runs on;
# default one of the allowed CPUs, "none" for all; see below).
#
# Exit status: 0 passed, 1 failed, 77 skipped.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
        echo "usage: $0 CASE-FILE" >&2
        exit 2
fi

if [ "${NSCTL_SANDBOX_INNER:-}" != 1 ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "SKIP: integration tests need root"
                exit 77
        fi
        if ! command -v unshare >/dev/null 2>&1; then
                echo "SKIP: unshare is not available"
                exit 77
        fi
        builddir=$(cd "${builddir:-.}" && pwd)
        srcdir=$(cd "${srcdir:-${top_srcdir:-$here/../..}}" && pwd)
        export builddir srcdir
        NSCTLD=$(realpath -m "${NSCTLD:-$builddir/daemon/nsctld}")
        NSCTL=$(realpath -m "${NSCTL:-$builddir/client/nsctl}")
        NSCTL_HOST_NETNS=$(readlink /proc/self/ns/net)
        NSCTL_HOST_MNTNS=$(readlink /proc/self/ns/mnt)
        NSCTL_SANDBOX_INNER=1
        export NSCTLD NSCTL NSCTL_HOST_NETNS NSCTL_HOST_MNTNS NSCTL_SANDBOX_INNER
        # --kill-child: if we are killed (timeout), the sandbox's pid 1 is
        # killed too, and with it every process in the sandbox.
        exec unshare --mount --net --pid --uts --ipc --fork --kill-child --mount-proc \
                --propagation private bash "$here/sandbox.sh" "$(realpath "$1")"
fi

# ---- inside the sandbox ------------------------------------------------

case_file=$1
case_name=$(basename "$case_file" .sh)

abort() {
        echo "FAIL: sandbox: $*"
        exit 1
}

# Never go on unless the namespaces really are new: everything below
# mounts things and starts a daemon that creates namespaces.
[ "$(readlink /proc/self/ns/net)" != "$NSCTL_HOST_NETNS" ] || abort "not in a new network namespace"
[ "$(readlink /proc/self/ns/mnt)" != "$NSCTL_HOST_MNTNS" ] || abort "not in a new mount namespace"
[ "$$" = 1 ] || abort "not pid 1 of a new pid namespace"

mount -t tmpfs -o mode=0755 tmpfs /run || abort "cannot mount a tmpfs on /run"
mkdir -p /run/lock
hostname "nsctl-test" 2>/dev/null || true
ip link set lo up || abort "cannot bring lo up"

WORK=/run/nsctl-test
STATE=$WORK/state
LOG=$WORK/nsctld.log
SOCK=/run/nsctl/io.nsctl
VLRAW=$here/vlraw.py
CASEHELPER_PY=$here/casehelper.py
# A real interpreter (not a pyenv shim: slow, and unreachable for other
# users), /usr/bin/python3 when there is one.
if [ -z "${PYTHON:-}" ]; then
        if [ -x /usr/bin/python3 ]; then
                PYTHON=/usr/bin/python3
        else
                PYTHON=$(python3 -c 'import sys; print(sys.executable)')
        fi
fi
SRCDIR=$srcdir
BUILDDIR=$builddir
mkdir -p "$WORK" "$STATE"
chmod 0755 "$WORK"
export WORK SOCK VLRAW CASEHELPER_PY SRCDIR BUILDDIR NSCTL NSCTLD PYTHON STATE LOG
unset NSCTL_SOCKET

[ -x "$NSCTLD" ] || abort "the daemon $NSCTLD is not built"
[ -x "$NSCTL" ] || abort "the client $NSCTL is not built"

. "$here/lib.sh"

# Daemon options requested by the case, after those of the run
# (check-valgrind's --no-bpf).
extra_args=$(sed -n 's/^# nsctld-args://p' "$case_file" | tr '\n' ' ')
# shellcheck disable=SC2086 # words, joined by single spaces
NSCTLD_EXTRA_ARGS=$(echo ${NSCTLD_EXTRA_ARGS:-} $extra_args)
export NSCTLD_EXTRA_ARGS

print_log() {
        echo "---- daemon log ($LOG) ----"
        if [ "$(wc -l <"$LOG")" -gt 400 ]; then
                head -n 100 "$LOG"
                echo "[... $(($(wc -l <"$LOG") - 300)) lines left out ...]"
                tail -n 200 "$LOG"
        else
                cat "$LOG"
        fi
        echo "---- end of daemon log ----"
}

# ---- start the daemon ----------------------------------------------------

: >"$LOG"
if ! start_daemon 2>&1; then
        print_log
        exit 1
fi

# ---- baseline ------------------------------------------------------------

mounts >"$WORK/base.mounts"
links >"$WORK/base.links"
netns_list >"$WORK/base.netns"

# Processes other than the harness (pid 1), the daemon and its wrapper.  Listed with
# builtins only (no command substitution), so the listing adds no process;
# call it with its output redirected to a file, not in $(...).
other_processes() {
        local p pid comm
        local -a argv
        for p in /proc/[0-9]*; do
                pid=${p#/proc/}
                if [ "$pid" = 1 ] || [ "$pid" = "$DAEMON_PID" ] || [ "$pid" = "$DAEMON_WRAPPER" ]; then
                        continue
                fi
                read -r comm 2>/dev/null <"$p/comm" || continue
                mapfile -d '' argv 2>/dev/null <"$p/cmdline" || argv=()
                printf '%s %s\n' "$pid" "${argv[*]:-[$comm]}"
        done
}

# ---- the case --------------------------------------------------------------

echo "# case $case_name (daemon pid $DAEMON_PID${extra_args:+, options: $extra_args})"
(
        set -eu -o pipefail
        cd "$WORK"
        # The case's JSON checks and its vlraw, nsstate and hostile calls
        # (helper_ask in lib.sh); it ends with the case, at the end of its
        # input.
        coproc CASEHELPER { exec "$PYTHON" "$CASEHELPER_PY" --serve; }
        # shellcheck disable=SC1090
        . "$case_file"
)
case_rc=$?

failed=no
case $case_rc in
0) ;;
77)
        echo "# case skipped"
        ;;
*)
        echo "FAIL: the case exited with status $case_rc"
        failed=yes
        ;;
esac

# ---- leftovers -------------------------------------------------------------

# The case may have restarted the daemon.
DAEMON_PID=$(<"$WORK/daemon.pid")
DAEMON_WRAPPER=$(<"$WORK/daemon.wrapper")

if ! daemon_alive; then
        echo "FAIL: the daemon died during the case (exit status $(daemon_exit_status || echo unknown); 128+N is signal N)"
        grep -n -i -E 'segmentation|abort|assert|sanitizer|runtime error' "$LOG" | head -20
        print_log
        exit 1
fi

# Processes: allow a moment for children that are just finishing.
for ((i = 0; i < 20; i++)); do
        other_processes >"$WORK/end.procs"
        [ -s "$WORK/end.procs" ] || break
        sleep 0.1
done
if [ -s "$WORK/end.procs" ]; then
        echo "FAIL: processes left behind (other than the harness and the daemon):"
        sed 's/^/  /' "$WORK/end.procs"
        failed=yes
fi

mounts >"$WORK/end.mounts"
extra=$(awk 'NR == FNR { base[$3] = 1; next } !($3 in base) { print "  " $3 " (" $0 ")" }' \
        "$WORK/base.mounts" "$WORK/end.mounts")
if [ -n "$extra" ]; then
        echo "FAIL: mounts left behind:"
        printf '%s\n' "$extra"
        failed=yes
fi
gone=$(awk 'NR == FNR { now[$3] = 1; next } !($3 in now) { print "  " $3 }' \
        "$WORK/end.mounts" "$WORK/base.mounts")
if [ -n "$gone" ]; then
        echo "FAIL: mounts that were there before the case are gone:"
        printf '%s\n' "$gone"
        failed=yes
fi

left_links=$(links | grep -vx lo || true)
if [ -n "$left_links" ]; then
        echo "FAIL: interfaces left behind: $(printf '%s ' $left_links)"
        failed=yes
fi

left_netns=$(netns_list)
if [ -n "$left_netns" ]; then
        echo "FAIL: ip netns list is not empty after the case:"
        printf '%s\n' "$left_netns" | sed 's/^/  /'
        failed=yes
fi

for d in /run/netns /run/nsctl/ns; do
        if [ -d "$d" ] && [ -n "$(ls -A "$d")" ]; then
                echo "FAIL: $d is not empty after the case: $(ls -A "$d" | tr '\n' ' ')"
                failed=yes
        fi
done

# Holders (also among the processes above, but said plainly here).
left_holders=$(holders)
if [ -n "$left_holders" ]; then
        echo "FAIL: holder processes (nsctl-init) left behind: $(printf '%s ' $left_holders)"
        failed=yes
fi

if [ -d "$STATE/sets" ] && [ -n "$(ls -A "$STATE/sets")" ]; then
        echo "FAIL: persisted sets left behind in $STATE/sets: $(ls -A "$STATE/sets" | tr '\n' ' ')"
        failed=yes
fi

# ---- stop the daemon -------------------------------------------------------

kill -TERM "$DAEMON_PID"
if rc=$(daemon_exit_status); then
        if [ "$rc" != 0 ]; then
                echo "FAIL: the daemon exited with status $rc on SIGTERM (expected 0)"
                failed=yes
        fi
else
        echo "FAIL: the daemon did not exit within 10 s of SIGTERM"
        kill -KILL "$DAEMON_PID"
        daemon_exit_status >/dev/null
        failed=yes
fi

if grep -q -E 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error:' "$LOG"; then
        echo "FAIL: the daemon log has sanitizer reports"
        failed=yes
fi

if [ "$failed" = yes ]; then
        print_log
        exit 1
fi
[ "$case_rc" = 77 ] && exit 77
exit 0
