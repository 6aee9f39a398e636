#include "topo-graph.h"

#include <string.h>

/* Names are [A-Za-z0-9_.-] and addresses [0-9a-f.:/], so quoting them
 * needs no escapes; node ids get a prefix so a set and a bridge of the
 * same name cannot meet. */
static void node_id(FILE *f, const struct topology *t, const struct topo_end *e) {
        switch (e->kind) {
        case TOPO_END_NS:
                fprintf(f, "\"ns:%s\"", e->ns);
                break;
        case TOPO_END_BRIDGE:
                for (size_t i = 0; i < t->n_bridges; i++)
                        if (strcmp(t->bridges[i].name, e->bridge) == 0) {
                                fprintf(f, "\"br:%s/%s\"", t->bridges[i].ns, e->bridge);
                                return;
                        }
                fprintf(f, "\"br:/%s\"", e->bridge);
                break;
        case TOPO_END_HOST:
                if (e->host[0])
                        fprintf(f, "\"host:%s\"", e->host);
                else
                        fputs("\"host\"", f);
                break;
        }
}

static void end_label(FILE *f, const struct topo_end *e) {
        char text[IP_PREFIX_STRLEN];
        fputs(e->ifname, f);
        for (size_t i = 0; i < e->n_addrs; i++) {
                ip_prefix_format(&e->addrs[i], text, sizeof(text));
                fprintf(f, "\\n%s", text);
        }
}

/* Whether a link has an end in HOST's own namespace ("" : any, in a
 * topology without hosts). */
static bool uses_host(const struct topology *t, const char *host) {
        for (size_t i = 0; i < t->n_links; i++)
                for (int w = 0; w < 2; w++) {
                        const struct topo_end *e = w ? &t->links[i].b : &t->links[i].a;
                        if (e->kind == TOPO_END_HOST && strcmp(e->host, host) == 0)
                                return true;
                }
        return false;
}

/* The nodes on HOST ("": all, in a topology without hosts), indented by
 * IND. */
static void nodes(FILE *f, const struct topology *t, const char *host, const char *ind) {
        char text[IP_PREFIX_STRLEN];
        for (size_t i = 0; i < t->n_ns; i++) {
                if (strcmp(t->ns[i].host, host) != 0)
                        continue;
                fprintf(f, "%s\"ns:%s\" [shape=box, label=\"%s", ind, t->ns[i].name, t->ns[i].name);
                for (size_t k = 0; k < t->ns[i].n_sysctls; k++)
                        fprintf(f, "\\n%s=%s", t->ns[i].sysctls[k].key, t->ns[i].sysctls[k].value);
                fputs("\"];\n", f);
        }
        for (size_t i = 0; i < t->n_bridges; i++) {
                const struct topo_bridge *b = &t->bridges[i];
                if (strcmp(b->host, host) != 0)
                        continue;
                fprintf(f, "%s\"br:%s/%s\" [shape=ellipse, label=\"%s", ind, b->ns, b->name, b->name);
                for (size_t k = 0; k < b->n_addrs; k++) {
                        ip_prefix_format(&b->addrs[k], text, sizeof(text));
                        fprintf(f, "\\n%s", text);
                }
                if (b->nat)
                        fputs("\\nNAT", f);
                fputs("\"];\n", f);
        }
        if (host[0] && uses_host(t, host))
                fprintf(f, "%s\"host:%s\" [shape=diamond, label=\"host\"];\n", ind, host);
        else if (!host[0] && uses_host(t, ""))
                fprintf(f, "%s\"host\" [shape=diamond];\n", ind);
}

void topo_graph_print(FILE *f, const struct topology *t, const char *local) {
        char text[IP_PREFIX_STRLEN];
        fprintf(f, "graph \"%s\" {\n", t->name);
        fputs("  node [fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n", f);
        if (!t->n_hosts)
                nodes(f, t, "", "  ");
        for (size_t i = 0; i < t->n_hosts; i++) {
                const struct topo_host *h = &t->hosts[i];
                ip_addr_format(&h->underlay, text, sizeof(text));
                fprintf(f, "  subgraph \"cluster_%s\" {\n    label=\"%s\\n%s%s\";\n", h->name, h->name, text,
                        local && strcmp(local, h->name) == 0 ? " (this host)" : "");
                nodes(f, t, h->name, "    ");
                fputs("  }\n", f);
        }
        for (size_t i = 0; i < t->n_bridges; i++) {
                const struct topo_bridge *b = &t->bridges[i];
                if (b->ns[0])
                        fprintf(f, "  \"ns:%s\" -- \"br:%s/%s\" [style=dotted];\n", b->ns, b->ns, b->name);
        }
        for (size_t i = 0; i < t->n_links; i++) {
                const struct topo_link *l = &t->links[i];
                fputs("  ", f);
                node_id(f, t, &l->a);
                fputs(" -- ", f);
                node_id(f, t, &l->b);
                fputs(" [taillabel=\"", f);
                end_label(f, &l->a);
                fputs("\", headlabel=\"", f);
                end_label(f, &l->b);
                fputs("\"", f);
                if (topology_link_is_remote(l))
                        fprintf(f, ", label=\"VXLAN %u\", style=dashed", l->vni);
                else if (l->a.shaping.set || l->b.shaping.set)
                        fputs(", style=bold", f);
                fputs("];\n", f);
        }
        fputs("}\n", f);
}
