# A net-only set is entered as `ip netns exec` enters one: /sys shows the
# set's interfaces (ip -o link and /sys/class/net agree), and the files of
# /etc/netns/NAME/ are bound over their /etc counterparts for the command
# only.
#
# The sandbox shares the host's /etc, so /etc is covered here by an overlay
# whose upper layer is in $WORK: the case writes /etc/netns/NAME and a
# resolv.conf of its own there, never on the host.

# The names of the interfaces `ip -o link` shows, sorted, on one line.
link_names() {
        awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | tr '\n' ' '
}

expect_status 0 nsctl create v1
expect_status 0 nsctl create v2
expect_status 0 nsctl exec v1 -- ip link add v1a type veth peer name v1b
expect_status 0 nsctl exec v1 -- ip -o link
in_ip=$(link_names <"$WORK/out")
expect_eq "$in_ip" "lo v1a v1b " "interfaces of v1 by ip -o link"
expect_status 0 nsctl exec v1 -- ls /sys/class/net
in_sys=$(sort "$WORK/out" | tr '\n' ' ')
expect_eq "$in_sys" "$in_ip" "interfaces of v1 in /sys/class/net (against ip -o link)"
# And not the sandbox's view: ours has neither v1a nor v1b.
outside=$(ls /sys/class/net | tr '\n' ' ')
case " $outside " in
*" v1a "* | *" v1b "*) fail "the sandbox's /sys/class/net shows v1's interfaces: $outside" ;;
esac
# Also through --type net alone.
expect_status 0 nsctl exec v1 --type net -- ls /sys/class/net
expect_eq "$(sort "$WORK/out" | tr '\n' ' ')" "$in_ip" "/sys/class/net of nsctl exec v1 --type net"

# ---- /etc/netns/NAME -----------------------------------------------------------------

check_etc_netns() {
        # A regular file (on the host it may be a symlink into /run, which
        # the sandbox does not have).
        rm -f /etc/resolv.conf
        echo 'nameserver 198.18.0.53 # outside' >/etc/resolv.conf
        mkdir -p /etc/netns/v1
        echo 'nameserver 198.18.1.53 # inside v1' >/etc/netns/v1/resolv.conf
        echo 'v1-only' >/etc/netns/v1/nsctl-test.conf
        : >/etc/nsctl-test.conf

        expect_status 0 nsctl exec v1 -- cat /etc/resolv.conf
        expect_eq "$OUT" 'nameserver 198.18.1.53 # inside v1' "/etc/resolv.conf inside v1"
        expect_status 0 nsctl exec v1 -- cat /etc/nsctl-test.conf
        expect_eq "$OUT" 'v1-only' "/etc/nsctl-test.conf inside v1"
        expect_eq "$(cat /etc/resolv.conf)" 'nameserver 198.18.0.53 # outside' "/etc/resolv.conf outside after nsctl exec v1"
        expect_eq "$(cat /etc/nsctl-test.conf)" '' "/etc/nsctl-test.conf outside after nsctl exec v1"
        # Only for that set: another one sees the plain /etc, and the bind
        # mounts stay in the command's own mount namespace.
        expect_status 0 nsctl exec v2 -- cat /etc/resolv.conf
        expect_eq "$OUT" 'nameserver 198.18.0.53 # outside' "/etc/resolv.conf inside v2 (no /etc/netns/v2)"
        if grep -q ' /etc/resolv.conf ' /proc/self/mountinfo; then
                fail "a bind mount over /etc/resolv.conf leaked into the sandbox: $(grep ' /etc/resolv.conf ' /proc/self/mountinfo)"
        fi
}

exec {real_etc}</etc
real_sum=$(cat /etc/resolv.conf 2>/dev/null | cksum || true)
had_netns=no
[ -e /etc/netns ] && had_netns=yes
mkdir -p "$WORK/etc-upper" "$WORK/etc-work"
cleanup_etc() {
        umount /etc 2>/dev/null || true
}
if mount -t overlay overlay -o "lowerdir=/etc,upperdir=$WORK/etc-upper,workdir=$WORK/etc-work" /etc; then
        trap cleanup_etc EXIT
        check_etc_netns
        cleanup_etc
        trap - EXIT
else
        note "cannot mount an overlay over /etc: /etc/netns not checked"
fi
# The host's /etc was never written.
expect_eq "$(cat /etc/resolv.conf 2>/dev/null | cksum || true)" "$real_sum" "the host's /etc/resolv.conf after the case"
if [ "$had_netns" = no ] && [ -e "/proc/self/fd/$real_etc/netns" ]; then
        fail "the case created /etc/netns on the host"
fi
exec {real_etc}<&-

expect_status 0 nsctl exec v1 -- ip link del v1a
expect_status 0 nsctl delete v1
expect_status 0 nsctl delete v2
expect_no_namespaces "at the end"

# A set with its own mount namespace as well: its /sys is mounted for its
# net namespace when the set is made.
expect_status 0 nsctl create vm --type net,mnt,uts
expect_status 0 nsctl exec vm -- ip link add vmx type veth peer name vmy
expect_status 0 nsctl exec vm -- ls /sys/class/net
expect_eq "$(sort "$WORK/out" | tr '\n' ' ')" "lo vmx vmy " "/sys/class/net of a net+mnt set"
expect_status 0 nsctl delete vm
