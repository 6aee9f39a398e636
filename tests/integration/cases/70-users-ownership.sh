# Multi-user labs, ownership: two members of the nsctl group each make,
# change and delete their own sets and topologies, and neither can touch
# the other's (a named error that says why, and nothing changed); a user
# outside the group may only list; root sees and removes everything.

lab_users
restart_daemon

# ---- each user makes a lab of their own ------------------------------------
expect_status 0 user_nsctl labu1 create lab-a
expect_status 0 user_nsctl labu1 create lab-a2
expect_status 0 user_nsctl labu2 create lab-b --type net,uts --hostname bee
expect_status 0 user_nsctl labu1 link add lab-a:p0 lab-a2:p0 --addr-a 198.18.70.1/30 --addr-b 198.18.70.2/30
expect_status 0 user_nsctl labu1 addr add lab-a lo 198.18.70.129/32
expect_status 0 user_nsctl labu2 link add lab-b lab-b:peer

# The owner is in List and Show, with the user's name.
expect_status 0 user_nsctl labu1 show lab-a
expect_output_contains "Owner:"
expect_output_contains "labu1"
expect_status 0 nsctl list
expect_eq "$(awk '$1 == "lab-b" { print $5 }' "$WORK/out")" labu2 "OWNER of lab-b in \`nsctl list\`"
vlcall io.nsctl.Namespace.List
expect_reply_ok "[(n['name'], n['ownerUid'], n['ownerName'], 'namespaces' in n) for n in p['namespaces']] == \
[('lab-a', $labu1, 'labu1', True), ('lab-a2', $labu1, 'labu1', True), ('lab-b', $labu2, 'labu2', True)]"

# A user sees their own sets in full, the others' by name and owner only.
user_vlcall labu2 io.nsctl.Namespace.List
expect_reply_ok "p['namespaces'][0] == {'name': 'lab-a', 'ownerUid': $labu1, 'ownerName': 'labu1'} and \
p['namespaces'][2]['name'] == 'lab-b' and p['namespaces'][2]['state'] == 'ok' and p['namespaces'][2]['options']['hostname'] == 'bee'"
expect_status 0 user_nsctl labu2 list
expect_eq "$(awk '$1 == "lab-a" { print $2, $5 }' "$WORK/out")" "- labu1" "lab-a as labu2 lists it"

# ---- neither can touch the other's ------------------------------------------------
addrs_a=$(ip netns exec lab-a ip -4 -o addr)
snapshot "$WORK/before"
expect_error 6 user_nsctl labu2 delete lab-a
expect_stderr_contains "namespace set 'lab-a' belongs to labu1 (uid $labu1)"
expect_error 6 user_nsctl labu2 delete lab-a --force
expect_error 6 user_nsctl labu2 show lab-a
expect_error 6 user_nsctl labu2 ps lab-a
expect_error 6 user_nsctl labu2 addr add lab-a p0 198.18.70.5/30
expect_error 6 user_nsctl labu2 addr del lab-a lo 198.18.70.129/32
expect_error 6 user_nsctl labu2 link del lab-a:p0
expect_error 6 user_nsctl labu2 route add lab-a default via 198.18.70.2
expect_error 6 user_nsctl labu2 link add lab-b lab-a
expect_stderr_contains "belongs to labu1"
expect_error 6 user_nsctl labu1 link shape lab-b:eth0 --rate 1mbit
user_vlcall labu2 io.nsctl.Namespace.Delete '{"name":"lab-a","force":true}'
expect_reply_error io.nsctl.Namespace.PermissionDenied \
        "p == {'name': 'lab-a', 'reason': \"namespace set 'lab-a' belongs to labu1 (uid $labu1)\"}"
user_vlcall labu2 io.nsctl.Namespace.Show '{"name":"lab-a"}'
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 'lab-a'"
user_vlcall labu2 io.nsctl.Network.AddAddress '{"namespace":"lab-a","ifname":"lo","address":"198.18.70.9/32"}'
expect_reply_error io.nsctl.Namespace.PermissionDenied "'belongs to labu1' in p['reason']"
expect_snapshot "$WORK/before" "after labu2's attempts on lab-a"
expect_eq "$(ip netns exec lab-a ip -4 -o addr)" "$addrs_a" "lab-a's addresses after labu2's attempts"

# The host's network namespace is root's: no links to it, no bridges in it.
expect_error 6 user_nsctl labu1 link add lab-a host
expect_stderr_contains "host's network namespace"
expect_error 6 user_nsctl labu1 bridge add brx
expect_error 6 user_nsctl labu1 route add host 198.18.71.0/24 dev lo
user_vlcall labu1 io.nsctl.Network.AddLink '{"a":"lab-a","b":"host"}'
expect_reply_error io.nsctl.Service.PermissionDenied "'link end b (host)' in p['reason']"

# A user namespace of a non-root user maps only that user's own ids.
expect_error 6 user_nsctl labu1 create lab-u --type user,net --uid-map 0:0:1
expect_stderr_contains "only their own uid"
expect_error 6 user_nsctl labu1 create lab-u --type user,net --uid-map 0:$labu1:2
expect_error 6 user_nsctl labu1 create lab-u --type user,net --uid-map 0:$labu1:1 --gid-map 0:0:1
expect_snapshot "$WORK/before" "after refused user namespaces"
expect_status 0 user_nsctl labu1 create lab-u --type user,net --uid-map 0:$labu1:1 --gid-map 0:$labu1:1
expect_status 0 user_nsctl labu1 delete lab-u
expect_status 0 user_nsctl labu1 create lab-u --type user,net --map-root-user
expect_status 0 user_nsctl labu1 delete lab-u

# ---- outside the group: list only ----------------------------------------------------
expect_status 0 user_nsctl labu3 list
expect_error 6 user_nsctl labu3 create lab-c
expect_stderr_contains "labu3 (uid $labu3) is not a member of group nsctl"
expect_error 6 user_nsctl labu3 delete lab-a
user_vlcall labu3 io.nsctl.Namespace.Create '{"name":"lab-c"}'
expect_reply_error io.nsctl.Namespace.PermissionDenied "p['name'] == 'lab-c' and 'not a member of group nsctl' in p['reason']"
expect_snapshot "$WORK/before" "after labu3's attempts"

# ---- topologies ----------------------------------------------------------------------------
cat >"$WORK/home/labu1/t1.json" <<'JSON'
{ "name": "t1", "namespaces": [ { "name": "t1-x" }, { "name": "t1-y" } ],
  "links": [ { "a": { "namespace": "t1-x", "addresses": ["198.18.72.1/30"] },
               "b": { "namespace": "t1-y", "addresses": ["198.18.72.2/30"] } } ] }
JSON
cat >"$WORK/home/labu1/t-host.json" <<'JSON'
{ "name": "t-host", "namespaces": [ { "name": "th-x" } ],
  "bridges": [ { "name": "brth" } ],
  "links": [ { "a": { "namespace": "th-x" }, "b": { "bridge": "brth" } } ] }
JSON
cat >"$WORK/home/labu1/t-uid.json" <<'JSON'
{ "name": "t-uid", "namespaces": [ { "name": "tu-x", "types": ["user", "net"], "uidMap": [ { "inside": 0, "outside": 0, "count": 1 } ] } ] }
JSON
chmod 0644 "$WORK"/home/labu1/*.json
expect_status 0 user_nsctl labu1 topo apply t1.json
expect_status 0 user_nsctl labu1 topo show t1
expect_status 0 nsctl show t1-x --json
expect_json "j['ownerUid'] == $labu1"
snapshot "$WORK/before-topo"
expect_error 6 user_nsctl labu1 topo apply t-host.json
expect_stderr_contains "bridges[0] (brth) is in the host's network namespace"
expect_error 6 user_nsctl labu1 topo apply t-uid.json
expect_stderr_contains "namespaces[0].uidMap"
expect_error 6 user_nsctl labu2 topo destroy t1
expect_stderr_contains "topology 't1' belongs to labu1 (uid $labu1)"
expect_error 6 user_nsctl labu2 topo show t1
cp "$WORK/home/labu1/t1.json" "$WORK/home/labu2/t1.json"
chmod 0644 "$WORK/home/labu2/t1.json"
expect_error 6 user_nsctl labu2 topo apply t1.json
expect_error 6 user_nsctl labu2 delete t1-x
expect_error 6 user_nsctl labu3 topo apply ../labu2/t1.json
user_vlcall labu2 io.nsctl.Topology.Destroy '{"name":"t1"}'
expect_reply_error io.nsctl.Topology.PermissionDenied "p['name'] == 't1' and 'belongs to labu1' in p['reason']"
user_vlcall labu2 io.nsctl.Topology.List
expect_reply_ok "p['topologies'] == [{'name': 't1', 'ownerUid': $labu1, 'ownerName': 'labu1'}]"
user_vlcall labu1 io.nsctl.Topology.List
expect_reply_ok "p['topologies'][0]['name'] == 't1' and p['topologies'][0]['links'] == 1"
expect_snapshot "$WORK/before-topo" "after refused topology calls"

# ---- the owners delete their own; root removes the rest -------------------------------
expect_status 0 user_nsctl labu1 delete lab-a2
expect_status 0 user_nsctl labu1 topo destroy t1
expect_status 0 user_nsctl labu2 delete lab-b

# Every change is in the log with the caller's uid; so is every refusal.
grep -q "Created namespace set lab-a (method=io.nsctl.Namespace.Create uid=$labu1)" "$LOG" ||
        fail "the log lacks labu1's create of lab-a"
grep -q "Denied io.nsctl.Namespace.Delete on lab-a to uid $labu2 (pid [0-9]*): namespace set 'lab-a' belongs to labu1" "$LOG" ||
        fail "the log lacks labu2's refused delete"

expect_status 0 user_nsctl labu2 create lab-b2
expect_status 0 nsctl list
expect_output_contains lab-a
expect_output_contains lab-b2
expect_status 0 nsctl delete lab-a
expect_status 0 nsctl delete lab-b2
expect_no_namespaces "at the end"
