# Several requests written at once are answered in order.

run vlraw -m '{"method":"io.nsctl.Namespace.List"}' -m '{"method":"org.varlink.service.GetInfo"}'
expect_eq "$STATUS" 0 "vlraw status (two pipelined requests)"
expect_eq "$(reply_count)" 2 "number of replies"
expect_reply 0 ok "p == {'namespaces': []}"
expect_reply 1 ok "'interfaces' in p"

run vlraw \
        -m '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab2"}}' \
        -m '{"method":"io.nsctl.Namespace.List"}' \
        -m '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"lab1"}}' \
        -m '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"lab2"}}' \
        -m '{"method":"io.nsctl.Namespace.List"}' \
        --settle 0.5
expect_eq "$STATUS" 0 "vlraw status (nine pipelined requests)"
expect_eq "$(reply_count)" 9 "number of replies"
expect_reply 0 ok "p['namespace']['name'] == 'lab1'"
expect_reply 1 ok "p['namespace']['name'] == 'lab1'"
expect_reply 2 ok "p['namespace']['name'] == 'lab2'"
expect_reply 3 ok "[n['name'] for n in p['namespaces']] == ['lab1', 'lab2']"
expect_reply 4 io.nsctl.Namespace.AlreadyExists "p == {'name': 'lab1'}"
expect_reply 5 ok "p == {}"
expect_reply 6 io.nsctl.Namespace.NotFound "p == {'name': 'lab1'}"
expect_reply 7 ok "p == {}"
expect_reply 8 ok "p == {'namespaces': []}"

# Pipelined in newline mode.
run vlraw --newline -m '{"method":"io.nsctl.Namespace.List"}' \
        -m '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"nosuch"}}' \
        -m '{"method":"org.varlink.service.GetInfo"}'
expect_eq "$STATUS" 0 "vlraw status (newline mode, three pipelined requests)"
expect_reply 0 ok "p == {'namespaces': []}"
expect_reply 1 io.nsctl.Namespace.NotFound
expect_reply 2 ok "'interfaces' in p"

# A oneway call gets no reply; the next call's reply is the only one.
run vlraw -m '{"method":"io.nsctl.Namespace.List","oneway":true}' -m '{"method":"org.varlink.service.GetInfo"}' \
        --replies 1 --settle 0.5
expect_eq "$STATUS" 0 "vlraw status (oneway List, then GetInfo: exactly one reply)"
expect_reply 0 ok "'interfaces' in p"

# Many requests at once, none lost or reordered.
args=()
for i in $(seq 0 199); do
        args+=(-m "{\"method\":\"io.nsctl.Namespace.Show\",\"parameters\":{\"name\":\"n$i\"}}")
done
run vlraw "${args[@]}"
expect_eq "$STATUS" 0 "vlraw status (200 pipelined requests)"
expect_json "len(r) == 200 and all(x.get('error') == 'io.nsctl.Namespace.NotFound' and x['parameters'] == {'name': 'n%d' % i} for i, x in enumerate(r))"
