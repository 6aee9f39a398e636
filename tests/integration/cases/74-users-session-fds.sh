# Multi-user labs, sessions on the wire: io.nsctl.Session.Start takes
# exactly three descriptors (SCM_RIGHTS) with the call, "more", and
# checked parameters; anything else is a named error, nothing runs, and
# every descriptor that came is closed (the daemon holds as many as
# before).  Signal reaches only the caller's own sessions; a client that
# closes its connection ends its command.

lab_users
restart_daemon
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
install -m 0644 "$SRCDIR/tests/integration/fdcall.py" "$WORK/fdcall.py"
fdcall() {
        local u=$1
        shift
        run as_user "$u" "$PYTHON" "$WORK/fdcall.py" --socket "$SOCK" "$@"
}
expect_status 0 user_nsctl labu1 create lab-a
fds_before=$(daemon_fd_count)
start='{"name":"lab-a","argv":["sh","-c","echo started >&2"]}'

# ---- the descriptors -----------------------------------------------------------------
fdcall labu1 --call io.nsctl.Session.Start --more --params "$start"
expect_eq "$STATUS" 0 "fdcall status"
expect_json "r[0]['parameters']['pid'] > 0 and r[0]['continues'] and r[1] == {'parameters': {'exitStatus': 0}}"
expect_eq "$ERR" started "the command's stderr"
for n in 0 1 2 4 8; do
        if [ "$n" = 0 ]; then fdcall labu1 --call io.nsctl.Session.Start --more --no-fds --params "$start"
        else fdcall labu1 --call io.nsctl.Session.Start --more --fds "$n" --params "$start"; fi
        expect_reply_error io.nsctl.Service.InvalidDescriptors "p['reason'] == 'io.nsctl.Session.Start takes 3 descriptors, $n came'"
done
# More than fit in the daemon's control buffer: a truncated control message.
for n in 9 200; do
        fdcall labu1 --call io.nsctl.Session.Start --more --fds "$n" --params "$start"
        expect_reply_error io.nsctl.Service.InvalidDescriptors "p['reason'] == 'a truncated or unexpected control message'"
done
# Descriptors with a call that takes none.
fdcall labu1 --call io.nsctl.Namespace.List
expect_reply_error io.nsctl.Service.InvalidDescriptors "p['reason'] == 'io.nsctl.Namespace.List takes 0 descriptors, 3 came'"
fdcall labu1 --call io.nsctl.Namespace.Delete --params '{"name":"lab-a"}'
expect_reply_error io.nsctl.Service.InvalidDescriptors
expect_status 0 nsctl show lab-a
# The descriptors may come with any byte of the message.
fdcall labu1 --call io.nsctl.Session.Start --more --split --params "$start"
expect_json "r[-1] == {'parameters': {'exitStatus': 0}}"
fdcall labu1 --call io.nsctl.Session.Start --more --fds-alone --params "$start"
expect_json "r[-1] == {'parameters': {'exitStatus': 0}}"
# A control message with every byte: the connection goes after a few.
fdcall labu1 --call io.nsctl.Session.Start --more --drip 20 --params "$start"
expect_reply_error io.nsctl.Service.InvalidDescriptors "p['reason'] == 'too many control messages'"
expect_eq "$(reply_count)" 1 "replies to a call in 20 control messages"
expect_eq "$(daemon_fd_count)" "$fds_before" "descriptors the daemon holds after refused descriptors"

# ---- the call ------------------------------------------------------------------------------
fdcall labu1 --call io.nsctl.Session.Start --params "$start"
expect_reply_error org.varlink.service.ExpectedMore
fdcall root --call io.nsctl.Session.Start --more --params "$start"
expect_reply_error io.nsctl.Service.PermissionDenied "'root enters sets itself' in p['reason']"
fdcall labu2 --call io.nsctl.Session.Start --more --params "$start"
expect_reply_error io.nsctl.Namespace.PermissionDenied "'belongs to labu1' in p['reason']"
fdcall labu3 --call io.nsctl.Session.Start --more --params "$start"
expect_reply_error io.nsctl.Namespace.PermissionDenied "'not a member of group nsctl' in p['reason']"
fdcall labu1 --call io.nsctl.Session.Start --more --params '{"name":"no-such","argv":["true"]}'
expect_reply_error io.nsctl.Namespace.NotFound "p == {'name': 'no-such'}"
bad_start() {
        fdcall labu1 --call io.nsctl.Session.Start --more --params "$1"
        expect_reply_error io.nsctl.Session.InvalidArgument "p['parameter'] == '$2'"
}
bad_start '{"name":"lab-a","argv":[]}' argv
bad_start '{"name":"lab-a","argv":["true", 1]}' argv
bad_start '{"name":"lab-a","argv":["true"],"environment":["NOEQUALS"]}' environment
bad_start '{"name":"lab-a","argv":["true"],"environment":["=x"]}' environment
bad_start '{"name":"lab-a","argv":["true"],"directory":"relative"}' directory
bad_start '{"name":"lab-a","argv":["true"],"umask":512}' umask
bad_start '{"name":"lab-a","argv":["true"],"types":["pid"]}' types
bad_start '{"name":"lab-a","argv":["true"],"types":["bogus"]}' types
bad_start '{"name":"lab-a","argv":["true"],"fallbackProgram":"sh"}' fallbackArgv
fdcall labu1 --call io.nsctl.Session.Start --more --params '{"name":"lab-a","argv":["true"],"bogus":1}'
expect_reply_error org.varlink.service.InvalidParameter "p == {'parameter': 'bogus'}"
expect_eq "$(daemon_fd_count)" "$fds_before" "descriptors the daemon holds after refused calls"

# ---- Signal ------------------------------------------------------------------------------------
(cd "$WORK/home/labu1" && exec setpriv --reuid labu1 --regid labu1 --init-groups "$WORK/nsctl" exec lab-a sleep 1000) \
        >/dev/null 2>&1 </dev/null &
client=$!
sleeper=$(wait_for_process sleep)
user_vlcall labu2 io.nsctl.Session.Signal "{\"pid\":$sleeper,\"signal\":15}"
expect_reply_error io.nsctl.Service.PermissionDenied "p['reason'] == 'session $sleeper belongs to labu1 (uid $labu1)'"
user_vlcall labu1 io.nsctl.Session.Signal "{\"pid\":$sleeper,\"signal\":0}"
expect_reply_error io.nsctl.Session.InvalidArgument "p['parameter'] == 'signal'"
user_vlcall labu1 io.nsctl.Session.Signal '{"pid":1,"signal":15}'
expect_reply_error io.nsctl.Session.NotFound "p == {'pid': 1}"
! process_gone "$sleeper" || fail "the sleep ended on refused signals"
user_vlcall labu1 io.nsctl.Session.Signal "{\"pid\":$sleeper,\"signal\":15}"
expect_reply_ok
rc=0
wait "$client" || rc=$?
expect_eq "$rc" 143 "exit status of nsctl exec after Signal 15"

# A client that closes its connection ends its command.
fdcall labu1 --call io.nsctl.Session.Start --more --close-after-pid --params '{"name":"lab-a","argv":["sleep","1000"]}'
expect_eq "$STATUS" 0 "fdcall status"
pid=$(json_get "r[0]['parameters']['pid']")
wait_until 5 process_gone "$pid" || fail "the command (pid $pid) outlived its connection"
grep -q "Session $pid in lab-a: the client has gone, ending the command" "$LOG" || fail "the log does not say so"

wait_until 5 eval '[ "$(daemon_fd_count)" = "$fds_before" ]' ||
        fail "the daemon holds $(daemon_fd_count) descriptors after the sessions, $fds_before before"

expect_status 0 user_nsctl labu1 delete lab-a
expect_no_namespaces "at the end"
