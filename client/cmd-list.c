/* nsctl list: every namespace set, as a table or as JSON. */
#include <getopt.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        struct vl_reply reply;
        json_object *sets;
        int c, r;

        c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
        if (optind < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind]);

        r = call_nsctld(ctx, "io.nsctl.Namespace.List", NULL, NULL, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "namespaces", json_type_array, &sets);
        if (r == 0) {
                if (ctx->json)
                        output_json(sets);
                else if (output_namespace_table(sets) < 0) {
                        log_error("out of memory");
                        r = NSCTL_EXIT_FAILURE;
                }
        }
        vl_reply_done(&reply);
        return r;
}

const struct command cmd_list = {
        .name = "list",
        .usage = "[--json]",
        .brief = "list the namespace sets",
        .summary = "List the namespace sets nsctld keeps: NAME, TYPES (all of a set's namespace types,\n"
                   "comma-separated), STATE (ok, or broken when a namespace or the holder is gone; see\n"
                   "'nsctl show NAME' for why) and CREATED.  With --json, prints the array of sets.",
        .run = run,
};
