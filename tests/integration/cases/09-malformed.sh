# Malformed messages get MalformedMessage with a reason, and the connection
# stays usable: all sent on one connection, each answered in order.

deep=$(printf '[%.0s' $(seq 10000))$(printf ']%.0s' $(seq 10000))
bad=(
        '{'
        '{"method":"io.nsctl.Namespace.List"'
        'not json'
        "{'method':'io.nsctl.Namespace.List'}"
        '{"method":"io.nsctl.Namespace.List",}'
        '[]'
        '"io.nsctl.Namespace.List"'
        '{}'
        '{"parameters":{}}'
        '{"method":1}'
        '{"method":["io.nsctl.Namespace.List"]}'
        '{"method":"io.nsctl.Namespace.List","parameters":[]}'
        '{"method":"io.nsctl.Namespace.List","parameters":"x"}'
        '{"method":"io.nsctl.Namespace.List","more":1}'
        '{"method":"io.nsctl.Namespace.List","oneway":"yes"}'
        '{"method":"io.nsctl.Namespace.List","bogus":true}'
        '{"method":"io.nsctl.Namespace.List"} trailing'
        '{"method":"io.nsctl.Namespace.List"}{"method":"io.nsctl.Namespace.List"}'
        "{\"method\":\"io.nsctl.Namespace.List\",\"parameters\":{\"x\":$deep}}"
)
args=()
for m in "${bad[@]}"; do
        args+=(-m "$m")
done
args+=(-m '{"method":"io.nsctl.Namespace.List"}')
n=${#bad[@]}

run vlraw "${args[@]}"
expect_eq "$STATUS" 0 "vlraw status ($((n + 1)) replies expected on one connection)"
expect_eq "$(reply_count)" $((n + 1)) "number of replies"
for i in $(seq 0 $((n - 1))); do
        expect_reply "$i" io.nsctl.Service.MalformedMessage "isinstance(p.get('reason'), str) and len(p['reason']) > 0"
done
expect_reply "$n" ok "p == {'namespaces': []}"

# The nesting one says why.
expect_json "'deep' in r[$((n - 1))]['parameters']['reason'] or 'nest' in r[$((n - 1))]['parameters']['reason']"

# An empty message (a lone NUL) is malformed too.
run vlraw --raw '\x00' --json '{"method":"io.nsctl.Namespace.List"}' --replies 2
expect_eq "$STATUS" 0 "vlraw status (empty message, then List)"
expect_reply 0 io.nsctl.Service.MalformedMessage
expect_reply 1 ok

# The same in newline mode (the first message, well-formed, sets the mode).
run vlraw --newline -m '{"method":"io.nsctl.Namespace.List"}' -m '{"method":"io.nsctl.Namespace.List"' \
        -m 'not json' -m '{"method":"io.nsctl.Namespace.List"}'
expect_eq "$STATUS" 0 "vlraw status (newline mode)"
expect_reply 0 ok "p == {'namespaces': []}"
expect_reply 1 io.nsctl.Service.MalformedMessage
expect_reply 2 io.nsctl.Service.MalformedMessage
expect_reply 3 ok "p == {'namespaces': []}"

expect_no_namespaces "at the end"
