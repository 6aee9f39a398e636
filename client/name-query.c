#include "name-query.h"

#include <getopt.h>

#include "args.h"
#include "call.h"
#include "log.h"
#include "output.h"

int name_query_run(struct client_ctx *ctx, int argc, char **argv, const struct name_query *q) {
        struct vl_reply reply;
        json_object *params, *member;
        const char *name;
        int c, r;

        c = args_json_only(ctx, argc, argv);
        if (c >= 0)
                return c;
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
