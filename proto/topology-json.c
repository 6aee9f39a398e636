/* The topology parser's checks of single JSON values and members, shared
 * by the sections of the file: the value's type, the members an object may
 * have, integer ranges, interface names, address lists, the namespace an
 * element is put in and the names of hosts and namespaces.  The checks
 * return 0, or a negative errno with the parser's error filled in (its
 * element path, then the reason). */
#include "topology-parser.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json_object_iterator.h>

/* ... and what it is instead ("not a boolean"). */
const char *topo_type_noun(json_type t) {
        switch (t) {
        case json_type_string:
                return "a string";
        case json_type_int:
                return "an integer";
        case json_type_boolean:
                return "a boolean";
        case json_type_array:
                return "an array";
        case json_type_object:
                return "an object";
        case json_type_double:
                return "a number";
        case json_type_null:
                return "null";
        }
        return "something else";
}

/* What a value must be ("must be true or false") ... */
static const char *type_word(json_type t) {
        if (t == json_type_boolean)
                return "true or false";
        return topo_type_noun(t);
}

int topo_want(struct parser *p, json_object *v, json_type type, const char *path) {
        if (json_object_is_type(v, type))
                return 0;
        return fail(p, -EINVAL, path, "must be %s, not %s", type_word(type), topo_type_noun(json_object_get_type(v)));
}

/* A string member without embedded NUL bytes. */
int topo_want_string(struct parser *p, json_object *v, const char *path, const char **ret) {
        int r = topo_want(p, v, json_type_string, path);
        if (r < 0)
                return r;
        *ret = json_object_get_string(v);
        if (strlen(*ret) != (size_t)json_object_get_string_len(v))
                return fail(p, -EINVAL, path, "contains a NUL byte");
        return 0;
}

int topo_want_member(struct parser *p, json_object *o, const char *path, const char *key, json_type type, char *buf,
                     json_object **ret) {
        child(buf, path, key);
        if (!member(o, key, ret))
                return fail(p, -EINVAL, buf, "missing (required)");
        return topo_want(p, *ret, type, buf);
}

/* Every member of O is one of ALLOWED (NULL-terminated). */
int topo_check_members(struct parser *p, json_object *o, const char *path, const char *const *allowed) {
        struct json_object_iterator it = json_object_iter_begin(o), end = json_object_iter_end(o);
        char buf[PATH_SIZE];

        for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
                const char *key = json_object_iter_peek_name(&it);
                bool ok = false;
                for (const char *const *a = allowed; *a && !ok; a++)
                        ok = strcmp(*a, key) == 0;
                if (!ok) {
                        child(buf, path, key);
                        return fail(p, -EINVAL, buf, "unknown field");
                }
        }
        return 0;
}

int topo_want_object(struct parser *p, json_object *v, const char *path, const char *const *allowed) {
        int r = topo_want(p, v, json_type_object, path);
        if (r < 0)
                return r;
        return topo_check_members(p, v, path, allowed);
}

/* An integer member in MIN..MAX. */
int topo_want_int_range(struct parser *p, json_object *v, const char *path, int64_t min, int64_t max,
                        int64_t *ret) {
        int64_t x = 0;
        int r = topo_want(p, v, json_type_int, path);
        if (r < 0)
                return r;
        x = json_object_get_int64(v);
        /* json-c clamps integers above INT64_MAX to INT64_MAX here. */
        if (x < min || x > max)
                return fail(p, -EINVAL, path, "must be between %" PRId64 " and %" PRId64, min, max);
        *ret = x;
        return 0;
}

int topo_want_mtu(struct parser *p, json_object *o, const char *path, unsigned *ret) {
        char buf[PATH_SIZE];
        json_object *v;
        int64_t x = 0;
        int r;

        if (!member(o, "mtu", &v))
                return 0;
        child(buf, path, "mtu");
        r = topo_want_int_range(p, v, buf, 68, 65535, &x);
        if (r < 0)
                return r;
        *ret = (unsigned)x;
        return 0;
}

int topo_check_ifname(struct parser *p, const char *name, size_t len, const char *path) {
        const char *why;

        if (nsctl_ifname_check(name, len, &why) < 0)
                return fail(p, -EINVAL, path, "bad interface name \"%.*s\": %s", (int)(len > 64 ? 64 : len),
                            name ? name : "", why);
        if (len == 2 && memcmp(name, "lo", 2) == 0)
                return fail(p, -EINVAL, path, "\"lo\" is the loopback interface; it cannot be made");
        return 0;
}

/* The "addresses" member of O, if any: valid prefixes, no duplicate on the
 * one interface (IPv4: the same address and length; IPv6: the same address,
 * as the kernel keys IPv6 addresses by address alone). */
int topo_parse_addresses(struct parser *p, json_object *o, const char *path, struct ip_prefix **ret,
                         size_t *ret_n) {
        char apath[PATH_SIZE], buf[PATH_SIZE];
        json_object *arr;
        size_t n;
        int r;

        if (!member(o, "addresses", &arr))
                return 0;
        child(apath, path, "addresses");
        r = topo_want(p, arr, json_type_array, apath);
        if (r < 0)
                return r;
        n = json_object_array_length(arr);
        if (n > TOPO_MAX_ADDRS)
                return fail(p, -E2BIG, apath, "more than %d addresses on one interface", TOPO_MAX_ADDRS);
        if (n == 0)
                return 0;
        *ret = calloc(n, sizeof(**ret));
        if (!*ret)
                return oom(p);
        for (size_t i = 0; i < n; i++) {
                struct ip_prefix *a = &(*ret)[i];
                const char *s, *why;

                strf(buf, sizeof(buf), "%s[%zu]", apath, i);
                r = topo_want_string(p, json_object_array_get_idx(arr, i), buf, &s);
                if (r < 0)
                        return r;
                if (ip_prefix_parse(s, a, &why) < 0)
                        return fail(p, -EINVAL, buf, "bad address \"%.60s\": %s", s, why);
                *ret_n = i + 1;
                for (size_t j = 0; j < i; j++) {
                        const struct ip_prefix *b = &(*ret)[j];
                        if (a->family == AF_INET6 ? ip_addr_equal(a, b) : ip_prefix_equal(a, b))
                                return fail(p, -EINVAL, buf, "the same address as %s[%zu]", apath, j);
                }
        }
        return 0;
}

/* A namespace that an interface, route or sysctl is put in: defined in the
 * file, with a network namespace. */
int topo_want_net_ns(struct parser *p, const char *name, const char *path) {
        struct topo_ns *ns = find_ns(p, name);
        if (!ns)
                return fail(p, -EINVAL, path, "no namespace \"%.64s\" in this file", name);
        if (!ns->has_net)
                return fail(p, -EINVAL, path, "namespace %s has no net type", name);
        return 0;
}

/* The required "name" member of element IDX of SECTION ("hosts",
 * "namespaces"): a valid name, not used by an earlier element (SEEN maps
 * names to indexes), copied to DEST (NSCTL_NAME_MAX + 1 bytes).  NOUN names
 * the element in errors ("host", "namespace"). */
int topo_parse_unique_name(struct parser *p, json_object *o, const char *path, const char *noun,
                           const char *section, struct strmap *seen, size_t idx, char *dest) {
        char buf[PATH_SIZE];
        const char *name, *why;
        json_object *v;
        size_t old;
        int r;

        r = topo_want_member(p, o, path, "name", json_type_string, buf, &v);
        if (r < 0)
                return r;
        name = json_object_get_string(v);
        if (nsctl_name_check(name, (size_t)json_object_get_string_len(v), &why) < 0)
                return fail(p, -EINVAL, buf, "bad %s name: %s", noun, why);
        r = strmap_put(seen, name, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0)
                return fail(p, -EINVAL, buf, "%s %s is already defined at %s[%zu]", noun, name, section, old);
        memcpy(dest, name, strlen(name) + 1);
        return 0;
}
