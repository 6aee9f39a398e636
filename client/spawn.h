/* Running the command of exec or shell in a child once this process has
 * joined a set's namespaces, and waiting for it like su and sudo do:
 * ^C and ^\ are the command's, SIGTERM and SIGHUP are passed on, and when
 * the command stops (^Z) nsctl stops too, so the caller's shell sees the
 * job stop and can continue it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct creds;

struct spawn {
        const char *name;         /* the set, for messages */
        const char *file;         /* what to run, searched in PATH (inside) */
        char *const *argv;        /* what it sees as its arguments */
        const char *fallback;     /* run this instead if FILE does not exist, or NULL */
        char *const *fallback_argv;
        const struct creds *creds; /* -u USER, or NULL */
        bool in_userns;           /* become root of the user namespace when no CREDS */
        const char *cwd;          /* where to start (absolute), or NULL for "/" */
        bool cwd_required;        /* failing to get there is an error, not "/" */
        char *const *env;         /* "NAME=VALUE" to set, N_ENV of them */
        size_t n_env;
};

/* Fork, set the child up (credentials, PR_SET_PDEATHSIG, directory, fds,
 * environment) and exec; wait for it.  Returns what a shell would report:
 * the exit status, 128+N if the child was killed by signal N, 127 if the
 * command was not found, 126 if it could not be run; 1 if no child could
 * be started or it could not be set up (reported on stderr). */
int spawn_wait(const struct spawn *s);
