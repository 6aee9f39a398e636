/* nsctl ps NAME: the processes inside a namespace set, as nsctld finds
 * them (pids as seen from the host), with the set's holder marked. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "output.h"
#include "table.h"

/* The user name of UID, else the number; into BUF. */
static const char *user_name(int64_t uid, char *buf, size_t len) {
        struct passwd *pw = uid >= 0 && uid < UINT32_MAX ? getpwuid((uid_t)uid) : NULL;

        if (pw)
                return pw->pw_name;
        snprintf(buf, len, "%" PRId64, uid);
        return buf;
}

static int64_t get_int(json_object *obj, const char *key) {
        json_object *v;

        if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_int))
                return -1;
        return json_object_get_int64(v);
}

static int print_table(json_object *procs) {
        static const char *const headers[] = { "PID", "USER", "HOLDER", "COMMAND" };
        struct table t;
        int r = 0;

        table_init(&t, 4, headers);
        for (size_t i = 0; i < json_object_array_length(procs) && r == 0; i++) {
                json_object *p = json_object_array_get_idx(procs, i), *v;
                char pid[24], uid[24];
                const char *command = NULL;
                bool holder = false;

                if (!json_object_is_type(p, json_type_object))
                        continue;
                snprintf(pid, sizeof(pid), "%" PRId64, get_int(p, "pid"));
                if (json_object_object_get_ex(p, "command", &v) && json_object_is_type(v, json_type_string))
                        command = json_object_get_string(v);
                if (json_object_object_get_ex(p, "holder", &v) && json_object_is_type(v, json_type_boolean))
                        holder = json_object_get_boolean(v);
                r = table_add_row(&t, (const char *const[]){ pid, user_name(get_int(p, "uid"), uid, sizeof(uid)),
                                                             holder ? "yes" : "no", command });
        }
        if (r == 0)
                table_print(&t);
        table_done(&t);
        return r;
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params, *procs;
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
        r = call_nsctld(ctx, "io.nsctl.Namespace.Processes", params, name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "processes", json_type_array, &procs);
        if (r == 0) {
                if (ctx->json)
                        output_json(procs);
                else if (print_table(procs) < 0) {
                        log_error("out of memory");
                        r = NSCTL_EXIT_FAILURE;
                }
        }
        vl_reply_done(&reply);
        return r;
}

const struct command cmd_ps = {
        .name = "ps",
        .usage = "NAME [--json]",
        .brief = "list the processes inside a namespace set",
        .summary = "List the processes inside NAME's namespaces: PID (as seen from the host), USER (the\n"
                   "name of the uid on the host, else the number), HOLDER (yes for the set's\n"
                   "init process) and COMMAND.  With --json, prints the array of processes.",
        .run = run,
};
