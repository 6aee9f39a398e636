# lib.sh: helpers for integration cases.  Sourced by sandbox.sh before a
# case runs (inside the sandbox, in a subshell with set -eu -o pipefail).
#
# Set by sandbox.sh:
#   NSCTL    the client binary          NSCTLD  the daemon binary
#   VLRAW    tests/integration/vlraw.py SOCK    the daemon's socket
#   CASEHELPER_PY  tests/integration/casehelper.py (see helper_ask)
#   WORK     a scratch directory (tmpfs, removed with the sandbox)
#   SRCDIR   the source tree            BUILDDIR the build tree
#   STATE    the daemon's state directory  LOG  the daemon's log
#   DAEMON_PID  the running daemon (start_daemon and restart_daemon change it)
#
# After `run`, `expect_status`, `vlcall` and friends:
#   STATUS   the exit status   OUT  stdout   ERR  stderr
#   (also in the files $WORK/out and $WORK/err)

PYTHON=${PYTHON:-python3}

fail() {
        printf 'FAIL: %s\n' "$*" >&2
        exit 1
}

skip() {
        printf 'SKIP: %s\n' "$*" >&2
        exit 77
}

note() {
        printf '# %s\n' "$*"
}

# The memory checker the daemon runs under: "asan" (a sanitizer build),
# "valgrind" (NSCTLD_WRAPPER, as make check-valgrind sets it) or "none".
# Under either, freed memory is held back (ASan's quarantine, memcheck's
# queue of freed blocks), so RSS says little, and the checker's own
# allocator owns the process's brk and mmap calls.
memory_tool() {
        case " ${NSCTLD_WRAPPER:-} " in
        *valgrind*) echo valgrind ;;
        *) if grep -q -a __asan_init "$NSCTLD"; then echo asan; else echo none; fi ;;
        esac
}

# The command line as a shell would read it, for messages.
describe() {
        local s
        printf -v s '%q ' "$@"
        printf '%s' "${s% }"
}

show_output() {
        printf '  stdout: %s\n' "$(head -c 2000 "$WORK/out" | sed '2,$s/^/          /')"
        printf '  stderr: %s\n' "$(head -c 2000 "$WORK/err" | sed '2,$s/^/          /')"
}

nsctl() {
        "$NSCTL" "$@"
}

# run CMD...: run a command, keeping its status and output.  vlraw runs
# inside the case's helper process when this shell can reach it (see
# helper_ask), as if it were a command of its own.
run() {
        printf -v LAST_CMD '%q ' "$@"
        LAST_CMD=${LAST_CMD% }
        if [ "$1" = vlraw ] && helper_ask py vlraw "$PWD" "$WORK/out" "$WORK/err" --socket "$SOCK" "${@:2}"; then
                STATUS=$HELPER_STATUS
        elif "$@" >"$WORK/out" 2>"$WORK/err"; then
                STATUS=0
        else
                STATUS=$?
        fi
        OUT=$(<"$WORK/out")
        ERR=$(<"$WORK/err")
}

# expect_status N CMD...: the command exits with status N.
expect_status() {
        local want=$1
        shift
        run "$@"
        if [ "$STATUS" != "$want" ]; then
                fail "$(printf 'expected exit status %s from `%s`, got %s\n%s' "$want" "$LAST_CMD" "$STATUS" "$(show_output)")"
        fi
}

# expect_error N CMD...: the command exits with status N (non-zero) and
# explains itself in exactly one line on stderr.
expect_error() {
        expect_status "$@"
        local lines
        lines=$(grep -c '' "$WORK/err" || true)
        if [ "$lines" != 1 ] || [ -z "$ERR" ]; then
                fail "$(printf '`%s` exited %s as expected, but wrote %s lines on stderr (expected one line)\n%s' "$LAST_CMD" "$STATUS" "$lines" "$(show_output)")"
        fi
}

# expect_output_contains STRING: the last command's stdout contains STRING.
expect_output_contains() {
        grep -qF -- "$1" "$WORK/out" ||
                fail "$(printf 'stdout of `%s` does not contain "%s"\n%s' "$LAST_CMD" "$1" "$(show_output)")"
}

expect_output_not_contains() {
        if grep -qF -- "$1" "$WORK/out"; then
                fail "$(printf 'stdout of `%s` contains "%s", it should not\n%s' "$LAST_CMD" "$1" "$(show_output)")"
        fi
}

expect_stderr_contains() {
        grep -qF -- "$1" "$WORK/err" ||
                fail "$(printf 'stderr of `%s` does not contain "%s"\n%s' "$LAST_CMD" "$1" "$(show_output)")"
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
        [ "$1" = "$2" ] || fail "$(printf '%s: expected "%s", got "%s"' "$3" "$2" "$1")"
}

# helper_ask FIELD...: a request to the case's helper process
# (tests/integration/casehelper.py, a coprocess sandbox.sh starts), whose
# answer goes to HELPER_STATUS, HELPER_OUT and HELPER_ERR.  Starting a Python
# per check or call took half of a case's time.  Returns 1, asking nothing,
# in a shell without the helper's pipes: bash closes them in a pipeline's
# or a background job's subshell (where two shells would mix answers).
helper_ask() {
        [ -n "${CASEHELPER[1]:-}" ] && [ -p "/dev/fd/${CASEHELPER[1]}" ] && [ -p "/dev/fd/${CASEHELPER[0]}" ] ||
                return 1
        printf '%s\0' $# "$@" >&"${CASEHELPER[1]}"
        if ! { IFS= read -r -d '' HELPER_STATUS && IFS= read -r -d '' HELPER_OUT &&
                IFS= read -r -d '' HELPER_ERR; } <&"${CASEHELPER[0]}"; then
                fail "casehelper.py stopped answering"
        fi
}

# Python evaluation over the last stdout (casehelper.py check|get).  In EXPR:
#   r  the list of JSON documents, one per line (vlraw prints one per reply),
#      or a one-element list if the whole output is a single document;
#   j  r[0];  p  j["parameters"] if present;  re  the re module.
py_json() {
        local mode=$1 expr=$2
        if ! helper_ask "$mode" "$WORK/out" "$expr"; then
                "$PYTHON" "$CASEHELPER_PY" "$mode" "$WORK/out" "$expr"
                return
        fi
        helper_relay
}

# py_tool TOOL ARG...: tests/integration/TOOL.py ARG... (vlraw, nsstate,
# hostile), in the case's helper process when this shell can reach it.
py_tool() {
        local tool=$1
        shift
        if ! helper_ask py "$tool" "$PWD" "" "" "$@"; then
                "$PYTHON" "${CASEHELPER_PY%/*}/$tool.py" "$@"
                return
        fi
        helper_relay
}

# helper_relay: the helper's last answer as the command would have ended:
# its output, its messages, its status.
helper_relay() {
        [ -z "$HELPER_OUT" ] || printf '%s' "$HELPER_OUT"
        [ -z "$HELPER_ERR" ] || printf '%s' "$HELPER_ERR" >&2
        return "$HELPER_STATUS"
}

# expect_json EXPR: EXPR (Python, see py_json) is True for the last stdout.
expect_json() {
        local why
        if ! why=$(py_json check "$1" 2>&1); then
                fail "$(printf 'output of `%s` fails the check: %s\n  %s\n%s' "$LAST_CMD" "$1" "$why" "$(show_output)")"
        fi
}

# json_get EXPR: print the value of EXPR for the last stdout.
json_get() {
        py_json get "$1" || fail "cannot evaluate $1 on the output of \`$LAST_CMD\`"
}

# vlraw ARGS...: the raw protocol client, on the daemon's socket (run
# gives it the same --socket).
vlraw() {
        "$PYTHON" "$VLRAW" --socket "$SOCK" "$@"
}

# vlcall METHOD [PARAMS-JSON [vlraw args...]]: one call on a new connection;
# the reply (one line of JSON) is in OUT.  Fails the case if no well-formed
# reply came.
vlcall() {
        local method=$1 params=${2:-}
        shift
        if [ $# -gt 0 ]; then
                shift
        fi
        if [ -n "$params" ]; then
                run vlraw --call "$method" --params "$params" "$@"
        else
                run vlraw --call "$method" "$@"
        fi
        [ "$STATUS" = 0 ] || fail "$(printf '`%s` failed with status %s\n%s' "$LAST_CMD" "$STATUS" "$(show_output)")"
}

# expect_reply I ok|ERROR [EXPR]: reply I (from 0) of the last vlraw run is a
# success (ok) or the error named; EXPR (Python) is checked with p the
# reply's parameters.
expect_reply() {
        local i=$1 what=$2 expr=${3:-True}
        local check
        if [ "$what" = ok ]; then
                check="len(r) > $i and 'error' not in r[$i]"
        else
                check="len(r) > $i and r[$i].get('error') == '$what'"
        fi
        expect_json "$check"
        expect_json "(lambda p: $expr)(r[$i].get('parameters', {}))"
}

expect_reply_ok() {
        expect_reply 0 ok "${1:-True}"
}

expect_reply_error() {
        expect_reply 0 "$1" "${2:-True}"
}

# The number of replies of the last vlraw run.
reply_count() {
        grep -c '' "$WORK/out" || true
}

# mounts: the mount table without the mount ids, which are not stable.
mounts() {
        cut -d' ' -f3- /proc/self/mountinfo
}

# Without the "(id: N)" that appears once a veth joins two namespaces.
netns_list() {
        ip netns list 2>&1 | sed 's/ (id: [0-9]*)$//'
}

links() {
        ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

# snapshot FILE: what a failed or undone operation must leave unchanged.
snapshot() {
        {
                echo '## mountinfo'
                mounts
                echo '## ip netns list'
                netns_list
                echo '## links'
                links
                echo '## /run/netns'
                ls -A /run/netns 2>/dev/null || true
                echo '## /run/nsctl/ns'
                ls -A /run/nsctl/ns 2>/dev/null || true
                echo '## /run/nsctl/topo'
                ls -A /run/nsctl/topo 2>/dev/null || true
                if command -v nft >/dev/null 2>&1; then
                        echo '## nft list ruleset'
                        nft list ruleset 2>&1
                fi
        } >"$1"
}

# expect_snapshot_soon FILE WHAT: as expect_snapshot, allowing the kernel
# up to 5 s to finish removing the interfaces of deleted network
# namespaces (it does that asynchronously, for `ip netns del` too).
expect_snapshot_soon() {
        local now=$WORK/snapshot.now i
        for ((i = 0; i < 50; i++)); do
                snapshot "$now"
                cmp -s "$1" "$now" && return 0
                sleep 0.1
        done
        expect_snapshot "$1" "$2"
}

# expect_snapshot FILE WHAT: the system is as it was when FILE was taken.
expect_snapshot() {
        local now=$WORK/snapshot.now
        snapshot "$now"
        if ! cmp -s "$1" "$now"; then
                fail "$(printf '%s: the system changed:\n%s' "$2" "$(diff -u "$1" "$now" | sed 's/^/  /')")"
        fi
}

# ns_names: the names `List` returns, one a line, in the order returned.
ns_names() {
        vlcall io.nsctl.Namespace.List
        expect_reply_ok "isinstance(p.get('namespaces'), list)"
        json_get "'\n'.join(n['name'] for n in p['namespaces'])"
}

expect_no_namespaces() {
        local names
        names=$(ns_names)
        [ -z "$names" ] || fail "$(printf '%s: expected no namespace sets, List returns: %s' "$1" "$names")"
        [ -z "$(netns_list)" ] || fail "$(printf '%s: ip netns list is not empty: %s' "$1" "$(netns_list)")"
}

# Make a file of N bytes holding a List call padded with spaces, and a
# terminator (default NUL, "nl" for newline, "none" for none).
make_padded_list() {
        local file=$1 size=$2 term=${3:-nul}
        "$PYTHON" - "$file" "$size" "$term" <<'EOF'
import sys
path, size, term = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head, tail = b'{"method":"io.nsctl.Namespace.List"', b'}'
data = head + b" " * (size - len(head) - len(tail)) + tail
assert len(data) == size
data += {"nul": b"\0", "nl": b"\n", "none": b""}[term]
open(path, "wb").write(data)
EOF
}

# daemon_alive: the daemon process still runs (not exited, not a zombie).
daemon_alive() {
        local stat
        read -r stat 2>/dev/null <"/proc/$DAEMON_PID/stat" || return 1
        stat=${stat##*) }
        case ${stat%% *} in
        Z | X | x) return 1 ;;
        esac
        return 0
}

expect_daemon_alive() {
        daemon_alive || fail "the daemon is no longer running ($1)"
}

# ---- starting and stopping the daemon ------------------------------------------
#
# The daemon runs under a small wrapper shell that waits for it and records
# its exit status in $WORK/daemon.PID.rc, so that whoever started it (the
# sandbox, or a case that restarts it) can tell how it ended.
# $WORK/daemon.pid and $WORK/daemon.wrapper hold the PIDs of the current
# daemon and its wrapper; the sandbox reads them after the case.

# The daemon's command line, in the array DAEMON_ARGV.  Its policy is
# $POLICY ($WORK/nsctld.conf; the built-in one while that does not exist),
# never the host's /etc/nsctl/nsctld.conf.  NSCTLD_WRAPPER (words) runs the
# daemon under a tool, e.g. valgrind (make check-valgrind); the tool must
# exec the daemon in its own process and exit as it does.
POLICY=$WORK/nsctld.conf
daemon_argv() {
        # shellcheck disable=SC2206 # NSCTLD_WRAPPER, NSCTLD_EXTRA_ARGS are lists of words
        DAEMON_ARGV=(${NSCTLD_WRAPPER:-} "$NSCTLD" --runtime-dir /run/nsctl --netns-dir /run/netns --state-dir "$STATE"
                --config "$POLICY" --log-level debug ${NSCTLD_EXTRA_ARGS:-})
}

# A connection to the socket is accepted (this is polled: without starting a
# Python if possible, through the helper or socat).
socket_accepts() {
        if helper_ask py vlraw "$PWD" /dev/null /dev/null --socket "$SOCK" --connect-only --timeout 1; then
                return "$HELPER_STATUS"
        elif command -v socat >/dev/null 2>&1; then
                socat -u OPEN:/dev/null "UNIX-CONNECT:$SOCK" 2>/dev/null
        else
                "$PYTHON" "$VLRAW" --socket "$SOCK" --connect-only --timeout 1 2>/dev/null
        fi
}

# start_daemon: start a daemon and wait (at most 15 s: reconcile may wait
# for holders to die) until its socket accepts connections.  Sets DAEMON_PID.  On failure, says why on stderr
# and returns 1 (the daemon is killed if it still runs).
start_daemon() {
        local i
        daemon_argv
        rm -f "$WORK/daemon.pid"
        # Builtins only (here and in the loops below): a crash loop starts
        # the daemon hundreds of times, and every fork of this shell costs.
        local now argv
        printf -v now '%(%H:%M:%S)T.%s' -1 "${EPOCHREALTIME#*.}"
        printf -v argv '%q ' "${DAEMON_ARGV[@]}"
        echo "#### $now starting: ${argv% }" >>"$LOG"
        (
                set +e
                "${DAEMON_ARGV[@]}" >>"$LOG" 2>&1 </dev/null &
                pid=$!
                echo "$pid" >"$WORK/daemon.pid.tmp"
                mv "$WORK/daemon.pid.tmp" "$WORK/daemon.pid"
                wait "$pid"
                echo $? >"$WORK/daemon.$pid.rc.tmp"
                mv "$WORK/daemon.$pid.rc.tmp" "$WORK/daemon.$pid.rc"
        ) >/dev/null 2>&1 </dev/null &
        DAEMON_WRAPPER=$!
        echo "$DAEMON_WRAPPER" >"$WORK/daemon.wrapper"
        for ((i = 0; i < 500; i++)); do
                [ -s "$WORK/daemon.pid" ] && break
                sleep 0.01
        done
        DAEMON_PID=$(<"$WORK/daemon.pid")
        export DAEMON_PID DAEMON_WRAPPER
        for ((i = 0; i < 1500; i++)); do
                if [ -e "$WORK/daemon.$DAEMON_PID.rc" ]; then
                        echo "FAIL: the daemon exited during startup with status $(cat "$WORK/daemon.$DAEMON_PID.rc"): $(describe "${DAEMON_ARGV[@]}")" >&2
                        return 1
                fi
                if [ -S "$SOCK" ] && socket_accepts; then
                        return 0
                fi
                sleep 0.01
        done
        echo "FAIL: the daemon's socket $SOCK did not accept connections within 15 s" >&2
        kill -KILL "$DAEMON_PID" 2>/dev/null
        return 1
}

# daemon_exit_status [PID]: wait (at most 10 s) until the daemon PID (default
# the current one) has ended and been reaped, and print its exit status
# (128+N: killed by signal N).  Returns 1 if it is still running.
daemon_exit_status() {
        local pid=${1:-$DAEMON_PID} i
        for ((i = 0; i < 1000; i++)); do
                if [ -e "$WORK/daemon.$pid.rc" ]; then
                        echo "$(<"$WORK/daemon.$pid.rc")"
                        return 0
                fi
                sleep 0.01
        done
        return 1
}

# kill_daemon [SIGNAL]: send the daemon SIGNAL (default KILL) and wait until
# it is gone; its exit status is then in DAEMON_RC.
kill_daemon() {
        local sig=${1:-KILL}
        kill -"$sig" "$DAEMON_PID" 2>/dev/null || true
        DAEMON_RC=$(daemon_exit_status) || fail "the daemon (pid $DAEMON_PID) did not exit within 10 s of SIG$sig"
}

# stop_daemon: SIGTERM; the daemon must exit with status 0.
stop_daemon() {
        kill_daemon TERM
        [ "$DAEMON_RC" = 0 ] || fail "the daemon exited with status $DAEMON_RC on SIGTERM (expected 0)"
}

# restart_daemon [--kill]: stop the daemon (SIGTERM, or SIGKILL with
# --kill) and start a new one.
restart_daemon() {
        if [ "${1:-}" = --kill ]; then
                kill_daemon KILL
        else
                stop_daemon
        fi
        start_daemon || fail "the daemon did not start again$(printf '\n%s' "$(tail -n 30 "$LOG")")"
}

# simulate_reboot: what a reboot does to nsctl, inside the sandbox: the
# daemon and every holder die (SIGKILL), and /run starts empty again.  /run
# itself is the sandbox's and also holds the harness's files ($WORK, with
# the state directory, which survives as /var/lib would), so instead of
# replacing it, everything in it but those is unmounted and removed.
# The daemon is not started again.
simulate_reboot() {
        local pid m
        kill_daemon KILL
        for pid in $(holders); do
                kill -KILL "$pid" 2>/dev/null || true
        done
        for pid in $(holders); do
                wait_until 5 process_gone "$pid" || fail "simulate_reboot: holder $pid does not die"
        done
        # Deepest first; each mount under /run except the harness's own.
        for m in $(awk '{ print $5 }' /proc/self/mountinfo | grep -E '^/run/.' | grep -v -E "^$WORK(/|\$)" | sort -r -u); do
                umount -l "$m" 2>/dev/null || true
        done
        for m in /run/* /run/.[!.]*; do
                [ -e "$m" ] || continue
                case $m in
                "$WORK" | /run/lock) ;;
                *) rm -rf "$m" ;;
                esac
        done
}

# ---- namespace sets -------------------------------------------------------------

ALL_TYPES="net uts ipc mnt pid user cgroup time"

# set_field NAME EXPR: print EXPR (Python; s is the set's NamespaceSet, from
# Show).
set_field() {
        vlcall io.nsctl.Namespace.Show "{\"name\":\"$1\"}"
        expect_reply_ok "isinstance(p.get('namespace'), dict)"
        json_get "(lambda s: $2)(p['namespace'])"
}

# holder_of NAME: the set's holderPid (empty if it has none).
holder_of() {
        set_field "$1" "str(s.get('holderPid', ''))"
}

# ns_id FILE: device and inode of the namespace that FILE (a /proc/PID/ns/TYPE
# link, or a bind mount of one) refers to.
ns_id() {
        stat -L -c %d:%i "$1"
}

# holders: the PIDs of the running holder processes (comm nsctl-init), one a
# line; zombies do not count.  Builtins only.
holders() {
        local p comm stat
        for p in /proc/[0-9]*; do
                read -r comm 2>/dev/null <"$p/comm" || continue
                [ "$comm" = nsctl-init ] || continue
                read -r stat 2>/dev/null <"$p/stat" || continue
                stat=${stat##*) }
                case ${stat%% *} in
                Z | X | x) continue ;;
                esac
                echo "${p#/proc/}"
        done
}

# process_gone PID: PID has exited (a zombie counts as gone).
process_gone() {
        local stat
        read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
        stat=${stat##*) }
        case ${stat%% *} in
        Z | X | x) return 0 ;;
        esac
        return 1
}

# daemon_fd_count: how many descriptors the daemon holds, but those of the
# BPF task iterator (anon_inode:bpf*, btf), which the first walk over the
# tasks loads for the daemon's life: a count before it and one after must
# agree.
daemon_fd_count() {
        local n=0 f
        for f in /proc/"$DAEMON_PID"/fd/*; do
                case $(readlink "$f" 2>/dev/null) in
                anon_inode:bpf* | anon_inode:btf) continue ;;
                esac
                n=$((n + 1))
        done
        echo "$n"
}

# daemon_connections: the clients' connections the daemon still holds (its
# accepted sockets on $SOCK, from /proc/net/unix).  A client's close reaches
# the daemon a moment after the client is done, later under valgrind.
daemon_connections() {
        local n=0 f link _num _ref _proto _flags _type st inode path
        local -A accepted=()
        while read -r _num _ref _proto _flags _type st inode path; do
                if [ "$path" = "$SOCK" ] && [ "$st" = 03 ]; then
                        accepted[$inode]=1
                fi
        done </proc/net/unix
        for f in /proc/"$DAEMON_PID"/fd/*; do
                link=$(readlink "$f" 2>/dev/null) || continue
                case $link in
                socket:\[*\]) link=${link#socket:[} ;;
                *) continue ;;
                esac
                if [ -n "${accepted[${link%]}]:-}" ]; then
                        n=$((n + 1))
                fi
        done
        echo "$n"
}

# daemon_fd_baseline: daemon_fd_count once the daemon has seen every client
# leave, as a baseline to compare with later.
daemon_fd_baseline() {
        wait_until 10 eval '[ "$(daemon_connections)" = 0 ]' ||
                fail "the daemon still holds $(daemon_connections) client connections"
        daemon_fd_count
}

# wait_until SECONDS CMD...: run CMD every 20 ms until it succeeds; return 1
# if it has not within SECONDS.
wait_until() {
        local secs=$1 i
        shift
        for ((i = 0; i < secs * 50; i++)); do
                "$@" && return 0
                sleep 0.02
        done
        "$@"
}

# wait_for_process COMM: print the PID of the newest process named COMM,
# waiting up to 5 s for one to appear.
wait_for_process() {
        local pid i
        for ((i = 0; i < 250; i++)); do
                pid=$(pgrep -n -x "$1" || true)
                if [ -n "$pid" ]; then
                        echo "$pid"
                        return 0
                fi
                sleep 0.02
        done
        fail "no process named $1 appeared within 5 s"
}

# expect_agreement WHAT [--foreign NAME]...: the daemon's List, the runtime
# directory, the netns directory (but for the --foreign names, not the
# daemon's), the mount table and the process table tell the same story (see
# nsstate.py).  A holder of an interrupted create ends by itself a moment
# after the daemon, so the check is retried for up to 2 s before it fails.
# The names listed are left in $WORK/agreement.names.
expect_agreement() {
        local what=$1 i why
        shift
        for ((i = 0; i < 20; i++)); do
                if why=$(py_tool nsstate --socket "$SOCK" --names-out "$WORK/agreement.names" "$@" 2>&1); then
                        return 0
                fi
                sleep 0.1
        done
        fail "$(printf '%s: the daemon and the system disagree:\n%s' "$what" "$why")"
}

# ---- unprivileged users ---------------------------------------------------------

# Three users for multi-user cases: labu1 and labu2 in the group nsctl (and
# each in a group of their own), labu3 in no group of nsctl's.  They are
# added to copies of /etc/passwd and /etc/group that are bind-mounted over
# the originals: the sandbox's mount namespace is private, so the host's
# files are never touched, and the mounts go again at the end of the case
# (an EXIT trap).  Each has a home directory under $WORK/home.  The client
# and vlraw are copied to $WORK, where the users can run them.  The daemon
# reads the databases when it starts (or reloads its policy): restart it
# after this.
LAB_GROUP_GID=61000
labu1=61001
labu2=61002
labu3=61003
lab_users() {
        local u
        cp /etc/passwd "$WORK/passwd"
        cp /etc/group "$WORK/group"
        mkdir -p "$WORK/home"
        chmod 0755 "$WORK/home"
        for u in 1 2 3; do
                printf 'labu%s:x:6100%s:6100%s:lab user %s:%s:/bin/bash\n' "$u" "$u" "$u" "$u" "$WORK/home/labu$u" \
                        >>"$WORK/passwd"
                printf 'labu%s:x:6100%s:\n' "$u" "$u" >>"$WORK/group"
                mkdir -p "$WORK/home/labu$u"
                chown "6100$u:6100$u" "$WORK/home/labu$u"
        done
        printf 'nsctl:x:%s:labu1,labu2\n' "$LAB_GROUP_GID" >>"$WORK/group"
        printf 'labstaff:x:61010:labu2\n' >>"$WORK/group"
        mount --bind "$WORK/passwd" /etc/passwd
        mount --bind "$WORK/group" /etc/group
        trap lab_users_done EXIT
        install -m 0755 "$NSCTL" "$WORK/nsctl"
        install -m 0644 "$VLRAW" "$WORK/vlraw.py"
        chmod 0755 "$WORK"
        [ "$(id -u labu1)" = "$labu1" ] || fail "lab_users: labu1 was not added"
}

lab_users_done() {
        umount /etc/passwd 2>/dev/null || true
        umount /etc/group 2>/dev/null || true
}

# as_user U CMD...: run CMD as user U (labu1, ...) with its groups.
as_user() {
        local u=$1
        shift
        setpriv --reuid "$u" --regid "$u" --init-groups "$@"
}

# user_nsctl U ARGS...: the client as user U, from where U can run it, in
# U's home directory and with U's HOME, USER and LOGNAME.
user_nsctl() {
        local u=$1
        shift
        (cd "$WORK/home/$u" && HOME=$WORK/home/$u USER=$u LOGNAME=$u as_user "$u" "$WORK/nsctl" "$@")
}

# user_vlcall U METHOD [PARAMS-JSON]: one raw call as user U; the reply is in OUT.
user_vlcall() {
        local u=$1 method=$2 params=${3:-}
        run as_user "$u" "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call "$method" ${params:+--params "$params"}
        [ "$STATUS" = 0 ] || fail "$(printf '`%s` failed with status %s\n%s' "$LAST_CMD" "$STATUS" "$(show_output)")"
}

# reload_policy: SIGHUP the daemon and wait (at most 5 s) until it has read
# its policy again, or refused the file and kept the previous one.
policy_reads() {
        grep -c -E 'Policy read from|No policy file|Keeping the previous policy' "$LOG" || true
}
reload_policy() {
        local before
        before=$(policy_reads)
        kill -HUP "$DAEMON_PID"
        wait_until 5 eval '[ "$(policy_reads)" -gt "$before" ]' || fail "the daemon did not read its policy again"
}

# ---- terminals (tmux) ---------------------------------------------------------------

# Cases that need a terminal run their commands in tmux: a private server
# (socket $TMUX_SOCK) with one session, nsctl-test.  tmux_start W CMD starts
# it with window W running CMD (100x30, kept when CMD ends); tm runs tmux
# commands on it; cleanup_tmux stops it (call it from the case's EXIT trap).
TMUX_SOCK=$WORK/tmux.sock
tmux_server=
tm() {
        tmux -S "$TMUX_SOCK" "$@"
}
tmux_start() {
        printf 'set -g remain-on-exit on\nset -g history-limit 1000\n' >"$WORK/tmux.conf"
        unset TMUX
        tmux -S "$TMUX_SOCK" -f "$WORK/tmux.conf" new-session -d -s nsctl-test -n "$1" -x 100 -y 30 "$2"
        tmux_server=$(tm display-message -p '#{pid}')
}
cleanup_tmux() {
        if [ -n "$tmux_server" ]; then
                tm kill-server 2>/dev/null || true
                wait_until 5 process_gone "$tmux_server" || kill -KILL "$tmux_server" 2>/dev/null || true
        fi
        tmux_server=
}

# screen [W]: window W (default $W, else shell) as text; last_line [W]: its
# last non-empty line.
screen() {
        tm capture-pane -p -t "nsctl-test:${1:-${W:-shell}}"
}
last_line() {
        screen "$@" | sed '/^[[:space:]]*$/d' | tail -n 1
}
# expect_screen CMD...: CMD succeeds within 5 s; if not, fail showing
# window $W (default shell).
expect_screen() {
        wait_until 5 "$@" ||
                fail "$(printf 'the tmux window is not as expected (%s):\n%s' "$*" "$(screen | sed '/^[[:space:]]*$/d; s/^/  | /')")"
}
# pane_ended W PID: the process PID of window W has ended and tmux knows
# how.  tmux may mark the pane dead (its pty closed) a moment before it has
# reaped the process; and a tmux built with libutempter can miss the
# SIGCHLD altogether when the process exits while utempter's helper runs
# (tmux/tmux#311), leaving a zombie for good: then it is told again.
pane_ended() {
        if process_gone "$2" && [ -e "/proc/$2" ]; then
                kill -CHLD "$tmux_server" 2>/dev/null || true
        fi
        case $(tm display-message -p -t "nsctl-test:$1" '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}') in
        1:[0-9]*:* | 1::[0-9]*) return 0 ;;
        esac
        return 1
}
# pane_end W: the exit status of window W's process, or "signal N".
pane_end() {
        tm display-message -p -t "nsctl-test:$1" '#{?pane_dead_signal,signal #{pane_dead_signal},#{pane_dead_status}}'
}
