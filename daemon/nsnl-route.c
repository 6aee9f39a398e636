/* Addresses and routes: RTM_{NEW,DEL}ADDR, RTM_{NEW,DEL,GET}ROUTE. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/rtnetlink.h>

#include "nsnl-private.h"
#include "util.h"

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
        int q, size = nsnl_addr_size(dst->family);

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
        q = nsnl_result(r, q);
        if (q < 0)
                return q;
        /* The answer, then the ack (libnl asks for one). */
        q = nsnl_result(r, nl_wait_for_ack(r->sk));
        if (q < 0)
                return q;
        if (!a.got)
                return -EIO;

        *ret = (struct nsnl_route_info){ .local = a.type == RTN_LOCAL, .mtu = a.mtu };
        if (!ret->mtu && a.oif) {
                _cleanup_link_ struct rtnl_link *link = NULL;

                q = nsnl_result(r, rtnl_link_get_kernel(r->sk, (int)a.oif, NULL, &link));
                if (q == 0 && link)
                        ret->mtu = rtnl_link_get_mtu(link);
        }
        return 0;
}

/* Addresses by hand as well, as `ip address` sends them: one message, the
 * link found by name first. */
static int addr_msg(struct nsnl *r, int type, int flags, const char *ifname, const struct ip_prefix *addr,
                    struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex;

        int size = nsnl_prefix_valid(addr);
        if (size < 0)
                return size;
        int q = nsnl_link_index(r, ifname, &ifindex, NULL);
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
        return nsnl_transact(r, msg);
}

int nsnl_addr_del(struct nsnl *r, const char *ifname, const struct ip_prefix *addr) {
        struct nl_msg *msg;

        int q = addr_msg(r, RTM_DELADDR, 0, ifname, addr, &msg);
        if (q >= 0)
                q = nsnl_transact(r, msg);
        return q;
}

/* Routes are put together by hand: libnl's route object fills in a
 * protocol and guesses a scope even for a delete, which would then miss
 * routes that others made. */
static int route_msg(struct nsnl *r, int type, int flags, const struct ip_prefix *dst, const struct ip_prefix *gw,
                     const char *dev, struct nl_msg **ret) {
        _cleanup_nl_msg_ struct nl_msg *msg = NULL;
        int ifindex = 0, q;

        int size = nsnl_prefix_valid(dst);
        if (size < 0)
                return size;
        if (gw && (gw->family != dst->family))
                return -EINVAL;
        if (!gw && !dev && type == RTM_NEWROUTE)
                return -EINVAL;
        if (dev) {
                q = nsnl_link_index(r, dev, &ifindex, NULL);
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
        return nsnl_transact(r, msg);
}

int nsnl_route_del(struct nsnl *r, const struct ip_prefix *dst, const struct ip_prefix *gw, const char *dev) {
        struct nl_msg *msg;

        int q = route_msg(r, RTM_DELROUTE, 0, dst, gw, dev, &msg);
        if (q >= 0)
                q = nsnl_transact(r, msg);
        return q;
}
