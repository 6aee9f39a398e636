# Bad names over the protocol: InvalidName (with the name and a reason), or
# MalformedMessage when the bytes are not UTF-8; nothing is created.

long=$(printf 'a%.0s' $(seq 300))
snapshot "$WORK/before"

for n in '../x' 'a/b' '' "$long" '.' '..' '-x' '_x' 'a b' 'caf\u00e9' 'a\nb' "$(printf 'n%.0s' $(seq 65))"; do
        for m in Create Show Delete; do
                vlcall io.nsctl.Namespace.$m "{\"name\":\"$n\"}"
                expect_reply_error io.nsctl.Namespace.InvalidName \
                        "p.get('name') == json.loads(r'''\"$n\"''') and isinstance(p.get('reason'), str) and len(p['reason']) > 0"
        done
        expect_snapshot "$WORK/before" "after Create of name \"$n\""
done

# An embedded NUL: either refused as a bad parameter or as a bad name.
vlcall io.nsctl.Namespace.Create '{"name":"lab\u0000x"}'
expect_json "r[0].get('error') in ('io.nsctl.Namespace.InvalidName', 'org.varlink.service.InvalidParameter')"
expect_snapshot "$WORK/before" "after Create of a name with a NUL"

# Bytes that are not UTF-8 are not JSON text: MalformedMessage, and the
# connection still answers the next call.
run vlraw --raw '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"\xff\xfe"}}\x00' \
        --json '{"method":"io.nsctl.Namespace.List"}' --replies 2
expect_eq "$STATUS" 0 "vlraw status (2 replies expected)"
expect_reply 0 io.nsctl.Service.MalformedMessage "isinstance(p.get('reason'), str) and len(p['reason']) > 0"
expect_reply 1 ok "p == {'namespaces': []}"

run vlraw --raw '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab\xc3"}}\x00' --replies 1
expect_eq "$STATUS" 0 "vlraw status"
expect_reply 0 io.nsctl.Service.MalformedMessage
expect_snapshot "$WORK/before" "after Create of names that are not UTF-8"

# The same through a newline connection.
run vlraw --newline --raw '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"\xff\xfe"}}\n' --replies 1
expect_eq "$STATUS" 0 "vlraw status (newline mode)"
expect_reply 0 io.nsctl.Service.MalformedMessage

expect_no_namespaces "at the end"
