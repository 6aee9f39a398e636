/* Links, addresses, routes, qdiscs and sysctls in any network namespace the
 * daemon holds an fd for, through rtnetlink (libnl-route-3; the nsnl_ prefix
 * keeps clear of libnl's own rtnl_ names); no `ip` or
 * `tc` processes.  Knows nothing of JSON or topologies, so the topology
 * engine, the imperative methods and tests can all call it.
 *
 * Every function returns 0 or a negative errno.  Removing an interface or
 * a qdisc that is already gone succeeds; removing an address or a route
 * that is not there fails (-EADDRNOTAVAIL, -ESRCH; -ENODEV without the
 * interface), so `nsctl addr del` can say so; the topology engine counts
 * those as done. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "ip-prefix.h"

/* A route socket bound to one network namespace. */
struct nsnl;

/* Open a route socket in NETNS_FD (-1: the daemon's own namespace).  The
 * socket is made after setns(NETNS_FD, CLONE_NEWNET); the daemon then goes
 * back with setns(HOST_NETNS_FD, CLONE_NEWNET).  The rtnl keeps a dup of
 * NETNS_FD (for sysctls and as the peer target of veths). */
int nsnl_open(int netns_fd, int host_netns_fd, struct nsnl **ret);
void nsnl_close(struct nsnl *r); /* NULL is fine */

/* 1 if an interface of that name exists, 0 if not. */
int nsnl_link_exists(struct nsnl *r, const char *ifname);
/* 1 with its kind in KIND ("bridge", "veth"; "" for plain devices) if an
 * interface of that name exists, 0 if not. */
int nsnl_link_kind(struct nsnl *r, const char *ifname, char *kind, size_t size);
/* Bring an interface up (lo, typically). */
int nsnl_link_up(struct nsnl *r, const char *ifname);
/* Delete an interface (for a veth, both ends go). */
int nsnl_link_del(struct nsnl *r, const char *ifname);

/* A bridge, up.  MTU 0: the kernel's default.  -EEXIST if the name is
 * taken. */
int nsnl_bridge_add(struct nsnl *r, const char *name, unsigned mtu);

/* A veth pair in one RTM_NEWLINK message: NAME in R's namespace, PEER made
 * directly in PEER_NS's namespace (PEER_NS may be R itself), each with a
 * locally administered MAC set in the message, MTU (0: default) on both,
 * both up.  When MASTER is not NULL, NAME is enslaved to that bridge (in
 * R's namespace) in the same message.  -EEXIST if either name is taken in
 * its namespace. */
int nsnl_veth_add(struct nsnl *r, const char *name, const char *master, struct nsnl *peer_ns, const char *peer,
                  unsigned mtu);

/* A VXLAN interface towards one remote (a link between two hosts), made
 * through R (the socket of the namespace where the underlay is: the
 * VXLAN's UDP socket lives there) and created directly in TARGET_NS's
 * namespace (TARGET_NS may be R itself), with a locally administered MAC
 * set in the message, MTU (0: the kernel's), up.  When MASTER is not
 * NULL, it is enslaved to that bridge (in TARGET_NS's namespace) in the
 * same message.  -EEXIST if the name is taken in TARGET_NS, or if another
 * VXLAN of R's namespace has the same VNI, port and local address. */
struct nsnl_vxlan {
        uint32_t vni;                   /* 1 to 16777215 */
        struct ip_prefix local, remote; /* addresses of one family */
        uint16_t port;                  /* UDP destination port */
        unsigned mtu;
};
int nsnl_vxlan_add(struct nsnl *r, const char *name, const struct nsnl_vxlan *vx, struct nsnl *target_ns,
                   const char *master);

/* The route R's namespace would use to reach DST: whether DST is an
 * address of that namespace, and the MTU towards it (the route's own MTU,
 * else that of its interface; 0 if neither is known).  -ENETUNREACH (and
 * the like) when there is no route. */
struct nsnl_route_info {
        bool local;
        unsigned mtu;
};
int nsnl_route_get(struct nsnl *r, const struct ip_prefix *dst, struct nsnl_route_info *ret);

/* Enslave IFNAME to the bridge MASTER (both in R's namespace). */
int nsnl_link_set_master(struct nsnl *r, const char *ifname, const char *master);

/* Addresses: ADDR carries the prefix length.  add: -EEXIST if present. */
int nsnl_addr_add(struct nsnl *r, const char *ifname, const struct ip_prefix *addr);
int nsnl_addr_del(struct nsnl *r, const char *ifname, const struct ip_prefix *addr);

/* Routes in the main table.  DST with len 0 is the default route.  GW may
 * be NULL (a device route, then DEV is required); DEV may be NULL when GW
 * is given.  add: -EEXIST if present. */
int nsnl_route_add(struct nsnl *r, const struct ip_prefix *dst, const struct ip_prefix *gw, const char *dev);
int nsnl_route_del(struct nsnl *r, const struct ip_prefix *dst, const struct ip_prefix *gw, const char *dev);

/* Link shaping as Mininet sets it: a root qdisc on IFNAME's egress.
 * netem when delay, jitter or loss is set (with its own rate when rate is
 * set too), tbf when only a rate is set.  Replaces any root qdisc there. */
struct nsnl_shaping {
        uint64_t rate_bps;  /* bits per second; 0: no limit */
        uint32_t delay_us;  /* 0: none */
        uint32_t jitter_us; /* needs delay */
        uint32_t loss_ppm;  /* parts per million: 1% is 10000 */
};
int nsnl_shaping_set(struct nsnl *r, const char *ifname, const struct nsnl_shaping *s);
/* Back to the kernel's default root qdisc. */
int nsnl_shaping_clear(struct nsnl *r, const char *ifname);

/* A net.* sysctl in R's namespace ("net.ipv4.ip_forward" -> the file
 * /proc/sys/net/ipv4/ip_forward opened while in that namespace).  KEY must
 * already be checked (topology_sysctl_check).  The old value is returned
 * in OLD (may be NULL) without the trailing newline. */
int nsnl_sysctl_set(struct nsnl *r, int host_netns_fd, const char *key, const char *value, char *old,
                    size_t old_size);
