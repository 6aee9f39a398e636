#include "topo-plan.h"

#include <errno.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...) {
        va_list ap;
        char *s;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        return r < 0 ? NULL : s;
}

struct builder {
        struct topo_plan *p;
        size_t cap;
        const struct topology *t;
        const char *host; /* "": no hosts */
        bool oom;
};

/* Whether an element on HOST is made by this plan. */
static bool here(const struct builder *b, const char *host) {
        return strcmp(host, b->host) == 0;
}

static struct topo_obj *add(struct builder *b, enum topo_obj_kind kind, char *key, char *spec, char *element) {
        if (!key || !spec || !element) {
                free(key);
                free(spec);
                free(element);
                b->oom = true;
                return NULL;
        }
        if (b->p->n == b->cap) {
                size_t cap = b->cap ? b->cap * 2 : 64;
                struct topo_obj *o = realloc(b->p->objs, cap * sizeof(*o));
                if (!o) {
                        free(key);
                        free(spec);
                        free(element);
                        b->oom = true;
                        return NULL;
                }
                b->p->objs = o;
                b->cap = cap;
        }
        struct topo_obj *o = &b->p->objs[b->p->n++];
        *o = (struct topo_obj){ .kind = kind, .key = key, .spec = spec, .element = element };
        return o;
}

static void add_parent(struct builder *b, struct topo_obj *o, char *key) {
        if (!o || !key) {
                free(key);
                b->oom = b->oom || !key;
                return;
        }
        char **p = realloc(o->parents, (o->n_parents + 1) * sizeof(*p));
        if (!p) {
                free(key);
                b->oom = true;
                return;
        }
        o->parents = p;
        o->parents[o->n_parents++] = key;
}

static void add_ns_parent(struct builder *b, struct topo_obj *o, const char *netns) {
        if (netns[0])
                add_parent(b, o, xasprintf("ns|%s", netns));
}

/* Where a link end lives: its set, the host, or its bridge's namespace. */
static const char *end_netns(const struct topology *t, const struct topo_end *e) {
        if (e->kind == TOPO_END_NS)
                return e->ns;
        if (e->kind == TOPO_END_BRIDGE)
                for (size_t i = 0; i < t->n_bridges; i++)
                        if (strcmp(t->bridges[i].name, e->bridge) == 0)
                                return t->bridges[i].ns;
        return "";
}

static void shaping_spec(char *buf, size_t size, const struct topo_shaping *s) {
        snprintf(buf, size, "rate=%llu delay=%u jitter=%u loss=%u", (unsigned long long)s->rate_bps, s->delay_us,
                 s->jitter_us, s->loss_ppm);
}

static void plan_ns(struct builder *b) {
        const struct topology *t = b->t;
        for (size_t i = 0; i < t->n_ns; i++) {
                const struct topo_ns *ns = &t->ns[i];
                if (!here(b, ns->host))
                        continue;
                const char *params = json_object_to_json_string_ext(ns->params, JSON_C_TO_STRING_PLAIN);
                struct topo_obj *o = add(b, TOBJ_NS, xasprintf("ns|%s", ns->name), strdup(params ? params : "{}"),
                                         xasprintf("namespaces[%zu] (%s)", i, ns->name));
                if (o) {
                        o->ns = ns;
                        snprintf(o->netns, sizeof(o->netns), "%s", ns->name);
                }
                for (size_t k = 0; k < ns->n_sysctls; k++) {
                        const struct topo_sysctl *s = &ns->sysctls[k];
                        o = add(b, TOBJ_SYSCTL, xasprintf("sysctl|%s|%s", ns->name, s->key), strdup(s->value),
                                xasprintf("namespaces[%zu].sysctls.%s", i, s->key));
                        if (o) {
                                o->ns = ns;
                                o->sysctl = s;
                                snprintf(o->netns, sizeof(o->netns), "%s", ns->name);
                        }
                        add_ns_parent(b, o, ns->name);
                }
        }
}

static void plan_addrs(struct builder *b, const char *netns, const char *ifname, const char *parent_key,
                       const struct ip_prefix *addrs, size_t n, const char *element, const struct topo_end *end) {
        char text[IP_PREFIX_STRLEN];
        for (size_t k = 0; k < n; k++) {
                ip_prefix_format(&addrs[k], text, sizeof(text));
                struct topo_obj *o = add(b, TOBJ_ADDR, xasprintf("addr|%s|%s|%s", netns, ifname, text), strdup(""),
                                         xasprintf("%s.addresses[%zu] (%s)", element, k, text));
                if (!o)
                        continue;
                o->addr = &addrs[k];
                o->end = end;
                snprintf(o->netns, sizeof(o->netns), "%s", netns);
                snprintf(o->ifname, sizeof(o->ifname), "%s", ifname);
                add_parent(b, o, strdup(parent_key));
        }
}

static void plan_bridges(struct builder *b) {
        const struct topology *t = b->t;
        char text[IP_PREFIX_STRLEN];
        for (size_t i = 0; i < t->n_bridges; i++) {
                const struct topo_bridge *br = &t->bridges[i];
                if (!here(b, br->host))
                        continue;
                char *element = xasprintf("bridges[%zu] (%s)", i, br->name);
                struct topo_obj *o = add(b, TOBJ_BRIDGE, xasprintf("bridge|%s|%s", br->ns, br->name),
                                         xasprintf("mtu=%u", br->mtu), element ? strdup(element) : NULL);
                if (o) {
                        o->bridge = br;
                        snprintf(o->netns, sizeof(o->netns), "%s", br->ns);
                        snprintf(o->ifname, sizeof(o->ifname), "%s", br->name);
                }
                add_ns_parent(b, o, br->ns);
                char *key = xasprintf("bridge|%s|%s", br->ns, br->name);
                if (key && element)
                        plan_addrs(b, br->ns, br->name, key, br->addrs, br->n_addrs, element, NULL);
                if (br->nat)
                        for (size_t k = 0; k < br->n_addrs; k++) {
                                if (br->addrs[k].family != AF_INET)
                                        continue;
                                struct ip_prefix net = br->addrs[k];
                                ip_prefix_format(&net, text, sizeof(text));
                                o = add(b, TOBJ_NAT, xasprintf("nat|%s|%s", br->name, text), strdup(""),
                                        xasprintf("bridges[%zu].nat (%s)", i, br->name));
                                if (o) {
                                        o->bridge = br;
                                        o->addr = &br->addrs[k];
                                }
                                add_parent(b, o, key ? strdup(key) : NULL);
                        }
                free(key);
                free(element);
        }
}

/* This host's end and its address, shaping: what plan_links() makes of a
 * veth end, with KEY (the object the interface is) as the parent. */
static void plan_end(struct builder *b, size_t i, int which, const struct topo_end *end, const char *netns,
                     const char *key) {
        char spec[160];
        char *el = xasprintf("links[%zu].%c", i, which ? 'b' : 'a');
        if (!el) {
                b->oom = true;
                return;
        }
        plan_addrs(b, netns, end->ifname, key, end->addrs, end->n_addrs, el, end);
        if (end->shaping.set) {
                shaping_spec(spec, sizeof(spec), &end->shaping);
                struct topo_obj *s = add(b, TOBJ_SHAPE, xasprintf("shape|%s|%s", netns, end->ifname), strdup(spec),
                                         xasprintf("%s.shaping", el));
                if (s) {
                        s->end = end;
                        snprintf(s->netns, sizeof(s->netns), "%s", netns);
                        snprintf(s->ifname, sizeof(s->ifname), "%s", end->ifname);
                }
                add_parent(b, s, strdup(key));
        }
        free(el);
}

/* A link between this host and another: a VXLAN end here, where the end
 * on this host would have been. */
static void plan_vxlan(struct builder *b, size_t i) {
        const struct topology *t = b->t;
        const struct topo_link *l = &t->links[i];
        int which = here(b, l->a.host) ? 0 : 1;
        const struct topo_end *end = which ? &l->b : &l->a, *peer = which ? &l->a : &l->b;
        const char *netns = end_netns(t, end);
        const struct topo_host *local = topology_find_host(t, end->host), *remote = topology_find_host(t, peer->host);
        char lo[IP_PREFIX_STRLEN], re[IP_PREFIX_STRLEN], mtu[16];

        ip_addr_format(&local->underlay, lo, sizeof(lo));
        ip_addr_format(&remote->underlay, re, sizeof(re));
        unsigned m = l->mtu ? l->mtu : t->underlay_mtu ? t->underlay_mtu - topology_vxlan_overhead(t) : 0;
        if (m)
                snprintf(mtu, sizeof(mtu), "%u", m);
        else
                snprintf(mtu, sizeof(mtu), "auto");
        char *key = xasprintf("vxlan|%s|%s", netns, end->ifname);
        /* Everything it is made with: a change remakes it. */
        struct topo_obj *o = add(b, TOBJ_VXLAN, key ? strdup(key) : NULL,
                                 xasprintf("vni=%u local=%s remote=%s port=%u mtu=%s master=%s", l->vni, lo, re,
                                           t->vxlan_port, mtu, end->kind == TOPO_END_BRIDGE ? end->bridge : ""),
                                 xasprintf("links[%zu].%c (%s:%s, to %s)", i, which ? 'b' : 'a', netns[0] ? netns : "host",
                                           end->ifname, remote->name));
        if (o) {
                o->link = l;
                o->end = end;
                o->peer = peer;
                o->local = local;
                o->remote = remote;
                o->mtu = m;
                snprintf(o->netns, sizeof(o->netns), "%s", netns);
                snprintf(o->ifname, sizeof(o->ifname), "%s", end->ifname);
        }
        add_ns_parent(b, o, netns);
        if (end->kind == TOPO_END_BRIDGE)
                add_parent(b, o, xasprintf("bridge|%s|%s", netns, end->bridge));
        if (key)
                plan_end(b, i, which, end, netns, key);
        free(key);
}

static void plan_links(struct builder *b) {
        const struct topology *t = b->t;
        char spec[160];
        for (size_t i = 0; i < t->n_links; i++) {
                const struct topo_link *l = &t->links[i];
                bool ha = here(b, l->a.host), hb = here(b, l->b.host);
                if (!ha && !hb)
                        continue;
                if (ha != hb) {
                        plan_vxlan(b, i);
                        continue;
                }
                const char *na = end_netns(t, &l->a), *nb = end_netns(t, &l->b);
                char *key = xasprintf("link|%s|%s|%s|%s", na, l->a.ifname, nb, l->b.ifname);
                snprintf(spec, sizeof(spec), "mtu=%u master=%s/%s", l->mtu,
                         l->a.kind == TOPO_END_BRIDGE ? l->a.bridge : "",
                         l->b.kind == TOPO_END_BRIDGE ? l->b.bridge : "");
                char *element = xasprintf("links[%zu] (%s:%s - %s:%s)", i, na[0] ? na : "host", l->a.ifname,
                                          nb[0] ? nb : "host", l->b.ifname);
                struct topo_obj *o = add(b, TOBJ_LINK, key ? strdup(key) : NULL, strdup(spec),
                                         element ? strdup(element) : NULL);
                if (o) {
                        o->link = l;
                        snprintf(o->netns, sizeof(o->netns), "%s", na);
                        snprintf(o->ifname, sizeof(o->ifname), "%s", l->a.ifname);
                }
                add_ns_parent(b, o, na);
                if (strcmp(na, nb) != 0)
                        add_ns_parent(b, o, nb);
                const struct topo_end *ends[2] = { &l->a, &l->b };
                for (int e = 0; e < 2; e++)
                        if (ends[e]->kind == TOPO_END_BRIDGE)
                                add_parent(b, o, xasprintf("bridge|%s|%s", end_netns(t, ends[e]), ends[e]->bridge));
                for (int e = 0; e < 2 && key && element; e++)
                        plan_end(b, i, e, ends[e], e ? nb : na, key);
                free(key);
                free(element);
        }
}

static void plan_routes(struct builder *b) {
        const struct topology *t = b->t;
        char dst[IP_PREFIX_STRLEN], via[IP_PREFIX_STRLEN];
        size_t n_before = b->p->n;
        for (size_t i = 0; i < t->n_routes; i++) {
                const struct topo_route *r = &t->routes[i];
                if (!here(b, r->host))
                        continue;
                ip_prefix_format(&r->dst, dst, sizeof(dst));
                via[0] = 0;
                if (r->has_via)
                        ip_addr_format(&r->via, via, sizeof(via));
                struct topo_obj *o = add(b, TOBJ_ROUTE, xasprintf("route|%s|%s", r->ns, dst),
                                         xasprintf("via=%s dev=%s", via, r->dev), xasprintf("routes[%zu] (%s)", i, dst));
                if (!o)
                        continue;
                o->route = r;
                snprintf(o->netns, sizeof(o->netns), "%s", r->ns);
                add_ns_parent(b, o, r->ns);
                /* A route goes when the interfaces and addresses it goes
                 * through go: it depends on every link and address in its
                 * namespace (a route cannot be re-pointed in place). */
                for (size_t k = 0; k < n_before; k++) {
                        const struct topo_obj *x = &b->p->objs[k];
                        if ((x->kind == TOBJ_LINK || x->kind == TOBJ_VXLAN || x->kind == TOBJ_ADDR ||
                             x->kind == TOBJ_BRIDGE) &&
                            strcmp(x->netns, r->ns) == 0)
                                add_parent(b, o, strdup(x->key));
                        else if (x->kind == TOBJ_LINK && x->link && strcmp(end_netns(t, &x->link->b), r->ns) == 0)
                                add_parent(b, o, strdup(x->key));
                }
        }
}

int topo_plan_build(const struct topology *t, const char *host, struct topo_plan *ret) {
        struct builder b = { .p = ret, .t = t, .host = host ? host : "" };
        *ret = (struct topo_plan){ 0 };
        plan_ns(&b);
        plan_bridges(&b);
        plan_links(&b);
        plan_routes(&b);
        if (b.oom) {
                topo_plan_done(ret);
                return -ENOMEM;
        }
        return 0;
}

void topo_plan_done(struct topo_plan *p) {
        for (size_t i = 0; i < p->n; i++) {
                struct topo_obj *o = &p->objs[i];
                free(o->key);
                free(o->spec);
                free(o->element);
                for (size_t k = 0; k < o->n_parents; k++)
                        free(o->parents[k]);
                free(o->parents);
        }
        free(p->objs);
        *p = (struct topo_plan){ 0 };
}

const struct topo_obj *topo_plan_find(const struct topo_plan *p, const char *key) {
        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->objs[i].key, key) == 0)
                        return &p->objs[i];
        return NULL;
}

size_t topo_key_split(char *key, char **fields, size_t max) {
        size_t n = 0;
        char *s = key;
        while (n < max) {
                fields[n++] = s;
                char *sep = strchr(s, TOPO_KEY_SEP);
                if (!sep)
                        break;
                *sep = 0;
                s = sep + 1;
        }
        return n;
}
