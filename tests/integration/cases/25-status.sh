# nsctl status: version, counts and health from io.nsctl.Service.GetStatus.

expect_status 0 nsctl status
expect_output_contains "Health          ok"
expect_output_contains "Namespace sets  0"

expect_status 0 nsctl create st1
expect_status 0 nsctl create st2 --type net,pid
expect_status 0 nsctl status --json
expect_json "j['namespaces'] == 2 and j['brokenNamespaces'] == 0 and j['health'] == 'ok'"
expect_json "j['socket'] == '/run/nsctl/io.nsctl' and j['version'] == '0.1.0' and j['uptimeSeconds'] >= 0"

# A set whose holder died makes the daemon degraded.
expect_status 0 nsctl show st2 --json
holder=$(json_get "j['holderPid']")
kill -9 "$holder"
sleep 0.5
expect_status 0 nsctl status --json
expect_json "j['brokenNamespaces'] == 1 and j['health'] == 'degraded'"

# Topologies are counted.
printf '{"name": "stt", "namespaces": [{"name": "st3"}]}\n' >"$WORK/stt.json"
expect_status 0 nsctl topo apply "$WORK/stt.json"
expect_status 0 nsctl status --json
expect_json "j['topologies'] == 1 and j['namespaces'] == 3"
expect_status 0 nsctl status
expect_output_contains "Topologies      1"
expect_status 0 nsctl topo destroy stt

expect_status 0 nsctl delete st1
expect_status 0 nsctl delete st2
expect_status 0 nsctl status --json
expect_json "j['namespaces'] == 0 and j['topologies'] == 0 and j['health'] == 'ok'"
