/* The interface names and VNIs of a topology, once all its links are
 * parsed: the names the file does not give are made up, every interface
 * name is checked to be unique in its network namespace, and the links
 * between hosts get their VNIs.  Apart from topology.c because these are
 * passes over the parsed topology, not over the JSON, under rules of their
 * own (nsctl-topology(5)): what they make up depends only on the file, so
 * that every host of a lab computes the same VNIs and the same file applied
 * again finds the same names. */
#include "topology-parser.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- interface names ----------------------------------------------------- */

/* The network namespace an end's interface is in: "" for the host. */
static const char *end_netns(struct parser *p, const struct topo_end *e) {
        switch (e->kind) {
        case TOPO_END_NS:
                return e->ns;
        case TOPO_END_BRIDGE:
                return find_bridge(p, e->bridge)->ns;
        case TOPO_END_HOST:
                break;
        }
        return "";
}

static void owner_path(struct parser *p, size_t owner, char *buf, size_t size) {
        size_t nb = p->t->n_bridges;
        if (owner < nb)
                strf(buf, size, "bridges[%zu]", owner);
        else
                strf(buf, size, "links[%zu].%c", (owner - nb) / 2, (owner - nb) % 2 ? 'b' : 'a');
}

/* The key of an interface in p->ifnames: names contain no '/'.  HOST
 * matters for the hosts' own namespaces (NETNS ""), one on each host. */
void topo_ifkey(char *buf, const char *host, const char *netns, const char *ifname) {
        strf(buf, PATH_SIZE, "%s/%s/%s", host, netns, ifname);
}

/* Interface names not given: "ethN" in namespaces, skipping the names the
 * file gives there; "NS-IF" or "nt" + FNV-1a hex on bridge ports and in the
 * host. */
int topo_default_ifnames(struct parser *p) {
        struct topology *t = p->t;
        struct strmap given = {};
        size_t *next = NULL;
        char key[PATH_SIZE];
        int r = 0;

        if (strmap_init(&given, t->n_bridges + 2 * t->n_links) < 0 ||
            !(next = calloc(t->n_ns ? t->n_ns : 1, sizeof(*next)))) {
                r = oom(p);
                goto out;
        }
        for (size_t i = 0; i < t->n_bridges; i++) {
                topo_ifkey(key, t->bridges[i].host, t->bridges[i].ns, t->bridges[i].name);
                if (strmap_put(&given, key, 0, NULL) < 0) {
                        r = oom(p);
                        goto out;
                }
        }
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_end *e = i % 2 ? &t->links[i / 2].b : &t->links[i / 2].a;
                if (!e->ifname[0])
                        continue;
                topo_ifkey(key, e->host, end_netns(p, e), e->ifname);
                if (strmap_put(&given, key, 0, NULL) < 0) {
                        r = oom(p);
                        goto out;
                }
        }

        /* Namespace ends first: bridge and host ends are named after them. */
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_end *e = i % 2 ? &t->links[i / 2].b : &t->links[i / 2].a;
                size_t nsi = 0;

                if (e->kind != TOPO_END_NS || e->ifname[0])
                        continue;
                strmap_get(&p->ns_names, e->ns, &nsi);
                for (;; next[nsi]++) {
                        strf(e->ifname, sizeof(e->ifname), "eth%zu", next[nsi]);
                        topo_ifkey(key, e->host, e->ns, e->ifname);
                        if (!strmap_get(&given, key, NULL))
                                break;
                }
                next[nsi]++;
        }
        for (size_t i = 0; i < 2 * t->n_links; i++) {
                struct topo_link *l = &t->links[i / 2];
                struct topo_end *e = i % 2 ? &l->b : &l->a, *other = i % 2 ? &l->a : &l->b;

                if (e->kind == TOPO_END_NS || e->ifname[0])
                        continue;
                if (other->kind == TOPO_END_NS) {
                        if (strlen(other->ns) + 1 + strlen(other->ifname) <= NSCTL_IFNAME_MAX)
                                strf(e->ifname, sizeof(e->ifname), "%s-%s", other->ns, other->ifname);
                        else {
                                strf(key, sizeof(key), "%s/%s/%s", t->name, other->ns, other->ifname);
                                strf(e->ifname, sizeof(e->ifname), "nt%08" PRIx32, fnv1a(key));
                        }
                } else {
                        strf(key, sizeof(key), "%s/%s/%zu", t->name, e->kind == TOPO_END_BRIDGE ? e->bridge : "host",
                             i / 2);
                        strf(e->ifname, sizeof(e->ifname), "nt%08" PRIx32, fnv1a(key));
                }
        }
out:
        strmap_done(&given);
        free(next);
        return r;
}

/* Every interface the file makes, bridges and veth ends, has a name of its
 * own in its network namespace. */
int topo_unique_ifnames(struct parser *p) {
        struct topology *t = p->t;
        char key[PATH_SIZE], path[PATH_SIZE], where[PATH_SIZE], netns_desc[NSCTL_NAME_MAX + 16];
        size_t old;
        int r;

        for (size_t i = 0; i < t->n_bridges + 2 * t->n_links; i++) {
                const char *netns, *ifname, *host;
                bool made_up = false;

                if (i < t->n_bridges) {
                        netns = t->bridges[i].ns;
                        ifname = t->bridges[i].name;
                        host = t->bridges[i].host;
                        strf(path, sizeof(path), "bridges[%zu].name", i);
                } else {
                        size_t j = i - t->n_bridges;
                        struct topo_end *e = j % 2 ? &t->links[j / 2].b : &t->links[j / 2].a;

                        netns = end_netns(p, e);
                        ifname = e->ifname;
                        host = e->host;
                        made_up = p->ifname_src[j] == IFNAME_DEFAULT;
                        strf(path, sizeof(path), "links[%zu].%c%s", j / 2, j % 2 ? 'b' : 'a',
                             p->ifname_src[j] == IFNAME_MEMBER ? ".ifname" : "");
                }
                topo_ifkey(key, host, netns, ifname);
                r = strmap_put(&p->ifnames, key, i, &old);
                if (r < 0)
                        return oom(p);
                if (r == 0)
                        continue;
                owner_path(p, old, where, sizeof(where));
                if (netns[0])
                        strf(netns_desc, sizeof(netns_desc), "namespace %s", netns);
                else if (host[0])
                        strf(netns_desc, sizeof(netns_desc), "the host (%s)", host);
                else
                        strf(netns_desc, sizeof(netns_desc), "the host");
                return fail(p, -EINVAL, path, "interface name %s%s is already used in %s by %s", ifname,
                            made_up ? " (made up: give an ifname)" : "", netns_desc, where);
        }
        return 0;
}

/* ---- VNIs -------------------------------------------------------------- */

/* An end of a link between hosts, for the VNI: "HOST/NETNS/IF". */
static void vni_end(struct parser *p, const struct topo_end *e, char *buf, size_t size) {
        strf(buf, size, "%s/%s/%s", e->host, end_netns(p, e), e->ifname);
}

/* Links between hosts without a "vni" get 1 + FNV-1a(TOPOLOGY/END/END) mod
 * 16777215, the two ends in byte order, so the VNI of a link does not move
 * when other links come and go or its ends are swapped.  Given VNIs are
 * taken first; a made-up one that is taken goes up by one (after 16777215
 * comes 1) until it is free, in link order. */
int topo_assign_vnis(struct parser *p) {
        struct topology *t = p->t;
        struct strmap used = {};
        char key[3 * PATH_SIZE], ea[PATH_SIZE], eb[PATH_SIZE], num[16], path[PATH_SIZE];
        size_t old;
        int r = 0;

        if (!t->n_hosts)
                return 0;
        if (strmap_init(&used, t->n_links) < 0)
                return oom(p);
        for (size_t i = 0; i < t->n_links && r == 0; i++) {
                const struct topo_link *l = &t->links[i];
                if (!l->vni)
                        continue;
                strf(num, sizeof(num), "%" PRIu32, l->vni);
                r = strmap_put(&used, num, i, &old);
                if (r < 0)
                        r = oom(p);
                else if (r > 0) {
                        strf(path, sizeof(path), "links[%zu].vni", i);
                        r = fail(p, -EINVAL, path, "vni %" PRIu32 " is already used by links[%zu]", l->vni, old);
                }
        }
        for (size_t i = 0; i < t->n_links && r == 0; i++) {
                struct topo_link *l = &t->links[i];
                if (l->vni || strcmp(l->a.host, l->b.host) == 0)
                        continue;
                vni_end(p, &l->a, ea, sizeof(ea));
                vni_end(p, &l->b, eb, sizeof(eb));
                bool swap = strcmp(ea, eb) > 0;
                strf(key, sizeof(key), "%s/%s/%s", t->name, swap ? eb : ea, swap ? ea : eb);
                uint32_t vni = 1 + fnv1a(key) % TOPO_VNI_MAX;
                for (;;) {
                        strf(num, sizeof(num), "%" PRIu32, vni);
                        r = strmap_put(&used, num, i, NULL);
                        if (r <= 0)
                                break;
                        vni = vni % TOPO_VNI_MAX + 1;
                }
                if (r < 0)
                        r = oom(p);
                l->vni = vni;
        }
        strmap_done(&used);
        return r;
}
