/* Fuzz target: a topology document (proto/topology.c, topology_parse), as
 * the daemon gets it in io.nsctl.Topology.Apply and the client reads it
 * from a file: JSON text through vl_json_parse_object, then the parser.
 *
 * Invariants: a refused document names the element and says why; an
 * accepted one has only valid names and interface names, each link end and
 * route refers to an element of the document, and no two interfaces in one
 * network namespace have the same name. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "names.h"
#include "topology.h"
#include "varlink-message.h"

static bool valid_name(const char *s) {
        const char *reason;
        return nsctl_name_check(s, strlen(s), &reason) == 0;
}

static bool valid_ifname(const char *s) {
        const char *reason;
        return nsctl_ifname_check(s, strlen(s), &reason) == 0;
}

static bool has_ns(const struct topology *t, const char *name) {
        for (size_t i = 0; i < t->n_ns; i++)
                if (strcmp(t->ns[i].name, name) == 0)
                        return true;
        return false;
}

static void check_prefixes(const struct ip_prefix *a, size_t n) {
        FUZZ_CHECK(n <= TOPO_MAX_ADDRS);
        for (size_t i = 0; i < n; i++) {
                FUZZ_CHECK(a[i].family == AF_INET || a[i].family == AF_INET6);
                FUZZ_CHECK(a[i].len <= (a[i].family == AF_INET ? 32 : 128));
        }
}

static void check_end(const struct topology *t, const struct topo_end *e) {
        FUZZ_CHECK(valid_ifname(e->ifname));
        switch (e->kind) {
        case TOPO_END_NS:
                FUZZ_CHECK(has_ns(t, e->ns));
                break;
        case TOPO_END_BRIDGE:
                FUZZ_CHECK(topology_find_bridge(t, e->bridge));
                break;
        case TOPO_END_HOST:
                break;
        default:
                FUZZ_CHECK(!"a link end of no kind");
        }
        FUZZ_CHECK(topology_end_netns(t, e));
        check_prefixes(e->addrs, e->n_addrs);
}

/* Interfaces in one network namespace: bridges and link ends. */
struct iface {
        const char *netns, *ifname;
};

static int cmp_iface(const void *a, const void *b) {
        const struct iface *x = a, *y = b;
        int c = strcmp(x->netns, y->netns);
        return c ? c : strcmp(x->ifname, y->ifname);
}

static void check_topology(const struct topology *t) {
        FUZZ_CHECK(valid_name(t->name));
        for (size_t i = 0; i < t->n_ns; i++) {
                FUZZ_CHECK(valid_name(t->ns[i].name));
                FUZZ_CHECK(t->ns[i].n_sysctls <= TOPO_MAX_SYSCTLS);
                for (size_t k = 0; k < t->ns[i].n_sysctls; k++) {
                        const char *reason;
                        FUZZ_CHECK(topology_sysctl_check(t->ns[i].sysctls[k].key, &reason) == 0);
                }
                for (size_t j = 0; j < i; j++)
                        FUZZ_CHECK(strcmp(t->ns[i].name, t->ns[j].name) != 0);
        }
        size_t n = t->n_bridges + 2 * t->n_links, k = 0;
        struct iface *ifs = calloc(n ? n : 1, sizeof(*ifs));
        FUZZ_CHECK(ifs);
        for (size_t i = 0; i < t->n_bridges; i++) {
                const struct topo_bridge *b = &t->bridges[i];
                FUZZ_CHECK(valid_ifname(b->name));
                FUZZ_CHECK(!b->ns[0] || has_ns(t, b->ns));
                check_prefixes(b->addrs, b->n_addrs);
                ifs[k++] = (struct iface){ b->ns, b->name };
        }
        for (size_t i = 0; i < t->n_links; i++) {
                check_end(t, &t->links[i].a);
                check_end(t, &t->links[i].b);
                ifs[k++] = (struct iface){ topology_end_netns(t, &t->links[i].a), t->links[i].a.ifname };
                ifs[k++] = (struct iface){ topology_end_netns(t, &t->links[i].b), t->links[i].b.ifname };
        }
        qsort(ifs, k, sizeof(*ifs), cmp_iface);
        for (size_t i = 1; i < k; i++)
                FUZZ_CHECK(cmp_iface(&ifs[i - 1], &ifs[i]) != 0);
        free(ifs);
        for (size_t i = 0; i < t->n_routes; i++) {
                const struct topo_route *r = &t->routes[i];
                FUZZ_CHECK(!r->ns[0] || has_ns(t, r->ns));
                FUZZ_CHECK(!r->dev[0] || valid_ifname(r->dev));
                check_prefixes(&r->dst, 1);
                if (r->has_via)
                        check_prefixes(&r->via, 1);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        json_object *doc;
        struct topology *t = NULL;
        struct topo_error err;
        const char *reason = NULL;

        if (size > 1 << 20)
                return 0;
        if (vl_json_parse_object((const char *)data, size, &doc, &reason) < 0)
                return 0;
        memset(&err, 0, sizeof(err));
        int r = topology_parse(doc, &t, &err);
        if (r < 0) {
                FUZZ_CHECK(r == -EINVAL || r == -E2BIG || r == -ENOMEM);
                FUZZ_CHECK(!t);
                FUZZ_CHECK(memchr(err.element, '\0', sizeof(err.element)));
                FUZZ_CHECK(memchr(err.reason, '\0', sizeof(err.reason)) && err.reason[0]);
        } else {
                FUZZ_CHECK(t);
                check_topology(t);
                topology_free(t);
        }
        json_object_put(doc);
        return 0;
}
