# nsctl shell and exec, interactive, on a real terminal: tmux (a private
# server, its socket in $WORK) runs them on a set of net, uts, pid and mnt.
#   - the login shell shows a prompt made from NSCTL_NAMESPACE (a ~/.profile
#     in a HOME of the case's), runs commands in the set (hostname);
#   - ^C interrupts the command in the shell's foreground, but neither the
#     shell nor nsctl; the shell's exit status is the pane's (exit 7);
#   - ^C on `nsctl exec sh1 -- sleep` (both in the terminal's foreground
#     process group) ends the sleep, not nsctl, which exits 130.

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"

# The shell nsctl picks: root's login shell, else $SHELL.  Both bash and
# sh read ~/.profile as login shells.
login_shell=$(getent passwd root | cut -d: -f7)
[ -n "$login_shell" ] || login_shell=/bin/bash
case ${login_shell##*/} in
bash | sh | dash) ;;
*) skip "root's login shell $login_shell may not read ~/.profile" ;;
esac

expect_status 0 nsctl create sh1 --type net,uts,pid,mnt --hostname labhost

home=$WORK/home
mkdir -p "$home"
# Read after /etc/profile, so this prompt wins over the system's.
cat >"$home/.profile" <<'EOF'
PS1='[$NSCTL_NAMESPACE]# '
PROMPT_COMMAND=
EOF
trap cleanup_tmux EXIT

# The shell's prompts so far.
prompts() {
        screen | grep -c '^\[sh1\]#' || true
}
at_prompt() {
        [ "$(last_line)" = '[sh1]#' ]
}

# ---- nsctl shell ---------------------------------------------------------------

HOME=$home tmux_start shell "exec env HOME='$home' SHELL=/bin/bash '$NSCTL' shell sh1"
client=$(tm list-panes -t nsctl-test:shell -F '#{pane_pid}')
[ -n "$client" ] || fail "no pane in the tmux session"

expect_screen at_prompt
expect_eq "$(tr '\0' ' ' <"/proc/$client/cmdline")" "$NSCTL shell sh1 " "the command line of the pane's process"
shell=$(pgrep -P "$client")
[ -n "$shell" ] || fail "nsctl shell (pid $client) has no child"
for t in pid uts mnt net; do
        expect_eq "$(ns_id "/proc/$shell/ns/$t")" "$(ns_id "/run/nsctl/ns/sh1/$t")" "$t namespace of the shell"
done
expect_eq "$(tr '\0' ' ' <"/proc/$shell/cmdline")" "-${login_shell##*/} " "argv of the login shell"
grep -qz '^NSCTL_NAMESPACE=sh1$' "/proc/$shell/environ" || fail "NSCTL_NAMESPACE=sh1 is not in the shell's environment"

# A command in the set.
tm send-keys -t nsctl-test:shell 'hostname' Enter
hostname_done() {
        at_prompt && [ "$(prompts)" = 2 ]
}
expect_screen hostname_done
screen | grep -qx 'labhost' || fail "$(printf 'hostname inside sh1 is not labhost:\n%s' "$(screen | sed '/^[[:space:]]*$/d; s/^/  | /')")"

# ^C interrupts the foreground command only.
tm send-keys -t nsctl-test:shell 'sleep 100' Enter
sleeper=$(wait_for_process sleep)
expect_eq "$(ns_id "/proc/$sleeper/ns/pid")" "$(ns_id /run/nsctl/ns/sh1/pid)" "pid namespace of the sleep started in the shell"
! at_prompt || fail "the prompt is back while sleep 100 runs"
tm send-keys -t nsctl-test:shell C-c
sleep_interrupted() {
        process_gone "$sleeper" && at_prompt && [ "$(prompts)" = 3 ]
}
expect_screen sleep_interrupted
! process_gone "$client" || fail "nsctl shell (pid $client) ended on ^C"
! process_gone "$shell" || fail "the shell (pid $shell) ended on ^C"
expect_eq "$(tm display-message -p -t nsctl-test:shell '#{pane_dead}')" 0 "pane_dead after ^C"

# The shell still works after ^C, and its exit status is nsctl's.
tm send-keys -t nsctl-test:shell 'echo $((6 * 7))' Enter
answered() {
        screen | grep -qx 42 && at_prompt
}
expect_screen answered
tm send-keys -t nsctl-test:shell 'exit 7' Enter
expect_screen pane_ended shell "$client"
expect_eq "$(pane_end shell)" 7 "exit status of nsctl shell after \`exit 7\`"
wait_until 5 process_gone "$shell" || fail "the shell (pid $shell) is still running after exit 7"

# ---- nsctl exec, ^C --------------------------------------------------------------

tm new-window -d -t nsctl-test -n exec "exec '$NSCTL' exec sh1 -- sleep 100"
client=$(tm list-panes -t nsctl-test:exec -F '#{pane_pid}')
sleeper=$(wait_for_process sleep)
expect_eq "$(ns_id "/proc/$sleeper/ns/pid")" "$(ns_id /run/nsctl/ns/sh1/pid)" "pid namespace of nsctl exec sh1 -- sleep"
expect_eq "$(ps -o pgid= -p "$sleeper" | tr -d ' ')" "$client" "process group of the sleep (nsctl's, the terminal's foreground)"
tm send-keys -t nsctl-test:exec C-c
wait_until 5 pane_ended exec "$client" || fail "nsctl exec sh1 -- sleep 100 (pid $client) did not end on ^C"
expect_eq "$(pane_end exec)" 130 "exit status of nsctl exec sh1 -- sleep 100 after ^C"
wait_until 5 process_gone "$sleeper" || fail "the sleep (pid $sleeper) outlived ^C"

cleanup_tmux
trap - EXIT

expect_status 0 nsctl delete sh1
expect_no_namespaces "at the end"
