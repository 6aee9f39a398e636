/* nsctl ps NAME: the processes inside a namespace set, as nsctld finds
 * them (pids as seen from the host), with the set's holder marked. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "creds.h"
#include "log.h"
#include "name-query.h"
#include "output.h"
#include "table.h"

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
                r = table_add_row(&t, (const char *const[]){ pid, creds_user_name(get_int(p, "uid"), uid, sizeof(uid)),
                                                             holder ? "yes" : "no", command });
        }
        if (r == 0)
                table_print(&t);
        table_done(&t);
        return r;
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct name_query q = { "io.nsctl.Namespace.Processes", "processes", json_type_array, print_table };
        return name_query_run(ctx, argc, argv, &q);
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
