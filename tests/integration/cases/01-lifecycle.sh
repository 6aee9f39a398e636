# Create, list, show and delete a namespace set through the client, and
# check what List/Show say against the system.

expect_no_namespaces "at start"

expect_status 0 nsctl create lab1
[ -e /run/nsctl/ns/lab1/net ] || fail "create lab1: /run/nsctl/ns/lab1/net does not exist"
[ -e /run/netns/lab1 ] || fail "create lab1: /run/netns/lab1 does not exist"
inode=$(stat -L -c %i /run/nsctl/ns/lab1/net)
inode_netns=$(stat -L -c %i /run/netns/lab1)
expect_eq "$inode_netns" "$inode" "inode of /run/netns/lab1 vs /run/nsctl/ns/lab1/net"
host_inode=$(stat -L -c %i /proc/self/ns/net)
[ "$inode" != "$host_inode" ] || fail "lab1's net namespace is the daemon's own"

# The table.
expect_status 0 nsctl list
expect_output_contains lab1

# JSON, three spellings.
nsset_check="isinstance(ns, dict) and ns.get('name') == 'lab1' and ns.get('state') == 'ok'
 and re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z', ns.get('created', '')) is not None
 and ns.get('netnsPath') == '/run/netns/lab1'
 and isinstance(ns.get('namespaces'), list) and len(ns['namespaces']) == 1
 and ns['namespaces'][0].get('type') == 'net'
 and ns['namespaces'][0].get('path') == '/run/nsctl/ns/lab1/net'
 and ns['namespaces'][0].get('inode') == $inode"
nsset_check=$(printf '%s' "$nsset_check" | tr '\n' ' ')

expect_status 0 nsctl list --json
expect_json "(lambda ns: $nsset_check)(j['namespaces'][0] if isinstance(j, dict) and 'namespaces' in j else j[0])"
expect_json "len(j['namespaces'] if isinstance(j, dict) else j) == 1"

expect_status 0 nsctl --json list
expect_json "(lambda ns: $nsset_check)(j['namespaces'][0] if isinstance(j, dict) and 'namespaces' in j else j[0])"

expect_status 0 nsctl show lab1 --json
expect_json "(lambda ns: $nsset_check)(j['namespace'] if 'namespace' in j else j)"

expect_status 0 nsctl --json show lab1
expect_json "(lambda ns: $nsset_check)(j['namespace'] if 'namespace' in j else j)"

expect_status 0 nsctl show lab1
expect_output_contains lab1
expect_output_contains /run/netns/lab1

# The same through the protocol.
vlcall io.nsctl.Namespace.Show '{"name":"lab1"}'
expect_reply_ok "(lambda ns: $nsset_check)(p['namespace'])"
created=$(json_get "p['namespace']['created']")
vlcall io.nsctl.Namespace.List
expect_reply_ok "len(p['namespaces']) == 1 and (lambda ns: $nsset_check)(p['namespaces'][0])"
expect_reply_ok "p['namespaces'][0]['created'] == '$created'"

# The daemon is in the sandbox's root net namespace; the new one is not it.
daemon_inode=$(stat -L -c %i /proc/$DAEMON_PID/ns/net)
[ "$inode" != "$daemon_inode" ] || fail "lab1 is the daemon's network namespace"

expect_status 0 nsctl delete lab1
[ ! -e /run/netns/lab1 ] || fail "delete lab1: /run/netns/lab1 still exists"
[ ! -e /run/nsctl/ns/lab1 ] || fail "delete lab1: /run/nsctl/ns/lab1 still exists"
expect_status 0 nsctl list
expect_output_not_contains lab1
expect_error 4 nsctl show lab1
expect_no_namespaces "after delete"

# Create with explicit types over the protocol.
vlcall io.nsctl.Namespace.Create '{"name":"lab2","types":["net"]}'
expect_reply_ok "p['namespace']['name'] == 'lab2' and [n['type'] for n in p['namespace']['namespaces']] == ['net']"
vlcall io.nsctl.Namespace.Delete '{"name":"lab2"}'
expect_reply_ok "p == {}"
expect_no_namespaces "after deleting lab2"
