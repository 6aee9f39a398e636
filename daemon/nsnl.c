#include "nsnl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/vxlan.h>
#include <netlink/socket.h>

#include "util.h"

struct nsnl {
        struct nl_sock *sk;
        int netns_fd; /* the socket's namespace: a dup of the caller's fd */
        /* The errno of the last NLMSG_ERROR the kernel sent, saved by
         * ack_error() before libnl folds it into its own, coarser codes
         * (EEXIST and EADDRINUSE become one, ENETUNREACH becomes
         * NLE_FAILURE, ...).  0 when there was none. */
        int kernel_error;
};

#define _cleanup_(f) __attribute__((cleanup(f)))

static void nl_msg_freep(struct nl_msg **m) {
        if (*m)
                nlmsg_free(*m);
}
static void rtnl_link_putp(struct rtnl_link **l) {
        if (*l)
                rtnl_link_put(*l);
}
static void nl_addr_putp(struct nl_addr **a) {
        if (*a)
                nl_addr_put(*a);
}

#define _cleanup_nl_msg_    _cleanup_(nl_msg_freep)
#define _cleanup_link_      _cleanup_(rtnl_link_putp)
#define _cleanup_nl_addr_   _cleanup_(nl_addr_putp)

/* For errors libnl makes up itself (allocation, message size) and for the
 * few paths where it swallows the kernel's errno (rtnl_link_get_kernel). */
static int nlerr_to_errno(int nlerr) {
        switch (abs(nlerr)) {
        case NLE_EXIST:
                return -EEXIST;
        case NLE_OBJ_NOTFOUND:
        case NLE_NODEV:
                return -ENODEV;
        case NLE_PERM:
                return -EPERM;
        case NLE_NOACCESS:
                return -EACCES;
        case NLE_INVAL:
        case NLE_MISSING_ATTR:
                return -EINVAL;
        case NLE_NOMEM:
                return -ENOMEM;
        case NLE_BUSY:
                return -EBUSY;
        case NLE_NOADDR:
                return -EADDRNOTAVAIL;
        case NLE_RANGE:
                return -ERANGE;
        case NLE_MSGSIZE:
                return -EMSGSIZE;
        case NLE_AF_NOSUPPORT:
                return -EAFNOSUPPORT;
        case NLE_OPNOTSUPP:
                return -EOPNOTSUPP;
        case NLE_AGAIN:
                return -EAGAIN;
        case NLE_INTR:
                return -EINTR;
        case NLE_BAD_SOCK:
                return -EBADF;
        default:
                return -EIO;
        }
}

static int ack_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg) {
        struct nsnl *r = arg;

        r->kernel_error = e->error;
        return NL_STOP; /* libnl then returns its own code for it */
}

/* The result of one libnl call as 0 or a negative errno, the kernel's own
 * when it sent one. */
static int result(struct nsnl *r, int nlerr) {
        int k = r->kernel_error;

        r->kernel_error = 0;
        if (nlerr >= 0)
                return 0;
        return k < 0 ? k : nlerr_to_errno(nlerr);
}

/* Send MSG (always consumed) and wait for the kernel's ack. */
static int transact(struct nsnl *r, struct nl_msg *msg) {
        return result(r, nl_send_sync(r->sk, msg));
}

void nsnl_close(struct nsnl *r) {
        if (!r)
                return;
        if (r->sk)
                nl_socket_free(r->sk);
        if (r->netns_fd >= 0)
                close(r->netns_fd);
        free(r);
}

static void rtnl_closep(struct nsnl **r) {
        nsnl_close(*r);
}

int nsnl_open(int netns_fd, int host_netns_fd, struct nsnl **ret) {
        _cleanup_(rtnl_closep) struct nsnl *rt = NULL;

        if (netns_fd >= 0 && host_netns_fd < 0)
                return -EINVAL; /* no way back */

        rt = calloc(1, sizeof(*rt));
        if (!rt)
                return -ENOMEM;
        /* Keep a handle on the socket's namespace even when it is the
         * daemon's own, so that it can always be named as a veth peer's
         * target (IFLA_NET_NS_FD) from another namespace. */
        int keep = netns_fd >= 0 ? netns_fd : host_netns_fd;
        rt->netns_fd = keep >= 0 ? fcntl(keep, F_DUPFD_CLOEXEC, 3) : -1;
        if (keep >= 0 && rt->netns_fd < 0)
                return negative_errno();
        rt->sk = nl_socket_alloc();
        if (!rt->sk)
                return -ENOMEM;

        /* A netlink socket belongs to the namespace it was made in, for
         * good: make it there, then go straight back, whatever happened.
         * If even that fails there is nothing better to do than to say
         * so. */
        if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        int q = nl_connect(rt->sk, NETLINK_ROUTE);
        if (netns_fd >= 0 && setns(host_netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        if (q < 0)
                return nlerr_to_errno(q);

        /* libnl >= 3.2.25 makes it SOCK_CLOEXEC; older ones do not. */
        int sfd = nl_socket_get_fd(rt->sk);
        int flags = fcntl(sfd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC))
                (void)fcntl(sfd, F_SETFD, flags | FD_CLOEXEC);

        nl_socket_modify_err_cb(rt->sk, NL_CB_CUSTOM, ack_error, rt);
        *ret = TAKE_PTR(rt);
        return 0;
}

/* One RTM_GETLINK by name, not a dump of every link: with a thousand
 * interfaces a dump per call is what would make a topology slow. */
static int link_get(struct nsnl *r, const char *ifname, struct rtnl_link **ret) {
        struct rtnl_link *link = NULL;

        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        int q = result(r, rtnl_link_get_kernel(r->sk, 0, ifname, &link));
        if (q < 0)
                return q;
        if (!link)
                return -ENODEV;
        *ret = link;
        return 0;
}

static int link_index(struct nsnl *r, const char *ifname, int *ret_ifindex, unsigned *ret_mtu) {
        _cleanup_link_ struct rtnl_link *link = NULL;

        int q = link_get(r, ifname, &link);
        if (q < 0)
                return q;
        *ret_ifindex = rtnl_link_get_ifindex(link);
        if (ret_mtu)
                *ret_mtu = rtnl_link_get_mtu(link);
        return 0;
}

int nsnl_link_kind(struct nsnl *r, const char *ifname, char *kind, size_t size) {
        _cleanup_link_ struct rtnl_link *link = NULL;

        int q = link_get(r, ifname, &link);
        if (q == -ENODEV)
                return 0;
        if (q < 0)
                return q;
        const char *type = rtnl_link_get_type(link);
        snprintf(kind, size, "%s", type ? type : "");
        return 1;
}

int nsnl_link_exists(struct nsnl *r, const char *ifname) {
        _cleanup_link_ struct rtnl_link *link = NULL;

        int q = link_get(r, ifname, &link);
        if (q == -ENODEV)
                return 0;
        return q < 0 ? q : 1;
}

int nsnl_link_up(struct nsnl *r, const char *ifname) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct ifinfomsg ifi = {
                .ifi_family = AF_UNSPEC,
                .ifi_flags = IFF_UP,
                .ifi_change = IFF_UP,
        };

        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        /* RTM_NEWLINK without NLM_F_CREATE changes an existing link, found
         * by IFLA_IFNAME: one round trip, no lookup first. */
        msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 || nla_put_string(msg, IFLA_IFNAME, ifname) < 0)
                return -EMSGSIZE;
        return transact(r, TAKE_PTR(msg));
}

int nsnl_link_set_master(struct nsnl *r, const char *ifname, const char *master) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
        int master_index;

        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        int q = link_index(r, master, &master_index, NULL);
        if (q < 0)
                return q;
        msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 || nla_put_string(msg, IFLA_IFNAME, ifname) < 0 ||
            nla_put_u32(msg, IFLA_MASTER, (uint32_t)master_index) < 0)
                return -EMSGSIZE;
        return transact(r, TAKE_PTR(msg));
}

int nsnl_link_del(struct nsnl *r, const char *ifname) {
        _cleanup_link_ struct rtnl_link *link = rtnl_link_alloc();

        if (!link)
                return -ENOMEM;
        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        rtnl_link_set_name(link, ifname);
        int q = result(r, rtnl_link_delete(r->sk, link));
        return q == -ENODEV ? 0 : q;
}

int nsnl_bridge_add(struct nsnl *r, const char *name, unsigned mtu) {
        _cleanup_link_ struct rtnl_link *link = rtnl_link_alloc();

        if (!link)
                return -ENOMEM;
        if (!name || strlen(name) >= IFNAMSIZ)
                return -EINVAL;
        int q = rtnl_link_set_type(link, "bridge");
        if (q < 0)
                return nlerr_to_errno(q);
        rtnl_link_set_name(link, name);
        if (mtu > 0)
                rtnl_link_set_mtu(link, mtu);
        rtnl_link_set_flags(link, IFF_UP);
        return result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
}

/* A random, locally administered, unicast MAC as a libnl address. */
static int random_mac(struct nl_addr **ret) {
        uint8_t mac[6];
        size_t got = 0;

        while (got < sizeof(mac)) {
                ssize_t n = getrandom(mac + got, sizeof(mac) - got, 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                got += (size_t)n;
        }
        mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
        *ret = nl_addr_build(AF_LLC, mac, sizeof(mac));
        return *ret ? 0 : -ENOMEM;
}

static int set_random_mac(struct rtnl_link *link) {
        _cleanup_nl_addr_ struct nl_addr *mac = NULL;

        int q = random_mac(&mac);
        if (q < 0)
                return q;
        rtnl_link_set_addr(link, mac); /* takes its own reference */
        return 0;
}

int nsnl_veth_add(struct nsnl *r, const char *name, const char *master, struct nsnl *peer_ns, const char *peer,
                  unsigned mtu) {
        _cleanup_link_ struct rtnl_link *link = NULL;
        _cleanup_link_ struct rtnl_link *peer_link = NULL;
        int q;

        if (!name || strlen(name) >= IFNAMSIZ || !peer || strlen(peer) >= IFNAMSIZ || !peer_ns)
                return -EINVAL;

        link = rtnl_link_veth_alloc();
        if (!link)
                return -ENOMEM;
        peer_link = rtnl_link_veth_get_peer(link); /* a reference of our own */
        if (!peer_link)
                return -ENOMEM;

        rtnl_link_set_name(link, name);
        rtnl_link_set_name(peer_link, peer);
        /* The MACs are in the creation message so that the kernel marks
         * them as set (addr_assign_type 3): udev's MACAddressPolicy leaves
         * such links alone. */
        q = set_random_mac(link);
        if (q < 0)
                return q;
        q = set_random_mac(peer_link);
        if (q < 0)
                return q;
        if (mtu > 0) {
                rtnl_link_set_mtu(link, mtu);
                rtnl_link_set_mtu(peer_link, mtu);
        }
        /* Only NAME comes up in this message (the kernel enslaves it after
         * that).  IFF_UP in the peer's ifinfomsg fails the whole request
         * with ENOTCONN on recent kernels (seen on 6.18; `ip link add ...
         * type veth peer ... up` too): veth_newlink() opens the peer before
         * the two ends are linked.  The peer is brought up below. */
        rtnl_link_set_flags(link, IFF_UP);

        if (peer_ns != r && peer_ns->netns_fd >= 0)
                /* An fd of ours: the kernel resolves it in the sender's fd
                 * table.  Naming R's own namespace this way is harmless. */
                rtnl_link_set_ns_fd(peer_link, peer_ns->netns_fd);
        else if (peer_ns != r && r->netns_fd >= 0)
                return -EINVAL; /* no handle on the peer's namespace */

        if (master) {
                int master_index;

                q = link_index(r, master, &master_index, NULL);
                if (q < 0)
                        return q;
                rtnl_link_set_master(link, master_index);
        }

        q = result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
        if (q < 0)
                return q;
        q = nsnl_link_up(peer_ns, peer);
        if (q < 0)
                (void)nsnl_link_del(r, name); /* takes the peer with it */
        return q;
}

static int addr_size(int family) {
        switch (family) {
        case AF_INET:
                return 4;
        case AF_INET6:
                return 16;
        default:
                return -EAFNOSUPPORT;
        }
}

static int prefix_valid(const struct ip_prefix *p) {
        int size = addr_size(p->family);

        if (size < 0)
                return size;
        return p->len <= size * 8 ? size : -EINVAL;
}

/* ---- VXLAN ---------------------------------------------------------------- */

static int nl_addr_of(const struct ip_prefix *p, struct nl_addr **ret) {
        int size = addr_size(p->family);

        if (size < 0)
                return size;
        *ret = nl_addr_build(p->family, p->addr, (size_t)size);
        return *ret ? 0 : -ENOMEM;
}

int nsnl_vxlan_add(struct nsnl *r, const char *name, const struct nsnl_vxlan *vx, struct nsnl *target_ns,
                   const char *master) {
        _cleanup_link_ struct rtnl_link *link = rtnl_link_vxlan_alloc();
        _cleanup_nl_addr_ struct nl_addr *local = NULL;
        _cleanup_nl_addr_ struct nl_addr *remote = NULL;
        int q;

        if (!link)
                return -ENOMEM;
        if (!name || strlen(name) >= IFNAMSIZ || vx->vni == 0 || vx->vni > 0xffffff || vx->port == 0 ||
            vx->local.family != vx->remote.family)
                return -EINVAL;
        if ((q = nl_addr_of(&vx->local, &local)) < 0 || (q = nl_addr_of(&vx->remote, &remote)) < 0)
                return q;
        rtnl_link_set_name(link, name);
        /* The remote goes in IFLA_VXLAN_GROUP(6), as `ip link add ... type
         * vxlan remote ADDR` sends it: a unicast group is a remote. */
        if ((q = rtnl_link_vxlan_set_id(link, vx->vni)) < 0 || (q = rtnl_link_vxlan_set_local(link, local)) < 0 ||
            (q = rtnl_link_vxlan_set_group(link, remote)) < 0 || (q = rtnl_link_vxlan_set_port(link, vx->port)) < 0)
                return nlerr_to_errno(q);
        /* As for veths: a MAC set in the message is left alone by udev. */
        q = set_random_mac(link);
        if (q < 0)
                return q;
        if (vx->mtu > 0)
                rtnl_link_set_mtu(link, vx->mtu);
        rtnl_link_set_flags(link, IFF_UP);

        if (!target_ns)
                target_ns = r;
        if (target_ns != r) {
                /* The kernel keeps the VXLAN's socket in the namespace of
                 * the request (R's) and puts the interface in this one. */
                if (target_ns->netns_fd < 0)
                        return -EINVAL;
                rtnl_link_set_ns_fd(link, target_ns->netns_fd);
        }
        if (master) {
                int master_index;

                q = link_index(target_ns, master, &master_index, NULL);
                if (q < 0)
                        return q;
                rtnl_link_set_master(link, master_index);
        }
        return result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
}

/* ---- route lookups --------------------------------------------------------- */

struct route_answer {
        bool got;
        uint8_t type;
        uint32_t oif, mtu;
};

static int route_answer_parse(struct nl_msg *msg, void *arg) {
        struct route_answer *a = arg;
        struct nlmsghdr *nlh = nlmsg_hdr(msg);
        struct nlattr *tb[RTA_MAX + 1], *mx[RTAX_MAX + 1];

        if (nlh->nlmsg_type != RTM_NEWROUTE || nlmsg_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX, NULL) < 0)
                return NL_SKIP;
        a->type = ((const struct rtmsg *)nlmsg_data(nlh))->rtm_type;
        if (tb[RTA_OIF])
                a->oif = nla_get_u32(tb[RTA_OIF]);
        if (tb[RTA_METRICS] && nla_parse_nested(mx, RTAX_MAX, tb[RTA_METRICS], NULL) == 0 && mx[RTAX_MTU])
                a->mtu = nla_get_u32(mx[RTAX_MTU]);
        a->got = true;
        return NL_OK;
}

int nsnl_route_get(struct nsnl *r, const struct ip_prefix *dst, struct nsnl_route_info *ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct route_answer a = { 0 };
        struct nl_cb *cb, *orig;
        int q, size = addr_size(dst->family);

        if (size < 0)
                return size;
        /* RTM_GETROUTE for one address, as `ip route get ADDR`. */
        struct rtmsg rtm = {
                .rtm_family = (unsigned char)dst->family,
                .rtm_dst_len = (unsigned char)(size * 8),
        };
        msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 || nla_put(msg, RTA_DST, size, dst->addr) < 0)
                return -EMSGSIZE;
        orig = nl_socket_get_cb(r->sk);
        cb = orig ? nl_cb_clone(orig) : NULL;
        nl_cb_put(orig);
        if (!cb)
                return -ENOMEM;
        nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, route_answer_parse, &a);
        q = nl_send_auto(r->sk, msg);
        if (q >= 0)
                q = nl_recvmsgs(r->sk, cb);
        nl_cb_put(cb);
        q = result(r, q);
        if (q < 0)
                return q;
        /* The answer, then the ack (libnl asks for one). */
        q = result(r, nl_wait_for_ack(r->sk));
        if (q < 0)
                return q;
        if (!a.got)
                return -EIO;

        *ret = (struct nsnl_route_info){ .local = a.type == RTN_LOCAL, .mtu = a.mtu };
        if (!ret->mtu && a.oif) {
                _cleanup_link_ struct rtnl_link *link = NULL;

                q = result(r, rtnl_link_get_kernel(r->sk, (int)a.oif, NULL, &link));
                if (q == 0 && link)
                        ret->mtu = rtnl_link_get_mtu(link);
        }
        return 0;
}

/* Addresses by hand as well: libnl's nsnl_addr_add() has the same name as
 * ours (see rtnl.h), so its header cannot be included here. */
static int addr_msg(struct nsnl *r, int type, int flags, const char *ifname, const struct ip_prefix *addr,
                    struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex;

        int size = prefix_valid(addr);
        if (size < 0)
                return size;
        int q = link_index(r, ifname, &ifindex, NULL);
        if (q < 0)
                return q;

        struct ifaddrmsg ifa = {
                .ifa_family = (unsigned char)addr->family,
                .ifa_prefixlen = addr->len,
                .ifa_scope = RT_SCOPE_UNIVERSE,
                .ifa_index = (unsigned)ifindex,
        };
        msg = nlmsg_alloc_simple(type, flags);
        if (!msg)
                return -ENOMEM;
        /* IFA_LOCAL and IFA_ADDRESS alike, as `ip address` sends them for
         * an address without a peer. */
        if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
            nla_put(msg, IFA_LOCAL, size, addr->addr) < 0 || nla_put(msg, IFA_ADDRESS, size, addr->addr) < 0)
                return -EMSGSIZE;
        *ret = TAKE_PTR(msg);
        return 0;
}

int nsnl_addr_add(struct nsnl *r, const char *ifname, const struct ip_prefix *addr) {
        struct nl_msg *msg;

        int q = addr_msg(r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifname, addr, &msg);
        if (q < 0)
                return q;
        return transact(r, msg);
}

int nsnl_addr_del(struct nsnl *r, const char *ifname, const struct ip_prefix *addr) {
        struct nl_msg *msg;

        int q = addr_msg(r, RTM_DELADDR, 0, ifname, addr, &msg);
        if (q >= 0)
                q = transact(r, msg);
        return q;
}

/* Routes are put together by hand: libnl's route object fills in a
 * protocol and guesses a scope even for a delete, which would then miss
 * routes that others made. */
static int route_msg(struct nsnl *r, int type, int flags, const struct ip_prefix *dst, const struct ip_prefix *gw,
                     const char *dev, struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex = 0, q;

        int size = prefix_valid(dst);
        if (size < 0)
                return size;
        if (gw && (gw->family != dst->family))
                return -EINVAL;
        if (!gw && !dev && type == RTM_NEWROUTE)
                return -EINVAL;
        if (dev) {
                q = link_index(r, dev, &ifindex, NULL);
                if (q < 0)
                        return q;
        }

        struct rtmsg rtm = {
                .rtm_family = (unsigned char)dst->family,
                .rtm_dst_len = dst->len,
                .rtm_table = RT_TABLE_MAIN,
        };
        if (type == RTM_NEWROUTE) {
                rtm.rtm_protocol = RTPROT_STATIC;
                rtm.rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
                rtm.rtm_type = RTN_UNICAST;
        } else {
                /* Wildcards, as `ip route del` sends them: delete the
                 * route named whoever made it. */
                rtm.rtm_protocol = RTPROT_UNSPEC;
                rtm.rtm_scope = RT_SCOPE_NOWHERE;
                rtm.rtm_type = RTN_UNSPEC;
        }

        msg = nlmsg_alloc_simple(type, flags);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0)
                return -EMSGSIZE;
        if (dst->len > 0 && nla_put(msg, RTA_DST, size, dst->addr) < 0)
                return -EMSGSIZE;
        if (gw && nla_put(msg, RTA_GATEWAY, size, gw->addr) < 0)
                return -EMSGSIZE;
        if (ifindex > 0 && nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0)
                return -EMSGSIZE;
        *ret = TAKE_PTR(msg);
        return 0;
}

int nsnl_route_add(struct nsnl *r, const struct ip_prefix *dst, const struct ip_prefix *gw, const char *dev) {
        struct nl_msg *msg;

        int q = route_msg(r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, dst, gw, dev, &msg);
        if (q < 0)
                return q;
        return transact(r, msg);
}

int nsnl_route_del(struct nsnl *r, const struct ip_prefix *dst, const struct ip_prefix *gw, const char *dev) {
        struct nl_msg *msg;

        int q = route_msg(r, RTM_DELROUTE, 0, dst, gw, dev, &msg);
        if (q >= 0)
                q = transact(r, msg);
        return q;
}

/* Kernel ticks for qdisc times are 64 ns (PSCHED_SHIFT 6) on every kernel
 * since 2.6.31. */
static uint32_t ns_to_ticks(uint64_t ns) {
        uint64_t t = ns >> 6;
        return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

static uint32_t clamp_u32(uint64_t v) {
        return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int qdisc_msg(int type, int flags, int ifindex, const char *kind, struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct tcmsg tcm = {
                .tcm_family = AF_UNSPEC,
                .tcm_ifindex = ifindex,
                .tcm_parent = TC_H_ROOT,
        };

        msg = nlmsg_alloc_simple(type, flags);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &tcm, sizeof(tcm), NLMSG_ALIGNTO) < 0)
                return -EMSGSIZE;
        if (kind && nla_put_string(msg, TCA_KIND, kind) < 0)
                return -EMSGSIZE;
        *ret = TAKE_PTR(msg);
        return 0;
}

/* netem by hand: libnl 3.7's netem has no rate, and netem's TCA_OPTIONS is
 * a struct followed by attributes, which is easy to write directly. */
static int put_netem(struct nl_msg *msg, const struct nsnl_shaping *s) {
        uint64_t rate = s->rate_bps / 8;
        struct tc_netem_qopt qopt = {
                .latency = ns_to_ticks((uint64_t)s->delay_us * 1000),
                .jitter = ns_to_ticks((uint64_t)s->jitter_us * 1000),
                .limit = 1000, /* packets; tc's default */
                /* Probability as a fraction of UINT32_MAX. */
                .loss = (uint32_t)(((uint64_t)s->loss_ppm * UINT32_MAX + 500000) / 1000000),
        };
        /* Sent even when zero: changing a netem in place keeps whatever
         * an attribute left out had been set to before. */
        struct tc_netem_corr corr = { 0 };
        struct tc_netem_rate nrate = { .rate = clamp_u32(rate) };

        struct nlattr *opts = nla_nest_start(msg, TCA_OPTIONS);
        if (!opts || nlmsg_append(msg, &qopt, sizeof(qopt), NLMSG_ALIGNTO) < 0 ||
            nla_put(msg, TCA_NETEM_CORR, sizeof(corr), &corr) < 0 ||
            nla_put(msg, TCA_NETEM_RATE, sizeof(nrate), &nrate) < 0 ||
            (rate > UINT32_MAX && nla_put_u64(msg, TCA_NETEM_RATE64, rate) < 0) ||
            nla_put_s64(msg, TCA_NETEM_LATENCY64, (int64_t)s->delay_us * 1000) < 0 ||
            nla_put_s64(msg, TCA_NETEM_JITTER64, (int64_t)s->jitter_us * 1000) < 0)
                return -EMSGSIZE;
        nla_nest_end(msg, opts);
        return 0;
}

/* tbf with a 50 ms queue, as `tc ... tbf rate R burst B latency 50ms`. */
static int put_tbf(struct nl_msg *msg, const struct nsnl_shaping *s, unsigned mtu) {
        uint64_t rate = s->rate_bps / 8;
        if (rate == 0)
                return -EINVAL;
        /* A burst of at least one full frame, and about 4 ms worth at
         * high rates so that timer granularity does not cap throughput. */
        uint64_t burst = rate / 250;
        if (burst < (uint64_t)mtu + 64)
                burst = (uint64_t)mtu + 64;
        if (burst < 1600)
                burst = 1600;
        burst = clamp_u32(burst);
        uint64_t limit = clamp_u32(rate / 20 + burst);

        struct tc_tbf_qopt qopt = {
                .rate = {
                        .rate = clamp_u32(rate),
                        /* Ethernet: the kernel then needs no rate table. */
                        .linklayer = TC_LINKLAYER_ETHERNET,
                },
                .limit = (uint32_t)limit,
                .buffer = ns_to_ticks(burst * 1000000000ull / rate),
        };

        struct nlattr *opts = nla_nest_start(msg, TCA_OPTIONS);
        if (!opts || nla_put(msg, TCA_TBF_PARMS, sizeof(qopt), &qopt) < 0 ||
            nla_put_u32(msg, TCA_TBF_BURST, (uint32_t)burst) < 0 ||
            (rate > UINT32_MAX && nla_put_u64(msg, TCA_TBF_RATE64, rate) < 0))
                return -EMSGSIZE;
        nla_nest_end(msg, opts);
        return 0;
}

int nsnl_shaping_set(struct nsnl *r, const char *ifname, const struct nsnl_shaping *s) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        unsigned mtu;
        int ifindex, q;

        if (s->jitter_us > 0 && s->delay_us == 0)
                return -EINVAL;
        if (s->loss_ppm > 1000000)
                return -EINVAL;
        bool netem = s->delay_us > 0 || s->loss_ppm > 0;
        if (!netem && s->rate_bps == 0)
                return nsnl_shaping_clear(r, ifname);

        q = link_index(r, ifname, &ifindex, &mtu);
        if (q < 0)
                return q;
        /* NLM_F_REPLACE: swaps out whatever root qdisc is there, of any
         * kind, in one step. */
        q = qdisc_msg(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex, netem ? "netem" : "tbf", &msg);
        if (q < 0)
                return q;
        q = netem ? put_netem(msg, s) : put_tbf(msg, s, mtu);
        if (q < 0)
                return q;
        q = transact(r, TAKE_PTR(msg));
        /* ENOENT here is "unknown qdisc kind": a kernel built without
         * sch_netem or sch_tbf. */
        return q == -ENOENT ? -EOPNOTSUPP : q;
}

int nsnl_shaping_clear(struct nsnl *r, const char *ifname) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex;

        int q = link_index(r, ifname, &ifindex, NULL);
        if (q == -ENODEV)
                return 0;
        if (q < 0)
                return q;
        q = qdisc_msg(RTM_DELQDISC, 0, ifindex, NULL, &msg);
        if (q < 0)
                return q;
        q = transact(r, TAKE_PTR(msg));
        /* The default root qdisc has handle 0 and cannot be deleted: the
         * kernel says ENOENT (older kernels EINVAL).  Either way nothing
         * of ours is there. */
        if (q == -ENOENT || q == -EINVAL || q == -ENODEV)
                return 0;
        return q;
}

static int sysctl_path(const char *key, char *buf, size_t size) {
        if (strncmp(key, "net.", 4) != 0 || strchr(key, '/') || strstr(key, "..") || key[strlen(key) - 1] == '.')
                return -EINVAL;
        int n = snprintf(buf, size, "/proc/sys/%s", key);
        if (n < 0 || (size_t)n >= size)
                return -ENAMETOOLONG;
        for (char *p = buf + strlen("/proc/sys/"); *p; p++)
                if (*p == '.')
                        *p = '/';
        return 0;
}

int nsnl_sysctl_set(struct nsnl *r, int host_netns_fd, const char *key, const char *value, char *old,
                    size_t old_size) {
        _cleanup_close_ int fd = -1;
        char path[PATH_MAX], buf[4096];
        int q;

        q = sysctl_path(key, path, sizeof(path));
        if (q < 0)
                return q;
        if (r->netns_fd >= 0 && host_netns_fd < 0)
                return -EINVAL;

        /* /proc/sys/net shows the namespace of whoever opens it, and the
         * open file stays bound to it: only the open needs the setns. */
        if (r->netns_fd >= 0 && setns(r->netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        q = fd < 0 ? negative_errno() : 0;
        if (r->netns_fd >= 0 && setns(host_netns_fd, CLONE_NEWNET) < 0)
                return negative_errno();
        if (q < 0)
                return q;

        /* pread and pwrite at 0: sysctl files ignore writes at an offset. */
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        if (n < 0)
                return negative_errno();
        buf[n] = '\0';
        if (n > 0 && buf[n - 1] == '\n')
                buf[--n] = '\0';
        if (old) {
                /* Checked before the write, so a value that could not be
                 * restored is never changed. */
                if ((size_t)n >= old_size)
                        return -ERANGE;
                memcpy(old, buf, (size_t)n + 1);
        }

        size_t len = strlen(value);
        ssize_t w = pwrite(fd, value, len, 0);
        if (w < 0)
                return negative_errno();
        return (size_t)w == len ? 0 : -EIO;
}
