/* nsctl delete NAME: remove a namespace set and the mounts that keep it. */
#include <getopt.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params;
        const char *name;
        int c, r;

        args_reset();
        while ((c = getopt_long(argc, argv, ":h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return args_help(ctx);
                default:
                        return args_option_error(ctx, argv, c);
                }
        if (optind >= argc)
                return usage_error(ctx, "missing namespace name");
        if (optind + 1 < argc)
                return usage_error(ctx, "unexpected argument '%s'", argv[optind + 1]);
        name = argv[optind];
        r = args_check_name(name);
        if (r != 0)
                return r;

        params = call_name_params(name);
        if (!params) {
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        r = call_nsctld(ctx, "io.nsctl.Namespace.Delete", params, name, &reply);
        if (r != 0)
                return r;
        /* Like `ip netns del`: silence is success. */
        vl_reply_done(&reply);
        return NSCTL_EXIT_OK;
}

const struct command cmd_delete = {
        .name = "delete",
        .alias = "del",
        .usage = "NAME",
        .brief = "delete a namespace set",
        .summary = "Delete a namespace set and everything that keeps it alive.",
        .run = run,
};
