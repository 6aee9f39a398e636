# Multi-user labs, sessions on a terminal: `nsctl shell` and `nsctl exec`
# by a user other than root, in tmux (a private server, its socket in
# $WORK).  The command gets a pty of the client's with itself as the
# controlling process: the login shell has a prompt and job control, ^C
# interrupts its foreground command, a resized window is seen inside, and
# the shell's exit status is nsctl's.  ^Z on `nsctl exec ... sleep` stops
# the sleep and nsctl (the user's shell says so), fg continues both, and ^C
# ends them with 130.

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
[ -x /bin/bash ] || skip "no /bin/bash"

lab_users
restart_daemon
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
expect_status 0 user_nsctl labu1 create tty1 --type net,uts,pid,mnt --hostname ttyhost
home=$WORK/home/labu1
cat >"$home/.profile" <<'PROFILE'
PS1='[$NSCTL_NAMESPACE]$ '
PROMPT_COMMAND=
PROFILE
chown labu1: "$home/.profile"
cleanup() {
        cleanup_tmux
        lab_users_done
}
trap cleanup EXIT

as_labu1="cd '$home' && exec env HOME='$home' USER=labu1 SHELL=/bin/bash PATH='$PATH' setpriv --reuid labu1 --regid labu1 --init-groups"

# ---- nsctl shell ---------------------------------------------------------------------
tmux_start shell "$as_labu1 '$WORK/nsctl' shell tty1"
client=$(tm list-panes -t nsctl-test:shell -F '#{pane_pid}')
at_prompt() {
        [ "$(last_line)" = '[tty1]$' ]
}
W=shell expect_screen at_prompt
shell=$(pgrep -u labu1 -x bash | head -n 1)
[ -n "$shell" ] || fail "no shell of labu1's"
expect_eq "$(stat -c %u "/proc/$shell")" "$labu1" "owner of the session's shell"
for t in pid uts mnt net; do
        expect_eq "$(ns_id "/proc/$shell/ns/$t")" "$(ns_id "/run/nsctl/ns/tty1/$t")" "$t namespace of the shell"
done
expect_eq "$(tr '\0' ' ' <"/proc/$shell/cmdline")" "-bash " "argv of the login shell"
# Its terminal is the client's pty, in a session of the session's own
# (led by the daemon's child), where the shell's group is the foreground.
tty=$(readlink "/proc/$shell/fd/0")
case $tty in /dev/pts/*) ;; *) fail "the shell's stdin is $tty, not a pty" ;; esac
leader=$(ps -o ppid= -p "$shell" | tr -d ' ')
expect_eq "$(ps -o sid= -p "$shell" | tr -d ' ')" "$leader" "session of the shell"
expect_eq "$(ps -o pgid=,tpgid= -p "$shell" | tr -s ' ' | sed 's/^ //')" "$shell $shell" "process group of the shell, and the terminal's foreground"
expect_eq "$(stat -c %u "$tty")" "$labu1" "owner of the session's pty"

tm send-keys -t nsctl-test:shell 'echo "$(hostname) $(id -u) $(stty size)"' Enter
answered() {
        screen | grep -qx "ttyhost $labu1 30 100" && at_prompt
}
W=shell expect_screen answered

# The window is resized: the shell's terminal follows (SIGWINCH).
tm resize-window -t nsctl-test:shell -x 90 -y 25
tm send-keys -t nsctl-test:shell 'clear; stty size' Enter
resized() {
        screen | grep -qx '25 90' && at_prompt
}
W=shell expect_screen resized

# ^C interrupts the foreground command, not the shell or nsctl.
tm send-keys -t nsctl-test:shell 'sleep 100' Enter
sleeper=$(wait_for_process sleep)
tm send-keys -t nsctl-test:shell C-c
interrupted() {
        process_gone "$sleeper" && at_prompt
}
W=shell expect_screen interrupted
! process_gone "$client" || fail "nsctl shell (pid $client) ended on ^C"
! process_gone "$shell" || fail "the shell (pid $shell) ended on ^C"

# Job control inside: ^Z stops a job of the shell's, fg continues it.
tm send-keys -t nsctl-test:shell 'clear; sleep 100' Enter
sleeper=$(wait_for_process sleep)
tm send-keys -t nsctl-test:shell C-z
job_stopped() {
        screen | grep -q 'Stopped' && at_prompt
}
W=shell expect_screen job_stopped
tm send-keys -t nsctl-test:shell 'kill -9 %1' Enter
wait_until 5 process_gone "$sleeper" || fail "sleep (pid $sleeper) did not end"
# bash updates its job table when it gets to it (a slow machine, or ASan,
# can be a prompt behind): until it has, exit says "There are stopped
# jobs" and stays.  `jobs` at a prompt makes it look.
tm send-keys -t nsctl-test:shell 'clear; jobs; echo jobs-done' Enter
jobs_done() {
        screen | grep -qx 'jobs-done' && at_prompt
}
W=shell expect_screen jobs_done

tm send-keys -t nsctl-test:shell 'exit 7' Enter
W=shell expect_screen pane_ended shell "$client"
expect_eq "$(pane_end shell)" 7 "exit status of nsctl shell after \`exit 7\`"
wait_until 5 process_gone "$shell" || fail "the shell (pid $shell) is still running after exit 7"

# ---- nsctl exec from the user's shell: ^Z and fg follow the command -----------------------
tm new-window -d -t nsctl-test -n outer "$as_labu1 /bin/bash --norc --noprofile -i"
outer=$(tm list-panes -t nsctl-test:outer -F '#{pane_pid}')
tm send-keys -t nsctl-test:outer "PS1='outer\$ '" Enter
outer_prompt() {
        # ^C leaves no newline before the prompt.
        case $(last_line outer) in *'outer$') return 0 ;; esac
        return 1
}
W=outer expect_screen outer_prompt
tm send-keys -t nsctl-test:outer "clear; '$WORK/nsctl' exec tty1 sleep 100" Enter
sleeper=$(wait_for_process sleep)
exec_client=$(pgrep -u labu1 -f "nsctl exec tty1 sleep 100" | head -n 1)
[ -n "$exec_client" ] || fail "no nsctl exec process"
tm send-keys -t nsctl-test:outer C-z
both_stopped() {
        grep -q '^State:.*T (stopped)' "/proc/$sleeper/status" && grep -q '^State:.*T (stopped)' "/proc/$exec_client/status" &&
                outer_prompt
}
W=outer expect_screen both_stopped
screen outer | grep -q Stopped || fail "the user's shell does not say the job stopped"
tm send-keys -t nsctl-test:outer 'fg' Enter
both_running() {
        ! grep -q '^State:.*T (stopped)' "/proc/$sleeper/status" && ! grep -q '^State:.*T (stopped)' "/proc/$exec_client/status"
}
W=outer expect_screen both_running
tm send-keys -t nsctl-test:outer C-c
W=outer expect_screen process_gone "$sleeper"
client_done() {
        process_gone "$exec_client" && outer_prompt
}
W=outer expect_screen client_done
tm send-keys -t nsctl-test:outer 'echo "status $?"' Enter
exec_status() {
        screen outer | grep -qx 'status 130' && outer_prompt
}
W=outer expect_screen exec_status
tm send-keys -t nsctl-test:outer 'exit' Enter
W=outer expect_screen pane_ended outer "$outer"

cleanup
trap - EXIT
expect_status 0 nsctl delete tty1
expect_no_namespaces "at the end"
