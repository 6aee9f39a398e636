/* io.nsctl.Network: one network change per call, straight to rtnl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "daemon.h"
#include "dispatch.h"
#include "ip-prefix.h"
#include "log.h"
#include "names.h"
#include "nat.h"
#include "nsnl.h"
#include "topology.h"
#include "util.h"
#include "varlink-errors.h"

#define MAX_ADDRESSES 64

static int invalid(struct request *req, const char *parameter, const char *reason) {
        json_object *p = json_object_new_object();
        json_object_object_add(p, "parameter", json_object_new_string(parameter));
        json_object_object_add(p, "reason", json_object_new_string(reason));
        return reply_error(req, NSCTL_ERROR_NET_INVALID, p);
}

static int not_found(struct request *req, const char *what, const char *name) {
        json_object *p = json_object_new_object();
        json_object_object_add(p, "what", json_object_new_string(what));
        json_object_object_add(p, "name", json_object_new_string(name));
        return reply_error(req, NSCTL_ERROR_NET_NOT_FOUND, p);
}

/* The kernel's refusals: the caller named something that is not there,
 * or asked for something that cannot be; both are the caller's to fix. */
static int kernel_error(struct request *req, int r, const char *ifname) {
        if (r == -ENODEV)
                return not_found(req, "interface", ifname ? ifname : "?");
        const char *why = r == -EEXIST ? "already exists" : strerror(-r);
        return reply_error_str(req, NSCTL_ERROR_NET_FAILED, "reason", why);
}

static const char *param_str(struct request *req, const char *name) {
        return vl_params_string(req->call->parameters, name);
}

/* Open a route socket in NS (NULL or "host": the daemon's own
 * namespace); PARAM names the parameter it came from, for errors.
 * Returns 1 with *RET, or 0 after replying. */
static int open_ns(struct request *req, const char *param, const char *ns, struct nsnl **ret) {
        struct nsstore *st = &req->daemon->store;
        _cleanup_close_ int fd = -1;
        const char *reason;

        if (ns && strcmp(ns, "host") != 0) {
                if (nsctl_name_check(ns, strlen(ns), &reason) < 0)
                        return invalid(req, param, reason);
                struct ns_set *set = nsstore_find(st, ns);
                if (!set)
                        return not_found(req, "namespace", ns);
                if (!(set->types & NS_TYPE_BIT(NS_TYPE_NET)))
                        return invalid(req, param, "the set has no net namespace");
                fd = nsstore_open_ns(st, ns, NS_TYPE_NET);
                if (fd < 0)
                        return reply_error_str(req, NSCTL_ERROR_NET_FAILED, "reason", "the set's net namespace is gone");
        }
        int r = nsnl_open(fd, st->host_netns_fd, ret);
        if (r < 0)
                return kernel_error(req, r, NULL);
        return 1;
}

/* Where the parameter PARAM says. */
static int open_where(struct request *req, const char *param, struct nsnl **ret) {
        return open_ns(req, param, param_str(req, param), ret);
}

/* An interface-name parameter; NULL after replying.  lo is refused where
 * something would be made or deleted by that name. */
static const char *get_ifname_lo(struct request *req, const char *param, bool required, bool allow_lo) {
        const char *s = param_str(req, param), *reason;
        if (!s) {
                if (required)
                        invalid(req, param, "missing");
                return NULL;
        }
        if (nsctl_ifname_check(s, strlen(s), &reason) < 0 || (!allow_lo && strcmp(s, "lo") == 0)) {
                invalid(req, param, strcmp(s, "lo") == 0 ? "lo cannot be used here" : reason);
                return NULL;
        }
        return s;
}

static const char *get_ifname(struct request *req, const char *param, bool required) {
        return get_ifname_lo(req, param, required, false);
}

/* An array of CIDRs; returns the count, or -1 after replying. */
static int get_addresses(struct request *req, const char *param, struct ip_prefix *out) {
        json_object *arr;
        const char *reason;
        if (!json_object_object_get_ex(req->call->parameters, param, &arr) || json_object_is_type(arr, json_type_null))
                return 0;
        size_t n = json_object_array_length(arr);
        if (n > MAX_ADDRESSES) {
                invalid(req, param, "too many addresses");
                return -1;
        }
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                if (!json_object_is_type(e, json_type_string) ||
                    ip_prefix_parse(json_object_get_string(e), &out[i], &reason) < 0) {
                        invalid(req, param, json_object_is_type(e, json_type_string) ? reason : "not a string");
                        return -1;
                }
        }
        return (int)n;
}

static int get_mtu(struct request *req, unsigned *ret) {
        json_object *v;
        *ret = 0;
        if (!json_object_object_get_ex(req->call->parameters, "mtu", &v) || json_object_is_type(v, json_type_null))
                return 0;
        int64_t m = json_object_get_int64(v);
        if (m < 68 || m > 65535) {
                invalid(req, "mtu", "must be 68..65535");
                return -1;
        }
        *ret = (unsigned)m;
        return 0;
}

static int add_bridge(struct request *req) {
        struct ip_prefix addrs[MAX_ADDRESSES];
        struct nsnl *r;
        unsigned mtu;
        const char *name = get_ifname(req, "name", true);
        if (!name)
                return 0;
        int n = get_addresses(req, "addresses", addrs);
        json_object *v;
        bool nat = json_object_object_get_ex(req->call->parameters, "nat", &v) && json_object_get_boolean(v);
        const char *where = param_str(req, "namespace");
        int n4 = 0;
        for (int i = 0; i < n; i++)
                n4 += addrs[i].family == AF_INET;
        if (nat && where && strcmp(where, "host") != 0)
                return invalid(req, "nat", "NAT is for bridges in the host");
        if (nat && n4 == 0)
                return invalid(req, "nat", "needs an IPv4 address on the bridge (--addr)");
        if (n < 0 || get_mtu(req, &mtu) < 0 || !open_where(req, "namespace", &r))
                return 0;
        int k = nsnl_bridge_add(r, name, mtu);
        bool made = k >= 0;
        for (int i = 0; k >= 0 && i < n; i++)
                k = nsnl_addr_add(r, name, &addrs[i]);
        char undo[16];
        for (int i = 0; k >= 0 && nat && i < n; i++)
                if (addrs[i].family == AF_INET)
                        k = nat_add(name, &addrs[i], undo, sizeof(undo));
        if (k < 0) {
                /* Undo only what this call made: an existing bridge of
                 * that name is someone else's. */
                if (made && nat)
                        (void)nat_del_bridge(name);
                if (made)
                        (void)nsnl_link_del(r, name);
                nsnl_close(r);
                return kernel_error(req, k, name);
        }
        nsnl_close(r);
        log_change("io.nsctl.Network.AddBridge", param_str(req, "namespace"), req->peer->uid, "Added bridge %s", name);
        return reply(req, NULL);
}

/* Delete the interface named by parameter WHAT, which must be of KIND. */
static int del_iface(struct request *req, const char *method, const char *what, const char *want) {
        struct nsnl *r;
        char kind[32];
        const char *name = get_ifname(req, what, true);
        if (!name || !open_where(req, "namespace", &r))
                return 0;
        int k = nsnl_link_kind(r, name, kind, sizeof(kind));
        if (k == 0) {
                nsnl_close(r);
                return not_found(req, want, name);
        }
        if (k > 0 && strcmp(kind, want) != 0) {
                nsnl_close(r);
                return invalid(req, what, strcmp(want, "bridge") == 0 ? "not a bridge" : "not a veth");
        }
        if (k > 0 && strcmp(want, "bridge") == 0) {
                const char *where = param_str(req, "namespace");
                if (!where || strcmp(where, "host") == 0)
                        k = nat_del_bridge(name); /* its NAT, if it has one */
        }
        if (k >= 0)
                k = nsnl_link_del(r, name);
        nsnl_close(r);
        if (k < 0)
                return kernel_error(req, k, name);
        log_change(method, param_str(req, "namespace"), req->peer->uid, "Deleted interface %s", name);
        return reply(req, NULL);
}

static int delete_bridge(struct request *req) {
        return del_iface(req, "io.nsctl.Network.DeleteBridge", "name", "bridge");
}

static int delete_link(struct request *req) {
        return del_iface(req, "io.nsctl.Network.DeleteLink", "ifname", "veth");
}

static bool is_kind(struct nsnl *r, const char *ifname, const char *want) {
        char kind[32];
        return nsnl_link_kind(r, ifname, kind, sizeof(kind)) > 0 && strcmp(kind, want) == 0;
}

/* One end of AddLink: "host", a set, or a bridge in the host. */
struct end {
        const char *set;    /* NULL: the host */
        const char *bridge; /* a port of this host bridge */
        char ifname[NSCTL_IFNAME_MAX + 1];
        struct nsnl *r;
};

static int resolve_end(struct request *req, const char *param, const char *ifparam, struct end *e,
                       struct nsnl *host) {
        const char *v = param_str(req, param), *reason;
        if (!v)
                return invalid(req, param, "missing");
        *e = (struct end){ 0 };
        if (strcmp(v, "host") != 0) {
                if (nsctl_name_check(v, strlen(v), &reason) < 0)
                        return invalid(req, param, reason);
                if (nsstore_find(&req->daemon->store, v))
                        e->set = v;
                else if (strlen(v) <= NSCTL_IFNAME_MAX && is_kind(host, v, "bridge"))
                        e->bridge = v;
                else
                        return not_found(req, "namespace set or bridge", v);
        }
        const char *ifn = param_str(req, ifparam);
        if (ifn) {
                if (nsctl_ifname_check(ifn, strlen(ifn), &reason) < 0 || strcmp(ifn, "lo") == 0)
                        return invalid(req, ifparam, strcmp(ifn, "lo") == 0 ? "lo cannot be used here" : reason);
                snprintf(e->ifname, sizeof(e->ifname), "%s", ifn);
        }
        if (e->set)
                return open_ns(req, param, e->set, &e->r);
        return 1;
}

/* Default names: eth0, eth1, ... in a set; "SET-IF" (or "nsv" and a
 * counter when that is too long or taken) for host and bridge ends. */
static void default_names(struct end *a, struct end *b, struct nsnl *host) {
        struct end *ends[2] = { a, b };
        for (int i = 0; i < 2; i++)
                if (!ends[i]->ifname[0] && ends[i]->set)
                        for (int k = 0; k < 1000; k++) {
                                snprintf(ends[i]->ifname, sizeof(ends[i]->ifname), "eth%d", k);
                                if (nsnl_link_exists(ends[i]->r, ends[i]->ifname) == 0)
                                        break;
                        }
        for (int i = 0; i < 2; i++) {
                struct end *e = ends[i], *o = ends[1 - i];
                if (e->ifname[0])
                        continue;
                if (o->set && strlen(o->set) + 1 + strlen(o->ifname) <= NSCTL_IFNAME_MAX) {
                        char name[NSCTL_NAME_MAX + NSCTL_IFNAME_MAX + 2];
                        snprintf(name, sizeof(name), "%s-%s", o->set, o->ifname);
                        memcpy(e->ifname, name, strlen(name) + 1);
                        if (nsnl_link_exists(host, e->ifname) == 0)
                                continue;
                }
                for (int k = 0; k < 100000; k++) {
                        snprintf(e->ifname, sizeof(e->ifname), "nsv%d", k);
                        /* Both ends may be in the host: not the other's name. */
                        if (strcmp(e->ifname, o->ifname) != 0 && nsnl_link_exists(host, e->ifname) == 0)
                                break;
                }
        }
}

static int add_link(struct request *req) {
        struct ip_prefix aa[MAX_ADDRESSES], ba[MAX_ADDRESSES];
        struct end a = { 0 }, b = { 0 };
        struct nsnl *host = NULL;
        unsigned mtu;
        int na, nb, k = 0;

        if ((na = get_addresses(req, "aAddresses", aa)) < 0 || (nb = get_addresses(req, "bAddresses", ba)) < 0 ||
            get_mtu(req, &mtu) < 0)
                return 0;
        if (!open_ns(req, "a", NULL, &host))
                return 0;
        if (!resolve_end(req, "a", "aIfname", &a, host) || !resolve_end(req, "b", "bIfname", &b, host))
                goto out;
        if ((a.bridge && na > 0) || (b.bridge && nb > 0)) {
                invalid(req, a.bridge && na > 0 ? "aAddresses" : "bAddresses", "a bridge port takes no address");
                goto out;
        }
        if (a.bridge && b.bridge) {
                invalid(req, "b", "links between two bridges are made in topology files");
                goto out;
        }
        default_names(&a, &b, host);
        struct nsnl *ra = a.r ? a.r : host, *rb = b.r ? b.r : host;
        /* The bridge end is the one named in the message (it gets the master). */
        struct end *first = b.bridge ? &b : &a, *second = first == &a ? &b : &a;
        struct nsnl *rf = first == &a ? ra : rb, *rs = first == &a ? rb : ra;
        k = nsnl_veth_add(rf, first->ifname, first->bridge, rs, second->ifname, mtu);
        bool made = k >= 0;
        for (int i = 0; k >= 0 && i < na; i++)
                k = nsnl_addr_add(ra, a.ifname, &aa[i]);
        for (int i = 0; k >= 0 && i < nb; i++)
                k = nsnl_addr_add(rb, b.ifname, &ba[i]);
        if (k >= 0 && a.set)
                k = nsnl_link_up(ra, "lo");
        if (k >= 0 && b.set)
                k = nsnl_link_up(rb, "lo");
        if (k < 0) {
                if (made)
                        (void)nsnl_link_del(rf, first->ifname);
                kernel_error(req, k, first->ifname);
                goto out;
        }
        log_change("io.nsctl.Network.AddLink", a.set ? a.set : b.set, req->peer->uid, "Added link %s:%s - %s:%s",
                   a.set ? a.set : a.bridge ? a.bridge : "host", a.ifname, b.set ? b.set : b.bridge ? b.bridge : "host",
                   b.ifname);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "aIfname", json_object_new_string(a.ifname));
        json_object_object_add(p, "bIfname", json_object_new_string(b.ifname));
        reply(req, p);
out:
        nsnl_close(a.r);
        nsnl_close(b.r);
        nsnl_close(host);
        return 0;
}

static int address(struct request *req, bool add) {
        struct ip_prefix p;
        struct nsnl *r;
        const char *reason, *text = param_str(req, "address");
        const char *ifname = get_ifname_lo(req, "ifname", true, true);
        if (!ifname)
                return 0;
        if (!text || ip_prefix_parse(text, &p, &reason) < 0)
                return invalid(req, "address", text ? reason : "missing");
        if (!open_where(req, "namespace", &r))
                return 0;
        int k = add ? nsnl_addr_add(r, ifname, &p) : nsnl_addr_del(r, ifname, &p);
        nsnl_close(r);
        if (k == -EADDRNOTAVAIL)
                return not_found(req, "address", text);
        if (k < 0)
                return kernel_error(req, k, ifname);
        log_change(add ? "io.nsctl.Network.AddAddress" : "io.nsctl.Network.DeleteAddress", param_str(req, "namespace"),
                   req->peer->uid, "%s address %s on %s", add ? "Added" : "Deleted", text, ifname);
        return reply(req, NULL);
}

static int add_address(struct request *req) {
        return address(req, true);
}
static int delete_address(struct request *req) {
        return address(req, false);
}

static int route(struct request *req, bool add) {
        struct ip_prefix dst, gw;
        struct nsnl *r;
        const char *reason, *to = param_str(req, "to"), *via = param_str(req, "via"), *dev = NULL;
        bool has_gw = false;

        if (param_str(req, "dev") && !(dev = get_ifname_lo(req, "dev", false, true)))
                return 0;
        if (via) {
                if (ip_addr_parse(via, &gw, &reason) < 0)
                        return invalid(req, "via", reason);
                has_gw = true;
        }
        if (!via && !dev)
                return invalid(req, "via", "a route needs via or dev");
        if (!to)
                return invalid(req, "to", "missing");
        if (strcmp(to, "default") == 0) {
                dst = (struct ip_prefix){ .family = has_gw ? gw.family : AF_INET, .len = 0 };
        } else if (ip_prefix_parse(to, &dst, &reason) < 0)
                return invalid(req, "to", reason);
        if (has_gw && gw.family != dst.family)
                return invalid(req, "via", "not the family of the destination");
        if (!open_where(req, "namespace", &r))
                return 0;
        int k = add ? nsnl_route_add(r, &dst, has_gw ? &gw : NULL, dev) : nsnl_route_del(r, &dst, has_gw ? &gw : NULL, dev);
        nsnl_close(r);
        if (!add && (k == -ESRCH || k == -ENOENT))
                return not_found(req, "route", to);
        if (k < 0)
                return kernel_error(req, k, dev);
        log_change(add ? "io.nsctl.Network.AddRoute" : "io.nsctl.Network.DeleteRoute", param_str(req, "namespace"),
                   req->peer->uid, "%s route %s", add ? "Added" : "Deleted", to);
        return reply(req, NULL);
}

static int add_route(struct request *req) {
        return route(req, true);
}
static int delete_route(struct request *req) {
        return route(req, false);
}

static int set_shaping(struct request *req) {
        struct nsnl_shaping s = { 0 };
        struct nsnl *r;
        json_object *v;
        const char *ifname = get_ifname(req, "ifname", true), *t;
        if (!ifname)
                return 0;
        bool clear = json_object_object_get_ex(req->call->parameters, "clear", &v) && json_object_get_boolean(v);
        if ((t = param_str(req, "rate")) && topology_parse_rate(t, &s.rate_bps) < 0)
                return invalid(req, "rate", "not a rate such as 10mbit");
        if ((t = param_str(req, "delay")) && topology_parse_time(t, &s.delay_us) < 0)
                return invalid(req, "delay", "not a time such as 50ms");
        if ((t = param_str(req, "jitter")) && topology_parse_time(t, &s.jitter_us) < 0)
                return invalid(req, "jitter", "not a time such as 5ms");
        if ((t = param_str(req, "loss")) && topology_parse_loss(t, &s.loss_ppm) < 0)
                return invalid(req, "loss", "not a percentage such as 1%");
        if (s.jitter_us && !s.delay_us)
                return invalid(req, "jitter", "needs a delay");
        if (clear == (s.rate_bps || s.delay_us || s.loss_ppm))
                return invalid(req, clear ? "clear" : "rate", clear ? "clear takes no values" : "nothing to set");
        if (!open_where(req, "namespace", &r))
                return 0;
        int k = clear ? nsnl_shaping_clear(r, ifname) : nsnl_shaping_set(r, ifname, &s);
        nsnl_close(r);
        if (k < 0)
                return kernel_error(req, k, ifname);
        log_change("io.nsctl.Network.SetShaping", param_str(req, "namespace"), req->peer->uid, "%s shaping on %s",
                   clear ? "Cleared" : "Set", ifname);
        return reply(req, NULL);
}

static const struct vl_field bridge_params[] = {
        { "name", json_type_string, true },
        { "namespace", json_type_string, false },
        { "nat", json_type_boolean, false },
        { "addresses", json_type_array, false },
        { "mtu", json_type_int, false },
        { 0 },
};
static const struct vl_field bridge_del_params[] = {
        { "name", json_type_string, true },
        { "namespace", json_type_string, false },
        { 0 },
};
static const struct vl_field link_params[] = {
        { "a", json_type_string, true },
        { "b", json_type_string, true },
        { "aIfname", json_type_string, false },
        { "bIfname", json_type_string, false },
        { "aAddresses", json_type_array, false },
        { "bAddresses", json_type_array, false },
        { "mtu", json_type_int, false },
        { 0 },
};
static const struct vl_field link_del_params[] = {
        { "namespace", json_type_string, true },
        { "ifname", json_type_string, true },
        { 0 },
};
static const struct vl_field addr_params[] = {
        { "namespace", json_type_string, true },
        { "ifname", json_type_string, true },
        { "address", json_type_string, true },
        { 0 },
};
static const struct vl_field route_params[] = {
        { "namespace", json_type_string, true },
        { "to", json_type_string, true },
        { "via", json_type_string, false },
        { "dev", json_type_string, false },
        { 0 },
};
static const struct vl_field shaping_params[] = {
        { "namespace", json_type_string, true },
        { "ifname", json_type_string, true },
        { "rate", json_type_string, false },
        { "delay", json_type_string, false },
        { "jitter", json_type_string, false },
        { "loss", json_type_string, false },
        { "clear", json_type_boolean, false },
        { 0 },
};

const struct method network_methods[] = {
        { "io.nsctl.Network.AddBridge", add_bridge, true, bridge_params, false },
        { "io.nsctl.Network.DeleteBridge", delete_bridge, true, bridge_del_params, false },
        { "io.nsctl.Network.AddLink", add_link, true, link_params, false },
        { "io.nsctl.Network.DeleteLink", delete_link, true, link_del_params, false },
        { "io.nsctl.Network.AddAddress", add_address, true, addr_params, false },
        { "io.nsctl.Network.DeleteAddress", delete_address, true, addr_params, false },
        { "io.nsctl.Network.AddRoute", add_route, true, route_params, false },
        { "io.nsctl.Network.DeleteRoute", delete_route, true, route_params, false },
        { "io.nsctl.Network.SetShaping", set_shaping, true, shaping_params, false },
        { 0 },
};
