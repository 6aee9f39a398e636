/* What the files of the topology parser share: the parser's state, how it
 * reports an error, the checks of single JSON values (topology-json.c),
 * the sections that have files of their own (topology-hosts.c,
 * topology-namespaces.c, topology-links.c), and the passes over interface
 * names and VNIs that topology.c runs once all the links are parsed
 * (topology-ifnames-vnis.c).  Internal to the parser: nothing outside
 * proto/topology*.c includes it. */
#pragma once

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "strmap.h"
#include "topology.h"

/* Buffers for element paths ("links[2].b.ifname") and for map keys made of
 * names. */
#define PATH_SIZE 320

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
        struct strmap ifnames;      /* "HOST/NETNS/IFNAME" -> owner (see owner_path) */
        struct strmap routes;       /* "HOST/NETNS/DST" -> route index */
        uint8_t *ifname_src;        /* per link end: 2 * link + (0 a, 1 b) */
        size_t *uf;                 /* union-find over bridges */
};

static inline void __attribute__((format(printf, 3, 4))) strf(char *buf, size_t size, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, size, fmt, ap);
        va_end(ap);
}

/* Fill in P's error (ELEMENT, then the reason) and return R. */
static inline int __attribute__((format(printf, 4, 5)))
fail(struct parser *p, int r, const char *element, const char *fmt, ...) {
        va_list ap;

        snprintf(p->err->element, sizeof(p->err->element), "%s", element);
        va_start(ap, fmt);
        vsnprintf(p->err->reason, sizeof(p->err->reason), fmt, ap);
        va_end(ap);
        return r;
}

static inline int oom(struct parser *p) {
        return fail(p, -ENOMEM, "", "out of memory");
}

/* O's member KEY, if it has one, into *RET (RET may be NULL). */
static inline bool member(json_object *o, const char *key, json_object **ret) {
        return json_object_object_get_ex(o, key, ret);
}

/* The element path of member KEY of the element at PATH, into BUF
 * (PATH_SIZE bytes). */
static inline void child(char *buf, const char *path, const char *key) {
        if (*path)
                strf(buf, PATH_SIZE, "%s.%s", path, key);
        else
                strf(buf, PATH_SIZE, "%s", key);
}

static inline struct topo_ns *find_ns(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->ns_names, name, &i) ? &p->t->ns[i] : NULL;
}

static inline struct topo_bridge *find_bridge(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->bridge_names, name, &i) ? &p->t->bridges[i] : NULL;
}

/* ---- topology-json.c ----------------------------------------------------- */

/* What a JSON value of type T is, for errors ("not a boolean"). */
const char *topo_type_noun(json_type t);
/* The checks below look at V (or a member of O) at PATH and return 0, or
 * -EINVAL (-E2BIG for too many addresses, -ENOMEM) with P's error filled
 * in. */
/* V is of TYPE. */
int topo_want(struct parser *p, json_object *v, json_type type, const char *path);
/* Member KEY of O, which must be there and of TYPE: its path (PATH.KEY) goes
 * to BUF (PATH_SIZE bytes) for the caller's own errors, the member to *RET. */
int topo_want_member(struct parser *p, json_object *o, const char *path, const char *key, json_type type, char *buf,
                     json_object **ret);
/* A string member without embedded NUL bytes, into *RET. */
int topo_want_string(struct parser *p, json_object *v, const char *path, const char **ret);
/* Every member of O is one of ALLOWED (NULL-terminated). */
int topo_check_members(struct parser *p, json_object *o, const char *path, const char *const *allowed);
/* An object with members of ALLOWED only. */
int topo_want_object(struct parser *p, json_object *v, const char *path, const char *const *allowed);
/* An integer member in MIN..MAX, into *RET. */
int topo_want_int_range(struct parser *p, json_object *v, const char *path, int64_t min, int64_t max,
                        int64_t *ret);
/* O's "mtu" member, if any, into *RET. */
int topo_want_mtu(struct parser *p, json_object *o, const char *path, unsigned *ret);
/* NAME (LEN bytes) is an interface name that can be made. */
int topo_check_ifname(struct parser *p, const char *name, size_t len, const char *path);
/* O's "addresses" member, if any, into *RET (calloc'd) and *RET_N. */
int topo_parse_addresses(struct parser *p, json_object *o, const char *path, struct ip_prefix **ret,
                         size_t *ret_n);
/* NAME is a namespace of the file, with a network namespace. */
int topo_want_net_ns(struct parser *p, const char *name, const char *path);
/* O's required "name": a valid name not yet in SEEN (of SECTION), into
 * DEST (NSCTL_NAME_MAX + 1 bytes).  NOUN names the element in errors. */
int topo_parse_unique_name(struct parser *p, json_object *o, const char *path, const char *noun,
                           const char *section, struct strmap *seen, size_t idx, char *dest);

/* ---- topology-hosts.c ---------------------------------------------------- */

/* Element IDX of hosts; UNDERLAYS maps the underlay addresses seen so far
 * to their host's index. */
int topo_parse_host(struct parser *p, json_object *o, size_t idx, struct strmap *underlays);
/* The document's vxlanPort and underlayMtu, after the hosts. */
int topo_parse_vxlan_options(struct parser *p, json_object *doc);
/* NAME is a host of the hosts list. */
int topo_want_host(struct parser *p, const char *name, const char *path);
/* O's "host" member into RET (NSCTL_NAME_MAX + 1 bytes); DERIVED is the
 * host of the namespace the element is in, if it is in one (WHERE names
 * that namespace for errors). */
int topo_parse_host_ref(struct parser *p, json_object *o, const char *path, const char *derived,
                        const char *where, char *ret);

/* ---- topology-namespaces.c ----------------------------------------------- */

/* Element IDX of namespaces, after the hosts. */
int topo_parse_namespace(struct parser *p, json_object *o, size_t idx);

/* ---- topology-links.c ---------------------------------------------------- */

/* Element IDX of links, after the namespaces and bridges. */
int topo_parse_link(struct parser *p, json_object *o, size_t idx);

/* ---- topology-ifnames-vnis.c --------------------------------------------- */

/* The key of an interface in p->ifnames, into BUF (PATH_SIZE bytes). */
void topo_ifkey(char *buf, const char *host, const char *netns, const char *ifname);
/* Run in this order, after all links are parsed: make up the interface
 * names not given, check that every interface name is unique in its
 * network namespace, then give links between hosts their VNIs.  0, or
 * -EINVAL / -ENOMEM with P's error filled in. */
int topo_default_ifnames(struct parser *p);
int topo_unique_ifnames(struct parser *p);
int topo_assign_vnis(struct parser *p);
