/* Running a command inside a namespace set: what exec and shell share.
 * session_parse() reads their common options; session_run() asks nsctld
 * for the set, checks it, enters it (enter.h) and runs the command
 * (spawn.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "creds.h"

struct client_ctx;

struct session {
        const char *name;      /* the set */
        unsigned types;        /* --type: NS_TYPE_BIT()s to join; 0 for all of the set's */
        const char *user;      /* -u USER as given, or NULL */
        struct creds creds;    /* USER resolved (by session_parse) */
        const char *cwd;       /* --cwd as given, or NULL for the caller's directory */
        char **env;            /* "NAME=VALUE", owned, N_ENV of them */
        size_t n_env;
        char **command;        /* what follows NAME (and "--"), into the caller's argv */
        /* What to run, filled in by the command before session_run(). */
        const char *file;
        char *const *argv;
        const char *fallback;
        char *const *fallback_argv;
};

/* Parse "[OPTIONS] NAME [--] [COMMAND...]" for exec and shell: --type,
 * -u/--user, --cwd, --env, --help.  Options end at NAME, so the command's
 * own options are left alone.  USER is resolved here, on the host.
 * Returns true to go on, or false with *RET_STATUS the exit status to end
 * with (after printing the help or reporting the error); *S needs
 * session_done() either way. */
bool session_parse(struct client_ctx *ctx, int argc, char **argv, struct session *s, int *ret_status);

/* Add "KEY=VALUE" to the environment the command gets.  Returns 0 or
 * -ENOMEM. */
int session_setenv(struct session *s, const char *key, const char *value);

/* Enter the set and run the command; returns the exit status. */
int session_run(const struct client_ctx *ctx, struct session *s);

/* For a user other than root: have nsctld run the command
 * (io.nsctl.Session) in DIR (absolute, or NULL for "/"); returns the exit
 * status.  remote-session.c. */
int session_run_remote(const struct client_ctx *ctx, struct session *s, const char *dir);

void session_done(struct session *s);
