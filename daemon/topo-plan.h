/* A topology as an ordered list of objects the daemon makes: each with a
 * key that names it and says how to remove it, a spec that says what it
 * is (same key and spec: nothing to do), and the keys of the objects it
 * lives in (removing those removes it too).  The order is the order of
 * creation; removal goes backwards. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "topology.h"

enum topo_obj_kind {
        TOBJ_NS,     /* ns|SET */
        TOBJ_SYSCTL, /* sysctl|NETNS|KEY */
        TOBJ_BRIDGE, /* bridge|NETNS|BR */
        TOBJ_NAT,    /* nat|BR|CIDR */
        TOBJ_LINK,   /* link|NETNS|IF|NETNS|IF: removed by deleting the first end */
        TOBJ_ADDR,   /* addr|NETNS|IF|CIDR */
        TOBJ_SHAPE,  /* shape|NETNS|IF */
        TOBJ_ROUTE,  /* route|NETNS|DST */
        TOBJ_VXLAN,  /* vxlan|NETNS|IF: this host's end of a link to another host */
        TOBJ_KIND_MAX,
};

/* NETNS in keys: "" for the host (this one: a plan holds only what the
 * host it is built for makes), else the set's name.  '|' cannot occur
 * in names, interface names, CIDRs or sysctl keys. */
#define TOPO_KEY_SEP '|'

struct topo_obj {
        enum topo_obj_kind kind;
        char *key;
        char *spec;
        char *element; /* where in the file, for errors: "links[2]" */
        char **parents;
        size_t n_parents;
        /* What to make it from (pointers into the topology). */
        const struct topo_ns *ns;
        const struct topo_sysctl *sysctl;
        const struct topo_bridge *bridge;
        const struct topo_link *link;     /* LINK, VXLAN */
        const struct topo_end *end;       /* ADDR and SHAPE on a link end; VXLAN: this host's end */
        const struct topo_end *peer;      /* VXLAN: the end on the other host */
        const struct topo_host *local, *remote; /* VXLAN: this host, the other one */
        unsigned mtu; /* VXLAN: the link's, or the file's underlay's less the overhead; 0: look it up */
        const struct ip_prefix *addr;     /* ADDR, NAT */
        const struct topo_route *route;
        char netns[NSCTL_NAME_MAX + 1];   /* where it is made ("" host) */
        char ifname[NSCTL_IFNAME_MAX + 1];
};

struct topo_plan {
        struct topo_obj *objs;
        size_t n;
};

/* What HOST makes of T: HOST is NULL for a topology without hosts (all of
 * it), else one of its hosts (the sets, bridges, routes and link ends on
 * it; a link to another host is a VXLAN end here).  -ENOMEM only: the
 * topology is already checked, and HOST must be one of its hosts. */
int topo_plan_build(const struct topology *t, const char *host, struct topo_plan *ret);

void topo_plan_done(struct topo_plan *p);

/* The object with KEY, or NULL. */
const struct topo_obj *topo_plan_find(const struct topo_plan *p, const char *key);

/* Split a key into at most MAX fields (in place, in a copy the caller
 * owns); returns the number of fields. */
size_t topo_key_split(char *key, char **fields, size_t max);
