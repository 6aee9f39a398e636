# The socket: default path, --socket, NSCTL_SOCKET; exit 3 when there is no
# daemon to talk to.

expect_status 0 nsctl list
expect_status 0 nsctl --socket "$SOCK" list
expect_status 0 env NSCTL_SOCKET="$SOCK" "$NSCTL" list

expect_error 3 nsctl --socket /run/nowhere/io.nsctl list
expect_error 3 env NSCTL_SOCKET=/run/nowhere/io.nsctl "$NSCTL" list
expect_error 3 env NSCTL_SOCKET=/run/nowhere/io.nsctl "$NSCTL" create lab1
: >"$WORK/not-a-socket"
expect_error 3 nsctl --socket "$WORK/not-a-socket" list
# A socket nobody listens on.
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$WORK/dead.sock"
expect_error 3 nsctl --socket "$WORK/dead.sock" list
expect_error 3 nsctl --socket "$WORK/dead.sock" exec lab1 -- true

# --socket wins over the environment.
expect_status 0 env NSCTL_SOCKET=/run/nowhere/io.nsctl "$NSCTL" --socket "$SOCK" list
expect_no_namespaces "at the end"
