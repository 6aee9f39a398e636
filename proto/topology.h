/* The topology file: a lab's namespace sets, bridges, veth links,
 * addresses, routes, shaping and per-namespace sysctls, as JSON.  Parsed
 * and checked completely here, before anything is made: names, interface
 * names (15 bytes), CIDRs, references between elements, duplicates and
 * bridge loops.  Depends on json-c only (proto/ rule). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "ip-prefix.h"
#include "names.h"

#define TOPO_SYSCTL_KEY_MAX   128
#define TOPO_SYSCTL_VALUE_MAX 64

/* Limits on one file; more is refused (-E2BIG, with an error). */
#define TOPO_MAX_ELEMENTS 20000
/* Addresses on one interface (bridge or link end), sysctls in one
 * namespace. */
#define TOPO_MAX_ADDRS   256
#define TOPO_MAX_SYSCTLS 256

enum topo_end_kind {
        TOPO_END_NS,     /* in a namespace set of the topology */
        TOPO_END_HOST,   /* in the daemon's (the host's) network namespace */
        TOPO_END_BRIDGE, /* a port of one of the topology's bridges */
};

struct topo_shaping {
        bool set;
        uint64_t rate_bps;
        uint32_t delay_us, jitter_us, loss_ppm;
};

struct topo_sysctl {
        char key[TOPO_SYSCTL_KEY_MAX + 1];     /* "net.ipv4.ip_forward" */
        char value[TOPO_SYSCTL_VALUE_MAX + 1]; /* "1" */
};

struct topo_ns {
        char name[NSCTL_NAME_MAX + 1];
        /* The io.nsctl.Namespace.Create parameters for this set, without
         * "name": "types" (default ["net"]), "hostname", "mapRootUser",
         * "uidMap", ...  Owned (a reference held).  The daemon checks them
         * with its own option checker. */
        json_object *params;
        bool has_net; /* "net" is among its types (links need it) */
        struct topo_sysctl *sysctls;
        size_t n_sysctls;
};

struct topo_bridge {
        char name[NSCTL_IFNAME_MAX + 1];
        char ns[NSCTL_NAME_MAX + 1]; /* "" : the host */
        unsigned mtu;                /* 0: default */
        struct ip_prefix *addrs;
        size_t n_addrs;
        bool nat; /* masquerade its subnets out of the host (host bridges only) */
};

struct topo_end {
        enum topo_end_kind kind;
        char ns[NSCTL_NAME_MAX + 1];         /* TOPO_END_NS */
        char bridge[NSCTL_IFNAME_MAX + 1];   /* TOPO_END_BRIDGE */
        /* The veth end's interface name in its namespace: given, or made
         * up when not given ("ethN" in a namespace, "NS-IF" or "ntXXXXXXXX"
         * on a bridge port or in the host; deterministic: the same file
         * gives the same names; see nsctl-topology(5)).  A bridge port is
         * in the bridge's network namespace. */
        char ifname[NSCTL_IFNAME_MAX + 1];
        struct ip_prefix *addrs;
        size_t n_addrs;
        struct topo_shaping shaping;
};

struct topo_link {
        struct topo_end a, b;
        unsigned mtu; /* 0: default */
};

struct topo_route {
        char ns[NSCTL_NAME_MAX + 1]; /* "": the host */
        struct ip_prefix dst;        /* len 0: default */
        bool has_via;
        struct ip_prefix via;
        char dev[NSCTL_IFNAME_MAX + 1]; /* "": chosen by the kernel from via */
};

struct topology {
        char name[NSCTL_NAME_MAX + 1];
        struct topo_ns *ns;
        size_t n_ns;
        struct topo_bridge *bridges;
        size_t n_bridges;
        struct topo_link *links;
        size_t n_links;
        struct topo_route *routes;
        size_t n_routes;
};

/* Where a file is wrong: ELEMENT is a path into the document such as
 * "links[2].b.ifname" or "namespaces[0].name", REASON says why. */
struct topo_error {
        char element[128];
        char reason[256];
};

/* Parse DOC (the whole file, an object).  Returns 0 and *RET (free with
 * topology_free), or -EINVAL / -E2BIG with ERR filled in. */
int topology_parse(json_object *doc, struct topology **ret, struct topo_error *err);
void topology_free(struct topology *t); /* NULL is fine */

/* A sysctl key the daemon may set inside a set: "net." followed by
 * [a-z0-9_.-] components, no empty component, no "..", no "/". */
int topology_sysctl_check(const char *key, const char **ret_reason);

/* Shaping values as users write them: rate "10mbit", "1gbit", "500kbit",
 * "1000000" (bit/s); time "50ms", "100us", "1s", "2.5ms"; loss "1%",
 * "0.5%".  Used by the topology parser and by the client for `--rate` etc. */
int topology_parse_rate(const char *s, uint64_t *ret_bps);
int topology_parse_time(const char *s, uint32_t *ret_us);
int topology_parse_loss(const char *s, uint32_t *ret_ppm);

/* The bridge of T called NAME, or NULL. */
const struct topo_bridge *topology_find_bridge(const struct topology *t, const char *name);
/* The network namespace E's interface is in: a namespace of T, or "" for
 * the host (a bridge port is where its bridge is). */
const char *topology_end_netns(const struct topology *t, const struct topo_end *e);
