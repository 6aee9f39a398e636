/* The hosts of a topology file and the references to them: each host's
 * name and underlay address, vxlanPort and underlayMtu (only for a file
 * with hosts), and the "host" member of the other elements, which says
 * which host's share of the topology they are. */
#include "topology-parser.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* Why ADDR cannot be a host's underlay address, or NULL. */
static const char *underlay_unusable(const struct ip_prefix *a) {
        static const uint8_t zero[16];
        if (a->family == AF_INET) {
                if (memcmp(a->addr, zero, 4) == 0)
                        return "the unspecified address";
                if (a->addr[0] == 127)
                        return "a loopback address";
                if ((a->addr[0] & 0xf0) == 0xe0)
                        return "a multicast address";
                if (a->addr[0] == 255 && a->addr[1] == 255 && a->addr[2] == 255 && a->addr[3] == 255)
                        return "the broadcast address";
                return NULL;
        }
        if (memcmp(a->addr, zero, 16) == 0)
                return "the unspecified address";
        if (memcmp(a->addr, zero, 15) == 0 && a->addr[15] == 1)
                return "the loopback address";
        if (a->addr[0] == 0xff)
                return "a multicast address";
        if (a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80)
                return "a link-local address (it needs an interface to go with it)";
        return NULL;
}

int topo_parse_host(struct parser *p, json_object *o, size_t idx, struct strmap *underlays) {
        static const char *const allowed[] = { "name", "underlay", NULL };
        struct topo_host *h = &p->t->hosts[idx];
        char path[PATH_SIZE], buf[PATH_SIZE], text[IP_PREFIX_STRLEN];
        const char *s, *why;
        json_object *v;
        size_t old;
        int r;

        strf(path, sizeof(path), "hosts[%zu]", idx);
        r = topo_want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        r = topo_parse_unique_name(p, o, path, "host", "hosts", &p->host_names, idx, h->name);
        if (r < 0)
                return r;

        r = topo_want_member(p, o, path, "underlay", json_type_string, buf, &v);
        if (r < 0)
                return r;
        r = topo_want_string(p, v, buf, &s);
        if (r < 0)
                return r;
        if (ip_addr_parse(s, &h->underlay, &why) < 0)
                return fail(p, -EINVAL, buf, "bad underlay address \"%.60s\": %s (an address, without a length)", s,
                            why);
        why = underlay_unusable(&h->underlay);
        if (why)
                return fail(p, -EINVAL, buf, "%s is %s; the underlay is a unicast address of the host", s, why);
        if (idx > 0 && h->underlay.family != p->t->hosts[0].underlay.family)
                return fail(p, -EINVAL, buf, "%s is %s but hosts[0].underlay is %s; the underlay is of one family", s,
                            h->underlay.family == AF_INET ? "IPv4" : "IPv6",
                            h->underlay.family == AF_INET ? "IPv6" : "IPv4");
        ip_addr_format(&h->underlay, text, sizeof(text));
        r = strmap_put(underlays, text, idx, &old);
        if (r < 0)
                return oom(p);
        if (r > 0)
                return fail(p, -EINVAL, buf, "hosts[%zu] has the same underlay address %s", old, text);
        return 0;
}

/* vxlanPort and underlayMtu: only with hosts. */
int topo_parse_vxlan_options(struct parser *p, json_object *doc) {
        json_object *v;
        int64_t x;
        int r;

        p->t->vxlan_port = TOPO_VXLAN_PORT_DEFAULT;
        if (member(doc, "vxlanPort", &v)) {
                if (!p->t->n_hosts)
                        return fail(p, -EINVAL, "vxlanPort", "only for a file with hosts (there are no links between hosts)");
                r = topo_want_int_range(p, v, "vxlanPort", 1, 65535, &x);
                if (r < 0)
                        return r;
                p->t->vxlan_port = (uint16_t)x;
        }
        if (member(doc, "underlayMtu", &v)) {
                if (!p->t->n_hosts)
                        return fail(p, -EINVAL, "underlayMtu", "only for a file with hosts (there are no links between hosts)");
                /* What is left for the VXLAN interface is at least 68. */
                r = topo_want_int_range(p, v, "underlayMtu", 68 + topology_vxlan_overhead(p->t), 65535, &x);
                if (r < 0)
                        return r;
                p->t->underlay_mtu = (unsigned)x;
        }
        return 0;
}

/* NAME is a host of the hosts list. */
int topo_want_host(struct parser *p, const char *name, const char *path) {
        if (!p->t->n_hosts)
                return fail(p, -EINVAL, path, "this file has no hosts list, so there is no host \"%.64s\"", name);
        if (!strmap_get(&p->host_names, name, NULL))
                return fail(p, -EINVAL, path, "no host \"%.64s\" in hosts", name);
        return 0;
}

/* The "host" member of a namespace, bridge or route at PATH, into RET.
 * When the element is in a namespace of the file, DERIVED is that
 * namespace's host (WHERE names it for errors): "host" may then be left
 * out, and must agree if given.  Otherwise "host" is required when the
 * file has hosts, and refused when it has none. */
int topo_parse_host_ref(struct parser *p, json_object *o, const char *path, const char *derived,
                        const char *where, char *ret) {
        char buf[PATH_SIZE];
        const char *s;
        json_object *v;
        int r;

        child(buf, path, "host");
        if (!member(o, "host", &v)) {
                if (derived)
                        memcpy(ret, derived, strlen(derived) + 1);
                else if (p->t->n_hosts)
                        return fail(p, -EINVAL, buf, "missing (required: this file has hosts)");
                return 0;
        }
        r = topo_want_string(p, v, buf, &s);
        if (r < 0)
                return r;
        r = topo_want_host(p, s, buf);
        if (r < 0)
                return r;
        if (derived && strcmp(derived, s) != 0)
                return fail(p, -EINVAL, buf, "%s is on host %s", where, derived);
        memcpy(ret, s, strlen(s) + 1);
        return 0;
}
