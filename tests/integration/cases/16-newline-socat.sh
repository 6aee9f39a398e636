# Newline mode for shell users, with socat as in the design.

socat_file() {
        run socat -t 5 - "UNIX-CONNECT:$SOCK" <"$1"
        expect_eq "$STATUS" 0 "socat status"
}

run sh -c "echo '{\"method\":\"io.nsctl.Namespace.List\"}' | socat - UNIX-CONNECT:$SOCK"
expect_eq "$STATUS" 0 "socat status"
expect_eq "$OUT" '{"parameters":{"namespaces":[]}}' "reply to List through socat"
# Exactly one newline-terminated line, no NUL.
expect_eq "$(tr -d '\000' <"$WORK/out" | wc -c)" "$(wc -c <"$WORK/out")" "size without NUL bytes vs size of the newline-mode reply"
expect_eq "$(tail -c 1 "$WORK/out" | od -An -tx1 | tr -d ' ')" 0a "last byte of the newline-mode reply"
expect_eq "$(grep -c '' "$WORK/out")" 1 "lines in the newline-mode reply"

# Two requests, two lines, in order.
printf '%s\n' '{"method":"io.nsctl.Namespace.Create","parameters":{"name":"lab1"}}' \
        '{"method":"io.nsctl.Namespace.List"}' >"$WORK/req"
socat_file "$WORK/req"
expect_eq "$(grep -c '' "$WORK/out")" 2 "lines in the reply to two newline-terminated requests"
expect_json "r[0]['parameters']['namespace']['name'] == 'lab1' and [n['name'] for n in r[1]['parameters']['namespaces']] == ['lab1']"
expect_json "r[0]['parameters']['namespace']['netnsPath'] == '/run/netns/lab1'"

# The reply escapes newlines inside strings, so a line is a message.
printf '%s\n' '{"method":"io.nsctl.Namespace.Show","parameters":{"name":"a\nb"}}' >"$WORK/req"
socat_file "$WORK/req"
expect_eq "$(grep -c '' "$WORK/out")" 1 "lines in the reply to a name with a newline"
expect_json "r[0].get('error') == 'io.nsctl.Namespace.InvalidName' and r[0]['parameters']['name'] == 'a\\nb'"

# A pretty-printed NUL-terminated call (newlines inside it) gets a
# NUL-terminated reply.
run vlraw --call io.nsctl.Namespace.Show --params '{"name":"lab1"}' --pretty
expect_eq "$STATUS" 0 "vlraw status (pretty-printed NUL-terminated call)"
expect_reply_ok "p['namespace']['name'] == 'lab1'"

printf '%s\n' '{"method":"io.nsctl.Namespace.Delete","parameters":{"name":"lab1"}}' >"$WORK/req"
socat_file "$WORK/req"
expect_eq "$OUT" '{"parameters":{}}' "reply to Delete through socat"
expect_no_namespaces "at the end"
