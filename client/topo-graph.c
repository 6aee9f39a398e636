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

static bool uses_host(const struct topology *t) {
        for (size_t i = 0; i < t->n_links; i++)
                if (t->links[i].a.kind == TOPO_END_HOST || t->links[i].b.kind == TOPO_END_HOST)
                        return true;
        return false;
}

void topo_graph_print(FILE *f, const struct topology *t) {
        char text[IP_PREFIX_STRLEN];
        fprintf(f, "graph \"%s\" {\n", t->name);
        fputs("  node [fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n", f);
        for (size_t i = 0; i < t->n_ns; i++) {
                fprintf(f, "  \"ns:%s\" [shape=box, label=\"%s", t->ns[i].name, t->ns[i].name);
                for (size_t k = 0; k < t->ns[i].n_sysctls; k++)
                        fprintf(f, "\\n%s=%s", t->ns[i].sysctls[k].key, t->ns[i].sysctls[k].value);
                fputs("\"];\n", f);
        }
        for (size_t i = 0; i < t->n_bridges; i++) {
                const struct topo_bridge *b = &t->bridges[i];
                fprintf(f, "  \"br:%s/%s\" [shape=ellipse, label=\"%s", b->ns, b->name, b->name);
                for (size_t k = 0; k < b->n_addrs; k++) {
                        ip_prefix_format(&b->addrs[k], text, sizeof(text));
                        fprintf(f, "\\n%s", text);
                }
                if (b->nat)
                        fputs("\\nNAT", f);
                fputs("\"];\n", f);
                if (b->ns[0])
                        fprintf(f, "  \"ns:%s\" -- \"br:%s/%s\" [style=dotted];\n", b->ns, b->ns, b->name);
        }
        if (uses_host(t))
                fputs("  \"host\" [shape=diamond];\n", f);
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
                if (l->a.shaping.set || l->b.shaping.set)
                        fputs(", style=bold", f);
                fputs("];\n", f);
        }
        fputs("}\n", f);
}
