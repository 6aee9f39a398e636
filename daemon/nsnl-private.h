/* What the nsnl-*.c files share: the handle and libnl helpers.  Not for
 * anyone else: the rest of the daemon sees struct nsnl as opaque. */
#pragma once

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "nsnl.h"

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

static inline void nl_msg_freep(struct nl_msg **m) {
        if (*m)
                nlmsg_free(*m);
}
static inline void rtnl_link_putp(struct rtnl_link **l) {
        if (*l)
                rtnl_link_put(*l);
}
static inline void nl_addr_putp(struct nl_addr **a) {
        if (*a)
                nl_addr_put(*a);
}

#define _cleanup_nl_msg_    _cleanup_(nl_msg_freep)
#define _cleanup_link_      _cleanup_(rtnl_link_putp)
#define _cleanup_nl_addr_   _cleanup_(nl_addr_putp)

/* libnl's error code as a negative errno. */
int nsnl_errno(int nlerr);
/* The result of one libnl call as 0 or a negative errno, the kernel's own
 * when it sent one. */
int nsnl_result(struct nsnl *r, int nlerr);
/* Send MSG (always consumed) and wait for the kernel's ack. */
int nsnl_transact(struct nsnl *r, struct nl_msg *msg);
/* IFNAME's index (and MTU, if RET_MTU) by one RTM_GETLINK. */
int nsnl_link_index(struct nsnl *r, const char *ifname, int *ret_ifindex, unsigned *ret_mtu);
/* The address size of FAMILY in bytes, or -EAFNOSUPPORT. */
int nsnl_addr_size(int family);
/* P's address size if its length fits its family, else a negative errno. */
int nsnl_prefix_valid(const struct ip_prefix *p);
