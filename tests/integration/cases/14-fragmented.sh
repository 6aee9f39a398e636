# A request that arrives in pieces is answered as if it came at once.

# One byte at a time.
run vlraw --call io.nsctl.Namespace.Create --params '{"name":"lab1"}' --chunk 1 --delay 0.002
expect_eq "$STATUS" 0 "vlraw status (Create sent one byte at a time)"
expect_reply_ok "p['namespace']['name'] == 'lab1'"

run vlraw --call io.nsctl.Namespace.Show --params '{"name":"lab1"}' --chunk 1 --delay 0.002 --newline
expect_eq "$STATUS" 0 "vlraw status (Show sent one byte at a time, newline mode)"
expect_reply_ok "p['namespace']['name'] == 'lab1'"

run vlraw --call io.nsctl.Namespace.Show --params '{"name":"lab1"}' --pretty --chunk 1 --delay 0.002
expect_eq "$STATUS" 0 "vlraw status (pretty-printed Show sent one byte at a time)"
expect_reply_ok "p['namespace']['name'] == 'lab1'"

# 143-byte pieces of long messages, several messages straddling pieces.
run vlraw --pad-to 1000 -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.List"}' \
        -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"nosuch"}}' \
        --chunk 143 --delay 0.01
expect_eq "$STATUS" 0 "vlraw status (three 1000-byte messages in 143-byte pieces)"
expect_reply 0 ok "p['namespace']['name'] == 'lab1'"
expect_reply 1 ok "[n['name'] for n in p['namespaces']] == ['lab1']"
expect_reply 2 io.nsctl.Namespace.NotFound "p == {'name': 'nosuch'}"

run vlraw -m '{"method":"io.nsctl.Namespace.List"}' -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"lab1"}}' \
        --newline --chunk 143 --delay 0.01
expect_eq "$STATUS" 0 "vlraw status (newline mode, 143-byte pieces)"
expect_reply 0 ok
expect_reply 1 ok "p['namespace']['name'] == 'lab1'"

# A pretty-printed, NUL-terminated message whose newlines fall at the ends
# of pieces: a newline must not be taken for the end of the message.
run vlraw --call io.nsctl.Namespace.Delete --params '{"name":"lab1"}' --pretty --chunk 3 --delay 0.005
expect_eq "$STATUS" 0 "vlraw status (pretty-printed Delete in 3-byte pieces)"
expect_reply_ok "p == {}"
expect_no_namespaces "at the end"
