# The client refuses bad names with exit 2 and nothing is created.

long=$(printf 'a%.0s' $(seq 300))
names=('../x' 'a/b' '' "$long" $'\xff\xfe' '.' '..' 'a b' '_x' "lab$(printf 'x%.0s' $(seq 62))")

snapshot "$WORK/before"
for n in "${names[@]}"; do
        expect_error 2 nsctl create "$n"
        expect_snapshot "$WORK/before" "after nsctl create $(describe "$n")"
        expect_error 2 nsctl show "$n"
        expect_error 2 nsctl delete "$n"
        expect_error 2 nsctl exec "$n" -- true
done
# A name that looks like an option is not taken as a name.
run nsctl create -x
[ "$STATUS" = 2 ] || fail "nsctl create -x: exit $STATUS, expected 2"
expect_snapshot "$WORK/before" "after nsctl create -x"

# The longest good name works (64 bytes), one more does not.
name64=$(printf 'n%.0s' $(seq 64))
expect_status 0 nsctl create "$name64"
expect_status 0 nsctl delete "$name64"
expect_error 2 nsctl create "${name64}n"
expect_no_namespaces "at the end"
