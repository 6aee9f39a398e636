/* nsctl exec NAME [--] CMD [ARGS...]: run a command in a set's network
 * namespace, as `ip netns exec` does for /run/netns. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "enter.h"
#include "log.h"
#include "spawn.h"

/* The "net" member of the set's namespaces: its path, and its inode (0 if
 * the reply has none). */
static int find_netns(json_object *set, const char **ret_path, uint64_t *ret_inode) {
        json_object *nss, *v;

        if (!json_object_object_get_ex(set, "namespaces", &nss) || !json_object_is_type(nss, json_type_array))
                return -EBADMSG;
        for (size_t i = 0; i < json_object_array_length(nss); i++) {
                json_object *ns = json_object_array_get_idx(nss, i);
                const char *type, *path;

                if (!json_object_is_type(ns, json_type_object))
                        continue;
                type = vl_params_string(ns, "type");
                if (!type || strcmp(type, "net") != 0)
                        continue;
                path = vl_params_string(ns, "path");
                if (!path || path[0] != '/')
                        return -EBADMSG;
                *ret_path = path;
                *ret_inode = 0;
                if (json_object_object_get_ex(ns, "inode", &v) && json_object_is_type(v, json_type_int) &&
                    json_object_get_int64(v) > 0)
                        *ret_inode = (uint64_t)json_object_get_int64(v);
                return 0;
        }
        return -ENOENT;
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct vl_reply reply;
        json_object *params, *set;
        const char *name, *path = NULL;
        uint64_t inode = 0;
        char *cwd;
        int c, r;

        /* '+': options end at NAME, so the command's own options are left
         * alone (`nsctl exec lab1 ip -br addr` works without "--"). */
        args_reset();
        while ((c = getopt_long(argc, argv, "+:h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return args_help(ctx);
                default:
                        return args_option_error(ctx, argv, c);
                }
        if (optind >= argc)
                return usage_error(ctx, "missing namespace name");
        name = argv[optind++];
        r = args_check_name(name);
        if (r != 0)
                return r;
        if (optind < argc && strcmp(argv[optind], "--") == 0)
                optind++;
        if (optind >= argc)
                return usage_error(ctx, "missing command");

        params = call_name_params(name);
        if (!params) {
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        r = call_nsctld(ctx, "io.nsctl.Namespace.Show", params, name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "namespace", json_type_object, &set);
        if (r != 0) {
                vl_reply_done(&reply);
                return r;
        }
        r = find_netns(set, &path, &inode);
        if (r < 0) {
                if (r == -ENOENT)
                        log_error("namespace '%s' has no network namespace", name);
                else
                        log_error("malformed reply from nsctld: no valid \"net\" namespace path");
                vl_reply_done(&reply);
                return NSCTL_EXIT_FAILURE;
        }

        /* Taken before entering: the new mount namespace has another /sys,
         * and the command should start where the user stands. */
        cwd = getcwd(NULL, 0);
        r = enter_netns(name, path, inode);
        vl_reply_done(&reply);
        if (r < 0) {
                free(cwd);
                return r == -EPERM || r == -EACCES ? NSCTL_EXIT_DENIED : NSCTL_EXIT_FAILURE;
        }
        /* A directory that does not exist in the new view: start at /,
         * as `ip netns exec` would. */
        if ((!cwd || chdir(cwd) < 0) && chdir("/") < 0)
                log_error("warning: cannot change directory to /: %s", strerror(errno));
        free(cwd);

        return spawn_wait(argv + optind);
}

const struct command cmd_exec = {
        .name = "exec",
        .usage = "NAME [--] CMD [ARGS...]",
        .brief = "run a command in a set's network namespace",
        .summary = "Run CMD in NAME's network namespace, as `ip netns exec` does: with the namespace's\n"
                   "/sys and the files of /etc/netns/NAME bound over /etc.  Root only.  Exits with\n"
                   "CMD's status, 126 if it cannot be run, 127 if not found, 128+N if killed by signal N.",
        .run = run,
};
