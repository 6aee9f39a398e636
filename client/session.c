/* Entering a set and running a command there (see session.h). */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "client.h"
#include "enter.h"
#include "log.h"
#include "nsset.h"
#include "spawn.h"

/* The directory the command starts in, as an absolute path resolved
 * before entering: the caller's, or --cwd relative to it.  It is looked up
 * again by path inside, so a set with its own mount namespace gives the
 * directory of that name in it.  *RET is NULL (start at "/") when the
 * caller's directory is gone.  Returns 0, -ENOMEM, or -ENOENT after
 * reporting that a relative --cwd cannot be resolved. */
static int start_dir(const struct session *s, char **ret) {
        char *here = getcwd(NULL, 0);
        int r;

        *ret = NULL;
        if (!s->cwd) {
                *ret = here;
                return 0;
        }
        if (s->cwd[0] == '/') {
                free(here);
                *ret = strdup(s->cwd);
                return *ret ? 0 : -ENOMEM;
        }
        if (!here) {
                log_error("cannot resolve --cwd %s: the current directory is gone", s->cwd);
                return -ENOENT;
        }
        r = asprintf(ret, "%s/%s", strcmp(here, "/") == 0 ? "" : here, s->cwd);
        free(here);
        if (r < 0) {
                *ret = NULL;
                return -ENOMEM;
        }
        return 0;
}

/* The types to join: --type's, which the set must have, or all of the
 * set's.  Returns 0 or the exit status after reporting. */
static int pick_types(const struct session *s, const struct nsset *set, unsigned *ret) {
        if (s->types == 0) {
                *ret = set->types;
                return 0;
        }
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if ((s->types & NS_TYPE_BIT(t)) && !(set->types & NS_TYPE_BIT(t))) {
                        log_error("namespace set '%s' has no '%s' namespace", s->name, ns_type_name(t));
                        return NSCTL_EXIT_USAGE;
                }
        *ret = s->types;
        return 0;
}

/* Ask nsctld for the set and enter the namespaces to join.  Returns 0
 * with *RET_IN_USERNS saying whether the user namespace was joined, or the
 * exit status. */
static int enter_set(const struct client_ctx *ctx, const struct session *s, bool *ret_in_userns) {
        struct enter_fds fds;
        struct vl_reply reply;
        struct nsset set;
        const char *reason = NULL;
        json_object *params, *obj;
        unsigned types;
        int r;

        params = call_name_params(s->name);
        if (!params) {
                log_error("out of memory");
                return NSCTL_EXIT_FAILURE;
        }
        r = call_nsctld(ctx, "io.nsctl.Namespace.Show", params, s->name, &reply);
        if (r != 0)
                return r;
        r = call_reply_member(&reply, "namespace", json_type_object, &obj);
        if (r != 0)
                goto finish;
        if (nsset_from_json(obj, &set, &reason) < 0) {
                log_error("malformed reply from nsctld: %s", reason);
                r = NSCTL_EXIT_FAILURE;
                goto finish;
        }
        if (set.broken_reason) {
                log_error("namespace set '%s' is broken: %s", s->name, set.broken_reason);
                r = NSCTL_EXIT_FAILURE;
                goto finish;
        }
        r = pick_types(s, &set, &types);
        if (r != 0)
                goto finish;

        r = enter_open(&set, types, &fds);
        if (r == 0) {
                /* `ip netns exec`'s view (/sys, /etc/netns) only where the
                 * set does not bring a mount namespace, with its own /proc
                 * and /sys, of its own. */
                bool view = (types & NS_TYPE_BIT(NS_TYPE_NET)) && !(types & NS_TYPE_BIT(NS_TYPE_MNT));
                r = enter_join(&set, &fds, view);
                enter_close(&fds);
        }
        if (r < 0)
                r = r == -EPERM || r == -EACCES ? NSCTL_EXIT_DENIED : NSCTL_EXIT_FAILURE;
        *ret_in_userns = types & NS_TYPE_BIT(NS_TYPE_USER);
finish:
        vl_reply_done(&reply);
        return r;
}

int session_run(const struct client_ctx *ctx, struct session *s) {
        struct spawn sp = {
                .name = s->name,
                .file = s->file,
                .argv = s->argv,
                .fallback = s->fallback,
                .fallback_argv = s->fallback_argv,
                .creds = s->user ? &s->creds : NULL,
                .cwd_required = s->cwd != NULL,
                .env = s->env,
                .n_env = s->n_env,
        };
        char *dir;
        int r;

        r = start_dir(s, &dir);
        if (r == -ENOMEM)
                log_error("out of memory");
        if (r < 0)
                return NSCTL_EXIT_FAILURE;
        /* Only root may join a set's namespaces; for anyone else nsctld
         * starts the command, as them. */
        if (geteuid() != 0) {
                r = session_run_remote(ctx, s, dir);
                free(dir);
                return r;
        }
        r = enter_set(ctx, s, &sp.in_userns);
        if (r == 0) {
                sp.cwd = dir;
                r = spawn_wait(&sp);
                free(dir);
                /* This process now sits in the set's namespaces (its
                 * children would start in its PID namespace) and has
                 * nothing left to do but exit with the command's status.
                 * Exit at once: an exit-time leak checker that clones a
                 * tracer (LeakSanitizer) would start it inside the set and
                 * hang there. */
                fflush(NULL);
                _exit(r);
        }
        free(dir);
        return r;
}
