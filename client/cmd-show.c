/* nsctl show NAME: one namespace set, as key/value lines or as JSON. */
#include <getopt.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params, *set;
        const char *name;
        int c, r;

        args_reset();
        while ((c = getopt_long(argc, argv, ":hj", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return args_help(ctx);
                case 'j':
                        ctx->json = true;
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
        if (!params) {
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        r = call_nsctld(ctx, "io.nsctl.Namespace.Show", params, name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "namespace", json_type_object, &set);
        if (r == 0) {
                if (ctx->json)
                        output_json(set);
                else if (output_namespace_details(set) < 0) {
                        log_error("out of memory");
                        r = NSCTL_EXIT_FAILURE;
                }
        }
        vl_reply_done(&reply);
        return r;
}

const struct command cmd_show = {
        .name = "show",
        .usage = "NAME [--json]",
        .brief = "show one namespace set",
        .summary = "Show one namespace set: its state (and why it is broken), creation time, whether it\n"
                   "persists, its holder's PID (sets with a pid namespace), the options it was created\n"
                   "with (hostname, id maps, clock offsets), and one line per namespace with its type,\n"
                   "inode and path.  With --json, prints the NamespaceSet as nsctld returns it.",
        .run = run,
};
