#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "client.h"
#include "commands.h"

void log_error(const char *fmt, ...) {
        va_list ap;

        fputs("nsctl: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

int usage_error(const struct client_ctx *ctx, const char *fmt, ...) {
        va_list ap;

        fputs("nsctl: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        /* Still one line: the usage goes in parentheses after the error. */
        if (ctx && ctx->command)
                fprintf(stderr, " (usage: nsctl %s %s)\n", ctx->command->name, ctx->command->usage);
        else
                fputs(" (see 'nsctl --help')\n", stderr);
        return NSCTL_EXIT_USAGE;
}
