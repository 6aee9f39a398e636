/* nsctl link add|del|shape: veth links between sets, bridges and the host. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"

/* "NAME[:IF]" into P as KEY and KEY_IF. */
static void add_end(json_object *p, const char *arg, const char *key, const char *key_if) {
        const char *colon = strchr(arg, ':');
        json_object_object_add(p, key, json_object_new_string_len(arg, colon ? (int)(colon - arg) : (int)strlen(arg)));
        if (colon)
                json_object_object_add(p, key_if, json_object_new_string(colon + 1));
}

static int call(struct client_ctx *ctx, const char *method, json_object *p, bool print_names) {
        struct vl_reply reply;
        int r = call_nsctld(ctx, method, p, NULL, &reply);
        if (r != 0)
                return r;
        if (print_names && ctx->json)
                output_json(reply.parameters);
        else if (print_names)
                printf("%s %s\n", vl_params_string(reply.parameters, "aIfname") ?: "?",
                       vl_params_string(reply.parameters, "bIfname") ?: "?");
        vl_reply_done(&reply);
        return 0;
}

static int link_add(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "addr-a", required_argument, NULL, 'a' },
                { "addr-b", required_argument, NULL, 'b' },
                { "mtu", required_argument, NULL, 'm' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        json_object *p = json_object_new_object(), *aa = json_object_new_array(), *ba = json_object_new_array();
        int c, r = -1;
        args_reset();
        while (r < 0 && (c = getopt_long(argc, argv, ":hja:b:m:", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        r = args_help(ctx);
                        break;
                case 'j':
                        ctx->json = true;
                        break;
                case 'a':
                        json_object_array_add(aa, json_object_new_string(optarg));
                        break;
                case 'b':
                        json_object_array_add(ba, json_object_new_string(optarg));
                        break;
                case 'm': {
                        char *end;
                        long m = strtol(optarg, &end, 10);
                        if (*end || end == optarg)
                                r = usage_error(ctx, "bad --mtu '%s'", optarg);
                        json_object_object_add(p, "mtu", json_object_new_int64(m));
                        break;
                }
                default:
                        r = args_option_error(ctx, argv, c);
                }
        if (r < 0 && argc - optind != 2)
                r = usage_error(ctx, argc - optind < 2 ? "expected two ends, A[:IF] B[:IF]" : "unexpected argument '%s'",
                                argv[argc - 1]);
        if (r >= 0) {
                json_object_put(p);
                json_object_put(aa);
                json_object_put(ba);
                return r;
        }
        add_end(p, argv[optind], "a", "aIfname");
        add_end(p, argv[optind + 1], "b", "bIfname");
        json_object_object_add(p, "aAddresses", aa);
        json_object_object_add(p, "bAddresses", ba);
        return call(ctx, "io.nsctl.Network.AddLink", p, true);
}

static int link_del(struct client_ctx *ctx, int argc, char **argv) {
        int c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
        if (argc - optind != 1 || !strchr(argv[optind], ':'))
                return usage_error(ctx, "expected one end, NAME:IF");
        json_object *p = json_object_new_object();
        add_end(p, argv[optind], "namespace", "ifname");
        return call(ctx, "io.nsctl.Network.DeleteLink", p, false);
}

static int link_shape(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "rate", required_argument, NULL, 'r' },
                { "delay", required_argument, NULL, 'd' },
                { "jitter", required_argument, NULL, 'J' },
                { "loss", required_argument, NULL, 'l' },
                { "clear", no_argument, NULL, 'c' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        json_object *p = json_object_new_object();
        int c, r = -1;
        args_reset();
        while (r < 0 && (c = getopt_long(argc, argv, ":hr:d:J:l:c", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        r = args_help(ctx);
                        break;
                case 'r':
                        json_object_object_add(p, "rate", json_object_new_string(optarg));
                        break;
                case 'd':
                        json_object_object_add(p, "delay", json_object_new_string(optarg));
                        break;
                case 'J':
                        json_object_object_add(p, "jitter", json_object_new_string(optarg));
                        break;
                case 'l':
                        json_object_object_add(p, "loss", json_object_new_string(optarg));
                        break;
                case 'c':
                        json_object_object_add(p, "clear", json_object_new_boolean(1));
                        break;
                default:
                        r = args_option_error(ctx, argv, c);
                }
        if (r < 0 && (argc - optind != 1 || !strchr(argv[optind], ':')))
                r = usage_error(ctx, "expected one end, NAME:IF");
        if (r >= 0) {
                json_object_put(p);
                return r;
        }
        add_end(p, argv[optind], "namespace", "ifname");
        return call(ctx, "io.nsctl.Network.SetShaping", p, false);
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        if (argc >= 2 && strcmp(argv[1], "add") == 0)
                return link_add(ctx, argc - 1, argv + 1);
        if (argc >= 2 && strcmp(argv[1], "del") == 0)
                return link_del(ctx, argc - 1, argv + 1);
        if (argc >= 2 && strcmp(argv[1], "shape") == 0)
                return link_shape(ctx, argc - 1, argv + 1);
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
                return args_help(ctx);
        return usage_error(ctx, "expected 'add', 'del' or 'shape'");
}

const struct command cmd_link = {
        .name = "link",
        .usage = "add A[:IF] B[:IF] [--addr-a CIDR]... [--addr-b CIDR]... [--mtu N] | del NAME:IF | shape NAME:IF ...",
        .brief = "add, delete or shape veth links",
        .summary = "  add A[:IF] B[:IF]  a veth pair; A and B are 'host', a set's name, or a bridge in the\n"
                   "                     host (that end becomes a port of it).  Ends in sets default to\n"
                   "                     eth0, eth1, ...; host and bridge ends to SET-IF.  Both ends and\n"
                   "                     lo in each set come up.  Prints the two interface names.\n"
                   "  del NAME:IF        delete a veth by one of its ends (NAME may be 'host')\n"
                   "  shape NAME:IF [--rate 10mbit] [--delay 50ms] [--jitter 5ms] [--loss 1%] | --clear\n"
                   "                     tbf and netem on the interface's egress, as Mininet sets them",
        .run = run,
};
