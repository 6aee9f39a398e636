# Unknown names: exit 4 from the client, NotFound on the wire.

expect_error 4 nsctl delete nosuch
expect_stderr_contains nosuch
expect_error 4 nsctl show nosuch
expect_error 4 nsctl show nosuch --json

vlcall io.nsctl.Namespace.Delete '{"name":"nosuch"}'
expect_reply_error io.nsctl.Namespace.NotFound "p == {'name': 'nosuch'}"
vlcall io.nsctl.Namespace.Show '{"name":"nosuch"}'
expect_reply_error io.nsctl.Namespace.NotFound "p == {'name': 'nosuch'}"

# Deleted names are gone for good.
expect_status 0 nsctl create lab1
expect_status 0 nsctl delete lab1
expect_error 4 nsctl delete lab1
vlcall io.nsctl.Namespace.Delete '{"name":"lab1"}'
expect_reply_error io.nsctl.Namespace.NotFound "p == {'name': 'lab1'}"
expect_no_namespaces "at the end"
