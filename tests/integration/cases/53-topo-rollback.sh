# A topology whose element in the middle fails (a namespace set of that
# name already exists, made outside the topology) is rolled back: the
# error names the element, and nothing it made is left.  Invalid files are
# refused before anything is made, with the element named.

expect_status 0 nsctl create taken
snapshot "$WORK/before"
cat >"$WORK/bad.json" <<'JSON'
{
  "name": "bad",
  "namespaces": [ {"name": "m1"}, {"name": "m2", "types": ["net", "uts", "ipc", "mnt", "pid"]}, {"name": "taken"}, {"name": "m4"} ],
  "bridges": [ {"name": "brx", "addresses": ["198.18.3.1/24"]} ],
  "links": [
    {"a": "m1:eth0", "b": "brx"},
    {"a": "m2:eth0", "b": "brx"}
  ]
}
JSON
expect_error 1 nsctl topo apply "$WORK/bad.json"
expect_stderr_contains "namespaces[2]"
expect_snapshot_soon "$WORK/before" "after a failed apply"
expect_error 4 nsctl topo show bad

# A failure at the kernel: a route through a gateway no interface reaches.
cat >"$WORK/bad2.json" <<'JSON'
{
  "name": "bad2",
  "namespaces": [ {"name": "r1"} ],
  "links": [ {"a": {"namespace": "r1", "ifname": "eth0", "addresses": ["198.18.4.1/24"]}, "b": {"host": true, "ifname": "veth-r1"}} ],
  "routes": [ {"namespace": "r1", "to": "198.18.6.0/24", "via": "198.18.5.1"} ]
}
JSON
expect_error 1 nsctl topo apply "$WORK/bad2.json"
expect_stderr_contains "routes[0]"
expect_snapshot_soon "$WORK/before" "after a failed route"

# Invalid documents: named element, exit 2, nothing changed.
check_invalid() {
        local doc=$1 element=$2
        printf '%s\n' "$doc" >"$WORK/inv.json"
        expect_error 2 nsctl topo apply "$WORK/inv.json"
        expect_stderr_contains "$element"
        expect_snapshot "$WORK/before" "after invalid topology $element"
}
check_invalid '{"name": "x", "links": [{"a": "nope:eth0", "b": "host"}]}' 'links[0].a'
check_invalid '{"name": "x", "namespaces": [{"name": "p"}], "links": [{"a": "p:thisnameistoolong0", "b": "host"}]}' 'links[0].a'
check_invalid '{"name": "x", "namespaces": [{"name": "p", "sysctls": {"kernel.hostname": "x"}}]}' 'namespaces[0].sysctls'
check_invalid '{"name": "x", "namespaces": [{"name": "p"}], "links": [{"a": {"namespace": "p", "addresses": ["198.18.0.1/33"]}, "b": "host"}]}' 'links[0].a.addresses[0]'
check_invalid '{"name": "x", "namespaces": [{"name": "p", "hostname": "h"}]}' 'namespaces[0]'
check_invalid '{"name": "../x"}' 'name'
check_invalid '{"name": "x", "unknown": 1}' 'unknown'
run "$NSCTL" topo apply /nonexistent/file.json
expect_eq "$STATUS" 2 "a missing file"
printf '{"name": ' >"$WORK/trunc.json"
expect_error 2 nsctl topo apply "$WORK/trunc.json"
expect_stderr_contains "invalid JSON"
expect_status 0 nsctl delete taken
