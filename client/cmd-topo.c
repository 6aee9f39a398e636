/* nsctl topo apply|destroy|list|show|graph: declarative labs. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "creds.h"
#include "log.h"
#include "output.h"
#include "table.h"
#include "topo-graph.h"
#include "topology.h"

/* Larger than any lab we build; the daemon has its own message limit. */
#define TOPO_FILE_MAX (16 * 1024 * 1024)

static int read_document(const char *path, json_object **ret) {
        int fd = strcmp(path, "-") == 0 ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3) : open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                log_error("cannot open %s: %s", path, strerror(errno));
                return NSCTL_EXIT_USAGE;
        }
        char *buf = NULL;
        size_t len = 0, cap = 0;
        for (;;) {
                if (len + 65536 > cap) {
                        cap = cap ? cap * 2 : 131072;
                        char *b = cap <= TOPO_FILE_MAX + 65536 ? realloc(buf, cap) : NULL;
                        if (!b) {
                                log_error("%s: larger than %d bytes", path, TOPO_FILE_MAX);
                                free(buf);
                                close(fd);
                                return NSCTL_EXIT_USAGE;
                        }
                        buf = b;
                }
                ssize_t k = read(fd, buf + len, cap - len);
                if (k < 0) {
                        log_error("cannot read %s: %s", path, strerror(errno));
                        free(buf);
                        close(fd);
                        return NSCTL_EXIT_FAILURE;
                }
                if (k == 0)
                        break;
                len += (size_t)k;
        }
        close(fd);
        const char *reason = "not a JSON object";
        int r = vl_json_parse_object(buf, len, ret, &reason);
        free(buf);
        if (r < 0) {
                log_error("%s: invalid JSON: %s", path, reason);
                return NSCTL_EXIT_USAGE;
        }
        return 0;
}

static const char *str_member(json_object *o, const char *key) {
        json_object *v;
        return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "?";
}

static int64_t int_member(json_object *o, const char *key) {
        json_object *v;
        return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
}

static int one_operand(struct client_ctx *ctx, int argc, char **argv, const char *what, const char **ret) {
        int c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
        if (optind >= argc)
                return usage_error(ctx, "missing %s", what);
        if (optind + 1 < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind + 1]);
        *ret = argv[optind];
        return -1;
}

static int apply(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "host", required_argument, NULL, 'H' },
                { "persist", no_argument, NULL, 'p' },
                { "no-persist", no_argument, NULL, 'P' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        const char *path, *host = NULL;
        int persist = -1; /* not asked: the daemon keeps it as it was */
        json_object *doc, *changes;
        struct vl_reply reply;
        char where[NSCTL_NAME_MAX + 16] = "";
        int c, r;

        args_reset();
        while ((c = getopt_long(argc, argv, ":hjH:", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return args_help(ctx);
                case 'j':
                        ctx->json = true;
                        break;
                case 'H':
                        host = optarg;
                        break;
                case 'p':
                case 'P':
                        persist = c == 'p';
                        break;
                default:
                        return args_option_error(ctx, argv, c);
                }
        if (optind >= argc)
                return usage_error(ctx, "missing topology FILE");
        if (optind + 1 < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind + 1]);
        path = argv[optind];
        if (host && (r = args_check_name(host)) != 0)
                return r;
        r = read_document(path, &doc);
        if (r != 0)
                return r;
        json_object *p = json_object_new_object();
        if (!p || call_params_add(p, "topology", doc) < 0 ||
            (host && call_params_add(p, "host", json_object_new_string(host)) < 0) ||
            (persist >= 0 && call_params_add(p, "persist", json_object_new_boolean(persist)) < 0)) {
                json_object_put(p);
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        r = call_nsctld(ctx, "io.nsctl.Topology.Apply", p, NULL, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "changes", json_type_object, &changes);
        if (vl_params_string(reply.parameters, "host"))
                snprintf(where, sizeof(where), " on host %s", vl_params_string(reply.parameters, "host"));
        json_object *pv;
        const char *persistent =
                json_object_object_get_ex(reply.parameters, "persistent", &pv) && json_object_get_boolean(pv)
                        ? ", persistent"
                        : "";
        if (r == 0) {
                if (ctx->json)
                        output_json(reply.parameters);
                else if (int_member(changes, "created") == 0 && int_member(changes, "removed") == 0)
                        printf("topology %s%s: no change (%lld objects)%s\n", str_member(reply.parameters, "name"),
                               where, (long long)int_member(changes, "unchanged"), persistent);
                else
                        printf("topology %s%s: %lld created, %lld removed, %lld unchanged%s\n",
                               str_member(reply.parameters, "name"), where, (long long)int_member(changes, "created"),
                               (long long)int_member(changes, "removed"), (long long)int_member(changes, "unchanged"),
                               persistent);
        }
        vl_reply_done(&reply);
        return r;
}

static int destroy(struct client_ctx *ctx, int argc, char **argv) {
        const char *name;
        json_object *changes;
        struct vl_reply reply;
        int r = one_operand(ctx, argc, argv, "topology NAME", &name);
        if (r >= 0)
                return r;
        if ((r = args_check_name(name)) != 0)
                return r;
        r = call_nsctld(ctx, "io.nsctl.Topology.Destroy", call_name_params(name), name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "changes", json_type_object, &changes);
        if (r == 0) {
                if (ctx->json)
                        output_json(reply.parameters);
                else
                        printf("topology %s destroyed: %lld objects removed\n", name,
                               (long long)int_member(changes, "removed"));
        }
        vl_reply_done(&reply);
        return r;
}

static int list(struct client_ctx *ctx, int argc, char **argv) {
        static const char *const headers[] = { "NAME", "OWNER", "NAMESPACES", "BRIDGES", "LINKS", "OBJECTS" };
        struct vl_reply reply;
        json_object *arr;
        int c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
        if (optind < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind]);
        int r = call_nsctld(ctx, "io.nsctl.Topology.List", NULL, NULL, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "topologies", json_type_array, &arr);
        if (r == 0 && ctx->json)
                output_json(arr);
        else if (r == 0) {
                struct table t;
                table_init(&t, 6, headers);
                for (size_t i = 0; i < json_object_array_length(arr); i++) {
                        json_object *e = json_object_array_get_idx(arr, i);
                        char cells[5][24];
                        static const char *const keys[] = { "ownerUid", "namespaces", "bridges", "links", "objects" };
                        json_object *v;
                        /* Another user's topology comes with its name and owner only. */
                        for (int k = 0; k < 5; k++)
                                if (json_object_object_get_ex(e, keys[k], &v) && json_object_is_type(v, json_type_int))
                                        snprintf(cells[k], sizeof(cells[k]), "%lld", (long long)json_object_get_int64(v));
                                else
                                        snprintf(cells[k], sizeof(cells[k]), "-");
                        const char *owner = json_object_object_get_ex(e, "ownerName", &v) ? str_member(e, "ownerName") : cells[0];
                        const char *row[6] = { str_member(e, "name"), owner, cells[1], cells[2], cells[3], cells[4] };
                        if (table_add_row(&t, row) < 0)
                                r = NSCTL_EXIT_FAILURE;
                }
                table_print(&t);
                table_done(&t);
        }
        vl_reply_done(&reply);
        return r;
}

/* A string array member as "a, b, c" ("-" when empty). */
static void print_names(json_object *o, const char *key) {
        json_object *a;
        size_t n = 0;
        if (json_object_object_get_ex(o, key, &a) && json_object_is_type(a, json_type_array))
                n = json_object_array_length(a);
        for (size_t i = 0; i < n; i++) {
                json_object *v = json_object_array_get_idx(a, i);
                char *s = output_printable(json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "?");
                printf("%s%s", i ? ", " : "", s ? s : "?");
                free(s);
        }
        if (!n)
                fputs("-", stdout);
}

/* The hosts of a topology spread over several, as Show gives them. */
static void show_hosts(json_object *params) {
        json_object *hosts;
        if (!json_object_object_get_ex(params, "hosts", &hosts) || !json_object_is_type(hosts, json_type_array))
                return;
        char *here = output_printable(str_member(params, "host"));
        printf("Host: %s\nHosts:\n", here ? here : "?");
        free(here);
        for (size_t i = 0; i < json_object_array_length(hosts); i++) {
                json_object *h = json_object_array_get_idx(hosts, i), *local;
                char *name = output_printable(str_member(h, "name")), *addr = output_printable(str_member(h, "underlay"));
                bool is_local = json_object_object_get_ex(h, "local", &local) &&
                                json_object_is_type(local, json_type_boolean) && json_object_get_boolean(local);
                printf("  %s  %s%s  namespaces: ", name ? name : "?", addr ? addr : "?", is_local ? " (this host)" : "");
                print_names(h, "namespaces");
                fputs("  bridges: ", stdout);
                print_names(h, "bridges");
                fputs("\n", stdout);
                free(name);
                free(addr);
        }
}

/* Show's reply, with R set to an exit status when it fails. */
static int show_reply(struct client_ctx *ctx, int argc, char **argv, struct vl_reply *reply, const char **ret_name) {
        int r = one_operand(ctx, argc, argv, "topology NAME", ret_name);
        if (r >= 0)
                return r;
        if ((r = args_check_name(*ret_name)) != 0)
                return r;
        return call_nsctld(ctx, "io.nsctl.Topology.Show", call_name_params(*ret_name), *ret_name, reply);
}

static int show(struct client_ctx *ctx, int argc, char **argv) {
        struct vl_reply reply;
        const char *name;
        json_object *objs;
        int r = show_reply(ctx, argc, argv, &reply, &name);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "objects", json_type_array, &objs);
        if (r == 0 && ctx->json)
                output_json(reply.parameters);
        else if (r == 0) {
                char owner[32];
                json_object *pv;
                bool persistent = json_object_object_get_ex(reply.parameters, "persistent", &pv) &&
                                  json_object_get_boolean(pv);
                printf("Name: %s\nOwner: %s\nPersistent: %s\n", name,
                       creds_user_name((long long)int_member(reply.parameters, "ownerUid"), owner, sizeof(owner)),
                       persistent ? "yes" : "no");
                show_hosts(reply.parameters);
                printf("Objects: %zu\n", json_object_array_length(objs));
                for (size_t i = 0; i < json_object_array_length(objs); i++) {
                        json_object *e = json_object_array_get_idx(objs, i);
                        char *key = output_printable(str_member(e, "key")), *spec = output_printable(str_member(e, "spec"));
                        if (key && spec)
                                printf("  %s%s%s\n", key, spec[0] ? "  " : "", spec);
                        free(key);
                        free(spec);
                        const char *rh = vl_params_string(e, "remoteHost"), *re = vl_params_string(e, "remoteEnd");
                        if (rh && re) {
                                char *h = output_printable(rh), *end = output_printable(re);
                                if (h && end)
                                        printf("    -> %s on host %s (VXLAN %lld)\n", end, h,
                                               (long long)int_member(e, "vni"));
                                free(h);
                                free(end);
                        }
                }
        }
        vl_reply_done(&reply);
        return r;
}

static int graph(struct client_ctx *ctx, int argc, char **argv) {
        struct vl_reply reply;
        const char *name;
        json_object *doc;
        struct topology *t;
        struct topo_error err;
        int r = show_reply(ctx, argc, argv, &reply, &name);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "topology", json_type_object, &doc);
        if (r == 0 && topology_parse(doc, &t, &err) < 0) {
                log_error("topology %s: the recorded document is not valid: %s: %s", name, err.element, err.reason);
                r = NSCTL_EXIT_FAILURE;
        } else if (r == 0) {
                topo_graph_print(stdout, t, vl_params_string(reply.parameters, "host"));
                topology_free(t);
        }
        vl_reply_done(&reply);
        return r;
}

static const struct {
        const char *name;
        int (*run)(struct client_ctx *ctx, int argc, char **argv);
} subcommands[] = {
        { "apply", apply }, { "destroy", destroy }, { "list", list }, { "show", show }, { "graph", graph },
};

static int run(struct client_ctx *ctx, int argc, char **argv) {
        if (argc < 2)
                return usage_error(ctx, "missing subcommand (apply, destroy, list, show or graph)");
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
                return args_help(ctx);
        for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
                if (strcmp(argv[1], subcommands[i].name) == 0)
                        return subcommands[i].run(ctx, argc - 1, argv + 1);
        return usage_error(ctx, "unknown subcommand '%s' (apply, destroy, list, show or graph)", argv[1]);
}

const struct command cmd_topo = {
        .name = "topo",
        .usage = "apply FILE [--host HOST] [--persist|--no-persist] | destroy NAME | list | show NAME | graph NAME",
        .brief = "build, change and remove labs from topology files",
        .summary = "Declarative labs; the file format is in nsctl-topology(5).\n"
                   "  apply FILE    build the topology FILE describes, or change a built one to match\n"
                   "                it; transactional (a failed step removes what the apply made) and\n"
                   "                idempotent (applying the same file again changes nothing).  FILE\n"
                   "                may be - for standard input.  For a lab spread over hosts,\n"
                   "                --host HOST makes this host's share (default: the one host whose\n"
                   "                underlay address is an address of this machine).  --persist: apply\n"
                   "                it again when nsctld starts after a reboot, until destroyed or\n"
                   "                applied with --no-persist (without either, as it was).\n"
                   "  destroy NAME  remove exactly what the topology made\n"
                   "  list          the topologies: owner and counts of what each made\n"
                   "  show NAME     the objects a topology made, and its hosts and the far\n"
                   "                ends of its links to them (--json: and its document)\n"
                   "  graph NAME    the topology as Graphviz DOT: nsctl topo graph lab | dot -Tsvg > lab.svg",
        .run = run,
};
