/* Messages for the user.  Every failure is one line on stderr, prefixed
 * "nsctl: ", so scripts can show it as it is. */
#pragma once

struct client_ctx;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a usage error, naming the command's usage; returns
 * NSCTL_EXIT_USAGE so callers can `return usage_error(...)`. */
int usage_error(const struct client_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
