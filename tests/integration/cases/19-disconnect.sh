# Clients that go away mid-request or without reading their replies do not
# hurt the daemon or other clients.

# Half a request, then close.
for i in $(seq 20); do
        run vlraw --raw '{"method":"io.nsctl.Namespace.Create","parameters":{"na' --replies 0
        expect_eq "$STATUS" 0 "vlraw status (half a request)"
done
expect_daemon_alive "after clients that closed mid-request"
vlcall io.nsctl.Namespace.List
expect_reply_ok "p == {'namespaces': []}"

# Half a request held open while another client is served.
python3 - "$SOCK" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"method":"io.nsctl.Namespace.List"')
time.sleep(2)
s.close()
PY
holder=$!
sleep 0.2
vlcall io.nsctl.Namespace.List '' --timeout 1
expect_reply_ok "p == {'namespaces': []}"
wait "$holder"

# Whole requests, then close without reading the replies (the daemon's
# writes fail with EPIPE): many of them, with large replies.
expect_status 0 nsctl create lab1
for i in $(seq 20); do
        run vlraw --call io.nsctl.Namespace.List --replies 0
done
args=()
for i in $(seq 500); do
        args+=(-m '{"method":"io.nsctl.Namespace.List"}')
done
for i in $(seq 5); do
        run vlraw "${args[@]}" --replies 0
done
expect_daemon_alive "after clients that did not read their replies"

# A Create whose client left before the reply: done all the same, once.
run vlraw --call io.nsctl.Namespace.Create --params '{"name":"lab2"}' --replies 0
sleep 0.5
vlcall io.nsctl.Namespace.List
expect_reply_ok "[n['name'] for n in p['namespaces']] == ['lab1', 'lab2']"

# Half-closed (EOF after the request): the replies still come.
run vlraw -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"lab2"}}' \
        -m '{"method":"io.nsctl.Namespace.List"}' --half-close --expect-close
expect_eq "$STATUS" 0 "vlraw status (requests, then EOF; replies, then close)"
expect_reply 0 ok "p['namespace']['name'] == 'lab2'"
expect_reply 1 ok "len(p['namespaces']) == 2"

expect_status 0 nsctl delete lab1
expect_status 0 nsctl delete lab2
expect_no_namespaces "at the end"
