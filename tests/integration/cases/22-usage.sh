# Usage errors: exit 2, one line on stderr, nothing sent or changed.

snapshot "$WORK/before"
expect_error 2 nsctl
expect_error 2 nsctl frobnicate
expect_error 2 nsctl create
expect_error 2 nsctl create lab1 lab2
expect_error 2 nsctl delete
expect_error 2 nsctl show
expect_error 2 nsctl exec
expect_error 2 nsctl exec lab1
expect_error 2 nsctl exec lab1 --
expect_error 2 nsctl --no-such-option list
expect_error 2 nsctl list --no-such-option
expect_error 2 nsctl --socket
expect_snapshot "$WORK/before" "after usage errors"
