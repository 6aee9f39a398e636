# nsctl exec: runs in the set's namespaces, passes arguments, stdin and
# stdout through, and returns the command's status.

expect_status 0 nsctl create lab1
inode=$(stat -L -c %i /run/nsctl/ns/lab1/net)

expect_status 0 nsctl exec lab1 -- ip -o link
expect_eq "$(grep -c '' "$WORK/out")" 1 "number of interfaces seen by nsctl exec lab1 -- ip -o link"
expect_output_contains ": lo:"

expect_status 0 nsctl exec lab1 -- readlink /proc/self/ns/net
expect_eq "$OUT" "net:[$inode]" "net namespace of nsctl exec lab1"

expect_status 0 nsctl exec lab1 -- printf '%s|' 'a b' '' 'c*' '--x'
expect_eq "$OUT" "a b||c*|--x|" "arguments passed by nsctl exec"

run sh -c 'echo hello-stdin | "$NSCTL" exec lab1 -- cat'
expect_eq "$STATUS" 0 "status of nsctl exec lab1 -- cat"
expect_eq "$OUT" hello-stdin "stdin through nsctl exec"

run nsctl exec lab1 -- sh -c 'echo to-stderr >&2'
expect_eq "$STATUS" 0 "status of nsctl exec writing to stderr"
expect_eq "$ERR" to-stderr "stderr through nsctl exec"

# Environment and working directory are the caller's; descriptors above 2
# are not passed on.
mkdir -p "$WORK/cwd"
run sh -c 'cd "$WORK/cwd" && NSCTL_TEST_VAR=hello "$NSCTL" exec lab1 -- sh -c '"'"'echo "$NSCTL_TEST_VAR $(pwd)"'"'"
expect_eq "$STATUS" 0 "status of nsctl exec lab1 -- sh -c 'echo \$VAR \$(pwd)'"
expect_eq "$OUT" "hello $WORK/cwd" "environment variable and working directory inside nsctl exec"
run sh -c 'exec 7>"$WORK/fd7"; "$NSCTL" exec lab1 -- sh -c '"'"'if [ -e /proc/self/fd/7 ]; then echo open; else echo closed; fi'"'"
expect_eq "$OUT" closed "fd 7 of the caller inside nsctl exec"
expect_status 0 nsctl exec lab1 -- id -u
expect_eq "$OUT" 0 "uid inside nsctl exec as root"

expect_status 0 nsctl exec lab1 -- true
expect_status 1 nsctl exec lab1 -- false
expect_status 3 nsctl exec lab1 -- sh -c 'exit 3'
expect_status 77 nsctl exec lab1 -- sh -c 'exit 77'
expect_status 127 nsctl exec lab1 -- /nonexistent/command
expect_status 127 nsctl exec lab1 -- no-such-command-nsctl-test
printf 'echo hi\n' >"$WORK/not-executable"
chmod 0644 "$WORK/not-executable"
expect_status 126 nsctl exec lab1 -- "$WORK/not-executable"
expect_status 143 nsctl exec lab1 -- sh -c 'kill -TERM $$'
expect_status 137 nsctl exec lab1 -- sh -c 'kill -KILL $$'

expect_error 4 nsctl exec nosuch -- true

expect_status 0 nsctl delete lab1
