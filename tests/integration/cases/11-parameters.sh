# Missing, wrongly typed and unknown parameters: InvalidParameter naming the
# parameter; nothing is created.

snapshot "$WORK/before"

check() {
        local method=$1 params=$2 parameter=$3
        vlcall "$method" "$params"
        expect_reply_error org.varlink.service.InvalidParameter "p == {'parameter': '$parameter'}"
}

# Missing.
check io.nsctl.Namespace.Create '{}' name
check io.nsctl.Namespace.Create '{"types":["net"]}' name
check io.nsctl.Namespace.Create '{"name":null}' name
check io.nsctl.Namespace.Show '{}' name
check io.nsctl.Namespace.Delete '{}' name
check org.varlink.service.GetInterfaceDescription '{}' interface

# Wrongly typed.
check io.nsctl.Namespace.Create '{"name":5}' name
check io.nsctl.Namespace.Create '{"name":["lab1"]}' name
check io.nsctl.Namespace.Create '{"name":{"x":"lab1"}}' name
check io.nsctl.Namespace.Create '{"name":true}' name
check io.nsctl.Namespace.Create '{"name":"lab1","types":"net"}' types
check io.nsctl.Namespace.Create '{"name":"lab1","types":{"net":true}}' types
check io.nsctl.Namespace.Show '{"name":1.5}' name
check io.nsctl.Namespace.Delete '{"name":false}' name
check org.varlink.service.GetInterfaceDescription '{"interface":42}' interface

# Unknown.
check io.nsctl.Namespace.Create '{"name":"lab1","bogus":1}' bogus
check io.nsctl.Namespace.Create '{"name":"lab1","Name":"lab1"}' Name
check io.nsctl.Namespace.List '{"all":true}' all
check io.nsctl.Namespace.Show '{"name":"lab1","verbose":true}' verbose
check org.varlink.service.GetInfo '{"x":1}' x

expect_snapshot "$WORK/before" "after calls with bad parameters"

# Unknown namespace types.
vlcall io.nsctl.Namespace.Create '{"name":"lab1","types":["bogus"]}'
expect_reply_error io.nsctl.Namespace.UnsupportedType "p == {'type': 'bogus'}"
vlcall io.nsctl.Namespace.Create '{"name":"lab1","types":["net","NET"]}'
expect_reply_error io.nsctl.Namespace.UnsupportedType "p == {'type': 'NET'}"
expect_snapshot "$WORK/before" "after Create with unsupported types"

# The same calls with good parameters work.
vlcall io.nsctl.Namespace.Create '{"name":"lab1","types":["net"]}'
expect_reply_ok "p['namespace']['name'] == 'lab1'"
vlcall io.nsctl.Namespace.Show '{"name":"lab1"}'
expect_reply_ok "p['namespace']['name'] == 'lab1'"
vlcall io.nsctl.Namespace.Delete '{"name":"lab1"}'
expect_reply_ok "p == {}"
expect_no_namespaces "at the end"
