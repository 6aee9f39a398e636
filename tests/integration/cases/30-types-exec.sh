# Every namespace type, alone and all together (--all): the set keeps it as
# a bind mount at /run/nsctl/ns/NAME/TYPE, Show reports it, and a process
# started with `nsctl exec` is in exactly that namespace (device and inode
# of /proc/self/ns/TYPE), which is not the sandbox's own.

# The ids of the namespaces a command run by `nsctl exec SET` is in, one
# "TYPE DEV:INO" line per type.
ids_inside() {
        expect_status 0 nsctl exec "$1" -- sh -c \
                'for t in '"$ALL_TYPES"'; do printf "%s %s\n" "$t" "$(stat -L -c %d:%i /proc/self/ns/$t)"; done'
        cat "$WORK/out"
}

for t in $ALL_TYPES; do
        expect_status 0 nsctl create "s-$t" --type "$t"
done

for t in $ALL_TYPES; do
        name=s-$t
        kept=/run/nsctl/ns/$name/$t
        [ -e "$kept" ] || fail "create $name --type $t: $kept does not exist"
        kept_id=$(ns_id "$kept")
        host_id=$(ns_id "/proc/self/ns/$t")
        [ "$kept_id" != "$host_id" ] || fail "$name: $kept is the sandbox's own $t namespace ($host_id)"

        # Show: exactly this one namespace, with its path and inode.
        expect_status 0 nsctl show "$name" --json
        expect_json "(lambda s: s['name'] == '$name' and s['state'] == 'ok' and [(n['type'], n['path'], n['inode']) for n in s['namespaces']] == [('$t', '$kept', ${kept_id#*:})])(j.get('namespace', j))"
        if [ "$t" = pid ]; then
                expect_json "isinstance(j.get('namespace', j).get('holderPid'), int)"
        else
                expect_json "'holderPid' not in j.get('namespace', j)"
        fi
        if [ "$t" = net ]; then
                [ -e "/run/netns/$name" ] || fail "$name: /run/netns/$name does not exist"
                expect_eq "$(ns_id "/run/netns/$name")" "$kept_id" "namespace of /run/netns/$name"
        else
                [ ! -e "/run/netns/$name" ] || fail "$name has no net namespace, but /run/netns/$name exists"
        fi

        # Entered: in the set's namespace of this type, in the sandbox's
        # for every other type.
        inside=$(ids_inside "$name")
        for u in $ALL_TYPES; do
                got=$(printf '%s\n' "$inside" | awk -v t="$u" '$1 == t { print $2 }')
                if [ "$u" = "$t" ]; then
                        expect_eq "$got" "$kept_id" "$u namespace of \`nsctl exec $name\`"
                elif [ "$u" = mnt ]; then
                        # Without a mount namespace of its own a set is
                        # entered as \`ip netns exec\` does, in a private
                        # mount namespace made for the command.
                        [ -n "$got" ] || fail "no mnt namespace reported by \`nsctl exec $name\`"
                else
                        expect_eq "$got" "$(ns_id "/proc/self/ns/$u")" "$u namespace of \`nsctl exec $name\` (a set of $t only)"
                fi
        done
done

# Each set got namespaces of its own.
all_ids=$(for t in $ALL_TYPES; do ns_id "/run/nsctl/ns/s-$t/$t"; done | sort)
expect_eq "$(printf '%s\n' "$all_ids" | sort -u | grep -c '')" 8 "distinct namespaces among the eight one-type sets"
expect_agreement "eight one-type sets"

# All eight at once.
expect_status 0 nsctl create s-all --all
expect_status 0 nsctl show s-all --json
expect_json "sorted(n['type'] for n in j.get('namespace', j)['namespaces']) == sorted('$ALL_TYPES'.split())"
inside=$(ids_inside s-all)
for t in $ALL_TYPES; do
        kept_id=$(ns_id "/run/nsctl/ns/s-all/$t")
        [ "$kept_id" != "$(ns_id "/proc/self/ns/$t")" ] || fail "s-all: its $t namespace is the sandbox's own"
        [ "$kept_id" != "$(ns_id "/run/nsctl/ns/s-$t/$t")" ] || fail "s-all and s-$t share their $t namespace"
        got=$(printf '%s\n' "$inside" | awk -v t="$t" '$1 == t { print $2 }')
        expect_eq "$got" "$kept_id" "$t namespace of \`nsctl exec s-all\`"
done
# The holder is in all of them too.
holder=$(holder_of s-all)
[ -n "$holder" ] || fail "s-all has no holderPid"
for t in $ALL_TYPES; do
        expect_eq "$(ns_id "/proc/$holder/ns/$t")" "$(ns_id "/run/nsctl/ns/s-all/$t")" "$t namespace of the holder of s-all"
done
expect_agreement "the one-type sets and s-all"

# The same through --type with a list, and the list spelled over several
# options.
expect_status 0 nsctl create s-list --type uts,ipc --type mnt
expect_status 0 nsctl show s-list --json
expect_json "[n['type'] for n in j.get('namespace', j)['namespaces']] == ['uts', 'ipc', 'mnt']"

# --type on exec joins only some of a set's namespaces.
expect_status 0 nsctl exec s-all --type uts -- stat -L -c %d:%i /proc/self/ns/uts /proc/self/ns/net
expect_eq "$(sed -n 1p "$WORK/out")" "$(ns_id /run/nsctl/ns/s-all/uts)" "uts namespace of \`nsctl exec s-all --type uts\`"
expect_eq "$(sed -n 2p "$WORK/out")" "$(ns_id /proc/self/ns/net)" "net namespace of \`nsctl exec s-all --type uts\`"

for name in $(for t in $ALL_TYPES; do echo "s-$t"; done) s-all s-list; do
        expect_status 0 nsctl delete "$name"
        [ ! -e "/run/nsctl/ns/$name" ] || fail "delete $name: /run/nsctl/ns/$name still exists"
done
expect_no_namespaces "at the end"
[ -z "$(holders)" ] || fail "holders still running after every set was deleted: $(holders | tr '\n' ' ')"
