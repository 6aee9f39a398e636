/* nsctl addr add|del NAME IF CIDR and nsctl route add|del NAME DEST [via GW]
 * [dev IF]: addresses and routes, in the host ("host") or in a set. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"

static int call(struct client_ctx *ctx, const char *method, json_object *p) {
        struct vl_reply reply;
        int r = call_nsctld(ctx, method, p, NULL, &reply);
        if (r == 0)
                vl_reply_done(&reply);
        return r;
}

/* "add" or "del" in ARGV[1]; -1 for neither (after reporting). */
static int add_or_del(struct client_ctx *ctx, int argc, char **argv, int *ret) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                *ret = args_help(ctx);
                return -1;
        }
        if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "del") != 0)) {
                *ret = usage_error(ctx, "expected 'add' or 'del'");
                return -1;
        }
        return strcmp(argv[1], "add") == 0;
}

static int run_addr(struct client_ctx *ctx, int argc, char **argv) {
        int r, add = add_or_del(ctx, argc, argv, &r);
        if (add < 0)
                return r;
        if (argc != 5)
                return usage_error(ctx, "expected NAME IF CIDR");
        json_object *p = json_object_new_object();
        json_object_object_add(p, "namespace", json_object_new_string(argv[2]));
        json_object_object_add(p, "ifname", json_object_new_string(argv[3]));
        json_object_object_add(p, "address", json_object_new_string(argv[4]));
        return call(ctx, add ? "io.nsctl.Network.AddAddress" : "io.nsctl.Network.DeleteAddress", p);
}

static int run_route(struct client_ctx *ctx, int argc, char **argv) {
        int r, add = add_or_del(ctx, argc, argv, &r);
        if (add < 0)
                return r;
        if (argc < 4)
                return usage_error(ctx, "expected NAME DEST [via GW] [dev IF]");
        json_object *p = json_object_new_object();
        json_object_object_add(p, "namespace", json_object_new_string(argv[2]));
        json_object_object_add(p, "to", json_object_new_string(argv[3]));
        for (int i = 4; i < argc; i += 2) {
                if (i + 1 >= argc || (strcmp(argv[i], "via") != 0 && strcmp(argv[i], "dev") != 0)) {
                        json_object_put(p);
                        return usage_error(ctx, "expected 'via GW' or 'dev IF', not '%s'", argv[i]);
                }
                json_object_object_add(p, argv[i], json_object_new_string(argv[i + 1]));
        }
        return call(ctx, add ? "io.nsctl.Network.AddRoute" : "io.nsctl.Network.DeleteRoute", p);
}

const struct command cmd_addr = {
        .name = "addr",
        .usage = "add|del NAME IF CIDR",
        .brief = "add or delete an address",
        .summary = "Add or delete the address CIDR (198.18.0.1/24, 2001:db8::1/64) on interface IF of\n"
                   "set NAME, or of the host when NAME is 'host'.",
        .run = run_addr,
};

const struct command cmd_route = {
        .name = "route",
        .usage = "add|del NAME DEST [via GW] [dev IF]",
        .brief = "add or delete a route",
        .summary = "Add or delete a route to DEST (a prefix, or 'default') in set NAME, or in the host\n"
                   "when NAME is 'host', through the gateway GW and/or the interface IF.",
        .run = run_route,
};
