/* nsctl bridge add|del BR: a bridge in the host or in a set. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "addr", required_argument, NULL, 'a' },
                { "mtu", required_argument, NULL, 'm' },
                { "in", required_argument, NULL, 'i' },
                { "nat", no_argument, NULL, 'N' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        json_object *p = json_object_new_object(), *addrs = json_object_new_array();
        struct vl_reply reply;
        int c, r = -1;

        if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "del") != 0)) {
                json_object_put(p);
                json_object_put(addrs);
                if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
                        return args_help(ctx);
                return usage_error(ctx, "expected 'add' or 'del'");
        }
        bool add = strcmp(argv[1], "add") == 0;
        args_reset();
        while (r < 0 && (c = getopt_long(argc - 1, argv + 1, ":hi:a:m:N", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        r = args_help(ctx);
                        break;
                case 'i':
                        json_object_object_add(p, "namespace", json_object_new_string(optarg));
                        break;
                case 'N':
                        if (!add)
                                r = usage_error(ctx, "--nat is for 'bridge add'");
                        json_object_object_add(p, "nat", json_object_new_boolean(1));
                        break;
                case 'a':
                        if (!add)
                                r = usage_error(ctx, "--addr is for 'bridge add'");
                        json_object_array_add(addrs, json_object_new_string(optarg));
                        break;
                case 'm': {
                        char *end;
                        long m = strtol(optarg, &end, 10);
                        if (!add || *end || end == optarg)
                                r = usage_error(ctx, "bad --mtu '%s'", optarg);
                        json_object_object_add(p, "mtu", json_object_new_int64(m));
                        break;
                }
                default:
                        r = args_option_error(ctx, argv + 1, c);
                }
        if (r < 0 && optind + 1 != argc - 1)
                r = usage_error(ctx, optind + 1 >= argc ? "missing bridge name" : "unexpected argument '%s'",
                                argv[optind + 2 < argc ? optind + 2 : 0]);
        if (r >= 0) {
                json_object_put(p);
                json_object_put(addrs);
                return r;
        }
        json_object_object_add(p, "name", json_object_new_string(argv[optind + 1]));
        if (json_object_array_length(addrs) > 0)
                json_object_object_add(p, "addresses", addrs);
        else
                json_object_put(addrs);
        r = call_nsctld(ctx, add ? "io.nsctl.Network.AddBridge" : "io.nsctl.Network.DeleteBridge", p, NULL, &reply);
        if (r == 0)
                vl_reply_done(&reply);
        return r;
}

const struct command cmd_bridge = {
        .name = "bridge",
        .usage = "add|del BR [--in NAME] [--addr CIDR]... [--mtu N] [--nat]",
        .brief = "add or delete a bridge",
        .summary = "Add a bridge BR, up, in the host's network namespace or with --in NAME in a set's,\n"
                   "with the given addresses and MTU; or delete it.  --nat (host bridges): masquerade\n"
                   "the bridge's IPv4 subnets out of the host and enable forwarding, in an nftables\n"
                   "table of their own that 'bridge del' removes, putting forwarding back.",
        .run = run,
};
