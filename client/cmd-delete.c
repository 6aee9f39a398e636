/* nsctl delete NAME [--force]: remove a namespace set and the mounts that
 * keep it.  Without --force the daemon refuses while processes other than
 * the holder are inside (exit status 7), so a session is not killed by
 * accident. */
#include <getopt.h>
#include <stdbool.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "force", no_argument, NULL, 'f' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params;
        const char *name;
        bool force = false;
        int c, r;

        args_reset();
        while ((c = getopt_long(argc, argv, ":hf", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return args_help(ctx);
                case 'f':
                        force = true;
                        break;
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
        /* Only sent when asked for: a daemon without it then still works. */
        if (params && force && call_params_add(params, "force", json_object_new_boolean(1)) < 0) {
                json_object_put(params);
                params = NULL;
        }
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
        .usage = "NAME [--force]",
        .brief = "delete a namespace set",
        .summary = "Delete a namespace set and everything that keeps it alive.\n"
                   "\n"
                   "  -f, --force  also end the processes inside (SIGTERM, then SIGKILL)\n"
                   "\n"
                   "Without --force, a set with processes inside other than its holder is kept and\n"
                   "nsctl exits with status 7, naming them (see 'nsctl ps NAME').",
        .run = run,
};
