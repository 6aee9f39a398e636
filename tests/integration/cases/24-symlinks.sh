# The daemon does not follow symlinks planted where it makes its files.

mkdir -p "$WORK/evil"
echo original >"$WORK/target"

# A symlink in /run/netns under the name: the name is taken (or refused);
# the target is not mounted over.
mkdir -p /run/netns
ln -s "$WORK/target" /run/netns/lab9
mounts >"$WORK/mounts.before"
run nsctl create lab9
[ "$STATUS" != 0 ] || fail "nsctl create lab9 succeeded although /run/netns/lab9 is a symlink to $WORK/target"
expect_eq "$(mounts | grep -c " $WORK" || true)" 0 "mounts under $WORK"
expect_eq "$(cat "$WORK/target")" original "content of the symlink's target"
[ -L /run/netns/lab9 ] || fail "the daemon removed or replaced the symlink /run/netns/lab9"
expect_eq "$(ns_names)" "" "namespace sets after the refused create"
rm /run/netns/lab9
cmp -s "$WORK/mounts.before" <(mounts) || fail "$(printf 'the mount table changed:\n%s' "$(diff -u "$WORK/mounts.before" <(mounts))")"

# A symlink in the daemon's own directory: whatever it does, nothing is
# made or mounted through the link.
ln -s "$WORK/evil" /run/nsctl/ns/lab8
run nsctl create lab8
expect_eq "$(ls -A "$WORK/evil")" "" "files made through the symlink /run/nsctl/ns/lab8"
expect_eq "$(mounts | grep -c " $WORK" || true)" 0 "mounts under $WORK"
if [ "$STATUS" = 0 ]; then
        [ ! -L /run/nsctl/ns/lab8 ] || fail "create lab8 succeeded but /run/nsctl/ns/lab8 is still the symlink"
        expect_status 0 nsctl delete lab8
else
        note "create lab8 refused (exit $STATUS): $ERR"
fi
rm -f /run/nsctl/ns/lab8
expect_eq "$(ls -A "$WORK/evil")" "" "files made through the symlink /run/nsctl/ns/lab8"
expect_no_namespaces "at the end"
