/* The links of a topology file: their two ends (a namespace, a bridge or
 * a host's own namespace, in the short "NAME:IF" form or as an object),
 * the shaping of each end, and the rules a link as a whole must keep (its
 * ends in two places, no loop of bridges, a vni only between two hosts).
 * Run after the namespaces and bridges, which the ends name. */
#include "topology-parser.h"

#include <errno.h>
#include <string.h>

static int parse_shaping(struct parser *p, json_object *o, const char *path, struct topo_shaping *sh) {
        static const char *const allowed[] = { "rate", "delay", "jitter", "loss", NULL };
        char spath[PATH_SIZE], buf[PATH_SIZE];
        json_object *v, *sv;
        const char *s;
        int r;

        if (!member(o, "shaping", &sv))
                return 0;
        child(spath, path, "shaping");
        r = topo_want_object(p, sv, spath, allowed);
        if (r < 0)
                return r;
        if (json_object_object_length(sv) == 0)
                return fail(p, -EINVAL, spath, "needs at least one of rate, delay, jitter and loss");

        if (member(sv, "rate", &v)) {
                child(buf, spath, "rate");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_rate(s, &sh->rate_bps) < 0)
                        return fail(p, -EINVAL, buf,
                                    "bad rate \"%.40s\": more than 0 bit/s, as 10mbit, 500kbit, 1gbit, 64000bit or 64000",
                                    s);
        }
        if (member(sv, "delay", &v)) {
                child(buf, spath, "delay");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_time(s, &sh->delay_us) < 0 || sh->delay_us == 0)
                        return fail(p, -EINVAL, buf,
                                    "bad delay \"%.40s\": more than 0, at most 4294967295us, as 50ms, 100us, 1s or 2.5ms",
                                    s);
        }
        if (member(sv, "jitter", &v)) {
                child(buf, spath, "jitter");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_time(s, &sh->jitter_us) < 0 || sh->jitter_us == 0)
                        return fail(p, -EINVAL, buf,
                                    "bad jitter \"%.40s\": more than 0, at most 4294967295us, as 5ms, 100us or 2.5ms",
                                    s);
                if (!sh->delay_us)
                        return fail(p, -EINVAL, buf, "jitter needs a delay");
        }
        if (member(sv, "loss", &v)) {
                child(buf, spath, "loss");
                r = topo_want_string(p, v, buf, &s);
                if (r < 0)
                        return r;
                if (topology_parse_loss(s, &sh->loss_ppm) < 0)
                        return fail(p, -EINVAL, buf,
                                    "bad loss \"%.40s\": a percentage more than 0 and at most 100, as 1%% or 0.5%%", s);
        }
        sh->set = true;
        return 0;
}

/* "host", "host:IF", "NAME" or "NAME:IF", NAME a namespace or a bridge of
 * this file. */
static int parse_end_short(struct parser *p, const char *s, size_t len, const char *path, struct topo_end *e,
                           uint8_t *src) {
        const char *colon = memchr(s, ':', len), *ifname = NULL;
        size_t nlen = colon ? (size_t)(colon - s) : len;
        char name[NSCTL_NAME_MAX + 1];
        int r;

        if (strlen(s) != len)
                return fail(p, -EINVAL, path, "contains a NUL byte");
        if (nlen == 4 && memcmp(s, "host", 4) == 0) {
                if (p->t->n_hosts)
                        return fail(p, -EINVAL, path,
                                    "this file has hosts: say which host's own namespace, as {\"host\": \"%s\", ...}",
                                    p->t->hosts[0].name);
                e->kind = TOPO_END_HOST;
        } else {
                if (nlen == 0 || nlen > NSCTL_NAME_MAX)
                        return fail(p, -EINVAL, path, "\"%.80s\" is not host, a namespace or a bridge of this file", s);
                memcpy(name, s, nlen);
                name[nlen] = '\0';
                if (find_ns(p, name)) {
                        r = topo_want_net_ns(p, name, path);
                        if (r < 0)
                                return r;
                        e->kind = TOPO_END_NS;
                        memcpy(e->ns, name, nlen + 1);
                        memcpy(e->host, find_ns(p, name)->host, strlen(find_ns(p, name)->host) + 1);
                } else if (find_bridge(p, name)) {
                        e->kind = TOPO_END_BRIDGE;
                        memcpy(e->bridge, name, nlen + 1);
                        memcpy(e->host, find_bridge(p, name)->host, strlen(find_bridge(p, name)->host) + 1);
                } else
                        return fail(p, -EINVAL, path, "no namespace or bridge \"%s\" in this file", name);
        }
        if (colon) {
                ifname = colon + 1;
                r = topo_check_ifname(p, ifname, len - nlen - 1, path);
                if (r < 0)
                        return r;
                memcpy(e->ifname, ifname, len - nlen); /* with the NUL */
                *src = IFNAME_SHORT;
        }
        return 0;
}

static int parse_end(struct parser *p, json_object *v, const char *path, struct topo_end *e, uint8_t *src) {
        static const char *const allowed[] = { "namespace", "bridge", "host", "ifname", "addresses", "shaping", NULL };
        char buf[PATH_SIZE];
        json_object *m;
        const char *s;
        int r, places;

        if (json_object_is_type(v, json_type_string))
                return parse_end_short(p, json_object_get_string(v), (size_t)json_object_get_string_len(v), path, e,
                                       src);
        if (!json_object_is_type(v, json_type_object))
                return fail(p, -EINVAL, path, "must be an object or a string, not %s",
                            topo_type_noun(json_object_get_type(v)));
        r = topo_check_members(p, v, path, allowed);
        if (r < 0)
                return r;

        places = member(v, "namespace", NULL) + member(v, "bridge", NULL) + member(v, "host", NULL);
        if (places == 0)
                return fail(p, -EINVAL, path, "one of namespace, bridge and host is needed");
        if (places > 1)
                return fail(p, -EINVAL, path, "only one of namespace, bridge and host may be given");

        if (member(v, "namespace", &m)) {
                child(buf, path, "namespace");
                r = topo_want_string(p, m, buf, &s);
                if (r < 0)
                        return r;
                r = topo_want_net_ns(p, s, buf);
                if (r < 0)
                        return r;
                e->kind = TOPO_END_NS;
                memcpy(e->ns, s, strlen(s) + 1);
                memcpy(e->host, find_ns(p, s)->host, strlen(find_ns(p, s)->host) + 1);
        } else if (member(v, "bridge", &m)) {
                child(buf, path, "bridge");
                r = topo_want_string(p, m, buf, &s);
                if (r < 0)
                        return r;
                if (!find_bridge(p, s))
                        return fail(p, -EINVAL, buf, "no bridge \"%.64s\" in this file", s);
                e->kind = TOPO_END_BRIDGE;
                memcpy(e->bridge, s, strlen(s) + 1);
                memcpy(e->host, find_bridge(p, s)->host, strlen(find_bridge(p, s)->host) + 1);
        } else {
                /* true; or, in a file with hosts, the name of the host. */
                member(v, "host", &m);
                child(buf, path, "host");
                if (p->t->n_hosts) {
                        if (json_object_is_type(m, json_type_boolean))
                                return fail(p, -EINVAL, buf,
                                            "this file has hosts: name the host whose own namespace this is (\"%s\")",
                                            p->t->hosts[0].name);
                        r = topo_want_string(p, m, buf, &s);
                        if (r < 0)
                                return r;
                        r = topo_want_host(p, s, buf);
                        if (r < 0)
                                return r;
                        memcpy(e->host, s, strlen(s) + 1);
                } else {
                        if (!json_object_is_type(m, json_type_boolean))
                                return fail(p, -EINVAL, buf, "must be true or false, not %s (a host's name needs a hosts list)",
                                            topo_type_noun(json_object_get_type(m)));
                        if (!json_object_get_boolean(m))
                                return fail(p, -EINVAL, buf, "must be true (leave it out otherwise)");
                }
                e->kind = TOPO_END_HOST;
        }

        if (member(v, "ifname", &m)) {
                child(buf, path, "ifname");
                r = topo_want(p, m, json_type_string, buf);
                if (r < 0)
                        return r;
                s = json_object_get_string(m);
                r = topo_check_ifname(p, s, (size_t)json_object_get_string_len(m), buf);
                if (r < 0)
                        return r;
                memcpy(e->ifname, s, strlen(s) + 1);
                *src = IFNAME_MEMBER;
        }
        if (member(v, "addresses", NULL) && e->kind == TOPO_END_BRIDGE) {
                child(buf, path, "addresses");
                return fail(p, -EINVAL, buf, "a bridge port has no addresses; put them on bridge %s", e->bridge);
        }
        r = topo_parse_addresses(p, v, path, &e->addrs, &e->n_addrs);
        if (r < 0)
                return r;
        return parse_shaping(p, v, path, &e->shaping);
}

static size_t uf_find(size_t *uf, size_t x) {
        while (uf[x] != x) {
                uf[x] = uf[uf[x]];
                x = uf[x];
        }
        return x;
}

int topo_parse_link(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = { "a", "b", "mtu", "vni", NULL };
        struct topo_link *l = &p->t->links[idx];
        char path[PATH_SIZE], buf[PATH_SIZE];
        json_object *v;
        int r;

        strf(path, sizeof(path), "links[%zu]", idx);
        r = topo_want_object(p, o, path, allowed);
        if (r < 0)
                return r;
        for (int w = 0; w < 2; w++) {
                const char *key = w ? "b" : "a";

                child(buf, path, key);
                if (!member(o, key, &v))
                        return fail(p, -EINVAL, buf, "missing (required)");
                r = parse_end(p, v, buf, w ? &l->b : &l->a, &p->ifname_src[2 * idx + (size_t)w]);
                if (r < 0)
                        return r;
        }
        r = topo_want_mtu(p, o, path, &l->mtu);
        if (r < 0)
                return r;
        if (member(o, "vni", &v)) {
                int64_t x = 0;

                child(buf, path, "vni");
                r = topo_want_int_range(p, v, buf, 1, TOPO_VNI_MAX, &x);
                if (r < 0)
                        return r;
                if (strcmp(l->a.host, l->b.host) == 0)
                        return fail(p, -EINVAL, buf, "a vni is only for a link between two hosts (both ends are on %s)",
                                    l->a.host[0] ? l->a.host : "this host");
                l->vni = (uint32_t)x; /* the others are made in topo_assign_vnis() */
        }

        if (l->a.kind != l->b.kind)
                return 0;
        switch (l->a.kind) {
        case TOPO_END_HOST:
                if (strcmp(l->a.host, l->b.host) != 0)
                        return 0;
                if (l->a.host[0])
                        return fail(p, -EINVAL, path, "both ends are in the host (%s)", l->a.host);
                return fail(p, -EINVAL, path, "both ends are in the host");
        case TOPO_END_NS:
                if (strcmp(l->a.ns, l->b.ns) == 0)
                        return fail(p, -EINVAL, path, "both ends are in namespace %s", l->a.ns);
                return 0;
        case TOPO_END_BRIDGE: {
                size_t x = 0, y = 0;

                if (strcmp(l->a.bridge, l->b.bridge) == 0)
                        return fail(p, -EINVAL, path, "links form a loop: both ends are on bridge %s", l->a.bridge);
                strmap_get(&p->bridge_names, l->a.bridge, &x);
                strmap_get(&p->bridge_names, l->b.bridge, &y);
                x = uf_find(p->uf, x);
                y = uf_find(p->uf, y);
                if (x == y)
                        return fail(p, -EINVAL, path, "links form a loop: bridges %s and %s are already connected",
                                    l->a.bridge, l->b.bridge);
                p->uf[x] = y;
                return 0;
        }
        }
        return 0;
}
