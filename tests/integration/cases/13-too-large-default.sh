# The default limit is 4 MiB: a message of exactly 4194304 bytes is served,
# a 5 MiB one gets MessageTooLarge and the connection is closed.

make_padded_list "$WORK/exact" 4194304 nul
run vlraw --raw-file "$WORK/exact" --replies 1 --timeout 30
expect_eq "$STATUS" 0 "vlraw status for a 4194304-byte message"
expect_reply_ok "p == {'namespaces': []}"

make_padded_list "$WORK/big" $((5 * 1024 * 1024)) nul
run vlraw --raw-file "$WORK/big" --replies 1 --expect-close --timeout 30
expect_eq "$STATUS" 0 "vlraw status for a 5 MiB message (reply, then the connection closed)"
expect_reply_error io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 4194304}"

# 5 MiB without any terminator.
make_padded_list "$WORK/big-noterm" $((5 * 1024 * 1024)) none
run vlraw --raw-file "$WORK/big-noterm" --replies 1 --expect-close --timeout 30
expect_eq "$STATUS" 0 "vlraw status for 5 MiB without a terminator"
expect_reply_error io.nsctl.Service.MessageTooLarge "p == {'maxBytes': 4194304}"

# Still serving.
vlcall io.nsctl.Namespace.List
expect_reply_ok "p == {'namespaces': []}"
