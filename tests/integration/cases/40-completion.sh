# The bash completion (completion/nsctl): commands, options, option values,
# and the names of the live namespace sets asked from the daemon.

COMPLETION=$SRCDIR/completion/nsctl
[ -f "$COMPLETION" ] || fail "no completion script at $COMPLETION"
command -v bash >/dev/null || skip "bash is not installed"

# comp WORD...: complete the last WORD of "nsctl WORD..." as bash would
# (COMP_WORDS split at COMP_WORDBREAKS, so "--type=" is "--type" "=" ""),
# in a clean bash without bash-completion; the candidates, sorted, one a
# line, are in OUT.
comp() {
        run bash --norc --noprofile -c '
                . "$1" || exit 1
                shift
                COMP_WORDS=("$@")
                COMP_CWORD=$(($# - 1))
                COMP_LINE="$*"
                COMP_POINT=${#COMP_LINE}
                _nsctl "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || true
                printf "%s\n" "${COMPREPLY[@]}"
        ' comp "$COMPLETION" "$NSCTL" "$@"
        [ "$STATUS" = 0 ] || fail "$(printf 'completing `nsctl %s` failed (status %s)\n%s' "$*" "$STATUS" "$(show_output)")"
        OUT=$(printf '%s\n' "$OUT" | sed '/^$/d' | LC_ALL=C sort)
        [ -z "$ERR" ] || fail "$(printf 'completing `nsctl %s` wrote on stderr\n%s' "$*" "$(show_output)")"
}

# The lines of $1 on one line.
oneline() {
        printf '%s' "$1" | tr '\n' ' '
}

# expect_comp "EXPECTED WORDS" WORD...: the candidates are exactly these.
expect_comp() {
        local want
        # shellcheck disable=SC2086 # a list of words
        want=$(printf '%s\n' $1 | sed '/^$/d' | LC_ALL=C sort)
        shift
        comp "$@"
        [ "$OUT" = "$want" ] ||
                fail "$(printf 'completing `nsctl %s`: expected [%s], got [%s]' "$*" "$(oneline "$want")" "$(oneline "$OUT")")"
}

# The script registers itself for nsctl.
run bash --norc --noprofile -c '. "$1" && complete -p nsctl' comp "$COMPLETION"
expect_output_contains "_nsctl"

# Commands.
expect_comp "create" cr
expect_comp "delete del" de
expect_comp "show shell status" s
expect_comp "create delete del list show ps exec shell status topo bridge link addr route" ""
expect_comp "create" --json cr
expect_comp "--socket" --so

# Options of create, and their values.
expect_comp "--type --all --hostname --map-root-user --uid-map --gid-map --monotonic-offset
 --boottime-offset --persist --json --help" create lab1 -
expect_comp "--map-root-user --monotonic-offset" create lab1 --m
expect_comp "--persist" create lab1 --type net --p
expect_comp "net" create lab1 --type n
expect_comp "net,uts net,user" create lab1 --type net,u
expect_comp "net,uts net,user" create lab1 --type = net,u
expect_comp "net uts ipc mnt pid user cgroup time" create lab1 -t ""
expect_comp "" create lab1 ""

# Subcommands and their options.
expect_comp "apply destroy list show graph" topo ""
expect_comp "shape" link sh
expect_comp "--rate --delay --jitter --loss --clear --help" link shape lab1 : eth0 -
expect_comp "--addr --mtu --in --help" bridge add br0 -
expect_comp "--addr-a --addr-b --mtu --json --help" link add a b -
expect_comp "--json --help" topo destroy lab -
expect_comp "default" route add host de
expect_comp "via dev" route add host default ""
expect_comp "dev" route add host default via 198.18.0.1 ""

# Files for topo apply.
mkdir -p "$WORK/comp"
touch "$WORK/comp/lab.json" "$WORK/comp/other.json"
expect_comp "$WORK/comp/lab.json" topo apply "$WORK/comp/la"

# No daemon: no names, and nothing on stderr.
expect_comp "" --socket "$WORK/no-such-socket" show ""

# Live names, from the real daemon.
expect_comp "" show ""
expect_status 0 nsctl create comp-red
expect_status 0 nsctl create comp-blue --type net,uts
expect_comp "comp-blue comp-red" show ""
expect_comp "comp-blue comp-red" exec ""
expect_comp "comp-red" delete comp-r
expect_comp "comp-blue comp-red" --socket "$SOCK" ps ""
expect_comp "comp-blue comp-red" bridge add br0 --in ""
expect_comp "comp-blue comp-red host" addr add ""
expect_comp "comp-blue comp-red host" link add ""
expect_comp "comp-blue comp-red host" link add comp-red : eth0 ""
expect_comp "comp-blue" route del comp-b
# After the set's name, exec completes a command, then files.
expect_comp "--type --user --cwd --env --help --" exec comp-red -
comp exec comp-red bas
printf '%s\n' "$OUT" | grep -qx bash || fail "completing \`nsctl exec comp-red bas\` does not offer bash: [$(oneline "$OUT")]"
expect_comp "$WORK/comp/lab.json" exec comp-red cat "$WORK/comp/la"
# Topologies: none, whether or not the daemon has the command yet.
expect_comp "" topo show ""
# A live topology, and a link's end on a host bridge.
printf '{"name": "comp-lab", "bridges": [{"name": "comp-br"}]}\n' >"$WORK/comp/lab.json"
expect_status 0 nsctl topo apply "$WORK/comp/lab.json"
expect_comp "comp-lab" topo graph ""
expect_comp "comp-lab" topo destroy comp-
expect_comp "comp-br" bridge del ""
expect_comp "comp-blue comp-br comp-red host" link add comp-red : eth0 ""
expect_status 0 nsctl link add comp-red comp-br
expect_eq "$OUT" "eth0 comp-red-eth0" "the link's interfaces"
expect_comp "comp-red-eth0" link del host : comp-r
expect_comp "comp-br comp-red-eth0" addr add host comp-
expect_status 0 nsctl link del comp-red:eth0
expect_status 0 nsctl topo destroy comp-lab
expect_comp "" topo show ""

expect_status 0 nsctl delete comp-red
expect_status 0 nsctl delete comp-blue
expect_comp "" show ""
