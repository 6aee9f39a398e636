# A caller that is not root and not in the nsctl group (nobody) may list,
# but not change anything, nor look into root's sets.

chmod 0666 "$SOCK"
# The client and vlraw where nobody can reach them.
install -m 0755 "$NSCTL" "$WORK/nsctl"
install -m 0644 "$VLRAW" "$WORK/vlraw.py"
chmod 0755 "$WORK"
as_nobody() {
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
as_nobody test -r "$SOCK" -a -w "$SOCK" || fail "nobody cannot reach $SOCK (mode $(stat -c %a "$SOCK"), directory $(stat -c %a "$(dirname "$SOCK")"))"

expect_status 0 nsctl create lab0
snapshot "$WORK/before"

expect_error 6 as_nobody "$WORK/nsctl" create lab1
expect_snapshot "$WORK/before" "after nobody's create"
expect_error 6 as_nobody "$WORK/nsctl" delete lab0
expect_snapshot "$WORK/before" "after nobody's delete"

expect_status 0 as_nobody "$WORK/nsctl" list
expect_output_contains lab0
expect_error 6 as_nobody "$WORK/nsctl" show lab0 --json
expect_stderr_contains "belongs to root"

run as_nobody "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call io.nsctl.Namespace.Create --params '{"name":"lab1"}'
expect_eq "$STATUS" 0 "vlraw status (Create as nobody)"
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 'lab1' and 'not a member of group nsctl' in p['reason']"
run as_nobody "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call io.nsctl.Namespace.Delete --params '{"name":"lab0"}'
expect_eq "$STATUS" 0 "vlraw status (Delete as nobody)"
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 'lab0' and 'not a member' in p['reason']"
run as_nobody "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call io.nsctl.Namespace.Show --params '{"name":"lab0"}'
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 'lab0' and 'belongs to root (uid 0)' in p['reason']"
# Of another's set, List gives the name and the owner only.
run as_nobody "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call io.nsctl.Namespace.List
expect_reply_ok "p['namespaces'] == [{'name': 'lab0', 'ownerUid': 0, 'ownerName': 'root'}]"
run as_nobody "$PYTHON" "$WORK/vlraw.py" --socket "$SOCK" --call org.varlink.service.GetInfo
expect_reply_ok
expect_snapshot "$WORK/before" "after nobody's calls"

# Root still may.
expect_status 0 nsctl delete lab0
expect_no_namespaces "at the end"
