/* The topology file: a lab's namespace sets, bridges, veth links,
 * addresses, routes, shaping and per-namespace sysctls, as JSON, on one
 * host or spread over several (links between hosts become VXLAN).  Parsed
 * and checked completely here, before anything is made: names, interface
 * names (15 bytes), CIDRs, references between elements, duplicates, hosts,
 * VNIs and bridge loops.  Depends on json-c only (proto/ rule). */
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

/* Links between hosts (VXLAN). */
#define TOPO_VNI_MAX             16777215u /* 24 bits; VNI 0 is not used */
#define TOPO_VXLAN_PORT_DEFAULT  4789      /* IANA */
#define TOPO_UNDERLAY_MTU_DEFAULT 1500
/* What VXLAN adds to a frame on the underlay: outer Ethernet 14, IP 20 or
 * 40, UDP 8, VXLAN 8 (the kernel's VXLAN_HEADROOM and VXLAN6_HEADROOM). */
#define TOPO_VXLAN_OVERHEAD_V4   50
#define TOPO_VXLAN_OVERHEAD_V6   70

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

/* A machine of a lab spread over several ("hosts"), each running its own
 * nsctld; they reach each other at their underlay addresses. */
struct topo_host {
        char name[NSCTL_NAME_MAX + 1];
        struct ip_prefix underlay; /* an address: len is 32 or 128 */
};

/* Every element below has a "host": the name of the host (of
 * topology.hosts) it is on, or "" when the file has no hosts list (then
 * everything is on the one host the file is applied on). */

struct topo_ns {
        char name[NSCTL_NAME_MAX + 1];
        char host[NSCTL_NAME_MAX + 1];
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
        char host[NSCTL_NAME_MAX + 1]; /* its namespace's, when it has one */
        unsigned mtu;                /* 0: default */
        struct ip_prefix *addrs;
        size_t n_addrs;
        bool nat; /* masquerade its subnets out of the host (host bridges only) */
};

struct topo_end {
        enum topo_end_kind kind;
        char ns[NSCTL_NAME_MAX + 1];         /* TOPO_END_NS */
        char bridge[NSCTL_IFNAME_MAX + 1];   /* TOPO_END_BRIDGE */
        /* The host the interface is on: its namespace's, its bridge's, or
         * the one a host end names. */
        char host[NSCTL_NAME_MAX + 1];
        /* The veth end's interface name in its namespace: given, or made
         * up when not given ("ethN" in a namespace, "NS-IF" or "nt" and eight
         * hex digits on a bridge port or in the host; deterministic: the same file
         * gives the same names; see nsctl-topology(5)).  A bridge port is
         * in the bridge's network namespace. */
        char ifname[NSCTL_IFNAME_MAX + 1];
        struct ip_prefix *addrs;
        size_t n_addrs;
        struct topo_shaping shaping;
};

struct topo_link {
        struct topo_end a, b;
        unsigned mtu; /* 0: default (between hosts: the underlay's less the overhead) */
        /* Ends on two hosts: each end is a VXLAN interface with this VNI
         * (given, or made from the topology; unique in the file).  0 for a
         * veth (both ends on one host). */
        uint32_t vni;
};

struct topo_route {
        char ns[NSCTL_NAME_MAX + 1]; /* "": the host */
        char host[NSCTL_NAME_MAX + 1];
        struct ip_prefix dst;        /* len 0: default */
        bool has_via;
        struct ip_prefix via;
        char dev[NSCTL_IFNAME_MAX + 1]; /* "": chosen by the kernel from via */
};

struct topology {
        char name[NSCTL_NAME_MAX + 1];
        struct topo_host *hosts; /* none: the whole lab is on one host */
        size_t n_hosts;
        uint16_t vxlan_port;   /* UDP port of the VXLAN links */
        unsigned underlay_mtu; /* 0: the MTU towards the other host, looked up when applied */
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
 * "0.5%".  Used by the topology parser and by the daemon for SetShaping
 * (`nsctl link shape --rate` etc.; the client passes the strings on). */
int topology_parse_rate(const char *s, uint64_t *ret_bps);
int topology_parse_time(const char *s, uint32_t *ret_us);
int topology_parse_loss(const char *s, uint32_t *ret_ppm);

/* The host of T called NAME, or NULL. */
const struct topo_host *topology_find_host(const struct topology *t, const char *name);
/* The VXLAN overhead on T's underlay (50 for IPv4, 70 for IPv6). */
unsigned topology_vxlan_overhead(const struct topology *t);
/* A link between two hosts (made of two VXLAN ends). */
static inline bool topology_link_is_remote(const struct topo_link *l) {
        return l->vni != 0;
}

/* The bridge of T called NAME, or NULL. */
const struct topo_bridge *topology_find_bridge(const struct topology *t, const char *name);
/* The network namespace E's interface is in: a namespace of T, or "" for
 * the host (a bridge port is where its bridge is). */
const char *topology_end_netns(const struct topology *t, const struct topo_end *e);
