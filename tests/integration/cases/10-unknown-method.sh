# Unknown methods and interfaces.

vlcall io.nsctl.Namespace.Frobnicate
expect_reply_error org.varlink.service.MethodNotFound "p == {'method': 'io.nsctl.Namespace.Frobnicate'}"

vlcall io.nsctl.Namespace.list
expect_reply_error org.varlink.service.MethodNotFound "p == {'method': 'io.nsctl.Namespace.list'}"

vlcall org.varlink.service.Frobnicate
expect_reply_error org.varlink.service.MethodNotFound "p == {'method': 'org.varlink.service.Frobnicate'}"

vlcall io.nsctl.Nope.List
expect_reply_error org.varlink.service.InterfaceNotFound "p == {'interface': 'io.nsctl.Nope'}"

vlcall io.nsctl.namespace.List
expect_reply_error org.varlink.service.InterfaceNotFound "p == {'interface': 'io.nsctl.namespace'}"

vlcall com.example.Thing.Create '{"name":"lab1"}'
expect_reply_error org.varlink.service.InterfaceNotFound "p == {'interface': 'com.example.Thing'}"

vlcall org.varlink.service.GetInterfaceDescription '{"interface":"io.nsctl.Nope"}'
expect_reply_error org.varlink.service.InterfaceNotFound "p == {'interface': 'io.nsctl.Nope'}"

# The connection goes on after such errors.
run vlraw -m '{"method":"io.nsctl.Namespace.Frobnicate"}' -m '{"method":"io.nsctl.Nope.List"}' \
        -m '{"method":"io.nsctl.Namespace.List"}'
expect_eq "$STATUS" 0 "vlraw status"
expect_reply 0 org.varlink.service.MethodNotFound
expect_reply 1 org.varlink.service.InterfaceNotFound
expect_reply 2 ok "p == {'namespaces': []}"

expect_no_namespaces "at the end"
