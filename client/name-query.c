#include "name-query.h"

#include <getopt.h>

#include "args.h"
#include "call.h"
#include "log.h"
#include "output.h"

int name_query_run(struct client_ctx *ctx, int argc, char **argv, const struct name_query *q) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params, *member;
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
        r = call_nsctld(ctx, q->method, params, name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, q->member, q->type, &member);
        if (r == 0) {
                if (ctx->json)
                        output_json(member);
                else if (q->print(member) < 0) {
                        log_error("out of memory");
                        r = NSCTL_EXIT_FAILURE;
                }
        }
        vl_reply_done(&reply);
        return r;
}
