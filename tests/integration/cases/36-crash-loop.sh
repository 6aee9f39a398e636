# timeout: 360
# Crash loop: 200 times, start a create (net only, all types, or pid+mnt)
# or a delete, SIGKILL the daemon 0-30 ms later, and start it again.  After
# each restart the daemon's List, the runtime directory, /run/netns, the
# nsfs mounts and the holder processes agree (expect_agreement: no half-made
# set, no 0-byte mount point, no stray mount or holder), every set is ok,
# a create that was acknowledged survived and a delete that was
# acknowledged stuck.  At the end everything is deleted and nothing is left.

ITERATIONS=${NSCTL_CRASH_ITERATIONS:-200}
names=(c0 c1 c2 c3 c4 c5)
kinds=("--type net" "--all --map-root-user" "--type pid,mnt")
seed=${NSCTL_CRASH_SEED:-$((10#$(date +%N) % 32768))}
RANDOM=$seed
note "$ITERATIONS iterations, NSCTL_CRASH_SEED=$seed"

listed() {
        vlcall io.nsctl.Namespace.List
        json_get "' '.join(s['name'] for s in p['namespaces'])"
}

: >"$WORK/agreement.names"
creates_acked=0
deletes_acked=0
interrupted=0
start=$(date +%s)
for i in $(seq "$ITERATIONS"); do
        name=${names[RANDOM % ${#names[@]}]}
        # Mostly calls that have work to do: delete what exists, create what
        # does not; sometimes the other way about.
        if grep -qx "$name" "$WORK/agreement.names"; then
                [ $((RANDOM % 5)) != 0 ] && want=delete || want=create
        else
                [ $((RANDOM % 10)) != 0 ] && want=create || want=delete
        fi
        if [ "$want" = delete ]; then
                op=delete
                args=(delete "$name")
        else
                op=create
                # shellcheck disable=SC2206 # a kind is a list of words
                args=(create "$name" ${kinds[RANDOM % ${#kinds[@]}]})
        fi
        # 0-30 ms, most of them short: a create or delete takes a few ms,
        # and only a SIGKILL during one tests anything.
        d=$((RANDOM % 31))
        delay=$(printf '0.%06d' $((d * d * 1000 / 30)))
        echo "#### iteration $i: nsctl ${args[*]}, SIGKILL after $delay s" >>"$LOG"
        timeout 20 "$NSCTL" "${args[@]}" >"$WORK/crash.out" 2>&1 &
        client=$!
        sleep "$delay"
        kill_daemon KILL
        rc=0
        wait "$client" || rc=$?
        [ "$rc" != 124 ] || fail "iteration $i: nsctl ${args[*]} hung after the daemon was killed"
        start_daemon || fail "$(printf 'iteration %s: the daemon did not start again after nsctl %s was interrupted\n%s' "$i" "${args[*]}" "$(tail -n 40 "$LOG")")"

        expect_agreement "iteration $i (after nsctl ${args[*]} was interrupted by SIGKILL after $delay s, exit status $rc)"
        now=" $(tr '\n' ' ' <"$WORK/agreement.names")"
        if [ "$rc" = 0 ] && [ "$op" = create ]; then
                creates_acked=$((creates_acked + 1))
                [[ $now == *" $name "* ]] || fail "iteration $i: \`nsctl ${args[*]}\` succeeded, but after the restart $name is gone (listed:$now)"
        elif [ "$rc" = 0 ]; then
                deletes_acked=$((deletes_acked + 1))
                [[ $now != *" $name "* ]] || fail "iteration $i: \`nsctl ${args[*]}\` succeeded, but after the restart $name is back"
        elif [ "$rc" = 3 ]; then
                interrupted=$((interrupted + 1))
        fi
done
note "$creates_acked creates and $deletes_acked deletes acknowledged, $interrupted interrupted, in $(($(date +%s) - start)) s"
[ "$interrupted" -gt 0 ] || fail "no call was ever interrupted: the test does not test what it should"

# The sets left can be used and deleted.
for name in $(listed); do
        expect_status 0 nsctl exec "$name" -- true
        expect_status 0 nsctl delete "$name"
done
expect_agreement "after deleting everything"
expect_no_namespaces "at the end"
[ -z "$(holders)" ] || fail "holders still running at the end: $(holders | tr '\n' ' ')"
