/* nsctl shell NAME [OPTIONS]: an interactive login shell inside a
 * namespace set, as the user (or -u USER) would get at a console. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "session.h"

#define FALLBACK_SHELL "/bin/sh"

/* The login shell: the passwd entry's (-u USER's, else ours), else $SHELL,
 * else /bin/sh.  Returns a copy, or NULL on ENOMEM. */
static char *pick_shell(const struct session *s) {
        struct creds self = { 0 };
        const char *shell = s->user ? s->creds.shell : NULL;
        char *p;

        if (!s->user && creds_self(&self) == 0)
                shell = self.shell;
        if (!shell || !*shell)
                shell = getenv("SHELL");
        if (!shell || !*shell)
                shell = FALLBACK_SHELL;
        p = strdup(shell);
        creds_done(&self);
        return p;
}

/* "-bash" for "/bin/bash": what tells a shell it is a login shell. */
static char *login_name(const char *shell) {
        const char *base = strrchr(shell, '/');
        char *p;

        if (asprintf(&p, "-%s", base ? base + 1 : shell) < 0)
                return NULL;
        return p;
}

/* What a login as -u USER sets; without -u the caller's own stay. */
static int set_user_env(struct session *s) {
        int r = 0;

        if (!s->user || !s->creds.name)
                return 0;
        if ((r = session_setenv(s, "USER", s->creds.name)) < 0 ||
            (r = session_setenv(s, "LOGNAME", s->creds.name)) < 0)
                return r;
        if (s->creds.home && (r = session_setenv(s, "HOME", s->creds.home)) < 0)
                return r;
        if (s->creds.shell && (r = session_setenv(s, "SHELL", s->creds.shell)) < 0)
                return r;
        return 0;
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        char *shell = NULL, *argv0 = NULL, *fallback0 = NULL;
        char *shell_argv[2] = { NULL, NULL }, *fallback_argv[2] = { NULL, NULL };
        struct session s;
        int r;

        if (!session_parse(ctx, argc, argv, &s, &r))
                goto finish;
        if (s.command[0]) {
                r = usage_error(ctx, "unexpected argument '%s'", s.command[0]);
                goto finish;
        }

        shell = pick_shell(&s);
        argv0 = shell ? login_name(shell) : NULL;
        fallback0 = login_name(FALLBACK_SHELL);
        /* The shell and its prompt can tell where they are. */
        if (!argv0 || !fallback0 || session_setenv(&s, "NSCTL_NAMESPACE", s.name) < 0 || set_user_env(&s) < 0) {
                log_error("out of memory");
                r = NSCTL_EXIT_FAILURE;
                goto finish;
        }
        shell_argv[0] = argv0;
        s.file = shell;
        s.argv = shell_argv;
        /* A set's mount namespace may lack the user's shell. */
        if (strcmp(shell, FALLBACK_SHELL) != 0) {
                fallback_argv[0] = fallback0;
                s.fallback = FALLBACK_SHELL;
                s.fallback_argv = fallback_argv;
        }
        r = session_run(ctx, &s);
finish:
        free(shell);
        free(argv0);
        free(fallback0);
        session_done(&s);
        return r;
}

const struct command cmd_shell = {
        .name = "shell",
        .usage = "NAME [OPTION...]",
        .brief = "start a login shell inside a namespace set",
        .summary =
                "Start an interactive login shell inside the namespaces of NAME, entered as `nsctl exec`\n"
                "enters them.  Options may come before or after NAME.\n"
                "\n"
                "  -t, --type LIST        join only these of the set's namespaces (comma-separated)\n"
                "  -u, --user USER        log in as USER (a name or uid, looked up on the host); without\n"
                "                         it, as root (inside the set's user namespace)\n"
                "      --cwd DIR          start in DIR (default: the current directory, found again\n"
                "                         inside the set; / if it is not there)\n"
                "      --env NAME=VALUE   set a variable in the shell's environment (repeatable)\n"
                "\n"
                "The shell is USER's (or yours) from the password database, else $SHELL, else /bin/sh,\n"
                "which is also used when the set's mount namespace lacks it.  It runs as a login shell\n"
                "(argv[0] \"-bash\") with NSCTL_NAMESPACE=NAME in its environment; with -u, also USER,\n"
                "LOGNAME, HOME and SHELL of USER.  Exits with the shell's status.",
        .run = run,
};
