#include "args.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "commands.h"
#include "log.h"
#include "names.h"

void args_reset(void) {
        /* 0, not 1: glibc then also forgets a half-read "-abc" group and
         * re-reads the optstring's leading '+'. */
        optind = 0;
        opterr = 0;
}

int args_option_error(const struct client_ctx *ctx, char **argv, int c) {
        const char *arg = optind > 0 ? argv[optind - 1] : NULL;

        /* Long options are named as written (without "=value"); for short
         * ones getopt tells which letter, as the word may be a group. */
        if (arg && strncmp(arg, "--", 2) == 0) {
                int n = (int)strcspn(arg, "=");
                if (c == ':')
                        return usage_error(ctx, "option '%.*s' needs an argument", n, arg);
                /* getopt names a known option given a value it does not take. */
                if (optopt != 0 && arg[n] == '=')
                        return usage_error(ctx, "option '%.*s' takes no argument", n, arg);
                return usage_error(ctx, "unknown option '%.*s'", n, arg);
        }
        if (c == ':')
                return usage_error(ctx, "option '-%c' needs an argument", optopt);
        return usage_error(ctx, "unknown option '-%c'", optopt);
}

int args_help(const struct client_ctx *ctx) {
        printf("usage: nsctl %s %s\n\n%s\n", ctx->command->name, ctx->command->usage, ctx->command->summary);
        return NSCTL_EXIT_OK;
}

int args_check_name(const char *name) {
        const char *reason = NULL;

        if (nsctl_name_check(name, strlen(name), &reason) < 0) {
                log_error("invalid name '%s': %s", name, reason);
                return NSCTL_EXIT_USAGE;
        }
        return 0;
}

int args_json_only(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

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
        return -1;
}
