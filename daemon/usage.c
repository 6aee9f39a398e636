#include "usage.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include "nsstore.h"
#include "util.h"

/* The veth interfaces in the network namespace NETNS_FD.  The socket is
 * made there and the daemon goes straight back (as nsnl_open does). */
static int count_veths(int netns_fd, int host_netns_fd, size_t *ret) {
        struct nl_sock *sk = nl_socket_alloc();
        struct nl_cache *cache = NULL;
        int r = 0;

        if (!sk)
                return -ENOMEM;
        if (setns(netns_fd, CLONE_NEWNET) < 0) {
                r = negative_errno();
                goto out;
        }
        int q = nl_connect(sk, NETLINK_ROUTE);
        if (setns(host_netns_fd, CLONE_NEWNET) < 0) {
                r = negative_errno();
                goto out;
        }
        if (q < 0 || rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache) < 0) {
                r = -EIO;
                goto out;
        }
        *ret = 0;
        for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
                const char *type = rtnl_link_get_type((struct rtnl_link *)o);
                *ret += type && strcmp(type, "veth") == 0;
        }
out:
        if (cache)
                nl_cache_free(cache);
        nl_socket_free(sk);
        return r;
}

int usage_get(struct nsstore *st, uid_t uid, bool links, struct usage *ret) {
        struct ns_set **sets;
        size_t n;
        int r = nsstore_list(st, &sets, &n);

        if (r < 0)
                return r;
        *ret = (struct usage){ 0 };
        for (size_t i = 0; i < n && r >= 0; i++) {
                if (sets[i]->owner_uid != uid)
                        continue;
                ret->sets++;
                if (!links || !(sets[i]->types & NS_TYPE_BIT(NS_TYPE_NET)))
                        continue;
                _cleanup_close_ int fd = nsstore_open_ns(st, sets[i]->name, NS_TYPE_NET);
                size_t k = 0;
                /* A set whose namespace is gone (broken) has no links. */
                if (fd >= 0 && (r = count_veths(fd, st->host_netns_fd, &k)) >= 0)
                        ret->links += k;
        }
        free(sets);
        return r;
}
