# timeout: 300
#
# Load: 200 clients at once (tests/integration/load.py, one connection
# each, all connected before any starts), each making 50 namespace sets
# one after the other: Create, List (its set is there), Delete.  No call
# may fail.  Afterwards the daemon holds exactly the descriptors it held
# before, and its memory is back near where it started (see below); the
# sandbox checks that nothing is left in the kernel.
#
# Memory: glibc keeps memory it has freed for the next allocation, so the
# daemon's RSS after a load is its high-water mark (200 connections' buffers
# and List replies of up to 200 sets at once), not what it holds.  So the
# load runs twice: after the first round RSS may be up to 16 MiB above the
# start (measured: about 1.5 MiB); after a second round with the same 200
# connections and the same peak of 200 sets it must not have grown by more
# than 256 KiB, which a leak of 20 bytes per call (15000 calls in the second
# round) would exceed.  Under AddressSanitizer (which keeps freed memory in
# quarantine) only the descriptors are compared; its leak checker covers
# memory there.

load() {
        "$PYTHON" "$SRCDIR/tests/integration/load.py" --socket "$SOCK" "$@" >"$WORK/load.out" 2>&1 ||
                fail "$(printf 'load %s failed:\n%s' "$*" "$(cat "$WORK/load.out")")"
        note "load $*: $(cat "$WORK/load.out")"
}

rss_kib() {
        awk '/^VmRSS:/ { print $2 }' "/proc/$DAEMON_PID/status"
}

# The daemon's descriptors once the clients' closes have been seen.
expect_fds() {
        local want=$1 what=$2
        wait_until 10 eval 'test "$(daemon_fd_count)" = "$want"' ||
                fail "$(printf 'the daemon holds %s descriptors %s, %s before:\n%s' "$(daemon_fd_count)" "$what" "$want" \
                        "$(ls -l /proc/"$DAEMON_PID"/fd/)")"
}

memtool=$(memory_tool)
# Under valgrind every call costs about 20 times more: fewer sets per client
# there (still 200 clients at once); memcheck itself looks for the leaks.
sets=50 sets2=25
[ "$memtool" = valgrind ] && sets=10 sets2=5

# A small load first, so that what the daemon allocates once (libnl,
# libnftables, the allocator's arenas) is in the baseline.
load --clients 20 --sets 5 --prefix warm
fds0=$(daemon_fd_baseline)
rss0=$(rss_kib)

start=$(date +%s)
load --clients 200 --sets "$sets"
secs=$(($(date +%s) - start))
expect_fds "$fds0" "after 200 clients x $sets sets"
rss1=$(rss_kib)
expect_no_namespaces "after 200 clients x $sets sets"

load --clients 200 --sets "$sets2" --prefix again
expect_fds "$fds0" "after the second round"
rss2=$(rss_kib)
expect_no_namespaces "after the second round"

note "200 x $sets sets in ${secs}s; descriptors $fds0 before and after; RSS ${rss0} KiB at the start," \
        "${rss1} KiB after the first round, ${rss2} KiB after the second (memory checker: $memtool)"
if [ "$memtool" = none ]; then
        # The high-water mark of 200 connections' queued List replies
        # (each up to a few thousand sets) depends on how the load
        # interleaves: 1.5 to 9 MiB measured.  The bound is #7's memory
        # target; leaks are what the rounds below look for.
        [ "$rss1" -le $((rss0 + 16384)) ] ||
                fail "RSS after the load is ${rss1} KiB, more than 16 MiB above the ${rss0} KiB at the start"
        # The allocator's high-water mark can still move in a later round
        # when the load interleaves differently (by 564 KiB in the second
        # round once, by 584 and then 4448 KiB in the second and third
        # once, with a parallel suite loading the machine); a leak grows in
        # every round.  So while a round grew by over 256 KiB another one
        # is run, up to four in all: growth in every one of them fails.
        base=$rss1 rss_prev=$rss2 grew="${rss1}, ${rss2}"
        for round in third fourth; do
                [ "$rss_prev" -gt $((base + 256)) ] || break
                base=$rss_prev
                load --clients 200 --sets 25 --prefix "$round"
                expect_no_namespaces "after the $round round"
                rss_prev=$(rss_kib)
                grew="$grew, $rss_prev"
                note "$round round: RSS ${rss_prev} KiB"
        done
        [ "$rss_prev" -le $((base + 256)) ] || fail "RSS grew in every round: $grew KiB (a leak?)"
fi
expect_daemon_alive "after the load"
