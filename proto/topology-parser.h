/* What topology.c and topology-ifnames-vnis.c share: the parser's state,
 * how it reports an error, and the passes over interface names and VNIs
 * that topology.c runs once all the links are parsed.  Internal to the
 * parser: nothing outside those two files includes it. */
#pragma once

#include <errno.h>
#include <stdarg.h>
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

static inline struct topo_ns *find_ns(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->ns_names, name, &i) ? &p->t->ns[i] : NULL;
}

static inline struct topo_bridge *find_bridge(struct parser *p, const char *name) {
        size_t i;
        return strmap_get(&p->bridge_names, name, &i) ? &p->t->bridges[i] : NULL;
}

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
