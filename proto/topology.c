/* The topology file parser: JSON in, a checked struct topology out.  Every
 * rule is checked here before the engine makes anything; the first
 * violation is reported with its element path.  Sections are checked in
 * the order hosts (with vxlanPort and underlayMtu), namespaces, bridges,
 * links, then the interface names of all of them, then the VNIs of links
 * between hosts, then routes; elements of a section in array order.  The
 * format is documented in man/nsctl-topology.5. */
#include "topology.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json_object_iterator.h>

#include "ns-types.h"

#define PATH_SIZE 320

/* ---- small helpers ---------------------------------------------------- */

static uint32_t fnv1a(const char *s) {
        uint32_t h = 2166136261u;
        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 16777619u;
        }
        return h;
}

static void __attribute__((format(printf, 3, 4))) strf(char *buf, size_t size, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, size, fmt, ap);
        va_end(ap);
}

/* A fixed-size string set/map with open addressing, sized once for the
 * number of keys it will hold, so that uniqueness checks stay linear even
 * for TOPO_MAX_ELEMENTS elements. */
struct strmap {
        char **keys;
        size_t *vals;
        size_t mask;
};

static int strmap_init(struct strmap *m, size_t n) {
        size_t cap = 16;
        while (cap < 2 * n + 16)
                cap <<= 1;
        m->keys = calloc(cap, sizeof(*m->keys));
        m->vals = calloc(cap, sizeof(*m->vals));
        m->mask = cap - 1;
        return m->keys && m->vals ? 0 : -ENOMEM;
}

static void strmap_done(struct strmap *m) {
        if (m->keys)
                for (size_t i = 0; i <= m->mask; i++)
                        free(m->keys[i]);
        free(m->keys);
        free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
}

static size_t strmap_slot(const struct strmap *m, const char *key) {
        size_t i = fnv1a(key) & m->mask;
        while (m->keys[i] && strcmp(m->keys[i], key) != 0)
                i = (i + 1) & m->mask;
        return i;
}

static bool strmap_get(const struct strmap *m, const char *key, size_t *ret) {
        size_t i = strmap_slot(m, key);
        if (!m->keys[i])
                return false;
        if (ret)
                *ret = m->vals[i];
        return true;
}

/* 0: added; 1: already there (*RET_OLD is its value); -ENOMEM. */
static int strmap_put(struct strmap *m, const char *key, size_t val, size_t *ret_old) {
        size_t i = strmap_slot(m, key);
        if (m->keys[i]) {
                if (ret_old)
                        *ret_old = m->vals[i];
                return 1;
        }
        m->keys[i] = strdup(key);
        if (!m->keys[i])
                return -ENOMEM;
        m->vals[i] = val;
        return 0;
}

/* ---- shaping values ----------------------------------------------------- */

/* "DIGITS[.DIGITS]" then a unit: the number is returned as MANT * 10^-FRAC
 * with no trailing zeros in the fraction, *RET_UNIT points at the unit. */
static int parse_decimal(const char *s, uint64_t *ret_mant, unsigned *ret_frac, const char **ret_unit) {
        const char *p = s, *frac_start = NULL, *frac_end;
        uint64_t mant = 0;
        unsigned frac = 0;

        if (!s || *s < '0' || *s > '9')
                return -EINVAL;
        for (; *p >= '0' && *p <= '9'; p++)
                if (__builtin_mul_overflow(mant, 10, &mant) || __builtin_add_overflow(mant, (uint64_t)(*p - '0'), &mant))
                        return -ERANGE;
        if (*p == '.') {
                frac_start = ++p;
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                while (*p >= '0' && *p <= '9')
                        p++;
                frac_end = p;
                while (frac_end > frac_start && frac_end[-1] == '0')
                        frac_end--;
                for (const char *c = frac_start; c < frac_end; c++, frac++)
                        if (__builtin_mul_overflow(mant, 10, &mant) ||
                            __builtin_add_overflow(mant, (uint64_t)(*c - '0'), &mant))
                                return -ERANGE;
        }
        *ret_mant = mant;
        *ret_frac = frac;
        *ret_unit = p;
        return 0;
}

/* MANT * 10^-FRAC * 10^EXP as a whole number, or -EINVAL if it is not one,
 * -ERANGE if it does not fit. */
static int scale(uint64_t mant, unsigned frac, unsigned exp, uint64_t *ret) {
        if (mant == 0) {
                *ret = 0;
                return 0;
        }
        if (frac > exp)
                return -EINVAL; /* mant has no trailing zero in its fraction */
        for (unsigned i = frac; i < exp; i++)
                if (__builtin_mul_overflow(mant, 10, &mant))
                        return -ERANGE;
        *ret = mant;
        return 0;
}

struct unit {
        const char *name;
        unsigned exp;
};

static int parse_with_units(const char *s, const struct unit *units, uint64_t *ret) {
        uint64_t mant;
        unsigned frac;
        const char *unit;
        int r;

        r = parse_decimal(s, &mant, &frac, &unit);
        if (r < 0)
                return r;
        for (const struct unit *u = units; u->name; u++)
                if (strcasecmp(unit, u->name) == 0)
                        return scale(mant, frac, u->exp, ret);
        return -EINVAL;
}

int topology_parse_rate(const char *s, uint64_t *ret_bps) {
        static const struct unit units[] = {
                { "", 0 }, { "bit", 0 }, { "kbit", 3 }, { "mbit", 6 }, { "gbit", 9 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v == 0)
                return -EINVAL;
        *ret_bps = v;
        return 0;
}

int topology_parse_time(const char *s, uint32_t *ret_us) {
        static const struct unit units[] = {
                { "us", 0 }, { "ms", 3 }, { "s", 6 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v > UINT32_MAX)
                return -ERANGE;
        *ret_us = (uint32_t)v;
        return 0;
}

int topology_parse_loss(const char *s, uint32_t *ret_ppm) {
        static const struct unit units[] = {
                { "%", 4 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v == 0 || v > 1000000)
                return -ERANGE;
        *ret_ppm = (uint32_t)v;
        return 0;
}

/* ---- sysctl keys ------------------------------------------------------- */

int topology_sysctl_check(const char *key, const char **ret_reason) {
        size_t len;

        if (!key || !*key) {
                *ret_reason = "the sysctl key is empty";
                return -EINVAL;
        }
        len = strlen(key);
        if (len > TOPO_SYSCTL_KEY_MAX) {
                *ret_reason = "the sysctl key is longer than 128 bytes";
                return -EINVAL;
        }
        if (strncmp(key, "net.", 4) != 0) {
                *ret_reason = "only net.* sysctls can be set";
                return -EINVAL;
        }
        for (const char *p = key; *p; p++) {
                char c = *p;
                if (c == '/') {
                        *ret_reason = "'/' is not allowed in a sysctl key";
                        return -EINVAL;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                        *ret_reason = "a sysctl key may contain only a-z, 0-9, '_', '-' and '.'";
                        return -EINVAL;
                }
                if (c == '.' && (p[1] == '.' || p[1] == '\0')) {
                        *ret_reason = "a sysctl key has an empty component";
                        return -EINVAL;
                }
        }
        return 0;
}

/* ---- the parser ---------------------------------------------------------- */

enum ifname_source {
        IFNAME_DEFAULT, /* made up here */
        IFNAME_SHORT,   /* "a:eth0" */
        IFNAME_MEMBER,  /* {"ifname": "eth0"} */
};

struct parser {
        struct topology *t;
        struct topo_error *err;
        struct strmap host_names;   /* host name -> index */
        struct strmap ns_names;     /* namespace name -> index */
        struct strmap bridge_names; /* bridge name -> index */
        struct strmap ifnames;      /* "NETNS/IFNAME" -> owner (see owner_path) */
        struct strmap routes;       /* "NETNS/DST" -> route index */
        uint8_t *ifname_src;        /* per link end: 2 * link + (0 a, 1 b) */
        size_t *uf;                 /* union-find over bridges */
};

static int __attribute__((format(printf, 4, 5)))
fail(struct parser *p, int r, const char *element, const char *fmt, ...) {
        va_list ap;

        snprintf(p->err->element, sizeof(p->err->element), "%s", element);
        va_start(ap, fmt);
        vsnprintf(p->err->reason, sizeof(p->err->reason), fmt, ap);
        va_end(ap);
        return r;
}

static int oom(struct parser *p) {
        return fail(p, -ENOMEM, "", "out of memory");
}

/* ... and what it is instead ("not a boolean"). */
static const char *type_noun(json_type t) {
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
        return type_noun(t);
}

static int want(struct parser *p, json_object *v, json_type type, const char *path) {
        if (json_object_is_type(v, type))
                return 0;
        return fail(p, -EINVAL, path, "must be %s, not %s", type_word(type), type_noun(json_object_get_type(v)));
}

/* A string member without embedded NUL bytes. */
static int want_string(struct parser *p, json_object *v, const char *path, const char **ret) {
        int r = want(p, v, json_type_string, path);
        if (r < 0)
                return r;
        *ret = json_object_get_string(v);
        if (strlen(*ret) != (size_t)json_object_get_string_len(v))
                return fail(p, -EINVAL, path, "contains a NUL byte");
        return 0;
}

static bool member(json_object *o, const char *key, json_object **ret) {
        return json_object_object_get_ex(o, key, ret);
}

static void child(char *buf, const char *path, const char *key) {
        if (*path)
                strf(buf, PATH_SIZE, "%s.%s", path, key);
        else
                strf(buf, PATH_SIZE, "%s", key);
}

/* Every member of O is one of ALLOWED (NULL-terminated). */
static int check_members(struct parser *p, json_object *o, const char *path, const char *const *allowed) {
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

static int want_object(struct parser *p, json_object *v, const char *path, const char *const *allowed) {
        int r = want(p, v, json_type_object, path);
        if (r < 0)
                return r;
        return check_members(p, v, path, allowed);
}

/* An integer member in MIN..MAX. */
static int want_int_range(struct parser *p, json_object *v, const char *path, int64_t min, int64_t max,
                          int64_t *ret) {
        int64_t x = 0;
        int r = want(p, v, json_type_int, path);
        if (r < 0)
                return r;
        x = json_object_get_int64(v);
        /* json-c clamps integers above INT64_MAX to INT64_MAX here. */
        if (x < min || x > max)
                return fail(p, -EINVAL, path, "must be between %" PRId64 " and %" PRId64, min, max);
        *ret = x;
        return 0;
}

static int want_mtu(struct parser *p, json_object *o, const char *path, unsigned *ret) {
        char buf[PATH_SIZE];
        json_object *v;
        int64_t x = 0;
        int r;

        if (!member(o, "mtu", &v))
                return 0;
        child(buf, path, "mtu");
        r = want_int_range(p, v, buf, 68, 65535, &x);
        if (r < 0)
                return r;
        *ret = (unsigned)x;
        return 0;
}

static int check_ifname(struct parser *p, const char *name, size_t len, const char *path) {
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
static int parse_addresses(struct parser *p, json_object *o, const char *path, struct ip_prefix **ret,
                           size_t *ret_n) {
        char apath[PATH_SIZE], buf[PATH_SIZE];
        json_object *arr;
        size_t n;
        int r;

        if (!member(o, "addresses", &arr))
                return 0;
        child(apath, path, "addresses");
        r = want(p, arr, json_type_array, apath);
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
                r = want_string(p, json_object_array_get_idx(arr, i), buf, &s);
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

static struct topo_ns *find_ns(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->ns_names, name, &i) ? &p->t->ns[i] : NULL;
}

static struct topo_bridge *find_bridge(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->bridge_names, name, &i) ? &p->t->bridges[i] : NULL;
}

/* A namespace that an interface, route or sysctl is put in: defined in the
 * file, with a network namespace. */
static int want_net_ns(struct parser *p, const char *name, const char *path) {
        struct topo_ns *ns = find_ns(p, name);
        if (!ns)
                return fail(p, -EINVAL, path, "no namespace \"%.64s\" in this file", name);
        if (!ns->has_net)
                return fail(p, -EINVAL, path, "namespace %s has no net type", name);
        return 0;
}

/* ---- hosts ------------------------------------------------------------- */

/* Why ADDR cannot be a host's underlay address, or NULL. */
static const char *underlay_unusable(const struct ip_prefix *a) {
        static const uint8_t zero[16];
        if (a->family == AF_INET) {
                if (memcmp(a->addr, zero, 4) == 0)
                        return "the unspecified address";
                if (a->addr[0] == 127)
                        return "a loopback address";
                if ((a->addr[0] & 0xf0) == 0xe0)
                        return "a multicast address";
                if (a->addr[0] == 255 && a->addr[1] == 255 && a->addr[2] == 255 && a->addr[3] == 255)
                        return "the broadcast address";
                return NULL;
        }
        if (memcmp(a->addr, zero, 16) == 0)
                return "the unspecified address";
        if (memcmp(a->addr, zero, 15) == 0 && a->addr[15] == 1)
                return "the loopback address";
        if (a->addr[0] == 0xff)
                return "a multicast address";
        if (a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80)
                return "a link-local address (it needs an interface to go with it)";
        return NULL;
}

/* The required "name" member of element IDX of SECTION ("hosts",
 * "namespaces"): a valid name, not used by an earlier element (SEEN maps
 * names to indexes), copied to DEST (NSCTL_NAME_MAX + 1 bytes).  NOUN names
 * the element in errors ("host", "namespace"). */
static int parse_unique_name(struct parser *p, json_object *o, const char *path, const char *noun,
                             const char *section, struct strmap *seen, size_t idx, char *dest) {
        char buf[PATH_SIZE];
        const char *name, *why;
        json_object *v;
        size_t old;
        int r;

        child(buf, path, "name");
        if (!member(o, "name", &v))
                return fail(p, -EINVAL, buf, "missing (required)");
        r = want(p, v, json_type_string, buf);
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

static int parse_host(struct parser *p, json_object *o, size_t idx, struct strmap *underlays) {
        static const char *const allowed[] = { "name", "underlay", NULL };
        struct topo_host *h = &p->t->hosts[idx];
        char path[PATH_SIZE], buf[PATH_SIZE], text[IP_PREFIX_STRLEN];
        const char *s, *why;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "hosts[%zu]", idx);
        r = want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        r = parse_unique_name(p, o, path, "host", "hosts", &p->host_names, idx, h->name);
        if (r < 0)
                return r;

        child(buf, path, "underlay");
        if (!member(o, "underlay", &v))
                return fail(p, -EINVAL, buf, "missing (required)");
        r = want_string(p, v, buf, &s);
        if (r < 0)
                return r;
        if (ip_addr_parse(s, &h->underlay, &why) < 0)
                return fail(p, -EINVAL, buf, "bad underlay address \"%.60s\": %s (an address, without a length)", s,
                            why);
        why = underlay_unusable(&h->underlay);
        if (why)
                return fail(p, -EINVAL, buf, "%s is %s; the underlay is a unicast address of the host", s, why);
        if (idx > 0 && h->underlay.family != p->t->hosts[0].underlay.family)
                return fail(p, -EINVAL, buf, "%s is %s but hosts[0].underlay is %s; the underlay is of one family", s,
                            h->underlay.family == AF_INET ? "IPv4" : "IPv6",
                            h->underlay.family == AF_INET ? "IPv6" : "IPv4");
        ip_addr_format(&h->underlay, text, sizeof(text));
        r = strmap_put(underlays, text, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0)
                return fail(p, -EINVAL, buf, "hosts[%zu] has the same underlay address %s", old, text);
        return 0;
}

/* vxlanPort and underlayMtu: only with hosts. */
static int parse_vxlan_options(struct parser *p, json_object *doc) {
        json_object *v;
        int64_t x;
        int r;

        p->t->vxlan_port = TOPO_VXLAN_PORT_DEFAULT;
        if (member(doc, "vxlanPort", &v)) {
                if (!p->t->n_hosts)
                        return fail(p, -EINVAL, "vxlanPort", "only for a file with hosts (there are no links between hosts)");
                r = want_int_range(p, v, "vxlanPort", 1, 65535, &x);
                if (r < 0)
                        return r;
                p->t->vxlan_port = (uint16_t)x;
        }
        if (member(doc, "underlayMtu", &v)) {
                if (!p->t->n_hosts)
                        return fail(p, -EINVAL, "underlayMtu", "only for a file with hosts (there are no links between hosts)");
                /* What is left for the VXLAN interface is at least 68. */
                r = want_int_range(p, v, "underlayMtu", 68 + topology_vxlan_overhead(p->t), 65535, &x);
                if (r < 0)
                        return r;
                p->t->underlay_mtu = (unsigned)x;
        }
        return 0;
}

/* NAME is a host of the hosts list. */
static int want_host(struct parser *p, const char *name, const char *path) {
        if (!p->t->n_hosts)
                return fail(p, -EINVAL, path, "this file has no hosts list, so there is no host \"%.64s\"", name);
        if (!strmap_get(&p->host_names, name, NULL))
                return fail(p, -EINVAL, path, "no host \"%.64s\" in hosts", name);
        return 0;
}

/* The "host" member of a namespace, bridge or route at PATH, into RET.
 * When the element is in a namespace of the file, DERIVED is that
 * namespace's host (WHERE names it for errors): "host" may then be left
 * out, and must agree if given.  Otherwise "host" is required when the
 * file has hosts, and refused when it has none. */
static int parse_host_ref(struct parser *p, json_object *o, const char *path, const char *derived, const char *where,
                          char *ret) {
        char buf[PATH_SIZE];
        const char *s;
        json_object *v;
        int r;

        child(buf, path, "host");
        if (!member(o, "host", &v)) {
                if (derived)
                        memcpy(ret, derived, strlen(derived) + 1);
                else if (p->t->n_hosts)
                        return fail(p, -EINVAL, buf, "missing (required: this file has hosts)");
                return 0;
        }
        r = want_string(p, v, buf, &s);
        if (r < 0)
                return r;
        r = want_host(p, s, buf);
        if (r < 0)
                return r;
        if (derived && strcmp(derived, s) != 0)
                return fail(p, -EINVAL, buf, "%s is on host %s", where, derived);
        memcpy(ret, s, strlen(s) + 1);
        return 0;
}

/* ---- namespaces ---------------------------------------------------------- */

static int parse_types(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        char tpath[PATH_SIZE], buf[PATH_SIZE];
        json_object *arr, *copy;
        unsigned seen = 0;
        size_t n;
        int r;

        copy = json_object_new_array();
        if (!copy || json_object_object_add(ns->params, "types", copy) < 0) {
                json_object_put(copy);
                return oom(p);
        }
        if (!member(o, "types", &arr)) {
                if (json_object_array_add(copy, json_object_new_string("net")) < 0)
                        return oom(p);
                ns->has_net = true;
                return 0;
        }
        child(tpath, path, "types");
        r = want(p, arr, json_type_array, tpath);
        if (r < 0)
                return r;
        n = json_object_array_length(arr);
        if (n == 0)
                return fail(p, -EINVAL, tpath, "at least one type is needed");
        for (size_t i = 0; i < n; i++) {
                const char *s;
                int t;

                strf(buf, sizeof(buf), "%s[%zu]", tpath, i);
                r = want_string(p, json_object_array_get_idx(arr, i), buf, &s);
                if (r < 0)
                        return r;
                t = ns_type_from_name(s);
                if (t < 0)
                        return fail(p, -EINVAL, buf,
                                    "unknown namespace type \"%.32s\" (net, uts, ipc, mnt, pid, user, cgroup or time)", s);
                if (seen & NS_TYPE_BIT(t))
                        return fail(p, -EINVAL, buf, "type %s is given twice", s);
                seen |= NS_TYPE_BIT(t);
                if (json_object_array_add(copy, json_object_new_string(s)) < 0)
                        return oom(p);
        }
        ns->has_net = seen & NS_TYPE_BIT(NS_TYPE_NET);
        return 0;
}

/* The io.nsctl.Namespace.Create options, checked for their JSON type only
 * and copied into params; the daemon's option checker does the rest. */
static int parse_options(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        static const struct {
                const char *key;
                json_type type;
        } options[] = {
                { "hostname", json_type_string },     { "mapRootUser", json_type_boolean },
                { "uidMap", json_type_array },        { "gidMap", json_type_array },
                { "monotonicOffset", json_type_int }, { "boottimeOffset", json_type_int },
        };
        char buf[PATH_SIZE];

        for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
                json_object *v, *copy = NULL;
                int r;

                if (!member(o, options[i].key, &v))
                        continue;
                child(buf, path, options[i].key);
                r = want(p, v, options[i].type, buf);
                if (r < 0)
                        return r;
                if (json_object_deep_copy(v, &copy, NULL) < 0 ||
                    json_object_object_add(ns->params, options[i].key, copy) < 0) {
                        json_object_put(copy);
                        return oom(p);
                }
        }
        return 0;
}

static int sysctl_value(struct parser *p, json_object *v, const char *path, char *value) {
        const char *s;
        size_t len;
        int r;

        if (json_object_is_type(v, json_type_int)) {
                strf(value, TOPO_SYSCTL_VALUE_MAX + 1, "%" PRId64, json_object_get_int64(v));
                return 0;
        }
        if (!json_object_is_type(v, json_type_string))
                return fail(p, -EINVAL, path, "must be a string or an integer, not %s",
                            type_noun(json_object_get_type(v)));
        r = want_string(p, v, path, &s);
        if (r < 0)
                return r;
        len = strlen(s);
        if (len == 0)
                return fail(p, -EINVAL, path, "the value is empty");
        if (len > TOPO_SYSCTL_VALUE_MAX)
                return fail(p, -EINVAL, path, "the value is longer than %d bytes", TOPO_SYSCTL_VALUE_MAX);
        for (const unsigned char *c = (const unsigned char *)s; *c; c++)
                if ((*c < 0x20 && *c != '\t') || *c >= 0x7f)
                        return fail(p, -EINVAL, path, "the value may contain only printable ASCII, spaces and tabs");
        memcpy(value, s, len + 1);
        return 0;
}

static int parse_sysctls(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        struct json_object_iterator it, end;
        char spath[PATH_SIZE], buf[PATH_SIZE];
        json_object *obj;
        size_t n;
        int r;

        if (!member(o, "sysctls", &obj))
                return 0;
        child(spath, path, "sysctls");
        r = want(p, obj, json_type_object, spath);
        if (r < 0)
                return r;
        n = (size_t)json_object_object_length(obj);
        if (n == 0)
                return 0;
        if (!ns->has_net)
                return fail(p, -EINVAL, spath, "sysctls need the net type (namespace %s has none)", ns->name);
        if (n > TOPO_MAX_SYSCTLS)
                return fail(p, -E2BIG, spath, "more than %d sysctls in one namespace", TOPO_MAX_SYSCTLS);
        ns->sysctls = calloc(n, sizeof(*ns->sysctls));
        if (!ns->sysctls)
                return oom(p);
        it = json_object_iter_begin(obj);
        end = json_object_iter_end(obj);
        for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
                const char *key = json_object_iter_peek_name(&it), *why;
                struct topo_sysctl *s = &ns->sysctls[ns->n_sysctls];

                child(buf, spath, key);
                if (topology_sysctl_check(key, &why) < 0)
                        return fail(p, -EINVAL, buf, "%s", why);
                r = sysctl_value(p, json_object_iter_peek_value(&it), buf, s->value);
                if (r < 0)
                        return r;
                memcpy(s->key, key, strlen(key) + 1);
                ns->n_sysctls++;
        }
        return 0;
}

static int parse_namespace(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = {
                "name",   "types",           "hostname",       "mapRootUser", "uidMap",
                "gidMap", "monotonicOffset", "boottimeOffset", "sysctls",     "host",
                NULL,
        };
        struct topo_ns *ns = &p->t->ns[idx];
        char path[PATH_SIZE];
        int r;

        strf(path, sizeof(path), "namespaces[%zu]", idx);
        r = want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        r = parse_unique_name(p, o, path, "namespace", "namespaces", &p->ns_names, idx, ns->name);
        if (r < 0)
                return r;
        r = parse_host_ref(p, o, path, NULL, NULL, ns->host);
        if (r < 0)
                return r;

        ns->params = json_object_new_object();
        if (!ns->params)
                return oom(p);
        r = parse_types(p, o, path, ns);
        if (r < 0)
                return r;
        r = parse_options(p, o, path, ns);
        if (r < 0)
                return r;
        return parse_sysctls(p, o, path, ns);
}

/* ---- bridges ----------------------------------------------------------- */

static int parse_bridge(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "name", "namespace", "host", "mtu", "addresses", "nat", NULL };
        struct topo_bridge *br = &p->t->bridges[idx];
        char path[PATH_SIZE], buf[PATH_SIZE];
        const char *name;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "bridges[%zu]", idx);
        r = want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        child(buf, path, "name");
        if (!member(o, "name", &v))
                return fail(p, -EINVAL, buf, "missing (required)");
        r = want(p, v, json_type_string, buf);
        if (r < 0)
                return r;
        name = json_object_get_string(v);
        r = check_ifname(p, name, (size_t)json_object_get_string_len(v), buf);
        if (r < 0)
                return r;
        if (strmap_get(&p->ns_names, name, &old))
                return fail(p, -EINVAL, buf, "namespaces[%zu] has the same name; a name is either a namespace or a bridge",
                            old);
        r = strmap_put(&p->bridge_names, name, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0)
                return fail(p, -EINVAL, buf, "bridge %s is already defined at bridges[%zu]", name, old);
        memcpy(br->name, name, strlen(name) + 1);

        if (member(o, "namespace", &v)) {
                const char *ns;

                child(buf, path, "namespace");
                r = want_string(p, v, buf, &ns);
                if (r < 0)
                        return r;
                r = want_net_ns(p, ns, buf);
                if (r < 0)
                        return r;
                memcpy(br->ns, ns, strlen(ns) + 1);
        }
        if (br->ns[0]) {
                char where[NSCTL_NAME_MAX + 16];
                strf(where, sizeof(where), "namespace %s", br->ns);
                r = parse_host_ref(p, o, path, find_ns(p, br->ns)->host, where, br->host);
        } else
                r = parse_host_ref(p, o, path, NULL, NULL, br->host);
        if (r < 0)
                return r;
        r = want_mtu(p, o, path, &br->mtu);
        if (r < 0)
                return r;
        r = parse_addresses(p, o, path, &br->addrs, &br->n_addrs);
        if (r < 0)
                return r;
        if (member(o, "nat", &v)) {
                bool v4 = false;

                child(buf, path, "nat");
                r = want(p, v, json_type_boolean, buf);
                if (r < 0)
                        return r;
                br->nat = json_object_get_boolean(v);
                if (br->nat && br->ns[0])
                        return fail(p, -EINVAL, buf, "nat is only for bridges in the host (this one is in %s)", br->ns);
                for (size_t i = 0; i < br->n_addrs; i++)
                        v4 = v4 || br->addrs[i].family == AF_INET;
                if (br->nat && !v4)
                        return fail(p, -EINVAL, buf, "nat needs an IPv4 address on the bridge");
        }
        return 0;
}

/* ---- links ------------------------------------------------------------- */

static int parse_shaping(struct parser *p, json_object *o, const char *path, struct topo_shaping *sh) {
        static const char *const allowed[] = { "rate", "delay", "jitter", "loss", NULL };
        char spath[PATH_SIZE], buf[PATH_SIZE];
        json_object *v, *sv;
        const char *s;
        int r;

        if (!member(o, "shaping", &sv))
                return 0;
        child(spath, path, "shaping");
        r = want_object(p, sv, spath, allowed);
        if (r < 0)
                return r;
        if (json_object_object_length(sv) == 0)
                return fail(p, -EINVAL, spath, "needs at least one of rate, delay, jitter and loss");

        if (member(sv, "rate", &v)) {
                child(buf, spath, "rate");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_rate(s, &sh->rate_bps) < 0)
                        return fail(p, -EINVAL, buf,
                                    "bad rate \"%.40s\": more than 0 bit/s, as 10mbit, 500kbit, 1gbit, 64000bit or 64000",
                                    s);
        }
        if (member(sv, "delay", &v)) {
                child(buf, spath, "delay");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_time(s, &sh->delay_us) < 0 || sh->delay_us == 0)
                        return fail(p, -EINVAL, buf,
                                    "bad delay \"%.40s\": more than 0, at most 4294967295us, as 50ms, 100us, 1s or 2.5ms",
                                    s);
        }
        if (member(sv, "jitter", &v)) {
                child(buf, spath, "jitter");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_time(s, &sh->jitter_us) < 0 || sh->jitter_us == 0)
                        return fail(p, -EINVAL, buf,
                                    "bad jitter \"%.40s\": more than 0, at most 4294967295us, as 5ms, 100us or 2.5ms",
                                    s);
                if (!sh->delay_us)
                        return fail(p, -EINVAL, buf, "jitter needs a delay");
        }
        if (member(sv, "loss", &v)) {
                child(buf, spath, "loss");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_loss(s, &sh->loss_ppm) < 0)
                        return fail(p, -EINVAL, buf,
                                    "bad loss \"%.40s\": a percentage more than 0 and at most 100, as 1%% or 0.5%%", s);
        }
        sh->set = true;
        return 0;
}

/* "host", "host:IF", "NAME" or "NAME:IF", NAME a namespace or a bridge of
 * this file. */
static int parse_end_short(struct parser *p, const char *s, size_t len, const char *path, struct topo_end *e,
                           uint8_t *src) {
        const char *colon = memchr(s, ':', len), *ifname = NULL;
        size_t nlen = colon ? (size_t)(colon - s) : len;
        char name[NSCTL_NAME_MAX + 1];
        int r;

        if (strlen(s) != len)
                return fail(p, -EINVAL, path, "contains a NUL byte");
        if (nlen == 4 && memcmp(s, "host", 4) == 0) {
                if (p->t->n_hosts)
                        return fail(p, -EINVAL, path,
                                    "this file has hosts: say which host's own namespace, as {\"host\": \"%s\", ...}",
                                    p->t->hosts[0].name);
                e->kind = TOPO_END_HOST;
        } else {
                if (nlen == 0 || nlen > NSCTL_NAME_MAX)
                        return fail(p, -EINVAL, path, "\"%.80s\" is not host, a namespace or a bridge of this file", s);
                memcpy(name, s, nlen);
                name[nlen] = '\0';
                if (find_ns(p, name)) {
                        r = want_net_ns(p, name, path);
                        if (r < 0)
                                return r;
                        e->kind = TOPO_END_NS;
                        memcpy(e->ns, name, nlen + 1);
                        memcpy(e->host, find_ns(p, name)->host, strlen(find_ns(p, name)->host) + 1);
                } else if (find_bridge(p, name)) {
                        e->kind = TOPO_END_BRIDGE;
                        memcpy(e->bridge, name, nlen + 1);
                        memcpy(e->host, find_bridge(p, name)->host, strlen(find_bridge(p, name)->host) + 1);
                } else
                        return fail(p, -EINVAL, path, "no namespace or bridge \"%s\" in this file", name);
        }
        if (colon) {
                ifname = colon + 1;
                r = check_ifname(p, ifname, len - nlen - 1, path);
                if (r < 0)
                        return r;
                memcpy(e->ifname, ifname, len - nlen); /* with the NUL */
                *src = IFNAME_SHORT;
        }
        return 0;
}

static int parse_end(struct parser *p, json_object *v, const char *path, struct topo_end *e, uint8_t *src) {
        static const char *const allowed[] = { "namespace", "bridge", "host", "ifname", "addresses", "shaping", NULL };
        char buf[PATH_SIZE];
        json_object *m;
        const char *s;
        int r, places;

        if (json_object_is_type(v, json_type_string))
                return parse_end_short(p, json_object_get_string(v), (size_t)json_object_get_string_len(v), path, e,
                                       src);
        if (!json_object_is_type(v, json_type_object))
                return fail(p, -EINVAL, path, "must be an object or a string, not %s", type_noun(json_object_get_type(v)));
        r = check_members(p, v, path, allowed);
        if (r < 0)
                return r;

        places = member(v, "namespace", NULL) + member(v, "bridge", NULL) + member(v, "host", NULL);
        if (places == 0)
                return fail(p, -EINVAL, path, "one of namespace, bridge and host is needed");
        if (places > 1)
                return fail(p, -EINVAL, path, "only one of namespace, bridge and host may be given");

        if (member(v, "namespace", &m)) {
                child(buf, path, "namespace");
                r = want_string(p, m, buf, &s);
                if (r < 0)
                        return r;
                r = want_net_ns(p, s, buf);
                if (r < 0)
                        return r;
                e->kind = TOPO_END_NS;
                memcpy(e->ns, s, strlen(s) + 1);
                memcpy(e->host, find_ns(p, s)->host, strlen(find_ns(p, s)->host) + 1);
        } else if (member(v, "bridge", &m)) {
                child(buf, path, "bridge");
                r = want_string(p, m, buf, &s);
                if (r < 0)
                        return r;
                if (!find_bridge(p, s))
                        return fail(p, -EINVAL, buf, "no bridge \"%.64s\" in this file", s);
                e->kind = TOPO_END_BRIDGE;
                memcpy(e->bridge, s, strlen(s) + 1);
                memcpy(e->host, find_bridge(p, s)->host, strlen(find_bridge(p, s)->host) + 1);
        } else {
                /* true; or, in a file with hosts, the name of the host. */
                member(v, "host", &m);
                child(buf, path, "host");
                if (p->t->n_hosts) {
                        if (json_object_is_type(m, json_type_boolean))
                                return fail(p, -EINVAL, buf,
                                            "this file has hosts: name the host whose own namespace this is (\"%s\")",
                                            p->t->hosts[0].name);
                        r = want_string(p, m, buf, &s);
                        if (r < 0)
                                return r;
                        r = want_host(p, s, buf);
                        if (r < 0)
                                return r;
                        memcpy(e->host, s, strlen(s) + 1);
                } else {
                        if (!json_object_is_type(m, json_type_boolean))
                                return fail(p, -EINVAL, buf, "must be true or false, not %s (a host's name needs a hosts list)",
                                            type_noun(json_object_get_type(m)));
                        if (!json_object_get_boolean(m))
                                return fail(p, -EINVAL, buf, "must be true (leave it out otherwise)");
                }
                e->kind = TOPO_END_HOST;
        }

        if (member(v, "ifname", &m)) {
                child(buf, path, "ifname");
                r = want(p, m, json_type_string, buf);
                if (r < 0)
                        return r;
                s = json_object_get_string(m);
                r = check_ifname(p, s, (size_t)json_object_get_string_len(m), buf);
                if (r < 0)
                        return r;
                memcpy(e->ifname, s, strlen(s) + 1);
                *src = IFNAME_MEMBER;
        }
        if (member(v, "addresses", NULL) && e->kind == TOPO_END_BRIDGE) {
                child(buf, path, "addresses");
                return fail(p, -EINVAL, buf, "a bridge port has no addresses; put them on bridge %s", e->bridge);
        }
        r = parse_addresses(p, v, path, &e->addrs, &e->n_addrs);
        if (r < 0)
                return r;
        return parse_shaping(p, v, path, &e->shaping);
}

static size_t uf_find(size_t *uf, size_t x) {
        while (uf[x] != x) {
                uf[x] = uf[uf[x]];
                x = uf[x];
        }
        return x;
}

static int parse_link(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "a", "b", "mtu", "vni", NULL };
        struct topo_link *l = &p->t->links[idx];
        char path[PATH_SIZE], buf[PATH_SIZE];
        json_object *v;
        int r;

        strf(path, sizeof(path), "links[%zu]", idx);
        r = want_object(p, o, path, allowed);
        if (r < 0)
                return r;
        for (int w = 0; w < 2; w++) {
                const char *key = w ? "b" : "a";

                child(buf, path, key);
                if (!member(o, key, &v))
                        return fail(p, -EINVAL, buf, "missing (required)");
                r = parse_end(p, v, buf, w ? &l->b : &l->a, &p->ifname_src[2 * idx + (size_t)w]);
                if (r < 0)
                        return r;
        }
        r = want_mtu(p, o, path, &l->mtu);
        if (r < 0)
                return r;
        if (member(o, "vni", &v)) {
                int64_t x = 0;

                child(buf, path, "vni");
                r = want_int_range(p, v, buf, 1, TOPO_VNI_MAX, &x);
                if (r < 0)
                        return r;
                if (strcmp(l->a.host, l->b.host) == 0)
                        return fail(p, -EINVAL, buf, "a vni is only for a link between two hosts (both ends are on %s)",
                                    l->a.host[0] ? l->a.host : "this host");
                l->vni = (uint32_t)x; /* the others are made in assign_vnis() */
        }

        if (l->a.kind != l->b.kind)
                return 0;
        switch (l->a.kind) {
        case TOPO_END_HOST:
                if (strcmp(l->a.host, l->b.host) != 0)
                        return 0;
                if (l->a.host[0])
                        return fail(p, -EINVAL, path, "both ends are in the host (%s)", l->a.host);
                return fail(p, -EINVAL, path, "both ends are in the host");
        case TOPO_END_NS:
                if (strcmp(l->a.ns, l->b.ns) == 0)
                        return fail(p, -EINVAL, path, "both ends are in namespace %s", l->a.ns);
                return 0;
        case TOPO_END_BRIDGE: {
                size_t x = 0, y = 0;

                if (strcmp(l->a.bridge, l->b.bridge) == 0)
                        return fail(p, -EINVAL, path, "links form a loop: both ends are on bridge %s", l->a.bridge);
                strmap_get(&p->bridge_names, l->a.bridge, &x);
                strmap_get(&p->bridge_names, l->b.bridge, &y);
                x = uf_find(p->uf, x);
                y = uf_find(p->uf, y);
                if (x == y)
                        return fail(p, -EINVAL, path, "links form a loop: bridges %s and %s are already connected",
                                    l->a.bridge, l->b.bridge);
                p->uf[x] = y;
                return 0;
        }
        }
        return 0;
}

/* The network namespace an end's interface is in: "" for the host. */
static const char *end_netns(struct parser *p, const struct topo_end *e) {
        switch (e->kind) {
        case TOPO_END_NS:
                return e->ns;
        case TOPO_END_BRIDGE:
                return find_bridge(p, e->bridge)->ns;
        case TOPO_END_HOST:
                break;
        }
        return "";
}

static void owner_path(struct parser *p, size_t owner, char *buf, size_t size) {
        size_t nb = p->t->n_bridges;
        if (owner < nb)
                strf(buf, size, "bridges[%zu]", owner);
        else
                strf(buf, size, "links[%zu].%c", (owner - nb) / 2, (owner - nb) % 2 ? 'b' : 'a');
}

/* The key of an interface in p->ifnames: names contain no '/'.  HOST
 * matters for the hosts' own namespaces (NETNS ""), one on each host. */
static void ifkey(char *buf, const char *host, const char *netns, const char *ifname) {
        strf(buf, PATH_SIZE, "%s/%s/%s", host, netns, ifname);
}

/* Interface names not given: "ethN" in namespaces, skipping the names the
 * file gives there; "NS-IF" or "nt" + FNV-1a hex on bridge ports and in the
 * host. */
static int default_ifnames(struct parser *p) {
        struct topology *t = p->t;
        struct strmap given = {};
        size_t *next = NULL;
        char key[PATH_SIZE];
        int r = 0;

        if (strmap_init(&given, t->n_bridges + 2 * t->n_links) < 0 ||
            !(next = calloc(t->n_ns ? t->n_ns : 1, sizeof(*next)))) {
                r = oom(p);
                goto out;
        }
        for (size_t i = 0; i < t->n_bridges; i++) {
                ifkey(key, t->bridges[i].host, t->bridges[i].ns, t->bridges[i].name);
                if (strmap_put(&given, key, 0, NULL) < 0) {
                        r = oom(p);
                        goto out;
                }
        }
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_end *e = i % 2 ? &t->links[i / 2].b : &t->links[i / 2].a;
                if (!e->ifname[0])
                        continue;
                ifkey(key, e->host, end_netns(p, e), e->ifname);
                if (strmap_put(&given, key, 0, NULL) < 0) {
                        r = oom(p);
                        goto out;
                }
        }

        /* Namespace ends first: bridge and host ends are named after them. */
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_end *e = i % 2 ? &t->links[i / 2].b : &t->links[i / 2].a;
                size_t nsi = 0;

                if (e->kind != TOPO_END_NS || e->ifname[0])
                        continue;
                strmap_get(&p->ns_names, e->ns, &nsi);
                for (;; next[nsi]++) {
                        strf(e->ifname, sizeof(e->ifname), "eth%zu", next[nsi]);
                        ifkey(key, e->host, e->ns, e->ifname);
                        if (!strmap_get(&given, key, NULL))
                                break;
                }
                next[nsi]++;
        }
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_link *l = &t->links[i / 2];
                struct topo_end *e = i % 2 ? &l->b : &l->a, *other = i % 2 ? &l->a : &l->b;

                if (e->kind == TOPO_END_NS || e->ifname[0])
                        continue;
                if (other->kind == TOPO_END_NS) {
                        if (strlen(other->ns) + 1 + strlen(other->ifname) <= NSCTL_IFNAME_MAX)
                                strf(e->ifname, sizeof(e->ifname), "%s-%s", other->ns, other->ifname);
                        else {
                                strf(key, sizeof(key), "%s/%s/%s", t->name, other->ns, other->ifname);
                                strf(e->ifname, sizeof(e->ifname), "nt%08" PRIx32, fnv1a(key));
                        }
                } else {
                        strf(key, sizeof(key), "%s/%s/%zu", t->name, e->kind == TOPO_END_BRIDGE ? e->bridge : "host",
                             i / 2);
                        strf(e->ifname, sizeof(e->ifname), "nt%08" PRIx32, fnv1a(key));
                }
        }
out:
        strmap_done(&given);
        free(next);
        return r;
}

/* Every interface the file makes, bridges and veth ends, has a name of its
 * own in its network namespace. */
static int unique_ifnames(struct parser *p) {
        struct topology *t = p->t;
        char key[PATH_SIZE], path[PATH_SIZE], where[PATH_SIZE], netns_desc[NSCTL_NAME_MAX + 16];
        size_t old;
        int r;

        for (size_t i = 0; i < t->n_bridges + 2 * t->n_links; i++) {
                const char *netns, *ifname, *host;
                bool made_up = false;

                if (i < t->n_bridges) {
                        netns = t->bridges[i].ns;
                        ifname = t->bridges[i].name;
                        host = t->bridges[i].host;
                        strf(path, sizeof(path), "bridges[%zu].name", i);
                } else {
                        size_t j = i - t->n_bridges;
                        struct topo_end *e = j % 2 ? &t->links[j / 2].b : &t->links[j / 2].a;

                        netns = end_netns(p, e);
                        ifname = e->ifname;
                        host = e->host;
                        made_up = p->ifname_src[j] == IFNAME_DEFAULT;
                        strf(path, sizeof(path), "links[%zu].%c%s", j / 2, j % 2 ? 'b' : 'a',
                             p->ifname_src[j] == IFNAME_MEMBER ? ".ifname" : "");
                }
                ifkey(key, host, netns, ifname);
                r = strmap_put(&p->ifnames, key, i, &old);
                if (r < 0)
                        return oom(p);
                if (r == 0)
                        continue;
                owner_path(p, old, where, sizeof(where));
                if (netns[0])
                        strf(netns_desc, sizeof(netns_desc), "namespace %s", netns);
                else if (host[0])
                        strf(netns_desc, sizeof(netns_desc), "the host (%s)", host);
                else
                        strf(netns_desc, sizeof(netns_desc), "the host");
                return fail(p, -EINVAL, path, "interface name %s%s is already used in %s by %s", ifname,
                            made_up ? " (made up: give an ifname)" : "", netns_desc, where);
        }
        return 0;
}

/* ---- VNIs -------------------------------------------------------------- */

/* An end of a link between hosts, for the VNI: "HOST/NETNS/IF". */
static void vni_end(struct parser *p, const struct topo_end *e, char *buf, size_t size) {
        strf(buf, size, "%s/%s/%s", e->host, end_netns(p, e), e->ifname);
}

/* Links between hosts without a "vni" get 1 + FNV-1a(TOPOLOGY/END/END) mod
 * 16777215, the two ends in byte order, so the VNI of a link does not move
 * when other links come and go or its ends are swapped.  Given VNIs are
 * taken first; a made-up one that is taken goes up by one (after 16777215
 * comes 1) until it is free, in link order. */
static int assign_vnis(struct parser *p) {
        struct topology *t = p->t;
        struct strmap used = {};
        char key[3 * PATH_SIZE], ea[PATH_SIZE], eb[PATH_SIZE], num[16], path[PATH_SIZE];
        size_t old;
        int r = 0;

        if (!t->n_hosts)
                return 0;
        if (strmap_init(&used, t->n_links) < 0)
                return oom(p);
        for (size_t i = 0; i < t->n_links && r == 0; i++) {
                const struct topo_link *l = &t->links[i];
                if (!l->vni)
                        continue;
                strf(num, sizeof(num), "%" PRIu32, l->vni);
                r = strmap_put(&used, num, i, &old);
                if (r < 0)
                        r = oom(p);
                else if (r > 0) {
                        strf(path, sizeof(path), "links[%zu].vni", i);
                        r = fail(p, -EINVAL, path, "vni %" PRIu32 " is already used by links[%zu]", l->vni, old);
                }
        }
        for (size_t i = 0; i < t->n_links && r == 0; i++) {
                struct topo_link *l = &t->links[i];
                if (l->vni || strcmp(l->a.host, l->b.host) == 0)
                        continue;
                vni_end(p, &l->a, ea, sizeof(ea));
                vni_end(p, &l->b, eb, sizeof(eb));
                bool swap = strcmp(ea, eb) > 0;
                strf(key, sizeof(key), "%s/%s/%s", t->name, swap ? eb : ea, swap ? ea : eb);
                uint32_t vni = 1 + fnv1a(key) % TOPO_VNI_MAX;
                for (;;) {
                        strf(num, sizeof(num), "%" PRIu32, vni);
                        r = strmap_put(&used, num, i, NULL);
                        if (r <= 0)
                                break;
                        vni = vni % TOPO_VNI_MAX + 1;
                }
                if (r < 0)
                        r = oom(p);
                l->vni = vni;
        }
        strmap_done(&used);
        return r;
}

/* ---- routes ------------------------------------------------------------ */

static int parse_route(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "namespace", "host", "to", "via", "dev", NULL };
        struct topo_route *rt = &p->t->routes[idx];
        char path[PATH_SIZE], buf[PATH_SIZE], key[PATH_SIZE], dst[IP_PREFIX_STRLEN];
        const char *s, *why, *to;
        bool is_default;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "routes[%zu]", idx);
        r = want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        if (member(o, "namespace", &v)) {
                child(buf, path, "namespace");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                r = want_net_ns(p, s, buf);
                if (r < 0)
                        return r;
                memcpy(rt->ns, s, strlen(s) + 1);
        }
        if (rt->ns[0]) {
                char where[NSCTL_NAME_MAX + 16];
                strf(where, sizeof(where), "namespace %s", rt->ns);
                r = parse_host_ref(p, o, path, find_ns(p, rt->ns)->host, where, rt->host);
        } else
                r = parse_host_ref(p, o, path, NULL, NULL, rt->host);
        if (r < 0)
                return r;

        child(buf, path, "to");
        if (!member(o, "to", &v))
                return fail(p, -EINVAL, buf, "missing (required)");
        r = want_string(p, v, buf, &to);
        if (r < 0)
                return r;
        is_default = strcmp(to, "default") == 0;
        if (!is_default) {
                if (ip_prefix_parse(to, &rt->dst, &why) < 0)
                        return fail(p, -EINVAL, buf, "bad destination \"%.60s\": %s (or \"default\")", to, why);
                if (ip_prefix_host_bits_set(&rt->dst)) {
                        struct ip_prefix net;
                        ip_prefix_mask(&rt->dst, &net);
                        ip_prefix_format(&net, dst, sizeof(dst));
                        return fail(p, -EINVAL, buf, "host bits are set in %s (did you mean %s?)", to, dst);
                }
        }

        if (member(o, "via", &v)) {
                child(buf, path, "via");
                r = want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (ip_addr_parse(s, &rt->via, &why) < 0)
                        return fail(p, -EINVAL, buf, "bad gateway \"%.60s\": %s", s, why);
                rt->has_via = true;
                if (!is_default && rt->via.family != rt->dst.family)
                        return fail(p, -EINVAL, buf, "via is %s but to is %s", rt->via.family == AF_INET ? "IPv4" : "IPv6",
                                    rt->dst.family == AF_INET ? "IPv4" : "IPv6");
        }
        if (is_default) {
                memset(&rt->dst, 0, sizeof(rt->dst));
                rt->dst.family = rt->has_via ? rt->via.family : AF_INET;
        }

        if (member(o, "dev", &v)) {
                child(buf, path, "dev");
                r = want(p, v, json_type_string, buf);
                if (r < 0)
                        return r;
                s = json_object_get_string(v);
                if (nsctl_ifname_check(s, (size_t)json_object_get_string_len(v), &why) < 0)
                        return fail(p, -EINVAL, buf, "bad interface name: %s", why);
                if (strcmp(s, "lo") != 0) {
                        ifkey(key, rt->host, rt->ns, s);
                        if (!strmap_get(&p->ifnames, key, NULL))
                                return fail(p, -EINVAL, buf, "this file puts no interface %s in %s%s", s,
                                            rt->ns[0] ? "namespace " : "the host", rt->ns);
                }
                memcpy(rt->dev, s, strlen(s) + 1);
        }
        if (!rt->has_via && !rt->dev[0])
                return fail(p, -EINVAL, path, "a route needs via, dev or both");

        ip_prefix_format(&rt->dst, dst, sizeof(dst));
        strf(key, sizeof(key), "%s/%s/%s", rt->host, rt->ns, dst);
        r = strmap_put(&p->routes, key, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0) {
                child(buf, path, "to");
                return fail(p, -EINVAL, buf, "a route to %s in %s%s is already defined at routes[%zu]", dst,
                            rt->ns[0] ? "namespace " : "the host", rt->ns, old);
        }
        return 0;
}

/* ---- the document -------------------------------------------------------- */

const struct topo_host *topology_find_host(const struct topology *t, const char *name) {
        for (size_t i = 0; i < t->n_hosts; i++)
                if (strcmp(t->hosts[i].name, name) == 0)
                        return &t->hosts[i];
        return NULL;
}

unsigned topology_vxlan_overhead(const struct topology *t) {
        return t->n_hosts && t->hosts[0].underlay.family == AF_INET6 ? TOPO_VXLAN_OVERHEAD_V6 : TOPO_VXLAN_OVERHEAD_V4;
}

const struct topo_bridge *topology_find_bridge(const struct topology *t, const char *name) {
        for (size_t i = 0; i < t->n_bridges; i++)
                if (strcmp(t->bridges[i].name, name) == 0)
                        return &t->bridges[i];
        return NULL;
}

const char *topology_end_netns(const struct topology *t, const struct topo_end *e) {
        const struct topo_bridge *br;

        switch (e->kind) {
        case TOPO_END_NS:
                return e->ns;
        case TOPO_END_BRIDGE:
                br = topology_find_bridge(t, e->bridge);
                return br ? br->ns : "";
        case TOPO_END_HOST:
                break;
        }
        return "";
}

void topology_free(struct topology *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n_ns; i++) {
                json_object_put(t->ns[i].params);
                free(t->ns[i].sysctls);
        }
        for (size_t i = 0; i < t->n_bridges; i++)
                free(t->bridges[i].addrs);
        for (size_t i = 0; i < t->n_links; i++) {
                free(t->links[i].a.addrs);
                free(t->links[i].b.addrs);
        }
        free(t->hosts);
        free(t->ns);
        free(t->bridges);
        free(t->links);
        free(t->routes);
        free(t);
}

static const char *const sections[] = { "hosts", "namespaces", "bridges", "links", "routes" };

static int parse_sections(struct parser *p, json_object *doc) {
        static const size_t sizes[] = { sizeof(struct topo_host), sizeof(struct topo_ns), sizeof(struct topo_bridge),
                                        sizeof(struct topo_link), sizeof(struct topo_route) };
        struct topology *t = p->t;
        json_object *arr[5] = {};
        size_t n[5] = {}, total = 0;
        void **vec[5] = { (void **)&t->hosts, (void **)&t->ns, (void **)&t->bridges, (void **)&t->links,
                          (void **)&t->routes };
        size_t *count[5] = { &t->n_hosts, &t->n_ns, &t->n_bridges, &t->n_links, &t->n_routes };
        struct strmap underlays = {};
        int r;

        for (int s = 0; s < 5; s++) {
                if (!member(doc, sections[s], &arr[s]))
                        continue;
                r = want(p, arr[s], json_type_array, sections[s]);
                if (r < 0)
                        return r;
                n[s] = json_object_array_length(arr[s]);
                total += n[s];
                if (total > TOPO_MAX_ELEMENTS)
                        return fail(p, -E2BIG, sections[s],
                                    "more than %d hosts, namespaces, bridges, links and routes in one file",
                                    TOPO_MAX_ELEMENTS);
        }
        for (int s = 0; s < 5; s++) {
                if (!n[s])
                        continue;
                *vec[s] = calloc(n[s], sizes[s]);
                if (!*vec[s])
                        return oom(p);
                *count[s] = n[s];
        }

        if (strmap_init(&p->host_names, n[0]) < 0 || strmap_init(&p->ns_names, n[1]) < 0 ||
            strmap_init(&p->bridge_names, n[2]) < 0 || strmap_init(&p->ifnames, n[2] + 2 * n[3]) < 0 ||
            strmap_init(&p->routes, n[4]) < 0 || !(p->ifname_src = calloc(2 * n[3] + 1, 1)) ||
            !(p->uf = calloc(n[2] + 1, sizeof(*p->uf))))
                return oom(p);
        for (size_t i = 0; i < n[2]; i++)
                p->uf[i] = i;

        if (strmap_init(&underlays, n[0]) < 0)
                return oom(p);
        for (size_t i = 0; i < n[0]; i++)
                if ((r = parse_host(p, json_object_array_get_idx(arr[0], i), i, &underlays)) < 0) {
                        strmap_done(&underlays);
                        return r;
                }
        strmap_done(&underlays);
        if ((r = parse_vxlan_options(p, doc)) < 0)
                return r;
        for (size_t i = 0; i < n[1]; i++)
                if ((r = parse_namespace(p, json_object_array_get_idx(arr[1], i), i)) < 0)
                        return r;
        for (size_t i = 0; i < n[2]; i++)
                if ((r = parse_bridge(p, json_object_array_get_idx(arr[2], i), i)) < 0)
                        return r;
        for (size_t i = 0; i < n[3]; i++)
                if ((r = parse_link(p, json_object_array_get_idx(arr[3], i), i)) < 0)
                        return r;
        if ((r = default_ifnames(p)) < 0 || (r = unique_ifnames(p)) < 0 || (r = assign_vnis(p)) < 0)
                return r;
        for (size_t i = 0; i < n[4]; i++)
                if ((r = parse_route(p, json_object_array_get_idx(arr[4], i), i)) < 0)
                        return r;
        return 0;
}

int topology_parse(json_object *doc, struct topology **ret, struct topo_error *err) {
        static const char *const allowed[] = { "name",  "description", "hosts",  "vxlanPort", "underlayMtu",
                                               "namespaces", "bridges", "links", "routes", NULL };
        struct topo_error dummy;
        struct parser p = { .err = err ? err : &dummy };
        const char *why;
        json_object *v;
        int r;

        *ret = NULL;
        memset(p.err, 0, sizeof(*p.err));
        if (!json_object_is_type(doc, json_type_object))
                return fail(&p, -EINVAL, "", "a topology is a JSON object, not %s", type_noun(json_object_get_type(doc)));
        r = check_members(&p, doc, "", allowed);
        if (r < 0)
                return r;
        if (!member(doc, "name", &v))
                return fail(&p, -EINVAL, "name", "missing (required)");
        r = want(&p, v, json_type_string, "name");
        if (r < 0)
                return r;
        if (nsctl_name_check(json_object_get_string(v), (size_t)json_object_get_string_len(v), &why) < 0)
                return fail(&p, -EINVAL, "name", "bad topology name: %s", why);
        if (member(doc, "description", &v)) {
                const char *s;
                r = want_string(&p, v, "description", &s);
                if (r < 0)
                        return r;
        }

        p.t = calloc(1, sizeof(*p.t));
        if (!p.t)
                return oom(&p);
        member(doc, "name", &v);
        strf(p.t->name, sizeof(p.t->name), "%s", json_object_get_string(v));

        r = parse_sections(&p, doc);
        strmap_done(&p.host_names);
        strmap_done(&p.ns_names);
        strmap_done(&p.bridge_names);
        strmap_done(&p.ifnames);
        strmap_done(&p.routes);
        free(p.ifname_src);
        free(p.uf);
        if (r < 0) {
                topology_free(p.t);
                return r;
        }
        *ret = p.t;
        return 0;
}
