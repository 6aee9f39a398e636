# Creation options that are wrong, or do not fit the types asked for, are
# refused with io.nsctl.Namespace.InvalidOption {option, reason} (an unknown
# type with UnsupportedType {type}), over the protocol and through the
# client (exit status 2), and nothing is created: no set, no file, no
# mount, no process, no persisted record.

snapshot "$WORK/before"

nothing_made() {
        expect_snapshot "$WORK/before" "$1"
        [ -z "$(holders)" ] || fail "$1: a holder process runs: $(holders | tr '\n' ' ')"
        [ -z "$(ls -A "$STATE/sets" 2>/dev/null)" ] || fail "$1: $STATE/sets holds $(ls -A "$STATE/sets")"
        vlcall io.nsctl.Namespace.List
        expect_reply_ok "p['namespaces'] == []"
}

# invalid_option OPTION PARAMS-JSON: Create with PARAMS is refused naming
# OPTION (one of a |-separated list), with a reason.
invalid_option() {
        local option=$1 params=$2
        vlcall io.nsctl.Namespace.Create "$params"
        expect_reply_error io.nsctl.Namespace.InvalidOption \
                "p.get('option') in '$option'.split('|') and isinstance(p.get('reason'), str) and len(p['reason']) > 0 and set(p) == {'option', 'reason'}"
        nothing_made "after Create $params"
}

long_host=$(printf 'h%.0s' $(seq 65))
host64=$(printf 'h%.0s' $(seq 64))

# ---- options without their type -------------------------------------------------

invalid_option hostname '{"name":"x","hostname":"h"}'
invalid_option hostname '{"name":"x","types":["net","ipc"],"hostname":"h"}'
invalid_option mapRootUser '{"name":"x","types":["net"],"mapRootUser":true}'
invalid_option uidMap '{"name":"x","types":["mnt"],"uidMap":[{"inside":0,"outside":100000,"count":10}]}'
invalid_option gidMap '{"name":"x","types":["mnt"],"gidMap":[{"inside":0,"outside":100000,"count":10}]}'
invalid_option monotonicOffset '{"name":"x","types":["pid"],"monotonicOffset":10}'
invalid_option boottimeOffset '{"name":"x","boottimeOffset":10}'

# ---- bad hostnames -----------------------------------------------------------------

for h in '-lead' '.lead' 'has space' 'a/b' 'under_score' "$long_host" 'caf\u00e9' 'tab\tx' 'nl\nx' ''; do
        invalid_option hostname "{\"name\":\"x\",\"types\":[\"uts\"],\"hostname\":\"$h\"}"
done

# ---- bad maps ----------------------------------------------------------------------

invalid_option mapRootUser '{"name":"x","types":["user"],"mapRootUser":true,"uidMap":[{"inside":0,"outside":100000,"count":10}]}'
invalid_option 'mapRootUser|gidMap' '{"name":"x","types":["user"],"mapRootUser":true,"gidMap":[{"inside":0,"outside":100000,"count":10}]}'
# Overlapping inside, overlapping outside, zero count.
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":100000,"count":10},{"inside":5,"outside":200000,"count":10}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":100000,"count":10},{"inside":20,"outside":100009,"count":10}]}'
invalid_option gidMap '{"name":"x","types":["user"],"gidMap":[{"inside":0,"outside":100000,"count":10},{"inside":9,"outside":300000,"count":1}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":100000,"count":0}]}'
invalid_option gidMap '{"name":"x","types":["user"],"gidMap":[{"inside":0,"outside":100000,"count":0}]}'
# Past 2^32, negative, not numbers, missing or extra fields, empty.
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":4294967290,"count":10}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":-1,"outside":100000,"count":10}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":"0","outside":100000,"count":10}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":100000}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[{"inside":0,"outside":100000,"count":1,"extra":1}]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[]}'
invalid_option uidMap '{"name":"x","types":["user"],"uidMap":[5]}'

# ---- bad offsets -------------------------------------------------------------------

invalid_option monotonicOffset '{"name":"x","types":["time"],"monotonicOffset":9223372036854775807}'
invalid_option boottimeOffset '{"name":"x","types":["time"],"boottimeOffset":-9223372036854775807}'
# Further back than the clock has run since boot: the kernel refuses it.
invalid_option 'monotonicOffset|boottimeOffset' '{"name":"x","types":["time"],"monotonicOffset":-3153600000}'

# ---- wrong JSON types: InvalidParameter (or InvalidOption) naming the field ---------

for bad in '"hostname":5' '"mapRootUser":"yes"' '"monotonicOffset":"10"' '"boottimeOffset":1.5' '"uidMap":{}' '"persist":"yes"'; do
        field=${bad%%\":*}
        field=${field#\"}
        vlcall io.nsctl.Namespace.Create "{\"name\":\"x\",\"types\":[\"uts\",\"user\",\"time\"],$bad}"
        expect_json "(r[0].get('error') == 'org.varlink.service.InvalidParameter' and r[0]['parameters'].get('parameter') == '$field') or (r[0].get('error') == 'io.nsctl.Namespace.InvalidOption' and r[0]['parameters'].get('option') == '$field')"
        nothing_made "after Create with $bad"
done

# ---- types ----------------------------------------------------------------------------

for t in foo NET '' 'net ' mount; do
        vlcall io.nsctl.Namespace.Create "{\"name\":\"x\",\"types\":[\"net\",\"$t\"]}"
        expect_reply_error io.nsctl.Namespace.UnsupportedType "p == {'type': '$t'}"
        nothing_made "after Create with type \"$t\""
done
vlcall io.nsctl.Namespace.Create '{"name":"x","types":[]}'
expect_json "r[0].get('error') in ('org.varlink.service.InvalidParameter', 'io.nsctl.Namespace.UnsupportedType', 'io.nsctl.Namespace.InvalidOption')"
nothing_made "after Create with no types"
vlcall io.nsctl.Namespace.Create '{"name":"x","types":["net",7]}'
expect_reply_error org.varlink.service.InvalidParameter "p.get('parameter') == 'types'"
nothing_made "after Create with a type that is not a string"

# A bad option with persist: no record either.
invalid_option hostname '{"name":"x","types":["net"],"hostname":"h","persist":true}'

# ---- the edges that are fine ---------------------------------------------------------

vlcall io.nsctl.Namespace.Create "{\"name\":\"ok1\",\"types\":[\"uts\"],\"hostname\":\"$host64\"}"
expect_reply_ok "p['namespace']['options'] == {'hostname': '$host64'}"
vlcall io.nsctl.Namespace.Create '{"name":"ok2","types":["user"],"uidMap":[{"inside":0,"outside":100000,"count":10},{"inside":10,"outside":100010,"count":10}],"gidMap":[{"inside":0,"outside":0,"count":1}]}'
expect_reply_ok "len(p['namespace']['options']['uidMap']) == 2"
vlcall io.nsctl.Namespace.Create '{"name":"ok3","types":["time"],"monotonicOffset":-1,"boottimeOffset":0}'
expect_reply_ok "p['namespace']['options'].get('monotonicOffset') == -1"
for s in ok1 ok2 ok3; do
        vlcall io.nsctl.Namespace.Delete "{\"name\":\"$s\"}"
        expect_reply_ok
done
nothing_made "after deleting the sets made at the edges"

# ---- through the client: exit status 2, one line on stderr, nothing made -------------

client_refuses() {
        expect_error 2 nsctl create x "$@"
        nothing_made "after nsctl create x $*"
}
client_refuses --hostname h
client_refuses --type net --hostname h
client_refuses --type uts --hostname -bad
client_refuses --type uts --hostname "$long_host"
client_refuses --map-root-user
client_refuses --uid-map 0:100000:10
client_refuses --type user --uid-map 0:100000
client_refuses --type user --uid-map 0:100000:0
client_refuses --type user --uid-map a:b:c
client_refuses --type user --uid-map 0:100000:10 --uid-map 5:200000:10
client_refuses --type user --map-root-user --uid-map 0:100000:10
client_refuses --monotonic-offset 5
client_refuses --type time --boottime-offset abc
client_refuses --type time --monotonic-offset 99999999999999999999
client_refuses --type foo
client_refuses --type net,foo
client_refuses --type ''
expect_error 2 nsctl create x --all --hostname -x
expect_stderr_contains hostname
nothing_made "after nsctl create x --all --hostname -x"
client_refuses --hostname h --persist

expect_no_namespaces "at the end"
