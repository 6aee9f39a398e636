/* The options exec and shell share (see session.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "parse.h"
#include "session.h"

enum {
        OPT_CWD = 0x100,
        OPT_ENV,
};

static int add_env(struct session *s, char *assignment) {
        char **env = reallocarray(s->env, s->n_env + 1, sizeof(char *));

        if (!env) {
                free(assignment);
                return -ENOMEM;
        }
        s->env = env;
        s->env[s->n_env++] = assignment;
        return 0;
}

int session_setenv(struct session *s, const char *key, const char *value) {
        char *a;

        if (asprintf(&a, "%s=%s", key, value) < 0)
                return -ENOMEM;
        return add_env(s, a);
}

static int resolve_user(struct session *s) {
        int r = creds_resolve(s->user, &s->creds);

        if (r == -ESRCH) {
                log_error("unknown user '%s'", s->user);
                return NSCTL_EXIT_USAGE;
        }
        if (r < 0) {
                log_error("cannot look up user '%s': %s", s->user, strerror(-r));
                return NSCTL_EXIT_FAILURE;
        }
        return 0;
}

static int handle_option(struct client_ctx *ctx, struct session *s, char **argv, int c) {
        const char *bad = NULL;
        unsigned types;
        int bad_len = 0;
        char *a;

        switch (c) {
        case 't':
                if (parse_type_list(optarg, &types, &bad, &bad_len) < 0)
                        return usage_error(ctx, "unknown namespace type '%.*s' in --type '%s'", bad_len, bad, optarg);
                s->types |= types;
                return 0;
        case 'u':
                if (!*optarg)
                        return usage_error(ctx, "the user name is empty");
                s->user = optarg;
                return 0;
        case OPT_CWD:
                if (!*optarg)
                        return usage_error(ctx, "the directory is empty");
                s->cwd = optarg;
                return 0;
        case OPT_ENV:
                if (!parse_env_assignment(optarg))
                        return usage_error(ctx, "invalid --env '%s': expected NAME=VALUE, NAME made of letters, "
                                                "digits and '_', not starting with a digit", optarg);
                a = strdup(optarg);
                if (!a || add_env(s, a) < 0) {
                        log_error("out of memory");
                        return NSCTL_EXIT_FAILURE;
                }
                return 0;
        default:
                return args_option_error(ctx, argv, c);
        }
}

/* The work of session_parse(): returns 0 to go on, else the exit status,
 * or -1 after printing the help. */
static int parse(struct client_ctx *ctx, int argc, char **argv, struct session *s) {
        static const struct option options[] = {
                { "type", required_argument, NULL, 't' },
                { "user", required_argument, NULL, 'u' },
                { "cwd", required_argument, NULL, OPT_CWD },
                { "env", required_argument, NULL, OPT_ENV },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c, r;

        *s = (struct session){ 0 };
        /* '+': options end at the first word that is not one, so they may
         * come before NAME and after it, and the command's own options are
         * left alone: `nsctl exec lab1 ip -br addr` works without "--". */
        args_reset();
        for (int round = 0; round < 2; round++) {
                while ((c = getopt_long(argc, argv, "+:ht:u:", options, NULL)) >= 0) {
                        if (c == 'h') {
                                args_help(ctx);
                                return -1;
                        }
                        r = handle_option(ctx, s, argv, c);
                        if (r != 0)
                                return r;
                }
                if (round > 0)
                        break;
                /* getopt_long stopped at NAME (or took a "--" before it). */
                if (optind >= argc)
                        return usage_error(ctx, "missing namespace name");
                s->name = argv[optind++];
                r = args_check_name(s->name);
                if (r != 0)
                        return r;
        }
        s->command = argv + optind;
        /* Before entering: the set's /etc/passwd may differ, or be absent. */
        if (s->user)
                return resolve_user(s);
        return 0;
}

bool session_parse(struct client_ctx *ctx, int argc, char **argv, struct session *s, int *ret_status) {
        int r = parse(ctx, argc, argv, s);

        *ret_status = r < 0 ? NSCTL_EXIT_OK : r;
        return r == 0;
}

void session_done(struct session *s) {
        for (size_t i = 0; i < s->n_env; i++)
                free(s->env[i]);
        free(s->env);
        creds_done(&s->creds);
        *s = (struct session){ 0 };
}
