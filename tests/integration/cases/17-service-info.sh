# org.varlink.service: GetInfo and GetInterfaceDescription.

vlcall org.varlink.service.GetInfo
expect_reply_ok "all(isinstance(p.get(k), str) and p[k] for k in ('vendor', 'product', 'version', 'url'))"
expect_reply_ok "isinstance(p.get('interfaces'), list) and len(p['interfaces']) == len(set(p['interfaces']))"
expect_reply_ok "set(p) == {'vendor', 'product', 'version', 'url', 'interfaces'}"
for i in org.varlink.service io.nsctl.Namespace io.nsctl.Service; do
        expect_reply_ok "'$i' in p['interfaces']"
done
version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$SRCDIR/configure.ac")
[ -n "$version" ] || fail "cannot read the version from configure.ac"
expect_reply_ok "p['version'] == '$version'"

# Every interface GetInfo names has a description, and each equals the
# .varlink file byte for byte.
vlcall org.varlink.service.GetInfo
interfaces=$(json_get "'\n'.join(p['interfaces'])")
for i in $interfaces; do
        file=$SRCDIR/proto/$i.varlink
        [ -f "$file" ] || fail "GetInfo names interface $i, but there is no $file"
        vlcall org.varlink.service.GetInterfaceDescription "{\"interface\":\"$i\"}"
        expect_reply_ok "set(p) == {'description'} and isinstance(p['description'], str)"
        json_get "p['description']" | head -c -1 >"$WORK/description"
        if ! cmp -s "$WORK/description" "$file"; then
                fail "$(printf 'GetInterfaceDescription %s differs from %s:\n%s' "$i" "$file" "$(diff -u "$file" "$WORK/description" | head -40)")"
        fi
done

# Byte for byte, checked in Python too (no shell newline handling).
vlcall org.varlink.service.GetInterfaceDescription '{"interface":"io.nsctl.Namespace"}'
expect_reply_ok "p['description'] == open('$SRCDIR/proto/io.nsctl.Namespace.varlink', encoding='utf-8').read()"

vlcall org.varlink.service.GetInterfaceDescription '{"interface":"org.varlink.nope"}'
expect_reply_error org.varlink.service.InterfaceNotFound "p == {'interface': 'org.varlink.nope'}"
