# nsctld-args: --max-message-size 1024
#
# A message over --max-message-size gets MessageTooLarge {maxBytes} and the
# connection is closed; one of exactly the limit is served.

# Exactly 1024 bytes: served, on a connection that then goes on.
vlraw_ok() {
        expect_eq "$STATUS" 0 "vlraw status for $1"
}
run vlraw --pad-to 1024 -m '{"method":"io.nsctl.Namespace.List"}' -m '{"method":"io.nsctl.Namespace.List"}'
vlraw_ok "two 1024-byte List calls"
expect_reply 0 ok "p == {'namespaces': []}"
expect_reply 1 ok "p == {'namespaces': []}"

# 1025 bytes with a terminator.
run vlraw --pad-to 1025 -m '{"method":"io.nsctl.Namespace.List"}' --expect-close
vlraw_ok "a 1025-byte message (reply, then the connection closed)"
expect_eq "$(reply_count)" 1 "number of replies to a 1025-byte message"
expect_reply_error io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 1024}"

# After a good message, on the same connection.
make_padded_list "$WORK/big2000" 2000 nul
run vlraw -m '{"method":"io.nsctl.Namespace.List"}' --raw-file "$WORK/big2000" \
        -m '{"method":"io.nsctl.Namespace.List"}' --replies 2 --expect-close
vlraw_ok "a good message, then a 2000-byte one"
expect_reply 0 ok
expect_reply 1 io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 1024}"

# Without a terminator: the daemon must not wait for one.
make_padded_list "$WORK/big-noterm" 3000 none
run vlraw --raw-file "$WORK/big-noterm" --replies 1 --expect-close --timeout 5
vlraw_ok "3000 bytes without a terminator"
expect_reply_error io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 1024}"

# Newline mode.
make_padded_list "$WORK/big-nl" 1500 nl
run vlraw --newline -m '{"method":"io.nsctl.Namespace.List"}' --raw-file "$WORK/big-nl" --replies 2 --expect-close
vlraw_ok "newline mode, a 1500-byte message"
expect_reply 0 ok
expect_reply 1 io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 1024}"

# A pretty-printed first message over the limit (mode not yet known).
run vlraw --call io.nsctl.Namespace.List --params "{\"x\":\"$(printf 'y%.0s' $(seq 1100))\"}" --pretty --expect-close
vlraw_ok "an oversized pretty-printed first message"
expect_reply_error io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 1024}"

# The daemon serves new connections as before.
vlcall io.nsctl.Namespace.Create '{"name":"lab1"}'
expect_reply_ok
vlcall io.nsctl.Namespace.Delete '{"name":"lab1"}'
expect_reply_ok
