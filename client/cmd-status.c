/* nsctl status: the daemon's version, uptime, socket, counts and health. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"

static int print_status(json_object *p) {
        static const char *const keys[][2] = {
                { "version", "Version" },     { "uptimeSeconds", "Uptime (s)" },
                { "socket", "Socket" },       { "runtimeDirectory", "Runtime dir" },
                { "namespaces", "Namespace sets" }, { "brokenNamespaces", "Broken sets" },
                { "topologies", "Topologies" },
                { "connections", "Connections" }, { "health", "Health" },
        };
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                json_object *v;
                if (!json_object_object_get_ex(p, keys[i][0], &v))
                        continue;
                if (json_object_is_type(v, json_type_int))
                        printf("%-16s%" PRId64 "\n", keys[i][1], json_object_get_int64(v));
                else
                        printf("%-16s%s\n", keys[i][1], json_object_get_string(v));
        }
        return 0;
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        struct vl_reply reply;
        int c, r;

        c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
        if (optind < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind]);

        r = call_nsctld(ctx, "io.nsctl.Service.GetStatus", NULL, NULL, &reply);
        if (r != 0)
                return r;
        if (ctx->json)
                output_json(reply.parameters);
        else
                print_status(reply.parameters);
        vl_reply_done(&reply);
        return 0;
}

const struct command cmd_status = {
        .name = "status",
        .usage = "[--json]",
        .brief = "show the daemon's version, uptime, socket, counts and health",
        .summary = "Show nsctld's version, uptime, socket and runtime directory, how many namespace\n"
                   "sets it keeps and how many of them are broken, its open connections, and its\n"
                   "health: ok, or degraded while a set is broken.",
        .run = run,
};
