/* nsctl create NAME [--type LIST]: make a namespace set.  Silent on success,
 * like `ip netns add`; with --json the new set is printed for scripts. */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"

/* Append the comma separated LIST to the array TYPES.  The type names are
 * the daemon's to judge; only an empty item is refused here, as it can only
 * be a typing slip.  Returns 0, -EINVAL or -ENOMEM. */
static int add_types(json_object *types, const char *list) {
        for (const char *p = list;;) {
                size_t n = strcspn(p, ",");
                json_object *s;

                if (n == 0)
                        return -EINVAL;
                s = json_object_new_string_len(p, (int)n);
                if (!s || json_object_array_add(types, s) < 0) {
                        json_object_put(s);
                        return -ENOMEM;
                }
                if (p[n] == '\0')
                        return 0;
                p += n + 1;
        }
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "type", required_argument, NULL, 't' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        json_object *params = NULL, *types = NULL, *set;
        struct vl_reply reply;
        const char *name;
        int c, r;

        args_reset();
        while ((c = getopt_long(argc, argv, ":ht:j", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        json_object_put(types);
                        return args_help(ctx);
                case 'j':
                        ctx->json = true;
                        break;
                case 't':
                        if (!types && !(types = json_object_new_array()))
                                goto oom;
                        r = add_types(types, optarg);
                        if (r == -ENOMEM)
                                goto oom;
                        if (r < 0) {
                                json_object_put(types);
                                return usage_error(ctx, "empty type in --type '%s'", optarg);
                        }
                        break;
                default:
                        json_object_put(types);
                        return args_option_error(ctx, argv, c);
                }
        if (optind >= argc || optind + 1 < argc) {
                json_object_put(types);
                if (optind >= argc)
                        return usage_error(ctx, "missing namespace name");
                return usage_error(ctx, "unexpected argument '%s'", argv[optind + 1]);
        }
        name = argv[optind];
        r = args_check_name(name);
        if (r != 0) {
                json_object_put(types);
                return r;
        }

        params = call_name_params(name);
        if (!params)
                goto oom;
        if (types) {
                /* Without --type the daemon's default applies (net). */
                if (json_object_object_add(params, "types", types) < 0)
                        goto oom;
                types = NULL;
        }
        r = call_nsctld(ctx, "io.nsctl.Namespace.Create", params, name, &reply);
        if (r != 0)
                return r;
        if (ctx->json) {
                r = call_reply_member(&reply, "namespace", json_type_object, &set);
                if (r == 0)
                        output_json(set);
        }
        vl_reply_done(&reply);
        return r;

oom:
        json_object_put(types);
        json_object_put(params);
        log_error("out of memory");
        return NSCTL_EXIT_FAILURE;
}

const struct command cmd_create = {
        .name = "create",
        .usage = "NAME [--type TYPE[,TYPE...]] [--json]",
        .brief = "create a namespace set",
        .summary = "Create a namespace set.  TYPE is net (the default), uts, ipc, mnt, pid, user, cgroup or time.\n"
                   "Prints nothing on success; with --json, prints the new set.",
        .run = run,
};
