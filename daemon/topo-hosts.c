#include "topo-hosts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nsnl.h"
#include "topo-plan.h"

static void __attribute__((format(printf, 3, 4))) strf(char *buf, size_t size, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, size, fmt, ap);
        va_end(ap);
}

/* Whether ADDR is an address of the daemon's network namespace (which
 * always has a route to its own addresses: no route, not local). */
static bool is_local(struct nsnl *r, const struct ip_prefix *addr) {
        struct nsnl_route_info ri = { 0 };
        return nsnl_route_get(r, addr, &ri) == 0 && ri.local;
}

/* "lab-a, lab-b, ..." (or "lab-a 198.18.100.1, ..." with addresses), the
 * hosts marked in ONLY (all when NULL), cut short to fit. */
static void host_list(const struct topology *t, const bool *only, bool addrs, char *buf, size_t size) {
        size_t len = 0;
        buf[0] = 0;
        for (size_t i = 0; i < t->n_hosts; i++) {
                char addr[IP_PREFIX_STRLEN] = "";
                if (only && !only[i])
                        continue;
                if (addrs)
                        ip_addr_format(&t->hosts[i].underlay, addr, sizeof(addr));
                int n = snprintf(buf + len, size - len, "%s%s%s%s", len ? ", " : "", t->hosts[i].name, addrs ? " " : "",
                                 addr);
                if (n < 0 || (size_t)n >= size - len) {
                        if (size > 4)
                                strf(buf + (len < size - 4 ? len : size - 4), 4, "...");
                        return;
                }
                len += (size_t)n;
        }
}

int topo_choose_host(struct nsstore *st, const struct topology *t, const char *requested, const char **ret_host,
                     char *reason, size_t reason_size) {
        char list[160];
        struct nsnl *r;

        *ret_host = NULL;
        if (!t->n_hosts) {
                if (!requested)
                        return 0;
                strf(reason, reason_size, "topology %s has no hosts list: it is made whole on one host, without a host",
                     t->name);
                return -EINVAL;
        }
        if (requested) {
                const struct topo_host *h = topology_find_host(t, requested);
                if (h) {
                        /* Taken as said (the address may come later), but
                         * VXLAN sends nothing from an address it does not
                         * have: say so where someone debugging will look. */
                        if (nsnl_open(-1, st->host_netns_fd, &r) == 0) {
                                char addr[IP_PREFIX_STRLEN];
                                ip_addr_format(&h->underlay, addr, sizeof(addr));
                                if (!is_local(r, &h->underlay))
                                        log_warning("Topology %s: the underlay address %s of host %s is not an address "
                                                    "of this machine; its links to other hosts carry nothing until it is",
                                                    t->name, addr, h->name);
                                nsnl_close(r);
                        }
                        *ret_host = h->name;
                        return 0;
                }
                host_list(t, NULL, false, list, sizeof(list));
                strf(reason, reason_size, "no host \"%.64s\" in the hosts of topology %s (%s)", requested, t->name, list);
                return -EINVAL;
        }

        /* Which underlay addresses are ours: the kernel's own route lookup
         * says "local" for an address of this namespace. */
        size_t n_local = 0, which = 0;
        bool *local = calloc(t->n_hosts, sizeof(bool));
        if (!local)
                return -ENOMEM;
        int k = nsnl_open(-1, st->host_netns_fd, &r);
        if (k < 0) {
                free(local);
                strf(reason, reason_size, "cannot tell which host this is (%s): give the host", strerror(-k));
                return -EINVAL;
        }
        for (size_t i = 0; i < t->n_hosts; i++) {
                local[i] = is_local(r, &t->hosts[i].underlay);
                if (local[i]) {
                        n_local++;
                        which = i;
                }
        }
        nsnl_close(r);
        if (n_local == 1) {
                free(local);
                *ret_host = t->hosts[which].name;
                return 0;
        }
        if (n_local == 0) {
                host_list(t, NULL, true, list, sizeof(list));
                strf(reason, reason_size,
                     "topology %s is spread over hosts and no host's underlay address is an address of this one (%s): "
                     "say which host this is",
                     t->name, list);
        } else {
                host_list(t, local, false, list, sizeof(list));
                strf(reason, reason_size,
                     "topology %s: the underlay addresses of several hosts are addresses of this one (%s): say which "
                     "host this is",
                     t->name, list);
        }
        free(local);
        return -EINVAL;
}

/* An end as the file's shorthand would write it: "NS:IF", "BR:IF",
 * "host:IF" (the host's own namespace). */
static void end_text(const struct topo_end *e, char *buf, size_t size) {
        const char *where = e->kind == TOPO_END_NS ? e->ns : e->kind == TOPO_END_BRIDGE ? e->bridge : "host";
        strf(buf, size, "%s:%s", where, e->ifname);
}

static json_object *names_of(const struct topology *t, const char *host, bool bridges) {
        json_object *a = json_object_new_array();
        size_t n = bridges ? t->n_bridges : t->n_ns;
        for (size_t i = 0; a && i < n; i++) {
                const char *name = bridges ? t->bridges[i].name : t->ns[i].name;
                const char *on = bridges ? t->bridges[i].host : t->ns[i].host;
                if (strcmp(on, host) == 0)
                        json_object_array_add(a, json_object_new_string(name));
        }
        return a;
}

void topo_show_hosts(const struct topo_record *rec, json_object *p, json_object *objs) {
        struct topology *t = NULL;
        struct topo_error err;
        struct topo_plan plan = { 0 };
        char text[IP_PREFIX_STRLEN + NSCTL_IFNAME_MAX + NSCTL_NAME_MAX];

        if (!rec->document || topology_parse(rec->document, &t, &err) < 0)
                return;
        if (!t->n_hosts) {
                topology_free(t);
                return;
        }
        if (rec->host[0])
                json_object_object_add(p, "host", json_object_new_string(rec->host));
        json_object *hosts = json_object_new_array();
        for (size_t i = 0; i < t->n_hosts; i++) {
                json_object *h = json_object_new_object();
                ip_addr_format(&t->hosts[i].underlay, text, sizeof(text));
                json_object_object_add(h, "name", json_object_new_string(t->hosts[i].name));
                json_object_object_add(h, "underlay", json_object_new_string(text));
                json_object_object_add(h, "local", json_object_new_boolean(strcmp(t->hosts[i].name, rec->host) == 0));
                json_object_object_add(h, "namespaces", names_of(t, t->hosts[i].name, false));
                json_object_object_add(h, "bridges", names_of(t, t->hosts[i].name, true));
                json_object_array_add(hosts, h);
        }
        json_object_object_add(p, "hosts", hosts);

        /* The VXLAN ends made here, with what is on the other side. */
        if (rec->host[0] && topology_find_host(t, rec->host) && topo_plan_build(t, rec->host, &plan) == 0) {
                for (size_t i = 0; i < rec->n && i < json_object_array_length(objs); i++) {
                        if (strncmp(rec->e[i].key, "vxlan|", 6) != 0)
                                continue;
                        const struct topo_obj *o = topo_plan_find(&plan, rec->e[i].key);
                        if (!o || o->kind != TOBJ_VXLAN)
                                continue;
                        json_object *e = json_object_array_get_idx(objs, i);
                        end_text(o->peer, text, sizeof(text));
                        json_object_object_add(e, "vni", json_object_new_int64(o->link->vni));
                        json_object_object_add(e, "remoteHost", json_object_new_string(o->remote->name));
                        json_object_object_add(e, "remoteEnd", json_object_new_string(text));
                }
                topo_plan_done(&plan);
        }
        topology_free(t);
}
