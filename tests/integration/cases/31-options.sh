# Creation options are what a process inside sees: the hostname (uts), the
# uid and gid maps (user) and the clock offsets (time); Show reports them.

sandbox_host=$(hostname)

# ---- hostname ------------------------------------------------------------------

expect_status 0 nsctl create h1 --type uts --hostname lab-host.example
expect_status 0 nsctl exec h1 -- hostname
expect_eq "$OUT" lab-host.example "hostname inside h1"
expect_status 0 nsctl exec h1 -- cat /proc/sys/kernel/hostname
expect_eq "$OUT" lab-host.example "/proc/sys/kernel/hostname inside h1"
expect_eq "$(hostname)" "$sandbox_host" "the sandbox's hostname after creating h1"
expect_status 0 nsctl show h1 --json
expect_json "j.get('namespace', j)['options'] == {'hostname': 'lab-host.example'}"

# A change inside stays inside.
expect_status 0 nsctl exec h1 -- hostname changed-inside
expect_status 0 nsctl exec h1 -- hostname
expect_eq "$OUT" changed-inside "hostname inside h1 after changing it there"
expect_eq "$(hostname)" "$sandbox_host" "the sandbox's hostname after changing h1's"

# Without --hostname a new uts namespace starts with the creator's name.
expect_status 0 nsctl create h2 --type uts,net
expect_status 0 nsctl exec h2 -- hostname
expect_eq "$OUT" "$sandbox_host" "hostname inside h2 (no --hostname)"

# ---- user namespace: --map-root-user ---------------------------------------------

expect_status 0 nsctl create u1 --type user --map-root-user
expect_status 0 nsctl show u1 --json
expect_json "j.get('namespace', j)['options'] == {'mapRootUser': True}"
expect_status 0 nsctl exec u1 -- id -u
expect_eq "$OUT" 0 "id -u inside u1"
expect_status 0 nsctl exec u1 -- id -g
expect_eq "$OUT" 0 "id -g inside u1"
# The creator (root, uid 0) is root inside: one id, 0 -> 0.
expect_status 0 nsctl exec u1 -- cat /proc/self/uid_map
expect_eq "$(echo $OUT)" "0 0 1" "uid_map inside u1"
expect_status 0 nsctl exec u1 -- cat /proc/self/gid_map
expect_eq "$(echo $OUT)" "0 0 1" "gid_map inside u1"

# ---- user namespace: explicit maps ---------------------------------------------

expect_status 0 nsctl create u2 --type user,mnt --uid-map 0:100000:65536 --gid-map 0:200000:1000 --gid-map 1000:300000:10
expect_status 0 nsctl show u2 --json
expect_json "j.get('namespace', j)['options'] == {'uidMap': [{'inside': 0, 'outside': 100000, 'count': 65536}], 'gidMap': [{'inside': 0, 'outside': 200000, 'count': 1000}, {'inside': 1000, 'outside': 300000, 'count': 10}]}"
expect_status 0 nsctl exec u2 -- cat /proc/self/uid_map
expect_eq "$(echo $OUT)" "0 100000 65536" "uid_map inside u2"
expect_status 0 nsctl exec u2 -- cat /proc/self/gid_map
expect_eq "$(echo $OUT)" "0 200000 1000 1000 300000 10" "gid_map inside u2"
expect_status 0 nsctl exec u2 -- id -u
expect_eq "$OUT" 0 "id -u inside u2"

# Seen from outside, root inside is uid 100000 (gid 200000).
nsctl exec u2 -- sleep 60 >/dev/null 2>&1 &
client=$!
sleeper=$(wait_for_process sleep)
wait_until 5 eval 'test "$(stat -L -c %i /proc/$sleeper/ns/user 2>/dev/null)" = "$(stat -L -c %i /run/nsctl/ns/u2/user)"' ||
        fail "the sleep started in u2 (pid $sleeper) is not in u2's user namespace"
expect_eq "$(awk '/^Uid:/ { print $2 }' /proc/$sleeper/status)" 100000 "real uid of u2's root seen from outside (/proc/PID/status)"
expect_eq "$(awk '/^Gid:/ { print $2 }' /proc/$sleeper/status)" 200000 "real gid of u2's root seen from outside (/proc/PID/status)"
expect_status 0 nsctl ps u2 --json
expect_json "any(p['pid'] == $sleeper and p['uid'] == 100000 and not p['holder'] and 'sleep' in p['command'] for p in (j if isinstance(j, list) else j['processes']))"
expect_status 0 nsctl ps u2
expect_output_contains "$sleeper"
expect_output_contains "100000"
vlcall io.nsctl.Namespace.Processes '{"name":"u2"}'
expect_reply_ok "any(p == {'pid': $sleeper, 'uid': 100000, 'command': 'sleep 60', 'holder': False} for p in p['processes'])"
kill "$sleeper"
wait "$client" || true

# A file made inside belongs to 100000 outside.
mkdir -m 1777 "$WORK/open"
expect_status 0 nsctl exec u2 --cwd "$WORK/open" -- touch made-in-u2
expect_eq "$(stat -c %u:%g "$WORK/open/made-in-u2" 2>&1)" 100000:200000 "owner of a file created by root inside u2"
rm -rf "$WORK/open"

# ---- time namespace ------------------------------------------------------------

boot_off=86400
mono_off=3600
expect_status 0 nsctl create t1 --type time --boottime-offset "$boot_off" --monotonic-offset "$mono_off"
expect_status 0 nsctl show t1 --json
expect_json "j.get('namespace', j)['options'] == {'boottimeOffset': $boot_off, 'monotonicOffset': $mono_off}"

# CLOCK_BOOTTIME through /proc/uptime (which the time namespace shifts).
outside=$(awk '{ print $1 }' /proc/uptime)
expect_status 0 nsctl exec t1 -- cat /proc/uptime
inside=$(echo "$OUT" | awk '{ print $1 }')
diff=$(awk -v a="$inside" -v b="$outside" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge $((boot_off - 2)) ] && [ "$diff" -le $((boot_off + 2)) ] ||
        fail "/proc/uptime inside t1 ($inside) minus outside ($outside) is $diff s, expected $boot_off +- 2"

# CLOCK_MONOTONIC and CLOCK_BOOTTIME through clock_gettime.
clocks='import time; print(time.clock_gettime(time.CLOCK_MONOTONIC), time.clock_gettime(time.CLOCK_BOOTTIME))'
read -r mono_out boot_out < <("$PYTHON" -c "$clocks")
expect_status 0 nsctl exec t1 -- "$PYTHON" -c "$clocks"
read -r mono_in boot_in <<<"$OUT"
diff=$(awk -v a="$mono_in" -v b="$mono_out" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge $((mono_off - 2)) ] && [ "$diff" -le $((mono_off + 2)) ] ||
        fail "CLOCK_MONOTONIC inside t1 ($mono_in) minus outside ($mono_out) is $diff s, expected $mono_off +- 2"
diff=$(awk -v a="$boot_in" -v b="$boot_out" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge $((boot_off - 2)) ] && [ "$diff" -le $((boot_off + 2)) ] ||
        fail "CLOCK_BOOTTIME inside t1 ($boot_in) minus outside ($boot_out) is $diff s, expected $boot_off +- 2"

# A negative offset moves the clock back.
expect_status 0 nsctl create t2 --type time,pid,mnt --monotonic-offset -5
read -r mono_out boot_out < <("$PYTHON" -c "$clocks")
expect_status 0 nsctl exec t2 -- "$PYTHON" -c "$clocks"
read -r mono_in boot_in <<<"$OUT"
diff=$(awk -v a="$mono_in" -v b="$mono_out" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge -7 ] && [ "$diff" -le -3 ] ||
        fail "CLOCK_MONOTONIC inside t2 ($mono_in) minus outside ($mono_out) is $diff s, expected -5 +- 2"
diff=$(awk -v a="$boot_in" -v b="$boot_out" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge -2 ] && [ "$diff" -le 2 ] ||
        fail "CLOCK_BOOTTIME inside t2 ($boot_in) minus outside ($boot_out) is $diff s, expected 0 +- 2"

# Without offsets a time namespace runs with the host's clocks.
expect_status 0 nsctl create t3 --type time
outside=$(awk '{ print $1 }' /proc/uptime)
expect_status 0 nsctl exec t3 -- cat /proc/uptime
inside=$(echo "$OUT" | awk '{ print $1 }')
diff=$(awk -v a="$inside" -v b="$outside" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge -2 ] && [ "$diff" -le 2 ] || fail "/proc/uptime inside t3 (no offsets) differs from outside by $diff s"

# ---- everything together ----------------------------------------------------------

expect_status 0 nsctl create all1 --all --hostname all-in-one --map-root-user --boottime-offset 1000
expect_status 0 nsctl exec all1 -- sh -c 'hostname; id -u; cat /proc/uptime'
expect_eq "$(sed -n 1p "$WORK/out")" all-in-one "hostname inside all1"
expect_eq "$(sed -n 2p "$WORK/out")" 0 "id -u inside all1"
inside=$(sed -n 3p "$WORK/out" | awk '{ print $1 }')
outside=$(awk '{ print $1 }' /proc/uptime)
diff=$(awk -v a="$inside" -v b="$outside" 'BEGIN { printf "%.0f", a - b }')
[ "$diff" -ge 998 ] && [ "$diff" -le 1002 ] || fail "/proc/uptime inside all1 minus outside is $diff s, expected 1000 +- 2"
expect_agreement "after creating every set"

for s in h1 h2 u1 u2 t1 t2 t3 all1; do
        expect_status 0 nsctl delete "$s"
done
expect_no_namespaces "at the end"
