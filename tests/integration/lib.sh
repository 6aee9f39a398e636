# lib.sh: helpers for integration cases.  Sourced by sandbox.sh before a
# case runs (inside the sandbox, in a subshell with set -eu -o pipefail).
#
# Set by sandbox.sh:
#   NSCTL    the client binary          NSCTLD  the daemon binary
#   VLRAW    tests/integration/vlraw.py SOCK    the daemon's socket
#   WORK     a scratch directory (tmpfs, removed with the sandbox)
#   SRCDIR   the source tree            BUILDDIR the build tree
#   DAEMON_PID
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

# The command line as a shell would read it, for messages.
describe() {
        local s
        s=$(printf '%q ' "$@")
        printf '%s' "${s% }"
}

show_output() {
        printf '  stdout: %s\n' "$(head -c 2000 "$WORK/out" | sed '2,$s/^/          /')"
        printf '  stderr: %s\n' "$(head -c 2000 "$WORK/err" | sed '2,$s/^/          /')"
}

nsctl() {
        "$NSCTL" "$@"
}

# run CMD...: run a command, keeping its status and output.
run() {
        LAST_CMD=$(describe "$@")
        if "$@" >"$WORK/out" 2>"$WORK/err"; then
                STATUS=0
        else
                STATUS=$?
        fi
        OUT=$(cat "$WORK/out")
        ERR=$(cat "$WORK/err")
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

# Python evaluation over the last stdout.  In EXPR:
#   r  the list of JSON documents, one per line (vlraw prints one per reply),
#      or a one-element list if the whole output is a single document;
#   j  r[0];  p  j["parameters"] if present;  re  the re module.
py_json() {
        local mode=$1 expr=$2
        "$PYTHON" - "$WORK/out" "$mode" "$expr" <<'EOF'
import json, re, sys
path, mode, expr = sys.argv[1:4]
text = open(path, encoding="utf-8", errors="surrogateescape").read()
try:
    r = [json.loads(text)]
except ValueError:
    try:
        r = [json.loads(l) for l in text.splitlines() if l.strip()]
    except ValueError as e:
        print("output is not JSON: %s" % e, file=sys.stderr)
        sys.exit(2)
if not r:
    print("no JSON output", file=sys.stderr)
    sys.exit(2)
j = r[0]
p = j.get("parameters") if isinstance(j, dict) else None
try:
    v = eval(expr, {"r": r, "j": j, "p": p, "re": re, "json": json, "len": len, "sorted": sorted,
                    "all": all, "any": any, "isinstance": isinstance, "int": int, "str": str,
                    "list": list, "dict": dict, "set": set, "bool": bool, "range": range})
except Exception as e:
    print("evaluating %s: %s: %s" % (expr, type(e).__name__, e), file=sys.stderr)
    sys.exit(3)
if mode == "get":
    print(v if isinstance(v, str) else json.dumps(v))
    sys.exit(0)
sys.exit(0 if v is True else 1)
EOF
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

# vlraw ARGS...: the raw protocol client, on the daemon's socket.
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

netns_list() {
        ip netns list 2>&1
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
        } >"$1"
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
        stat=$(cat "/proc/$DAEMON_PID/stat" 2>/dev/null) || return 1
        stat=${stat##*) }
        case ${stat%% *} in
        Z | X | x) return 1 ;;
        esac
        return 0
}

expect_daemon_alive() {
        daemon_alive || fail "the daemon is no longer running ($1)"
}
