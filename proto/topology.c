/* The topology file parser: JSON in, a checked struct topology out.  Every
 * rule is checked here before the engine makes anything; the first
 * violation is reported with its element path.  Sections are checked in
 * the order hosts (with vxlanPort and underlayMtu), namespaces, bridges,
 * links, then the interface names of all of them, then the VNIs of links
 * between hosts, then routes; elements of a section in array order.  The
 * checks of single JSON values (types, members, ranges, interface names,
 * addresses, names) are in topology-json.c, the hosts with vxlanPort and
 * underlayMtu and the "host" member of other elements in
 * topology-hosts.c, the namespaces in topology-namespaces.c, the links
 * with their ends and shaping in topology-links.c; the interface names and
 * VNIs are made up and checked in topology-ifnames-vnis.c, shaping values
 * and sysctl keys in topology-values.c.  This file keeps the bridges, the
 * routes and the document.  The format is documented in
 * man/nsctl-topology.5. */
#include "topology-parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* ---- bridges ----------------------------------------------------------- */

static int parse_bridge(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "name", "namespace", "host", "mtu", "addresses", "nat", NULL };
        struct topo_bridge *br = &p->t->bridges[idx];
        char path[PATH_SIZE], buf[PATH_SIZE];
        const char *name;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "bridges[%zu]", idx);
        r = topo_want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        r = topo_want_member(p, o, path, "name", json_type_string, buf, &v);
        if (r < 0)
                return r;
        name = json_object_get_string(v);
        r = topo_check_ifname(p, name, (size_t)json_object_get_string_len(v), buf);
        if (r < 0)
                return r;
        if (strmap_get(&p->ns_names, name, &old))
                return fail(p, -EINVAL, buf, "namespaces[%zu] has the same name; a name is either a namespace or a bridge",
                            old);
        r = strmap_put(&p->bridge_names, name, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0)
                return fail(p, -EINVAL, buf, "bridge %s is already defined at bridges[%zu]", name, old);
        memcpy(br->name, name, strlen(name) + 1);

        if (member(o, "namespace", &v)) {
                const char *ns;

                child(buf, path, "namespace");
                r = topo_want_string(p, v, buf, &ns);
                if (r < 0)
                        return r;
                r = topo_want_net_ns(p, ns, buf);
                if (r < 0)
                        return r;
                memcpy(br->ns, ns, strlen(ns) + 1);
        }
        if (br->ns[0]) {
                char where[NSCTL_NAME_MAX + 16];
                strf(where, sizeof(where), "namespace %s", br->ns);
                r = topo_parse_host_ref(p, o, path, find_ns(p, br->ns)->host, where, br->host);
        } else
                r = topo_parse_host_ref(p, o, path, NULL, NULL, br->host);
        if (r < 0)
                return r;
        r = topo_want_mtu(p, o, path, &br->mtu);
        if (r < 0)
                return r;
        r = topo_parse_addresses(p, o, path, &br->addrs, &br->n_addrs);
        if (r < 0)
                return r;
        if (member(o, "nat", &v)) {
                bool v4 = false;

                child(buf, path, "nat");
                r = topo_want(p, v, json_type_boolean, buf);
                if (r < 0)
                        return r;
                br->nat = json_object_get_boolean(v);
                if (br->nat && br->ns[0])
                        return fail(p, -EINVAL, buf, "nat is only for bridges in the host (this one is in %s)", br->ns);
                for (size_t i = 0; i < br->n_addrs; i++)
                        v4 = v4 || br->addrs[i].family == AF_INET;
                if (br->nat && !v4)
                        return fail(p, -EINVAL, buf, "nat needs an IPv4 address on the bridge");
        }
        return 0;
}

/* ---- routes ------------------------------------------------------------ */

static int parse_route(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "namespace", "host", "to", "via", "dev", NULL };
        struct topo_route *rt = &p->t->routes[idx];
        char path[PATH_SIZE], buf[PATH_SIZE], key[PATH_SIZE], dst[IP_PREFIX_STRLEN];
        const char *s, *why, *to;
        bool is_default;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "routes[%zu]", idx);
        r = topo_want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        if (member(o, "namespace", &v)) {
                child(buf, path, "namespace");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                r = topo_want_net_ns(p, s, buf);
                if (r < 0)
                        return r;
                memcpy(rt->ns, s, strlen(s) + 1);
        }
        if (rt->ns[0]) {
                char where[NSCTL_NAME_MAX + 16];
                strf(where, sizeof(where), "namespace %s", rt->ns);
                r = topo_parse_host_ref(p, o, path, find_ns(p, rt->ns)->host, where, rt->host);
        } else
                r = topo_parse_host_ref(p, o, path, NULL, NULL, rt->host);
        if (r < 0)
                return r;

        r = topo_want_member(p, o, path, "to", json_type_string, buf, &v);
        if (r < 0)
                return r;
        r = topo_want_string(p, v, buf, &to);
        if (r < 0)
                return r;
        is_default = strcmp(to, "default") == 0;
        if (!is_default) {
                if (ip_prefix_parse(to, &rt->dst, &why) < 0)
                        return fail(p, -EINVAL, buf, "bad destination \"%.60s\": %s (or \"default\")", to, why);
                if (ip_prefix_host_bits_set(&rt->dst)) {
                        struct ip_prefix net;
                        ip_prefix_mask(&rt->dst, &net);
                        ip_prefix_format(&net, dst, sizeof(dst));
                        return fail(p, -EINVAL, buf, "host bits are set in %s (did you mean %s?)", to, dst);
                }
        }

        if (member(o, "via", &v)) {
                child(buf, path, "via");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (ip_addr_parse(s, &rt->via, &why) < 0)
                        return fail(p, -EINVAL, buf, "bad gateway \"%.60s\": %s", s, why);
                rt->has_via = true;
                if (!is_default && rt->via.family != rt->dst.family)
                        return fail(p, -EINVAL, buf, "via is %s but to is %s", rt->via.family == AF_INET ? "IPv4" : "IPv6",
                                    rt->dst.family == AF_INET ? "IPv4" : "IPv6");
        }
        if (is_default) {
                memset(&rt->dst, 0, sizeof(rt->dst));
                rt->dst.family = rt->has_via ? rt->via.family : AF_INET;
        }

        if (member(o, "dev", &v)) {
                child(buf, path, "dev");
                r = topo_want(p, v, json_type_string, buf);
                if (r < 0)
                        return r;
                s = json_object_get_string(v);
                if (nsctl_ifname_check(s, (size_t)json_object_get_string_len(v), &why) < 0)
                        return fail(p, -EINVAL, buf, "bad interface name: %s", why);
                if (strcmp(s, "lo") != 0) {
                        topo_ifkey(key, rt->host, rt->ns, s);
                        if (!strmap_get(&p->ifnames, key, NULL))
                                return fail(p, -EINVAL, buf, "this file puts no interface %s in %s%s", s,
                                            rt->ns[0] ? "namespace " : "the host", rt->ns);
                }
                memcpy(rt->dev, s, strlen(s) + 1);
        }
        if (!rt->has_via && !rt->dev[0])
                return fail(p, -EINVAL, path, "a route needs via, dev or both");

        ip_prefix_format(&rt->dst, dst, sizeof(dst));
        strf(key, sizeof(key), "%s/%s/%s", rt->host, rt->ns, dst);
        r = strmap_put(&p->routes, key, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0) {
                child(buf, path, "to");
                return fail(p, -EINVAL, buf, "a route to %s in %s%s is already defined at routes[%zu]", dst,
                            rt->ns[0] ? "namespace " : "the host", rt->ns, old);
        }
        return 0;
}

/* ---- the document -------------------------------------------------------- */

const struct topo_host *topology_find_host(const struct topology *t, const char *name) {
        for (size_t i = 0; i < t->n_hosts; i++)
                if (strcmp(t->hosts[i].name, name) == 0)
                        return &t->hosts[i];
        return NULL;
}

unsigned topology_vxlan_overhead(const struct topology *t) {
        return t->n_hosts && t->hosts[0].underlay.family == AF_INET6 ? TOPO_VXLAN_OVERHEAD_V6 : TOPO_VXLAN_OVERHEAD_V4;
}

const struct topo_bridge *topology_find_bridge(const struct topology *t, const char *name) {
        for (size_t i = 0; i < t->n_bridges; i++)
                if (strcmp(t->bridges[i].name, name) == 0)
                        return &t->bridges[i];
        return NULL;
}

const char *topology_end_netns(const struct topology *t, const struct topo_end *e) {
        const struct topo_bridge *br;

        switch (e->kind) {
        case TOPO_END_NS:
                return e->ns;
        case TOPO_END_BRIDGE:
                br = topology_find_bridge(t, e->bridge);
                return br ? br->ns : "";
        case TOPO_END_HOST:
                break;
        }
        return "";
}

void topology_free(struct topology *t) {
        if (!t)
                return;
        for (size_t i = 0; i < t->n_ns; i++) {
                json_object_put(t->ns[i].params);
                free(t->ns[i].sysctls);
        }
        for (size_t i = 0; i < t->n_bridges; i++)
                free(t->bridges[i].addrs);
        for (size_t i = 0; i < t->n_links; i++) {
                free(t->links[i].a.addrs);
                free(t->links[i].b.addrs);
        }
        free(t->hosts);
        free(t->ns);
        free(t->bridges);
        free(t->links);
        free(t->routes);
        free(t);
}

static const char *const sections[] = { "hosts", "namespaces", "bridges", "links", "routes" };

static int parse_sections(struct parser *p, json_object *doc) {
        static const size_t sizes[] = { sizeof(struct topo_host), sizeof(struct topo_ns), sizeof(struct topo_bridge),
                                        sizeof(struct topo_link), sizeof(struct topo_route) };
        struct topology *t = p->t;
        json_object *arr[5] = {};
        size_t n[5] = {}, total = 0;
        void **vec[5] = { (void **)&t->hosts, (void **)&t->ns, (void **)&t->bridges, (void **)&t->links,
                          (void **)&t->routes };
        size_t *count[5] = { &t->n_hosts, &t->n_ns, &t->n_bridges, &t->n_links, &t->n_routes };
        struct strmap underlays = {};
        int r;

        for (int s = 0; s < 5; s++) {
                if (!member(doc, sections[s], &arr[s]))
                        continue;
                r = topo_want(p, arr[s], json_type_array, sections[s]);
                if (r < 0)
                        return r;
                n[s] = json_object_array_length(arr[s]);
                total += n[s];
                if (total > TOPO_MAX_ELEMENTS)
                        return fail(p, -E2BIG, sections[s],
                                    "more than %d hosts, namespaces, bridges, links and routes in one file",
                                    TOPO_MAX_ELEMENTS);
        }
        for (int s = 0; s < 5; s++) {
                if (!n[s])
                        continue;
                *vec[s] = calloc(n[s], sizes[s]);
                if (!*vec[s])
                        return oom(p);
                *count[s] = n[s];
        }

        if (strmap_init(&p->host_names, n[0]) < 0 || strmap_init(&p->ns_names, n[1]) < 0 ||
            strmap_init(&p->bridge_names, n[2]) < 0 || strmap_init(&p->ifnames, n[2] + 2 * n[3]) < 0 ||
            strmap_init(&p->routes, n[4]) < 0 || !(p->ifname_src = calloc(2 * n[3] + 1, 1)) ||
            !(p->uf = calloc(n[2] + 1, sizeof(*p->uf))))
                return oom(p);
        for (size_t i = 0; i < n[2]; i++)
                p->uf[i] = i;

        if (strmap_init(&underlays, n[0]) < 0)
                return oom(p);
        for (size_t i = 0; i < n[0]; i++)
                if ((r = topo_parse_host(p, json_object_array_get_idx(arr[0], i), i, &underlays)) < 0) {
                        strmap_done(&underlays);
                        return r;
                }
        strmap_done(&underlays);
        if ((r = topo_parse_vxlan_options(p, doc)) < 0)
                return r;
        for (size_t i = 0; i < n[1]; i++)
                if ((r = topo_parse_namespace(p, json_object_array_get_idx(arr[1], i), i)) < 0)
                        return r;
        for (size_t i = 0; i < n[2]; i++)
                if ((r = parse_bridge(p, json_object_array_get_idx(arr[2], i), i)) < 0)
                        return r;
        for (size_t i = 0; i < n[3]; i++)
                if ((r = topo_parse_link(p, json_object_array_get_idx(arr[3], i), i)) < 0)
                        return r;
        if ((r = topo_default_ifnames(p)) < 0 || (r = topo_unique_ifnames(p)) < 0 || (r = topo_assign_vnis(p)) < 0)
                return r;
        for (size_t i = 0; i < n[4]; i++)
                if ((r = parse_route(p, json_object_array_get_idx(arr[4], i), i)) < 0)
                        return r;
        return 0;
}

int topology_parse(json_object *doc, struct topology **ret, struct topo_error *err) {
        static const char *const allowed[] = { "name",  "description", "hosts",  "vxlanPort", "underlayMtu",
                                               "namespaces", "bridges", "links", "routes", NULL };
        struct topo_error dummy;
        struct parser p = { .err = err ? err : &dummy };
        char buf[PATH_SIZE];
        const char *why;
        json_object *v;
        int r;

        *ret = NULL;
        memset(p.err, 0, sizeof(*p.err));
        if (!json_object_is_type(doc, json_type_object))
                return fail(&p, -EINVAL, "", "a topology is a JSON object, not %s",
                            topo_type_noun(json_object_get_type(doc)));
        r = topo_check_members(&p, doc, "", allowed);
        if (r < 0)
                return r;
        r = topo_want_member(&p, doc, "", "name", json_type_string, buf, &v);
        if (r < 0)
                return r;
        if (nsctl_name_check(json_object_get_string(v), (size_t)json_object_get_string_len(v), &why) < 0)
                return fail(&p, -EINVAL, "name", "bad topology name: %s", why);
        if (member(doc, "description", &v)) {
                const char *s;
                r = topo_want_string(&p, v, "description", &s);
                if (r < 0)
                        return r;
        }

        p.t = calloc(1, sizeof(*p.t));
        if (!p.t)
                return oom(&p);
        member(doc, "name", &v);
        strf(p.t->name, sizeof(p.t->name), "%s", json_object_get_string(v));

        r = parse_sections(&p, doc);
        strmap_done(&p.host_names);
        strmap_done(&p.ns_names);
        strmap_done(&p.bridge_names);
        strmap_done(&p.ifnames);
        strmap_done(&p.routes);
        free(p.ifname_src);
        free(p.uf);
        if (r < 0) {
                topology_free(p.t);
                return r;
        }
        *ret = p.t;
        return 0;
}
