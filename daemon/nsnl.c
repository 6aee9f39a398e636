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
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/vxlan.h>
#include <netlink/socket.h>

#include "util.h"
#include "nsnl-private.h"

/* For errors libnl makes up itself (allocation, message size) and for the
 * few paths where it swallows the kernel's errno (rtnl_link_get_kernel). */
int nsnl_errno(int nlerr) {
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
int nsnl_result(struct nsnl *r, int nlerr) {
        int k = r->kernel_error;

        r->kernel_error = 0;
        if (nlerr >= 0)
                return 0;
        return k < 0 ? k : nsnl_errno(nlerr);
}

/* Send MSG (always consumed) and wait for the kernel's ack. */
int nsnl_transact(struct nsnl *r, struct nl_msg *msg) {
        return nsnl_result(r, nl_send_sync(r->sk, msg));
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
                return nsnl_errno(q);

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
        int q = nsnl_result(r, rtnl_link_get_kernel(r->sk, 0, ifname, &link));
        if (q < 0)
                return q;
        if (!link)
                return -ENODEV;
        *ret = link;
        return 0;
}

int nsnl_link_index(struct nsnl *r, const char *ifname, int *ret_ifindex, unsigned *ret_mtu) {
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
        return nsnl_transact(r, TAKE_PTR(msg));
}

int nsnl_link_set_master(struct nsnl *r, const char *ifname, const char *master) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
        int master_index;

        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        int q = nsnl_link_index(r, master, &master_index, NULL);
        if (q < 0)
                return q;
        msg = nlmsg_alloc_simple(RTM_NEWLINK, 0);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 || nla_put_string(msg, IFLA_IFNAME, ifname) < 0 ||
            nla_put_u32(msg, IFLA_MASTER, (uint32_t)master_index) < 0)
                return -EMSGSIZE;
        return nsnl_transact(r, TAKE_PTR(msg));
}

int nsnl_link_del(struct nsnl *r, const char *ifname) {
        _cleanup_link_ struct rtnl_link *link = rtnl_link_alloc();

        if (!link)
                return -ENOMEM;
        if (!ifname || strlen(ifname) >= IFNAMSIZ)
                return -EINVAL;
        rtnl_link_set_name(link, ifname);
        int q = nsnl_result(r, rtnl_link_delete(r->sk, link));
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
                return nsnl_errno(q);
        rtnl_link_set_name(link, name);
        if (mtu > 0)
                rtnl_link_set_mtu(link, mtu);
        rtnl_link_set_flags(link, IFF_UP);
        return nsnl_result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
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

                q = nsnl_link_index(r, master, &master_index, NULL);
                if (q < 0)
                        return q;
                rtnl_link_set_master(link, master_index);
        }

        q = nsnl_result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
        if (q < 0)
                return q;
        q = nsnl_link_up(peer_ns, peer);
        if (q < 0)
                (void)nsnl_link_del(r, name); /* takes the peer with it */
        return q;
}

int nsnl_addr_size(int family) {
        switch (family) {
        case AF_INET:
                return 4;
        case AF_INET6:
                return 16;
        default:
                return -EAFNOSUPPORT;
        }
}

int nsnl_prefix_valid(const struct ip_prefix *p) {
        int size = nsnl_addr_size(p->family);

        if (size < 0)
                return size;
        return p->len <= size * 8 ? size : -EINVAL;
}

/* ---- VXLAN ---------------------------------------------------------------- */

static int nl_addr_of(const struct ip_prefix *p, struct nl_addr **ret) {
        int size = nsnl_addr_size(p->family);

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
                return nsnl_errno(q);
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

                q = nsnl_link_index(target_ns, master, &master_index, NULL);
                if (q < 0)
                        return q;
                rtnl_link_set_master(link, master_index);
        }
        return nsnl_result(r, rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
}
